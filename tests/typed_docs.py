"""Documents typed by hand in Word, the way clerks type them, built with python-docx: for the
checker (their layout mistakes are on purpose) and for ``baocao mau`` (their words must come back)."""

from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


def clerk_document(*, header_table: bool = False, right_mm: float = 95) -> docx.document.Document:
    """A report the way a clerk types it: Normal style set to Times New Roman 14, a header
    of tab-separated lines (or a borderless two-column table), a tab between "Nơi nhận:" and
    the signature — with mistakes on purpose (see the test)."""
    d = docx.Document()
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(25), Mm(15)
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.element.rPr.rFonts.set(qn("w:hAnsi"), "Times New Roman")
    normal.paragraph_format.space_before, normal.paragraph_format.space_after = Pt(6), Pt(0)
    normal.paragraph_format.line_spacing = 1.15

    def run(p, text, size=None, bold=False, italic=False):
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        if size:
            r.font.size = Pt(size)
        return r

    def line_under(p, text, size):
        """A line drawn the way Word's Shapes › Line does (VML), 0.42 of the text's width."""
        from lxml import etree

        from baocao.metrics import text_width

        length = 0.42 * text_width(text, size, bold=True)
        pict = etree.fromstring(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            f'<v:line from="0,0" to="{length:.1f}pt,0" strokeweight="1pt"/></w:pict></w:r>')
        p._p.append(pict)

    rows = [(("UBND TỈNH TRÀ VINH", 13, False, False), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, False)),
            (("SỞ XÂY DỰNG", 13, True, False), ("Độc lập – Tự do – Hạnh phúc", 13, True, False)),
            (("Số: 5/BC-SXD", 13, False, False), ("Trà Vinh, ngày 5 tháng 3 năm 2021", 13, False, True))]
    if header_table:
        t = d.add_table(rows=3, cols=2)
        t.autofit = False
        widths = [Mm(165 - right_mm), Mm(right_mm)]
        for r, row in enumerate(rows):
            for c, (words, size, bold, italic) in enumerate(row):
                cell = t.cell(r, c)
                cell.width = widths[c]
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_before = Pt(0)
                run(p, words, size, bold, italic)
                if words == "SỞ XÂY DỰNG":
                    line_under(p, words, size)
        for col, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(round(w / 635)))
    else:
        for left, right in rows:
            p = d.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(Mm(35), WD_TAB_ALIGNMENT.CENTER)
            p.paragraph_format.tab_stops.add_tab_stop(Mm(120), WD_TAB_ALIGNMENT.CENTER)
            p.paragraph_format.space_before = Pt(0)
            run(p, "\t" + left[0], *left[1:])
            if left[0] == "SỞ XÂY DỰNG":
                line_under(p, left[0], left[1])
            run(p, "\t" + right[0], *right[1:])
    for words in ("BÁO CÁO", "Kết quả thực hiện cải cách hành chính quý I năm 2021"):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(p, words, bold=True)
    line_under(p, words, 14)
    d.add_paragraph("Kính gửi: Sở Nội vụ tỉnh Trà Vinh").alignment = WD_ALIGN_PARAGRAPH.CENTER

    def body(words, indent=True, bold=False):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            p.paragraph_format.first_line_indent = Mm(12.7)
        run(p, words, bold=bold)
        return p

    body("Thực hiện Kế hoạch số 37/KH-SXD ngày 11/3/2020 của Sở Xây dựng về việc triển khai thực hiện mô "
         "hình, Sở Xây dựng báo cáo kết quả như sau:")
    body("I. KẾT QUẢ THỰC HIỆN", indent=False, bold=True)  # flush left, as many do: not a finding
    body("1. Công tác chỉ đạo", bold=True)
    for item in ("a) Ban hành kế hoạch.", "b) Kiểm tra.", "c) Tuyên truyền.", "d) Đào tạo.", "đ) Khen thưởng.",
                 "e) Sơ kết.", "f) Thực hiện các nhiệm vụ khác được giao."):
        body(item)
    body("3. Công tác kiểm tra", bold=True)
    p = body("Trong quý, Sở đã kiểm tra 05 đơn vị trực thuộc và chấn chỉnh kịp thời những tồn tại, hạn chế "
             "trong việc giải quyết thủ tục hành chính.")
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    body("II. PHƯƠNG HƯỚNG", indent=False, bold=True)
    body("Trên đây là báo cáo kết quả thực hiện của Sở Xây dựng.")
    p = d.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Mm(120), WD_TAB_ALIGNMENT.CENTER)
    run(p, "Nơi nhận:", 12, bold=True)
    run(p, "\tGIÁM ĐỐC", bold=True)
    for words in ("- Như trên,", "- BGD Sở;", "- Lưu: VT"):
        p = d.add_paragraph()
        p.paragraph_format.space_before = Pt(0)
        run(p, words, 11)
    for _ in range(3):
        d.add_paragraph()
    p = d.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Mm(120), WD_TAB_ALIGNMENT.CENTER)
    run(p, "\tLê Minh Tân", bold=True)
    return d
