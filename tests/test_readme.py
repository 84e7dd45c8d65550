"""What README.md promises is what the library does: the front-matter field list, the filter
table, the indicator examples and the Python example all run against the code."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import pytest
from conftest import HEAD
from seedtext import docx_text

import baocao
from baocao import chiso
from baocao.template import FIELDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n#", start + len(title))
    return README[start:end if end > 0 else None]


def test_front_matter_field_list_is_complete():
    bullet = README[README.index("- **Front matter fields**"):README.index("An unknown field is an error")]
    named = re.findall(r"`(\w+)`", bullet.split(":", 1)[1])
    top = [n for n in named if n in FIELDS]
    assert top == list(FIELDS), "README's field list differs from baocao.template.FIELDS"
    signer = re.search(r"`nguoi_ky`\s*\(([^)]*)\)", bullet)[1]
    from baocao.template.frontmatter import _SIGNER_FIELDS

    assert re.findall(r"`(\w+)`", signer) == list(_SIGNER_FIELDS)


def filter_rows() -> list[tuple[str, str]]:
    """(expression, expected) for every filter example of the README's table that uses no variable."""
    rows = []
    for line in section("### Filters").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) != 3 or not cells[1].startswith("`{{"):
            continue
        examples = [e.replace("\\|", "|") for e in re.findall(r"`(\{\{.*?\}\})`", cells[1])]
        results = re.findall(r"`([^`]*)`", cells[2])
        if len(results) == 1:
            results *= len(examples)
        for example, result in zip(examples, results):
            if not re.search(r"\{\{\s*d\b", example):  # `d` stands for a date the reader has
                rows.append((example, result))
    return rows


FILTER_ROWS = filter_rows()


def test_the_filter_table_was_read():
    assert len(FILTER_ROWS) >= 7


@pytest.mark.parametrize("example,expected", FILTER_ROWS, ids=[e for e, _ in FILTER_ROWS])
def test_filter_table_examples(example, expected, tmp_path):
    template = tmp_path / "t.md.j2"
    template.write_text(HEAD + f"\nKết quả: {example}.\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        baocao.render(template).save(tmp_path / "t.docx")
    assert f"Kết quả: {expected}." in docx_text(tmp_path / "t.docx")


def indicator_examples() -> list[tuple[str, str]]:
    """(call, expected text) for every `call(…)` → "text" of the indicators list."""
    part = section("### Tables, charts and indicators")
    return [(call, " ".join(text.split())) for call, text in re.findall(r"`(\w+\([^`]*\))` → \"([^\"]+)\"", part)]


INDICATORS = indicator_examples()


@pytest.mark.parametrize("call,expected", INDICATORS, ids=[c for c, _ in INDICATORS])
def test_indicator_examples(call, expected):
    namespace = {name: getattr(chiso, name) for name in chiso.__all__}
    assert eval(call, namespace) == expected  # noqa: S307 - the README's own text


def test_indicator_examples_were_read():
    calls = {c.split("(")[0] for c, _ in INDICATORS}
    assert {"xep_loai", "so_sanh", "chuoi"} <= calls


def test_ty_le_diem_is_a_number_written_by_phan_tram():
    value = chiso.ty_le_diem(26.44, 29)
    assert isinstance(value, float) and f"`{str(value)[:7]}…`" in section("### Tables, charts")
    assert baocao.phan_tram(value) == "91,17%" and '| phan_tram }}` writes "91,17%"' in README


def test_build_in_python_example_runs(tmp_path):
    block = re.search(r"## Build a document in Python\n\n```python\n(.*?)```", README, re.S)[1]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the README's own text
    finally:
        os.chdir(cwd)
    text = docx_text(tmp_path / "bao-cao.docx")
    assert "I. Khái quát tình hình triển khai" in text and "a) Thực hiện tốt công tác cải cách hành chính" in text


def test_safety_lists_what_the_sandbox_allows():
    from baocao.sandbox import ALLOWED

    rows = {}
    for line in section("## Safety").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] in ALLOWED:
            rows[cells[0]] = frozenset(cells[1].split())
    assert rows == dict(ALLOWED)


def test_safety_lists_every_limit_with_its_default():
    from dataclasses import fields

    from baocao.limits import LIMITS, env_name

    part = section("## Safety")
    for f in fields(LIMITS):
        row = next((line for line in part.splitlines() if line.strip().startswith(f"| `{f.name}`")), None)
        assert row is not None, f.name
        assert env_name(f.name) in row
        default = getattr(LIMITS, f.name)
        shown = {200 * 2**20: "200 MB", 4 * 2**30: "4G"}.get(default, f"{default:,}".replace(",", "."))
        assert f"| {shown} |" in row, (f.name, row)


def test_safety_lists_the_names_agg_takes():
    from baocao.sandbox import _BY_NAME

    part = section("## Safety")
    start = part.index("they take only these names")
    listed = part[start:part.index("and no other parameter", start)].split("—")[1]
    assert frozenset(listed.replace("`", "").split()) == _BY_NAME
