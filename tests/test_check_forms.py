"""``baocao check`` knows the forms of Phụ lục III (Mẫu 1.1, 1.2, 1.6, 1.8, 1.9, 1.10) and the copy
block of a bản sao (Mẫu 3.1): our own outputs pass, and each form broken on purpose (its .docx
edited with python-docx) is reported by the right rule, at the right place."""

from __future__ import annotations

import copy
import unicodedata

import docx
import pytest
from conftest import FORM_SAMPLES, W, make
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from test_check import all_paragraphs, at, of_type, only, opened, para, saved, set_text

from baocao import LOAI_VAN_BAN
from baocao.check import CANH_BAO, LOI, REGISTRY, RULES, check
from baocao.check.document import Document
from baocao.readers import read_docx

FORMS = ["bien_ban", "cong_dien", "giay_gioi_thieu", "giay_nghi_phep", "nghi_quyet", "quyet_dinh"]
NEW_RULES = {"dong-quyet": ("§3", LOI), "giay-gioi-thieu": ("§6", LOI), "giay-nghi-phep": ("§6", LOI),
             "bien-ban-noi-dung": ("§6", CANH_BAO), "cong-dien": ("§6", LOI), "ban-sao": ("§6", LOI),
             "bien-ban-chu-ky": ("§4", LOI)}


# ---------------------------------------------------------------------------- helpers
def form(ma: str) -> docx.document.Document:
    """Our document of type ``ma`` (with every kind of body block), opened with python-docx."""
    return opened(of_type(ma))


def short(ma: str) -> docx.document.Document:
    """Our document of type ``ma`` with one short paragraph of text: the whole form fits the
    first paragraphs, where the header block is looked for."""
    vb = make(loai=ma, **FORM_SAMPLES.get(ma, {}))
    vb.paragraph("Nội dung ngắn.")
    return opened(vb)


def remove(p) -> None:
    p.getparent().remove(p)


def cell_of(p):
    tc = p.getparent()
    assert tc.tag == W + "tc", "not in a table cell"
    return tc


def clear_cell(p) -> None:
    """Empty the table cell ``p`` is in (one empty paragraph is left, as Word needs)."""
    for q in cell_of(p).findall(W + "p"):
        if q.findall(W + "r"):
            set_text(q, "")


def unbold(p) -> None:
    for b in p.iter(W + "b"):
        b.getparent().remove(b)


def kinds(findings) -> list[str]:
    return [f.rule for f in findings]


def parts(data: bytes) -> Document:
    return Document(read_docx(data))


def border_top(p) -> None:
    """A line over the paragraph (a top border), as wide as the text."""
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        top.set(qn(k), v)
    bdr.append(top)
    ppr.append(bdr)


def centred(cell, words: str, size: float, *, bold: bool = False, italic: bool = False, first: bool = False):
    """A centred line in a table cell (its first paragraph, or a new one)."""
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if words:
        run = p.add_run(words)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    return p


# ---------------------------------------------------------------------------- the registry
def test_the_rules_of_the_forms_are_registered():
    for rule_id, (section, severity) in NEW_RULES.items():
        assert rule_id in RULES, rule_id
        assert REGISTRY[rule_id].sections == (section,) and REGISTRY[rule_id].severity == severity


# ---------------------------------------------------------------------------- our outputs pass
@pytest.mark.parametrize("ma", FORMS)
def test_our_forms_pass(ma):
    assert check(saved(form(ma))) == []


@pytest.mark.parametrize("ma", sorted(FORM_SAMPLES))
def test_our_short_forms_pass(ma):
    """The whole form within the first lines: a biên bản's "Cuộc họp kết thúc vào 11 giờ 30, ngày 29
    tháng 12 năm 2020./." is not taken for the place and date line it has none of."""
    data = saved(short(ma))
    assert check(data) == []
    if ma == "bien_ban":
        assert parts(data).header.date is None


# ---------------------------------------------------------------------------- Mẫu 1.9 biên bản
def test_bien_ban_has_no_date_line_but_others_need_one():
    d = form("bao_cao")
    set_text(para(d, "Trà Vinh, ngày"), "")
    assert kinds(check(saved(d))) == ["dia-danh-ngay"]
    d = form("bien_ban")  # the tên loại gone: the ký hiệu BB still says it is a biên bản
    remove(para(d, "BIÊN BẢN"))
    found = kinds(check(saved(d)))
    assert "ten-loai" in found and "dia-danh-ngay" not in found


