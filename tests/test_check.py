"""``baocao check``: our own outputs pass with no finding; documents broken on purpose (ours
edited with python-docx/lxml, and ones made from scratch the way a clerk does in Word) give
the right rule at the right paragraph; the command line prints, exits and speaks JSON."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from conftest import FORM_SAMPLES, W, make
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from typed_docs import clerk_document

import baocao
from baocao import LOAI_VAN_BAN, NguoiKy, Run
from baocao.check import RULES, Finding, check
from baocao.cli import main
from baocao.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


# ---------------------------------------------------------------------------- helpers
def png(width: int = 40, height: int = 20) -> bytes:
    """A small grey PNG, made by hand."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def filled(vb: baocao.VanBan, letters: int = 6) -> baocao.VanBan:
    """Every kind of body block: headings I. → 1. → a) (``letters`` of them), bullets, a table."""
    vb.paragraph(["Thực hiện ", Run("Kế hoạch số 37/KH-SXD", bold=True), " ngày 11/3/2020 của Sở Xây dựng về "
                  "việc triển khai mô hình “Chính quyền, công sở thân thiện” tại đơn vị."])
    vb.heading("Khái quát tình hình triển khai")
    vb.paragraph("Xác định tầm quan trọng của công tác cải cách hành chính, trong thời gian qua Ban Giám đốc Sở "
                 "đã quan tâm chỉ đạo các phòng, đơn vị trực thuộc triển khai thực hiện nghiêm túc.")
    vb.heading("Kết quả đạt được", 2)
    for i in range(letters):
        vb.heading(f"Nội dung thực hiện thứ {i + 1}", 3)
        vb.bullet("Thường xuyên rà soát, đánh giá thủ tục hành chính")
        vb.bullet("Công khai đường dây nóng", 2)
    vb.heading("Tồn tại, hạn chế", 2)
    vb.table([["STT", "Lĩnh vực", "Số TTHC"], ["1", "Nhà ở và công sở", 13], ["2", "Hoạt động xây dựng", 26]],
             caption="Thủ tục hành chính theo lĩnh vực")
    vb.heading("Phương hướng, nhiệm vụ")
    vb.paragraph("Trên đây là báo cáo tổng kết của Sở Xây dựng gửi Sở Nội vụ tổng hợp")
    return vb


def of_type(ma: str) -> baocao.VanBan:
    kind = LOAI_VAN_BAN[ma]
    extra: dict[str, object] = {}
    if not kind.co_ten_loai:
        extra = dict(co_quan_chu_quan=None, co_quan="Ủy ban nhân dân tỉnh Trà Vinh", viet_tat_co_quan="UBND",
                     don_vi_soan_thao="NC", trich_yeu="tiếp tục thực hiện mô hình “Chính quyền thân thiện”",
                     kinh_gui=["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"])
    elif kind.quyet_dinh:
        extra = dict(kinh_gui=[], tham_quyen="Giám đốc Sở Xây dựng", trich_yeu="Về việc ban hành Quy chế văn hóa",
                     can_cu=["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư",
                             "Theo đề nghị của Chánh Văn phòng Sở"])
    extra.update(FORM_SAMPLES.get(ma, {}))
    return filled(make(loai=ma, **extra))


def opened(vb: baocao.VanBan) -> docx.document.Document:
    return docx.Document(io.BytesIO(vb.to_bytes()))


