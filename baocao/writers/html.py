"""The HTML preview: a :class:`~baocao.model.VanBan` as white A4 sheets, for notebooks.

:func:`write_html` gives one self-contained fragment — no scripts, no external
files (pictures are inlined as ``data:`` URIs) — whose ``<style>`` rules all sit
under one class named after the layout, so it cannot restyle the notebook around
it. It is a visitor like the .docx writer and takes every decision about the
document — labels, numbering, end mark, Nơi nhận punctuation, column widths and
alignment, caption numbers — from :mod:`.common`, so the preview says what the
document says. What HTML cannot know is where a printed page ends: a sheet here is
what lies between two page breaks (a page break, a landscape table, a phụ lục),
and may be longer than one A4 page.

Every text is escaped; bold and italic are ``<b>`` and ``<i>``, so the preview still
reads right where styles are stripped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import metrics
from ..errors import ModelError
from ..formatting import so_ky_hieu
from ..layout import LAYOUT, Layout, mm_to_twips
from ..model import Block, Bullet, Heading, Image, PageBreak, Paragraph, PhuLuc, Run, Table, VanBan
from ..numbering import Numberer
from . import common as c
from .ooxml import _DOC_NUMBER  # the same document numbers are kept whole as in the .docx

_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_FONT = '"Times New Roman", "Liberation Serif", Times, serif'
_EM_LINE = 1.15  # a single line of Times New Roman is about 1.15 em high


def esc(text: str) -> str:
    """Text for HTML: NFC, without control characters, escaped (quotes too); line
    breaks become ``<br>`` and document numbers (``37/KH-SXD``) never wrap.

    >>> esc('<script>"x" & 37/KH-SXD\\nb')
    '&lt;script&gt;&quot;x&quot; &amp; <span class="nw">37/KH-SXD</span><br>b'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = _BAD.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "\u2003"))
    if "/" in text and "-" in text:
        out, at = [], 0
        for m in _DOC_NUMBER.finditer(text):
            out.append(html.escape(text[at:m.start()]))
            out.append(f'<span class="nw">{html.escape(m.group(0))}</span>')
            at = m.end()
        out.append(html.escape(text[at:]))
        escaped = "".join(out)
    else:
        escaped = html.escape(text)
    return escaped.replace("\n", "<br>")


def _fmt(content: str, bold: bool = False, italic: bool = False) -> str:
    if italic:
        content = f"<i>{content}</i>"
    return f"<b>{content}</b>" if bold else content


def _runs(runs: Sequence[Run]) -> str:
    return "".join(_fmt(esc(r.text), r.bold, r.italic) for r in runs if r.text)


def _twips_pt(twips: float) -> str:
    return f"{twips / 20:.2f}pt"


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def root_class(layout: Layout) -> str:
    """The class all rules are scoped under: one per layout, so that previews with
    different layouts in one notebook keep their own sizes."""
    return "baocao-" + hashlib.sha1(repr(layout).encode()).hexdigest()[:10]


