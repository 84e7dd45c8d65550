"""Known Jinja2 template-injection and sandbox-escape payloads (tests/data/ssti_jinja2.txt, with
their sources) against baocao's sandbox.

Each payload is one body line of a template, rendered with data values of every kind a report
has in scope (DataFrame, Series, list, dict, str, int, numpy array). The outcome must be either a
:class:`baocao.BaoCaoError` or a document showing no sign of an escape (command output, file
contents, reprs of classes, functions, modules or Jinja internals). Either way nothing is written
(the canary folder, which is also the working folder, stays empty) and the data are unchanged.
"""

from __future__ import annotations

import copy
import io
import re
import warnings
from pathlib import Path

import docx
import numpy as np
import pandas as pd
import pytest
from conftest import HEAD  # 13 lines: the payload is line 14

import baocao

CORPUS = Path(__file__).parent / "data" / "ssti_jinja2.txt"


def _read_corpus() -> tuple[list[str], list[str]]:
    """The payloads (newlines decoded from the two characters ``\\n``) and the named sources."""
    payloads, sources = [], []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# source:"):
            sources.append(line.removeprefix("# source:").strip())
        elif line.strip() and not line.startswith("#"):
            payloads.append(line.replace("\\n", "\n"))
    return payloads, sources


PAYLOADS, SOURCES = _read_corpus()

#: Text in a rendered document that only an escape puts there.
MARKERS = ("uid=", "gid=", "root:x:0", "<class '", "__builtins__", "<function", "<module", "<built-in function",
           "subprocess", "Popen", "_io.", "jinja2.", "Environment", "TemplateReference", "Traceback (most recent",
           " object at 0x")
#: Reprs of the os module's objects, and lines of /etc/passwd.
LEAKS = (re.compile(r"\bos\.[a-z_]+|\bposix\b|environ\(\{"), re.compile(r"^[\w.-]+:[x*!]?:\d+:\d+:", re.M))
#: In an error message the payload's own words may come back ("'__builtins__' is unsafe"), but never
#: what a command printed, a file's contents or a traceback.
MESSAGE_MARKERS = ("uid=", "root:x:0", "Traceback (most recent", 'File "')

#: Payloads that got through the old block-list sandbox, with why: none does since the allow-list
#: sandbox; a payload found to escape later goes here (strict xfail) until it is fixed.
KNOWN_ESCAPES: dict[str, str] = {}


def _data() -> dict:
    """Fresh data values, one of each kind a template may be given."""
    df = pd.DataFrame({"ten": ["Nhà ở", "Xây dựng"], "so": [13, 29]})
    return {"df": df, "data": df, "s": pd.Series(["a", "b"], name="ten"), "lst": [1, 2, 3], "d": {"a": 1},
            "x": "abc", "n": 5, "arr": np.arange(3)}


def _text(doc: baocao.VanBan) -> str:
    """All text of the document's paragraphs and table cells."""
    document = docx.Document(io.BytesIO(doc.to_bytes()))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for table in document.tables for row in table.rows for cell in row.cells
              for p in cell.paragraphs]
    return "\n".join(parts)


def _escape_signs(text: str, markers: tuple[str, ...], patterns: tuple[re.Pattern[str], ...] = ()) -> list[str]:
    """The markers and pattern matches found in ``text``."""
    return [m for m in markers if m in text] + [found.group(0) for p in patterns if (found := p.search(text))]


def _changed(before: dict, after: dict) -> list[str]:
    """Names of the data values a render changed (``data`` is ``df`` under another name)."""
    changed = [name for name in ("lst", "d", "x", "n") if before[name] != after[name]]
    for name in ("df", "s"):  # equals() compares values, index and columns, not attrs nor a Series' name
        old, new = before[name], after[name]
        if not (old.equals(new) and old.attrs == new.attrs and getattr(old, "name", 0) == getattr(new, "name", 0)):
            changed.append(name)
    if before["arr"].shape != after["arr"].shape or not np.array_equal(before["arr"], after["arr"]):
        changed.append("arr")
    return changed


def _params() -> list:
    params = []
    for i, payload in enumerate(PAYLOADS):
        reason = KNOWN_ESCAPES.get(payload)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(payload, id=f"{i:03d}-{payload[:40]}", marks=marks))
    return params


def test_corpus_size_and_sources():
    assert len(PAYLOADS) >= 120, len(PAYLOADS)
    assert len(SOURCES) >= 5, SOURCES
    assert len(set(PAYLOADS)) == len(PAYLOADS), [p for p in PAYLOADS if PAYLOADS.count(p) > 1]


def test_known_escapes_are_in_the_corpus():
    assert not set(KNOWN_ESCAPES) - set(PAYLOADS), set(KNOWN_ESCAPES) - set(PAYLOADS)


@pytest.mark.parametrize("payload", _params())
def test_payload_does_not_escape(payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    canary = tmp_path / "canary"
    canary.mkdir()
    monkeypatch.chdir(canary)  # a relative path written to lands in the canary folder too
    template = tmp_path / "ssti.md.j2"
    template.write_text(HEAD + payload.replace("{CANARY}", str(canary)) + "\n", encoding="utf-8")
    data = _data()
    before = {name: copy.deepcopy(value) for name, value in data.items()}

    text = error = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", baocao.BaoCaoWarning)
            doc = baocao.render(template, data, timeout=10)
        text = _text(doc)
    except baocao.BaoCaoError as exc:
        error = str(exc)
    except Exception as exc:  # any other exception type is a failure, said as such
        pytest.fail(f"{type(exc).__name__} instead of a BaoCaoError: {exc}")

    if error is not None:
        signs = _escape_signs(error, MESSAGE_MARKERS, LEAKS[1:])
        assert not signs, f"the error message shows {signs}: {error}"
    else:
        signs = _escape_signs(text, MARKERS, LEAKS)
        assert not signs, f"the document shows {signs}:\n{text[-1500:]}"
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p not in (canary, template))
    assert not written, f"files written: {written}"
    changed = _changed(before, data)
    assert not changed, f"data changed by the template: {changed}"
