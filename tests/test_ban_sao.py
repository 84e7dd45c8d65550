"""Copies (baocao.BanSao, ``baocao sao``): Mẫu 3.1 on paper, 3.2 electronic, trích sao."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import make

import baocao
from baocao import BanSao
from baocao.cli import main
from baocao.errors import BaoCaoError

COPIER = dict(co_quan="Văn phòng Ủy ban nhân dân tỉnh Trà Vinh", viet_tat_co_quan="VP", so=5, dia_danh="Trà Vinh",
              ngay="2021-01-05", noi_nhan=["Sở Tài chính"],
              nguoi_ky={"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "Chánh Văn phòng", "quyen_han": "TL.",
                        "thay_mat": "Chủ tịch"})


def decision() -> baocao.VanBan:
    vb = make(loai="quyet_dinh", kinh_gui=[], tham_quyen="Giám đốc Sở Xây dựng", trich_yeu="Về việc ban hành Quy chế",
              can_cu=["Căn cứ Luật Tổ chức chính quyền địa phương"])
    for i in range(1, 5):
        vb.heading(f"Nội dung điều {i}")
        vb.paragraph(f"Đoạn của điều {i}.")
    return vb


def opened(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def texts(d: docx.document.Document) -> list[str]:
    return [p.text for p in d.paragraphs if p.text.strip()]


def cells(table) -> list[str]:
    return [c.text for row in table.rows for c in row.cells]


def test_paper_copy_appends_the_block_after_the_original():
    original = decision()
    d = opened(BanSao(original, **COPIER).to_bytes())
    body = list(d.element.body)
    tables = d.tables
    # the original's header and closing tables, then the copy block's two tables
    assert len(tables) == 4
    head, closing = tables[2], tables[3]
    assert cells(head)[0].startswith("VĂN PHÒNG") and "Số: 05/SY-VP" in cells(head)[0]
    assert cells(head)[1].startswith("SAO Y") and "Trà Vinh, ngày 05 tháng 01 năm 2021" in cells(head)[1]
    words = [r for p in head.rows[0].cells[1].paragraphs for r in p.runs if r.text == "SAO Y"][0]
    assert words.bold and words.font.size.pt == 14
    assert "TL. CHỦ TỊCH" in cells(closing)[1] and "Nguyễn Văn Hùng" in cells(closing)[1]
    assert "- Sở Tài chính;" in cells(closing)[0] and "- Lưu: VT." in cells(closing)[0]
    # the solid line across the text width comes right before the block, after the original's closing
    line = head._tbl.getprevious()
    assert line.tag.endswith("}p") and line.find(".//{*}pBdr/{*}top") is not None
    assert line.find(".//{*}ind") is None  # the whole width, no indent
    assert body.index(tables[1]._tbl) < body.index(line) < body.index(head._tbl)
    # every run of the block names Times New Roman, whatever the original's default font
    assert all(r.font.name == "Times New Roman" for p in closing.rows[0].cells[1].paragraphs for r in p.runs)


@pytest.mark.parametrize(("form", "words", "abbr"), [("sao_luc", "SAO LỤC", "SL"), ("SAO Y", "SAO Y", "SY")])
def test_form_of_copy_sets_words_and_ky_hieu(form, words, abbr):
    d = opened(BanSao(decision(), hinh_thuc=form, **COPIER).to_bytes())
    assert cells(d.tables[2])[1].startswith(words)
    assert f"Số: 05/{abbr}-VP" in cells(d.tables[2])[0]


def test_copy_of_any_docx_uses_its_page(tmp_path):
    foreign = docx.Document()  # python-docx's template: Letter paper, 1 inch margins, Calibri
    foreign.add_paragraph("Nội dung văn bản gốc soạn bằng Word")
    path = tmp_path / "goc.docx"
    foreign.save(path)
    out = BanSao(path, **COPIER).save(tmp_path / "ban_sao.docx")
    d = opened(out.read_bytes())
    widths = [c.width for c in d.tables[0].rows[0].cells]
    section = d.sections[-1]
    assert abs(sum(widths) - (section.page_width - section.left_margin - section.right_margin)) < 36000  # 1 mm
    assert texts(d)[0] == "Nội dung văn bản gốc soạn bằng Word"
    assert path.read_bytes() != out.read_bytes()


def test_trich_sao_keeps_the_opening_the_parts_and_the_closing():
    copy = BanSao(decision(), hinh_thuc="trich_sao", trich=[{"tu": "Điều 2", "den": "Điều 3"}], **COPIER)
    d = opened(copy.to_bytes())
    kept = texts(d)
    assert "Căn cứ Luật Tổ chức chính quyền địa phương." in kept and "QUYẾT ĐỊNH:" in kept
    assert "Điều 2. Nội dung điều 2" in kept and "Đoạn của điều 3." in kept
    assert not any(t.startswith(("Điều 1.", "Điều 4.", "Đoạn của điều 1", "Đoạn của điều 4")) for t in kept)
    assert "Số: 05/TrS-VP" in cells(d.tables[2])[0] and cells(d.tables[2])[1].startswith("TRÍCH SAO")


def test_electronic_copy_puts_its_line_top_right_of_page_one():
    copy = BanSao(decision(), dien_tu=True, thoi_gian_ky="2021-01-05T03:15:30Z", **COPIER)
    d = opened(copy.to_bytes())
    assert len(d.tables) == 2  # no copy block at the end
    section = d.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header.paragraphs[0]
    assert first.text == "SAO Y; Văn phòng Ủy ban nhân dân tỉnh Trà Vinh; 05/01/2021; 10:15:30+07:00"
    assert first.alignment == 2  # right
    assert first.runs[0].font.size.pt == 10
    assert "PAGE" not in section.first_page_header._element.xml  # still no number on page 1


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"hinh_thuc": "sao chép"}, "BanSao.hinh_thuc", "không biết hình thức sao"),
    ({"nguoi_ky": None}, "BanSao.nguoi_ky", "người ký"),
    ({"viet_tat_co_quan": None}, "BanSao.viet_tat_co_quan", "chữ viết tắt"),
    ({"ngay": None}, "BanSao.ngay", "ngày sao"),
    ({"dien_tu": True}, "BanSao.thoi_gian_ky", "thời gian ký số"),
    ({"dien_tu": True, "thoi_gian_ky": "2021-01-05"}, "BanSao.thoi_gian_ky", "giờ"),
    ({"hinh_thuc": "trich_sao"}, "BanSao.trich", "chọn phần"),
    ({"trich": [{"tu": "Điều 2"}]}, "BanSao.trich", "chỉ trích sao"),
])
def test_wrong_copies_stop_naming_the_field(change, field, words):
    with pytest.raises(BaoCaoError) as info:
        BanSao(decision(), **{**COPIER, **change}).to_bytes()
    assert info.value.where == field and words in str(info.value)


def test_unreadable_original_and_missing_part(tmp_path):
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(BaoCaoError, match="không phải tệp .docx") as info:
        BanSao(bad, **COPIER).to_bytes()
    assert info.value.where == str(bad)
    with pytest.raises(BaoCaoError, match="đoạn bắt đầu bằng 'Điều 9' .* không có trong văn bản"):
        BanSao(decision(), hinh_thuc="trich_sao", trich=[{"tu": "Điều 9"}], **COPIER).to_bytes()
    with pytest.raises(BaoCaoError, match="phải là tệp .docx"):
        BanSao(tmp_path / "x.pdf", **COPIER)


def test_never_over_the_original(tmp_path):
    path = tmp_path / "goc.docx"
    decision().save(path)
    before = path.read_bytes()
    with pytest.raises(BaoCaoError, match="trùng bản gốc"):
        BanSao(path, **COPIER).save(path)
    assert path.read_bytes() == before


def test_command_line(tmp_path, capsys):
    goc = tmp_path / "qd.docx"
    decision().save(goc)
    info = tmp_path / "sao.yaml"
    info.write_text("co_quan: Văn phòng UBND tỉnh\nviet_tat_co_quan: VP\nso: 7\ndia_danh: Trà Vinh\n"
                    "ngay: 2021-01-05\nnguoi_ky: {ho_ten: Nguyễn Văn Hùng, chuc_vu: Chánh Văn phòng}\n",
                    encoding="utf-8")
    out = tmp_path / "ts.docx"
    assert main(["sao", str(goc), "-d", str(info), "--hinh-thuc", "trich_sao", "--tu", "Điều 4",
                 "-o", str(out)]) == 0
    d = opened(out.read_bytes())
    assert "Điều 4. Nội dung điều 4" in texts(d) and "Điều 3. Nội dung điều 3" not in texts(d)
    assert "Số: 07/TrS-VP" in cells(d.tables[2])[0]
    assert main(["sao", str(goc), "-d", str(info), "--set", "so_ban=3", "-o", str(tmp_path / "x.docx")]) == 1
    assert "không có trường 'so_ban'" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_our_copy_passes_the_checker():
    from baocao.check import check

    data = BanSao(decision(), **COPIER).to_bytes()
    assert [f.rule for f in check(data)] == []


def test_copy_of_each_form_reads_back(tmp_path):
    """A copy keeps the original's parts: its own text is unchanged before the block."""
    original = decision()
    plain = texts(opened(original.to_bytes()))
    copied = texts(opened(BanSao(original, **COPIER).to_bytes()))
    assert copied[:len(plain)] == plain
    assert Path(tmp_path).is_dir()


