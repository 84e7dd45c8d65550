"""A table of contents (issue 16): ``muc_luc`` puts MỤC LỤC on a last page of its own, a TOC
field whose entries link to the headings, with the page numbers LibreOffice lays them out on."""

from __future__ import annotations

import io
import re
import subprocess
import warnings
import zipfile

import docx
import pytest
from conftest import make, needs_office

import baocao
from baocao import BaoCaoWarning, ModelError
from baocao.check import check
from baocao.mau import mau_tu_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def long_report(muc_luc=True, phu_luc: bool = True) -> baocao.VanBan:
    vb = make(muc_luc=muc_luc)
    filler = ("Sở đã tập trung chỉ đạo các phòng, đơn vị trực thuộc triển khai thực hiện nghiêm túc các nhiệm vụ "
              "cải cách hành chính, bảo đảm công khai, minh bạch, đúng thời hạn quy định. ") * 4
    for i in range(1, 5):
        vb.heading(f"Phần việc thứ {i}")
        for j in range(1, 4):
            vb.heading(f"Nội dung {i}.{j}", 2)
            vb.heading(f"Chi tiết {i}.{j}", 3)
            vb.paragraph(filler)
    pl = vb.add_phu_luc("Danh mục thủ tục hành chính") if phu_luc else None
    if pl is not None:
        pl.heading("Lĩnh vực xây dựng")
        for _ in range(6):
            pl.paragraph(filler)
        pl.heading("Lĩnh vực nhà ở")
    return vb


def entries(data: bytes) -> list[tuple[str, str]]:
    """The table of contents as (text, page) pairs."""
    d = docx.Document(io.BytesIO(data))
    out = []
    for p in d.element.body.iter(f"{W}p"):
        link = p.find(f"{W}hyperlink")
        if link is not None and (link.get(f"{W}anchor") or "").startswith("_Toc"):
            texts = ["".join(t.text or "" for t in r.iter(f"{W}t")) for r in link.iter(f"{W}r")]
            out.append((texts[0], texts[-1]))
    return out


def test_the_field_is_read_as_levels():
    assert make(muc_luc=True).muc_luc == 2
    assert make(muc_luc="có").muc_luc == 2
    assert make(muc_luc=3).muc_luc == 3
    assert make(muc_luc=1).muc_luc == 1
    assert make().muc_luc == 0
    with pytest.raises(ModelError, match="từ 1 đến 4"):
        make(muc_luc=7)
    with pytest.raises(ModelError, match="muc_luc"):
        make(muc_luc="nhiều")


def test_without_libreoffice_the_entries_wait_for_word(monkeypatch):
    monkeypatch.setenv("BAOCAO_SOFFICE", "/khong/co/soffice")
    with pytest.warns(BaoCaoWarning, match="mục lục chưa có số trang"):
        data = long_report().to_bytes()
    listed = entries(data)
    assert [t for t, _ in listed][:4] == ["I. Phần việc thứ 1", "1. Nội dung 1.1", "2. Nội dung 1.2",
                                          "3. Nội dung 1.3"]
    assert [t for t, _ in listed][-3:] == ["Phụ lục: DANH MỤC THỦ TỤC HÀNH CHÍNH", "I. Lĩnh vực xây dựng",
                                          "II. Lĩnh vực nhà ở"]
    assert all(page == "" for _, page in listed)
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings  # Word fills the pages when it opens the file
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"/>', xml))
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc\d+)"', xml)
    assert len(anchors) == len(listed) and set(anchors) == bookmarks
    # MỤC LỤC on a page of its own, after the appendix
    body = docx.Document(io.BytesIO(data)).element.body
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    assert texts.index("MỤC LỤC") > texts.index("DANH MỤC THỦ TỤC HÀNH CHÍNH")


def test_levels_listed():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        three = entries(_no_office(long_report(muc_luc=3)))
    texts = [t for t, _ in three]
    assert texts[:3] == ["I. Phần việc thứ 1", "1. Nội dung 1.1", "a) Chi tiết 1.1"]
    assert texts[-3:] == ["Phụ lục: DANH MỤC THỦ TỤC HÀNH CHÍNH", "I. Lĩnh vực xây dựng", "II. Lĩnh vực nhà ở"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = [t for t, _ in entries(_no_office(long_report(muc_luc=1)))]
    assert one == ["I. Phần việc thứ 1", "II. Phần việc thứ 2", "III. Phần việc thứ 3", "IV. Phần việc thứ 4",
                   "Phụ lục: DANH MỤC THỦ TỤC HÀNH CHÍNH"]


def _no_office(vb: baocao.VanBan) -> bytes:
    import os

    old = os.environ.get("BAOCAO_SOFFICE")
    os.environ["BAOCAO_SOFFICE"] = "/khong/co/soffice"
    try:
        return vb.to_bytes()
    finally:
        if old is None:
            del os.environ["BAOCAO_SOFFICE"]
        else:
            os.environ["BAOCAO_SOFFICE"] = old


def test_a_document_without_table_of_contents_is_unchanged():
    data = make().to_bytes()
    assert b"updateFields" not in zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml")
    assert b"_Toc" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


@needs_office
def test_page_numbers_are_where_the_headings_are(tmp_path):
    data = long_report().to_bytes()
    listed = entries(data)
    assert all(page.isdigit() for _, page in listed)
    path = tmp_path / "bc.docx"
    path.write_bytes(data)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=180, check=True)
    pages = subprocess.run(["pdftotext", str(tmp_path / "bc.pdf"), "-"], capture_output=True, timeout=60,
                           check=True).stdout.decode().split("\f")
    appendix = next(i for i, text in enumerate(pages) if "DANH MỤC THỦ TỤC" in text)
    for text, page in listed[:-3]:  # the main text: printed page = page of the PDF
        title = text.split(" ", 1)[1]
        found = next(i for i, t in enumerate(pages) if title in " ".join(t.split()))
        assert int(page) == found + 1, text
    assert listed[-3][1] == "1"  # the appendix's title: its pages are numbered from 1 again
    found = next(i for i, t in enumerate(pages) if "Lĩnh vực nhà ở" in t)
    assert int(listed[-1][1]) == found - appendix + 1 > 1
    assert "MỤC LỤC" in pages[-2] and "MỤC LỤC" not in "".join(pages[:-2])  # the last page
    assert check(data) == []


