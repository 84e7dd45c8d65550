"""The linter's rule registry: one function per rule, unique ids, every § a heading of
docs/nd30.md, and the ids and descriptions ``baocao check`` has always reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baocao.check import CANH_BAO, LOI, REGISTRY, RULES, body, closing, header, page
from baocao.check.registry import rule

ROOT = Path(__file__).resolve().parents[1]
HEADINGS = set(re.findall(r"^#{1,6}\s+(§\d+(?:\.\d+)*)(?!\d|\.\d)", (ROOT / "docs" / "nd30.md").read_text("utf-8"),
                          re.MULTILINE))

#: Every rule id, as ``baocao check`` has reported them (``tep-docx`` is the command line's own,
#: for a file it cannot read: not a rule of the registry).
IDS = {
    "kho-giay", "huong-giay", "le-trang", "phong-chu", "so-trang", "so-trang-trang-dau", "so-trang-dinh-dang",
    "quoc-hieu", "quoc-hieu-dinh-dang", "quoc-hieu-mot-dong", "tieu-ngu", "tieu-ngu-dinh-dang", "co-quan",
    "co-quan-dinh-dang", "so-ky-hieu", "so-ky-hieu-dinh-dang", "ky-hieu-loai", "dia-danh-ngay",
    "dia-danh-ngay-dinh-dang", "ten-loai", "ten-loai-dinh-dang", "trich-yeu-dinh-dang", "than-van-can-deu",
    "than-van-co-chu", "than-van-thut-dau-dong", "than-van-khoang-cach", "than-van-gian-dong", "diem-chu-cai",
    "diem-thu-tu", "de-muc-thu-tu", "dau-ket-thuc", "noi-nhan", "noi-nhan-dinh-dang", "noi-nhan-dau-cau",
    "noi-nhan-luu", "gach-duoi-co-quan", "gach-duoi-trich-yeu", "trich-yeu-vv", "chu-ky-quyen-han", "chu-ky-ho-ten",
    "dong-quyet", "giay-gioi-thieu", "giay-nghi-phep", "bien-ban-noi-dung", "cong-dien", "ban-sao", "bien-ban-chu-ky",
}


def test_every_rule_id_is_registered_once_with_its_own_function():
    assert set(REGISTRY) == IDS == set(RULES)
    assert list(RULES) == list(REGISTRY)  # RULES is the registry's view, in its order
    functions = [r.function for r in REGISTRY.values()]
    assert all(callable(f) for f in functions) and len(set(functions)) == len(functions)
    assert all(r.id == rule_id for rule_id, r in REGISTRY.items())


def test_a_second_registration_of_an_id_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        rule("quoc-hieu", "§2", text="again")(lambda doc: [])
    with pytest.raises(ValueError, match="bad section"):
        rule("khong-co-o-dau", "2", text="no §")(lambda doc: [])
    assert "khong-co-o-dau" not in REGISTRY


def test_every_section_is_a_heading_of_the_spec():
    assert {"§1", "§2", "§3", "§4", "§6"} <= HEADINGS
    for r in REGISTRY.values():
        assert r.sections and set(r.sections) <= HEADINGS, r
        assert r.severity in (LOI, CANH_BAO) and r.text and not r.text.endswith(")")
        assert RULES[r.id] == f"{r.text} ({', '.join(r.sections)})"


def test_rules_grouped_by_part_of_the_document():
    """page.py holds §1, header.py §2, body.py §3 (and the ký hiệu that must match the tên loại),
    closing.py §4; the registry runs them in that order."""
    modules = {page.__name__: {"§1"}, header.__name__: {"§2"}, body.__name__: {"§3", "§2", "§6"},
               closing.__name__: {"§4"}}
    order = [r.function.__module__ for r in REGISTRY.values()]
    assert order == sorted(order, key=list(modules).index)
    for r in REGISTRY.values():
        assert set(r.sections) <= modules[r.function.__module__], r


def test_descriptions_are_unchanged():
    """The texts RULES has always given (what ``--list-rules`` prints)."""
    assert RULES["quoc-hieu-mot-dong"] == "Quốc hiệu trên một dòng, vừa ô/cột chứa nó (§2)"
    assert RULES["ky-hieu-loai"] == "ký hiệu bắt đầu bằng chữ viết tắt của tên loại (§2, §6)"
    assert RULES["noi-nhan-luu"] == "dòng cuối là “- Lưu: VT, … .” (§4)"
    assert RULES["so-trang-dinh-dang"] == "số trang: cỡ chữ, chữ đứng, căn giữa (§1)"
    assert REGISTRY["huong-giay"].severity == CANH_BAO
