"""Satisfaction survey indicators (spec §9): hand-computed cases, errors and a million answers."""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import pandas as pd
import pytest

from baocao.chiso.hai_long import (
    COT_MUC_DO,
    MUC_DO,
    YEU_TO_HA_NAM_1048,
    KetQuaHaiLong,
    hai_long,
    ma_tra_loi,
    phan_nhom,
    tu_dang_rong,
)
from baocao.errors import DataError

YT1, YT2 = YEU_TO_HA_NAM_1048["yeu_to"].unique()[:2]


def long_sample() -> pd.DataFrame:
    """Four criteria of two factors; labels, codes, blanks and non-answers mixed.

    1.1: Hài lòng, Rất hài lòng, Bình thường, Không hài lòng, ""   → 2/4 = 50 %
    1.2: 5, 4.0, "4", Rất không hài lòng, NaN, không trả lời        → 3/4 = 75 %
    2.1: Không ý kiến, Hài lòng, RẤT HÀI LÒNG                       → 2/2 = 100 %
    2.2: binh thuong, 1                                             → 0/2 = 0 %
    factor 1 = (50 + 75) / 2 = 62,5; factor 2 = (100 + 0) / 2 = 50; overall 56,25.
    """
    rows = [("1.1", "Hài lòng"), ("1.1", "Rất hài lòng"), ("1.1", "Bình thường"), ("1.1", "Không hài lòng"),
            ("1.1", ""), ("1.2", 5), ("1.2", 4.0), ("1.2", "4"), ("1.2", "Rất không hài lòng"),
            ("1.2", np.nan), ("1.2", "không trả lời"), ("2.1", "Không ý kiến"), ("2.1", "Hài lòng"),
            ("2.1", " RẤT  HÀI LÒNG "), ("2.2", "binh thuong"), ("2.2", 1)]
    return pd.DataFrame(rows, columns=["tieu_chi", "tra_loi"])


def test_long_form_by_criterion_factor_and_overall():
    kq = hai_long(long_sample())
    tc = kq.theo_tieu_chi.set_index("tieu_chi")
    assert list(tc.index) == ["1.1", "1.2", "2.1", "2.2"]
    assert tc["ty_le_hai_long"].tolist() == [50.0, 75.0, 100.0, 0.0]
    assert tc["so_hop_le"].tolist() == [4, 4, 2, 2]
    assert tc["so_bo_trong"].tolist() == [1, 2, 1, 0]
    assert tc.loc["1.1", list(COT_MUC_DO)].tolist() == [0, 1, 1, 1, 1]
    assert tc.loc["1.2", list(COT_MUC_DO)].tolist() == [1, 0, 0, 2, 1]
    assert tc.loc["2.2", list(COT_MUC_DO)].tolist() == [1, 0, 1, 0, 0]
    assert tc.loc["1.1", "yeu_to"] == YT1 and tc.loc["2.2", "yeu_to"] == YT2
    assert tc.loc["2.1", "noi_dung"] == "Thủ tục hành chính được niêm yết công khai đầy đủ"

    yt = kq.theo_yeu_to
    assert yt["yeu_to"].tolist() == [YT1, YT2]
    assert yt["ty_le_hai_long"].tolist() == [62.5, 50.0]
    assert yt["so_tieu_chi"].tolist() == [2, 2]
    assert yt["so_hop_le"].tolist() == [8, 4] and yt["so_bo_trong"].tolist() == [3, 1]
    assert yt["trong_so"].tolist() == [0.5, 0.5]  # only the factors in the data, equal weights
    assert kq.tong_the == 56.25
    assert (kq.so_tra_loi, kq.so_tra_loi_hop_le, kq.so_bo_trong, kq.so_phieu) == (16, 12, 4, None)
    assert kq.theo_co_quan is None and kq.cot_co_quan is None


def test_weights_are_normalised_and_keyed_by_factor():
    kq = hai_long(long_sample(), weights={YT1: 3, YT2.upper(): 1})
    assert kq.tong_the == (62.5 * 3 + 50) / 4
    assert kq.theo_yeu_to["trong_so"].tolist() == [0.75, 0.25]
    # a zero weight leaves a factor out
    assert hai_long(long_sample(), weights={YT1: 0, YT2: 2}).tong_the == 50.0


