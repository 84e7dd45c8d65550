"""Charts for reports: bar, line and pie charts from data, as PNG bytes sized for the page.

:func:`bieu_do` draws a DataFrame, a dict or a list of rows with matplotlib and returns
the PNG, exactly ``width_mm`` × ``height_mm`` at ``dpi`` (165 mm, the text width of a
portrait page, by default), so the document embeds it without rescaling. Numbers are
written the Vietnamese way (``6.243.886``, ``85,5``, ``91,17%``) by
:func:`baocao.formatting.so` and :func:`~baocao.formatting.phan_tram`; text is set in a
Times-like serif that has every Vietnamese letter. :func:`khoi_bieu_do` wraps the PNG in
an :class:`~baocao.model.Image` block; its caption is numbered "Biểu đồ N." (:data:`NHAN_CHU_THICH`).

Parameter names follow docs/vocabulary.md: generic ones in English (``title``, ``decimals``,
``width_mm`` …), domain ones in Vietnamese (``kieu``, ``phan_tram``). The old names
(``tieu_de``, ``so_le``, ``rong_mm`` … see :data:`TEN_CU`) still work for one release, with a
:class:`DeprecationWarning` naming the new one.

matplotlib is a dependency of the package, imported only when a chart is drawn (so that
``import baocao`` and the command start quickly). Drawing uses :class:`matplotlib.figure.Figure` and the Agg canvas
directly, never pyplot or ``rcParams``, so charts can be drawn from several threads, and
the same data always gives the same bytes.

The axis formatter is plain Python, usable without matplotlib:

>>> so_truc(6243886), so_truc(85.5, 1), so_truc(20, 0, phan_tram=True), so_truc(-1e-17, 1)
('6.243.886', '85,5', '20%', '0,0')
"""

from __future__ import annotations

import difflib
import io
import math
import numbers
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, SupportsInt, cast

from .errors import BaoCaoError, DataError
from .formatting import _la_so_nguyen, ngay, so
from .formatting import phan_tram as _phan_tram
from .layout import LAYOUT
from .numbers import is_missing
from .renamed import renamed

#: The kinds of chart: vertical bars, horizontal bars, lines, pie.
KIEU = ("cot", "cot_ngang", "duong", "tron")

#: The caption label of a chart block: "Biểu đồ 1. …".
NHAN_CHU_THICH = "Biểu đồ"

#: Fonts tried in turn; the first one installed that has every Vietnamese letter is used.
#: Times New Roman (Windows, macOS) and its metric twins, then the serif matplotlib ships.
PHONG_CHU = ("Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif")

#: Series colours: restrained, and alternating dark and light so that neighbours stay apart
#: when the report is printed in black and white.
BANG_MAU = ("#34506f", "#9db4cc", "#5a5a5a", "#c8c8c8", "#6f8b5e", "#d8c190", "#1f1f1f", "#b07d68",
            "#7d93ab", "#e4e4e4")

#: Line colours: the darker ones, as thin lines in a light colour fade in print.
BANG_MAU_DUONG = ("#34506f", "#7a7a7a", "#1f1f1f", "#6f8b5e", "#b07d68", "#7d93ab")

CO_CHU = 10.5  #: point size of ticks, axis labels and the legend
CO_CHU_NHAN = 10.0  #: point size of value labels (shrunk down to 8 where bars are narrow)
CO_CHU_TIEU_DE = 11.5  #: point size of the title (bold)

_WHERE = "bieu_do()"
_HINT_CAI = "cài lại thư viện vẽ biểu đồ: pip install matplotlib"
_MAU_CHU = "#1a1a1a"  # text and axes
_MAU_TRUC = "#4d4d4d"
_TONE = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc huyền hỏi ngã nặng

#: Every Vietnamese letter with a diacritic, both cases (134 letters).
_NGUYEN_AM = "aăâeêioôơuưy"
CHU_VIET = "".join(sorted({unicodedata.normalize("NFC", v + t) for v in _NGUYEN_AM + _NGUYEN_AM.upper() for t in _TONE}
                          - set("aeiouyAEIOUY") | {"đ", "Đ"}))


# ---------------------------------------------------------------------------------------- numbers


@renamed({"so_le": "decimals"}, name="charts.so_truc")
def so_truc(value: float, decimals: int = 0, *, phan_tram: bool = False) -> str:
    """An axis tick: ``value`` with ``decimals`` decimals the Vietnamese way, ``%`` after it
    when ``phan_tram``.

    >>> so_truc(6243886), so_truc(85.5, 1), so_truc(0.30000000000000004, 1), so_truc(12.5, 1, phan_tram=True)
    ('6.243.886', '85,5', '0,3', '12,5%')
    """
    return _phan_tram(value, decimals) if phan_tram else so(value, decimals)


@renamed({"toi_da": "max_decimals"}, name="charts.so_le_truc")
def so_le_truc(locs: Sequence[float], max_decimals: int = 6) -> int:
    """The fewest decimals that write every tick in ``locs`` exactly (at most ``max_decimals``).

    >>> so_le_truc([0, 2_000_000, 4_000_000]), so_le_truc([0, 0.25, 0.5]), so_le_truc([0.1, 0.1 + 0.2])
    (0, 2, 1)
    """
    values = [float(v) for v in locs if math.isfinite(float(v))]
    for places in range(max_decimals + 1):
        if all(abs(v - round(v, places)) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return places
    return max_decimals


def _nhan_gia_tri(value: Any, so_le: int, phan_tram: bool) -> str:
    """A value label: exact half-up rounding of the value as given (Decimal, int or float)."""
    return _phan_tram(value, so_le) if phan_tram else so(value, so_le)


def _nhan_x(value: Any) -> str:
    """A category label: text as is, whole numbers without separators (years), dates as cited."""
    if is_missing(value):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, (numbers.Real, Decimal)):
        whole = int(cast(SupportsInt, value))  # float, Fraction, Decimal, numpy floats: all have __int__
        return str(whole) if value == whole else so(value, 2, gon=True)
    if hasattr(value, "strftime"):
        return ngay(value)
    return str(value)


