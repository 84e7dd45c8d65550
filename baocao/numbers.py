"""The number core: one reading of a value as an exact decimal, one rounding, one missing-value test.

Every module that reads, rounds or writes a number goes through here (formatting, tables, charts,
the indicators of :mod:`baocao.chiso`), so that a figure is rounded the same way in the text, in a
table, on a chart and in a ranking:

* :func:`exact` — a number as an exact :class:`~decimal.Decimal`; floats by their shortest
  ``repr``, so ``2.675`` is ``Decimal("2.675")``, not ``2.67499999…``.
* :func:`round_half_up` — half-up to a number of decimals, as Vietnamese school practice rounds:
  a 5 rounds away from zero (0,125 → 0,13; −2,5 → −3), never to even.
* :func:`is_missing` — **the** missing-value test: ``None``, NaN (float, numpy, Decimal), pandas
  ``NA`` and ``NaT``, numpy ``NaT``. Text is never missing, not even blank text: ``""`` is an empty
  text, a value. Where a field holds a number or a date, blank text means "no value" there:
  :func:`is_blank` says that, and is what the number and date readers use.
* :func:`write` — a rounded number the Vietnamese way: ``.`` between thousands, ``,`` before decimals.

A missing value is never turned into 0: :func:`exact` refuses it, callers write it as empty text
or raise. Nothing here imports numpy or pandas (``import baocao`` stays fast); their scalars are
recognised by what they are (``numbers.Real``, the type name of ``pd.NA`` / ``pd.NaT``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from .errors import DataError

#: The most digits a number may have before the decimal point, and the most decimals it may be
#: rounded to: a limit far beyond any report, against numbers such as 1E+999999999 (a billion
#: digits to compute and write).
MAX_DIGITS = 100_000

HINT_TEXT = "viết số theo cú pháp Python, ví dụ 1234.5: dấu chấm thập phân, không có dấu phân cách hàng nghìn"

#: Type names of the missing-value singletons of pandas (checked by name: no pandas import).
_NA_TYPES = ("NAType", "NaTType")


def is_missing(value: object) -> bool:
    """Whether ``value`` is a missing value: ``None``, a NaN (float, numpy float, ``Decimal``),
    pandas ``NA`` or ``NaT``, or a numpy ``NaT``.

    Text is a value, even blank text (see :func:`is_blank`); so are 0, ``False`` and infinity.

    >>> import decimal, numpy as np, pandas as pd
    >>> [is_missing(v) for v in (None, float("nan"), np.float32("nan"), decimal.Decimal("NaN"), pd.NA, pd.NaT)]
    [True, True, True, True, True, True]
    >>> is_missing(np.datetime64("NaT")), is_missing(np.timedelta64("NaT"))
    (True, True)
    >>> [is_missing(v) for v in (0, 0.0, "", "  ", "nan", False, float("inf"), decimal.Decimal(0))]
    [False, False, False, False, False, False, False, False]
    """
    kind = type(value)
    if kind is int or kind is str or kind is bool:  # the common cases first, without the slow ABC checks
        return False
    if kind is float:
        return value != value  # NaN
    if value is None or kind.__name__ in _NA_TYPES:
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    if kind.__name__ in ("datetime64", "timedelta64"):  # numpy NaT, unequal to itself (timedelta64 is Integral)
        return bool(value != value)
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and math.isnan(value)


def is_blank(value: object) -> bool:
    """A missing value (:func:`is_missing`) or blank text (``""``, spaces): no value, where a
    number or a date is expected (a blank spreadsheet cell read as text, ``so: ""`` in YAML).

    >>> is_blank(None), is_blank(""), is_blank(" \\t"), is_blank("0"), is_blank(0)
    (True, True, True, False, False)
    """
    return is_missing(value) or (isinstance(value, str) and not value.strip())


def _is_bool(value: object) -> bool:
    return isinstance(value, bool) or type(value).__name__ in ("bool", "bool_")  # numpy.bool_ too (named bool)


def exact(value: object, *, text: bool = False, where: str | None = None) -> Decimal:
    """``value`` as an exact, finite :class:`~decimal.Decimal`.

    Takes int, float, Decimal, fractions, numpy and pandas numbers. Floats are read by their
    shortest ``repr`` (the number as it was written: 2.675 is ``Decimal("2.675")``), numpy
    float32/float16 by their own ``str``, a Fraction to 40 significant digits. With ``text=True``,
    text in Python syntax (``" 1234.5 "``) is read too. A :class:`~baocao.errors.DataError`
    (naming ``where``) for a missing value, infinity, a number of more than :data:`MAX_DIGITS`
    digits, a boolean, text (unless ``text``) and anything else: a missing value is never 0.

    >>> exact(2.675), exact(0.1 + 0.2), exact(6243886), exact(2**70)
    (Decimal('2.675'), Decimal('0.30000000000000004'), Decimal('6243886'), Decimal('1180591620717411303424'))
    >>> import numpy as np
    >>> exact(np.float64(85.02)), exact(np.float32(0.1)), exact(np.int64(-7))
    (Decimal('85.02'), Decimal('0.1'), Decimal('-7'))
    >>> exact(" 1234.5", text=True)
    Decimal('1234.5')
    >>> exact("1234.5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    baocao.errors.DataError: '1234.5' (str) không phải là số (...)
    >>> exact(True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    baocao.errors.DataError: True là giá trị đúng/sai, không phải là số (...)
    >>> exact(float("nan"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    baocao.errors.DataError: thiếu số liệu: nhận nan (...)
    """
    kind = type(value)
    if kind is int:  # the common cases first, without the slow ABC checks
        return Decimal(value)  # type: ignore[arg-type]
    if kind is float and math.isfinite(value):  # type: ignore[arg-type]
        return Decimal(repr(value))
    if _is_bool(value):
        raise DataError(f"{value!r} là giá trị đúng/sai, không phải là số", where=where,
                        hint="kiểm tra lại cột số liệu")
    if is_missing(value):
        raise DataError(f"thiếu số liệu: nhận {value!r}", where=where,
                        hint="điền số liệu; số liệu thiếu không được coi là 0")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, numbers.Integral):
        number = Decimal(int(value))
    elif isinstance(value, float):  # float and numpy.float64
        number = Decimal(repr(float(value)))
    elif isinstance(value, numbers.Rational):  # fractions.Fraction: exact to 40 digits
        with localcontext(Context(prec=40)):
            number = Decimal(int(value.numerator)) / Decimal(int(value.denominator))
    elif isinstance(value, numbers.Real):  # numpy.float32, float16 …: str is their shortest form
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal(repr(float(value)))
    elif isinstance(value, str) and text:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise DataError(f"{value!r} không phải là số", where=where, hint=HINT_TEXT) from None
        if not number.is_finite():  # "nan", "inf" written as text
            raise DataError(f"{value!r} không phải là số", where=where, hint=HINT_TEXT)
    else:
        raise DataError(f"{value!r} ({type(value).__name__}) không phải là số", where=where, hint=HINT_TEXT)
    if not number.is_finite():
        raise DataError(f"{value!r} là vô cực, không phải là một số", where=where,
                        hint="kiểm tra phép tính ra số này (chia cho 0?)")
    if number.adjusted() >= MAX_DIGITS:  # 1E+999999999 would take a billion digits to round or write
        raise DataError(f"số {number:.3E} quá lớn (hơn {MAX_DIGITS} chữ số)", where=where,
                        hint="kiểm tra phép tính ra số này")
    return number


def _places(decimals: object) -> int:
    if type(decimals) is int and 0 <= decimals <= MAX_DIGITS:
        return decimals
    if not isinstance(decimals, numbers.Integral) or _is_bool(decimals) or not 0 <= int(decimals) <= MAX_DIGITS:
        raise DataError(f"số chữ số thập phân phải là số nguyên từ 0 đến {MAX_DIGITS}, nhận {decimals!r}",
                        hint="ví dụ 2")
    return int(decimals)


def round_half_up(value: object, decimals: int = 0) -> Decimal:
    """``value`` (read by :func:`exact`) rounded half-up to ``decimals`` places (0 or more).

    Half-up on the exact decimal: a 5 rounds away from zero, for negative numbers too (−2,5 → −3,
    as :func:`baocao.formatting.so` writes it); a rounded zero has no sign. The precision follows
    the number, so big values keep every digit. What :func:`exact` refuses (missing values,
    infinity, more than :data:`MAX_DIGITS` digits) is a :class:`~baocao.errors.DataError`.

    >>> round_half_up(0.125, 2), round_half_up(2.675, 2), round_half_up(-2.5), round_half_up(-0.004, 2)
    (Decimal('0.13'), Decimal('2.68'), Decimal('-3'), Decimal('0.00'))
    >>> round_half_up(10**40 + 1), round_half_up(Decimal("123456789012345678901234567890.45"), 1)
    (Decimal('10000000000000000000000000000000000000001'), Decimal('123456789012345678901234567890.5'))
    """
    number = exact(value)
    places = _places(decimals)
    # enough precision for any number of digits: the default 28 would fail on big values
    with localcontext(Context(prec=max(28, number.adjusted() + places + 3), rounding=ROUND_HALF_UP)):
        rounded = number.quantize(Decimal(1).scaleb(-places))
    return rounded.copy_abs() if rounded.is_zero() else rounded  # no "-0,00"


def total(values: Iterable[object]) -> Decimal:
    """The exact sum of numbers (each read by :func:`exact`): no float artefacts, no digits
    lost to the 28 of the default decimal context.

    >>> total([0.1, 0.2]), total([10**30, 0.5, -10**30]), total([])
    (Decimal('0.3'), Decimal('0.5'), Decimal('0'))
    """
    with localcontext(Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)):
        return sum((exact(v) for v in values), Decimal(0))


_VI_SEPARATORS = str.maketrans({",": ".", ".": ","})


def write(value: object, decimals: int = 0, *, compact: bool = False) -> str:
    """``value`` rounded by :func:`round_half_up` and written the Vietnamese way: ``.`` between
    thousands, ``,`` before the ``decimals`` decimals, which are all written (``compact=True``
    drops trailing zeros, so ``decimals`` is a maximum).

    >>> write(6243886), write(85.016, 2), write(-1234.5, 1), write(85.5, 2), write(85.5, 2, compact=True)
    ('6.243.886', '85,02', '-1.234,5', '85,50', '85,5')
    >>> write(-0.001, 2), write(10**21), write(Decimal("0.5"))
    ('0,00', '1.000.000.000.000.000.000.000', '1')
    """
    places = _places(decimals)
    text = f"{round_half_up(value, places):,.{places}f}"
    if compact and places:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_VI_SEPARATORS)


def _write_float(value: float, places: int, compact: bool) -> str | None:
    """:func:`write` of a finite float, read by its shortest ``repr``, without :class:`Decimal`;
    None when the repr has an exponent (1e+16, 1e-05) or is a tie to round half-up (2.675 to 2
    places), which :func:`write` takes."""
    text = repr(value)
    if "e" in text or "n" in text:  # an exponent, or inf / nan
        return None
    dot = text.index(".")
    fraction = text[dot + 1:]
    if len(fraction) > places:
        if len(fraction) == places + 1 and fraction[-1] == "5":
            return None  # a tie: half-up on the exact decimal
        # no tie: rounding the binary value (what format does) gives what rounding its shortest
        # repr gives, as a shorter decimal between the two would have been the repr
        text = f"{value:_.{places}f}"
        if text[0] == "-" and not text.strip("-0._"):
            text = text[1:]  # -0.004 → 0,00: a rounded zero has no sign
        if compact and places:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",").replace("_", ".")
    whole = text[:dot]
    negative = whole[0] == "-"
    if negative:
        whole = whole[1:]
    tail = fraction.rstrip("0") if compact else fraction.ljust(places, "0") if places else ""
    head = f"{int(whole):,}".replace(",", ".") if len(whole) > 3 else whole
    sign = "-" if negative and (whole != "0" or fraction.strip("0")) else ""
    return f"{sign}{head},{tail}" if tail else sign + head


_BIG = 10**30  # ints beyond are written by write(): its limits and checks (MAX_DIGITS)


def write_many(values: Iterable[object], decimals: int = 0, *, compact: bool = False) -> list[str]:
    """:func:`write` of every value, the same texts, about ten times faster on ints and floats
    (a whole table column at once).

    >>> write_many([6243886, 85.016, -0.004, 2.675, 1e22, -1234.5], 2)
    ['6.243.886,00', '85,02', '0,00', '2,68', '10.000.000.000.000.000.000.000,00', '-1.234,50']
    >>> write_many([85.5, 3, 0.125], 2, compact=True)
    ['85,5', '3', '0,13']
    """
    places = _places(decimals)
    zeros = "," + "0" * places if places and not compact else ""
    out = []
    for value in values:
        kind = type(value)
        if kind is int and -_BIG < value < _BIG:  # type: ignore[operator]
            out.append(f"{value:,}".replace(",", ".") + zeros)
            continue
        if kind is float:
            text = _write_float(value, places, compact)  # type: ignore[arg-type]
            if text is not None:
                out.append(text)
                continue
        out.append(write(value, places, compact=compact))
    return out


__all__ = ["MAX_DIGITS", "exact", "is_blank", "is_missing", "round_half_up", "total", "write", "write_many"]
