"""The header block, title and Kính gửi (spec §1–3), read back from the .docx."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import NS, W, make, open_docx, texts, twips, xml_int
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from baocao import LAYOUT, NguoiKy
from baocao.layout import mm_to_twips
from baocao.metrics import longest_line, text_width

TEXT_WIDTH = mm_to_twips(LAYOUT.page.text_width_mm)


def tw(text: str, size: float, **style) -> float:
    return text_width(text, size, **style) * 20


def rule_length(paragraph, content_width: int) -> int:
    """Length (twips) of the line drawn by an empty paragraph with a top border."""
    ind = paragraph._p.find("w:pPr/w:ind", NS)
    left = int(ind.get(W + "left", 0)) if ind is not None else 0
    right = int(ind.get(W + "right", 0)) if ind is not None else 0
    return content_width - left - right


def is_rule(paragraph) -> bool:
    return paragraph._p.find("w:pPr/w:pBdr/w:top", NS) is not None and not paragraph.text


def header_cells(d):
    t = d.tables[0]
    grid = [int(g.get(W + "w")) for g in t._tbl.findall("w:tblGrid/w:gridCol", NS)]
    margin = xml_int(t._tbl, "w:tblPr/w:tblCellMar/w:left", "w")
    return t, grid, margin


def test_page_a4_margins_font_language():
    d = open_docx(make())
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(v.mm) for v in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == \
        [20, 20, 30, 15]
    rpr = d.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert rpr.find("w:rFonts", NS).get(W + "ascii") == "Times New Roman"
    assert rpr.find("w:lang", NS).get(W + "val") == "vi-VN"


def test_quoc_hieu_fits_one_line_in_right_column():
    d = open_docx(make())
    t, grid, margin = header_cells(d)
    assert sum(grid) == TEXT_WIDTH
    assert 0.40 <= grid[0] / TEXT_WIDTH <= 0.45  # left column ~40–45 %
    qh = t.cell(0, 1).paragraphs[0]
    assert qh.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    run = qh.runs[0]
    assert run.bold and run.font.size == Pt(12)
    assert qh.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert tw(qh.text, 12, bold=True) < grid[1] - 2 * margin  # one line
    width_mm = tw(qh.text, 12, bold=True) / 1440 * 25.4
    assert 85 <= width_mm <= 92


def test_tieu_ngu_and_its_line_as_long_as_the_text():
    d = open_docx(make())
    t, grid, margin = header_cells(d)
    paras = t.cell(0, 1).paragraphs
    tn = paras[1]
    assert tn.text == "Độc lập - Tự do - Hạnh phúc"
    assert tn.runs[0].bold and tn.runs[0].font.size == Pt(13)
    assert is_rule(paras[2])
    assert abs(rule_length(paras[2], grid[1] - 2 * margin) - tw(tn.text, 13, bold=True)) <= 2


@pytest.mark.parametrize("name", ["Sở Xây dựng", "Ban Quản lý dự án đầu tư xây dựng các công trình "
                                  "dân dụng và công nghiệp tỉnh"])
def test_agency_names_and_line_one_third_to_half(name):
    d = open_docx(make(co_quan=name))
    t, grid, margin = header_cells(d)
    content = grid[0] - 2 * margin
    paras = t.cell(0, 0).paragraphs
    parent, agency, rule = paras[0], paras[1], paras[2]
    assert parent.text == "UBND TỈNH TRÀ VINH" and not parent.runs[0].bold
    assert parent.runs[0].font.size == Pt(12)
    assert agency.text.replace("\n", " ") == name.upper() and agency.runs[0].bold
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in paras)
    assert is_rule(rule)
    text_len = longest_line(agency.text, content / 20, 12, bold=True) * 20
    assert text_len <= content
    assert text_len / 3 <= rule_length(rule, content) <= text_len / 2
    ind = rule._p.find("w:pPr/w:ind", NS)
    assert ind.get(W + "left") == ind.get(W + "right")  # centred


@pytest.mark.parametrize("so, expected", [(564, "Số: 564/BC-SXD"), (5, "Số: 05/BC-SXD"),
                                          (None, "Số: ....../BC-SXD")])
def test_so_ky_hieu_padding_and_blank(so, expected):
    d = open_docx(make(so=so))
    p = d.tables[0].cell(1, 0).paragraphs[0]
    assert p.text == expected
    assert p.runs[0].font.size == Pt(13) and not p.runs[0].bold
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize("ngay, expected", [
    (dt.date(2020, 12, 29), "Trà Vinh, ngày 29 tháng 12 năm 2020"),
    (dt.date(2021, 1, 5), "Trà Vinh, ngày 05 tháng 01 năm 2021"),
    (dt.date(2020, 2, 5), "Trà Vinh, ngày 05 tháng 02 năm 2020"),
    (dt.date(2019, 6, 21), "Trà Vinh, ngày 21 tháng 6 năm 2019"),
    (dt.date(2019, 3, 1), "Trà Vinh, ngày 01 tháng 3 năm 2019"),
    ((2021, 12), "Trà Vinh, ngày \u00a0\u00a0\u00a0\u00a0\u00a0 tháng 12 năm 2021"),
])
def test_date_line_padding_rule(ngay, expected):
    d = open_docx(make(ngay=ngay))
    p = d.tables[0].cell(1, 1).paragraphs[0]
    assert p.text == expected
    assert p.runs[0].italic and p.runs[0].font.size == Pt(13)
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_ky_hieu_given_overrides_table():
    d = open_docx(make(ky_hieu="BC-UBND"))
    assert d.tables[0].cell(1, 0).paragraphs[0].text == "Số: 564/BC-UBND"


def test_ten_loai_trich_yeu_and_line():
    vb = make()
    d = open_docx(vb)
    body = d.paragraphs
    title, summary, rule = body[0], body[1], body[2]
    assert title.text == "BÁO CÁO" and title.runs[0].bold and title.runs[0].font.size == Pt(14)
    assert summary.text.replace("\n", " ") == vb.trich_yeu and summary.runs[0].bold
    lines = [tw(line, 14, bold=True) for line in summary.text.split("\n")]
    assert len(lines) == 2 and max(lines) < TEXT_WIDTH
    assert min(lines) / max(lines) > 0.8  # balanced, not a full line and a stub
    assert summary.runs[0].font.size == Pt(14)
    assert title.alignment == summary.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert is_rule(rule)
    longest = longest_line(vb.trich_yeu, TEXT_WIDTH / 20, 14, bold=True) * 20
    assert longest / 3 <= rule_length(rule, TEXT_WIDTH) <= longest / 2


def test_kinh_gui_one_recipient_one_line():
    d = open_docx(make(kinh_gui="Sở Nội vụ tỉnh Trà Vinh;"))
    p = next(p for p in d.paragraphs if p.text.startswith("Kính gửi"))
    assert p.text == "Kính gửi: Sở Nội vụ tỉnh Trà Vinh"
    assert p.runs[0].font.size == Pt(14) and not p.runs[0].bold
    assert tw(p.text, 14) < TEXT_WIDTH


def test_kinh_gui_several_dash_list_aligned_under_colon():
    d = open_docx(make(kinh_gui=["Ủy ban nhân dân tỉnh", "Sở Nội vụ.", "Sở Tài chính;"]))
    i = texts(d).index("Kính gửi:")
    label, items = d.paragraphs[i], d.paragraphs[i + 1:i + 4]
    assert [p.text for p in items] == ["- Ủy ban nhân dân tỉnh;", "- Sở Nội vụ;", "- Sở Tài chính."]
    label_left = twips(label.paragraph_format.left_indent)
    colon_x = label_left + tw("Kính gửi", 14)
    for p in items:
        # first line starts (hanging) where the colon is; all items alike
        start = twips(p.paragraph_format.left_indent) + twips(p.paragraph_format.first_line_indent)
        assert abs(start - colon_x) <= 2
    assert len({twips(p.paragraph_format.left_indent) for p in items}) == 1


def test_cong_van_has_no_ten_loai_and_vv_under_so():
    vb = make(loai="cong_van", co_quan_chu_quan=None, co_quan="Ủy ban nhân dân tỉnh Trà Vinh",
              viet_tat_co_quan="UBND", don_vi_soan_thao="NC", so=732,
              trich_yeu="tiếp tục thực hiện mô hình “Chính quyền, công sở thân thiện và trách nhiệm”",
              kinh_gui=["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"])
    d = open_docx(vb)
    left = d.tables[0].cell(1, 0).paragraphs
    assert left[0].text == "Số: 732/UBND-NC"
    assert left[1].text.startswith("V/v tiếp tục thực hiện")
    assert left[1].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert left[1].runs[0].font.size == Pt(12)
    assert "CÔNG VĂN" not in texts(d) and "Công văn" not in texts(d)
    assert not any(p.text == vb.trich_yeu for p in d.paragraphs)  # not repeated as a title


def test_quyet_dinh_can_cu_punctuation_and_decision_line():
    vb = make(loai="quyet_dinh", kinh_gui=[], tham_quyen="Giám đốc Sở Xây dựng",
              trich_yeu="Về việc ban hành Quy chế văn hóa công sở",
              can_cu=["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.",
                      "Căn cứ Quyết định số 129/2007/QĐ-TTg ngày 02/8/2007",
                      "Theo đề nghị của Chánh Văn phòng Sở;"])
    d = open_docx(vb)
    t = texts(d)
    assert t[0] == "QUYẾT ĐỊNH" and "GIÁM ĐỐC SỞ XÂY DỰNG" in t
    cc = [p for p in d.paragraphs if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert [p.text[-1] for p in cc] == [";", ";", "."]
    assert all(r.italic for p in cc for r in p.runs)
    assert "QUYẾT ĐỊNH:" in t
    assert t.index("QUYẾT ĐỊNH:") > t.index(cc[-1].text)
    assert vb.ky_hieu_day_du == "QĐ-SXD"


def test_do_khan_boxed_under_so():
    d = open_docx(make(do_khan="khẩn"))
    p = d.tables[0].cell(1, 0).paragraphs[-1]
    assert p.text == "KHẨN" and p.runs[0].bold
    assert {e.tag.split("}")[1] for e in p._p.find("w:pPr/w:pBdr", NS)} == {"top", "left", "bottom", "right"}


def test_signer_kt_two_lines():
    d = open_docx(make(nguoi_ky=NguoiKy("Nguyễn Văn A", "Phó Giám đốc", quyen_han="KT", thay_mat="Giám đốc")))
    right = d.tables[-1].cell(0, 1).paragraphs
    assert [p.text for p in right if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]


def test_larger_quoc_hieu_still_fits_with_a_custom_layout():
    import dataclasses
    import io

    import docx

    layout = dataclasses.replace(LAYOUT, sizes=dataclasses.replace(LAYOUT.sizes, quoc_hieu=13, co_quan=13))
    d = docx.Document(io.BytesIO(make().to_bytes(layout)))
    t, grid, margin = header_cells(d)
    qh = t.cell(0, 1).paragraphs[0]
    assert qh.runs[0].font.size == Pt(13)
    assert tw(qh.text, 13, bold=True) < grid[1] - 2 * margin
    assert grid[0] / TEXT_WIDTH >= 0.35


def test_layout_that_cannot_fit_quoc_hieu_is_refused():
    import dataclasses

    from baocao import LayoutError

    narrow = dataclasses.replace(LAYOUT, page=dataclasses.replace(LAYOUT.page, width_mm=150))
    with pytest.raises(LayoutError, match="Quốc hiệu"):
        make().to_bytes(narrow)


@pytest.mark.parametrize(("name", "lines"), [
    ("Sở Lao động - Thương binh và Xã hội", ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]),
    ("Văn phòng Ủy ban nhân dân tỉnh Thừa Thiên Huế", ["VĂN PHÒNG", "ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ"]),
    ("Ủy ban nhân dân tỉnh Trà Vinh", ["ỦY BAN NHÂN DÂN", "TỈNH TRÀ VINH"]),
    ("Trung tâm Phục vụ hành chính công tỉnh Trà Vinh", ["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG", "TỈNH TRÀ VINH"]),
    ("Ban Quản lý các khu công nghiệp tỉnh Bà Rịa - Vũng Tàu",
     ["BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP", "TỈNH BÀ RỊA - VŨNG TÀU"]),
])
def test_agency_names_break_where_people_break_them(name, lines):
    """Balanced lines broke word pairs ("THƯƠNG / BINH", "NHÂN / DÂN", "BÀ / RỊA"): a line now starts at an
    administrative unit, "và", "của" … or after a comma when one fits, never at a dash between names."""
    d = open_docx(make(co_quan=name, co_quan_chu_quan=None))
    cell = d.tables[0].cell(0, 0)
    assert cell.paragraphs[0].text.split("\n") == lines