# ---------------------------------------------------------------------------------------- data


@dataclass
class _Bang:
    """Data as column names and rows."""

    names: list[str]
    rows: list[list[Any]]


def _is_column(value: Any) -> bool:
    """A list, tuple, numpy array or pandas Series: a column (or a row) of values."""
    if isinstance(value, Sequence):
        return not isinstance(value, (str, bytes))
    return hasattr(value, "__array__") and getattr(value, "ndim", 0) == 1


def _bang(data: Any) -> _Bang:
    """Names and rows of a DataFrame (its index first when it is named or not 0, 1, 2 …),
    a Series, a dict of values or of columns, a list of dicts or a list of rows (header first)."""
    if hasattr(data, "columns") and hasattr(data, "itertuples"):  # pandas DataFrame
        names = [str(c) for c in data.columns]
        rows = [list(r) for r in data.itertuples(index=False, name=None)]
        index = data.index
        plain = type(index).__name__ == "RangeIndex" and index.start == 0 and index.step == 1
        if index.name is not None or not plain:
            names.insert(0, str(index.name) if index.name is not None else "(chỉ mục)")
            rows = [[i, *r] for i, r in zip(index, rows)]
        return _Bang(names, rows)
    if hasattr(data, "index") and hasattr(data, "items") and hasattr(data, "dtype"):  # pandas Series
        label = str(data.index.name) if data.index.name is not None else "(chỉ mục)"
        return _Bang([label, str(data.name) if data.name is not None else "Giá trị"],
                     [[k, v] for k, v in data.items()])
    if isinstance(data, Mapping):
        if data and all(_is_column(v) for v in data.values()):  # {"Năm": [...], "Doanh thu": [...]}
            columns = {str(k): list(v) for k, v in data.items()}
            lengths = {k: len(v) for k, v in columns.items()}
            if len(set(lengths.values())) > 1:
                shown = ", ".join(f"'{k}' có {n}" for k, n in lengths.items())
                raise DataError(f"các cột dài ngắn khác nhau: {shown} giá trị", where=_WHERE,
                                hint="mỗi cột phải có cùng số giá trị")
            return _Bang(list(columns), [list(r) for r in zip(*columns.values())])
        return _Bang(["Nhãn", "Giá trị"], [[k, v] for k, v in data.items()])  # {"Nhà ở": 13, …}
    if isinstance(data, Sequence) and not isinstance(data, (str, bytes)):
        items = list(data)
        if items and all(isinstance(r, Mapping) for r in items):
            names = list(dict.fromkeys(str(k) for r in items for k in r))
            keyed = [{str(k): v for k, v in r.items()} for r in items]
            return _Bang(names, [[r.get(n) for n in names] for r in keyed])
        if items and all(_is_column(r) for r in items):
            header, *rows = [list(r) for r in items]
            return _Bang([str(c) for c in header], rows)
        if not items:
            return _Bang([], [])
    raise DataError(f"biểu đồ cần một DataFrame, dict, danh sách dict hoặc danh sách hàng (hàng đầu là tiêu đề), "
                    f"nhận {type(data).__name__}", where=_WHERE)


def _thieu_cot(missing: list[str], names: list[str]) -> DataError:
    """The error for columns that do not exist, with the columns that do and close matches."""
    folded = {n.casefold().strip(): n for n in names}
    guesses = []
    for col in missing:
        close = folded.get(col.casefold().strip())
        if close is None:
            matches = difflib.get_close_matches(col.casefold(), list(folded), n=1, cutoff=0.6)
            close = folded[matches[0]] if matches else None
        if close is not None:
            guesses.append(f"'{col}' → có phải ý bạn là '{close}'?")
    word = "các cột" if len(missing) > 1 else "cột"
    hint = "dữ liệu có các cột: " + (", ".join(f"'{n}'" for n in names) or "(không có cột nào)")
    if guesses:
        hint += "; " + "; ".join(guesses)
    return DataError(f"không có {word} " + ", ".join(f"'{c}'" for c in missing), where=_WHERE, hint=hint)


def _la_so(value: Any) -> bool:
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool) \
        and type(value).__name__ != "bool_"


@dataclass
class _Chuoi:
    """One series: legend name, values as given (for labels) and as floats (None: missing)."""

    name: str
    values: list[Any]
    floats: list[float | None]


