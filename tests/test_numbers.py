"""The number core (baocao.numbers): exact reading, half-up rounding, the one missing-value test."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from baocao.errors import DataError
from baocao.formatting import so
from baocao.numbers import MAX_DIGITS, exact, is_blank, is_missing, round_half_up, total, write

PACKAGE = Path(__file__).resolve().parents[1] / "baocao"


# ------------------------------------------------------------------ round_half_up

@pytest.mark.parametrize(("value", "decimals", "want"), [
    (0.125, 2, "0.13"),
    (2.675, 2, "2.68"),  # 2.67499999… as a binary float: read by its repr
    (1.005, 2, "1.01"),
    (89.995, 2, "90.00"),
    (0.5, 0, "1"),
    (1.5, 0, "2"),
    (2.5, 0, "3"),  # not to even
    (-2.5, 0, "-3"),  # half away from zero, as formatting.so writes it
    (-0.125, 2, "-0.13"),
    (-2.675, 2, "-2.68"),
    (0.0049, 2, "0.00"),
    (Decimal("2.675"), 2, "2.68"),
    (Decimal("-0.5"), 0, "-1"),
    (7, 2, "7.00"),
    (0.1 + 0.2, 2, "0.30"),
])
def test_round_half_up(value, decimals, want):
    assert round_half_up(value, decimals) == Decimal(want)
    assert str(round_half_up(value, decimals)) == want


def test_negative_rounding_matches_so():
    for value in (-2.5, -0.125, -1234.45, -0.5):
        for decimals in (0, 1, 2):
            rounded = round_half_up(value, decimals)
            assert so(value, decimals) == write(rounded, decimals)
            assert so(value, decimals).replace(".", "").replace(",", ".") == str(rounded)


def test_rounded_zero_has_no_sign():
    assert str(round_half_up(-0.004, 2)) == "0.00"
    assert str(round_half_up(Decimal("-0"), 0)) == "0"
    assert write(-0.001, 2) == "0,00"


def test_huge_values_keep_every_digit():
    big = 10**60 + 1
    assert round_half_up(big, 2) == Decimal(big)
    assert str(round_half_up(Decimal("123456789012345678901234567890123.45"), 1)) == \
        "123456789012345678901234567890123.5"
    assert round_half_up(2**200, 0) == Decimal(2**200)
    assert write(10**30) == "1" + ".000" * 10
    assert round_half_up(Decimal("0.5E-30"), 30) == Decimal("1E-30")
    assert write(Decimal("0.5E-30"), 30) == "0," + "0" * 29 + "1"


def test_many_decimals():
    assert str(round_half_up(Decimal(1) / 3, 20)) == "0." + "3" * 20
    assert str(round_half_up(0.5, 40)) == "0.5" + "0" * 39


def test_too_many_digits_refused():
    with pytest.raises(DataError, match="quá lớn"):
        round_half_up(Decimal("1E+999999999"), 0)
    with pytest.raises(DataError, match="quá lớn"):
        exact(Decimal(f"1E+{MAX_DIGITS}"))
    with pytest.raises(DataError, match="số chữ số thập phân"):
        round_half_up(1, MAX_DIGITS + 1)


@pytest.mark.parametrize("decimals", [-1, 1.5, True, "2", None])
def test_bad_decimals(decimals):
    with pytest.raises(DataError, match="số chữ số thập phân"):
        round_half_up(1.25, decimals)


def test_numpy_decimals_accepted():
    assert round_half_up(2.675, np.int64(2)) == Decimal("2.68")


# ------------------------------------------------------------------ exact

@pytest.mark.parametrize(("value", "want"), [
    (2.675, "2.675"),
    (0.1, "0.1"),
    (1e-7, "1E-7"),
    (6243886, "6243886"),
    (-(10**40), "-" + "1" + "0" * 40),
    (Decimal("85.020"), "85.020"),
    (np.float64(2.675), "2.675"),
    (np.float32(0.1), "0.1"),  # float32's own shortest form, not 0.100000001490116…
    (np.float16(0.5), "0.5"),
    (np.int64(-7), "-7"),
    (np.uint8(255), "255"),
    (Fraction(1, 4), "0.25"),
])
def test_exact(value, want):
    assert exact(value) == Decimal(want)


def test_exact_pandas_scalars():
    s = pd.Series([2.675, 3.0])
    assert exact(s.iloc[0]) == Decimal("2.675")
    assert exact(pd.Series([5], dtype="Int64").iloc[0]) == 5


@pytest.mark.parametrize("value", ["1234.5", "", "abc", b"1"])
def test_exact_refuses_text(value):
    with pytest.raises(DataError, match="không phải là số"):
        exact(value)


def test_exact_reads_text_when_asked():
    assert exact(" 1234.5 ", text=True) == Decimal("1234.5")
    assert exact("2.675", text=True) == Decimal("2.675")
    for bad in ("1.234,5", "nan", "inf", "12 hồ sơ"):
        with pytest.raises(DataError, match="không phải là số"):
            exact(bad, text=True)


@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
def test_exact_refuses_booleans(value):
    with pytest.raises(DataError, match="đúng/sai"):
        exact(value)


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, np.float32("nan"), Decimal("NaN"), pd.NA, pd.NaT])
def test_exact_refuses_missing_never_zero(value):
    with pytest.raises(DataError, match="thiếu số liệu"):
        exact(value)
    with pytest.raises(DataError, match="thiếu số liệu"):
        round_half_up(value, 2)


@pytest.mark.parametrize("value", [float("inf"), -np.inf, Decimal("Infinity")])
def test_exact_refuses_infinity(value):
    with pytest.raises(DataError, match="vô cực"):
        exact(value)


def test_exact_names_where():
    with pytest.raises(DataError) as err:
        exact("x", where="so_sanh: moi")
    assert "so_sanh: moi" in str(err.value)


def test_exact_refuses_other_types():
    for value in (dt.date(2020, 1, 1), [1], {"a": 1}, object()):
        with pytest.raises(DataError, match="không phải là số"):
            exact(value)


# ------------------------------------------------------------------ total

def test_total_is_exact():
    assert total([0.1, 0.2, 0.3]) == Decimal("0.6")
    assert total([10**40, 0.25, 1]) == Decimal("10000000000000000000000000000000000000001.25")
    # 40 significant digits: the default context (28) would round this sum
    assert total([Decimal("1234567890123456789012345678.9"), Decimal("0.0000000001")]) == \
        Decimal("1234567890123456789012345678.9000000001")
    assert total([np.int64(2), np.float64(0.5), Decimal("1")]) == Decimal("3.5")


def test_total_refuses_missing():
    with pytest.raises(DataError, match="thiếu"):
        total([1, None])


# ------------------------------------------------------------------ is_missing

MISSING = [None, float("nan"), -float("nan"), np.nan, np.float32("nan"), np.float16("nan"), np.float64("nan"),
           Decimal("NaN"), Decimal("sNaN"), pd.NA, pd.NaT, np.datetime64("NaT"), np.timedelta64("NaT")]
PRESENT = [0, 0.0, -0.0, False, True, "", " ", "\t\n", "nan", "NaN", "None", float("inf"), Decimal(0),
           np.int64(0), np.float64(0), np.datetime64("2020-01-01"), pd.Timestamp("2020-01-01"),
           dt.date(2020, 1, 1), [], (), Fraction(0)]


@pytest.mark.parametrize("value", MISSING, ids=repr)
def test_missing(value):
    assert is_missing(value) is True
    assert is_blank(value) is True


@pytest.mark.parametrize("value", PRESENT, ids=repr)
def test_present(value):
    assert is_missing(value) is False


def test_missing_in_frames():
    df = pd.DataFrame({"a": [1.0, None], "b": pd.array([1, None], dtype="Int64"),
                       "c": pd.to_datetime(["2020-01-01", None]), "d": ["x", None]})
    assert [is_missing(v) for v in df.iloc[1]] == [True, True, True, True]
    assert [is_missing(v) for v in df.iloc[0]] == [False, False, False, False]
    assert [is_missing(v) for v in df["b"].tolist()] == [False, True]


def test_blank_text_is_blank_not_missing():
    """The one rule: text is a value; blank text means "no value" only where a number or date is expected."""
    for text in ("", " ", "\u00a0", "\t"):
        assert not is_missing(text)
        assert is_blank(text)
    for text in ("0", "-", "x"):
        assert not is_blank(text)
    assert not is_blank(0) and not is_blank(False)


# ------------------------------------------------------------------ write

def test_write():
    assert write(6243886) == "6.243.886"
    assert write(85.016, 2) == "85,02"
    assert write(0.125, 2) == "0,13"
    assert write(2.675, 2) == "2,68"
    assert write(-1234.5, 1) == "-1.234,5"
    assert write(85.5, 2, compact=True) == "85,5"
    assert write(85, 2, compact=True) == "85"
    assert write(np.float32(0.1), 3) == "0,100"


def test_write_matches_so():
    for value in (0, 1, -1, 999, 1000, 1234567.891, -0.5, 0.005, 2.675, 10**25 + 0.5, Decimal("1e-10")):
        for decimals in (0, 1, 2, 5):
            assert write(value, decimals) == so(value, decimals)
            assert write(value, decimals, compact=True) == so(value, decimals, gon=True)


# ------------------------------------------------------------------ one core

def test_only_numbers_rounds_half_up():
    """Rounding is written once: no module but baocao/numbers.py names ROUND_HALF_UP."""
    users = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if "ROUND_HALF_UP" in p.read_text(encoding="utf-8"))
    assert users == ["numbers.py"]


def test_no_private_missing_tests_left():
    """The missing-value test is written once: no ``_la_thieu`` of its own in the modules that use the core."""
    modules = ["formatting.py", "tables.py", "charts.py", "model.py", "chiso/diem.py", "chiso/so_sanh.py",
               "chiso/hai_long.py"]
    for name in modules:
        text = (PACKAGE / name).read_text(encoding="utf-8")
        assert not re.search(r"\b_la_thieu\b", text), name
        assert "Decimal(repr(" not in text, name
