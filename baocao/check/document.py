"""The document as the rules see it: a read .docx (:mod:`baocao.readers`) and the parts of an
administrative document found in it — the header block (Quốc hiệu, Tiêu ngữ, agency, số/ký
hiệu, địa danh and date), tên loại and trích yếu, the body, the appendices, the closing block
(Nơi nhận, signature) and the page numbers — each found once, whatever rules run.

The parts are found the same way whether the header is a two-column table, a tab-separated
block or plain paragraphs; finding them reports nothing: the rules do (:mod:`.page`,
:mod:`.header`, :mod:`.body`, :mod:`.closing`), through :meth:`Document.at` and
:meth:`Document.hit`. Shared helpers for the rules' messages are here too.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from ..doctypes import LOAI_VAN_BAN, LoaiVanBan
from ..layout import DO_KHAN, DO_MAT, LAYOUT, QUYEN_HAN, RANGES
from ..normalize import typed_date
from ..readers.docx import DocxDocument, Paragraph, RunFormat, Section, Segment, segments
from .registry import CANH_BAO, LOI, Hit

#: How far into page 1 the header block is looked for (paragraphs).
HEADER_WINDOW = 60
#: Longest excerpt of a paragraph's text in ``where``.
EXCERPT = 40
#: What stands for a number or day left blank ("Số: ....../BC-SXD", "ngày …").
BLANK = set(" .…_\u00a0\u2002\u2003\u2009")
DASHES = "-‐‑‒–—−"
#: ``Hit.group`` of page-number findings: after the findings of every section.
PAGE_NUMBERS = 1 << 20


# ---------------------------------------------------------------------------- text helpers
def num_text(value: float, digits: int = 1) -> str:
    """A number the Vietnamese way, without useless decimals.

    >>> num_text(12), num_text(12.5), num_text(24.99), num_text(1.27, 2)
    ('12', '12,5', '25', '1,27')
    """
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def range_text(r: tuple[float, float], unit: str) -> str:
    """A lawful range as written in messages.

    >>> range_text((12, 13), "pt"), range_text((14, 14), "pt")
    ('12–13 pt', '14 pt')
    """
    low, high = r
    return f"{num_text(low)} {unit}" if low == high else f"{num_text(low)}–{num_text(high)} {unit}"


def inside(value: float, r: tuple[float, float], slack: float = 0.01) -> bool:
    return r[0] - slack <= value <= r[1] + slack


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def words(text: str) -> str:
    return " ".join(text.split())


def upper(text: str) -> bool:
    """Has letters, all upper case."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


def format_problems(pieces: list[tuple[str, RunFormat]], *, size: tuple[float, float] | None = None,
                    bold: bool | None = None, italic: bool | None = None) -> list[str]:
    """What is off in the formatting of some text: size outside a range, bold, italic."""
    out: list[str] = []
    if not pieces:
        return out
    if size is not None:
        bad = sorted({props.size for _, props in pieces if not inside(props.size, size)})
        if bad:
            out.append("cỡ chữ " + ", ".join(num_text(b) for b in bad) + " pt")
    for want, attr, yes, no in ((bold, "bold", "in đậm", "không in đậm"),
                                (italic, "italic", "chữ nghiêng", "không in nghiêng")):
        if want is True and not all(getattr(props, attr) for _, props in pieces):
            out.append(no)
        elif want is False and any(getattr(props, attr) for _, props in pieces):
            out.append(yes)
    return out


# ---------------------------------------------------------------------------- patterns
QH_RE = re.compile(r"\s+".join(re.escape(w) if w != "HÒA" else "H(?:Ò|OÀ)A"
                               for w in LAYOUT.header.quoc_hieu.split()), re.IGNORECASE)
TN_RE = re.compile(rf"độc\s*lập\s*[{DASHES}]?\s*tự\s*do\s*[{DASHES}]?\s*hạnh\s*phúc", re.IGNORECASE)
SO_RE = re.compile(r"^(?P<word>s[ốo])(?P<sp1>\s*)(?P<colon>:?)(?P<sp2>\s*)(?P<num>[\d.…_\s]*?)"
                   r"(?P<sp3>\s*)/(?P<sp4>\s*)(?P<kh>.*)$", re.IGNORECASE)
NGAY_RE = re.compile(r"^(?P<place>[^,;:]{1,80}?)\s*,\s*(?P<word>ngày)(?P<d>.*?)\btháng\b(?P<m>.*?)"
                     r"\bnăm\b(?P<y>.*)$", re.IGNORECASE)
