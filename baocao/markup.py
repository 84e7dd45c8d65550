"""Markdown (after Jinja) → document model blocks, with markdown-it-py.

The reader walks markdown-it's token stream, one case per token type, like a
pandoc reader: headings → :class:`~baocao.model.Heading` (``#`` = level 1 …),
paragraphs with ``**bold**`` / ``*italic*`` → :class:`~baocao.model.Paragraph`,
``-`` / ``+`` items → :class:`~baocao.model.Bullet`, pipe tables →
:class:`~baocao.model.Table`, a paragraph holding only ``![caption](file)`` →
:class:`~baocao.model.Image`, ``---`` → page break, and ``# Phụ lục: Title``
starts an appendix. Numbers typed in front of a heading are stripped with a
warning: the writer numbers headings itself.

Markdown features a report has no use for — indented code blocks, fences,
block quotes, raw HTML, setext headings — are switched off, so an indented line
or a ``>`` stays ordinary text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, paragraph
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .errors import BaoCaoError, TemplateError
from .layout import CHU_CAI
from .lazyre import compiled_later
from .model import Block, Bullet, Cell, Heading, Image, PageBreak, Paragraph, PhuLuc, Run, Table
from .records import Record

#: Replaces a newline inside a data value, so that it stays a line break wherever the
#: value lands (paragraph, heading, table cell) instead of ending the Markdown block.
LINE_BREAK = "\ue000"
#: Brackets a placeholder for a block built in Python (``table(df)``): ``\ue001<n>\ue001``.
BLOCK_MARK = "\ue001"
#: Put in front of every data value (see :func:`escape`) and removed from the text read: a
#: block can never start with data, so no value — wherever it lands, alone or beside another —
#: starts a heading, a list, a page break, an appendix (``# Phụ lục: …``) or a typed number.
DATA_MARK = "\ue002"
#: The labels a picture's caption may take (``![caption](file "Biểu đồ")``), numbered each on its own.
IMAGE_LABELS = ("Hình", "Biểu đồ", "Sơ đồ", "Ảnh")
_PLACEHOLDER = re.compile(f"^{BLOCK_MARK}(\\d+){BLOCK_MARK}$")

#: A heading number typed by hand: "I.", "2.", "1.2", "1.2.", "a)", "Điều 3.", "Chương II" — not a
#: number the title starts with ("2024 là năm …", "5 nhiệm vụ", "1.000 hồ sơ").
_TYPED_NUMBER = re.compile(
    r"^\s*(?:(?:Phần|Chương|Mục)\s+[IVXLCDM\d]+\.?|Điều\s+\d+\.?|(?-i:[IVXLCDM]+)\.|\d{1,3}(?:\.\d{1,2})*[.)]"
    r"|\d{1,2}(?:\.\d{1,2})+|[a-zđ]\))\s+",
    re.IGNORECASE)
#: A line typed as a điểm or khoản of its own: "a) …", "đ) …", "2. …", "1.2. …"
_MARKER_LINE = re.compile(r"^(?:[a-zđ]\)|\d+(?:\.\d+)*[.)])\s")
#: A heading number typed at the start of a paragraph: I., II. …, Phần/Chương I, Điều 1.
_TYPED_HEADING = re.compile(r"^(?:[IVXLC]+\.\s*\S|(?:Phần|PHẦN|Chương|CHƯƠNG)\s+[IVXLC\d]+\b|Điều\s+\d+\.\s*\S)")
#: A điểm typed by hand at the start of a paragraph, for the letter check
_TYPED_LETTER = re.compile(r"^\s*([a-zA-ZđĐ])\)\s")
_PHU_LUC = re.compile(r"^\s*Phụ\s+lục\s*[:.\-–]?\s*(?P<title>.*?)\s*(?P<ngang>\{\s*ngang\s*\})?\s*$",
                      re.IGNORECASE)


#: The inline rules :func:`_parser` leaves on, and the characters one of them can start at: ``\n``
#: (a break), ``\`` (an escape), a backtick, ``*`` and ``_`` (emphasis), ``[`` (a link; an image is
#: ``![``), ``<`` (an autolink), ``&`` (an entity). Every other character is text to all of them.
_INLINE_RULES = (["text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink", "entity"],
                 ["balance_pairs", "emphasis", "fragments_join"])
_INLINE_STARTS = re.compile(r"[\n\\`*_\[<&]")


def _inline(state: StateCore) -> None:
    """markdown-it's core rule ``inline``, with a short way for the text most paragraphs are:
    with none of :data:`_INLINE_STARTS`, the inline rules would make it one text token — made here
    without running them (a test compares both on random text)."""
    parse = state.md.inline.parse
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if _INLINE_STARTS.search(content) is not None:
                parse(content, state.md, state.env, token.children)
            elif content:
                text = Token("text", "", 0)
                text.content = content
                token.children.append(text)


#: The block rules :func:`_parser` leaves on, and the characters a line must start with for one of
#: them but ``paragraph`` to take it when the line after is blank: ``#`` (a heading), ``-``, ``*``,
#: ``_`` (a rule), ``-``, ``*``, ``+`` and digits (a list), ``[`` (a link reference); a table needs
#: two lines (``|`` is kept out all the same).
_BLOCK_RULES = ["table", "hr", "list", "reference", "heading", "paragraph"]
_BLOCK_STARTS = frozenset("#-*_+[|0123456789")


def _one_line_paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line with a blank line (or the end) after it and none of :data:`_BLOCK_STARTS` first is a
    paragraph to every rule of :data:`_BLOCK_RULES`: handed to markdown-it's own ``paragraph`` rule
    without trying the others first (a test compares both on random text)."""
    following = start + 1
    if silent or (following < state.lineMax and not state.isEmpty(following)) \
            or state.sCount[start] - state.blkIndent >= 4 \
            or state.src[state.bMarks[start] + state.tShift[start]] in _BLOCK_STARTS:
        return False
    return paragraph(state, start, end, silent)


