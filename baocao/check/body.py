"""§3 Title, recipients, body: tên loại and trích yếu, the body's format, heading numbers, điểm
letters, and the "./." that ends the text; §6 the forms of Phụ lục III — the fixed lines of a
giấy giới thiệu, giấy nghỉ phép, biên bản and công điện, the "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:" line — and
the copy block of a bản sao (Mẫu 3.1)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..layout import CHU_CAI, RANGES
from ..numbering import la_ma
from ..readers.docx import Paragraph, twips_to_mm
from .document import (
    HINH_THUC_SAO,
    Document,
    format_problems,
    inside,
    ky_hieu,
    nfc,
    num_text,
    range_text,
    upper,
    words,
)
from .registry import CANH_BAO, Hit, rule

#: Line height of single spacing in Times New Roman, in ems ((winAscent + winDescent) / unitsPerEm
#: plus the line gap): what "single" means when a document gives an exact line height.
SINGLE_LINE_EM = 1.15

_ROMAN_RE = re.compile(r"^([IVXLC]+)\.\s")
_PHAN_RE = re.compile(r"^(Phần|PHẦN|Chương|CHƯƠNG)\s+([IVXLC]+)\b")
_DIEU_RE = re.compile(r"^Điều\s+(\d+)\.")
_DECIMAL_RE = re.compile(r"^(\d{1,3})\.(\d{1,3})\.?\s")
_ARABIC_RE = re.compile(r"^(\d{1,3})\.\s")
_LETTER_RE = re.compile(r"^([^\W\d_])\)(?=\s|$)")
_ROMAN = {la_ma(n): n for n in range(1, 200)}


# ---------------------------------------------------------------------------- tên loại, trích yếu
def _ten_loai_expected() -> str:
    return f"tên loại in hoa, đậm, căn giữa, cỡ {range_text(RANGES.ten_loai_pt, 'pt')}"


@rule("ten-loai", "§3", text="tên loại có (theo ký hiệu), in hoa")
def ten_loai(doc: Document) -> Iterator[Hit]:
    title = doc.title
    first, by_kh = title.first, title.by_kh
    if first is None:
        return
    expected = _ten_loai_expected()
    if not title.named:
        if by_kh is not None and not doc.header.cong_van:
            yield doc.at(first, f"ký hiệu {by_kh.viet_tat} là của {by_kh.ten.lower()} nhưng không có "
                                f"dòng tên loại “{by_kh.ten.upper()}”", expected + f": “{by_kh.ten.upper()}”")
        return
    if title.name != title.name.upper():
        yield doc.at(first, f"tên loại “{title.name}” chưa viết in hoa", expected)


@rule("ten-loai-dinh-dang", "§3", text="tên loại in đậm, căn giữa, đúng cỡ chữ")
def ten_loai_dinh_dang(doc: Document) -> Iterator[Hit]:
    first = doc.title.first
    if first is None or not doc.title.named:
        return
    problems = format_problems(first.pieces_in(0, len(first.text)), size=RANGES.ten_loai_pt, bold=True)
    if first.ppr.jc != "center":
        problems.append("không căn giữa")
    if problems:
        yield doc.at(first, "tên loại " + ", ".join(problems), _ten_loai_expected())


@rule("ky-hieu-loai", "§2, §6", text="ký hiệu bắt đầu bằng chữ viết tắt của tên loại")
def ky_hieu_loai(doc: Document) -> Iterator[Hit]:
    title, head = doc.title, doc.header
    kind, first, groups = title.kind, title.first, head.ky_hieu
    if first is None or kind is None or not title.named:
        return
    if title.by_kh is not kind and groups and kind.viet_tat:
        yield doc.at(head.so.para if head.so else first,
                     f"tên loại là {kind.ten.lower()} nhưng ký hiệu bắt đầu bằng “{groups[0]}”",
                     f"ký hiệu “{kind.viet_tat}-…” (viết tắt tên loại theo Phụ lục III)", seg=head.so)


@rule("trich-yeu-dinh-dang", "§3", text="trích yếu in đậm, đúng cỡ chữ")
def trich_yeu_dinh_dang(doc: Document) -> Iterator[Hit]:
    sz = RANGES.trich_yeu_pt
    for p in doc.title.trich_yeu:
        problems = format_problems(p.pieces_in(0, len(p.text)), size=sz, bold=True)
        if problems:
            yield doc.at(p, "trích yếu " + ", ".join(problems), f"trích yếu đậm, căn giữa, cỡ {range_text(sz, 'pt')}")


@rule("gach-duoi-trich-yeu", "§3", text="đường kẻ dưới trích yếu dài 1/3–1/2 dòng chữ")
def trich_yeu_gach_duoi(doc: Document) -> Iterator[Hit]:
    title = doc.title
    paras = [p for p in title.trich_yeu if p.text.strip()]
    if not title.named or not paras:
        return
    width = max(min(p.width_of(a, b), p.avail or p.width_of(a, b)) for p in paras for a, b in p.lines())
    # a text issued with a quyết định draws its line under the "(Kèm theo …)" line (Mẫu 1.3)
    problem = doc.rule_problem(title.kem_theo or paras[-1], width, "trích yếu")
    if problem:
        message, expected, severity = problem
        yield doc.at(paras[-1], message, expected, severity=severity)


# ---------------------------------------------------------------------------- body format
# Each reports once, at the first paragraph that breaks it, with how many more do.
def _text_paragraphs(doc: Document) -> list[Paragraph]:
    """The body's paragraphs of text: not empty, not centred or right-aligned."""
    return [p for p in doc.body if p.text.strip() and p.ppr.jc not in ("center", "right")]