@pytest.mark.parametrize("label, who", [("THƯ KÝ", "thư ký"), ("CHỦ TỌA", "chủ tọa")])
def test_bien_ban_signature_missing(label, who):
    d = form("bien_ban")
    clear_cell(para(d, label))
    f = only(check(saved(d)), "bien-ban-chu-ky")
    assert f.message == f"biên bản thiếu chữ ký của {who} (“{label}”)" and f.severity == LOI


def test_bien_ban_signature_without_a_name():
    d = form("bien_ban")
    cell = cell_of(para(d, "CHỦ TỌA"))
    set_text(cell.findall(W + "p")[-1], "")  # "Lê Minh Tân"
    f = only(check(saved(d)), "bien-ban-chu-ky")
    at(f, d, para(d, "CHỦ TỌA"))
    assert "không có họ tên người ký ở dưới" in f.message


def test_bien_ban_signatures_swapped():
    d = form("bien_ban")
    thu_ky, chu_toa = para(d, "THƯ KÝ"), para(d, "CHỦ TỌA")
    set_text(thu_ky, "CHỦ TỌA")
    set_text(chu_toa, "THƯ KÝ")
    f = only(check(saved(d)), "bien-ban-chu-ky")
    assert f.message == "chữ ký “THƯ KÝ” ở bên phải, “CHỦ TỌA” ở bên trái"


def test_bien_ban_signatures_one_under_the_other():
    """The CHỦ TỌA cell's paragraphs moved under THƯ KÝ's: no longer side by side."""
    d = form("bien_ban")
    left, right = cell_of(para(d, "THƯ KÝ")), cell_of(para(d, "CHỦ TỌA"))
    for q in right.findall(W + "p"):
        left.append(q)
    right.append(OxmlElement("w:p"))
    f = only(check(saved(d)), "bien-ban-chu-ky")
    assert f.message == "chữ ký “THƯ KÝ” và “CHỦ TỌA” không đặt ngang nhau"


def test_bien_ban_signatures_typed_with_tabs():
    """A clerk's biên bản: the two signatures as tab-separated lines under the text, not a table."""
    d = form("bien_ban")
    for label in ("THƯ KÝ", "CHỦ TỌA"):
        clear_cell(para(d, label))
    end = para(d, "Cuộc họp kết thúc vào")
    lines = [("\tTHƯ KÝ\tCHỦ TỌA", True), *[("", False)] * 3, ("\tTrần Thị Bình\tLê Minh Tân", True)]
    for words, bold in reversed(lines):
        p = d.add_paragraph()
        for at_mm in (40, 125):
            p.paragraph_format.tab_stops.add_tab_stop(Mm(at_mm), WD_TAB_ALIGNMENT.CENTER)
        if words:
            p.add_run(words).font.bold = bold
        end.addnext(p._p)
    data = saved(d)
    assert check(data) == []
    doc = parts(data)
    assert doc.closing.signature is not None and doc.closing.signature.text == "\tTHƯ KÝ\tCHỦ TỌA"
    names = para(d, "\tTrần Thị Bình")
    set_text(names, "\t\tLê Minh Tân")
    f = only(check(saved(d)), "bien-ban-chu-ky")
    assert f.message == "chữ ký “THƯ KÝ”: không có họ tên người ký ở dưới"
    set_text(names, "\tTrần Thị Bình\tLê Minh Tân")
    set_text(para(d, "\tTHƯ KÝ"), "\tCHỦ TỌA\tTHƯ KÝ")
    assert only(check(saved(d)), "bien-ban-chu-ky").message == "chữ ký “THƯ KÝ” ở bên phải, “CHỦ TỌA” ở bên trái"


