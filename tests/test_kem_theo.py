"""A text issued with a quyết định (Phụ lục III, Mẫu 1.3): no số or date, the kèm theo line."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import docx
import pytest
from conftest import make, needs_office, pdf_pages, to_pdf

import baocao
from baocao.errors import BaoCaoError


def regulation(**over) -> baocao.VanBan:
    fields = dict(loai="quy_che", kinh_gui=[], noi_nhan=[], nguoi_ky=None, so=None, ngay=None,
                  trich_yeu="Làm việc của Sở Xây dựng",
                  kem_theo={"so": 120, "ngay": "01/4/2021"})
    vb = make(**{**fields, **over})
    vb.heading("Phạm vi điều chỉnh")
    vb.paragraph("Quy chế này quy định về chế độ làm việc của Sở Xây dựng.")
    return vb


def lines(vb: baocao.VanBan) -> list[str]:
    d = docx.Document(io.BytesIO(vb.to_bytes()))
    return [p.text for p in d.paragraphs if p.text.strip()]


def test_header_without_number_or_date_and_the_kem_theo_line():
    vb = regulation()
    d = docx.Document(io.BytesIO(vb.to_bytes()))
    header = d.tables[0]
    assert len(header.rows) == 1 and len(d.tables) == 1  # no số / date row, no closing block
    assert "Số:" not in header._tbl.xml and "ngày" not in header.rows[0].cells[1].text
    text = lines(vb)
    assert text[:2] == ["QUY CHẾ", "Làm việc của Sở Xây dựng"]
    assert text[2].replace("\n", " ") == "(Kèm theo Quyết định số 120/QĐ-SXD ngày 01 tháng 4 năm 2021 của Sở Xây dựng)"
    line = [p for p in d.paragraphs if p.text.startswith("(Kèm theo")][0]
    assert all(r.italic and not r.bold for r in line.runs if r.text.strip())
    assert not any(t.startswith("Nơi nhận") for t in text)
    html = vb.to_html()
    assert "(Kèm theo Quyết định số" in html and 'class="hd2"' not in html and "Nơi nhận" not in html


def test_electronic_leaves_number_and_date_blank():
    text = lines(regulation(dien_tu=True))[2].replace("\n", " ")
    assert text.startswith("(Kèm theo Quyết định số ....../QĐ-SXD ngày \xa0") and "120" not in text


def test_who_issued_and_its_own_ky_hieu():
    vb = regulation(kem_theo={"so": 7, "ngay": "2021-04-01", "ky_hieu": "QĐ-UBND", "cua": "Ủy ban nhân dân tỉnh"})
    assert "số 07/QĐ-UBND ngày 01 tháng 4 năm 2021 của Ủy ban nhân dân tỉnh)" in lines(vb)[2].replace("\n", " ")


@pytest.mark.parametrize(("over", "where", "words"), [
    ({"kem_theo": {"so": 120, "nay": "1/4/2021"}}, "VanBan.kem_theo.nay", "có phải 'ngay'"),
    ({"kem_theo": {"so": 0}}, "VanBan.kem_theo.so", "số nguyên dương"),
    ({"kem_theo": {"ngay": "31/02/2021"}}, "VanBan.kem_theo.ngay", "không có thật"),
    ({"loai": "cong_van", "trich_yeu": "x"}, "VanBan.kem_theo", "không phải văn bản ban hành kèm theo"),
    ({"loai": "quyet_dinh"}, "VanBan.kem_theo", "không phải văn bản ban hành kèm theo"),
])
def test_wrong_kem_theo_names_the_field(over, where, words):
    with pytest.raises(BaoCaoError) as info:
        regulation(**over)
    assert info.value.where == where and words in str(info.value)


def test_front_matter(tmp_path):
    template = tmp_path / "qc.md.j2"
    template.write_text("---\nloai: quy_che\nco_quan: Sở Xây dựng\nviet_tat_co_quan: SXD\ndia_danh: Trà Vinh\n"
                        "trich_yeu: Làm việc\nkem_theo:\n  so: 120\n  ngay: 2021-04-01\n  cua: Giám đốc Sở Xây dựng\n"
                        "---\n# Phạm vi\nNội dung.\n", encoding="utf-8")
    vb = baocao.render(template)
    assert vb.kem_theo is not None and "của Giám đốc Sở Xây dựng)" in lines(vb)[2].replace("\n", " ")
    template.write_text(template.read_text(encoding="utf-8").replace("  cua:", "  cuaa:"), encoding="utf-8")
    with pytest.raises(BaoCaoError, match=r"qc.md.j2:10.*kem_theo có trường không biết: 'cuaa'"):
        baocao.render(template)


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "quy_che_kem_theo_quyet_dinh_so_xay_dung_tra_vinh"


def test_example_folder(tmp_path):
    """The example of Mẫu 1.3: a quy chế issued with Quyết định 120, its number and date from data."""
    from baocao.check import check

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vb = baocao.render(EXAMPLE)
    assert vb.loai_vb.ma == "quy_che" and vb.kem_theo is not None
    path = vb.save(tmp_path / "quy_che.docx")
    text = [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    assert text[2].replace("\n", " ") == ("(Kèm theo Quyết định số 120/QĐ-SXD ngày 01 tháng 4 năm 2021 "
                                          "của Giám đốc Sở Xây dựng)")
    assert "Chương I" in "\n".join(text) and "Điều 5. Tổ chức thực hiện" in text
    assert check(path) == []


@needs_office
def test_example_folder_fits_two_pages(tmp_path):
    assert pdf_pages(to_pdf(baocao.render(EXAMPLE), tmp_path)) == 2


def test_its_appendix_points_to_the_quyet_dinh():
    """The text has no number of its own: its phụ lục cites the quyết định it is issued with."""
    vb = regulation()
    vb.add_phu_luc("Danh mục").paragraph("Một")
    note = [t for t in lines(vb) if t.startswith("(Kèm theo")][-1]
    assert note == "(Kèm theo Quyết định số 120/QĐ-SXD ngày 01 tháng 4 năm 2021 của Sở Xây dựng)"
