"""Satisfaction survey indicators (Chỉ số hài lòng, SIPAS-style), spec §9.

Each answer is on the 5-point scale of :data:`MUC_DO` (codes 1–5). For each criterion
(tiêu chí) the satisfaction rate is (Hài lòng + Rất hài lòng) / valid answers × 100; a
factor (yếu tố) is the unweighted mean of its criteria, and the overall index the mean of
the factors (weights configurable). Blank answers, "Không trả lời" and "Không ý kiến" are
not valid answers: they are counted (``so_bo_trong``) but left out of the denominator.

Data come in *long* form, one row per answer (columns ``tieu_chi``, ``tra_loi``, and
optionally ``phieu`` for the respondent and ``co_quan`` for the agency), or in *wide*
form, one row per respondent and one column per criterion, which :func:`tu_dang_rong`
turns into long form. Everything is vectorised: a million answers take well under a
second. Results are numbers (per cent, 0–100); templates format them with ``so`` and
``phan_tram``.

>>> import pandas as pd
>>> phieu = pd.DataFrame({"phieu": [1, 2, 3],
...                       "1.1": ["Hài lòng", "Bình thường", "rất hài lòng"],
...                       "2.1": [5, 4, "Không ý kiến"]})
>>> kq = hai_long(tu_dang_rong(phieu, ["1.1", "2.1"]))
>>> kq.theo_tieu_chi[["tieu_chi", "so_hop_le", "so_bo_trong", "ty_le_hai_long"]].values.tolist()
[['1.1', 3, 0, 66.66666666666667], ['2.1', 2, 1, 100.0]]
>>> kq.theo_yeu_to[["yeu_to", "ty_le_hai_long"]].values.tolist()
[['Tiếp cận dịch vụ hành chính công', 66.66666666666667], ['Thủ tục hành chính', 100.0]]
>>> round(kq.tong_the, 2), kq.so_phieu, kq.so_tra_loi_hop_le
(83.33, 3, 5)
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from baocao.errors import DataError
from baocao.formatting import _la_so_nguyen, so
from baocao.numbers import is_missing, round_half_up
from baocao.renamed import renamed

__all__ = [
    "MUC_DO", "COT_MUC_DO", "KHONG_TRA_LOI", "YEU_TO_HA_NAM_1048", "NHOM_MAC_DINH",
    "KetQuaHaiLong", "NhomTyLe", "PhanNhom",
    "hai_long", "tu_dang_rong", "ma_tra_loi", "phan_nhom",
]

#: The answer levels, from code 1 to code 5.
MUC_DO: tuple[str, ...] = ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng")

#: The count columns of the result tables, one per level of :data:`MUC_DO`, in the same order.
COT_MUC_DO: tuple[str, ...] = ("rat_khong_hai_long", "khong_hai_long", "binh_thuong", "hai_long", "rat_hai_long")

#: Texts that mean "no answer" (besides blank and NaN): counted as blank, not as valid answers.
KHONG_TRA_LOI: tuple[str, ...] = ("Không trả lời", "Không ý kiến")

#: Default bands of :func:`phan_nhom`: [lo, hi), the last one [90, 100].
NHOM_MAC_DINH: tuple[tuple[float, float], ...] = ((0, 50), (50, 70), (70, 80), (80, 90), (90, 100))

_YEU_TO_2640 = (
    ("Tiếp cận dịch vụ hành chính công", (
        "Nơi ngồi chờ tại cơ quan giải quyết thủ tục hành chính và Bộ phận tiếp nhận và trả kết quả có đủ chỗ "
        "ngồi (theo bố trí của Trung tâm hành chính công tỉnh)",
        "Trang thiết bị phục vụ người dân, tổ chức tại cơ quan giải quyết thủ tục hành chính/Bộ phận tiếp nhận "
        "và trả kết quả đầy đủ",
        "Trang thiết bị phục vụ người dân, tổ chức tại cơ quan giải quyết thủ tục hành chính/Bộ phận tiếp nhận "
        "và trả kết quả hiện đại",
        "Trang thiết bị phục vụ người dân, tổ chức tại cơ quan giải quyết thủ tục hành chính/Bộ phận tiếp nhận "
        "và trả kết quả dễ sử dụng",
    )),
    ("Thủ tục hành chính", (
        "Thủ tục hành chính được niêm yết công khai đầy đủ",
        "Thủ tục hành chính được niêm yết công khai chính xác",
        "Thành phần hồ sơ mà người dân, tổ chức phải nộp là đúng quy định",
        "Phí/lệ phí mà người dân, tổ chức phải nộp là đúng quy định",
        "Thời hạn giải quyết (tính từ ngày hồ sơ được tiếp nhận đến ngày nhận kết quả) là đúng quy định",
    )),
    ("Công chức trực tiếp giải quyết công việc", (
        "Công chức có thái độ giao tiếp lịch sự",
        "Công chức chú ý lắng nghe ý kiến của người dân/đại diện tổ chức",
        "Công chức trả lời, giải đáp đầy đủ các ý kiến của người dân/đại diện tổ chức",
        "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo",
        "Công chức hướng dẫn hồ sơ dễ hiểu",
        "Công chức tuân thủ đúng quy định trong giải quyết công việc",
    )),
    ("Kết quả cung ứng dịch vụ hành chính công", (
        "Kết quả đúng quy định",
        "Kết quả có thông tin đầy đủ",
        "Kết quả có thông tin chính xác",
    )),
    ("Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị", (
        "Sở Xây dựng giải quyết thủ tục hành chính; Bộ phận tiếp nhận và trả kết quả tiếp nhận góp ý, phản ánh, "
        "kiến nghị hoặc tiếp nhận góp ý, phản ánh tại cơ quan thông qua hòm thư góp ý đặt tại tầng 1",
        "Người dân, tổ chức thực hiện góp ý, phản ánh, kiến nghị dễ dàng",
        "Giải quyết thủ tục hành chính, xử lý các góp ý, phản ánh, kiến nghị tích cực, kịp thời đáp ứng được "
        "yêu cầu của người dân",
    )),
)

#: One department's scheme, named for what it is: the 21 criteria, in 5 factors, of kế hoạch
#: 1048/KH-SXD of Sở Xây dựng Hà Nam (section II.1, seed 002) — a local adaptation of the
#: 2017–2020 scheme of Quyết định 2640/QĐ-BNV, not the Bộ Nội vụ questionnaire itself: that has a
#: 4th criterion in factor 5 (the agency reports the outcome of the feedback on time), which this
#: list folds into 5.3, and 5.1 is worded for Sở Xây dựng. One row per criterion, columns
#: ``tieu_chi`` (code ``"1.1"`` … ``"5.3"``), ``yeu_to`` (the factor) and ``noi_dung`` (the
#: criterion's text). It is :func:`hai_long`'s default; pass your own table (same columns) or a
#: dict ``{tieu_chi: yeu_to}`` for your scheme, or ``yeu_to=None`` not to group by factor.
#: (``YEU_TO_2640`` is its former name.)
YEU_TO_HA_NAM_1048: pd.DataFrame = pd.DataFrame(
    [(f"{i}.{j}", yeu_to, noi_dung)
     for i, (yeu_to, cac_tieu_chi) in enumerate(_YEU_TO_2640, 1)
     for j, noi_dung in enumerate(cac_tieu_chi, 1)],
    columns=["tieu_chi", "yeu_to", "noi_dung"],
)

_KHOANG_TRANG = re.compile(r"\s+")


def _khoa(value: object) -> str:
    """The key two spellings of one text share: NFC, lower case, one space between words."""
    return _KHOANG_TRANG.sub(" ", unicodedata.normalize("NFC", str(value))).strip().casefold()


def _khong_dau(key: str) -> str:
    """``key`` without Vietnamese diacritics: "rất hài lòng" → "rat hai long"."""
    text = unicodedata.normalize("NFD", key).replace("đ", "d")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _ten(value: object) -> str:
    """How a criterion or factor given as ``value`` is written in the result tables."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _KHOANG_TRANG.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def _liet_ke(values: Iterable[object], toi_da: int = 10) -> str:
    values = list(values)
    text = ", ".join(repr(v) for v in values[:toi_da])
    return text + (f" … ({len(values)} giá trị)" if len(values) > toi_da else "")