def stylesheet(layout: Layout) -> str:
    """The CSS of a preview with ``layout``, every rule under :func:`root_class`.

    Rules name two classes and an element or class, which outweighs a notebook's own
    rules for rendered HTML (``.jp-RenderedHTMLCommon td`` …)."""
    p, sz, sp, R = layout.page, layout.sizes, layout.spacing, "." + root_class(layout)
    S = f"{R} .pg"
    body_line = _num(sp.line * _EM_LINE)
    head_line = _num(sp.header_line * _EM_LINE)
    rules = {
        R: "background:#e9e9e9;padding:10px 0;overflow-x:auto;color:#000;text-align:left;",
        f"{R} .pg": (f"box-sizing:border-box;width:{_num(p.width_mm)}mm;min-height:{_num(p.height_mm)}mm;"
                     f"padding:{_num(p.margin_top_mm)}mm {_num(p.margin_right_mm)}mm {_num(p.margin_bottom_mm)}mm "
                     f"{_num(p.margin_left_mm)}mm;margin:0 auto 10px;background:#fff;color:#000;"
                     f"box-shadow:0 1px 4px rgba(0,0,0,.35);font-family:{_FONT};font-size:{_num(sz.body)}pt;"
                     f"line-height:{body_line};text-align:left;"),
        f"{R} .pg.ngang": f"width:{_num(p.height_mm)}mm;min-height:{_num(p.width_mm)}mm;",
        f"{R} .pg:last-child": "margin-bottom:0;",
        f"{S} div": "margin:0;padding:0;border:0;background:transparent;color:#000;",
        f"{S} .nw": "white-space:nowrap;",
        # a notebook's own table rules (zebra rows, hover, right-aligned cells) do not apply
        f"{S} tr, {S} tr:nth-child(n), {S} tr:hover": "background:transparent;border:0;",
        # header block (§2)
        f"{S} table.hd": "border-collapse:collapse;border:0;margin:0;table-layout:fixed;"
                         f"line-height:{head_line};background:transparent;",
        f"{S} table.hd td": (f"border:0;padding:0;vertical-align:top;text-align:center;background:transparent;"
                             f"line-height:{head_line};white-space:normal;"),
        f"{S} .ccq": f"font-size:{_num(sz.co_quan_chu_quan)}pt;",
        f"{S} .cq": f"font-size:{_num(sz.co_quan)}pt;",
        f"{S} .qh": f"font-size:{_num(sz.quoc_hieu)}pt;white-space:nowrap;",
        f"{S} .tn": f"font-size:{_num(sz.tieu_ngu)}pt;white-space:nowrap;",
        f"{S} .rule": f"height:0;border-top:1px solid #000;margin:{_num(sp.rule_gap_pt)}pt auto 0;",
        f"{S} .so": f"font-size:{_num(sz.so_ky_hieu)}pt;margin-top:{_num(sp.so_before_pt)}pt;",
        f"{S} .vv": f"font-size:{_num(sz.cong_van_trich_yeu)}pt;margin-top:{_num(sp.cong_van_vv_before_pt)}pt;",
        f"{S} .mark": f"font-size:{_num(sz.do_khan)}pt;margin-top:{_num(sp.do_khan_before_pt)}pt;",
        f"{S} .mark span": f"display:inline-block;border:1px solid #000;padding:0 {_num(sp.box_padding_mm)}mm;",
        f"{S} .ngay": f"font-size:{_num(sz.dia_danh_ngay)}pt;margin-top:{_num(sp.so_before_pt)}pt;",
        # title, Căn cứ, Kính gửi (§3)
        f"{S} .tl": f"font-size:{_num(sz.ten_loai)}pt;text-align:center;margin-top:{_num(sp.ten_loai_before_pt)}pt;",
        f"{S} .ty": f"font-size:{_num(sz.trich_yeu)}pt;text-align:center;",
        f"{S} .kt": f"font-size:{_num(sz.kem_theo)}pt;text-align:center;",
        f"{S} .cvgap": f"height:{_num(sp.cong_van_gap_pt)}pt;",
        f"{S} .tq": f"font-size:{_num(sz.ten_loai)}pt;text-align:center;margin-top:{_num(sp.part_before_pt)}pt;",
        f"{S} .qd": (f"font-size:{_num(sz.ten_loai)}pt;text-align:center;margin-top:{_num(sp.part_before_pt)}pt;"
                     f"margin-bottom:{_num(sp.part_after_pt)}pt;"),
        f"{S} .cc": f"font-size:{_num(sz.can_cu)}pt;",
        f"{S} .kg": (f"font-size:{_num(sz.kinh_gui)}pt;margin-top:{_num(sp.part_before_pt)}pt;"
                     f"margin-bottom:{_num(sp.part_after_pt)}pt;"),
        f"{S} .kg1": "text-align:center;",
        f"{S} .cd": (f"font-size:{_num(sz.kinh_gui)}pt;margin-top:{_num(sp.part_before_pt)}pt;"
                     f"margin-bottom:{_num(sp.part_after_pt)}pt;"),
        f"{S} .cd1": "text-align:center;",
        # body
        f"{S} .p": (f"text-align:justify;text-indent:{_num(sp.first_line_indent_mm)}mm;"
                    f"margin-top:{_num(sp.before_pt)}pt;margin-bottom:{_num(sp.after_pt)}pt;"),
        f"{S} .p.noindent": "text-indent:0;",
        f"{S} .p.center": "text-align:center;",
        f"{S} .p.left": "text-align:left;",
        f"{S} .p.right": "text-align:right;",
        f"{S} .cap": (f"text-align:center;margin-top:{_num(sp.before_pt)}pt;"
                      f"margin-bottom:{_num(sp.caption_after_pt)}pt;"),
        f"{S} .fig": f"text-align:center;margin-top:{_num(sp.before_pt)}pt;",
        f"{S} .fig img": "display:inline-block;max-width:100%;height:auto;margin:0;",
        f"{S} table.bang": (f"width:100%;table-layout:fixed;border-collapse:collapse;border:1px solid #000;"
                            f"margin:{_num(sp.spacer_pt)}pt 0;line-height:{head_line};background:#fff;"),
        f"{S} table.bang th, {S} table.bang td": (
            f"border:1px solid #000;padding:{_num(sp.table_cell_pt)}pt 5.4pt;vertical-align:middle;"
            f"background:#fff;color:#000;font-weight:normal;white-space:normal;overflow-wrap:break-word;"
            f"line-height:{head_line};"),
        f"{S} .l": "text-align:left;",
        f"{S} .c": "text-align:center;",
        f"{S} .r": "text-align:right;",
        # closing block (§4)
        f"{S} table.ky": "width:100%;table-layout:fixed;border-collapse:collapse;border:0;"
                         f"margin:{_num(sp.part_before_pt)}pt 0 0;line-height:{head_line};background:transparent;",
        f"{S} table.ky td": (f"border:0;padding:0;vertical-align:top;background:transparent;text-align:left;"
                             f"line-height:{head_line};white-space:normal;"),
        f"{S} .nnl": f"font-size:{_num(sz.noi_nhan_label)}pt;text-align:left;",
        f"{S} .nn": f"font-size:{_num(sz.noi_nhan)}pt;text-align:left;",
        f"{S} .cv": f"font-size:{_num(sz.chuc_vu)}pt;text-align:center;",
        f"{S} .ht": f"font-size:{_num(sz.ho_ten)}pt;text-align:center;",
        f"{S} .xn": f"font-size:{_num(sz.xac_nhan)}pt;text-align:center;margin-top:{_num(sp.part_before_pt)}pt;",
        # appendices (§5)
        f"{S} .pll": f"font-size:{_num(sz.phu_luc_label)}pt;text-align:center;",
        f"{S} .plt": f"font-size:{_num(sz.phu_luc_title)}pt;text-align:center;",
        f"{S} .pln": (f"font-size:{_num(sz.phu_luc_note)}pt;text-align:center;"
                      f"margin-bottom:{_num(sp.phu_luc_note_after_pt)}pt;"),
    }
    return "".join(f"{sel}{{{body}}}" for sel, body in rules.items())


