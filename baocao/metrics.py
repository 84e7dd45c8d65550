"""Text widths in Times New Roman, from advance widths shipped as data.

The widths come from Liberation Serif, which is metric-compatible with Times New
Roman (same advance width for every glyph), so no font file is needed at run
time. ``tools/make_font_metrics.py`` regenerates the data.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

_FALLBACK_EM = 0.5  # characters the font lacks: half an em, a typical width
#: Where a line may break: the spaces Word breaks at. Not the no-break spaces (U+00A0, U+2007,
#: U+202F), which must stay, nor control characters, which the writer drops (``str.split()``
#: breaks at both).
_BREAK = re.compile("[ \t\r\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")


@lru_cache(maxsize=1)
def _tables() -> tuple[int, dict[str, dict[int, int]]]:
    raw = json.loads(resources.files("baocao").joinpath("resources/times_metrics.json").read_text("utf-8"))
    styles: dict[str, dict[int, int]] = {}
    for style, runs in raw["styles"].items():
        table: dict[int, int] = {}
        for start, widths in runs:
            table.update(zip(range(start, start + len(widths)), widths))
        styles[style] = table
    return raw["units_per_em"], styles


def _style(bold: bool, italic: bool) -> str:
    return ("bold_italic" if italic else "bold") if bold else ("italic" if italic else "regular")


def text_width(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width in points of ``text`` set on one line in Times New Roman.

    Text is measured in NFC form, as the writer stores it.

    >>> round(text_width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True), 1)
    250.3
    >>> text_width("ab", 14) == text_width("a", 14) + text_width("b", 14)
    True
    """
    upm, styles = _tables()
    table = styles[_style(bold, italic)]
    fallback = upm * _FALLBACK_EM
    units = sum(table.get(ord(ch), fallback) for ch in unicodedata.normalize("NFC", text))
    return units * size_pt / upm


def _breaks(widths: list[float], space: float, width_pt: float) -> list[int]:
    """Greedy line breaks over word widths: the index of the first word of each line."""
    starts, used = [0], 0.0
    for i, w in enumerate(widths):
        if i > starts[-1] and used + space + w > width_pt:
            starts.append(i)
            used = w
        else:
            used = used + space + w if i > starts[-1] else w
    return starts


def _paragraphs(text: str, size_pt: float, bold: bool, italic: bool):
    for part in text.split("\n"):
        words = [w for w in _BREAK.split(part) if w]
        yield words, [text_width(w, size_pt, bold=bold, italic=italic) for w in words]


def _join(words: list[str], starts: list[int]) -> list[str]:
    ends = starts[1:] + [len(words)]
    return [" ".join(words[a:b]) for a, b in zip(starts, ends)] if words else [""]


