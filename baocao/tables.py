"""Tables from data: a DataFrame, a list of dicts or a list of rows → a model :class:`Table`.

Numbers are written the Vietnamese way and right-aligned; an optional STT column
numbers the rows; an optional *Tổng cộng* row sums the number columns; a DataFrame
with several column levels gets a header of merged cells.
"""

from __future__ import annotations

import datetime as dt
import difflib
import numbers
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .errors import BaoCaoWarning, DataError
from .model import Cell, Run, Table
from .numbers import exact, is_missing, write_many
from .numbers import total as exact_sum


def _is_number(value: object) -> bool:
    kind = type(value)
    if kind is int or kind is float:  # the common case, without the slow ABC check
        return True
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool)


def _columns(data: Any) -> tuple[list[Any], list[list[Any]]]:
    """Column keys and columns (lists of values) of a DataFrame, a list of dicts or a list of
    rows (header first). A DataFrame's keys are tuples when it has several column levels."""
    if hasattr(data, "columns") and hasattr(data, "itertuples"):  # a pandas DataFrame
        if len(data) == 0:
            from .data import SOURCE

            raise DataError("bảng không có dòng dữ liệu nào (chỉ có dòng tiêu đề)",
                            where=data.attrs.get(SOURCE) or "table()",
                            hint="thêm số liệu, hoặc bỏ bảng khi không có dòng nào: "
                                 "{% if bang | length %}{{ table(bang) }}{% endif %}")
        # Series.tolist() gives Python numbers, which format much faster than numpy scalars;
        # items() takes the columns by position (repeated labels too), without iloc's indexing
        return list(data.columns), [column.tolist() for _, column in data.items()]
    if isinstance(data, Sequence) and not isinstance(data, str):
        items = list(data)
        if not items:
            raise DataError("bảng không có dòng dữ liệu nào", where="table()")
        if all(isinstance(r, Mapping) for r in items):
            names = list(dict.fromkeys(k for r in items for k in r))
            return names, [[r.get(n) for r in items] for n in names]
        if all(isinstance(r, Sequence) and not isinstance(r, str) for r in items):
            header = list(items[0])
            for number, row in enumerate(items[1:], 1):
                if len(row) != len(header):
                    raise DataError(f"hàng {number} có {len(row)} ô, dòng tiêu đề có {len(header)} cột",
                                    where="table()", hint="mỗi hàng cần đủ số ô như dòng tiêu đề (ô trống: None)")
            if len(items) == 1:
                return header, [[] for _ in header]
            return header, [list(c) for c in zip(*items[1:])]
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


def _select(keys: list[Any], values: list[list[Any]], columns: Any) -> tuple[list[Any], list[tuple[str, ...]],
                                                                             list[list[Any]]]:
    """(keys, header labels, columns of values) of the chosen columns; a dict renames them (a
    tuple value gives a header of several levels)."""
    if columns is None:
        return keys, [_label(k) for k in keys], values
    wanted = list(columns.items()) if isinstance(columns, Mapping) else [(c, c) for c in columns]
    index = [_find(keys, key) for key, _ in wanted]
    labels = [_label(header) if isinstance(columns, Mapping) else _label(keys[i])
              for (_, header), i in zip(wanted, index)]
    return [keys[i] for i in index], labels, [values[i] for i in index]


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


def _fmt(value: Any, decimals: int | None, percent: bool = False, text: bool = False) -> str:
    """A cell's text: numbers the Vietnamese way with ``decimals`` (at most two when ``None``),
    dates as cited, missing values (None, NaN, NA, NaT) empty; ``text``: an identifier (a year,
    a code) written as it is, without separators (2021, not 2.021)."""
    from .formatting import ngay, phan_tram_text, so

    if is_missing(value):
        return ""
    if _is_number(value):
        if text:
            return _as_text(value)
        if percent:
            return phan_tram_text(value, 2 if decimals is None else decimals)
        return so(value, 2, gon=True) if decimals is None else so(value, decimals)
    if isinstance(value, dt.date):  # not a time of day (openpyxl's time cells), nor a pandas Period
        return ngay(value)
    return str(value)


