"""WordprocessingML snippets as strings: runs, paragraphs, properties.

The docx writer builds the body XML as text with these helpers: one list of
strings joined once, which is many times faster than building an element tree
paragraph by paragraph. Child elements are emitted in the order the schema
requires, so Word opens the result without repairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ..lazyre import compiled_later

_DOC_NUMBER = re.compile(r"\S*\d\S*/\S*-\S*|\S*/\S*\d\S*-\S*")
_NB_HYPHEN = "\u2011"
_BAD = compiled_later("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def esc(text: str) -> str:
    """Text for XML: NFC, escaped, without characters XML cannot hold.

    >>> esc("A & B <c> \\x07")
    'A &amp; B &lt;c&gt; '
    """
    if not text.isprintable():  # every character of _BAD is unprintable: most texts skip the search
        text = _BAD.sub("", text)  # first: a dropped character must not keep a mark from its letter
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@lru_cache(maxsize=256)
def rpr(size: float | None = None, bold: bool = False, italic: bool = False) -> str:
    """Run properties in schema order (cached: a document uses a handful)."""
    out = []
    if bold:
        out.append("<w:b/><w:bCs/>")
    if italic:
        out.append("<w:i/><w:iCs/>")
    if size is not None:
        hp = round(size * 2)
        out.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    return f"<w:rPr>{''.join(out)}</w:rPr>" if out else ""


def _keep_numbers_whole(text: str) -> str:
    """Non-breaking hyphens inside document numbers (``37/KH-SXD``), so that a
    number never wraps at its hyphen."""
    return _DOC_NUMBER.sub(lambda m: m.group(0).replace("-", _NB_HYPHEN), text)


def run(text: str, size: float | None = None, bold: bool = False, italic: bool = False) -> str:
    """One run; ``\\n`` becomes a line break, ``\\t`` a tab, and the hyphens of a
    document number non-breaking.

    >>> run("a\\nb", bold=True)
    '<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t></w:r>'
    >>> run("số 37/KH-SXD")
    '<w:r><w:t xml:space="preserve">số 37/KH</w:t><w:noBreakHyphen/><w:t xml:space="preserve">SXD</w:t></w:r>'
    """
    props = rpr(size, bold, italic)
    if "/" in text and "-" in text:
        text = _keep_numbers_whole(text)
    if "\n" in text or "\t" in text or "\r" in text or _NB_HYPHEN in text:
        pieces = []
        for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if i:
                pieces.append("<w:br/>")
            for j, part in enumerate(line.split("\t")):
                if j:
                    pieces.append("<w:tab/>")
                for k, piece in enumerate(part.split(_NB_HYPHEN)):
                    if k:
                        pieces.append("<w:noBreakHyphen/>")
                    if piece:
                        pieces.append(f'<w:t xml:space="preserve">{esc(piece)}</w:t>')
        return f"<w:r>{props}{''.join(pieces)}</w:r>"
    return f'<w:r>{props}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


@lru_cache(maxsize=1024)  # a document uses a few dozen: one per kind of paragraph
def ppr(*, jc: str | None = None, left: int = 0, right: int = 0, first: int = 0,
        hanging: int = 0, before: int = 0, after: int = 0, line: int = 240,
        keep_next: bool = False, keep_lines: bool = False, border: str | None = None,
        mark_size: float | None = None, sect: str = "", outline: int | None = None) -> str:
    """Paragraph properties in schema order. Lengths in twips; ``line`` in 240ths of
    a line (``auto`` rule). ``border`` is ``"top"`` (a rule drawn over an empty
    paragraph) or ``"box"``. ``outline`` (0–8) makes the paragraph a heading of Word's
    navigation pane and of a table of contents, without changing how it looks."""
    out = []
    if keep_next:
        out.append("<w:keepNext/>")
    if keep_lines:
        out.append("<w:keepLines/>")
    if border == "top":
        out.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>')
    elif border == "box":
        side = 'w:val="single" w:sz="8" w:space="1" w:color="000000"'
        out.append(f"<w:pBdr><w:top {side}/><w:left {side}/><w:bottom {side}/><w:right {side}/></w:pBdr>")
    out.append(f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>')
    ind = []
    if left:
        ind.append(f'w:left="{left}"')
    if right:
        ind.append(f'w:right="{right}"')
    if first:
        ind.append(f'w:firstLine="{first}"')
    elif hanging:
        ind.append(f'w:hanging="{hanging}"')
    if ind:
        out.append(f"<w:ind {' '.join(ind)}/>")
    if jc:
        out.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        out.append(f'<w:outlineLvl w:val="{outline}"/>')
    if mark_size is not None:
        out.append(rpr(mark_size))
    out.append(sect)
    return f"<w:pPr>{''.join(out)}</w:pPr>"


def para(props: str, content: str | Iterable[str] = "") -> str:
    body = content if isinstance(content, str) else "".join(content)
    return f"<w:p>{props}{body}</w:p>"


def table_open(widths: list[int], *, indent: int = 0, borders: bool, cell_margin: int | None = None) -> str:
    """``<w:tbl>`` with its properties and grid (widths in twips, fixed layout)."""
    total = sum(widths)
    parts = [f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>']
    if indent:
        parts.append(f'<w:tblInd w:w="{indent}" w:type="dxa"/>')
    if borders:
        side = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
        parts.append("<w:tblBorders>" + "".join(
            f"<w:{s} {side}/>" for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>")
    parts.append('<w:tblLayout w:type="fixed"/>')
    if cell_margin is not None:
        parts.append(f'<w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/>'
                     f'<w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>')
    parts.append('<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
                 'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>')
    parts.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    parts.append("</w:tblGrid>")
    return "".join(parts)


def row_open(*, header: bool = False, cant_split: bool = False) -> str:
    props = ("<w:cantSplit/>" if cant_split or header else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>" if props else "<w:tr>"


def cell(width: int, content: str, *, span: int = 1, valign: str | None = None, merge: str | None = None) -> str:
    """A table cell; ``merge`` is ``"restart"`` (first of a vertical merge) or
    ``"continue"`` (covered by the cell above)."""
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if merge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif merge == "continue":
        props.append("<w:vMerge/>")
    if valign:
        props.append(f'<w:vAlign w:val="{valign}"/>')
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{content}</w:tc>"