def _summary(doc: Document, bad: list[tuple[Paragraph, str]], expected: str) -> Iterator[Hit]:
    if not bad:
        return
    p, detail = bad[0]
    more = ""
    if len(bad) > 1:
        numbers = ", ".join(str(q.n) for q, _ in bad[1:6]) + (" …" if len(bad) > 6 else "")
        more = f" (và {len(bad) - 1} đoạn khác: đoạn {numbers})"
    yield doc.at(p, f"đoạn văn {detail}{more}", expected)


@rule("than-van-co-chu", "§3", text="thân văn bản đúng cỡ chữ")
def than_van_co_chu(doc: Document) -> Iterator[Hit]:
    bad = []
    for p in _text_paragraphs(doc):
        sizes = format_problems(p.pieces_in(0, len(p.text)), size=RANGES.body_pt)
        if sizes:
            bad.append((p, sizes[0]))
    yield from _summary(doc, bad, f"chữ cỡ {range_text(RANGES.body_pt, 'pt')}")


@rule("than-van-can-deu", "§3", text="thân văn bản căn đều hai bên")
def than_van_can_deu(doc: Document) -> Iterator[Hit]:
    bad = []
    for p in _text_paragraphs(doc):
        ppr = p.ppr
        if ppr.jc != "both" and p.avail and any((doc.overflow(p, a, b) or 0) > 0 for a, b in p.lines()):
            bad.append((p, "căn trái" if ppr.jc == "left" else ppr.jc))
    yield from _summary(doc, bad, "căn đều hai bên (justify)")


@rule("than-van-thut-dau-dong", "§3", text="thân văn bản lùi đầu dòng")
def than_van_thut_dau_dong(doc: Document) -> Iterator[Hit]:
    rg = RANGES
    low, high = rg.first_line_indent_mm
    bad = []
    for p in _text_paragraphs(doc):
        ppr = p.ppr
        pieces = p.pieces_in(0, len(p.text))
        heading = "\n" not in p.text and all(props.bold for _, props in pieces) \
            and (p.avail is None or p.width_of(0, len(p.text)) < p.avail)
        start = twips_to_mm(ppr.left + ppr.first)
        if not heading and not inside(start, (low, high), rg.rounding_mm):
            bad.append((p, f"thụt đầu dòng {num_text(start)} mm"))
    yield from _summary(doc, bad, f"lùi đầu dòng {num_text(low / 10, 2)}–{num_text(high / 10, 2)} cm")


