"""Dossier timeliness (baocao.chiso.ho_so) and the working-day calendar (baocao.chiso.lich)."""

from __future__ import annotations

import datetime as dt
import types

import numpy as np
import pandas as pd
import pytest

from baocao.chiso.ho_so import COT_SO_LIEU, KetQuaHoSo, phan_loai, tien_do, ty_le
from baocao.chiso.lich import LichLamViec, doc_cot_ngay
from baocao.errors import DataError
from baocao.formatting import phan_tram

D = dt.date


@pytest.fixture(scope="module")
def lich() -> LichLamViec:
    return LichLamViec(range(2022, 2026))


# ---------------------------------------------------------------- building dossier logs

def ho_so(truoc: int = 0, dung: int = 0, qua: int = 0, trong_han: int = 0, qua_han_chua_tra: int = 0,
          **cot: str) -> pd.DataFrame:
    """A log of dossiers received on 01/03/2023 and due 10/03/2023: ``truoc`` returned early,
    ``dung`` on the due date, ``qua`` late, and pending ones due after / before 31/03/2023
    (the report date used with these logs). ``cot`` adds constant columns (linh_vuc=...)."""
    rows = ([("2023-03-01", "2023-03-10", "2023-03-08")] * truoc + [("2023-03-01", "2023-03-10", "2023-03-10")] * dung
            + [("2023-03-01", "2023-03-10", "2023-03-14")] * qua + [("2023-03-01", "2023-04-14", None)] * trong_han
            + [("2023-03-01", "2023-03-10", None)] * qua_han_chua_tra)
    df = pd.DataFrame(rows, columns=["ngay_nhan", "han_xu_ly", "ngay_tra"])
    for name, value in cot.items():
        df[name] = value
    return df


BAO_CAO = dict(tu_ngay="01/01/2023", den_ngay="31/03/2023")


# ---------------------------------------------------------------- seed 004 (Đồng Hới) from rows

def test_seed_004_tai_chinh_ke_hoach_3740_tren_3760():
    # "tiếp nhận và giải quyết 3.760 hồ sơ ... giải quyết sớm hạn và đúng hạn 3.740 hồ sơ, đạt 99,4 %"
    # 3.740 / 3.760 = 99,468…%: rounded half-up it is 99,47 %; the seed printed 99,4 % (truncated).
    kq = tien_do(ho_so(truoc=3000, dung=740, qua=20), **BAO_CAO)
    assert (kq.tong_so, kq.da_giai_quyet, kq.truoc_han + kq.dung_han, kq.qua_han) == (3760, 3760, 3740, 20)
    assert kq.ty_le_dung_han == pytest.approx(3740 / 3760 * 100)
    assert phan_tram(kq.ty_le_dung_han) == "99,47%"
    assert phan_tram(kq.ty_le_dung_han, 1) == "99,5%"  # not the seed's "99,4 %"


def test_seed_004_as_written_no_late_dossier():
    # The seed also says "không có hồ sơ trễ hẹn": then the other 20 were not late but still
    # being processed, the rate over settled dossiers is 100 % and 99,47 % is over all dossiers.
    kq = tien_do(ho_so(truoc=3000, dung=740, trong_han=20), **BAO_CAO)
    assert (kq.tong_so, kq.da_giai_quyet, kq.qua_han, kq.dang_giai_quyet, kq.con_trong_han) == (3760, 3740, 0, 20, 20)
    assert phan_tram(kq.ty_le_dung_han) == "100,00%"
    assert phan_tram(kq.ty_le_dung_han_tren_tong) == "99,47%"


def test_seed_004_dat_dai_6154_tren_6158():
    # "6158 hồ sơ; trong đó có 6154 hồ sơ trước hạn và đúng hạn đạt 99.94%"
    kq = tien_do(ho_so(truoc=6000, dung=154, qua=4), **BAO_CAO)
    assert (kq.da_giai_quyet, kq.truoc_han, kq.dung_han, kq.qua_han) == (6158, 6000, 154, 4)
    assert phan_tram(kq.ty_le_dung_han) == "99,94%"
    assert phan_tram(kq.ty_le_dung_han_tren_tong) == "99,94%"


