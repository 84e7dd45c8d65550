"""``baocao check``: a Decree 30 linter for any .docx — ours, or one made by hand in Word.

:func:`check` opens a .docx with python-docx and lxml, resolves the formatting every
paragraph and run really gets (direct formatting → character style → paragraph style →
table style → document defaults, plus automatic list numbers), finds the parts of an
administrative document (Quốc hiệu, Tiêu ngữ, agency, số/ký hiệu, địa danh and date, tên
loại, body, Nơi nhận, page numbers) whether the header is a two-column table, a
tab-separated block or plain paragraphs, and returns one :class:`Finding` per broken rule
of the spec (``spec/nd30.md``): where it is and what the rule expects. The ranges come
from :data:`baocao.layout.RANGES`, the texts and sizes from :data:`baocao.layout.LAYOUT`.

Rules read by heuristics (heading sequences, a missing Nơi nhận, the page count) stay
lenient and are reported as ``"cảnh báo"``; the others as ``"lỗi"``.

>>> import datetime as dt
>>> from baocao import NguoiKy, VanBan
>>> vb = VanBan(loai="bao_cao", co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", so=5, dia_danh="Trà Vinh",
...             ngay=dt.date(2021, 3, 5), trich_yeu="Kết quả năm 2020", nguoi_ky=NguoiKy("Lê Minh Tân", "Giám đốc"))
>>> _ = vb.paragraph("Sở Xây dựng báo cáo kết quả thực hiện")
>>> check(vb.to_bytes())
[]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from .doctypes import LOAI_VAN_BAN, LoaiVanBan
from .errors import BaoCaoError, terminal_safe
from .layout import CHU_CAI, DO_KHAN, DO_MAT, LAYOUT, QUYEN_HAN, RANGES, mm_to_twips
from .numbering import la_ma
from .readers.docx import DocxDocument, Source, read_docx, segments, twips_to_mm, unreadable
from .readers.docx import Paragraph as _Para
from .readers.docx import RunFormat as _RPr
from .readers.docx import Section as _Section
from .readers.docx import Segment as _Seg

LOI = "lỗi"
CANH_BAO = "cảnh báo"

#: Line height of single spacing in Times New Roman, in ems ((winAscent + winDescent) / unitsPerEm
#: plus the line gap): what "single" means when a document gives an exact line height.
_SINGLE_LINE_EM = 1.15
#: Spec §6: the abbreviations of copies (bản sao) besides the document types.
_BAN_SAO = ("SY", "TrS", "SL")
#: How far into page 1 the header block is looked for (paragraphs).
_HEADER_WINDOW = 60
#: Beyond this many characters a document surely has a second page (and needs page numbers).
_ONE_PAGE_CHARS = 2500
_EXCERPT = 40
_BLANK = set(" .…_\u00a0\u2002\u2003\u2009")
_DASHES = "-‐‑‒–—−"


# ---------------------------------------------------------------------------- findings
@dataclass(frozen=True)
class Finding:
    """One broken rule.

    ``rule`` is a short stable id (``"le-trang"``, ``"diem-chu-cai"`` …), ``message`` says
    what is wrong, ``where`` where it is (``"đoạn 12: “f) Thực hiện …”"``, ``"mục 1
    (section)"``, ``"đầu trang"``), ``expected`` what the spec asks for, and ``severity``
    is ``"lỗi"`` or ``"cảnh báo"`` (rules read by heuristics).

    >>> str(Finding("le-trang", "lề trái 25 mm", "mục 1 (section)", "lề trái 30–35 mm"))
    'mục 1 (section) — lề trái 25 mm (cần: lề trái 30–35 mm)'
    """

    rule: str
    message: str
    where: str
    expected: str
    severity: str = LOI

    def __str__(self) -> str:
        return f"{self.where} — {self.message} (cần: {self.expected})"


#: Every rule :func:`check` reports: its id and what it checks (the spec's section).
RULES: dict[str, str] = {
    "kho-giay": "khổ giấy A4 (§1)",
    "huong-giay": "trang đầu khổ dọc; khổ ngang chỉ cho bảng rộng, phụ lục (§1)",
    "le-trang": "lề trên, dưới, trái, phải trong khoảng cho phép (§1)",
    "phong-chu": "phông Times New Roman (§1)",
    "so-trang": "số trang ở đầu trang khi văn bản có nhiều trang (§1)",
    "so-trang-trang-dau": "trang đầu không đánh số (§1)",
    "so-trang-dinh-dang": "số trang: cỡ chữ, chữ đứng, căn giữa (§1)",
    "quoc-hieu": "Quốc hiệu có, đúng chữ, in hoa (§2)",
    "quoc-hieu-dinh-dang": "Quốc hiệu in đậm, đúng cỡ chữ (§2)",
    "quoc-hieu-mot-dong": "Quốc hiệu trên một dòng, vừa ô/cột chứa nó (§2)",
    "tieu-ngu": "Tiêu ngữ có, đúng chữ, gạch nối có dấu cách (§2)",
    "tieu-ngu-dinh-dang": "Tiêu ngữ in đậm, đúng cỡ chữ (§2)",
    "co-quan": "tên cơ quan có, in hoa (§2)",
    "co-quan-dinh-dang": "tên cơ quan ban hành in đậm, đúng cỡ chữ (§2)",
    "so-ky-hieu": "dòng “Số: 05/BC-SXD”: số thêm 0, “/”, ký hiệu in hoa, không dấu cách (§2)",
    "so-ky-hieu-dinh-dang": "số, ký hiệu không đậm, đúng cỡ chữ (§2)",
    "ky-hieu-loai": "ký hiệu bắt đầu bằng chữ viết tắt của tên loại (§2, §6)",
    "dia-danh-ngay": "địa danh, ngày tháng: ngày dưới 10 và tháng 1, 2 thêm 0 (§2)",
    "dia-danh-ngay-dinh-dang": "địa danh, ngày tháng in nghiêng, đúng cỡ chữ (§2)",
    "ten-loai": "tên loại có (theo ký hiệu), in hoa (§3)",
    "ten-loai-dinh-dang": "tên loại in đậm, căn giữa, đúng cỡ chữ (§3)",
    "trich-yeu-dinh-dang": "trích yếu in đậm, đúng cỡ chữ (§3)",
    "than-van-can-deu": "thân văn bản căn đều hai bên (§3)",
    "than-van-co-chu": "thân văn bản đúng cỡ chữ (§3)",
    "than-van-thut-dau-dong": "thân văn bản lùi đầu dòng (§3)",
    "than-van-khoang-cach": "khoảng cách giữa các đoạn (§3)",
    "than-van-gian-dong": "giãn dòng từ một đến một rưỡi dòng (§3)",
    "diem-chu-cai": "điểm dùng chữ cái tiếng Việt, không f, j, w, z (§3)",
    "diem-thu-tu": "điểm theo thứ tự a b c d đ e g h … (§3)",
    "de-muc-thu-tu": "đề mục I., II. …, 1., 2. …, Điều 1. … không bỏ, không lặp (§3)",
    "dau-ket-thuc": "nội dung kết thúc bằng “./.” (§3)",
    "noi-nhan": "có phần Nơi nhận, nhãn “Nơi nhận:” (§4)",
    "noi-nhan-dinh-dang": "“Nơi nhận:” đậm nghiêng; các dòng chữ thường, đúng cỡ chữ (§4)",
    "noi-nhan-dau-cau": "mỗi dòng “- X;”, dòng cuối kết thúc bằng dấu chấm (§4)",
    "noi-nhan-luu": "dòng cuối là “- Lưu: VT, … .” (§4)",
    "tep-docx": "tệp đọc được (chỉ ở dòng lệnh, khi tệp hỏng hoặc không phải .docx)",
}


def _num_text(value: float, digits: int = 1) -> str:
    """A number the Vietnamese way, without useless decimals.

    >>> _num_text(12), _num_text(12.5), _num_text(24.99), _num_text(1.27, 2)
    ('12', '12,5', '25', '1,27')
    """
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _range(r: tuple[float, float], unit: str) -> str:
    low, high = r
    return f"{_num_text(low)} {unit}" if low == high else f"{_num_text(low)}–{_num_text(high)} {unit}"


def _inside(value: float, r: tuple[float, float], slack: float = 0.01) -> bool:
    return r[0] - slack <= value <= r[1] + slack



_mm = twips_to_mm
_segments = segments


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _words(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------- patterns
_QH_RE = re.compile(r"\s+".join(re.escape(w) if w != "HÒA" else "H(?:Ò|OÀ)A"
                                for w in LAYOUT.header.quoc_hieu.split()), re.IGNORECASE)
_TN_RE = re.compile(rf"độc\s*lập\s*[{_DASHES}]?\s*tự\s*do\s*[{_DASHES}]?\s*hạnh\s*phúc", re.IGNORECASE)
_SO_RE = re.compile(r"^(?P<word>s[ốo])(?P<sp1>\s*)(?P<colon>:?)(?P<sp2>\s*)(?P<num>[\d.…_\s]*?)"
                    r"(?P<sp3>\s*)/(?P<sp4>\s*)(?P<kh>.*)$", re.IGNORECASE)
_NGAY_RE = re.compile(r"^(?P<place>[^,;:]{1,80}?)\s*,\s*(?P<word>ngày)(?P<d>.*?)\btháng\b(?P<m>.*?)"
                      r"\bnăm\b(?P<y>.*)$", re.IGNORECASE)
_NOI_NHAN_RE = re.compile(r"^n[ơo]i\s*nh[ậa]n\s*(?::|$)", re.IGNORECASE)
_PHU_LUC_RE = re.compile(r"^phụ\s+lục\b(?:\s+(?:[ivxlc]+|\d+)\b)?\s*(?::.*)?$", re.IGNORECASE)
_KINH_GUI_RE = re.compile(r"^kính\s+gửi\b", re.IGNORECASE)
_ROMAN_RE = re.compile(r"^([IVXLC]+)\.\s")
_PHAN_RE = re.compile(r"^(Phần|PHẦN|Chương|CHƯƠNG)\s+([IVXLC]+)\b")
_DIEU_RE = re.compile(r"^Điều\s+(\d+)\.")
_DECIMAL_RE = re.compile(r"^(\d{1,3})\.(\d{1,3})\.?\s")
_ARABIC_RE = re.compile(r"^(\d{1,3})\.\s")
_LETTER_RE = re.compile(r"^([^\W\d_])\)(?=\s|$)")
_ROMAN = {la_ma(n): n for n in range(1, 200)}
_TEN_LOAI = {_nfc(t.ten.upper()): t for t in LOAI_VAN_BAN.values() if t.co_ten_loai}
_VIET_TAT = {t.viet_tat: t for t in LOAI_VAN_BAN.values() if t.viet_tat}


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


# ---------------------------------------------------------------------------- the checker
@dataclass
class _Header:
    """What was found in the header block."""

    end: int = 0  # last paragraph number of the header block
    quoc_hieu: _Para | None = None
    so: _Seg | None = None
    ky_hieu: list[str] = field(default_factory=list)  # groups of the ký hiệu
    cong_van: bool = False  # a "V/v …" line under the số


class _Checker:
    def __init__(self, doc: DocxDocument):
        self.r = doc
        self.paras = doc.paragraphs
        self.found: list[tuple[int, int, Finding]] = []

    # -- reporting
    def add(self, rule: str, message: str, where: str, expected: str, *, at: int = 0,
            severity: str = LOI) -> None:
        assert rule in RULES, rule
        self.found.append((at, len(self.found), Finding(rule, message, where, expected, severity)))

    def where(self, p: _Para, start: int | None = None, end: int | None = None) -> str:
        text = p.text if start is None else p.text[start:end]
        text = _words(text.replace("\t", " ").replace("\n", " "))
        excerpt = text if len(text) <= _EXCERPT else text[:_EXCERPT].rstrip() + " …"
        place = f"đoạn {p.n}"
        if p.cell is not None:
            place += f" (bảng {p.cell.table})"
        elif p.textbox:
            place += " (hộp văn bản)"
        return f"{place}: “{excerpt}”" if excerpt else f"{place} (đoạn trống)"

    def at(self, p: _Para, rule: str, message: str, expected: str, *, seg: _Seg | None = None,
           severity: str = LOI) -> None:
        where = self.where(p, seg.start, seg.end) if seg else self.where(p)
        self.add(rule, message, where, expected, at=p.n, severity=severity)

    def run(self) -> list[Finding]:
        self.check_pages()
        self.check_fonts()
        head = self.check_header()
        title_end, _ = self.check_title(head)
        appendices = self.appendix_starts(title_end)
        main_end = appendices[0] if appendices else len(self.paras) + 1
        closing = self.check_closing(title_end, main_end)
        body = self.body(title_end, main_end if closing is None else closing, main_end)
        self.check_body(body)
        self.check_numbers(body, set(appendices))
        self.check_end_mark(title_end, closing)
        self.check_page_numbers()
        return [f for _, _, f in sorted(self.found, key=lambda x: (x[0], x[1]))]

    def section_where(self, s: _Section) -> str:
        return "mục 1 (section)" if s.index == 0 else f"mục {s.index + 1} (section, từ đoạn {s.first})"

    # -- §1 page: paper, orientation, margins
    def check_pages(self) -> None:
        page, rg = LAYOUT.page, RANGES
        a4 = sorted((mm_to_twips(page.width_mm), mm_to_twips(page.height_mm)))
        slack = mm_to_twips(rg.rounding_mm)
        for s in self.r.sections:
            where = self.section_where(s)
            a4_text = f"khổ A4 {_num_text(page.width_mm)} × {_num_text(page.height_mm)} mm"
            if not (s.width and s.height):
                self.add("kho-giay", "không ghi khổ giấy (Word sẽ dùng khổ mặc định của máy)", where, a4_text)
            elif any(abs(a - b) > slack for a, b in zip(sorted((s.width, s.height)), a4)):
                self.add("kho-giay", f"khổ giấy {_num_text(_mm(s.width))} × {_num_text(_mm(s.height))} mm",
                         where, a4_text)
            if s.index == 0 and s.landscape:
                self.add("huong-giay", "trang đầu văn bản nằm ngang", where,
                         "khổ dọc; khổ ngang chỉ cho bảng rộng, phụ lục", severity=CANH_BAO)
            self.check_margins(s, where)

    def check_margins(self, s: _Section, where: str) -> None:
        rg = RANGES
        ranges = {"top": rg.margin_top_mm, "bottom": rg.margin_bottom_mm, "left": rg.margin_left_mm,
                  "right": rg.margin_right_mm}
        names = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}
        values = {k: _mm(abs(v)) for k, v in s.margins.items() if v is not None}
        if "gutter" in values and "left" in values:
            values["left"] += values.pop("gutter")

        def bad(mapping: dict[str, str]) -> list[str]:
            return [k for k in ranges if k in values
                    and not _inside(values[k], ranges[mapping[k]], rg.rounding_mm)]

        wrong = bad({k: k for k in ranges})
        if wrong and s.landscape:  # a turned page may keep its margins on the turned sides
            for turned in ({"top": "left", "bottom": "right", "left": "top", "right": "bottom"},
                           {"top": "right", "bottom": "left", "left": "bottom", "right": "top"}):
                if not bad(turned):
                    wrong = []
        for k in wrong:
            self.add("le-trang", f"{names[k]} {_num_text(values[k])} mm", where,
                     f"{names[k]} {_range(ranges[k], 'mm')}")
        missing = [k for k in ranges if k not in values]
        if missing and s.el is not None:
            self.add("le-trang", "không ghi " + ", ".join(names[k] for k in missing), where,
                     "; ".join(f"{names[k]} {_range(ranges[k], 'mm')}" for k in missing))

    # -- §1 font
    def check_fonts(self) -> None:
        want = LAYOUT.sizes.font.casefold()
        seen: dict[str, list[_Para]] = {}
        for p in self.paras:
            for piece in p.pieces:
                text = piece.text.strip()
                if not text or (p.label and piece.start == 0):
                    continue
                fonts = set()
                if any(c.isascii() for c in text):
                    fonts.add(piece.props.ascii)
                if not text.isascii():
                    fonts.add(piece.props.hansi)
                for font in fonts:
                    if font and font.casefold() != want:
                        found = seen.setdefault(font, [])
                        if not found or found[-1] is not p:
                            found.append(p)
        for font, paras in seen.items():
            more = f" (và {len(paras) - 1} đoạn khác)" if len(paras) > 1 else ""
            self.at(paras[0], "phong-chu", f"phông chữ “{font}”{more}",
                    f"phông {LAYOUT.sizes.font} (Unicode, TCVN 6909:2001) cho toàn văn bản")

    # -- §2 header block
    def header_window(self) -> list[_Para]:
        """The first paragraphs of page 1, up to the body text: where the header block is."""
        out = []
        for p in self.paras[:_HEADER_WINDOW]:
            if p.section > 0 or (p.top and p.ppr.jc == "both" and len(p.text) > 100):
                break
            out.append(p)
        return out

    def check_header(self) -> _Header:
        head = _Header()
        window = self.header_window()
        qh = self.find_quoc_hieu(window)
        tn_found = None
        for p in window:
            m = _TN_RE.search(p.text)
            if m:
                tn_found = (p, m)
                break
        segs = [s for p in window for s in _segments(p)]
        so = next((s for s in segs if _SO_RE.match(s.text)), None)
        date = next((s for s in segs if _NGAY_RE.match(s.text)), None)
        ends = [x.n for x in (qh, tn_found[0] if tn_found else None, so.para if so else None,
                              date.para if date else None) if x is not None]
        head.end = max(ends, default=0)
        for x in (qh, so.para if so else None, date.para if date else None):
            if x is not None and x.cell is not None:  # the whole header table
                head.end = max(head.end, self.r.tables[x.cell.table][1])
        head.quoc_hieu = qh
        head.so = so
        top = "phần đầu văn bản"
        if tn_found is None:
            self.add("tieu-ngu", "không thấy Tiêu ngữ", top, f"“{LAYOUT.header.tieu_ngu}” dưới Quốc hiệu", at=1)
        else:
            self.check_tieu_ngu(*tn_found)
        if so is None:
            self.add("so-ky-hieu", "không thấy dòng số, ký hiệu", top, "“Số: 564/BC-SXD” dưới tên cơ quan", at=1)
        else:
            head.ky_hieu = self.check_so(so)
        if date is None:
            self.add("dia-danh-ngay", "không thấy dòng địa danh và ngày tháng", top,
                     "“Trà Vinh, ngày 29 tháng 12 năm 2020” dưới Tiêu ngữ", at=1)
        else:
            self.check_date(date)
        if so is not None:
            head.end, head.cong_van = self.header_tail(so, head.end)
        self.check_agency(segs, qh, so)
        return head

    def header_tail(self, so: _Seg, end: int) -> tuple[int, bool]:
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
                      or (cong_van and text and q.ppr.jc != "both" and not _KINH_GUI_RE.match(text)
                          and _words(text).upper() not in _TEN_LOAI)):
                break
            end = q.n
        return end, cong_van

    def find_quoc_hieu(self, window: list[_Para]) -> _Para | None:
        exact = LAYOUT.header.quoc_hieu
        sz = RANGES.quoc_hieu_pt
        expected = f"“{exact}” in hoa, đậm, cỡ {_range(sz, 'pt')}, trên một dòng"
        for p in window:
            m = _QH_RE.search(p.text)
            if m:
                self.check_quoc_hieu(p, m.start(), m.end(), expected)
                return p
        for a, b in zip(window, window[1:]):  # split over two paragraphs
            if _QH_RE.search(_words(a.text + " " + b.text)) and not _QH_RE.search(a.text):
                self.at(a, "quoc-hieu-mot-dong", "Quốc hiệu bị tách thành hai đoạn", expected)
                return a
        self.add("quoc-hieu", "không thấy Quốc hiệu", "phần đầu văn bản", expected, at=1)
        return None

    def check_quoc_hieu(self, p: _Para, start: int, end: int, expected: str) -> None:
        exact = LAYOUT.header.quoc_hieu
        text = _words(p.text[start:end])
        seg = _Seg(p, start, end, 0, start, end)
        if text != exact:
            problem = "chưa viết in hoa" if text.upper() == exact.upper() and not _upper(text) \
                else f"viết là “{text}”"
            self.at(p, "quoc-hieu", f"Quốc hiệu {problem}", expected, seg=seg)
        problems = self.format_problems(p.pieces_in(start, end), size=RANGES.quoc_hieu_pt, bold=True)
        if problems:
            self.at(p, "quoc-hieu-dinh-dang", "Quốc hiệu " + ", ".join(problems), expected, seg=seg)
        if "\n" in p.text[start:end]:
            self.at(p, "quoc-hieu-mot-dong", "Quốc hiệu bị ngắt xuống dòng giữa chừng", expected, seg=seg)
            return
        line_start = p.text.rfind("\n", 0, start) + 1
        line_end = p.text.find("\n", end)
        line_end = len(p.text) if line_end < 0 else line_end
        over = self.overflow(p, line_start, line_end)
        if over is not None and over > 0:
            need = p.width_of(start, end)
            self.at(p, "quoc-hieu-mot-dong",
                    f"Quốc hiệu rộng {_num_text(_mm(need))} mm, vượt chỗ dành cho nó {_num_text(_mm(over))} mm "
                    "nên bị xuống dòng hoặc tràn ra lề", expected + " (nới rộng ô/cột chứa nó, dời điểm dừng tab "
                    "hoặc giảm lề)", seg=seg)

    def overflow(self, p: _Para, line_start: int, line_end: int) -> float | None:
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
                    step = self.r.default_tab
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

    def check_tieu_ngu(self, p: _Para, m: re.Match[str]) -> None:
        exact = LAYOUT.header.tieu_ngu
        sz = RANGES.tieu_ngu_pt
        expected = f"“{exact}” (gạch nối có dấu cách hai bên), đậm, cỡ {_range(sz, 'pt')}"
        seg = _Seg(p, m.start(), m.end(), 0, m.start(), m.end())
        text = _words(m.group(0))
        if text != exact:
            self.at(p, "tieu-ngu", f"Tiêu ngữ viết là “{text}”", expected, seg=seg)
        problems = self.format_problems(p.pieces_in(m.start(), m.end()), size=sz, bold=True)
        if problems:
            self.at(p, "tieu-ngu-dinh-dang", "Tiêu ngữ " + ", ".join(problems), expected, seg=seg)

    def check_agency(self, segs: list[_Seg], qh: _Para | None, so: _Seg | None) -> None:
        sz = RANGES.co_quan_pt
        expected = f"tên cơ quan in hoa, cỡ {_range(sz, 'pt')}; cơ quan ban hành in đậm (cơ quan chủ quản không đậm)"
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
            if _QH_RE.search(text) or _TN_RE.search(text) or _NGAY_RE.match(text) or _SO_RE.match(text):
                continue
            if text.upper() in DO_KHAN + DO_MAT or text.lower().startswith("v/v"):
                continue
            if self.left_column(s, qh):
                lines.append(s)
        if not lines:
            self.add("co-quan", "không thấy tên cơ quan ban hành", "phần đầu văn bản", expected, at=1)
            return
        for s in lines:
            if not _upper(s.text):
                self.at(s.para, "co-quan", "tên cơ quan chưa viết in hoa", expected, seg=s)
            problems = self.format_problems(s.para.pieces_in(s.start, s.end), size=sz)
            if problems:
                self.at(s.para, "co-quan-dinh-dang", "tên cơ quan " + ", ".join(problems), expected, seg=s)
        last = lines[-1]
        if not all(props.bold for _, props in last.para.pieces_in(last.start, last.end)):
            self.at(last.para, "co-quan-dinh-dang", "tên cơ quan ban hành không in đậm", expected, seg=last)

    def left_column(self, s: _Seg, qh: _Para | None) -> bool:
        p = s.para
        if p.cell is not None:
            return p.cell.col == 0
        line = p.text[s.line_start:s.line_end]
        if "\t" in line:
            same_line = [x for x in _segments(p) if x.line_start == s.line_start]
            return len(same_line) > 1 and same_line[0] == s
        return qh is None or p.n < qh.n

    def check_so(self, s: _Seg) -> list[str]:
        m = _SO_RE.match(s.text)
        assert m is not None
        p = s.para
        expected = ("“Số: 564/BC-SXD”: “Số:”, số (dưới 10 thêm số 0: 05, để trống thì viết dấu chấm), “/”, "
                    "ký hiệu in hoa nối bằng “-”, không có dấu cách")
        problems = []
        if m["word"] != "Số":
            problems.append(f"viết “{m['word']}” thay vì “Số”")
        if not m["colon"] or m["sp1"]:
            problems.append("thiếu dấu “:” ngay sau “Số”")
        number = m["num"].strip()
        blank = all(c in _BLANK for c in number)
        if not blank:
            if not number.isdigit():
                problems.append(f"số “{number}” không phải là số")
            elif int(number) < 10 and len(number) < 2:
                problems.append(f"số {number} dưới 10 phải viết {int(number):02d}")
            if m["sp3"]:
                problems.append("có dấu cách trước “/”")
        if m["sp4"]:
            problems.append("có dấu cách sau “/”")
        kh = m["kh"].strip()
        year = re.match(r"^\d{4}/", kh)
        if year:
            kh = kh[year.end():]
        if re.search(r"\s", kh):
            problems.append("ký hiệu có dấu cách")
        if any(d in kh for d in _DASHES[1:]):
            problems.append("ký hiệu nối bằng gạch dài thay vì “-”")
        groups = [g for g in re.split(rf"[{_DASHES}]", re.sub(r"\s", "", kh)) if g]
        known = {*_VIET_TAT, *_BAN_SAO}
        for i, g in enumerate(groups):
            proper = next((k for k in known if k.lower() == g.lower()), None) if i == 0 else None
            if proper and g != proper:
                problems.append(f"viết tắt tên loại là “{proper}”, không phải “{g}”")
            elif not proper and not _upper(g) and any(c.isalpha() for c in g):
                problems.append(f"“{g}” trong ký hiệu chưa viết in hoa")
        if not groups:
            problems.append("thiếu ký hiệu sau “/”")
        if problems:
            self.at(p, "so-ky-hieu", "số, ký hiệu: " + "; ".join(problems), expected, seg=s)
        sz = RANGES.so_ky_hieu_pt
        fmt = self.format_problems(p.pieces_in(s.start, s.end), size=sz, bold=False)
        if fmt:
            self.at(p, "so-ky-hieu-dinh-dang", "số, ký hiệu " + ", ".join(fmt),
                    f"chữ đứng, không đậm, cỡ {_range(sz, 'pt')}", seg=s)
        return groups

    def check_date(self, s: _Seg) -> None:
        m = _NGAY_RE.match(s.text)
        assert m is not None
        p = s.para
        expected = ("“Trà Vinh, ngày 05 tháng 01 năm 2021”: ngày dưới 10 và tháng 1, 2 thêm số 0, tháng 3–12 "
                    "không; ngày để trống được")
        problems = []
        if m["word"] != "ngày":
            problems.append(f"viết “{m['word']}” thay vì “ngày”")
        parts = {}
        for key, name in (("d", "ngày"), ("m", "tháng"), ("y", "năm")):
            value = m[key].strip(" \u00a0\u2002\u2003\u2009")
            if all(c in _BLANK for c in value):
                continue
            if not value.isdigit():
                problems.append(f"{name} “{value}” không phải là số")
                continue
            parts[key] = int(value)
            if key == "d" and (len(value) != 2 or not 1 <= int(value) <= 31):
                problems.append(f"ngày “{value}” phải viết hai chữ số ({int(value):02d})" if int(value) < 10
                                else f"ngày “{value}” không hợp lệ")
            elif key == "m":
                good = f"{int(value):02d}" if int(value) <= 2 else str(int(value))
                if not 1 <= int(value) <= 12:
                    problems.append(f"tháng “{value}” không hợp lệ")
                elif value != good:
                    problems.append(f"tháng “{value}” phải viết “{good}”")
            elif key == "y" and len(value) != 4:
                problems.append(f"năm “{value}” phải đủ bốn chữ số")
        if len(parts) == 3 and not problems:
            try:
                dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                problems.append(f"ngày {parts['d']}/{parts['m']}/{parts['y']} không có thật")
        if problems:
            self.at(p, "dia-danh-ngay", "địa danh, ngày tháng: " + "; ".join(problems), expected, seg=s)
        sz = RANGES.dia_danh_ngay_pt
        fmt = self.format_problems(p.pieces_in(s.start, s.end), size=sz, italic=True)
        if fmt:
            self.at(p, "dia-danh-ngay-dinh-dang", "địa danh, ngày tháng " + ", ".join(fmt),
                    f"chữ nghiêng, cỡ {_range(sz, 'pt')}", seg=s)

    @staticmethod
    def format_problems(pieces: list[tuple[str, _RPr]], *, size: tuple[float, float] | None = None,
                        bold: bool | None = None, italic: bool | None = None) -> list[str]:
        """What is off in the formatting of some text: size outside a range, bold, italic."""
        out: list[str] = []
        if not pieces:
            return out
        if size is not None:
            bad = sorted({props.size for _, props in pieces if not _inside(props.size, size)})
            if bad:
                out.append("cỡ chữ " + ", ".join(_num_text(b) for b in bad) + " pt")
        for want, attr, yes, no in ((bold, "bold", "in đậm", "không in đậm"),
                                    (italic, "italic", "chữ nghiêng", "không in nghiêng")):
            if want is True and not all(getattr(props, attr) for _, props in pieces):
                out.append(no)
            elif want is False and any(getattr(props, attr) for _, props in pieces):
                out.append(yes)
        return out

    # -- §3 title
    def check_title(self, head: _Header) -> tuple[int, LoaiVanBan | None]:
        """Tên loại and trích yếu under the header; returns where the title ends and the type."""
        after = [p for p in self.paras if p.n > head.end and p.top]
        first = next((p for p in after if p.text.strip()), None)
        if head.so is not None and head.so.para.cell is not None:  # a tên loại row in the header table
            in_table = [p for p in self.paras[head.so.para.n:head.end] if p.ppr.jc == "center"
                        and _words(p.text).upper() in _TEN_LOAI]
            if in_table:
                first = in_table[0]
                after = [first, *after]
        groups = head.ky_hieu
        by_kh = next((t for k, t in _VIET_TAT.items() if groups and k.lower() == groups[0].lower()), None)
        if first is None:
            return head.end, by_kh
        name = _words(first.text).rstrip(":").strip()
        kind = _TEN_LOAI.get(name.upper())
        sz = RANGES.ten_loai_pt
        expected = f"tên loại in hoa, đậm, căn giữa, cỡ {_range(sz, 'pt')}"
        if kind is None or first.text.strip().endswith(":"):
            if by_kh is not None and not head.cong_van:
                self.at(first, "ten-loai", f"ký hiệu {by_kh.viet_tat} là của {by_kh.ten.lower()} nhưng không có "
                        f"dòng tên loại “{by_kh.ten.upper()}”", expected + f": “{by_kh.ten.upper()}”")
            return head.end, by_kh
        if name != name.upper():
            self.at(first, "ten-loai", f"tên loại “{name}” chưa viết in hoa", expected)
        problems = self.format_problems(first.pieces_in(0, len(first.text)), size=sz, bold=True)
        if first.ppr.jc != "center":
            problems.append("không căn giữa")
        if problems:
            self.at(first, "ten-loai-dinh-dang", "tên loại " + ", ".join(problems), expected)
        if by_kh is not kind and groups and kind.viet_tat:
            self.at(head.so.para if head.so else first, "ky-hieu-loai",
                    f"tên loại là {kind.ten.lower()} nhưng ký hiệu bắt đầu bằng “{groups[0]}”",
                    f"ký hiệu “{kind.viet_tat}-…” (viết tắt tên loại theo Phụ lục III)",
                    seg=head.so)
        end = first.n
        sz = RANGES.trich_yeu_pt
        for p in after[after.index(first) + 1:]:
            text = p.text.strip()
            if not text or p.ppr.jc != "center" or _KINH_GUI_RE.match(text):
                break
            end = p.n
            problems = self.format_problems(p.pieces_in(0, len(p.text)), size=sz, bold=True)
            if problems:
                self.at(p, "trich-yeu-dinh-dang", "trích yếu " + ", ".join(problems),
                        f"trích yếu đậm, căn giữa, cỡ {_range(sz, 'pt')}")
        return end, kind

    # -- §4 closing block
    def check_closing(self, title_end: int, main_end: int) -> int | None:
        """Nơi nhận (and the signature beside it); returns the first paragraph of the closing
        block, ``None`` when there is neither."""
        zone = [p for p in self.paras if title_end < p.n < main_end]
        label = None
        for p in zone:
            segs = _segments(p)
            if segs and _NOI_NHAN_RE.match(segs[0].text):
                label = segs[0]
                break
        signature = self.signature(zone)
        if label is None:
            if signature is not None:
                self.at(signature, "noi-nhan", "có chữ ký nhưng không thấy phần Nơi nhận",
                        "“Nơi nhận:” bên trái, ngang dòng đầu của chữ ký, rồi các dòng “- …;”, cuối cùng "
                        "“- Lưu: VT, … .”", severity=CANH_BAO)
                return self.block_start(signature)
            return None
        self.check_noi_nhan(label, main_end)
        start = self.block_start(label.para)
        if signature is not None and signature.n < start:
            start = self.block_start(signature)
        return start

    def block_start(self, p: _Para) -> int:
        return self.r.tables[p.cell.table][0] if p.cell is not None else p.n

    def signature(self, zone: list[_Para]) -> _Para | None:
        """The first line of a signature block: an authority prefix (KT., TM. …), or the
        first upper-case bold line of the short centred lines that end the text (in the
        last table cell, or as paragraphs)."""
        for p in zone[-40:]:
            text = p.text.strip()
            if any(text.startswith(q + " ") for q in QUYEN_HAN) and _upper(text):
                return p
        lines = [p for p in zone if p.text.strip() and not p.textbox]
        if not lines:
            return None
        if lines[-1].cell is not None:
            tail = [p for p in lines if p.cell is lines[-1].cell]
        else:
            tail = []
            for p in reversed([p for p in lines if p.top]):
                if p.ppr.jc not in ("center", "right"):
                    break
                tail.insert(0, p)
        if len(tail) < 2 or any(p.ppr.jc not in ("center", "right") or len(p.text.split()) > 8
                                or p.text.rstrip().endswith("./.") for p in tail):
            return None
        return next((p for p in tail if _upper(p.text)
                     and all(props.bold for _, props in p.pieces_in(0, len(p.text)))), None)

    def check_noi_nhan(self, label: _Seg, main_end: int) -> None:
        p = label.para
        sz, sz_entry = RANGES.noi_nhan_label_pt, RANGES.noi_nhan_pt
        expected_label = f"“Nơi nhận:” đậm, nghiêng, cỡ {_range(sz, 'pt')}"
        line_end = p.text.find("\n", label.start)
        label_text = p.text[label.start:line_end if line_end >= 0 else len(p.text)].split("\t")[0].strip()
        if label_text != "Nơi nhận:":
            self.at(p, "noi-nhan", f"viết “{label_text}”", expected_label, seg=label)
        fmt = self.format_problems(p.pieces_in(label.start, label.start + len(label_text)), size=sz,
                                   bold=True, italic=True)
        if fmt:
            self.at(p, "noi-nhan-dinh-dang", "“Nơi nhận:” " + ", ".join(fmt), expected_label, seg=label)
        # the lines under the label: same cell, or the left part of the following lines
        lines: list[tuple[_Para, int, int]] = []
        tabbed = p.cell is None and "\t" in p.text[label.line_start:label.line_end]
        following = [q for q in self.paras if q.n > p.n and q.n < main_end]
        for q in [p, *following]:
            if p.cell is not None and q.cell is not p.cell:
                break
            if p.cell is None and not q.top:
                break
            for seg_start, seg_end in self._lines(q):
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
        entries: list[tuple[_Para, int, int, str]] = []
        luu_seen = False
        for q, a, b in lines:
            text = q.text[a:b].strip()
            if not text:
                if entries and p.cell is None and not tabbed:
                    break
                continue
            if text[0] in _DASHES or text[0] in "+•":
                entries.append((q, a, b, text))
                luu_seen = luu_seen or bool(re.match(rf"^[{_DASHES}]\s*lưu\b", text, re.IGNORECASE))
            elif entries and not entries[-1][3].endswith((";", ".")):
                last = entries[-1]
                entries[-1] = (last[0], last[1], b if q is last[0] else last[2], last[3] + " " + text)
            elif luu_seen:
                break  # ký hiệu người soạn thảo, số bản (PL.(05))
            elif p.cell is None and not tabbed and q.ppr.jc in ("center", "right"):
                break  # the signature, set under the list
            else:
                entries.append((q, a, b, text))
        self.check_entries(entries, label, sz_entry)

    @staticmethod
    def _lines(p: _Para) -> list[tuple[int, int]]:
        out, pos = [], 0
        for line in p.text.split("\n"):
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    def check_entries(self, entries: list[tuple[_Para, int, int, str]], label: _Seg,
                      sz: tuple[float, float]) -> None:
        expected = "mỗi nơi nhận một dòng “- X;”, dòng cuối “- Lưu: VT, … .” kết thúc bằng dấu chấm"
        if not entries:
            self.at(label.para, "noi-nhan", "Nơi nhận không có dòng nào", expected, seg=label)
            return
        bad_format = []
        for i, (q, a, b, text) in enumerate(entries):
            seg = _Seg(q, a, b, 0, a, b)
            last = i == len(entries) - 1
            problems = []
            if text[0] != "-":
                problems.append(f"bắt đầu bằng “{text[0]}” thay vì “-”" if text[0] in _DASHES + "+•"
                                else "thiếu gạch đầu dòng “-”")
            elif len(text) > 1 and text[1] != " ":
                problems.append("thiếu dấu cách sau “-”")
            end = "." if last else ";"
            if not text.endswith(end) or text.endswith(("..", ";.", ".;")) or (last and text.endswith("./.")):
                problems.append("dòng cuối phải kết thúc bằng dấu chấm “.”" if last
                                else "phải kết thúc bằng dấu chấm phẩy “;”")
            if problems:
                self.at(q, "noi-nhan-dau-cau", "nơi nhận “" + _words(text)[:_EXCERPT] + "”: " + "; ".join(problems),
                        expected, seg=seg)
            if self.format_problems(q.pieces_in(a, b), size=sz, bold=False):
                bad_format.append((q, seg))
        q, a, b, text = entries[-1]
        seg = _Seg(q, a, b, 0, a, b)
        if not re.match(rf"^[{_DASHES}]?\s*Lưu\s*:", text):
            self.at(q, "noi-nhan-luu", "dòng cuối của Nơi nhận không phải dòng Lưu", "“- Lưu: VT, <đơn vị soạn thảo>.”",
                    seg=seg)
        elif not re.match(rf"^[{_DASHES}]?\s*Lưu\s*:\s*VT\b", text):
            self.at(q, "noi-nhan-luu", "dòng Lưu không bắt đầu bằng VT (văn thư)", "“- Lưu: VT, <đơn vị soạn thảo>.”",
                    seg=seg, severity=CANH_BAO)
        if bad_format:
            q, seg = bad_format[0]
            problems = self.format_problems(q.pieces_in(seg.start, seg.end), size=sz, bold=False)
            more = f" (và {len(bad_format) - 1} dòng khác)" if len(bad_format) > 1 else ""
            self.at(q, "noi-nhan-dinh-dang", "dòng nơi nhận " + ", ".join(problems) + more,
                    f"các dòng nơi nhận chữ đứng thường, cỡ {_range(sz, 'pt')}", seg=seg)

    # -- §3 body
    def appendix_starts(self, title_end: int) -> list[int]:
        return [p.n for p in self.paras if p.n > title_end and p.top and p.ppr.jc == "center"
                and _PHU_LUC_RE.match(_words(p.text))]

    def body(self, title_end: int, closing: int, main_end: int) -> list[_Para]:
        """Top-level paragraphs of the text and of the appendices, without the Kính gửi block."""
        paras = [p for p in self.paras if p.top and title_end < p.n
                 and (p.n < closing or p.n >= main_end)]
        out, skip = [], False
        for i, p in enumerate(paras):
            text = p.text.strip()
            if i < 8 and _KINH_GUI_RE.match(text):
                # "Kính gửi:" alone heads a list of "- X;" lines ending with "- Z."
                skip = text.rstrip().endswith(":")
                continue
            if skip:
                if not text or text[0] in _DASHES:
                    skip = not text.endswith(".")
                    continue
                skip = False
            out.append(p)
        return out

    def check_body(self, body: list[_Para]) -> None:
        rg = RANGES
        bad: dict[str, list[tuple[_Para, str]]] = {}
        low, high = rg.first_line_indent_mm
        for p in body:
            text = p.text.strip()
            if not text or p.ppr.jc in ("center", "right"):
                continue
            ppr = p.ppr
            pieces = p.pieces_in(0, len(p.text))
            sizes = self.format_problems(pieces, size=rg.body_pt)
            if sizes:
                bad.setdefault("than-van-co-chu", []).append((p, sizes[0]))
            if ppr.jc != "both" and p.avail and any((self.overflow(p, a, b) or 0) > 0 for a, b in self._lines(p)):
                bad.setdefault("than-van-can-deu", []).append((p, "căn trái" if ppr.jc == "left" else ppr.jc))
            heading = "\n" not in p.text and all(props.bold for _, props in pieces) \
                and (p.avail is None or p.width_of(0, len(p.text)) < p.avail)
            start = _mm(ppr.left + ppr.first)
            if not heading and not _inside(start, (low, high), rg.rounding_mm):
                bad.setdefault("than-van-thut-dau-dong", []).append((p, f"thụt đầu dòng {_num_text(start)} mm"))
            space = 0.0 if ppr.contextual else ppr.before + ppr.after
            if not ppr.auto_spacing and space < rg.paragraph_spacing_min_pt - 0.05:
                bad.setdefault("than-van-khoang-cach", []).append(
                    (p, f"cách đoạn {_num_text(space)} pt (trước {_num_text(ppr.before)}, sau {_num_text(ppr.after)})"))
            lines = self.line_spacing(p)
            if lines is not None:
                bad.setdefault("than-van-gian-dong", []).append((p, lines))
        expected = {
            "than-van-co-chu": f"chữ cỡ {_range(rg.body_pt, 'pt')}",
            "than-van-can-deu": "căn đều hai bên (justify)",
            "than-van-thut-dau-dong": f"lùi đầu dòng {_num_text(low / 10, 2)}–{_num_text(high / 10, 2)} cm",
            "than-van-khoang-cach": f"khoảng cách giữa các đoạn ≥ {_num_text(rg.paragraph_spacing_min_pt)} pt",
            "than-van-gian-dong": f"giãn dòng từ {_num_text(rg.line_spacing[0])} (single) đến "
                                  f"{_num_text(rg.line_spacing[1])} dòng",
        }
        for rule, items in bad.items():  # one finding per rule: the first paragraph, and how many more
            p, detail = items[0]
            more = ""
            if len(items) > 1:
                numbers = ", ".join(str(q.n) for q, _ in items[1:6]) + (" …" if len(items) > 6 else "")
                more = f" (và {len(items) - 1} đoạn khác: đoạn {numbers})"
            self.at(p, rule, f"đoạn văn {detail}{more}", expected[rule])

    @staticmethod
    def line_spacing(p: _Para) -> str | None:
        """What is wrong with a paragraph's line spacing, or ``None``."""
        low, high = RANGES.line_spacing
        ppr = p.ppr
        if ppr.line_rule == "auto":
            lines = ppr.line / 240
            return None if low - 0.01 <= lines <= high + 0.01 else f"giãn dòng {_num_text(lines)} dòng"
        size = max((props.size for _, props in p.pieces_in(0, len(p.text))), default=14.0)
        lines = ppr.line / 20 / (size * _SINGLE_LINE_EM)
        if ppr.line_rule == "exact" and not (low - 0.1 <= lines <= high + 0.05):
            return f"giãn dòng đúng {_num_text(ppr.line / 20)} pt (≈ {_num_text(lines)} dòng)"
        if ppr.line_rule == "atLeast" and lines > high + 0.05:
            return f"giãn dòng ít nhất {_num_text(ppr.line / 20)} pt (≈ {_num_text(lines)} dòng)"
        return None

    def check_numbers(self, body: list[_Para], appendices: set[int]) -> None:
        """Điểm letters in the Vietnamese order, and heading numbers without skips or repeats."""
        count: dict[str, int] = {}
        last: dict[str, str] = {}
        dec: tuple[int, int] | None = None
        letter: int | None = None  # index in CHU_CAI of the last điểm; None: start of a list
        letter_text = ""

        def reset(*kinds: str) -> None:
            nonlocal dec, letter
            for k in kinds:
                count[k] = 0
            dec, letter = None, None

        def step(p: _Para, kind: str, value: int, label: str, fmt: Callable[[int], str]) -> None:
            prev = count.get(kind, 0)
            if value != prev + 1 and not (value == 1 and kind != "dieu"):
                before = f"sau “{last[kind]}”" if prev else "ở đầu"
                self.at(p, "de-muc-thu-tu", f"đề mục “{label}” {before}",
                        f"“{fmt(prev + 1)}”: đề mục đánh số liên tục, không bỏ, không lặp")
            count[kind] = value
            last[kind] = label

        def la_ma_sau(prefix: str) -> Callable[[int], str]:  # "Phần I", "Chương II" …
            return lambda n: f"{prefix} {la_ma(n)}"

        for p in body:
            if p.n in appendices:
                count.clear()
                reset()
                continue
            text = p.text.strip()
            if m := _PHAN_RE.match(text):
                kind = m[1].capitalize()
                value = _ROMAN.get(m[2])
                if value:
                    step(p, kind, value, f"{m[1]} {m[2]}", la_ma_sau(m[1]))
                    if kind == "Phần":
                        reset("roman", "arabic")
                    else:
                        reset("arabic")
            elif m := _DIEU_RE.match(text):
                step(p, "dieu", int(m[1]), m.group(0), lambda n: f"Điều {n}.")
                reset("arabic")
            elif (m := _ROMAN_RE.match(text)) and m[1] in _ROMAN:
                step(p, "roman", _ROMAN[m[1]], f"{m[1]}.", lambda n: f"{la_ma(n)}.")
                reset("arabic")
            elif m := _DECIMAL_RE.match(text):
                a, b = int(m[1]), int(m[2])
                if dec is not None and dec[0] == a and b != dec[1] + 1:
                    self.at(p, "de-muc-thu-tu", f"đề mục “{a}.{b}.” sau “{a}.{dec[1]}.”",
                            f"“{a}.{dec[1] + 1}.”: đề mục đánh số liên tục, không bỏ, không lặp")
                dec, letter = (a, b), None
            elif m := _ARABIC_RE.match(text):
                step(p, "arabic", int(m[1]), f"{m[1]}.", lambda n: f"{n}.")
                dec, letter = None, None
            elif (m := _LETTER_RE.match(text)) and m[1].islower():
                ch = m[1]
                if ch not in CHU_CAI:
                    after = f"; sau “{letter_text}” là “{CHU_CAI[letter + 1]})”" \
                        if letter is not None and letter + 1 < len(CHU_CAI) else ""
                    self.at(p, "diem-chu-cai", f"điểm “{ch})” dùng chữ “{ch}” không có trong bảng chữ cái tiếng Việt",
                            "chữ cái tiếng Việt theo thứ tự a b c d đ e g h i k l m n o p q r s t u v x y "
                            f"(không có f, j, w, z){after}")
                    letter, letter_text = None, f"{ch})"
                    continue
                i = CHU_CAI.index(ch)
                if i != 0 and letter is not None and i != letter + 1:
                    want = CHU_CAI[letter + 1] if letter + 1 < len(CHU_CAI) else "?"
                    self.at(p, "diem-thu-tu", f"điểm “{ch})” đứng sau “{letter_text}”",
                            f"“{want})”: các điểm theo thứ tự a b c d đ e g h i k l m n o p q r s t u v x y")
                letter, letter_text = i, f"{ch})"

    def check_end_mark(self, title_end: int, closing: int | None) -> None:
        if closing is None:
            return
        text_paras = [p for p in self.paras if title_end < p.n < closing and p.text.strip() and not p.textbox]
        if not text_paras:
            return
        last = text_paras[-1]
        if not last.text.rstrip().endswith("./."):
            where = "kết thúc bằng một bảng" if last.cell is not None else "không kết thúc bằng “./.”"
            self.at(last, "dau-ket-thuc", f"phần nội dung {where}",
                    "nội dung văn bản kết thúc bằng dấu “./.” ngay trước phần Nơi nhận, chữ ký")

    # -- §1 page numbers
    def header_paras(self, rid: str) -> list[_Para]:
        """The paragraphs of a header or footer part, by relationship id (read once)."""
        return self.r.part_paragraphs(rid)

    @staticmethod
    def page_field(paras: list[_Para]) -> _Para | None:
        for p in paras:
            if any(re.search(r"(?<![A-Z])PAGE(?![A-Z])", f.upper()) for f in p.fields):
                return p
        return None

    def check_page_numbers(self) -> None:
        sections = self.r.sections
        head: dict[str, str] = {}
        foot: dict[str, str] = {}
        any_header = any_footer = False
        checked: set[str] = set()
        sz = RANGES.page_number_pt
        expected_fmt = f"số trang chữ số Ả Rập, cỡ {_range(sz, 'pt')}, chữ đứng, căn giữa phần đầu trang"
        first_page_number = None
        for s in sections:
            head.update(s.headers)
            foot.update(s.footers)
            for kind in ("default", "first", "even"):
                rid = head.get(kind, "")
                number = self.page_field(self.header_paras(rid))
                if number is not None:
                    any_header = True
                    if rid not in checked:
                        checked.add(rid)
                        self.check_page_number_format(number, expected_fmt)
                if s.index == 0 and number is not None and (kind == "first") == s.title_pg and kind != "even":
                    first_page_number = number
                if self.page_field(self.header_paras(foot.get(kind, ""))) is not None:
                    any_footer = True
        if first_page_number is not None:
            self.add("so-trang-trang-dau", "trang đầu có số trang", "đầu trang (header) của mục 1",
                     "trang đầu không đánh số: bật “Different First Page” (titlePg) và để trống đầu trang "
                     "của trang đầu")
        if not any_header:
            if any_footer:
                self.add("so-trang", "số trang đặt ở chân trang (footer)", "chân trang", expected_fmt)
            elif self.many_pages():
                self.add("so-trang", "văn bản nhiều trang nhưng không có số trang", "đầu trang (header)",
                         expected_fmt + ", từ trang 2", severity=CANH_BAO)

    def check_page_number_format(self, p: _Para, expected: str) -> None:
        sz = RANGES.page_number_pt
        pieces = p.pieces_in(0, len(p.text))
        problems = self.format_problems(pieces, size=sz, italic=False)
        want = LAYOUT.sizes.font.casefold()
        fonts = {f for _, props in pieces for f in (props.ascii, props.hansi) if f and f.casefold() != want}
        if fonts:
            problems.append("phông " + ", ".join(sorted(fonts)))
        centred = p.ppr.jc == "center" or (p.text.startswith("\t") and p.text.count("\t") == 1
                                             and any(kind == "center" for _, kind in p.ppr.tabs))
        if not centred:
            problems.append("không căn giữa")
        if problems:
            self.add("so-trang-dinh-dang", "số trang " + ", ".join(problems), "đầu trang (header)", expected)

    def many_pages(self) -> bool:
        if len(self.r.sections) > 1 or any(p.page_break for p in self.paras):
            return True
        return sum(len(p.text) for p in self.paras) > _ONE_PAGE_CHARS


# ---------------------------------------------------------------------------- public API
def check(source: Source) -> list[Finding]:
    """Check a .docx (a path, its bytes or a binary file) against the Decree 30 layout.

    Returns the findings in reading order; an empty list means the document passes.
    An unreadable file, or one that is not a .docx, raises :class:`~baocao.errors.DataError`
    naming it.
    """
    doc = read_docx(source)
    try:
        return _Checker(doc).run()
    except BaoCaoError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed part must not end in a traceback
        raise unreadable(doc.name, exc) from None


# ---------------------------------------------------------------------------- command line
def run(args: argparse.Namespace) -> int:
    """Handler of ``baocao check``: 0 when every file passes, 1 otherwise."""
    rows: list[dict[str, str]] = []
    failed = False
    for name in args.files:
        try:
            findings = check(name)
        except BaoCaoError as exc:
            failed = True
            if args.json:
                rows.append({"file": name, "rule": "tep-docx", "message": exc.message, "where": "tệp",
                             "expected": "một tệp .docx đọc được", "severity": LOI})
            else:
                print(terminal_safe(f"baocao: lỗi: {exc}"), file=sys.stderr)
            continue
        failed = failed or bool(findings)
        if args.json:
            rows += [{"file": name, "rule": f.rule, "message": f.message, "where": f.where,
                      "expected": f.expected, "severity": f.severity} for f in findings]
            continue
        errors = sum(f.severity == LOI for f in findings)
        warnings = len(findings) - errors
        print(terminal_safe(f"{name}: {errors} lỗi" + (f", {warnings} cảnh báo" if warnings else "")))
        for f in findings:  # excerpts of the document's text: escape what a terminal would act on
            print(terminal_safe(f"  {'[cảnh báo] ' if f.severity == CANH_BAO else ''}{f}"))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 1 if failed else 0
