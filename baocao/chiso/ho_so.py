"""Timeliness of administrative-procedure dossiers (tiến độ giải quyết hồ sơ TTHC) from a dossier log.

Each row of the log is one dossier: the day it was received (``ngay_nhan``), its due date
(``han_xu_ly``) or its processing time in working days (``so_ngay_xu_ly``, turned into a
due date with :class:`~baocao.chiso.lich.LichLamViec`), and the day the result was
returned (``ngay_tra``, blank while it is not settled). All comparisons are by day.

For a period ``tu_ngay``..``den_ngay`` (both included) and a report date ``ngay_bao_cao``:

* *kỳ trước chuyển sang* (carried over): received before ``tu_ngay`` and not returned before it;
* *mới tiếp nhận*: received in the period; *tổng số* = carried over + newly received;
* *đã giải quyết* (settled): returned in the period — *trước hạn* (before the due date),
  *đúng hạn* (on it) or *quá hạn* (after it);
* *đang giải quyết* (pending): not returned by ``den_ngay`` — *còn trong hạn* if the due date
  is on or after ``ngay_bao_cao``, *đã quá hạn* if it is before;
* tỷ lệ đúng hạn = (trước hạn + đúng hạn) / đã giải quyết × 100.

>>> import pandas as pd
>>> log = pd.DataFrame({
...     "ngay_nhan": ["05/02/2024", "05/02/2024", "07/02/2024", "20/02/2024"],
...     "so_ngay_xu_ly": [3, 3, 3, 5],
...     "ngay_tra": ["07/02/2024", "16/02/2024", "19/02/2024", None],
... })
>>> kq = tien_do(log, ngay_bao_cao="29/02/2024")
>>> kq.truoc_han, kq.dung_han, kq.qua_han, kq.da_qua_han, round(kq.ty_le_dung_han, 2)
(1, 1, 1, 1, 66.67)
"""

from __future__ import annotations

import datetime as dt
import difflib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

# absolute imports: baocao/chiso/ may have no __init__.py
from baocao.chiso.lich import LichLamViec, _vi_tri, doc_cot_ngay, doc_ngay, sau_gio_chot
from baocao.errors import DataError
from baocao.renamed import renamed

__all__ = ["COT_SO_LIEU", "NHAN_COT", "TRANG_THAI", "KetQuaHoSo", "phan_loai", "tien_do", "ty_le"]

#: Status labels of :func:`phan_loai`, by internal code (0 = outside the period).
TRANG_THAI = {1: "trước hạn", 2: "đúng hạn", 3: "quá hạn", 4: "còn trong hạn", 5: "đã quá hạn"}

#: The count columns of :attr:`KetQuaHoSo.bang`, in order, then the rate columns.
COT_SO_LIEU = ("tong_so", "ky_truoc_chuyen_sang", "moi_tiep_nhan", "da_giai_quyet", "truoc_han", "dung_han",
               "qua_han", "dang_giai_quyet", "con_trong_han", "da_qua_han")
COT_TY_LE = ("ty_le_dung_han", "ty_le_truoc_han", "ty_le_dung_han_tren_tong")

#: Column headers for :meth:`KetQuaHoSo.to_frame` with ``labels=True``.
NHAN_COT = {
    "tong_so": "Tổng số", "ky_truoc_chuyen_sang": "Kỳ trước chuyển sang", "moi_tiep_nhan": "Mới tiếp nhận",
    "da_giai_quyet": "Đã giải quyết", "truoc_han": "Trước hạn", "dung_han": "Đúng hạn", "qua_han": "Quá hạn",
    "dang_giai_quyet": "Đang giải quyết", "con_trong_han": "Còn trong hạn", "da_qua_han": "Đã quá hạn",
    "ty_le_dung_han": "Tỷ lệ đúng hạn (%)", "ty_le_truoc_han": "Tỷ lệ trước hạn (%)",
    "ty_le_dung_han_tren_tong": "Tỷ lệ đúng hạn trên tổng số (%)",
}

TONG_CONG = "Tổng cộng"
KHONG_XAC_DINH = "Không xác định"


def ty_le(a: float, b: float) -> float:
    """``a`` out of ``b`` in per cent, unrounded; ``nan`` when ``b`` is 0 (nothing to rate:
    write it with ``phan_tram(x, thieu="-")``).

    >>> from baocao.formatting import phan_tram
    >>> ty_le(3740, 3760), phan_tram(ty_le(3740, 3760))
    (99.46808510638297, '99,47%')
    >>> ty_le(0, 0)
    nan
    """
    a, b = float(a), float(b)
    return a / b * 100 if b else float("nan")


