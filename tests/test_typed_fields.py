"""Fields and body text typed the way they look on paper (issue 14): normalised with a warning
that names the field and its line, or an error with strict — never printed doubled."""

from __future__ import annotations

import warnings

import pytest
from conftest import make, open_docx, texts, write

import baocao
from baocao import BaoCaoWarning, NguoiKy, TemplateError
from baocao.writers.common import noi_nhan_lines

CONG_VAN = """---
loai: cong_van
co_quan: Sở Nội vụ
co_quan_chu_quan: UBND tỉnh Trà Vinh
viet_tat_co_quan: SNV
so: 12
dia_danh: Trà Vinh
ngay: 2024-03-05
trich_yeu: V/v triển khai kế hoạch năm 2024.
kinh_gui: ["- Sở Tài chính;", "- Sở Y tế;"]
noi_nhan: ["- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, NVY."]
nguoi_ky:
  ho_ten: BS.CKII. Trương Thị Ánh Nguyệt
  chuc_vu: Giám đốc
---
Nội dung.
"""


def render_warned(path, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vb = baocao.render(path, **kwargs)
    return vb, [str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning)]


def all_text(vb) -> str:
    d = open_docx(vb)
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(texts(d) + cells)


def test_a_cong_van_typed_as_on_paper_comes_out_right(tmp_path):
    vb, said = render_warned(write(tmp_path, "cv.md.j2", CONG_VAN))
    text = all_text(vb)
    assert "V/v triển khai kế hoạch năm 2024" in text and "V/v V/v" not in text
    assert "năm 2024." not in text.split("V/v ", 1)[1].split("\n", 1)[0]
    assert "- - " not in text and ";;" not in text
    assert text.count("Lưu:") == 1 and "- Lưu: VT, NVY." in text
    assert "BS.CKII" not in text and "Trương Thị Ánh Nguyệt" in text
    # each change said once, with the field's line in the template
    joined = "\n".join(said)
    for field, line in (("trich_yeu", 9), ("kinh_gui", 10), ("noi_nhan", 11), ("nguoi_ky.ho_ten", 13)):
        assert f"cv.md.j2:{line}: {field}:" in joined, joined
    assert "ghi_hoc_ham" in joined


def test_strict_stops_at_the_first_typed_field(tmp_path):
    with pytest.raises(TemplateError) as err:
        baocao.render(write(tmp_path, "cv.md.j2", CONG_VAN), strict=True)
    assert err.value.line in (9, 10, 11, 13)


def test_the_signer_title_is_kept_where_the_sector_allows_it():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        signer = NguoiKy("TS. Nguyễn Văn A", "Giám đốc", ghi_hoc_ham=True)
    assert signer.ho_ten == "TS. Nguyễn Văn A"


@pytest.mark.parametrize(("typed", "name"), [
    ("TS. Nguyễn Văn A", "Nguyễn Văn A"), ("PGS.TS. Lê Thị B", "Lê Thị B"), ("ThS. Trần C", "Trần C"),
    ("Tiến sĩ Phạm Văn D", "Phạm Văn D"), ("GS.TSKH. Đỗ E", "Đỗ E"), ("BS.CKI. Võ F", "Võ F"),
])
def test_titles_before_the_signer_name_are_dropped_with_a_warning(typed, name):
    with pytest.warns(BaoCaoWarning, match="học hàm"):
        assert NguoiKy(typed, "Giám đốc").ho_ten == name


