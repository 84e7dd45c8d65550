"""Vietnamese ways of writing numbers, amounts and dates (spec §2, §8).

Every public function here takes the value first, so it works both from Python and as
a Jinja filter (``{{ doanh_thu | so }}``, ``{{ ty_le | phan_tram(1) }}``); :data:`FILTERS`
maps the filter names to the functions. Numbers are rounded half-up (0,125 → 0,13),
never to even, and floats are read by their shortest ``repr`` so 2.675 is 2,675: reading,
rounding and the missing-value test are those of :mod:`baocao.numbers`.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Callable
from decimal import Decimal
from typing import SupportsFloat

from .dates import HINT, read_date
from .errors import DataError, ModelError, shown
from .numbering import la_ma
from .numbers import MAX_DIGITS, exact, is_blank, round_half_up, write

#: What a blank day, month or year is written as: room to fill in by hand.
KHOANG_TRONG = "\u00a0" * 5


def _ngay(d: int) -> str:
    return f"{d:02d}"


def _thang(m: int) -> str:
    # months 1 and 2 are zero-padded, 3–12 are not (spec §2)
    return f"{m:02d}" if m <= 2 else str(m)


_HINT_NGAY = HINT


def _la_so_nguyen(value: object) -> bool:
    """An int or a numpy integer, not a bool: what a count of decimals, a size in dots … may be.

    Takes ``object``, so that checking an argument annotated ``int`` (which untyped callers and
    templates may break) leaves the rest of the function visible to a type checker."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _thieu(value: object, thieu: str | None, what: str) -> str:
    """The replacement text of a missing value, or the error that there is none."""
    if thieu is not None:
        return thieu
    raise DataError(f"thiếu {what}: nhận {value!r}",
                    hint=f"điền {what}, hoặc cho chữ thay thế chỗ trống: thieu=\"-\"")


def _date(value: object) -> dt.date:
    """``value`` as a date, read by :func:`baocao.dates.read_date` (the one date reader)."""
    day = read_date(value)
    if day is None:
        raise DataError(f"thiếu ngày: nhận {value!r}", hint=_HINT_NGAY)
    return day


def ngay_thang_nam(value: dt.date | str | tuple[int, int] | None) -> str:
    """The date as written in the địa danh line.

    A ``(year, month)`` pair leaves the day blank; ``None``, pandas ``NaT`` and empty
    text leave everything blank. Takes a date, datetime, pandas Timestamp or text as
    :func:`ngay` does.

    >>> ngay_thang_nam(dt.date(2020, 2, 5))
    'ngày 05 tháng 02 năm 2020'
    >>> ngay_thang_nam(dt.date(2019, 6, 21))
    'ngày 21 tháng 6 năm 2019'
    >>> ngay_thang_nam((2021, 12)).replace("\\xa0", "_")
    'ngày _____ tháng 12 năm 2021'
    >>> ngay_thang_nam("2019-03-06"), ngay_thang_nam(dt.datetime(2017, 1, 24, 9, 30))
    ('ngày 06 tháng 3 năm 2019', 'ngày 24 tháng 01 năm 2017')
    """
    if is_blank(value) or _is_nat(value):
        return f"ngày {KHOANG_TRONG} tháng {KHOANG_TRONG} năm {KHOANG_TRONG}"
    if isinstance(value, (tuple, list)):
        if len(value) != 2 or not all(_la_so_nguyen(v) for v in value) or not 1 <= value[1] <= 12 \
                or not 1 <= value[0] <= 9999:
            raise DataError(f"(năm, tháng) không hợp lệ: {value!r}", hint="ví dụ (2021, 12): tháng từ 1 đến 12")
        year, month = value
        return f"ngày {KHOANG_TRONG} tháng {_thang(month)} năm {year}"
    value = _date(value)
    return f"ngày {_ngay(value.day)} tháng {_thang(value.month)} năm {value.year}"


def ngay(value: dt.date | str | None, *, thieu: str | None = None) -> str:
    """A date as cited in running text: ``ngày 06/3/2019``, ``24/01/2017``.

    Takes a date, datetime, pandas Timestamp, or text ``2019-03-06`` (ISO, with or
    without a time) or ``06/3/2019`` (day first; ``-`` or ``.`` may replace ``/``).
    A missing date (``None``, ``NaT``, empty text) is an error unless ``thieu`` gives
    the text to write instead.

    >>> ngay(dt.date(2019, 3, 6)), ngay(dt.date(2017, 1, 24))
    ('06/3/2019', '24/01/2017')
    >>> ngay("2019-03-06"), ngay("6/3/2019"), ngay(None, thieu="...")
    ('06/3/2019', '06/3/2019', '...')
    """
    if is_blank(value) or _is_nat(value):
        return _thieu(value, thieu, "ngày")
    value = _date(value)
    return f"{_ngay(value.day)}/{_thang(value.month)}/{value.year}"


def _is_nat(value: object) -> bool:
    """A numpy datetime64 NaT (pandas' NaT is blank already)."""
    return type(value).__name__ == "datetime64" and str(value) == "NaT"