_HINT_TRA_LOI = ("câu trả lời được nhận: " + ", ".join(f"'{m}' ({i})" for i, m in enumerate(MUC_DO, 1))
                 + " — chữ hoặc mã 1–5; ô trống, 'Không trả lời', 'Không ý kiến' là không trả lời")


def _bang_tra_loi(khong_tra_loi: Iterable[str]) -> dict[str, int]:
    bang: dict[str, int] = {"": 0}
    for ma, muc in enumerate(MUC_DO, 1):
        bang[_khoa(muc)] = bang[_khong_dau(_khoa(muc))] = ma
    for text in khong_tra_loi:
        key = _khoa(text)
        if bang.get(key, 0) or bang.get(_khong_dau(key), 0):
            raise DataError(f"{text!r} là một mức hài lòng, không thể coi là không trả lời",
                            where="khong_tra_loi", hint="bỏ giá trị này khỏi khong_tra_loi")
        bang[key] = bang[_khong_dau(key)] = 0
    return bang


def _so_muc(number: float) -> int:
    return int(number) if math.isfinite(number) and number.is_integer() and 1 <= number <= 5 else -1


def ma_tra_loi(value: object, khong_tra_loi: Iterable[str] = KHONG_TRA_LOI) -> int:
    """The code of one answer: 1–5 for a level, 0 for no answer, -1 if it is no answer at all.

    Labels are matched whatever their case, spacing, Unicode form (NFC/NFD) or missing
    diacritics; codes may be integers, whole floats or text (``4``, ``4.0``, ``"4"``).

    >>> ma_tra_loi("  RẤT hài  lòng"), ma_tra_loi("khong hai long"), ma_tra_loi(4.0), ma_tra_loi("3")
    (5, 2, 4, 3)
    >>> ma_tra_loi(None), ma_tra_loi(""), ma_tra_loi("Không ý kiến"), ma_tra_loi(6), ma_tra_loi("tốt")
    (0, 0, 0, -1, -1)
    """
    return _ma(value, _bang_tra_loi(khong_tra_loi))


def _ma(value: object, bang: dict[str, int]) -> int:
    if is_missing(value):
        return 0
    if isinstance(value, (bool, np.bool_)):
        return -1
    if isinstance(value, numbers.Integral):
        code = int(value)
        return code if 1 <= code <= 5 else -1
    if isinstance(value, (numbers.Real, Decimal)):
        return _so_muc(float(value))
    if isinstance(value, str):
        key = _khoa(value)
        found = bang.get(key, bang.get(_khong_dau(key)))
        if found is not None:
            return found
        try:
            return _so_muc(float(key.replace(",", ".")))
        except ValueError:
            return -1
    return -1


def _kiem_cot(df: object, cot: Iterable[Hashable], ham: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"{ham} cần một pandas DataFrame, nhận {type(df).__name__}",
                        hint="đọc dữ liệu bằng pandas.read_csv/read_excel trước")
    for name in cot:
        if name not in df.columns:
            raise DataError(
                f"dữ liệu không có cột {name!r}", where=f"cột '{name}'",
                hint=f"các cột hiện có: {_liet_ke(map(str, df.columns), 30)}; đặt tên cột bằng tham số "
                     "(tieu_chi=, tra_loi=, co_quan=, phieu=), hoặc nếu mỗi phiếu là một dòng, "
                     "chuyển sang dạng dài bằng tu_dang_rong(df, [các cột tiêu chí])")


