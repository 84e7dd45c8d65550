"""Tables from data: a DataFrame, a list of dicts or a list of rows → a model :class:`Table`.

Numbers are written the Vietnamese way and right-aligned; an optional STT column
numbers the rows; an optional *Tổng cộng* row sums the number columns; a DataFrame
with several column levels gets a header of merged cells.
"""

from __future__ import annotations

import datetime as dt
import difflib
import numbers
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .errors import DataError
from .model import Cell, Run, Table
from .numbers import is_missing
from .numbers import total as exact_sum


def _is_number(value: object) -> bool:
    kind = type(value)
    if kind is int or kind is float:  # the common case, without the slow ABC check
        return True
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool)


def _rows(data: Any) -> tuple[list[Any], list[list[Any]]]:
    """Column keys and rows of a DataFrame, a list of dicts or a list of rows (header first).
    A DataFrame's keys are tuples when it has several column levels."""
    if hasattr(data, "columns") and hasattr(data, "itertuples"):  # a pandas DataFrame
        if len(data) == 0:
            from .data import SOURCE

            raise DataError("bảng không có dòng dữ liệu nào (chỉ có dòng tiêu đề)",
                            where=data.attrs.get(SOURCE) or "table()",
                            hint="thêm số liệu, hoặc bỏ bảng khi không có dòng nào: "
                                 "{% if bang | length %}{{ table(bang) }}{% endif %}")
        # Series.tolist() gives Python numbers, which format much faster than numpy scalars
        columns = [data.iloc[:, i].tolist() for i in range(data.shape[1])]
        return list(data.columns), [list(r) for r in zip(*columns)]
    if isinstance(data, Sequence) and not isinstance(data, str):
        items = list(data)
        if not items:
            raise DataError("bảng không có dòng dữ liệu nào", where="table()")
        if all(isinstance(r, Mapping) for r in items):
            names = list(dict.fromkeys(k for r in items for k in r))
            return names, [[r.get(n) for n in names] for r in items]
        if all(isinstance(r, Sequence) and not isinstance(r, str) for r in items):
            header = list(items[0])
            for number, row in enumerate(items[1:], 1):
                if len(row) != len(header):
                    raise DataError(f"hàng {number} có {len(row)} ô, dòng tiêu đề có {len(header)} cột",
                                    where="table()", hint="mỗi hàng cần đủ số ô như dòng tiêu đề (ô trống: None)")
            return header, [list(r) for r in items[1:]]
    if isinstance(data, (str, int, float)):
        raise DataError(f"table() cần một bảng (DataFrame, danh sách dict hoặc danh sách hàng), nhận một giá trị: "
                        f"{str(data)[:40]!r}", where="table()",
                        hint="trong một lô (--each … --by …), tên cột --by là giá trị của đơn vị; "
                             "các dòng của đơn vị là biến rows: table(rows)")
    raise DataError(f"table() cần một DataFrame, danh sách dict hoặc danh sách hàng, nhận {type(data).__name__}",
                    where="table()")


def _label(key: Any) -> tuple[str, ...]:
    if isinstance(key, tuple):
        return tuple("" if k is None or str(k).startswith("Unnamed:") else str(k) for k in key)
    return (str(key),)


def _find(keys: list[Any], wanted: Any) -> int:
    for i, key in enumerate(keys):
        if key == wanted or str(key) == str(wanted):
            return i
    shown = [" / ".join(_label(k)) for k in keys]
    close = difflib.get_close_matches(str(wanted), [str(k) for k in keys], n=1)
    raise DataError(f"không có cột '{wanted}'", where="table()",
                    hint=f"có phải '{close[0]}'?" if close else "các cột: " + ", ".join(shown))


def _select(keys: list[Any], rows: list[list[Any]], columns: Any) -> tuple[list[Any], list[tuple[str, ...]],
                                                                           list[list[Any]]]:
    """(keys, header labels, rows) of the chosen columns; a dict renames them (a tuple
    value gives a header of several levels)."""
    if columns is None:
        return keys, [_label(k) for k in keys], rows
    wanted = list(columns.items()) if isinstance(columns, Mapping) else [(c, c) for c in columns]
    index = [_find(keys, key) for key, _ in wanted]
    labels = [_label(header) if isinstance(columns, Mapping) else _label(keys[i])
              for (_, header), i in zip(wanted, index)]
    return [keys[i] for i in index], labels, [[r[i] for i in index] for r in rows]


def header_cells(labels: Sequence[tuple[str, ...]]) -> list[list[Cell]]:
    """Header rows for column labels of one or more levels: equal neighbouring labels
    merge across columns, and a label with nothing under it merges down.

    >>> rows = header_cells([("STT",), ("Hồ sơ", "Tiếp nhận"), ("Hồ sơ", "Đã giải quyết")])
    >>> [[(c.text[0].text, c.colspan, c.rowspan) for c in row] for row in rows]
    [[('STT', 1, 2), ('Hồ sơ', 2, 1)], [('Tiếp nhận', 1, 1), ('Đã giải quyết', 1, 1)]]
    """
    levels = max(len(label) for label in labels)
    full = [tuple(label) + ("",) * (levels - len(label)) for label in labels]
    rows: list[list[Cell]] = [[] for _ in range(levels)]
    covered: set[tuple[int, int]] = set()
    for level in range(levels):
        col = 0
        while col < len(full):
            if (level, col) in covered:
                col += 1
                continue
            end = col + 1
            while (end < len(full) and full[end][:level + 1] == full[col][:level + 1]
                   and (level, end) not in covered):
                end += 1
            down = levels - level if all(not any(full[k][level + 1:]) for k in range(col, end)) else 1
            for k in range(col, end):
                covered.update((deeper, k) for deeper in range(level + 1, level + down))
            rows[level].append(Cell((Run(full[col][level]),), colspan=end - col, rowspan=down))
            col = end
    return rows