@dataclass
class _State:
    """What changes while writing: output, caption counters, the sheet being written."""

    out: list[str] = field(default_factory=list)
    captions: c.Captions = field(default_factory=c.Captions)
    landscape: bool = False
    turned: bool = False  # the sheet is landscape for wide tables: portrait again after them
    in_phu_luc: bool = False  # writing an appendix: its headings sit under its title in the outline


class HtmlWriter:
    """Writes one preview. Use :func:`write_html` rather than this class."""

    def __init__(self, doc: VanBan, layout: Layout = LAYOUT):
        doc.validate()
        self.doc = doc
        self.L = layout
        self.s = _State()
        self.text_width = mm_to_twips(layout.page.text_width_mm)
        self.scheme = c.scheme(doc)

    # ------------------------------------------------------------------ helpers
    def emit(self, markup: str) -> None:
        self.s.out.append(markup)

    def div(self, cls: str, content: str, style: str = "") -> None:
        """A block of class ``cls``; ``content`` is markup already escaped."""
        attr = f' style="{style}"' if style else ""
        self.emit(f'<div class="{cls}"{attr}>{content}</div>')

    def rule(self, length_pt: float) -> str:
        return f'<div class="rule" style="width:{length_pt:.2f}pt"></div>'

    def new_sheet(self, *, landscape: bool) -> None:
        """Close the sheet being written and start another (a page break)."""
        self.emit("</div>")
        self.open_sheet(landscape=landscape)

    def open_sheet(self, *, landscape: bool) -> None:
        self.s.landscape = landscape
        self.emit('<div class="pg ngang">' if landscape else '<div class="pg">')

    # ------------------------------------------------------------------ phases
    def write(self) -> str:
        self.emit(f'<div class="baocao-vb {root_class(self.L)}" lang="vi"><style>{stylesheet(self.L)}</style>')
        self.open_sheet(landscape=False)
        self.header_block()
        self.title_block()
        self.kinh_gui()
        self.cong_dien()
        self.blocks(c.content(self.doc), end_mark=self.doc.dau_ket_thuc)
        self.closing_block()
        for i, pl in enumerate(self.doc.phu_luc, 1):
            self.new_sheet(landscape=pl.ngang)
            self.phu_luc(pl, i)
        self.emit("</div></div>")
        return "".join(self.s.out)

    # ------------------------------------------------------------------ header block (§2)
    def header_block(self) -> None:
        d, h, sz = self.doc, self.L.header, self.L.sizes
        date = c.date_line(d)
        left, right, margin = c.header_columns(self.L, date)
        lw = (left - 2 * margin) / 20
        names = c.agency(d, self.L, lw)
        parent, name = esc("\n".join(names.parent)), esc("\n".join(names.name))
        rule = self.rule(c.rule_pt(names.longest_pt, self.L, margin / 20))  # as long as in the .docx
        left1 = ((f'<div class="ccq">{parent}</div>' if parent else "")
                 + f'<div class="cq">{_fmt(name, bold=True)}</div>' + rule)
        right1 = (f'<div class="qh">{_fmt(esc(h.quoc_hieu), bold=True)}</div>'
                  f'<div class="tn">{_fmt(esc(h.tieu_ngu), bold=True)}</div>'
                  + self.rule(metrics.text_width(h.tieu_ngu, sz.tieu_ngu, bold=True)))
        so_line = so_ky_hieu(d.so, d.ky_hieu_day_du) if d.kem_theo is None else ""  # Mẫu 1.3: no số of its own
        left2 = f'<div class="so">{esc(so_line)}</div>'
        vv = c.vv_lines(d, self.L, lw)
        if vv:
            vv_text = esc("\n".join(vv))
            left2 += f'<div class="vv">{vv_text}</div>'
        for mark in c.header_marks(d):
            left2 += f'<div class="mark"><span>{_fmt(esc(mark), bold=True)}</span></div>'
        right2 = f'<div class="ngay">{_fmt(esc(date), italic=True)}</div>'
        pad = f"padding:0 {_twips_pt(margin)}"
        self.emit(f'<table class="hd" style="width:{_twips_pt(left + right)}"><colgroup>'
                  f'<col style="width:{_twips_pt(left)}"><col style="width:{_twips_pt(right)}"></colgroup>'
                  f'<tr class="hd1"><td style="{pad}">{left1}</td><td style="{pad}">{right1}</td></tr>'
                  + ("" if d.kem_theo is not None else  # issued with a quyết định: no số, no date (Mẫu 1.3)
                     f'<tr class="hd2"><td style="{pad}">{left2}</td><td style="{pad}">{right2}</td></tr>')
                  + "</table>")

    # ------------------------------------------------------------------ title, căn cứ, Kính gửi (§3)
    def title_block(self) -> None:
        d, kind = self.doc, self.doc.loai_vb
        if kind.co_ten_loai:
            self.div("tl", _fmt(esc(kind.ten.upper()), bold=True))
            lines, longest = c.trich_yeu_lines(d, self.L)
            if lines:
                self.div("ty", _fmt(esc("\n".join(lines)), bold=True))
                issued_with = c.kem_theo_line(d, self.L)
                if issued_with:
                    self.div("kt", _fmt(esc(issued_with), italic=True))
                self.emit(self.rule(c.rule_pt(longest, self.L)))
            alone = c.ten_loai_rule(d, self.L)
            if alone:
                self.emit(self.rule(alone))
        else:
            self.div("cvgap", "")
        if d.tham_quyen:
            self.div("tq", _fmt(esc(d.tham_quyen.strip().upper()), bold=True))
        for line in c.can_cu_lines(d):
            self.div("p cc", _fmt(esc(line), italic=True))
        opening = kind.dong_quyet_dinh
        if opening:
            self.div("qd", _fmt(esc(opening), bold=True))

    def kinh_gui(self) -> None:
        recipients = c.kinh_gui_recipients(self.doc)
        if not recipients:
            return
        size = self.L.sizes.kinh_gui
        if len(recipients) == 1:
            self.div("kg kg1", esc(f"{c.KINH_GUI} {recipients[0]}"))
            return
        first = mm_to_twips(self.L.spacing.first_line_indent_mm)
        start, to_colon, dash = c.kinh_gui_indents(recipients, size, self.text_width, first)
        hang = f"padding-left:{_twips_pt(to_colon + dash)};text-indent:-{_twips_pt(dash)}"
        lines = "".join(f'<div style="{hang}">{esc(line)}</div>' for line in c.dash_lines(recipients))
        self.div("kg", f"<div>{esc(c.KINH_GUI)}</div>{lines}", f"padding-left:{_twips_pt(start)}")

    def cong_dien(self) -> None:
        """Mẫu 1.6: the centred "… điện:" line, then the offices, indented."""
        found = c.cong_dien(self.doc)
        if not found:
            return
        label, lines = found
        sp = self.L.spacing
        dash = metrics.text_width("- ", self.L.sizes.kinh_gui)
        hang = f"padding-left:{sp.cong_dien_indent_mm:.2f}mm;text-indent:-{dash:.2f}pt;margin-left:{dash:.2f}pt"
        items = "".join(f'<div style="{hang}">{esc(line)}</div>' for line in lines)
        self.div("cd", f'<div class="cd1">{esc(label)}</div>{items}')

    # ------------------------------------------------------------------ body (one handler per block)
    def blocks(self, blocks: list[Block], *, end_mark: bool) -> None:
        """Write body blocks; ``end_mark`` puts "./." after the last text."""
        numberer = Numberer(self.scheme)
        for block, ends, _last in c.body(blocks, end_mark=end_mark, keep_last=False):
            if self.s.turned and not c.turns_page(block, self.L):
                self.s.turned = False
                self.new_sheet(landscape=False)
            if isinstance(block, Heading):
                self.heading(block, numberer, end=ends)
            elif isinstance(block, Paragraph):
                self.paragraph(block, end=ends)
            elif isinstance(block, Bullet):
                self.bullet(block, end=ends)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Image):
                self.image(block)
            elif isinstance(block, PageBreak):
                self.new_sheet(landscape=self.s.landscape)
            else:  # pragma: no cover - the model refuses other types
                raise ModelError(f"khối không hợp lệ: {type(block).__name__}")
        if self.s.turned:
            self.s.turned = False
            self.new_sheet(landscape=False)
        if c.end_mark_alone(blocks, end_mark):
            self.div("p", esc(c.END_MARK))

    def _text(self, runs: tuple[Run, ...], end: bool) -> str:
        """Runs, trimmed and completed with the end mark when ``end``."""
        return _runs(c.trimmed(runs, end)) + (esc(c.end_suffix(runs)) if end else "")

    def heading(self, h: Heading, numberer: Numberer, *, end: bool = False) -> None:
        n = c.number_heading(numberer, h)
        spec = n.spec
        sep = "<br>" if spec.separator == "\n" else esc(spec.separator)
        label = _fmt(esc(n.label), n.label_bold, spec.italic) + sep
        content = label + _fmt(_runs(c.trimmed(n.text, end)), spec.bold, spec.italic)
        if end:
            content += esc(c.end_suffix(h.text))
        cls = "p h" + (" center noindent" if spec.centered else "" if spec.indent else " noindent")
        level = c.outline_level(h, in_phu_luc=self.s.in_phu_luc) + 1  # as in the .docx: a heading of the outline
        self.emit(f'<div class="{cls}" data-level="{h.level}" role="heading" aria-level="{level}">{content}</div>')

    def paragraph(self, p: Paragraph, *, end: bool = False) -> None:
        cls = "p" if p.align == "justify" else f"p noindent {p.align}"
        self.div(cls, self._text(p.text, end))

    def bullet(self, b: Bullet, *, end: bool = False) -> None:
        self.div("p bl", esc(b.marker + " ") + self._text(b.text, end))

    def caption(self, kind: str, number: int, text: str) -> None:
        self.div("cap", _fmt(esc(c.caption_label(kind, number)), bold=True) + _fmt(esc(text.strip()), italic=True))

    def table(self, t: Table) -> None:
        plan = c.plan_table(t, self.L, landscape=self.s.landscape)
        if plan.turn:
            self.new_sheet(landscape=True)
        if t.caption:
            self.caption("Bảng", self.s.captions.table(), t.caption)
        total = sum(plan.widths)
        cols = "".join(f'<col style="width:{w / total * 100:.3f}%">' for w in plan.widths)
        align = c.column_align(t)
        out = [f'<table class="bang" style="font-size:{_num(plan.size)}pt"><colgroup>{cols}</colgroup>']
        for r, row in enumerate(c.placed_rows(t)):
            header = r < t.header_rows
            if r == 0 and header:
                out.append("<thead>")
            elif r == t.header_rows:
                out.append("<tbody>")
            out.append("<tr>")
            tag = "th" if header else "td"
            col = 0
            for at, cell, covered in row:
                col = col if at is None else at
                if not covered:
                    span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                        f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
                    a = c.cell_align(cell, align[col], header)[0]
                    out.append(f'<{tag} class="{a}"{span}>{_fmt(_runs(cell.text), bold=header)}</{tag}>')
                col += cell.colspan
            out.append("</tr>")
            if header and r == t.header_rows - 1:
                out.append("</thead>")
        if t.header_rows < len(t.rows):
            out.append("</tbody>")
        out.append("</table>")
        self.emit("".join(out))
        if plan.turn:  # portrait again before the next block, unless it is another wide table
            self.s.turned = True

    def image(self, img: Image) -> None:
        blob, pic = c.picture(img)
        width_mm, _ = c.picture_size_mm(img, pic, self.L, landscape=self.s.landscape)
        data = base64.b64encode(blob).decode("ascii")
        alt = html.escape(img.caption or "", quote=True)
        self.div("fig", f'<img src="data:{html.escape(pic.content_type)};base64,{data}" alt="{alt}" '
                        f'style="width:{width_mm:.2f}mm">')
        if img.caption:
            self.caption(img.label, self.s.captions.figure(img.label), img.caption)

    # ------------------------------------------------------------------ closing block (§4)
    def closing_block(self) -> None:
        """As the .docx: Nơi nhận | signature, or two signatures with the Nơi nhận under them,
        and a giấy nghỉ phép's confirmation block under the Nơi nhận."""
        d = self.doc
        if d.kem_theo is not None and d.nguoi_ky is None:  # a text issued with a quyết định ends with it
            return
        left = self.L.header.closing_left_fraction * 100
        rows = []
        other = c.second_signature(d)
        if other:  # the Nơi nhận under the two signatures, as far below them as in the .docx
            gap = f'<div style="height:{self.L.spacing.part_before_pt:g}pt"></div>'
            rows += [(self.signature_html(other), self.signature_html(c.signature(d))),
                     (gap + self.noi_nhan_html(), "")]
        else:
            rows.append((self.noi_nhan_html(), self.signature_html(c.signature(d))))
        confirm = c.xac_nhan(d)
        if confirm:
            rows.append((f'<div class="xn">{_fmt(esc(confirm), italic=True)}</div>', ""))
        cells = "".join(f'<tr><td class="noi-nhan">{a}</td><td class="chu-ky">{b}</td></tr>' for a, b in rows)
        self.emit(f'<table class="ky"><colgroup><col style="width:{left:.2f}%"><col></colgroup>{cells}</table>')

    def noi_nhan_html(self) -> str:
        d, sz = self.doc, self.L.sizes
        lines = c.noi_nhan_lines(d)
        if not lines:
            return ""
        dash = metrics.text_width("- ", sz.noi_nhan)
        out = f'<div class="nnl">{_fmt(esc(c.NOI_NHAN), bold=True, italic=True)}</div>' + "".join(
            f'<div class="nn" style="padding-left:{dash:.2f}pt;text-indent:-{dash:.2f}pt">{esc(line)}</div>'
            for line in lines)
        if d.ky_hieu_soan_thao:
            out += f'<div class="nn">{esc(d.ky_hieu_soan_thao.strip())}</div>'
        return out

    def signature_html(self, sign: tuple[list[str], str] | None) -> str:
        if not sign:
            return ""
        sz, sp = self.L.sizes, self.L.spacing
        titles, name = sign
        room = sp.signature_blank_lines * sz.chuc_vu * sp.header_line * _EM_LINE
        return ("".join(f'<div class="cv">{_fmt(esc(t), bold=True)}</div>' for t in titles)
                + f'<div class="room" style="height:{room:.1f}pt"></div>'
                + f'<div class="ht">{_fmt(esc(name), bold=True)}</div>')

    # ------------------------------------------------------------------ appendices (§5)
    def phu_luc(self, pl: PhuLuc, number: int) -> None:
        d = self.doc
        self.s.in_phu_luc = True
        self.div("pll", _fmt(esc(c.phu_luc_label(d, number)), bold=True))
        self.emit(f'<div class="plt" role="heading" aria-level="1">{_fmt(esc(pl.tieu_de.strip().upper()), bold=True)}'
                  '</div>')
        note = c.phu_luc_note(d, pl)
        if note:
            self.div("pln", _fmt(esc(note), italic=True))
        self.blocks(pl.blocks, end_mark=False)


def write_html(doc: VanBan, layout: Layout = LAYOUT) -> str:
    """``doc`` as a self-contained HTML fragment that looks like its printed pages."""
    return HtmlWriter(doc, layout).write()
