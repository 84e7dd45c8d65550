"""Documents typed by hand in Word, the way clerks type them, built with python-docx: for the
checker (their layout mistakes are on purpose) and for ``baocao mau`` (their words must come back)."""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


def _page(d: docx.document.Document, left_mm: float = 30) -> None:
    """A4, the margins, Normal in Times New Roman 14: what a clerk sets first."""
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(left_mm), Mm(15)
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.element.rPr.rFonts.set(qn("w:hAnsi"), "Times New Roman")


def clerk_document(*, header_table: bool = False, right_mm: float = 95) -> docx.document.Document:
    """A report the way a clerk types it: Normal style set to Times New Roman 14, a header
    of tab-separated lines (or a borderless two-column table), a tab between "Nơi nhận:" and
    the signature — with mistakes on purpose (see the test)."""
    d = docx.Document()
    _page(d, left_mm=25)
    normal = d.styles["Normal"]
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


# ---------------------------------------------------------------------------- more typed documents
def _add(p, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False):
    r = p.add_run(text)
    r.bold, r.italic = bold, italic
    if size:
        r.font.size = Pt(size)
    return r


def _para(d, text: str = "", *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold: bool = False, italic: bool = False,
          indent: bool = True, size: float | None = None):
    p = d.add_paragraph()
    p.alignment = align
    if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
        p.paragraph_format.first_line_indent = Mm(10)
    if text:
        _add(p, text, bold=bold, italic=italic, size=size)
    return p


def _header_table(d, left: list[tuple[str, bool]], so: list[str], date: str) -> None:
    """The header in a borderless two-column table, as most offices type it."""
    t = d.add_table(rows=2, cols=2)
    for r, cells in enumerate(((left, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
                                       ("Độc lập - Tự do - Hạnh phúc", True)]),
                               ([(x, False) for x in so], [(date, False)]))):
        for c, lines in enumerate(cells):
            cell = t.cell(r, c)
            for k, (text, bold) in enumerate(lines):
                p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _add(p, text, size=13 if c == 1 or r == 0 else 12, bold=bold, italic=(r == 1 and c == 1))


