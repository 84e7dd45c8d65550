"""``baocao.readers``: the .docx reader on its own — what Word would show, with the formatting
every paragraph and run really gets — on documents made by baocao and by python-docx."""

from __future__ import annotations

import io

import docx
import pytest
from conftest import make
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from baocao.errors import DataError
from baocao.layout import LAYOUT
from baocao.readers import DocxDocument, Paragraph, read_docx, segments, twips_to_mm


def saved(d: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def first(doc: DocxDocument, start: str) -> Paragraph:
    found = [p for p in doc.paragraphs if p.text.lstrip().startswith(start)]
    assert found, f"no paragraph starts with {start!r}"
    return found[0]


@pytest.fixture(scope="module")
def ours() -> DocxDocument:
    return read_docx(make().to_bytes())


def test_quoc_hieu_of_a_baocao_document(ours):
    qh = first(ours, LAYOUT.header.quoc_hieu)
    assert qh.text == LAYOUT.header.quoc_hieu
    assert qh.ppr.jc == "center"
    pieces = qh.pieces_in(0, len(qh.text))
    assert pieces and all(props.size == LAYOUT.sizes.quoc_hieu and props.bold and not props.italic
                          for _, props in pieces)
    assert {props.ascii for _, props in pieces} == {LAYOUT.sizes.font}  # from the document defaults
    assert qh.cell is not None and qh.cell.col == 1 and not qh.top  # the right column of the header table
    assert qh.width is not None and qh.width_of(0, len(qh.text)) < qh.width  # it fits its cell


def test_sections_and_margins_of_a_baocao_document(ours):
    s = ours.sections[0]
    assert s.first == 1 and not s.landscape and s.title_pg
    page = LAYOUT.page
    assert (round(twips_to_mm(s.width or 0)), round(twips_to_mm(s.height or 0))) == (page.width_mm, page.height_mm)
    assert {k: round(twips_to_mm(v or 0), 1) for k, v in s.margins.items() if k != "gutter"} == {
        "top": page.margin_top_mm, "bottom": page.margin_bottom_mm,
        "left": page.margin_left_mm, "right": page.margin_right_mm}
    assert s.text_width == s.width - s.margins["left"] - s.margins["right"]


def test_page_number_in_the_header_part(ours):
    s = ours.sections[0]
    default = ours.part_paragraphs(s.headers["default"])
    assert any("PAGE" in f for p in default for f in p.fields)
    assert all(p.n == 0 for p in default)
    assert ours.part_paragraphs("") == []


def test_paragraph_numbers_tables_and_body_text(ours):
    assert [p.n for p in ours.paragraphs] == list(range(1, len(ours.paragraphs) + 1))
    assert ours.tables and all(a <= b for a, b in ours.tables.values())
    kinh_gui = first(ours, "Kính gửi")
    assert kinh_gui.top and kinh_gui.cell is None
    noi_nhan = first(ours, "Nơi nhận:")
    props = noi_nhan.pieces_in(0, len("Nơi nhận:"))[0][1]
    assert props.bold and props.italic


def test_styles_lists_tabs_and_hidden_text():
    """Formatting from the Normal style, a bold character run, tabs as "\\t", hidden text left
    out, and Word's automatic list label in front of the text."""
    d = docx.Document()
    s = d.sections[0]
    s.page_width, s.page_height, s.left_margin, s.right_margin = Mm(210), Mm(297), Mm(30), Mm(15)
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.element.rPr.rFonts.set(qn("w:hAnsi"), "Times New Roman")
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Mm(12.7)
    p.add_run("Số: 05/BC-SXD").bold = True
    p.add_run("\t")
    hidden = p.add_run("ẩn")
    hidden.font.hidden = True
    p.add_run("Trà Vinh, ngày 05 tháng 02 năm 2020").italic = True
    d.add_paragraph("Một", style="List Number")
    d.add_paragraph("Hai", style="List Number")
    doc = read_docx(saved(d))
    para = doc.paragraphs[0]
    assert para.text == "Số: 05/BC-SXD\tTrà Vinh, ngày 05 tháng 02 năm 2020"
    assert para.ppr.jc == "both" and round(twips_to_mm(para.ppr.first), 1) == 12.7
    assert para.width is not None and abs(para.width - Mm(165) / 635) < 2  # the text column, in twips
    bold, italic = para.pieces_in(0, 13)[0][1], para.pieces_in(14, len(para.text))[0][1]
    assert (bold.size, bold.bold, bold.italic, bold.ascii) == (14.0, True, False, "Times New Roman")
    assert (italic.bold, italic.italic) == (False, True)
    assert [s.text for s in segments(para)] == ["Số: 05/BC-SXD", "Trà Vinh, ngày 05 tháng 02 năm 2020"]
    assert [(p.label, p.text) for p in doc.paragraphs[1:]] == [("1.", "1. Một"), ("2.", "2. Hai")]


@pytest.mark.parametrize("content, words", [
    (b"hello", "không phải tệp .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "tệp .doc cũ"),
])
def test_unreadable_input(tmp_path, content, words):
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    with pytest.raises(DataError, match=words):
        read_docx(path)
    with pytest.raises(DataError, match="không tìm thấy"):
        read_docx(tmp_path / "khong-co.docx")


def test_sources_path_bytes_and_file(tmp_path):
    data = make().to_bytes()
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    texts = [p.text for p in read_docx(data).paragraphs]
    assert [p.text for p in read_docx(path).paragraphs] == texts
    assert [p.text for p in read_docx(str(path)).paragraphs] == texts
    with path.open("rb") as f:
        doc = read_docx(f)
    assert [p.text for p in doc.paragraphs] == texts and doc.name == str(path)
    assert read_docx(data).name == "<bytes>"
