"""LibreOffice round trip: every document type converts to PDF with the expected
pages, a one-line Quốc hiệu, page numbers from page 2 on, and its text intact."""

from __future__ import annotations

import re

import pytest
from conftest import SOFFICE, make, needs_office, pdf_pages, pdf_text, pdf_words, run_ok

from baocao import NguoiKy

pytestmark = needs_office

LOREM = ("Ban Giám đốc Sở chú trọng đẩy mạnh cải cách thủ tục hành chính, rút ngắn quy trình giải quyết, "
         "giảm thời gian thực hiện giải quyết thủ tục hành chính, bảo đảm công khai, minh bạch và nâng cao "
         "trách nhiệm của các đơn vị, nhất là trách nhiệm của người đứng đầu các phòng, đơn vị thuộc Sở.")


def short(loai: str, **over):
    fields = dict(loai=loai, kinh_gui="Sở Nội vụ tỉnh Trà Vinh", trich_yeu="Về việc thực hiện mô hình năm 2020")
    if loai == "cong_van":
        fields.update(viet_tat_co_quan="SXD", don_vi_soan_thao="VP", trich_yeu="tiếp tục thực hiện mô hình")
    if loai == "quyet_dinh":
        fields.update(kinh_gui=[], noi_nhan=[], tham_quyen="Giám đốc Sở Xây dựng",
                      can_cu=["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ",
                              "Theo đề nghị của Chánh Văn phòng Sở"],
                      nguoi_ky=NguoiKy("Lê Minh Tân", "Phó Giám đốc", quyen_han="KT.", thay_mat="Giám đốc"))
    if loai in ("ke_hoach", "thong_bao", "giay_moi"):
        fields.update(kinh_gui=[], noi_nhan=["UBND tỉnh", "Sở Nội vụ"])
    fields.update(over)
    vb = make(**fields)
    vb.heading("Nội dung chính")
    vb.paragraph(LOREM)
    vb.heading("Tổ chức thực hiện", 2 if loai != "quyet_dinh" else 1)
    vb.paragraph("Các phòng, đơn vị thuộc Sở tổ chức thực hiện")
    return vb


TYPES = ["bao_cao", "ke_hoach", "to_trinh", "thong_bao", "giay_moi", "cong_van", "quyet_dinh"]