def test_bien_ban_signatures_in_rows_as_the_model_draws_them():
    """Mẫu 1.9 as a table of rows: titles, "(Chữ ký)", names; a name left as "Họ và tên" is none."""
    d = form("bien_ban")
    for label in ("THƯ KÝ", "CHỦ TỌA"):
        clear_cell(para(d, label))
    table = d.add_table(rows=3, cols=3)
    rows = [("THƯ KÝ", "CHỦ TỌA", True), ("(Chữ ký)", "(Chữ ký, dấu)", False), ("Trần Thị Bình", "Lê Minh Tân", True)]
    for r, (left, right, bold) in enumerate(rows):
        for c, words in ((0, left), (2, right)):
            centred(table.cell(r, c), words, 14, bold=bold, first=True)
    para(d, "Cuộc họp kết thúc vào").addnext(table._tbl)
    assert check(saved(d)) == []
    set_text(para(d, "Trần Thị Bình"), "Họ và tên")
    f = only(check(saved(d)), "bien-ban-chu-ky")
    assert f.message == "chữ ký “THƯ KÝ”: không có họ tên người ký ở dưới"


@pytest.mark.parametrize("spelling", ["CHỦ TOẠ", unicodedata.normalize("NFD", "CHỦ TỌA")])
def test_bien_ban_chu_toa_either_spelling(spelling):
    d = form("bien_ban")
    set_text(para(d, "CHỦ TỌA"), spelling)
    set_text(para(d, "Chủ trì (chủ tọa)"), unicodedata.normalize("NFD", "Chủ trì (chủ toạ): Lê Minh Tân"))
    assert check(saved(d)) == []


def test_bien_ban_fixed_lines_missing():
    d = form("bien_ban")
    remove(para(d, "Địa điểm:"))
    remove(para(d, "Thư ký (người ghi biên bản)"))
    set_text(para(d, "Cuộc họp kết thúc vào"), "Cuộc họp kết thúc./.")
    f = only(check(saved(d)), "bien-ban-noi-dung")
    assert f.severity == CANH_BAO
    assert f.message == ("biên bản thiếu dòng “Địa điểm: …”, “Thư ký (người ghi biên bản): …”, "
                         "“… kết thúc vào … giờ …, ngày …”")
    at(f, d, para(d, "Thành phần tham dự"))  # where “Địa điểm: …” belongs


def test_bien_ban_end_line_missing_is_reported_at_the_end():
    d = form("bien_ban")
    set_text(para(d, "Cuộc họp kết thúc vào"), "Trên đây là nội dung cuộc họp./.")
    f = only(check(saved(d)), "bien-ban-noi-dung")
    at(f, d, para(d, "Trên đây là nội dung cuộc họp"))
    assert "kết thúc vào" in f.message


# ---------------------------------------------------------------------------- Mẫu 1.8 giấy giới thiệu
def test_giay_gioi_thieu_without_its_validity_line():
    d = form("giay_gioi_thieu")
    set_text(para(d, "Giấy này có giá trị"), "Trân trọng./.")
    f = only(check(saved(d)), "giay-gioi-thieu")
    assert f.severity == LOI
    assert f.message == "giấy giới thiệu không có dòng “Giấy này có giá trị đến hết ngày …”"
    at(f, d, para(d, "Trân trọng./."))


def test_giay_gioi_thieu_lines_missing_are_a_warning():
    d = form("giay_gioi_thieu")
    remove(para(d, "Chức vụ:"))
    remove(para(d, "Được cử đến:"))
    f = only(check(saved(d)), "giay-gioi-thieu")
    assert f.severity == CANH_BAO
    assert f.message == "giấy giới thiệu thiếu dòng “Chức vụ: …”, “Được cử đến: …”"
    at(f, d, para(d, "Về việc:"))  # where “Chức vụ: …” belongs, after “Ông (bà) …”


@pytest.mark.parametrize("line", ["Bà Nguyễn Thị An", "Ông: Nguyễn Văn An", "ông (bà) Nguyễn Văn An"])
def test_giay_gioi_thieu_any_danh_xung(line):
    d = form("giay_gioi_thieu")
    set_text(para(d, "Ông (bà)"), line)
    assert check(saved(d)) == []
    set_text(para(d, line), "Người được giới thiệu: Nguyễn Văn An")
    assert "“Ông (bà) …”" in only(check(saved(d)), "giay-gioi-thieu").message


