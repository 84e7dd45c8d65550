"""A template folder from last year's .docx: ``baocao mau old.docx -o folder/``.

Any Decree 30 document — ours, or typed by hand in Word — is read with the reader and the
parts finder of ``baocao check`` (:mod:`baocao.check.document`), and written back as what a
person would have typed to get it:

- the **front matter**: agency and chủ quản, số and ký hiệu, place and date, loại, trích yếu,
  Kính gửi, thẩm quyền and căn cứ (quyết định), Nơi nhận and Lưu, the signer with TM./KT. …;
- the **body** as Markdown: headings (``#`` … ``####``) from the numbering typed in front of
  them (I. / 1. / a), Phần, Chương, Điều …), the numbers themselves left out because the
  writer numbers again; bold and italic kept; ``-`` and ``+`` bullets; page breaks; appendices
  as ``# Phụ lục: …``;
- every **table** as a CSV file (numbers as numbers, the STT column and the Tổng cộng row
  turned into ``stt=True`` and ``total=True`` when they are what those options compute) used
  through ``{{ table(…) }}``; every **picture** as a file of the folder, ``![caption](file)``.

What has no place in a template (a text box, a table inside a table, a line the finder does not
recognise) is kept as text, and said in :attr:`MauTuDocx.ghi_chu`. Rendering the folder gives
the same words in the same order (measured in ``tests/test_mau.py``), laid out by the rules:
a document typed with small layout mistakes comes back corrected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .check.document import (
    DASHES,
    KEM_THEO_RE,
    KINH_GUI_RE,
    NGAY_RE,
    NOI_NHAN_RE,
    SO_RE,
    Document,
    ky_hieu,
    line_only,
    nfc,
    upper,
    words,
)
from .data import _fold
from .doctypes import LOAI_VAN_BAN
from .doctypes import ky_hieu as build_ky_hieu
from .errors import OutputError
from .layout import CHU_CAI, DO_KHAN, DO_MAT
from .markup import escape
from .normalize import quyen_han_of, typed_date
from .numbering import SCHEMES
from .readers.docx import DocxDocument, Paragraph, read_docx, segments
from .tables import _rate

__all__ = ["MauTuDocx", "mau_tu_docx", "reading_words", "word_recall"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"

#: A heading number typed at the start of a paragraph, by kind (tried in this order).
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("phan", re.compile(r"^(?:Phần|PHẦN)\s+(?:[IVXLC]+|\d+|thứ\s+\w+)\b\.?\s*[:.\-–]?\s*", re.UNICODE)),
    ("chuong", re.compile(r"^(?:Chương|CHƯƠNG)\s+(?:[IVXLC]+|\d+)\b\.?\s*[:.\-–]?\s*")),
    ("dieu", re.compile(r"^Điều\s+\d+\s*[.:]\s*")),
    ("roman", re.compile(r"^[IVXLC]+\s*[.)]\s+(?=\S)")),
    ("path", re.compile(r"^\d+\.\d+(?:\.\d+)*\.?\s+(?=\S)")),
    ("n", re.compile(r"^\d+\s*[.)]\s+(?=\S)")),
    ("alpha", re.compile(r"^[a-zđ]\)\s*(?=\S)")),
]
#: The numbering schemes (:data:`baocao.numbering.SCHEMES`) by the kinds of headings they use,
#: each kind's level in it; the first scheme holding every kind found is taken.
_SCHEMES: list[tuple[str, dict[str, int]]] = [
    ("muc", {"roman": 1, "n": 2, "alpha": 3}),
    ("muc_thap_phan", {"roman": 1, "n": 2, "path": 3, "alpha": 4}),
    ("phan_muc", {"phan": 1, "roman": 2, "n": 3, "alpha": 4}),
    ("dieu", {"dieu": 1, "n": 2, "alpha": 3}),
    ("chuong_dieu", {"chuong": 1, "dieu": 2, "n": 3, "alpha": 4}),
]
#: Most words a numbered paragraph of a report may have to be a heading ("1. Kết quả chung").
_HEADING_WORDS = 30
#: A bullet typed by hand: "-Nội dung", "+ ý nhỏ", "* Nội dung" — not "***" or "---".
_BULLET = re.compile(rf"^\s*(?:([{re.escape(DASHES)}+•●▪◦])\s*|(\*)\s+)(?=[^\s*{re.escape(DASHES)}])")
_TOTAL = re.compile(r"^(?:tổng\s+cộng|tổng\s+số|tổng|cộng)\b", re.IGNORECASE)
_STT = re.compile(r"^(?:stt|tt|số\s+tt|số\s+thứ\s+tự)$", re.IGNORECASE)
_CAPTION = re.compile(r"^(?P<kind>Bảng|Hình|Biểu\s+đồ|Sơ\s+đồ|Ảnh)\s+(?:\d+|[IVX]+)\s*[.:\-–]\s*(?P<text>.*)$")
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?%?$")
_ACRONYMS = {"UBND", "HĐND", "MTTQ", "TAND", "VKSND", "BCH", "BTV", "KBNN", "BHXH", "THPT", "THCS", "TNHH",
             "TW", "TƯ", "VP", "CP", "CN", "TP", "TX", "QĐ", "HĐ"}
#: Kinds of bodies, of one syllable and of two ("Sở", "Ủy ban"): their first syllable is capitalised.
_KINDS_ONE = ("sở", "bộ", "cục", "viện", "phòng", "ban")
_KINDS_TWO = ("ủy ban", "văn phòng", "trung tâm", "chi cục", "tổng cục", "hội đồng", "công ty", "thanh tra",
              "tòa án")
#: Words after which a name's next syllable is capitalised: kinds of bodies, and the prefixes of titles.
_KIND_WORDS = (*_KINDS_ONE, *_KINDS_TWO, "viện kiểm sát", "phó", "chánh")
#: Words that end a place's name in an agency line ("… tỉnh Hà Nam khóa X").
_PLACE_STOP = ("khóa", "kỳ", "nhiệm", "và")
_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_TYPED_LETTER = re.compile(r"^([a-zđ])\\\)\s")
_END_MARK = re.compile(r"\s*\./\.\s*$")
_IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/bmp": ".bmp",
                "image/tiff": ".tif", "image/x-emf": ".emf", "image/x-wmf": ".wmf"}


@dataclass
class MauTuDocx:
    """What :func:`mau_tu_docx` wrote: the folder, its template, every file, and notes on what
    was kept as text or guessed (``ghi_chu``: one sentence each, naming the paragraph)."""

    thu_muc: Path
    mau: Path
    tep: list[Path] = field(default_factory=list)
    ghi_chu: list[str] = field(default_factory=list)
    khop: float | None = None  # share of the words that came back in order when the folder was rendered
    loi: str | None = None  # why the folder written could not be rendered (it needs editing first)


# ---------------------------------------------------------------------------- casing
def _as_written(text: str, corpus: str, *, name: bool = False) -> str:
    """An upper-case line ("GIÁM ĐỐC SỞ XÂY DỰNG") as the document writes its pieces elsewhere
    ("Giám đốc Sở Xây dựng"): the longest runs of two words or more found in ``corpus`` not in upper
    case; other words in sentence case, acronyms kept, the words after a place word ("tỉnh", "huyện"
    …) capitalised (``name``: every word capitalised).

    >>> _as_written("GIÁM ĐỐC SỞ XÂY DỰNG", "… Phó Giám đốc Sở, Tổ trưởng; Sở Xây dựng báo cáo")
    'Giám đốc Sở Xây dựng'
    >>> _as_written("UBND TỈNH TRÀ VINH", "")
    'UBND tỉnh Trà Vinh'
    """
    text = words(text)
    if not upper(text):
        return text
    out = text.split()
    if name:
        return " ".join(w[:1] + w[1:].lower() for w in out)
    written: list[str | None] = [None] * len(out)
    i = 0
    while i < len(out):
        for j in range(len(out), i + 1, -1):
            pattern = r"\s+".join(re.escape(w) for w in out[i:j])
            found = next((m.group(0) for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", corpus, re.IGNORECASE)
                          if not upper(m.group(0))), None)
            if found:
                written[i:j] = found.split()
                i = j
                break
        else:
            i += 1
    result: list[str] = []
    in_place = capital_next = False
    for i, w in enumerate(out):
        known = written[i]
        low = w.lower()
        if known is not None:
            result.append(known)
        elif w in _ACRONYMS or not set(_fold(w)) & set("aeiouy"):
            result.append(w)  # UBND, HĐND, TNHH, MTV: no vowel, an abbreviation
        elif (i == 0 or (in_place and low not in _PLACE_STOP) or (capital_next and low not in ("nhân", "và"))
              or _starts_kind(out, i)):
            result.append(w[:1] + w[1:].lower())
        else:
            result.append(low)
        so_far = " ".join(out[:i + 1]).lower()
        if low in _PLACE_STOP:
            in_place = False
        after_and = i > 0 and out[i - 1].lower() in ("và", "-")  # "Thương binh và Xã hội": no place
        in_place = in_place or (not after_and and any(so_far == p or so_far.endswith(" " + p) for p in _PLACE_WORDS))
        # Decree 30, Phụ lục II: the first syllable of a body's kind ("Sở", "Ủy ban") and of its field
        # ("Xây dựng", "Phát triển nông thôn") capitalised, and of a title after Phó/Chánh
        capital_next = any(so_far == k or so_far.endswith(" " + k) for k in _KIND_WORDS) or low in ("và", "-")
    first = result[0]
    return " ".join([first[:1].upper() + first[1:], *result[1:]])




def _starts_kind(words_: list[str], i: int) -> bool:
    """``words_[i]`` starts the name of a kind of body: "Sở", "Ủy ban", "Văn phòng" (not the "phòng"
    of "Văn phòng" nor the "ban" of "Ủy ban")."""
    low = [w.lower() for w in words_]
    if i + 1 < len(low) and f"{low[i]} {low[i + 1]}" in _KINDS_TWO:
        return True
    return low[i] in _KINDS_ONE and not (i > 0 and (f"{low[i - 1]} {low[i]}" in _KINDS_TWO
                                                    or low[i - 1] == "trưởng"))  # "Trưởng phòng": a title


# ---------------------------------------------------------------------------- markdown
def _md_text(text: str) -> str:
    """Text typed in the body: every Markdown mark escaped, and "{" written as the entity
    ``&#123;``, so that no Jinja tag ("{{", "{%", "{#") can be made of it."""
    return escape(text.replace("\t", " "))[1:].replace("\ue000", "\\\n").replace("\\{", "&#123;")