def _ty_le_mang(a: np.ndarray | pd.Series, b: np.ndarray | pd.Series) -> np.ndarray:
    x, y = np.asarray(a, "float64"), np.asarray(b, "float64")
    out = np.full(x.shape, np.nan)
    np.divide(x * 100, y, out=out, where=y != 0)
    return out


@dataclass(frozen=True)
class KetQuaHoSo:
    """Dossier timeliness for a period: the counts (ints), the rates (unrounded per cent,
    ``nan`` when their denominator is 0) and :attr:`bang`, the same figures by the
    :attr:`by` grouping with a last *Tổng cộng* row.

    ``qua_han`` are settled dossiers returned late; ``da_qua_han`` are pending dossiers
    already past their due date at ``ngay_bao_cao``.
    """

    tong_so: int
    ky_truoc_chuyen_sang: int
    moi_tiep_nhan: int
    da_giai_quyet: int
    truoc_han: int
    dung_han: int
    qua_han: int
    dang_giai_quyet: int
    con_trong_han: int
    da_qua_han: int
    #: (trước hạn + đúng hạn) / đã giải quyết × 100 — the rate Decree-30 reports quote.
    ty_le_dung_han: float
    #: trước hạn / đã giải quyết × 100.
    ty_le_truoc_han: float
    #: (trước hạn + đúng hạn) / tổng số × 100 — what a report means when its base is every dossier handled.
    ty_le_dung_han_tren_tong: float
    bang: pd.DataFrame = field(compare=False, repr=False)
    by: tuple[str, ...] = ()
    tu_ngay: dt.date | None = None
    den_ngay: dt.date | None = None
    ngay_bao_cao: dt.date | None = None

    @property
    def theo(self) -> tuple[str, ...]:
        """Deprecated name of :attr:`by`."""
        warnings.warn("KetQuaHoSo.theo is deprecated, use .by (tên cũ theo sẽ bị bỏ, dùng by)",
                      DeprecationWarning, stacklevel=2)
        return self.by

    @renamed({"nhan": "labels"}, name="KetQuaHoSo.to_frame")
    def to_frame(self, *, labels: bool = False) -> pd.DataFrame:
        """A copy of :attr:`bang`; with ``labels=True`` the figure columns get Vietnamese headers
        (:data:`NHAN_COT`), ready for ``baocao`` tables.

        >>> kq = tien_do(pd.DataFrame({"ngay_nhan": ["2024-03-01"], "han_xu_ly": ["2024-03-05"],
        ...                            "ngay_tra": ["2024-03-05"]}))
        >>> kq.to_frame(labels=True)[["Tổng số", "Đúng hạn", "Tỷ lệ đúng hạn (%)"]]
           Tổng số  Đúng hạn  Tỷ lệ đúng hạn (%)
        0        1         1               100.0
        """
        frame = self.bang.copy()
        return frame.rename(columns=NHAN_COT) if labels else frame


# ---------------------------------------------------------------- reading the log

def _tim_cot(df: pd.DataFrame, ten: str, nguon: str | None, vai_tro: str) -> pd.Series:
    if ten in df.columns:
        return df[ten]
    close = difflib.get_close_matches(str(ten), [str(c) for c in df.columns], n=1)
    hint = f"có phải '{close[0]}'?" if close else "các cột: " + ", ".join(str(c) for c in df.columns)
    raise DataError(f"không có cột '{ten}' ({vai_tro})", where=nguon, hint=hint)


def _loi_dong(message: str, mask: np.ndarray, df: pd.DataFrame, cot: str, nguon: str | None,
              hint: str | None = None) -> None:
    """Raise a DataError about the first row of ``mask``, if any."""
    if not mask.any():
        return
    bad = np.flatnonzero(mask)
    them = f" (và {len(bad) - 1} dòng khác)" if len(bad) > 1 else ""
    pos = int(bad[0])
    raise DataError(message + them, where=_vi_tri(nguon, cot, df.index, pos), hint=hint)


def _ngay_str(day: np.datetime64) -> str:
    return "" if np.isnat(day) else f"{day.astype(dt.date):%d/%m/%Y}"


