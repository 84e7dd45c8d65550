"""§3 Title, recipients, body: tên loại and trích yếu, the body's format, heading numbers, điểm
letters, and the "./." that ends the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..layout import CHU_CAI, RANGES
from ..numbering import la_ma
from ..readers.docx import Paragraph, twips_to_mm
from .document import Document, format_problems, inside, num_text, range_text
from .registry import Hit, rule

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
    problem = doc.rule_problem(paras[-1], width, "trích yếu")
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
    if closing is None:
        return
    text_paras = [p for p in doc.paras if title_end < p.n < closing and p.text.strip() and not p.textbox]
    if not text_paras:
        return
    last = text_paras[-1]
    if not last.text.rstrip().endswith("./."):
        where = "kết thúc bằng một bảng" if last.cell is not None else "không kết thúc bằng “./.”"
        yield doc.at(last, f"phần nội dung {where}",
                     "nội dung văn bản kết thúc bằng dấu “./.” ngay trước phần Nơi nhận, chữ ký")