# ---------------------------------------------------------------------------- Mẫu 1.10 giấy nghỉ phép
def test_giay_nghi_phep_without_the_leave():
    d = form("giay_nghi_phep")
    remove(para(d, "Được nghỉ phép"))
    f = only(check(saved(d)), "giay-nghi-phep")
    assert f.severity == LOI and "không có dòng “Được nghỉ phép trong thời gian" in f.message
    at(f, d, para(d, "Ông: Nguyễn Văn An"))  # after “… cấp cho:”


def test_giay_nghi_phep_leave_without_its_end():
    d = form("giay_nghi_phep")
    p = para(d, "Được nghỉ phép")
    set_text(p, "Được nghỉ phép trong thời gian 05 ngày kể từ ngày 04/01/2021.")
    f = only(check(saved(d)), "giay-nghi-phep")
    at(f, d, p)
    assert f.message == "dòng “Được nghỉ phép …” thiếu “đến hết ngày …”, “tại …” (nơi nghỉ phép)"


def test_giay_nghi_phep_other_lines_missing():
    d = form("giay_nghi_phep")
    set_text(para(d, "Xét Đơn đề nghị"), "Sở Xây dựng cấp cho:")  # "… cấp cho:" kept, on its own line
    set_text(para(d, "Số ngày nghỉ phép"), "Trân trọng./.")
    f = only(check(saved(d)), "giay-nghi-phep")
    assert f.severity == CANH_BAO
    assert f.message == ("giấy nghỉ phép thiếu dòng “Xét Đơn đề nghị nghỉ phép …”, "
                         "“Số ngày nghỉ phép nêu trên được tính vào thời gian …”")
    at(f, d, para(d, "Sở Xây dựng cấp cho"))


def test_giay_nghi_phep_signature_found_above_the_confirmation_block():
    """The "Xác nhận của …" block under the signature (Mẫu 1.10) is not taken for it: the signer's
    name is checked."""
    d = form("giay_nghi_phep")
    assert parts(saved(d)).closing.signature.text == "GIÁM ĐỐC"
    set_text(para(d, "Lê Minh Tân"), "TS. Lê Minh Tân")
    f = only(check(saved(d)), "chu-ky-ho-ten")
    at(f, d, para(d, "TS. Lê Minh Tân"))


# ---------------------------------------------------------------------------- Mẫu 1.6 công điện
def test_cong_dien_offices_are_not_body_paragraphs():
    d = form("cong_dien")
    doc = parts(saved(d))
    assert doc.cong_dien is not None and doc.cong_dien.line.text == "GIÁM ĐỐC SỞ XÂY DỰNG điện:"
    offices = [p.text for p in doc.cong_dien.offices]
    assert offices == ["- Ủy ban nhân dân các huyện, thị xã, thành phố;", "- Các Ban Quản lý dự án."]
    assert not {p.text for p in doc.body} & {*offices, doc.cong_dien.line.text}
    assert next(p for p in doc.body if p.text.strip()).text.startswith("Thực hiện Kế hoạch")


def test_cong_dien_without_its_line():
    d = form("cong_dien")
    for start in ("GIÁM ĐỐC SỞ XÂY DỰNG điện:", "- Ủy ban nhân dân", "- Các Ban Quản lý"):
        remove(para(d, start))
    f = only(check(saved(d)), "cong-dien")
    assert f.message == "công điện không có dòng “… điện:”"
    at(f, d, para(d, "Thực hiện Kế hoạch"))


def test_cong_dien_without_offices():
    d = form("cong_dien")
    for start in ("- Ủy ban nhân dân", "- Các Ban Quản lý"):
        remove(para(d, start))
    f = only(check(saved(d)), "cong-dien")
    assert f.message == "sau dòng “… điện:” không có nơi nhận điện"
    at(f, d, para(d, "GIÁM ĐỐC SỞ XÂY DỰNG điện:"))