def _so_ngay(df: pd.DataFrame, cot: str, nguon: str | None) -> np.ndarray:
    raw = df[cot]
    so = np.array(pd.to_numeric(raw, errors="coerce").to_numpy("float64", na_value=np.nan))
    blank = np.array(raw.isna().to_numpy())
    if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
        blank |= (raw.astype(str).str.strip() == "").to_numpy()
    bad = ~blank & np.isnan(so)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        _loi_dong(f"số ngày xử lý {raw.iloc[pos]!r} không phải là một số", bad, df, cot, nguon,
                  hint="ghi số ngày làm việc bằng chữ số, ví dụ 3")
    bad = ~np.isnan(so) & ((so < 0) | (so != np.floor(so)) | (so > 10_000))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        _loi_dong(f"số ngày xử lý {float(so[pos]):g} phải là một số nguyên ngày làm việc, không âm", bad, df, cot,
                  nguon, hint="thủ tục tính bằng nửa ngày hay giờ: làm tròn lên số ngày, hoặc ghi thẳng hạn xử lý")
    return so


@dataclass
class _HoSo:
    nhan: np.ndarray
    han: np.ndarray
    tra: np.ndarray
    ma: np.ndarray  # status code per row, 0 outside the period (see TRANG_THAI)
    ky_truoc: np.ndarray
    trong_ky: np.ndarray
    tu_ngay: dt.date | None
    den_ngay: dt.date | None
    ngay_bao_cao: dt.date | None


def _tinh(df: pd.DataFrame, *, tu_ngay: Any, den_ngay: Any, ngay_bao_cao: Any, lich: LichLamViec | None,
          cot_ngay_nhan: str, cot_han_xu_ly: str, cot_so_ngay: str, cot_ngay_tra: str, tinh_ngay_nhan: bool,
          nguon: str | None, gio_chot: Any = None, nhan_ngay_nghi: str = "ngay_lam_viec_sau") -> _HoSo:
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"cần một DataFrame sổ theo dõi hồ sơ, nhận {type(df).__name__}", where=nguon)
    nhan = doc_cot_ngay(_tim_cot(df, cot_ngay_nhan, nguon, "ngày tiếp nhận"), cot_ngay_nhan, nguon=nguon)
    tra = doc_cot_ngay(_tim_cot(df, cot_ngay_tra, nguon, "ngày trả kết quả"), cot_ngay_tra, nguon=nguon)
    _loi_dong("thiếu ngày tiếp nhận", np.isnat(nhan), df, cot_ngay_nhan, nguon,
              hint="mỗi hồ sơ cần ngày tiếp nhận; bỏ các dòng trống khỏi bảng")

    if cot_han_xu_ly not in df.columns and cot_so_ngay not in df.columns:
        raise DataError(f"cần cột hạn xử lý '{cot_han_xu_ly}' hoặc cột số ngày xử lý '{cot_so_ngay}'", where=nguon,
                        hint="các cột: " + ", ".join(str(c) for c in df.columns))
    if cot_han_xu_ly in df.columns:
        han = doc_cot_ngay(df[cot_han_xu_ly], cot_han_xu_ly, nguon=nguon)
    else:
        han = np.full(len(df), np.datetime64("NaT", "D"))
    can = np.isnat(han)
    if can.any():
        if cot_so_ngay not in df.columns:
            _loi_dong("thiếu hạn xử lý", can, df, cot_han_xu_ly, nguon,
                      hint=f"ghi hạn xử lý, hoặc thêm cột '{cot_so_ngay}' (số ngày làm việc)")
        so = _so_ngay(df, cot_so_ngay, nguon)
        _loi_dong(f"thiếu cả hạn xử lý lẫn số ngày xử lý ('{cot_so_ngay}')", can & np.isnan(so), df,
                  cot_han_xu_ly if cot_han_xu_ly in df.columns else cot_so_ngay, nguon,
                  hint="ghi hạn xử lý hoặc số ngày làm việc của thủ tục")
        lich = LichLamViec() if lich is None else lich
        tu = nhan.copy()
        if gio_chot is not None:  # received after the cut-off hour: as if received the next day
            tre = sau_gio_chot(df[cot_ngay_nhan], gio_chot, cot_ngay_nhan)
            tu[tre] = tu[tre] + np.timedelta64(1, "D")
        han[can] = lich.cong_ngay_lam_viec_series(tu[can], so[can], tinh_ngay_dau=tinh_ngay_nhan,
                                                  nhan_ngay_nghi=nhan_ngay_nghi).to_numpy("datetime64[D]")

    co_tra = ~np.isnat(tra)
    bad = co_tra & (tra < nhan)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        _loi_dong(f"ngày trả kết quả {_ngay_str(tra[pos])} trước ngày tiếp nhận {_ngay_str(nhan[pos])}", bad, df,
                  cot_ngay_tra, nguon, hint="kiểm tra lại hai ngày của hồ sơ này")
    bad = han < nhan
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        _loi_dong(f"hạn xử lý {_ngay_str(han[pos])} trước ngày tiếp nhận {_ngay_str(nhan[pos])}", bad, df,
                  cot_han_xu_ly, nguon, hint="kiểm tra lại hạn xử lý của hồ sơ này")

    s = doc_ngay(tu_ngay, "tu_ngay") if tu_ngay is not None else None
    e = doc_ngay(den_ngay, "den_ngay") if den_ngay is not None else None
    r = doc_ngay(ngay_bao_cao, "ngay_bao_cao") if ngay_bao_cao is not None else None
    e = r if e is None else e
    r = e if r is None else r
    if s is not None and e is not None and s > e:
        raise DataError(f"kỳ báo cáo từ {s:%d/%m/%Y} đến {e:%d/%m/%Y}: ngày bắt đầu sau ngày kết thúc",
                        where="tu_ngay", hint="đổi chỗ hai ngày")

    n = len(df)
    trong_ky = np.ones(n, bool)
    ky_truoc = np.zeros(n, bool)
    da_tra = co_tra.copy()
    if e is not None:
        e64 = np.datetime64(e, "D")
        trong_ky &= nhan <= e64
        da_tra &= tra <= e64
    if s is not None:
        s64 = np.datetime64(s, "D")
        trong_ky &= ~co_tra | (tra >= s64)
        ky_truoc = trong_ky & (nhan < s64)
    da_tra &= trong_ky
    dang = trong_ky & ~da_tra
    ma = np.zeros(n, np.int8)
    ma[da_tra & (tra < han)] = 1
    ma[da_tra & (tra == han)] = 2
    ma[da_tra & (tra > han)] = 3
    if r is None:
        if dang.any():  # no silent "today": whether a pending dossier is late depends on the day asked
            raise DataError("có hồ sơ đang giải quyết nhưng không có ngày báo cáo để biết còn trong hạn hay "
                            "đã quá hạn", where=nguon or "ngay_bao_cao",
                            hint="cho ngay_bao_cao= (hoặc den_ngay=), ví dụ ngay_bao_cao='31/03/2024'")
    else:
        r64 = np.datetime64(r, "D")
        ma[dang & (han >= r64)] = 4
        ma[dang & (han < r64)] = 5
    return _HoSo(nhan, han, tra, ma, ky_truoc, trong_ky, s, e, r)


