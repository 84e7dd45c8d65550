"""Tables from data: a DataFrame, a list of dicts or a list of rows → a model :class:`Table`.

Numbers are written the Vietnamese way and right-aligned; an optional STT column
numbers the rows; an optional *Tổng cộng* row sums the number columns.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .errors import DataError
from .model import Cell, Run, Table


def _is_number(value: object) -> bool:
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool)


def _rows(data: Any) -> tuple[list[str], list[list[Any]]]:
    """Column names and rows of a DataFrame, a list of dicts or a list of rows (header first)."""
    if hasattr(data, "columns") and hasattr(data, "itertuples"):  # a pandas DataFrame
        names = [str(c) for c in data.columns]
        return names, [list(r) for r in data.itertuples(index=False, name=None)]
    if isinstance(data, Sequence) and not isinstance(data, str):
        items = list(data)
        if not items:
            raise DataError("bảng không có dòng dữ liệu nào", where="table()")
        if all(isinstance(r, Mapping) for r in items):
            names = list(dict.fromkeys(str(k) for r in items for k in r))
            return names, [[r.get(n) for n in names] for r in items]
        if all(isinstance(r, Sequence) and not isinstance(r, str) for r in items):
            return [str(c) for c in items[0]], [list(r) for r in items[1:]]
    raise DataError(f"table() cần một DataFrame, danh sách dict hoặc danh sách hàng, nhận {type(data).__name__}",
                    where="table()")


def _select(names: list[str], rows: list[list[Any]],
            columns: Any) -> tuple[list[str], list[str], list[list[Any]]]:
    """(source column names, headers, rows) of the chosen columns."""
    if columns is None:
        return names, names, rows
    wanted = list(columns.items()) if isinstance(columns, Mapping) else [(c, c) for c in columns]
    index = []
    for col, _ in wanted:
        if str(col) not in names:
            close = difflib.get_close_matches(str(col), names, n=1)
            raise DataError(f"không có cột '{col}'", where="table()",
                            hint=f"có phải '{close[0]}'?" if close else "các cột: " + ", ".join(names))
        index.append(names.index(str(col)))
    return [str(c) for c, _ in wanted], [str(h) for _, h in wanted], [[r[i] for i in index] for r in rows]


def _exact(value: Any) -> Decimal | int:
    """A number for summing without float artefacts."""
    if isinstance(value, numbers.Integral):
        return int(value)
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def _fmt(value: Any, decimals: int | None) -> str:
    """A cell's text: numbers the Vietnamese way (``decimals`` fixed, or at most two),
    dates as cited, missing values (None, NaN, NA, NaT) empty."""
    from .formatting import _la_thieu, ngay, so

    if _la_thieu(value):
        return ""
    if _is_number(value):
        return so(value, 2, gon=True) if decimals is None else so(value, decimals)
    if hasattr(value, "strftime"):
        return ngay(value)
    return str(value)


def table_from_data(data: Any, columns: Any = None, *, stt: bool = False, decimals: Any = None,
                    widths: Sequence[float] | None = None, align: Sequence[str] | None = None,
                    caption: str | None = None, font_size: float | None = None,
                    total: bool | str = False) -> Table:
    """Build a table block.

    ``columns`` picks columns (a list) or picks and renames them (a dict
    ``{"cot": "Tên cột"}``); ``decimals`` is a number of decimals for every number
    column or a dict per column (by data column name); ``total`` adds a *Tổng cộng* row (or the given
    label) summing the number columns.

    >>> t = table_from_data([{"Lĩnh vực": "Nhà ở", "TTHC": 13}, {"Lĩnh vực": "Vật liệu", "TTHC": 1}],
    ...                     stt=True, total=True)
    >>> [[c.text[0].text for c in row] for row in t.rows]
    [['STT', 'Lĩnh vực', 'TTHC'], ['1', 'Nhà ở', '13'], ['2', 'Vật liệu', '1'], ['', 'Tổng cộng', '14']]
    >>> t.align
    ['center', 'left', 'right']
    """
    sources, names, rows = _select(*_rows(data), columns)
    from .formatting import _la_thieu

    present = [[v for v in (r[c] for r in rows) if not _la_thieu(v)] for c in range(len(names))]
    numeric = [bool(vals) and all(_is_number(v) for v in vals) for vals in present]

    def places(c: int) -> int | None:
        if isinstance(decimals, Mapping):  # keyed by the data's column name or the header
            return decimals.get(sources[c], decimals.get(names[c]))
        return decimals if numeric[c] else None

    body = [[_fmt(v, places(c)) for c, v in enumerate(r)] for r in rows]
    if total:
        label = total if isinstance(total, str) else "Tổng cộng"
        sums = [_fmt(sum(_exact(v) for v in present[c]), places(c)) if numeric[c] else ""
                for c in range(len(names))]
        first_text = next((c for c in range(len(names)) if not numeric[c]), None)
        if first_text is not None:
            sums[first_text] = label
        body.append(sums)
    col_align = list(align) if align is not None else ["right" if n else "left" for n in numeric]
    header = [Cell((Run(n),)) for n in names]
    cells = [[Cell((Run(v, bold=bool(total) and i == len(body) - 1),)) for v in r] for i, r in enumerate(body)]
    if stt:
        header.insert(0, Cell((Run("STT"),)))
        for i, r in enumerate(cells, 1):
            last_total = bool(total) and i == len(cells)
            r.insert(0, Cell((Run("" if last_total else str(i)),)))
        col_align.insert(0, "center")
        if widths is not None and len(widths) == len(names):
            widths = [0.6, *widths]
    return Table([header, *cells], header_rows=1, widths=list(widths) if widths is not None else None,
                 align=col_align, font_size=font_size, caption=caption)