def saved(d: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def all_paragraphs(d: docx.document.Document) -> list:
    """Every ``w:p`` of the body in document order, tables included (the checker's numbering)."""
    return list(d.element.body.iter(W + "p"))


def text(p) -> str:
    return DocxParagraph(p, None).text


def para(d: docx.document.Document, start: str):
    found = [p for p in all_paragraphs(d) if text(p).startswith(start)]
    assert found, f"no paragraph starts with {start!r}"
    return found[0]


def number(d: docx.document.Document, p) -> int:
    return all_paragraphs(d).index(p) + 1


def only(findings: list[Finding], rule: str) -> Finding:
    """The single finding of ``rule``; and nothing else was found."""
    assert [f.rule for f in findings] == [rule], "\n".join(map(str, findings))
    assert rule in RULES
    return findings[0]


def at(f: Finding, d: docx.document.Document, p) -> None:
    """``f`` points at paragraph ``p``: its number and the beginning of its text."""
    assert re.match(rf"đoạn {number(d, p)}[ :]", f.where), f.where
    assert text(p).replace("\n", " ")[:12] in f.where, f.where


def set_text(p, new: str) -> None:
    """Replace the text of a paragraph, keeping its first run's formatting."""
    runs = p.findall(W + "r")
    for r in runs[1:]:
        p.remove(r)
    r = runs[0]
    for child in list(r):
        if child.tag != W + "rPr":
            r.remove(child)
    t = r.makeelement(W + "t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    t.text = new
    r.append(t)


# ---------------------------------------------------------------------------- our outputs pass
@pytest.mark.parametrize("ma", sorted(LOAI_VAN_BAN))
def test_every_document_type_passes(ma):
    assert check(of_type(ma).to_bytes()) == []


def test_rich_document_passes():
    """Several Kính gửi recipients, blank number and day, KHẨN, KT. signer, a picture, a page
    break, a table wide enough for its own landscape pages, and two phụ lục (one landscape)."""
    vb = filled(make(kinh_gui=["Sở Nội vụ", "Sở Tài chính", "Ủy ban nhân dân tỉnh"], so=None, ngay=(2021, 2),
                     do_khan="khẩn", luu=["VT", "VP", "QHKT"], ky_hieu_soan_thao="PL.(05)",
                     nguoi_ky=NguoiKy("Nguyễn Văn A", "Phó Giám đốc", quyen_han="KT", thay_mat="Giám đốc")))
    vb.image(png(), caption="Sơ đồ quy trình")
    vb.page_break()
    vb.table([[f"Cột {i}" for i in range(14)], ["6.243.886.123"] * 14], ngang=None)  # too wide: landscape pages
    vb.paragraph("Đề nghị Sở Nội vụ tổng hợp")
    pl = vb.add_phu_luc("Danh mục thủ tục hành chính", ngang=True)
    pl.table([["STT", "Tên thủ tục"], ["1", "Cấp giấy phép xây dựng"]])
    pl.heading("Thủ tục mới")
    pl.paragraph("Gồm các thủ tục được công bố trong năm")
    vb.add_phu_luc("Bảng số liệu").paragraph("Số liệu tổng hợp đến ngày 15/12/2020")
    d = opened(vb)
    assert len(d.sections) >= 5  # the check really walked several sections
    assert check(vb.to_bytes()) == []


@pytest.mark.parametrize("scheme", ["muc_thap_phan", "phan_muc"])
def test_other_numbering_schemes_pass(scheme):
    vb = make(danh_so=scheme, ngay=dt.date(2021, 1, 5), so=5)
    for level in (1, 2, 3, 3, 4, 4, 2, 3, 1, 2):
        vb.heading(f"Đề mục cấp {level}", level)
        vb.paragraph("Nội dung của đề mục")
    assert check(vb.to_bytes()) == []


def test_chapters_and_articles_pass():
    vb = make(loai="quy_che", danh_so="chuong_dieu", kinh_gui=[])
    for level in (1, 2, 3, 4, 4, 3, 2, 1, 2, 3):
        vb.heading(f"Quy định cấp {level}", level)
    assert check(vb.to_bytes()) == []


def test_long_names_and_no_recipients_pass():
    vb = make(co_quan="Sở Lao động - Thương binh và Xã hội", co_quan_chu_quan="Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu",
              dia_danh="Bà Rịa - Vũng Tàu", ngay=dt.date(2021, 12, 25), noi_nhan=[], kinh_gui=[])
    vb.paragraph("Ghi chú căn giữa", align="center")
    vb.paragraph("Nội dung")
    assert check(vb.to_bytes()) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_examples_pass(folder):
    assert check(baocao.render(folder).to_bytes()) == []


def test_python_example_passes(tmp_path):
    out = tmp_path / "000.docx"
    run = subprocess.run([sys.executable, str(EXAMPLES / "build_with_python.py"), str(out)], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert check(out) == []


# ---------------------------------------------------------------------------- our outputs, broken
@pytest.fixture
def d() -> docx.document.Document:
    return opened(filled(make()))


def test_wrong_margin(d):
    d.sections[0].left_margin = Mm(20)
    f = only(check(saved(d)), "le-trang")
    assert f.where == "mục 1 (section)"
    assert "lề trái 20 mm" in f.message and "30–35 mm" in f.expected


def test_margins_within_rounding_and_turned_landscape_margins_pass():
    vb = filled(make())
    vb.add_phu_luc("Bảng", ngang=True).paragraph("Nội dung")
    d = opened(vb)
    d.sections[0].left_margin = Mm(35.3)  # 35 mm after rounding to twips in Word's dialog
    landscape = d.sections[-1]
    # Word turns the margins with the page: the left one goes to the top
    landscape.top_margin, landscape.bottom_margin = Mm(30), Mm(15)
    landscape.left_margin, landscape.right_margin = Mm(20), Mm(20)
    assert check(saved(d)) == []


def test_paper_not_a4(d):
    d.sections[0].page_width, d.sections[0].page_height = Mm(215.9), Mm(279.4)  # US Letter
    f = only(check(saved(d)), "kho-giay")
    assert "215,9 × 279,4 mm" in f.message and f.where == "mục 1 (section)"


def test_latin_f_after_e():
    d = opened(filled(make(), letters=6))  # a) b) c) d) đ) e)
    e = para(d, "e) ")
    f_item = copy.deepcopy(e)
    e.addnext(f_item)
    set_text(f_item, "f) Thực hiện các nhiệm vụ khác được giao")
    f = only(check(saved(d)), "diem-chu-cai")
    at(f, d, f_item)
    assert "“f)”" in f.message and "“g)”" in f.expected


def test_letter_out_of_order():
    d = opened(filled(make(), letters=6))
    dd = para(d, "đ) ")
    dd.getparent().remove(dd)  # d) is followed by e)
    f = only(check(saved(d)), "diem-thu-tu")
    at(f, d, para(d, "e) "))
    assert "“đ)”" in f.expected


@pytest.mark.parametrize("line, fixed", [("- BGD Sở;", "- BGD Sở"), ("- Như trên;", "- Như trên."),
                                         ("- Lưu: VT.", "- Lưu: VT"), ("- Lưu: VT.", "- Lưu: VT;")])
def test_noi_nhan_punctuation(d, line, fixed):
    p = para(d, line)
    set_text(p, fixed)
    f = only(check(saved(d)), "noi-nhan-dau-cau")
    at(f, d, p)
    assert ("dấu chấm “.”" if "Lưu" in line else "dấu chấm phẩy “;”") in f.message


def test_noi_nhan_label_and_missing_luu(d):
    label = para(d, "Nơi nhận:")
    label.find(f"{W}r/{W}rPr").remove(label.find(f"{W}r/{W}rPr/{W}i"))
    luu = para(d, "- Lưu:")
    luu.getparent().remove(luu)
    para(d, "- BGD Sở;")
    set_text(para(d, "- BGD Sở;"), "- BGD Sở.")
    found = check(saved(d))
    assert [f.rule for f in found] == ["noi-nhan-dinh-dang", "noi-nhan-luu"]
    at(found[0], d, label)
    assert "không in nghiêng" in found[0].message
    at(found[1], d, para(d, "- BGD Sở."))


def header_cells(d):
    t = d.tables[0]
    return t, t._tbl.tblGrid.findall(qn("w:gridCol"))


def test_quoc_hieu_in_a_cell_too_narrow(d):
    t, grid = header_cells(d)
    left, right = int(grid[0].get(qn("w:w"))), int(grid[1].get(qn("w:w")))
    narrow = mm_twips(80)  # 88 mm of bold 12 pt text cannot fit in 80 mm less the cell margins
    grid[0].set(qn("w:w"), str(left + right - narrow))
    grid[1].set(qn("w:w"), str(narrow))
    for row in t.rows:
        row.cells[0].width, row.cells[1].width = Mm((left + right - narrow) / 56.7), Mm(narrow / 56.7)
    # (the rule under the agency, a border between fixed indents, grows with the widened column)
    f = only(check(saved(d), ignore=["gach-duoi-co-quan"]), "quoc-hieu-mot-dong")
    at(f, d, para(d, "CỘNG HÒA"))
    assert "xuống dòng" in f.message


def mm_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def test_quoc_hieu_with_a_line_break(d):
    qh = para(d, "CỘNG HÒA")
    set_text(qh, "CỘNG HÒA XÃ HỘI ")
    r = qh.find(W + "r")
    r.append(r.makeelement(W + "br", {}))
    t = r.makeelement(W + "t", {})
    t.text = "CHỦ NGHĨA VIỆT NAM"
    r.append(t)
    f = only(check(saved(d)), "quoc-hieu-mot-dong")
    at(f, d, qh)


def test_quoc_hieu_not_bold(d):
    qh = para(d, "CỘNG HÒA")
    rpr = qh.find(f"{W}r/{W}rPr")
    for tag in ("b", "bCs"):
        rpr.remove(rpr.find(W + tag))
    f = only(check(saved(d)), "quoc-hieu-dinh-dang")
    at(f, d, qh)
    assert "không in đậm" in f.message


@pytest.mark.parametrize("date, problem", [
    ("ngày 5 tháng 3 năm 2021", "ngày “5”"),
    ("ngày 15 tháng 1 năm 2021", "tháng “1” phải viết “01”"),
    ("ngày 15 tháng 03 năm 2021", "tháng “03” phải viết “3”"),
    ("ngày 30 tháng 02 năm 2021", "không có thật"),
    ("ngày 05 tháng 01 năm 2021", None),
    ("ngày      tháng 12 năm 2021", None),
    ("ngày \u00a0\u00a0\u00a0 tháng 02 năm 2021", None),
])
def test_date_padding(d, date, problem):
    p = para(d, "Trà Vinh, ngày")
    set_text(p, f"Trà Vinh, {date}")
    found = check(saved(d))
    if problem is None:
        assert found == []
    else:
        f = only(found, "dia-danh-ngay")
        at(f, d, p)
        assert problem in f.message


@pytest.mark.parametrize("so, problem", [("Số: 5/BC-SXD", "dưới 10 phải viết 05"),
                                         ("Số: 05 /BC-SXD", "dấu cách trước"),
                                         ("Số: 05/BC - SXD", "ký hiệu có dấu cách"),
                                         ("Số 05/BC-SXD", "thiếu dấu “:”"),
                                         ("Số: 05/Bc-SXD", "“BC”"),
                                         ("Số: ....../BC-SXD", None), ("Số:      /BC-SXD", None)])
def test_so_ky_hieu(d, so, problem):
    p = para(d, "Số: ")
    set_text(p, so)
    found = check(saved(d))
    if problem is None:
        assert found == []
    else:
        f = only(found, "so-ky-hieu")
        at(f, d, p)
        assert problem in f.message


def test_ky_hieu_of_another_type(d):
    p = para(d, "Số: ")
    set_text(p, "Số: 564/KH-SXD")
    f = only(check(saved(d)), "ky-hieu-loai")
    at(f, d, p)
    assert "BC-" in f.expected


def test_ten_loai_lower_case_and_not_bold(d):
    p = para(d, "BÁO CÁO")
    set_text(p, "Báo cáo")
    rpr = p.find(f"{W}r/{W}rPr")
    rpr.remove(rpr.find(W + "b"))
    found = check(saved(d))
    assert [f.rule for f in found] == ["ten-loai", "ten-loai-dinh-dang"]
    at(found[0], d, p)
    assert "không in đậm" in found[1].message


def test_missing_end_mark(d):
    p = [p for p in all_paragraphs(d) if text(p).endswith("./.")][-1]
    set_text(p, text(p)[:-3] + ".")
    f = only(check(saved(d)), "dau-ket-thuc")
    at(f, d, p)


def test_page_number_on_the_first_page(d):
    title_pg = d.sections[0]._sectPr.find(qn("w:titlePg"))
    title_pg.getparent().remove(title_pg)
    f = only(check(saved(d)), "so-trang-trang-dau")
    assert "trang đầu" in f.message


def page_field(p) -> None:
    """Append a PAGE field to a python-docx paragraph."""
    for kind, instr in (("begin", None), (None, " PAGE "), ("end", None)):
        r = p.add_run()._r
        el = r.makeelement(qn("w:fldChar") if kind else qn("w:instrText"),
                           {qn("w:fldCharType"): kind} if kind else {})
        el.text = instr
        r.append(el)


def test_page_number_in_the_footer(d):
    header = d.sections[0].header.paragraphs[0]._p
    for r in header.findall(W + "r"):
        header.remove(r)
    page_field(d.sections[0].footer.paragraphs[0])
    f = only(check(saved(d)), "so-trang")
    assert "chân trang" in f.message and f.severity == "lỗi"


def test_long_document_without_page_numbers_is_a_warning():
    d = clerk_document()
    last = para(d, "Trên đây")
    for _ in range(40):
        last.addprevious(copy.deepcopy(para(d, "Thực hiện Kế hoạch")))
    found = [f for f in check(saved(d)) if f.rule.startswith("so-trang")]
    assert [(f.rule, f.severity) for f in found] == [("so-trang", "cảnh báo")]
    assert "nhiều trang" in found[0].message


def test_landscape_first_page_is_a_warning(d):
    s = d.sections[0]
    s.orientation, s.page_width, s.page_height = 1, s.page_height, s.page_width
    # (the line under the trích yếu, a border between indents set for portrait, grows with the page)
    f = only(check(saved(d), ignore=["gach-duoi-trich-yeu"]), "huong-giay")
    assert f.severity == "cảnh báo" and f.where == "mục 1 (section)"


def test_page_number_not_centred(d):
    d.sections[0].header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    f = only(check(saved(d)), "so-trang-dinh-dang")
    assert "không căn giữa" in f.message and f.where == "đầu trang (header)"


def test_body_font_arial(d):
    p = para(d, "Xác định tầm quan trọng")
    for r in DocxParagraph(p, None).runs:
        r.font.name = "Arial"
    f = only(check(saved(d)), "phong-chu")
    at(f, d, p)
    assert "Arial" in f.message


def test_default_font_arial_is_one_finding(d):
    fonts = d.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    for attr in ("ascii", "hAnsi"):
        fonts.set(qn(f"w:{attr}"), "Arial")
    found = check(saved(d))
    assert [f.rule for f in found] == ["so-trang-dinh-dang", "phong-chu"]  # the page number, then the text
    assert "phông Arial" in found[0].message
    assert found[1].where.startswith("đoạn 1 (bảng 1): “UBND TỈNH") and "đoạn khác" in found[1].message


@pytest.mark.parametrize("change, rule", [
    (lambda p: setattr(p, "alignment", WD_ALIGN_PARAGRAPH.LEFT), "than-van-can-deu"),
    (lambda p: setattr(p.paragraph_format, "first_line_indent", Mm(5)), "than-van-thut-dau-dong"),
    (lambda p: setattr(p.paragraph_format, "space_before", Pt(0)), "than-van-khoang-cach"),
    (lambda p: setattr(p.paragraph_format, "line_spacing", 2.0), "than-van-gian-dong"),
    (lambda p: [setattr(r.font, "size", Pt(12)) for r in p.runs], "than-van-co-chu"),
])
def test_body_paragraph_format(d, change, rule):
    p = para(d, "Xác định tầm quan trọng")
    change(DocxParagraph(p, None))
    f = only(check(saved(d)), rule)
    at(f, d, p)


def test_signature_without_noi_nhan_is_a_warning(tmp_path, capsys, d):
    label = para(d, "Nơi nhận:")
    cell = label.getparent()
    for p in cell.findall(W + "p")[1:]:
        cell.remove(p)
    set_text(label, "")
    f = only(check(io.BytesIO(saved(d))), "noi-nhan")
    assert f.severity == "cảnh báo"
    at(f, d, para(d, "GIÁM ĐỐC"))
    path = tmp_path / "thieu.docx"
    path.write_bytes(saved(d))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: 0 lỗi, 1 cảnh báo" and out[1].startswith("  [noi-nhan] [cảnh báo] đoạn ")


def test_heading_skipped(d):
    p = para(d, "II. ")
    set_text(p, "III. Phương hướng, nhiệm vụ")
    f = only(check(saved(d)), "de-muc-thu-tu")
    at(f, d, p)
    assert "“II.”" in f.expected


# ---------------------------------------------------------------------------- made by hand in Word
def test_clerk_document_with_a_tab_separated_header():
    d = clerk_document()
    found = check(saved(d))
    rules = [f.rule for f in found]
    assert rules == ["le-trang", "tieu-ngu", "so-ky-hieu", "dia-danh-ngay", "diem-chu-cai", "de-muc-thu-tu",
                     "than-van-can-deu", "dau-ket-thuc", "noi-nhan-dinh-dang", "noi-nhan-dau-cau",
                     "noi-nhan-dau-cau"], "\n".join(map(str, found))
    assert set(rules) <= set(RULES)
    by_rule = {f.rule: f for f in found}
    assert "lề trái 25 mm" in by_rule["le-trang"].message
    assert by_rule["tieu-ngu"].where == "đoạn 2: “Độc lập – Tự do – Hạnh phúc”"  # the part after the tab
    assert "“Độc lập – Tự do – Hạnh phúc”" in by_rule["tieu-ngu"].message
    assert by_rule["so-ky-hieu"].where == "đoạn 3: “Số: 5/BC-SXD”"
    assert by_rule["dia-danh-ngay"].where == "đoạn 3: “Trà Vinh, ngày 5 tháng 3 năm 2021”"
    at(by_rule["diem-chu-cai"], d, para(d, "f) "))
    at(by_rule["de-muc-thu-tu"], d, para(d, "3. "))
    at(by_rule["than-van-can-deu"], d, para(d, "Trong quý"))
    at(by_rule["dau-ket-thuc"], d, para(d, "Trên đây"))
    assert "không in nghiêng" in by_rule["noi-nhan-dinh-dang"].message
    punct = [f for f in found if f.rule == "noi-nhan-dau-cau"]
    at(punct[0], d, para(d, "- Như trên,"))
    at(punct[1], d, para(d, "- Lưu: VT"))


def test_clerk_quoc_hieu_pushed_past_the_margin_by_its_tab_stop():
    d = clerk_document()
    first = DocxParagraph(all_paragraphs(d)[0], None)
    first.paragraph_format.tab_stops[1].position = Mm(135)  # centred at 135 mm: ends at 179 mm > 170 mm
    found = [f for f in check(saved(d)) if f.rule.startswith("quoc-hieu")]
    assert [f.rule for f in found] == ["quoc-hieu-mot-dong"]
    assert found[0].where.startswith("đoạn 1: “CỘNG HÒA")


@pytest.mark.parametrize("right_mm, wraps", [(105, False), (97, True)])
def test_clerk_header_table_quoc_hieu_measured_in_its_cell(right_mm, wraps):
    # 13 pt bold Quốc hiệu is 95,7 mm; the cell loses 2 × 0,19 cm of Word's default cell margins
    found = [f for f in check(saved(clerk_document(header_table=True, right_mm=right_mm)))
             if f.rule.startswith(("quoc-hieu", "co-quan"))]
    assert [f.rule for f in found] == (["quoc-hieu-mot-dong"] if wraps else [])


def test_clerk_without_fonts_set_uses_the_theme_font():
    d = docx.Document()  # python-docx's template: the theme's body font (Cambria), 11 pt, US Letter
    d.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    found = check(saved(d))
    fonts = [f for f in found if f.rule == "phong-chu"]
    assert len(fonts) == 1 and "Cambria" in fonts[0].message
    assert {"kho-giay", "quoc-hieu-dinh-dang", "tieu-ngu", "so-ky-hieu", "co-quan"} <= {f.rule for f in found}


def test_word_list_numbering_with_latin_letters():
    """Word's automatic "a), b), c) …" list is Latin: its 5th item is "e)" where "đ)" is due."""
    d = clerk_document()
    numbering = d.part.numbering_part.element
    abstract = numbering.makeelement(qn("w:abstractNum"), {qn("w:abstractNumId"): "90"})
    lvl = abstract.makeelement(qn("w:lvl"), {qn("w:ilvl"): "0"})
    for tag, val in (("w:start", "1"), ("w:numFmt", "lowerLetter"), ("w:lvlText", "%1)")):
        lvl.append(lvl.makeelement(qn(tag), {qn("w:val"): val}))
    abstract.append(lvl)
    numbering.insert(0, abstract)
    num = numbering.makeelement(qn("w:num"), {qn("w:numId"): "90"})
    num.append(num.makeelement(qn("w:abstractNumId"), {qn("w:val"): "90"}))
    numbering.append(num)
    items = [p for p in all_paragraphs(d) if text(p)[:3] in ("a) ", "b) ", "c) ", "d) ", "đ) ", "e) ", "f) ")]
    for p in items:  # the typed letters go; Word numbers the items
        set_text(p, text(p)[3:])
        DocxParagraph(p, None).paragraph_format.element.get_or_add_pPr().get_or_add_numPr() \
            .get_or_add_numId().val = 90
    found = [f for f in check(saved(d)) if f.rule.startswith("diem")]
    assert [f.rule for f in found] == ["diem-thu-tu", "diem-chu-cai"]  # g) after a Latin letter: no cascade
    assert found[0].where == f"đoạn {number(d, items[4])}: “e) Khen thưởng.”"  # Word's "e)" after "d)"
    assert "“đ)”" in found[0].expected
    assert "“f)”" in found[1].message and "“g)”" in found[1].expected


# ---------------------------------------------------------------------------- unreadable input
@pytest.mark.parametrize("content, words", [
    (b"hello", "không phải tệp .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "tệp .doc cũ"),
    (None, "không phải tệp .docx"),  # a zip that is not a Word document
])
def test_unreadable_input_is_a_data_error(tmp_path, content, words):
    path = tmp_path / "x.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", "a")
    else:
        path.write_bytes(content)
    with pytest.raises(DataError, match=words) as err:
        check(path)
    assert str(path) in str(err.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DataError, match="không tìm thấy"):
        check(tmp_path / "khong-co.docx")
    with pytest.raises(DataError, match="thư mục"):
        check(tmp_path)


# ---------------------------------------------------------------------------- command line
def test_cli_reports_each_file_and_exit_codes(tmp_path, capsys, d):
    good = tmp_path / "dung.docx"
    good.write_bytes(filled(make()).to_bytes())
    d.sections[0].left_margin = Mm(20)
    bad = tmp_path / "sai.docx"
    bad.write_bytes(saved(d))
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a docx")
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: 0 lỗi\n"
    assert main(["check", str(broken), str(bad), str(good)]) == 2  # a file it cannot read: 2, the others checked
    out, err = capsys.readouterr()
    assert f"{broken}" in err and "không phải tệp .docx" in err and "Traceback" not in err
    assert out.splitlines() == [f"{bad}: 1 lỗi", "  [le-trang] mục 1 (section) — lề trái 20 mm (cần: lề trái 30–35 mm)",
                                f"{good}: 0 lỗi"]


def test_cli_json(tmp_path, capsys, d):
    set_text(para(d, "- BGD Sở;"), "- BGD Sở")
    bad = tmp_path / "sai.docx"
    bad.write_bytes(saved(d))
    assert main(["check", "--json", str(bad), str(tmp_path / "khong-co.docx")]) == 2
    rows = json.loads(capsys.readouterr().out)
    assert [(r["file"], r["rule"]) for r in rows] == [(str(bad), "noi-nhan-dau-cau"),
                                                      (str(tmp_path / "khong-co.docx"), "tep-docx")]
    assert set(rows[0]) == {"file", "rule", "message", "where", "expected", "severity"}
    assert rows[0]["where"] == f"đoạn {number(d, para(d, '- BGD Sở'))} (bảng 3): “- BGD Sở”"
    assert main(["check", "--json", str(tmp_path / "khong-co.docx")]) == 2


def test_cli_usage():
    with pytest.raises(SystemExit) as exit_:
        main(["check"])
    assert exit_.value.code == 2


def test_a_sentence_of_the_body_that_starts_like_the_closing_is_not_the_closing():
    vb = make()
    vb.heading("Thủ tục")
    vb.paragraph("Nơi nhận: Bộ phận Một cửa của Sở.")
    vb.paragraph("KT. GIÁM ĐỐC")
    vb.heading("Kết quả")
    vb.paragraph("Đã giải quyết 100 hồ sơ")
    with __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("ignore")
        data = vb.to_bytes()
    assert check(data) == []
    from baocao.check.document import Document
    from baocao.readers import read_docx

    doc = Document(read_docx(data))
    assert doc.closing.label is not None and doc.closing.label.para.cell is not None
    assert [e[3] for e in doc.closing.entries][0] == "- Như trên;"
