"""§1 Page: paper size and orientation, margins, font, page numbers."""

from __future__ import annotations

from collections.abc import Iterator

from ..layout import LAYOUT, RANGES, mm_to_twips
from ..readers.docx import Paragraph, twips_to_mm
from .document import PAGE_NUMBERS, Document, format_problems, inside, num_text, range_text
from .registry import CANH_BAO, Hit, rule

#: Beyond this many characters a document surely has a second page (and needs page numbers).
ONE_PAGE_CHARS = 2500


@rule("kho-giay", "§1", text="khổ giấy A4")
def kho_giay(doc: Document) -> Iterator[Hit]:
    page, rg = LAYOUT.page, RANGES
    a4 = sorted((mm_to_twips(page.width_mm), mm_to_twips(page.height_mm)))
    slack = mm_to_twips(rg.rounding_mm)
    a4_text = f"khổ A4 {num_text(page.width_mm)} × {num_text(page.height_mm)} mm"
    for s in doc.sections:
        where = doc.section_where(s)
        if not (s.width and s.height):
            yield doc.hit("không ghi khổ giấy (Word sẽ dùng khổ mặc định của máy)", where, a4_text, group=s.index)
        elif any(abs(a - b) > slack for a, b in zip(sorted((s.width, s.height)), a4)):
            yield doc.hit(f"khổ giấy {num_text(twips_to_mm(s.width))} × {num_text(twips_to_mm(s.height))} mm",
                          where, a4_text, group=s.index)


@rule("huong-giay", "§1", severity=CANH_BAO, text="trang đầu khổ dọc; khổ ngang chỉ cho bảng rộng, phụ lục")
def huong_giay(doc: Document) -> Iterator[Hit]:
    s = doc.sections[0]
    if s.landscape and not doc.phu_luc_rieng:  # an appendix of its own may be a landscape table
        yield doc.hit("trang đầu văn bản nằm ngang", doc.section_where(s),
                      "khổ dọc; khổ ngang chỉ cho bảng rộng, phụ lục")


@rule("le-trang", "§1", text="lề trên, dưới, trái, phải trong khoảng cho phép")
def le_trang(doc: Document) -> Iterator[Hit]:
    rg = RANGES
    ranges = {"top": rg.margin_top_mm, "bottom": rg.margin_bottom_mm, "left": rg.margin_left_mm,
              "right": rg.margin_right_mm}
    names = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}
    for s in doc.sections:
        where = doc.section_where(s)
        values = {k: twips_to_mm(abs(v)) for k, v in s.margins.items() if v is not None}
        if "gutter" in values and "left" in values:
            values["left"] += values.pop("gutter")

        def bad(mapping: dict[str, str], values: dict[str, float] = values) -> list[str]:
            return [k for k in ranges if k in values
                    and not inside(values[k], ranges[mapping[k]], rg.rounding_mm)]

        wrong = bad({k: k for k in ranges})
        if wrong and s.landscape:  # a turned page may keep its margins on the turned sides
            for turned in ({"top": "left", "bottom": "right", "left": "top", "right": "bottom"},
                           {"top": "right", "bottom": "left", "left": "bottom", "right": "top"}):
                if not bad(turned):
                    wrong = []
        for k in wrong:
            yield doc.hit(f"{names[k]} {num_text(values[k])} mm", where, f"{names[k]} {range_text(ranges[k], 'mm')}",
                          group=s.index)
        missing = [k for k in ranges if k not in values]
        if missing and s.el is not None:
            yield doc.hit("không ghi " + ", ".join(names[k] for k in missing), where,
                          "; ".join(f"{names[k]} {range_text(ranges[k], 'mm')}" for k in missing), group=s.index)


@rule("phong-chu", "§1", text="phông Times New Roman")
def phong_chu(doc: Document) -> Iterator[Hit]:
    want = LAYOUT.sizes.font.casefold()
    seen: dict[str, list[Paragraph]] = {}
    for p in doc.paras:
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
        yield doc.at(paras[0], f"phông chữ “{font}”{more}",
                     f"phông {LAYOUT.sizes.font} (Unicode, TCVN 6909:2001) cho toàn văn bản")


# ---------------------------------------------------------------------------- page numbers
def _expected_page_number() -> str:
    return f"số trang chữ số Ả Rập, cỡ {range_text(RANGES.page_number_pt, 'pt')}, chữ đứng, căn giữa phần đầu trang"


def _many_pages(doc: Document) -> bool:
    if len(doc.sections) > 1 or any(p.page_break for p in doc.paras):
        return True
    return sum(len(p.text) for p in doc.paras) > ONE_PAGE_CHARS


@rule("so-trang", "§1", text="số trang ở đầu trang khi văn bản có nhiều trang")
def so_trang(doc: Document) -> Iterator[Hit]:
    found = doc.page_numbers
    if found.any_header:
        return
    if found.any_footer:
        yield doc.hit("số trang đặt ở chân trang (footer)", "chân trang", _expected_page_number(), group=PAGE_NUMBERS)
    elif _many_pages(doc):
        yield doc.hit("văn bản nhiều trang nhưng không có số trang", "đầu trang (header)",
                      _expected_page_number() + ", từ trang 2", severity=CANH_BAO, group=PAGE_NUMBERS)


@rule("so-trang-dinh-dang", "§1", text="số trang: cỡ chữ, chữ đứng, căn giữa")
def so_trang_dinh_dang(doc: Document) -> Iterator[Hit]:
    sz = RANGES.page_number_pt
    want = LAYOUT.sizes.font.casefold()
    for p in doc.page_numbers.in_headers:
        pieces = p.pieces_in(0, len(p.text))
        problems = format_problems(pieces, size=sz, italic=False)
        fonts = {f for _, props in pieces for f in (props.ascii, props.hansi) if f and f.casefold() != want}
        if fonts:
            problems.append("phông " + ", ".join(sorted(fonts)))
        centred = p.ppr.jc == "center" or (p.text.startswith("\t") and p.text.count("\t") == 1
                                             and any(kind == "center" for _, kind in p.ppr.tabs))
        if not centred:
            problems.append("không căn giữa")
        if problems:
            yield doc.hit("số trang " + ", ".join(problems), "đầu trang (header)", _expected_page_number(),
                          group=PAGE_NUMBERS)


@rule("so-trang-trang-dau", "§1", text="trang đầu không đánh số")
def so_trang_trang_dau(doc: Document) -> Iterator[Hit]:
    if doc.page_numbers.on_first_page is not None:
        yield doc.hit("trang đầu có số trang", "đầu trang (header) của mục 1",
                      "trang đầu không đánh số: bật “Different First Page” (titlePg) và để trống đầu trang "
                      "của trang đầu", group=PAGE_NUMBERS)