def test_seed_004_tu_phap_566_tren_568():
    # "giải quyết sớm hạn 566/568 hồ sơ, đạt 99.6%; không có hồ sơ trễ hẹn" (99,65 % to two places)
    late = tien_do(ho_so(truoc=566, qua=2), **BAO_CAO)
    assert phan_tram(late.ty_le_dung_han) == "99,65%"
    # as written: 566 early, the other 2 on the due date — nothing late
    kq = tien_do(ho_so(truoc=566, dung=2), **BAO_CAO)
    assert phan_tram(kq.ty_le_truoc_han) == "99,65%"
    assert phan_tram(kq.ty_le_dung_han) == "100,00%"


def test_seed_004_by_linh_vuc_with_total():
    log = pd.concat([ho_so(truoc=3000, dung=740, qua=20, linh_vuc="Hộ kinh doanh, đấu thầu"),
                     ho_so(truoc=6000, dung=154, qua=4, linh_vuc="Đất đai"),
                     ho_so(truoc=566, qua=2, linh_vuc="Tư pháp")], ignore_index=True)
    kq = tien_do(log, by="linh_vuc", **BAO_CAO)
    bang = kq.bang
    assert bang["linh_vuc"].tolist() == ["Hộ kinh doanh, đấu thầu", "Đất đai", "Tư pháp", "Tổng cộng"]
    assert [phan_tram(x) for x in bang["ty_le_dung_han"]] == ["99,47%", "99,94%", "99,65%", "99,75%"]
    assert bang["tong_so"].tolist() == [3760, 6158, 568, 10486]
    assert bang.iloc[-1]["tong_so"] == kq.tong_so == bang["tong_so"].iloc[:-1].sum()
    assert kq.ty_le_dung_han == pytest.approx((3740 + 6154 + 566) / 10486 * 100)


def test_ty_le():
    assert ty_le(3740, 3760) == pytest.approx(99.468085106)
    assert phan_tram(ty_le(6154, 6158)) == "99,94%"
    assert np.isnan(ty_le(0, 0))
    assert phan_tram(ty_le(0, 0), thieu="-") == "-"
    assert ty_le(np.int64(1), np.int64(4)) == 25.0


# ---------------------------------------------------------------- the calendar

def test_tet_2023(lich):
    # Tết Quý Mão: civil servants off 20/1 (29 Tết) to 26/1/2023 (mùng 5)
    assert not any(lich.la_ngay_lam_viec(D(2023, 1, day)) for day in range(20, 27))
    assert lich.la_ngay_lam_viec(D(2023, 1, 19)) and lich.la_ngay_lam_viec(D(2023, 1, 27))
    # received Thursday 19/1 with 3 working days: 27/1, 30/1, 31/1
    assert lich.cong_ngay_lam_viec(D(2023, 1, 19), 3) == D(2023, 1, 31)
    assert lich.cong_ngay_lam_viec(D(2023, 1, 19), 1) == D(2023, 1, 27)
    assert lich.so_ngay_lam_viec(D(2023, 1, 19), D(2023, 1, 31)) == 3


def test_tet_2024(lich):
    # Tết Giáp Thìn: 8/2 to 14/2/2024 off; received Wednesday 7/2 with 3 working days → 15/2, 16/2, 19/2
    assert lich.cong_ngay_lam_viec(D(2024, 2, 7), 3) == D(2024, 2, 19)
    assert lich.cong_ngay_lam_viec(D(2024, 2, 7), 3, tinh_ngay_dau=True) == D(2024, 2, 16)
    # received during Tết (online): received on the first working day after it (15/2), day 1 is 16/2
    assert lich.cong_ngay_lam_viec(D(2024, 2, 10), 1) == D(2024, 2, 16)
    assert lich.cong_ngay_lam_viec(D(2024, 2, 10), 1, nhan_ngay_nghi="ngay_lam_viec_truoc") == D(2024, 2, 15)
    assert lich.cong_ngay_lam_viec(D(2024, 2, 10), 1, tinh_ngay_dau=True) == D(2024, 2, 15)
    assert list(lich.ngay_nghi(2024))[1:8] == [D(2024, 2, d) for d in range(8, 15)]


