"""Read a .docx the way Word lays it out: every paragraph with the formatting it really gets.

:func:`read_docx` opens a .docx (a path, its bytes or a binary file) with python-docx and lxml
and returns a :class:`DocxDocument`: the paragraphs of the body in document order — those in
tables and text boxes included — each with its text, the automatic list label Word shows
before it, and its runs resolved through direct formatting → character style → paragraph
style → table style → document defaults (theme fonts too); the sections with their paper
size, margins and header/footer references; the tables and their cells' content widths.

Lengths are in twips (1/20 pt, 1/1440 inch) unless a name says otherwise; font sizes and
paragraph spacing in points.

>>> import datetime as dt
>>> from baocao import NguoiKy, VanBan
>>> vb = VanBan(loai="bao_cao", co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", so=5, dia_danh="Trà Vinh",
...             ngay=dt.date(2021, 3, 5), trich_yeu="Kết quả năm 2020", nguoi_ky=NguoiKy("Lê Minh Tân", "Giám đốc"))
>>> doc = read_docx(vb.to_bytes())
>>> qh = next(p for p in doc.paragraphs if "CỘNG HÒA" in p.text)
>>> qh.ppr.jc, {(props.size, props.bold) for _, props in qh.pieces_in(0, len(qh.text))}
('center', {(12.0, True)})
>>> round(twips_to_mm(doc.sections[0].margins["left"]))
30
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from .. import metrics
from ..errors import BaoCaoError, DataError
from ..layout import LAYOUT, MM_PER_INCH, mm_to_twips
from ..limits import LimitError, limit
from ..numbering import la_ma

__all__ = [
    "Cell", "DocxDocument", "Paragraph", "ParagraphFormat", "Piece", "RunFormat", "Section", "Segment", "Source",
    "read_docx", "segments", "twips_to_mm",
]

#: What :func:`read_docx` reads: a path, the file's bytes, or a binary file object.
Source = str | os.PathLike | bytes | IO[bytes]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"

def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# ---------------------------------------------------------------------------- reading values
_UNITS = {"mm": 1440 / 25.4, "cm": 1440 / 2.54, "in": 1440.0, "pt": 20.0, "pc": 240.0, "pi": 240.0}
_MEASURE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|in|pt|pc|pi)?\s*$")


def _twips(value: str | None) -> int | None:
    """A length attribute in twips; Word also accepts units (``"1in"``, ``"2.5cm"``)."""
    if value is None:
        return None
    m = _MEASURE.match(value)
    if not m:
        return None
    number = float(m[1])
    return round(number * _UNITS[m[2]]) if m[2] else round(number)


def _half_points(value: str | None) -> float | None:
    if value is None:
        return None
    m = _MEASURE.match(value)
    if not m:
        return None
    return float(m[1]) * _UNITS[m[2]] / 10 if m[2] else float(m[1])  # twips / 20 * 2


def _on(el: Any) -> bool:
    """A toggle element (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    return el.get(_q("val"), "true") not in ("0", "false", "off", "none")


def twips_to_mm(twips: float) -> float:
    """A length in twips as millimetres.

    >>> round(twips_to_mm(1701), 2)
    30.0
    """
    return twips / 1440 * MM_PER_INCH


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------- formatting
@dataclass(frozen=True)
class RunFormat:
    """What a run looks like, after styles: size in pt, bold, italic, fonts.

    ``caps`` is set by ``w:caps`` and ``w:smallCaps`` (the text is then read in upper case),
    ``hidden`` by ``w:vanish`` (hidden text is left out of the paragraph). ``ascii`` and
    ``hansi`` are the fonts of Latin and of other (Vietnamese) letters: ``None`` when nothing
    sets one anywhere, ``""`` when a theme font is not known.
    """

    size: float = 10.0
    bold: bool = False
    italic: bool = False
    caps: bool = False
    hidden: bool = False
    ascii: str | None = None  # None: nothing set anywhere (Word then uses Times New Roman); "": unknown
    hansi: str | None = None
    spacing: float = 0.0  # pt added after each character
    scale: float = 1.0

    def width(self, text: str) -> float:
        """Width in points of ``text`` in this run's size and style."""
        chars = len(text)
        return metrics.text_width(text, self.size, bold=self.bold, italic=self.italic) * self.scale \
            + self.spacing * chars


_JC = {"both": "both", "distribute": "both", "lowKashida": "both", "mediumKashida": "both",
       "highKashida": "both", "thaiDistribute": "both", "left": "left", "start": "left",
       "right": "right", "end": "right", "center": "center"}


@dataclass(frozen=True)
class ParagraphFormat:
    """A paragraph's resolved properties; lengths in twips, spacing in points.

    ``jc`` is ``"left"``, ``"center"``, ``"right"`` or ``"both"`` (justified); ``left``,
    ``right`` and ``first`` the indents (``first`` negative: hanging); ``line`` and
    ``line_rule`` the line spacing as Word writes it (``"auto"``: 240ths of a line,
    ``"exact"`` / ``"atLeast"``: twips); ``tabs`` the tab stops, ``(position, kind)``.
    """

    jc: str = "left"
    left: int = 0
    right: int = 0
    first: int = 0  # negative: hanging
    before: float = 0.0
    after: float = 0.0
    auto_spacing: bool = False
    line: int = 240
    line_rule: str = "auto"
    contextual: bool = False
    tabs: tuple[tuple[int, str], ...] = ()
    border_top: bool = False  # a line over the paragraph (pBdr/top), as wide as its indents allow
    border_bottom: bool = False


class Styles:
    """styles.xml (and the theme's fonts): resolves run and paragraph properties (internal)."""

    def __init__(self, root: Any, theme: dict[str, str]):
        self.theme = theme
        self.by_id: dict[str, Any] = {}
        self.defaults: dict[str, str] = {}
        self.rpr_default = self.ppr_default = None
        self._base: dict[tuple[str | None, str | None], tuple[dict[str, Any], dict[str, Any]]] = {}
        self._runs: dict[tuple[int, bytes], RunFormat] = {}
        if root is None:
            return
        dd = root.find(_q("docDefaults"))
        if dd is not None:
            self.rpr_default = dd.find(f"{_q('rPrDefault')}/{_q('rPr')}")
            self.ppr_default = dd.find(f"{_q('pPrDefault')}/{_q('pPr')}")
        for st in root.findall(_q("style")):
            sid = st.get(_q("styleId"))
            if sid is None:
                continue
            self.by_id[sid] = st
            if st.get(_q("default")) in ("1", "true", "on"):
                self.defaults.setdefault(st.get(_q("type"), "paragraph"), sid)

    def chain(self, sid: str | None, kind: str) -> list[Any]:
        """The style and those it is based on, base first; a missing paragraph or table
        style falls back to the default one, as Word does."""
        if (sid is None or sid not in self.by_id) and kind in ("paragraph", "table"):
            sid = self.defaults.get(kind)
        out: list[Any] = []
        while sid and sid in self.by_id and len(out) < 20:
            st = self.by_id[sid]
            if any(st is o for o in out):
                break
            out.append(st)
            based = st.find(_q("basedOn"))
            sid = based.get(_q("val")) if based is not None else None
        return out[::-1]

    def table_style(self, tbl_pr: Any) -> str | None:
        el = tbl_pr.find(_q("tblStyle")) if tbl_pr is not None else None
        return el.get(_q("val")) if el is not None else self.defaults.get("table")

    # -- merging
    def apply_rpr(self, state: dict[str, Any], rpr: Any) -> None:
        if rpr is None:
            return
        for child in rpr:
            tag = _local(child)
            if tag in ("b", "i", "caps", "smallCaps", "vanish"):
                state[{"b": "bold", "i": "italic", "smallCaps": "caps", "vanish": "hidden"}.get(tag, tag)] = _on(child)
            elif tag == "sz":
                hp = _half_points(child.get(_q("val")))
                if hp:
                    state["size"] = hp / 2
            elif tag == "rFonts":
                for slot, theme in (("ascii", "asciiTheme"), ("hansi", "hAnsiTheme")):
                    name = child.get(_q(theme))
                    if name is not None:
                        state[slot] = self.theme.get(name, "")
                    elif child.get(_q("hAnsi" if slot == "hansi" else slot)) is not None:
                        state[slot] = child.get(_q("hAnsi" if slot == "hansi" else slot))
            elif tag == "spacing":
                tw = _twips(child.get(_q("val")))
                if tw is not None:
                    state["spacing"] = tw / 20
            elif tag == "w":
                m = _MEASURE.match(child.get(_q("val"), "100").rstrip("%"))
                if m:
                    state["scale"] = float(m[1]) / 100

    @staticmethod
    def apply_ppr(state: dict[str, Any], ppr: Any) -> None:
        if ppr is None:
            return
        for child in ppr:
            tag = _local(child)
            if tag == "pBdr":
                for side in ("top", "bottom"):
                    edge = child.find(_q(side))
                    if edge is not None:
                        state[f"border_{side}"] = edge.get(_q("val"), "single") not in ("nil", "none")
            elif tag == "jc":
                state["jc"] = _JC.get(child.get(_q("val"), "left"), "left")
            elif tag == "ind":
                for attr, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right")):
                    tw = _twips(child.get(_q(attr)))
                    if tw is not None:
                        state[key] = tw
                hanging, first = _twips(child.get(_q("hanging"))), _twips(child.get(_q("firstLine")))
                if hanging is not None:
                    state["first"] = -hanging
                elif first is not None:
                    state["first"] = first
            elif tag == "spacing":
                for attr in ("before", "after"):
                    tw = _twips(child.get(_q(attr)))
                    if tw is not None:
                        state[attr] = tw / 20
                    lines = _twips(child.get(_q(attr + "Lines")))
                    if lines is not None:
                        state[attr] = lines / 100 * 12
                    if child.get(_q(attr + "Autospacing")) in ("1", "true", "on"):
                        state["auto_spacing"] = True
                line = _twips(child.get(_q("line")))
                if line is not None:
                    state["line"] = line
                    state["line_rule"] = child.get(_q("lineRule"), "auto")
            elif tag == "contextualSpacing":
                state["contextual"] = _on(child)
            elif tag == "tabs":
                tabs = dict(state.get("tabs", ()))
                for tab in child.findall(_q("tab")):
                    pos = _twips(tab.get(_q("pos")))
                    if pos is None:
                        continue
                    kind = tab.get(_q("val"), "left")
                    if kind == "clear":
                        tabs.pop(pos, None)
                    elif kind != "bar":
                        tabs[pos] = kind
                state["tabs"] = tuple(sorted(tabs.items()))
            elif tag == "numPr":
                for sub, key in (("numId", "num_id"), ("ilvl", "ilvl")):
                    el = child.find(_q(sub))
                    if el is not None:
                        state[key] = el.get(_q("val"))

    # -- resolving
    def base(self, pstyle: str | None, tstyle: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
        """Paragraph and run properties from the defaults, the table style and the paragraph style."""
        key = (pstyle, tstyle)
        if key not in self._base:
            pstate: dict[str, Any] = {}
            rstate: dict[str, Any] = {}
            self.apply_ppr(pstate, self.ppr_default)
            self.apply_rpr(rstate, self.rpr_default)
            styles = (self.chain(tstyle, "table") if tstyle else []) + self.chain(pstyle, "paragraph")
            for st in styles:
                self.apply_ppr(pstate, st.find(_q("pPr")))
                self.apply_rpr(rstate, st.find(_q("rPr")))
            self._base[key] = (pstate, rstate)
        return self._base[key]

    def run(self, base: dict[str, Any], rpr: Any) -> RunFormat:
        key = (id(base), etree.tostring(rpr) if rpr is not None else b"")
        found = self._runs.get(key)
        if found is None:
            state = dict(base)
            if rpr is not None:
                rstyle = rpr.find(_q("rStyle"))
                if rstyle is not None:
                    for st in self.chain(rstyle.get(_q("val")), "character"):
                        self.apply_rpr(state, st.find(_q("rPr")))
                self.apply_rpr(state, rpr)
            found = self._runs[key] = RunFormat(**state)
        return found


def _ppr(state: dict[str, Any]) -> ParagraphFormat:
    return ParagraphFormat(**{k: v for k, v in state.items() if k not in ("num_id", "ilvl")})


# ---------------------------------------------------------------------------- list numbering
def _list_number(n: int, fmt: str) -> str:
    """A list counter in a Word number format.

    >>> [_list_number(6, f) for f in ("decimal", "lowerLetter", "upperRoman", "decimalZero")]
    ['6', 'f', 'VI', '06']
    """
    if fmt == "lowerLetter" or fmt == "upperLetter":
        text = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        return la_ma(n).lower() if fmt == "lowerRoman" else la_ma(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """(internal) numbering.xml: the label Word shows before each list paragraph (``a)``, ``f)``, ``1.``)."""

    def __init__(self, root: Any):
        self.abstract: dict[str, dict[int, tuple[int, str, str, Any]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counts: dict[str, list[int]] = {}
        if root is None:
            return
        for ab in root.findall(_q("abstractNum")):
            levels = {}
            for lvl in ab.findall(_q("lvl")):
                start = lvl.find(_q("start"))
                fmt = lvl.find(_q("numFmt"))
                text = lvl.find(_q("lvlText"))
                levels[int(lvl.get(_q("ilvl"), "0"))] = (
                    int(start.get(_q("val"), "1")) if start is not None else 1,
                    fmt.get(_q("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_q("val"), "") if text is not None else "",
                    lvl.find(_q("pPr")),
                )
            self.abstract[ab.get(_q("abstractNumId"), "")] = levels
        for num in root.findall(_q("num")):
            ab = num.find(_q("abstractNumId"))
            overrides = {}
            for ov in num.findall(_q("lvlOverride")):
                so = ov.find(_q("startOverride"))
                if so is not None:
                    overrides[int(ov.get(_q("ilvl"), "0"))] = int(so.get(_q("val"), "1"))
            self.nums[num.get(_q("numId"), "")] = (ab.get(_q("val"), "") if ab is not None else "", overrides)

    def level_ppr(self, num_id: str, ilvl: int) -> Any:
        ab, _ = self.nums.get(num_id, ("", {}))
        level = self.abstract.get(ab, {}).get(ilvl)
        return level[3] if level else None

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of this list level and return its label."""
        if num_id not in self.nums:
            return ""
        ab, overrides = self.nums[num_id]
        levels = self.abstract.get(ab, {})
        if ilvl not in levels:
            return ""
        key = num_id if overrides else ab  # lists sharing a definition continue each other
        counts = self.counts.setdefault(key, [0] * 10)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        start, fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "•" if not text or "\uf000" <= text[0] <= "\uf0ff" else text

        def value(k: int) -> str:
            st, f, _, _ = levels.get(k, (1, "decimal", "", None))
            st = overrides.get(k, st)
            return _list_number(st + max(counts[k], 1) - 1, f)

        return re.sub(r"%([1-9])", lambda m: value(int(m[1]) - 1), text)


# ---------------------------------------------------------------------------- the document as paragraphs
@dataclass(eq=False)
class Cell:
    """A table cell: which table (numbered among the outermost), row, column, content width."""

    table: int
    row: int
    col: int
    width: int | None


@dataclass(eq=False)
class Piece:
    """Text of one run (or of its tab, break …) in a paragraph: where it starts in the
    paragraph's ``text`` and how it looks."""

    start: int
    text: str
    props: RunFormat


@dataclass(eq=False)
class Paragraph:
    """A paragraph in document order, with its resolved formatting.

    ``text`` is what Word shows: the automatic list ``label`` and a space first, tabs as
    ``"\\t"``, line breaks as ``"\\n"``, field results but not field codes (those are in
    ``fields``), NFC-normalised; ``pieces`` cut it into runs. ``width`` is the width of the
    box it sits in (text column or table cell), ``None`` when unknown (text boxes).
    """

    n: int  # 1-based, over every paragraph of the body, tables included
    ppr: ParagraphFormat
    section: int
    width: int | None  # twips of the box it sits in (text column, cell) before its indents
    cell: Cell | None = None
    textbox: bool = False
    pieces: list[Piece] = field(default_factory=list)
    text: str = ""
    label: str = ""  # automatic list label, included at the start of ``text``
    drawing: bool = False
    page_break: bool = False
    fields: list[str] = field(default_factory=list)
    drawn_lines: list[int] = field(default_factory=list)  # lengths (twips) of horizontal lines drawn in it
    element: Any = field(default=None, repr=False, compare=False)  # its w:p (for a tool that edits the file)

    @property
    def top(self) -> bool:
        """In the body itself: not in a table cell or a text box."""
        return self.cell is None and not self.textbox

    @property
    def avail(self) -> int | None:
        """Twips between its indents, ``None`` when the box width is unknown."""
        return None if self.width is None else self.width - self.ppr.left - self.ppr.right

    def add(self, text: str, props: RunFormat) -> None:
        """Append text in a run format (hidden text is dropped; caps are upper-cased)."""
        if not text or props.hidden:
            return
        text = _nfc(text.upper() if props.caps else text)
        self.pieces.append(Piece(len(self.text), text, props))
        self.text += text

    def pieces_in(self, start: int, end: int) -> list[tuple[str, RunFormat]]:
        """The visible (non-blank) text of each run between two offsets of ``text``."""
        out = []
        for p in self.pieces:
            a, b = max(start, p.start), min(end, p.start + len(p.text))
            if a < b and p.text[a - p.start:b - p.start].strip():
                out.append((p.text[a - p.start:b - p.start], p.props))
        return out

    def width_of(self, start: int, end: int) -> float:
        """Width in twips of the text between two offsets (tabs and breaks not counted)."""
        total = 0.0
        for p in self.pieces:
            a, b = max(start, p.start), min(end, p.start + len(p.text))
            if a < b:
                part = p.text[a - p.start:b - p.start].replace("\t", "").replace("\n", "")
                total += p.props.width(part) * 20
        return total

    def lines(self) -> list[tuple[int, int]]:
        """Start and end offsets in ``text`` of each line (split at line breaks)."""
        out, pos = [], 0
        for line in self.text.split("\n"):
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out


@dataclass(frozen=True)
class Segment:
    """A piece of one line of a paragraph between tabs: the unit of a tab-separated header."""

    para: Paragraph
    start: int
    end: int
    column: int  # how many tabs come before it on its line
    line_start: int
    line_end: int

    @property
    def text(self) -> str:
        return self.para.text[self.start:self.end]


def segments(p: Paragraph) -> list[Segment]:
    """The non-blank pieces of each line of ``p`` between tabs, stripped."""
    out = []
    pos = 0
    for line in p.text.split("\n"):
        line_end = pos + len(line)
        col_start = pos
        for column, part in enumerate(line.split("\t")):
            stripped = part.strip()
            if stripped:
                a = col_start + (len(part) - len(part.lstrip()))
                out.append(Segment(p, a, a + len(stripped), column, pos, line_end))
            col_start += len(part) + 1
        pos = line_end + 1
    return out


@dataclass
class Section:
    """A section (``w:sectPr``): page size and margins in twips (``None``: not written), the
    first page set apart (``title_pg``), and the relationship ids of its headers and footers
    by kind (``"default"``, ``"first"``, ``"even"``; see :meth:`DocxDocument.part_paragraphs`)."""

    index: int  # 0-based
    el: Any  # the w:sectPr element, None when the body has none
    first: int = 0  # first paragraph number
    width: int | None = None
    height: int | None = None
    margins: dict[str, int | None] = field(default_factory=dict)
    title_pg: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    footers: dict[str, str] = field(default_factory=dict)

    @property
    def text_width(self) -> int:
        """Twips between the margins (Decree 30's A4 and margins stand in for what is not written)."""
        page = LAYOUT.page
        w = self.width or mm_to_twips(page.width_mm)
        m = self.margins
        left = m.get("left") if m.get("left") is not None else mm_to_twips(page.margin_left_mm)
        right = m.get("right") if m.get("right") is not None else mm_to_twips(page.margin_right_mm)
        return w - abs(left or 0) - abs(right or 0) - abs(m.get("gutter") or 0)

    @property
    def landscape(self) -> bool:
        return bool(self.width and self.height and self.width > self.height)


def _read_section(index: int, el: Any) -> Section:
    s = Section(index, el)
    if el is None:
        return s
    size = el.find(_q("pgSz"))
    if size is not None:
        s.width, s.height = _twips(size.get(_q("w"))), _twips(size.get(_q("h")))
    mar = el.find(_q("pgMar"))
    for side in ("top", "bottom", "left", "right", "gutter"):
        s.margins[side] = _twips(mar.get(_q(side))) if mar is not None else None
    title = el.find(_q("titlePg"))
    s.title_pg = title is not None and _on(title)
    for kind, refs in (("headerReference", s.headers), ("footerReference", s.footers)):
        for ref in el.findall(_q(kind)):
            refs[ref.get(_q("type"), "default")] = ref.get(f"{{{_R}}}id", "")
    return s


def _related(part: Any, kind: str) -> Any:
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] == kind:
            return rel.target_part
    return None


def _xml(part: Any) -> Any:
    if part is None:
        return None
    el = getattr(part, "element", None)
    if el is not None:
        return el
    try:
        return etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None


def _theme_fonts(root: Any) -> dict[str, str]:
    if root is None:
        return {}
    out = {}
    for kind in ("minor", "major"):
        latin = root.find(f".//{{{_A}}}{kind}Font/{{{_A}}}latin")
        if latin is not None and latin.get("typeface"):
            for script in ("HAnsi", "Ascii", "Bidi", "EastAsia"):
                out[f"{kind}{script}"] = latin.get("typeface")
    return out


class DocxDocument:
    """A .docx read: :func:`read_docx` makes one.

    - ``paragraphs``: every paragraph of the body in document order, those in tables and text
      boxes included (``Paragraph.n`` is its 1-based place in this list);
    - ``sections``: the sections, in order (``Section.first`` is the number of their first paragraph);
    - ``tables``: the outermost tables by number (1-based), as their first and last paragraph numbers;
    - ``default_tab``: the distance of the default tab stops, in twips;
    - ``name``: the file's name (``"<bytes>"`` for bytes);
    - ``package``: the python-docx ``Document``, for anything else.
    """

    def __init__(self, doc: Any, name: str = "<bytes>"):
        part = doc.part
        self.package = doc
        self.name = name
        self.part = part
        self.styles = Styles(_xml(_related(part, "styles")), _theme_fonts(_xml(_related(part, "theme"))))
        self.numbering = Numbering(_xml(_related(part, "numbering")))
        settings = _xml(_related(part, "settings"))
        tab = settings.find(_q("defaultTabStop")) if settings is not None else None
        self.default_tab = (_twips(tab.get(_q("val"))) if tab is not None else None) or 720
        self.paragraphs: list[Paragraph] = []
        self.tables: dict[int, tuple[int, int]] = {}  # outermost table → first and last paragraph number
        body = doc.element.body
        ends = [p.find(f"{_q('pPr')}/{_q('sectPr')}") for p in body.findall(_q("p"))]
        sects = [s for s in ends if s is not None] + [body.find(_q("sectPr"))]
        self.sections = [_read_section(i, el) for i, el in enumerate(sects)]
        self._parts: dict[str, list[Paragraph]] = {}
        self._walk(body)

    def part_paragraphs(self, rid: str) -> list[Paragraph]:
        """The paragraphs of a header or footer part, by relationship id (read once; their
        ``n`` is 0). An unknown or empty id gives no paragraph."""
        if rid not in self._parts:
            part = self.part.related_parts.get(rid) if rid else None
            root = _xml(part)
            width = self.sections[0].text_width
            self._parts[rid] = [] if root is None else [self.read_paragraph(block, width, None)
                                                         for block in root.iter(_q("p"))]
        return self._parts[rid]

    # -- blocks
    @staticmethod
    def _blocks(parent: Any) -> Iterator[Any]:
        for child in parent:
            tag = _local(child)
            if tag in ("p", "tbl"):
                yield child
            elif tag in ("sdt", "customXml"):
                content = child.find(_q("sdtContent")) if tag == "sdt" else child
                if content is not None:
                    yield from DocxDocument._blocks(content)

    def _walk(self, body: Any) -> None:
        sec = 0
        self.sections[0].first = 1
        for block in self._blocks(body):
            width = self.sections[min(sec, len(self.sections) - 1)].text_width
            if _local(block) == "p":
                self._paragraph(block, sec, width, None, None)
                if block.find(f"{_q('pPr')}/{_q('sectPr')}") is not None and sec + 1 < len(self.sections):
                    sec += 1
                    self.sections[sec].first = len(self.paragraphs) + 1
            else:
                number = len(self.tables) + 1
                first = len(self.paragraphs) + 1
                self._table(block, sec, width, number)
                self.tables[number] = (first, len(self.paragraphs))

    def _table(self, tbl: Any, sec: int, width: int | None, number: int) -> None:
        tbl_pr = tbl.find(_q("tblPr"))
        tstyle = self.styles.table_style(tbl_pr)
        grid = [_twips(g.get(_q("w"))) or 0 for g in tbl.findall(f"{_q('tblGrid')}/{_q('gridCol')}")]
        margins = {"left": 108, "right": 108}  # Word's "Normal Table"
        for st in [*self.styles.chain(tstyle, "table"), tbl]:
            pr = st.find(_q("tblPr"))
            self._cell_margins(margins, pr.find(_q("tblCellMar")) if pr is not None else None)
        total = None
        tbl_w = tbl_pr.find(_q("tblW")) if tbl_pr is not None else None
        if tbl_w is not None:
            kind, value = tbl_w.get(_q("type"), "dxa"), tbl_w.get(_q("w"), "0")
            if kind == "pct" and width:
                total = round(width * _pct(value))
            elif kind == "dxa":
                total = _twips(value) or None
        for r, tr in enumerate(self._children(tbl, "tr")):
            col = 0
            tr_pr = tr.find(_q("trPr"))
            before = tr_pr.find(_q("gridBefore")) if tr_pr is not None else None
            if before is not None:
                col = int(before.get(_q("val"), "0") or 0)
            for c, tc in enumerate(self._children(tr, "tc")):
                tc_pr = tc.find(_q("tcPr"))
                span_el = tc_pr.find(_q("gridSpan")) if tc_pr is not None else None
                span = int(span_el.get(_q("val"), "1")) if span_el is not None else 1
                widths = []
                if grid and col + span <= len(grid):
                    widths.append(sum(grid[col:col + span]))
                tc_w = tc_pr.find(_q("tcW")) if tc_pr is not None else None
                if tc_w is not None:
                    kind, value = tc_w.get(_q("type"), "dxa"), tc_w.get(_q("w"), "0")
                    if kind == "dxa" and (twips := _twips(value)):
                        widths.append(twips)
                    elif kind == "pct" and total:
                        widths.append(round(total * _pct(value)))
                cell_margins = dict(margins)
                self._cell_margins(cell_margins, tc_pr.find(_q("tcMar")) if tc_pr is not None else None)
                inner = min(widths) - cell_margins["left"] - cell_margins["right"] if widths else None
                cell = Cell(number, r, c, inner)
                for block in self._blocks(tc):
                    if _local(block) == "p":
                        self._paragraph(block, sec, inner, cell, tstyle)
                    else:
                        self._table(block, sec, inner, number)
                col += span

    @staticmethod
    def _children(parent: Any, tag: str) -> Iterator[Any]:
        for child in parent:
            name = _local(child)
            if name == tag:
                yield child
            elif name in ("sdt", "customXml"):
                content = child.find(_q("sdtContent")) if name == "sdt" else child
                if content is not None:
                    yield from DocxDocument._children(content, tag)

    @staticmethod
    def _cell_margins(margins: dict[str, int], mar: Any) -> None:
        if mar is None:
            return
        for attr, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right")):
            el = mar.find(_q(attr))
            if el is not None and el.get(_q("type"), "dxa") == "dxa":
                margins[key] = _twips(el.get(_q("w"))) or 0

    # -- paragraphs
    def _paragraph(self, p: Any, sec: int, width: int | None, cell: Cell | None, tstyle: str | None,
                  textbox: bool = False) -> Paragraph:
        para = self.read_paragraph(p, width, tstyle, sec)
        para.n = len(self.paragraphs) + 1
        para.element = p
        para.cell, para.textbox = cell, textbox
        self.paragraphs.append(para)
        for box in self._textboxes(p):
            for block in self._blocks(box):
                if _local(block) == "p":
                    self._paragraph(block, sec, None, None, None, textbox=True)
        return para

    def read_paragraph(self, p: Any, width: int | None, tstyle: str | None, sec: int = 0) -> Paragraph:
        """A ``w:p`` element's properties, text and runs, in a box ``width`` twips wide, under
        table style ``tstyle`` (also used for page headers); not added to ``paragraphs``."""
        ppr_el = p.find(_q("pPr"))
        style_el = ppr_el.find(_q("pStyle")) if ppr_el is not None else None
        pstyle = style_el.get(_q("val")) if style_el is not None else None
        pbase, rbase = self.styles.base(pstyle, tstyle)
        state = dict(pbase)
        self.styles.apply_ppr(state, ppr_el)
        label = ""
        num_id, ilvl = state.get("num_id"), int(state.get("ilvl") or 0)
        if num_id and num_id != "0":
            label = self.numbering.label(num_id, ilvl)
            level_ppr = self.numbering.level_ppr(num_id, ilvl)
            if level_ppr is not None:
                state = dict(pbase)
                self.styles.apply_ppr(state, level_ppr)
                self.styles.apply_ppr(state, ppr_el)
        para = Paragraph(0, _ppr(state), sec, width)
        if label:
            first = p.find(f".//{_q('r')}/{_q('rPr')}")
            para.label = label
            para.add(label + " ", self.styles.run(rbase, first))
        self._inline(p, rbase, para, [])
        return para

    def _inline(self, parent: Any, rbase: dict[str, Any], para: Paragraph, stack: list[list[Any]]) -> None:
        """Runs in order, through hyperlinks, insertions, content controls and fields;
        a field's instruction is kept apart from the text it shows."""
        for child in parent:
            tag = _local(child)
            if tag == "r":
                self._run(child, rbase, para, stack)
            elif tag == "fldSimple":
                para.fields.append(child.get(_q("instr"), ""))
                self._inline(child, rbase, para, stack)
            elif tag == "sdt":
                content = child.find(_q("sdtContent"))
                if content is not None:
                    self._inline(content, rbase, para, stack)
            elif tag in ("hyperlink", "ins", "smartTag", "customXml", "bdo", "dir", "moveTo"):
                self._inline(child, rbase, para, stack)

    def _run(self, r: Any, rbase: dict[str, Any], para: Paragraph, stack: list[list[Any]]) -> None:
        props = self.styles.run(rbase, r.find(_q("rPr")))
        for child in r:
            tag = _local(child)
            if tag == "fldChar":
                kind = child.get(_q("fldCharType"))
                if kind == "begin":
                    stack.append(["", True])
                elif kind == "separate" and stack:
                    stack[-1][1] = False
                elif kind == "end" and stack:
                    para.fields.append(stack.pop()[0])
            elif tag == "instrText":
                if stack:
                    stack[-1][0] += child.text or ""
            elif any(in_code for _, in_code in stack):
                continue
            elif tag == "t":
                para.add(child.text or "", props)
            elif tag in ("tab", "ptab"):
                para.add("\t", props)
            elif tag == "br":
                if child.get(_q("type")) in ("page", "column"):
                    para.page_break = True
                else:
                    para.add("\n", props)
            elif tag == "cr":
                para.add("\n", props)
            elif tag == "noBreakHyphen":
                para.add("-", props)
            elif tag == "sym":
                para.add("•", RunFormat(props.size, props.bold, props.italic))
            elif tag in ("drawing", "pict", "object", "AlternateContent"):
                para.drawing = True
                para.drawn_lines.extend(_line_lengths(child))

    @staticmethod
    def _textboxes(p: Any) -> list[Any]:
        out = []
        for box in p.iter(_q("txbxContent")):
            if not any(_local(a) == "Fallback" and a.tag.startswith(f"{{{_MC}}}") for a in box.iterancestors()):
                out.append(box)
        return out


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_VML = "urn:schemas-microsoft-com:vml"
_VML_UNITS = {**_UNITS, "px": 15.0, "": 15.0}  # Word's lengths, and VML's pixels (its unit when none is given)


def _vml_length(text: str) -> float | None:
    """A VML length in twips ("81pt", "1.5in", "40px"; no unit: pixels)."""
    found = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", text or "")
    if not found or found[2] not in _VML_UNITS:
        return None
    try:
        return float(found[1]) * _VML_UNITS[found[2]]
    except ValueError:
        return None


def _line_lengths(el: Any) -> list[int]:
    """The lengths (twips) of the horizontal lines drawn in a run's drawing: DrawingML line shapes
    (their extent) and VML ``v:line`` (from/to) or straight connectors (their width); for
    ``mc:AlternateContent`` the first choice only, so a line is not counted twice."""
    if _local(el) == "AlternateContent":
        choice = next((c for c in el if _local(c) == "Choice"), None)
        return [n for c in (choice if choice is not None else []) for n in _line_lengths(c)]
    out: list[int] = []
    for frame in (*el.iter(f"{{{_WP}}}anchor"), *el.iter(f"{{{_WP}}}inline")):
        geom = [g.get("prst") for g in frame.iter(f"{{{_A}}}prstGeom")]
        extent = frame.find(f"{{{_WP}}}extent")
        if extent is None or not any(g in ("line", "straightConnector1") for g in geom):
            continue
        cx, cy = int(extent.get("cx", "0") or 0), int(extent.get("cy", "0") or 0)
        if cx > 0 and cy <= cx / 10:
            out.append(round(cx / 635))
    for line in el.iter(f"{{{_VML}}}line"):
        start = [_vml_length(v) for v in (line.get("from") or "0,0").split(",")]
        end = [_vml_length(v) for v in (line.get("to") or "0,0").split(",")]
        if len(start) == 2 and len(end) == 2 and None not in start + end:
            dx, dy = abs(end[0] - start[0]), abs(end[1] - start[1])  # type: ignore[operator]
            if dx > 0 and dy <= dx / 10:
                out.append(round(dx))
    for shape in el.iter(f"{{{_VML}}}shape"):
        style = dict(part.split(":", 1) for part in (shape.get("style") or "").split(";") if ":" in part)
        width, height = _vml_length(style.get("width", "")), _vml_length(style.get("height", "0") or "0")
        connector = any(k.endswith("connectortype") for k in shape.attrib)
        if connector and width and (height or 0) <= width / 10:
            out.append(round(width))
    return out


def _pct(value: str) -> float:
    """A table percentage: fiftieths of a percent, or ``"50%"``."""
    value = value.strip()
    if value.endswith("%"):
        return float(value[:-1] or 0) / 100
    try:
        return float(value) / 5000
    except ValueError:
        return 0.0


# ---------------------------------------------------------------------------- opening
def _open(source: Source, name: str = "<bytes>") -> tuple[Any, str]:
    import docx

    hint = "mở bằng Word hoặc LibreOffice rồi lưu lại dạng .docx (Word 2007 trở lên)"
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        name, data = str(getattr(source, "name", "<tệp>")), source.read()
    else:
        name = os.fspath(source)
        try:
            if Path(name).stat().st_size > limit("max_data_file"):
                raise LimitError(f"tệp .docx nặng {Path(name).stat().st_size:,} byte".replace(",", "."),
                                 "max_data_file", where=name)
            data = Path(name).read_bytes()
        except FileNotFoundError:
            raise DataError("không tìm thấy tệp", where=name) from None
        except IsADirectoryError:
            raise DataError("đây là thư mục, không phải tệp .docx", where=name) from None
        except OSError as exc:
            raise DataError(f"không đọc được tệp: {exc.strerror or exc}", where=name) from None
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DataError("đây là tệp .doc cũ (Word 97–2003), không phải .docx", where=name, hint=hint)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DataError("không phải tệp .docx (không phải gói zip)", where=name, hint=hint)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        unzipped = sum(info.file_size for info in package.infolist())
    if unzipped > limit("max_data_file"):  # a zip bomb: refused before python-docx unpacks it
        raise LimitError(f"tệp .docx giải nén ra {unzipped:,} byte".replace(",", "."), "max_data_file", where=name)
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise DataError("không phải tệp .docx (gói zip không chứa văn bản Word)", where=name, hint=hint)
    try:
        return docx.Document(io.BytesIO(data)), name
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a broken package
        raise DataError(f"không đọc được tệp .docx ({exc})", where=name, hint=hint) from None


def open_docx(source: Source, name: str = "<bytes>") -> Any:
    """The python-docx ``Document`` of ``source`` (a path, or bytes read from ``name``), or a
    :class:`DataError` naming it and saying why it is not a .docx."""
    return _open(source, name)[0]


def unreadable(name: str, exc: Exception) -> DataError:
    """The error for a .docx whose content cannot be analysed (a malformed part)."""
    return DataError(f"không phân tích được nội dung ({type(exc).__name__}: {exc})", where=name,
                     hint="tệp có thể hỏng; mở bằng Word rồi lưu lại")


def read_docx(source: Source) -> DocxDocument:
    """Read a .docx (a path, its bytes or a binary file): its paragraphs with the formatting
    they really get, its sections and tables.

    A file that cannot be read, is not a .docx, or whose content cannot be analysed raises
    :class:`~baocao.errors.DataError` naming it.
    """
    doc, name = _open(source)
    try:
        return DocxDocument(doc, name)
    except BaoCaoError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed part must not end in a traceback
        raise unreadable(name, exc) from None