def _fmt(value: Any, decimals: int | None, percent: bool = False) -> str:
    """A cell's text: numbers the Vietnamese way (``decimals`` fixed, or at most two),
    dates as cited, missing values (None, NaN, NA, NaT) empty."""
    from .formatting import ngay, phan_tram, so

    if is_missing(value):
        return ""
    if _is_number(value):
        if percent:
            return phan_tram(value, 2 if decimals is None else decimals)
        return so(value, 2, gon=True) if decimals is None else so(value, decimals)
    if isinstance(value, dt.date):  # not a time of day (openpyxl's time cells), nor a pandas Period
        return ngay(value)
    return str(value)


def _per_column(option: Any, keys: list[Any], labels: list[tuple[str, ...]], numeric: list[bool]) -> list[Any]:
    """An option given for every number column (a value), per column (a dict by data
    column or header), or for some columns (a list): one value per column."""
    def names(key: Any, label: tuple[str, ...]) -> list[str]:
        parts = [p for p in label if p]
        return [str(key), " / ".join(parts), *reversed(parts)]

    if option is None or option is False:
        return [None] * len(keys)
    if isinstance(option, Mapping):
        given = {str(k): v for k, v in option.items()}
        return [next((given[n] for n in names(k, label) if n in given), None) for k, label in zip(keys, labels)]
    if isinstance(option, Iterable) and not isinstance(option, str):
        chosen = {str(o) for o in option}
        return [True if chosen.intersection(names(k, label)) else None for k, label in zip(keys, labels)]
    return [option if n else None for n in numeric]


def table_from_data(data: Any, columns: Any = None, *, stt: bool = False, decimals: Any = None,
                    phan_tram: Any = None, widths: Sequence[float] | None = None,
                    align: Sequence[str] | None = None, caption: str | None = None,
                    font_size: float | None = None, total: bool | str | Mapping[str, Any] = False,
                    ngang: bool | None = None) -> Table:
    """Build a table block.

    ``columns`` picks columns (a list) or picks and renames them (a dict
    ``{"cot": "Tên cột"}``, or ``{"cot": ("Nhóm", "Tên cột")}`` for a two-level header);
    ``decimals`` is a number of decimals for every number column or a dict per column;
    ``phan_tram`` lists the columns written as percentages (``91,17%``; a dict gives
    their decimals); ``total`` adds a *Tổng cộng* row (or the given label) summing the
    number columns (not the percentage ones) — a dict gives values for some columns of
    that row, e.g. the overall rate ``{"ty_le": 97.0}`` (and ``"nhan"`` its label);
    ``ngang`` turns the page for the table (``None``: when it is too wide for a portrait page).

    >>> t = table_from_data([{"Lĩnh vực": "Nhà ở", "TTHC": 13}, {"Lĩnh vực": "Vật liệu", "TTHC": 1}],
    ...                     stt=True, total=True)
    >>> [[c.text[0].text for c in row] for row in t.rows]
    [['STT', 'Lĩnh vực', 'TTHC'], ['1', 'Nhà ở', '13'], ['2', 'Vật liệu', '1'], ['', 'Tổng cộng', '14']]
    >>> t.align
    ['center', 'left', 'right']
    """
    keys, labels, rows = _select(*_rows(data), columns)
    if not keys:
        raise DataError("bảng không có cột nào", where="table()", hint="chọn ít nhất một cột")
    present = [[v for v in (r[c] for r in rows) if not is_missing(v)] for c in range(len(keys))]
    numeric = [bool(vals) and all(_is_number(v) for v in vals) for vals in present]
    places = _per_column(decimals, keys, labels, numeric)
    percent = _per_column(phan_tram, keys, labels, numeric)
    for c, p in enumerate(percent):
        if p is not None and not isinstance(p, bool) and places[c] is None:
            places[c] = p  # phan_tram={"ty_le": 1}: the decimals of a percentage column
    places = [None if isinstance(p, bool) else p for p in places]

    body = [[_fmt(v, places[c], percent[c] is not None) for c, v in enumerate(r)] for r in rows]
    if total:
        given = dict(total) if isinstance(total, Mapping) else {}
        label = given.pop("nhan", total if isinstance(total, str) else "Tổng cộng")
        values = _per_column(given, keys, labels, numeric) if given else [None] * len(keys)
        sums = [_fmt(values[c], places[c], percent[c] is not None) if values[c] is not None
                else _fmt(exact_sum(present[c]), places[c]) if numeric[c] and percent[c] is None
                else "" for c in range(len(keys))]
        first_text = next((c for c in range(len(keys)) if not numeric[c]), None)
        if first_text is not None:
            sums[first_text] = label
        body.append(sums)
    col_align = list(align) if align is not None else ["right" if n else "left" for n in numeric]
    cells = [[Cell((Run(v, bold=bool(total) and i == len(body) - 1),)) for v in r] for i, r in enumerate(body)]
    if stt:
        labels = [("STT",), *labels]
        for i, r in enumerate(cells, 1):
            r.insert(0, Cell((Run("" if total and i == len(cells) else str(i)),)))
        col_align.insert(0, "center")
        if widths is not None and len(widths) == len(keys):
            widths = [0.07 * sum(widths), *widths]  # STT: about 6 % of the table
    header = header_cells(labels)
    return Table([*header, *cells], header_rows=len(header), widths=list(widths) if widths is not None else None,
                 align=col_align, font_size=font_size, caption=caption, ngang=ngang)