@rule("than-van-khoang-cach", "§3", text="khoảng cách giữa các đoạn")
def than_van_khoang_cach(doc: Document) -> Iterator[Hit]:
    rg = RANGES
    bad = []
    for p in _text_paragraphs(doc):
        ppr = p.ppr
        space = 0.0 if ppr.contextual else ppr.before + ppr.after
        if not ppr.auto_spacing and space < rg.paragraph_spacing_min_pt - 0.05:
            bad.append((p, f"cách đoạn {num_text(space)} pt (trước {num_text(ppr.before)}, sau {num_text(ppr.after)})"))
    yield from _summary(doc, bad, f"khoảng cách giữa các đoạn ≥ {num_text(rg.paragraph_spacing_min_pt)} pt")


def line_spacing(p: Paragraph) -> str | None:
    """What is wrong with a paragraph's line spacing, or ``None``."""
    low, high = RANGES.line_spacing
    ppr = p.ppr
    if ppr.line_rule == "auto":
        lines = ppr.line / 240
        return None if low - 0.01 <= lines <= high + 0.01 else f"giãn dòng {num_text(lines)} dòng"
    size = max((props.size for _, props in p.pieces_in(0, len(p.text))), default=14.0)
    lines = ppr.line / 20 / (size * SINGLE_LINE_EM)
    if ppr.line_rule == "exact" and not (low - 0.1 <= lines <= high + 0.05):
        return f"giãn dòng đúng {num_text(ppr.line / 20)} pt (≈ {num_text(lines)} dòng)"
    if ppr.line_rule == "atLeast" and lines > high + 0.05:
        return f"giãn dòng ít nhất {num_text(ppr.line / 20)} pt (≈ {num_text(lines)} dòng)"
    return None


@rule("than-van-gian-dong", "§3", text="giãn dòng từ một đến một rưỡi dòng")
def than_van_gian_dong(doc: Document) -> Iterator[Hit]:
    bad = []
    for p in _text_paragraphs(doc):
        lines = line_spacing(p)
        if lines is not None:
            bad.append((p, lines))
    rg = RANGES
    yield from _summary(doc, bad, f"giãn dòng từ {num_text(rg.line_spacing[0])} (single) đến "
                                  f"{num_text(rg.line_spacing[1])} dòng")