def _closing_table(d, entries: list[str], signature: list[str], name: str, *, signed: bool = True) -> None:
    t = d.add_table(rows=1, cols=2)
    left, right = t.cell(0, 0), t.cell(0, 1)
    _add(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    for e in entries:
        _add(left.add_paragraph(), e, size=11)
    for k, line in enumerate([*signature, "", "(Đã ký)" if signed else "", "", name]):
        p = right.paragraphs[0] if k == 0 else right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add(p, line, bold=line.isupper() or line == name, italic=line.startswith("("))


def typed_cong_van(picture: bytes) -> docx.document.Document:
    """A công văn typed in Word: header and signature in borderless tables, a V/v line under the
    số, Kính gửi with a list, bold and italic words, bullets, a bordered table with STT and
    Tổng cộng rows, a picture with its caption under it."""
    d = docx.Document()
    _page(d)
    _header_table(d, [("UBND TỈNH TRÀ VINH", False), ("SỞ XÂY DỰNG", True)],
                  ["Số: 215/SXD-VP", "V/v báo cáo kết quả giải quyết hồ sơ quý III năm 2023"],
                  "Trà Vinh, ngày 02 tháng 10 năm 2023")
    p = _para(d, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add(p, "Kính gửi:")
    for line in ("- Văn phòng Ủy ban nhân dân tỉnh;", "- Sở Nội vụ tỉnh Trà Vinh."):
        _para(d, line, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = _para(d)
    _add(p, "Thực hiện Công văn số 1234/UBND-NC ngày 15/9/2023 của Ủy ban nhân dân tỉnh, Sở Xây dựng ")
    _add(p, "báo cáo", bold=True)
    _add(p, " kết quả giải quyết hồ sơ thủ tục hành chính quý III năm 2023 ")
    _add(p, "(số liệu tính đến ngày 30/9/2023)", italic=True)
    _add(p, " như sau:")
    _para(d, "Trong quý, Sở tiếp nhận 1.245 hồ sơ, đã giải quyết 1.198 hồ sơ, đạt tỷ lệ 96,22% đúng hạn. "
             "Kết quả theo từng phòng chuyên môn như sau:")
    _para(d, "Bảng 1. Kết quả giải quyết hồ sơ theo phòng", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    rows = [("STT", "Phòng", "Số hồ sơ", "Đúng hạn", "Tỷ lệ (%)"),
            ("1", "Phòng Quản lý xây dựng", "645", "620", "96,12"),
            ("2", "Phòng Quy hoạch kiến trúc", "412", "398", "96,60"),
            ("3", "Thanh tra Sở", "141", "135", "95,74"),
            ("", "Tổng cộng", "1.198", "1.153", "96,24")]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            p = t.cell(r, c).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 or c == 0 else (
                WD_ALIGN_PARAGRAPH.RIGHT if c > 1 else WD_ALIGN_PARAGRAPH.LEFT)
            _add(p, text, size=12, bold=r == 0 or r == len(rows) - 1)
    _para(d, "Những việc cần làm trong quý IV:")
    for line in ("- Rà soát các hồ sơ còn tồn đọng;", "+ ưu tiên hồ sơ cấp phép xây dựng;",
                 "- Niêm yết công khai thủ tục hành chính mới."):
        _para(d, line)
    p = _para(d, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.add_run().add_picture(io.BytesIO(picture), width=Mm(60))
    _para(d, "Hình 1. Quy trình tiếp nhận hồ sơ tại Bộ phận một cửa", align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    _para(d, "Sở Xây dựng kính báo cáo Văn phòng Ủy ban nhân dân tỉnh, Sở Nội vụ tổng hợp./.")
    _closing_table(d, ["- Như trên;", "- Giám đốc Sở (để b/c);", "- Lưu: VT, VP."],
                   ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Nguyễn Văn Hùng")
    return d


def typed_quyet_dinh() -> docx.document.Document:
    """A quyết định typed with tab stops: thẩm quyền, căn cứ, "QUYẾT ĐỊNH:", articles with
    khoản and điểm, and the Nơi nhận beside the signature on tab-aligned lines."""
    d = docx.Document()
    _page(d)
    for left, right, bold_left in (("UBND TỈNH HÀ NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
                                   ("SỞ XÂY DỰNG", "Độc lập - Tự do - Hạnh phúc", True),
                                   ("Số: 88/QĐ-SXD", "Hà Nam, ngày 12 tháng 5 năm 2022", False)):
        p = d.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Mm(35), WD_TAB_ALIGNMENT.CENTER)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(118), WD_TAB_ALIGNMENT.CENTER)
        _add(p, "\t" + left, size=13, bold=bold_left)
        _add(p, "\t" + right, size=13, bold=not right.startswith("Hà Nam"), italic=right.startswith("Hà Nam"))
    _para(d, "QUYẾT ĐỊNH", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(d, "Về việc thành lập Tổ công tác cải cách hành chính năm 2022", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(d, "GIÁM ĐỐC SỞ XÂY DỰNG", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(d, "Căn cứ Quyết định số 15/2016/QĐ-UBND ngày 10/6/2016 của Ủy ban nhân dân tỉnh Hà Nam quy định "
             "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Xây dựng;", italic=True)
    _para(d, "Theo đề nghị của Chánh Văn phòng Sở.", italic=True)
    _para(d, "QUYẾT ĐỊNH:", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    p = _para(d)
    _add(p, "Điều 1. ", bold=True)
    _add(p, "Thành lập Tổ công tác cải cách hành chính năm 2022 của Sở Xây dựng, gồm các ông, bà có tên sau:")
    _para(d, "1. Ông Nguyễn Văn An, Phó Giám đốc Sở, Tổ trưởng;")
    _para(d, "2. Bà Trần Thị Bình, Chánh Văn phòng Sở, Tổ phó;")
    _para(d, "3. Ông Lê Văn Cường, Chuyên viên Văn phòng Sở, thành viên.")
    p = _para(d)
    _add(p, "Điều 2. ", bold=True)
    _add(p, "Tổ công tác có nhiệm vụ:")
    _para(d, "a) Tham mưu kế hoạch cải cách hành chính năm 2022;")
    _para(d, "b) Theo dõi, đôn đốc các phòng, đơn vị thực hiện kế hoạch.")
    p = _para(d)
    _add(p, "Điều 3. ", bold=True)
    _add(p, "Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các ông, bà có tên tại Điều 1 chịu "
            "trách nhiệm thi hành Quyết định này./.")
    for left, right in (("Nơi nhận:", "KT. GIÁM ĐỐC"), ("- Như Điều 3;", "PHÓ GIÁM ĐỐC"), ("- Lưu: VT, VP.", ""),
                        ("", ""), ("", ""), ("", "Nguyễn Văn An")):
        p = d.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Mm(118), WD_TAB_ALIGNMENT.CENTER)
        if left:
            _add(p, left, size=12 if left == "Nơi nhận:" else 11, bold=left == "Nơi nhận:", italic=left == "Nơi nhận:")
        if right:
            _add(p, "\t" + right, bold=True)
    return d


def typed_report(body, *, so: str = "Số: 12/BC-PNV", date: str = "Càng Long, ngày 05 tháng 3 năm 2024",
                 closing=None) -> docx.document.Document:
    """A short report typed in Word, its body written by ``body(d)`` and its closing block by
    ``closing(d)`` (default: Nơi nhận and one signer in a borderless table)."""
    d = docx.Document()
    _page(d)
    _header_table(d, [("UBND HUYỆN CÀNG LONG", False), ("PHÒNG NỘI VỤ", True)], [so], date)
    _para(d, "BÁO CÁO", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(d, "Kết quả công tác năm 2023", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    body(d)
    if closing is None:
        _closing_table(d, ["- Như trên;", "- Lưu: VT."], ["TRƯỞNG PHÒNG"], "Nguyễn Văn An", signed=False)
    else:
        closing(d)
    return d


def grid_table(d, rows: list[list[str]], *, bold_rows: tuple[int, ...] = (0,), align=None):
    """A "Table Grid" table typed cell by cell (Word's default left alignment unless ``align``)."""
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            p = t.cell(r, c).paragraphs[0]
            if align is not None:
                p.alignment = align
            _add(p, text, bold=r in bold_rows)
    return t


def typed_tables_report() -> docx.document.Document:
    """A report with tables typed in Word: a total of left-aligned figures, words pandas would
    read as missing ("N/A", "None"), a bold figure row right under a centred header."""
    def body(d):
        _para(d, "Số liệu như sau:")
        grid_table(d, [["STT", "Tên", "Số lượng"], ["1", "Đơn vị 1", "1.000"], ["2", "Đơn vị 2", "2.000"],
                       ["", "Tổng cộng", "3.000"]], bold_rows=(0, 3))
        _para(d, "Ghi chú:")
        grid_table(d, [["STT", "Đơn vị", "Ghi chú"], ["1", "Xã A", "N/A"], ["2", "Xã B", "None"]])
        grid_table(d, [["Huyện", "Số hộ"], ["Toàn tỉnh", "600"], ["Càng Long", "200"], ["Cầu Kè", "400"]],
                   bold_rows=(0, 1), align=WD_ALIGN_PARAGRAPH.CENTER)
    return typed_report(body)


def typed_rows_closing_report() -> docx.document.Document:
    """A legal-style number with its year (15/2024/BC-PNV) and a closing block typed as rows of a
    borderless table: label and title, recipients, then the signer's name."""
    def closing(d):
        t = d.add_table(rows=3, cols=2)
        _add(t.cell(0, 0).paragraphs[0], "Nơi nhận:", bold=True, italic=True)
        _add(t.cell(1, 0).paragraphs[0], "- UBND huyện;")
        _add(t.cell(1, 0).add_paragraph(), "- Lưu: VT.")
        for r, text in ((0, "TRƯỞNG PHÒNG"), (2, "Trần Văn Bảy")):
            t.cell(r, 1).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add(t.cell(r, 1).paragraphs[0], text, bold=True)
    return typed_report(lambda d: _para(d, "Nội dung."), so="Số: 15/2024/BC-PNV", closing=closing)