def long_report():
    vb = make(kinh_gui=["Ủy ban nhân dân tỉnh", "Sở Nội vụ"])
    for i in range(1, 4):
        vb.heading(f"Phần nội dung {i}")
        for j in range(1, 3):
            vb.heading(f"Mục {j}", 2)
            for _ in range(3):
                vb.paragraph(LOREM)
    vb.table([["STT", "Lĩnh vực", "Số TTHC"]] + [[str(i), f"Lĩnh vực {i}", str(i * 3)] for i in range(1, 31)],
             widths=[1, 6, 2], align=["center", "left", "right"], caption="Thủ tục hành chính")
    vb.paragraph("Trên đây là báo cáo")
    pl = vb.add_phu_luc("Danh mục chi tiết")
    for _ in range(3):
        pl.paragraph(LOREM)
    return vb


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Every document saved and converted in one LibreOffice run (it is slow to start)."""
    folder = tmp_path_factory.mktemp("roundtrip")
    docs = {t: short(t) for t in TYPES}
    docs["long"] = long_report()
    docs["blank_so"] = make(so=None, ngay=(2021, 12), co_quan="Sở Nội vụ", viet_tat_co_quan="SNV")
    docs["hcm"] = make(dia_danh="Thành phố Hồ Chí Minh", co_quan_chu_quan="Ủy ban nhân dân Thành phố Hồ Chí Minh")
    sources = [str(vb.save(folder / f"{name}.docx")) for name, vb in docs.items()]
    run_ok([SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
            "--convert-to", "pdf", "--outdir", str(folder), *sources], timeout=300)
    return {name: (vb, folder / f"{name}.pdf") for name, vb in docs.items()}


@pytest.mark.parametrize("name", TYPES)
def test_each_type_one_page_and_quoc_hieu_one_line(pdfs, name):
    vb, pdf = pdfs[name]
    assert pdf_pages(pdf) == 1
    words = [w for w in pdf_words(pdf) if w[0] == 1]
    qh = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".split()
    idx = next(i for i in range(len(words)) if [w[4] for w in words[i:i + len(qh)]] == qh)
    ys = {round(w[2]) for w in words[idx:idx + len(qh)]}
    assert len(ys) == 1, f"Quốc hiệu spans several lines: {ys}"
    # it sits in the right half of the page
    assert words[idx][1] > 595 * 0.35


@pytest.mark.parametrize("name", TYPES)
def test_text_reads_back_intact(pdfs, name):
    vb, pdf = pdfs[name]
    text = " ".join(pdf_text(pdf).split())
    for piece in (vb.co_quan.upper(), "Độc lập - Tự do - Hạnh phúc", "Trà Vinh, ngày 29 tháng 12 năm 2020",
                  f"Số: 564/{vb.ky_hieu_day_du}", "Nơi nhận:", "Lê Minh Tân"):
        assert piece in text, f"{piece!r} missing from the PDF text"
    # the body reads back in order
    body = [vb.loai_vb.ten.upper() if vb.loai_vb.co_ten_loai else "V/v tiếp tục thực hiện mô hình",
            "Nội dung chính", " ".join(LOREM.split()), "Tổ chức thực hiện",
            "Các phòng, đơn vị thuộc Sở tổ chức thực hiện./."]
    pos = 0
    for piece in body:
        found = text.find(piece, pos)
        assert found >= 0, f"{piece!r} not found in order in the PDF text"
        pos = found


def test_long_report_pages_and_page_numbers(pdfs):
    vb, pdf = pdfs["long"]
    pages = pdf_pages(pdf)
    assert 4 <= pages <= 6
    words = pdf_words(pdf)
    top = {p: [w[4] for w in words if w[0] == p and w[2] < 45] for p in range(1, pages + 1)}
    assert top[1] == []  # no number on page 1
    main_pages = [p for p in range(2, pages + 1) if top[p]]
    assert top[2] == ["2"]
    # the appendix restarts at 1 and shows no number on its first page
    appendix = next(p for p in range(1, pages + 1)
                    if any(w[4] == "Phụ" and w[0] == p for w in words))
    assert top[appendix] == []
    assert all(top[p] == [str(p - appendix + 1)] for p in range(appendix + 1, pages + 1))
    assert main_pages
    text = pdf_text(pdf)
    assert "Bảng 1. Thủ tục hành chính" in text
    assert re.search(r"Trên đây là báo cáo\./\.", text)


def test_closing_block_kept_on_one_page(pdfs):
    vb, pdf = pdfs["long"]
    words = pdf_words(pdf)
    page_of = {w[4]: w[0] for w in words if w[4] in ("nhận:", "Tân", "GIÁM")}
    assert page_of["nhận:"] == page_of["Tân"] == page_of["GIÁM"]


def test_blank_number_and_day(pdfs):
    vb, pdf = pdfs["blank_so"]
    text = " ".join(pdf_text(pdf).split())
    assert "Số: ....../BC-SNV" in text
    assert re.search(r"Trà Vinh, ngày\s+tháng 12 năm 2021", text)


def test_long_place_name_date_line_on_one_line(pdfs):
    vb, pdf = pdfs["hcm"]
    words = [w for w in pdf_words(pdf) if w[0] == 1]
    line = "Thành phố Hồ Chí Minh, ngày 29 tháng 12 năm 2020".split()
    idx = next(i for i in range(len(words)) if [w[4] for w in words[i:i + len(line)]] == line)
    assert len({round(w[2]) for w in words[idx:idx + len(line)]}) == 1


def test_to_document_for_python_docx_users(tmp_path):
    """``VanBan.to_document()``: a python-docx Document of the same .docx, to change with python-docx
    and save; what baocao wrote is kept, and the result still passes ``baocao check``."""
    from conftest import make
    from docx.shared import Pt

    from baocao.check import check

    vb = make()
    vb.heading("Khái quát")
    vb.paragraph("Nội dung báo cáo.")
    doc = vb.to_document()
    first = [p.text.replace("\n", " ") for p in doc.paragraphs if p.text.strip()][:3]
    assert first == ["BÁO CÁO", vb.trich_yeu, "Kính gửi: Sở Nội vụ tỉnh Trà Vinh"]
    added = doc.paragraphs[-1].insert_paragraph_before("Ghi chú thêm bằng python-docx.")
    added.paragraph_format.first_line_indent = Pt(36)
    out = tmp_path / "them.docx"
    doc.save(out)
    assert "than-van-khoang-cach" in [f.rule for f in check(out)]  # what python-docx adds is checked
    added.paragraph_format.space_before = Pt(6)
    added.paragraph_format.line_spacing = 1.15
    run = added.runs[0]
    run.font.size = Pt(14)
    run.font.name = "Times New Roman"
    doc.save(out)
    assert "Ghi chú thêm bằng python-docx." in [p.text for p in __import__("docx").Document(out).paragraphs]
    assert [f.rule for f in check(out) if f.severity == "lỗi"] == []
