"""The .docx writer: a :class:`~baocao.model.VanBan` laid out by Decree 30.

Orchestration in phases, like pandoc's Docx writer: header block → title →
Kính gửi → body (one handler per block type) → closing block → appendices →
section properties; then the package (:mod:`.package`). Every number comes
from :mod:`baocao.layout`; text widths come from :mod:`baocao.metrics`.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import metrics
from ..errors import LayoutError, ModelError, OutputError
from ..formatting import ngay_thang_nam, so_ky_hieu, so_van_ban
from ..layout import LAYOUT, Layout, mm_to_twips, pt_to_twips
from ..model import Block, Bullet, Heading, Image, PageBreak, Paragraph, PhuLuc, Run, Table, VanBan, plain
from ..numbering import SCHEMES, Numberer, la_ma
from . import ooxml as x
from .package import HEADER_FIRST, HEADER_PAGE_NUMBER, Media, zip_package

_EMU_PER_MM = 36000
_JC = {"justify": "both", "center": "center", "left": "left", "right": "right"}


@dataclass
class _State:
    """What changes while writing: output, counters, media."""

    out: list[str] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    tables: int = 0
    figures: dict[str, int] = field(default_factory=dict)  # caption label → last number
    drawing_ids: int = 0
    # the section being written: orientation, page numbers restarting at 1, and no
    # number on its first page (page 1 of the document and of each phụ lục)
    section: tuple[bool, bool, bool] = (False, False, True)


class DocxWriter:
    """Writes one document. Use :func:`write_docx` rather than this class."""

    def __init__(self, doc: VanBan, layout: Layout = LAYOUT):
        doc.validate()
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
        self.type = doc.loai_vb
        self.scheme = SCHEMES[doc.danh_so or self.type.danh_so]

    # ------------------------------------------------------------------ helpers
    def emit(self, xml: str) -> None:
        self.s.out.append(xml)

    def body_ppr(self, *, jc: str = "both", indent: bool = True, keep_next: bool = False) -> str:
        return x.ppr(jc=jc, first=self.first_indent if indent else 0, before=self.body_before,
                     after=self.body_after, line=self.body_line, keep_next=keep_next)

    def runs_xml(self, runs: tuple[Run, ...] | list[Run], size: float | None = None,
                 bold: bool = False, italic: bool = False) -> str:
        return "".join(x.run(r.text, size, r.bold or bold, r.italic or italic) for r in runs)

    def rule(self, content_width: int, length: int) -> str:
        """A centred solid line ``length`` twips long, as an empty bordered paragraph."""
        side = max((content_width - length) // 2, 0)
        return x.para(x.ppr(jc="center", left=side, right=side, border="top", mark_size=1,
                            before=pt_to_twips(self.L.spacing.rule_gap_pt)))

    # ------------------------------------------------------------------ phases
    def write(self) -> bytes:
        self.header_block()
        self.title_block()
        self.kinh_gui()
        self.blocks(self.doc.blocks, end_mark=self.doc.dau_ket_thuc, keep_last=True)
        self.closing_block()
        for i, pl in enumerate(self.doc.phu_luc, 1):
            self.new_section(landscape=pl.ngang, restart=True, hide_first=True)
            self.phu_luc(pl, i)
        self.emit(self.sect_pr(*self.s.section))  # the last section's properties close the body
        title = self.doc.trich_yeu or self.type.ten
        return zip_package("".join(self.s.out), self.s.media, self.L, title)

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
        """Left and right column widths (twips) and the cell margin.

        The right column fits the Quốc hiệu on one line, and the date line too when
        the left column can give up the room (a long place name); both get the same
        slack, as renderers break a line a little before the measured width."""
        h, sz = self.L.header, self.L.sizes
        margin = mm_to_twips(h.cell_margin_mm)
        qh = pt_to_twips(metrics.text_width(h.quoc_hieu, sz.quoc_hieu, bold=True))
        right = qh + 2 * margin + mm_to_twips(h.quoc_hieu_slack_mm)
        most = self.text_width - round(self.text_width * h.left_min_fraction)
        if right > most:
            raise LayoutError("Quốc hiệu không vừa một dòng với khổ giấy và lề này",
                              where="layout", hint="giảm cỡ chữ Quốc hiệu hoặc lề trái/phải")
        date = (pt_to_twips(metrics.text_width(date_line, sz.dia_danh_ngay, italic=True)) + 2 * margin
                + mm_to_twips(h.quoc_hieu_slack_mm))
        right = min(max(right, date), most)
        return self.text_width - right, right, margin

    def header_block(self) -> None:
        d, h, sz, sp = self.doc, self.L.header, self.L.sizes, self.L.spacing
        date_line = f"{d.dia_danh}, {ngay_thang_nam(d.ngay)}"
        left, right, margin = self.header_columns(date_line)
        lw, rw = left - 2 * margin, right - 2 * margin  # content widths
        tight = x.ppr(jc="center")

        # left column, row 1: agencies, rule 1/3–1/2 of the agency name
        cells_left = []
        if d.co_quan_chu_quan:
            parent = metrics.balance(d.co_quan_chu_quan.upper(), lw / 20, sz.co_quan_chu_quan)
            cells_left.append(x.para(tight, x.run("\n".join(parent), sz.co_quan_chu_quan)))
        name = "\n".join(metrics.balance(d.co_quan.upper(), lw / 20, sz.co_quan, bold=True))
        cells_left.append(x.para(tight, x.run(name, sz.co_quan, bold=True)))
        longest = metrics.longest_line(name, lw / 20, sz.co_quan, bold=True)
        cells_left.append(self.rule(lw, round(pt_to_twips(longest) * h.rule_fraction)))

        # right column, row 1: Quốc hiệu, Tiêu ngữ, rule as long as the Tiêu ngữ
        tn = pt_to_twips(metrics.text_width(h.tieu_ngu, sz.tieu_ngu, bold=True))
        cells_right = [
            x.para(tight, x.run(h.quoc_hieu, sz.quoc_hieu, bold=True)),
            x.para(tight, x.run(h.tieu_ngu, sz.tieu_ngu, bold=True)),
            self.rule(rw, tn),
        ]

        # row 2: số / ký hiệu (+ V/v, độ khẩn) | địa danh, ngày
        gap = x.ppr(jc="center", before=pt_to_twips(sp.so_before_pt))
        row2_left = [x.para(gap, x.run(so_ky_hieu(d.so, d.ky_hieu_day_du), sz.so_ky_hieu))]
        if not self.type.co_ten_loai and d.trich_yeu:
            vv = metrics.balance("V/v " + d.trich_yeu.strip(), lw / 20, sz.cong_van_trich_yeu)
            row2_left.append(x.para(x.ppr(jc="center", before=pt_to_twips(sp.cong_van_vv_before_pt)),
                                    x.run("\n".join(vv), sz.cong_van_trich_yeu)))
        for mark in (d.do_mat, d.do_khan):
            if mark:
                w = pt_to_twips(metrics.text_width(mark, sz.do_khan, bold=True))
                side = max((lw - w) // 2 - mm_to_twips(sp.box_padding_mm), 0)
                row2_left.append(x.para(x.ppr(jc="center", left=side, right=side, border="box",
                                              before=pt_to_twips(sp.do_khan_before_pt)),
                                        x.run(mark, sz.do_khan, bold=True)))
        row2_right = [x.para(gap, x.run(date_line, sz.dia_danh_ngay, italic=True))]

        self.emit(x.table_open([left, right], borders=False, cell_margin=margin))
        self.emit(x.row_open() + x.cell(left, "".join(cells_left)) + x.cell(right, "".join(cells_right))
                  + "</w:tr>")
        self.emit(x.row_open() + x.cell(left, "".join(row2_left)) + x.cell(right, "".join(row2_right))
                  + "</w:tr></w:tbl>")

    # ------------------------------------------------------------------ title, căn cứ (§3)
    def title_block(self) -> None:
        d, sz, h, sp = self.doc, self.L.sizes, self.L.header, self.L.spacing
        if self.type.co_ten_loai:
            self.emit(x.para(x.ppr(jc="center", before=pt_to_twips(sp.ten_loai_before_pt), keep_next=True),
                             x.run(self.type.ten.upper(), sz.ten_loai, bold=True)))
            if d.trich_yeu:
                text = "\n".join(metrics.balance(d.trich_yeu.strip(), self.text_width / 20,
                                                   sz.trich_yeu, bold=True))
                self.emit(x.para(x.ppr(jc="center", keep_next=True),
                                 x.run(text, sz.trich_yeu, bold=True)))
                longest = metrics.longest_line(text, self.text_width / 20, sz.trich_yeu, bold=True)
                self.emit(self.rule(self.text_width, round(pt_to_twips(longest) * h.rule_fraction)))
        else:
            self.emit(x.para(x.ppr(mark_size=sp.cong_van_gap_pt)))
        if d.tham_quyen:
            self.emit(x.para(x.ppr(jc="center", before=pt_to_twips(sp.part_before_pt), keep_next=True),
                             x.run(d.tham_quyen.strip().upper(), sz.ten_loai, bold=True)))
        for i, line in enumerate(d.can_cu):
            last = i == len(d.can_cu) - 1
            text = line.strip().rstrip(";.").rstrip() + ("." if last else ";")
            self.emit(x.para(self.body_ppr(), x.run(text, sz.can_cu, italic=True)))
        if self.type.quyet_dinh:
            self.emit(x.para(x.ppr(jc="center", before=pt_to_twips(sp.part_before_pt),
                                   after=pt_to_twips(sp.part_after_pt),
                                   keep_next=True),
                             x.run(self.type.ten.upper() + ":", sz.ten_loai, bold=True)))

    def kinh_gui(self) -> None:
        recipients = [r.strip().rstrip(";.").rstrip() for r in self.doc.kinh_gui if r.strip()]
        if not recipients:
            return
        size = self.L.sizes.kinh_gui
        sp = self.L.spacing
        before, after = pt_to_twips(sp.part_before_pt), pt_to_twips(sp.part_after_pt)
        label = "Kính gửi:"
        if len(recipients) == 1:
            self.emit(x.para(x.ppr(jc="center", before=before, after=after),
                             x.run(f"{label} {recipients[0]}", size)))
            return
        # several: "Kính gửi:" then "- X;" lines, dashes aligned under the colon
        to_colon = pt_to_twips(metrics.text_width("Kính gửi", size))
        dash = pt_to_twips(metrics.text_width("- ", size))
        widest = max(pt_to_twips(metrics.text_width(f"- {r};", size)) for r in recipients)
        start = max(self.first_indent, (self.text_width - to_colon - widest) // 2)
        self.emit(x.para(x.ppr(jc="left", left=start, before=before, keep_next=True), x.run(label, size)))
        for i, r in enumerate(recipients):
            end = "." if i == len(recipients) - 1 else ";"
            self.emit(x.para(x.ppr(jc="left", left=start + to_colon + dash, hanging=dash,
                                   after=after if end == "." else 0,
                                   keep_next=end == ";"),
                             x.run(f"- {r}{end}", size)))

    # ------------------------------------------------------------------ body (one handler per block)
    def blocks(self, blocks: list[Block], *, end_mark: bool, keep_last: bool) -> None:
        """Write body blocks. ``end_mark`` puts "./." after the last text; ``keep_last``
        keeps the last paragraph on the page of what follows (the closing block)."""
        numberer = Numberer(self.scheme)
        last = len(blocks) - 1
        for i, block in enumerate(blocks):
            end = i == last and (end_mark or keep_last)
            if isinstance(block, Heading):
                self.heading(block, numberer, end=end and end_mark, keep=True)
            elif isinstance(block, Paragraph):
                self.paragraph(block, end=end and end_mark, keep=end)
            elif isinstance(block, Bullet):
                self.bullet(block, end=end and end_mark, keep=end)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Image):
                self.image(block)
            elif isinstance(block, PageBreak):
                self.emit('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
            else:  # pragma: no cover - the model refuses other types
                raise ModelError(f"khối không hợp lệ: {type(block).__name__}")
        if end_mark and (not blocks or isinstance(blocks[-1], (Table, Image, PageBreak))):
            self.emit(x.para(self.body_ppr(keep_next=keep_last), x.run("./.", self.L.sizes.body)))

    def _where(self, block: Block) -> str:
        return f"{type(block).__name__} (dòng {block.line})" if block.line else type(block).__name__

    def heading(self, h: Heading, numberer: Numberer, *, end: bool = False, keep: bool = True) -> None:
        try:
            spec = numberer.level(h.level)
            label = numberer.label(h.level)
        except LayoutError as exc:
            exc.where = self._where(h)
            raise
        size = self.L.sizes.body
        text = tuple(Run(r.text.upper(), r.bold, r.italic) for r in h.text) if spec.upper else h.text
        label_bold = spec.bold if spec.label_bold is None else spec.label_bold
        content = (x.run(label + spec.separator, size, label_bold, spec.italic)
                   + self.runs_xml(self._trimmed(text, end), size, spec.bold, spec.italic)
                   + self._end_mark(h.text, end))
        props = x.ppr(jc="center" if spec.centered else "both",
                      first=self.first_indent if spec.indent and not spec.centered else 0,
                      before=self.body_before, after=self.body_after, line=self.body_line,
                      keep_next=keep)
        self.emit(x.para(props, content))

    def _end_mark(self, runs: tuple[Run, ...], end: bool) -> str:
        """The "./." that ends the text, completing what the text already ends with."""
        if not end:
            return ""
        text = plain(runs).rstrip().rstrip(";,:").rstrip()
        suffix = ("" if text.endswith("./.") else "." if text.endswith("./")
                  else "/." if text.endswith(".") else "./.")
        return x.run(suffix, self.L.sizes.body) if suffix else ""

    def _trimmed(self, runs: tuple[Run, ...], end: bool) -> tuple[Run, ...]:
        """Without trailing blanks or a list's ``;`` / ``,`` when the end mark follows."""
        if not end:
            return runs
        out = list(runs)
        while out and not out[-1].text.strip(" \t\n;,:"):
            out.pop()
        if out:
            out[-1] = Run(out[-1].text.rstrip().rstrip(";,:").rstrip(), out[-1].bold, out[-1].italic)
        return tuple(out)

    def paragraph(self, p: Paragraph, *, end: bool = False, keep: bool = False) -> None:
        size = self.L.sizes.body
        indent = p.align == "justify"
        self.emit(x.para(self.body_ppr(jc=_JC[p.align], indent=indent, keep_next=keep),
                         self.runs_xml(self._trimmed(p.text, end), size) + self._end_mark(p.text, end)))

    def bullet(self, b: Bullet, *, end: bool = False, keep: bool = False) -> None:
        size = self.L.sizes.body
        self.emit(x.para(self.body_ppr(keep_next=keep), x.run(b.marker + " ", size)
                         + self.runs_xml(self._trimmed(b.text, end), size) + self._end_mark(b.text, end)))

    def caption(self, kind: str, number: int, text: str, *, keep_next: bool) -> None:
        self.emit(x.para(x.ppr(jc="center", before=self.body_before, after=pt_to_twips(self.L.spacing.caption_after_pt),
                               keep_next=keep_next),
                         x.run(f"{kind} {number}. ", self.L.sizes.body, bold=True)
                         + x.run(text.strip(), self.L.sizes.body, italic=True)))

    def column_widths(self, t: Table, size: float, width: int) -> tuple[list[int], int]:
        """Column widths (twips) filling ``width``, and the least width the table needs.

        Given relative ``widths`` are scaled. Otherwise each column gets at least its
        longest word and the rest of the width in proportion to what its body text would
        take on one line; only the first rows are measured, so long tables stay linear."""
        cols = t.columns
        if t.widths:
            rel = t.widths
            out = [round(width * w / sum(rel)) for w in rel]
            out[-1] += width - sum(out)
            return out, 0
        pad = 2 * 108 + 60  # cell margins of the table style, and a little air
        least = [pad + 300] * cols
        natural = least[:]
        for r, row in enumerate(t.grid()[:200]):
            bold = r < t.header_rows
            for col, cell, covered in row:
                if covered or cell.colspan > 1:
                    continue
                text = plain(cell.text)
                words = text.split() or [""]
                least[col] = max(least[col], pad + max(pt_to_twips(metrics.text_width(w, size, bold=bold))
                                                      for w in words))
                if not bold:  # a header may wrap; the body's text decides how wide a column wants to be
                    natural[col] = max(natural[col], pad + pt_to_twips(metrics.text_width(text, size)))
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

    def table(self, t: Table) -> None:
        size = t.font_size or self.L.sizes.table
        portrait, landscape = self.text_width, mm_to_twips(self.L.page.landscape_text_width_mm)
        turned = self.s.section[0]
        width = landscape if turned else portrait
        widths, least = self.column_widths(t, size, width)
        turn = not turned and (t.ngang or (t.ngang is None and least > portrait))
        if turn:
            self.new_section(landscape=True, restart=False, hide_first=False)
            widths, _ = self.column_widths(t, size, landscape)
        align = t.align or ["left"] * t.columns
        if t.caption:
            self.s.tables += 1
            self.caption("Bảng", self.s.tables, t.caption, keep_next=True)
        elif not turn:
            self.emit(x.para(x.ppr(mark_size=self.L.spacing.spacer_pt)))
        out = [x.table_open(widths, borders=True)]
        pad = pt_to_twips(self.L.spacing.table_cell_pt)
        cell_ppr = {a: x.ppr(jc=_JC[a], before=pad, after=pad) for a in ("left", "center", "right")}
        starts = [sum(widths[:i]) for i in range(t.columns + 1)]
        merged = any(c.rowspan > 1 for row in t.rows for c in row)
        rows = t.grid() if merged else [[(None, c, False) for c in row] for row in t.rows]
        for r, row in enumerate(rows):
            header = r < t.header_rows
            out.append(x.row_open(header=header, cant_split=True))  # a row never breaks across pages
            col = 0
            for at, c, covered in row:
                col = col if at is None else at
                cell_width = starts[col + c.colspan] - starts[col]
                if covered:
                    out.append(x.cell(cell_width, "<w:p/>", span=c.colspan, merge="continue"))
                else:
                    a = "center" if header else (c.align or align[col])
                    content = x.para(cell_ppr[a], self.runs_xml(c.text, size, bold=header))
                    out.append(x.cell(cell_width, content, span=c.colspan, valign="center",
                                      merge="restart" if c.rowspan > 1 else None))
                col += c.colspan
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.emit("".join(out))
        if turn:  # back to portrait pages after the table
            self.new_section(landscape=False, restart=False, hide_first=False)
        else:
            # a paragraph after every table: two tables in a row would merge into one
            self.emit(x.para(x.ppr(mark_size=self.L.spacing.spacer_pt)))

    def image(self, img: Image) -> None:
        from docx.image.exceptions import UnrecognizedImageError
        from docx.image.image import Image as Picture

        try:
            blob = img.source if isinstance(img.source, bytes) else Path(img.source).read_bytes()
            pic = Picture.from_blob(blob)
        except (OSError, UnrecognizedImageError) as exc:
            raise ModelError(f"không đọc được ảnh: {exc or 'định dạng không hỗ trợ'}",
                             where=self._where(img), hint="dùng PNG, JPEG, GIF, BMP hoặc TIFF") from None
        natural_mm = pic.px_width / (pic.horz_dpi or 96) * 25.4
        page = self.L.page
        max_mm = page.landscape_text_width_mm if self.s.section[0] else page.text_width_mm
        width_mm = min(img.width_mm or natural_mm, max_mm)
        height_mm = width_mm * pic.px_height / pic.px_width
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
            self.s.figures[img.nhan] = number = self.s.figures.get(img.nhan, 0) + 1
            self.caption(img.nhan, number, img.caption, keep_next=False)

    # ------------------------------------------------------------------ closing block (§4)
    def closing_block(self) -> None:
        d, sz, h = self.doc, self.L.sizes, self.L.header
        left = round(self.text_width * h.closing_left_fraction)
        right = self.text_width - left
        entries = [e.strip().rstrip(";.").rstrip() for e in d.noi_nhan if e.strip()]
        if not entries and self.type.noi_nhan_dau and (d.kinh_gui or self.type.quyet_dinh):
            entries = [self.type.noi_nhan_dau]
        luu = ", ".join(d.dong_luu)
        lines = [f"- {e};" for e in entries] + ([f"- Lưu: {luu}."] if luu else [])
        first = pt_to_twips(self.L.spacing.part_before_pt)
        dash = pt_to_twips(metrics.text_width("- ", sz.noi_nhan))
        left_xml = []
        if lines:
            left_xml.append(x.para(x.ppr(jc="left", before=first, keep_next=True, keep_lines=True),
                                   x.run("Nơi nhận:", sz.noi_nhan_label, bold=True, italic=True)))
            left_xml += [x.para(x.ppr(jc="left", left=dash, hanging=dash, keep_next=True,
                                      keep_lines=True), x.run(line, sz.noi_nhan)) for line in lines]
            if d.ky_hieu_soan_thao:
                left_xml.append(x.para(x.ppr(jc="left"), x.run(d.ky_hieu_soan_thao.strip(), sz.noi_nhan)))
        else:
            left_xml.append(x.para(x.ppr()))
        right_xml = []
        if d.nguoi_ky:
            titles = d.nguoi_ky.dong_chuc_danh
            for i, t in enumerate(titles):
                right_xml.append(x.para(x.ppr(jc="center", before=first if i == 0 else 0, keep_next=True),
                                        x.run(t, sz.chuc_vu, bold=True)))
            blank = x.para(x.ppr(jc="center", keep_next=True, mark_size=sz.chuc_vu))
            right_xml += [blank] * self.L.spacing.signature_blank_lines
            right_xml.append(x.para(x.ppr(jc="center"), x.run(d.nguoi_ky.ho_ten.strip(), sz.ho_ten, bold=True)))
        else:
            right_xml.append(x.para(x.ppr()))
        self.emit(x.table_open([left, right], borders=False, cell_margin=0))
        self.emit(x.row_open(cant_split=True) + x.cell(left, "".join(left_xml))
                  + x.cell(right, "".join(right_xml)) + "</w:tr></w:tbl>")

    # ------------------------------------------------------------------ appendices (§5)
    def phu_luc(self, pl: PhuLuc, number: int) -> None:
        d, sz = self.doc, self.L.sizes
        many = len(d.phu_luc) > 1
        label = f"Phụ lục {la_ma(number)}" if many else "Phụ lục"
        center = x.ppr(jc="center", keep_next=True)
        self.emit(x.para(center, x.run(label, sz.phu_luc_label, bold=True)))
        self.emit(x.para(center, x.run(pl.tieu_de.strip().upper(), sz.phu_luc_title, bold=True)))
        note = pl.ghi_chu
        if note is None:
            note = (f"(Kèm theo {self.type.ten} số {so_van_ban(d.so, d.ky_hieu_day_du)} "
                    f"{ngay_thang_nam(d.ngay)} của {' '.join(d.co_quan.split())})")
        if note:
            self.emit(x.para(x.ppr(jc="center", after=pt_to_twips(self.L.spacing.phu_luc_note_after_pt)),
                             x.run(note, sz.phu_luc_note, italic=True)))
        self.blocks(pl.blocks, end_mark=False, keep_last=False)


def write_docx(doc: VanBan, layout: Layout = LAYOUT) -> bytes:
    """Lay ``doc`` out by Decree 30 and return the .docx bytes."""
    return DocxWriter(doc, layout).write()


def save_docx(doc: VanBan, path: str | os.PathLike[str], layout: Layout = LAYOUT) -> Path:
    """Write ``doc`` to ``path`` atomically: nothing is left behind on failure."""
    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise OutputError(f"tệp ra phải có đuôi .docx: {str(target)!r}", where="save")
    if not target.parent.is_dir():
        raise OutputError(f"thư mục {str(target.parent)!r} không tồn tại", where="save",
                          hint="tạo thư mục trước, hoặc chọn đường dẫn khác")
    data = write_docx(doc, layout)  # all errors about the content come before any file exists
    fd, tmp = tempfile.mkstemp(prefix=".baocao-", suffix=".docx.tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual mode of a new file
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"không ghi được {str(target)!r}: {exc.strerror or exc}", where="save") from None
    return target