def test_without_scheme_criteria_average_directly():
    kq = hai_long(long_sample(), yeu_to=None)
    assert kq.theo_yeu_to is None and "yeu_to" not in kq.theo_tieu_chi.columns
    assert kq.tong_the == (50 + 75 + 100 + 0) / 4
    assert hai_long(long_sample(), yeu_to=None, weights={"1.1": 1, "1.2": 1, "2.1": 2, "2.2": 0}).tong_the == 81.25


def test_custom_scheme_as_dict_and_column_names():
    df = long_sample().rename(columns={"tieu_chi": "cau", "tra_loi": "y_kien"})
    kq = hai_long(df, tieu_chi="cau", tra_loi="y_kien",
                  yeu_to={"1.1": "Cơ sở", "1.2": "Cơ sở", "2.1": "Cơ sở", "2.2": "Thái độ"})
    assert kq.theo_yeu_to["ty_le_hai_long"].tolist() == [75.0, 0.0]
    assert kq.tong_the == 37.5


def test_criterion_named_by_its_text():
    text = YEU_TO_HA_NAM_1048.set_index("tieu_chi").loc["3.1", "noi_dung"]
    df = pd.DataFrame({"tieu_chi": [text.upper(), "3.1"], "tra_loi": ["Hài lòng", "Bình thường"]})
    kq = hai_long(df)
    assert kq.theo_tieu_chi["tieu_chi"].tolist() == ["3.1"]
    assert kq.theo_tieu_chi["ty_le_hai_long"].tolist() == [50.0]


def test_wide_form_gives_the_same_numbers():
    wide = pd.DataFrame({
        "co_quan": ["Sở A", "Sở A", "Sở B", "Sở B"],
        "1.1": ["Hài lòng", "Bình thường", 5, None],
        "1.2": [4, 4, 2, "Không ý kiến"],
        "2.1": ["Rất hài lòng", 3.0, "1", "2"],
    })
    long = tu_dang_rong(wide, ["1.1", "1.2", "2.1"], ["co_quan"])
    assert len(long) == 12 and list(long.columns) == ["co_quan", "phieu", "tieu_chi", "tra_loi"]
    kq = hai_long(long, co_quan="co_quan")
    # 1.1: 2/3; 1.2: 2/3; 2.1: 1/4
    assert kq.theo_tieu_chi["ty_le_hai_long"].tolist() == pytest.approx([200 / 3, 200 / 3, 25.0])
    assert kq.tong_the == pytest.approx((200 / 3 + 25) / 2)
    assert kq.so_phieu == 4 and kq.so_bo_trong == 2
    # Sở A: 1.1 50, 1.2 100 → 75; 2.1 50 → overall 62,5. Sở B: 1.1 100, 1.2 0 → 50; 2.1 0 → 25
    cq = kq.theo_co_quan
    assert cq["co_quan"].tolist() == ["Sở A", "Sở B"]
    assert cq["so_phieu"].tolist() == [2, 2]
    assert cq["so_tra_loi_hop_le"].tolist() == [6, 4] and cq["so_bo_trong"].tolist() == [0, 2]
    assert cq["ty_le_hai_long"].tolist() == [62.5, 25.0]
    cyt = kq.theo_co_quan_yeu_to
    assert cyt[["co_quan", "ty_le_hai_long"]].values.tolist() == [["Sở A", 75.0], ["Sở A", 50.0],
                                                                  ["Sở B", 50.0], ["Sở B", 0.0]]
    ctc = kq.theo_co_quan_tieu_chi
    assert ctc.loc[(ctc["co_quan"] == "Sở B") & (ctc["tieu_chi"] == "1.1"), "so_bo_trong"].item() == 1
    bang = kq.bang_co_quan()
    assert list(bang.columns) == ["co_quan", "so_phieu", "so_tra_loi_hop_le", YT1, YT2, "ty_le_hai_long"]
    assert bang.loc[1, [YT1, YT2, "ty_le_hai_long"]].tolist() == [50.0, 0.0, 25.0]


def test_wide_form_defaults_and_row_ids():
    wide = pd.DataFrame({"1.1": [4, 5], "1.2": [1, 2]}, index=["p7", "p9"])
    long = tu_dang_rong(wide)
    assert long["phieu"].tolist() == ["p7", "p9", "p7", "p9"]
    assert list(long.index) == ["p7", "p9", "p7", "p9"]
    assert hai_long(long).so_phieu == 2
    assert "phieu" not in tu_dang_rong(wide, phieu=None).columns


