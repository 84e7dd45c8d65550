"""The rules the code cites with "§" are in the repository: every § number resolves to one
heading of docs/nd30.md, so a plain clone explains the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITE = re.compile(r"§(\d+(?:\.\d+)*)(?:\s*[–-]\s*(\d+)(?!\d|\.\d))?")
HEADING = re.compile(r"^#{1,6}\s+§(\d+(?:\.\d+)*)(?!\d|\.\d)")


def cited() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "baocao").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in CITE.finditer(line):
                first = m[1]
                numbers = [str(i) for i in range(int(first), int(m[2]) + 1)] if m[2] else [first]  # §1–4
                for n in numbers:
                    found.setdefault(n, []).append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_every_cited_section_has_one_heading():
    heads: dict[str, int] = {}
    for line in (ROOT / "docs" / "nd30.md").read_text(encoding="utf-8").splitlines():
        m = HEADING.match(line)
        if m:
            heads[m[1]] = heads.get(m[1], 0) + 1
    citations = cited()
    assert len(citations) >= 5  # the code does cite the rules
    missing = {n: where[:3] for n, where in citations.items() if n not in heads}
    assert not missing, f"§ cited in the code but not in docs/nd30.md: {missing}"
    assert all(count == 1 for count in heads.values()), heads


def test_architecture_names_every_module():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = [p.relative_to(ROOT / "baocao").with_suffix("") for p in (ROOT / "baocao").rglob("*.py")
               if p.name != "__init__.py" and p.name != "__main__.py"]
    unnamed = [str(m) for m in modules if m.name not in text]
    assert not unnamed, f"docs/architecture.md does not mention: {unnamed}"