def _inline(p: Paragraph, start: int = 0, end: int | None = None, *, drop_bold: bool = False,
            drop_italic: bool = False) -> str:
    """The text of ``p`` between two offsets as Markdown: bold and italic runs marked (but not the
    bold or italic a heading's level sets anyway: ``drop_bold``, ``drop_italic``), line breaks as
    hard breaks, runs of spaces as one."""
    end = len(p.text) if end is None else end
    spans: list[tuple[str, bool, bool]] = []
    for piece in p.pieces:
        a, b = max(start, piece.start), min(end, piece.start + len(piece.text))
        if a >= b:
            continue
        text = piece.text[a - piece.start:b - piece.start].replace("\t", " ")
        bold, italic = piece.props.bold and not drop_bold, piece.props.italic and not drop_italic
        if not text.strip():
            bold = italic = False
        if spans and spans[-1][1:] == (bold, italic):
            spans[-1] = (spans[-1][0] + text, bold, italic)
        else:
            spans.append((text, bold, italic))
    out = []
    for text, bold, italic in spans:
        lead = text[:len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        core = text.strip()
        if not core:
            out.append(text)
            continue
        mark = ("**" if bold else "") + ("*" if italic else "")
        out.append(lead + mark + _md_text(core) + mark[::-1] + trail)
    result = re.sub(r"[ ]+", " ", "".join(out)).strip(" \n")
    return re.sub(r" ?\\?\n ?", "\\\\\n", result)  # a line break: Markdown's hard break "\\" + newline


def _label(text: str) -> tuple[str, int] | None:
    """The kind of heading number typed at the start of ``text`` and where the title starts."""
    for kind, pattern in _LABELS:
        m = pattern.match(text)
        if m:
            return kind, m.end()
    return None


# ---------------------------------------------------------------------------- the reader
class _Importer:
    def __init__(self, docx: DocxDocument, source_name: str):
        self.docx = docx
        self.doc = Document(docx)
        self.name = source_name
        self.notes: list[str] = []
        self.files: dict[str, bytes] = {}
        self.corpus = "\n".join(p.text for p in docx.paragraphs)
        self.front: dict[str, Any] = {}
        self.skip: set[int] = set()
        self.tables_written = 0
        self.last_text: dict[int, tuple[str, str]] = {}  # what ``blocks`` wrote at an index, and the text typed
        self.in_landscape_appendix = False  # writing a phụ lục set {ngang}: its tables turn with it
        self.scheme: str | None = None  # the numbering scheme of the body's headings
        self.dieu_doc = False
        self.current_scheme = "muc"

    def note(self, p: Paragraph | None, message: str) -> None:
        self.notes.append(f"{self.doc.where(p)}: {message}" if p is not None else message)

    # -- front matter
    def header(self) -> None:
        doc, front = self.doc, self.front
        head, title = doc.header, doc.title
        kind = title.kind or title.by_kh
        if kind is None and (head.cong_van or (head.so is not None and not title.named)):
            kind = LOAI_VAN_BAN["cong_van"]
        if kind is None:
            kind = LOAI_VAN_BAN["bao_cao"]
            self.note(title.first, "không nhận ra loại văn bản (tên loại, ký hiệu): đặt loai: bao_cao")
        self.kind = kind
        front["loai"] = kind.ma
        self.agency(head.agency)
        if head.so is not None:
            m = SO_RE.match(head.so.text)
            assert m is not None
            number = m["num"].strip()
            kh, groups = ky_hieu(head.so)
            if number and number.strip(".…_ ").isdigit():
                front["so"] = int(number.strip(".…_ "))
            self.ky_hieu(kh, groups)
            full = re.sub(r"\s", "", m["kh"])
            if full != re.sub(r"\s", "", kh):  # "15/2024/QĐ-UBND": the year stays in the ký hiệu
                front.pop("viet_tat_co_quan", None)
                front["ky_hieu"] = full
        if head.date is not None:
            self.date(head.date.text)
        for p in head.window:
            for s in segments(p):
                text = words(s.text).upper()
                if text in DO_KHAN:
                    front["do_khan"] = words(s.text)
                elif text in DO_MAT:
                    front["do_mat"] = words(s.text)
        self.trich_yeu()

    def agency(self, segs: Sequence[Any]) -> None:
        lines = [(words(s.text), all(props.bold for _, props in s.para.pieces_in(s.start, s.end))) for s in segs]
        lines = [(t, b) for t, b in lines if t]
        if not lines:
            return
        if any(b for _, b in lines) and not all(b for _, b in lines):  # chủ quản in regular, the agency bold
            first_bold = next(i for i, (_, b) in enumerate(lines) if b)
            above, own = lines[:first_bold], lines[first_bold:]
        elif len(lines) >= 2 and not any(b for _, b in lines):
            above, own = lines[:1], lines[1:]
            self.note(segs[0].para, "tên cơ quan không in đậm: coi dòng đầu là cơ quan chủ quản")
        else:
            above, own = [], lines
        if above:
            self.front["co_quan_chu_quan"] = _as_written(" ".join(t for t, _ in above), self.corpus)
        self.front["co_quan"] = _as_written(" ".join(t for t, _ in own), self.corpus)

    def ky_hieu(self, kh: str, groups: list[str]) -> None:
        front, kind = self.front, self.kind
        if kind.viet_tat is None:  # công văn: SXD-VP
            if groups:
                front["viet_tat_co_quan"] = groups[0]
            if len(groups) > 1:
                front["don_vi_soan_thao"] = "-".join(groups[1:])
        elif len(groups) >= 2:
            front["viet_tat_co_quan"] = groups[1]
        built = None
        if front.get("viet_tat_co_quan"):
            built = build_ky_hieu(kind, front["viet_tat_co_quan"], front.get("don_vi_soan_thao"))
        if built != re.sub(r"\s", "", kh):
            front.pop("viet_tat_co_quan", None) if kind.viet_tat else None
            front["ky_hieu"] = re.sub(r"\s", "", kh)

    def date(self, text: str) -> None:
        m = NGAY_RE.match(text)
        assert m is not None
        self.front["dia_danh"] = words(m["place"])
        found = typed_date(text)
        if found is not None:
            y, mo, d = found
            try:
                self.front["ngay"] = dt.date(y, mo, d)
            except ValueError:
                self.note(self.doc.header.date.para if self.doc.header.date else None,
                          f"ngày “{words(text)}” không có thật: để trống trường ngay, điền lại tay")
            return
        month, year = re.search(r"\d+", m["m"]), re.search(r"\d{4}", m["y"])
        if month and year:
            self.front["ngay"] = [int(year[0]), int(month[0])]
        elif year:  # "ngày … tháng … năm 2024": a template's date has at least a month
            self.note(self.doc.header.date.para if self.doc.header.date else None,
                      f"ngày và tháng để trống (năm {year[0]}): ghi ngay: [{year[0]}, tháng] trong phần đầu")

    def trich_yeu(self) -> None:
        doc, front = self.doc, self.front
        title, head = doc.title, doc.header
        if title.trich_yeu:
            front["trich_yeu"] = words(" ".join(p.text for p in title.trich_yeu))
        elif head.cong_van and head.so is not None:
            after = head.so.para.text[head.so.end:]
            parts = [after] if after.strip() else []
            paras = [p for p in doc.paras[head.so.para.n:head.end]
                     if p.cell is None or head.so.para.cell is None or p.cell.col == head.so.para.cell.col]
            parts += [p.text for p in paras]
            text = words(" ".join(parts))
            m = re.search(r"v/v\b[:.]?\s*(.*)$", text, re.IGNORECASE)
            if m:
                front["trich_yeu"] = m.group(1).strip()
        if title.kem_theo is not None:
            self.skip.add(title.kem_theo.n)  # the writer prints it from kem_theo (read in ``forms``)

    # -- addressees, authority, closing
    def kinh_gui(self, start: int, end: int) -> None:
        paras = [p for p in self.doc.paras if start < p.n < end and p.top][:12]
        entries: list[str] = []
        taking = False
        for p in paras:
            text = p.text.strip()
            if not text and not taking:
                continue
            if not taking:
                if not KINH_GUI_RE.match(text):
                    break
                rest = re.sub(r"^kính\s+gửi\s*:?", "", text, flags=re.IGNORECASE).strip()
                self.skip.add(p.n)
                lines = [x for x in re.split(r"[\n\t]+", rest) if x.strip()]
                entries += lines
                taking = not lines or any(x.strip()[:1] in DASHES for x in lines) and not rest.rstrip().endswith(".")
                continue
            if text[:1] in DASHES or text[:1] in "+•":
                self.skip.add(p.n)
                entries += [x for x in re.split(r"[\n\t]+", text) if x.strip()]
                if text.endswith("."):
                    break
            else:
                break
        cleaned = [_bare(e) for e in entries]
        cleaned = [e for e in cleaned if e]
        if cleaned:
            self.front["kinh_gui"] = cleaned[0] if len(cleaned) == 1 else cleaned

    def authority(self, start: int, end: int) -> None:
        """A quyết định's thẩm quyền line and căn cứ, up to its "QUYẾT ĐỊNH:" line."""
        dong = self.doc.dong_quyet
        if dong is None or not self.kind.quyet_dinh:
            return
        self.skip.add(dong.n)
        paras = [p for p in self.doc.paras if start < p.n < dong.n and p.top and p.text.strip()]
        can_cu: list[str] = []
        for p in paras:
            self.skip.add(p.n)
            text = words(p.text)
            if "tham_quyen" not in self.front and not can_cu and p.ppr.jc == "center" and upper(text):
                self.front["tham_quyen"] = _as_written(text, self.corpus)
            else:
                can_cu.append(text.rstrip(";.,").strip())
        if can_cu:
            self.front["can_cu"] = can_cu

    def closing(self) -> None:
        doc, front = self.doc, self.front
        closing = doc.closing
        noi_nhan, luu = [], []
        for _, _, _, text in closing.entries:
            entry = _bare(text)
            m = re.match(r"^lưu\s*:?\s*(.*)$", entry, re.IGNORECASE)
            if m:
                luu += [x.strip().rstrip(".") for x in re.split(r"[,;]", m.group(1)) if x.strip()]
            elif entry:
                noi_nhan.append(entry)
        if closing.entries and luu:  # the drafter's mark under the Lưu line: "TH.(05)", "P.Đ/D/QHKT/…"
            last = closing.entries[-1][0]
            below = [q for q in doc.paras[last.n:last.n + 3]
                     if q.cell is last.cell and q.text.strip() and q.ppr.jc not in ("center", "right")]
            if below and "\t" not in below[0].text and len(below[0].text.split()) <= 3:
                front["ky_hieu_soan_thao"] = words(below[0].text)
        if closing.label is not None:
            front["noi_nhan"] = noi_nhan
            if luu:
                front["luu"] = luu
        self.signer()

    def signature_lines(self) -> list[str]:
        doc = self.doc
        closing, sig = doc.closing, doc.closing.signature
        if closing.start is None:
            return []
        entry_spans = {(q.n, a) for q, a, _, _ in closing.entries}
        if sig is not None and sig.cell is not None:  # its cell, and the cells under it (rows of a table)
            cell = sig.cell
            paras = [p for p in doc.paras if p.n >= sig.n and p.cell is not None and p.cell.table == cell.table
                     and p.cell.col == cell.col and p.cell.row >= cell.row]
            others = {p.cell.col for p in doc.paras if p.cell is not None and p.cell.table == cell.table
                      and p.cell.col != cell.col and p.text.strip() and upper(words(p.text))
                      and not NOI_NHAN_RE.match(p.text.strip()) and p.ppr.jc == "center"}
            if others and self.kind.ma != "bien_ban":  # 4: a second signature beside the first
                self.note(sig, "khối chữ ký có hơn một người ký: mẫu chỉ giữ một (nguoi_ky), thêm người kia tay")
        else:
            first = sig.n if sig is not None else closing.start
            paras = [p for p in doc.paras if p.top and min(first, closing.start) <= p.n < doc.main_end]
        lines = []
        for p in paras:
            for a, b in p.lines():
                line = p.text[a:b]
                if (p.n, a) in entry_spans or p.cell is None and "\t" in line:
                    parts = line.split("\t")
                    left = parts[0].strip()
                    if (p.n, a) in entry_spans or NOI_NHAN_RE.match(left) or left[:1] in DASHES:
                        line = "\t".join(parts[1:])
                text = words(line)
                if not text or NOI_NHAN_RE.match(text) or (p.cell is None and sig is None and text[:1] in DASHES):
                    continue
                if sig is None and p.cell is None and p.ppr.jc not in ("center", "right") and "\t" not in p.text:
                    continue
                lines.append(text)
        return lines

    def signer(self) -> None:
        lines = self.signature_lines()
        for t in lines:
            if t.startswith("(") and t.endswith(")"):
                self.note(None, f"bỏ dòng “{t}” trong khối chữ ký: bản mới ký lại")
        lines = [t for t in lines if not (t.startswith("(") and t.endswith(")"))]
        if self.kind.ma == "bien_ban" or not lines:
            return
        name = lines[-1]
        heads = lines[:-1]
        if not heads and upper(name):
            return
        quyen_han, thay_mat, chuc_vu = [], [], []
        for line in heads:
            word, rest = quyen_han_of(line)
            if word is not None:
                quyen_han.append(word)
                thay_mat.append(_as_written(rest, self.corpus))
            else:
                chuc_vu.append(_as_written(line, self.corpus))
        if word is not None and quyen_han and not chuc_vu:  # "Q. GIÁM ĐỐC": the head is the title
            chuc_vu = [thay_mat.pop()]
            if quyen_han[-1] != "Q.":
                thay_mat.append(chuc_vu[0])
                chuc_vu = []
        signer: dict[str, Any] = {"ho_ten": _as_written(name, self.corpus, name=True)}
        from .normalize import ho_ten

        if ho_ten(name)[1]:  # "TS. Nguyễn Văn A": printed, so the sector allows it
            signer["ghi_hoc_ham"] = True
        if chuc_vu:
            signer["chuc_vu"] = chuc_vu[0] if len(chuc_vu) == 1 else chuc_vu if len(chuc_vu) == 2 else " ".join(chuc_vu)
        if quyen_han:
            signer["quyen_han"] = quyen_han[0] if len(quyen_han) == 1 else quyen_han
            if thay_mat:
                signer["thay_mat"] = thay_mat[0] if len(thay_mat) == 1 else thay_mat
        self.front["nguoi_ky"] = signer

    # -- body
    def body(self) -> str:
        doc = self.doc
        start = doc.title.end if doc.title.named else doc.header.end
        closing = doc.closing.start or doc.main_end
        self.kinh_gui(start, closing)
        self.authority(start, closing)
        dien = doc.cong_dien
        if dien is not None:
            self.skip.update(q.n for q in [dien.line, *dien.offices])
        self.forms([p for p in doc.paras if start < p.n < closing and p.top and p.n not in self.skip])
        if doc.muc_luc is not None:  # the writer makes it again, with its page numbers
            front_levels = doc.muc_luc[1]
            self.front["muc_luc"] = True if front_levels == 2 else front_levels
        main = [p for p in doc.paras if start < p.n < min(closing, doc.text_end)]
        pieces = self.blocks(main, appendix=False)
        for i, first in enumerate(doc.appendices):
            end = doc.appendices[i + 1] if i + 1 < len(doc.appendices) else doc.text_end
            pieces.append(self.appendix([p for p in doc.paras if first <= p.n < end]))
        return "\n\n".join(x for x in pieces if x) + "\n"

    def unmapped(self) -> None:
        """What a template cannot hold, said once each: footnotes, words in the page headers and
        footers, underlined, struck, raised or lowered text."""
        body = self.docx.package.element.body
        count = sum(1 for _ in body.iter(f"{{{_W}}}footnoteReference", f"{{{_W}}}endnoteReference"))
        if count:
            self.note(None, f"{count} chú thích cuối trang bị bỏ: chép vào thân bài nếu cần")
        kinds = {"u": "gạch chân", "strike": "gạch ngang", "dstrike": "gạch ngang", "vertAlign": "chỉ số trên/dưới"}
        found = sorted({kinds[_tag] for el in body.iter(f"{{{_W}}}rPr") for child in el
                        if (_tag := child.tag.rsplit("}", 1)[-1]) in kinds
                        and child.get(f"{{{_W}}}val", "single") not in ("none", "false", "0", "baseline")})
        if found:
            self.note(None, "chữ " + ", ".join(found) + " thành chữ thường (mẫu không có các kiểu này)")
        extra = set()
        for section in self.docx.sections:
            for rid in [*section.headers.values(), *section.footers.values()]:
                for p in self.docx.part_paragraphs(rid):
                    text = words(p.text)
                    if text and not text.isdigit() and not p.fields:
                        extra.add(text)
        if extra:
            self.note(None, "chữ ở đầu hay chân trang bị bỏ: " + "; ".join(f"“{t}”" for t in sorted(extra)[:3]))

    # -- forms with fixed sentences (Phụ lục III): their blanks back into the front matter
    def forms(self, paras: list[Paragraph]) -> None:
        kind, front = self.kind.ma, self.front
        lines = [(p, words(p.text)) for p in paras if p.text.strip()]
        blanks: dict[str, Any] = {}

        def take(pattern: str, field_name: str | None = None, *, value: Any = None, flags: int = re.IGNORECASE
                 ) -> re.Match[str] | None:
            for p, text in lines:
                if p.n in self.skip:
                    continue
                m = re.match(pattern, text, flags)
                if m:
                    self.skip.add(p.n)
                    if field_name:
                        blanks[field_name] = value(m) if value else m.group(1).strip().rstrip(".;").strip()
                    return m
            return None

        def dashes_after(m: re.Match[str] | None) -> list[str]:
            if m is None:
                return []
            start = next(p.n for p, t in lines if p.n in self.skip and re.match(m.re, t))
            out = []
            for p, text in lines:
                if p.n <= start:
                    continue
                if text[:1] not in DASHES + "+•":
                    break
                self.skip.add(p.n)
                out.append(_bare(text, ";."))
            return out

        if kind == "bien_ban":
            take(r"^thời\s+gian\s+bắt\s+đầu\s*:\s*(.+)$", "bat_dau", value=lambda m: _moment(m.group(1)))
            take(r"^địa\s+điểm\s*:\s*(.+)$", "dia_diem")
            m = take(r"^thành\s+phần(?:\s+tham\s+dự)?\s*:\s*(.*)$")
            if m is not None:
                blanks["thanh_phan"] = m.group(1).rstrip(".") if m.group(1) else dashes_after(m)
            take(r"^chủ\s+(?:trì|tọa|toạ)(?:\s*\([^)]*\))?\s*:\s*(.+)$", "chu_toa", value=lambda m: _person(m.group(1)))
            take(r"^thư\s+k[ýí](?:\s*\([^)]*\))?\s*:\s*(.+)$", "thu_ky", value=lambda m: _person(m.group(1)))
            m = take(r"^nội\s+dung\s*\(\s*theo\s+diễn\s+biến\s+(.+?)\s*\)\s*:?$")
            if m is not None:
                blanks["cuoc_hop"] = m.group(1)
            m = take(r"^(cuộc\s+họp|hội\s+nghị|hội\s+thảo)\s+kết\s+thúc\s+vào\s+(.+?)\s*(?:\./\.|\.)?$")
            if m is not None:
                blanks["ket_thuc"] = _moment(m.group(2))
                blanks.setdefault("cuoc_hop", m.group(1).lower())
            if blanks.get("cuoc_hop") == "cuộc họp":
                blanks.pop("cuoc_hop")
            if "ket_thuc" in blanks and "ngay" not in front:
                front["ngay"] = dt.datetime.strptime(blanks["ket_thuc"][:10], "%d/%m/%Y").date()
            front.pop("nguoi_ky", None)
            front["bien_ban"] = blanks
        elif kind == "cong_dien" and self.doc.cong_dien is not None:
            dien = self.doc.cong_dien
            who = re.sub(r"\s+điện\s*:$", "", words(dien.line.text), flags=re.IGNORECASE)
            if who.upper() != words(str(front.get("co_quan", ""))).upper():
                blanks["nguoi_dien"] = _as_written(who, self.corpus)
            blanks["nhan_dien"] = [_bare(words(q.text), ";.")
                                   for q in dien.offices]
            front["cong_dien"] = blanks
        elif kind in ("giay_gioi_thieu", "giay_nghi_phep"):
            take(r"^.+\btrân\s+trọng\s+giới\s+thiệu\s*:$")
            take(r"^xét\s+đơn\s+đề\s+nghị\s+nghỉ\s+phép\s+ngày\s+(.+?)\s+của\b.*cấp\s+cho\s*:$", "don_ngay",
                 value=lambda m: _day(m.group(1)))
            m = take(r"^(Ông|Bà)\s*:?\s+(.+)$", flags=0)
            if m is not None:
                blanks["danh_xung"], blanks["ong_ba"] = m.group(1), m.group(2).strip()
            take(r"^chức\s+vụ\s*:\s*(.+)$", "chuc_vu")
            take(r"^được\s+cử\s+đến\s*:\s*(.+)$", "duoc_cu_den")
            take(r"^về\s+việc\s*:\s*(.+)$", "ve_viec")
            take(r"^đề\s+nghị\s+quý\s+cơ\s+quan\s+tạo\s+điều\s+kiện\b.*$")
            take(r"^giấy\s+này\s+có\s+giá\s+trị\s+đến\s+hết\s+ngày\s+(.+?)\s*(?:\./\.|\.)?$", "co_gia_tri_den",
                 value=lambda m: _day(m.group(1)))
            m = take(r"^được\s+nghỉ\s+phép\s+trong\s+thời\s+gian\s+(\d+)\s+ngày(\s+làm\s+việc)?\s+kể\s+từ\s+ngày\s+"
                     r"(.+?)\s+đến\s+hết\s+ngày\s+(.+?)\s+tại\s+(.+?)\.?$")
            if m is not None:
                blanks.update(tu_ngay=_day(m.group(3)), den_ngay=_day(m.group(4)), noi_nghi=m.group(5))
                if not m.group(2):
                    blanks["so_ngay"] = int(m.group(1))
            take(r"^số\s+ngày\s+nghỉ\s+phép\s+nêu\s+trên\s+được\s+tính\s+vào\s+thời\s+gian\s+(.+?)\s*(?:\./\.|\.)?$",
                 "tinh_vao")
            if kind == "giay_nghi_phep" and any(re.match(r"^xác\s+nhận\s+của\b", words(p.text), re.IGNORECASE)
                                                for p in self.doc.paras[self.doc.closing.start or 0:]):
                blanks["xac_nhan"] = True
            front["gioi_thieu" if kind == "giay_gioi_thieu" else "nghi_phep"] = blanks
        elif kind == "giay_moi":
            take(r"^.+\btrân\s+trọng\s+kính\s+mời\s*:\s*(.+)$", "kinh_moi")
            if blanks:
                take(r"^tới\s+dự\s*:?\s*(.+)$", "toi_du")
                take(r"^chủ\s+trì\s*:\s*(.+)$", "chu_tri")
                take(r"^thời\s+gian\s*:\s*(.+)$", "thoi_gian", value=lambda m: _moment(m.group(1).rstrip(".")))
                take(r"^địa\s+điểm\s*:\s*(.+)$", "dia_diem")
                if {"kinh_moi", "toi_du", "thoi_gian", "dia_diem"} <= set(blanks):
                    front["giay_moi"] = blanks
                else:  # not the decree's sentences throughout: the text stays as typed
                    self.skip -= {p.n for p, _ in lines}
                    self.note(None, "giấy mời không theo đủ các câu của Mẫu 1.7: giữ thành chữ")
        kem = self.doc.title.kem_theo
        if kem is not None:
            m = re.match(r"^\(\s*(?:ban\s+hành\s+)?kèm\s+theo\s+(.+?)\s+số\s+([\d.…_ ]*)/?\s*([^\s]*)\s+(.+?)"
                         r"\s+của\s+(.+?)\s*\)$", words(kem.text), re.IGNORECASE)
            if m is not None:
                info: dict[str, Any] = {}
                number = m.group(2).strip(" ./…_")
                if number.isdigit():
                    info["so"] = int(number)
                day = _day(m.group(4))
                if isinstance(day, dt.date):
                    info["ngay"] = day
                elif not re.search(r"[.…_]{2,}|ngày\s+tháng", m.group(4)):
                    self.note(kem, f"không đọc được ngày “{m.group(4)}” của dòng Kèm theo: điền kem_theo.ngay")
                loai = next((t for t in LOAI_VAN_BAN.values() if t.ten.lower() == m.group(1).lower()), None)
                if loai is not None and loai.ma != "quyet_dinh":
                    info["loai"] = loai.ma
                mark = m.group(3)
                parts = [g for g in re.split(rf"[{DASHES}]", mark) if g]
                issuer = words(m.group(5)).lower()
                ours = words(str(front.get("co_quan", ""))).lower()
                if ("viet_tat_co_quan" not in front and "ky_hieu" not in front and len(parts) >= 2
                        and ours and ours in issuer):  # our own quyết định ("Giám đốc Sở Xây dựng"): SXD is ours
                    front["viet_tat_co_quan"] = parts[1]
                own = build_ky_hieu(loai, front.get("viet_tat_co_quan") or "?") if loai is not None else None
                if mark and mark != own:
                    info["ky_hieu"] = mark
                info["cua"] = m.group(5)
                front["kem_theo"] = info
            else:
                self.note(kem, "dòng “(Kèm theo …)” của văn bản ban hành kèm theo quyết định không đọc được: "
                               "ghi kem_theo: {so, ngay} trong phần đầu")

    def appendix(self, paras: list[Paragraph]) -> str:
        head = paras[0]
        title: list[str] = []
        rest = paras[1:]
        label = words(head.text)
        m = re.match(r"^phụ\s+lục\b(?:\s+(?:[ivxlc]+|\d+)\b)?\s*[:.\-–]?\s*(.*)$", label, re.IGNORECASE)
        if m and m.group(1):
            title.append(m.group(1))
        while rest and rest[0].top and rest[0].ppr.jc == "center" and rest[0].text.strip() and not title[1:]:
            text = words(rest[0].text)
            if KEM_THEO_RE.match(text):
                self.kem_theo_note(text)
                rest = rest[1:]
                break
            title.append(text)
            rest = rest[1:]
        while rest and rest[0].top and (KEM_THEO_RE.match(rest[0].text.strip()) or not rest[0].text.strip()
                                        and not rest[0].drawing):
            self.kem_theo_note(words(rest[0].text))
            rest = rest[1:]
        section = self.docx.sections[min(head.section, len(self.docx.sections) - 1)]
        ngang = " {ngang}" if section.landscape else ""
        text = "# Phụ lục: " + _md_text(" ".join(title) or "Phụ lục") + ngang
        self.in_landscape_appendix = section.landscape
        try:
            return "\n\n".join([text, *self.blocks(rest, appendix=True)])
        finally:
            self.in_landscape_appendix = False

    def kem_theo_note(self, note: str) -> None:
        """A phụ lục's "(Kèm theo Báo cáo số …… ngày …)" with the number and date left blank while
        the document has them: an electronic document's (the signing system fills them)."""
        if KEM_THEO_RE.match(note) and ("so" in self.front or "ngay" in self.front) and re.search(
                r"số\s*[.…_ ]{2,}|ngày\s*[.…_ ]{2,}|ngày\s+tháng", note):
            self.front["dien_tu"] = True

    def blocks(self, paras: list[Paragraph], *, appendix: bool) -> list[str]:
        kinds = self.heading_kinds(paras)
        scheme, levels = next(((s, lv) for s, lv in _SCHEMES if kinds <= set(lv)), _SCHEMES[0])
        self.current_scheme = scheme
        if kinds and not appendix:
            self.scheme = scheme
        shift = 0  # inside a phụ lục, "#" is again its first level (I.)
        out: list[str] = []
        self.last_text = {}
        done_tables: set[int] = set()
        i = count = 0
        last_text = max((k for k, p in enumerate(paras) if p.top and p.text.strip()), default=-1)
        while i < len(paras):
            p = paras[i]
            i += 1
            if p.n in self.skip:
                continue
            if p.cell is not None:
                if p.cell.table not in done_tables:
                    done_tables.add(p.cell.table)
                    caption = self.caption_before(out, "Bảng")
                    out.append(self.table(p.cell.table, caption))
                continue
            if p.textbox:
                if p.text.strip():
                    self.note(p, "chữ trong hộp văn bản: giữ thành đoạn văn")
                    out.append(_inline(p))
                continue
            if p.page_break and not p.text.strip():
                out.append("---")
                continue
            images = self.images(p)
            if images:
                caption, label = "", "Hình"
                if i < len(paras) and _CAPTION.match(words(paras[i].text)) and paras[i].top:
                    m = _CAPTION.match(words(paras[i].text))
                    assert m is not None
                    caption, label = m["text"], " ".join(m["kind"].split())
                    self.skip.add(paras[i].n)
                if label == "Biểu đồ":
                    self.note(p, "biểu đồ giữ thành ảnh: số liệu của nó không lấy lại được (vẽ lại bằng chart())")
                for name in images:
                    title = f' "{label}"' if caption and label != "Hình" else ""
                    out.append(f"![{_md_text(caption)}]({name}{title})")
                    caption = ""
                if p.text.strip():
                    out.append(_inline(p))
                continue
            text = p.text.strip()
            if not text or line_only(text) and not out:  # a "____" rule under the title; later, text
                continue
            k = i - 1
            written = self.paragraph(p, kinds, levels, shift, last=(k == last_text and not appendix))
            letter = _TYPED_LETTER.match(written)
            if letter:  # điểm typed one under another: the Vietnamese letter order (a b c d đ e g …)
                typed = letter.group(1)
                count = count + 1 if out and _TYPED_LETTER.match(out[-1]) else (
                    CHU_CAI.index(typed) + 1 if typed in CHU_CAI else 1)
                right = CHU_CAI[count - 1] if count <= len(CHU_CAI) else typed
                if right != typed:
                    self.note(p, f"điểm “{typed})” sửa thành “{right})” theo thứ tự chữ cái tiếng Việt")
                    written = right + written[1:]
            out.append(written)
            self.last_text[len(out) - 1] = (written, words(p.text))
            if p.page_break:
                out.append("---")
        return [x for x in out if x]

    def caption_before(self, out: list[str], kind: str) -> str | None:
        """The caption typed right above a table ("Bảng 1. …"), taken out of the text: the table's."""
        written, plain = self.last_text.get(len(out) - 1, ("", None))
        if plain is not None and out and out[-1] == written:
            m = _CAPTION.match(plain)
            if m and " ".join(m["kind"].split()) == kind:
                out.pop()
                return m["text"]
        return None

    def heading_kinds(self, paras: list[Paragraph]) -> set[str]:
        kinds = set()
        dieu = any(_label(words(p.text)) and _label(words(p.text))[0] == "dieu" for p in paras if p.top)  # type: ignore[index]
        self.dieu_doc = dieu
        for p in paras:
            if p.top and p.n not in self.skip:
                kind = self.heading_kind(p, dieu)
                if kind:
                    kinds.add(kind)
        return kinds

    def heading_kind(self, p: Paragraph, dieu: bool) -> str | None:
        text = words(p.text)
        found = _label(text)
        if found is None:
            return None
        kind, at = found
        pieces = p.pieces_in(0, len(p.text))
        if kind in ("phan", "chuong"):
            return kind if p.ppr.jc == "center" or all(props.bold for _, props in pieces) else None
        if kind == "dieu" or dieu:
            return kind  # an article, and khoản 1. and điểm a) of an article: its headings however set
        title = text[at:]
        bold = pieces and all(props.bold for _, props in pieces)
        italic = pieces and all(props.italic for _, props in pieces)
        label_bold = pieces and pieces[0][1].bold
        count = len(title.split())
        if title.endswith((";", ",")) or count > 2 * _HEADING_WORDS:
            return None
        if kind in ("roman", "n", "path") and (bold or (label_bold or italic and kind == "path")
                                               and count <= _HEADING_WORDS):
            return kind  # set as a heading is: a plain paragraph that starts with "III." stays one
        if kind == "alpha" and (bold or italic) and not title.endswith("."):
            return kind
        return None

    def paragraph(self, p: Paragraph, kinds: set[str], levels: dict[str, int], shift: int, *, last: bool) -> str:
        text = p.text
        end_mark = _END_MARK.search(text) if last else None
        if last and end_mark is None and self.kind.ma not in ("bien_ban", "cong_dien"):
            self.note(p, "văn bản không có dấu “./.” ở cuối: bản điền lại có (dau_ket_thuc: false nếu không muốn)")
        end = end_mark.start() if end_mark else None  # the writer puts the "./." back
        kind = self.heading_kind(p, self.dieu_doc) if p.top else None
        if kind is not None and kind in levels:
            lead = len(text) - len(text.lstrip())
            found = _label(words(text))
            assert found is not None
            # where the title starts in the paragraph's own text (spaces may differ from words())
            m = _LABELS[[k for k, _ in _LABELS].index(kind)][1].match(text.lstrip())
            at = lead + (m.end() if m else found[1])
            level_spec = SCHEMES[self.current_scheme].levels[min(levels[kind], 4) - 1]
            title = _inline(p, at, end, drop_bold=level_spec.bold or kind in ("phan", "chuong", "dieu"),
                            drop_italic=level_spec.italic)  # what the level sets anyway is not marked
            if kind in ("phan", "chuong") and not title:
                title = self.next_title(p)
            level = min(levels[kind] + shift, 4)
            return "#" * level + " " + (title or "\\-")
        bullet = _BULLET.match(text)
        if bullet and p.top:
            mark = "+" if bullet.group(1) == "+" else "-"
            return f"{mark} " + _inline(p, bullet.end(), end)
        out = _inline(p, 0, end)
        if p.label:  # Word's own list numbering, part of the text read
            out = _inline(p, len(p.label) + 1, end)
            return ("- " if not re.match(r"^[\w]+[.)]$", p.label) else _md_text(p.label) + " ") + out
        return out

    def next_title(self, p: Paragraph) -> str:
        nxt = next((q for q in self.doc.paras[p.n:p.n + 3] if q.text.strip()), None)
        bold = nxt is not None and all(props.bold for _, props in nxt.pieces_in(0, len(nxt.text)))
        if nxt is not None and nxt.top and (nxt.ppr.jc == "center" or bold) and _label(words(nxt.text)) is None:
            self.skip.add(nxt.n)
            return _inline(nxt, drop_bold=True, drop_italic=True)
        return ""

    # -- pictures
    def images(self, p: Paragraph) -> list[str]:
        el = p.element
        if el is None or not p.drawing:
            return []
        names = []
        for blip in el.iter(f"{{{_A}}}blip"):
            rid = blip.get(f"{{{_R}}}embed")
            part = self.docx.part.related_parts.get(rid) if rid else None
            if part is None:
                self.note(p, "ảnh liên kết ra ngoài tệp: không lấy được")
                continue
            suffix = _IMAGE_TYPES.get(part.content_type)
            if suffix is None or suffix in (".emf", ".wmf"):
                self.note(p, f"ảnh dạng {part.content_type}: không dùng được trong mẫu, bỏ qua")
                continue
            name = f"hinh_{sum(1 for k in self.files if k.startswith('hinh_')) + 1}{suffix}"
            self.files[name] = part.blob
            names.append(name)
        return names

    # -- tables
    def table(self, number: int, caption: str | None) -> str:
        first, last = self.docx.tables[number]
        paras = self.docx.paragraphs[first - 1:last]
        tbl = next(a for a in paras[0].element.iterancestors(f"{{{_W}}}tbl"))
        while True:  # the outermost table
            outer = next(tbl.iterancestors(f"{{{_W}}}tbl"), None)
            if outer is None:
                break
            tbl = outer
        by_element = {id(p.element): p for p in paras}
        grid: list[list[_Cell]] = []
        header_rows = 0
        nested = False
        for tr in tbl.iterchildren(f"{{{_W}}}tr"):
            row: list[_Cell] = []
            pr = tr.find(f"{{{_W}}}trPr")
            if pr is not None and pr.find(f"{{{_W}}}tblHeader") is not None and header_rows == len(grid):
                header_rows += 1  # repeated on each page: Word's own mark of a header row
            before = pr.find(f"{{{_W}}}gridBefore") if pr is not None else None
            for _ in range(int(before.get(f"{{{_W}}}val", "0")) if before is not None else 0):
                row.append(_Cell("", "merge"))
            for tc in tr.iterchildren(f"{{{_W}}}tc"):
                tcpr = tc.find(f"{{{_W}}}tcPr")
                span_el = tcpr.find(f"{{{_W}}}gridSpan") if tcpr is not None else None
                span = int(span_el.get(f"{{{_W}}}val", "1")) if span_el is not None else 1
                vm = tcpr.find(f"{{{_W}}}vMerge") if tcpr is not None else None
                continued = vm is not None and vm.get(f"{{{_W}}}val", "continue") != "restart"
                nested = nested or tc.find(f".//{{{_W}}}tbl") is not None
                cell_paras = [by_element[id(x)] for x in tc.iter(f"{{{_W}}}p") if id(x) in by_element]
                row.append(_Cell.of(cell_paras, "merge" if continued else ""))
                row += [_Cell("", "span", row[-1].bold)] * (span - 1)
            grid.append(row)
        where = f"bảng {number} (dữ liệu bang_{self.tables_written + 1})"
        if nested:
            self.note(paras[0], f"{where} có bảng lồng bên trong: chữ của nó ghép vào ô chứa nó")
        width = max((len(r) for r in grid), default=0)
        grid = [r + [_Cell("", "merge")] * (width - len(r)) for r in grid]
        if not grid or width == 0:
            return ""
        heads = header_rows
        if not heads:  # the first rows whose every written cell is bold and centred (one at least)
            for r in grid:
                written = [c for c in r if c.text]
                header_like = written and all(c.bold and c.jc == "center" and not _figure(c.text) for c in written) \
                    and (heads == 0 or all(c.text or c.kind for c in r))  # a group row has empty cells
                if header_like and heads < 3 and len(grid) - heads > 1:
                    heads += 1
                else:
                    break
        heads = max(heads, 1)
        labels: list[tuple[str, ...]] = []
        for col in range(width):
            parts: list[str] = []
            for r in grid[:heads]:
                text, kind = r[col].text, r[col].kind
                if kind == "span":  # the text of the cell it continues
                    back = col
                    while back > 0 and r[back].kind == "span":
                        back -= 1
                    text = r[back].text
                if text and (not parts or parts[-1] != text):
                    parts.append(text)
            labels.append(tuple(parts) or (f"Cột {col + 1}",))
        # columns spanned in every row are one column
        keep = [c for c in range(width) if not all(r[c].kind == "span" for r in grid)]
        labels = [labels[c] for c in keep]
        body = [[r[c] for c in keep] for r in grid[heads:]]
        if any(c.bold for r in body[:-1] for c in r if c.text):
            self.note(paras[0], f"{where}: dòng in đậm giữa bảng (dòng nhóm) không giữ được in đậm")
        section = self.docx.sections[min(paras[0].section, len(self.docx.sections) - 1)]
        return self.table_call(number, labels, body, caption, paras[0], landscape=section.landscape)

    def table_call(self, number: int, labels: list[tuple[str, ...]], body: list[list[_Cell]], caption: str | None,
                   where: Paragraph, *, landscape: bool = False) -> str:
        keys = _keys(labels)
        rows = [[c.text for c in r] for r in body]
        self.tables_written += 1
        name = f"bang_{self.tables_written}"
        options: list[str] = []
        stt = bool(labels) and _STT.match(labels[0][-1]) is not None and all(
            r[0] == str(i + 1) or (r[0] == "" and _TOTAL.match(" ".join(r[1:2]))) for i, r in enumerate(rows))
        stt_column = (keys[0], labels[0], [r[0] for r in rows], [r[0] for r in body]) if stt else None
        if stt:
            keys, labels, rows, body = keys[1:], labels[1:], [r[1:] for r in rows], [r[1:] for r in body]
        numeric = [_numeric(col, [r[j] for r in body]) for j, col in enumerate(zip(*rows))] if rows else []
        total_row = None
        if rows and any(_TOTAL.match(v) for v in rows[-1] if v and not _NUMBER.match(v)):
            total_row, total_cells = rows.pop(), body.pop()
            # a column whose total is the sum of its values is one of numbers, however it is aligned
            numeric = [_numeric(col, [r[j] for r in body]) or _numeric(col, []) and _adds_up(col, total_row[j])
                       or (not any(col) and bool(total_row[j]))
                       for j, col in enumerate(zip(*rows))] if rows else numeric
            rate = [num and (any(v.endswith("%") for v in (*col, total_row[j])) or _rate(k, lab))
                    for j, (k, lab, col, num) in enumerate(zip(keys, labels, zip(*rows), numeric))]
            total = self.total_option(keys, rows, total_row, numeric, rate, where, name) if rows else None
            if total is None:
                rows.append(total_row)
                body.append(total_cells)
                self.note(where, f"{name}: dòng “{next(v for v in total_row if v)}” không bằng tổng các "
                                 "dòng trên: giữ thành một dòng dữ liệu")
                numeric = [_numeric(col, [r[j] for r in body]) for j, col in enumerate(zip(*rows))]
                if stt_column is not None:  # the STT column stays data: the kept row has no number
                    key, label, values, cells = stt_column
                    keys, labels = [key, *keys], [label, *labels]
                    rows = [[v, *r] for v, r in zip(values, rows)]
                    body = [[c, *r] for c, r in zip(cells, body)]
                    numeric = [False, *numeric]
                    stt_column = None
            else:
                options.append(f"total={total}")
        if stt_column is not None:
            options.insert(0, "stt=True")
        columns_of = list(zip(*rows)) if rows else []
        percent = [k for k, col, num in zip(keys, columns_of, numeric) if num and any(v.endswith("%") for v in col)]
        decimals = {k: d for k, col, num in zip(keys, columns_of, numeric) if num and (d := _typed_places(col))}
        # digits kept as typed ("12", "001"): text the table writes as it is, never sums
        as_text = [k for k, col, num in zip(keys, columns_of, numeric) if not num and any(col)
                   and all(re.fullmatch(r"[\d.,%]+", v) for v in col if v)]
        out_rows = [[_number(v) if num and v else v for v, num in zip(r, numeric)] for r in rows]
        if as_text or any(v in _NA_TEXT for r in out_rows for v in r):
            # "1.000", "12", "N/A" typed as text: a CSV would be read back as numbers or missing; JSON keeps text
            import json

            records = [{k: (_plain_number(v) if num and v else v) for k, v, num in zip(keys, r, numeric)}
                       for r in out_rows]
            self.files[f"{name}.json"] = (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(keys)
            writer.writerows(out_rows)
            self.files[f"{name}.csv"] = buffer.getvalue().encode("utf-8")
        labels = [(" – ".join(lab[:-1]), lab[-1]) if len(lab) > 2 else lab for lab in labels]
        shown = [_lit(lab[0]) if len(lab) == 1 else "(" + ", ".join(map(_lit, lab[:2])) + ")" for lab in labels]
        columns = "{" + ", ".join(f"{_lit(k)}: {v}" for k, v in zip(keys, shown)) + "}"
        if any(" – " in lab[0] for lab in labels if len(lab) == 2):
            self.note(where, f"{name}: bảng có hơn hai dòng tiêu đề: các dòng trên ghép thành một")
        if percent:
            options.append(f"phan_tram={_lit(percent)}")
        if decimals:
            options.append(f"decimals={{{', '.join(f'{_lit(k)}: {v}' for k, v in decimals.items())}}}")
        if as_text:
            options.append(f"as_text={_lit(as_text)}")
        aligns = [_majority([c.jc for c in col if c.text]) for col in zip(*body)] if body else []
        guessed = ["right" if num else "center" if k in as_text else "left" for k, num in zip(keys, numeric)]
        if aligns and any(a and a != g for a, g in zip(aligns, guessed)):
            options.append(f"align={_lit([a or g for a, g in zip(aligns, guessed)])}")
        sizes = {c.size for r in body for c in r if c.text and c.size}
        if len(sizes) == 1 and (size := sizes.pop()) != 13:
            options.append(f"font_size={size:g}")
        if landscape and not self.in_landscape_appendix:
            options.append("ngang=True")
        if caption:
            options.append(f"caption={_lit(caption)}")
        return "{{ table(" + ", ".join([name, columns, *options]) + ") }}"

    def total_option(self, keys: list[str], rows: list[list[str]], total: list[str], numeric: list[bool],
                     rate: list[bool], where: Paragraph, name: str) -> str | None:
        """The ``total=`` that gives the Tổng cộng row back, or ``None`` when the row is not the sum
        of the rows above: each number column summed, left blank, or a rate recomputed from the
        sums of two columns (``["dung_han", "so_ho_so"]``), or else its number as typed."""
        given: dict[str, str] = {}
        label_at = next(j for j, v in enumerate(total) if v and not _NUMBER.match(v))
        for j, value in enumerate(total):
            if not numeric[j]:
                if value and j != label_at:
                    return None  # a figure in a column of text ("(12,25)"): the row stays, as typed
                continue
            if not value:
                given[keys[j]] = "False"
                continue
            if rate[j]:
                pair = _rate_pair(j, keys, rows, total, numeric, rate)
                if pair is not None:
                    given[keys[j]] = _lit(pair)
                else:
                    given[keys[j]] = _number(value)
                    self.note(where, f"{name}: ô “{value}” của dòng tổng (cột {keys[j]}) là số cố định: "
                                     "sửa trong mẫu khi đổi dữ liệu")
                continue
            try:
                if sum(Decimal(_number(r[j])) for r in rows if r[j]) != Decimal(_number(value)):
                    return None
            except InvalidOperation:
                return None
        label = next(v for v in total if v and not _NUMBER.match(v))
        if words(label) != "Tổng cộng":
            given["label"] = _lit(label)
        if not given:
            return "True"
        return "{" + ", ".join(f"{_lit(k)}: {v}" for k, v in given.items()) + "}"


@dataclass
class _Cell:
    """A cell of a table read: its text, how it spans ("" its own, "span" the cell on its left
    continues over it, "merge" the cell above does), bold, alignment, size of its text."""

    text: str
    kind: str = ""
    bold: bool = False
    jc: str | None = None
    size: float | None = None

    @classmethod
    def of(cls, paras: list[Paragraph], kind: str) -> _Cell:
        text = "\n".join(words(q.text) for q in paras if q.text.strip())
        pieces = [props for q in paras for _, props in q.pieces_in(0, len(q.text))]
        jc = next((q.ppr.jc for q in paras if q.text.strip()), None)
        return cls(text, kind, bool(text) and all(p.bold for p in pieces), {"start": "left", "end": "right",
                   "both": "left", None: "left"}.get(jc, jc), pieces[0].size if pieces else None)


def _numeric(col: Sequence[str], cells: Sequence[_Cell]) -> bool:
    """A column of numbers: every value one (Vietnamese way: "6.243.886", "85,02", "91,17%"), with
    the same number of decimals, no code with a leading zero ("01"), no year or code of four digits
    or more written without separators ("2021"), and not every value set on the left as text is."""
    values = [v for v in col if v]
    if not values or not all(_NUMBER.match(v) for v in values):
        return False
    if any(_leading_zero(v) for v in values) or any(re.fullmatch(r"[-+]?\d{4,}(?:,\d+)?%?", v) for v in values):
        return False
    if len({(v.rstrip("%").split(",") + [""])[1].__len__() for v in values}) > 1:
        return False
    return not cells or not all(c.jc == "left" for c in cells if c.text)


#: Cells pandas reads as missing in a CSV.
_NA_TEXT = frozenset({"#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>",
                      "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"})


def _figure(text: str) -> bool:
    """A figure, not a header's words: "600", "1.234", "12,5%" (a year of four digits may head a column)."""
    return bool(_NUMBER.match(text)) and not re.fullmatch(r"(?:19|20)\d\d", text)


def _adds_up(col: Sequence[str], total: str) -> bool:
    try:
        return bool(total) and sum((Decimal(_number(v)) for v in col if v), Decimal(0)) == Decimal(_number(total))
    except InvalidOperation:
        return False


def _plain_number(text: str) -> int | float:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() and "." not in text else float(value)


def _typed_places(col: Sequence[str]) -> int:
    return max(((len(v.rstrip("%").split(",")[1]) if "," in v else 0) for v in col if v), default=0)


def _majority(values: list[str | None]) -> str | None:
    return max(set(values), key=values.count) if values else None


def _rate_pair(j: int, keys: list[str], rows: list[list[str]], total: list[str], numeric: list[bool],
               rate: list[bool]) -> list[str] | None:
    """The two number columns whose sums give the total row's rate in column ``j`` (its shown
    decimals), as ``table(total={"ty_le": ["dung_han", "so_ho_so"]})`` recomputes it."""
    from .numbers import round_half_up

    shown = Decimal(_number(total[j]))
    places = _typed_places([total[j]])
    sums: dict[int, Decimal] = {}
    for c, num in enumerate(numeric):
        if num and not rate[c] and c != j:
            try:
                sums[c] = sum((Decimal(_number(r[c])) for r in rows if r[c]), Decimal(0))
            except InvalidOperation:
                continue
    for top, a in sums.items():
        for bottom, b in sums.items():
            if top != bottom and b and round_half_up(a * 100 / b, places) == shown:
                return [keys[top], keys[bottom]]
    return None


#: What python-docx's own template says of itself: not the document's properties.
_PYTHON_DOCX = {"python-docx", "generated by python-docx"}


def _properties(docx: DocxDocument, front: dict[str, Any]) -> dict[str, str]:
    """The file's properties (title, subject, author, keywords, comments) as ``thuoc_tinh``: the
    title when it is not the trích yếu the writer puts there anyway."""
    try:
        core = docx.package.core_properties
    except Exception:  # noqa: BLE001 - a package without docProps/core.xml: no properties
        return {}
    out = {}
    for name, value in (("tieu_de", core.title), ("chu_de", core.subject), ("tac_gia", core.author),
                        ("tu_khoa", core.keywords), ("mo_ta", core.comments)):
        value = words(str(value or ""))
        if value and value not in _PYTHON_DOCX and not (name == "tieu_de" and value == front.get("trich_yeu")):
            out[name] = value
    return out


def _bare(entry: str, end: str = ";.,") -> str:
    """An entry typed with its bullet and end punctuation ("- Sở Nội vụ;") as a list item holds it.

    >>> _bare("- Sở Nội vụ;"), _bare("+ Như trên,"), _bare("– Lưu: VT.", ";.")
    ('Sở Nội vụ', 'Như trên', 'Lưu: VT')
    """
    return re.sub(rf"^[{DASHES}+•]\s*", "", entry.strip()).strip().rstrip(end).strip()


def _day(text: str) -> dt.date | str:
    """A day written in a sentence ("05 tháng 7 năm 2024", "19/8/2024"); the text when it is none."""
    found = typed_date("ngày " + text) or typed_date(text)
    m = re.match(r"^(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})$", text.strip(" ."), re.IGNORECASE)
    try:
        if found:
            return dt.date(*found)
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        pass
    return text


def _moment(text: str) -> str:
    """"08 giờ 00, ngày 05 tháng 7 năm 2024" as the forms take it: "05/07/2024 08:00"."""
    m = re.match(r"^(\d{1,2})\s*(?:giờ|h|:)\s*(\d{1,2})?\s*(?:phút)?\s*,?\s*(?:ngày\s+)?(.+)$", text.strip(),
                 re.IGNORECASE)
    if m is None:
        return text
    day = _day(m.group(3).rstrip("./ "))
    if not isinstance(day, dt.date):
        return text
    return f"{day:%d/%m/%Y} {int(m.group(1)):02d}:{int(m.group(2) or 0):02d}"


def _person(text: str) -> dict[str, str] | str:
    """"Nguyễn Thị Phúc Thảo, Phó Giám đốc Sở" → name and title."""
    name, _, title = text.strip().rstrip(".").partition(",")
    return {"ho_ten": name.strip(), "chuc_vu": title.strip()} if title.strip() else name.strip()


def _number(text: str) -> str:
    """A number as written in a cell ("6.243.886", "85,02", "91,17%") in a CSV's plain form."""
    return text.rstrip("%").replace(".", "").replace(",", ".")


def _places(text: str) -> int:
    value = _number(text)
    return len(value.split(".")[1].rstrip("0")) if "." in value else 0


def _leading_zero(text: str) -> bool:
    return len(text) > 1 and text[0] == "0" and text[1].isdigit()


def _lit(value: Any) -> str:
    """A Jinja literal of a string or a list of strings."""
    import json

    return json.dumps(value, ensure_ascii=False)


def _keys(labels: list[tuple[str, ...]]) -> list[str]:
    """Column names for a CSV: the label's words, ASCII-folded, joined with "_"."""
    out: list[str] = []
    for label in labels:
        base = re.sub(r"[^a-z0-9]+", "_", _fold(" ".join(label))).strip("_")[:40] or "cot"
        base = base.rstrip("_")
        key, n = base, 2
        while key in out:
            key, n = f"{base}_{n}", n + 1
        out.append(key)
    return out


# ---------------------------------------------------------------------------- the round trip, measured
_WORD = re.compile(r"[\w]", re.UNICODE)


def _word_list(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        for token in nfc(text).split():
            token = re.sub(r"(?<!\d)0+(?=\d)", "", token.strip(".,;:!?()[]{}“”\"'‘’…/").lower())
            if not _WORD.search(token):
                continue  # a dash, a rule typed with "____": no word
            out.append(token)
    return out


def _borderless(docx: DocxDocument, number: int) -> bool:
    first = docx.paragraphs[docx.tables[number][0] - 1].element
    tbl = next(first.iterancestors(f"{{{_W}}}tbl"), None)
    if tbl is None:
        return False
    borders = tbl.find(f"{{{_W}}}tblPr/{{{_W}}}tblBorders")
    if borders is None:  # the table style's borders, or none (Word's "Normal Table")
        style = tbl.find(f"{{{_W}}}tblPr/{{{_W}}}tblStyle")
        return style is None or "grid" not in (style.get(f"{{{_W}}}val") or "").lower()
    return all(b.get(f"{{{_W}}}val") in ("nil", "none") for b in borders)


def reading_words(source: str | os.PathLike[str] | bytes | DocxDocument) -> list[str]:
    """The words of a .docx's body in the order a person reads them: a borderless table (a header
    or a signature block laid out in two columns) and a block of tab-aligned lines column by column,
    a table with borders row by row. Words only (a dash or a "____" rule is none), in lower case, a
    number without its leading zeros ("05" and "5" are one number)."""
    docx = source if isinstance(source, DocxDocument) else read_docx(source)
    paras = docx.paragraphs
    texts: list[str] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.cell is not None:
            first, last = docx.tables[p.cell.table]
            cells = [q for q in paras[first - 1:last] if q.cell is not None]
            if _borderless(docx, p.cell.table):
                cells.sort(key=lambda q: (q.cell.col, q.cell.row, q.n))  # type: ignore[union-attr]
            texts += [q.text for q in cells]
            i = last
            continue
        tabbed = [q for q in paras[i:i + 40] if q.top]
        block: list[Paragraph] = []
        for q in tabbed:
            if q.top and ("\t" in q.text.strip("\n ") or q.text.startswith("\t") or not q.text.strip()
                          or len(q.text.split()) <= 12 and q.ppr.jc not in ("both", "center")):
                block.append(q)
            else:
                break
        if sum("\t" in q.text for q in block) >= 2:
            left: list[str] = []
            right: list[str] = []
            for q in block:
                for line in q.text.split("\n"):
                    parts = [x for x in line.split("\t") if x.strip()]
                    if len(parts) == 1 and line.lstrip(" ").startswith("\t"):
                        right += parts  # a line of the right column only: the signer's name
                    else:
                        left += parts[:1]
                        right += parts[1:]
            texts += left + right
            i = block[-1].n
            continue
        texts.append(p.text)
        i += 1
    return _word_list(texts)


def word_recall(original: Sequence[str], rendered: Sequence[str]) -> float:
    """The share of ``original``'s words found in ``rendered`` in the same order (the longest
    common subsequence, as difflib finds it).

    >>> word_recall(["a", "b", "c", "d"], ["a", "c", "b", "d"])
    0.75
    """
    import difflib

    if not original:
        return 1.0
    a, b = list(original), list(rendered)
    head = 0  # the common start and end are matched as they are: the comparison runs on the middle
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    # a long middle: words more frequent than 1 % anchor no match (difflib's autojunk), but still
    # extend the matches around them, so that near-identical texts compare fast and alike
    matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=len(middle_a) > 5000)
    return (head + tail + sum(block.size for block in matcher.get_matching_blocks())) / len(original)


# ---------------------------------------------------------------------------- writing
def _front_matter(front: dict[str, Any], comment: str) -> str:
    """The front matter as YAML. Its values are templates too: one where Jinja would see a tag
    ("{{", "{%", "{#") is written as a Jinja string literal, ``{{ "…" }}``, which gives it back
    as it is."""
    import json

    import yaml

    def literal(value: Any) -> Any:
        if isinstance(value, str) and re.search(r"\{[{%#]", value):
            return "{{ " + json.dumps(value, ensure_ascii=False) + " }}"
        if isinstance(value, list):
            return [literal(v) for v in value]
        if isinstance(value, dict):
            return {k: literal(v) for k, v in value.items()}
        return value

    text = yaml.safe_dump(literal(front), allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
    return "---\n" + comment + text + "---\n"


def mau_tu_docx(source: str | os.PathLike[str] | bytes, folder: str | os.PathLike[str], *,
                do_lai: bool = True) -> MauTuDocx:
    """Write a template folder from a Decree 30 .docx (ours or typed by hand): the template
    ``<loai>.md.j2``, a CSV per table and a file per picture.

    ``folder`` must not exist, or be empty; it is written whole or not at all. Returns what was
    written and the notes on what was kept as text or guessed (also given as warnings by the
    ``baocao mau`` command). With ``do_lai`` (the default) the folder is rendered once and
    :attr:`MauTuDocx.khop` says which share of the document's words came back in order."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{str(target)!r} là một tệp, không phải thư mục: không ghi mẫu vào đó", where="mau",
                          hint="chọn một thư mục mới (chưa có) hoặc trống, ví dụ -o mau-bao-cao/")
    if target.exists() and any(target.iterdir()):
        raise OutputError(f"thư mục {str(target)!r} đã có, không ghi đè", where="mau",
                          hint="chọn một thư mục mới (chưa có) hoặc trống")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise OutputError(f"thư mục {str(parent)!r} không tồn tại", where="mau", hint="tạo thư mục đó trước")
    shown = "<bytes>" if isinstance(source, bytes) else os.fspath(source)
    docx = read_docx(source)
    importer = _Importer(docx, shown)
    importer.header()
    importer.closing()
    body = importer.body()
    importer.unmapped()
    front = importer.front
    default_scheme = importer.kind.danh_so
    if importer.scheme is not None and importer.scheme != default_scheme:
        front["danh_so"] = importer.scheme
    order = ["loai", "co_quan_chu_quan", "co_quan", "viet_tat_co_quan", "don_vi_soan_thao", "ky_hieu", "so",
             "do_khan", "do_mat", "dia_danh", "ngay", "trich_yeu", "kinh_gui", "tham_quyen", "can_cu",
             "noi_nhan", "luu", "ky_hieu_soan_thao", "nguoi_ky", "danh_so", "muc_luc", "dien_tu", "kem_theo",
             "giay_moi", "cong_dien", "gioi_thieu", "bien_ban", "nghi_phep"]
    props = _properties(docx, front)
    if props:
        front["thuoc_tinh"] = props
    order.append("thuoc_tinh")
    front = {k: front[k] for k in order if k in front}
    kind = importer.kind
    missing = [name for name, needed in (("co_quan", True), ("dia_danh", kind.co_ngay and "kem_theo" not in front),
                                         ("ngay", kind.co_ngay and "kem_theo" not in front),
                                         ("nguoi_ky", kind.ma != "bien_ban" and "kem_theo" not in front))
               if needed and name not in front]
    if missing:
        importer.notes.append("không thấy " + ", ".join(missing) + " trong văn bản: thêm vào phần đầu của mẫu")
    comment = f"# Lấy từ {Path(shown).name}: kiểm tra lại các trường, rồi thay số liệu bằng dữ liệu.\n"
    template = _front_matter(front, comment) + body
    files = {f"{importer.kind.ma}.md.j2": template.encode("utf-8"), **importer.files}
    temp = Path(tempfile.mkdtemp(prefix=".baocao-mau-", dir=parent))
    try:
        for name, data in files.items():
            (temp / name).write_bytes(data)
        if target.exists():
            target.rmdir()
        umask = os.umask(0)
        os.umask(umask)
        temp.chmod(0o777 & ~umask)  # as a folder made by hand (mkdtemp's is private)
        temp.rename(target)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise OutputError(f"không ghi được thư mục {str(target)!r}: {exc.strerror or exc}", where="mau") from None
    done = MauTuDocx(target, target / f"{importer.kind.ma}.md.j2", [target / n for n in files], importer.notes)
    if do_lai:
        _measure(done, reading_words(docx))
    return done


def _measure(done: MauTuDocx, original: list[str]) -> None:
    """Render the folder just written and measure how many of the original's words come back in
    order (:attr:`MauTuDocx.khop`); what the render says is added to the notes."""
    import warnings

    from .errors import BaoCaoError, BaoCaoWarning
    from .template import render

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BaoCaoWarning)
        try:
            data = render(done.thu_muc).to_bytes()
        except BaoCaoError as exc:
            done.loi = f"mẫu vừa ghi chưa điền được, cần sửa tay: {exc}"
            return
    done.ghi_chu += [f"khi điền lại: {w.message}" for w in caught if issubclass(w.category, BaoCaoWarning)]
    done.khop = word_recall(original, reading_words(data))