# ---------------------------------------------------------------------------- heading numbers, điểm letters
def _numbers(doc: Document) -> list[tuple[str, Hit]]:
    """Điểm letters in the Vietnamese order, and heading numbers without skips or repeats: one
    walk over the body for the three rules (a điểm resets on each heading)."""
    found = doc.memo.get("numbers")
    if isinstance(found, list):
        return found
    out: list[tuple[str, Hit]] = []
    doc.memo["numbers"] = out
    appendices = set(doc.appendices)
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

    def step(p: Paragraph, kind: str, value: int, label: str, fmt: Callable[[int], str]) -> None:
        prev = count.get(kind, 0)
        if value != prev + 1 and not (value == 1 and kind != "dieu"):
            before = f"sau “{last[kind]}”" if prev else "ở đầu"
            out.append(("de-muc-thu-tu", doc.at(p, f"đề mục “{label}” {before}",
                                                f"“{fmt(prev + 1)}”: đề mục đánh số liên tục, không bỏ, không lặp")))
        count[kind] = value
        last[kind] = label

    def la_ma_sau(prefix: str) -> Callable[[int], str]:  # "Phần I", "Chương II" …
        return lambda n: f"{prefix} {la_ma(n)}"

    for p in doc.body:
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
                out.append(("de-muc-thu-tu", doc.at(p, f"đề mục “{a}.{b}.” sau “{a}.{dec[1]}.”",
                                                    f"“{a}.{dec[1] + 1}.”: đề mục đánh số liên tục, không bỏ, "
                                                    "không lặp")))
            dec, letter = (a, b), None
        elif m := _ARABIC_RE.match(text):
            step(p, "arabic", int(m[1]), f"{m[1]}.", lambda n: f"{n}.")
            dec, letter = None, None
        elif (m := _LETTER_RE.match(text)) and m[1].islower():
            ch = m[1]
            if ch not in CHU_CAI:
                after = f"; sau “{letter_text}” là “{CHU_CAI[letter + 1]})”" \
                    if letter is not None and letter + 1 < len(CHU_CAI) else ""
                out.append(("diem-chu-cai", doc.at(
                    p, f"điểm “{ch})” dùng chữ “{ch}” không có trong bảng chữ cái tiếng Việt",
                    "chữ cái tiếng Việt theo thứ tự a b c d đ e g h i k l m n o p q r s t u v x y "
                    f"(không có f, j, w, z){after}")))
                letter, letter_text = None, f"{ch})"
                continue
            i = CHU_CAI.index(ch)
            if i != 0 and letter is not None and i != letter + 1:
                want = CHU_CAI[letter + 1] if letter + 1 < len(CHU_CAI) else "?"
                out.append(("diem-thu-tu", doc.at(
                    p, f"điểm “{ch})” đứng sau “{letter_text}”",
                    f"“{want})”: các điểm theo thứ tự a b c d đ e g h i k l m n o p q r s t u v x y")))
            letter, letter_text = i, f"{ch})"
    return out


@rule("de-muc-thu-tu", "§3", text="đề mục I., II. …, 1., 2. …, Điều 1. … không bỏ, không lặp")
def de_muc_thu_tu(doc: Document) -> Iterator[Hit]:
    if doc.trich_sao:
        return iter(())  # an excerpt keeps the numbers of the parts it copies: Điều 2, Điều 5
    return (hit for rule_id, hit in _numbers(doc) if rule_id == "de-muc-thu-tu")


@rule("diem-chu-cai", "§3", text="điểm dùng chữ cái tiếng Việt, không f, j, w, z")
def diem_chu_cai(doc: Document) -> Iterator[Hit]:
    return (hit for rule_id, hit in _numbers(doc) if rule_id == "diem-chu-cai")


@rule("diem-thu-tu", "§3", text="điểm theo thứ tự a b c d đ e g h …")
def diem_thu_tu(doc: Document) -> Iterator[Hit]:
    return (hit for rule_id, hit in _numbers(doc) if rule_id == "diem-thu-tu")


# ---------------------------------------------------------------------------- ./.
@rule("dau-ket-thuc", "§3", text="nội dung kết thúc bằng “./.”")
def dau_ket_thuc(doc: Document) -> Iterator[Hit]:
    closing, title_end = doc.closing.start, doc.title.end
    if closing is None or doc.trich_sao:  # an excerpt ends where its last part ends
        return
    text_paras = [p for p in doc.paras if title_end < p.n < closing and p.text.strip() and not p.textbox]
    if not text_paras:
        return
    last = text_paras[-1]
    if not last.text.rstrip().endswith("./."):
        where = "kết thúc bằng một bảng" if last.cell is not None else "không kết thúc bằng “./.”"
        yield doc.at(last, f"phần nội dung {where}",
                     "nội dung văn bản kết thúc bằng dấu “./.” ngay trước phần Nơi nhận, chữ ký")


# ---------------------------------------------------------------------------- forms of Phụ lục III (§6)
# Found by their text, whoever wrote the document: the tên loại says which form it is (Title.kind).
#: Size of the form of copy ("SAO Y"): 13–14 pt, bold upper case (Phụ lục I, Phần II; Mục V).
HINH_THUC_SAO_PT = (13.0, 14.0)


