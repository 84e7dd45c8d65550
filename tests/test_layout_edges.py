"""Layout at the edges: end mark placement, tables next to the
closing block, articles, fields changed after construction, numbers in tables."""

from __future__ import annotations

import io
import math
import zipfile

import pytest
from conftest import NS, W, make, open_docx, texts
from docx.enum.text import WD_ALIGN_PARAGRAPH

from baocao import Cell, Heading, ModelError, NguoiKy, Paragraph, Run, Table, VanBan
from baocao.layout import LAYOUT, mm_to_twips
from baocao.metrics import text_width


def body_xml(vb) -> str:
    return zipfile.ZipFile(io.BytesIO(vb.to_bytes())).read("word/document.xml").decode()


def test_a_table_never_touches_the_next_table():
    vb = make()
    vb.paragraph("Kết quả cụ thể như sau:")
    vb.table([["STT", "Nội dung"], ["1", "x"]])
    vb.table([["STT", "Nội dung"], ["1", "y"]])
    assert "</w:tbl><w:tbl>" not in body_xml(vb)
    d = open_docx(vb)
    assert len(d.tables) == 4  # header, two data tables, closing block: none merged


def test_end_mark_after_a_final_table_on_its_own_line():
    vb = make()
    vb.paragraph("Kết quả cụ thể như sau:")
    vb.table([["STT", "Nội dung"], ["1", "x"]])
    t = texts(open_docx(vb))
    assert "Kết quả cụ thể như sau:" in t  # not "…như sau:./."
    assert t[-1] == "./."


def test_end_mark_after_a_final_article():
    vb = make(loai="quyet_dinh", kinh_gui=[], noi_nhan=[])
    vb.paragraph("Nội dung kế hoạch gồm:")
    vb.heading("Ban hành kèm theo Quyết định này Kế hoạch.")
    vb.heading("Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này")
    t = texts(open_docx(vb))
    assert "Nội dung kế hoạch gồm:" in t
    assert t[-1] == "Điều 2. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./."


@pytest.mark.parametrize("last, expected", [("tổng hợp.  ", "tổng hợp./."), ("tổng hợp./", "tổng hợp./."),
                                            ("tổng hợp ", "tổng hợp./."), ("trung tâm;", "trung tâm./."),
                                            ("như sau:", "như sau./.")])
def test_end_mark_edges(last, expected):
    vb = make()
    vb.paragraph(["Trên đây là báo cáo, ", Run(last, italic=True), Run("  ")])
    assert texts(open_docx(vb))[-1].endswith(expected)


def test_last_text_kept_with_the_closing_block():
    vb = make()
    vb.paragraph("a")
    vb.paragraph("Trên đây là báo cáo")
    d = open_docx(vb)
    last = d.paragraphs[-1]
    assert last.text.endswith("./.") and last.paragraph_format.keep_with_next


def test_article_label_bold_text_regular():
    vb = make(loai="quyet_dinh", kinh_gui=[])
    vb.heading("Ban hành kèm theo Quyết định này Quy chế.")
    vb.heading(Run("Hiệu lực thi hành", bold=True))
    d = open_docx(vb)
    p = next(p for p in d.paragraphs if p.text.startswith("Điều 1."))
    assert p.runs[0].text == "Điều 1. " and p.runs[0].bold
    assert not p.runs[1].bold
    p2 = next(p for p in d.paragraphs if p.text.startswith("Điều 2."))
    assert all(r.bold for r in p2.runs[:2])


def test_chapters_and_articles_numbered_across_chapters():
    vb = make(loai="quy_che", kinh_gui=[], danh_so="chuong_dieu", dau_ket_thuc=False)
    vb.heading("Quy định chung")
    vb.heading("Phạm vi điều chỉnh", 2)
    vb.heading("Đối tượng áp dụng", 2)
    vb.heading("Nội dung", 1)
    vb.heading("Văn hóa công sở", 2)
    vb.heading("Trang phục", 3)
    d = open_docx(vb)
    t = [p.text for p in d.paragraphs if p.text.startswith(("Chương", "Điều", "1."))]
    assert t == ["Chương I\nQUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng áp dụng",
                 "Chương II\nNỘI DUNG", "Điều 3. Văn hóa công sở", "1. Trang phục"]
    chapter = next(p for p in d.paragraphs if p.text.startswith("Chương I"))
    assert chapter.alignment == WD_ALIGN_PARAGRAPH.CENTER and chapter.runs[0].bold


def test_fields_changed_after_construction_are_normalised():
    vb = make()
    vb.kinh_gui = "Sở Nội vụ;"
    vb.noi_nhan = "Như trên"
    vb.do_khan = "khẩn"
    vb.ngay = "05/02/2020"
    vb.loai = "cong_van"
    vb.nguoi_ky = {"ho_ten": "Lê Minh Tân", "chuc_vu": "Giám đốc"}
    d = open_docx(vb)
    t = texts(d)
    assert "Kính gửi: Sở Nội vụ" in t
    left = [p.text for p in d.tables[-1].cell(0, 0).paragraphs]
    assert left[1] == "- Như trên;"
    assert d.tables[0].cell(1, 1).text.endswith("ngày 05 tháng 02 năm 2020")
    assert "KHẨN" in d.tables[0].cell(1, 0).text
    assert [p.text for p in d.tables[-1].cell(0, 1).paragraphs if p.text] == ["GIÁM ĐỐC", "Lê Minh Tân"]
    signer = NguoiKy("Nguyễn Văn A", ["Phó Giám đốc"], quyen_han="KT.", thay_mat="Giám đốc")
    vb2 = make(nguoi_ky=signer)
    signer.chuc_vu = "Phó Giám đốc"  # a string, not a list of lines
    right = [p.text for p in open_docx(vb2).tables[-1].cell(0, 1).paragraphs if p.text]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]