def _warn_ratios(keys: list[Any], present: list[list[Any]], percent: list[Any], places: list[int | None]) -> None:
    """One warning for a ``phan_tram`` column that holds ratios (0.9117) rather than per cents."""
    from .formatting import looks_like_ratio

    for c, p in enumerate(percent):
        values = present[c]
        if p is None or not values or not all(_is_number(v) and 0 <= v <= 1 for v in values):
            continue
        shown = places[c]
        if any(looks_like_ratio(exact(v), 2 if shown is None else shown) for v in values):
            warnings.warn(BaoCaoWarning(f"table(): cột '{keys[c]}' (phan_tram) chỉ có số từ 0 đến 1 như {values[0]!r}: "
                                        "trông như tỷ lệ; nếu đúng vậy, nhân 100 trước khi in (91,17% chứ không "
                                        "phải 0,91%)"), stacklevel=4)


def _as_text(value: Any) -> str:
    """An identifier stored as a number: 2021.0 → "2021", 7 → "7"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _words(text: str) -> list[str]:
    """The words of a column name or header, lower case, without diacritics: "Mã lĩnh vực" →
    ["ma", "linh", "vuc"]."""
    from .data import _fold

    return [w for w in re.split(r"[^a-z0-9%]+", _fold(text)) if w]


#: Words that make a number column an identifier (printed as it is, never summed): codes,
#: serial numbers, telephone and ID numbers. Years, months and quarters are identifiers when
#: their values are in range (1900–2100, 1–12, 1–4): "so_nam" (a count of years) is not.
_CODE_WORDS = {"ma", "code", "id", "stt", "tt", "sdt", "cmnd", "cccd", "mst"}
_CODE_PHRASES = ("so hieu", "dien thoai", "so tai khoan", "ma so", "so dinh danh")
_PERIODS = {"nam": (1900, 2100), "year": (1900, 2100), "thang": (1, 12), "quy": (1, 4), "ky": (1, 12)}
#: Words that make a column a rate or an average (never summed): tỷ lệ, phần trăm, %, bình quân …
_RATE_PHRASES = ("ty le", "ti le", "phan tram", "binh quan", "trung binh", "chi so", "rate", "percent",
                 "average", "mean")


def _identifier(key: Any, label: tuple[str, ...], values: list[Any]) -> bool:
    """Whether a number column holds identifiers (years, codes), by its name and values."""
    words = _words(" ".join([str(key), *label]))
    phrase = " ".join(words)
    if words and (words[0] in _CODE_WORDS or any(w in ("ma", "id", "code") for w in words[:1])
                  or any(p in phrase for p in _CODE_PHRASES)):
        return True
    for word, (low, high) in _PERIODS.items():
        if word in words[:2] and values and all(
                _is_number(v) and float(v).is_integer() and low <= float(v) <= high for v in values):
            return True
    return False


def _rate(key: Any, label: tuple[str, ...]) -> bool:
    """Whether a column is a rate or an average by its name ("ty_le", "Tỷ lệ (%)", "bình quân")."""
    text = " ".join([str(key), *label])
    return "%" in text or any(p in " ".join(_words(text)) for p in _RATE_PHRASES)


def _column_decimals(values: list[Any]) -> int:
    """The decimals one column is written with when none are given: as many as its values need,
    at most two (95.83 and 99.8 are "95,83" and "99,80": one column, one number of decimals)."""
    most = 0
    for v in values:
        if isinstance(v, int) or (isinstance(v, float) and v.is_integer()):
            continue
        exponent = exact(v).normalize().as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        most = max(most, min(places, 2))
        if most == 2:
            break
    return most


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
                    font_size: float | None = None, total: bool | str | Sequence[str] | Mapping[str, Any] = False,
                    ngang: bool | None = None, as_text: Any = None) -> Table:
    """Build a table block.

    ``columns`` picks columns (a list) or picks and renames them (a dict
    ``{"cot": "Tên cột"}``, or ``{"cot": ("Nhóm", "Tên cột")}`` for a two-level header);
    ``decimals`` is a number of decimals for every number column or a dict per column (by
    default each number column has one number of decimals: as many as its values need, at most
    two); ``phan_tram`` lists the columns written as percentages (``91,17%``; a dict gives
    their decimals).

    Identifiers are text: a number column named like a code (``ma_…``, ``Mã …``, ``stt``, a
    telephone or ID number) or holding years, months or quarters (``nam`` with 1900–2100 …) is
    written as it is (2021, not 2.021), centred, never summed; ``as_text`` names more such columns.

    ``total`` adds a *Tổng cộng* row: ``True`` sums every number column that is not a rate
    (a ``phan_tram`` column, or one named like a rate or an average: ``ty_le``, "Tỷ lệ (%)",
    ``binh_quan`` …, left blank); a string is the row's label; a list names the columns to sum;
    a dict gives the row's value for some columns — a number, or a pair of columns
    ``["dung_han", "tong_so"]`` whose sums make the rate (``100 × 1st / 2nd``) — and ``"label"``
    its label. The label goes in the first text column (the STT column when there is none).
    ``ngang`` turns the page for the table (``None``: when it is too wide for a portrait page).

    >>> t = table_from_data([{"Lĩnh vực": "Nhà ở", "TTHC": 13}, {"Lĩnh vực": "Vật liệu", "TTHC": 1}],
    ...                     stt=True, total=True)
    >>> [[c.text[0].text for c in row] for row in t.rows]
    [['STT', 'Lĩnh vực', 'TTHC'], ['1', 'Nhà ở', '13'], ['2', 'Vật liệu', '1'], ['', 'Tổng cộng', '14']]
    >>> t.align
    ['center', 'left', 'right']
    >>> t = table_from_data([{"nam": 2021, "so": 1200, "dung_han": 1150, "ty_le": 95.83},
    ...                      {"nam": 2022, "so": 1000, "dung_han": 998, "ty_le": 99.8}],
    ...                     total={"ty_le": ["dung_han", "so"]})
    >>> [[c.text[0].text for c in row] for row in t.rows[1:]]
    [['2021', '1.200', '1.150', '95,83'], ['2022', '1.000', '998', '99,80'], ['Tổng cộng', '2.200', '2.148', '97,64']]
    """
    keys, labels, values = _select(*_columns(data), columns)
    if not keys:
        raise DataError("bảng không có cột nào", where="table()", hint="chọn ít nhất một cột")
    n = len(keys)
    present = [_present(v) for v in values]
    numeric = [bool(vals) and _all_numbers(vals) for vals in present]
    chosen_text = _per_column(as_text, keys, labels, [False] * n) if as_text is not None else [None] * n
    text = [numeric[c] and (chosen_text[c] is not None or _identifier(keys[c], labels[c], present[c]))
            for c in range(n)]
    numeric = [numeric[c] and not text[c] for c in range(n)]
    places = _per_column(decimals, keys, labels, numeric)
    percent = _per_column(phan_tram, keys, labels, numeric)
    for c, p in enumerate(percent):
        if p is not None and not isinstance(p, bool) and places[c] is None:
            places[c] = p  # phan_tram={"ty_le": 1}: the decimals of a percentage column
    places = [None if isinstance(p, bool) else p for p in places]
    for c in range(n):
        if numeric[c] and places[c] is None and percent[c] is None:
            places[c] = _column_decimals(present[c])

    _warn_ratios(keys, present, percent, places)
    body = [_format_column(values[c], present[c], places[c], percent[c] is not None, text[c], numeric[c])
            for c in range(n)]
    count = len(values[0])
    tail: list[list[Cell]] = []  # the total row, in cells (bold)
    label_column: int | None = None
    total_label = ""
    if total is not False and total is not None:
        sums, label = _total_row(total, keys, labels, present, numeric, percent, places)
        label_column = next((c for c in range(n) if not numeric[c]), None)
        if label_column is not None:
            sums[label_column] = label
        elif not stt:
            raise DataError("dòng tổng không có chỗ ghi nhãn: mọi cột của bảng đều là số", where="table()",
                            hint="thêm stt=True (nhãn ghi ở cột STT) hoặc một cột tên")
        tail.append([Cell((Run(v, bold=True),)) for v in sums])
        total_label = label
    col_align = list(align) if align is not None else [
        "right" if numeric[c] else "center" if text[c] else "left" for c in range(n)]
    if stt:
        labels = [("STT",), *labels]
        body.insert(0, [str(i) for i in range(1, count + 1)])
        for row in tail:
            number = total_label if label_column is None else ""
            row.insert(0, Cell((Run(number, bold=bool(number)),)))
        col_align.insert(0, "center")
        if widths is not None and len(widths) == n:
            widths = [0.07 * sum(widths), *widths]  # STT: about 6 % of the table
    header = header_cells(labels)
    return Table.with_text_columns([*header, *tail], body, at=len(header), header_rows=len(header),
                                   widths=list(widths) if widths is not None else None, align=col_align,
                                   font_size=font_size, caption=caption, ngang=ngang)


def _present(values: list[Any]) -> list[Any]:
    """The values of a column that are not missing (the list itself when none is)."""
    kinds = set(map(type, values))
    if kinds <= {int, str}:  # the common cases, never missing
        return values
    if kinds <= {int, str, float}:
        kept = [v for v in values if v == v]  # NaN is the float that is not itself
        return values if len(kept) == len(values) else kept
    return [v for v in values if not is_missing(v)]


def _all_numbers(values: list[Any]) -> bool:
    kinds = set(map(type, values))
    if kinds <= {int, float}:
        return True
    return all(_is_number(v) for v in values)


def _format_column(values: list[Any], present: list[Any], decimals: int | None, percent: bool, text: bool,
                   numeric: bool) -> list[str]:
    """The texts of a column's cells, as :func:`_fmt` writes each (a number column at once);
    ``present``: its values that are not missing (:func:`_present`)."""
    if numeric and not text and (decimals is not None or percent):
        from .formatting import _so_le

        places = _so_le(2 if decimals is None else decimals)  # its message, as so() gives it
        if len(present) == len(values):
            out = write_many(values, places)
        else:  # missing values are empty cells
            written = iter(write_many(present, places))
            out = ["" if is_missing(v) else next(written) for v in values]
        return [t + "%" if t else t for t in out] if percent else out
    out = [v if type(v) is str else _fmt(v, decimals, percent, text) for v in values]
    # a str subclass (its own __str__) as plain text: what a cell's run would have written
    return [t if type(t) is str else str.__str__(t) for t in out]


def _total_row(total: Any, keys: list[Any], labels: list[tuple[str, ...]], present: list[list[Any]],
               numeric: list[bool], percent: list[Any], places: list[int | None]) -> tuple[list[str], str]:
    """The cells of the total row (its label not yet placed) and the label."""
    n = len(keys)
    label = "Tổng cộng"
    given: dict[str, Any] = {}
    summed = [numeric[c] and percent[c] is None and not _rate(keys[c], labels[c]) for c in range(n)]
    if isinstance(total, str):
        label = total
    elif isinstance(total, Mapping):
        given = {str(k): v for k, v in total.items()}
        if "nhan" in given:
            warnings.warn("table(total={'nhan': …}) is deprecated, use 'label' (tên cũ 'nhan' sẽ bị bỏ)",
                          DeprecationWarning, stacklevel=3)
            given.setdefault("label", given.pop("nhan"))
        label = str(given.pop("label", label))
    elif isinstance(total, Sequence) and not isinstance(total, (bytes, bytearray)):
        wanted = [_find(keys, name) for name in total]
        for c in wanted:
            if not numeric[c]:
                raise DataError(f"cột '{keys[c]}' không phải cột số nên không cộng được", where="table(total=…)",
                                hint="total chỉ nêu các cột số cần cộng")
            if percent[c] is not None or _rate(keys[c], labels[c]):
                raise DataError(f"cột '{keys[c]}' là tỷ lệ hay bình quân: cộng các tỷ lệ cho một số sai",
                                where="table(total=…)",
                                hint=f"tính lại từ tổng: total={{'{keys[c]}': ['tử_số', 'mẫu_số']}}")
        summed = [c in wanted for c in range(n)]
    elif total is not True:
        raise DataError(f"total phải là True, nhãn, danh sách cột hay dict, nhận {type(total).__name__}",
                        where="table(total=…)")
    values = _per_column(given, keys, labels, numeric) if given else [None] * n
    unknown = set(given) - {str(k) for k in keys} - {" / ".join(p for p in lab if p) for lab in labels} \
        - {p for lab in labels for p in lab}
    if unknown:
        raise DataError(f"total có cột không có trong bảng: {', '.join(sorted(unknown))}", where="table(total=…)",
                        hint="các cột: " + ", ".join(str(k) for k in keys))
    sums: list[str] = []
    for c in range(n):
        value = values[c]
        if value is not None and not isinstance(value, bool) and isinstance(value, (list, tuple)):
            if len(value) != 2:
                raise DataError(f"tỷ lệ của dòng tổng cột '{keys[c]}' cần hai cột [tử số, mẫu số]",
                                where="table(total=…)")
            top, bottom = (exact_sum(present[_find(keys, v)]) for v in value)
            ratio = top * 100 / bottom if bottom else None
            decimals = places[c] if places[c] is not None else 2
            sums.append(_fmt(ratio, decimals, percent[c] is not None) if ratio is not None else "")
        elif value is True or (value is None and summed[c]):
            sums.append(_fmt(exact_sum(present[c]), places[c]))
        elif value is not None and value is not False:
            sums.append(_fmt(value, places[c], percent[c] is not None))
        else:
            sums.append("")
    return sums, label
