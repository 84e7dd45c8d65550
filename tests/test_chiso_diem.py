"""baocao.chiso.diem and baocao.chiso.so_sanh: reform-index scores, ranks, rankings, comparisons in words."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from baocao.chiso.diem import (
    MAC_DINH,
    BangDiem,
    bang_diem,
    kiem_tra_bac,
    lam_tron,
    ty_le_diem,
    viet_diem,
    xep_hang,
    xep_loai,
)
from baocao.chiso.so_sanh import chuoi, so_sanh
from baocao.errors import DataError
from baocao.formatting import phan_tram, so

#: A made-up Sở-level PAR Index table (maxima sum to 100) whose TTHC line and total are seed 003's.
THANH_PHAN = pd.DataFrame({
    "thanh_phan": [
        "Công tác chỉ đạo, điều hành CCHC",
        "Cải cách thể chế",
        "Cải cách thủ tục hành chính",
        "Cải cách tổ chức bộ máy hành chính",
        "Cải cách chế độ công vụ",
        "Cải cách tài chính công",
        "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    ],
    "diem": [11.25, 8.5, 26.44, 8.0, 11.83, 6.5, 12.5],
    "toi_da": [12, 10, 29, 9, 14, 9, 17],
})


def loi(call, *args, **kwargs) -> str:
    with pytest.raises(DataError) as info:
        call(*args, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------------------------------ seed 003

def test_seed_003_component_tthc():
    """"chỉ số thành phần cải cách TTHC thuộc nhóm xuất sắc, đạt 26,44/29 điểm, đạt 91,17%"."""
    ty_le = ty_le_diem(26.44, 29)
    assert ty_le == pytest.approx(91.1724, abs=1e-4)
    assert phan_tram(ty_le) == "91,17%"
    assert viet_diem(26.44, 29) == "26,44/29 điểm"
    assert xep_loai(ty_le) == "xuất sắc"


def test_seed_003_total():
    """"chỉ số cải cách hành chính năm 2022 đạt 85,02 điểm, xếp loại tốt"."""
    assert xep_loai(85.02) == "tốt"


def test_seed_003_component_table():
    bang = bang_diem(THANH_PHAN)
    assert isinstance(bang, BangDiem)
    assert so(bang.diem, 2) == "85,02"
    assert bang.toi_da == 100
    assert bang.ty_le == pytest.approx(85.02)
    assert bang.xep_loai == "tốt"
    tthc = bang.thanh_phan.loc["Cải cách thủ tục hành chính"]
    assert (tthc["diem"], tthc["toi_da"]) == (26.44, 29)
    assert phan_tram(tthc["ty_le"]) == "91,17%"
    assert tthc["xep_loai"] == "xuất sắc"
    # one row per component, in the order of the data
    assert list(bang.thanh_phan.index) == list(THANH_PHAN["thanh_phan"])
    assert list(bang.thanh_phan.columns) == ["diem", "toi_da", "ty_le", "xep_loai"]
    assert bang.thanh_phan.index.name == "thanh_phan"


def test_to_frame_has_a_total_row():
    frame = bang_diem(THANH_PHAN).to_frame()
    assert frame.index[-1] == "Tổng cộng"
    assert len(frame) == len(THANH_PHAN) + 1
    total = frame.loc["Tổng cộng"]
    assert so(total["diem"], 2) == "85,02" and total["toi_da"] == 100 and total["xep_loai"] == "tốt"
    assert frame.loc["Cải cách thể chế", "xep_loai"] == "tốt"  # 85 %
    assert frame.loc["Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "xep_loai"] == "khá"  # 73,53 %
    assert list(bang_diem(THANH_PHAN).to_frame(tong=None).index) == list(THANH_PHAN["thanh_phan"])
    assert bang_diem(THANH_PHAN).to_frame("Tổng điểm").index[-1] == "Tổng điểm"


def test_result_is_frozen():
    bang = bang_diem(THANH_PHAN)
    with pytest.raises(AttributeError):
        bang.diem = 100  # type: ignore[misc]


def test_columns_named_by_caller():
    df = THANH_PHAN.rename(columns={"thanh_phan": "Lĩnh vực", "diem": "Điểm", "toi_da": "Tối đa"})
    bang = bang_diem(df, thanh_phan="Lĩnh vực", diem="Điểm", toi_da="Tối đa")
    assert so(bang.diem, 2) == "85,02" and bang.thanh_phan.index.name == "Lĩnh vực"


def test_criteria_of_a_component_are_summed():
    df = pd.DataFrame({"thanh_phan": ["TTHC", "TTHC", "TTHC", "Thể chế"],
                       "diem": [10, 10.44, 6, 9], "toi_da": [11, 11, 7, 10]})
    bang = bang_diem(df)
    assert bang.thanh_phan.loc["TTHC", "diem"] == pytest.approx(26.44)
    assert bang.thanh_phan.loc["TTHC", "toi_da"] == 29
    assert phan_tram(bang.thanh_phan.loc["TTHC", "ty_le"]) == "91,17%"


def test_theo_splits_by_unit():
    df = pd.concat([THANH_PHAN.assign(don_vi="Sở Xây dựng"),
                    THANH_PHAN.assign(don_vi="Sở Nội vụ", diem=THANH_PHAN["toi_da"] * 0.95)])
    bang = bang_diem(df, by="don_vi")
    assert list(bang) == ["Sở Xây dựng", "Sở Nội vụ"]
    assert bang["Sở Xây dựng"].xep_loai == "tốt"
    assert bang["Sở Nội vụ"].ty_le == pytest.approx(95) and bang["Sở Nội vụ"].xep_loai == "xuất sắc"


# ------------------------------------------------------------------------------------------ not applicable

def test_nan_points_are_not_applicable_in_both_sums():
    diem = pd.Series([10, 16.44, np.nan])
    toi_da = pd.Series([11, 18, 4])
    assert ty_le_diem(diem, toi_da) == pytest.approx(26.44 / 29 * 100)
    # the maximum of a criterion not applicable may be blank as well
    assert ty_le_diem([10, 16.44, None], [11, 18, None]) == pytest.approx(26.44 / 29 * 100)


def test_nothing_applicable():
    assert math.isnan(ty_le_diem(pd.Series([np.nan, None]), pd.Series([2, 3])))
    assert math.isnan(ty_le_diem(float("nan"), 3))


def test_not_applicable_in_the_table():
    df = THANH_PHAN.copy()
    df.loc[len(df)] = ["Tiêu chí không áp dụng", np.nan, 5]
    bang = bang_diem(df)
    assert bang.toi_da == 100 and so(bang.diem, 2) == "85,02" and bang.xep_loai == "tốt"
    row = bang.thanh_phan.loc["Tiêu chí không áp dụng"]
    assert math.isnan(row["diem"]) and math.isnan(row["toi_da"]) and math.isnan(row["ty_le"])
    assert row["xep_loai"] is None


def test_applicable_maximum_changes_the_per_cent():
    df = pd.DataFrame({"thanh_phan": ["TTHC", "TTHC"], "diem": [26.44, None], "toi_da": [27, 2]})
    bang = bang_diem(df)
    assert bang.thanh_phan.loc["TTHC", "toi_da"] == 27
    assert phan_tram(bang.ty_le) == "97,93%"


def test_blank_text_is_not_applicable():
    df = pd.DataFrame({"thanh_phan": ["A", "B"], "diem": ["8.5", "  "], "toi_da": ["10", "5"]})
    bang = bang_diem(df)
    assert bang.diem == 8.5 and bang.toi_da == 10


# ------------------------------------------------------------------------------------------ bands

@pytest.mark.parametrize(("diem", "hang"), [
    (100, "xuất sắc"), (90, "xuất sắc"), (90.0, "xuất sắc"), (89.99, "tốt"), (80, "tốt"),
    (79.999, "khá"), (70, "khá"), (69.99, "trung bình"), (50, "trung bình"), (49.99, "yếu"), (0, "yếu"),
    (Decimal("90"), "xuất sắc"), (np.float64(85.02), "tốt"), (np.int64(70), "khá"),
])
def test_band_edges(diem, hang):
    assert xep_loai(diem) == hang


def test_ranking_uses_the_unrounded_value():
    # 89,995 is written "90,00" with two decimals but is below the 90 bound
    assert so(89.995, 2) == "90,00"
    assert xep_loai(89.995) == "tốt"
    # unless the province ranks the published figure
    assert xep_loai(89.995, decimals=2) == "xuất sắc"
    assert xep_loai(89.994, decimals=2) == "tốt"


def test_float_noise_reaches_the_bound():
    assert 0.29 * 100 == 28.999999999999996
    assert xep_loai(89.99999999999999) == "xuất sắc"  # noise below a bound still reaches it
    assert xep_loai(ty_le_diem(81.9, 91)) == "xuất sắc"


def test_default_bands_are_the_spec():
    assert MAC_DINH == ((90, "xuất sắc"), (80, "tốt"), (70, "khá"), (50, "trung bình"), (0, "yếu"))


def test_custom_bands_either_order():
    hai_hang = [(0, "chưa đạt"), (75, "đạt")]
    assert xep_loai(75, hai_hang) == "đạt"
    assert xep_loai(74.9, hai_hang) == "chưa đạt"
    assert kiem_tra_bac(hai_hang) == ((75.0, "đạt"), (0.0, "chưa đạt"))
    nam_2023 = [(95, "A+"), (85, "A"), (float("-inf"), "B")]
    assert [xep_loai(v, nam_2023) for v in (97, 85, -3)] == ["A+", "A", "B"]


def test_custom_bands_in_the_table():
    bang = bang_diem(THANH_PHAN, bands=[(85, "đạt"), (0, "chưa đạt")])
    assert bang.xep_loai == "đạt"
    assert bang.thanh_phan.loc["Cải cách thể chế", "xep_loai"] == "đạt"
    assert bang.thanh_phan.loc["Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "xep_loai"] == "chưa đạt"


@pytest.mark.parametrize(("bands", "words"), [
    ([(90, "xuất sắc"), (70, "khá"), (80, "tốt")], "không theo thứ tự: 90, 70, 80"),
    ([(90, "xuất sắc"), (90, "tốt")], "cùng mức dưới"),
    ([(90, "tốt"), (80, "tốt")], "tên hạng lặp lại: 'tốt'"),
    ([], "phải là một danh sách"),
    ("xuất sắc", "phải là một danh sách"),
    ([(90,)], "một cặp"),
    ([("90", "xuất sắc")], "phải là một số, nhận '90'"),
    ([(float("nan"), "xuất sắc")], "phải là một số"),
    ([(90, "")], "phải là chữ"),
    ([(90, "a"), (float("-inf"), "b"), (float("-inf"), "c")], "cùng mức dưới"),
])
def test_bad_bands(bands, words):
    message = loi(xep_loai, 50, bands)
    assert message.startswith("bands: ") and words in message


def test_score_below_the_lowest_band():
    assert "thấp hơn mức dưới" in loi(xep_loai, -0.5)
    assert "'chưa đạt' từ 50" in loi(xep_loai, 30, [(75, "đạt"), (50, "chưa đạt")])


def test_xep_loai_series():
    hang = xep_loai(pd.Series([91.17, None, 72.0, 49.0], index=list("abcd")))
    assert hang.tolist() == ["xuất sắc", None, "khá", "yếu"]
    assert list(hang.index) == list("abcd")


def test_xep_loai_blank_scalar_is_an_error():
    assert "thiếu điểm" in loi(xep_loai, None)
    assert "thiếu điểm" in loi(xep_loai, float("nan"))


# ------------------------------------------------------------------------------------------ ranking

def test_ties_share_a_rank():
    df = pd.DataFrame({"don_vi": ["Sở A", "Sở B", "Sở C", "Sở D"], "diem": [85.02, 91.3, 85.02, 80.0]})
    bang = xep_hang(df, "diem")
    assert bang["hang"].tolist() == [1, 2, 2, 4]
    assert bang["don_vi"].tolist() == ["Sở B", "Sở A", "Sở C", "Sở D"]  # tied rows keep their order
    assert list(bang.columns) == ["hang", "don_vi", "diem"]
    assert str(bang["hang"].dtype) == "Int64"
    assert list(bang.index) == [1, 0, 2, 3]  # the rows keep their labels
    assert df.columns.tolist() == ["don_vi", "diem"]  # the input is not changed


@pytest.mark.parametrize(("cach", "hang"), [
    ("min", [1, 2, 2, 4]), ("dense", [1, 2, 2, 3]), ("max", [1, 3, 3, 4]), ("first", [1, 2, 3, 4]),
])
def test_tie_methods(cach, hang):
    df = pd.DataFrame({"diem": [91.3, 85.02, 85.02, 80.0]})
    assert xep_hang(df, "diem", cach=cach)["hang"].tolist() == hang


def test_ascending_and_blank_scores():
    df = pd.DataFrame({"don_vi": list("abcde"), "so_ngay_tre": [3, None, 0, 3, 7]})
    bang = xep_hang(df, "so_ngay_tre", giam_dan=False, cot_hang="thu_hang")
    assert bang["don_vi"].tolist() == ["c", "a", "d", "e", "b"]
    assert bang["thu_hang"].tolist()[:4] == [1, 2, 2, 4]
    assert bang["thu_hang"].isna().tolist() == [False] * 4 + [True]


def test_ranking_the_printed_values():
    df = pd.DataFrame({"diem": [85.024, 85.016, 85.03]})
    assert xep_hang(df, "diem")["hang"].tolist() == [1, 2, 3]
    assert xep_hang(df, "diem", decimals=2)["hang"].tolist() == [1, 2, 2]  # 85,03 · 85,02 · 85,02


def test_ranking_errors():
    df = pd.DataFrame({"don_vi": ["Sở A", "Sở B"], "diem": [85.02, "chín mươi"]})
    message = loi(xep_hang, df, "diem")
    assert "cột 'diem'" in message and "dòng 1" in message and "'chín mươi'" in message
    assert "thiếu cột 'Diem'" in loi(xep_hang, df, "Diem")
    assert "'average'" in loi(xep_hang, df.iloc[:1], "diem", cach="average")


# ------------------------------------------------------------------------------------------ errors

@pytest.mark.parametrize("toi_da", [0, -29, 0.0])
def test_maximum_must_be_positive(toi_da):
    assert "điểm tối đa phải lớn hơn 0" in loi(ty_le_diem, 5, toi_da)


def test_maximum_must_be_positive_in_the_table():
    df = THANH_PHAN.copy()
    df.loc[3, "toi_da"] = 0
    message = loi(bang_diem, df)
    assert "cột 'toi_da'" in message and "dòng 3" in message and "Cải cách tổ chức bộ máy hành chính" in message


def test_text_in_a_number_column_names_column_and_row():
    df = THANH_PHAN.astype({"diem": object})
    df.loc[2, "diem"] = "26,44"  # a decimal comma typed into a Python-syntax column
    with pytest.raises(DataError) as info:
        bang_diem(df)
    error = info.value
    assert error.where == "bảng điểm: cột 'diem', dòng 2"
    assert "'26,44'" in error.message and "Cải cách thủ tục hành chính" in error.message
    assert "dấu chấm thập phân" in error.hint


def test_boolean_is_not_a_number():
    df = pd.DataFrame({"thanh_phan": ["A"], "diem": [True], "toi_da": [1]})
    assert "đúng/sai" in loi(bang_diem, df)
    assert "đúng/sai" in loi(ty_le_diem, True, 1)


def test_points_out_of_range():
    message = loi(bang_diem, pd.DataFrame({"thanh_phan": ["TTHC"], "diem": [264.4], "toi_da": [29]}))
    assert "điểm 264.4 lớn hơn điểm tối đa 29" in message and "dòng 0" in message
    assert "không được âm" in loi(ty_le_diem, -1, 29)
    assert "thiếu điểm tối đa" in loi(ty_le_diem, [1, 2], [3, None])


def test_table_errors():
    assert "thiếu cột 'toi_da'" in loi(bang_diem, THANH_PHAN.drop(columns="toi_da"))
    assert "thiếu cột 'don_vi'" in loi(bang_diem, THANH_PHAN, by="don_vi")
    assert "thiếu tên thành phần" in loi(bang_diem, pd.DataFrame({"thanh_phan": [None], "diem": [1], "toi_da": [2]}))
    assert "pandas.DataFrame" in loi(bang_diem, [1, 2])


def test_ty_le_diem_shapes():
    assert "cùng là số" in loi(ty_le_diem, pd.Series([1, 2]), 29)
    assert "không khớp" in loi(ty_le_diem, pd.Series([1, 2]), pd.Series([3, 4], index=[1, 2]))
    assert ty_le_diem("26.44", "29") == pytest.approx(91.1724, abs=1e-4)  # Python-syntax text is a number
    assert "'x'" in loi(ty_le_diem, "x", 29)


def test_lam_tron_is_half_up():
    assert [lam_tron(v, 2) for v in (89.995, 2.675, 0.125, 1.005)] == [90.0, 2.68, 0.13, 1.01]
    assert "số nguyên" in loi(lam_tron, 1.5, -1)


# ------------------------------------------------------------------------------------------ so_sanh

@pytest.mark.parametrize(("args", "kwargs", "expected"), [
    # difference of two percentages: điểm phần trăm
    ((80.2, 55.3), {"kieu": "diem_phan_tram", "moc": "so với năm 2021"},
     "tăng 24,9 điểm phần trăm so với năm 2021"),
    ((80.2, 55.3), {"kieu": "diem_phan_tram", "moc": "năm 2021", "don_vi": "điểm %"},
     "tăng 24,9 điểm % so với năm 2021"),
    ((55.3, 80.2), {"kieu": "diem_phan_tram"}, "giảm 24,9 điểm phần trăm"),
    # counts
    ((12, 15), {"don_vi": "hồ sơ"}, "giảm 3 hồ sơ"),
    ((556, 420), {"don_vi": "hồ sơ", "moc": "so với cùng kỳ"}, "tăng 136 hồ sơ so với cùng kỳ"),
    ((6243886, 5000000), {}, "tăng 1.243.886"),
    ((85.02, 82.5), {"don_vi": "điểm"}, "tăng 2,52 điểm"),
    ((85.02, 82.5), {"don_vi": "điểm", "gon": False, "decimals": 3}, "tăng 2,520 điểm"),
    # relative change
    ((450, 400), {"kieu": "ty_le"}, "tăng 12,5%"),
    ((450, 400), {"kieu": "phan_tram", "moc": "so với cùng kỳ"}, "tăng 12,5% so với cùng kỳ"),
    ((380, 400), {"kieu": "ty_le"}, "giảm 5%"),
    ((1, 3), {"kieu": "ty_le", "decimals": 1}, "giảm 66,7%"),
    # equal
    ((556, 556), {"moc": "so với cùng kỳ"}, "bằng cùng kỳ"),
    ((556, 556), {"moc": "so với năm 2021"}, "bằng năm 2021"),
    ((556, 556), {"moc": "năm 2021"}, "bằng năm 2021"),
    ((556, 556), {}, "không thay đổi"),
    ((0, 0), {"kieu": "ty_le", "moc": "cùng kỳ"}, "bằng cùng kỳ"),
    # other verbs: comparing units, not years
    ((87.5, 85.02), {"don_vi": "điểm", "tu": ("cao hơn", "thấp hơn"), "moc": "so với bình quân của tỉnh"},
     "cao hơn 2,48 điểm so với bình quân của tỉnh"),
])
def test_so_sanh(args, kwargs, expected):
    assert so_sanh(*args, **kwargs) == expected


def test_equal_after_rounding_to_the_shown_decimals():
    assert so_sanh(80.004, 80.001, kieu="diem_phan_tram", decimals=2, moc="so với năm 2021") == "bằng năm 2021"
    assert so_sanh(80.004, 80.001, kieu="diem_phan_tram", decimals=3) == "tăng 0,003 điểm phần trăm"
    # the difference is that of the numbers as shown: 80,01 − 80,00
    assert so_sanh(80.006, 80.004, kieu="diem_phan_tram") == "tăng 0,01 điểm phần trăm"
    # half-up, as so() writes them: 0,125 → 0,13
    assert so_sanh(0.125, 0.12, decimals=2) == "tăng 0,01"
    # a relative change that rounds to zero
    assert so_sanh(10001, 10000, kieu="ty_le", decimals=1) == "không thay đổi"


def test_so_sanh_series():
    moi = pd.Series([15, 12, 10, None], index=["Sở A", "Sở B", "Sở C", "Sở D"])
    cu = pd.Series([12, 15, 10, 4], index=moi.index)
    phrases = so_sanh(moi, cu, don_vi="hồ sơ", thieu="-")
    assert phrases.tolist() == ["tăng 3 hồ sơ", "giảm 3 hồ sơ", "không thay đổi", "-"]
    assert list(phrases.index) == list(moi.index)
    assert so_sanh(pd.Series([5, 3]), 4).tolist() == ["tăng 1", "giảm 1"]


def test_so_sanh_errors():
    assert "không tính được tỷ lệ" in loi(so_sanh, 15, 0, kieu="ty_le")
    assert "không tính được tỷ lệ" in loi(so_sanh, 15, -3, kieu="ty_le")
    assert "'tang'" in loi(so_sanh, 1, 2, kieu="tang")
    assert "không có đơn vị" in loi(so_sanh, 1, 2, kieu="ty_le", don_vi="hồ sơ")
    assert "thiếu số liệu" in loi(so_sanh, None, 2)
    assert "'ba'" in loi(so_sanh, "ba", 2)
    assert "đúng/sai" in loi(so_sanh, True, 2)
    assert "không khớp" in loi(so_sanh, pd.Series([1]), pd.Series([1, 2]))
    message = loi(so_sanh, pd.Series([1, "x"]), pd.Series([1, 2]))
    assert "dòng 1" in message and "'x'" in message
    assert "số nguyên" in loi(so_sanh, 1, 2, decimals=-1)


# ------------------------------------------------------------------------------------------ chuoi

def test_chuoi_arrows():
    assert chuoi([55.3, 80.2, 89.15]) == "55,3% → 80,2% → 89,15%"
    assert chuoi([55.3, 80.2, 89.15], [2020, 2021, 2022]) == "55,3% (năm 2020) → 80,2% (năm 2021) → 89,15% (năm 2022)"
    assert chuoi(pd.Series([55.3, 80.2], index=["2021", "6 tháng đầu năm 2022"])) == \
        "55,3% (năm 2021) → 80,2% (6 tháng đầu năm 2022)"
    assert chuoi([55.3, 80.2], decimals=2, gon=False) == "55,30% → 80,20%"
    assert chuoi([420, 556], kieu="so", don_vi="hồ sơ") == "420 hồ sơ → 556 hồ sơ"
    assert chuoi([55.3, None, 89.15], thieu="…") == "55,3% → … → 89,15%"
    assert chuoi([89.145]) == "89,15%"  # half-up


def test_chuoi_in_words():
    assert chuoi([55.3, 80.2, 89.15], [2020, 2021, 2022], cach="loi") == \
        "từ 55,3% năm 2020 lên 80,2% năm 2021 rồi lên 89,15% năm 2022"
    assert chuoi([80.2, 75, 75.001], cach="loi") == "từ 80,2% xuống 75% rồi giữ nguyên ở 75%"
    assert chuoi([420, 556], ["năm 2021", "năm 2022"], kieu="so", don_vi="hồ sơ", cach="loi") == \
        "từ 420 hồ sơ năm 2021 lên 556 hồ sơ năm 2022"


def test_chuoi_errors():
    assert "rỗng" in loi(chuoi, [])
    assert "2 số liệu nhưng 1 nhãn" in loi(chuoi, [1, 2], [2021])
    assert "thiếu số liệu thứ 2" in loi(chuoi, [1, None])
    assert "thiếu số liệu thứ 2" in loi(chuoi, [1, None], cach="loi", thieu="-")
    assert "'x'" in loi(chuoi, [1, "x"])
    assert "'ngang'" in loi(chuoi, [1], cach="ngang")
    assert "'diem'" in loi(chuoi, [1], kieu="diem")


def test_lam_tron_exact_from_text_and_float32():
    """Rounding goes through baocao.numbers: text is read exactly, float32 by its shortest form."""
    assert lam_tron("0.12499999999999999999", 2) == 0.12
    assert lam_tron(np.float32(2.675), 2) == 2.68
    assert lam_tron(Decimal("-0.001"), 2) == 0.0
    assert math.isnan(lam_tron("", 2)) and math.isnan(lam_tron(Decimal("NaN"), 2))


def test_lam_tron_option_checked_even_when_all_blank():
    with pytest.raises(DataError, match="số chữ số thập phân"):
        xep_loai(pd.Series([float("nan")]), decimals=-1)


def test_so_sanh_reads_like_so():
    assert so_sanh(np.float32(0.1), 0, decimals=9) == "tăng 0,1"
    assert so_sanh(Decimal("NaN"), 1, thieu="-") == so_sanh("  ", 1, thieu="-") == "-"
    with pytest.raises(DataError, match="vô cực"):
        so_sanh(float("inf"), 1)
