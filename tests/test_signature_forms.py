"""Every signature form of Decree 30 (Phụ lục I, 7b): TM., KT., Q., TL., TUQ. and their
combinations, written as a user would guess them; impossible orders stopped with a message."""

from __future__ import annotations

import re
import warnings

import pytest
from conftest import HEAD, make, open_docx, write

import baocao
from baocao import BaoCaoWarning, ModelError, NguoiKy, TemplateError
from baocao.writers.common import signature


def lines(**fields) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return NguoiKy("Nguyễn Văn A", **fields).dong_chuc_danh


@pytest.mark.parametrize(("fields", "expected"), [
    (dict(chuc_vu="Giám đốc"), ["GIÁM ĐỐC"]),
    (dict(quyen_han="KT.", thay_mat="Giám đốc", chuc_vu="Phó Giám đốc"), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    (dict(quyen_han="TM.", thay_mat="Ủy ban nhân dân", chuc_vu="Chủ tịch"), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    (dict(quyen_han="Q.", chuc_vu="Giám đốc"), ["Q. GIÁM ĐỐC"]),
    (dict(quyen_han="Q.", thay_mat="Giám đốc"), ["Q. GIÁM ĐỐC"]),
    (dict(quyen_han="TL.", thay_mat="Giám đốc", chuc_vu="Chánh Văn phòng"), ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
    (dict(quyen_han="TUQ.", thay_mat="Chủ tịch", chuc_vu="Giám đốc Sở Nội vụ"),
     ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"]),
    # the standard provincial form
    (dict(quyen_han=["TM.", "KT."], thay_mat=["Ủy ban nhân dân", "Chủ tịch"], chuc_vu="Phó Chủ tịch"),
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (dict(quyen_han="TM., KT.", thay_mat=["Ủy ban nhân dân", "Chủ tịch"], chuc_vu="Phó Chủ tịch"),
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (dict(quyen_han=["TM.", "TL."], thay_mat=["Ủy ban nhân dân", "Chủ tịch"], chuc_vu="Chánh Văn phòng"),
     ["TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
    (dict(quyen_han=["TM.", "Q."], thay_mat=["Ủy ban nhân dân"], chuc_vu="Chủ tịch"),
     ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]),
    (dict(quyen_han=["TL.", "KT."], thay_mat=["Bộ trưởng", "Vụ trưởng Vụ Tổ chức cán bộ"], chuc_vu="Phó Vụ trưởng"),
     ["TL. BỘ TRƯỞNG", "KT. VỤ TRƯỞNG VỤ TỔ CHỨC CÁN BỘ", "PHÓ VỤ TRƯỞNG"]),
    (dict(quyen_han=["TM.", "TUQ.", "KT."], thay_mat=["Ủy ban nhân dân", "Chủ tịch", "Giám đốc Sở"],
          chuc_vu="Phó Giám đốc Sở"),
     ["TM. ỦY BAN NHÂN DÂN", "TUQ. CHỦ TỊCH", "KT. GIÁM ĐỐC SỞ", "PHÓ GIÁM ĐỐC SỞ"]),
    (dict(quyen_han=["tm", "kt"], thay_mat=["Ủy ban nhân dân", "Chủ tịch"], chuc_vu="Phó Chủ tịch"),
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
])
def test_every_form(fields, expected):
    assert lines(**fields) == expected


def test_the_form_survives_a_second_check():
    signer = NguoiKy("A", quyen_han=["TM.", "KT."], thay_mat=["Ủy ban nhân dân", "Chủ tịch"], chuc_vu="Phó Chủ tịch")
    before = signer.dong_chuc_danh
    signer._check()
    assert signer.dong_chuc_danh == before and signer.quyen_han == ["TM.", "KT."]


@pytest.mark.parametrize(("fields", "expected"), [
    # the silent "KT. TM. ỦY BAN NHÂN DÂN" of the issue: words typed inside thay_mat are read
    (dict(quyen_han="KT.", thay_mat="TM. Ủy ban nhân dân\nKT. Chủ tịch", chuc_vu="Phó Chủ tịch"),
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (dict(quyen_han="KT.", thay_mat="TM. Ủy ban nhân dân\nChủ tịch", chuc_vu="Phó Chủ tịch"),
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (dict(thay_mat=["TM. Ủy ban nhân dân", "KT. Chủ tịch"], chuc_vu="Phó Chủ tịch"),
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (dict(quyen_han="KT.", thay_mat="KT. Giám đốc", chuc_vu="Phó Giám đốc"), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    (dict(chuc_vu=["KT. Giám đốc", "Phó Giám đốc"]), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
])
def test_words_typed_in_the_lines_are_read_with_a_warning(fields, expected):
    with pytest.warns(BaoCaoWarning, match="quyền hạn gõ trong"):
        signer = NguoiKy("Nguyễn Văn A", **fields)
    assert signer.dong_chuc_danh == expected
    assert not any(line.count(".") > 1 and line.split()[1].endswith(".") for line in signer.dong_chuc_danh)


@pytest.mark.parametrize(("fields", "message"), [
    (dict(quyen_han=["KT.", "TM."], thay_mat=["Chủ tịch", "Ủy ban nhân dân"], chuc_vu="Phó Chủ tịch"),
     "'KT.' (ký thay) đứng trước 'TM.'"),
    (dict(quyen_han=["KT.", "KT."], thay_mat=["A", "B"], chuc_vu="C"), "ghi hai lần"),
    (dict(quyen_han=["TL.", "TUQ."], thay_mat=["A", "B"], chuc_vu="C"), "không ghi cùng nhau"),
    (dict(quyen_han=["Q.", "KT."], thay_mat=["A", "B"], chuc_vu="C"), "không ghi cùng nhau"),
    (dict(quyen_han=["KT.", "TL."], thay_mat=["A", "B"], chuc_vu="C"), "đứng trước"),
    (dict(quyen_han=["TM.", "KT."], thay_mat=["Ủy ban nhân dân"], chuc_vu="Phó Chủ tịch"), "thay mặt ai"),
    (dict(quyen_han="KT.", chuc_vu="Phó Giám đốc"), "thay mặt ai"),
    (dict(thay_mat="Ủy ban nhân dân", chuc_vu="Chủ tịch"), "cần quyền hạn ký"),
    (dict(quyen_han="KT. XY", thay_mat="A"), "'XY'"),
    (dict(quyen_han=5, thay_mat="A"), "chuỗi hoặc danh sách"),
    (dict(quyen_han="Q."), "Q."),
])
def test_impossible_forms_stop_with_a_message(fields, message):
    with pytest.raises(ModelError, match=re.escape(message)):
        NguoiKy("Nguyễn Văn A", **fields)


def test_the_provincial_form_from_a_template(tmp_path):
    head = HEAD.replace("nguoi_ky:\n  ho_ten: Lê Minh Tân\n  chuc_vu: Giám đốc\n",
                        "nguoi_ky:\n  ho_ten: Lê Minh Tân\n  quyen_han: [TM., KT.]\n"
                        "  thay_mat: [Ủy ban nhân dân, Chủ tịch]\n  chuc_vu: Phó Chủ tịch\n")
    vb = baocao.render(write(tmp_path, "t.md.j2", head + "Nội dung.\n"))
    assert signature(vb)[0] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    cell = open_docx(vb).tables[-1].rows[0].cells[-1]
    assert [p.text for p in cell.paragraphs if p.text][:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_an_impossible_form_in_a_template_names_its_line(tmp_path):
    head = HEAD.replace("  chuc_vu: Giám đốc\n", "  chuc_vu: Phó Chủ tịch\n  quyen_han: [KT., TM.]\n"
                                                 "  thay_mat: [Chủ tịch, Ủy ban nhân dân]\n")
    with pytest.raises(TemplateError) as err:
        baocao.render(write(tmp_path, "t.md.j2", head + "Nội dung.\n"))
    assert "quyen_han" in str(err.value) and err.value.line == 13


def test_the_python_builder_takes_lists():
    vb = make(nguoi_ky=NguoiKy("A", "Phó Chủ tịch", ["TM.", "KT."], ["Ủy ban nhân dân", "Chủ tịch"]))
    assert signature(vb)[0] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
