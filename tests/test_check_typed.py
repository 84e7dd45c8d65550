"""``baocao check`` learns what the renderer now prevents (issue 14), for documents typed by hand:
the lines under the agency name and the trích yếu, "V/v V/v", "- -", two Lưu lines, a title
before the signer's name, "KT. TM.", Latin điểm letters."""

from __future__ import annotations

import io
import re
import warnings

import docx
import pytest
from conftest import make

from baocao import NguoiKy
from baocao.check import check
from baocao.readers import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def built(**fields) -> docx.document.Document:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return docx.Document(io.BytesIO(make(**fields).to_bytes()))


def rules_of(d: docx.document.Document, tmp_path, select: str | None = None) -> list:
    path = tmp_path / "x.docx"
    d.save(str(path))
    return check(path, select=[select] if select else None)


def replace_text(d: docx.document.Document, old: str, new: str) -> None:
    """Change ``old`` to ``new`` in the first run holding it, anywhere in the body."""
    for t in d.element.body.iter(f"{{{W}}}t"):
        if t.text and old in t.text:
            t.text = t.text.replace(old, new, 1)
            return
    raise AssertionError(f"{old!r} not found")


@pytest.mark.parametrize("agency", ["Sở Y tế", "Sở Xây dựng", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "Bộ Nội vụ"])
def test_our_rules_are_within_a_third_and_a_half(agency, tmp_path):
    d = built(co_quan=agency, viet_tat_co_quan="SYT")
    assert [f for f in rules_of(d, tmp_path) if f.rule.startswith("gach-duoi")] == []
    read = read_docx(tmp_path / "x.docx")
    name = next(p for p in read.paragraphs if " ".join(p.text.split()) == agency.upper())
    rule = next(p for p in read.paragraphs[name.n:] if p.ppr.border_top)
    longest = max(name.width_of(a, b) for a, b in name.lines())
    assert 1 / 3 <= rule.avail / longest <= 1 / 2
    # a reader who takes the cell margins (2 × 1 mm) off the line still finds a third
    assert (rule.avail - 2 * 57) / longest >= 1 / 3 - 0.01


def _set_rule_indent(d: docx.document.Document, n: int, side: int) -> None:
    """Give the ``n``-th bordered paragraph (the rules) left and right indents of ``side`` twips."""
    bordered = [p for p in d.element.body.iter(f"{{{W}}}p") if p.find(f".//{{{W}}}pBdr") is not None]
    ind = bordered[n].find(f".//{{{W}}}ind")
    ind.set(f"{{{W}}}left", str(side))
    ind.set(f"{{{W}}}right", str(side))


def test_a_rule_too_short_or_too_long_under_the_agency(tmp_path):
    d = built(co_quan="Sở Y tế", viet_tat_co_quan="SYT")
    _set_rule_indent(d, 0, 1850)  # almost nothing left between the indents
    found = [f for f in rules_of(d, tmp_path) if f.rule == "gach-duoi-co-quan"]
    assert len(found) == 1 and found[0].severity == "lỗi" and "SỞ Y TẾ" in found[0].where
    assert re.search(r"dài \d+% dòng chữ", found[0].message)
    d = built(co_quan="Sở Y tế", viet_tat_co_quan="SYT")
    _set_rule_indent(d, 0, 0)  # the whole column
    assert [f.rule for f in rules_of(d, tmp_path) if f.rule.startswith("gach-duoi")] == ["gach-duoi-co-quan"]


def test_a_rule_too_long_under_the_trich_yeu(tmp_path):
    d = built()
    _set_rule_indent(d, 2, 0)  # agency, Tiêu ngữ, trích yếu
    assert [f.rule for f in rules_of(d, tmp_path) if f.rule.startswith("gach-duoi")] == ["gach-duoi-trich-yeu"]


def test_no_rule_is_a_warning(tmp_path):
    d = built()
    for p in list(d.element.body.iter(f"{{{W}}}p")):
        if p.find(f".//{{{W}}}pBdr") is not None and not "".join(p.itertext()).strip():
            p.getparent().remove(p)
    found = {f.rule: f for f in rules_of(d, tmp_path) if f.rule.startswith("gach-duoi")}
    assert set(found) == {"gach-duoi-co-quan", "gach-duoi-trich-yeu"}
    assert all(f.severity == "cảnh báo" for f in found.values())