NOI_NHAN_RE = re.compile(r"^n[ơo]i\s*nh[ậa]n\s*(?::|$)", re.IGNORECASE)
#: The label alone ("Nơi nhận:", or with its first entry "Nơi nhận: - Như trên;"), as the closing
#: block has it: not a sentence that starts with it.
NOI_NHAN_LABEL_RE = re.compile(rf"^n[ơo]i\s*nh[ậa]n\s*:?(?:\s*[{DASHES}+•].*)?$", re.IGNORECASE)
PHU_LUC_RE = re.compile(r"^phụ\s+lục\b(?:\s+(?:[ivxlc]+|\d+)\b)?\s*(?::.*)?$", re.IGNORECASE)
KINH_GUI_RE = re.compile(r"^kính\s+gửi\b", re.IGNORECASE)
KEM_THEO_RE = re.compile(r"^\(\s*(?:ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)
#: What starts a part of the text, not a line of the trích yếu: a heading number, a caption, "Phụ lục".
PART_START_RE = re.compile(r"^(?:(?:phần|chương|mục)\s+(?:[ivxlc]+|\d+)\b|điều\s+\d+|[IVXLC]+\s*[.)]\s"
                           r"|\d+(?:\.\d+)*[.)]\s|(?:bảng|hình|biểu\s+đồ|sơ\s+đồ)\s+\d+\s*[.:]|phụ\s+lục\b)",
                           re.IGNORECASE)
TEN_LOAI = {nfc(t.ten.upper()): t for t in LOAI_VAN_BAN.values() if t.co_ten_loai}
VIET_TAT = {t.viet_tat: t for t in LOAI_VAN_BAN.values() if t.viet_tat}
#: Copies (bản sao, Phụ lục I, Phần II; §6): the form of copy as printed → its ký hiệu abbreviation.
HINH_THUC_SAO = {"SAO Y": "SY", "TRÍCH SAO": "TrS", "SAO LỤC": "SL"}
#: The form of copy standing alone on its line (the old "SAO Y BẢN CHÍNH" too, for the rule to name it).
HINH_THUC_SAO_RE = re.compile(r"^(?:sao\s+y|sao\s+lục|trích\s+sao)(?:\s+bản\s+chính)?$", re.IGNORECASE)
#: The "… điện:" line of a công điện (Mẫu 1.6): the sender, then "điện:".
DIEN_RE = re.compile(r"^(?P<who>\S.*?)\s+điện\s*:$", re.IGNORECASE)
#: The two signatures of a biên bản (Mẫu 1.9), "chủ tọa" in either spelling.
THU_KY_RE = re.compile(r"^thư\s+k[ýí]$", re.IGNORECASE)
MEETING_RE = re.compile(r"^(?:thời\s+gian\s+bắt\s+đầu|chủ\s+(?:trì|t(?:ọa|oạ))\s*[(:]|thư\s+k[ýí]\s*[(:])"
                        r"|\bkết\s+thúc\s+vào\b.*\bgiờ\b", re.IGNORECASE)
CHU_TOA_RE = re.compile(r"^chủ\s+t(?:ọa|oạ)$", re.IGNORECASE)
#: The line that opens the articles of a quyết định or nghị quyết, in any case: "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:".
DONG_QUYET_RE = re.compile(r"^quyết\s*(?:định|nghị)\s*:?$", re.IGNORECASE)
#: A field's instruction when it spans paragraphs (a table of contents): the reader keeps only whole ones.
INSTR_TEXT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText"
#: The confirmation of the place of leave under a giấy nghỉ phép's signature (Mẫu 1.10).
XAC_NHAN_RE = re.compile(r"^xác\s+nhận\s+của\b", re.IGNORECASE)


def line_only(text: str) -> bool:
    """A paragraph that only draws a line with characters: "______", "-----"."""
    text = text.strip()
    return len(text) >= 3 and all(c in "_" + DASHES + "=" for c in text)


def hinh_thuc_sao(s: Segment) -> bool:
    """The segment is a form of copy: "SAO Y", "TRÍCH SAO", "SAO LỤC"."""
    return bool(HINH_THUC_SAO_RE.match(words(nfc(s.text))))


def so_ban_sao(s: Segment) -> bool:
    """The segment is the số of a copy: "Số: 05/SY-VP" (SY, TrS or SL, in any case)."""
    if not SO_RE.match(s.text):
        return False
    groups = ky_hieu(s)[1]
    return bool(groups) and groups[0].lower() in {k.lower() for k in HINH_THUC_SAO.values()}


def ky_hieu(so: Segment) -> tuple[str, list[str]]:
    """The ký hiệu of a "Số: 05/BC-SXD" line, without a leading year, and its groups."""
    m = SO_RE.match(so.text)
    assert m is not None
    kh = m["kh"].strip()
    year = re.match(r"^\d{4}/", kh)
    if year:
        kh = kh[year.end():]
    groups = [g for g in re.split(rf"[{DASHES}]", re.sub(r"\s", "", kh)) if g]
    return kh, groups


# ---------------------------------------------------------------------------- the parts
@dataclass
class Header:
    """What was found in the header block."""

    window: list[Paragraph]  # the paragraphs it is looked for in
    segments: list[Segment]  # their pieces between tabs and line breaks
    quoc_hieu: Paragraph | None = None
    quoc_hieu_span: tuple[int, int] | None = None  # where in its paragraph; None: split over two paragraphs
    tieu_ngu: tuple[Paragraph, re.Match[str]] | None = None
    so: Segment | None = None
    date: Segment | None = None
    end: int = 0  # last paragraph number of the header block
    ky_hieu: list[str] = field(default_factory=list)  # groups of the ký hiệu
    cong_van: bool = False  # a "V/v …" line under the số
    agency: list[Segment] = field(default_factory=list)  # the agency lines, chủ quản first


@dataclass
class Title:
    """Tên loại and trích yếu under the header."""

    first: Paragraph | None  # the first text after the header (the tên loại, when there is one)
    by_kh: LoaiVanBan | None  # the type the ký hiệu names
    named: bool = False  # ``first`` is a tên loại line
    name: str = ""
    kind: LoaiVanBan | None = None  # the type the tên loại names
    trich_yeu: list[Paragraph] = field(default_factory=list)
    end: int = 0  # last paragraph number of the title
    kem_theo: Paragraph | None = None  # "(Kèm theo Quyết định số …)": a text issued with a quyết định (Mẫu 1.3)


@dataclass
class Closing:
    """The closing block: Nơi nhận and the signature beside it."""

    label: Segment | None = None  # "Nơi nhận:"
    label_text: str = ""
    entries: list[tuple[Paragraph, int, int, str]] = field(default_factory=list)  # paragraph, start, end, text
    signature: Paragraph | None = None  # its first line
    start: int | None = None  # first paragraph of the block; None: neither Nơi nhận nor signature


@dataclass
class CongDien:
    """The opening of a công điện (Mẫu 1.6): the "… điện:" line and the offices it goes to."""

    line: Paragraph
    offices: list[Paragraph] = field(default_factory=list)  # "- X;" … "- Z.", as paragraphs or table cells


@dataclass
class BanSao:
    """The copy block after a copied document (Mẫu 3.1): the line across the page, the copier's
    agency and số (left), the form of copy and the place and date (right), Nơi nhận and signature."""

    start: int  # its first paragraph (the line above it, when it is a paragraph of its own)
    line: Paragraph | None = None  # the paragraph holding the line across the page
    hinh_thuc: Segment | None = None
    so: Segment | None = None
    date: Segment | None = None
    agency: list[Segment] = field(default_factory=list)
    label: Segment | None = None  # its "Nơi nhận:"
    signature: Paragraph | None = None  # the first line of the copier's signature


@dataclass
class PageNumbers:
    """Where the page numbers are: the PAGE fields of headers and footers."""

    in_headers: list[Paragraph]  # one per header part that shows a page number, to check its format
    on_first_page: Paragraph | None = None  # page 1 shows a number
    any_header: bool = False
    any_footer: bool = False


class Document:
    """A .docx being checked: the read document (``docx``), its ``paras`` and ``sections``,
    and the parts of an administrative document, each found on first use."""

    def __init__(self, docx: DocxDocument):
        self.docx = docx
        self.paras = docx.paragraphs
        self.sections = docx.sections
        self.memo: dict[str, object] = {}  # for the rules: what several of them share

    # -- reporting
    def where(self, p: Paragraph, start: int | None = None, end: int | None = None) -> str:
        text = p.text if start is None else p.text[start:end]
        text = words(text.replace("\t", " ").replace("\n", " "))
        excerpt = text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + " …"
        place = f"đoạn {p.n}"
        if p.cell is not None:
            place += f" (bảng {p.cell.table})"
        elif p.textbox:
            place += " (hộp văn bản)"
        return f"{place}: “{excerpt}”" if excerpt else f"{place} (đoạn trống)"

    def at(self, p: Paragraph, message: str, expected: str, *, seg: Segment | None = None,
           severity: str | None = None, rank_as: str | None = None, sub: tuple[int, ...] = ()) -> Hit:
        """A hit at paragraph ``p`` (or at a segment of it)."""
        where = self.where(p, seg.start, seg.end) if seg else self.where(p)
        return Hit(p.n, message, where, expected, severity, rank_as=rank_as, sub=sub)

    @staticmethod
    def hit(message: str, where: str, expected: str, *, at: int = 0, severity: str | None = None,
            group: int = 0) -> Hit:
        """A hit placed by hand: ``at`` 0 for the page setup, 1 for what is missing from the top."""
        return Hit(at, message, where, expected, severity, group=group)

    @staticmethod
    def section_where(s: Section) -> str:
        return "mục 1 (section)" if s.index == 0 else f"mục {s.index + 1} (section, từ đoạn {s.first})"

    # -- measuring
    def overflow(self, p: Paragraph, line_start: int, line_end: int) -> float | None:
        """How many twips a line of ``p`` runs past its right edge (≤ 0: it fits), laying out
        its tab stops as Word does; ``None`` when the box width is unknown."""
        if p.width is None:
            return None
        ppr = p.ppr
        x: float = ppr.left + (ppr.first if line_start == 0 else 0)
        right_edge = p.width - ppr.right
        parts = p.text[line_start:line_end].split("\t")
        pos = line_start
        for i, part in enumerate(parts):
            w = p.width_of(pos, pos + len(part))
            if i == 0:
                if ppr.jc == "center" and len(parts) == 1:
                    x = max(x, ppr.left + (right_edge - ppr.left - w) / 2)
                x += w
            else:
                stop = next(((at, kind) for at, kind in ppr.tabs if at > x + 1), None)
                if stop is None:
                    step = self.docx.default_tab
                    stop = ((int(x // step) + 1) * step, "left")
                at, kind = stop
                if kind == "center":
                    start = max(x, at - w / 2)
                elif kind in ("right", "end", "decimal"):
                    start = max(x, at - w)
                else:
                    start = at
                x = start + w
            pos += len(part) + 1
        return x - right_edge

    def block_start(self, p: Paragraph) -> int:
        """The first paragraph of the table ``p`` is in, or ``p``'s own number."""
        return self.docx.tables[p.cell.table][0] if p.cell is not None else p.n

    # -- §2 header block
    @cached_property
    def header_window(self) -> list[Paragraph]:
        """The first paragraphs of page 1, up to the body text: where the header block is."""
        out: list[Paragraph] = []
        for p in self.paras[:min(HEADER_WINDOW, self.text_end - 1)]:
            if p.section > 0 or (p.top and p.ppr.jc == "both" and len(p.text) > 100):
                break
            if out and words(nfc(p.text)).upper() in TEN_LOAI:
                break  # the tên loại: what follows is text (a biên bản's "… kết thúc vào …, ngày …" is no date line)
            out.append(p)
        return out

    @cached_property
    def header(self) -> Header:
        window = self.header_window
        head = Header(window, [s for p in window for s in segments(p)])
        for p in window:
            m = QH_RE.search(p.text)
            if m:
                head.quoc_hieu, head.quoc_hieu_span = p, (m.start(), m.end())
                break
        else:
            for a, b in zip(window, window[1:]):  # split over two paragraphs
                if QH_RE.search(words(a.text + " " + b.text)) and not QH_RE.search(a.text):
                    head.quoc_hieu = a
                    break
        for p in window:
            m = TN_RE.search(p.text)
            if m:
                head.tieu_ngu = (p, m)
                break
        segs = head.segments
        so = head.so = next((s for s in segs if SO_RE.match(s.text)), None)
        date = head.date = next((s for s in segs if NGAY_RE.match(s.text)), None)
        qh = head.quoc_hieu
        ends = [x.n for x in (qh, head.tieu_ngu[0] if head.tieu_ngu else None, so.para if so else None,
                              date.para if date else None) if x is not None]
        head.end = max(ends, default=0)
        for x in (qh, so.para if so else None, date.para if date else None):
            if x is not None and x.cell is not None:  # the whole header table
                head.end = max(head.end, self.docx.tables[x.cell.table][1])
        if so is not None:
            head.ky_hieu = ky_hieu(so)[1]
            head.end, head.cong_van = self._header_tail(so, head.end)
        head.agency = self._agency(segs, qh, so)
        return head

    def _header_tail(self, so: Segment, end: int) -> tuple[int, bool]:
        """The lines under the số: the "V/v …" trích yếu of a công văn and độ khẩn/mật marks.
        Returns the new end of the header block and whether there is a V/v line."""
        p = so.para
        cong_van = "\nv/v" in p.text[so.end:].lower() or p.text[so.end:].lower().lstrip().startswith("v/v")
        if p.cell is not None:  # the header table holds them
            table = p.cell.table
            for q in self.paras[p.n:]:
                if q.cell is None or q.cell.table != table:
                    break
                cong_van = cong_van or q.text.strip().lower().startswith("v/v")
            return end, cong_van
        for q in self.paras[end:end + 8]:
            text = q.text.strip()
            if text.lower().startswith("v/v"):
                cong_van = True
            elif not (text.upper() in DO_KHAN + DO_MAT
                      or (cong_van and text and q.ppr.jc != "both" and not KINH_GUI_RE.match(text)
                          and words(text).upper() not in TEN_LOAI)):
                break
            end = q.n
        return end, cong_van

    def _agency(self, segs: list[Segment], qh: Paragraph | None, so: Segment | None) -> list[Segment]:
        """The agency lines: left column, above the số (or near the Quốc hiệu when there is none)."""
        lines = []
        anchor = so.para if so is not None else qh
        for s in segs:
            if anchor is None or s.para.n > anchor.n + (0 if so is not None else 4):
                continue  # the agency stands above the số (or near the Quốc hiệu when there is none)
            if anchor.cell is not None and (s.para.cell is None or s.para.cell.table != anchor.cell.table):
                continue  # a header table holds the whole block
            if so is not None and s.para is so.para and s.start >= so.start:
                continue
            text = s.text
            if QH_RE.search(text) or TN_RE.search(text) or NGAY_RE.match(text) or SO_RE.match(text):
                continue
            if text.upper() in DO_KHAN + DO_MAT or text.lower().startswith("v/v") or line_only(text):
                continue  # a line drawn with "____" under the name is no agency line
            if self._left_column(s, qh):
                lines.append(s)
        return lines

    @staticmethod
    def _left_column(s: Segment, qh: Paragraph | None) -> bool:
        p = s.para
        if p.cell is not None:
            return p.cell.col == 0
        line = p.text[s.line_start:s.line_end]
        if "\t" in line:
            same_line = [x for x in segments(p) if x.line_start == s.line_start]
            return len(same_line) > 1 and same_line[0] == s
        return qh is None or p.n < qh.n

    # -- §3 title, body, appendices
    @cached_property
    def title(self) -> Title:
        """Tên loại and trích yếu under the header."""
        head = self.header
        after = [p for p in self.paras if p.n > head.end and p.top]
        first = next((p for p in after if p.text.strip()), None)
        if head.so is not None and head.so.para.cell is not None:  # a tên loại row in the header table
            in_table = [p for p in self.paras[head.so.para.n:head.end] if p.ppr.jc == "center"
                        and words(p.text).upper() in TEN_LOAI]
            if in_table:
                first = in_table[0]
                after = [first, *after]
        groups = head.ky_hieu
        by_kh = next((t for k, t in VIET_TAT.items() if groups and k.lower() == groups[0].lower()), None)
        title = Title(first, by_kh, end=head.end)
        if first is None:
            return title
        name = words(first.text).rstrip(":").strip()
        kind = TEN_LOAI.get(name.upper())
        if kind is None or first.text.strip().endswith(":"):
            return title
        title.named, title.name, title.kind, title.end = True, name, kind, first.n
        for p in after[after.index(first) + 1:]:
            text = p.text.strip()
            if line_only(text):
                continue  # the line under the title, drawn with "____"
            if not text or p.ppr.jc != "center" or KINH_GUI_RE.match(text) or not kind.co_trich_yeu:
                break  # a giấy giới thiệu's centred "… trân trọng giới thiệu:" is text: its form has no trích yếu
            if kind.quyet_dinh and title.trich_yeu and upper(text):
                break  # the thẩm quyền line ("GIÁM ĐỐC SỞ XÂY DỰNG") typed right under the trích yếu
            if PART_START_RE.match(words(nfc(text))):
                break  # "I. MỤC ĐÍCH, YÊU CẦU", "Bảng 1. …", "Chương I" centred right under the title: the text
            title.end = p.n
            if KEM_THEO_RE.match(text):
                title.kem_theo = p
                break
            title.trich_yeu.append(p)
        return title

    @cached_property
    def phu_luc_rieng(self) -> bool:
        """An appendix in a file of its own (Mẫu 2.2): it opens with "Phụ lục …", with no header block."""
        first = next((p for p in self.paras if p.text.strip()), None)
        return (first is not None and first.top and self.header.quoc_hieu is None
                and bool(PHU_LUC_RE.match(words(first.text))))

    @cached_property
    def issued(self) -> dt.date | None:
        """The date of the date line, when it has a real one ("ngày 29 tháng 12 năm 2020")."""
        found = self.header.date
        typed = typed_date(found.text) if found is not None else None
        try:
            return dt.date(*typed) if typed else None
        except ValueError:
            return None

    @cached_property
    def bien_ban_hop(self) -> bool:
        """A biên bản of a meeting (Mẫu 1.9): one of its fixed lines ("Thời gian bắt đầu", "Chủ trì",
        "Thư ký", "… kết thúc vào … giờ") or a THƯ KÝ / CHỦ TỌA signature is there. A biên bản of
        a handover or an inspection has other parts and other signers."""
        for p in self.paras:
            text = words(nfc(p.text))
            if MEETING_RE.search(text) or any(THU_KY_RE.match(words(nfc(seg.text))) or
                                              CHU_TOA_RE.match(words(nfc(seg.text))) for seg in segments(p)):
                return True
        return False

    @property
    def trich_sao(self) -> bool:
        """The document is a trích sao: its copy block says TRÍCH SAO (or its số, TrS)."""
        copy = self.ban_sao
        if copy is None:
            return False
        words_ = words(nfc(copy.hinh_thuc.text)).upper() if copy.hinh_thuc is not None else ""
        return words_ == "TRÍCH SAO" or (copy.so is not None and so_ban_sao(copy.so)
                                         and ky_hieu(copy.so)[1][0].lower() == "trs")

    @property
    def without_number(self) -> bool:
        """A document whose form has no số and no date in its header: an appendix in a file of its
        own, a text issued with a quyết định (Mẫu 1.3: its "(Kèm theo Quyết định số …)" line says them)."""
        return self.phu_luc_rieng or self.title.kem_theo is not None

    @cached_property
    def appendices(self) -> list[int]:
        """The first paragraph of each phụ lục."""
        title_end, text_end = self.title.end, self.text_end
        return [p.n for p in self.paras if title_end < p.n < text_end and p.top and p.ppr.jc == "center"
                and PHU_LUC_RE.match(words(p.text))]

    @property
    def main_end(self) -> int:
        """Where the document's own text ends: the first phụ lục, or the copy block, or past the
        last paragraph."""
        return self.appendices[0] if self.appendices else self.text_end

    @property
    def text_end(self) -> int:
        """Where the copied document ends: the copy block (:attr:`ban_sao`), or its table of
        contents (:attr:`muc_luc`), or past the last paragraph."""
        copy = self.ban_sao
        end = copy.start if copy is not None else len(self.paras) + 1
        toc = self.muc_luc
        return min(end, toc[0].n) if toc is not None else end

    @cached_property
    def muc_luc(self) -> tuple[Paragraph, int] | None:
        """The table of contents after the text: its "MỤC LỤC" title (centred, on a line of its own)
        followed by a TOC field, and the number of heading levels the field lists (\\o "1-2")."""
        for i, p in enumerate(self.paras):
            if not (p.top and p.ppr.jc == "center" and words(nfc(p.text)).upper() == "MỤC LỤC"):
                continue
            for q in self.paras[i + 1:i + 4]:
                codes = [*q.fields, *("".join(t.itertext()) for t in (q.element.iter(INSTR_TEXT)
                                                                    if q.element is not None else ()))]
                field_ = next((f for f in codes if f.strip().upper().startswith("TOC")), None)
                if field_ is not None:
                    levels = re.search(r'\\o\s*"?\s*\d\s*-\s*(\d)', field_)
                    return p, int(levels.group(1)) if levels else 3
        return None

    @cached_property
    def body(self) -> list[Paragraph]:
        """Top-level paragraphs of the text and of the appendices, without the Kính gửi block,
        a công điện's "… điện:" block, the "QUYẾT ĐỊNH:" line or a copy block."""
        title_end, main_end, text_end = self.title.end, self.main_end, self.text_end
        closing = self.closing.start
        closing = main_end if closing is None else closing
        dien, dong_quyet = self.cong_dien, self.dong_quyet
        skipped = {q.n for q in [dien.line, *dien.offices]} if dien is not None else set()
        if dong_quyet is not None:
            skipped.add(dong_quyet.n)
        paras = [p for p in self.paras if p.top and title_end < p.n < text_end and p.n not in skipped
                 and (p.n < closing or p.n >= main_end)]
        out, skip = [], False
        for i, p in enumerate(paras):
            text = p.text.strip()
            if i < 8 and KINH_GUI_RE.match(text):
                # "Kính gửi:" alone heads a list of "- X;" lines ending with "- Z."
                skip = text.rstrip().endswith(":")
                continue
            if skip:
                if not text or text[0] in DASHES:
                    skip = not text.endswith(".")
                    continue
                skip = False
            out.append(p)
        return out

    # -- forms of Phụ lục III (§6)
    @cached_property
    def cong_dien(self) -> CongDien | None:
        """The "… điện:" line of a công điện, among the first lines under the title, and the
        offices under it: "- X;" paragraphs up to the one that ends with ".", or the cells of the
        table right after it (Mẫu 1.6 sets them in its right column)."""
        title_end, main_end = self.title.end, self.main_end
        after = [p for p in self.paras if title_end < p.n < main_end]
        lines = [p for p in after if p.top and p.text.strip()][:4]
        line = next((p for p in lines if DIEN_RE.match(words(nfc(p.text))) and len(p.text.split()) <= 25), None)
        if line is None:
            return None
        found = CongDien(line)
        table: int | None = None
        for q in after:
            if q.n <= line.n:
                continue
            text = q.text.strip()
            if q.cell is not None:
                if table is None and not found.offices:
                    table = q.cell.table
                if q.cell.table != table:
                    break
                if text:
                    found.offices.append(q)
                continue
            if table is not None or not q.top:
                break
            if not text:
                if found.offices:
                    break
                continue
            if text[0] not in DASHES + "+•":
                break
            found.offices.append(q)
            if text.endswith("."):
                break
        return found

    @cached_property
    def dong_quyet(self) -> Paragraph | None:
        """The line that opens the articles of a quyết định ("QUYẾT ĐỊNH:") or nghị quyết ("QUYẾT
        NGHỊ:", Mẫu 1.1): a line of its own under the title, before the closing block."""
        end = self.closing.start or self.main_end
        return next((p for p in self.paras if self.title.end < p.n < end and p.top
                     and DONG_QUYET_RE.match(words(nfc(p.text)))), None)

    @cached_property
    def ban_sao(self) -> BanSao | None:
        """The copy block (Mẫu 3.1) after the copied document: found by a "Số: 05/SY-…" (SY, TrS,
        SL), or by the form of copy ("SAO Y", "TRÍCH SAO", "SAO LỤC") standing alone on a line with
        a số or a date near it, once the copied text has ended (a "Nơi nhận:" or the "./." seen);
        ``None`` when there is none. It starts at the table (or paragraph) holding them, or at the
        line drawn above."""
        anchor, ended = None, False
        for p in self.paras[1:]:
            segs = segments(p)
            if any(so_ban_sao(s) for s in segs) or (ended and any(hinh_thuc_sao(s) and self._copy_head_near(p)
                                                                  for s in segs)):
                anchor = next(s for s in segs if so_ban_sao(s) or hinh_thuc_sao(s))
                break
            ended = ended or p.text.rstrip().endswith("./.") or any(NOI_NHAN_RE.match(s.text) for s in segs)
        if anchor is None:
            return None
        start = self.block_start(anchor.para)
        copy = BanSao(start)
        while start > 2:  # the line across the page: empty paragraphs (a border, a drawn line), "_____"
            p = self.paras[start - 2]
            if not p.top or (p.text.strip() and not line_only(p.text)):
                break
            start -= 1
            if p.ppr.border_top or p.ppr.border_bottom or p.drawn_lines or line_only(p.text):
                copy.line = p
        first = self.paras[copy.start - 1]
        if copy.line is None and (first.ppr.border_top or first.drawn_lines):
            copy.line = first
        copy.start = start
        paras = self.paras[start - 1:]
        segs = [s for p in paras for s in segments(p)]
        copy.hinh_thuc = next((s for s in segs if hinh_thuc_sao(s)), None)
        copy.so = next((s for s in segs if SO_RE.match(s.text)), None)
        copy.date = next((s for s in segs if NGAY_RE.match(s.text)), None)
        copy.label = next((s for s in segs if NOI_NHAN_RE.match(s.text)), None)
        heads = [s.para for s in (copy.hinh_thuc, copy.so, copy.date) if s is not None]
        top = max(p.n for p in heads)
        cell = anchor.para.cell
        if cell is not None:  # the rows of its table that hold them (Nơi nhận and signature may follow in it)
            row = max(p.cell.row for p in heads if p.cell is not None and p.cell.table == cell.table)
            top = max(p.n for p in paras if p.cell is not None and p.cell.table == cell.table and p.cell.row <= row)
        below = copy.so.para.n if copy.so is not None else top
        copy.agency = [s for s in segs if s.para.n <= below and s.text.strip() and not line_only(s.text)
                       and s is not copy.hinh_thuc and s is not copy.so and s is not copy.date
                       and (s.para.cell.col == 0 if s.para.cell is not None else s.column == 0)
                       and not (copy.so is not None and s.para is copy.so.para and s.start >= copy.so.start)]
        copy.signature = self._signature([p for p in paras if p.n > top])
        return copy

    def _copy_head_near(self, p: Paragraph) -> bool:
        """A số or a place and date beside the form of copy in ``p``: in its table, or in the lines
        around it."""
        if p.cell is not None:
            first, last = self.docx.tables[p.cell.table]
        else:
            first, last = p.n - 3, p.n + 3
        return any(SO_RE.match(s.text) or NGAY_RE.match(s.text)
                   for q in self.paras[max(first, 1) - 1:last] for s in segments(q))

    # -- §4 closing block
    @cached_property
    def closing(self) -> Closing:
        """Nơi nhận (and the signature beside it)."""
        title_end, main_end = self.title.end, self.main_end
        zone = [p for p in self.paras if title_end < p.n < main_end]
        closing = Closing(signature=self._signature(zone))
        for p in reversed(zone):  # the last one: a body paragraph may start "Nơi nhận: Bộ phận Một cửa …"
            segs = segments(p)
            if segs and NOI_NHAN_LABEL_RE.match(words(nfc(segs[0].text))):
                closing.label = segs[0]
                break
        signature, label = closing.signature, closing.label
        if label is None:
            if signature is not None:
                closing.start = self.block_start(signature)
            return closing
        self._noi_nhan(closing, label, main_end)
        start = self.block_start(label.para)
        if signature is not None and signature.n < start:
            start = self.block_start(signature)
        closing.start = start
        return closing

    def _signature(self, zone: list[Paragraph]) -> Paragraph | None:
        """The first line of a signature block: an authority prefix (KT., TM. …), or the
        first upper-case bold line of the short centred lines that end the text (in the
        last table cell, or as paragraphs)."""
        for p in zone[-40:]:
            text = p.text.strip()
            if any(text.startswith(q + " ") for q in QUYEN_HAN) and upper(text) and (
                    p.cell is not None or p.ppr.jc in ("center", "right") or "\t" in p.text):
                return p  # set apart as a signature is (a cell, centred, after a tab): not a line of the body
            if any(upper(s.text) and (THU_KY_RE.match(words(nfc(s.text))) or CHU_TOA_RE.match(words(nfc(s.text))))
                   for s in segments(p)):
                return p  # a biên bản: THƯ KÝ and CHỦ TỌA side by side (Mẫu 1.9), in cells or tab columns
        lines = [p for p in zone if p.text.strip() and not p.textbox]
        if lines and lines[-1].cell is not None:  # a giấy nghỉ phép's "Xác nhận của …" block under it
            cell = lines[-1].cell
            if XAC_NHAN_RE.match(next(p for p in lines if p.cell == cell).text.strip()):
                lines = [p for p in lines if p.cell != cell]
        if not lines:
            return None
        last = lines[-1].cell
        if last is not None:  # its cell, and the cells above it in its column (a block typed as rows)
            tail = [p for p in lines if p.cell is not None and p.cell.table == last.table and p.cell.col == last.col]
        else:
            tail = []
            for p in reversed([p for p in lines if p.top]):
                if p.ppr.jc not in ("center", "right"):
                    break
                tail.insert(0, p)
        if len(tail) < 2 or any(p.ppr.jc not in ("center", "right") or len(p.text.split()) > 8
                                or p.text.rstrip().endswith("./.") for p in tail):
            return None
        return next((p for p in tail if upper(p.text)
                     and all(props.bold for _, props in p.pieces_in(0, len(p.text)))), None)

    def _noi_nhan(self, closing: Closing, label: Segment, main_end: int) -> None:
        """The label's text and the entries under it: same cell, or the left part of the
        following lines."""
        p = label.para
        line_end = p.text.find("\n", label.start)
        closing.label_text = p.text[label.start:line_end if line_end >= 0 else len(p.text)].split("\t")[0].strip()
        lines: list[tuple[Paragraph, int, int]] = []
        tabbed = p.cell is None and "\t" in p.text[label.line_start:label.line_end]
        following = [q for q in self.paras if q.n > p.n and q.n < main_end]
        for q in [p, *following]:
            if p.cell is not None and q.cell is not p.cell:  # its cell, and the cells under it (rows of a table)
                if q.cell is None or q.cell.table != p.cell.table:
                    break
                if q.cell.col != p.cell.col or q.cell.row <= p.cell.row:
                    continue
            if p.cell is None and not q.top:
                break
            for seg_start, seg_end in q.lines():
                if q is p and seg_start <= label.start:
                    continue
                text = q.text[seg_start:seg_end]
                if tabbed:
                    seg_end = seg_start + len(text.split("\t")[0])
                elif p.cell is None and "\t" in text.strip():
                    seg_end = seg_start + len(text.split("\t")[0])
                lines.append((q, seg_start, seg_end))
            if p.cell is None and not tabbed and q is not p and not q.text.strip() and lines:
                break
        entries = closing.entries
        luu_seen = False
        for q, a, b in lines:
            text = q.text[a:b].strip()
            if not text:
                if entries and p.cell is None and not tabbed:
                    break
                continue
            if text[0] in DASHES or text[0] in "+•":
                entries.append((q, a, b, text))
                luu_seen = luu_seen or bool(re.match(rf"^[{DASHES}]\s*lưu\b", text, re.IGNORECASE))
            elif entries and not entries[-1][3].endswith((";", ".")):
                last = entries[-1]
                entries[-1] = (last[0], last[1], b if q is last[0] else last[2], last[3] + " " + text)
            elif luu_seen:
                break  # ký hiệu người soạn thảo, số bản (PL.(05))
            elif p.cell is None and not tabbed and q.ppr.jc in ("center", "right"):
                break  # the signature, set under the list
            else:
                entries.append((q, a, b, text))

    # -- lines drawn under a text (§2 agency name, §3 trích yếu)
    def rule_under(self, p: Paragraph, look: int = 3) -> int | None:
        """Twips of the horizontal line drawn under ``p``: in it (a drawn line, a bottom border) or
        in one of the next empty paragraphs of the same box (a top border, a drawn line); ``None``
        when there is none there (a line anchored elsewhere on the page is not seen)."""
        if p.drawn_lines:
            return p.drawn_lines[0]
        if p.ppr.border_bottom:
            return p.avail
        for q in self.paras[p.n:p.n + look]:
            if q.cell != p.cell or q.textbox != p.textbox:
                break
            if q.drawn_lines:
                return q.drawn_lines[0]
            if q.text.strip():
                break
            if q.ppr.border_top or q.ppr.border_bottom:
                return q.avail
        return None

    def rule_problem(self, under: Paragraph, text_twips: float, what: str) -> tuple[str, str, str] | None:
        """``(message, expected, severity)`` when the line under ``under`` is missing or not
        1/3–1/2 of ``text_twips`` (the longest line of the text above it), ``None`` when it is right."""
        low, high = RANGES.rule_fraction
        expected = f"đường kẻ liền dưới {what}, dài từ 1/3 đến 1/2 độ dài dòng chữ, căn giữa"
        length = self.rule_under(under)
        if length is None:
            return (f"không thấy đường kẻ dưới {what}", expected, CANH_BAO)
        if text_twips <= 0:
            return None
        ratio = length / text_twips
        if low - 0.02 <= ratio <= high + 0.02:
            return None
        return (f"đường kẻ dưới {what} dài {round(ratio * 100)}% dòng chữ", expected, LOI)

    # -- §1 page numbers
    @cached_property
    def page_numbers(self) -> PageNumbers:
        head: dict[str, str] = {}
        foot: dict[str, str] = {}
        found = PageNumbers([])
        checked: set[str] = set()
        for s in self.sections:
            head.update(s.headers)
            foot.update(s.footers)
            for kind in ("default", "first", "even"):
                rid = head.get(kind, "")
                number = self._page_field(self.docx.part_paragraphs(rid))
                if number is not None:
                    found.any_header = True
                    if rid not in checked:
                        checked.add(rid)
                        found.in_headers.append(number)
                if s.index == 0 and number is not None and (kind == "first") == s.title_pg and kind != "even":
                    found.on_first_page = number
                if self._page_field(self.docx.part_paragraphs(foot.get(kind, ""))) is not None:
                    found.any_footer = True
        return found

    @staticmethod
    def _page_field(paras: list[Paragraph]) -> Paragraph | None:
        for p in paras:
            if any(re.search(r"(?<![A-Z])PAGE(?![A-Z])", f.upper()) for f in p.fields):
                return p
        return None
