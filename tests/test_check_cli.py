"""Choosing rules (``select`` / ``ignore``, ``--select`` / ``--ignore``), unknown rule ids,
``--list-rules``, and the rule id on each finding the command prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_check import clerk_document, saved

from baocao.check import REGISTRY, RULES, check
from baocao.cli import main
from baocao.errors import BaoCaoError

ROOT = Path(__file__).resolve().parents[1]
HEADINGS = set(re.findall(r"^#{1,6}\s+(§\d+(?:\.\d+)*)(?!\d|\.\d)", (ROOT / "docs" / "nd30.md").read_text("utf-8"),
                          re.MULTILINE))
#: What the clerk's document breaks (tests/test_check.py: test_clerk_document_with_a_tab_separated_header).
CLERK = ["le-trang", "tieu-ngu", "so-ky-hieu", "dia-danh-ngay", "diem-chu-cai", "de-muc-thu-tu",
         "than-van-can-deu", "dau-ket-thuc", "noi-nhan-dinh-dang", "noi-nhan-dau-cau", "noi-nhan-dau-cau"]


@pytest.fixture(scope="module")
def clerk() -> bytes:
    return saved(clerk_document())


@pytest.fixture
def clerk_file(tmp_path, clerk) -> Path:
    path = tmp_path / "van-thu.docx"
    path.write_bytes(clerk)
    return path


# ---------------------------------------------------------------------------- check(select=, ignore=)
def test_all_rules_by_default(clerk):
    assert [f.rule for f in check(clerk)] == CLERK


def test_ignoring_a_rule_removes_its_findings(clerk):
    full = check(clerk)
    assert [f.rule for f in check(clerk, ignore=["noi-nhan-dau-cau"])] == [r for r in CLERK if r != "noi-nhan-dau-cau"]
    assert check(clerk, ignore="le-trang,dau-ket-thuc") == [f for f in full
                                                             if f.rule not in ("le-trang", "dau-ket-thuc")]


def test_selecting_one_rule_reports_only_that_rule(clerk):
    full = check(clerk)
    found = check(clerk, select=["diem-chu-cai"])
    assert [f.rule for f in found] == ["diem-chu-cai"] and found == [f for f in full if f.rule == "diem-chu-cai"]
    assert check(clerk, select="tieu-ngu") == [f for f in full if f.rule == "tieu-ngu"]  # an id: that rule only


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_a_rule_finds_the_same_alone(clerk, rule_id):
    """The parts of the document are found whatever runs: a rule alone finds what it finds among all."""
    assert check(clerk, select=rule_id) == [f for f in check(clerk) if f.rule == rule_id]


def test_prefixes_and_sections(clerk):
    full = check(clerk)
    assert [f.rule for f in check(clerk, select="noi-nhan*")] == ["noi-nhan-dinh-dang", "noi-nhan-dau-cau",
                                                                  "noi-nhan-dau-cau"]
    assert [f.rule for f in check(clerk, select="than-van")] == ["than-van-can-deu"]  # no rule is "than-van"
    assert [f.rule for f in check(clerk, select="§2")] == ["tieu-ngu", "so-ky-hieu", "dia-danh-ngay"]
    assert check(clerk, select=["§1", "§2"], ignore="le-trang") == [f for f in full
                                                                   if f.rule in ("tieu-ngu", "so-ky-hieu",
                                                                                 "dia-danh-ngay")]


@pytest.mark.parametrize("select, ignore, named", [
    ("quoc-hieu-mot-dnog", None, "quoc-hieu-mot-dong"),
    (None, ["le-trang", "noi-nhan-dau-cua"], "noi-nhan-dau-cau"),
    ("khong-co*", None, None),
    ("§10", None, None),
])
def test_unknown_ids_are_an_error_listing_the_valid_ones(clerk, select, ignore, named):
    with pytest.raises(BaoCaoError) as err:
        check(clerk, select=select, ignore=ignore)
    message = str(err.value)
    assert "không có quy tắc" in message and all(rule_id in message for rule_id in RULES)
    if named:
        assert f"(có phải “{named}”?)" in message


def test_empty_selection_is_an_error(clerk):
    for select in (" , ", []):
        with pytest.raises(BaoCaoError, match="chưa ghi mã quy tắc nào"):
            check(clerk, select=select)


# ---------------------------------------------------------------------------- the command line
def test_cli_shows_the_rule_id_of_each_finding(clerk_file, capsys):
    assert main(["check", str(clerk_file)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{clerk_file}: 11 lỗi"
    assert [re.match(r"  \[([a-z-]+)\] ", line)[1] for line in out[1:]] == CLERK
    assert out[1] == "  [le-trang] mục 1 (section) — lề trái 25 mm (cần: lề trái 30–35 mm)"


def test_cli_select_and_ignore(clerk_file, capsys):
    assert main(["check", "--select", "le-trang,tieu-ngu", "--select", "so-ky-hieu", "--ignore", "tieu-ngu",
                 str(clerk_file)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split("]")[0] for line in out[1:]] == ["  [le-trang", "  [so-ky-hieu"]
    assert main(["check", "--ignore", ",".join(set(CLERK)), str(clerk_file)]) == 0
    assert capsys.readouterr().out == f"{clerk_file}: 0 lỗi\n"
    assert main(["check", "--json", "--select", "dau-ket-thuc", str(clerk_file)]) == 1
    assert [r["rule"] for r in json.loads(capsys.readouterr().out)] == ["dau-ket-thuc"]


@pytest.mark.parametrize("args", [["--select", "le-trag"], ["--ignore", "x"], ["--select", ""]])
def test_cli_unknown_id_is_bad_usage(clerk_file, capsys, args):
    with pytest.raises(SystemExit) as exit_:
        main(["check", *args, str(clerk_file)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "kho-giay" in err and "Traceback" not in err


def test_cli_list_rules(capsys):
    assert main(["check", "--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(REGISTRY)
    for line, r in zip(lines, REGISTRY.values()):
        rule_id, section, rest = re.split(r"\s{2,}", line, maxsplit=2)
        assert (rule_id, section) == (r.id, r.section)
        assert rest.startswith(r.severity) and rest.endswith(r.text)
        assert set(section.split(", ")) <= HEADINGS  # each § is a heading of docs/nd30.md
    assert main(["check", "--list-rules", "--json", "--select", "noi-nhan*"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["rule"] for row in rows] == ["noi-nhan", "noi-nhan-dinh-dang", "noi-nhan-dau-cau", "noi-nhan-luu"]
    assert rows[0] == {"rule": "noi-nhan", "section": "§4", "severity": "lỗi",
                       "text": "có phần Nơi nhận, nhãn “Nơi nhận:”"}


def test_cli_needs_a_file_or_list_rules(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check"])
    assert exit_.value.code == 2 and "--list-rules" in capsys.readouterr().err


# ---------------------------------------------------------------------------- exit codes
@pytest.mark.parametrize("content", [b"not a docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, None])
def test_cli_unreadable_file_exits_2(tmp_path, capsys, clerk_file, content):
    """0: nothing found; 1: findings; 2: a file cannot be read (missing, not a .docx) — the other
    files are still checked and printed."""
    path = tmp_path / "hong.docx"
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    assert str(path) in capsys.readouterr().err
    assert main(["check", str(path), str(clerk_file)]) == 2
    out, err = capsys.readouterr()
    assert out.startswith(f"{clerk_file}: 11 lỗi") and str(path) in err and "Traceback" not in err
    assert main(["check", "--json", str(clerk_file), str(path)]) == 2
    rows = json.loads(capsys.readouterr().out)
    assert rows[-1]["rule"] == "tep-docx" and rows[-1]["file"] == str(path) and "tep-docx" not in RULES
    assert main(["check", str(clerk_file)]) == 1
    assert main(["check", "--select", "huong-giay", str(clerk_file)]) == 0