@dataclass(frozen=True)
class FormLine:
    """A fixed line of a form: how a message names it, and what finds it (in a line of text,
    NFC, spaces collapsed, any case). ``key``: the line the paper is for, whose absence is an
    error; the others are warnings (they are found by their wording). ``end``: it closes the
    text (the lines before it are the author's); the others open it, in the form's order."""

    name: str
    pattern: re.Pattern[str]
    key: bool = False
    end: bool = False


def _line(name: str, pattern: str, *, key: bool = False, end: bool = False) -> FormLine:
    return FormLine(name, re.compile(pattern, re.IGNORECASE), key, end)


GIAY_GIOI_THIEU = (
    _line("“… trân trọng giới thiệu:”", r"trân\s+trọng\s+giới\s+thiệu\s*:"),
    _line("“Ông (bà) …”", r"^(?:ông\s*\(\s*bà\s*\)|ông|bà)(?=[\s:]|$)"),
    _line("“Chức vụ: …”", r"^chức\s+vụ\s*:"),
    _line("“Được cử đến: …”", r"^được\s+cử\s+đến\b"),
    _line("“Về việc: …”", r"^về\s+việc\b"),
    _line("“Giấy này có giá trị đến hết ngày …”",
          r"^giấy(?:\s+giới\s+thiệu)?(?:\s+này)?\s+có\s+giá\s+trị\s+đến\s+(?:hết\s+)?ngày\b", key=True, end=True),
)
NGHI_PHEP_THOI_GIAN = "“Được nghỉ phép trong thời gian … kể từ ngày … đến hết ngày … tại …”"
GIAY_NGHI_PHEP = (
    _line("“Xét Đơn đề nghị nghỉ phép …”", r"^xét\s+đơn\s+đề\s+nghị\s+nghỉ\s+phép\b"),
    _line("“… cấp cho:”", r"\bcấp\s+cho\s*:"),
    _line(NGHI_PHEP_THOI_GIAN, r"^được\s+nghỉ\s+phép\s+trong\s+thời\s+gian\b", key=True),
    _line("“Số ngày nghỉ phép nêu trên được tính vào thời gian …”",
          r"^số\s+ngày\s+nghỉ\s+phép\s+nêu\s+trên\s+được\s+tính\s+vào\b", end=True),
)
#: The parts of the "Được nghỉ phép …" line, each with the blank it opens.
_NGHI_PHEP_PHAN = ((r"\bkể\s+từ\s+ngày\b", "“kể từ ngày …”"), (r"\bđến\s+hết\s+ngày\b", "“đến hết ngày …”"),
                   (r"\btại\b", "“tại …” (nơi nghỉ phép)"))
BIEN_BAN = (
    _line("“Thời gian bắt đầu: …”", r"^thời\s+gian\s+bắt\s+đầu\b"),
    _line("“Địa điểm: …”", r"^địa\s+điểm\b"),
    _line("“Thành phần tham dự: …”", r"^thành\s+phần\s+tham\s+dự\b"),
    _line("“Chủ trì (chủ tọa): …”", r"^chủ\s+(?:trì|t(?:ọa|oạ))\s*[(:]"),
    _line("“Thư ký (người ghi biên bản): …”", r"^thư\s+k[ýí]\s*[(:]"),
    _line("“… kết thúc vào … giờ …, ngày …”", r"\bkết\s+thúc\s+vào\b.*\bgiờ\b", end=True),
)


def _form(doc: Document, ma: str) -> bool:
    """The document is of type ``ma`` by its tên loại line."""
    kind = doc.title.kind
    return kind is not None and kind.ma == ma


def _form_text(doc: Document) -> list[tuple[Paragraph, str]]:
    """Every line of the text between the title and the closing block (tables included), as
    ``(paragraph, NFC text with spaces collapsed)``."""
    title_end = doc.title.end
    end = doc.closing.start or doc.main_end
    out = []
    for p in doc.paras:
        if title_end < p.n < end and not p.textbox:
            for a, b in p.lines():
                text = words(nfc(p.text[a:b]))
                if text:
                    out.append((p, text))
    return out