def test_respondent_ids_count_within_each_agency():
    df = pd.DataFrame({"co_quan": ["A", "A", "A", "B", "B"], "ma_phieu": [1, 1, 2, 1, 1],
                       "tieu_chi": ["1.1", "1.2", "1.1", "1.1", "1.2"], "tra_loi": [4, 4, 4, 4, 4]})
    assert hai_long(df, phieu="ma_phieu").so_phieu == 2
    kq = hai_long(df, phieu="ma_phieu", co_quan="co_quan")
    assert kq.so_phieu == 3 and kq.theo_co_quan["so_phieu"].tolist() == [2, 1]


def test_several_grouping_columns_and_pooled_overall():
    df = pd.DataFrame({"huyen": ["X", "X", "Y", "Y"], "linh_vuc": ["đất đai", "xây dựng", "đất đai", "đất đai"],
                       "tieu_chi": ["1.1"] * 4, "tra_loi": [5, 1, 4, 4]})
    kq = hai_long(df, co_quan=["huyen", "linh_vuc"])
    assert kq.cot_co_quan == ("huyen", "linh_vuc")
    assert kq.theo_co_quan[["huyen", "linh_vuc", "ty_le_hai_long"]].values.tolist() == [
        ["X", "đất đai", 100.0], ["X", "xây dựng", 0.0], ["Y", "đất đai", 100.0]]
    assert kq.tong_the == 75.0  # pooled answers, not the mean of the groups (66,7)


def test_factor_without_valid_answer_is_left_out():
    df = pd.DataFrame({"tieu_chi": ["1.1", "2.1"], "tra_loi": ["Hài lòng", "Không trả lời"]})
    kq = hai_long(df)
    assert kq.theo_yeu_to["so_tieu_chi"].tolist() == [1, 0]
    assert math.isnan(kq.theo_yeu_to["ty_le_hai_long"].iloc[1])
    assert kq.tong_the == 100.0


def test_to_frame_report_table():
    table = hai_long(long_sample()).to_frame()
    assert table["cap"].tolist() == ["yeu_to", "tieu_chi", "tieu_chi", "yeu_to", "tieu_chi", "tieu_chi", "tong_the"]
    assert table["ma"].tolist() == ["1", "1.1", "1.2", "2", "2.1", "2.2", ""]
    assert table["ty_le_hai_long"].tolist() == [62.5, 50.0, 75.0, 50.0, 100.0, 0.0, 56.25]
    assert table["so_hop_le"].tolist() == [8, 4, 4, 4, 2, 2, 12]
    assert table["noi_dung"].iloc[-1] == "Chung"


def test_answer_codes_are_tolerant():
    nfd = unicodedata.normalize("NFD", "Rất hài lòng")
    assert [ma_tra_loi(v) for v in (nfd, "rat hai long", "KHÔNG   hài lòng", 3, 3.0, "3", "3.0", np.int64(2))] == \
        [5, 5, 2, 3, 3, 3, 3, 2]
    assert [ma_tra_loi(v) for v in (None, np.nan, pd.NA, "", "  ", "Không trả lời", "KHONG Y KIEN")] == [0] * 7
    assert [ma_tra_loi(v) for v in (0, 6, 4.5, True, "tốt", "nan")] == [-1] * 6
    assert [ma_tra_loi(m) for m in MUC_DO] == [1, 2, 3, 4, 5]
    assert ma_tra_loi("chưa rõ", khong_tra_loi=["Chưa rõ"]) == 0


def test_categorical_and_nullable_answer_columns():
    df = pd.DataFrame({"tieu_chi": ["1.1"] * 3, "tra_loi": pd.array([4, None, 2], dtype="Int64")})
    assert hai_long(df).theo_tieu_chi["ty_le_hai_long"].tolist() == [50.0]
    df["tra_loi"] = pd.Categorical(["Hài lòng", None, "Bình thường"])
    assert hai_long(df).theo_tieu_chi["so_bo_trong"].tolist() == [1]


# ---------------------------------------------------------------- bands


def test_bands_edges_80_90_100():
    rates = {"A": 79.99, "B": 80, "C": 89.99, "D": 90, "E": 100, "F": 79.99999999999999, "G": float("nan")}
    pn = phan_nhom(rates, bands=[(80, 90), (90, 100)])
    low, high = pn.cac_nhom
    assert (low.tu, low.den, low.gom_den, high.gom_den) == (80, 90, False, True)
    assert low.cac_co_quan == ("B", "C", "F")  # F: a mean that should be 80
    assert high.cac_co_quan == ("D", "E")
    assert (pn.so_co_quan, pn.so_khong_co_du_lieu) == (6, 1)
    assert low.ty_le == 50.0 and high.ty_le == pytest.approx(100 / 3)
    assert low.nhan == "từ 80% đến dưới 90%" and high.nhan == "từ 90% đến 100%"
    assert pn.nhom(90, 100) is high


