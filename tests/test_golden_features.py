"""Golden tests per feature, pandoc-style: one folder per case under ``tests/golden/``.

Each ``tests/golden/<case>/`` holds the input — ``input.md.j2`` and the data files beside it
(``so_lieu.yaml`` becomes the variable ``so_lieu``), rendered with ``baocao.render(folder)`` — and
the expected outputs:

- ``model.json``: the document model (header fields, every block with its type, text runs,
  level, table rows and cells, pictures by caption and size, phụ lục with their blocks) and the
  ``BaoCaoWarning`` messages rendering gave;
- ``document.xml``: ``word/document.xml`` of the .docx, pretty-printed with lxml (the XML part is
  compared, not the zip bytes);
- ``preview.html``: ``VanBan.to_html()``, with a final newline added;
- ``check.json``: what ``baocao.check.check`` finds in the produced .docx
  (``rule``, ``severity``, ``where``, ``message``).

Nothing is stripped from any output (only the preview's final newline is added): the writers are
deterministic, so every file is compared whole.
A difference fails with a unified diff of the expected file against what was produced (the
preview, one long line of HTML, is diffed cut before each opening tag).

After a deliberate change (or to add a case: a new folder with its ``input.md.j2``), rewrite the
expected files with the one update switch, then review ``git diff tests/golden``::

    BAOCAO_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_features.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import io
import json
import os
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import baocao
from baocao import Bullet, Heading, Image, PageBreak, Paragraph, PhuLuc, Run, Table, VanBan

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.md.j2").is_file())
ARTEFACTS = ("model.json", "document.xml", "preview.html", "check.json")
UPDATE = bool(os.environ.get("BAOCAO_UPDATE_GOLDEN"))
REWRITE = "BAOCAO_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_features.py"


# ----------------------------------------------------------------------------- the model as JSON


def _runs(text: tuple[Run, ...]) -> list[dict[str, Any]]:
    return [{"text": r.text, "bold": r.bold, "italic": r.italic} for r in text]


def _block(block: object) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"type": "heading", "level": block.level, "text": _runs(block.text), "line": block.line}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "align": block.align, "text": _runs(block.text), "line": block.line}
    if isinstance(block, Bullet):
        return {"type": "bullet", "level": block.level, "marker": block.marker, "text": _runs(block.text),
                "line": block.line}
    if isinstance(block, Table):
        return {"type": "table", "caption": block.caption, "header_rows": block.header_rows,
                "widths": block.widths, "align": block.align, "font_size": block.font_size,
                "ngang": block.ngang, "line": block.line,
                "rows": [[{"text": _runs(c.text), "colspan": c.colspan, "rowspan": c.rowspan, "align": c.align}
                          for c in row] for row in block.rows]}
    if isinstance(block, Image):  # the picture by what it shows, never its bytes or absolute path
        source = block.source
        return {"type": "image", "label": block.label, "caption": block.caption, "width_mm": block.width_mm,
                "file": None if isinstance(source, bytes) else Path(source).name,
                "bytes": len(source) if isinstance(source, bytes) else Path(source).stat().st_size,
                "line": block.line}
    if isinstance(block, PageBreak):
        return {"type": "page_break", "line": block.line}
    raise TypeError(f"unknown block {type(block).__name__}")


def _value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    return value


def model_json(vb: VanBan, warned: list[str]) -> str:
    header: dict[str, Any] = {}
    for f in dataclasses.fields(vb):
        if f.name in ("blocks", "phu_luc"):
            continue
        value = getattr(vb, f.name)
        header[f.name] = vb.loai_vb.ma if f.name == "loai" else _value(value)
    header["ky_hieu_day_du"] = vb.ky_hieu_day_du
    phu_luc = [{"tieu_de": p.tieu_de, "ngang": p.ngang, "ghi_chu": p.ghi_chu, "blocks": [_block(b) for b in p.blocks]}
               for p in vb.phu_luc if isinstance(p, PhuLuc)]
    out = {"header": header, "blocks": [_block(b) for b in vb.blocks], "phu_luc": phu_luc, "warnings": warned}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


# ----------------------------------------------------------------------------- the other artefacts


def document_xml(docx: bytes) -> str:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def check_json(docx: bytes) -> str:
    from baocao.check import check

    findings = [{"rule": f.rule, "severity": f.severity, "where": f.where, "message": f.message}
                for f in check(docx)]
    return json.dumps(findings, ensure_ascii=False, indent=2) + "\n"


def produce(case: str) -> dict[str, str]:
    """Every artefact of one case, as text."""
    with warnings.catch_warnings(record=True) as caught:  # warnings are part of the model's dump
        warnings.simplefilter("always")
        vb = baocao.render(GOLDEN / case)
        docx = vb.to_bytes()
        html = vb.to_html()
    warned = [f"{w.category.__name__}: {w.message}" for w in caught if issubclass(w.category, baocao.BaoCaoWarning)]
    return {"model.json": model_json(vb, warned), "document.xml": document_xml(docx),
            "preview.html": html if html.endswith("\n") else html + "\n", "check.json": check_json(docx)}


def _lines(artefact: str, text: str) -> list[str]:
    """The lines a diff shows: the preview is one long line, so it is cut before each tag."""
    if artefact.endswith(".html"):
        text = re.sub(r"(?<=.)(?=<(?!/))", "\n", text)
    return text.splitlines(keepends=True)


@pytest.fixture(scope="module")
def produced() -> dict[str, dict[str, str]]:
    return {}


@pytest.mark.parametrize("artefact", ARTEFACTS)
@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: str, artefact: str, produced: dict[str, dict[str, str]]) -> None:
    if case not in produced:
        produced[case] = produce(case)
    got = produced[case][artefact]
    path = GOLDEN / case / artefact
    if UPDATE:
        path.write_text(got, encoding="utf-8", newline="\n")
    assert path.exists(), f"no {case}/{artefact}: {REWRITE}"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(_lines(artefact, want), _lines(artefact, got),
                                            f"expected {case}/{artefact}", f"produced {case}/{artefact}"))
        lines = diff.splitlines(keepends=True)
        if len(lines) > 200:
            diff = "".join(lines[:200]) + f"… {len(lines) - 200} more diff lines\n"
        pytest.fail(f"{case}/{artefact} differs from the expected file "
                    f"(if deliberate: {REWRITE})\n"
                    f"{diff}", pytrace=False)


def test_every_case_folder_has_an_input() -> None:
    stray = [p.name for p in GOLDEN.iterdir() if p.is_dir() and p.name not in CASES]
    assert not stray, f"folders under tests/golden without input.md.j2: {stray}"
    assert len(CASES) >= 10