def _parser(short_inline: bool = True, short_block: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable(["code", "fence", "lheading", "blockquote", "html_block", "html_inline"])
    # another markdown-it with other rules: its own way
    rules = (md.inline.ruler.get_active_rules(), md.inline.ruler2.get_active_rules())
    if short_inline and rules == _INLINE_RULES:
        md.core.ruler.at("inline", _inline)
    if short_block and md.block.ruler.get_active_rules() == _BLOCK_RULES:
        md.block.ruler.before("table", "one_line_paragraph", _one_line_paragraph)
    return md


_MD = _parser()


@dataclass(repr=False, eq=False)
class Parsed(Record):
    """What the reader found: body blocks, appendices and warnings (message, line)."""

    blocks: list[Block] = field(default_factory=list)
    phu_luc: list[PhuLuc] = field(default_factory=list)
    warnings: list[tuple[str, int | None]] = field(default_factory=list)


class _Reader:
    def __init__(self, text: str, *, name: str, locate: Callable[[str, int | None], int | None],
                 blocks: Sequence[Block], base: Path | None):
        self.text = text
        self.name = name
        self.locate = locate
        self.placeholders = blocks
        self.base = base
        self.out = Parsed()
        self.target: list[Block] = self.out.blocks
        self.letter: int | None = None  # index in CHU_CAI of the last điểm typed by hand
        self.numbered_paragraphs = False  # see read_markdown

    # -------------------------------------------------------------- helpers
    def line_of(self, token: Token, text: str = "") -> int | None:
        rendered = token.map[0] + 1 if token.map else None
        return self.locate(text, rendered)

    def error(self, message: str, token: Token, text: str = "", hint: str | None = None) -> TemplateError:
        return TemplateError(message, template=self.name, line=self.line_of(token, text), hint=hint)

    def warn(self, message: str, token: Token, text: str = "") -> None:
        self.out.warnings.append((message, self.line_of(token, text)))

    def add(self, block: Block) -> None:
        self.target.append(block)

    def inline_runs(self, inline: Token, children: Sequence[Token] | None = None) -> tuple[Run, ...]:
        """Runs of an inline token (or of some of its ``children``): bold/italic from strong/em,
        breaks, plain text."""
        runs: list[Run] = []
        bold = italic = 0
        for child in (inline.children or []) if children is None else children:
            kind = child.type
            if kind in ("text", "code_inline"):
                runs.append(Run(_plain(child.content), bold > 0, italic > 0))
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "softbreak":
                runs.append(Run(" ", bold > 0, italic > 0))
            elif kind == "hardbreak":
                runs.append(Run("\n", bold > 0, italic > 0))
            elif kind == "image":
                self.warn("ảnh nằm giữa đoạn văn: chỉ giữ chú thích; đặt ảnh thành một đoạn riêng", inline)
                runs.append(Run(_plain(child.content), bold > 0, italic > 0))
            # link_open / link_close: the link text is kept, the address dropped
        return _merge(runs)

    # -------------------------------------------------------------- blocks
    def read(self) -> Parsed:
        tokens = _MD.parse(self.text)
        i = 0
        depth = 0  # list nesting
        markers: list[str] = []
        first_in_item = False
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            if kind == "heading_open":
                self.heading(t, tokens[i + 1])
                i += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                if depth:
                    level = 2 if depth > 1 or markers[-1] == "+" else 1
                    text = self.inline_runs(inline)
                    if first_in_item:
                        self.add(Bullet(text, level, self.line_of(t, inline.content)))
                    else:
                        self.add(Paragraph(text, line=self.line_of(t, inline.content)))
                    first_in_item = False
                else:
                    self.paragraph(t, inline)
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                depth += 1
                markers.append(t.markup if kind == "bullet_list_open" else "1.")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
                markers.pop()
            elif kind == "list_item_open":
                first_in_item = True
                if markers[-1] == "1.":  # "1. Mục đích" typed by hand: keep the text, say why
                    number = f"{t.info}{t.markup} "
                    if not self.numbered_paragraphs:
                        self.warn(f"danh sách đánh số tay '{number.strip()}': giữ nguyên thành đoạn văn có số "
                                  "(chữ thường); nếu đây là đề mục của văn bản, dùng đề mục Markdown (#, ##) "
                                  "để được in đậm và đánh số tự động", t)
                    i = self.numbered_item(tokens, i, number)
                    continue
            elif kind == "table_open":
                i = self.table(tokens, i)
                continue
            elif kind == "hr":
                self.add(PageBreak(self.line_of(t)))
            i += 1
        return self.out

    def numbered_item(self, tokens: list[Token], i: int, number: str) -> int:
        """An ordered-list item → paragraphs, the first starting with its number."""
        i += 1
        first = True
        while tokens[i].type != "list_item_close":
            if tokens[i].type == "paragraph_open":
                inline = tokens[i + 1]
                runs = self.inline_runs(inline)
                if first:
                    runs = (Run(number),) + runs
                    first = False
                self.add(Paragraph(runs, line=self.line_of(tokens[i], inline.content)))
                i += 3
            else:
                i += 1
        return i + 1

    def heading(self, t: Token, inline: Token) -> None:
        self.letter = None  # điểm letters start again under each heading
        level = int(t.tag[1:])
        raw = inline.content
        appendix = _PHU_LUC.match(raw.replace(LINE_BREAK, " ")) if level == 1 else None
        if appendix:  # its title as read (escapes and entities resolved), without "Phụ lục:" and {ngang}
            plain = "".join(r.text for r in self.inline_runs(inline)).replace("\n", " ")
            plain = re.sub(r"^\s*Phụ\s+lục\s*[:.\-–]?\s*", "", plain, flags=re.IGNORECASE)
            if appendix["ngang"]:  # the mark as typed in the template, not braces that came from data
                plain = re.sub(r"\{\s*ngang\s*\}\s*$", "", plain)
            title = plain.strip()
            if not title:
                raise self.error("phụ lục cần tiêu đề", t, raw, "viết: # Phụ lục: Tên phụ lục")
            pl = PhuLuc(title, ngang=bool(appendix["ngang"]))
            self.out.phu_luc.append(pl)
            self.target = pl.blocks
            return
        runs = list(self.inline_runs(inline))
        if runs:  # a number typed by hand (in the template or in data) would be doubled: "I. II. …"
            typed = _TYPED_NUMBER.match(runs[0].text)
            if typed:
                self.warn(f"đề mục có số gõ tay '{typed.group(0).strip()}': đã bỏ, vì số được đánh tự động",
                          t, raw)
                runs[0] = Run(runs[0].text[typed.end():], runs[0].bold, runs[0].italic)
        if not "".join(r.text for r in runs).strip():
            raise self.error("đề mục trống", t, raw)
        self.add(Heading(tuple(runs), level, self.line_of(t, raw)))

    def paragraph(self, t: Token, inline: Token) -> None:
        content = inline.content.strip()
        placeholder = _PLACEHOLDER.match(content)
        if placeholder:
            number = placeholder.group(1)
            if len(number) > 9 or int(number) >= len(self.placeholders):  # typed in trusted Markdown
                raise self.error(f"ký tự U+{ord(BLOCK_MARK):04X} chỉ dành cho bảng và biểu đồ của baocao", t,
                                 content, "bỏ ký tự này khỏi văn bản Markdown")
            block = self.placeholders[int(number)]
            if hasattr(block, "line") and block.line is None:
                block.line = self.line_of(t)
            self.add(block)
            return
        children = inline.children or []
        if len(children) == 1 and children[0].type == "image":
            self.image(t, children[0])
            return
        if BLOCK_MARK in content:
            raise self.error("bảng (table(...)) phải đứng thành một đoạn riêng", t, content,
                             "để một dòng trống trước và sau lời gọi table(...)")
        groups = _split_at_markers(children)
        if len(groups) > 1:
            first = t.map[0] + 1 if t.map else None
            self.warn(f"các dòng {', '.join(g.label for g in groups if g.label)} gõ liền nhau được tách thành "
                      "đoạn riêng (mỗi điểm, khoản một đoạn; để một dòng trống giữa các đoạn)", t, inline.content)
            for group in groups:
                runs = self.inline_runs(inline, group.tokens)
                rendered = first + group.offset if first is not None else None
                line = self.locate("".join(r.text for r in runs), rendered)
                self.check_letter(runs, line)
                self.add(Paragraph(runs, line=line))
            return
        runs = self.inline_runs(inline)
        line = self.line_of(t, inline.content)
        self.check_letter(runs, line)
        self.check_typed_heading(runs, line)
        self.add(Paragraph(runs, line=line))

    def check_typed_heading(self, runs: Sequence[Run], line: int | None) -> None:
        """A short paragraph typed "I. Kết quả", "Điều 2. …", "Chương II": a heading typed as text,
        which would stay plain and unnumbered."""
        text = "".join(r.text for r in runs).strip()
        typed = _TYPED_HEADING.match(text)
        if typed and len(text.split()) <= 15 and not text.endswith((".", ";", ",")):
            self.out.warnings.append((
                f"đoạn '{text[:40]}' trông như một đề mục gõ tay: nó là đoạn văn thường (không đậm, không "
                "được đánh số); nếu là đề mục, viết '#' (hoặc '##' …) và bỏ số gõ tay", line))

    def check_letter(self, runs: Sequence[Run], line: int | None) -> None:
        """A điểm typed by hand ("a) …") in the Vietnamese order: no Latin f, j, w, z; đ after d."""
        typed = _TYPED_LETTER.match(runs[0].text) if runs else None
        if typed is None:
            return
        letter = typed.group(1)
        if letter.isupper():
            self.letter = None
            return
        if letter not in CHU_CAI:
            after = f"; sau {CHU_CAI[self.letter]}) là {CHU_CAI[self.letter + 1]})" \
                if self.letter is not None and self.letter + 1 < len(CHU_CAI) else ""
            self.out.warnings.append((f"điểm '{letter})' dùng chữ '{letter}' không có trong bảng chữ cái tiếng Việt "
                                      f"(a b c d đ e g h i k l m n o p q r s t u v x y){after}", line))
            self.letter = None
            return
        index = CHU_CAI.index(letter)
        if index and self.letter is not None and index != self.letter + 1:
            want = CHU_CAI[self.letter + 1] if self.letter + 1 < len(CHU_CAI) else "?"
            self.out.warnings.append((f"điểm '{letter})' đứng sau '{CHU_CAI[self.letter]})': cần '{want})' "
                                      "(thứ tự a b c d đ e g h …)", line))
        self.letter = index

    def image(self, t: Token, img: Token) -> None:
        src = _plain(str(img.attrs.get("src", "")))
        line = self.line_of(t, src)
        if self.base is None:
            raise TemplateError("ảnh cần một mẫu nằm trong thư mục", template=self.name, line=line)
        path = (self.base / src).resolve()
        if not path.is_relative_to(self.base.resolve()):
            raise TemplateError(f"ảnh {src!r} nằm ngoài thư mục của mẫu", template=self.name, line=line,
                                hint="đặt ảnh trong thư mục của mẫu")
        if not path.is_file():
            raise TemplateError(f"không tìm thấy ảnh {src!r}", template=self.name, line=line,
                                hint=f"đường dẫn tính từ thư mục {self.base}")
        label = _plain(str(img.attrs.get("title") or "")).strip() or "Hình"
        if label not in IMAGE_LABELS:
            raise TemplateError(f"nhãn chú thích ảnh {label!r} không dùng được", template=self.name, line=line,
                                hint="nhãn là một trong: " + ", ".join(IMAGE_LABELS)
                                     + ', ví dụ ![Cơ cấu hồ sơ](hinh.png "Biểu đồ")')
        caption = "".join(r.text for r in self.inline_runs(img)).replace("\n", " ").strip()  # escapes resolved
        self.add(Image(str(path), caption=caption or None, line=line, label=label))

    def table(self, tokens: list[Token], i: int) -> int:
        """A pipe table: header row bold, column alignment from ``:--`` / ``--:``."""
        start = tokens[i]
        rows: list[list[Cell]] = []
        align: list[str] = []
        header_rows = 0
        row: list[Cell] = []
        i += 1
        while tokens[i].type != "table_close":
            t = tokens[i]
            if t.type == "tr_open":
                row = []
            elif t.type in ("th_open", "td_open"):
                style = str(t.attrs.get("style", ""))
                cell_align = "right" if "right" in style else "center" if "center" in style else "left"
                if t.type == "th_open":
                    align.append(cell_align)
                row.append(Cell(self.inline_runs(tokens[i + 1])))
                i += 2
            elif t.type == "tr_close":
                rows.append(row)
            elif t.type == "thead_close":
                header_rows = len(rows)
            i += 1
        self.add(Table(rows, header_rows=header_rows, align=align or None, line=self.line_of(start)))
        return i + 1


@dataclass(repr=False, eq=False)
class _Group(Record):
    """The inline tokens of one điểm or khoản typed on its own line inside a paragraph."""

    tokens: list[Token]
    offset: int  # lines after the paragraph's first
    label: str  # the marker the group starts with ("a)"), or "" for text before the first


def _split_at_markers(children: Sequence[Token]) -> list[_Group]:
    """A paragraph's inline tokens cut before each line typed as a điểm or khoản ("a) …",
    "2. …") — when at least two of its lines are (one such line may be a sentence running on)."""
    if not any(child.type == "softbreak" for child in children):  # one line (or hard breaks): one group
        return [_Group(list(children), 0, "")]
    groups = [_Group([], 0, "")]
    first = children[0].content if children and children[0].type == "text" else ""
    if _MARKER_LINE.match(first):
        groups[0].label = first.split(None, 1)[0]
    lines = 0
    for i, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            lines += 1
            following = children[i + 1] if i + 1 < len(children) else None
            if child.type == "softbreak" and following is not None and following.type == "text" \
                    and _MARKER_LINE.match(following.content):
                groups.append(_Group([], lines, following.content.split(None, 1)[0]))
                continue
        groups[-1].tokens.append(child)
    marked = sum(1 for g in groups if g.label)
    return groups if marked >= 2 else [_Group(list(children), 0, "")]


def _plain(text: str) -> str:
    """Text as read: data marks gone, line breaks of data values as newlines."""
    return text.replace(DATA_MARK, "").replace(LINE_BREAK, "\n")


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs of the same formatting."""
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].italic) == (r.bold, r.italic):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        elif r.text:
            out.append(r)
    return tuple(out)


def read_markdown(text: str, *, name: str = "<văn bản>",
                  locate: Callable[[str, int | None], int | None] | None = None,
                  blocks: Sequence[Block] = (), base: Path | None = None,
                  numbered_paragraphs: bool = False) -> Parsed:
    """Read Markdown into model blocks.

    ``locate(text, rendered_line)`` maps a block back to its template line (the
    text after Jinja has other line numbers); ``blocks`` are the blocks the
    placeholders ``\\ue001<n>\\ue001`` stand for; ``base`` is the folder images are
    read from. ``numbered_paragraphs``: the body is numbered paragraphs (a công văn), so a
    list typed "1. …" is what it should be, with no advice to make it headings.

    >>> p = read_markdown("# Khái quát\\n\\nĐoạn **đậm**.\\n\\n- một\\n+ hai\\n")
    >>> [type(b).__name__ for b in p.blocks]
    ['Heading', 'Paragraph', 'Bullet', 'Bullet']
    >>> p.blocks[1].text
    (Run(text='Đoạn ', bold=False, italic=False), Run(text='đậm', bold=True, italic=False), \
Run(text='.', bold=False, italic=False))
    >>> [b.level for b in p.blocks[2:]]
    [1, 2]
    """
    text = _CONTROL_CHARS.sub("", text)  # as in data values: Word cannot hold them; markdown-it would show U+FFFD
    reader = _Reader(text, name=name, locate=locate or (lambda _text, line: line), blocks=blocks, base=base)
    reader.numbered_paragraphs = numbered_paragraphs
    try:
        return reader.read()
    except BaoCaoError as exc:
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError(str(exc), template=name) from None


#: Characters Markdown reads as marks wherever they stand (with the parser of :func:`_parser`:
#: emphasis, code, links and images, autolinks, entities, escapes, table cells, heading ends,
#: and ``{ngang}`` after an appendix title).
_ANYWHERE = re.compile(r"[\\`*_\[\]<&|#!(){}]")
#: Marks only at the start of a line, where a value may land: a bullet or a break (``-``, ``+``),
#: a table's rule row (``-``, ``:``), a numbered item (``1.``, ``1)``, also when the digits stand
#: just before the value in the template).
_AT_START = re.compile(r"^(\s*)([-+:])|^(\s*\d*)([.)])(?=\s|$)")
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # _CONTROLS (a regex: str.translate is slow)
_DROP = compiled_later(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{LINE_BREAK}{BLOCK_MARK}{DATA_MARK}]")  # _CONTROLS, our marks


class Markdown(str):
    """Text that is already Markdown (a macro's output, ``{{ x | markdown }}``, what ``table()``
    puts in the body): written into the body as it is, not escaped."""


def drop_marks(value: str) -> str:
    """``value`` without control characters (but newlines and tabs) and baocao's private marks:
    for text that is not Markdown (front-matter fields).

    >>> drop_marks("Sở\ue002 Xây\x1b dựng\ue001")
    'Sở Xây dựng'
    """
    return _DROP.sub("", value) if not value.isprintable() else value


def _escape_start(m: re.Match[str]) -> str:
    return f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}"


def escape(value: str) -> str:
    """A data value as literal Markdown text: the characters Markdown would read as marks
    backslash-escaped (where they would be marks), newlines kept as line breaks, control
    characters dropped; :data:`DATA_MARK` in front, so that the value never starts a block.

    >>> escape("A & B <c> *d* # 1.")[1:]
    'A \\\\& B \\\\<c> \\\\*d\\\\* \\\\# 1.'
    >>> escape("1. Số 6.243.886, tăng 2,5% - 30/2020/NĐ-CP")[1:]
    '1\\\\. Số 6.243.886, tăng 2,5% - 30/2020/NĐ-CP'
    >>> p = read_markdown("# Phụ lục: Bảng\\n\\n# " + escape("Phụ lục: Bí mật"))  # a heading, no 2nd appendix
    >>> len(p.phu_luc), [b.text[0].text for b in p.phu_luc[0].blocks]
    (1, ['Phụ lục: Bí mật'])
    >>> read_markdown(escape("**x** | _y_ &amp;")).blocks[0].text[0].text
    '**x** | _y_ &amp;'
    >>> [type(b).__name__ for b in read_markdown(escape("- 1) ---") + "\\n\\n" + escape("2020.")).blocks]
    ['Paragraph', 'Paragraph']
    """
    if not value.isprintable():  # control characters, newlines, our marks (most values skip this)
        value = _DROP.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if _ANYWHERE.search(value) is not None:  # most values have no mark: no substitution to set up
        value = _ANYWHERE.sub(r"\\\g<0>", value)
    start = _AT_START.match(value)
    if start is not None:
        value = _escape_start(start) + value[start.end():]
    value = value.replace("\n", LINE_BREAK).replace("\t", " ")
    if not value.strip():
        return value
    lead = len(value) - len(value.lstrip(" "))  # after the spaces, which Markdown drops at a line's start
    return value[:lead] + DATA_MARK + value[lead:]