def _chon(bang: _Bang, x: str | None, y: Any) -> tuple[list[str], list[_Chuoi]]:
    """Category labels and series of the chosen columns, checked."""
    names, rows = bang.names, bang.rows
    if not rows or not names:
        raise DataError("không có dữ liệu để vẽ biểu đồ", where=_WHERE,
                        hint="bảng số liệu rỗng: kiểm tra tệp dữ liệu hoặc bộ lọc")
    if y is None:
        wanted: list[tuple[str, str]] = []
    elif isinstance(y, str):
        wanted = [(y, y)]
    elif isinstance(y, Mapping):
        wanted = [(str(k), str(v)) for k, v in y.items()]
    elif isinstance(y, Sequence):
        wanted = [(str(c), str(c)) for c in y]
    else:
        raise DataError(f"y phải là tên cột, danh sách tên cột hoặc dict {{cột: tên chú giải}}, nhận {y!r}",
                        where=_WHERE)
    if y is not None and not wanted:
        raise DataError("y là danh sách rỗng: chưa chọn cột số liệu nào", where=_WHERE)
    missing = [c for c in ([str(x)] if x is not None else []) + [c for c, _ in wanted] if c not in names]
    if missing:
        raise _thieu_cot(list(dict.fromkeys(missing)), names)
    if x is not None:
        xi: int | None = names.index(str(x))
    else:
        xi = 0 if len(names) > 1 else None
    if not wanted:
        # every other column with a number in it: text among numbers is reported below, not skipped
        wanted = [(n, n) for i, n in enumerate(names) if i != xi and any(_la_so(r[i]) for r in rows)]
        if not wanted:
            raise DataError("không có cột số liệu nào để vẽ", where=_WHERE,
                            hint="chọn cột bằng y=\"tên cột\"; dữ liệu có các cột: "
                            + ", ".join(f"'{n}'" for n in names))
    labels = [_nhan_x(r[xi]) if xi is not None else str(i) for i, r in enumerate(rows, 1)]
    series = []
    for col, legend in wanted:
        ci = names.index(col)
        values: list[Any] = []
        floats: list[float | None] = []
        for i, r in enumerate(rows, 1):
            v = r[ci]
            if is_missing(v):
                values.append(None)
                floats.append(None)
                continue
            row = f"dòng {i}" + (f" ('{labels[i - 1]}')" if xi is not None else "")
            if not _la_so(v):
                raise DataError(f"cột '{col}', {row}: {v!r} không phải là số", where=_WHERE,
                                hint="số liệu vẽ biểu đồ phải là số, ví dụ 1234.5 "
                                "(không viết '1.234,5' hay kèm đơn vị)")
            f = float(v)
            if not math.isfinite(f):
                raise DataError(f"cột '{col}', {row}: {v!r} không phải là số hữu hạn", where=_WHERE,
                                hint="kiểm tra phép tính ra số này (chia cho 0?)")
            values.append(v)
            floats.append(f)
        if all(f is None for f in floats):
            raise DataError(f"cột '{col}' không có giá trị nào", where=_WHERE)
        series.append(_Chuoi(legend, values, floats))
    return labels, series


# ---------------------------------------------------------------------------------------- matplotlib


def _mpl() -> Any:
    """matplotlib, or a clear error saying how to install it."""
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError as exc:
        raise BaoCaoError(f"cần thư viện matplotlib để vẽ biểu đồ ({exc})", where=_WHERE, hint=_HINT_CAI) from None
    return matplotlib


@lru_cache(maxsize=1)
def phong_chu() -> tuple[str, str]:
    """(family, file) of the font charts are set in: the first of :data:`PHONG_CHU` that is
    installed and has every letter of :data:`CHU_VIET`, else the DejaVu Serif matplotlib ships."""
    _mpl()
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    for family in PHONG_CHU:
        try:
            path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        try:
            charmap = FT2Font(path).get_charmap()
        except (OSError, RuntimeError):  # an unreadable font file
            continue
        if font_manager.FontProperties(fname=path).get_name() == family \
                and all(ord(c) in charmap for c in CHU_VIET):
            return family, path
    return "DejaVu Serif", font_manager.findfont(font_manager.FontProperties(family="DejaVu Serif"))


def _font(size: float, bold: bool = False) -> Any:
    from matplotlib.font_manager import FontProperties

    # the chosen font first; DejaVu only for a glyph it might lack (symbols)
    return FontProperties(family=[phong_chu()[0], "DejaVu Serif", "DejaVu Sans"], size=size,
                          weight="bold" if bold else "normal")


def _chu(text: str) -> str:
    """Text shown literally: a pair of ``$`` would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")


def _rong_pt(text: str, size: float, bold: bool = False) -> float:
    """Width in points of the widest line of ``text`` in the chart font."""
    from matplotlib.textpath import text_to_path

    fp = _font(size, bold)
    return max((text_to_path.get_text_width_height_descent(line, fp, ismath=False)[0]
                for line in text.split("\n") if line), default=0.0)


def _xuong_dong(text: str, max_pt: float, size: float, *, max_lines: int = 3, bold: bool = False) -> str | None:
    """``text`` broken between words into as few lines of at most ``max_pt`` points as
    possible, balanced (no word left alone on the last line), or ``None`` when a word
    is too long or it takes more than ``max_lines`` lines. A no-break space binds."""
    words = [w for w in re.split(r"[ \t\n]+", text.strip()) if w]

    def wrap(width: float) -> list[str] | None:
        lines: list[str] = []
        for word in words:
            if lines and _rong_pt(f"{lines[-1]} {word}", size, bold) <= width:
                lines[-1] += f" {word}"
            elif _rong_pt(word, size, bold) <= width:
                lines.append(word)
            else:
                return None
        return lines

    lines = wrap(max_pt)
    if lines is None or len(lines) > max_lines:
        return None
    low, high = 0.0, max_pt
    while len(lines) > 1 and high - low > 0.5:  # the narrowest width needing no more lines
        mid = (low + high) / 2
        trial = wrap(mid)
        if trial is not None and len(trial) <= len(lines):
            high = mid
        else:
            low = mid
    return "\n".join(wrap(high) or lines)


def _rut_gon(text: str, max_pt: float, size: float, *, max_lines: int = 3, bold: bool = False) -> str:
    """:func:`_xuong_dong`, or if ``text`` cannot fit, its longest beginning that does,
    ended by "…" (a label must never push the plot out of the picture)."""
    wrapped = _xuong_dong(text, max_pt, size, max_lines=max_lines, bold=bold)
    if wrapped is not None:
        return wrapped
    words = [w for w in re.split(r"[ \t\n]+", text.strip()) if w]
    low, high = 0, len(words) - 1  # low words (and "…") fit
    while low < high:
        mid = (low + high + 1) // 2
        if _xuong_dong(" ".join(words[:mid]) + "…", max_pt, size, max_lines=max_lines, bold=bold) is not None:
            low = mid
        else:
            high = mid - 1
    if low:
        return _xuong_dong(" ".join(words[:low]) + "…", max_pt, size, max_lines=max_lines, bold=bold) or text
    word = words[0] if words else text
    while len(word) > 1 and _rong_pt(word + "…", size, bold) > max_pt:  # one word too long: cut it
        word = word[:-1]
    return word + "…"


def _sang(color: str) -> float:
    """Relative luminance of a colour (0 black … 1 white)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