def _form_lines(doc: Document, form: str, mau: str, lines: tuple[FormLine, ...]) -> Iterator[Hit]:
    """The fixed lines of a form that are missing: each key line on its own (an error), the
    others together (a warning), where they should be: an opening line after the opening lines
    found before it (at the first line of text when there are none), a closing one at the last
    line of text."""
    text = _form_text(doc)
    if not text:
        return
    found = [next((p for p, t in text if fl.pattern.search(t)), None) for fl in lines]

    def place(i: int) -> Paragraph:
        if lines[i].end:
            return text[-1][0]
        before = [p for p, fl in zip(found[:i], lines) if p is not None and not fl.end]
        if not before:
            return text[0][0]
        last = max(before, key=lambda p: p.n)
        return next((p for p, _ in text if p.n > last.n), last)

    expected = f"đủ các dòng của {mau}: " + ", ".join(fl.name for fl in lines)
    missing = [i for i, p in enumerate(found) if p is None]
    for i in missing:
        if lines[i].key:
            yield doc.at(place(i), f"{form} không có dòng {lines[i].name}", expected)
    others = [i for i in missing if not lines[i].key]
    if others:
        yield doc.at(place(others[0]), f"{form} thiếu dòng " + ", ".join(lines[i].name for i in others), expected,
                     severity=CANH_BAO)


@rule("giay-gioi-thieu", "§6",
      text="giấy giới thiệu có đủ các dòng của Mẫu 1.8, nhất là “Giấy này có giá trị đến hết ngày …”")
def giay_gioi_thieu(doc: Document) -> Iterator[Hit]:
    if not _form(doc, "giay_gioi_thieu"):
        return
    yield from _form_lines(doc, "giấy giới thiệu", "Mẫu 1.8", GIAY_GIOI_THIEU)
    key = next(fl for fl in GIAY_GIOI_THIEU if fl.key)
    issued = doc.issued
    for p, text in _form_text(doc):
        if key.pattern.search(text):
            days, problem = _dates(text[key.pattern.search(text).end():], 1)  # type: ignore[union-attr]
            if problem is None and issued and days[0] < issued:
                problem = f"hết giá trị ngày {days[0]:%d/%m/%Y}, trước ngày cấp giấy {issued:%d/%m/%Y}"
            if problem:
                yield doc.at(p, f"dòng “Giấy này có giá trị đến hết ngày …”: {problem}",
                             "ngày hết giá trị có thật, viết 31/10/2024, từ ngày cấp giấy trở đi (Mẫu 1.8)")
            break


_DATE_IN_TEXT = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
                           r"|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def _dates(text: str, count: int) -> tuple[list[dt.date], str | None]:
    """The first ``count`` dates written in ``text`` (31/10/2024 or ngày 31 tháng 10 năm 2024), or
    what is wrong with them."""
    found = list(_DATE_IN_TEXT.finditer(text))[:count]
    if len(found) < count:
        return [], "chưa ghi ngày"
    days = []
    for m in found:
        d, mo, y = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
        try:
            days.append(dt.date(int(y), int(mo), int(d)))
        except ValueError:
            return [], f"ngày {m.group(0)} không có thật"
    return days, None


