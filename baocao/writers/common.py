"""What every writer decides alike, whatever it writes.

The .docx writer and the HTML preview lay out the same :class:`~baocao.model.VanBan`
by Decree 30. Each decision that is not about the output format lives here — the
texts of the header and closing blocks, heading labels and their case, the "./."
end mark, caption numbers, column widths and alignment, picture sizes — so the
preview never says something the document does not. Lengths are in twips where
the .docx needs them exactly, otherwise in points.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from .. import metrics
from ..errors import LayoutError, ModelError
from ..formatting import ngay_thang_nam, so_van_ban
from ..layout import RANGES, Layout, mm_to_twips, pt_to_twips
from ..model import Block, Cell, Heading, Image, PageBreak, PhuLuc, Run, Table, TextColumns, VanBan, plain
from ..numbering import SCHEMES, Level, Numberer, Scheme, la_ma
from ..records import FrozenRecord, Record

if TYPE_CHECKING:
    from docx.image.image import Image as Picture

    from ..forms import BienBan, CongDien, GiayMoi, GioiThieu, KemTheo, NghiPhep

#: The mark that ends the text of a document (spec §3).
END_MARK = "./."
#: The label of the Kính gửi block.
KINH_GUI = "Kính gửi:"
#: The label of the Nơi nhận list.
NOI_NHAN = "Nơi nhận:"

# ---------------------------------------------------------------------------- header block (§2)


def where(block: Block) -> str:
    """Where a block comes from, for error messages: ``Heading (dòng 12)``."""
    return f"{type(block).__name__} (dòng {block.line})" if block.line else type(block).__name__


def date_line(doc: VanBan) -> str:
    """The place and date line: ``Trà Vinh, ngày 29 tháng 12 năm 2020``; none in a biên bản,
    whose header has no date (Mẫu 1.9: the times are in its text)."""
    if not doc.loai_vb.co_ngay or doc.kem_theo is not None:
        return ""
    return f"{doc.dia_danh}, {ngay_thang_nam(doc.ngay)}"


def header_columns(layout: Layout, date: str) -> tuple[int, int, int]:
    """Left and right column widths of the header block (twips) and the cell margin.

    The right column fits the Quốc hiệu on one line, and the date line too when
    the left column can give up the room (a long place name); both get the same
    slack, as renderers break a line a little before the measured width."""
    h, sz = layout.header, layout.sizes
    text_width = mm_to_twips(layout.page.text_width_mm)
    margin = mm_to_twips(h.cell_margin_mm)
    qh = pt_to_twips(metrics.text_width(h.quoc_hieu, sz.quoc_hieu, bold=True))
    right = qh + 2 * margin + mm_to_twips(h.quoc_hieu_slack_mm)
    most = text_width - round(text_width * h.left_min_fraction)
    if right > most:
        raise LayoutError("Quốc hiệu không vừa một dòng với khổ giấy và lề này",
                          where="layout", hint="giảm cỡ chữ Quốc hiệu hoặc lề trái/phải")
    date_width = (pt_to_twips(metrics.text_width(date, sz.dia_danh_ngay, italic=True)) + 2 * margin
                  + mm_to_twips(h.quoc_hieu_slack_mm))
    right = min(max(right, date_width), most)
    return text_width - right, right, margin



class _FormClasses(Protocol):
    BienBan: type[BienBan]
    CongDien: type[CongDien]
    GioiThieu: type[GioiThieu]
    KemTheo: type[KemTheo]
    NghiPhep: type[NghiPhep]


def _forms() -> _FormClasses:
    """The form classes of :mod:`baocao.forms`, imported when a document has a form (its field is
    not None): a document without one does not need the module."""
    from .. import forms

    return cast("_FormClasses", forms)

@dataclass(frozen=True, repr=False, eq=False)
class Agency(FrozenRecord):
    """The agency lines of the header block, balanced within the left column."""

    parent: list[str]  # cơ quan chủ quản (upper case, regular), may be empty
    name: list[str]  # cơ quan ban hành (upper case, bold)
    longest_pt: float  # the widest line of the name: the rule under it is a fraction of it


def agency(doc: VanBan, layout: Layout, width_pt: float) -> Agency:
    """The agency names as the header block prints them in a column ``width_pt`` wide."""
    sz = layout.sizes
    parent = (metrics.balance(doc.co_quan_chu_quan.upper(), width_pt, sz.co_quan_chu_quan)
              if doc.co_quan_chu_quan else [])
    name = metrics.balance(doc.co_quan.upper(), width_pt, sz.co_quan, bold=True)
    longest = metrics.longest_line("\n".join(name), width_pt, sz.co_quan, bold=True)
    return Agency(parent, name, longest)


def vv_lines(doc: VanBan, layout: Layout, width_pt: float) -> list[str]:
    """The ``V/v …`` lines of a công văn (no tên loại) under the số; else none."""
    if doc.loai_vb.co_ten_loai or not doc.trich_yeu:
        return []
    return metrics.balance("V/v " + doc.trich_yeu.strip(), width_pt, layout.sizes.cong_van_trich_yeu)


def header_marks(doc: VanBan) -> list[str]:
    """The boxed marks under the số: độ mật, then độ khẩn."""
    return [mark for mark in (doc.do_mat, doc.do_khan) if mark]


def rule_pt(longest_pt: float, layout: Layout, inset_pt: float = 0.0) -> float:
    """The length (pt) of the line under the agency name or the trích yếu: ``rule_fraction`` of
    its longest line, and at least 1/3 of it plus ``inset_pt`` on each side — a reader who
    measures the line inside a cell's margins still finds 1/3 under a short name ("SỞ Y TẾ") —
    never more than 1/2 (spec §2: 1/3 to 1/2 of the text)."""
    low, high = RANGES.rule_fraction
    return min(max(longest_pt * layout.header.rule_fraction, longest_pt * low + 2 * inset_pt), longest_pt * high)


def trich_yeu_lines(doc: VanBan, layout: Layout) -> tuple[list[str], float]:
    """The trích yếu under the tên loại, balanced over the text width, and its widest
    line (pt); no lines for a công văn, whose trích yếu is the V/v line."""
    if not doc.loai_vb.co_ten_loai or not doc.trich_yeu:
        return [], 0.0

    width, size = mm_to_twips(layout.page.text_width_mm) / 20, layout.sizes.trich_yeu
    lines = metrics.balance(doc.trich_yeu.strip(), width, size, bold=True)
    return lines, metrics.longest_line("\n".join(lines), width, size, bold=True)


def kem_theo_line(doc: VanBan, layout: Layout) -> str | None:
    """The "(Kèm theo Quyết định số … ngày … của …)" line under the trích yếu of a text issued
    with a quyết định (Mẫu 1.3), balanced over the text width, or ``None``."""
    form = doc.kem_theo
    if form is None or not isinstance(form, _forms().KemTheo):
        return None
    text = form.dong(doc.viet_tat_co_quan, doc.co_quan, doc.dien_tu)
    return "\n".join(metrics.balance(text, mm_to_twips(layout.page.text_width_mm) / 20, layout.sizes.kem_theo,
                                      italic=True))


def ten_loai_rule(doc: VanBan, layout: Layout) -> float | None:
    """The line (pt) under the tên loại itself, in a form that has no trích yếu (giấy giới
    thiệu, giấy nghỉ phép: Mẫu 1.8, 1.10 draw it there)."""
    kind = doc.loai_vb
    if not kind.co_ten_loai or kind.co_trich_yeu:
        return None
    return rule_pt(metrics.text_width(kind.ten.upper(), layout.sizes.ten_loai, bold=True), layout)


def can_cu_lines(doc: VanBan) -> list[str]:
    """The Căn cứ lines, each ending ``;``, the last ``.``."""
    last = len(doc.can_cu) - 1
    return [line.strip().rstrip(";.").rstrip() + ("." if i == last else ";") for i, line in enumerate(doc.can_cu)]


def cong_dien(doc: VanBan) -> tuple[str, list[str]] | None:
    """A công điện's "… điện:" line and the ``- X;`` lines of the offices it goes to (Mẫu 1.6)."""
    form = doc.cong_dien
    if form is None or not isinstance(form, _forms().CongDien):
        return None
    return form.dong_dien(doc.co_quan), dash_lines(form.nhan_dien)