_MM_PT = 72 / 25.4


def _truc_so(ax: Any, axis: str, series: list[_Chuoi], phan_tram: bool) -> None:
    """Vietnamese tick labels on the value axis; whole-number ticks for whole-number data."""
    from matplotlib import ticker

    class _Truc(ticker.Formatter):
        so_le = 0

        def set_locs(self, locs: Any) -> None:
            super().set_locs(locs)
            self.so_le = so_le_truc(list(locs))

        def __call__(self, x: float, pos: int | None = None) -> str:
            return so_truc(x, self.so_le, phan_tram=phan_tram)

    whole = all(f is None or f == int(f) for s in series for f in s.floats)
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(ticker.MaxNLocator(nbins="auto", integer=whole, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3))
    target.set_major_formatter(_Truc())


def _nhan_truc_danh_muc(labels: list[str], slot_pt: float, rong_mm: float, cao_mm: float) -> tuple[list[str], float]:
    """Category tick labels broken into lines to fit their slot; if they cannot fit, on one
    line turned 30° (45° for many), shortened with "…" to at most 30 % of the height and
    40 % of the width of the chart."""
    wrapped = [_xuong_dong(s, slot_pt * 0.94, CO_CHU) if s else s for s in labels]
    if all(w is not None for w in wrapped):
        return [w or "" for w in wrapped], 0.0
    turn = 45.0 if len(labels) > 12 else 30.0
    longest = min(0.3 * cao_mm / math.sin(math.radians(turn)), 0.4 * rong_mm / math.cos(math.radians(turn)))
    return [_rut_gon(s, longest * _MM_PT, CO_CHU, max_lines=1) if s else s for s in labels], turn


# ---------------------------------------------------------------------------------------- drawing


def _ve_cot(ax: Any, labels: list[str], series: list[_Chuoi], colors: Sequence[str], *, ngang: bool,
            nhan: bool, so_le: int, phan_tram: bool, rong_mm: float, cao_mm: float) -> None:
    n, k = len(labels), len(series)
    group = 0.8 if k > 1 else 0.62
    width = group / k
    # the plot area, less the value axis' labels: about 22 mm across, 14 mm down
    along_mm = (cao_mm - 22 if ngang else rong_mm - 24) * (0.88 if k > 1 else 1)
    across_mm = (rong_mm - 60 if ngang else cao_mm - 26)
    slot_pt = max(along_mm, 10) / n * _MM_PT
    texts = [[_nhan_gia_tri(v, so_le, phan_tram) if v is not None else "" for v in s.values] for s in series]
    size, rotation = CO_CHU_NHAN, 0.0
    if nhan and not ngang:  # labels above bars: as wide as a bar (a group slot for one series)
        room = slot_pt * (width if k > 1 else 1.0) * 0.96
        widest = max((_rong_pt(t, CO_CHU_NHAN) for row in texts for t in row), default=0)
        while size > 8 and widest * size / CO_CHU_NHAN > room:
            size -= 0.5
        if widest * size / CO_CHU_NHAN > room:
            size, rotation = CO_CHU_NHAN - 1, 90.0
    elif nhan:  # labels beside horizontal bars: as tall as a bar
        room = slot_pt * width * 1.3
        while size > 7 and size > room:
            size -= 0.5
    for j, s in enumerate(series):
        pos = [i + (j - (k - 1) / 2) * width for i in range(n)]
        heights = [f if f is not None else 0.0 for f in s.floats]
        draw = ax.barh if ngang else ax.bar
        bars = draw(pos, heights, width * (0.9 if k > 1 else 1.0), color=colors[j % len(colors)],
                    label=_chu(s.name), zorder=2, linewidth=0)
        if nhan:
            ax.bar_label(bars, labels=[_chu(t) for t in texts[j]], padding=2.5, rotation=rotation,
                         fontproperties=_font(size), color=_MAU_CHU)
    # room for the value labels past the longest bar
    if nhan:
        longest = max((_rong_pt(t, size) for row in texts for t in row), default=0) / _MM_PT
        extent = longest if ngang or rotation else size / _MM_PT * 1.4
        margin = min(0.45, (extent + 2) / max(across_mm, 10) + 0.02)
    else:
        margin = 0.05
    ax.margins(**{("x" if ngang else "y"): margin})
    ticks = list(range(n))
    if ngang:
        ax.set_yticks(ticks)
        shown = [_rut_gon(s, 0.3 * rong_mm * _MM_PT, CO_CHU) if s else s for s in labels]
        ax.set_yticklabels([_chu(s) for s in shown])
        ax.set_ylim(n - 0.5, -0.5)  # first category at the top
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_xticks(ticks)
        shown, turn = _nhan_truc_danh_muc(labels, slot_pt, rong_mm, cao_mm)
        ax.set_xticklabels([_chu(s) for s in shown], rotation=turn, ha="right" if turn else "center",
                           rotation_mode="anchor" if turn else "default")
        ax.set_xlim(-0.5, n - 0.5)
        ax.tick_params(axis="x", length=0)
    _truc_so(ax, "x" if ngang else "y", series, phan_tram)
    if any(f is not None and f < 0 for s in series for f in s.floats):
        (ax.axvline if ngang else ax.axhline)(0, color=_MAU_TRUC, linewidth=0.8, zorder=3)


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_DASHES = ("-", "--", "-.", ":", (0, (5, 1.5, 1, 1.5, 1, 1.5)))