def test_tet_2025_and_new_year(lich):
    # Tết Ất Tỵ: 25/1 (Saturday) to 2/2/2025 (Sunday)
    assert lich.cong_ngay_lam_viec(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert not lich.la_ngay_lam_viec(D(2023, 1, 2))  # 1/1/2023 was a Sunday: nghỉ bù on Monday
    assert lich.cong_ngay_lam_viec(D(2022, 12, 30), 1) == D(2023, 1, 3)


def test_2024_swapped_day_off_with_make_up_saturday(lich):
    # 29/4/2024 (Monday) off, worked on Saturday 4/5/2024 (Công văn 2450/VPCP-KGVX); the
    # holidays package knows both: the make-up day is in its weekend_workdays.
    assert not lich.la_ngay_lam_viec(D(2024, 4, 29))
    assert lich.la_ngay_lam_viec(D(2024, 5, 4))
    assert not lich.la_ngay_lam_viec(D(2024, 5, 5))
    assert lich.ngay_lam_bu(2024) == [D(2024, 5, 4)]
    # received Friday 26/4 with 3 working days: 2/5, 3/5 and Saturday 4/5
    assert lich.cong_ngay_lam_viec(D(2024, 4, 26), 3) == D(2024, 5, 4)
    assert lich.cong_ngay_lam_viec(D(2024, 4, 26), 4) == D(2024, 5, 6)
    assert lich.so_ngay_lam_viec(D(2024, 4, 26), D(2024, 5, 6)) == 4
    # vectorised too: numpy's busday functions cannot add a Saturday, the calendar handles it
    han = lich.cong_ngay_lam_viec_series(pd.Series(["26/04/2024", "03/05/2024", "04/05/2024"]), 1)
    assert han.dt.date.tolist() == [D(2024, 5, 2), D(2024, 5, 4), D(2024, 5, 6)]


def test_make_up_saturday_given_by_hand_when_the_package_lacks_it():
    # an older holidays (or another source) without weekend_workdays: pass the Saturday as ngay_lam_bu
    import holidays

    def country_holidays(country, years=None, **kw):
        vn = holidays.country_holidays(country, years=years, **kw)
        return dict(vn.items())  # a plain mapping: no weekend_workdays attribute

    stub = types.SimpleNamespace(country_holidays=country_holidays)
    without = LichLamViec(holidays_module=stub)
    assert not without.la_ngay_lam_viec(D(2024, 5, 4))
    assert without.cong_ngay_lam_viec(D(2024, 4, 26), 3) == D(2024, 5, 6)
    given = LichLamViec(holidays_module=stub, ngay_lam_bu=["04/05/2024"])
    assert given.cong_ngay_lam_viec(D(2024, 4, 26), 3) == D(2024, 5, 4)
    # giving a day the package already knows changes nothing
    assert LichLamViec(ngay_lam_bu=[D(2024, 5, 4)]).cong_ngay_lam_viec(D(2024, 4, 26), 3) == D(2024, 5, 4)


def test_weekends_and_same_day(lich):
    fri, sat, sun, mon = D(2024, 1, 5), D(2024, 1, 6), D(2024, 1, 7), D(2024, 1, 8)
    assert lich.cong_ngay_lam_viec(fri, 1) == mon
    assert lich.cong_ngay_lam_viec(fri, 1, tinh_ngay_dau=True) == fri
    tue = D(2024, 1, 9)
    assert lich.cong_ngay_lam_viec(sat, 1) == tue  # received Saturday: as on Monday, day 1 is Tuesday
    assert lich.cong_ngay_lam_viec(sat, 1, nhan_ngay_nghi="ngay_lam_viec_truoc") == mon  # the older reading
    assert lich.cong_ngay_lam_viec(sun, 1, tinh_ngay_dau=True) == mon
    assert lich.cong_ngay_lam_viec(fri, 0) == fri
    assert lich.cong_ngay_lam_viec(sun, 0) == mon
    assert lich.cong_ngay_lam_viec(fri, 5) == D(2024, 1, 12)
    assert lich.so_ngay_lam_viec(fri, mon) == 1
    assert lich.so_ngay_lam_viec(fri, mon, tinh_ngay_dau=True) == 2
    assert lich.so_ngay_lam_viec(mon, fri) == -1
    assert lich.so_ngay_lam_viec(sat, sun) == 0


def test_extra_days_off():
    base = LichLamViec()
    local = LichLamViec(ngay_nghi_them=[D(2024, 3, 8), "2024-03-11"])
    assert base.cong_ngay_lam_viec(D(2024, 3, 7), 1) == D(2024, 3, 8)
    assert local.cong_ngay_lam_viec(D(2024, 3, 7), 1) == D(2024, 3, 12)
    assert not local.la_ngay_lam_viec("08/03/2024")
    assert local.ngay_nghi(2024)[D(2024, 3, 8)] == "Ngày nghỉ thêm"
    # an extra day off wins over the package's make-up Saturday
    assert not LichLamViec(ngay_nghi_them=[D(2024, 5, 4)]).la_ngay_lam_viec(D(2024, 5, 4))
    with pytest.raises(DataError, match="vừa là ngày nghỉ thêm vừa là ngày làm bù"):
        LichLamViec(ngay_nghi_them=[D(2024, 5, 4)], ngay_lam_bu=["04/05/2024"])


def test_years_loaded_lazily_across_new_year():
    lich = LichLamViec(2024)
    assert lich.cong_ngay_lam_viec(D(2031, 6, 6), 1) == D(2031, 6, 9)
    # 2/1/2015 off, swapped for Saturday 27/12/2014: declared under 2015, seen from 2014
    fresh = LichLamViec()
    assert fresh.la_ngay_lam_viec(D(2014, 12, 27))
    assert not fresh.la_ngay_lam_viec(D(2015, 1, 2))
    # a due date running into the next (not yet loaded) year
    assert LichLamViec(2019).cong_ngay_lam_viec(D(2019, 12, 31), 45) == LichLamViec().cong_ngay_lam_viec(
        D(2019, 12, 31), 45)


def test_without_public_holidays():
    plain = LichLamViec(holidays_module=None)
    assert plain.la_ngay_lam_viec(D(2024, 2, 12))
    assert plain.cong_ngay_lam_viec(D(2024, 2, 7), 3) == D(2024, 2, 12)


def test_vectorised_matches_the_package_day_by_day():
    import holidays

    vn = holidays.country_holidays("VN", years=range(2017, 2027))
    rng = np.random.default_rng(7)
    days = [D(2018, 1, 1) + dt.timedelta(int(x)) for x in rng.integers(0, 8 * 365, 400)]
    ns = rng.integers(0, 25, 400)

    def expected(d: dt.date, n: int) -> dt.date:
        while not vn.is_working_day(d):  # received on a day off: received on the next working day
            d += dt.timedelta(1)
        while n:
            d += dt.timedelta(1)
            n -= vn.is_working_day(d)
        return d

    lich = LichLamViec()
    s = pd.Series(days, index=[f"HS{i}" for i in range(400)])
    han = lich.cong_ngay_lam_viec_series(s, pd.Series(ns, index=s.index))
    assert list(han.index) == list(s.index)
    assert han.dt.date.tolist() == [expected(d, int(n)) for d, n in zip(days, ns)]
    assert lich.la_ngay_lam_viec_series(s).tolist() == [vn.is_working_day(d) for d in days]
    counts = lich.so_ngay_lam_viec_series(s, han)
    on_working = lich.la_ngay_lam_viec_series(s).to_numpy() & (ns > 0)
    assert (counts.to_numpy()[on_working] == ns[on_working]).all()


def test_vectorised_missing_values(lich):
    han = lich.cong_ngay_lam_viec_series(["2024-01-05", None, "2024-01-05"], [1, 1, np.nan])
    assert han.dt.date.tolist()[0] == D(2024, 1, 8) and han.isna().tolist() == [False, True, True]
    assert lich.so_ngay_lam_viec_series([None], ["2024-01-05"]).isna().all()
    assert lich.la_ngay_lam_viec_series([None]).tolist() == [False]


def test_calendar_errors(lich):
    with pytest.raises(DataError, match="số nguyên"):
        lich.cong_ngay_lam_viec(D(2024, 1, 5), -1)
    with pytest.raises(DataError, match="số nguyên"):
        lich.cong_ngay_lam_viec(D(2024, 1, 5), 1.5)
    with pytest.raises(DataError, match="'hôm qua' không phải là một ngày hợp lệ") as err:
        lich.la_ngay_lam_viec("hôm qua")
    assert err.value.where == "ngày"
    with pytest.raises(DataError, match="cần một ngày, nhận 20240105"):
        lich.la_ngay_lam_viec(20240105)
    with pytest.raises(DataError, match="tu_ngay: '2024-13-01' không phải là một ngày hợp lệ"):
        tien_do(ho_so(truoc=1), tu_ngay="2024-13-01")
    with pytest.raises(DataError, match="số nguyên từ 0"):
        lich.cong_ngay_lam_viec_series(["2024-01-05"], [2.5])


def test_reading_dates():
    values = ["2024-02-07", "07/02/2024", "7/2/2024", "07-02-2024", "07.02.2024", "2024-02-07 14:30",
              "07/02/2024 14:30", dt.datetime(2024, 2, 7, 23, 59), pd.Timestamp("2024-02-07"), D(2024, 2, 7)]
    assert set(doc_cot_ngay(pd.Series(values, dtype=object)).astype(str)) == {"2024-02-07"}
    assert np.isnat(doc_cot_ngay(pd.Series([None, "", "  ", np.nan], dtype=object))).all()
    assert np.isnat(doc_cot_ngay(pd.Series([np.nan, np.nan]))).all()  # an empty column read from CSV
    aware = pd.Series(pd.to_datetime(["2024-02-07 23:30"]).tz_localize("Asia/Ho_Chi_Minh"))
    assert doc_cot_ngay(aware).astype(str).tolist() == ["2024-02-07"]


# ---------------------------------------------------------------- classification

def test_classification_on_and_around_the_due_date(lich):
    log = pd.DataFrame({
        "ngay_nhan": ["2024-03-04"] * 5,        # Monday
        "so_ngay_xu_ly": [3, 3, 3, 0, 3],       # due Thursday 7/3 (0 days: same day)
        "ngay_tra": ["2024-03-07", "2024-03-06", "2024-03-08", "2024-03-04", "2024-03-04"],
    })
    kq = phan_loai(log, lich=lich)
    assert kq["han_xu_ly"].dt.date.tolist() == [D(2024, 3, 7)] * 3 + [D(2024, 3, 4), D(2024, 3, 7)]
    assert kq["trang_thai"].tolist() == ["đúng hạn", "trước hạn", "quá hạn", "đúng hạn", "trước hạn"]
    res = tien_do(log, lich=lich)
    assert (res.truoc_han, res.dung_han, res.qua_han) == (2, 2, 1)
    assert res.ty_le_dung_han == 80.0


def test_pending_in_time_and_overdue_at_the_report_date(lich):
    log = pd.DataFrame({
        "ngay_nhan": ["01/03/2024", "01/03/2024", "01/03/2024", "01/03/2024"],
        "han_xu_ly": ["14/03/2024", "15/03/2024", "20/03/2024", "14/03/2024"],
        "ngay_tra": [None, None, None, "16/03/2024"],
    })
    kq = tien_do(log, ngay_bao_cao="15/03/2024", lich=lich)
    # due on the report date is still in time; returned after the report date is still pending
    assert kq.den_ngay == kq.ngay_bao_cao == D(2024, 3, 15)
    assert (kq.da_giai_quyet, kq.dang_giai_quyet, kq.con_trong_han, kq.da_qua_han) == (0, 4, 2, 2)
    assert np.isnan(kq.ty_le_dung_han)
    later = tien_do(log, ngay_bao_cao="20/03/2024", lich=lich)
    assert (later.qua_han, later.con_trong_han, later.da_qua_han) == (1, 1, 2)
    assert phan_loai(log, ngay_bao_cao="15/03/2024", lich=lich)["trang_thai"].tolist() == [
        "đã quá hạn", "còn trong hạn", "còn trong hạn", "đã quá hạn"]


def test_carried_over_and_outside_the_period(lich):
    log = pd.DataFrame({
        "ngay_nhan": ["2023-12-20", "2023-12-20", "2023-12-28", "2024-01-10", "2024-01-25", "2024-02-05"],
        "han_xu_ly": ["2023-12-27", "2024-01-05", "2024-01-10", "2024-01-15", "2024-02-20", "2024-02-10"],
        "ngay_tra": ["2023-12-27", "2024-01-04", None, "2024-01-16", "2024-02-02", None],
    })
    kq = tien_do(log, tu_ngay="01/01/2024", den_ngay="31/01/2024", lich=lich)
    # row 0 settled before the period: out; row 5 received after it: out;
    # rows 1 and 2 carried over (one settled early in the period, one still pending and overdue);
    # row 4 returned after the period end: pending (in time) at 31/01
    assert (kq.tong_so, kq.ky_truoc_chuyen_sang, kq.moi_tiep_nhan) == (4, 2, 2)
    assert (kq.da_giai_quyet, kq.truoc_han, kq.qua_han) == (2, 1, 1)
    assert (kq.dang_giai_quyet, kq.con_trong_han, kq.da_qua_han) == (2, 1, 1)
    assert kq.ty_le_dung_han == 50.0
    assert kq.ty_le_dung_han_tren_tong == 25.0
    flags = phan_loai(log, tu_ngay="01/01/2024", den_ngay="31/01/2024", lich=lich)
    assert flags["ky_truoc_chuyen_sang"].tolist() == [False, True, True, False, False, False]
    assert flags["trang_thai"].isna().tolist() == [True, False, False, False, False, True]


def test_counts_add_up_and_result_is_frozen(lich):
    kq = tien_do(ho_so(truoc=3, dung=2, qua=1, trong_han=4, qua_han_chua_tra=5), **BAO_CAO, lich=lich)
    assert isinstance(kq, KetQuaHoSo)
    assert kq.tong_so == kq.ky_truoc_chuyen_sang + kq.moi_tiep_nhan == kq.da_giai_quyet + kq.dang_giai_quyet == 15
    assert kq.da_giai_quyet == kq.truoc_han + kq.dung_han + kq.qua_han
    assert kq.dang_giai_quyet == kq.con_trong_han + kq.da_qua_han
    assert all(type(getattr(kq, k)) is int for k in COT_SO_LIEU)
    assert type(kq.ty_le_dung_han) is float
    with pytest.raises(AttributeError):
        kq.tong_so = 0  # type: ignore[misc]


def test_due_date_from_days_where_blank_and_receipt_day_convention(lich):
    log = pd.DataFrame({"ngay_nhan": ["07/02/2024", "07/02/2024"], "han_xu_ly": ["09/02/2024", ""],
                        "so_ngay_xu_ly": [None, "3"], "ngay_tra": ["16/02/2024", "16/02/2024"]})
    rows = phan_loai(log, lich=lich)
    assert rows["han_xu_ly"].dt.date.tolist() == [D(2024, 2, 9), D(2024, 2, 19)]
    assert rows["trang_thai"].tolist() == ["quá hạn", "trước hạn"]
    counted = phan_loai(log, lich=lich, tinh_ngay_nhan=True)
    assert counted["han_xu_ly"].dt.date.tolist() == [D(2024, 2, 9), D(2024, 2, 16)]
    assert counted["trang_thai"].tolist() == ["quá hạn", "đúng hạn"]


def test_dates_as_datetimes_and_custom_column_names(lich):
    log = pd.DataFrame({"nhan": pd.to_datetime(["2024-04-26 16:45"]), "thoi_han": [3],
                        "tra": [dt.datetime(2024, 5, 4, 9, 0)]})
    kq = tien_do(log, cot_ngay_nhan="nhan", cot_so_ngay="thoi_han", cot_ngay_tra="tra", lich=lich)
    assert kq.dung_han == 1


def test_grouping_by_channel_and_field_with_totals(lich):
    log = pd.concat([
        ho_so(truoc=5, dung=1, qua=1, linh_vuc="Đất đai", kenh="trực tuyến"),
        ho_so(truoc=2, trong_han=1, linh_vuc="Đất đai", kenh="trực tiếp"),
        ho_so(dung=3, qua_han_chua_tra=2, linh_vuc="Hộ tịch", kenh="trực tuyến"),
        ho_so(qua=1, linh_vuc="Hộ tịch", kenh="bưu chính"),
    ], ignore_index=True)
    kq = tien_do(log, by="kenh", **BAO_CAO, lich=lich)
    b = kq.bang.set_index("kenh")
    assert list(b.index) == ["trực tuyến", "trực tiếp", "bưu chính", "Tổng cộng"]
    assert b.loc["trực tuyến", ["tong_so", "truoc_han", "dung_han", "qua_han", "da_qua_han"]].tolist() == [
        12, 5, 4, 1, 2]
    assert b.loc["bưu chính", "ty_le_dung_han"] == 0.0
    assert b.loc["trực tiếp", "ty_le_dung_han"] == 100.0
    assert (b.loc["Tổng cộng", list(COT_SO_LIEU)] == b.drop("Tổng cộng")[list(COT_SO_LIEU)].sum()).all()
    assert b.loc["Tổng cộng", "ty_le_dung_han"] == pytest.approx(kq.ty_le_dung_han) == pytest.approx(11 / 13 * 100)

    two = tien_do(log, by=["linh_vuc", "kenh"], **BAO_CAO, lich=lich).bang
    assert two[["linh_vuc", "kenh"]].values.tolist() == [
        ["Đất đai", "trực tuyến"], ["Đất đai", "trực tiếp"], ["Hộ tịch", "trực tuyến"], ["Hộ tịch", "bưu chính"],
        ["Tổng cộng", ""]]
    assert two["tong_so"].tolist() == [7, 3, 5, 1, 16]
    assert list(two.columns[:3]) == ["linh_vuc", "kenh", "tong_so"]

    labelled = kq.to_frame(labels=True)
    assert list(labelled.columns[:4]) == ["kenh", "Tổng số", "Kỳ trước chuyển sang", "Mới tiếp nhận"]
    assert "Tỷ lệ đúng hạn (%)" in labelled.columns


def test_grouping_order_categorical_and_blanks(lich):
    log = pd.concat([ho_so(truoc=1, kenh="trực tiếp"), ho_so(dung=1, kenh=None)], ignore_index=True)
    log["don_vi"] = ["UBND phường Đồng Sơn", " "]
    kq = tien_do(log, by="kenh", **BAO_CAO, lich=lich)
    assert kq.bang["kenh"].tolist() == ["trực tiếp", "Không xác định", "Tổng cộng"]
    assert tien_do(log, by="don_vi", **BAO_CAO, lich=lich).bang["don_vi"].tolist() == [
        "UBND phường Đồng Sơn", "Không xác định", "Tổng cộng"]
    order = ["trực tuyến", "trực tiếp", "bưu chính"]
    log["kenh"] = pd.Categorical(log["kenh"], categories=order)
    kq = tien_do(log, by="kenh", **BAO_CAO, lich=lich)
    assert kq.bang["kenh"].tolist() == order + ["Không xác định", "Tổng cộng"]
    assert kq.bang["tong_so"].tolist() == [0, 1, 0, 1, 2]


def test_no_grouping_gives_the_total_row(lich):
    kq = tien_do(ho_so(truoc=2), **BAO_CAO, lich=lich)
    assert kq.by == () and len(kq.bang) == 1
    assert kq.bang.iloc[0]["tong_so"] == 2 and list(kq.bang.columns[:1]) == ["tong_so"]


# ---------------------------------------------------------------- errors

def test_error_bad_date_names_row_and_column():
    log = ho_so(truoc=3)
    log.loc[1, "ngay_tra"] = "31/02/2023"
    with pytest.raises(DataError) as err:
        tien_do(log, nguon="so_theo_doi.csv")
    assert err.value.where == "so_theo_doi.csv: cột 'ngay_tra', dòng 2"
    assert "'31/02/2023' không phải là một ngày hợp lệ" in str(err.value)
    assert "dd/mm/yyyy" in err.value.hint


def test_error_returned_before_received_names_the_row():
    log = ho_so(truoc=3)
    log.index = ["HS-01", "HS-02", "HS-03"]
    log.loc["HS-03", "ngay_tra"] = "2023-02-27"
    with pytest.raises(DataError, match="ngày trả kết quả 27/02/2023 trước ngày tiếp nhận 01/03/2023") as err:
        tien_do(log)
    assert err.value.where == "cột 'ngay_tra', dòng 3, chỉ số 'HS-03'"


def test_errors_columns_and_values():
    log = ho_so(truoc=2)
    with pytest.raises(DataError, match="không có cột 'ngay_tra'") as err:
        tien_do(log.rename(columns={"ngay_tra": "ngay_tra_kq"}))
    assert err.value.hint == "có phải 'ngay_tra_kq'?"
    with pytest.raises(DataError, match="cần cột hạn xử lý 'han_xu_ly' hoặc cột số ngày xử lý"):
        tien_do(log.drop(columns="han_xu_ly"))
    with pytest.raises(DataError, match="không có cột 'linh_vuc'"):
        tien_do(log, by="linh_vuc")
    blank = log.copy()
    blank.loc[1, "ngay_nhan"] = ""
    with pytest.raises(DataError, match="thiếu ngày tiếp nhận"):
        tien_do(blank)
    no_due = log.copy()
    no_due.loc[0, "han_xu_ly"] = None
    with pytest.raises(DataError, match="thiếu hạn xử lý") as err:
        tien_do(no_due)
    assert err.value.where == "cột 'han_xu_ly', dòng 1"
    early_due = log.copy()
    early_due.loc[1, "han_xu_ly"] = "2023-02-01"
    with pytest.raises(DataError, match="hạn xử lý 01/02/2023 trước ngày tiếp nhận"):
        tien_do(early_due)
    with pytest.raises(DataError, match="ngày bắt đầu sau ngày kết thúc"):
        tien_do(log, tu_ngay="2023-04-01", den_ngay="2023-03-01")
    with pytest.raises(DataError, match="cần một DataFrame"):
        tien_do([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(DataError, match="là một số, không phải là một ngày"):
        tien_do(log.assign(ngay_tra=[45000, 45001]))


@pytest.mark.parametrize(("value", "message"), [
    ("ba ngày", "'ba ngày' không phải là một số"),
    (-1, "số ngày xử lý -1 phải là một số nguyên"),
    (0.5, "số ngày xử lý 0.5 phải là một số nguyên"),
])
def test_errors_processing_days(value, message):
    log = pd.DataFrame({"ngay_nhan": ["2024-03-04"] * 2, "so_ngay_xu_ly": [3, value], "ngay_tra": [None, None]})
    with pytest.raises(DataError, match=message) as err:
        tien_do(log, ngay_bao_cao="2024-03-31")
    assert err.value.where == "cột 'so_ngay_xu_ly', dòng 2"


# ---------------------------------------------------------------- a million dossiers

def test_million_dossiers_consistent():
    n = 1_000_000
    rng = np.random.default_rng(2024)
    nhan = np.datetime64("2023-01-01") + rng.integers(0, 730, n).astype("timedelta64[D]")
    tra = nhan + rng.integers(0, 40, n).astype("timedelta64[D]")
    tra[rng.random(n) < 0.1] = np.datetime64("NaT")
    log = pd.DataFrame({"ngay_nhan": nhan, "so_ngay_xu_ly": rng.integers(0, 20, n), "ngay_tra": tra,
                        "linh_vuc": rng.choice(["Đất đai", "Hộ tịch", "Xây dựng", "Đầu tư"], n),
                        "kenh": rng.choice(["trực tuyến", "trực tiếp", "bưu chính"], n)})
    kq = tien_do(log, tu_ngay="2023-07-01", den_ngay="2024-06-30", by=["linh_vuc", "kenh"])
    assert kq.tong_so == kq.ky_truoc_chuyen_sang + kq.moi_tiep_nhan == kq.da_giai_quyet + kq.dang_giai_quyet
    assert kq.da_giai_quyet == kq.truoc_han + kq.dung_han + kq.qua_han
    assert kq.dang_giai_quyet == kq.con_trong_han + kq.da_qua_han
    in_scope = (nhan <= np.datetime64("2024-06-30")) & (np.isnat(tra) | (tra >= np.datetime64("2023-07-01")))
    assert kq.tong_so == int(in_scope.sum())
    assert kq.ky_truoc_chuyen_sang == int((in_scope & (nhan < np.datetime64("2023-07-01"))).sum())
    groups, total = kq.bang.iloc[:-1], kq.bang.iloc[-1]
    assert len(groups) == 12 and total["linh_vuc"] == "Tổng cộng"
    for col in COT_SO_LIEU:
        assert groups[col].sum() == total[col] == getattr(kq, col)
    assert 0 < kq.ty_le_dung_han < 100