def tu_dang_rong(df: pd.DataFrame, tieu_chi_cols: Sequence[Hashable] | None = None,
                 id_cols: Sequence[Hashable] | None = None, *, tieu_chi: str = "tieu_chi",
                 tra_loi: str = "tra_loi", phieu: str | None = "phieu") -> pd.DataFrame:
    """Wide form (one row per respondent, one column per criterion) → long form (one row per answer).

    ``tieu_chi_cols`` are the criterion columns (default: every column not in ``id_cols``);
    ``id_cols`` are kept on every answer (respondent id, agency…). A column ``phieu`` is kept
    too; if there is none, it is made from the row labels, so :func:`hai_long` can count the
    respondents (``phieu=None``: no such column). The long rows keep the label of their wide
    row, so an error names the row of the original table.

    >>> rong = pd.DataFrame({"co_quan": ["Sở A", "Sở B"], "1.1": ["Hài lòng", 2], "1.2": [None, 5]})
    >>> tu_dang_rong(rong, ["1.1", "1.2"], ["co_quan"])
      co_quan  phieu tieu_chi   tra_loi
    0    Sở A      0      1.1  Hài lòng
    1    Sở B      1      1.1         2
    0    Sở A      0      1.2       NaN
    1    Sở B      1      1.2       5.0
    """
    id_cols = list(id_cols or [])
    _kiem_cot(df, id_cols, "tu_dang_rong")
    if tieu_chi_cols is None:
        tieu_chi_cols = [c for c in df.columns if c not in id_cols and c != phieu]
    tieu_chi_cols = list(tieu_chi_cols)
    _kiem_cot(df, tieu_chi_cols, "tu_dang_rong")
    if not tieu_chi_cols:
        raise DataError("không có cột tiêu chí nào", where="tu_dang_rong",
                        hint="cho danh sách cột tiêu chí: tu_dang_rong(df, ['1.1', '1.2', ...])")
    doubled = [c for c in set(tieu_chi_cols) if tieu_chi_cols.count(c) > 1] + \
        [c for c in tieu_chi_cols if c in id_cols]
    if doubled or len(set(df.columns)) < len(df.columns):
        lap = doubled or [c for c in df.columns if list(df.columns).count(c) > 1]
        raise DataError(f"cột {_liet_ke(lap)} bị lặp hoặc vừa là cột tiêu chí vừa là cột nhận dạng",
                        where="tu_dang_rong", hint="mỗi cột chỉ được kể một lần, tên cột không trùng nhau")
    n, k = len(df), len(tieu_chi_cols)
    rows = np.tile(np.arange(n), k)
    out: dict[Hashable, np.ndarray | pd.Categorical[str]] = {c: df[c].to_numpy()[rows] for c in id_cols}
    if phieu is not None and phieu not in out:
        out[phieu] = (df[phieu].to_numpy() if phieu in df.columns else df.index.to_numpy())[rows]
    for name in (tieu_chi, tra_loi):
        if name in out:
            raise DataError(f"cột nhận dạng {name!r} trùng tên cột sẽ tạo ra", where="tu_dang_rong",
                            hint=f"đổi tên bằng tham số {'tieu_chi' if name == tieu_chi else 'tra_loi'}=")
    out[tieu_chi] = pd.Categorical.from_codes(np.repeat(np.arange(k), n),
                                              categories=pd.Index([_ten(c) for c in tieu_chi_cols]))
    out[tra_loi] = df[tieu_chi_cols].to_numpy(dtype=object).ravel(order="F")
    return pd.DataFrame(out, index=df.index[rows])


# ---------------------------------------------------------------- criteria → factors


@dataclass(frozen=True)
class _BoTieuChi:
    """A resolved scheme: criteria (code, text) in order, and the factor index of each."""

    ma: list[str]
    noi_dung: list[str]
    yeu_to: list[str]
    cua: np.ndarray  # factor index of each criterion
    khoa: dict[str, int]  # normalised code or text → criterion index
    co_yeu_to: bool


def _doc_yeu_to(yeu_to: Mapping[object, object] | pd.DataFrame) -> _BoTieuChi:
    if isinstance(yeu_to, pd.DataFrame):
        _kiem_cot(yeu_to, ["tieu_chi", "yeu_to"], "bảng yeu_to")
        noi_dung = yeu_to["noi_dung"] if "noi_dung" in yeu_to.columns else yeu_to["tieu_chi"]
        rows = list(zip(yeu_to["tieu_chi"], yeu_to["yeu_to"], noi_dung))
    elif isinstance(yeu_to, Mapping):
        rows = [(tc, yt, tc) for tc, yt in yeu_to.items()]
    else:
        raise DataError(f"yeu_to phải là dict {{tiêu chí: yếu tố}} hoặc DataFrame có cột tieu_chi, yeu_to; "
                        f"nhận {type(yeu_to).__name__}", where="yeu_to", hint="yeu_to=None: không gộp theo yếu tố")
    ma: list[str] = []
    texts: list[str] = []
    factors: list[str] = []
    cua: list[int] = []
    khoa: dict[str, int] = {}
    factor_index: dict[str, int] = {}
    for i, (tc, yt, nd) in enumerate(rows):
        if is_missing(tc) or is_missing(yt) or not _khoa(tc) or not _khoa(yt):
            raise DataError(f"dòng {i} của bảng yeu_to thiếu tiêu chí hoặc yếu tố", where="yeu_to",
                            hint="mỗi tiêu chí thuộc đúng một yếu tố")
        key = _khoa(_ten(tc))
        if key in khoa:
            raise DataError(f"tiêu chí {_ten(tc)!r} được kể hai lần trong bảng yeu_to", where="yeu_to",
                            hint="mỗi tiêu chí thuộc đúng một yếu tố")
        khoa[key] = i
        fkey = _khoa(yt)
        if fkey not in factor_index:
            factor_index[fkey] = len(factors)
            factors.append(_ten(yt))
        ma.append(_ten(tc))
        texts.append(_ten(nd) if not is_missing(nd) else _ten(tc))
        cua.append(factor_index[fkey])
    # a criterion may also be named by its text (the column headers of many survey sheets)
    by_text: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        by_text.setdefault(_khoa(text), []).append(i)
    for key, found in by_text.items():
        if len(found) == 1 and key not in khoa:
            khoa[key] = found[0]
    return _BoTieuChi(ma, texts, factors, np.array(cua, dtype=np.intp), khoa, True)