def _ve_duong(ax: Any, labels: list[str], series: list[_Chuoi], colors: Sequence[str], *, nhan: bool,
              so_le: int, phan_tram: bool, rong_mm: float, cao_mm: float) -> tuple[list[list[str]], float] | None:
    """Lines with markers, told apart by colour, dash and marker (for black-and-white print);
    returns the value labels and their size, placed by :func:`_dat_nhan_duong` once the
    layout is final, or ``None`` without labels."""
    n = len(labels)
    xs = list(range(n))
    slot_pt = max(rong_mm - 26, 10) / n * _MM_PT
    for j, s in enumerate(series):
        ys = [f if f is not None else math.nan for f in s.floats]
        ax.plot(xs, ys, color=colors[j % len(colors)], linestyle=_DASHES[j % len(_DASHES)], linewidth=1.6,
                marker=_MARKERS[j % len(_MARKERS)], markersize=4.5, label=_chu(s.name), zorder=3, clip_on=False)
    ax.margins(y=0.16 if nhan else 0.08)
    ax.set_xticks(xs)
    shown, turn = _nhan_truc_danh_muc(labels, slot_pt, rong_mm, cao_mm)
    ax.set_xticklabels([_chu(s) for s in shown], rotation=turn, ha="right" if turn else "center",
                       rotation_mode="anchor" if turn else "default")
    ax.set_xlim(-0.5, n - 0.5)
    _truc_so(ax, "y", series, phan_tram)
    if not nhan:
        return None
    texts = [[_nhan_gia_tri(v, so_le, phan_tram) if v is not None else "" for v in s.values] for s in series]
    widest = max((_rong_pt(t, CO_CHU_NHAN) for row in texts for t in row), default=0)
    size = CO_CHU_NHAN
    while size > 8 and widest * size / CO_CHU_NHAN > slot_pt * 0.95:
        size -= 0.5
    return texts, size


#: Where a point's label may go: offset (points), alignment; above first.
_CHO_NHAN = ((0, 5, "center", "bottom"), (0, -6, "center", "top"), (-4, 4, "right", "bottom"),
             (4, -4, "left", "top"), (4, 4, "left", "bottom"), (-4, -4, "right", "top"))


def _dat_nhan_duong(fig: Any, ax: Any, series: list[_Chuoi], texts: list[list[str]], size: float) -> None:
    """Label every point of the lines where the label crosses no line, marker or other
    label if it can: above the highest line at a point, below the others, else beside."""
    fig.draw_without_rendering()  # final layout: data → pixel transform
    to_px = ax.transData.transform
    px = fig.dpi / 72
    points = [[tuple(to_px((i, f))) if f is not None else None for i, f in enumerate(s.floats)] for s in series]
    segments = [(a, b) for pts in points for a, b in zip(pts, pts[1:]) if a is not None and b is not None]
    marks = [p for pts in points for p in pts if p is not None]
    fx0, fy0, fx1, fy1 = fig.bbox.extents
    ax0, ay0, ax1, ay1 = ax.bbox.extents
    placed: list[tuple[float, float, float, float]] = []
    height = 1.15 * size * px

    def cost(rect: tuple[float, float, float, float], order: int) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = rect
        grow = 1.5 * px

        def inside(p: tuple[float, float], pad: float) -> bool:
            return x0 - pad <= p[0] <= x1 + pad and y0 - pad <= p[1] <= y1 + pad

        crossing = sum(any(inside((a[0] + (b[0] - a[0]) * t / 24, a[1] + (b[1] - a[1]) * t / 24), grow)
                           for t in range(25)) for a, b in segments)
        crossing += sum(inside(p, 3 * px) for p in marks)
        crossing += sum(x0 < q[2] and q[0] < x1 and y0 < q[3] and q[1] < y1 for q in placed)
        off_fig = int(x0 < fx0 or x1 > fx1 or y0 < fy0 or y1 > fy1)
        off_axes = int(x0 < ax0 or x1 > ax1 or y0 < ay0 or y1 > ay1)
        return off_fig, crossing, off_axes, order

    for i in range(len(texts[0]) if texts else 0):
        here = sorted(((s.floats[i], j) for j, s in enumerate(series) if s.floats[i] is not None), reverse=True)
        for rank, (_, j) in enumerate(here):
            x, y = points[j][i]  # type: ignore[misc]
            width = _rong_pt(texts[j][i], size) * px
            choices = list(_CHO_NHAN) if rank == 0 else [_CHO_NHAN[1], _CHO_NHAN[0], *_CHO_NHAN[2:]]
            best = None
            for order, (dx, dy, ha, va) in enumerate(choices):
                left = x + dx * px - {"center": width / 2, "right": width, "left": 0}[ha]
                bottom = y + dy * px - (height if va == "top" else 0)
                rect = (left, bottom, left + width, bottom + height)
                key = cost(rect, order)
                if best is None or key < best[0]:
                    best = (key, rect, (dx, dy, ha, va))
            assert best is not None
            _, rect, (dx, dy, ha, va) = best
            placed.append(rect)
            ax.annotate(_chu(texts[j][i]), (i, series[j].floats[i]), xytext=(dx, dy), textcoords="offset points",
                        ha=ha, va=va, fontproperties=_font(size), color=_MAU_CHU, zorder=4)