def test_long_place_name_keeps_the_date_on_one_line():
    vb = make(dia_danh="Thành phố Hồ Chí Minh", co_quan_chu_quan="Ủy ban nhân dân Thành phố Hồ Chí Minh")
    d = open_docx(vb)
    grid = [int(g.get(W + "w")) for g in d.tables[0]._tbl.findall("w:tblGrid/w:gridCol", NS)]
    margin = int(d.tables[0]._tbl.find("w:tblPr/w:tblCellMar/w:left", NS).get(W + "w"))
    date = d.tables[0].cell(1, 1).text
    assert text_width(date, 13, italic=True) * 20 < grid[1] - 2 * margin
    assert grid[0] >= 0.35 * mm_to_twips(LAYOUT.page.text_width_mm)
    parent = d.tables[0].cell(0, 0).paragraphs[0].text.split("\n")
    widths = [text_width(line, 12) for line in parent]
    assert len(parent) == 2 and min(widths) / max(widths) > 0.6  # balanced


def test_numbers_in_tables_vietnamese_and_right_aligned():
    vb = make()
    vb.table([["Lĩnh vực", "Hồ sơ", "Tỷ lệ", "Ghi chú"],
              ["Nhà ở", 6243886, 85.02, None], ["Quy hoạch", 12, 0.1 + 0.2, "x"], ["Khác", 3, math.nan, ""]])
    t = open_docx(vb).tables[1]
    assert [c.text for c in t.rows[1].cells] == ["Nhà ở", "6.243.886", "85,02", ""]
    assert [c.text for c in t.rows[2].cells] == ["Quy hoạch", "12", "0,3", "x"]
    assert t.cell(3, 2).text == ""
    aligns = [t.cell(1, c).paragraphs[0].alignment for c in range(4)]
    # number columns (NaN is a missing number) are right-aligned; mixed or text columns left
    assert aligns == [WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT,
                      WD_ALIGN_PARAGRAPH.LEFT]


def test_luu_line_names_the_drafting_unit():
    vb = make(loai="cong_van", co_quan="Sở Nội vụ", viet_tat_co_quan="snv", don_vi_soan_thao="tcbctcpcp",
              trich_yeu="báo cáo tổng kết")
    d = open_docx(vb)
    assert d.tables[0].cell(1, 0).paragraphs[0].text == "Số: 564/SNV-TCBCTCPCP"
    assert d.tables[-1].cell(0, 0).paragraphs[-1].text == "- Lưu: VT, TCBCTCPCP."


def test_blank_trich_yeu_gives_no_title_line():
    d = open_docx(make(trich_yeu="   "))
    assert texts(d)[1].startswith("Kính gửi") or texts(d)[1] == ""
    assert "V/v" not in d.tables[0].cell(1, 0).text
    with pytest.raises(ModelError, match="trich_yeu"):
        make(loai="cong_van", trich_yeu=" ").to_bytes()


BAD = [
    lambda: make().table([[]]),
    lambda: make().table([[], []]),
    lambda: make().add(Table([])),
    lambda: make().table([["a"]], header_rows="1"),
    lambda: make().table([["a"]], widths=["1"]),
    lambda: make().table([["a", "b"]], widths=[math.inf, 1]),
    lambda: make().table([["a"]], font_size=-3),
    lambda: make().table([["a"]], font_size="12"),
    lambda: make().table([[Cell("x", align="middle")]]),
    lambda: make().add(Paragraph("x", align="middle")),
    lambda: make().paragraph(None),
    lambda: make().heading(None),
    lambda: make().heading("x", level=True),
    lambda: Run(None),
    lambda: Run(5),
    lambda: NguoiKy("A", None, quyen_han=1),
    lambda: make(nguoi_ky="Lê Minh Tân"),
    lambda: make(co_quan=5),
    lambda: make(dia_danh=["Trà Vinh"]),
    lambda: make(trich_yeu=3.5),
    lambda: make(do_khan=True),
    lambda: make(danh_so=[]),
    lambda: make(danh_so="abc"),
    lambda: make(so="²"),
    lambda: make(so=0),
    lambda: make(so=True),
    lambda: make(ngay=(True, 1)),
    lambda: make(ngay=(-5, 1)),
    lambda: make(ngay=(2020, 13)),
    lambda: make(kinh_gui=[None]),
    lambda: make(kinh_gui=5),
    lambda: make().image(None),
    lambda: make().image(b"x", width_mm="50"),
    lambda: make().image(b"x", width_mm=-30),
    lambda: make().image("/no/such/file.png"),
    lambda: make().add_phu_luc(None),
    lambda: make(phu_luc=None),
    lambda: make(blocks=None).to_bytes(),
    lambda: make(nguoi_ky={"ten": "x"}),
    lambda: make().add("text"),
    lambda: VanBan(loai=5),
]


@pytest.mark.parametrize("case", range(len(BAD)))
def test_bad_input_gives_model_error(case):
    with pytest.raises(ModelError):
        BAD[case]()


def test_heading_built_by_hand_is_checked_on_add():
    vb = make()
    h = Heading("x")
    h.level = 0
    with pytest.raises(ModelError, match="level"):
        vb.add(h)