# ---------------------------------------------------------------- public functions

_KW_DOC = """
    Columns are named by ``cot_ngay_nhan``, ``cot_han_xu_ly``, ``cot_so_ngay`` and
    ``cot_ngay_tra``. A due date in ``han_xu_ly`` wins; where it is blank (or the column is
    absent) it is ``so_ngay_xu_ly`` working days after the receipt day in ``lich`` (default
    ``LichLamViec()``), the receipt day not counted (``tinh_ngay_nhan=True`` counts it as
    day 1). A receipt on a day off counts as received on the next working day, as the one-stop
    rules say (Nghị định 61/2018/NĐ-CP; Nghị định 45/2020/NĐ-CP online);
    ``nhan_ngay_nghi="ngay_lam_viec_truoc"`` keeps the older reading (see
    :mod:`baocao.chiso.lich`). ``gio_chot`` (``15``, ``"15:30"``): a receipt at or after that
    hour counts as received the next working day (receipts need their time of day). Dates are
    datetimes (an aware time in Việt Nam's time) or text (``2024-02-07``, ``07/02/2024``,
    ``07/02/2024 15:30``). ``den_ngay`` defaults to ``ngay_bao_cao`` (no end if both are
    missing), ``ngay_bao_cao`` to ``den_ngay``; with neither, a pending dossier is an error
    (never "today"). Without ``tu_ngay`` nothing is carried over. ``nguon`` (a file name)
    prefixes the place in error messages.
"""