def test_zip_bomb_original_is_refused_before_unpacking(tmp_path, monkeypatch):
    import zipfile

    from baocao.limits import LimitError

    monkeypatch.setenv("BAOCAO_MAX_DATA_FILE", "1000000")
    path = tmp_path / "bom.docx"
    data = io.BytesIO(decision().to_bytes())
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("word/media/bom.bin", b"\0" * 2_000_000)  # 2 MB unzipped, a few kB zipped
    assert path.stat().st_size < 100_000
    with pytest.raises(LimitError, match="giải nén ra 2.0") as info:
        BanSao(path, **COPIER).to_bytes()
    assert info.value.where == str(path)
    from baocao.check import check

    with pytest.raises(LimitError):
        check(path)


def test_appendix_in_a_file_of_its_own(tmp_path):
    """Mẫu 2.2: an electronic document's appendices as files of their own, the kèm theo number
    and date left to the signing system; the command takes them out of the main document."""
    vb = make(dien_tu=True)
    vb.paragraph("Nội dung")
    vb.add_phu_luc("Danh mục thủ tục").paragraph("Thủ tục một")
    vb.add_phu_luc("Bảng số liệu", ngang=True).paragraph("Số liệu")
    d = opened(vb.phu_luc_bytes(2))
    assert texts(d)[:3] == ["Phụ lục II", "BẢNG SỐ LIỆU", texts(d)[2]]
    assert texts(d)[2].startswith("(Kèm theo Báo cáo số ....../BC-SXD ngày \xa0") and "564" not in texts(d)[2]
    assert d.sections[0].orientation == 1 and len(d.tables) == 0
    with pytest.raises(BaoCaoError, match="không có phụ lục 3"):
        vb.phu_luc_bytes(3)
    template = tmp_path / "bc.md.j2"
    template.write_text("---\nco_quan: Sở Xây dựng\nviet_tat_co_quan: SXD\nso: 12\ndia_danh: Trà Vinh\n"
                        "ngay: 2024-05-02\ntrich_yeu: Kết quả\ndien_tu: true\n---\n# Kết quả\nNội dung.\n\n"
                        "# Phụ lục: Danh mục\nBảng.\n", encoding="utf-8")
    out = tmp_path / "bc.docx"
    assert main(["render", str(template), "-o", str(out), "--phu-luc-rieng"]) == 0
    assert not any(t.startswith("Phụ lục") for t in texts(opened(out.read_bytes())))
    assert texts(opened((tmp_path / "bc_phu_luc_1.docx").read_bytes()))[:2] == ["Phụ lục", "DANH MỤC"]
    with pytest.raises(SystemExit) as stop:  # not with a batch, stdout or a PDF: refused before any work
        main(["render", str(template), "-o", str(tmp_path / "x.pdf"), "--phu-luc-rieng"])
    assert stop.value.code == 2 and not (tmp_path / "x.pdf").exists()


