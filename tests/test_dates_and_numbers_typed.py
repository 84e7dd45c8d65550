"""Numbers and dates as they arrive (issue 14): due dates by the one-stop rules, a cut-off hour,
Việt Nam's time zone, no silent "today", ties at the printed precision, series labels, one date
reader, Excel's semicolon CSV, the satisfaction scheme named for what it is."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import make, write

from baocao import DataError, LayoutError, ModelError, chiso, la_ma, ngay, ngay_thang_nam, so_van_ban
from baocao.chiso import LichLamViec, chuoi, phan_loai, so_sanh, tien_do, xep_hang
from baocao.data import load_data
from baocao.dates import read_date

D = dt.date
LICH = LichLamViec(2024)


def test_a_saturday_receipt_is_a_monday_receipt():
    sat = D(2024, 1, 6)
    assert LICH.cong_ngay_lam_viec(sat, 1) == D(2024, 1, 9)  # day 1 is Tuesday
    assert LICH.cong_ngay_lam_viec(D(2024, 1, 8), 1) == D(2024, 1, 9)  # as a Monday receipt
    assert LICH.cong_ngay_lam_viec(sat, 1, nhan_ngay_nghi="ngay_lam_viec_truoc") == D(2024, 1, 8)
    with pytest.raises(DataError, match="nhan_ngay_nghi"):
        LICH.cong_ngay_lam_viec(sat, 1, nhan_ngay_nghi="khac")


def test_the_dossier_log_follows_the_same_rule():
    log = pd.DataFrame({"ngay_nhan": ["06/01/2024"], "so_ngay_xu_ly": [1], "ngay_tra": ["08/01/2024"]})
    assert phan_loai(log, ngay_bao_cao="31/01/2024", lich=LICH)["han_xu_ly"].dt.date.tolist() == [D(2024, 1, 9)]
    kq = tien_do(log, ngay_bao_cao="31/01/2024", lich=LICH)
    assert kq.truoc_han == 1 and kq.dung_han == 0


def test_a_cut_off_hour_moves_late_receipts_to_the_next_working_day():
    log = pd.DataFrame({"ngay_nhan": ["05/01/2024 16:10", "05/01/2024 09:00", "05/01/2024"],
                        "so_ngay_xu_ly": [1, 1, 1], "ngay_tra": [None, None, None]})
    han = phan_loai(log, ngay_bao_cao="31/01/2024", lich=LICH, gio_chot=15)["han_xu_ly"].dt.date.tolist()
    assert han == [D(2024, 1, 9), D(2024, 1, 8), D(2024, 1, 8)]  # Friday 16:10 → received Monday
    han = phan_loai(log, ngay_bao_cao="31/01/2024", lich=LICH)["han_xu_ly"].dt.date.tolist()
    assert han == [D(2024, 1, 8)] * 3  # without a cut-off the hour does not count
    with pytest.raises(DataError, match="giờ chốt"):
        phan_loai(log, ngay_bao_cao="31/01/2024", gio_chot="25:00")


def test_aware_times_are_taken_in_vietnam():
    utc_evening = pd.Timestamp("2024-02-07 20:00", tz="UTC")  # 03:00 on the 8th in Việt Nam
    assert read_date(utc_evening) == D(2024, 2, 8)
    assert read_date("2024-02-07T20:00:00Z") == D(2024, 2, 8)
    column = pd.Series(pd.to_datetime(["2024-02-07 20:00"]).tz_localize("UTC"))
    from baocao.chiso.lich import doc_cot_ngay, sau_gio_chot

    assert doc_cot_ngay(column).astype(str).tolist() == ["2024-02-08"]
    assert sau_gio_chot(pd.Series(pd.to_datetime(["2024-02-07 09:00"]).tz_localize("UTC")), 15).tolist() == [True]


def test_no_silent_today():
    pending = pd.DataFrame({"ngay_nhan": ["05/01/2024"], "so_ngay_xu_ly": [3], "ngay_tra": [None]})
    with pytest.raises(DataError, match="ngày báo cáo"):
        tien_do(pending, lich=LICH)
    settled = pd.DataFrame({"ngay_nhan": ["05/01/2024"], "so_ngay_xu_ly": [3], "ngay_tra": ["08/01/2024"]})
    assert tien_do(settled, lich=LICH).da_giai_quyet == 1


def test_ties_at_the_printed_precision():
    df = pd.DataFrame({"don_vi": ["A", "B", "C"], "diem": [(84.9 + 85.0) / 2, 0.1 * 3 * 283.1666666666667, 80]})
    assert df["diem"].iloc[0] != df["diem"].iloc[1]  # float noise
    assert xep_hang(df, "diem")["hang"].tolist() == [1, 1, 3]


def test_chuoi_labels_from_a_filtered_series_and_float_years():
    df = pd.DataFrame({"nam": [2020.0, 2021.0, 2022.0], "ty_le": [55.3, 80.2, 89.15]})
    assert chuoi(df[df["nam"] > 2020]["ty_le"]) == "80,2% → 89,15%"
    assert chuoi(df.set_index("nam")["ty_le"]) == "55,3% (năm 2020) → 80,2% (năm 2021) → 89,15% (năm 2022)"
    assert chuoi(df["ty_le"], df["nam"].tolist(), cach="loi") == "từ 55,3% năm 2020 lên 80,2% năm 2021 rồi lên " \
                                                                 "89,15% năm 2022"


def test_so_sanh_ty_le_compares_the_printed_figures():
    assert so_sanh(0.0149, 0.0051, kieu="ty_le") == "không thay đổi"  # both 0,01
    assert so_sanh(450, 400, kieu="ty_le") == "tăng 12,5%"


@pytest.mark.parametrize(("value", "expected"), [
    (np.datetime64("2019-03-06"), "06/3/2019"), (np.datetime64("2019-03-06T10:30"), "06/3/2019"),
    ("06/03/2019 15:30", "06/3/2019"), ("2019-03-06 15:30", "06/3/2019"), (pd.Timestamp("2019-03-06"), "06/3/2019"),
])
def test_ngay_reads_what_the_dossier_reader_reads(value, expected):
    assert ngay(value) == expected
    assert chiso.lich.doc_ngay(value) == D(2019, 3, 6)


@pytest.mark.parametrize("missing", [None, float("nan"), np.datetime64("NaT"), pd.NaT, " "])
def test_missing_dates(missing):
    assert ngay(missing, thieu="-") == "-"
    assert ngay_thang_nam(missing).startswith("ngày ")
    with pytest.raises(DataError, match="thiếu"):
        ngay(missing)


def test_year_month_pairs_are_checked():
    with pytest.raises(DataError, match="tháng"):
        ngay_thang_nam((2021, 13))
    assert ngay_thang_nam((2021, 12)).endswith("tháng 12 năm 2021")


def test_so_van_ban_takes_whole_floats_and_nan():
    assert so_van_ban(2.0, "BC-SXD") == "02/BC-SXD"
    assert so_van_ban(float("nan"), "BC-SXD") == "....../BC-SXD"
    with pytest.raises(ModelError):
        so_van_ban(2.5, "BC-SXD")


@pytest.mark.parametrize("bad", [True, "4", 4.0, None])
def test_la_ma_refuses_what_is_not_an_integer(bad):
    with pytest.raises(LayoutError, match="số nguyên"):
        la_ma(bad)


def test_the_model_reads_dates_with_the_same_reader():
    assert make(ngay="6.3.2019").ngay == D(2019, 3, 6)
    assert make(ngay=pd.Timestamp("2024-02-07 20:00", tz="UTC")).ngay == D(2024, 2, 8)
    assert make(ngay=np.datetime64("2019-03-06")).ngay == D(2019, 3, 6)


def test_semicolon_csv_keeps_dates_and_codes(tmp_path):
    path = write(tmp_path, "so_lieu.csv", "ngay;so;ty_le;ma\n06.03.2019;1.234;95,5;0123\n07.03.2019;12;99;0456\n")
    df = load_data([path])["so_lieu"]
    assert df["ngay"].tolist() == ["06.03.2019", "07.03.2019"]
    assert df["so"].tolist() == [1234, 12] and df["ty_le"].tolist() == [95.5, 99.0]
    assert df["ma"].tolist() == ["0123", "0456"]
    assert ngay(df["ngay"].iloc[0]) == "06/3/2019"


def test_comma_csv_keeps_codes_with_leading_zeros(tmp_path):
    df = load_data([write(tmp_path, "b.csv", "nam,so,ma\n2021,1.5,0123\n2022,,0456\n")])["b"]
    assert df["nam"].tolist() == [2021, 2022] and df["ma"].tolist() == ["0123", "0456"]
    assert df["so"].iloc[0] == 1.5 and pd.isna(df["so"].iloc[1])


def test_the_satisfaction_scheme_is_named_for_what_it_is():
    assert len(chiso.YEU_TO_HA_NAM_1048) == 21
    with pytest.warns(DeprecationWarning, match="1048"):
        old = chiso.YEU_TO_2640
    assert old is chiso.YEU_TO_HA_NAM_1048
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "YEU_TO_2640" not in chiso.__all__