@pytest.mark.parametrize("name", ["Nguyễn Thị Ts", "Cao Văn Tiến", "Thái Bá Sĩ", "Đại tá Nguyễn Văn A"])
def test_names_that_only_look_like_titles_are_kept(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert NguoiKy(name, "Giám đốc").ho_ten == name


def test_ve_viec_stays_in_a_quyet_dinh_and_v_v_is_written_out():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert make(loai="quyet_dinh", trich_yeu="Về việc ban hành Quy chế").trich_yeu == "Về việc ban hành Quy chế"
    with pytest.warns(BaoCaoWarning, match="Về việc"):
        assert make(trich_yeu="V/v tổng kết năm 2024").trich_yeu == "Về việc tổng kết năm 2024"


@pytest.mark.parametrize("trich_yeu", ["Kết quả thực hiện tại TP.", "Mua sắm bàn, ghế v.v.", "Kết quả quý I..."])
def test_a_final_dot_that_belongs_to_a_word_is_kept(trich_yeu):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert make(trich_yeu=trich_yeu).trich_yeu == trich_yeu


def test_a_final_full_stop_in_the_trich_yeu_is_dropped():
    with pytest.warns(BaoCaoWarning, match="bỏ dấu '.' ở cuối"):
        assert make(trich_yeu="Tổng kết năm 2024.").trich_yeu == "Tổng kết năm 2024"


def test_luu_typed_in_noi_nhan_gives_one_luu_line():
    with pytest.warns(BaoCaoWarning, match="chuyển sang luu"):
        vb = make(noi_nhan=["Như trên", "Lưu: VT, NVY."], don_vi_soan_thao="NVY")
    assert noi_nhan_lines(vb) == ["- Như trên;", "- Lưu: VT, NVY."]


def test_luu_tru_is_a_recipient_not_a_luu_line():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vb = make(noi_nhan=["Như trên", "Lưu trữ lịch sử tỉnh"])
    assert noi_nhan_lines(vb) == ["- Như trên;", "- Lưu trữ lịch sử tỉnh;", "- Lưu: VT."]


def test_luu_typed_with_its_label_in_luu():
    with pytest.warns(BaoCaoWarning, match="Lưu:"):
        vb = make(luu=["Lưu: VT, TH."])
    assert vb.luu == ["VT", "TH"]


def test_can_cu_typed_with_dashes():
    with pytest.warns(BaoCaoWarning, match="can_cu"):
        vb = make(loai="quyet_dinh", can_cu=["- Căn cứ Luật Tổ chức chính quyền địa phương;"],
                  trich_yeu="Về việc ban hành Quy chế", tham_quyen="Giám đốc Sở")
    assert vb.can_cu == ["Căn cứ Luật Tổ chức chính quyền địa phương;"]


# ------------------------------------------------------------------------------------ the body

BAO_CAO = """---
co_quan: Sở Nội vụ
viet_tat_co_quan: SNV
so: 12
dia_danh: Trà Vinh
ngay: 2024-03-05
trich_yeu: Kết quả
nguoi_ky: {ho_ten: Nguyễn Văn A, chuc_vu: Giám đốc}
---
"""


def test_lines_typed_a_b_c_become_paragraphs(tmp_path):
    body = "Gồm các nội dung sau:\na) Rà soát **hồ sơ**;\nb) Báo cáo kết quả;\nc) Tổng hợp.\n"
    vb, said = render_warned(write(tmp_path, "bc.md.j2", BAO_CAO + body))
    paras = ["".join(r.text for r in b.text) for b in vb.blocks]
    assert paras == ["Gồm các nội dung sau:", "a) Rà soát hồ sơ;", "b) Báo cáo kết quả;", "c) Tổng hợp."]
    assert [b.line for b in vb.blocks] == [10, 11, 12, 13]
    assert any("bc.md.j2:10:" in s and "a), b), c)" in s for s in said), said


def test_a_sentence_running_on_to_a_letter_stays_one_paragraph(tmp_path):
    vb, said = render_warned(write(tmp_path, "bc.md.j2", BAO_CAO + "Theo quy định tại điểm\na) khoản 2 Điều 5.\n"))
    assert len(vb.blocks) == 1 and not said


def test_data_lines_are_never_split(tmp_path):
    vb, _ = render_warned(write(tmp_path, "bc.md.j2", BAO_CAO + "{{ x }}\n"), x="a) một\nb) hai")
    assert len(vb.blocks) == 1


def test_latin_and_out_of_order_letters_are_warned(tmp_path):
    body = "a) một;\n\nb) hai;\n\nc) ba;\n\nd) bốn;\n\ne) năm;\n\nf) sáu.\n"
    _, said = render_warned(write(tmp_path, "bc.md.j2", BAO_CAO + body))
    assert any("bc.md.j2:18:" in s and "'e)' đứng sau 'd)'" in s and "đ)" in s for s in said), said
    assert any("bc.md.j2:20:" in s and "'f'" in s and "g)" in s for s in said), said


def test_letters_start_again_under_each_heading(tmp_path):
    body = "# Một\n\na) x;\n\nb) y.\n\n# Hai\n\na) z.\n"
    _, said = render_warned(write(tmp_path, "bc.md.j2", BAO_CAO + body))
    assert not [s for s in said if "điểm" in s]


def test_numbered_paragraphs_in_a_cong_van_are_not_advised_to_be_headings(tmp_path):
    head = CONG_VAN.split("---\nNội dung.")[0].replace("trich_yeu: V/v triển khai kế hoạch năm 2024.",
                                                       "trich_yeu: triển khai kế hoạch")
    head = head.replace('["- Sở Tài chính;", "- Sở Y tế;"]', "Sở Tài chính").replace(
        '["- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, NVY."]', "[Như trên]").replace("BS.CKII. ", "")
    vb, said = render_warned(write(tmp_path, "cv.md.j2", head + "---\n1. Rà soát hồ sơ.\n2. Báo cáo kết quả.\n"))
    assert not said, said
    assert ["".join(r.text for r in b.text) for b in vb.blocks] == ["1. Rà soát hồ sơ.", "2. Báo cáo kết quả."]
    assert not any(r.bold for b in vb.blocks for r in b.text)


def test_numbered_list_in_a_bao_cao_says_both_readings(tmp_path):
    _, said = render_warned(write(tmp_path, "bc.md.j2", BAO_CAO + "1. Rà soát hồ sơ.\n"))
    assert any("đoạn văn có số" in s and "##" in s for s in said), said


# ------------------------------------------------------------------ lists typed in one string, places

def test_several_entries_typed_in_one_string():
    with pytest.warns(BaoCaoWarning) as caught:
        vb = make(noi_nhan="Như trên; BGD Sở; Lưu: VT, NVY.", kinh_gui="Sở A; Sở B")
    said = [str(w.message) for w in caught]
    assert any("noi_nhan: 3 mục" in m for m in said) and any("chuyển sang luu" in m for m in said)
    assert noi_nhan_lines(vb) == ["- Như trên;", "- BGD Sở;", "- Lưu: VT, NVY."]
    assert vb.kinh_gui == ["Sở A", "Sở B"]
    with pytest.warns(BaoCaoWarning):
        vb = make(noi_nhan="- Như trên;\n- BGD Sở;\n- Lưu: VT.")
    assert noi_nhan_lines(vb) == ["- Như trên;", "- BGD Sở;", "- Lưu: VT."]


def test_can_cu_lines_are_split_only_at_line_ends():
    with pytest.warns(BaoCaoWarning, match="tách ra"):
        vb = make(loai="quyet_dinh", trich_yeu="Về việc ban hành Quy chế", tham_quyen="Giám đốc Sở",
                  can_cu="Căn cứ Luật A; Luật B sửa đổi;\nCăn cứ Nghị định 30/2020/NĐ-CP;")
    assert vb.can_cu == ["Căn cứ Luật A; Luật B sửa đổi;", "Căn cứ Nghị định 30/2020/NĐ-CP;"]


def test_title_lines_typed_in_one_string():
    with pytest.warns(BaoCaoWarning, match="quyền hạn gõ trong chức vụ"):
        assert NguoiKy("A", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC").dong_chuc_danh == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_a_date_typed_after_the_place():
    from baocao.writers.common import date_line

    with pytest.warns(BaoCaoWarning, match="bỏ ngày gõ sau địa danh"):
        vb = make(dia_danh="Trà Vinh, ngày 05 tháng 02 năm 2020")
    assert date_line(vb) == "Trà Vinh, ngày 29 tháng 12 năm 2020"  # the ngay field wins
    with pytest.warns(BaoCaoWarning, match="dùng làm trường ngay"):
        vb = make(dia_danh="Trà Vinh, ngày 05 tháng 02 năm 2020", ngay=None)
    assert date_line(vb) == "Trà Vinh, ngày 05 tháng 02 năm 2020"
    with pytest.warns(BaoCaoWarning, match="','"):
        assert make(dia_danh="Trà Vinh,").dia_danh == "Trà Vinh"


def test_a_final_dot_in_an_abbreviation():
    with pytest.warns(BaoCaoWarning, match="viet_tat_co_quan"):
        vb = make(viet_tat_co_quan="SXD.")
    assert vb.ky_hieu_day_du == "BC-SXD"


@pytest.mark.parametrize(("body", "warned"), [
    ("I. Kết quả thực hiện\n", True), ("Điều 2. Tổ chức thực hiện\n", True), ("Chương II\n", True),
    ("I. Kết quả thực hiện tốt.\n", False), ("Công tác năm 2024 đạt kết quả.\n", False),
    ("# Kết quả thực hiện\n", False),
])
def test_a_heading_typed_as_a_paragraph_warns(tmp_path, body, warned):
    _, said = render_warned(write(tmp_path, "bc.md.j2", BAO_CAO + body))
    assert any("đề mục gõ tay" in s and "bc.md.j2:10:" in s for s in said) is warned, said


@pytest.mark.parametrize(("typed", "meant"), [("False", False), ("false", False), ("không", False), ("0", False),
                                              ("True", True), ("có", True), (1, True)])
def test_yes_no_fields_read_the_text_a_template_writes(typed, meant):
    """``dau_ket_thuc: "{{ x }}"`` renders ``False`` as the text "False", which ``bool()`` read as yes."""
    from baocao import PhuLuc

    vb = make(dau_ket_thuc=typed, dien_tu=typed, nguoi_ky=NguoiKy("Lê Minh Tân", "Giám đốc", ghi_hoc_ham=typed))
    assert vb.dau_ket_thuc is meant and vb.dien_tu is meant and vb.nguoi_ky.ghi_hoc_ham is meant
    assert PhuLuc("Danh mục", ngang=typed).ngang is meant


@pytest.mark.parametrize("field", ["dau_ket_thuc", "dien_tu"])
def test_yes_no_field_refuses_other_text(field):
    with pytest.raises(baocao.BaoCaoError, match=f"VanBan.{field}: cần có hoặc không"):
        make(**{field: "maybe"})