def test_readme_copy_commands_run(tmp_path):
    """The README's ``baocao sao`` block, run as written on a quyết định of ours."""
    import os
    import re
    import subprocess
    import sys
    import textwrap

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(\s*cat > sao\.yaml.*?)```", readme, re.DOTALL)
    assert block, "the README's copy example is gone"
    script = textwrap.dedent(block[1])
    decision().save(tmp_path / "quyet_dinh.docx")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    made = {p.name for p in tmp_path.glob("*.docx")}
    assert {"ban_sao.docx", "sao_luc.docx", "quyet_dinh_ban_sao.docx"} <= made
    assert cells(opened((tmp_path / "sao_luc.docx").read_bytes()).tables[2])[1].startswith("SAO LỤC")


def report() -> baocao.VanBan:
    vb = make()
    vb.heading("Kết quả")
    vb.heading("Cải cách thể chế", 2)
    vb.paragraph("Nội dung A.")
    vb.heading("Cải cách thủ tục", 2)
    vb.paragraph("Nội dung B.")
    vb.heading("Phương hướng")
    vb.paragraph("Nội dung C.")
    vb.add_phu_luc("Bảng số liệu", ngang=True).paragraph("Số liệu")
    return vb


def test_trich_sao_part_runs_to_the_next_heading_of_its_rank():
    """A part "I." keeps its 1. and 2.; a khoản "2." stops at the next Điều; appendices go, and the
    last section takes the main text's portrait page."""
    d = opened(BanSao(report(), hinh_thuc="trich_sao", trich=[{"tu": "I. Kết quả"}], **COPIER).to_bytes())
    kept = texts(d)
    assert ["I. Kết quả", "1. Cải cách thể chế", "Nội dung A.", "2. Cải cách thủ tục", "Nội dung B."] == \
        [t for t in kept if t.startswith(("I.", "1.", "2.", "Nội dung"))]
    assert not any(t.startswith(("II.", "Phụ lục", "BẢNG SỐ LIỆU", "Số liệu")) for t in kept)
    assert all(s.orientation == 0 for s in d.sections) and len(d.sections) == 1
    vb = decision()
    vb.blocks.insert(3, baocao.Heading((baocao.Run("Khoản một của điều 1"),), 2))
    vb.blocks.insert(4, baocao.Heading((baocao.Run("Khoản hai của điều 1"),), 2))
    kept = texts(opened(BanSao(vb, hinh_thuc="trich_sao", trich=[{"tu": "2. Khoản hai"}], **COPIER).to_bytes()))
    assert "2. Khoản hai của điều 1" in kept and not any(t.startswith("Điều 2") for t in kept)


def test_trich_sao_keeps_the_header_of_a_document_typed_as_paragraphs(tmp_path):
    """Header lines typed as plain left-aligned paragraphs stay (found as ``baocao check`` finds them);
    the part asked for may be typed in decomposed Unicode (NFD)."""
    import unicodedata

    d = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN TỈNH X", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Số: 12/QĐ-UBND", "X, ngày 01 tháng 02 năm 2020", "QUYẾT ĐỊNH", "QUYẾT ĐỊNH:",
                 "Điều 1. Một.", "Điều 2. Hai.", "Điều 3. Ba./."):
        d.add_paragraph(line)
    d.add_paragraph("Nơi nhận:")
    d.add_paragraph("- Như Điều 3;")
    path = tmp_path / "qd.docx"
    d.save(path)
    part = unicodedata.normalize("NFD", "Điều 2")
    kept = texts(opened(BanSao(path, hinh_thuc="trich_sao", trich=[{"tu": part}], **COPIER).to_bytes()))
    assert kept[:7] == ["ỦY BAN NHÂN DÂN TỈNH X", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                        "Số: 12/QĐ-UBND", "X, ngày 01 tháng 02 năm 2020", "QUYẾT ĐỊNH", "QUYẾT ĐỊNH:"]
    assert "Điều 2. Hai." in kept and "Điều 1. Một." not in kept and "Điều 3. Ba./." not in kept


def test_trich_sao_of_a_text_without_noi_nhan_and_of_an_appendix():
    vb = make(loai="quy_che", kinh_gui=[], noi_nhan=[], nguoi_ky=None, so=None, ngay=None,
              kem_theo={"so": 120, "ngay": "01/4/2021"})
    for i in range(1, 4):
        vb.heading(f"Nội dung điều {i}")
        vb.paragraph(f"Khoản của điều {i}.")
    kept = texts(opened(BanSao(vb, hinh_thuc="trich_sao", trich=[{"tu": "Điều 2"}], **COPIER).to_bytes()))
    assert "Điều 2. Nội dung điều 2" in kept and "Khoản của điều 2." in kept
    assert not any(t.startswith(("Điều 1", "Điều 3")) for t in kept)
    with pytest.raises(BaoCaoError, match="nằm ngoài phần nội dung"):
        BanSao(report(), hinh_thuc="trich_sao", trich=[{"tu": "Phụ lục"}], **COPIER).to_bytes()


def test_copy_is_not_dated_before_its_original_and_keeps_its_abbreviation():
    with pytest.raises(BaoCaoError, match="ngày sao 01/01/2020 trước ngày của bản gốc 29/12/2020") as info:
        BanSao(decision(), **{**COPIER, "ngay": "2020-01-01"}).to_bytes()
    assert info.value.where == "BanSao.ngay"
    with pytest.raises(BaoCaoError, match="phải bắt đầu bằng SY") as info:
        BanSao(decision(), **{**COPIER, "ky_hieu": "BC-VP"})
    assert info.value.where == "BanSao.ky_hieu"
    d = opened(BanSao(decision(), **{**COPIER, "ky_hieu": "SY-VPUB"}).to_bytes())
    assert "Số: 05/SY-VPUB" in cells(d.tables[2])[0]


def test_electronic_copy_keeps_the_original_footer_on_page_one(tmp_path):
    original = docx.Document()
    original.add_paragraph("Văn bản gốc")
    original.sections[0].header.paragraphs[0].text = "Đầu trang tự soạn"
    original.sections[0].footer.paragraphs[0].text = "Chân trang tự soạn"
    original.save(tmp_path / "goc.docx")
    copy = BanSao(tmp_path / "goc.docx", dien_tu=True, thoi_gian_ky="2021-01-05 10:15:30", **COPIER)
    section = opened(copy.to_bytes()).sections[0]
    assert [p.text for p in section.first_page_footer.paragraphs] == ["Chân trang tự soạn"]
    assert [p.text for p in section.first_page_header.paragraphs][1:] == ["Đầu trang tự soạn"]


def test_checker_passes_a_trich_sao_and_a_landscape_appendix_file(tmp_path):
    """A trích sao keeps the numbers of its parts (Điều 2 alone) and ends where its part ends; an
    appendix of its own may be a landscape page; a copy after a text without ./. or Nơi nhận is
    still found as a copy block."""
    from baocao.check import check

    data = BanSao(decision(), hinh_thuc="trich_sao", trich=[{"tu": "Điều 2"}], **COPIER).to_bytes()
    assert check(data) == []
    assert [f.rule for f in check(report().phu_luc_bytes(1))] == []
    plain = docx.Document()
    plain.add_paragraph("Văn bản gốc không có dấu kết thúc")
    plain.save(tmp_path / "goc.docx")
    rules = {f.rule for f in check(BanSao(tmp_path / "goc.docx", **COPIER).to_bytes())}
    assert "dau-ket-thuc" not in rules and "ban-sao" not in rules


def test_signing_time_only_for_an_electronic_copy_and_warnings_said_once(tmp_path, capsys):
    with pytest.raises(BaoCaoError, match="chỉ có ở bản sao điện tử") as info:
        BanSao(decision(), thoi_gian_ky="2021-01-05 10:15:30", **COPIER)
    assert info.value.where == "BanSao.thoi_gian_ky"
    goc = tmp_path / "qd.docx"
    decision().save(goc)
    assert main(["sao", str(goc), "--set", "co_quan=Văn phòng", "--set", "viet_tat_co_quan=VP", "--set", "so=3",
                 "--set", "dia_danh=Trà Vinh", "--set", "ngay=2021-01-05", "--set", "nguoi_ky.ho_ten=TS. Lê Văn A",
                 "--set", "nguoi_ky.chuc_vu=Chánh Văn phòng", "-o", str(tmp_path / "s.docx")]) == 0
    err = capsys.readouterr().err
    assert err.count("bỏ 'TS.'") == 1 and "BaoCaoWarning" not in err
