"""Compare a produced document with a seed text: share of the seed's words found in order."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

#: ``shared/`` sits beside the repository (locally and in CI).
SHARED = Path(__file__).resolve().parents[2] / "shared"


def seed_path(prefix: str) -> Path | None:
    found = sorted((SHARED / "seeds").glob(f"{prefix}_*.txt")) if SHARED.is_dir() else []
    return found[0] if found else None


def words(text: str) -> list[str]:
    """Words of a text, with markdown markers of the seed conversions removed."""
    text = unicodedata.normalize("NFC", text).replace("\u2011", "-")
    text = re.sub(r"^#+\s*", "", text, flags=re.M).replace("**", "").replace("*", "")
    return text.split()


def in_order_share(seed: str, produced: str) -> float:
    """Fraction of the seed's words that appear, in order, in ``produced``."""
    a, b = words(seed), words(produced)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


def docx_text(path: Path) -> str:
    """All text of a .docx in reading order: body paragraphs and table cells."""
    import docx

    d = docx.Document(str(path))
    pieces = {"t": None, "br": "\n", "tab": "\t", "noBreakHyphen": "-"}

    def text(p) -> str:
        out = []
        for el in p.iter():
            kind = el.tag.rsplit("}", 1)[-1]
            if kind in pieces:
                out.append(el.text or "" if pieces[kind] is None else pieces[kind])
        return "".join(out)

    return "\n".join(text(p) for p in d.element.body.iter() if p.tag.endswith("}p"))