def test_v_v_twice(tmp_path):
    d = built(loai="cong_van", trich_yeu="triển khai kế hoạch", kinh_gui="Sở Tài chính")
    replace_text(d, "V/v triển khai", "V/v V/v triển khai")
    found = [f for f in rules_of(d, tmp_path) if f.rule == "trich-yeu-vv"]
    assert len(found) == 1 and "V/v" in found[0].message
    d = built(loai="cong_van", trich_yeu="triển khai kế hoạch", kinh_gui="Sở Tài chính")
    assert not [f for f in rules_of(d, tmp_path) if f.rule == "trich-yeu-vv"]


def test_dash_typed_twice_and_two_luu_lines(tmp_path):
    d = built(noi_nhan=["Như trên", "BGD Sở"])
    replace_text(d, "- BGD Sở;", "- - BGD Sở;")
    replace_text(d, "- Như trên;", "- Lưu: VT, NVY;")
    found = rules_of(d, tmp_path)
    assert any(f.rule == "noi-nhan-dau-cau" and "hai lần" in f.message for f in found)
    assert any(f.rule == "noi-nhan-luu" and "2 dòng Lưu" in f.message for f in found)


def test_a_title_before_the_signer_name(tmp_path):
    d = built()
    replace_text(d, "Lê Minh Tân", "TS. Lê Minh Tân")
    found = [f for f in rules_of(d, tmp_path) if f.rule == "chu-ky-ho-ten"]
    assert len(found) == 1 and found[0].severity == "cảnh báo" and "TS. Lê Minh Tân" in found[0].message


def test_authority_words_in_the_wrong_order(tmp_path):
    d = built(nguoi_ky=NguoiKy("Nguyễn Văn A", "Phó Chủ tịch", ["TM.", "KT."], ["Ủy ban nhân dân", "Chủ tịch"]))
    assert not [f for f in rules_of(d, tmp_path) if f.rule == "chu-ky-quyen-han"]
    replace_text(d, "TM. ỦY BAN NHÂN DÂN", "KT. TM. ỦY BAN NHÂN DÂN")
    found = [f for f in rules_of(d, tmp_path) if f.rule == "chu-ky-quyen-han"]
    assert found and "KT. TM." in found[0].message
    d = built(nguoi_ky=NguoiKy("Nguyễn Văn A", "Phó Chủ tịch", ["TM.", "KT."], ["Ủy ban nhân dân", "Chủ tịch"]))
    replace_text(d, "TM. ỦY BAN NHÂN DÂN", "KT. ỦY BAN NHÂN DÂN")
    replace_text(d, "KT. CHỦ TỊCH", "TM. CHỦ TỊCH")
    found = [f for f in rules_of(d, tmp_path) if f.rule == "chu-ky-quyen-han"]
    assert found and "đứng trước" in found[0].message


def test_latin_letters_in_a_diem_list(tmp_path):
    vb = make()
    for text in ("a) Một;", "b) Hai;", "c) Ba;", "d) Bốn;", "e) Năm;", "f) Sáu."):
        vb.paragraph(text)
    path = vb.save(tmp_path / "x.docx")
    found = [f for f in check(path) if f.rule in ("diem-chu-cai", "diem-thu-tu")]
    assert [f.rule for f in found] == ["diem-thu-tu", "diem-chu-cai"]  # e) after d), then f)


def test_every_document_the_renderer_makes_passes_the_new_rules(tmp_path):
    for loai in ("bao_cao", "ke_hoach", "cong_van", "quyet_dinh", "to_trinh", "thong_bao", "giay_moi"):
        extra = {"kinh_gui": "Sở Tài chính"} if loai == "cong_van" else {}
        if loai == "quyet_dinh":
            extra = {"tham_quyen": "Giám đốc Sở Xây dựng", "trich_yeu": "Về việc ban hành Quy chế", "kinh_gui": []}
        d = built(loai=loai, nguoi_ky=NguoiKy("Lê Minh Tân", "Phó Chủ tịch", ["TM.", "KT."],
                                               ["Ủy ban nhân dân", "Chủ tịch"]), **extra)
        new = {"gach-duoi-co-quan", "gach-duoi-trich-yeu", "trich-yeu-vv", "chu-ky-quyen-han", "chu-ky-ho-ten"}
        assert [f for f in rules_of(d, tmp_path) if f.rule in new] == [], loai