def so_ky_hieu(so: int | str | None, ky_hieu: str) -> str:
    """The số line: ``Số: 05/KH-SXD``; a blank number is written as dots.

    >>> so_ky_hieu(564, "BC-SXD"), so_ky_hieu(5, "KH-SXD"), so_ky_hieu(None, "BC-SNV")
    ('Số: 564/BC-SXD', 'Số: 05/KH-SXD', 'Số: ....../BC-SNV')
    """
    return f"Số: {so_van_ban(so, ky_hieu)}"


def so_van_ban(so: int | str | None, ky_hieu: str) -> str:
    """Number and ký hiệu as cited: ``564/BC-SXD``, ``05/KH-SXD``, ``....../BC-SNV``.

    >>> so_van_ban(5, "KH-SXD")
    '05/KH-SXD'
    """
    if is_blank(so):  # None, blank text, NaN (an empty cell of a number column)
        number = "......"
    else:
        if isinstance(so, float) and so.is_integer():  # an int column with a blank arrives as floats
            so = int(so)
        text = "" if isinstance(so, int) and abs(so) >= 10**18 else str(so).strip()
        if not (text.isascii() and text.isdecimal()) or len(text) > 18 or int(text) <= 0:
            raise ModelError(f"số văn bản phải là số nguyên dương, nhận {shown(so)}", where="VanBan.so",
                             hint="để trống (None) nếu chưa cấp số")
        number = _ngay(int(text))
    return f"{number}/{ky_hieu}"


# ---------------------------------------------------------------- numbers

def _decimal(value: object, thieu: str | None) -> Decimal | str:
    """``value`` as an exact :class:`Decimal` (:func:`baocao.numbers.exact`, text in Python syntax
    too), or the ``thieu`` text if it is blank (:func:`baocao.numbers.is_blank`)."""
    if type(value) is int:  # the common case first
        return Decimal(value)
    if is_blank(value):
        return _thieu(value, thieu, "số liệu")
    return exact(value, text=True)


def _so_le(decimals: object) -> int:
    if type(decimals) is int and 0 <= decimals <= MAX_DIGITS:
        return decimals
    if not isinstance(decimals, numbers.Integral) or isinstance(decimals, bool) \
            or not 0 <= int(decimals) <= MAX_DIGITS:
        raise DataError(f"số chữ số thập phân phải là số nguyên từ 0 đến {MAX_DIGITS}, nhận {shown(decimals)}",
                        hint="ví dụ so(x, 2) hoặc {{ x | so(2) }}")
    return int(decimals)


def _viet_so(number: Decimal, decimals: int, gon: bool, locale: str) -> str:
    """``number`` rounded half-up to ``decimals`` places, written for ``locale``."""
    if locale == "vi":  # the common case, written directly: babel costs ~50 µs a number
        return write(number, decimals, compact=gon)
    pattern = "#,##0" + ("." + ("#" if gon else "0") * decimals if decimals else "")
    # already rounded: babel must not round again (it would round half-even)
    from babel.numbers import format_decimal  # imported when first needed: fast start-up

    return format_decimal(round_half_up(number, decimals), format=pattern, locale=locale, decimal_quantization=False)


def so(value: SupportsFloat | str | None, decimals: int = 0, *, gon: bool = False,
       thieu: str | None = None, locale: str = "vi") -> str:
    """A number the Vietnamese way: ``.`` between thousands, ``,`` before decimals.

    Rounded half-up to ``decimals`` places, which are all written (``gon=True`` drops
    trailing zeros, so ``decimals`` is a maximum). Takes int, float, Decimal, numpy and
    pandas numbers, and text in Python syntax (``"1234.5"``). A missing value (``None``,
    NaN, ``pd.NA``, empty text) is an error unless ``thieu`` gives the text to write.

    >>> so(6243886), so(85.016, 2), so(0.125, 2), so(2.675, 2), so(-1234.5, 1)
    ('6.243.886', '85,02', '0,13', '2,68', '-1.234,5')
    >>> so(85.5, 2), so(85.5, 2, gon=True), so(float("nan"), thieu="-")
    ('85,50', '85,5', '-')
    >>> so("1.234,5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    baocao.errors.DataError: '1.234,5' không phải là số (viết số theo cú pháp Python, ví dụ 1234.5: ...)
    """
    number = _decimal(value, thieu)
    if isinstance(number, str):
        return number
    return _viet_so(number, _so_le(decimals), gon, locale)


def _places(number: Decimal) -> int:
    """How many decimal places ``number`` has (0.9117: 4)."""
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def phan_tram_text(value: object, decimals: int) -> str:
    """:func:`phan_tram` of a table cell, without the per-value ratio warning (a table warns once
    per column)."""
    number = _decimal(value, None)
    assert not isinstance(number, str)
    return _viet_so(number, _so_le(decimals), False, "vi") + "%"