def _kiem_tra_tron(labels: list[str], s: _Chuoi, colors: Sequence[str]) -> None:
    """A pie needs every value, none negative, a total above 0 and a colour for each part."""
    for i, (v, label) in enumerate(zip(s.floats, labels), 1):
        if v is None:
            raise DataError(f"biểu đồ tròn thiếu giá trị: cột '{s.name}', dòng {i} ('{label}')", where=_WHERE,
                            hint="điền số liệu (0 nếu không có) hoặc bỏ dòng này")
        if v < 0:
            raise DataError(f"biểu đồ tròn không vẽ được giá trị âm: cột '{s.name}', dòng {i} ('{label}') = "
                            f"{so(s.values[i - 1], 2, gon=True)}", where=_WHERE, hint="dùng biểu đồ cột (kieu=\"cot\")")
    if sum(s.floats) <= 0:  # type: ignore[arg-type]
        raise DataError(f"biểu đồ tròn cần tổng lớn hơn 0, cột '{s.name}' có tổng bằng 0", where=_WHERE)
    if len(s.floats) > len(colors):
        raise DataError(f"biểu đồ tròn có {len(s.floats)} phần, nhiều nhất {len(colors)}", where=_WHERE,
                        hint="gộp các phần nhỏ thành 'Khác', hoặc dùng biểu đồ cột")


def _ve_tron(ax: Any, labels: list[str], s: _Chuoi, colors: Sequence[str], *, nhan: bool, so_le: int,
             phan_tram: bool, rong_mm: float) -> Any:
    """A pie, clockwise from 12 o'clock; returns the legend's handles and labels. The
    shares are written by :func:`_dat_nhan_tron` once the layout is final."""
    values = [float(v) for v in s.floats]  # type: ignore[arg-type]  # checked by _kiem_tra_tron
    wedges, _ = ax.pie(values, colors=list(colors[: len(values)]), startangle=90, counterclock=False,
                       wedgeprops={"edgecolor": "white", "linewidth": 1.2})
    ax.set_aspect("equal")
    names = []
    room = max(rong_mm * 0.42, 30) * _MM_PT
    for label, v in zip(labels, s.values):
        places = 0 if float(v).is_integer() else so_le  # counts stay whole: "Bưu chính (95)"
        text = f"{label} ({_nhan_gia_tri(v, places, phan_tram)})" if nhan and not phan_tram else label
        names.append(_chu(_rut_gon(text, room, CO_CHU, max_lines=4)))
    return wedges, names


def _dat_nhan_tron(fig: Any, ax: Any, wedges: Any, colors: Sequence[str], so_le: int) -> None:
    """Write each part's share of the pie: on the part if it fits there, else just outside,
    outside labels pushed apart so that none overlaps the next (with a leader line then)."""
    fig.draw_without_rendering()  # final layout: the pie's radius in pixels
    (x0, _), (x1, _) = ax.transData.transform([(0, 0), (1, 0)])
    radius = max(x1 - x0, 1.0)
    px = fig.dpi / 72
    spans = [(w.theta2 - w.theta1) % 360 or (360 if w.theta2 != w.theta1 else 0) for w in wedges]
    total = sum(spans)
    if total <= 0:
        return
    inner, outer = [], []
    for w, span, color in zip(wedges, spans, colors):
        if span == 0:
            continue
        text = _chu(_phan_tram(span / total * 100, so_le))
        width = _rong_pt(text, CO_CHU_NHAN, bold=True) * px
        height = 1.2 * CO_CHU_NHAN * px
        angle = math.radians((w.theta1 + w.theta2) / 2)
        r = 0.64
        room = 2 * r * radius * math.sin(min(math.radians(span), math.pi) / 2)  # the chord at the label
        if span >= 180 or room >= 1.1 * math.hypot(width, height):
            ink = _MAU_CHU if _sang(color) > 0.5 else "white"
            inner.append((r * math.cos(angle), r * math.sin(angle), text, ink))
        else:
            outer.append([math.cos(angle), math.sin(angle), text, height / radius])
    for x, y, text, ink in inner:
        ax.text(x, y, text, ha="center", va="center", color=ink, fontproperties=_font(CO_CHU_NHAN, bold=True))
    for side in (1, -1):  # right, then left: from the top down, each label at least a line below the last
        labels = sorted((o for o in outer if (o[0] >= 0) == (side == 1)), key=lambda o: -o[1])
        last = math.inf
        for label in labels:
            cx, cy, text, line = label
            y = min(1.12 * cy, last - 1.05 * line)
            last = y
            x = side * math.sqrt(max(1.12**2 - y**2, 0.0)) if abs(y) < 1.12 else 0.0
            x = side * max(abs(x), 0.12) if abs(x) < 0.12 else x
            moved = abs(y - 1.12 * cy) > 0.3 * line
            if moved:  # a thin leader from the part to its label
                ax.plot([cx, x * 0.97], [cy, y], color=_MAU_TRUC, linewidth=0.6, clip_on=False)
            ax.text(x, y, text, ha="left" if side == 1 else "right", va="center", color=_MAU_CHU,
                    fontproperties=_font(CO_CHU_NHAN))


