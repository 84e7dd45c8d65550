"""§4 Closing block: Nơi nhận — its label, its lines and their punctuation, the Lưu line — a
signature without one, and the two signatures of a biên bản (Mẫu 1.9)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..layout import RANGES
from ..normalize import ho_ten, luu_in, quyen_han_of, quyen_han_problem
from ..readers.docx import Paragraph, Segment, segments
from .document import (
    CHU_TOA_RE,
    DASHES,
    EXCERPT,
    NOI_NHAN_RE,
    THU_KY_RE,
    Document,
    format_problems,
    nfc,
    range_text,
    upper,
    words,
)
from .registry import CANH_BAO, Hit, rule

# Within a paragraph the findings come as the block is read: the label's text and format, its
# lines' punctuation, the Lưu line, then the lines' format (Hit.rank_as and Hit.sub).
EXPECTED_LINES = "mỗi nơi nhận một dòng “- X;”, dòng cuối “- Lưu: VT, … .” kết thúc bằng dấu chấm"
EXPECTED_LUU = "“- Lưu: VT, <đơn vị soạn thảo>.”"


def _expected_label() -> str:
    return f"“Nơi nhận:” đậm, nghiêng, cỡ {range_text(RANGES.noi_nhan_label_pt, 'pt')}"


@rule("noi-nhan", "§4", text="có phần Nơi nhận, nhãn “Nơi nhận:”")
def noi_nhan(doc: Document) -> Iterator[Hit]:
    closing = doc.closing
    label = closing.label
    if label is None:
        if closing.signature is not None and doc.title.kem_theo is None:  # Mẫu 1.3 has no Nơi nhận
            yield doc.at(closing.signature, "có chữ ký nhưng không thấy phần Nơi nhận",
                         "“Nơi nhận:” bên trái, ngang dòng đầu của chữ ký, rồi các dòng “- …;”, cuối cùng "
                         "“- Lưu: VT, … .”", severity=CANH_BAO)
        return
    if closing.label_text != "Nơi nhận:":
        yield doc.at(label.para, f"viết “{closing.label_text}”", _expected_label(), seg=label)
    if not closing.entries:
        yield doc.at(label.para, "Nơi nhận không có dòng nào", EXPECTED_LINES, seg=label,
                     rank_as="noi-nhan-dinh-dang", sub=(1,))


@rule("noi-nhan-dinh-dang", "§4", text="“Nơi nhận:” đậm nghiêng; các dòng chữ thường, đúng cỡ chữ")
def noi_nhan_dinh_dang(doc: Document) -> Iterator[Hit]:
    closing = doc.closing
    label = closing.label
    if label is None:
        return
    p = label.para
    fmt = format_problems(p.pieces_in(label.start, label.start + len(closing.label_text)),
                          size=RANGES.noi_nhan_label_pt, bold=True, italic=True)
    if fmt:
        yield doc.at(p, "“Nơi nhận:” " + ", ".join(fmt), _expected_label(), seg=label, sub=(0,))
    sz = RANGES.noi_nhan_pt
    bad_format = [(q, a, b) for q, a, b, _ in closing.entries
                  if format_problems(q.pieces_in(a, b), size=sz, bold=False)]
    if bad_format:
        q, a, b = bad_format[0]
        problems = format_problems(q.pieces_in(a, b), size=sz, bold=False)
        more = f" (và {len(bad_format) - 1} dòng khác)" if len(bad_format) > 1 else ""
        yield doc.at(q, "dòng nơi nhận " + ", ".join(problems) + more,
                     f"các dòng nơi nhận chữ đứng thường, cỡ {range_text(sz, 'pt')}",
                     seg=Segment(q, a, b, 0, a, b), rank_as="noi-nhan-luu", sub=(1,))


@rule("noi-nhan-dau-cau", "§4", text="mỗi dòng “- X;”, dòng cuối kết thúc bằng dấu chấm")
def noi_nhan_dau_cau(doc: Document) -> Iterator[Hit]:
    entries = doc.closing.entries
    for i, (q, a, b, text) in enumerate(entries):
        last = i == len(entries) - 1
        problems = []
        if re.match(rf"^[{DASHES}+•]\s*[{DASHES}+•]", text):
            problems.append("gạch đầu dòng gõ hai lần")
        elif text[0] != "-":
            problems.append(f"bắt đầu bằng “{text[0]}” thay vì “-”" if text[0] in DASHES + "+•"
                            else "thiếu gạch đầu dòng “-”")
        elif len(text) > 1 and text[1] != " ":
            problems.append("thiếu dấu cách sau “-”")
        end = "." if last else ";"
        if not text.endswith(end) or text.endswith(("..", ";.", ".;")) or (last and text.endswith("./.")):
            problems.append("dòng cuối phải kết thúc bằng dấu chấm “.”" if last
                            else "phải kết thúc bằng dấu chấm phẩy “;”")
        if problems:
            yield doc.at(q, "nơi nhận “" + words(text)[:EXCERPT] + "”: " + "; ".join(problems), EXPECTED_LINES,
                         seg=Segment(q, a, b, 0, a, b))


@rule("noi-nhan-luu", "§4", text="dòng cuối là “- Lưu: VT, … .”")
def noi_nhan_luu(doc: Document) -> Iterator[Hit]:
    entries = doc.closing.entries
    if not entries:
        return
    luu = [e for e in entries if luu_in(e[3]) is not None]
    if len(luu) > 1:
        q, a, b, text = luu[1]
        yield doc.at(q, f"Nơi nhận có {len(luu)} dòng Lưu", "một dòng “- Lưu: VT, … .”, cuối cùng",
                     seg=Segment(q, a, b, 0, a, b), sub=(1,))
    q, a, b, text = entries[-1]
    seg = Segment(q, a, b, 0, a, b)
    if not re.match(rf"^[{DASHES}]?\s*Lưu\s*:", text):
        yield doc.at(q, "dòng cuối của Nơi nhận không phải dòng Lưu", EXPECTED_LUU, seg=seg, sub=(0,))
    elif not re.match(rf"^[{DASHES}]?\s*Lưu\s*:\s*VT\b", text):
        yield doc.at(q, "dòng Lưu không bắt đầu bằng VT (văn thư)", EXPECTED_LUU, seg=seg, severity=CANH_BAO,
                     sub=(0,))


# ---------------------------------------------------------------------------- the signature
def _signature_lines(doc: Document) -> list[tuple[Paragraph, int, int, str]]:
    """The lines of the signature block: its cell, or the centred lines from its first line on."""
    first = doc.closing.signature
    if first is None:
        return []
    if first.cell is not None:
        paras = [p for p in doc.paras if p.cell == first.cell and p.n >= first.n]
    else:
        paras = []
        for p in doc.paras[first.n - 1:first.n + 11]:
            if not p.top or (p.text.strip() and p.ppr.jc not in ("center", "right")):
                break
            paras.append(p)
    return [(p, a, b, p.text[a:b].strip()) for p in paras for a, b in p.lines() if p.text[a:b].strip()]


@rule("chu-ky-quyen-han", "§4", text="quyền hạn ký TM., TL./TUQ., KT./Q. đúng thứ tự, mỗi dòng một")
def chu_ky_quyen_han(doc: Document) -> Iterator[Hit]:
    chain: list[str] = []
    for p, a, b, text in _signature_lines(doc):
        words_here: list[str] = []
        rest = text
        while True:
            word, after = quyen_han_of(rest)
            if word is None:
                break
            words_here.append(word)
            rest = after
        if not words_here:
            if chain:
                break  # the signer's own title: the authority lines are above it
            continue
        seg = Segment(p, a, b, 0, a, b)
        if len(words_here) > 1:
            yield doc.at(p, f"“{' '.join(words_here)}” trên một dòng", "mỗi quyền hạn một dòng: “TM. ỦY BAN NHÂN "
                         "DÂN”, dòng dưới “KT. CHỦ TỊCH”, rồi “PHÓ CHỦ TỊCH”", seg=seg)
        chain.extend(words_here)
        problem = quyen_han_problem(chain)
        if problem:
            yield doc.at(p, f"quyền hạn ký: {problem}", "thứ tự theo Nghị định 30: TM. trước, rồi TL. hoặc TUQ., "
                         "KT. hoặc Q. sau cùng", seg=seg)
            return


@rule("chu-ky-ho-ten", "§4", severity=CANH_BAO, text="không ghi học hàm, học vị trước họ tên người ký")
def chu_ky_ho_ten(doc: Document) -> Iterator[Hit]:
    lines = _signature_lines(doc)
    if not lines:
        return
    p, a, b, text = lines[-1]
    _, note = ho_ten(text)
    if note:
        yield doc.at(p, f"họ tên người ký “{text}” có học hàm, học vị phía trước",
                     "chỉ họ tên (Nghị định 30, Phụ lục I: trừ các ngành được người đứng đầu cho phép)",
                     seg=Segment(p, a, b, 0, a, b))


# ---------------------------------------------------------------------------- a biên bản's two signatures
_PLACEHOLDER_RE = re.compile(r"^(?:\(.*\)|họ\s+và\s+tên|[._…\s]+)$", re.IGNORECASE)


def _bien_ban_labels(doc: Document) -> tuple[Segment | None, Segment | None]:
    """The "THƯ KÝ" and "CHỦ TỌA" (or "CHỦ TOẠ") lines under the text, standing alone."""
    thu_ky = chu_toa = None
    for p in doc.paras[doc.title.end:doc.text_end - 1]:
        for s in segments(p):
            text = words(nfc(s.text))
            if thu_ky is None and THU_KY_RE.match(text):
                thu_ky = s
            elif chu_toa is None and CHU_TOA_RE.match(text):
                chu_toa = s
    return thu_ky, chu_toa


def _under(doc: Document, label: Segment) -> list[tuple[Paragraph, str]]:
    """The lines under a signature's title, in its column: the cells below it in the same column
    of its table, or the same tab column of the lines that follow."""
    p = label.para
    out: list[tuple[Paragraph, str]] = []
    if p.cell is not None:
        cell = p.cell
        for q in doc.paras[p.n:doc.docx.tables[cell.table][1]]:
            if q.cell is not None and q.cell.table == cell.table and q.cell.col == cell.col and q.cell.row >= cell.row:
                out.extend((q, words(nfc(q.text[a:b]))) for a, b in q.lines())
        return out
    for q in doc.paras[p.n - 1:p.n + 12]:
        if not q.top:
            break
        for s in segments(q):
            if (q is p and s.start <= label.start) or s.column != label.column:
                continue
            out.append((q, words(nfc(s.text))))
    return out


def _signer_name(doc: Document, label: Segment) -> str | None:
    """The name under a signature's title: its last line of text before anything else begins
    (another title, Nơi nhận); ``None`` when there is none (or only "Họ và tên", "(Chữ ký)")."""
    name = None
    for _, text in _under(doc, label):
        if NOI_NHAN_RE.match(text) or THU_KY_RE.match(text) or CHU_TOA_RE.match(text):
            break
        if text and not _PLACEHOLDER_RE.match(text):
            name = text
    return name


@rule("bien-ban-chu-ky", "§4", text="biên bản có hai chữ ký ngang nhau: THƯ KÝ bên trái, CHỦ TỌA bên phải, "
                                   "mỗi bên có họ tên")
def bien_ban_chu_ky(doc: Document) -> Iterator[Hit]:
    kind = doc.title.kind
    if kind is None or kind.ma != "bien_ban" or not doc.bien_ban_hop:
        return  # a biên bản of a handover or an inspection is signed by its parties
    expected = ("hai chữ ký ngang nhau dưới nội dung: “THƯ KÝ” bên trái, “CHỦ TỌA” bên phải (in hoa, đậm), "
                "dưới mỗi chữ ký là họ tên người ký (Mẫu 1.9)")
    thu_ky, chu_toa = _bien_ban_labels(doc)
    anchor = next((s.para for s in (thu_ky, chu_toa) if s is not None), None)
    if anchor is None:  # at the Nơi nhận, or the last paragraph of the text
        label = doc.closing.label
        anchor = label.para if label is not None else doc.paras[min(doc.text_end - 1, len(doc.paras)) - 1]
    for who, s in (("thư ký (“THƯ KÝ”)", thu_ky), ("chủ tọa (“CHỦ TỌA”)", chu_toa)):
        if s is None:
            yield doc.at(anchor, f"biên bản thiếu chữ ký của {who}", expected)
            continue
        problems = []
        if not upper(s.text):
            problems.append("chưa viết in hoa")
        problems += format_problems(s.para.pieces_in(s.start, s.end), bold=True)
        if _signer_name(doc, s) is None:
            problems.append("không có họ tên người ký ở dưới")
        if problems:
            yield doc.at(s.para, f"chữ ký “{words(s.text)}”: " + "; ".join(problems), expected, seg=s)
    if thu_ky is None or chu_toa is None:
        return
    a, b = thu_ky.para, chu_toa.para
    if a.cell is not None and b.cell is not None and a.cell.table == b.cell.table and a.cell.row == b.cell.row \
            and a.cell.col != b.cell.col:
        side_by_side, left = True, a.cell.col < b.cell.col
    elif a is b and thu_ky.line_start == chu_toa.line_start:
        side_by_side, left = True, thu_ky.start < chu_toa.start
    else:
        side_by_side, left = False, True
    if not side_by_side:
        yield doc.at(b, "chữ ký “THƯ KÝ” và “CHỦ TỌA” không đặt ngang nhau", expected, seg=chu_toa)
    elif not left:
        yield doc.at(a, "chữ ký “THƯ KÝ” ở bên phải, “CHỦ TỌA” ở bên trái", expected, seg=thu_ky)
