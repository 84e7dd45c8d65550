"""§2 Header block: Quốc hiệu, Tiêu ngữ, số and ký hiệu, địa danh and date, agency."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..layout import LAYOUT, RANGES
from ..readers.docx import Segment, twips_to_mm
from .document import (
    BLANK,
    DASHES,
    HINH_THUC_SAO,
    NGAY_RE,
    SO_RE,
    VIET_TAT,
    Document,
    format_problems,
    ky_hieu,
    num_text,
    range_text,
    upper,
    words,
)
from .registry import Hit, rule

#: Spec §6: the abbreviations of copies (bản sao) besides the document types.
BAN_SAO = tuple(HINH_THUC_SAO.values())
TOP = "phần đầu văn bản"


# ---------------------------------------------------------------------------- Quốc hiệu
def _quoc_hieu_expected() -> str:
    return f"“{LAYOUT.header.quoc_hieu}” in hoa, đậm, cỡ {range_text(RANGES.quoc_hieu_pt, 'pt')}, trên một dòng"


def _quoc_hieu_seg(doc: Document) -> Segment | None:
    """The Quốc hiệu found in one paragraph (``None``: missing, or split over two)."""
    head = doc.header
    if head.quoc_hieu is None or head.quoc_hieu_span is None:
        return None
    start, end = head.quoc_hieu_span
    return Segment(head.quoc_hieu, start, end, 0, start, end)


@rule("quoc-hieu", "§2", text="Quốc hiệu có, đúng chữ, in hoa")
def quoc_hieu(doc: Document) -> Iterator[Hit]:
    if doc.phu_luc_rieng:
        return  # an appendix in a file of its own has no header block (Mẫu 2.2)
    if doc.header.quoc_hieu is None:
        yield doc.hit("không thấy Quốc hiệu", TOP, _quoc_hieu_expected(), at=1)
        return
    seg = _quoc_hieu_seg(doc)
    if seg is None:
        return
    exact = LAYOUT.header.quoc_hieu
    text = words(seg.text)
    if text != exact:
        problem = "chưa viết in hoa" if text.upper() == exact.upper() and not upper(text) \
            else f"viết là “{text}”"
        yield doc.at(seg.para, f"Quốc hiệu {problem}", _quoc_hieu_expected(), seg=seg)


@rule("quoc-hieu-dinh-dang", "§2", text="Quốc hiệu in đậm, đúng cỡ chữ")
def quoc_hieu_dinh_dang(doc: Document) -> Iterator[Hit]:
    seg = _quoc_hieu_seg(doc)
    if seg is None:
        return
    problems = format_problems(seg.para.pieces_in(seg.start, seg.end), size=RANGES.quoc_hieu_pt, bold=True)
    if problems:
        yield doc.at(seg.para, "Quốc hiệu " + ", ".join(problems), _quoc_hieu_expected(), seg=seg)


@rule("quoc-hieu-mot-dong", "§2", text="Quốc hiệu trên một dòng, vừa ô/cột chứa nó")
def quoc_hieu_mot_dong(doc: Document) -> Iterator[Hit]:
    head = doc.header
    expected = _quoc_hieu_expected()
    if head.quoc_hieu is not None and head.quoc_hieu_span is None:
        yield doc.at(head.quoc_hieu, "Quốc hiệu bị tách thành hai đoạn", expected)
        return
    seg = _quoc_hieu_seg(doc)
    if seg is None:
        return
    p, start, end = seg.para, seg.start, seg.end
    if "\n" in p.text[start:end]:
        yield doc.at(p, "Quốc hiệu bị ngắt xuống dòng giữa chừng", expected, seg=seg)
        return
    line_start = p.text.rfind("\n", 0, start) + 1
    line_end = p.text.find("\n", end)
    line_end = len(p.text) if line_end < 0 else line_end
    over = doc.overflow(p, line_start, line_end)
    if over is not None and over > 0:
        need = p.width_of(start, end)
        yield doc.at(p, f"Quốc hiệu rộng {num_text(twips_to_mm(need))} mm, vượt chỗ dành cho nó "
                        f"{num_text(twips_to_mm(over))} mm nên bị xuống dòng hoặc tràn ra lề",
                     expected + " (nới rộng ô/cột chứa nó, dời điểm dừng tab hoặc giảm lề)", seg=seg)


# ---------------------------------------------------------------------------- Tiêu ngữ
def _tieu_ngu_expected() -> str:
    exact = LAYOUT.header.tieu_ngu
    return f"“{exact}” (gạch nối có dấu cách hai bên), đậm, cỡ {range_text(RANGES.tieu_ngu_pt, 'pt')}"


@rule("tieu-ngu", "§2", text="Tiêu ngữ có, đúng chữ, gạch nối có dấu cách")
def tieu_ngu(doc: Document) -> Iterator[Hit]:
    found = doc.header.tieu_ngu
    if found is None and doc.phu_luc_rieng:
        return
    if found is None:
        yield doc.hit("không thấy Tiêu ngữ", TOP, f"“{LAYOUT.header.tieu_ngu}” dưới Quốc hiệu", at=1)
        return
    p, m = found
    text = words(m.group(0))
    if text != LAYOUT.header.tieu_ngu:
        seg = Segment(p, m.start(), m.end(), 0, m.start(), m.end())
        yield doc.at(p, f"Tiêu ngữ viết là “{text}”", _tieu_ngu_expected(), seg=seg)


@rule("tieu-ngu-dinh-dang", "§2", text="Tiêu ngữ in đậm, đúng cỡ chữ")
def tieu_ngu_dinh_dang(doc: Document) -> Iterator[Hit]:
    found = doc.header.tieu_ngu
    if found is None and doc.phu_luc_rieng:
        return
    if found is None:
        return
    p, m = found
    problems = format_problems(p.pieces_in(m.start(), m.end()), size=RANGES.tieu_ngu_pt, bold=True)
    if problems:
        seg = Segment(p, m.start(), m.end(), 0, m.start(), m.end())
        yield doc.at(p, "Tiêu ngữ " + ", ".join(problems), _tieu_ngu_expected(), seg=seg)


# ---------------------------------------------------------------------------- số, ký hiệu
@rule("so-ky-hieu", "§2", text="dòng “Số: 05/BC-SXD”: số thêm 0, “/”, ký hiệu in hoa, không dấu cách")
def so_ky_hieu(doc: Document) -> Iterator[Hit]:
    s = doc.header.so
    if s is None and doc.without_number:
        return  # Mẫu 2.2, 1.3: no số of its own
    if s is None:
        yield doc.hit("không thấy dòng số, ký hiệu", TOP, "“Số: 564/BC-SXD” dưới tên cơ quan", at=1)
        return
    m = SO_RE.match(s.text)
    assert m is not None
    expected = ("“Số: 564/BC-SXD”: “Số:”, số (dưới 10 thêm số 0: 05, để trống thì viết dấu chấm), “/”, "
                "ký hiệu in hoa nối bằng “-”, không có dấu cách")
    problems = []
    if m["word"] != "Số":
        problems.append(f"viết “{m['word']}” thay vì “Số”")
    if not m["colon"] or m["sp1"]:
        problems.append("thiếu dấu “:” ngay sau “Số”")
    number = m["num"].strip()
    blank = all(c in BLANK for c in number)
    if not blank:
        if not number.isdigit():
            problems.append(f"số “{number}” không phải là số")
        elif int(number) < 10 and len(number) < 2:
            problems.append(f"số {number} dưới 10 phải viết {int(number):02d}")
        if m["sp3"]:
            problems.append("có dấu cách trước “/”")
    if m["sp4"]:
        problems.append("có dấu cách sau “/”")
    kh, groups = ky_hieu(s)
    if re.search(r"\s", kh):
        problems.append("ký hiệu có dấu cách")
    if any(d in kh for d in DASHES[1:]):
        problems.append("ký hiệu nối bằng gạch dài thay vì “-”")
    known = {*VIET_TAT, *BAN_SAO}
    for i, g in enumerate(groups):
        proper = next((k for k in known if k.lower() == g.lower()), None) if i == 0 else None
        if proper and g != proper:
            problems.append(f"viết tắt tên loại là “{proper}”, không phải “{g}”")
        elif not proper and not upper(g) and any(c.isalpha() for c in g):
            problems.append(f"“{g}” trong ký hiệu chưa viết in hoa")
    if not groups:
        problems.append("thiếu ký hiệu sau “/”")
    if problems:
        yield doc.at(s.para, "số, ký hiệu: " + "; ".join(problems), expected, seg=s)


def _segment_format(doc: Document, s: Segment | None, what: str, sz: tuple[float, float], style: str,
                    **want: bool) -> Iterator[Hit]:
    """The finding, if any, on the formatting of header segment ``s`` (``what`` it is)."""
    if s is None:
        return
    fmt = format_problems(s.para.pieces_in(s.start, s.end), size=sz, **want)
    if fmt:
        yield doc.at(s.para, f"{what} " + ", ".join(fmt), f"{style}, cỡ {range_text(sz, 'pt')}", seg=s)


@rule("so-ky-hieu-dinh-dang", "§2", text="số, ký hiệu không đậm, đúng cỡ chữ")
def so_ky_hieu_dinh_dang(doc: Document) -> Iterator[Hit]:
    yield from _segment_format(doc, doc.header.so, "số, ký hiệu", RANGES.so_ky_hieu_pt, "chữ đứng, không đậm",
                               bold=False)


# ---------------------------------------------------------------------------- địa danh, ngày tháng
@rule("dia-danh-ngay", "§2", text="địa danh, ngày tháng: ngày dưới 10 và tháng 1, 2 thêm 0")
def dia_danh_ngay(doc: Document) -> Iterator[Hit]:
    s = doc.header.date
    if s is None:
        title = doc.title
        kind = title.kind if title.named else title.by_kh
        if (kind is not None and not kind.co_ngay) or doc.without_number:
            return  # a biên bản (Mẫu 1.9), an appendix file (2.2), a text issued with a quyết định (1.3)
        yield doc.hit("không thấy dòng địa danh và ngày tháng", TOP,
                      "“Trà Vinh, ngày 29 tháng 12 năm 2020” dưới Tiêu ngữ", at=1)
        return
    m = NGAY_RE.match(s.text)
    assert m is not None
    expected = ("“Trà Vinh, ngày 05 tháng 01 năm 2021”: ngày dưới 10 và tháng 1, 2 thêm số 0, tháng 3–12 "
                "không; ngày để trống được")
    problems = []
    if m["word"] != "ngày":
        problems.append(f"viết “{m['word']}” thay vì “ngày”")
    parts = {}
    for key, name in (("d", "ngày"), ("m", "tháng"), ("y", "năm")):
        value = m[key].strip(" \u00a0\u2002\u2003\u2009")
        if all(c in BLANK for c in value):
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
        yield doc.at(s.para, "địa danh, ngày tháng: " + "; ".join(problems), expected, seg=s)


@rule("dia-danh-ngay-dinh-dang", "§2", text="địa danh, ngày tháng in nghiêng, đúng cỡ chữ")
def dia_danh_ngay_dinh_dang(doc: Document) -> Iterator[Hit]:
    yield from _segment_format(doc, doc.header.date, "địa danh, ngày tháng", RANGES.dia_danh_ngay_pt,
                               "chữ nghiêng", italic=True)


# ---------------------------------------------------------------------------- agency
# co-quan and co-quan-dinh-dang sort together, line by line, as the agency is read top down.
def _agency_expected() -> str:
    sz = RANGES.co_quan_pt
    return f"tên cơ quan in hoa, cỡ {range_text(sz, 'pt')}; cơ quan ban hành in đậm (cơ quan chủ quản không đậm)"


@rule("co-quan", "§2", text="tên cơ quan có, in hoa")
def co_quan(doc: Document) -> Iterator[Hit]:
    lines = doc.header.agency
    if not lines and doc.phu_luc_rieng:
        return
    if not lines:
        yield doc.hit("không thấy tên cơ quan ban hành", TOP, _agency_expected(), at=1)
        return
    for i, s in enumerate(lines):
        if not upper(s.text):
            yield doc.at(s.para, "tên cơ quan chưa viết in hoa", _agency_expected(), seg=s, rank_as="co-quan",
                         sub=(i, 0))


@rule("co-quan-dinh-dang", "§2", text="tên cơ quan ban hành in đậm, đúng cỡ chữ")
def co_quan_dinh_dang(doc: Document) -> Iterator[Hit]:
    lines = doc.header.agency
    if not lines:
        return
    for i, s in enumerate(lines):
        problems = format_problems(s.para.pieces_in(s.start, s.end), size=RANGES.co_quan_pt)
        if problems:
            yield doc.at(s.para, "tên cơ quan " + ", ".join(problems), _agency_expected(), seg=s,
                         rank_as="co-quan", sub=(i, 1))
    last = lines[-1]
    if not all(props.bold for _, props in last.para.pieces_in(last.start, last.end)):
        yield doc.at(last.para, "tên cơ quan ban hành không in đậm", _agency_expected(), seg=last,
                     rank_as="co-quan", sub=(len(lines) - 1, 2))


@rule("gach-duoi-co-quan", "§2", text="đường kẻ dưới tên cơ quan ban hành dài 1/3–1/2 dòng chữ")
def co_quan_gach_duoi(doc: Document) -> Iterator[Hit]:
    lines = doc.header.agency
    if not lines:
        return
    issuing = [s for s in lines if all(props.bold for _, props in s.para.pieces_in(s.start, s.end))] or lines[-1:]
    width = max(s.para.width_of(s.start, s.end) for s in issuing)
    last = issuing[-1]
    problem = doc.rule_problem(last.para, width, "tên cơ quan ban hành")
    if problem:
        message, expected, severity = problem
        yield doc.at(last.para, message, expected, seg=last, severity=severity)


_VV_TWICE = re.compile(r"^\s*v\s*/\s*v\.?\s*[:.]?\s*(v\s*/\s*v|về\s+việc)\b", re.IGNORECASE)


@rule("trich-yeu-vv", "§2", text="trích yếu công văn: “V/v” viết một lần")
def trich_yeu_vv(doc: Document) -> Iterator[Hit]:
    for s in doc.header.segments:
        found = _VV_TWICE.match(s.text)
        if found:
            yield doc.at(s.para, f"trích yếu công văn viết “V/v” rồi lại “{found.group(1)}”",
                         "“V/v” một lần, rồi nội dung: “V/v triển khai kế hoạch …”", seg=s)
