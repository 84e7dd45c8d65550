"""Automatic numbering of headings: Roman numerals, Vietnamese letters, schemes.

Templates and model users never type numbers; the writer asks a :class:`Numberer`
for the label of each heading from its level, following the scheme of the
document type (spec §3).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from .errors import LayoutError
from .layout import CHU_CAI
from .records import FrozenRecord

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def la_ma(n: int) -> str:
    """Roman numeral of ``n`` (1–3999).

    >>> la_ma(1), la_ma(4), la_ma(9), la_ma(14), la_ma(2024)
    ('I', 'IV', 'IX', 'XIV', 'MMXXIV')
    """
    if not isinstance(n, numbers.Integral) or isinstance(n, bool):
        raise LayoutError(f"số La Mã cần một số nguyên, nhận {n!r} ({type(n).__name__})",
                          hint="ví dụ la_ma(4) → IV; chữ số trong chuỗi: la_ma(so | int)")
    if not 0 < n < 4000:
        raise LayoutError(f"số La Mã chỉ viết được từ 1 đến 3999, nhận {n}")
    out = []
    for value, digits in _ROMAN:
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def chu_cai(n: int) -> str:
    """The ``n``-th letter (1-based) of the Vietnamese order used for điểm.

    >>> " ".join(chu_cai(i) for i in range(1, 10))
    'a b c d đ e g h i'
    """
    if not isinstance(n, numbers.Integral) or isinstance(n, bool):
        raise LayoutError(f"chữ cái thứ tự cần một số nguyên, nhận {n!r} ({type(n).__name__})")
    if not 0 < n <= len(CHU_CAI):
        raise LayoutError(
            f"mục thứ {n} không có chữ cái: thứ tự a, b, c … y chỉ có {len(CHU_CAI)} chữ",
            hint="chia các điểm thành nhiều khoản, hoặc dùng gạch đầu dòng",
        )
    return CHU_CAI[n - 1]


@dataclass(frozen=True, repr=False, eq=False)
class Level(FrozenRecord):
    """How one heading level is numbered and set.

    ``label`` is a format string over ``{n}`` (1, 2 …), ``{roman}`` (I, II …),
    ``{alpha}`` (a, b … đ …) and ``{path}`` (the numbers of this level and the
    levels above it that use ``{n}``, joined with dots: ``1.1``).
    """

    label: str
    bold: bool = True
    italic: bool = False
    label_bold: bool | None = None  # None: as the text
    upper: bool = False  # set the title in upper case
    centered: bool = False
    indent: bool = True  # first-line indent like body text
    separator: str = " "  # between label and title; "\n" puts the title on its own line
    continuous: bool = False  # numbered across the levels above (Điều across Chương)


@dataclass(frozen=True, repr=False, eq=False)
class Scheme(FrozenRecord):
    """A numbering scheme: one :class:`Level` per heading level, outermost first."""

    name: str
    levels: tuple[Level, ...]


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        # báo cáo, kế hoạch, tờ trình …: I. → 1. → a); deeper: bullets - and +
        Scheme("muc", (Level("{roman}."), Level("{n}."), Level("{alpha})", bold=False, italic=True))),
        # the same under parts: Phần I (title on its own line) → I. → 1. → a)
        Scheme("phan_muc", (Level("Phần {roman}", upper=True, centered=True, separator="\n"),
                            Level("{roman}."), Level("{n}."), Level("{alpha})", bold=False, italic=True))),
        # the same with decimal third level: I. → 1. → 1.1. → a)
        Scheme("muc_thap_phan", (Level("{roman}."), Level("{n}."), Level("{path}.", italic=True),
                                 Level("{alpha})", bold=False, italic=True))),
        # quyết định, quy chế: Điều 1. → khoản 1. → điểm a); only "Điều 1." is bold
        # (a bold article title is given as bold runs)
        Scheme("dieu", (Level("Điều {n}.", bold=False, label_bold=True), Level("{n}.", bold=False),
                        Level("{alpha})", bold=False))),
        # quy chế, quy định with chapters: Chương I (title below) → Điều 1. (numbered on
        # across chapters) → khoản 1. → điểm a)
        Scheme("chuong_dieu", (Level("Chương {roman}", upper=True, centered=True, separator="\n"),
                               Level("Điều {n}.", bold=False, label_bold=True, continuous=True),
                               Level("{n}.", bold=False), Level("{alpha})", bold=False))),
    )
}


class Numberer:
    """Counters for one run of headings; ``label(level)`` advances and formats.

    >>> num = Numberer(SCHEMES["muc"])
    >>> [num.label(lv) for lv in (1, 2, 2, 3, 3, 1, 2)]
    ['I.', '1.', '2.', 'a)', 'b)', 'II.', '1.']
    >>> num = Numberer(SCHEMES["muc_thap_phan"])
    >>> [num.label(lv) for lv in (1, 2, 3, 3, 2, 3)]
    ['I.', '1.', '1.1.', '1.2.', '2.', '2.1.']
    >>> num = Numberer(SCHEMES["chuong_dieu"])
    >>> [num.label(lv) for lv in (1, 2, 3, 3, 2, 1, 2, 3)]
    ['Chương I', 'Điều 1.', '1.', '2.', 'Điều 2.', 'Chương II', 'Điều 3.', '1.']
    """

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.counts = [0] * len(scheme.levels)

    def level(self, level: int) -> Level:
        if not 1 <= level <= len(self.scheme.levels):
            raise LayoutError(
                f"đề mục cấp {level} không có trong cách đánh số '{self.scheme.name}' "
                f"(chỉ có cấp 1 đến {len(self.scheme.levels)})",
                hint="dùng ít cấp đề mục hơn, hoặc gạch đầu dòng cho cấp sâu hơn",
            )
        return self.scheme.levels[level - 1]

    def label(self, level: int) -> str:
        spec = self.level(level)
        i = level - 1
        self.counts[i] += 1
        for j in range(i + 1, len(self.counts)):
            if not self.scheme.levels[j].continuous:
                self.counts[j] = 0
        n = self.counts[i]
        path = ".".join(str(max(c, 1)) for c, lv in zip(self.counts[: i + 1], self.scheme.levels)
                        if "{n}" in lv.label or "{path}" in lv.label)
        fields = {"n": n, "path": path}
        if "{roman}" in spec.label:
            fields["roman"] = la_ma(n)
        if "{alpha}" in spec.label:
            fields["alpha"] = chu_cai(n)
        return spec.label.format(**fields)