def test_default_bands_and_frame():
    pn = phan_nhom([10, 49.999, 50, 69.99, 70, 80, 90, 100, 100.0])
    table = pn.to_frame()
    assert table["so_co_quan"].tolist() == [2, 2, 1, 1, 3]
    assert table["nhan"].tolist() == ["dưới 50%", "từ 50% đến dưới 70%", "từ 70% đến dưới 80%",
                                      "từ 80% đến dưới 90%", "từ 90% đến 100%"]
    assert sum(table["ty_le"]) == pytest.approx(100)


def test_bands_from_result_and_rounding_as_printed():
    df = pd.DataFrame({"co_quan": ["A"] * 2 + ["B"] * 2 + ["C"] * 3,
                       "tieu_chi": ["1.1", "2.1", "1.1", "2.1", "1.1", "1.1", "1.1"],
                       "tra_loi": [5, 4, 5, "Bình thường", 5, 4, 3]})
    # A: 100; B: (100 + 0) / 2 = 50; C: 2/3 = 66,67 (only factor 1)
    kq = hai_long(df, co_quan="co_quan")
    pn = phan_nhom(kq, bands=[(50, 66.67), (66.67, 100)])
    assert pn.cac_nhom[0].cac_co_quan == ("B", "C") and pn.cac_nhom[1].cac_co_quan == ("A",)
    assert phan_nhom(kq, bands=[(50, 66.67), (66.67, 100)], decimals=2).cac_nhom[1].cac_co_quan == ("A", "C")
    frame = kq.theo_co_quan.rename(columns={"co_quan": "don_vi"})
    assert phan_nhom(frame, ten="don_vi").nhom(90, 100).cac_co_quan == ("A",)


def test_band_errors():
    with pytest.raises(DataError, match="cận dưới"):
        phan_nhom([80], bands=[(90, 80)])
    with pytest.raises(DataError, match="cặp số"):
        phan_nhom([80], bands=[(90,)])
    with pytest.raises(DataError, match="không chia theo cơ quan"):
        phan_nhom(hai_long(long_sample()))
    with pytest.raises(DataError, match="phải là số"):
        phan_nhom(["cao"])
    with pytest.raises(DataError, match="không có nhóm"):
        phan_nhom([80]).nhom(80, 100)


# ---------------------------------------------------------------- errors


def test_unknown_answer_names_row_value_and_accepted_answers():
    df = long_sample()
    df.index = range(100, 116)
    df.loc[103, "tra_loi"] = "Tốt"
    df.loc[107, "tra_loi"] = 7
    with pytest.raises(DataError) as info:
        hai_long(df)
    text = str(info.value)
    assert "dòng 103" in text and "'Tốt'" in text and "'1.1'" in text and "7" in text
    assert info.value.where == "cột 'tra_loi', dòng 103"
    assert all(m in info.value.hint for m in MUC_DO)


def test_unknown_answer_in_wide_form_names_the_wide_row():
    wide = pd.DataFrame({"1.1": [4, 5, 4], "1.2": [4, 4, "rất tốt"]})
    with pytest.raises(DataError, match=r"'rất tốt' ở dòng 2 \(tiêu chí '1.2'\)"):
        hai_long(tu_dang_rong(wide))


def test_missing_column_names_it_and_lists_columns():
    df = long_sample().rename(columns={"tra_loi": "y_kien"})
    with pytest.raises(DataError) as info:
        hai_long(df)
    assert "'tra_loi'" in info.value.message and "'y_kien'" in info.value.hint and "'tieu_chi'" in info.value.hint
    with pytest.raises(DataError, match="'don_vi'"):
        hai_long(long_sample(), co_quan="don_vi")
    with pytest.raises(DataError, match="'so_phieu'"):
        hai_long(long_sample(), phieu="so_phieu")
    with pytest.raises(DataError, match="'c9'"):
        tu_dang_rong(pd.DataFrame({"c1": [1]}), ["c1", "c9"])