def test_cong_dien_offices_in_a_table_as_the_model_draws_them():
    """Mẫu 1.6 sets the offices in the right column of a borderless table."""
    d = form("cong_dien")
    line = para(d, "GIÁM ĐỐC SỞ XÂY DỰNG điện:")
    for start in ("- Ủy ban nhân dân", "- Các Ban Quản lý"):
        remove(para(d, start))
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 1).paragraphs[0].add_run("- Ủy ban nhân dân các huyện;")
    table.cell(0, 1).add_paragraph("- Các Ban Quản lý dự án.")
    line.addnext(table._tbl)
    doc = parts(saved(d))
    assert doc.cong_dien is not None
    assert [p.text for p in doc.cong_dien.offices] == ["- Ủy ban nhân dân các huyện;", "- Các Ban Quản lý dự án."]
    assert check(saved(d), select="cong-dien,than-van") == []


# ---------------------------------------------------------------------------- Mẫu 1.1, 1.2: QUYẾT NGHỊ:, QUYẾT ĐỊNH:
def test_nghi_quyet_with_quyet_dinh_line():
    d = form("nghi_quyet")
    p = para(d, "QUYẾT NGHỊ:")
    set_text(p, "QUYẾT ĐỊNH:")
    f = only(check(saved(d)), "dong-quyet")
    at(f, d, p)
    assert f.message == "dòng “QUYẾT NGHỊ:”: viết “QUYẾT ĐỊNH:” thay vì “QUYẾT NGHỊ:”"


def test_nghi_quyet_without_quyet_nghi():
    d = form("nghi_quyet")
    remove(para(d, "QUYẾT NGHỊ:"))
    f = only(check(saved(d)), "dong-quyet")
    assert f.message == "không thấy dòng “QUYẾT NGHỊ:” trước các điều"
    at(f, d, para(d, "Điều 1."))
    assert "Mẫu 1.1" in f.expected


def test_quyet_dinh_line_not_bold_not_centred_lower_case():
    d = form("quyet_dinh")
    p = para(d, "QUYẾT ĐỊNH:")
    unbold(p)
    DocxParagraph(p, None).alignment = WD_ALIGN_PARAGRAPH.LEFT
    set_text(p, "Quyết định:")
    f = only(check(saved(d)), "dong-quyet")
    at(f, d, p)
    assert f.message == "dòng “QUYẾT ĐỊNH:”: chưa viết in hoa; không in đậm; không căn giữa"


@pytest.mark.parametrize("line, problem", [("QUYẾT ĐỊNH", "thiếu dấu “:” ở cuối"),
                                           ("QUYẾT ĐỊNH :", "có dấu cách trước “:”")])
def test_quyet_dinh_line_colon(line, problem):
    d = form("quyet_dinh")
    set_text(para(d, "QUYẾT ĐỊNH:"), line)
    assert only(check(saved(d)), "dong-quyet").message == f"dòng “QUYẾT ĐỊNH:”: {problem}"


def test_quyet_dinh_line_after_the_first_article():
    d = form("quyet_dinh")
    p = para(d, "QUYẾT ĐỊNH:")
    para(d, "Điều 1.").addnext(p)
    f = only(check(saved(d)), "dong-quyet")
    assert f.message == "dòng “QUYẾT ĐỊNH:”: đứng sau “Điều 1.”"


# ---------------------------------------------------------------------------- ký hiệu and tên loại
@pytest.mark.parametrize("ma", ["bien_ban", "cong_dien", "giay_gioi_thieu", "giay_nghi_phep", "nghi_quyet"])
def test_ky_hieu_of_the_form(ma):
    d = form(ma)
    so = para(d, "Số: 564/")
    set_text(so, "Số: 564/BC-SXD")
    f = only(check(saved(d)), "ky-hieu-loai")
    kind = LOAI_VAN_BAN[ma]
    assert f.message == f"tên loại là {kind.ten.lower()} nhưng ký hiệu bắt đầu bằng “BC”"
    assert f"“{kind.viet_tat}-…”" in f.expected


