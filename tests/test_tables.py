"""Tables from data: merged multi-level headers, fitted widths, landscape pages, size."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from conftest import NS, W, make, needs_office, open_docx, pdf_pages, pdf_words

from baocao import Cell, ModelError
from baocao.layout import LAYOUT, mm_to_twips
from baocao.metrics import text_width
from baocao.tables import table_from_data

PORTRAIT = mm_to_twips(LAYOUT.page.text_width_mm)
LANDSCAPE = mm_to_twips(LAYOUT.page.landscape_text_width_mm)


def grid(table) -> list[int]:
    return [int(g.get(W + "w")) for g in table._tbl.findall("w:tblGrid/w:gridCol", NS)]


def test_multi_level_header_merges_cells():
    df = pd.DataFrame({("Lĩnh vực", ""): ["Nhà ở", "Vật liệu"],
                       ("Hồ sơ", "Tiếp nhận"): [120, 30], ("Hồ sơ", "Đã giải quyết"): [118, 30],
                       ("Tỷ lệ đúng hạn", ""): [98.3333, 100.0]})
    vb = make()
    vb.add(table_from_data(df, stt=True, phan_tram=["Tỷ lệ đúng hạn"], total=True))
    t = open_docx(vb).tables[1]
    rows = t._tbl.findall("w:tr", NS)
    assert all(r.find("w:trPr/w:tblHeader", NS) is not None for r in rows[:2])
    first = rows[0].findall("w:tc", NS)
    spans = [(tc.find("w:tcPr/w:gridSpan", NS), tc.find("w:tcPr/w:vMerge", NS)) for tc in first]
    texts = ["".join(x.text for x in tc.iter(W + "t")) for tc in first]
    assert texts == ["STT", "Lĩnh vực", "Hồ sơ", "Tỷ lệ đúng hạn"]
    assert spans[2][0].get(W + "val") == "2"  # "Hồ sơ" over two columns
    assert [s[1].get(W + "val") for s in spans if s[1] is not None] == ["restart"] * 3  # the rest span down
    second = rows[1].findall("w:tc", NS)
    assert len(second) == 5 and sum(tc.find("w:tcPr/w:vMerge", NS) is not None for tc in second) == 3
    body = [[c.text for c in r.cells] for r in t.rows[2:]]
    assert body[0] == ["1", "Nhà ở", "120", "118", "98,33%"]
    assert body[2] == ["", "Tổng cộng", "150", "148", ""]  # percentages are not summed


def test_rowspan_shapes_are_checked():
    vb = make()
    vb.table([[Cell("A", rowspan=2), "B"], ["C"]])
    with pytest.raises(ModelError, match="rowspan"):
        make().table([[Cell("A", rowspan=3), "B"], ["C"]])
    with pytest.raises(ModelError, match="hàng 2"):
        make().table([[Cell("A", rowspan=2), "B"], ["C", "D"]])


def test_widths_fitted_to_the_text():
    rows = [["STT", "Tên thủ tục hành chính", "Số hồ sơ"]] + [
        [str(i), "Cấp giấy phép xây dựng đối với công trình cấp đặc biệt, cấp I, cấp II", 1234 * i]
        for i in range(1, 6)]
    vb = make()
    vb.table(rows)
    widths = grid(open_docx(vb).tables[1])
    assert sum(widths) == PORTRAIT
    assert widths[1] > 2 * widths[0] and widths[1] > 2 * widths[2]
    longest_word = max(text_width(w, 13) for w in rows[1][1].split()) * 20
    assert min(widths) > longest_word  # no column breaks inside a word


def test_wide_table_turns_the_page_and_back():
    cols = [f"Đơn vị số {i}" for i in range(1, 13)]
    vb = make()
    vb.paragraph("Trước bảng.")
    vb.table([["Chỉ tiêu", *cols]] + [[f"Chỉ tiêu {r}", *[123456 * r for _ in cols]] for r in range(3)], ngang=None)
    vb.paragraph("Sau bảng.")
    d = open_docx(vb)
    sections = d.sections
    assert [s.orientation for s in sections] == [0, 1, 0]
    assert [s.different_first_page_header_footer for s in sections] == [True, False, False]
    assert all(s._sectPr.find("w:pgNumType", NS).get(W + "start") is None for s in sections)
    assert sum(grid(d.tables[1])) == LANDSCAPE
    narrow = make()
    narrow.table([["A", "B"], ["1", "2"]], ngang=None)
    assert len(open_docx(narrow).sections) == 1


def test_two_wide_tables_in_a_row_share_the_landscape_pages(tmp_path):
    """No empty portrait page between two wide tables; portrait again after the last one."""
    cols = [f"Đơn vị số {i}" for i in range(1, 13)]
    wide = [["Chỉ tiêu", *cols]] + [[f"Chỉ tiêu {r}", *[123456 * r for _ in cols]] for r in range(3)]
    vb = make()
    vb.paragraph("Trước bảng.")
    vb.table(wide, ngang=None, caption="Thứ nhất")
    vb.table(wide, ngang=None)
    vb.table([["A", "B"], ["1", "2"]])
    d = open_docx(vb)
    assert [s.orientation for s in d.sections] == [0, 1, 0]
    body = d.element.body
    kinds = [el.tag.split("}")[1] if el.find(".//w:sectPr", NS) is None else "sect" for el in body]
    tables = [i for i, k in enumerate(kinds) if k == "tbl"][1:]  # the header block's table first
    sects = [i for i, k in enumerate(kinds) if k == "sect"]
    assert sects[0] < tables[0] < tables[1] < sects[1] < tables[2]  # both wide tables in the landscape section
    assert len(tables) == 4 and sum(grid(d.tables[2])) == LANDSCAPE and sum(grid(d.tables[3])) == PORTRAIT
    html = vb.to_html()
    assert html.count('class="pg ngang"') == 1


def test_ten_thousand_rows():
    df = pd.DataFrame({"linh_vuc": [f"Lĩnh vực {i % 9}" for i in range(10_000)], "ho_so": range(10_000)})
    vb = make()
    vb.add(table_from_data(df, stt=True, total=True))
    xml = zipfile.ZipFile(io.BytesIO(vb.to_bytes())).read("word/document.xml").decode()
    assert xml.count("<w:tr>") + xml.count("<w:tr ") >= 10_002
    assert "49.995.000" in xml  # the total of 0 … 9 999


@needs_office
def test_landscape_table_pages_keep_numbering(tmp_path):

    from conftest import SOFFICE, run_ok

    cols = [f"Đơn vị {i}" for i in range(1, 14)]
    vb = make()
    for _ in range(6):
        vb.paragraph("Ban Giám đốc Sở chú trọng đẩy mạnh cải cách thủ tục hành chính, rút ngắn quy trình. " * 4)
    vb.table([["Chỉ tiêu", *cols]] + [[f"Chỉ tiêu {r}", *[1000 + r for _ in cols]] for r in range(40)], ngang=None)
    vb.paragraph("Trên đây là báo cáo")
    src = vb.save(tmp_path / "wide.docx")
    run_ok([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'p'}", "--headless", "--convert-to", "pdf",
            "--outdir", str(tmp_path), str(src)], timeout=180)
    pdf = tmp_path / "wide.pdf"
    pages = pdf_pages(pdf)
    words = pdf_words(pdf)
    numbers = [[w[4] for w in words if w[0] == p and w[2] < 45 and w[4].isdigit()] for p in range(1, pages + 1)]
    assert numbers[0] == [] and all(numbers[p - 1] == [str(p)] for p in range(2, pages + 1)), numbers


def test_total_row_takes_given_values_for_rate_columns():
    rows = [{"lv": "A", "da": 3, "dung": 3, "tl": 100.0}, {"lv": "B", "da": 1, "dung": 0, "tl": 0.0}]
    t = table_from_data(rows, stt=True, total={"tl": 75.0}, phan_tram=["tl"])
    assert [c.text[0].text for c in t.rows[-1]] == ["", "Tổng cộng", "4", "3", "75,00%"]
    t = table_from_data(rows, total={"label": "Cộng", "tl": 75.0}, phan_tram={"tl": 1})
    assert [c.text[0].text for c in t.rows[-1]] == ["Cộng", "4", "3", "75,0%"]
    with pytest.warns(DeprecationWarning, match="'label'") as caught:
        old = table_from_data(rows, total={"nhan": "Cộng", "tl": 75.0}, phan_tram={"tl": 1})
    assert caught[0].filename == __file__
    assert [c.text[0].text for c in old.rows[-1]] == ["Cộng", "4", "3", "75,0%"]


def test_body_rows_never_split_across_pages():
    vb = make()
    vb.table([["A", "B"], ["1", "2"], ["3", "4"]])
    rows = open_docx(vb).tables[1]._tbl.findall("w:tr", NS)
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)


def test_the_python_builder_takes_what_the_template_takes():
    """vb.table() takes a DataFrame or a list of dicts with columns, stt, total, decimals,
    phan_tram — as {{ table(...) }} in a template does."""
    import pandas as pd

    import baocao

    vb = make()
    df = pd.DataFrame({"linh_vuc": ["Nhà ở", "Đất đai"], "so": [13, 1], "ty_le": [91.1724, 100.0]})
    t = vb.table(df, {"linh_vuc": "Lĩnh vực", "so": "Số TTHC", "ty_le": "Tỷ lệ"}, stt=True, total=True,
                 phan_tram=["ty_le"], caption="Thủ tục", line=7)
    assert [[c.text[0].text if c.text else "" for c in r] for r in t.rows] == [
        ["STT", "Lĩnh vực", "Số TTHC", "Tỷ lệ"], ["1", "Nhà ở", "13", "91,17%"], ["2", "Đất đai", "1", "100,00%"],
        ["", "Tổng cộng", "14", ""]]
    assert vb.blocks[-1] is t and t.caption == "Thủ tục" and t.line == 7
    assert [[c.text[0].text for c in r] for r in vb.table([{"a": 1, "b": 2.5}]).rows] == [["a", "b"], ["1", "2,5"]]
    assert baocao.table_from_data is baocao.tables.table_from_data and "Finding" in baocao.__all__


def test_rows_of_uneven_length_name_the_row():
    from baocao import DataError
    from baocao.tables import table_from_data

    with pytest.raises(DataError, match="hàng 2 có 1 ô, dòng tiêu đề có 2 cột"):
        table_from_data([["A", "B"], [1, 2], [4]])