def test_other_input_errors():
    with pytest.raises(DataError, match="tiêu chí '9.9'"):
        hai_long(pd.DataFrame({"tieu_chi": ["1.1", "9.9"], "tra_loi": [4, 4]}))
    with pytest.raises(DataError, match="dòng 1 không có tiêu chí"):
        hai_long(pd.DataFrame({"tieu_chi": ["1.1", None], "tra_loi": [4, 4]}))
    with pytest.raises(DataError, match="dòng 1 không có giá trị ở cột 'co_quan'"):
        hai_long(pd.DataFrame({"co_quan": ["A", None], "tieu_chi": ["1.1"] * 2, "tra_loi": [4, 4]}),
                 co_quan="co_quan")
    with pytest.raises(DataError, match="DataFrame"):
        hai_long([1, 2, 3])
    with pytest.raises(DataError, match="thiếu trọng số"):
        hai_long(long_sample(), weights={YT1: 1})
    with pytest.raises(DataError, match="không có trong bảng"):
        hai_long(long_sample(), weights={YT1: 1, YT2: 1, "Khác": 1})
    with pytest.raises(DataError, match="lớn hơn 0"):
        hai_long(long_sample(), weights={YT1: 0, YT2: 0})
    with pytest.raises(DataError, match="không âm"):
        hai_long(long_sample(), weights={YT1: -1, YT2: 2})
    with pytest.raises(DataError, match="hai lần"):
        hai_long(long_sample(), yeu_to={"1.1": "A", " 1.1": "B"})
    with pytest.raises(DataError, match="là một mức hài lòng"):
        hai_long(long_sample(), khong_tra_loi=["Bình thường"])


def test_empty_data_gives_nan():
    kq = hai_long(pd.DataFrame({"tieu_chi": [], "tra_loi": []}))
    assert math.isnan(kq.tong_the) and kq.so_tra_loi == 0 and kq.theo_tieu_chi.empty
    assert isinstance(kq, KetQuaHaiLong) and "tong_the=nan" in repr(kq)


# ---------------------------------------------------------------- a million answers


def test_a_million_answers():
    """20 criteria × 50.000 answers, each block of 10 answers [5, 4, 5, 4, 4, 3, "", 1, 4, 2]
    split between two agencies by alternate rows: A gets 5, 5, 4, "", 4 (4/4 satisfied),
    B gets 4, 4, 3, 1, 2 (2/5). Pooled: 6 of 9 valid answers; the mean of A and B would be 70.
    """
    n = 1_000_000
    pattern = np.array(["Rất hài lòng", "Hài lòng", 5, 4, "hài lòng", "Bình thường", "", "Rất không hài lòng",
                        4.0, "Không hài lòng"], dtype=object)
    df = pd.DataFrame({
        "co_quan": np.tile(np.array(["A", "B"], dtype=object), n // 2),
        "tieu_chi": np.repeat([f"c{i:02d}" for i in range(20)], n // 20),
        "tra_loi": np.tile(pattern, n // 10),
    })
    scheme = {f"c{i:02d}": f"Yếu tố {i // 5 + 1}" for i in range(20)}
    kq = hai_long(df, co_quan="co_quan", yeu_to=scheme)
    assert kq.so_tra_loi == n and kq.so_bo_trong == n // 10 and kq.so_tra_loi_hop_le == n * 9 // 10
    assert kq.theo_tieu_chi["ty_le_hai_long"].to_numpy() == pytest.approx(np.full(20, 200 / 3))
    assert kq.theo_yeu_to["ty_le_hai_long"].to_numpy() == pytest.approx(np.full(4, 200 / 3))
    assert kq.tong_the == pytest.approx(200 / 3)
    assert kq.theo_co_quan["ty_le_hai_long"].tolist() == pytest.approx([100.0, 40.0])
    assert kq.theo_co_quan["so_bo_trong"].tolist() == [n // 10, 0]


def test_every_nan_is_no_answer():
    """One missing-value test (baocao.numbers.is_missing): Decimal and float32 NaN are blanks too."""
    from decimal import Decimal

    assert ma_tra_loi(Decimal("NaN")) == ma_tra_loi(np.float32("nan")) == ma_tra_loi(pd.NaT) == 0


@pytest.mark.parametrize("decimals", [-1, True, 1.5])
def test_phan_nhom_decimals_checked(decimals):
    with pytest.raises(DataError, match="decimals"):
        phan_nhom([84.6], bands=[(80, 90)], decimals=decimals)


def test_phan_nhom_lam_tron_keeps_missing():
    pn = phan_nhom([89.996, float("nan")], bands=[(80, 90), (90, 100)], decimals=2)
    assert pn.nhom(90, 100).so_co_quan == 1