# ---------------------------------------------------------------------------- Mẫu 3.1 bản sao
def with_copy(d: docx.document.Document, *, hinh_thuc: str = "SAO Y", so: str = "Số: 05/SY-VP",
              agency: str = "VĂN PHÒNG SỞ XÂY DỰNG", date: str | None = "Trà Vinh, ngày 05 tháng 01 năm 2021",
              size: float = 14, bold: bool = True, line: bool = True, signature: bool = True) -> bytes:
    """``d`` with a copy block appended by hand, as Mẫu 3.1 draws it: a line across the page, the
    copier's agency and số | the form of copy and the date, then Nơi nhận | the copier's signature."""
    rule = d.add_paragraph()
    if line:
        border_top(rule)
    head = d.add_table(rows=1, cols=2)
    left, right = head.cell(0, 0), head.cell(0, 1)
    centred(left, agency, 12, bold=True, first=True)
    centred(left, so, 13)
    centred(right, hinh_thuc, size, bold=bold, first=True)
    if date is not None:
        centred(right, date, 14, italic=True)
    foot = d.add_table(rows=1, cols=2)
    left, right = foot.cell(0, 0), foot.cell(0, 1)
    label = left.paragraphs[0]
    run = label.add_run("Nơi nhận:")
    run.font.size, run.font.bold, run.font.italic = Pt(12), True, True
    for entry in ("- Phòng Kế hoạch;", "- Lưu: VT."):
        left.add_paragraph().add_run(entry).font.size = Pt(11)
    if signature:
        centred(right, "TL. GIÁM ĐỐC", 14, bold=True, first=True)
        centred(right, "CHÁNH VĂN PHÒNG", 14, bold=True)
        for _ in range(3):
            centred(right, "", 14)
        centred(right, "Trần Văn Bình", 14, bold=True)
    d.add_paragraph()
    return saved(d)


@pytest.mark.parametrize("hinh_thuc, abbr", [("SAO Y", "SY"), ("TRÍCH SAO", "TrS"), ("SAO LỤC", "SL")])
def test_copy_block_passes_and_the_original_is_still_found(hinh_thuc, abbr):
    d = form("bao_cao")
    before = len(all_paragraphs(d))
    data = with_copy(d, hinh_thuc=hinh_thuc, so=f"Số: 05/{abbr}-VP")
    assert check(data) == []
    doc = parts(data)
    copy = doc.ban_sao
    assert copy is not None and copy.start == before + 1 and copy.line is not None
    assert copy.hinh_thuc is not None and copy.hinh_thuc.text == hinh_thuc
    assert copy.so is not None and copy.so.text == f"Số: 05/{abbr}-VP"
    assert copy.date is not None and [s.text for s in copy.agency] == ["VĂN PHÒNG SỞ XÂY DỰNG"]
    assert copy.label is not None and copy.signature is not None and copy.signature.text == "TL. GIÁM ĐỐC"
    closing = doc.closing  # the copied document's, not the copier's
    assert closing.label is not None and closing.label.para.n < copy.start
    assert [e[3] for e in closing.entries] == ["- Như trên;", "- BGD Sở;", "- Lưu: VT."]
    assert closing.signature is not None and closing.signature.text == "GIÁM ĐỐC"
    assert all(p.n < copy.start for p in doc.body)
    assert doc.body[-1].text.startswith("Trên đây là báo cáo")


@pytest.mark.parametrize("ma", ["bien_ban", "giay_nghi_phep", "cong_dien"])
def test_copy_of_a_form_passes(ma):
    """A short biên bản has no date line: the copy's date is not taken for it."""
    data = with_copy(short(ma))
    assert check(data) == []
    assert parts(data).header.date is None or ma != "bien_ban"


def test_no_copy_block_in_a_plain_document():
    """Not even when the text speaks of copies: a table of "SAO Y", "TRÍCH SAO", "SAO LỤC" counts."""
    assert parts(saved(form("bao_cao"))).ban_sao is None
    d = form("bao_cao")
    table = d.add_table(rows=3, cols=2)
    for row, (words, count) in enumerate([("SAO Y", "12"), ("TRÍCH SAO", "3"), ("SAO LỤC", "1")]):
        table.cell(row, 0).paragraphs[0].add_run(words)
        table.cell(row, 1).paragraphs[0].add_run(count)
    para(d, "Xác định tầm quan trọng").addnext(table._tbl)
    doc = parts(saved(d))
    assert doc.ban_sao is None and doc.closing.signature is not None


