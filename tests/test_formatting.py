"""Numbers, percentages, amounts in words and dates as Vietnamese documents write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import jinja2
import numpy as np
import pandas as pd
import pytest

from baocao.errors import BaoCaoError, DataError, LayoutError
from baocao.formatting import (
    FILTERS,
    KHOANG_TRONG,
    bang_chu,
    la_ma,
    ngay,
    ngay_thang_nam,
    phan_tram,
    so,
    so_van_ban,
)
from baocao.numbering import la_ma as la_ma_numbering

# ---------------------------------------------------------------- so


@pytest.mark.parametrize(("args", "kwargs", "expected"), [
    # the examples of the spec
    ((6243886,), {}, "6.243.886"),
    ((85.016, 2), {}, "85,02"),
    ((0.125, 2), {}, "0,13"),
    ((2.675, 2), {}, "2,68"),
    # half-up, never half-even, never float artefacts
    ((1.005, 2), {}, "1,01"),
    ((0.5,), {}, "1"),
    ((1.5,), {}, "2"),
    ((2.5,), {}, "3"),
    ((3.5,), {}, "4"),
    ((0.045, 2), {}, "0,05"),
    ((1.115, 2), {}, "1,12"),
    ((0.1 + 0.2, 2), {}, "0,30"),
    ((123456789.125, 2), {}, "123.456.789,13"),
    # negative numbers: half-up is away from zero, and no "-0"
    ((-1234.5, 1), {}, "-1.234,5"),
    ((-2.5,), {}, "-3"),
    ((-0.125, 2), {}, "-0,13"),
    ((-0.001, 2), {}, "0,00"),
    ((-0.4,), {}, "0"),
    ((-6243886,), {}, "-6.243.886"),
    # small and zero
    ((0,), {}, "0"),
    ((0, 2), {}, "0,00"),
    ((7,), {}, "7"),
    ((999,), {}, "999"),
    ((1000,), {}, "1.000"),
    ((1e-7, 8), {}, "0,00000010"),
    # decimals are all written, unless gon=True
    ((85.5, 2), {}, "85,50"),
    ((85, 2), {}, "85,00"),
    ((85.5, 2), {"gon": True}, "85,5"),
    ((85, 2), {"gon": True}, "85"),
    ((85.016, 2), {"gon": True}, "85,02"),
    ((0.1 + 0.2, 2), {"gon": True}, "0,3"),
    # float rounded to 0 decimals
    ((1234.4,), {}, "1.234"),
    ((1234.5,), {}, "1.235"),
    # large numbers, beyond float and beyond the default 28-digit decimal context
    ((10**12,), {}, "1.000.000.000.000"),
    ((1e20,), {}, "100.000.000.000.000.000.000"),
    ((10**30 + 1,), {}, "1.000.000.000.000.000.000.000.000.000.001"),
    ((Decimal("1" + "0" * 40 + ".125"), 2), {}, "10.000.000.000.000.000.000.000.000.000.000.000.000.000,13"),
    # Decimal and Fraction
    ((Decimal("1.005"), 2), {}, "1,01"),
    ((Decimal("0.125"), 2), {}, "0,13"),
    ((Decimal("-1234567.891"), 1), {}, "-1.234.567,9"),
    ((Decimal("1E+3"),), {}, "1.000"),
    ((Fraction(1, 8), 2), {}, "0,13"),
    ((Fraction(2, 3), 3), {}, "0,667"),
    # text in Python syntax
    (("1234.5", 1), {}, "1.234,5"),
    (("1234.5",), {}, "1.235"),
    ((" -42 ",), {}, "-42"),
    (("1_000_000",), {}, "1.000.000"),
    (("1e3",), {}, "1.000"),
    (("0.125", 2), {}, "0,13"),
    # other locales keep their own signs
    ((1234567.891, 2), {"locale": "en"}, "1,234,567.89"),
    ((1234567.891, 2), {"locale": "de"}, "1.234.567,89"),
])
def test_so(args, kwargs, expected):
    assert so(*args, **kwargs) == expected


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (np.float64(2.675), 2, "2,68"),
    (np.float64(0.125), 2, "0,13"),
    (np.float32(2.675), 2, "2,68"),  # float32 read by its own shortest form, not 2.67499995…
    (np.float32(0.125), 2, "0,13"),
    (np.float16(0.5), 0, "1"),
    (np.int64(6243886), 0, "6.243.886"),
    (np.int32(-5), 0, "-5"),
    (np.uint8(255), 0, "255"),
    (np.int64(2**62), 0, "4.611.686.018.427.387.904"),
    (pd.Series([85.016]).iloc[0], 2, "85,02"),
    (pd.Series([6243886]).iloc[0], 0, "6.243.886"),
    (pd.array([1234], dtype="Int64")[0], 0, "1.234"),
    (pd.DataFrame({"x": [0.125]}).at[0, "x"], 2, "0,13"),
])
def test_so_numpy_pandas(value, decimals, expected):
    assert so(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, np.float32("nan"), Decimal("NaN"), pd.NA, "", "  "])
def test_so_missing(missing):
    with pytest.raises(DataError, match="thiếu số liệu") as err:
        so(missing)
    assert "thieu=" in str(err.value)  # says how to fix it
    assert so(missing, thieu="-") == "-"
    assert so(missing, 2, thieu="") == ""
    assert phan_tram(missing, thieu="—") == "—"
    assert bang_chu(missing, thieu="...") == "..."


@pytest.mark.parametrize(("value", "shown"), [
    ("abc", "'abc'"),
    ("1.234,5", "'1.234,5'"),  # written the Vietnamese way: ambiguous, refused
    ("12%", "'12%'"),
    ("nan", "'nan'"),
    ("inf", "'inf'"),
    ([1, 2], "[1, 2]"),
    (dt.date(2020, 1, 1), "datetime.date(2020, 1, 1)"),
    (1 + 2j, "(1+2j)"),
])
def test_so_not_a_number(value, shown):
    with pytest.raises(DataError, match="không phải là số") as err:
        so(value)
    assert shown in str(err.value)
    assert "1234.5" in str(err.value)  # the hint shows how to write it


@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
def test_so_bool(value):
    with pytest.raises(DataError, match="đúng/sai") as err:
        so(value)
    assert repr(value) in str(err.value)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), np.inf, Decimal("Infinity")])
def test_so_infinite(value):
    with pytest.raises(DataError, match="vô cực"):
        so(value)


@pytest.mark.parametrize("decimals", [-1, 1.5, "2", True, None])
def test_so_bad_decimals(decimals):
    with pytest.raises(DataError, match="chữ số thập phân") as err:
        so(1, decimals)
    assert repr(decimals) in str(err.value)


def test_data_error_is_a_baocao_error():
    with pytest.raises(BaoCaoError):
        so("x")
    with pytest.raises(ValueError):  # BaoCaoError is a ValueError
        so("x")


# ---------------------------------------------------------------- phan_tram


@pytest.mark.parametrize(("args", "kwargs", "expected"), [
    ((91.1724,), {}, "91,17%"),
    ((0.9117,), {"ty_le": True}, "91,17%"),
    ((100, 0), {}, "100%"),
    ((1, 0), {"ty_le": True}, "100%"),
    ((12.5, 1), {}, "12,5%"),
    ((12.5,), {}, "12,50%"),
    ((0.125, 2), {}, "0,13%"),
    ((0.00125,), {"ty_le": True}, "0,13%"),  # × 100 is exact: no 0.12499999…
    ((0.5, 0), {"ty_le": True}, "50%"),
    ((0.005, 0), {"ty_le": True}, "1%"),
    ((-3.456, 1), {}, "-3,5%"),
    ((1234.5, 1), {}, "1.234,5%"),
    ((np.float64(0.91175),), {"ty_le": True}, "91,18%"),
    ((Decimal("45.555"),), {}, "45,56%"),
    (("91.1724",), {}, "91,17%"),
    ((91.1724,), {"locale": "en"}, "91.17%"),
])
def test_phan_tram(args, kwargs, expected):
    assert phan_tram(*args, **kwargs) == expected


def test_phan_tram_no_space_before_sign():
    assert " " not in phan_tram(91.1724) and "\xa0" not in phan_tram(91.1724)


@pytest.mark.parametrize("value", ["abc", True, float("inf")])
def test_phan_tram_errors(value):
    with pytest.raises(DataError):
        phan_tram(value)


# ---------------------------------------------------------------- bang_chu


_CHU_SO = "không một hai ba bốn năm sáu bảy tám chín".split()


def _ba_chu_so(n: int, dau: bool) -> str:
    """Independent reference: a 3-digit group read the conventional way."""
    tram, chuc, dv = n // 100, n // 10 % 10, n % 10
    words = [_CHU_SO[tram], "trăm"] if tram or not dau else []
    if chuc == 0:
        if dv:
            words += (["lẻ"] if words else []) + [_CHU_SO[dv]]
    elif chuc == 1:
        words += ["mười"] + {0: [], 5: ["lăm"]}.get(dv, [_CHU_SO[dv]])
    else:
        words += [_CHU_SO[chuc], "mươi"] + {0: [], 1: ["mốt"], 5: ["lăm"]}.get(dv, [_CHU_SO[dv]])
    return " ".join(words)


@pytest.mark.parametrize("n", range(1, 1000))
def test_bang_chu_every_group(n):
    """1–999 as the first group, and after "nghìn" (with "không trăm" where needed)."""
    assert bang_chu(n, don_vi="", viet_hoa=False) == _ba_chu_so(n, True)
    assert bang_chu(7000 + n, don_vi="", viet_hoa=False) == "bảy nghìn " + _ba_chu_so(n, False)


@pytest.mark.parametrize(("value", "expected"), [
    (105000, "Một trăm lẻ năm nghìn đồng"),
    (0, "Không đồng"),
    (1, "Một đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi bốn đồng"),
    (25, "Hai mươi lăm đồng"),
    (105, "Một trăm lẻ năm đồng"),
    (110, "Một trăm mười đồng"),
    (1000, "Một nghìn đồng"),
    (1005, "Một nghìn không trăm lẻ năm đồng"),
    (1015, "Một nghìn không trăm mười lăm đồng"),  # num2words alone says "một nghìn lẻ mười lăm"
    (1050, "Một nghìn không trăm năm mươi đồng"),
    (10005, "Mười nghìn không trăm lẻ năm đồng"),
    (100000, "Một trăm nghìn đồng"),
    (1000000, "Một triệu đồng"),
    (1000005, "Một triệu không trăm lẻ năm đồng"),
    (1005000, "Một triệu không trăm lẻ năm nghìn đồng"),
    (2500000, "Hai triệu năm trăm nghìn đồng"),
    (1234567891, "Một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng"),
    (2000000000, "Hai tỷ đồng"),
    (10**12, "Một nghìn tỷ đồng"),
    (5003 * 10**9, "Năm nghìn không trăm lẻ ba tỷ đồng"),  # num2words alone: "năm nghìn tỷ ba tỷ"
    (10**15, "Một triệu tỷ đồng"),  # num2words alone: "một trăm nghìn tỷ"
    (10**18, "Một tỷ tỷ đồng"),  # num2words alone: "một Quintillion"
    (10**17 + 1, "Một trăm triệu tỷ không trăm lẻ một đồng"),  # exact: num2words goes through float
    (-5, "Âm năm đồng"),  # num2words alone: "mười lăm"
    (-2500000, "Âm hai triệu năm trăm nghìn đồng"),
    (105000.0, "Một trăm lẻ năm nghìn đồng"),
    (Decimal("105000.00"), "Một trăm lẻ năm nghìn đồng"),
    ("105000", "Một trăm lẻ năm nghìn đồng"),
    (np.int64(105000), "Một trăm lẻ năm nghìn đồng"),
    (np.float64(105000.0), "Một trăm lẻ năm nghìn đồng"),
    (pd.Series([1005]).iloc[0], "Một nghìn không trăm lẻ năm đồng"),
])
def test_bang_chu(value, expected):
    assert bang_chu(value) == expected


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, "Một trăm lẻ năm nghìn đồng"),
    ({"viet_hoa": False}, "một trăm lẻ năm nghìn đồng"),
    ({"don_vi": ""}, "Một trăm lẻ năm nghìn"),
    ({"don_vi": "", "viet_hoa": False}, "một trăm lẻ năm nghìn"),
    ({"don_vi": "người"}, "Một trăm lẻ năm nghìn người"),
    ({"don_vi": "đồng chẵn"}, "Một trăm lẻ năm nghìn đồng chẵn"),
])
def test_bang_chu_options(kwargs, expected):
    assert bang_chu(105000, **kwargs) == expected


def test_bang_chu_no_ngan():
    assert all("ngàn" not in bang_chu(n) for n in (1000, 15000, 10**12, 123456789))


@pytest.mark.parametrize("value", [1.5, 105000.25, Decimal("0.1"), "12.5"])
def test_bang_chu_fraction(value):
    with pytest.raises(DataError, match="số nguyên") as err:
        bang_chu(value)
    assert repr(value) in str(err.value)


@pytest.mark.parametrize(("value", "match"), [
    ("một trăm", "không phải là số"),
    (True, "đúng/sai"),
    (None, "thiếu số liệu"),
    (float("nan"), "thiếu số liệu"),
    (float("inf"), "vô cực"),
])
def test_bang_chu_errors(value, match):
    with pytest.raises(DataError, match=match):
        bang_chu(value)


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2019, 3, 6), "06/3/2019"),
    (dt.date(2017, 1, 24), "24/01/2017"),
    (dt.date(2020, 2, 5), "05/02/2020"),
    (dt.date(2020, 12, 29), "29/12/2020"),
    (dt.datetime(2019, 3, 6, 10, 30), "06/3/2019"),
    (pd.Timestamp("2019-03-06"), "06/3/2019"),
    (pd.Timestamp("2019-03-06 23:59", tz="Asia/Ho_Chi_Minh"), "06/3/2019"),
    (pd.Series(pd.to_datetime(["2017-01-24"])).iloc[0], "24/01/2017"),
    ("2019-03-06", "06/3/2019"),
    ("2019-3-6", "06/3/2019"),
    (" 2017-01-24 ", "24/01/2017"),
    ("2019-03-06T10:30:00", "06/3/2019"),
    ("2019-03-06 10:30", "06/3/2019"),
    ("06/3/2019", "06/3/2019"),
    ("6/3/2019", "06/3/2019"),
    ("24/01/2017", "24/01/2017"),
    ("06-03-2019", "06/3/2019"),
    ("06.03.2019", "06/3/2019"),
    ("29/02/2020", "29/02/2020"),
])
def test_ngay(value, expected):
    assert ngay(value) == expected


@pytest.mark.parametrize(("value", "match"), [
    ("31/02/2020", "không có thật"),
    ("2019-13-01", "không có thật"),
    ("29/02/2019", "không có thật"),
    ("2019-03-06T25:00", "không có thật"),
    ("06/03/19", "không phải là ngày"),  # two-digit year: ambiguous
    ("03/06/2019/", "không phải là ngày"),
    ("6 tháng 3 năm 2019", "không phải là ngày"),
    ("06/03-2019", "không phải là ngày"),
    ("hôm nay", "không phải là ngày"),
    (20190306, "không phải là ngày"),
    ((2019, 3, 6), "không phải là ngày"),
])
def test_ngay_errors(value, match):
    with pytest.raises(DataError, match=match) as err:
        ngay(value)
    assert repr(value) in str(err.value)
    assert "2019-03-06" in str(err.value)  # the hint shows how to write it


@pytest.mark.parametrize("missing", [None, pd.NaT, ""])
def test_ngay_missing(missing):
    with pytest.raises(DataError, match="thiếu ngày"):
        ngay(missing)
    assert ngay(missing, thieu="..../..../....") == "..../..../...."


BLANK = f"ngày {KHOANG_TRONG} tháng {KHOANG_TRONG} năm {KHOANG_TRONG}"


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2020, 2, 5), "ngày 05 tháng 02 năm 2020"),
    (dt.date(2019, 6, 21), "ngày 21 tháng 6 năm 2019"),
    (dt.date(2020, 12, 29), "ngày 29 tháng 12 năm 2020"),
    (dt.datetime(2017, 1, 24, 9, 30), "ngày 24 tháng 01 năm 2017"),
    (pd.Timestamp("2019-03-06 08:00"), "ngày 06 tháng 3 năm 2019"),
    ("2019-03-06", "ngày 06 tháng 3 năm 2019"),
    ("06/3/2019", "ngày 06 tháng 3 năm 2019"),
    ((2021, 12), f"ngày {KHOANG_TRONG} tháng 12 năm 2021"),
    ((2021, 1), f"ngày {KHOANG_TRONG} tháng 01 năm 2021"),
    (None, BLANK),
    (pd.NaT, BLANK),
    ("", BLANK),
])
def test_ngay_thang_nam(value, expected):
    assert ngay_thang_nam(value) == expected


@pytest.mark.parametrize("value", ["31/02/2020", "hôm nay", 2019])
def test_ngay_thang_nam_errors(value):
    with pytest.raises(DataError) as err:
        ngay_thang_nam(value)
    assert repr(value) in str(err.value)


# ---------------------------------------------------------------- la_ma, FILTERS, Jinja


def test_la_ma_reexported():
    assert la_ma is la_ma_numbering
    assert [la_ma(n) for n in (1, 4, 9, 14, 40, 2024)] == ["I", "IV", "IX", "XIV", "XL", "MMXXIV"]
    with pytest.raises(LayoutError):
        la_ma(0)


def test_filters():
    assert FILTERS == {"so": so, "phan_tram": phan_tram, "ngay": ngay, "ngay_thang_nam": ngay_thang_nam,
                       "bang_chu": bang_chu, "la_ma": la_ma, "so_van_ban": so_van_ban}


def test_filters_in_jinja():
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    template = env.from_string(
        "{{ dan_so | so }} người; {{ ty_le | phan_tram(1, ty_le=True) }}; {{ gdp | so(2) }}; "
        "{{ thieu | so(thieu='-') }}; {{ tien | bang_chu }}; {{ 3 | la_ma }}; "
        "{{ ngay_bc | ngay }}; {{ ngay_bc | ngay_thang_nam }}; {{ 5 | so_van_ban('KH-SXD') }}"
    )
    text = template.render(dan_so=6243886, ty_le=0.91175, gdp=np.float64(2.675), thieu=float("nan"),
                           tien=105000, ngay_bc="2019-03-06")
    assert text == ("6.243.886 người; 91,2%; 2,68; -; Một trăm lẻ năm nghìn đồng; III; "
                    "06/3/2019; ngày 06 tháng 3 năm 2019; 05/KH-SXD")


def test_phan_tram_of_what_looks_like_a_ratio_warns():
    import warnings

    from baocao import BaoCaoWarning

    with pytest.warns(BaoCaoWarning, match="ty_le=True"):
        assert phan_tram(0.9117) == "0,91%"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert phan_tram(0.5) == "0,50%" and phan_tram(0.9117, ty_le=True) == "91,17%" and phan_tram(91.17) == "91,17%"