@rule("giay-nghi-phep", "§6", text="giấy nghỉ phép có đủ các dòng của Mẫu 1.10")
def giay_nghi_phep(doc: Document) -> Iterator[Hit]:
    if not _form(doc, "giay_nghi_phep"):
        return
    yield from _form_lines(doc, "giấy nghỉ phép", "Mẫu 1.10", GIAY_NGHI_PHEP)
    key = next(fl for fl in GIAY_NGHI_PHEP if fl.key)
    for p, text in _form_text(doc):
        if key.pattern.search(text):
            lacking = [name for pattern, name in _NGHI_PHEP_PHAN if not re.search(pattern, text, re.IGNORECASE)]
            if lacking:
                yield doc.at(p, "dòng “Được nghỉ phép …” thiếu " + ", ".join(lacking),
                             f"{NGHI_PHEP_THOI_GIAN} (Mẫu 1.10)")
                break
            days, problem = _dates(text, 2)
            if problem is None and days[1] < days[0]:
                problem = f"đến hết ngày {days[1]:%d/%m/%Y} trước ngày bắt đầu {days[0]:%d/%m/%Y}"
            if problem:
                yield doc.at(p, f"dòng “Được nghỉ phép …”: {problem}",
                             f"{NGHI_PHEP_THOI_GIAN} với hai ngày có thật, ngày đầu trước (Mẫu 1.10)")
            break


@rule("bien-ban-noi-dung", "§6", severity=CANH_BAO,
      text="biên bản có các dòng của Mẫu 1.9: thời gian, địa điểm, thành phần, chủ trì, thư ký, giờ kết thúc")
def bien_ban_noi_dung(doc: Document) -> Iterator[Hit]:
    if _form(doc, "bien_ban") and doc.bien_ban_hop:  # Mẫu 1.9 is a meeting's; other biên bản have other parts
        yield from _form_lines(doc, "biên bản", "Mẫu 1.9", BIEN_BAN)


@rule("cong-dien", "§6", text="công điện có dòng “… điện:” và các nơi nhận điện dưới nó")
def cong_dien(doc: Document) -> Iterator[Hit]:
    if not _form(doc, "cong_dien"):
        return
    expected = ("“<TÊN CƠ QUAN hoặc CHỨC DANH NGƯỜI ĐỨNG ĐẦU> điện:” dưới trích yếu, rồi các nơi nhận điện "
                "“- X;” … “- Z.” (Mẫu 1.6)")
    dien = doc.cong_dien
    if dien is None:
        text = _form_text(doc)
        at = text[0][0] if text else doc.title.first
        if at is not None:
            yield doc.at(at, "công điện không có dòng “… điện:”", expected)
        return
    if not dien.offices:
        yield doc.at(dien.line, "sau dòng “… điện:” không có nơi nhận điện", expected)


def _article_one(doc: Document) -> Paragraph | None:
    return next((p for p in doc.body if _DIEU_RE.match(p.text.strip())), None)


@rule("dong-quyet", "§3", text="quyết định có dòng “QUYẾT ĐỊNH:”, nghị quyết “QUYẾT NGHỊ:” trước các điều")
def dong_quyet(doc: Document) -> Iterator[Hit]:
    kind = doc.title.kind
    want = kind.dong_quyet_dinh if kind is not None else None
    if kind is None or want is None:
        return
    expected = (f"“{want}” trên một dòng riêng, in hoa, đậm, căn giữa, sau các căn cứ và trước Điều 1 "
                f"(Mẫu {kind.mau_so})")
    line = doc.dong_quyet
    article = _article_one(doc)
    if line is None:
        at = article or (doc.body[0] if doc.body else doc.title.first)
        if at is not None:
            yield doc.at(at, f"không thấy dòng “{want}” trước các điều", expected)
        return
    text = words(nfc(line.text))
    problems = []
    if text.upper().replace(" :", ":").rstrip(":") != want.rstrip(":"):
        problems.append(f"viết “{text}” thay vì “{want}”")
    else:
        if not upper(text):
            problems.append("chưa viết in hoa")
        if not text.endswith(":"):
            problems.append("thiếu dấu “:” ở cuối")
        elif text.endswith(" :"):
            problems.append("có dấu cách trước “:”")
    problems += format_problems(line.pieces_in(0, len(line.text)), bold=True)
    if line.ppr.jc != "center":
        problems.append("không căn giữa")
    found = _DIEU_RE.match(article.text.strip()) if article is not None else None
    if article is not None and found and article.n < line.n:
        problems.append(f"đứng sau “{found.group(0)}”")
    if problems:
        yield doc.at(line, f"dòng “{want}”: " + "; ".join(problems), expected)