@pytest.mark.parametrize("change, message", [
    (dict(hinh_thuc="Sao y"), "bản sao: hình thức sao “Sao y” chưa viết in hoa"),
    (dict(bold=False), "bản sao: hình thức sao không in đậm"),
    (dict(size=12), "bản sao: hình thức sao cỡ chữ 12 pt"),
    (dict(hinh_thuc="SAO Y BẢN CHÍNH"),
     "bản sao: hình thức sao viết “SAO Y BẢN CHÍNH”: hình thức sao là “SAO Y”, “TRÍCH SAO” hoặc “SAO LỤC”"),
    (dict(so="Số: 05/TrS-VP"), "bản sao: ký hiệu “TrS” không khớp hình thức “SAO Y” (cần “SY”)"),
    (dict(hinh_thuc="TRÍCH SAO", so="Số: 05/TRS-VP"), "bản sao: viết “TRS” thay vì “TrS”"),
    (dict(so="Số: 05/VP"), "bản sao: ký hiệu “VP” không khớp hình thức “SAO Y” (cần “SY”)"),
    (dict(date=None), "bản sao: không có địa danh, ngày tháng sao"),
    (dict(signature=False), "bản sao: không thấy chữ ký của người sao (quyền hạn, chức vụ, họ tên)"),
    (dict(agency="Văn phòng Sở Xây dựng"), "bản sao: tên cơ quan sao chưa viết in hoa"),
    (dict(agency=""), "bản sao: không có tên cơ quan sao văn bản"),
])
def test_copy_block_broken(change, message):
    f = only(check(with_copy(form("bao_cao"), **change)), "ban-sao")
    assert f.message == message and f.severity == LOI


def test_copy_block_without_its_line_is_a_warning():
    d = form("bao_cao")
    data = with_copy(d, line=False)
    f = only(check(data), "ban-sao")
    assert f.severity == CANH_BAO and "đường kẻ liền" in f.message


def test_copy_block_found_by_its_number_alone():
    """Without its form of copy the block is still found (by "Số: 05/SY-VP") and reported."""
    data = with_copy(form("bao_cao"), hinh_thuc="")
    f = only(check(data), "ban-sao")
    assert f.message == "bản sao: không có hình thức sao"
    assert parts(data).closing.signature.text == "GIÁM ĐỐC"


# ---------------------------------------------------------------------------- Mẫu 1.3 and 2.2: no số, no date
def _issued_with() -> bytes:
    vb = make(loai="quy_che", kinh_gui=[], noi_nhan=[], nguoi_ky=None, so=None, ngay=None,
              trich_yeu="Làm việc của Sở Xây dựng", kem_theo={"so": 120, "ngay": "01/4/2021"})
    vb.heading("Phạm vi điều chỉnh")
    vb.paragraph("Quy chế này quy định về chế độ làm việc của Sở Xây dựng.")
    return vb.to_bytes()


def test_text_issued_with_a_quyet_dinh_passes():
    """Mẫu 1.3: no số and no date line in the header; the line is under "(Kèm theo …)"."""
    data = _issued_with()
    assert check(data) == []
    assert Document(read_docx(data)).title.kem_theo is not None


def test_text_issued_with_a_quyet_dinh_without_its_line_is_reported():
    d = opened_bytes(_issued_with())
    kem_theo = next(p for p in d.paragraphs if p.text.startswith("(Kèm theo"))
    rule = kem_theo._p.getnext()  # the bordered paragraph under it
    rule.getparent().remove(rule)
    assert "gach-duoi-trich-yeu" in [f.rule for f in check(saved(d))]


def test_a_document_without_the_kem_theo_line_still_needs_its_number():
    d = opened_bytes(_issued_with())
    kem_theo = next(p for p in d.paragraphs if p.text.startswith("(Kèm theo"))
    kem_theo._p.getparent().remove(kem_theo._p)
    rules = [f.rule for f in check(saved(d))]
    assert "so-ky-hieu" in rules and "dia-danh-ngay" in rules


def test_appendix_in_a_file_of_its_own_passes():
    vb = make(dien_tu=True)
    vb.paragraph("Nội dung")
    vb.add_phu_luc("Danh mục thủ tục").paragraph("Thủ tục cấp giấy phép xây dựng")
    data = vb.phu_luc_bytes(1)
    assert check(data) == []
    assert Document(read_docx(data)).phu_luc_rieng
    # a document that starts with a paragraph but is no appendix still needs its header block
    plain = docx.Document()
    plain.add_paragraph("Báo cáo tình hình")
    assert {"quoc-hieu", "so-ky-hieu", "co-quan"} <= {f.rule for f in check(saved(plain))}


