"""Body, numbering, closing block, page numbers and appendices (spec §1, §3–5)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from conftest import NS, W, make, open_docx, texts, twips
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from baocao import LayoutError, ModelError, NguoiKy, Run, VanBan
from baocao.layout import CHU_CAI


def body_after_header(d) -> list:
    """Body paragraphs after the Kính gửi line (or the "QUYẾT ĐỊNH:" line)."""
    t = texts(d)
    start = next(i for i, s in enumerate(t) if s.startswith("Kính gửi") or s == "QUYẾT ĐỊNH:") + 1
    return d.paragraphs[start:]


def test_body_paragraph_format():
    vb = make()
    vb.paragraph(["Thường ", Run("xuyên", bold=True), " rà soát ", Run("đánh giá", italic=True)])
    p = body_after_header(open_docx(vb))[0]
    f = p.paragraph_format
    assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 10.0 <= f.first_line_indent.mm <= 12.7 + 0.05
    assert f.space_before.pt + (f.space_after.pt if f.space_after else 0) >= 6
    assert f.line_spacing_rule == WD_LINE_SPACING.MULTIPLE or f.line_spacing_rule is None
    assert 1.0 <= f.line_spacing <= 1.5
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in p.runs] == [
        ("Thường ", False, False), ("xuyên", True, False), (" rà soát ", False, False),
        ("đánh giá./.", False, True)] or [(r.text, bool(r.bold), bool(r.italic)) for r in p.runs][:4] == [
        ("Thường ", False, False), ("xuyên", True, False), (" rà soát ", False, False),
        ("đánh giá", False, True)]
    assert all(r.font.size == Pt(14) for r in p.runs)


def test_end_mark_appended_once():
    for last, expected in [("báo cáo Sở Nội vụ biết, tổng hợp", "tổng hợp./."),
                           ("tổng hợp.", "tổng hợp./."), ("tổng hợp./.", "tổng hợp./.")]:
        vb = make()
        vb.paragraph("Mở đầu.")
        vb.paragraph(last)
        assert body_after_header(open_docx(vb))[1].text.endswith(expected)
        assert not body_after_header(open_docx(vb))[1].text.endswith("./../.")
    vb = make(dau_ket_thuc=False)
    vb.paragraph("tổng hợp")
    assert body_after_header(open_docx(vb))[0].text == "tổng hợp"


def numbered(vb) -> list[str]:
    return [p.text for p in body_after_header(open_docx(vb)) if p.text]


def test_bao_cao_numbering_with_vietnamese_letters():
    vb = make(dau_ket_thuc=False)
    vb.heading("Khái quát")
    vb.heading("Kết quả")
    vb.heading("Chỉ đạo", 2)
    for i in range(10):
        vb.heading(f"Nội dung {i}", 3)
    vb.heading("Kết quả đạt được", 2)
    vb.heading("Điểm đầu", 3)
    vb.heading("Đánh giá chung")
    t = numbered(vb)
    assert t[:3] == ["I. Khái quát", "II. Kết quả", "1. Chỉ đạo"]
    letters = [s.split(")")[0] for s in t[3:13]]
    assert letters == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]
    assert t[13:] == ["2. Kết quả đạt được", "a) Điểm đầu", "III. Đánh giá chung"]


def test_heading_styles_and_keep_with_next():
    vb = make(dau_ket_thuc=False)
    vb.heading("Muc")
    vb.heading("Khoan", 2)
    vb.heading("Diem", 3)
    vb.paragraph("x")
    ps = body_after_header(open_docx(vb))
    assert all(r.bold for r in ps[0].runs) and all(r.bold for r in ps[1].runs)
    assert all(r.italic for r in ps[2].runs) and not any(r.bold for r in ps[2].runs)
    assert all(p.paragraph_format.keep_with_next for p in ps[:3])


def test_decimal_scheme():
    vb = make(danh_so="muc_thap_phan", dau_ket_thuc=False)
    for level in (1, 2, 3, 3, 2, 3, 4):
        vb.heading("t", level)
    assert [s.split(" ")[0] for s in numbered(vb)] == ["I.", "1.", "1.1.", "1.2.", "2.", "2.1.", "a)"]


def test_quyet_dinh_articles_khoan_diem():
    vb = make(loai="quyet_dinh", kinh_gui=[], noi_nhan=[], dau_ket_thuc=False)
    vb.heading("Ban hành kèm theo Quyết định này Quy chế.")
    vb.heading("Quyết định này có hiệu lực kể từ ngày ký.")
    vb.heading("Phạm vi:", 2)
    vb.heading("cơ quan", 3)
    vb.heading("đơn vị", 3)
    vb.heading("Đối tượng", 2)
    vb.heading("Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này.")
    t = [s for s in numbered(vb) if s[:4] in ("Điều",) or s[:2] in ("1.", "2.", "a)", "b)")]
    assert t == ["Điều 1. Ban hành kèm theo Quyết định này Quy chế.",
                 "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "1. Phạm vi:", "a) cơ quan",
                 "b) đơn vị", "2. Đối tượng", "Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này."]
    # "Như Điều 3" is the default first Nơi nhận entry of a quyết định
    left = open_docx(vb).tables[-1].cell(0, 0).paragraphs
    assert left[1].text == "- Như Điều 3;"


def test_letters_run_out_with_a_clear_error():
    vb = make()
    vb.heading("x")
    vb.heading("y", 2)
    for _ in range(len(CHU_CAI) + 1):
        vb.heading("z", 3, line=7)
    with pytest.raises(LayoutError, match=r"dòng 7.*24"):
        vb.to_bytes()


def test_heading_level_beyond_scheme():
    vb = make()
    vb.heading("x", 5)
    with pytest.raises(LayoutError, match="cấp 5"):
        vb.to_bytes()


def test_bullets():
    vb = make(dau_ket_thuc=False)
    vb.bullet("Đăng tải Kế hoạch")
    vb.bullet("Công khai đường dây nóng", 2)
    ps = body_after_header(open_docx(vb))
    assert [p.text for p in ps[:2]] == ["- Đăng tải Kế hoạch", "+ Công khai đường dây nóng"]
    assert ps[0].alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and ps[0].paragraph_format.first_line_indent


def test_closing_block():
    vb = make(noi_nhan=["Như trên;", "Ban Tổ chức Tỉnh ủy", "GD, các PGD SNV."], luu=["VT", "TCBCTCPCP"],
              ky_hieu_soan_thao="PL.(05)")
    d = open_docx(vb)
    t = d.tables[-1]
    row = t.rows[0]._tr
    assert row.find("w:trPr/w:cantSplit", NS) is not None  # kept together on one page
    left, right = t.cell(0, 0).paragraphs, t.cell(0, 1).paragraphs
    assert left[0].text == "Nơi nhận:"
    assert left[0].runs[0].bold and left[0].runs[0].italic and left[0].runs[0].font.size == Pt(12)
    assert [p.text for p in left[1:]] == ["- Như trên;", "- Ban Tổ chức Tỉnh ủy;", "- GD, các PGD SNV;",
                                          "- Lưu: VT, TCBCTCPCP.", "PL.(05)"]
    assert all(p.runs[0].font.size == Pt(11) for p in left[1:])
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in left)
    # dash at the left edge: hanging indent equal to the left indent
    for p in left[1:-1]:
        assert twips(p.paragraph_format.left_indent) == -twips(p.paragraph_format.first_line_indent)
    assert right[0].text == "GIÁM ĐỐC" and right[0].runs[0].bold and right[0].runs[0].font.size == Pt(14)
    assert [p.text for p in right[1:5]] == [""] * 4  # room to sign
    assert right[5].text == "Lê Minh Tân" and right[5].runs[0].bold

    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right)
    # "Nơi nhận:" level with the first line of the signature block
    assert left[0].paragraph_format.space_before == right[0].paragraph_format.space_before
    assert all(p.paragraph_format.keep_with_next for p in right[:-1])


def test_noi_nhan_without_luu_ends_with_a_full_stop():
    left = open_docx(make(luu=[])).tables[-1].cell(0, 0).paragraphs
    assert [p.text for p in left[1:]] == ["- Như trên;", "- BGD Sở."]


def test_page_numbers_in_header_none_on_first_page():
    raw = make().to_bytes()
    z = zipfile.ZipFile(io.BytesIO(raw))
    doc = z.read("word/document.xml").decode()
    assert "<w:titlePg/>" in doc
    d = open_docx(make())
    s = d.sections[0]
    assert s.different_first_page_header_footer
    assert s.first_page_header.paragraphs[0].text == ""
    hdr = s.header._element
    instr = "".join(e.text for e in hdr.iter(W + "instrText"))
    assert instr.strip() == "PAGE"
    p = s.header.paragraphs[0]
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    sz = p._p.find("w:pPr/w:rPr/w:sz", NS).get(W + "val")
    assert 26 <= int(sz) <= 28 and p._p.find(".//w:i", NS) is None


def test_phu_luc_new_section_restart_numbering_and_note():
    vb = make(dau_ket_thuc=False)
    vb.heading("Phần chính")
    a = vb.add_phu_luc("Danh mục thủ tục")
    a.heading("Lĩnh vực nhà ở")
    b = vb.add_phu_luc("Bảng số liệu", ngang=True, ghi_chu="")
    b.table([["STT", "Nội dung"], ["1", "x"]])
    d = open_docx(vb)
    assert len(d.sections) == 3
    assert d.sections[2].orientation == 1 and d.sections[2].page_width > d.sections[2].page_height
    starts = [s._sectPr.find("w:pgNumType", NS).get(W + "start") for s in d.sections]
    assert starts == [None, "1", "1"]
    t = texts(d)
    i = t.index("Phụ lục I")
    assert t[i + 1] == "DANH MỤC THỦ TỤC"
    assert t[i + 2] == "(Kèm theo Báo cáo số 564/BC-SXD ngày 29 tháng 12 năm 2020 của Sở Xây dựng)"
    assert d.paragraphs[i + 2].runs[0].italic
    assert "I. Lĩnh vực nhà ở" in t  # numbering restarts in the appendix
    i = t.index("Phụ lục II")
    assert t[i + 1] == "BẢNG SỐ LIỆU" and not t[i + 2].startswith("(Kèm theo")
    # the landscape table spans the landscape text width
    grid = sum(int(g.get(W + "w")) for g in d.tables[-1]._tbl.findall("w:tblGrid/w:gridCol", NS))
    assert grid > 14000


def test_table_header_bold_centred_repeated_numbers_right():
    vb = make()
    vb.table([["STT", "Lĩnh vực", "Số TTHC"], ["1", "Nhà ở và công sở", "13"], ["2", "Vật liệu", "1"]],
             widths=[1, 6, 2], align=["center", "left", "right"], caption="Thủ tục theo lĩnh vực")
    d = open_docx(vb)
    t = d.tables[1]
    assert "Bảng 1. Thủ tục theo lĩnh vực" in texts(d)
    hdr = t.rows[0]
    assert hdr._tr.find("w:trPr/w:tblHeader", NS) is not None
    assert all(c.paragraphs[0].runs[0].bold for c in hdr.cells)
    assert all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER for c in hdr.cells)
    assert t.cell(1, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert t.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    grid = [int(g.get(W + "w")) for g in t._tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) == round(165 / 25.4 * 1440)
    assert t.cell(1, 1).paragraphs[0].runs[0].font.size == Pt(13)


def test_table_colspan_and_bad_shapes():
    from baocao import Cell

    vb = make()
    vb.table([[Cell(("Tổng",), colspan=2), "3"], ["a", "b", "c"]])
    t = open_docx(vb).tables[1]
    assert t.rows[0]._tr.find("w:tc/w:tcPr/w:gridSpan", NS).get(W + "val") == "2"
    with pytest.raises(ModelError, match="hàng 2"):
        make().table([["a", "b"], ["c"]])
    with pytest.raises(ModelError, match="widths"):
        make().table([["a", "b"]], widths=[1])


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_image_embedded_within_text_width():
    vb = make()
    vb.image(_png(4000, 1000), caption="Biểu đồ thử")
    vb.image(_png(200, 100), width_mm=50)
    d = open_docx(vb)
    shapes = d.inline_shapes
    assert len(shapes) == 2
    assert abs(shapes[0].width.mm - 165) < 0.1 and abs(shapes[0].height.mm - 41.25) < 0.1
    assert abs(shapes[1].width.mm - 50) < 0.1
    assert "Hình 1. Biểu đồ thử" in texts(d)
    with pytest.raises(ModelError, match="ảnh"):
        bad = make()
        bad.image(b"not an image")
        bad.to_bytes()


def test_page_break():
    vb = make()
    vb.paragraph("a")
    vb.page_break()
    vb.paragraph("b")
    doc = zipfile.ZipFile(io.BytesIO(vb.to_bytes())).read("word/document.xml").decode()
    assert doc.count('<w:br w:type="page"/>') == 1


def test_hostile_text_is_literal():
    hostile = "A & B <w:t> ]]> \"q\" 'a' \x07\x00 *x* # | _ \U0001F600"
    vb = make(co_quan=hostile, trich_yeu=hostile, kinh_gui=[hostile, hostile],
              noi_nhan=[hostile], nguoi_ky=NguoiKy(hostile, hostile))
    vb.heading(hostile)
    vb.paragraph(hostile + "\nline two\tTab")
    vb.table([[hostile, hostile]])
    d = open_docx(vb)
    clean = hostile.replace("\x07", "").replace("\x00", "")
    assert any(clean in p.text for p in d.paragraphs)
    assert d.tables[1].cell(0, 0).text == clean
    assert clean.upper() in d.tables[0].cell(0, 0).text.replace("\n", " ")


def test_same_input_same_bytes():
    assert make().to_bytes() == make().to_bytes()


def test_model_errors_say_where():
    with pytest.raises(ModelError, match="loai.*bao_cao"):
        VanBan(loai="bao_ca")
    with pytest.raises(ModelError, match="VanBan.ngay.*31/02"):
        make(ngay="31/02/2020")
    with pytest.raises(ModelError, match="quyen_han"):
        NguoiKy("A", "B", quyen_han="XX")
    with pytest.raises(ModelError, match="thay_mat"):
        NguoiKy("A", "Phó Giám đốc", quyen_han="KT.")
    with pytest.raises(ModelError, match="VanBan.viet_tat_co_quan"):
        make(viet_tat_co_quan=None).to_bytes()
    with pytest.raises(ModelError, match="VanBan.so"):
        make(so="abc").to_bytes()
    with pytest.raises(ModelError, match="do_khan"):
        make(do_khan="gấp")


def test_save_atomic_and_errors(tmp_path):
    from baocao import OutputError

    out = make().save(tmp_path / "a.docx")
    assert out.exists() and zipfile.is_zipfile(out)
    with pytest.raises(OutputError, match="không tồn tại"):
        make().save(tmp_path / "missing" / "a.docx")
    bad = make()
    bad.so = "x"  # changed after construction: checked again on save
    with pytest.raises(ModelError, match="VanBan.so"):
        bad.save(tmp_path / "b.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]  # nothing half-written


def test_document_numbers_never_break_at_the_hyphen():
    vb = make()
    vb.paragraph("Kế hoạch số 37/KH-SXD ngày 11/3/2020 và Nghị định số 30/2020/NĐ-CP; giai đoạn 2016-2020")
    doc = zipfile.ZipFile(io.BytesIO(vb.to_bytes())).read("word/document.xml").decode()
    assert "37/KH</w:t><w:noBreakHyphen/>" in doc and "30/2020/NĐ</w:t><w:noBreakHyphen/>" in doc
    assert "2016-2020" in doc  # a plain range keeps its ordinary hyphen
    assert "37/KH-SXD" in body_after_header(open_docx(vb))[0].text  # reads back as "-"


def test_articles_do_not_chain_to_the_signature():
    """An article whose heading is its whole text keeps with nothing: were every "Điều N." kept
    with the next, the articles and the signature would move to page 2 together. A heading over
    its own text or a deeper heading still keeps with it, and the last block with the closing."""
    vb = make(loai="quyet_dinh", kinh_gui=[], tham_quyen="Giám đốc Sở Xây dựng", can_cu=["Căn cứ Luật A"])
    for i in range(1, 4):
        vb.heading(f"Nội dung điều {i} đủ dài để chiếm ba dòng " * 4)
    vb.heading("Hiệu lực thi hành")
    vb.heading("Quyết định này có hiệu lực kể từ ngày ký.", 2)
    d = open_docx(vb)
    keep = {p.text.split(".")[0]: bool(p.paragraph_format.keep_with_next) for p in d.paragraphs
            if p.text.startswith(("Điều", "1."))}
    assert keep == {"Điều 1": False, "Điều 2": False, "Điều 3": False, "Điều 4": True, "1": True}


def test_headings_are_in_words_navigation_pane():
    """Every heading has its outline level (I. → 0, 1. → 1, a) → 2) and a phụ lục's title 0, so Word's
    navigation pane and a table of contents see them; nothing else is an outline level, and the
    headings look as before (direct formatting, no heading style)."""
    vb = make()
    vb.heading("Khái quát")
    vb.heading("Kết quả", 2)
    vb.heading("Cải cách thủ tục", 3)
    vb.paragraph("Nội dung")
    vb.add_phu_luc("Danh mục thủ tục").heading("Thủ tục mới")
    d = open_docx(vb)
    levels = {p.text: p._p.pPr.find(f"{W}outlineLvl").get(f"{W}val") for p in d.paragraphs
              if p._p.pPr is not None and p._p.pPr.find(f"{W}outlineLvl") is not None}
    assert levels == {"I. Khái quát": "0", "1. Kết quả": "1", "a) Cải cách thủ tục": "2",
                      "DANH MỤC THỦ TỤC": "0", "I. Thủ tục mới": "1"}
    assert all(p.style.name == "Normal" for p in d.paragraphs if p.text in levels)
    html = vb.to_html()
    assert 'role="heading" aria-level="3">' in html and html.count('role="heading"') == 5