def looks_like_ratio(number: Decimal, places: int) -> bool:
    """Whether a per cent between 0 and 1 has more decimals than are written: 0.9117 written with
    two is "0,91%", most likely a ratio (91,17%) given without ``ty_le``.

    >>> [looks_like_ratio(Decimal(v), 2) for v in ("0.9117", "0.5", "91.17")]
    [True, False, False]
    """
    return 0 < abs(number) < 1 and _places(number) > max(places, 2)


def phan_tram(value: SupportsFloat | str | None, decimals: int = 2, *, ty_le: bool = False,
              thieu: str | None = None, locale: str = "vi") -> str:
    """A percentage: the number as :func:`so` writes it, then ``%`` with no space.

    ``value`` is already in per cent (91.17); with ``ty_le=True`` it is a ratio (0.9117). A value
    between 0 and 1 with more decimals than are written (0.9117 → "0,91%") is most likely a ratio
    given without ``ty_le``: it is written as asked, with a :class:`~baocao.BaoCaoWarning`.

    >>> phan_tram(91.1724), phan_tram(0.9117, ty_le=True), phan_tram(100, 0), phan_tram(12.5, 1)
    ('91,17%', '91,17%', '100%', '12,5%')
    """
    number = _decimal(value, thieu)
    if isinstance(number, str):
        return number
    places = _so_le(decimals)
    if ty_le:
        number = number.scaleb(2)  # × 100, exactly
    elif looks_like_ratio(number, places):
        import warnings

        from .errors import BaoCaoWarning

        as_ratio = _viet_so(number.scaleb(2), places, False, locale)
        warnings.warn(BaoCaoWarning(
            f"phan_tram({value!r}): số này trông như một tỷ lệ từ 0 đến 1, được viết thành "
            f"{_viet_so(number, places, False, locale)}%; nếu nó là {as_ratio}%, dùng phan_tram(ty_le=True)"),
            stacklevel=2)
    return _viet_so(number, places, False, locale) + "%"


# ---------------------------------------------------------------- amounts in words

#: The words of the ranks of 10⁹ and below; above, ranks repeat with "tỷ": nghìn tỷ, triệu tỷ, tỷ tỷ.
_HANG = ("", "nghìn", "triệu")


def _ba_so(n: int, dau: bool) -> str:
    """A group of three digits (1–999) in words; only the first group (``dau``) may drop
    "không trăm": 1.005 is "một nghìn không trăm lẻ năm".
    """
    from num2words import num2words

    words = num2words(n, lang="vi")
    if not dau and n < 100:
        words = "không trăm " + ("lẻ " if n < 10 else "") + words
    return words


def _doc_so(n: int, dau: bool = True) -> str:
    """A natural number in words, grouped by three digits and ranked nghìn, triệu, tỷ."""
    if n >= 10**9:
        ty, rest = divmod(n, 10**9)
        words = f"{_doc_so(ty, dau)} tỷ"
        return f"{words} {_doc_so(rest, False)}" if rest else words
    parts: list[str] = []
    for hang in (2, 1, 0):
        group = n // 1000**hang % 1000
        if group:
            parts.append(_ba_so(group, dau and not parts) + (f" {_HANG[hang]}" if hang else ""))
    return " ".join(parts)


def bang_chu(value: SupportsFloat | str | None, *, don_vi: str = "đồng", viet_hoa: bool = True,
             thieu: str | None = None) -> str:
    """An amount in words, as written after "Bằng chữ:": ``Một trăm lẻ năm nghìn đồng``.

    Whole numbers only. The digit words come from num2words; the grouping is done
    here, so every group after the first has its hundreds ("một nghìn không trăm mười
    lăm"), ranks above tỷ are "nghìn tỷ", "triệu tỷ", and "ngàn" is written "nghìn".
    ``don_vi=""`` leaves the unit out; ``viet_hoa=False`` keeps the first letter small.

    >>> bang_chu(105000), bang_chu(105000, viet_hoa=False), bang_chu(1015, don_vi="")
    ('Một trăm lẻ năm nghìn đồng', 'một trăm lẻ năm nghìn đồng', 'Một nghìn không trăm mười lăm')
    >>> bang_chu(-2500000)
    'Âm hai triệu năm trăm nghìn đồng'
    """
    number = _decimal(value, thieu)
    if isinstance(number, str):
        return number
    if number != number.to_integral_value():
        raise DataError(f"số viết bằng chữ phải là số nguyên, nhận {value!r}",
                        hint="làm tròn trước khi viết bằng chữ, ví dụ round(x)")
    n = int(number)
    words = "không" if n == 0 else _doc_so(abs(n))
    words = re.sub(r"\bngàn\b", "nghìn", words)
    if n < 0:
        words = f"âm {words}"
    if don_vi:
        words = f"{words} {don_vi}"
    return words[:1].upper() + words[1:] if viet_hoa else words


#: The Jinja filters of this module: ``env.filters.update(FILTERS)``.
FILTERS: dict[str, Callable[..., str]] = {
    "so": so,
    "phan_tram": phan_tram,
    "ngay": ngay,
    "ngay_thang_nam": ngay_thang_nam,
    "bang_chu": bang_chu,
    "la_ma": la_ma,
    "so_van_ban": so_van_ban,
}