def phan_loai(df: pd.DataFrame, *, tu_ngay: Any = None, den_ngay: Any = None, ngay_bao_cao: Any = None,
              lich: LichLamViec | None = None, cot_ngay_nhan: str = "ngay_nhan", cot_han_xu_ly: str = "han_xu_ly",
              cot_so_ngay: str = "so_ngay_xu_ly", cot_ngay_tra: str = "ngay_tra", tinh_ngay_nhan: bool = False,
              nguon: str | None = None, gio_chot: Any = None,
              nhan_ngay_nghi: str = "ngay_lam_viec_sau") -> pd.DataFrame:
    """Each dossier's status: a copy of ``df`` with the due date filled in ``cot_han_xu_ly``
    (``datetime64``), ``trang_thai`` (one of :data:`TRANG_THAI`'s labels; missing for
    dossiers outside the period) and ``ky_truoc_chuyen_sang`` (bool). Handy to list the
    late dossiers by name.

    >>> log = pd.DataFrame({"ngay_nhan": ["07/02/2024", "07/02/2024"], "so_ngay_xu_ly": [3, 3],
    ...                     "ngay_tra": ["19/02/2024", "20/02/2024"]})
    >>> phan_loai(log)[["han_xu_ly", "trang_thai"]]
       han_xu_ly trang_thai
    0 2024-02-19   đúng hạn
    1 2024-02-19    quá hạn
    """
    hs = _tinh(df, tu_ngay=tu_ngay, den_ngay=den_ngay, ngay_bao_cao=ngay_bao_cao, lich=lich,
               cot_ngay_nhan=cot_ngay_nhan, cot_han_xu_ly=cot_han_xu_ly, cot_so_ngay=cot_so_ngay,
               cot_ngay_tra=cot_ngay_tra, tinh_ngay_nhan=tinh_ngay_nhan, nguon=nguon,
               gio_chot=gio_chot, nhan_ngay_nghi=nhan_ngay_nghi)
    out = df.copy()
    out[cot_han_xu_ly] = hs.han.astype("datetime64[ns]")
    labels = pd.Index(list(TRANG_THAI.values()))
    out["trang_thai"] = pd.Categorical.from_codes(hs.ma.astype("int64") - 1, categories=labels)
    out["ky_truoc_chuyen_sang"] = hs.ky_truoc
    return out


phan_loai.__doc__ = (phan_loai.__doc__ or "") + _KW_DOC


def _bang(counts: pd.DataFrame) -> pd.DataFrame:
    """The figure columns (COT_SO_LIEU + COT_TY_LE) from per-code counts ``m1``..``m5``, ``kt`` and ``n``."""
    c = {k: counts[k].to_numpy("int64") for k in ("m1", "m2", "m3", "m4", "m5", "kt", "n")}
    out = pd.DataFrame({
        "tong_so": c["n"], "ky_truoc_chuyen_sang": c["kt"], "moi_tiep_nhan": c["n"] - c["kt"],
        "da_giai_quyet": c["m1"] + c["m2"] + c["m3"], "truoc_han": c["m1"], "dung_han": c["m2"], "qua_han": c["m3"],
        "dang_giai_quyet": c["m4"] + c["m5"], "con_trong_han": c["m4"], "da_qua_han": c["m5"],
    }, index=counts.index)
    dung = out["truoc_han"] + out["dung_han"]
    out["ty_le_dung_han"] = _ty_le_mang(dung, out["da_giai_quyet"])
    out["ty_le_truoc_han"] = _ty_le_mang(out["truoc_han"], out["da_giai_quyet"])
    out["ty_le_dung_han_tren_tong"] = _ty_le_mang(dung, out["tong_so"])
    return out