def wrap(text: str, width_pt: float, size_pt: float, *, bold: bool = False,
         italic: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width_pt``, at spaces, as Word does.

    Explicit newlines always break. A word longer than the line stays whole.

    >>> wrap("SỞ XÂY DỰNG", 500, 12)
    ['SỞ XÂY DỰNG']
    >>> wrap("SỞ XÂY DỰNG", 60, 12, bold=True)
    ['SỞ XÂY', 'DỰNG']
    """
    space = text_width(" ", size_pt, bold=bold, italic=italic)
    lines: list[str] = []
    for words, widths in _paragraphs(text, size_pt, bold, italic):
        lines += _join(words, _breaks(widths, space, width_pt))
    return lines


def balance(text: str, width_pt: float, size_pt: float, *, bold: bool = False,
            italic: bool = False) -> list[str]:
    """Wrap ``text`` into as few lines as :func:`wrap` does (or one more), as even as possible and
    at places a Vietnamese reader breaks a name or title: never inside a word of two syllables of
    :data:`_COMPOUNDS`, rather before an administrative unit or a "và", "của" … (:data:`_GOOD_BEFORE`).

    Centred titles (trích yếu, agency names) read better with balanced lines than
    with a full first line and a short last one. Explicit newlines are kept as they are.

    >>> wrap("Tổng kết tình hình thực hiện mô hình năm 2020", 200, 14, bold=True)
    ['Tổng kết tình hình thực hiện mô', 'hình năm 2020']
    >>> balance("Tổng kết tình hình thực hiện mô hình năm 2020", 200, 14, bold=True)
    ['Tổng kết tình hình', 'thực hiện mô hình năm 2020']
    >>> balance("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 190, 12, bold=True)  # where people break it
    ['SỞ LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI']
    """
    return list(_balance(text, width_pt, size_pt, bold, italic))


#: Words a Vietnamese name or title is broken before, where it can: an administrative unit, a
#: conjunction or preposition that starts a phrase ("… NHÂN DÂN / TỈNH TRÀ VINH", "… THƯƠNG BINH /
#: VÀ XÃ HỘI", "… năm 2021 / của …"); and after a comma, a semicolon or a colon. A dash is no place
#: to break: it joins names ("BÀ RỊA - VŨNG TÀU").
_GOOD_BEFORE = frozenset(("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường", "thôn", "và", "của", "về",
                          "tại", "trên", "cho", "theo", "với", "năm", "ngày", "giai", "đến", "trong", "ủy"))
#: What a break elsewhere costs, as a share of the whole text's width: good breaks win unless they
#: leave lines far more uneven than that; one after a comma costs a little (before "và" reads better).
_BAD_BREAK = 0.35
_COMMA_BREAK = 0.05
#: What one line more than needed costs: taken when it saves a bad break ("VĂN PHÒNG / ỦY BAN NHÂN
#: DÂN / TỈNH …" rather than "… ỦY BAN NHÂN / DÂN TỈNH …").
_EXTRA_LINE = 0.3


#: Two-syllable words of agency names and titles that a line never splits ("HÀNH / CHÍNH").
_COMPOUNDS = frozenset(tuple(pair.split()) for pair in (
    "hành chính", "nhân dân", "thương binh", "xã hội", "dân dụng", "xây dựng", "công nghiệp", "phục vụ",
    "trung tâm", "quản lý", "dự án", "đầu tư", "công trình", "văn phòng", "ủy ban", "văn hóa", "thể thao",
    "du lịch", "tài chính", "kế hoạch", "nội vụ", "tư pháp", "giáo dục", "đào tạo", "y tế", "khoa học",
    "công nghệ", "tài nguyên", "môi trường", "giao thông", "vận tải", "nông nghiệp", "phát triển",
    "nông thôn", "lao động", "thông tin", "truyền thông", "ngoại vụ", "thanh tra", "công thương", "dân tộc",
    "tôn giáo", "cải cách", "thủ tục", "hội đồng", "chủ tịch", "giám đốc", "cộng hòa", "chính quyền",
    "địa phương", "công an", "quân sự", "biên phòng", "kiểm tra", "kỷ luật", "mặt trận", "tổ quốc",
    "thi đua", "khen thưởng", "tổ chức", "cán bộ", "công chức", "viên chức", "doanh nghiệp", "ngân sách",
    "thực hiện", "tình hình", "kết quả", "báo cáo", "công tác", "năm học", "thành phố", "thị xã", "thị trấn",
))


def _break_cost(words: list[str], i: int) -> float:
    """What starting a line at ``words[i]`` costs (a share of the text's width)."""
    if (words[i - 1].lower(), words[i].lower()) in _COMPOUNDS:
        return 1.0  # inside a word of two syllables
    if words[i].lower() in _GOOD_BEFORE and words[i - 1] not in ("-", "–"):
        return 0.0
    return _COMMA_BREAK if words[i - 1].endswith((",", ";", ":")) else _BAD_BREAK


@lru_cache(maxsize=512)  # the same agency names and titles come back document after document
def _balance(text: str, width_pt: float, size_pt: float, bold: bool, italic: bool) -> tuple[str, ...]:
    if "\n" in text:
        return tuple(wrap(text, width_pt, size_pt, bold=bold, italic=italic))
    space = text_width(" ", size_pt, bold=bold, italic=italic)
    ((words, widths),) = _paragraphs(text, size_pt, bold, italic)
    count = len(_breaks(widths, space, width_pt))
    if 2 <= count <= 4 and len(words) <= 40:  # lines at good places if they fit, the most even otherwise
        import itertools

        total = sum(widths) + space * (len(words) - 1)
        start = list(itertools.accumulate(widths, initial=0.0))  # width of words[:i] is start[i]
        cost = [0.0] + [_break_cost(words, i) for i in range(1, len(words))]
        best: tuple[float, tuple[int, ...]] | None = None
        for n in range(count, min(count + 1, 4, len(words)) + 1):
            for cuts in itertools.combinations(range(1, len(words)), n - 1):
                bounds = (0, *cuts, len(words))
                widest = max(start[b] - start[a] + space * (b - a - 1) for a, b in zip(bounds, bounds[1:]))
                if widest > width_pt:
                    continue
                score = widest + total * (sum(cost[i] for i in cuts) + _EXTRA_LINE * (n - count))
                if best is None or score < best[0]:
                    best = (score, cuts)
        if best is not None:
            return tuple(_join(words, [0, *best[1]]))
    low, high = 0.0, width_pt
    while count > 1 and high - low > 0.5:  # the narrowest width that needs no more lines
        mid = (low + high) / 2
        if len(_breaks(widths, space, mid)) <= count:
            high = mid
        else:
            low = mid
    return tuple(_join(words, _breaks(widths, space, high)))


def longest_line(text: str, width_pt: float, size_pt: float, *, bold: bool = False,
                 italic: bool = False) -> float:
    """Width in points of the longest line of ``text`` balanced within ``width_pt``."""
    return max(text_width(line, size_pt, bold=bold, italic=italic)
               for line in balance(text, width_pt, size_pt, bold=bold, italic=italic))