def opened_bytes(data: bytes) -> docx.document.Document:
    import io

    return docx.Document(io.BytesIO(data))


# ---------------------------------------------------------------------------- second review: what forms hold
@pytest.mark.parametrize(("line", "words"), [
    ("Giấy này có giá trị đến hết ngày ………/.", "chưa ghi ngày"),
    ("Giấy này có giá trị đến hết ngày 31/13/2024./.", "không có thật"),
    ("Giấy này có giá trị đến hết ngày 01/12/2020./.", "trước ngày cấp giấy 29/12/2020"),
])
def test_giay_gioi_thieu_validity_date_is_read(line, words):
    d = short("giay_gioi_thieu")
    set_text(para(d, "Giấy này có giá trị"), line)
    found = [f for f in check(saved(d)) if f.rule == "giay-gioi-thieu"]
    assert len(found) == 1 and words in found[0].message


@pytest.mark.parametrize(("line", "words"), [
    ("Được nghỉ phép trong thời gian …… kể từ ngày …… đến hết ngày …… tại …….", "chưa ghi ngày"),
    ("Được nghỉ phép trong thời gian 05 ngày kể từ ngày 08/01/2021 đến hết ngày 04/01/2021 tại Đà Lạt.",
     "trước ngày bắt đầu 08/01/2021"),
])
def test_giay_nghi_phep_dates_are_read(line, words):
    d = short("giay_nghi_phep")
    set_text(para(d, "Được nghỉ phép"), line)
    found = [f for f in check(saved(d)) if f.rule == "giay-nghi-phep"]
    assert len(found) == 1 and words in found[0].message


def test_hand_typed_giay_gioi_thieu_with_underscore_lines():
    """Typed from the decree's own Word file: lines drawn with "____" under the agency and the title,
    and the centred "… trân trọng giới thiệu:" — neither an agency line nor a trích yếu."""
    d = short("giay_gioi_thieu")
    title = next(p for p in d.paragraphs if p.text == "GIẤY GIỚI THIỆU")
    drawn = title._p.getnext()  # the bordered empty paragraph: a typed line instead
    drawn.getparent().replace(drawn, copy.deepcopy(title._p))
    set_text(title._p.getnext(), "_______________")
    cell = d.tables[0].cell(0, 0)
    line = next(p for p in cell.paragraphs if not p.text.strip())  # the drawn line under the agency
    typed = copy.deepcopy(cell.paragraphs[0]._p)
    line._p.getparent().replace(line._p, typed)
    set_text(typed, "__________")
    assert [p.text for p in cell.paragraphs][1:3] == ["SỞ XÂY DỰNG", "__________"]
    rules = {f.rule for f in check(saved(d))}
    assert not rules & {"co-quan", "trich-yeu-dinh-dang", "giay-gioi-thieu", "ten-loai"}, rules


def test_a_biên_bản_that_is_no_meeting_is_not_asked_for_thu_ky():
    d = short("bien_ban")
    closing = d.tables[-1]
    set_text(closing.cell(0, 0).paragraphs[0]._p, "ĐẠI DIỆN BÊN GIAO")
    set_text(closing.cell(0, 1).paragraphs[0]._p, "ĐẠI DIỆN BÊN NHẬN")
    for p in list(d.paragraphs):
        if p.text.startswith(("Thời gian bắt đầu", "Chủ trì", "Thư ký", "Cuộc họp kết thúc")):
            remove(p._p)
    rules = {f.rule for f in check(saved(d))}
    assert "bien-ban-chu-ky" not in rules and "bien-ban-noi-dung" not in rules
    d = short("bien_ban")  # a meeting's biên bản whose THƯ KÝ is spelt "THƯ KÍ" is still one
    set_text(d.tables[-1].cell(0, 0).paragraphs[0]._p, "THƯ KÍ")
    assert "bien-ban-chu-ky" not in {f.rule for f in check(saved(d))}