@rule("ban-sao", "§6", text="khối sao (Mẫu 3.1): hình thức sao, số và ký hiệu SY/TrS/SL khớp, ngày tháng, chữ ký")
def ban_sao(doc: Document) -> Iterator[Hit]:
    copy = doc.ban_sao
    if copy is None:
        return
    start = doc.paras[copy.start - 1]
    forms = "“SAO Y”, “TRÍCH SAO” hoặc “SAO LỤC”"
    expected = ("dưới đường kẻ liền hết chiều ngang trang: tên cơ quan sao (in hoa, đậm) và “Số: 05/SY-…” "
                f"bên trái; hình thức sao ({forms}, in hoa, đậm, cỡ {range_text(HINH_THUC_SAO_PT, 'pt')}) "
                "và địa danh, ngày tháng bên phải; rồi Nơi nhận và chữ ký người sao (Mẫu 3.1)")
    if copy.line is None:
        yield doc.at(start, "bản sao: không thấy đường kẻ liền ngăn khối sao với văn bản được sao", expected,
                     severity=CANH_BAO)
    agency = copy.agency
    lower = next((s for s in agency if not upper(s.text)), None)
    light = next((s for s in agency if not all(props.bold for _, props in s.para.pieces_in(s.start, s.end))), None)
    if not agency:
        yield doc.at(start, "bản sao: không có tên cơ quan sao văn bản", expected)
    elif lower is not None:
        yield doc.at(lower.para, "bản sao: tên cơ quan sao chưa viết in hoa", expected, seg=lower)
    elif light is not None:
        yield doc.at(light.para, "bản sao: tên cơ quan sao không in đậm", expected, seg=light)
    form = copy.hinh_thuc
    name = words(nfc(form.text)) if form is not None else ""
    known = name.upper() if name.upper() in HINH_THUC_SAO else None
    if form is None:
        yield doc.at(start, "bản sao: không có hình thức sao", expected)
    else:
        problems = []
        if known is None:
            problems.append(f"viết “{name}”: hình thức sao là {forms}")
        elif not upper(name):
            problems.append(f"“{name}” chưa viết in hoa")
        problems += format_problems(form.para.pieces_in(form.start, form.end), size=HINH_THUC_SAO_PT, bold=True)
        if problems:
            yield doc.at(form.para, "bản sao: hình thức sao " + "; ".join(problems), expected, seg=form)
    so = copy.so
    if so is None:
        yield doc.at(start, "bản sao: không có số, ký hiệu bản sao", expected)
    elif known is not None:
        want = HINH_THUC_SAO[known]
        groups = ky_hieu(so)[1]
        got = groups[0] if groups else ""
        if got != want:
            problem = f"viết “{got}” thay vì “{want}”" if got.lower() == want.lower() \
                else f"ký hiệu “{got or '(trống)'}” không khớp hình thức “{known}” (cần “{want}”)"
            yield doc.at(so.para, f"bản sao: {problem}",
                         "ký hiệu bản sao theo hình thức sao: SAO Y → SY, TRÍCH SAO → TrS, SAO LỤC → SL "
                         "(Phụ lục III, Mục I)", seg=so)
    head = form.para if form is not None else so.para if so is not None else start
    if copy.date is None:
        yield doc.at(head, "bản sao: không có địa danh, ngày tháng sao", expected)
    if copy.label is None:
        yield doc.at(head, "bản sao: không có phần Nơi nhận", expected, severity=CANH_BAO)
    if copy.signature is None:
        yield doc.at(head, "bản sao: không thấy chữ ký của người sao (quyền hạn, chức vụ, họ tên)", expected)
