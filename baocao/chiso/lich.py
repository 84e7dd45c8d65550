"""The Vietnamese working-day calendar (lịch làm việc) that dossier due dates are counted in.

A day is a working day (ngày làm việc) when it is Monday to Friday and not a public
holiday or a Tết day, or when it is an official make-up working day (ngày làm bù: a
Saturday worked in exchange for a bridge day off). Public holidays, Tết days, the days
off they carry over to (nghỉ bù) and the swapped days off (ngày nghỉ hoán đổi) come
from the ``holidays`` package (``holidays.country_holidays("VN")``); so do the official
make-up Saturdays, which it exposes as ``weekend_workdays`` (4/5/2024, 26/4/2025…).
Agencies can add their own days off (``ngay_nghi_them``) and make-up days (``ngay_lam_bu``).

Counting convention (Bộ luật Dân sự 2015, Điều 147: a period counted in days starts on
the day after the event): a dossier received on day *d* with *n* working days is due at
the end of the *n*-th working day **after** *d*; the receipt day is not counted. Some
one-stop systems count the receipt day as day 1 when it is a working day; pass
``tinh_ngay_dau=True`` for that.

A dossier received on a day off (online, on a Sunday) is received (tiếp nhận) on the next
working day, as the one-stop rules say (Nghị định 61/2018/NĐ-CP on the one-stop mechanism,
and Nghị định 45/2020/NĐ-CP for dossiers filed online outside working hours): a Saturday
receipt is counted as a Monday receipt, so day 1 is Tuesday — ``nhan_ngay_nghi=
"ngay_lam_viec_sau"``, the default. ``nhan_ngay_nghi="ngay_lam_viec_truoc"`` keeps the older
reading, as if received on the previous working day (day 1 is the first working day after
*d*, the Saturday receipt due with Friday's). ``n = 0`` (trả ngay trong ngày) is due on the
day of receipt. Times of day: see :func:`sau_gio_chot` (a cut-off hour) and
:func:`doc_cot_ngay` (an aware time is taken in Việt Nam's time, UTC+7).

>>> from datetime import date
>>> lich = LichLamViec()
>>> lich.cong_ngay_lam_viec(date(2024, 2, 7), 3)       # Tết 2024: 8/2–14/2 off
datetime.date(2024, 2, 19)
>>> lich.cong_ngay_lam_viec(date(2024, 4, 26), 3)      # 29/4 swapped for Saturday 4/5
datetime.date(2024, 5, 4)
>>> lich.so_ngay_lam_viec(date(2024, 4, 26), date(2024, 5, 6))
4
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from baocao.dates import VIETNAM as GIO_VIET_NAM
from baocao.dates import read_date, time_of_day
from baocao.errors import DataError  # absolute: baocao/chiso/ may have no __init__.py

__all__ = ["NHAN_NGAY_NGHI", "LichLamViec", "doc_cot_ngay", "doc_ngay", "sau_gio_chot"]

#: How a receipt on a day off is counted (see the module docstring).
NHAN_NGAY_NGHI = ("ngay_lam_viec_sau", "ngay_lam_viec_truoc")


_NAT = np.datetime64("NaT", "D")
#: At most this many working days in one step (about 40 years): a guard against typos like 30000.
_MAX_NGAY = 10_000
_HINT_NGAY = "ghi ngày dạng dd/mm/yyyy (29/12/2020) hoặc yyyy-mm-dd (2020-12-29)"


# ---------------------------------------------------------------- reading dates

def _vi_tri(nguon: str | None, ten_cot: str, index: pd.Index | None, pos: int) -> str:
    """``where`` for a bad cell: the source, the column and the 1-based data row (plus the index label)."""
    nhan = "" if index is None or isinstance(index, pd.RangeIndex) and index[pos] == pos else f", chỉ số {index[pos]!r}"
    cot = f"cột '{ten_cot}', dòng {pos + 1}{nhan}"
    return f"{nguon}: {cot}" if nguon else cot


def _tu_ma(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """datetime64[D] from year, month and day numbers; NaT where there is no such day (31/02)."""
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31) & (y >= 1) & (y <= 9999)
    thang = ((y - 1970) * 12 + (m - 1)).astype("timedelta64[M]") + np.datetime64("1970-01", "M")
    out = thang.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
    ok &= out.astype("datetime64[M]") == thang  # 31/02 would run into March
    return np.where(ok, out, _NAT)


def _tu_chuoi(chuoi: pd.Series) -> np.ndarray:
    """Dates (datetime64[D], NaT where unreadable) from stripped strings.

    The ten-character forms ``yyyy-mm-dd`` and ``dd/mm/yyyy`` are read from the character
    codes, all at once (``pd.to_datetime`` with a day-first format is ten times slower);
    anything else (a time after the date, one-digit days…) by regular expressions.
    """
    n = len(chuoi)
    out = np.full(n, _NAT)
    ma = np.asarray(chuoi.to_numpy(object), dtype="U11").view(np.uint32).reshape(n, 11).astype(np.int64)
    so = ma - ord("0")
    chu_so = (so >= 0) & (so <= 9)
    muoi = ma[:, 10] == 0  # exactly ten characters
    iso = muoi & chu_so[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(1) & (ma[:, 4] == ord("-")) & (ma[:, 7] == ord("-"))
    sep = ma[:, 2]
    dmy = (muoi & chu_so[:, [0, 1, 3, 4, 6, 7, 8, 9]].all(1) & (ma[:, 5] == sep)
           & ((sep == ord("/")) | (sep == ord("-")) | (sep == ord("."))))
    if iso.any():
        s = so[iso]
        out[iso] = _tu_ma(s[:, 0] * 1000 + s[:, 1] * 100 + s[:, 2] * 10 + s[:, 3], s[:, 5] * 10 + s[:, 6],
                          s[:, 8] * 10 + s[:, 9])
    if dmy.any():
        s = so[dmy]
        out[dmy] = _tu_ma(s[:, 6] * 1000 + s[:, 7] * 100 + s[:, 8] * 10 + s[:, 9], s[:, 3] * 10 + s[:, 4],
                          s[:, 0] * 10 + s[:, 1])
    con = ~(iso | dmy)
    if con.any():  # leftovers (a time after the date, one-digit days…): the package's one reader
        out[con] = [_NAT if (day := _mot_gia_tri(v)) is None else day for v in chuoi[con].tolist()]
    return out


def _mot_gia_tri(v: Any) -> np.datetime64 | None:
    """One value as a day (by :func:`baocao.dates.read_date`, the package's one date reader), or
    None if it is not a date at all."""
    if isinstance(v, (dt.date, np.datetime64, str)):  # datetime and pd.Timestamp are dates too
        try:
            day = read_date(v)
        except (DataError, ValueError, OverflowError):
            return None
        return None if day is None else np.datetime64(day, "D")
    return None


def doc_cot_ngay(values: Any, ten_cot: str = "ngày", *, nguon: str | None = None) -> np.ndarray:
    """The days of a column (``datetime64[D]``; blanks are ``NaT``), or a :class:`DataError`
    naming the first unreadable cell.

    Accepts datetimes (the time of day is dropped; an aware time is first taken in Việt
    Nam's time, UTC+7, so 20:00 UTC on the 7th is the 8th), ``datetime.date`` objects and
    text: ISO ``2024-02-07`` (optionally with a time) or day-first ``07/02/2024`` (also
    ``7-2-2024``, ``07.02.2024``). Slashes are always day first, the Vietnamese way. Blank
    text, ``None`` and ``NaN`` are missing values.

    >>> doc_cot_ngay(["2024-02-07", "08/02/2024", None, " 9-2-2024 "], "ngay_nhan").astype(str).tolist()
    ['2024-02-07', '2024-02-08', 'NaT', '2024-02-09']
    >>> doc_cot_ngay(["31/02/2024"], "ngay_tra")
    Traceback (most recent call last):
    ...
    baocao.errors.DataError: cột 'ngay_tra', dòng 1: '31/02/2024' không phải là một ngày hợp lệ \
(ghi ngày dạng dd/mm/yyyy (29/12/2020) hoặc yyyy-mm-dd (2020-12-29))
    """
    s = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object if not len(values) else None)
    index = s.index
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        if getattr(s.dtype, "tz", None) is not None:
            s = s.dt.tz_convert(GIO_VIET_NAM).dt.tz_localize(None)
        return np.array(s.to_numpy("datetime64[D]"))  # a writable copy
    n = len(s)
    out = np.full(n, _NAT)
    thieu = s.isna().to_numpy().copy()
    if thieu.all():
        return out
    if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        pos = int(np.flatnonzero(~thieu)[0])
        raise DataError(f"{s.iloc[pos]!r} là một số, không phải là một ngày",
                        where=_vi_tri(nguon, ten_cot, index, pos), hint=_HINT_NGAY)
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind == "string":
        la_chuoi = ~thieu
    else:
        la_chuoi = np.fromiter((isinstance(v, str) for v in s.to_numpy(object)), bool, n)
    loi = np.zeros(n, bool)
    if la_chuoi.any():
        chuoi = s[la_chuoi].astype(str).str.strip()
        trong = (chuoi == "").to_numpy()
        doc = _tu_chuoi(chuoi)
        out[la_chuoi] = doc
        thieu[np.flatnonzero(la_chuoi)[trong]] = True
        loi[np.flatnonzero(la_chuoi)[~trong & np.isnat(doc)]] = True
    khac = ~la_chuoi & ~thieu
    for pos in np.flatnonzero(khac).tolist():  # date/datetime objects: usually a whole Excel column
        day = _mot_gia_tri(s.iloc[pos])
        if day is None:
            loi[pos] = True
        else:
            out[pos] = day
    if loi.any():
        bad = np.flatnonzero(loi)
        pos = int(bad[0])
        them = f" (và {len(bad) - 1} ô khác trong cột)" if len(bad) > 1 else ""
        raise DataError(f"{s.iloc[pos]!r} không phải là một ngày hợp lệ{them}",
                        where=_vi_tri(nguon, ten_cot, index, pos), hint=_HINT_NGAY)
    return out


def doc_ngay(value: Any, ten: str = "ngày") -> dt.date:
    """One date from a ``date``, ``datetime``, ``Timestamp``, ``numpy.datetime64`` or text.

    >>> doc_ngay("07/02/2024"), doc_ngay("2024-02-07")
    (datetime.date(2024, 2, 7), datetime.date(2024, 2, 7))
    """
    try:
        day = read_date(value, ten)
    except DataError:
        what = f"{value!r} không phải là một ngày hợp lệ" if isinstance(value, str) else f"cần một ngày, nhận {value!r}"
        raise DataError(what, where=ten, hint=_HINT_NGAY) from None
    if day is None:
        raise DataError(f"cần một ngày, nhận {value!r}", where=ten, hint=_HINT_NGAY)
    return day


def _gio_chot(value: Any) -> float:
    """A cut-off hour: 15, 15.5 or "15:30" → hours after midnight."""
    if isinstance(value, str):
        found = re.fullmatch(r"\s*(\d{1,2})(?:[:h](\d{2}))?\s*", value)
        if found and int(found[1]) < 24 and int(found[2] or 0) < 60:
            return int(found[1]) + int(found[2] or 0) / 60
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 24:
        return float(value)
    raise DataError(f"giờ chốt {value!r} không hợp lệ", where="gio_chot", hint="ví dụ gio_chot=15 hoặc '15:30'")


def sau_gio_chot(values: Any, gio_chot: Any, ten_cot: str = "ngày") -> np.ndarray:
    """Which receipts came at or after the cut-off hour ``gio_chot`` (``15``, ``"15:30"``), by the
    time of day they carry (an aware time in Việt Nam's time); a receipt without a time of day
    is never late. Such a receipt counts as received the next working day.

    >>> sau_gio_chot(["07/02/2024 15:10", "07/02/2024 09:00", "07/02/2024"], 15).tolist()
    [True, False, False]
    """
    hour = _gio_chot(gio_chot)
    s = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object if not len(values) else None)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        if getattr(s.dtype, "tz", None) is not None:
            s = s.dt.tz_convert(GIO_VIET_NAM).dt.tz_localize(None)
        at = (s.dt.hour + s.dt.minute / 60).to_numpy("float64")
        timed = (s.dt.hour + s.dt.minute + s.dt.second > 0).to_numpy(bool)
        return np.nan_to_num(at, nan=-1.0) >= hour if timed.any() else np.zeros(len(s), bool)
    out = np.zeros(len(s), bool)
    for pos, v in enumerate(s.to_numpy(object)):
        at = time_of_day(v)
        out[pos] = at is not None and at >= hour
    return out


# ---------------------------------------------------------------- the calendar

def _nam(years: int | Iterable[int] | None) -> list[int]:
    if years is None:
        return []
    return [int(years)] if isinstance(years, (int, np.integer)) else [int(y) for y in years]


def _thu(days: np.ndarray) -> np.ndarray:
    """Day of the week of datetime64[D] values, Monday = 0 (1970-01-01 was a Thursday)."""
    return (days.astype("int64") + 3) % 7


class LichLamViec:
    """The Vietnamese working-day calendar: Monday–Friday, minus public holidays and Tết
    (with their carried-over and swapped days off), plus official make-up working days.

    ``years`` (an int or several) are loaded at once; any other year is loaded when a date
    in it is first seen, so ``years`` is only an optimisation. ``ngay_nghi_them`` are extra
    days off (a local holiday, a day off decided later than the ``holidays`` release);
    ``ngay_lam_bu`` are extra working days (a make-up Saturday the package does not know).
    Both win over the public calendar; a date cannot be in both. ``holidays_module`` is the
    module whose ``country_holidays("VN", years=…)`` gives the holidays (default: the
    ``holidays`` package; ``None``: no public holidays, only weekends and the two lists).

    >>> from datetime import date
    >>> lich = LichLamViec(2024, ngay_nghi_them=[date(2024, 3, 8)])
    >>> lich.la_ngay_lam_viec(date(2024, 5, 4)), lich.la_ngay_lam_viec(date(2024, 3, 8))
    (True, False)
    >>> lich.cong_ngay_lam_viec(date(2024, 3, 7), 1)
    datetime.date(2024, 3, 11)
    """

    def __init__(self, years: int | Iterable[int] | None = None, *, ngay_nghi_them: Iterable[Any] = (),
                 ngay_lam_bu: Iterable[Any] = (), holidays_module: Any = ...):
        self._nghi_them = frozenset(doc_ngay(d, "ngay_nghi_them") for d in ngay_nghi_them)
        self._lam_bu_them = frozenset(doc_ngay(d, "ngay_lam_bu") for d in ngay_lam_bu)
        both = sorted(self._nghi_them & self._lam_bu_them)
        if both:
            raise DataError(f"ngày {both[0]:%d/%m/%Y} vừa là ngày nghỉ thêm vừa là ngày làm bù",
                            where="LichLamViec", hint="bỏ ngày đó khỏi một trong hai danh sách")
        if holidays_module is ...:
            try:
                import holidays as holidays_module
            except ImportError as exc:  # pragma: no cover - the dependency is declared
                raise DataError("cần gói 'holidays' để biết các ngày lễ, Tết", where="LichLamViec",
                                hint="pip install holidays, hoặc truyền holidays_module=None") from exc
        self._module = holidays_module
        self._le: dict[dt.date, str] = {}
        self._lam_bu_chinh_thuc: frozenset[dt.date] = frozenset()
        self._nap_tu: int | None = None  # years loaded from the module, inclusive
        self._nap_den: int | None = None
        self._cal: np.busdaycalendar | None = None
        # the days the busday calendar is right for, inclusive
        self._dau: np.datetime64 = _NAT
        self._cuoi: np.datetime64 = _NAT
        years_ = _nam(years)
        if years_:
            self._dam_bao(min(years_), max(years_))

    # -------------------------------------------------------------- loading

    def _dam_bao(self, tu_nam: int, den_nam: int) -> None:
        """Make the calendar right for every day of the years ``tu_nam``..``den_nam``."""
        nap_tu, nap_den = self._nap_tu, self._nap_den  # both set once the calendar is
        if self._cal is not None and nap_tu is not None and nap_den is not None \
                and nap_tu < tu_nam and den_nam < nap_den:
            return
        # one year more on each side: a swap can cross the new year (2/1/2015 for 27/12/2014)
        lo = tu_nam - 1 if self._nap_tu is None else min(self._nap_tu, tu_nam - 1)
        hi = den_nam + 1 if self._nap_den is None else max(self._nap_den, den_nam + 1)
        lo, hi = max(lo, 1), min(hi, 9998)
        if self._module is not None:
            try:
                vn = self._module.country_holidays("VN", years=range(lo, hi + 1), language="vi")
            except TypeError:  # an older holidays without translations
                vn = self._module.country_holidays("VN", years=range(lo, hi + 1))
            self._le = {d: str(name) for d, name in vn.items()}
            self._lam_bu_chinh_thuc = frozenset(getattr(vn, "weekend_workdays", ()) or ())
        self._nap_tu, self._nap_den = lo, hi
        dau, cuoi = np.datetime64(f"{lo + 1:04d}-01-01", "D"), np.datetime64(f"{hi - 1:04d}-12-31", "D")
        days = np.arange(dau, cuoi + 1)
        nghi = (_thu(days) >= 5) & ~np.isin(days, self._mang(self._lam_bu_chinh_thuc))
        nghi |= np.isin(days, self._mang(self._le))
        nghi &= ~np.isin(days, self._mang(self._lam_bu_them))
        nghi |= np.isin(days, self._mang(self._nghi_them))
        # every day of the week is a "business day" to numpy; weekends are in the holiday list,
        # so a make-up Saturday is simply a Saturday that is not in it
        self._cal = np.busdaycalendar(weekmask="1111111", holidays=days[nghi])
        self._dau, self._cuoi = dau, cuoi

    @staticmethod
    def _mang(days: Iterable[dt.date]) -> np.ndarray:
        return np.array(sorted(days), dtype="datetime64[D]")

    def _phu(self, *arrays: np.ndarray) -> None:
        """Load the years of every (non-NaT) day in ``arrays``."""
        lo = hi = None
        for a in arrays:
            a = a[~np.isnat(a)]
            if a.size:
                lo = a.min() if lo is None else min(lo, a.min())
                hi = a.max() if hi is None else max(hi, a.max())
        if lo is not None and hi is not None:  # both or neither
            self._dam_bao(int(lo.astype(object).year), int(hi.astype(object).year))

    # -------------------------------------------------------------- listing

    def ngay_nghi(self, nam: int) -> dict[dt.date, str]:
        """The days off of year ``nam`` other than ordinary weekends, with their names.

        >>> [f"{d:%d/%m}" for d in LichLamViec().ngay_nghi(2024) if d.month == 2]
        ['08/02', '09/02', '10/02', '11/02', '12/02', '13/02', '14/02']
        """
        self._dam_bao(nam, nam)
        days = {d: n for d, n in self._le.items() if d.year == nam and d not in self._lam_bu_them}
        days.update({d: "Ngày nghỉ thêm" for d in self._nghi_them if d.year == nam})
        return dict(sorted(days.items()))

    def ngay_lam_bu(self, nam: int) -> list[dt.date]:
        """The make-up working days of year ``nam`` (weekend days that are working days).

        >>> LichLamViec().ngay_lam_bu(2024)
        [datetime.date(2024, 5, 4)]
        """
        self._dam_bao(nam, nam)
        days = (self._lam_bu_chinh_thuc | self._lam_bu_them) - self._nghi_them
        return sorted(d for d in days if d.year == nam and d.weekday() >= 5)

    # -------------------------------------------------------------- scalar

    def la_ngay_lam_viec(self, d: Any) -> bool:
        """Whether ``d`` is a working day.

        >>> from datetime import date
        >>> LichLamViec().la_ngay_lam_viec(date(2023, 1, 20))  # 29 Tết Quý Mão
        False
        """
        return bool(self.la_ngay_lam_viec_series(pd.Series([doc_ngay(d)])).iloc[0])

    def cong_ngay_lam_viec(self, d: Any, n: int, *, tinh_ngay_dau: bool = False,
                           nhan_ngay_nghi: str = "ngay_lam_viec_sau") -> dt.date:
        """The day ``n`` working days after ``d``: the due date of a dossier received on ``d``
        with ``n`` working days to process it (see the module docstring for the convention).

        >>> from datetime import date
        >>> lich = LichLamViec()
        >>> lich.cong_ngay_lam_viec(date(2023, 1, 19), 3)  # Tết 2023: 20/1–26/1 off
        datetime.date(2023, 1, 31)
        >>> thu_sau = date(2024, 1, 5)
        >>> lich.cong_ngay_lam_viec(thu_sau, 1), lich.cong_ngay_lam_viec(thu_sau, 1, tinh_ngay_dau=True)
        (datetime.date(2024, 1, 8), datetime.date(2024, 1, 5))
        >>> thu_bay = date(2024, 1, 6)  # received on a Saturday: as on Monday, day 1 is Tuesday
        >>> cu = "ngay_lam_viec_truoc"  # the older reading: as if received on Friday
        >>> lich.cong_ngay_lam_viec(thu_bay, 1), lich.cong_ngay_lam_viec(thu_bay, 1, nhan_ngay_nghi=cu)
        (datetime.date(2024, 1, 9), datetime.date(2024, 1, 8))
        >>> lich.cong_ngay_lam_viec(thu_bay, 0)  # same-day service asked on a Saturday
        datetime.date(2024, 1, 8)
        """
        day = doc_ngay(d)
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise DataError(f"số ngày làm việc phải là số nguyên, nhận {n!r}", where="cong_ngay_lam_viec")
        out = self.cong_ngay_lam_viec_series(pd.Series([day]), pd.Series([n]), tinh_ngay_dau=tinh_ngay_dau,
                                             nhan_ngay_nghi=nhan_ngay_nghi)
        return out.iloc[0].date()

    def so_ngay_lam_viec(self, d1: Any, d2: Any, *, tinh_ngay_dau: bool = False) -> int:
        """Working days after ``d1`` up to and including ``d2`` (with ``tinh_ngay_dau``: from
        ``d1`` included); negative when ``d2`` is before ``d1``. It undoes
        :meth:`cong_ngay_lam_viec`: ``so_ngay_lam_viec(d, cong_ngay_lam_viec(d, n)) == n`` for a
        working day ``d`` and ``n >= 1``. ``so_ngay_lam_viec(han, ngay_tra)`` is how many
        working days late a dossier was returned.

        >>> from datetime import date
        >>> LichLamViec().so_ngay_lam_viec(date(2024, 2, 7), date(2024, 2, 19))
        3
        >>> LichLamViec().so_ngay_lam_viec(date(2024, 2, 19), date(2024, 2, 7))
        -3
        """
        out = self.so_ngay_lam_viec_series(pd.Series([doc_ngay(d1)]), pd.Series([doc_ngay(d2)]),
                                           tinh_ngay_dau=tinh_ngay_dau)
        return int(out.iloc[0])

    # -------------------------------------------------------------- vectorised

    @staticmethod
    def _ket_qua(values: np.ndarray | pd.api.extensions.ExtensionArray, like: Any) -> pd.Series:
        index = like.index if isinstance(like, pd.Series) else None
        return pd.Series(values, index=index)

    def la_ngay_lam_viec_series(self, ngay: Any) -> pd.Series:
        """:meth:`la_ngay_lam_viec` for many days (a Series, list or array; missing → ``False``).

        >>> LichLamViec().la_ngay_lam_viec_series(["2024-05-03", "2024-05-04", "2024-05-05"]).tolist()
        [True, True, False]
        """
        d = doc_cot_ngay(ngay, "ngày")
        self._phu(d)
        ok = ~np.isnat(d)
        out = np.zeros(len(d), bool)
        out[ok] = np.is_busday(d[ok], busdaycal=self._cal)
        return self._ket_qua(out, ngay)

    def cong_ngay_lam_viec_series(self, ngay: Any, n: Any, *, tinh_ngay_dau: bool = False,
                                  nhan_ngay_nghi: str = "ngay_lam_viec_sau") -> pd.Series:
        """:meth:`cong_ngay_lam_viec` for many days: ``ngay`` a Series, list or array of days,
        ``n`` one number or one per day. Missing days or counts give ``NaT``. The result is a
        ``datetime64[ns]`` Series (on ``ngay``'s index if it is a Series).

        >>> han = LichLamViec().cong_ngay_lam_viec_series(["2024-02-07", "2024-04-26", None], [3, 3, 1])
        >>> han.dt.strftime("%d/%m/%Y").tolist()
        ['19/02/2024', '04/05/2024', nan]
        """
        if nhan_ngay_nghi not in NHAN_NGAY_NGHI:
            raise DataError(f"nhan_ngay_nghi {nhan_ngay_nghi!r} không có", where="nhan_ngay_nghi",
                            hint="một trong: " + ", ".join(NHAN_NGAY_NGHI))
        d = doc_cot_ngay(ngay, "ngày")
        so = pd.to_numeric(pd.Series(n if np.ndim(n) else np.full(len(d), n)), errors="coerce").to_numpy("float64")
        if so.shape != d.shape:
            raise DataError(f"cần {len(d)} số ngày làm việc, nhận {len(so)}", where="cong_ngay_lam_viec_series")
        ok = ~np.isnat(d) & ~np.isnan(so)
        if ok.any():
            bad = ok & ((so < 0) | (so != np.floor(so)) | (so > _MAX_NGAY))
            if bad.any():
                raise DataError(f"số ngày làm việc phải là số nguyên từ 0 đến {_MAX_NGAY}, nhận {float(so[bad][0]):g}",
                                where="cong_ngay_lam_viec_series")
        out = np.full(len(d), _NAT)
        dd, nn = d[ok], so[ok].astype("int64")
        if dd.size:
            # the years the answer can reach: n working days span at most 2n + 30 calendar days
            self._phu(dd, np.array([dd.max() + 2 * int(nn.max()) + 30]))
            while True:
                if tinh_ngay_dau:
                    res = np.busday_offset(dd, np.maximum(nn - 1, 0), roll="forward", busdaycal=self._cal)
                elif nhan_ngay_nghi == "ngay_lam_viec_sau":  # received on a day off: on the next working day
                    res = np.busday_offset(dd, nn, roll="forward", busdaycal=self._cal)
                else:  # the older reading: day 1 is the first working day after d, also when d is a day off
                    res = np.busday_offset(dd, nn, roll="backward", busdaycal=self._cal)
                    zero = nn == 0
                    if zero.any():
                        res[zero] = np.busday_offset(dd[zero], 0, roll="forward", busdaycal=self._cal)
                if res.max() <= self._cuoi:
                    break
                self._dam_bao(int(dd.min().astype(object).year), int(res.max().astype(object).year) + 1)
            out[ok] = res
        return self._ket_qua(out.astype("datetime64[ns]"), ngay)

    def so_ngay_lam_viec_series(self, tu: Any, den: Any, *, tinh_ngay_dau: bool = False) -> pd.Series:
        """:meth:`so_ngay_lam_viec` for many pairs of days; a missing day gives ``<NA>``
        (an ``Int64`` Series).

        >>> LichLamViec().so_ngay_lam_viec_series(["2024-02-07", "2024-02-07"], ["2024-02-19", None]).tolist()
        [3, <NA>]
        """
        d1, d2 = doc_cot_ngay(tu, "từ ngày"), doc_cot_ngay(den, "đến ngày")
        if d1.shape != d2.shape:
            raise DataError(f"hai dãy ngày dài khác nhau: {len(d1)} và {len(d2)}", where="so_ngay_lam_viec_series")
        ok = ~np.isnat(d1) & ~np.isnat(d2)
        out = pd.array(np.zeros(len(d1), "int64"), dtype="Int64")
        a, b = d1[ok], d2[ok]
        if a.size:
            self._phu(a, b)
            one = np.timedelta64(1, "D")
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            # busday_count counts [begin, end); the count for d2 < d1 is minus the one for (d2, d1)
            count = np.busday_count(lo if tinh_ngay_dau else lo + one, hi + one, busdaycal=self._cal)
            count = np.where(b < a, -count, count)
            out[ok] = count
        out[~ok] = pd.NA
        return self._ket_qua(out, tu)

    def __repr__(self) -> str:
        extra = []
        if self._nghi_them:
            extra.append(f"ngay_nghi_them={len(self._nghi_them)} ngày")
        if self._lam_bu_them:
            extra.append(f"ngay_lam_bu={len(self._lam_bu_them)} ngày")
        return f"LichLamViec({', '.join(extra)})"