def _so_duong(value: Any, where: str) -> float:
    if not _la_so(value) or not math.isfinite(float(value)) or float(value) <= 0:
        raise DataError(f"{where} phải là một số dương, nhận {value!r}", where=_WHERE)
    return float(value)


#: Old keyword names of :func:`bieu_do` → their new names (docs/vocabulary.md). The old names
#: still work for one release, with a :class:`DeprecationWarning`.
TEN_CU = {"tieu_de": "title", "nhan_x": "x_label", "nhan_y": "y_label", "so_le": "decimals",
          "nhan_gia_tri": "value_labels", "rong_mm": "width_mm", "cao_mm": "height_mm", "mau": "colors"}

#: Old keyword names of :func:`khoi_bieu_do` (besides those of :func:`bieu_do`) → new names.
TEN_CU_KHOI = {"chu_thich": "caption", "nhan": "label"}

@renamed(TEN_CU, name="charts.bieu_do")
def bieu_do(data: Any, *, kieu: str = "cot", x: str | None = None,
            y: str | Sequence[str] | Mapping[str, str] | None = None,
            title: str | None = None, x_label: str | None = None, y_label: str | None = None, decimals: int = 0,
            phan_tram: bool = False, value_labels: bool = True, width_mm: float = LAYOUT.page.text_width_mm,
            height_mm: float | None = None, dpi: int = 200, colors: Sequence[str] | None = None) -> bytes:
    """A chart of ``data`` as PNG bytes, ``width_mm`` × ``height_mm`` at ``dpi``.

    ``data`` is a DataFrame (a named index counts as a column), a Series, a dict of
    values ``{"Nhà ở": 13, …}`` or of columns ``{"Năm": [...], "Số hồ sơ": [...]}``,
    a list of dicts, or a list of rows whose first row is the header.

    ``kieu``: ``"cot"`` bars, ``"cot_ngang"`` horizontal bars, ``"duong"`` lines,
    ``"tron"`` pie. ``x`` is the column of category labels (default: the first column;
    whole numbers such as years are written without separators); ``y`` the column(s) of
    values (default: every other column holding numbers), a list for grouped bars or several
    lines, or a dict ``{column: legend name}``. A legend is shown only for several series.

    ``decimals`` of the value labels (``value_labels``) and pie percentages;
    ``phan_tram``: the values are per cent (91.17 → "91,17%" on labels and axis).
    ``x_label`` / ``y_label`` name the horizontal and vertical axes (in ``cot_ngang`` the
    horizontal axis carries the values; a pie has none); ``title`` is drawn above. ``height_mm``
    defaults to 0.55 × ``width_mm``; at least 40 × 25 mm. ``colors`` replaces the colours
    :data:`BANG_MAU` (and :data:`BANG_MAU_DUONG` for lines). Labels too long for their room are wrapped,
    then shortened with "…"; a title takes at most three lines.

    Missing values (None, NaN) leave a gap in bars and lines; text among the values,
    unknown columns, empty data and, in a pie, negative or missing values are a
    :class:`~baocao.errors.DataError`. Without matplotlib: :class:`~baocao.errors.BaoCaoError`.
    The old keyword names (:data:`TEN_CU`) still work, with a :class:`DeprecationWarning`.
    """
    so_le, nhan_gia_tri, mau = decimals, value_labels, colors
    if kieu not in KIEU:
        close = difflib.get_close_matches(str(kieu), KIEU, n=1)
        raise DataError(f"không có kiểu biểu đồ {kieu!r}", where=_WHERE,
                        hint=(f"có phải '{close[0]}'? " if close else "")
                        + "chọn cot (cột), cot_ngang (cột ngang), duong (đường) hoặc tron (tròn)")
    if not _la_so_nguyen(so_le) or not 0 <= so_le <= 10:
        raise DataError(f"decimals (số chữ số thập phân) phải là số nguyên từ 0 đến 10, nhận {so_le!r}",
                        where=_WHERE)
    width_mm = _so_duong(width_mm, "width_mm")
    height_mm = _so_duong(height_mm, "height_mm") if height_mm is not None else round(0.55 * width_mm, 2)
    if not _la_so_nguyen(dpi) or not 50 <= dpi <= 1200:
        raise DataError(f"dpi phải là số nguyên từ 50 đến 1200, nhận {dpi!r}", where=_WHERE)
    if width_mm < 40 or height_mm < 25:
        raise DataError(f"biểu đồ {so(width_mm, 1, gon=True)} × {so(height_mm, 1, gon=True)} mm quá nhỏ để đọc",
                        where=_WHERE, hint="width_mm từ 40, height_mm từ 25 (milimét)")
    w_px, h_px = round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi)
    if w_px * h_px > 40_000_000 or min(w_px, h_px) < 50:
        raise DataError(f"kích thước biểu đồ {w_px} × {h_px} điểm ảnh không hợp lý", where=_WHERE,
                        hint="kiểm tra width_mm, height_mm (tính bằng milimét) và dpi")
    labels, series = _chon(_bang(data), x, y)
    if kieu == "tron" and len(series) > 1:
        raise DataError(f"biểu đồ tròn chỉ vẽ một cột số liệu, nhận {len(series)}: "
                        + ", ".join(f"'{s.name}'" for s in series), where=_WHERE, hint="chọn một cột: y=\"tên cột\"")
    colors = tuple(mau) if mau else BANG_MAU
    mau_duong = tuple(mau) if mau else BANG_MAU_DUONG
    if not colors or not all(isinstance(c, str) for c in colors):
        raise DataError(f"colors phải là danh sách màu như '#34506f', nhận {mau!r}", where=_WHERE)
    if kieu == "tron":
        _kiem_tra_tron(labels, series[0], colors)

    _mpl()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import is_color_like
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    bad = [c for c in colors if not is_color_like(c)]
    if bad:
        raise DataError(f"màu không hợp lệ: {', '.join(map(repr, bad))}", where=_WHERE, hint="ví dụ '#34506f'")

    # a hair more than the whole pixels: Agg truncates the canvas size
    fig = Figure(figsize=((w_px + 0.25) / dpi, (h_px + 0.25) / dpi), dpi=dpi, facecolor="white",
                 layout=ConstrainedLayoutEngine(w_pad=2 / 72, h_pad=2 / 72, wspace=0, hspace=0))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    family = [phong_chu()[0], "DejaVu Serif", "DejaVu Sans"]
    ax.tick_params(labelsize=CO_CHU, labelfontfamily=family, colors=_MAU_CHU, width=0.8, length=3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(_MAU_TRUC)
        ax.spines[side].set_linewidth(0.8)
    legend: tuple[Any, list[str]] | None = None
    line_labels: tuple[list[list[str]], float] | None = None
    if kieu == "tron":
        legend = _ve_tron(ax, labels, series[0], colors, nhan=nhan_gia_tri, so_le=so_le, phan_tram=phan_tram,
                          rong_mm=width_mm)
    else:
        if kieu == "duong":
            line_labels = _ve_duong(ax, labels, series, mau_duong, nhan=nhan_gia_tri, so_le=so_le,
                                    phan_tram=phan_tram, rong_mm=width_mm, cao_mm=height_mm)
        else:
            _ve_cot(ax, labels, series, colors, ngang=kieu == "cot_ngang", nhan=nhan_gia_tri, so_le=so_le,
                    phan_tram=phan_tram, rong_mm=width_mm, cao_mm=height_mm)
        value_axis = ax.xaxis if kieu == "cot_ngang" else ax.yaxis
        if not nhan_gia_tri:  # no numbers on the bars: faint guide lines instead
            value_axis.grid(True, color="#dddddd", linewidth=0.6)
            ax.set_axisbelow(True)
        if x_label:  # the horizontal axis (the values in cot_ngang)
            ax.set_xlabel(_chu(x_label), fontproperties=_font(CO_CHU), color=_MAU_CHU)
        if y_label:  # the vertical axis (the categories in cot_ngang)
            ax.set_ylabel(_chu(y_label), fontproperties=_font(CO_CHU), color=_MAU_CHU)
        if len(series) > 1:
            legend = ax.get_legend_handles_labels()
    if legend is not None:
        handles, names = legend
        if kieu == "tron":
            fig.legend(handles, names, loc="outside right center", prop=_font(CO_CHU), frameon=False,
                       labelspacing=0.8, handlelength=1.2, labelcolor=_MAU_CHU)
        else:
            fig.legend(handles, names, loc="outside lower center", ncols=min(len(names), 4), prop=_font(CO_CHU),
                       frameon=False, handlelength=2.4 if kieu == "duong" else 1.2, columnspacing=1.8,
                       labelcolor=_MAU_CHU)
    if title:
        shown = _rut_gon(title, (width_mm - 10) * _MM_PT, CO_CHU_TIEU_DE, bold=True)
        fig.suptitle(_chu(shown), fontproperties=_font(CO_CHU_TIEU_DE, bold=True), color=_MAU_CHU)
    if line_labels is not None:
        _dat_nhan_duong(fig, ax, series, *line_labels)
    if kieu == "tron" and legend is not None:
        _dat_nhan_tron(fig, ax, legend[0], colors, so_le)
    out = io.BytesIO()
    # no Software, date or other varying text chunk: the same chart gives the same bytes
    fig.savefig(out, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return out.getvalue()


@renamed({**TEN_CU, **TEN_CU_KHOI}, name="charts.khoi_bieu_do")
def khoi_bieu_do(data: Any, *, caption: str | None = None, label: str = NHAN_CHU_THICH, **kwargs: Any) -> Any:
    """An :class:`~baocao.model.Image` block of :func:`bieu_do` (same keyword arguments),
    embedded at exactly the ``width_mm`` it is drawn for (default the text width), so its text
    keeps its point sizes; ``caption`` is its caption, numbered "``label`` N." ("Biểu đồ N.").
    The old names ``chu_thich`` and ``nhan`` (:data:`TEN_CU_KHOI`) still work, with a :class:`DeprecationWarning`."""
    from .model import Image

    png = bieu_do(data, **kwargs)
    return Image(png, width_mm=float(kwargs.get("width_mm", LAYOUT.page.text_width_mm)), caption=caption,
                 label=label)


__all__ = ["BANG_MAU", "CHU_VIET", "KIEU", "NHAN_CHU_THICH", "PHONG_CHU", "TEN_CU", "TEN_CU_KHOI", "bieu_do",
           "khoi_bieu_do", "phong_chu", "so_le_truc", "so_truc"]