def _ma_tieu_chi(cot: pd.Series, ten_cot: str, bo: _BoTieuChi | None) -> tuple[np.ndarray, _BoTieuChi]:
    """The criterion index of every row, and the scheme (built from the data if there is none)."""
    codes, uniques = pd.factorize(cot, sort=False)
    if (codes < 0).any():
        row = cot.index[int(np.argmax(codes < 0))]
        raise DataError(f"dòng {row} không có tiêu chí", where=f"cột '{ten_cot}', dòng {row}",
                        hint="điền mã tiêu chí (ví dụ '1.1') hoặc bỏ dòng này")
    values = list(uniques)
    if bo is None:  # no scheme: every criterion is its own factor, in order of first appearance
        khoa: dict[str, int] = {}
        ma: list[str] = []
        for value in values:
            key = _khoa(_ten(value))
            if key not in khoa:
                khoa[key] = len(ma)
                ma.append(_ten(value))
        bo = _BoTieuChi(ma, list(ma), list(ma), np.arange(len(ma), dtype=np.intp), khoa, False)
    index = np.array([bo.khoa.get(_khoa(_ten(v)), -1) for v in values], dtype=np.intp)
    if (index < 0).any():
        unknown = [_ten(v) for v, i in zip(values, index) if i < 0]
        raise DataError(
            f"tiêu chí {_liet_ke(unknown)} không có trong bảng yếu tố", where=f"cột '{ten_cot}'",
            hint=f"các tiêu chí của bảng: {_liet_ke(bo.ma, 30)}; đổi mã tiêu chí cho khớp, "
                 "cho bảng yeu_to riêng, hoặc yeu_to=None để không gộp theo yếu tố")
    return index[codes] if len(codes) else np.zeros(0, dtype=np.intp), bo


