"""Reform-index scores (Chỉ số CCHC / PAR Index): per cent of the maximum, rank bands, rankings (spec §9).

Each component (thành phần) has a maximum score; its index is *points / applicable maximum × 100 %*.
"Applicable" matters: a criterion that does not apply to a unit is left blank (NaN) and drops out
of **both** sums, so 26,44 points out of an applicable 27 is 97,93 %, not 91,17 %.

The choices made here, for reports to be consistent with their own tables:

* **Ranking uses the unrounded value.** 89,995 % is written "90,00%" with two decimals but ranks
  "tốt", because the rank bands are rules about the score, not about how it is printed. Provinces
  whose rules rank the *published* figure pass ``decimals=2`` (half-up, as :func:`baocao.formatting.so`
  rounds). A value within 10⁻⁹ of a bound counts as reaching it: that only absorbs float noise
  (``0.29 * 100`` is 28.999999999999996), never a real difference.
* **Bands are data**: a sequence of ``(lower bound, label)`` pairs, highest or lowest first, each
  bound inclusive. The lowest bound is a floor: a score below it is an error, not a silent rank
  (the default floor is 0, so a negative per cent is reported).
* **Ties share a rank** and the next rank skips (1, 2, 2, 4), as competition rankings are published.
* **Bad data is an error that names its place**: text in a number column, a maximum ≤ 0, points
  above the maximum or below 0 raise :class:`~baocao.errors.DataError` naming the column and the
  row — the row by its label in the DataFrame's index, as ``print(df)`` and ``df.loc`` show it
  (with the default index the first row is "dòng 0").

>>> round(ty_le_diem(26.44, 29), 4), xep_loai(ty_le_diem(26.44, 29)), xep_loai(85.02)
(91.1724, 'xuất sắc', 'tốt')
>>> from baocao.formatting import phan_tram
>>> viet_diem(26.44, 29), phan_tram(ty_le_diem(26.44, 29))
('26,44/29 điểm', '91,17%')
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from baocao.data import check_columns
from baocao.errors import DataError
from baocao.formatting import _la_so_nguyen, so
from baocao.numbers import exact, is_blank, round_half_up
from baocao.renamed import renamed

__all__ = [
    "MAC_DINH",
    "BangDiem",
    "bang_diem",
    "kiem_tra_bac",
    "lam_tron",
    "ty_le_diem",
    "viet_diem",
    "xep_hang",
    "xep_loai",
]

#: The common rank bands of spec §9, highest first: xuất sắc ≥ 90, tốt 80 to < 90, khá 70 to < 80,
#: trung bình 50 to < 70, yếu < 50 (down to 0). Bands differ by province and year: pass your own.
MAC_DINH: tuple[tuple[float, str], ...] = (
    (90, "xuất sắc"),
    (80, "tốt"),
    (70, "khá"),
    (50, "trung bình"),
    (0, "yếu"),
)

#: How close to a band bound a score must be to reach it: float noise only.
_DUNG_SAI = 1e-9

_HINT_SO = ("viết số với dấu chấm thập phân (26.44), không có dấu phân cách hàng nghìn; "
            "để trống nếu tiêu chí không áp dụng")

Number = float | int | Decimal | np.number
ScoreLike = Number | pd.Series | Sequence[Any]


# ------------------------------------------------------------------------------------------ numbers

def _so_thuc(value: object, where: str) -> float:
    """``value`` as a float; NaN if it is missing; a :class:`DataError` naming ``where`` if it is not a number."""
    if isinstance(value, (bool, np.bool_)):
        raise DataError(f"{value!r} là giá trị đúng/sai, không phải là số", where=where, hint=_HINT_SO)
    if is_blank(value):  # a blank cell: not applicable
        return math.nan
    if isinstance(value, (numbers.Real, Decimal)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(Decimal(value.strip()))
        except ArithmeticError:
            raise DataError(f"{value!r} không phải là số", where=where, hint=_HINT_SO) from None
        if math.isnan(number):
            raise DataError(f"{value!r} không phải là số", where=where, hint=_HINT_SO)
    else:
        raise DataError(f"{value!r} ({type(value).__name__}) không phải là số", where=where, hint=_HINT_SO)
    if math.isinf(number):
        raise DataError(f"{value!r} là vô cực, không phải là điểm", where=where, hint="kiểm tra phép tính ra số này")
    return number


def _dong(label: Hashable) -> str:
    return f"dòng {label}"


def _cot_so(df: pd.DataFrame, cot: str, source: str, ten: pd.Series | None = None) -> pd.Series:
    """Column ``cot`` as floats (NaN = blank); text or booleans raise a DataError naming column and row.

    ``ten`` (the component names) is quoted in the message to find the row faster.
    """
    values = df[cot]
    if pd.api.types.is_bool_dtype(values.dtype):
        bad = values.notna()
    else:
        blank = values.map(is_blank).astype(bool)
        numbers_ = pd.to_numeric(values.where(~blank), errors="coerce")
        is_bool = values.map(lambda v: isinstance(v, (bool, np.bool_))).astype(bool)
        bad = (~blank & numbers_.isna()) | is_bool | np.isinf(numbers_.fillna(0))
        if not bad.any():
            return numbers_.astype(float)
    position = int(np.flatnonzero(bad.to_numpy())[0])
    value = values.iloc[position]
    of = f" (thành phần {ten.iloc[position]!r})" if ten is not None else ""
    what = "là giá trị đúng/sai, không phải là số" if isinstance(value, (bool, np.bool_)) else "không phải là số"
    raise DataError(f"{value!r}{of} {what}", where=f"{source}: cột '{cot}', {_dong(values.index[position])}",
                    hint=_HINT_SO)


def lam_tron(value: Number, decimals: int) -> float:
    """``value`` rounded half-up to ``decimals`` places, as :func:`baocao.formatting.so` shows it.

    Floats are read by their shortest repr, so 2.675 rounds to 2.68 and 89.995 to 90.0.

    >>> lam_tron(89.995, 2), lam_tron(2.675, 2), lam_tron(0.125, 2), lam_tron(-1.5, 0)
    (90.0, 2.68, 0.13, -2.0)
    """
    places = _so_le(decimals)
    number = _so_thuc(value, "lam_tron")
    if math.isnan(number):
        return number
    return float(round_half_up(exact(value, text=True, where="lam_tron"), places))


def _so_le(decimals: object) -> int:
    """The decimals of :func:`lam_tron` and of ``decimals=`` (checked)."""
    if not isinstance(decimals, numbers.Integral) or not _la_so_nguyen(decimals) or decimals < 0:
        raise DataError(f"số chữ số thập phân phải là số nguyên từ 0 trở lên, nhận {decimals!r}",
                        hint="ví dụ decimals=2")
    return int(decimals)


# ------------------------------------------------------------------------------------------ ty_le_diem

def _day(values: Any, ten: str) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    return pd.Series(list(values), name=ten)


def ty_le_diem(diem: ScoreLike, toi_da: ScoreLike) -> float:
    """Points as a per cent of the applicable maximum: ``diem / toi_da × 100``.

    Scalars, or two Series (or lists) of the criteria of one component, same length and index:
    then the result is ``sum(points) / sum(maxima) × 100`` over the **applicable** criteria only —
    a blank (NaN, ``None``) point means "not applicable" and its maximum is left out as well
    (that maximum may then be blank too). NaN if nothing applies.

    Every maximum must be > 0, every point between 0 and its maximum.

    >>> round(ty_le_diem(26.44, 29), 2)
    91.17
    >>> diem = pd.Series([10, 12.44, None]); toi_da = pd.Series([10, 15, 4])
    >>> round(ty_le_diem(diem, toi_da), 2)  # 22,44 / 25: the 4 points not applicable are left out
    89.76
    >>> ty_le_diem(5, 0)
    Traceback (most recent call last):
    ...
    baocao.errors.DataError: ty_le_diem: điểm tối đa phải lớn hơn 0, nhận 0 (kiểm tra cột điểm tối đa)
    """
    scalar_d = not isinstance(diem, (pd.Series, list, tuple, np.ndarray))
    scalar_t = not isinstance(toi_da, (pd.Series, list, tuple, np.ndarray))
    if scalar_d != scalar_t:
        raise DataError("điểm và điểm tối đa phải cùng là số, hoặc cùng là dãy số", where="ty_le_diem",
                        hint="ty_le_diem(26.44, 29) hoặc ty_le_diem(df['diem'], df['toi_da'])")
    if scalar_d:
        frame = pd.DataFrame({"diem": [diem], "toi_da": [toi_da]}, dtype=object)
        d, t = _kiem_diem(frame, "diem", "toi_da", "ty_le_diem", scalar=True)
    else:
        sd, st = _day(diem, "diem"), _day(toi_da, "toi_da")
        if len(sd) != len(st) or not sd.index.equals(st.index):
            raise DataError(f"dãy điểm ({len(sd)} dòng) và dãy điểm tối đa ({len(st)} dòng) không khớp nhau",
                            where="ty_le_diem", hint="hai dãy phải có cùng số dòng và cùng chỉ mục (index)")
        cd = str(sd.name) if sd.name is not None else "diem"
        ct = str(st.name) if st.name is not None else "toi_da"
        if ct == cd:
            cd, ct = f"{cd} (điểm)", f"{ct} (tối đa)"
        frame = pd.DataFrame({cd: sd, ct: st})
        d, t = _kiem_diem(frame, cd, ct, "ty_le_diem")
    applies = d.notna()
    if not applies.any():
        return math.nan
    return float(d[applies].sum()) * 100 / float(t[applies].sum())


def _kiem_diem(df: pd.DataFrame, cot_diem: str, cot_toi_da: str, source: str, *, scalar: bool = False,
               ten: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """Validated points and maxima: numbers, maximum > 0, 0 ≤ points ≤ maximum (blank points allowed)."""
    if scalar:
        d = pd.Series([_so_thuc(df[cot_diem].iloc[0], f"{source}: điểm")])
        t = pd.Series([_so_thuc(df[cot_toi_da].iloc[0], f"{source}: điểm tối đa")])
    else:
        d, t = _cot_so(df, cot_diem, source, ten), _cot_so(df, cot_toi_da, source, ten)

    def fail(mask: pd.Series, cot: str, message: str, hint: str) -> None:
        position = int(np.flatnonzero(mask.to_numpy())[0])
        of = f" (thành phần {ten.iloc[position]!r})" if ten is not None else ""
        where = source if scalar else f"{source}: cột '{cot}', {_dong(df.index[position])}"
        value = (d if cot == cot_diem else t).iloc[position]
        raise DataError(message.format(v=format(value, "g")) + of, where=where, hint=hint)

    missing_max = t.isna() & d.notna()
    if missing_max.any():
        fail(missing_max, cot_toi_da, "thiếu điểm tối đa",
             "điền điểm tối đa; để trống cả điểm nếu tiêu chí không áp dụng")
    not_positive = t.notna() & (t <= 0)
    if not_positive.any():
        fail(not_positive, cot_toi_da, "điểm tối đa phải lớn hơn 0, nhận {v}", "kiểm tra cột điểm tối đa")
    negative = d < 0
    if negative.any():
        fail(negative, cot_diem, "điểm không được âm, nhận {v}", "kiểm tra cột điểm")
    above = d > t + _DUNG_SAI
    if above.any():
        position = int(np.flatnonzero(above.to_numpy())[0])
        fail(above, cot_diem, "điểm {v} lớn hơn điểm tối đa " + format(t.iloc[position], "g"),
             "kiểm tra dấu thập phân và cột điểm tối đa")
    return d, t


def viet_diem(diem: Number, toi_da: Number, *, decimals: int = 2, don_vi: str = "điểm") -> str:
    """Points out of the maximum as reports write them: ``26,44/29 điểm``.

    Half-up to at most ``decimals`` places; trailing zeros are dropped (``29``, not ``29,00``).

    >>> viet_diem(26.44, 29), viet_diem(85.016, 100), viet_diem(7, 7.5, don_vi="")
    ('26,44/29 điểm', '85,02/100 điểm', '7/7,5')
    """
    _kiem_diem(pd.DataFrame({"d": [diem], "t": [toi_da]}, dtype=object), "d", "t", "viet_diem", scalar=True)
    text = f"{so(diem, decimals, gon=True)}/{so(toi_da, decimals, gon=True)}"
    return f"{text} {don_vi}" if don_vi else text


# ------------------------------------------------------------------------------------------ bands

def kiem_tra_bac(bands: Sequence[tuple[Number, str]]) -> tuple[tuple[float, str], ...]:
    """Validate rank bands and return them highest first.

    ``bands`` is a sequence of ``(lower bound, label)`` pairs, listed highest first (as
    reports do) or lowest first, with strictly increasing or decreasing bounds, finite
    numbers (the lowest may be ``-inf``), no label twice.

    >>> kiem_tra_bac([(0, "chưa đạt"), (50, "đạt")])
    ((50.0, 'đạt'), (0.0, 'chưa đạt'))
    >>> kiem_tra_bac([(90, "xuất sắc"), (70, "khá"), (80, "tốt")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    baocao.errors.DataError: bands: các mức dưới không theo thứ tự: 90, 70, 80 (...)
    """
    hint = "ví dụ [(90, 'xuất sắc'), (80, 'tốt'), (70, 'khá'), (50, 'trung bình'), (0, 'yếu')]"
    if isinstance(bands, (str, bytes)) or not isinstance(bands, Sequence) or not bands:
        raise DataError(f"thang xếp loại phải là một danh sách (mức dưới, tên hạng), nhận {bands!r}",
                        where="bands", hint=hint)
    checked: list[tuple[float, str]] = []
    for item in bands:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise DataError(f"mỗi hạng phải là một cặp (mức dưới, tên hạng), nhận {item!r}", where="bands", hint=hint)
        bound, label = item
        if isinstance(bound, (bool, np.bool_)) or not isinstance(bound, (numbers.Real, Decimal)) \
                or math.isnan(bound) or bound == math.inf:
            raise DataError(f"mức dưới của hạng {label!r} phải là một số, nhận {bound!r}", where="bands", hint=hint)
        if not isinstance(label, str) or not label.strip():
            raise DataError(f"tên hạng của mức {bound!r} phải là chữ, nhận {label!r}", where="bands", hint=hint)
        checked.append((float(bound), label))
    bounds = [bound for bound, _ in checked]
    shown = ", ".join(format(b, "g") for b in bounds)
    if len(set(bounds)) != len(bounds):
        raise DataError(f"hai hạng có cùng mức dưới: {shown}", where="bands", hint=hint)
    labels = [label for _, label in checked]
    twice = sorted({label for label in labels if labels.count(label) > 1})
    if twice:
        raise DataError(f"tên hạng lặp lại: {', '.join(map(repr, twice))}", where="bands", hint=hint)
    if bounds == sorted(bounds):
        checked.reverse()
    elif bounds != sorted(bounds, reverse=True):
        raise DataError(f"các mức dưới không theo thứ tự: {shown}", where="bands",
                        hint="liệt kê từ hạng cao nhất xuống hạng thấp nhất, " + hint)
    if any(math.isinf(b) for b, _ in checked[:-1]):
        raise DataError("chỉ hạng thấp nhất được có mức dưới -inf", where="bands", hint=hint)
    return tuple(checked)


@overload
def xep_loai(diem_phan_tram: Number, bands: Sequence[tuple[Number, str]] = ..., *,
             decimals: int | None = ...) -> str: ...


@overload
def xep_loai(diem_phan_tram: pd.Series, bands: Sequence[tuple[Number, str]] = ..., *,
             decimals: int | None = ...) -> pd.Series: ...


@renamed({"lam_tron": "decimals"}, name="chiso.xep_loai")
def xep_loai(diem_phan_tram: Number | pd.Series, bands: Sequence[tuple[Number, str]] = MAC_DINH, *,
             decimals: int | None = None) -> str | pd.Series:
    """The rank label of a score in per cent: the highest band whose lower bound it reaches.

    Bounds are inclusive (90 is "xuất sắc"), the value is **not** rounded first: 89,995 is
    "tốt" even though it prints as "90,00" — pass ``decimals=2`` to rank the printed value.
    A Series gives a Series of labels, with ``None`` where the score is blank (not
    applicable); a blank scalar is an error. A score below the lowest band is an error.

    >>> xep_loai(90), xep_loai(89.995), xep_loai(89.995, decimals=2), xep_loai(49.99), xep_loai(85.02)
    ('xuất sắc', 'tốt', 'xuất sắc', 'yếu', 'tốt')
    >>> xep_loai(62.5, [(75, "đạt"), (0, "chưa đạt")])
    'chưa đạt'
    >>> xep_loai(pd.Series([91.17, None, 72.0])).tolist()
    ['xuất sắc', None, 'khá']
    """
    checked = kiem_tra_bac(bands)
    if isinstance(diem_phan_tram, pd.Series):
        values = _cot_so(diem_phan_tram.to_frame(name=str(diem_phan_tram.name or "diem")),
                         str(diem_phan_tram.name or "diem"), "xep_loai")
        values.index = diem_phan_tram.index
    else:
        value = _so_thuc(diem_phan_tram, "xep_loai")
        if math.isnan(value):
            raise DataError("không xếp loại được: thiếu điểm", where="xep_loai",
                            hint="thành phần không áp dụng thì không xếp loại")
        values = pd.Series([value])
    if decimals is not None:
        places = _so_le(decimals)
        values = values.map(lambda v: v if math.isnan(v) else float(round_half_up(v, places)))
    labels = pd.Series([None] * len(values), index=values.index, dtype=object)
    for bound, label in reversed(checked):  # lowest first: higher bands overwrite
        labels[values >= bound - _DUNG_SAI] = label
    below = values.notna() & labels.isna()
    if below.any():
        position = int(np.flatnonzero(below.to_numpy())[0])
        where = f"xep_loai: {_dong(values.index[position])}" if isinstance(diem_phan_tram, pd.Series) else "xep_loai"
        lowest, name = checked[-1]
        raise DataError(f"điểm {format(values.iloc[position], 'g')} thấp hơn mức dưới của hạng thấp nhất "
                        f"({name!r} từ {format(lowest, 'g')})", where=where,
                        hint="kiểm tra điểm, hoặc thêm một hạng thấp hơn vào bands")
    if isinstance(diem_phan_tram, pd.Series):
        return labels.rename("xep_loai")
    return str(labels.iloc[0])


# ------------------------------------------------------------------------------------------ bang_diem

@dataclass(frozen=True, eq=False)
class BangDiem:
    """Scores of one unit: per component, and in total.

    ``thanh_phan``: one row per component in the order first met, indexed by its name, with
    columns ``diem`` (applicable points), ``toi_da`` (applicable maximum), ``ty_le`` (per cent)
    and ``xep_loai`` (rank label). A component with nothing applicable has NaN points,
    maximum and per cent, and rank ``None``.

    ``diem``, ``toi_da``: the total points and the total applicable maximum; ``ty_le`` = ``diem /
    toi_da × 100`` (the index: 85,02 điểm out of 100 is 85,02 %); ``xep_loai`` its rank (``None``
    if nothing applies).

    Frozen: the fields cannot be reassigned (the frame itself is pandas', copy before changing it).
    Compared by identity (a DataFrame has no single truth value).
    """

    thanh_phan: pd.DataFrame
    diem: float
    toi_da: float
    ty_le: float
    xep_loai: str | None

    def to_frame(self, tong: str | None = "Tổng cộng") -> pd.DataFrame:
        """The component table with a total row named ``tong`` last (``None``: no total row).

        >>> df = pd.DataFrame({"thanh_phan": ["TTHC", "Khác"], "diem": [26.44, 58.58], "toi_da": [29, 71]})
        >>> bang_diem(df).to_frame().round(2)  # doctest: +NORMALIZE_WHITESPACE
                      diem  toi_da   ty_le  xep_loai
        thanh_phan
        TTHC         26.44    29.0   91.17  xuất sắc
        Khác         58.58    71.0   82.51       tốt
        Tổng cộng    85.02   100.0   85.02       tốt
        """
        table = self.thanh_phan.copy()
        if tong is None:
            return table
        index = pd.Index([tong], name=table.index.name)
        total = pd.DataFrame({"diem": [self.diem], "toi_da": [self.toi_da], "ty_le": [self.ty_le],
                              "xep_loai": pd.Series([self.xep_loai], index=index, dtype=object)}, index=index)
        return pd.concat([table, total])


@overload
def bang_diem(df: pd.DataFrame, *, thanh_phan: str = ..., diem: str = ..., toi_da: str = ..., by: None = ...,
              bands: Sequence[tuple[Number, str]] = ...) -> BangDiem: ...


@overload
def bang_diem(df: pd.DataFrame, *, thanh_phan: str = ..., diem: str = ..., toi_da: str = ..., by: str,
              bands: Sequence[tuple[Number, str]] = ...) -> dict[Any, BangDiem]: ...


@renamed({"theo": "by"}, name="chiso.bang_diem")
def bang_diem(df: pd.DataFrame, *, thanh_phan: str = "thanh_phan", diem: str = "diem", toi_da: str = "toi_da",
              by: str | None = None,
              bands: Sequence[tuple[Number, str]] = MAC_DINH) -> BangDiem | dict[Any, BangDiem]:
    """The score table of a unit from one row per component — or per criterion.

    Rows with the same ``thanh_phan`` are criteria of one component and are summed. A blank
    point (NaN, ``None``, empty text) means *not applicable*: that row's maximum leaves the
    component's and the total's maximum (it may be blank too). Components and total are
    ranked by their per cent with ``bands``.

    ``by`` names a column to split by (a unit, a year): the result is then a ``dict`` from
    each of its values (in the order first met) to that group's :class:`BangDiem`.

    Raises :class:`~baocao.errors.DataError` for a missing column, a blank component name, text
    in a number column, a maximum ≤ 0, points < 0 or above their maximum — naming column and row.

    >>> df = pd.DataFrame({"thanh_phan": ["Cải cách TTHC", "Cải cách TTHC", "Cải cách thể chế"],
    ...                    "diem": [24.44, None, 8.5], "toi_da": [27, 2, 10]})
    >>> b = bang_diem(df)
    >>> b.thanh_phan.loc["Cải cách TTHC", ["diem", "toi_da"]].tolist(), round(b.ty_le, 2), b.xep_loai
    ([24.44, 27.0], 89.03, 'tốt')
    """
    source = "bảng điểm"
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"bảng điểm phải là một pandas.DataFrame, nhận {type(df).__name__}", where=source,
                        hint="đọc tệp bằng pandas.read_csv / baocao.data.load_data")
    checked = kiem_tra_bac(bands)
    check_columns(df, [thanh_phan, diem, toi_da] + ([by] if by is not None else []), source=source)
    names = df[thanh_phan]
    blank = names.map(is_blank).astype(bool)
    if blank.any():
        position = int(np.flatnonzero(blank.to_numpy())[0])
        raise DataError("thiếu tên thành phần", where=f"{source}: cột '{thanh_phan}', {_dong(df.index[position])}",
                        hint="điền tên thành phần cho mọi dòng")
    d, t = _kiem_diem(df, diem, toi_da, source, ten=names)
    clean = pd.DataFrame({"_tp": names.to_numpy(), "diem": d.to_numpy(), "toi_da": t.to_numpy()})
    if by is None:
        return _bang(clean, thanh_phan, checked)
    clean["_theo"] = df[by].to_numpy()
    return {key: _bang(group.drop(columns="_theo"), thanh_phan, checked)
            for key, group in clean.groupby("_theo", sort=False, dropna=False)}


def _bang(clean: pd.DataFrame, ten_cot: str, bands: tuple[tuple[float, str], ...]) -> BangDiem:
    applies = clean["diem"].notna()
    used = clean.assign(toi_da=clean["toi_da"].where(applies))
    grouped = used.groupby("_tp", sort=False)
    table = pd.DataFrame({
        "diem": grouped["diem"].sum(min_count=1),
        "toi_da": grouped["toi_da"].sum(min_count=1),
    })
    table["ty_le"] = table["diem"] * 100 / table["toi_da"]
    table["xep_loai"] = xep_loai(table["ty_le"], bands)
    table.index.name = ten_cot
    total_points = float(table["diem"].sum(min_count=1))
    total_max = float(table["toi_da"].sum(min_count=1))
    ratio = total_points * 100 / total_max if not math.isnan(total_max) else math.nan
    rank = xep_loai(ratio, bands) if not math.isnan(ratio) else None
    return BangDiem(thanh_phan=table, diem=total_points, toi_da=total_max, ty_le=ratio, xep_loai=rank)


# ------------------------------------------------------------------------------------------ xep_hang

#: The ways :func:`xep_hang` ranks ties.
CachXepHang = Literal["min", "max", "dense", "first"]
_CACH: tuple[CachXepHang, ...] = ("min", "max", "dense", "first")


@renamed({"cot": "column", "lam_tron": "decimals"}, name="chiso.xep_hang")
def xep_hang(df: pd.DataFrame, column: str, *, giam_dan: bool = True, cach: CachXepHang = "min",
             cot_hang: str = "hang", decimals: int | None = None) -> pd.DataFrame:
    """A ranking table: ``df`` sorted by its ``column`` of scores, the rank (``Int64``) as first
    column ``cot_hang``.

    Highest first unless ``giam_dan=False``. Ties share a rank and the next one skips
    (``cach="min"``: 1, 2, 2, 4); ``"dense"`` gives 1, 2, 2, 3; ``"max"`` 1, 3, 3, 4; ``"first"``
    breaks ties by order. Tied rows keep their order; a blank score has no rank and comes
    last. Values equal to 9 decimals tie (float noise: a mean of 84.95 computed two ways).
    ``decimals=2`` ranks the values rounded half-up as printed, so two units shown with
    the same score share a rank. The index of ``df`` is kept.

    >>> df = pd.DataFrame({"don_vi": ["Sở A", "Sở B", "Sở C", "Sở D"], "diem": [85.02, 91.3, 85.02, 80.0]})
    >>> xep_hang(df, "diem")
       hang don_vi   diem
    1     1   Sở B  91.30
    0     2   Sở A  85.02
    2     2   Sở C  85.02
    3     4   Sở D  80.00
    >>> xep_hang(df, "diem", cach="dense")["hang"].tolist()
    [1, 2, 2, 3]
    """
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"bảng xếp hạng phải là một pandas.DataFrame, nhận {type(df).__name__}", where="xep_hang")
    if cach not in _CACH:
        raise DataError(f"cách xếp hạng {cach!r} không có", where="xep_hang",
                        hint="dùng một trong: " + ", ".join(map(repr, _CACH)))
    if cot_hang == column:
        raise DataError(f"cột hạng trùng tên cột điểm {column!r}", where="xep_hang", hint="đặt cot_hang khác")
    check_columns(df, [column], source="xep_hang")
    values = _cot_so(df, column, "xep_hang")
    if decimals is not None:
        places = _so_le(decimals)
        values = values.map(lambda v: v if math.isnan(v) else float(round_half_up(v, places)))
    else:  # float noise is no difference: 84.95 and 84.94999999999999 share a rank
        values = values.round(9)
    rank = values.rank(method=cach, ascending=not giam_dan, na_option="keep").astype("Int64")
    out = df.drop(columns=[cot_hang], errors="ignore")
    # the array, not the Series: no aligning on a (maybe repeated) index. pandas-stubs' insert() refuses
    # an ExtensionArray when checking for Python >= 3.11 (not for 3.10): hence unused-ignore too
    out.insert(0, cot_hang, rank.array)  # type: ignore[arg-type, unused-ignore]
    order = np.argsort(rank.to_numpy(dtype=float, na_value=np.inf), kind="stable")
    return out.iloc[order]
