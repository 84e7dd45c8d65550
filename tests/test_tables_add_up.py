"""Tables that add up (issue 14): identifiers are text, rates are never summed, the total row
always has its label, a column keeps one number of decimals, short cells keep to one line, the
total row stays with the last row, a wide table shrinks before it turns the page."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import NS, W, make, open_docx

from baocao import LAYOUT, DataError
from baocao.metrics import text_width
from baocao.tables import table_from_data
from baocao.writers.common import plan_table

ISSUE_CSV = pd.DataFrame({
    "nam": [2021, 2022, 2023],
    "ma_linh_vuc": [101, 102, 103],
    "so_ho_so": [1200, 1000, 1500],
    "dung_han": [1150, 998, 1490],
    "ty_le": [95.83, 99.8, 99.33],
})


def cells(t, row: int) -> list[str]:
    return ["".join(r.text for r in c.text) for c in t.rows[row]]


def test_the_issue_table():
    t = table_from_data(ISSUE_CSV, total=True)
    assert cells(t, 1) == ["2021", "101", "1.200", "1.150", "95,83"]
    assert cells(t, 2) == ["2022", "102", "1.000", "998", "99,80"]  # one column, one number of decimals
    assert cells(t, -1) == ["Tổng cộng", "", "3.700", "3.638", ""]  # years and codes not summed, nor the rate
    assert t.align == ["center", "center", "right", "right", "right"]


def test_a_rate_is_recomputed_from_the_totals_when_the_table_says_how():
    t = table_from_data(ISSUE_CSV, total={"ty_le": ["dung_han", "so_ho_so"]})
    assert cells(t, -1)[-1] == "98,32"  # 3638 / 3700, not 294,93
    t = table_from_data(ISSUE_CSV, total={"ty_le": ["dung_han", "so_ho_so"], "label": "Cộng"},
                        phan_tram={"ty_le": 1})
    assert cells(t, -1) == ["Cộng", "", "3.700", "3.638", "98,3%"]


def test_total_names_the_columns_to_add():
    t = table_from_data(ISSUE_CSV, total=["so_ho_so"])
    assert cells(t, -1) == ["Tổng cộng", "", "3.700", "", ""]


@pytest.mark.parametrize(("total", "message"), [
    (["ty_le"], "tỷ lệ"),
    (["nam"], "không phải cột số"),
    (["khong_co"], "không có cột"),
    ({"khong_co": 1}, "không có trong bảng"),
    ({"ty_le": ["dung_han"]}, "hai cột"),
    (5, "total phải là"),
])
def test_wrong_totals_stop_with_a_message(total, message):
    with pytest.raises(DataError, match=message):
        table_from_data(ISSUE_CSV, total=total)


@pytest.mark.parametrize("name", ["Tỷ lệ (%)", "tỷ lệ đúng hạn", "Bình quân", "diem_trung_binh", "Tỉ lệ", "% đạt"])
def test_columns_named_like_rates_are_not_summed(name):
    t = table_from_data(pd.DataFrame({"don_vi": ["A", "B"], "so": [1, 2], name: [50.0, 70.0]}), total=True)
    assert cells(t, -1) == ["Tổng cộng", "3", ""]


@pytest.mark.parametrize(("name", "values", "text"), [
    ("Năm", [2021, 2022], True), ("ma_don_vi", [7, 12], True), ("Mã số", [1, 2], True),
    ("stt", [1, 2], True), ("Số điện thoại", [912345678, 987654321], True), ("thang", [1, 12], True),
    ("so_nam", [3, 5], False), ("nam", [3, 5], False), ("thang", [1, 13], False), ("so_ho_so", [2021, 2022], False),
])
def test_identifiers_are_text_by_name_and_values(name, values, text):
    t = table_from_data(pd.DataFrame({"don_vi": ["A", "B"], name: values}), total=True)
    summed = cells(t, -1)[1]
    assert (summed == "") is text
    if text:
        assert cells(t, 1)[1] == str(values[0]) and "." not in cells(t, 2)[1]


def test_as_text_names_more_identifier_columns():
    df = pd.DataFrame({"don_vi": ["A", "B"], "so_hop_dong": [12345, 67890], "gia_tri": [1000, 2000]})
    t = table_from_data(df, total=True, as_text=["so_hop_dong"])
    assert cells(t, 1) == ["A", "12345", "1.000"] and cells(t, -1) == ["Tổng cộng", "", "3.000"]


def test_float_years_from_a_column_with_a_blank_are_still_years():
    df = pd.DataFrame({"nam": [2021.0, None, 2023.0], "so": [1, 2, 3]})
    t = table_from_data(df, total=True)
    assert [cells(t, r)[0] for r in (1, 2, 3, 4)] == ["2021", "", "2023", "Tổng cộng"]


def test_the_label_goes_to_stt_when_every_column_is_a_number():
    df = pd.DataFrame({"so_ho_so": [1, 2], "dung_han": [1, 1]})
    t = table_from_data(df, stt=True, total=True)
    assert cells(t, -1) == ["Tổng cộng", "3", "2"]
    assert t.rows[-1][0].text[0].bold
    with pytest.raises(DataError, match="nhãn"):
        table_from_data(df, total=True)


def test_explicit_decimals_still_win():
    t = table_from_data(ISSUE_CSV[["nam", "ty_le"]], decimals={"ty_le": 1})
    assert [cells(t, r)[1] for r in (1, 2, 3)] == ["95,8", "99,8", "99,3"]


def test_the_last_row_keeps_with_the_row_before_it():
    vb = make()
    vb.table(ISSUE_CSV, total=True)
    rows = open_docx(vb).tables[1]._tbl.findall("w:tr", NS)
    keeps = [bool(r.findall(".//w:keepNext", NS)) for r in rows]
    assert keeps == [False, False, False, True, False]


def test_short_cells_and_headers_stay_on_one_line():
    df = pd.DataFrame({
        "Đơn vị": [f"Phòng Tư pháp huyện {i}" for i in range(4)],
        "Nội dung đánh giá chi tiết": ["Thực hiện tốt công tác cải cách hành chính, giải quyết hồ sơ đúng hạn và "
                                       "đầy đủ theo quy định của pháp luật hiện hành"] * 4,
        "Điểm": [85.5, 86.5, 87.5, 88.5],
        "Xếp hạng": ["Hạng III"] * 4,
    })
    t = table_from_data(df)
    plan = plan_table(t, LAYOUT, landscape=False)
    pad = 2 * 108
    for text, bold in (("Hạng III", False), ("Xếp hạng", True)):
        need = round(text_width(text, plan.size, bold=bold) * 20) + pad
        assert plan.widths[3] > need, (text, plan.widths)


def test_a_wide_table_shrinks_before_it_turns_the_page():
    df = pd.DataFrame({"don_vi": [f"Xã {i}" for i in range(5)],
                       **{f"Chỉ tiêu {j}": [123456 * (i + 1) for i in range(5)] for j in range(1, 9)}})
    t = table_from_data(df)
    at_13 = plan_table(t, LAYOUT, landscape=False)
    assert not at_13.turn and LAYOUT.sizes.table_min <= at_13.size < LAYOUT.sizes.table
    t.font_size = 13  # a size asked for is kept: the page turns
    assert plan_table(t, LAYOUT, landscape=False).turn


def test_a_table_too_wide_even_when_smaller_turns():
    df = pd.DataFrame({"don_vi": ["Xã A"], **{f"Chỉ tiêu {j}": [1234567] for j in range(1, 14)}})
    plan = plan_table(table_from_data(df), LAYOUT, landscape=False)
    assert plan.turn and plan.size == LAYOUT.sizes.table


def test_bold_total_row():
    vb = make()
    vb.table(ISSUE_CSV, total=True)
    last = open_docx(vb).tables[1]._tbl.findall("w:tr", NS)[-1]
    texts = [t.text for t in last.iter(W + "t")]
    assert "Tổng cộng" in texts


def test_a_percentage_column_of_ratios_warns_once():
    import warnings

    from baocao import BaoCaoWarning

    df = pd.DataFrame({"don_vi": ["A", "B", "C"], "ty_le": [0.9117, 0.8502, 0.95]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = table_from_data(df, phan_tram=["ty_le"])
    said = [str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning)]
    assert len(said) == 1 and "ty_le" in said[0] and "0,91%" in said[0]
    assert cells(t, 1)[1] == "0,91%"  # written as asked
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table_from_data(pd.DataFrame({"don_vi": ["A"], "ty_le": [91.17]}), phan_tram=["ty_le"])