@needs_office
def test_a_heading_is_on_the_page_of_its_bookmark_not_where_its_words_first_appear(tmp_path):
    vb = make(muc_luc=True)
    vb.heading("Mở đầu")
    vb.paragraph("Các đơn vị đã gửi nhiều kiến nghị về kế hoạch số 05/KH-SXD năm nay.")
    vb.add(baocao.PageBreak())
    vb.heading("Kiến nghị")
    vb.paragraph("Nội dung.")
    vb.add(baocao.PageBreak())
    vb.heading("Kế hoạch số 05/KH-SXD/UBND-NC/VP-TH/2024-2025/QĐ-BXD-HĐND-TTg-TCT-BTC-BKHĐT-BNV-VPCP")
    vb.paragraph("Nội dung.")
    vb.add(baocao.PageBreak())
    vb.heading("Kiến nghị")  # the same words again
    with warnings.catch_warnings():
        warnings.simplefilter("error", BaoCaoWarning)
        data = vb.to_bytes()
    assert [p for _, p in entries(data)] == ["1", "2", "3", "4"]


def test_after_appendices_its_pages_are_numbered_on_their_own(monkeypatch):
    monkeypatch.setenv("BAOCAO_SOFFICE", "/khong/co/soffice")
    with pytest.warns(BaoCaoWarning):
        data = long_report().to_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    last = xml[xml.rindex("<w:sectPr"):]
    assert 'w:start="1"' in last and "<w:titlePg/>" in last  # as a phụ lục: from 1, none on its first page
    with pytest.warns(BaoCaoWarning):
        alone = long_report(phu_luc=False).to_bytes()
    xml = zipfile.ZipFile(io.BytesIO(alone)).read("word/document.xml").decode()
    assert 'w:start="1"' not in xml[xml.rindex("<w:sectPr"):]  # without appendices: the text's numbering goes on


def test_strict_makes_a_table_of_contents_without_pages_an_error(tmp_path, monkeypatch, capsys):
    from baocao.cli import main

    monkeypatch.setenv("BAOCAO_SOFFICE", "/khong/co/soffice")
    folder = tmp_path / "bc"
    folder.mkdir()
    (folder / "bao_cao.md.j2").write_text(TEMPLATE, encoding="utf-8")
    out = tmp_path / "bc.docx"
    assert main(["render", str(folder), "-o", str(out), "--strict"]) == 1
    assert "mục lục chưa có số trang" in capsys.readouterr().err and not out.exists()
    assert main(["render", str(folder), "-o", str(out)]) == 0
    assert "baocao: cảnh báo: mục lục chưa có số trang" in capsys.readouterr().err and out.exists()


TEMPLATE = """---
loai: bao_cao
co_quan: Sở Nội vụ
viet_tat_co_quan: SNV
so: 12
dia_danh: Trà Vinh
ngay: 2024-03-05
trich_yeu: Kết quả giải quyết hồ sơ
muc_luc: 3
nguoi_ky: {chuc_vu: Giám đốc, ho_ten: Nguyễn Văn A}
---
# Mở đầu

Nội dung.

## Kết quả

### Chi tiết

Nội dung.
"""


@needs_office
def test_from_front_matter_and_back_through_mau(tmp_path):
    folder = tmp_path / "bc"
    folder.mkdir()
    (folder / "bao_cao.md.j2").write_text(TEMPLATE, encoding="utf-8")
    data = baocao.render(folder).to_bytes()
    assert [t for t, _ in entries(data)] == ["I. Mở đầu", "1. Kết quả", "a) Chi tiết"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        done = mau_tu_docx(data, tmp_path / "lai")
    text = done.mau.read_text(encoding="utf-8")
    assert "muc_luc: 3" in text and "MỤC LỤC" not in text
    assert done.khop == 1.0