def content(doc: VanBan) -> list[Block]:
    """The body as printed: the form's own sentences (:mod:`baocao.forms`) around the text."""
    form = doc.form
    if form is None or isinstance(form, _forms().CongDien):
        return doc.blocks
    sentences = cast("GiayMoi | GioiThieu | BienBan | NghiPhep", form)  # a công điện's are not around the text
    return [*sentences.truoc(doc.co_quan), *doc.blocks, *sentences.sau()]


def kinh_gui_recipients(doc: VanBan) -> list[str]:
    """The recipients without the ``;`` / ``.`` the writer adds."""
    return [r.strip().rstrip(";.").rstrip() for r in doc.kinh_gui if r.strip()]


def dash_lines(items: Sequence[str]) -> list[str]:
    """A ``- X;`` list whose last line ends with a full stop: ``- Z.``."""
    last = len(items) - 1
    return [f"- {item}{'.' if i == last else ';'}" for i, item in enumerate(items)]


def kinh_gui_indents(recipients: Sequence[str], size: float, text_width: int, first_indent: int
                     ) -> tuple[int, int, int]:
    """For several recipients (twips): where "Kính gửi:" starts, the width of "Kính gửi"
    (the dashes align under the colon) and the width of "- " (hanging indent). The
    block is centred on the page, never left of the body's first-line indent."""
    to_colon = pt_to_twips(metrics.text_width("Kính gửi", size))
    dash = pt_to_twips(metrics.text_width("- ", size))
    widest = max(pt_to_twips(metrics.text_width(f"- {r};", size)) for r in recipients)
    start = max(first_indent, (text_width - to_colon - widest) // 2)
    return start, to_colon, dash


# ---------------------------------------------------------------------------- body (§3)


def scheme(doc: VanBan) -> Scheme:
    """The numbering scheme of ``doc``: its own ``danh_so``, else its type's."""
    return SCHEMES[doc.danh_so or doc.loai_vb.danh_so]


def body(blocks: Sequence[Block], *, end_mark: bool, keep_last: bool) -> Iterator[tuple[Block, bool, bool]]:
    """Each block with ``(block, ends, last)``: ``ends`` when its text takes the end
    mark, ``last`` when it is the last block and something follows it closely (the
    end mark or, with ``keep_last``, the closing block)."""
    final = len(blocks) - 1
    for i, block in enumerate(blocks):
        last = i == final and (end_mark or keep_last)
        yield block, last and end_mark, last


def heads_content(h: Heading, after: Sequence[Block]) -> bool:
    """Whether heading ``h`` heads what follows it (text, or a deeper heading) and so keeps with it
    on one page; an article whose heading is its whole text ("Điều 2. Quyết định này có hiệu lực
    …") followed by the next article keeps with nothing, or every article would chain to the
    signature and leave page 1 half empty."""
    nxt = after[0] if after else None
    return nxt is not None and not (isinstance(nxt, Heading) and nxt.level <= h.level)


def end_mark_alone(blocks: Sequence[Block], end_mark: bool) -> bool:
    """Whether "./." needs a paragraph of its own: no text ends the blocks."""
    return end_mark and (not blocks or isinstance(blocks[-1], (Table, Image, PageBreak)))


def end_suffix(runs: Sequence[Run]) -> str:
    """What completes the text to end with "./." (empty when it already does)."""
    text = plain(runs).rstrip().rstrip(";,:").rstrip()
    return "" if text.endswith("./.") else "." if text.endswith("./") else "/." if text.endswith(".") else END_MARK


def trimmed(runs: tuple[Run, ...], end: bool) -> tuple[Run, ...]:
    """Without trailing blanks or a list's ``;`` / ``,`` when the end mark follows."""
    if not end:
        return runs
    out = list(runs)
    while out and not out[-1].text.strip(" \t\n;,:"):
        out.pop()
    if out:
        out[-1] = Run(out[-1].text.rstrip().rstrip(";,:").rstrip(), out[-1].bold, out[-1].italic)
    return tuple(out)


@dataclass(frozen=True, repr=False, eq=False)
class NumberedHeading(FrozenRecord):
    """A heading as printed: its level's style, its label and its text (upper case
    when the level says so)."""

    spec: Level
    label: str
    text: tuple[Run, ...]

    @property
    def label_bold(self) -> bool:
        return self.spec.bold if self.spec.label_bold is None else self.spec.label_bold


def number_heading(numberer: Numberer, h: Heading) -> NumberedHeading:
    """Number ``h`` with ``numberer``; an error names the heading's line."""
    try:
        spec = numberer.level(h.level)
        label = numberer.label(h.level)
    except LayoutError as exc:
        exc.where = where(h)
        raise
    text = tuple(Run(r.text.upper(), r.bold, r.italic) for r in h.text) if spec.upper else h.text
    return NumberedHeading(spec, label, text)


def outline_level(h: Heading, *, in_phu_luc: bool = False) -> int:
    """The outline level Word gives heading ``h`` (0 for I. or Điều 1., 1 for 1. …): its place in
    the navigation pane and a table of contents. A phụ lục's title is at 0 and its own headings
    one level under it."""
    return min(h.level + (1 if in_phu_luc else 0), 9) - 1


#: The title of the table of contents.
MUC_LUC = "MỤC LỤC"


@dataclass(frozen=True, repr=False, eq=False)
class TocEntry(FrozenRecord):
    """One line of the table of contents: its level (1 = I., Điều 1., a phụ lục), the text it
    shows (label and title), its number (its bookmark's)."""

    level: int
    text: str
    number: int
    restart: bool = False  # a phụ lục's title: its pages are numbered from 1 again

    @property
    def bookmark(self) -> str:
        return f"_Toc{self.number:06d}"


@dataclass(repr=False, eq=False)
class Captions(Record):
    """Caption counters: tables ("Bảng N.") and each figure label ("Hình N.",
    "Biểu đồ N.") numbered on their own through the document and its appendices."""

    tables: int = 0
    figures: dict[str, int] = field(default_factory=dict)

    def table(self) -> int:
        self.tables += 1
        return self.tables

    def figure(self, label: str) -> int:
        self.figures[label] = number = self.figures.get(label, 0) + 1
        return number


def caption_label(kind: str, number: int) -> str:
    """The bold part of a caption: ``Bảng 2. ``."""
    return f"{kind} {number}. "


# ---------------------------------------------------------------------------- tables


def column_align(t: Table) -> list[str]:
    """Each column's alignment (number columns are right-aligned by the model)."""
    return t.align or ["left"] * t.columns


def cell_align(cell: Cell, column: str, header: bool) -> str:
    """A cell's alignment: header cells centred, else its own or its column's."""
    return "center" if header else (cell.align or column)


def placed_rows(t: Table) -> list[list[tuple[int | None, Cell, bool]]]:
    """The rows as ``(first column or None, cell, covered by a cell merged from above)``;
    without vertical merges the columns are left to the caller to count (``None``),
    which keeps long tables fast."""
    if any(c.rowspan > 1 for row in t.rows for c in row):
        return t.grid()  # type: ignore[return-value]
    return _unmerged(t.rows)


def _unmerged(rows: list[list[Cell]]) -> list[list[tuple[int | None, Cell, bool]]]:
    return [[(None, c, False) for c in row] for row in rows]


def placed_parts(t: Table) -> tuple[list[list[tuple[int | None, Cell, bool]]], TextColumns | None,
                                    list[list[tuple[int | None, Cell, bool]]]]:
    """:func:`placed_rows` of the rows before and after the table's text columns, and the text
    columns (:meth:`baocao.model.Table.parts`; None: every row is cells)."""
    head, body, tail = t.parts()
    if body is None:
        return placed_rows(t), None, []
    inside = all(r + c.rowspan <= len(head) for r, row in enumerate(head) for c in row)
    if not inside or any(c.rowspan > 1 for row in tail for c in row):
        return placed_rows(t), None, []  # merges reach into the text columns' rows: every row as cells
    if any(c.rowspan > 1 for row in head for c in row):
        return t.grid(len(head)), body, _unmerged(tail)  # type: ignore[return-value]
    return _unmerged(head), body, _unmerged(tail)


#: Measured text widths are stretched by this much: Word and LibreOffice set a line a little
#: wider than the font's advance widths add up to, and a column fitted exactly wraps its text.
_SLACK = 1.04
#: A cell of at most this many words ("Hạng III", "Xếp hạng") is kept on one line when the table
#: has room for all such cells.
_SHORT_WORDS = 3


def column_widths(t: Table, size: float, width: int) -> tuple[list[int], int]:
    """Column widths (twips) filling ``width``, and the least width the table needs.

    Given relative ``widths`` are scaled. Otherwise each column gets at least its
    longest word and the rest of the width in proportion to what its body text would
    take on one line; only the first rows are measured, so long tables stay linear."""
    cols = t.columns
    if t.widths:
        rel = t.widths
        if not math.isfinite(width * sum(rel)):  # huge relative widths: scale them down first
            rel = [w / max(rel) for w in rel]
        out = [round(width * w / sum(rel)) for w in rel]
        out[-1] += width - sum(out)
        return out, 0
    pad = 2 * 108 + 60  # cell margins of the table style, and a little air
    least = [pad + 300] * cols
    whole = least[:]  # the least width that keeps every short cell on one line
    natural = least[:]
    for r, row in enumerate(t.grid(200)):
        bold = r < t.header_rows
        for col, cell, covered in row:
            if covered or cell.colspan > 1:
                continue
            text = plain(cell.text)
            words = text.split() or [""]
            longest = pad + max(_SLACK * pt_to_twips(metrics.text_width(w, size, bold=bold)) for w in words)
            least[col] = max(least[col], round(longest))
            one_line = round(pad + _SLACK * pt_to_twips(metrics.text_width(text, size, bold=bold)))
            if len(words) <= _SHORT_WORDS:  # "Hạng III", "Xếp hạng": kept whole when there is room
                whole[col] = max(whole[col], one_line)
            if not bold:  # a header may wrap; the body's text decides how wide a column wants to be
                natural[col] = max(natural[col], one_line)
    whole = [max(w, m) for w, m in zip(whole, least)]
    if sum(whole) <= width:
        least = whole
    natural = [max(n, m) for n, m in zip(natural, least)]
    spare = width - sum(least)
    if spare <= 0:
        out = [round(width * w / sum(least)) for w in least]
    else:
        want = [n - m for n, m in zip(natural, least)]
        total = sum(want)
        extra = [spare * w / total if total else spare / cols for w in want]
        if total and total < spare:  # everything fits on one line: share the rest evenly by size
            extra = [w + (spare - total) * n / sum(natural) for w, n in zip(want, natural)]
        out = [round(m + e) for m, e in zip(least, extra)]
    out[-1] += width - sum(out)
    return out, sum(least)


@dataclass(frozen=True, repr=False, eq=False)
class TablePlan(FrozenRecord):
    """How a table is set: font size, column widths (twips), and whether it turns the
    page to landscape (only from a portrait page)."""

    size: float
    widths: list[int]
    turn: bool


def plan_table(t: Table, layout: Layout, landscape: bool) -> TablePlan:
    """Size, widths and orientation of ``t`` on a page that is ``landscape`` or not.

    A table turns the page when asked (``ngang=True``) or, with ``ngang=None``, when
    its least width is more than a portrait page's text width even at a smaller size (down to
    ``layout.sizes.table_min``, when no ``font_size`` is given)."""
    size = t.font_size or layout.sizes.table
    portrait, wide = mm_to_twips(layout.page.text_width_mm), mm_to_twips(layout.page.landscape_text_width_mm)
    widths, least = column_widths(t, size, wide if landscape else portrait)
    if not landscape and t.ngang is None and t.font_size is None and least > portrait:
        # before turning the page (which ends the portrait page where the table starts), a
        # point or two smaller may be enough
        smaller = size - 1
        while smaller >= layout.sizes.table_min:
            small_widths, small_least = column_widths(t, smaller, portrait)
            if small_least <= portrait:
                return TablePlan(smaller, small_widths, False)
            smaller -= 1
    turn = not landscape and (t.ngang is True or (t.ngang is None and least > portrait))
    if turn:
        widths, _ = column_widths(t, size, wide)
    return TablePlan(size, widths, turn)


def turns_page(block: object, layout: Layout) -> bool:
    """Whether ``block`` is a table that needs a landscape page. Writers keep the page
    turned from one such table to the next, so two wide tables in a row share landscape
    pages instead of leaving an empty portrait page between them."""
    return isinstance(block, Table) and plan_table(block, layout, landscape=False).turn


# ---------------------------------------------------------------------------- pictures


def picture(img: Image) -> tuple[bytes, Picture]:
    """The bytes of a picture and what python-docx reads from them (size, type)."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as Picture

    try:
        blob = img.source if isinstance(img.source, bytes) else Path(img.source).read_bytes()
        pic = Picture.from_blob(blob)
    except (OSError, UnrecognizedImageError) as exc:
        raise ModelError(f"không đọc được ảnh: {str(exc) or 'định dạng không hỗ trợ'}",
                         where=where(img), hint="dùng PNG, JPEG, GIF, BMP hoặc TIFF") from None
    except Exception:  # noqa: BLE001 - python-docx's parsers fail in many ways on broken files
        raise ModelError("không đọc được ảnh: tệp ảnh hỏng", where=where(img),
                         hint="dùng PNG, JPEG, GIF, BMP hoặc TIFF") from None
    if pic.px_width <= 0 or pic.px_height <= 0:
        raise ModelError(f"ảnh có kích thước {pic.px_width}×{pic.px_height} điểm ảnh", where=where(img),
                         hint="dùng một ảnh có nội dung")
    return blob, pic


def picture_size_mm(img: Image, pic: Picture, layout: Layout, landscape: bool) -> tuple[float, float]:
    """Width and height (mm): the given width or the natural size, never wider than the text."""
    natural_mm = pic.px_width / (pic.horz_dpi or 96) * 25.4
    page = layout.page
    max_mm = page.landscape_text_width_mm if landscape else page.text_width_mm
    width_mm = min(img.width_mm or natural_mm, max_mm)
    return width_mm, width_mm * pic.px_height / pic.px_width


# ---------------------------------------------------------------------------- closing block (§4)


def noi_nhan_lines(doc: VanBan) -> list[str]:
    """The Nơi nhận entries as printed: ``- X;`` …, the Lưu line last with a full stop.

    Without entries, a document with recipients (or a quyết định, a nghị quyết) gets its type's
    first entry (``Như trên``; ``Như Điều 4``, the last article, which says who carries it out)."""
    if doc.kem_theo is not None:  # a text issued with a quyết định has no Nơi nhận (the model refuses one)
        return []
    entries = [e.strip().rstrip(";.").rstrip() for e in doc.noi_nhan if e.strip()]
    kind = doc.loai_vb
    first = kind.noi_nhan_dau
    if first and "{last}" in first:
        last = doc.dieu_cuoi
        first = first.format(last=last) if last else None
    gioi_thieu = doc.gioi_thieu is not None and isinstance(doc.gioi_thieu, _forms().GioiThieu)
    if not entries and first and (doc.kinh_gui or kind.quyet_dinh or gioi_thieu):
        entries = [first]
    luu = ", ".join(doc.dong_luu)
    lines = [f"- {e};" for e in entries] + ([f"- Lưu: {luu}."] if luu else [])
    if lines and not luu:  # no Lưu line (luu=[]): the last entry ends the list
        lines[-1] = lines[-1][:-1] + "."
    return lines


def signature(doc: VanBan) -> tuple[list[str], str] | None:
    """The signer's title lines (``KT. GIÁM ĐỐC``, ``PHÓ GIÁM ĐỐC``) and name; a biên bản's
    chủ tọa (its thư ký signs on the left: :func:`second_signature`)."""
    bien_ban = doc.bien_ban
    if bien_ban is not None and isinstance(bien_ban, _forms().BienBan):
        return bien_ban.chu_ky()[1]
    if doc.nguoi_ky is None:
        return None
    return doc.nguoi_ky.dong_chuc_danh, doc.nguoi_ky.ho_ten.strip()


def second_signature(doc: VanBan) -> tuple[list[str], str] | None:
    """The signature on the left, where a form has two: a biên bản's thư ký (Mẫu 1.9); the
    Nơi nhận then goes under the signatures."""
    bien_ban = doc.bien_ban
    if bien_ban is not None and isinstance(bien_ban, _forms().BienBan):
        return bien_ban.chu_ky()[0]
    return None


def xac_nhan(doc: VanBan) -> str | None:
    """The heading of the confirmation block of a giấy nghỉ phép, under the Nơi nhận, when asked."""
    form = doc.nghi_phep
    return form.XAC_NHAN if form is not None and isinstance(form, _forms().NghiPhep) and form.xac_nhan else None


# ---------------------------------------------------------------------------- appendices (§5)


def phu_luc_label(doc: VanBan, number: int) -> str:
    """``Phụ lục``, or ``Phụ lục II`` when there are several."""
    return f"Phụ lục {la_ma(number)}" if len(doc.phu_luc) > 1 else "Phụ lục"


def phu_luc_note(doc: VanBan, pl: PhuLuc, *, blank: bool = False) -> str:
    """The "(Kèm theo Báo cáo số … ngày … của …)" line, or the appendix's own; may be empty.
    An electronic document (or ``blank``: an appendix in a file of its own) leaves the number
    and the date to the signing system."""
    if pl.ghi_chu is not None:
        return pl.ghi_chu
    kem = doc.kem_theo  # a text issued with a quyết định has no number: the quyết định's
    if kem is not None and isinstance(kem, _forms().KemTheo):
        return kem.dong(doc.viet_tat_co_quan, doc.co_quan, doc.dien_tu or blank)
    # an electronic document: the signing system fills the number and the date (Phụ lục I, III.1.c)
    number, day = (None, None) if doc.dien_tu or blank else (doc.so, doc.ngay)
    return (f"(Kèm theo {doc.loai_vb.ten} số {so_van_ban(number, doc.ky_hieu_day_du)} "
            f"{ngay_thang_nam(day)} của {' '.join(doc.co_quan.split())})")
