"""The .docx writer: a :class:`~baocao.model.VanBan` laid out by Decree 30.

Orchestration in phases, like pandoc's Docx writer: header block → title →
Kính gửi → body (one handler per block type) → closing block → appendices →
section properties; then the package (:mod:`.package`). Every number comes
from :mod:`baocao.layout`; text widths come from :mod:`baocao.metrics`. What the
HTML preview must print alike (labels, the end mark, Nơi nhận lines, caption
numbers, column widths and alignment) comes from :mod:`.common`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .. import metrics
from ..errors import ModelError
from ..formatting import so_ky_hieu
from ..layout import LAYOUT, Layout, mm_to_twips, pt_to_twips
from ..model import Block, Bullet, Cell, Heading, Image, PageBreak, Paragraph, PhuLuc, Run, Table, TextColumns, VanBan
from ..numbering import Numberer
from ..records import Record
from . import common as c
from . import ooxml as x
from .package import HEADER_FIRST, HEADER_PAGE_NUMBER, Media, zip_package

_EMU_PER_MM = 36000
_JC = {"justify": "both", "center": "center", "left": "left", "right": "right"}


@dataclass(repr=False, eq=False)
class _State(Record):
    """What changes while writing: output, counters, media."""

    out: list[str | _TextRowsXml] = field(default_factory=list)  # the rows of tables from data: made late
    media: list[Media] = field(default_factory=list)
    captions: c.Captions = field(default_factory=c.Captions)  # "Bảng N.", "Hình N." …
    drawing_ids: int = 0
    turned: bool = False  # the section is landscape for wide tables: portrait again after them
    # the section being written: orientation, page numbers restarting at 1, and no
    # number on its first page (page 1 of the document and of each phụ lục)
    section: tuple[bool, bool, bool] = (False, False, True)
    in_phu_luc: bool = False  # writing an appendix: its headings sit under its title in the outline
    toc: list[c.TocEntry] = field(default_factory=list)  # the headings the table of contents lists


_SPECIAL = re.compile("[\n\t\r\u2011]|/.*-|-.*/", re.S)  # texts the run writes otherwise
_PLAIN_XML = re.compile(r"[ !#-%'-;=?-~]*")  # printable ASCII but & < > ": written as they are


class _TextRowsXml:
    """The XML of some rows of a table's text columns, made when iterated (UTF-8 chunks): see
    :meth:`DocxWriter.text_rows`."""

    step = 4096  # rows per chunk

    def __init__(self, body: TextColumns, start: int, stop: int, shapes: list[tuple[str, str, int, str]],
                 opening: str, size: float) -> None:
        self.body, self.start, self.stop, self.shapes = body, start, stop, shapes
        self.opening, self.size = opening, size

    def __iter__(self) -> Iterator[bytes]:
        last = len(self.shapes) - 1
        for begin in range(self.start, self.stop, self.step):
            pieces = []
            for k, (before, after, width, ppr) in enumerate(self.shapes):
                texts = self.body.columns[k][begin:min(begin + self.step, self.stop)]
                if k == 0:
                    before = self.opening + before
                if k == last:
                    after += "</w:tr>"
                joined = "".join(texts)
                if _PLAIN_XML.fullmatch(joined) and not _SPECIAL.search(joined):
                    pieces.append([before + text + after for text in texts])  # numbers, codes: nothing to escape
                    continue
                cells = []
                for text in texts:
                    if _SPECIAL.search(text):
                        whole = x.cell(width, x.para(ppr, x.run(text, self.size)), valign="center")
                        cells.append((self.opening if k == 0 else "") + whole + ("</w:tr>" if k == last else ""))
                    else:
                        cells.append(before + x.esc(text) + after)
                pieces.append(cells)
            yield "".join(chain.from_iterable(zip(*pieces))).encode("utf-8")

    def text(self) -> str:
        return b"".join(self).decode("utf-8")

    def most_bytes(self) -> int:
        """At most how many bytes the rows take: each cell's XML around its text, the text with every
        character escaped (``&quot;``: 6 bytes), or written by the run (a line break per character)."""
        rows = self.stop - self.start
        around = sum(len(before) + len(after) + 200 for before, after, _, _ in self.shapes) + len(self.opening) + 7
        texts = sum(len(t) for column in self.body.columns for t in column[self.start:self.stop])
        return rows * around + 40 * texts


class DocxWriter:
    """Writes one document. Use :func:`write_docx` rather than this class."""

    def __init__(self, doc: VanBan, layout: Layout = LAYOUT, toc_pages: list[int | None] | None = None):
        doc.validate()
        self.toc_pages = toc_pages  # the page of each entry of the table of contents, when measured
        self.doc = doc
        self.L = layout
        self.s = _State()
        page = layout.page
        self.text_width = mm_to_twips(page.text_width_mm)
        sp = layout.spacing
        self.first_indent = mm_to_twips(sp.first_line_indent_mm)
        self.body_before = pt_to_twips(sp.before_pt)
        self.body_after = pt_to_twips(sp.after_pt)
        self.body_line = round(240 * sp.line)
        self._body_pprs: dict[tuple[str, bool, bool], str] = {}
        self.type = doc.loai_vb
        self.scheme = c.scheme(doc)

    # ------------------------------------------------------------------ helpers
    def emit(self, xml: str | _TextRowsXml) -> None:
        self.s.out.append(xml)

    def body_ppr(self, *, jc: str = "both", indent: bool = True, keep_next: bool = False) -> str:
        key = (jc, indent, keep_next)
        found = self._body_pprs.get(key)
        if found is None:
            found = self._body_pprs[key] = x.ppr(jc=jc, first=self.first_indent if indent else 0,
                                                 before=self.body_before, after=self.body_after,
                                                 line=self.body_line, keep_next=keep_next)
        return found

    def runs_xml(self, runs: tuple[Run, ...] | list[Run], size: float | None = None,
                 bold: bool = False, italic: bool = False) -> str:
        return "".join(x.run(r.text, size, r.bold or bold, r.italic or italic) for r in runs)

    def rule(self, content_width: int, length: int) -> str:
        """A centred solid line ``length`` twips long, as an empty bordered paragraph."""
        side = max((content_width - length) // 2, 0)
        return x.para(x.ppr(jc="center", left=side, right=side, border="top", mark_size=1,
                            before=pt_to_twips(self.L.spacing.rule_gap_pt)))

    # ------------------------------------------------------------------ phases
    def write_phu_luc(self, number: int) -> bytes:
        """Phụ lục ``number`` alone, as the file of its own of an electronic document (Mẫu 2.2):
        its label, title and the "(Kèm theo …)" line, whose number and date the signing system
        fills; the signature information stands at the top right of page 1 once it is signed."""
        if not 1 <= number <= len(self.doc.phu_luc):
            raise ModelError(f"không có phụ lục {number} (văn bản có {len(self.doc.phu_luc)} phụ lục)",
                             where="phu_luc")
        pl = self.doc.phu_luc[number - 1]
        self.s.section = (pl.ngang, True, True)
        self.phu_luc(pl, number, rieng=True)
        self.emit(self.sect_pr(*self.s.section))
        return zip_package(self.s.out, self.s.media, self.L, pl.tieu_de, self.doc.thuoc_tinh)

    def write(self) -> bytes:
        self.header_block()
        self.title_block()
        self.kinh_gui()
        self.cong_dien()
        self.blocks(c.content(self.doc), end_mark=self.doc.dau_ket_thuc, keep_last=True)
        self.closing_block()
        for i, pl in enumerate(self.doc.phu_luc, 1):
            self.new_section(landscape=pl.ngang, restart=True, hide_first=True)
            self.phu_luc(pl, i)
        if self.s.toc:
            self.table_of_contents()
        self.emit(self.sect_pr(*self.s.section))  # the last section's properties close the body
        props = self.doc.thuoc_tinh
        title = str(props.get("tieu_de") or self.doc.trich_yeu or self.type.ten)
        return zip_package(self.s.out, self.s.media, self.L, title, props,
                           update_fields=bool(self.s.toc) and not self.toc_pages)

    def new_section(self, *, landscape: bool, restart: bool, hide_first: bool) -> None:
        """End the current section (an empty paragraph carries its properties) and start
        one with these."""
        self.emit(x.para(x.ppr(sect=self.sect_pr(*self.s.section), mark_size=1)))
        self.s.section = (landscape, restart, hide_first)

    def sect_pr(self, landscape: bool, restart: bool, hide_first: bool) -> str:
        p = self.L.page
        w, h = mm_to_twips(p.width_mm), mm_to_twips(p.height_mm)
        top, bottom = mm_to_twips(p.margin_top_mm), mm_to_twips(p.margin_bottom_mm)
        left, right = mm_to_twips(p.margin_left_mm), mm_to_twips(p.margin_right_mm)
        if landscape:  # same margins on the turned page (see Page.landscape_text_width_mm)
            size = f'<w:pgSz w:w="{h}" w:h="{w}" w:orient="landscape"/>'
        else:
            size = f'<w:pgSz w:w="{w}" w:h="{h}"/>'
        start = ' w:start="1"' if restart else ""
        return (
            f'<w:sectPr><w:headerReference w:type="default" r:id="{HEADER_PAGE_NUMBER}"/>'
            f'<w:headerReference w:type="first" r:id="{HEADER_FIRST}"/>'
            f'<w:type w:val="nextPage"/>{size}'
            f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
            f'w:header="{mm_to_twips(p.header_distance_mm)}" '
            f'w:footer="{mm_to_twips(p.footer_distance_mm)}" w:gutter="0"/>'
            f'<w:pgNumType w:fmt="decimal"{start}/>'
            f'<w:cols w:space="720"/>{"<w:titlePg/>" if hide_first else ""}</w:sectPr>'
        )

    # ------------------------------------------------------------------ header block (§2)
    def header_columns(self, date_line: str) -> tuple[int, int, int]:
        """Left and right column widths (twips) and the cell margin: see :func:`.common.header_columns`."""
        return c.header_columns(self.L, date_line)

    def header_block(self) -> None:
        d, h, sz, sp = self.doc, self.L.header, self.L.sizes, self.L.spacing
        date_line = c.date_line(d)
        left, right, margin = self.header_columns(date_line)
        lw, rw = left - 2 * margin, right - 2 * margin  # content widths
        tight = x.ppr(jc="center")

        # left column, row 1: agencies, rule 1/3–1/2 of the agency name
        cells_left = []
        names = c.agency(d, self.L, lw / 20)
        if names.parent:
            cells_left.append(x.para(tight, x.run("\n".join(names.parent), sz.co_quan_chu_quan)))
        cells_left.append(x.para(tight, x.run("\n".join(names.name), sz.co_quan, bold=True)))
        cells_left.append(self.rule(lw, round(pt_to_twips(c.rule_pt(names.longest_pt, self.L, margin / 20)))))

        # right column, row 1: Quốc hiệu, Tiêu ngữ, rule as long as the Tiêu ngữ
        tn = pt_to_twips(metrics.text_width(h.tieu_ngu, sz.tieu_ngu, bold=True))
        cells_right = [
            x.para(tight, x.run(h.quoc_hieu, sz.quoc_hieu, bold=True)),
            x.para(tight, x.run(h.tieu_ngu, sz.tieu_ngu, bold=True)),
            self.rule(rw, tn),
        ]

        # row 2: số / ký hiệu (+ V/v, độ khẩn) | địa danh, ngày
        gap = x.ppr(jc="center", before=pt_to_twips(sp.so_before_pt))
        so_line = so_ky_hieu(d.so, d.ky_hieu_day_du) if d.kem_theo is None else ""  # Mẫu 1.3: no số of its own
        row2_left = [x.para(gap, x.run(so_line, sz.so_ky_hieu))]
        vv = c.vv_lines(d, self.L, lw / 20)
        if vv:
            row2_left.append(x.para(x.ppr(jc="center", before=pt_to_twips(sp.cong_van_vv_before_pt)),
                                    x.run("\n".join(vv), sz.cong_van_trich_yeu)))
        for mark in c.header_marks(d):
            w = pt_to_twips(metrics.text_width(mark, sz.do_khan, bold=True))
            side = max((lw - w) // 2 - mm_to_twips(sp.box_padding_mm), 0)
            row2_left.append(x.para(x.ppr(jc="center", left=side, right=side, border="box",
                                          before=pt_to_twips(sp.do_khan_before_pt)),
                                    x.run(mark, sz.do_khan, bold=True)))
        row2_right = [x.para(gap, x.run(date_line, sz.dia_danh_ngay, italic=True))]

        self.emit(x.table_open([left, right], borders=False, cell_margin=margin))
        self.emit(x.row_open() + x.cell(left, "".join(cells_left)) + x.cell(right, "".join(cells_right))
                  + "</w:tr>")
        if d.kem_theo is not None:  # issued with a quyết định: no số, no date (Mẫu 1.3)
            self.emit("</w:tbl>")
            return
        self.emit(x.row_open() + x.cell(left, "".join(row2_left)) + x.cell(right, "".join(row2_right))
                  + "</w:tr></w:tbl>")

    # ------------------------------------------------------------------ title, căn cứ (§3)
    def title_block(self) -> None:
        d, sz, sp = self.doc, self.L.sizes, self.L.spacing
        if self.type.co_ten_loai:
            self.emit(x.para(x.ppr(jc="center", before=pt_to_twips(sp.ten_loai_before_pt), keep_next=True),
                             x.run(self.type.ten.upper(), sz.ten_loai, bold=True)))
            lines, longest = c.trich_yeu_lines(d, self.L)
            if lines:
                self.emit(x.para(x.ppr(jc="center", keep_next=True),
                                 x.run("\n".join(lines), sz.trich_yeu, bold=True)))
                issued_with = c.kem_theo_line(d, self.L)
                if issued_with:
                    self.emit(x.para(x.ppr(jc="center", keep_next=True), x.run(issued_with, sz.kem_theo, italic=True)))
                self.emit(self.rule(self.text_width, round(pt_to_twips(c.rule_pt(longest, self.L)))))
            alone = c.ten_loai_rule(d, self.L)
            if alone:
                self.emit(self.rule(self.text_width, round(pt_to_twips(alone))))
        else:
            self.emit(x.para(x.ppr(mark_size=sp.cong_van_gap_pt)))
        if d.tham_quyen:
            self.emit(x.para(x.ppr(jc="center", before=pt_to_twips(sp.part_before_pt), keep_next=True),
                             x.run(d.tham_quyen.strip().upper(), sz.ten_loai, bold=True)))
        for text in c.can_cu_lines(d):
            self.emit(x.para(self.body_ppr(), x.run(text, sz.can_cu, italic=True)))
        line = self.type.dong_quyet_dinh
        if line:
            self.emit(x.para(x.ppr(jc="center", before=pt_to_twips(sp.part_before_pt),
                                   after=pt_to_twips(sp.part_after_pt),
                                   keep_next=True),
                             x.run(line, sz.ten_loai, bold=True)))

    def kinh_gui(self) -> None:
        recipients = c.kinh_gui_recipients(self.doc)
        if not recipients:
            return
        size = self.L.sizes.kinh_gui
        sp = self.L.spacing
        before, after = pt_to_twips(sp.part_before_pt), pt_to_twips(sp.part_after_pt)
        label = c.KINH_GUI
        if len(recipients) == 1:
            self.emit(x.para(x.ppr(jc="center", before=before, after=after),
                             x.run(f"{label} {recipients[0]}", size)))
            return
        # several: "Kính gửi:" then "- X;" lines, dashes aligned under the colon
        start, to_colon, dash = c.kinh_gui_indents(recipients, size, self.text_width, self.first_indent)
        self.emit(x.para(x.ppr(jc="left", left=start, before=before, keep_next=True), x.run(label, size)))
        for line in c.dash_lines(recipients):
            last = line.endswith(".")
            self.emit(x.para(x.ppr(jc="left", left=start + to_colon + dash, hanging=dash,
                                   after=after if last else 0, keep_next=not last),
                             x.run(line, size)))

    def cong_dien(self) -> None:
        """Mẫu 1.6: the centred "… điện:" line, then the offices, indented."""
        found = c.cong_dien(self.doc)
        if not found:
            return
        label, lines = found
        size, sp = self.L.sizes.kinh_gui, self.L.spacing
        self.emit(x.para(x.ppr(jc="center", before=pt_to_twips(sp.part_before_pt), keep_next=True),
                         x.run(label, size)))
        start, dash = mm_to_twips(sp.cong_dien_indent_mm), pt_to_twips(metrics.text_width("- ", size))
        for i, line in enumerate(lines):  # the label keeps with the first office; a long list may break
            last = i == len(lines) - 1
            self.emit(x.para(x.ppr(jc="left", left=start + dash, hanging=dash,
                                   after=pt_to_twips(sp.part_after_pt) if last else 0, keep_next=i == 0 and not last),
                             x.run(line, size)))

    # ------------------------------------------------------------------ body (one handler per block)
    def blocks(self, blocks: list[Block], *, end_mark: bool, keep_last: bool) -> None:
        """Write body blocks. ``end_mark`` puts "./." after the last text; ``keep_last``
        keeps the last paragraph on the page of what follows (the closing block)."""
        numberer = Numberer(self.scheme)
        for i, (block, ends, last) in enumerate(c.body(blocks, end_mark=end_mark, keep_last=keep_last)):
            if self.s.turned and not c.turns_page(block, self.L):
                self.back_to_portrait()
            if isinstance(block, Heading):
                self.heading(block, numberer, end=ends, keep=last or c.heads_content(block, blocks[i + 1:]))
            elif isinstance(block, Paragraph):
                self.paragraph(block, end=ends, keep=last)
            elif isinstance(block, Bullet):
                self.bullet(block, end=ends, keep=last)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Image):
                self.image(block)
            elif isinstance(block, PageBreak):
                self.emit('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
            else:  # pragma: no cover - the model refuses other types
                raise ModelError(f"khối không hợp lệ: {type(block).__name__}")
        if self.s.turned:
            self.back_to_portrait()
        if c.end_mark_alone(blocks, end_mark):
            self.emit(x.para(self.body_ppr(keep_next=keep_last), x.run(c.END_MARK, self.L.sizes.body)))

    def back_to_portrait(self) -> None:
        """End the landscape pages turned for wide tables."""
        # after appendices (numbered each from 1) its pages are numbered on their own, as a phụ lục's
        appendices = bool(self.doc.phu_luc)
        self.new_section(landscape=False, restart=appendices, hide_first=appendices)
        self.s.turned = False

    def heading(self, h: Heading, numberer: Numberer, *, end: bool = False, keep: bool = True) -> None:
        n = c.number_heading(numberer, h)
        spec, size = n.spec, self.L.sizes.body
        content = (x.run(n.label + spec.separator, size, n.label_bold, spec.italic)
                   + self.runs_xml(c.trimmed(n.text, end), size, spec.bold, spec.italic)
                   + self._end_mark(h.text, end))
        outline = c.outline_level(h, in_phu_luc=self.s.in_phu_luc)
        props = x.ppr(jc="center" if spec.centered else "both",
                      first=self.first_indent if spec.indent and not spec.centered else 0,
                      before=self.body_before, after=self.body_after, line=self.body_line,
                      keep_next=keep, outline=outline)
        title = " ".join("".join(r.text for r in n.text).split())
        label = n.label if not n.label or n.label[-1] in ".)" else n.label + "."  # "Chương I. QUY ĐỊNH CHUNG"
        self.emit(x.para(props, self.toc_mark(outline, f"{label} {title}".strip(), content)))

    # ------------------------------------------------------------------ table of contents
    def toc_mark(self, outline: int, text: str, content: str, *, restart: bool = False) -> str:
        """``content`` in a bookmark the table of contents links to, when it lists this level."""
        if outline >= self.doc.muc_luc:
            return content
        text = re.sub(r"\s*(?:\./\.|[.:;,])$", "", " ".join(text.split()))  # the entry, without its end mark
        entry = c.TocEntry(outline + 1, text, len(self.s.toc) + 1, restart)
        self.s.toc.append(entry)
        return (f'<w:bookmarkStart w:id="{entry.number}" w:name="{entry.bookmark}"/>{content}'
                f'<w:bookmarkEnd w:id="{entry.number}"/>')

    def table_of_contents(self) -> None:
        """MỤC LỤC on a portrait page of its own after the text and the appendices: a TOC field
        whose entries link to the headings, with their page numbers when they were measured
        (:mod:`baocao.muc_luc`); without them Word fills them when it opens the file."""
        # after appendices (numbered each from 1) its pages are numbered on their own, as a phụ lục's
        appendices = bool(self.doc.phu_luc)
        self.new_section(landscape=False, restart=appendices, hide_first=appendices)
        self.s.turned = False
        sz, size = self.L.sizes, self.L.sizes.body
        self.emit(x.para(x.ppr(jc="center", after=pt_to_twips(12), keep_next=True),
                         x.run(c.MUC_LUC, sz.ten_loai, bold=True)))
        entries = self.s.toc
        levels = self.doc.muc_luc
        for i, e in enumerate(entries):
            page = self.toc_pages[i] if self.toc_pages and i < len(self.toc_pages) else None
            props = (f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{self.text_width}"/></w:tabs>'
                     f'<w:spacing w:before="0" w:after="{pt_to_twips(4)}" w:line="{self.body_line}" w:lineRule="auto"/>'
                     f'<w:ind w:left="{(e.level - 1) * mm_to_twips(7) + mm_to_twips(11)}" '
                     f'w:hanging="{mm_to_twips(11)}"/>'
                     f'<w:jc w:val="left"/></w:pPr>')
            start = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                     f' TOC \\o "1-{levels}" \\h \\z \\u </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if i == 0 else ""
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == len(entries) - 1 else ""
            link = (f'<w:hyperlink w:anchor="{e.bookmark}" w:history="1">'
                    f'{x.run(e.text, size, bold=e.level == 1)}<w:r>{x.rpr(size)}<w:tab/></w:r>'
                    f'{x.run(str(page) if page else "", size)}</w:hyperlink>')
            self.emit(f"<w:p>{props}{start}{link}{end}</w:p>")

    def _end_mark(self, runs: tuple[Run, ...], end: bool) -> str:
        """The "./." that ends the text, completing what the text already ends with."""
        suffix = c.end_suffix(runs) if end else ""
        return x.run(suffix, self.L.sizes.body) if suffix else ""

    def paragraph(self, p: Paragraph, *, end: bool = False, keep: bool = False) -> None:
        size = self.L.sizes.body
        indent = p.align == "justify"
        self.emit(x.para(self.body_ppr(jc=_JC[p.align], indent=indent, keep_next=keep),
                         self.runs_xml(c.trimmed(p.text, end), size) + self._end_mark(p.text, end)))

    def bullet(self, b: Bullet, *, end: bool = False, keep: bool = False) -> None:
        size = self.L.sizes.body
        self.emit(x.para(self.body_ppr(keep_next=keep), x.run(b.marker + " ", size)
                         + self.runs_xml(c.trimmed(b.text, end), size) + self._end_mark(b.text, end)))

    def caption(self, kind: str, number: int, text: str, *, keep_next: bool) -> None:
        self.emit(x.para(x.ppr(jc="center", before=self.body_before, after=pt_to_twips(self.L.spacing.caption_after_pt),
                               keep_next=keep_next),
                         x.run(c.caption_label(kind, number), self.L.sizes.body, bold=True)
                         + x.run(text.strip(), self.L.sizes.body, italic=True)))

    def table(self, t: Table) -> None:
        plan = c.plan_table(t, self.L, landscape=self.s.section[0])
        size, widths, turn = plan.size, plan.widths, plan.turn
        if turn:
            self.new_section(landscape=True, restart=False, hide_first=False)
        align = c.column_align(t)
        if t.caption:
            self.caption("Bảng", self.s.captions.table(), t.caption, keep_next=True)
        elif not turn:
            self.emit(x.para(x.ppr(mark_size=self.L.spacing.spacer_pt)))
        out: list[str] = [x.table_open(widths, borders=True)]
        pad = pt_to_twips(self.L.spacing.table_cell_pt)
        cell_ppr = {a: x.ppr(jc=_JC[a], before=pad, after=pad) for a in ("left", "center", "right")}
        # the last row (a total, most often) never stands alone on a page under the repeated header:
        # the row before it keeps with it
        keep_ppr = {a: x.ppr(jc=_JC[a], before=pad, after=pad, keep_next=True) for a in ("left", "center", "right")}
        head, body, tail = c.placed_parts(t)
        count = len(head) + len(tail) + (len(body) if body is not None else 0)
        keep_row = count - 2 if count - t.header_rows >= 2 else -1
        starts = [sum(widths[:i]) for i in range(t.columns + 1)]

        def write_row(r: int, row: list[tuple[int | None, Cell, bool]]) -> None:
            header = r < t.header_rows
            pprs = keep_ppr if r == keep_row else cell_ppr
            out.append(x.row_open(header=header, cant_split=True))  # a row never breaks across pages
            col = 0
            for at, cell, covered in row:
                col = col if at is None else at
                cell_width = starts[col + cell.colspan] - starts[col]
                if covered:
                    out.append(x.cell(cell_width, "<w:p/>", span=cell.colspan, merge="continue"))
                else:
                    content = x.para(pprs[c.cell_align(cell, align[col], header)],
                                     self.runs_xml(cell.text, size, bold=header))
                    out.append(x.cell(cell_width, content, span=cell.colspan, valign="center",
                                      merge="restart" if cell.rowspan > 1 else None))
                col += cell.colspan
            out.append("</w:tr>")

        for r, row in enumerate(head):
            write_row(r, row)
        if body is not None:
            first = len(head)
            column_widths = [starts[i + 1] - starts[i] for i in range(t.columns)]
            # header rows and the row kept with the last are written as cells; the others a column at a time
            special = {*range(min(max(t.header_rows - first, 0), len(body)))}
            if first <= keep_row < first + len(body):
                special.add(keep_row - first)
            start = 0
            for i in [*sorted(special), len(body)]:
                if start < i:
                    self.emit("".join(out))
                    out.clear()
                    self.text_rows(body, start, i, column_widths, [cell_ppr[a] for a in align], size)
                if i < len(body):
                    write_row(first + i, [(None, cell, False) for cell in body.row(i)])
                start = i + 1
        for r, row in enumerate(tail, count - len(tail)):
            write_row(r, row)
        out.append("</w:tbl>")
        self.emit("".join(out))
        if turn:  # portrait again before the next block, unless it is another wide table
            self.s.turned = True
        else:
            # a paragraph after every table: two tables in a row would merge into one
            self.emit(x.para(x.ppr(mark_size=self.L.spacing.spacer_pt)))

    def text_rows(self, body: TextColumns, start: int, stop: int, widths: list[int], pprs: list[str],
                  size: float) -> None:
        """Rows ``start`` to ``stop`` of a table's text columns, written a column at a time: each cell is
        the XML :meth:`table` writes for a plain cell (body rows: no header, no keep-with-next),
        made from a prefix and a suffix per column around the escaped text; a text the run writes
        otherwise (line breaks, tabs, document numbers) takes the run. The XML is made when the
        package is written, as UTF-8 a few thousand rows at a time: a table of 200,000 rows is
        never held as XML."""
        empty = '<w:t xml:space="preserve"></w:t>'
        shapes = []
        for width, ppr in zip(widths, pprs):
            whole = x.cell(width, x.para(ppr, x.run("", size)), valign="center")
            cut = whole.index(empty) + len(empty) - len("</w:t>")
            shapes.append((whole[:cut], whole[cut:], width, ppr))
        self.emit(_TextRowsXml(body, start, stop, shapes, x.row_open(cant_split=True), size))

    def image(self, img: Image) -> None:
        blob, pic = c.picture(img)
        width_mm, height_mm = c.picture_size_mm(img, pic, self.L, landscape=self.s.section[0])
        self.s.drawing_ids += 1
        n = self.s.drawing_ids
        media = Media(f"rIdImage{n}", f"image{n}.{pic.ext}", pic.content_type, blob)
        self.s.media.append(media)
        cx, cy = round(width_mm * _EMU_PER_MM), round(height_mm * _EMU_PER_MM)
        drawing = (
            f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Picture {n}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="{media.name}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{media.rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
        self.emit(x.para(x.ppr(jc="center", before=self.body_before, keep_next=bool(img.caption)),
                         drawing))
        if img.caption:
            self.caption(img.label, self.s.captions.figure(img.label), img.caption, keep_next=False)

    # ------------------------------------------------------------------ closing block (§4)
    def closing_block(self) -> None:
        """Nơi nhận on the left, the signature on the right; where the form has two signatures
        (a biên bản) they stand side by side and the Nơi nhận goes under them; a giấy nghỉ
        phép's confirmation block goes under the Nơi nhận."""
        d, h = self.doc, self.L.header
        if d.kem_theo is not None and d.nguoi_ky is None:  # a text issued with a quyết định ends with it
            return
        left = round(self.text_width * h.closing_left_fraction)
        right = self.text_width - left
        first = pt_to_twips(self.L.spacing.part_before_pt)
        noi_nhan = self.noi_nhan_xml(first)
        rows = []
        other = c.second_signature(d)
        if other:
            rows.append((self.signature_xml(other, first), self.signature_xml(c.signature(d), first)))
            rows.append((noi_nhan, x.para(x.ppr())))
        else:
            rows.append((noi_nhan, self.signature_xml(c.signature(d), first)))
        confirm = c.xac_nhan(d)
        if confirm:
            rows.append((self.signature_xml(([confirm], ""), first, size=self.L.sizes.xac_nhan, italic=True),
                         x.para(x.ppr())))
        self.emit(x.table_open([left, right], borders=False, cell_margin=0))
        for a, b in rows:
            self.emit(x.row_open(cant_split=True) + x.cell(left, a) + x.cell(right, b) + "</w:tr>")
        self.emit("</w:tbl>")

    def noi_nhan_xml(self, first: int) -> str:
        d, sz = self.doc, self.L.sizes
        lines = c.noi_nhan_lines(d)
        if not lines:
            return x.para(x.ppr())
        dash = pt_to_twips(metrics.text_width("- ", sz.noi_nhan))
        out = [x.para(x.ppr(jc="left", before=first, keep_next=True, keep_lines=True),
                      x.run(c.NOI_NHAN, sz.noi_nhan_label, bold=True, italic=True))]
        out += [x.para(x.ppr(jc="left", left=dash, hanging=dash, keep_next=True, keep_lines=True),
                       x.run(line, sz.noi_nhan)) for line in lines]
        if d.ky_hieu_soan_thao:
            out.append(x.para(x.ppr(jc="left"), x.run(d.ky_hieu_soan_thao.strip(), sz.noi_nhan)))
        return "".join(out)

    def signature_xml(self, sign: tuple[list[str], str] | None, first: int, *, size: float | None = None,
                      italic: bool = False) -> str:
        """Title lines (bold), the room for the signature and seal, the name (bold)."""
        if not sign:
            return x.para(x.ppr())
        sz = self.L.sizes
        titles, name = sign
        out = [x.para(x.ppr(jc="center", before=first if i == 0 else 0, keep_next=True),
                      x.run(t, size or sz.chuc_vu, bold=not italic, italic=italic)) for i, t in enumerate(titles)]
        blank = x.para(x.ppr(jc="center", keep_next=True, mark_size=sz.chuc_vu))
        out += [blank] * self.L.spacing.signature_blank_lines
        out.append(x.para(x.ppr(jc="center"), x.run(name, sz.ho_ten, bold=True)) if name else x.para(x.ppr()))
        return "".join(out)

    # ------------------------------------------------------------------ copies (Mẫu 3.1)
    def copy_block(self, words: str) -> str:
        """The copy block of a paper copy, this document being the copier's fields: a solid line
        across the text width; the copier's agency, its line and the copy's số | the form of copy
        (``words``) and the place and date; then Nơi nhận | signature (Phụ lục I, II.2–3)."""
        d, sz, sp = self.doc, self.L.sizes, self.L.spacing
        start = len(self.s.out)
        self.emit(x.para(x.ppr(border="top", before=pt_to_twips(sp.part_before_pt), keep_next=True, mark_size=1)))
        date_line = c.date_line(d)
        left, right, margin = self.header_columns(date_line)
        lw = left - 2 * margin
        tight = x.ppr(jc="center", keep_next=True)
        names = c.agency(d, self.L, lw / 20)
        cells_left = [x.para(tight, x.run("\n".join(names.name), sz.co_quan, bold=True)),
                      self.rule(lw, round(pt_to_twips(c.rule_pt(names.longest_pt, self.L, margin / 20)))),
                      x.para(x.ppr(jc="center", before=pt_to_twips(sp.so_before_pt), keep_next=True),
                             x.run(so_ky_hieu(d.so, d.ky_hieu_day_du), sz.so_ky_hieu))]
        cells_right = [x.para(tight, x.run(words, sz.hinh_thuc_sao, bold=True)),
                       x.para(x.ppr(jc="center", before=pt_to_twips(sp.so_before_pt), keep_next=True),
                              x.run(date_line, sz.dia_danh_ngay, italic=True))]
        self.emit(x.table_open([left, right], borders=False, cell_margin=margin))
        self.emit(x.row_open(cant_split=True) + x.cell(left, "".join(cells_left))
                  + x.cell(right, "".join(cells_right)) + "</w:tr></w:tbl>")
        self.closing_block()
        return "".join(p if isinstance(p, str) else p.text() for p in self.s.out[start:])

    # ------------------------------------------------------------------ appendices (§5)
    def phu_luc(self, pl: PhuLuc, number: int, *, rieng: bool = False) -> None:
        d, sz = self.doc, self.L.sizes
        label = c.phu_luc_label(d, number)
        center = x.ppr(jc="center", keep_next=True)
        self.emit(x.para(center, x.run(label, sz.phu_luc_label, bold=True)))
        title = pl.tieu_de.strip().upper()
        self.emit(x.para(x.ppr(jc="center", keep_next=True, outline=0),  # the appendix in the navigation pane
                         self.toc_mark(0, f"{label}{': ' if label.lower() == 'phụ lục' else '. '}{title}",
                                       x.run(title, sz.phu_luc_title, bold=True), restart=True)))
        self.s.in_phu_luc = True
        note = c.phu_luc_note(d, pl, blank=rieng)
        if note:
            self.emit(x.para(x.ppr(jc="center", after=pt_to_twips(self.L.spacing.phu_luc_note_after_pt)),
                             x.run(note, sz.phu_luc_note, italic=True)))
        self.blocks(pl.blocks, end_mark=False, keep_last=False)


def write_docx(doc: VanBan, layout: Layout = LAYOUT, toc_pages: list[int | None] | None = None) -> bytes:
    """Lay ``doc`` out by Decree 30 and return the .docx bytes (``toc_pages``: the page of each
    entry of its table of contents, see :mod:`baocao.muc_luc`)."""
    return DocxWriter(doc, layout, toc_pages).write()



def write_phu_luc(doc: VanBan, number: int, layout: Layout = LAYOUT) -> bytes:
    """Phụ lục ``number`` (from 1) of ``doc`` as a .docx of its own (Mẫu 2.2)."""
    return DocxWriter(doc, layout).write_phu_luc(number)


def save_docx(doc: VanBan, path: str | os.PathLike[str], layout: Layout = LAYOUT) -> Path:
    """Write ``doc`` to ``path`` atomically (as :meth:`VanBan.save`)."""
    return doc.save(path, layout)