def _nhom(col: pd.Series) -> pd.Series:
    """A grouping column with its blanks named, keeping a Categorical's order."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        if col.isna().any():
            if KHONG_XAC_DINH not in col.cat.categories:
                col = col.cat.add_categories([KHONG_XAC_DINH])
            col = col.fillna(KHONG_XAC_DINH)
        return col
    blank = col.isna()
    if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
        blank |= col.astype(str).str.strip() == ""
    return col.astype(object).where(~blank, KHONG_XAC_DINH) if blank.any() else col


@renamed({"theo": "by"}, name="chiso.tien_do")
def tien_do(df: pd.DataFrame, *, tu_ngay: Any = None, den_ngay: Any = None, ngay_bao_cao: Any = None,
            by: str | Sequence[str] | None = None, lich: LichLamViec | None = None,
            cot_ngay_nhan: str = "ngay_nhan", cot_han_xu_ly: str = "han_xu_ly", cot_so_ngay: str = "so_ngay_xu_ly",
            cot_ngay_tra: str = "ngay_tra", tinh_ngay_nhan: bool = False, nguon: str | None = None,
            gio_chot: Any = None, nhan_ngay_nghi: str = "ngay_lam_viec_sau") -> KetQuaHoSo:
    """Dossier timeliness of the period, in total and by ``by`` (a column such as
    ``"linh_vuc"``, ``"kenh"`` or ``"don_vi"``, or a list of them).

    :attr:`KetQuaHoSo.bang` has the ``by`` columns, then :data:`COT_SO_LIEU` and the three
    rates, one row per group in order of first appearance (a Categorical column keeps its
    category order and shows empty categories as zero rows; blank values are grouped as
    "Không xác định"), and a last row with "Tổng cộng" in the first ``by`` column. Without
    ``by`` it is the single total row.

    >>> log = pd.DataFrame({
    ...     "ngay_nhan": ["28/12/2023", "02/01/2024", "03/01/2024", "04/01/2024"],
    ...     "han_xu_ly": ["05/01/2024", "05/01/2024", "10/01/2024", "31/01/2024"],
    ...     "ngay_tra": ["03/01/2024", "08/01/2024", "09/01/2024", ""],
    ...     "kenh": ["trực tiếp", "trực tuyến", "trực tuyến", "bưu chính"],
    ... })
    >>> kq = tien_do(log, tu_ngay="01/01/2024", den_ngay="31/01/2024", by="kenh")
    >>> kq.tong_so, kq.ky_truoc_chuyen_sang, kq.da_giai_quyet, kq.qua_han, kq.con_trong_han
    (4, 1, 3, 1, 1)
    >>> kq.bang[["kenh", "tong_so", "da_giai_quyet", "qua_han", "ty_le_dung_han"]]
             kenh  tong_so  da_giai_quyet  qua_han  ty_le_dung_han
    0   trực tiếp        1              1        0      100.000000
    1  trực tuyến        2              2        1       50.000000
    2   bưu chính        1              0        0             NaN
    3   Tổng cộng        4              3        1       66.666667
    """
    nhom = [] if by is None else [by] if isinstance(by, str) else list(by)
    cols = {g: _nhom(_tim_cot(df, g, nguon, "cột nhóm trong by=")) for g in nhom} if isinstance(
        df, pd.DataFrame) else {}
    hs = _tinh(df, tu_ngay=tu_ngay, den_ngay=den_ngay, ngay_bao_cao=ngay_bao_cao, lich=lich,
               cot_ngay_nhan=cot_ngay_nhan, cot_han_xu_ly=cot_han_xu_ly, cot_so_ngay=cot_so_ngay,
               cot_ngay_tra=cot_ngay_tra, tinh_ngay_nhan=tinh_ngay_nhan, nguon=nguon,
               gio_chot=gio_chot, nhan_ngay_nghi=nhan_ngay_nghi)
    ma = hs.ma[hs.trong_ky]
    dem = np.bincount(ma, minlength=6)
    tong = pd.DataFrame({**{f"m{k}": [int(dem[k])] for k in range(1, 6)},
                         "kt": [int(hs.ky_truoc.sum())], "n": [int(hs.trong_ky.sum())]})
    bang_tong = _bang(tong)
    if nhom:
        chi_so = pd.DataFrame({f"m{k}": ma == k for k in range(1, 6)})
        chi_so["kt"] = hs.ky_truoc[hs.trong_ky]
        chi_so["n"] = True
        keys = [pd.Series(cols[g].to_numpy()[hs.trong_ky], name=g, dtype=cols[g].dtype) for g in nhom]
        tat_ca_phan_loai = all(isinstance(cols[g].dtype, pd.CategoricalDtype) for g in nhom)
        counts = chi_so.groupby(keys, sort=tat_ca_phan_loai, observed=False, dropna=False).sum()
        theo_nhom = _bang(counts).reset_index()
        for g in nhom:
            theo_nhom[g] = theo_nhom[g].astype(object)
        dong_tong = bang_tong.copy()
        for i, g in enumerate(nhom):
            dong_tong.insert(i, g, TONG_CONG if i == 0 else "")
        bang = pd.concat([theo_nhom, dong_tong], ignore_index=True)
    else:
        bang = bang_tong
    first = bang_tong.iloc[0]
    # the counts as int, the rates as float: field by field, which a type checker cannot follow
    so_lieu: dict[str, Any] = {**{k: int(first[k]) for k in COT_SO_LIEU}, **{k: float(first[k]) for k in COT_TY_LE}}
    return KetQuaHoSo(
        **so_lieu,
        bang=bang, by=tuple(nhom), tu_ngay=hs.tu_ngay, den_ngay=hs.den_ngay, ngay_bao_cao=hs.ngay_bao_cao)


tien_do.__doc__ = (tien_do.__doc__ or "") + _KW_DOC