def _ma_nhom(df: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Group index of every row (groups in order of first appearance) and the group keys."""
    if not cols:
        return np.zeros(len(df), dtype=np.intp), pd.DataFrame(index=range(1))
    combined = np.zeros(len(df), dtype=np.int64)
    for col in cols:
        codes, uniques = pd.factorize(df[col], sort=False)
        if (codes < 0).any():
            row = df.index[int(np.argmax(codes < 0))]
            raise DataError(f"dòng {row} không có giá trị ở cột {col!r}", where=f"cột '{col}', dòng {row}",
                            hint="điền tên cơ quan (nhóm) cho mọi dòng, hoặc bỏ dòng này")
        combined = combined * max(len(uniques), 1) + codes
    groups, _ = pd.factorize(combined, sort=False)
    firsts = np.unique(groups, return_index=True)[1]
    keys = df[cols].iloc[firsts].reset_index(drop=True)
    return groups.astype(np.intp), keys


def _doc_trong_so(weights: Mapping[object, float] | None, bo: _BoTieuChi, present: np.ndarray) -> np.ndarray:
    """Raw weight of every factor (criterion, without a scheme): 1 each if ``weights`` is None."""
    n = len(bo.yeu_to)
    if weights is None:
        return np.ones(n)
    what = "yếu tố" if bo.co_yeu_to else "tiêu chí"
    if not isinstance(weights, Mapping):
        raise DataError(f"weights phải là dict {{{what}: trọng số}}, nhận {type(weights).__name__}",
                        where="weights")
    index = {_khoa(name): i for i, name in enumerate(bo.yeu_to)}
    w = np.zeros(n)
    for name, value in weights.items():
        i = index.get(_khoa(_ten(name)))
        if i is None:
            raise DataError(f"weights có {what} {name!r} không có trong bảng", where="weights",
                            hint=f"các {what}: {_liet_ke(bo.yeu_to, 30)}")
        weight: object = value  # from the caller: not necessarily a float
        if isinstance(weight, bool) or not isinstance(weight, (numbers.Real, Decimal)) \
                or not math.isfinite(float(weight)) or float(weight) < 0:
            raise DataError(f"trọng số của {name!r} phải là số không âm, nhận {value!r}", where="weights")
        w[i] = float(weight)
    missing = [bo.yeu_to[i] for i in range(n) if present[i] and _khoa(bo.yeu_to[i]) not in
               {_khoa(_ten(k)) for k in weights}]
    if missing:
        raise DataError(f"weights thiếu trọng số của {what} {_liet_ke(missing)}", where="weights",
                        hint=f"cho trọng số mọi {what} có trong dữ liệu; 0 để bỏ một {what} ra khỏi chỉ số chung")
    if w[present].sum() <= 0 if present.any() else w.sum() <= 0:
        raise DataError(f"tổng các trọng số (của các {what} có trong dữ liệu) phải lớn hơn 0", where="weights")
    return w


# ---------------------------------------------------------------- results


def _khung(data: dict[str, object], cols: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: data[c] for c in cols if c in data})


@dataclass(frozen=True, eq=False)
class KetQuaHaiLong:
    """The result of :func:`hai_long`. Rates are per cent (0–100), NaN where there is no valid answer.

    ``theo_tieu_chi``: one row per criterion present in the data, in the scheme's order —
    ``tieu_chi``, ``noi_dung``, ``yeu_to`` (without a scheme: no ``yeu_to`` column), the counts
    ``rat_khong_hai_long`` … ``rat_hai_long``, ``so_hop_le`` (valid answers), ``so_bo_trong``
    (blank / no answer) and ``ty_le_hai_long``.
    ``theo_yeu_to``: one row per factor present — ``yeu_to``, ``so_tieu_chi`` (criteria with a
    valid answer, the ones averaged), ``so_hop_le``, ``so_bo_trong``, ``trong_so`` (weight
    normalised over the factors present), ``ty_le_hai_long``; ``None`` when ``yeu_to=None``.
    ``tong_the``: the overall index. ``so_phieu``: respondents (distinct ``phieu`` within each
    group), ``None`` without a ``phieu`` column; ``so_tra_loi`` rows, ``so_tra_loi_hop_le`` valid
    answers, ``so_bo_trong`` blank ones.
    With ``co_quan``: ``cot_co_quan`` the grouping columns; ``theo_co_quan`` one row per group
    (the grouping columns, ``so_phieu`` if known, ``so_tra_loi_hop_le``, ``so_bo_trong``,
    ``ty_le_hai_long`` = that group's overall index); ``theo_co_quan_yeu_to`` and
    ``theo_co_quan_tieu_chi`` the factor and criterion tables of each group, in long form.
    """

    theo_tieu_chi: pd.DataFrame
    theo_yeu_to: pd.DataFrame | None
    tong_the: float
    so_phieu: int | None
    so_tra_loi: int
    so_tra_loi_hop_le: int
    so_bo_trong: int
    cot_co_quan: tuple[str, ...] | None = None
    theo_co_quan: pd.DataFrame | None = None
    theo_co_quan_yeu_to: pd.DataFrame | None = None
    theo_co_quan_tieu_chi: pd.DataFrame | None = None

    def __repr__(self) -> str:
        nhom = f", so_co_quan={len(self.theo_co_quan)}" if self.theo_co_quan is not None else ""
        return (f"KetQuaHaiLong(tong_the={self.tong_the!r}, so_phieu={self.so_phieu!r}, "
                f"so_tra_loi_hop_le={self.so_tra_loi_hop_le!r}, so_tieu_chi={len(self.theo_tieu_chi)}{nhom})")

    def to_frame(self) -> pd.DataFrame:
        """The report table: each factor's row then its criteria, and a last row for the whole.

        Columns ``cap`` (``"yeu_to"``, ``"tieu_chi"`` or ``"tong_the"``), ``ma`` (factor number
        ``"1"``…, criterion code), ``noi_dung``, the counts, ``so_hop_le``, ``so_bo_trong`` and
        ``ty_le_hai_long``. Without a scheme there are only criterion rows and the last row.
        """
        counts = [*COT_MUC_DO, "so_hop_le", "so_bo_trong"]
        tc = self.theo_tieu_chi
        parts = []
        if self.theo_yeu_to is not None:
            for stt, yt in enumerate(self.theo_yeu_to.itertuples(index=False), 1):
                rows = tc[tc["yeu_to"] == yt.yeu_to]
                head = {"cap": "yeu_to", "ma": str(stt), "noi_dung": yt.yeu_to,
                        **{c: int(rows[c].sum()) for c in counts}, "ty_le_hai_long": yt.ty_le_hai_long}
                parts += [pd.DataFrame([head]), rows.assign(cap="tieu_chi", ma=rows["tieu_chi"])]
        else:
            parts.append(tc.assign(cap="tieu_chi", ma=tc["tieu_chi"]))
        last = {"cap": "tong_the", "ma": "", "noi_dung": "Chung",
                **{c: int(tc[c].sum()) for c in counts}, "ty_le_hai_long": self.tong_the}
        parts.append(pd.DataFrame([last]))
        cols = ["cap", "ma", "noi_dung", *counts, "ty_le_hai_long"]
        return pd.concat([p[cols] for p in parts], ignore_index=True)

    def bang_co_quan(self) -> pd.DataFrame:
        """One row per group: the grouping columns, ``so_phieu`` (if known), ``so_tra_loi_hop_le``,
        one rate column per factor (named by the factor) and ``ty_le_hai_long`` (overall).
        """
        if self.theo_co_quan is None or self.cot_co_quan is None:
            raise DataError("kết quả không chia theo cơ quan", where="bang_co_quan",
                            hint="gọi hai_long(df, co_quan='co_quan')")
        keys = list(self.cot_co_quan)
        if self.theo_co_quan_yeu_to is not None:
            wide = self.theo_co_quan_yeu_to.pivot(index=keys, columns="yeu_to", values="ty_le_hai_long")
            factors = list(dict.fromkeys(self.theo_co_quan_yeu_to["yeu_to"]))
            if self.theo_yeu_to is not None:
                factors = [f for f in self.theo_yeu_to["yeu_to"] if f in wide.columns]
            wide = wide[factors].reset_index()
            wide.columns.name = None
        else:
            wide = self.theo_co_quan[keys]
        head = self.theo_co_quan[[c for c in self.theo_co_quan.columns if c not in ("so_bo_trong",)]]
        rate = head.pop("ty_le_hai_long")
        out = head.merge(wide, on=keys, how="left", sort=False)
        out["ty_le_hai_long"] = rate.to_numpy()
        return out


def hai_long(df: pd.DataFrame, *, tieu_chi: str = "tieu_chi", tra_loi: str = "tra_loi",
             co_quan: str | Sequence[str] | None = None, phieu: str | None = "phieu",
             yeu_to: Mapping[object, object] | pd.DataFrame | None = YEU_TO_HA_NAM_1048,
             weights: Mapping[object, float] | None = None,
             khong_tra_loi: Iterable[str] = KHONG_TRA_LOI) -> KetQuaHaiLong:
    """Satisfaction rates by criterion, by factor and overall, from long-form answers.

    ``df`` has one row per answer: column ``tieu_chi`` (criterion code, or its text if the
    scheme has one) and ``tra_loi`` (a label of :data:`MUC_DO` or a code 1–5; blank, NaN and
    the texts of ``khong_tra_loi`` are no answer). ``co_quan``: a column, or a list of columns,
    to break the results down by (agency, lĩnh vực, …): fills ``theo_co_quan*``. ``phieu``: the
    respondent column, used to count respondents if it exists (the default name may be absent).
    ``yeu_to``: the criterion → factor scheme (default :data:`YEU_TO_HA_NAM_1048`, one department's
    adaptation of Quyết định 2640/QĐ-BNV — see there; another table with columns
    ``tieu_chi``, ``yeu_to`` and optionally ``noi_dung``, or a dict); ``None`` puts no factors
    between the criteria and the overall index. ``weights``: ``{factor: weight}`` for the overall
    index (``{criterion: weight}`` without a scheme), every factor in the data must have one,
    the sum must be > 0; they are normalised. A factor (or group's factor) with no valid answer
    is left out of the overall index and the other weights renormalised. The overall rates are
    computed from all answers pooled, not as the mean of the groups.

    >>> df = pd.DataFrame({"co_quan": ["A", "A", "A", "B", "B"],
    ...                    "tieu_chi": ["1.1", "1.2", "2.1", "1.1", "2.1"],
    ...                    "tra_loi": ["Hài lòng", "Bình thường", 5, 1, None]})
    >>> kq = hai_long(df, co_quan="co_quan")
    >>> kq.theo_yeu_to["ty_le_hai_long"].tolist(), kq.tong_the
    ([25.0, 100.0], 62.5)
    >>> kq.theo_co_quan[["co_quan", "so_tra_loi_hop_le", "so_bo_trong", "ty_le_hai_long"]].values.tolist()
    [['A', 3, 0, 75.0], ['B', 1, 1, 0.0]]
    >>> hai_long(df, yeu_to=None, weights={"1.1": 2, "1.2": 1, "2.1": 1}).tong_the
    50.0
    """
    groups = [co_quan] if isinstance(co_quan, str) else list(co_quan or [])
    _kiem_cot(df, [tieu_chi, tra_loi, *groups], "hai_long")
    for col in groups:
        if col in (tieu_chi, tra_loi) or col in _COT_KET_QUA:
            raise DataError(f"không thể chia nhóm theo cột {col!r}", where="co_quan",
                            hint="chọn cột cơ quan (nhóm) khác cột tiêu chí, câu trả lời và các cột kết quả")
    if phieu is not None and phieu not in df.columns:
        if phieu != "phieu":
            _kiem_cot(df, [phieu], "hai_long")
        phieu = None

    # answers → level 0 (no answer) … 5, by their distinct values only
    codes, uniques = pd.factorize(df[tra_loi], sort=False)
    bang = _bang_tra_loi(khong_tra_loi)
    level_of = np.array([_ma(v, bang) for v in uniques] + [0], dtype=np.int8)  # index -1: NaN
    level = level_of[codes]
    if (level < 0).any():
        first = int(np.argmax(level < 0))
        row, value = df.index[first], df[tra_loi].iloc[first]
        bad = [v for v, m in zip(uniques, level_of) if m < 0]
        more = f" (các giá trị không hợp lệ: {_liet_ke(bad)})" if len(bad) > 1 else ""
        raise DataError(f"câu trả lời {value!r} ở dòng {row} (tiêu chí {_ten(df[tieu_chi].iloc[first])!r}) "
                        f"không phải là mức hài lòng{more}", where=f"cột '{tra_loi}', dòng {row}", hint=_HINT_TRA_LOI)

    c, bo = _ma_tieu_chi(df[tieu_chi], tieu_chi, None if yeu_to is None else _doc_yeu_to(yeu_to))
    g, keys = _ma_nhom(df, groups)
    n_g, n_c, n_f = len(keys), len(bo.ma), len(bo.yeu_to)

    counts = np.bincount((g.astype(np.int64) * n_c + c) * 6 + level, minlength=n_g * n_c * 6)
    counts = counts.reshape(n_g, n_c, 6)
    tot = _Bang.tinh(counts, bo.cua, n_f)
    w = _doc_trong_so(weights, bo, tot.co_yt[0] if n_g == 1 else np.asarray(tot.co_yt.any(axis=0)))
    pooled = tot if n_g == 1 else _Bang.tinh(counts.sum(axis=0, keepdims=True), bo.cua, n_f)
    present = pooled.co_yt[0]
    w_norm = w / (w[present].sum() if present.any() else w.sum())

    so_phieu_nhom: np.ndarray | None = None
    if phieu is not None:
        p, p_uniques = pd.factorize(df[phieu], sort=False)
        if (p < 0).any():
            row = df.index[int(np.argmax(p < 0))]
            raise DataError(f"dòng {row} không có mã phiếu", where=f"cột '{phieu}', dòng {row}",
                            hint="điền mã phiếu cho mọi dòng, hoặc phieu=None")
        pairs = np.unique(g.astype(np.int64) * max(len(p_uniques), 1) + p)
        so_phieu_nhom = np.bincount(pairs // max(len(p_uniques), 1), minlength=n_g)

    theo_tieu_chi = pooled.bang_tieu_chi(bo, [])
    theo_yeu_to = pooled.bang_yeu_to(bo, w_norm, []) if bo.co_yeu_to else None
    tong_the = float(pooled.tong_the(w)[0]) if len(df) else math.nan
    cot_co_quan: tuple[str, ...] | None = None
    theo_co_quan: pd.DataFrame | None = None
    theo_co_quan_tieu_chi: pd.DataFrame | None = None
    theo_co_quan_yeu_to: pd.DataFrame | None = None
    if groups:
        key_cols = {col: keys[col].to_numpy() for col in groups}
        theo = dict(key_cols)
        if so_phieu_nhom is not None:
            theo["so_phieu"] = so_phieu_nhom
        theo.update(so_tra_loi_hop_le=tot.hop_le.sum(axis=1), so_bo_trong=tot.trong.sum(axis=1),
                    ty_le_hai_long=tot.tong_the(w))
        cot_co_quan, theo_co_quan = tuple(groups), pd.DataFrame(theo)
        theo_co_quan_tieu_chi = tot.bang_tieu_chi(bo, groups, keys)
        theo_co_quan_yeu_to = tot.bang_yeu_to(bo, w_norm, groups, keys) if bo.co_yeu_to else None
    return KetQuaHaiLong(
        theo_tieu_chi=theo_tieu_chi, theo_yeu_to=theo_yeu_to, tong_the=tong_the,
        so_phieu=int(so_phieu_nhom.sum()) if so_phieu_nhom is not None else None,
        so_tra_loi=len(df), so_tra_loi_hop_le=int(pooled.hop_le.sum()), so_bo_trong=int(pooled.trong.sum()),
        cot_co_quan=cot_co_quan, theo_co_quan=theo_co_quan,
        theo_co_quan_yeu_to=theo_co_quan_yeu_to, theo_co_quan_tieu_chi=theo_co_quan_tieu_chi,
    )


_COT_KET_QUA = frozenset({"tieu_chi", "noi_dung", "yeu_to", *COT_MUC_DO, "so_hop_le", "so_bo_trong",
                          "ty_le_hai_long", "so_tieu_chi", "trong_so", "so_phieu", "so_tra_loi_hop_le"})


@dataclass(frozen=True, eq=False)
class _Bang:
    """Counts and rates per (group, criterion) and per (group, factor)."""

    counts: np.ndarray  # (group, criterion, level 0–5)
    hop_le: np.ndarray  # (group, criterion) valid answers
    trong: np.ndarray  # (group, criterion) blank answers
    ty_le: np.ndarray  # (group, criterion) rate, NaN if no valid answer
    co_tc: np.ndarray  # (group, criterion) the criterion has rows in the group
    yt_ty_le: np.ndarray  # (group, factor)
    yt_so_tc: np.ndarray  # (group, factor) criteria with a valid answer
    co_yt: np.ndarray  # (group, factor) the factor has rows in the group
    cua: np.ndarray  # factor of each criterion

    @classmethod
    def tinh(cls, counts: np.ndarray, cua: np.ndarray, n_f: int) -> _Bang:
        trong = counts[..., 0]
        hop_le = counts[..., 1:].sum(axis=-1)
        hai_long = counts[..., 4] + counts[..., 5]
        co = hop_le > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            ty_le = np.where(co, hai_long * 100.0 / np.maximum(hop_le, 1), np.nan)
        member = np.zeros((len(cua), n_f))
        member[np.arange(len(cua)), cua] = 1.0
        yt_so_tc = co.astype(float) @ member
        yt_tong = np.where(co, ty_le, 0.0) @ member
        with np.errstate(invalid="ignore", divide="ignore"):
            yt_ty_le = np.where(yt_so_tc > 0, yt_tong / np.maximum(yt_so_tc, 1), np.nan)
        co_tc = (hop_le + trong) > 0
        return cls(counts, hop_le, trong, ty_le, co_tc, yt_ty_le, yt_so_tc.astype(np.int64),
                   (co_tc.astype(float) @ member) > 0, cua)

    def tong_the(self, w: np.ndarray) -> np.ndarray:
        co = ~np.isnan(self.yt_ty_le)
        den = (co * w).sum(axis=1)
        num = (np.where(co, self.yt_ty_le, 0.0) * w).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)

    def bang_tieu_chi(self, bo: _BoTieuChi, groups: list[str],
                      keys: pd.DataFrame | None = None) -> pd.DataFrame:
        gi, ci = np.nonzero(self.co_tc)
        data: dict[str, object] = {col: keys[col].to_numpy()[gi] for col in groups} if keys is not None else {}
        data["tieu_chi"] = np.array(bo.ma, dtype=object)[ci]
        data["noi_dung"] = np.array(bo.noi_dung, dtype=object)[ci]
        if bo.co_yeu_to:
            data["yeu_to"] = np.array(bo.yeu_to, dtype=object)[bo.cua[ci]]
        for level, col in enumerate(COT_MUC_DO, 1):
            data[col] = self.counts[gi, ci, level]
        data.update(so_hop_le=self.hop_le[gi, ci], so_bo_trong=self.trong[gi, ci], ty_le_hai_long=self.ty_le[gi, ci])
        return _khung(data, [*groups, "tieu_chi", "noi_dung", "yeu_to", *COT_MUC_DO,
                             "so_hop_le", "so_bo_trong", "ty_le_hai_long"])

    def bang_yeu_to(self, bo: _BoTieuChi, w_norm: np.ndarray, groups: list[str],
                    keys: pd.DataFrame | None = None) -> pd.DataFrame:
        member = np.zeros((len(bo.cua), len(bo.yeu_to)), dtype=np.int64)
        member[np.arange(len(bo.cua)), bo.cua] = 1
        gi, fi = np.nonzero(self.co_yt)
        data: dict[str, object] = {col: keys[col].to_numpy()[gi] for col in groups} if keys is not None else {}
        data.update(yeu_to=np.array(bo.yeu_to, dtype=object)[fi], so_tieu_chi=self.yt_so_tc[gi, fi],
                    so_hop_le=(self.hop_le @ member)[gi, fi], so_bo_trong=(self.trong @ member)[gi, fi],
                    trong_so=w_norm[fi], ty_le_hai_long=self.yt_ty_le[gi, fi])
        return _khung(data, [*groups, "yeu_to", "so_tieu_chi", "so_hop_le", "so_bo_trong", "trong_so",
                             "ty_le_hai_long"])


# ---------------------------------------------------------------- bands of agencies


@dataclass(frozen=True)
class NhomTyLe:
    """One band of :func:`phan_nhom`: rates from ``tu`` to below ``den`` (up to ``den`` included
    if ``gom_den``); ``so_co_quan`` agencies in it, ``ty_le`` their share (per cent) of the
    agencies with a rate, ``cac_co_quan`` their names (if known) and ``nhan`` the band in words.
    """

    tu: float
    den: float
    gom_den: bool
    so_co_quan: int
    ty_le: float
    nhan: str
    cac_co_quan: tuple[object, ...] = ()


@dataclass(frozen=True)
class PhanNhom:
    """Agencies counted by bands of their rate. ``so_co_quan`` agencies have a rate (the
    denominator of the shares); ``so_khong_co_du_lieu`` have none (NaN) and are in no band;
    agencies outside every band count in the denominator only.
    """

    cac_nhom: tuple[NhomTyLe, ...]
    so_co_quan: int
    so_khong_co_du_lieu: int = 0

    def nhom(self, tu: float, den: float) -> NhomTyLe:
        """The band from ``tu`` to ``den``.

        >>> phan_nhom([85, 95, 91]).nhom(90, 100).so_co_quan
        2
        """
        for band in self.cac_nhom:
            if band.tu == tu and band.den == den:
                return band
        raise DataError(f"không có nhóm từ {tu} đến {den}", where="PhanNhom.nhom",
                        hint="các nhóm: " + ", ".join(f"({b.tu:g}, {b.den:g})" for b in self.cac_nhom))

    def to_frame(self) -> pd.DataFrame:
        """Columns ``tu``, ``den``, ``gom_den``, ``nhan``, ``so_co_quan``, ``ty_le``, one row per band."""
        return pd.DataFrame([{"tu": b.tu, "den": b.den, "gom_den": b.gom_den, "nhan": b.nhan,
                              "so_co_quan": b.so_co_quan, "ty_le": b.ty_le} for b in self.cac_nhom],
                            columns=["tu", "den", "gom_den", "nhan", "so_co_quan", "ty_le"])


def _nhan(tu: float, den: float, gom_den: bool) -> str:
    def pct(x: float) -> str:
        return so(x, 2, gon=True) + "%"

    if gom_den:
        return f"từ {pct(tu)} đến {pct(den)}"
    return f"dưới {pct(den)}" if tu == 0 else f"từ {pct(tu)} đến dưới {pct(den)}"


@renamed({"cot": "column", "lam_tron": "decimals"}, name="chiso.phan_nhom")
def phan_nhom(ket_qua: KetQuaHaiLong | pd.DataFrame | pd.Series | Mapping[object, float] | Sequence[float],
              bands: Sequence[tuple[float, float]] = NHOM_MAC_DINH, *, column: str = "ty_le_hai_long",
              ten: str | None = None, decimals: int | None = None) -> PhanNhom:
    """Count agencies by bands of their satisfaction rate.

    ``ket_qua``: a :class:`KetQuaHaiLong` made with ``co_quan=`` (its ``theo_co_quan``), a
    DataFrame (rate column ``column``, names in column ``ten``, default ``co_quan`` if present),
    a Series or dict (names → rates) or a list of rates. Each band ``(lo, hi)`` holds the
    rates ``lo <= x < hi``; a band ending at the highest ``hi`` of all bands (100) includes it.
    Bands may leave gaps or overlap. Rates are compared after rounding to 9 decimals (so a
    mean that should be 80 and is 79.99999999999999 is 80), or half-up to ``decimals``
    decimals, to band the rates as the report prints them.

    >>> pn = phan_nhom({"Sở A": 80, "Sở B": 89.99, "Sở C": 90, "Sở D": 100, "Sở E": 79.9},
    ...                bands=[(80, 90), (90, 100)])
    >>> [(b.nhan, b.so_co_quan, b.ty_le, b.cac_co_quan) for b in pn.cac_nhom]
    [('từ 80% đến dưới 90%', 2, 40.0, ('Sở A', 'Sở B')), ('từ 90% đến 100%', 2, 40.0, ('Sở C', 'Sở D'))]
    >>> phan_nhom([89.996], bands=[(80, 90), (90, 100)], decimals=2).nhom(90, 100).so_co_quan
    1
    """
    names: Sequence[object] | None = None
    if isinstance(ket_qua, KetQuaHaiLong):
        if ket_qua.theo_co_quan is None or ket_qua.cot_co_quan is None:
            raise DataError("kết quả không chia theo cơ quan", where="phan_nhom",
                            hint="gọi hai_long(df, co_quan='co_quan') trước khi phân nhóm")
        frame = ket_qua.theo_co_quan
        keys = list(ket_qua.cot_co_quan)
        names = frame[keys[0]].tolist() if len(keys) == 1 else list(frame[keys].itertuples(index=False, name=None))
        values = frame["ty_le_hai_long"]
    elif isinstance(ket_qua, pd.DataFrame):
        _kiem_cot(ket_qua, [column] + ([ten] if ten else []), "phan_nhom")
        ten = ten or ("co_quan" if "co_quan" in ket_qua.columns else None)
        names = ket_qua[ten].tolist() if ten else None
        values = ket_qua[column]
    elif isinstance(ket_qua, pd.Series):
        names, values = ket_qua.index.tolist(), ket_qua
    elif isinstance(ket_qua, Mapping):
        names, values = list(ket_qua.keys()), pd.Series(list(ket_qua.values()), dtype=object)
    else:
        values = pd.Series(list(ket_qua), dtype=object)
    try:
        x = pd.to_numeric(pd.Series(values), errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise DataError("tỷ lệ hài lòng phải là số", where=f"phan_nhom: cột '{column}'",
                        hint="mỗi cơ quan một tỷ lệ từ 0 đến 100") from None
    if decimals is None:
        x = np.round(x, 9)
    elif not _la_so_nguyen(decimals) or decimals < 0:
        raise DataError(f"decimals phải là số chữ số thập phân (số nguyên từ 0 trở lên), nhận {decimals!r}",
                        where="phan_nhom: decimals", hint="ví dụ decimals=2")
    else:
        x = np.array([v if math.isnan(v) else float(round_half_up(v, decimals)) for v in x], dtype=float)

    bands = list(bands)
    if not bands:
        raise DataError("cần ít nhất một nhóm", where="phan_nhom: bands", hint="ví dụ bands=[(80, 90), (90, 100)]")
    checked: list[tuple[float, float]] = []
    for band in bands:
        try:
            lo, hi = (float(v) for v in band)
        except (TypeError, ValueError):
            raise DataError(f"nhóm {band!r} phải là một cặp số (từ, đến)", where="phan_nhom: bands",
                            hint="ví dụ bands=[(80, 90), (90, 100)]") from None
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise DataError(f"nhóm {band!r}: cận dưới phải nhỏ hơn cận trên", where="phan_nhom: bands",
                            hint="ví dụ bands=[(80, 90), (90, 100)]")
        checked.append((lo, hi))
    top = max(hi for _, hi in checked)
    has = ~np.isnan(x)
    n = int(has.sum())
    out = []
    for lo, hi in checked:
        gom = hi == top
        inside = has & (x >= lo) & ((x <= hi) if gom else (x < hi))
        k = int(inside.sum())
        who = tuple(names[int(i)] for i in np.flatnonzero(inside)) if names is not None else ()
        out.append(NhomTyLe(lo, hi, gom, k, k * 100.0 / n if n else math.nan, _nhan(lo, hi, gom), who))
    return PhanNhom(tuple(out), n, int((~has).sum()))


def __getattr__(name: str) -> object:
    if name == "YEU_TO_2640":  # its former name, which claimed the Bộ Nội vụ scheme itself
        import warnings

        warnings.warn("YEU_TO_2640 is deprecated, use YEU_TO_HA_NAM_1048: it is the adaptation of "
                      "kế hoạch 1048/KH-SXD (Sở Xây dựng Hà Nam), not Quyết định 2640/QĐ-BNV itself",
                      DeprecationWarning, stacklevel=2)
        return YEU_TO_HA_NAM_1048
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
