"""The document model: a Decree 30 document as plain typed data.

A :class:`VanBan` holds the metadata of the header and closing blocks and a list
of body blocks. It imports neither python-docx nor Jinja: templates build it,
Python users build it directly, and writers (``baocao.writers``) read it.

>>> import datetime as dt
>>> vb = VanBan(loai="bao_cao", co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", so=564,
...             dia_danh="Trà Vinh", ngay=dt.date(2020, 12, 29), trich_yeu="Tổng kết năm 2020")
>>> vb.heading("Khái quát tình hình")
Heading(text=(Run(text='Khái quát tình hình', bold=False, italic=False),), level=1, line=None)
>>> vb.ky_hieu_day_du
'BC-SXD'
>>> len(vb.to_bytes()) > 1000
True
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import numbers
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, SupportsFloat, TypeGuard, overload

from .dates import read_date as _read_date
from .doctypes import LoaiVanBan, ky_hieu, loai_van_ban
from .errors import BaoCaoWarning, DataError, ModelError, OutputError
from .errors import shown as _r
from .layout import DO_KHAN, DO_MAT, LAYOUT, QUYEN_HAN, Layout
from .normalize import dia_danh as _dia_danh
from .normalize import entry as _entry
from .normalize import ho_ten as _ho_ten
from .normalize import luu_in as _luu_in
from .normalize import quyen_han_of as _quyen_han_of
from .normalize import quyen_han_problem as _quyen_han_problem
from .normalize import several as _several
from .normalize import trich_yeu as _trich_yeu
from .normalize import typed_date as _typed_date
from .records import FrozenRecord, Record
from .renamed import renamed

if TYPE_CHECKING:
    from .forms import BienBan, CongDien, Form, GiayMoi, GioiThieu, KemTheo, NghiPhep

_ALIGN = ("justify", "center", "left", "right")


def _fail(message: str, where: str, hint: str | None = None) -> ModelError:
    return ModelError(message, where=where, hint=hint)


def _changed(field_name: str, note: str, before: object, after: object) -> None:
    """A :class:`BaoCaoWarning` saying what was changed in a field typed the way it looks on paper
    (see :mod:`baocao.normalize`); ``field`` is set on it, so a template can name its line."""
    warning = BaoCaoWarning(f"{field_name}: {note}: {_r(before)} → {_r(after)}")
    warning.field = field_name  # type: ignore[attr-defined]
    warnings.warn(warning, stacklevel=4)


def _text(value: object, where: str, *, required: bool = False) -> str | None:
    """A text field: stripped, ``None`` when blank; refuses non-strings."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _fail("chưa có nội dung", where)
        return None
    if not isinstance(value, str):
        raise _fail(f"cần chuỗi, nhận {type(value).__name__} ({_r(value)})", where)
    return value.strip()


@overload
def _positive(value: object, where: str, *, optional: Literal[False]) -> float: ...
@overload
def _positive(value: object, where: str, *, optional: bool = True) -> float | None: ...
def _positive(value: object, where: str, *, optional: bool = True) -> float | None:
    if value is None and optional:
        return None
    try:  # float(): an int too big for a float is refused too
        number = float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else math.nan
    except OverflowError:
        number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise _fail(f"cần một số dương, nhận {_r(value)}", where)
    return number


_YES = ("true", "yes", "có", "co", "1", "x")
_NO = ("false", "no", "không", "khong", "0", "")


def flag(value: object, where: str) -> bool:
    """A yes/no field: a bool, or the text a template writes for one ("True", "false", "có",
    "không", "1", "0"); anything else is an error rather than a silent yes ("False" is no).

    >>> flag(True, "x"), flag("False", "x"), flag("có", "x"), flag(0, "x")
    (True, False, True, False)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if value is None:
        return False
    if isinstance(value, str) and value.strip().lower() in _YES + _NO:
        return value.strip().lower() in _YES
    raise _fail(f"cần có hoặc không (true/false), nhận {_r(value)}", where)


def _muc_luc(value: object) -> int:
    """How many heading levels the table of contents lists: ``True`` two, a number 1–4, ``False`` none.

    >>> _muc_luc(True), _muc_luc("có"), _muc_luc(3), _muc_luc(False)
    (2, 2, 3, 0)
    """
    if isinstance(value, int) and not isinstance(value, bool) and value not in (0, 1):
        if not 2 <= value <= 4:
            raise _fail(f"mục lục liệt kê từ 1 đến 4 cấp đề mục, nhận {value}", "VanBan.muc_luc")
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return _muc_luc(int(value.strip()))
    if isinstance(value, float) or isinstance(value, str) and re.fullmatch(r"\s*\d+[.,]\d*\s*", value):
        raise _fail(f"mục lục: true, hoặc số cấp đề mục từ 1 đến 4, nhận {_r(value)}", "VanBan.muc_luc")
    if value == 1 and not isinstance(value, bool):
        return 1
    return 2 if flag(value, "VanBan.muc_luc") else 0


def _int(value: object, where: str, low: int, high: int | None = None) -> int:
    if type(value) is int and value >= low and (high is None or value <= high):
        return value  # the common case, without the slow ABC check
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < low \
            or (high is not None and int(value) > high):
        upto = f" đến {high}" if high is not None else ""
        raise _fail(f"cần số nguyên từ {low}{upto}, nhận {_r(value)}", where)
    return int(value)


@dataclass(frozen=True, repr=False, eq=False)
class Run(FrozenRecord):
    """A piece of text with one formatting: bold and/or italic."""

    text: str
    bold: bool = False
    italic: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise _fail(f"nội dung phải là chuỗi, nhận {type(self.text).__name__} ({_r(self.text)})", "Run.text")


Inline = str | Run
Text = str | Run | Sequence[Inline]


def runs(value: Text, where: str = "text") -> tuple[Run, ...]:
    """Normalise a string, a :class:`Run` or a list of them to a tuple of runs.

    >>> runs(["a ", Run("b", bold=True)])
    (Run(text='a ', bold=False, italic=False), Run(text='b', bold=True, italic=False))
    """
    if isinstance(value, str):
        return (Run(value),)
    if isinstance(value, Run):
        return (value,)
    if type(value) is tuple and all(type(item) is Run for item in value):
        return value  # already normalised (the common case in big tables)
    if not isinstance(value, Sequence):
        raise _fail(f"cần chuỗi, Run hoặc danh sách của chúng, nhận {type(value).__name__} ({_r(value)})",
                    where)
    out = []
    for item in value:
        if isinstance(item, str):
            out.append(Run(item))
        elif isinstance(item, Run):
            out.append(item)
        else:
            raise _fail(f"cần chuỗi hoặc Run, nhận {type(item).__name__} ({_r(item)})", where)
    return tuple(out)


def plain(value: Sequence[Run]) -> str:
    """The text of some runs without formatting."""
    return "".join(r.text for r in value)


def _where(kind: str, line: int | None) -> str:
    return f"{kind} (dòng {line})" if line else kind


# --------------------------------------------------------------------------- blocks


@dataclass(repr=False, eq=False)
class Heading(Record):
    """A numbered heading. ``level`` 1 is the outermost (I., or Điều 1.)."""

    text: tuple[Run, ...]
    level: int = 1
    line: int | None = None

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        where = _where("Heading", self.line)
        self.text = runs(self.text, where)
        self.level = _int(self.level, f"{where}.level", 1, 9)  # numbering schemes have at most 4 levels


@dataclass(repr=False, eq=False)
class Paragraph(Record):
    """A body paragraph: justified, first-line indent."""

    text: tuple[Run, ...]
    align: str = "justify"  # justify | center | left | right
    line: int | None = None

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        where = _where("Paragraph", self.line)
        self.text = runs(self.text, where)
        if self.align not in _ALIGN:
            raise _fail(f"căn lề không hợp lệ: {_r(self.align)}", f"{where}.align", ", ".join(_ALIGN))


@dataclass(repr=False, eq=False)
class Bullet(Record):
    """A list item: ``-`` (level 1) or ``+`` (level 2)."""

    text: tuple[Run, ...]
    level: int = 1
    line: int | None = None

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        where = _where("Bullet", self.line)
        self.text = runs(self.text, where)
        if self.level not in (1, 2) or isinstance(self.level, bool):
            raise _fail(f"gạch đầu dòng chỉ có cấp 1 (-) và 2 (+), nhận {_r(self.level)}", f"{where}.level")

    @property
    def marker(self) -> str:
        return "-" if self.level == 1 else "+"


@dataclass(repr=False, eq=False)
class Cell(Record):
    """A table cell; ``colspan`` > 1 merges cells across columns, ``rowspan`` > 1 down
    rows (the rows below then leave that place out, as in HTML)."""

    text: tuple[Run, ...]
    colspan: int = 1
    align: str | None = None  # None: the column's alignment
    rowspan: int = 1

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        self.text = runs(self.text, "Cell.text")
        self.colspan = _int(self.colspan, "Cell.colspan", 1, 1000)  # Word holds 63 columns; 1000 keeps memory sane
        self.rowspan = _int(self.rowspan, "Cell.rowspan", 1)
        if self.align is not None and self.align not in _ALIGN[1:]:
            raise _fail(f"căn lề ô không hợp lệ: {_r(self.align)}", "Cell.align", "left, center hoặc right")


def so_trong_bang(value: SupportsFloat) -> str:
    """A number as a table shows it: ``.`` for thousands, ``,`` for decimals, at most
    two decimals rounded half-up, no float artefacts; NaN is an empty cell.

    >>> so_trong_bang(6243886), so_trong_bang(85.02), so_trong_bang(0.1 + 0.2), so_trong_bang(2.675)
    ('6.243.886', '85,02', '0,3', '2,68')
    >>> so_trong_bang(float("nan"))
    ''
    """
    from .formatting import so

    return so(value, 2, gon=True, thieu="")


def _is_number(value: object) -> TypeGuard[SupportsFloat]:
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool)


def _cell(value: object) -> Cell:
    if isinstance(value, Cell):
        return value
    if isinstance(value, (str, Run)) or (isinstance(value, Sequence) and not isinstance(value, str)):
        return Cell(runs(value, "Cell.text"))
    if _is_number(value):
        return Cell((Run(so_trong_bang(value)),))
    from .formatting import ngay
    from .numbers import is_missing

    if is_missing(value):  # None, pandas NA and NaT: an empty cell, as NaN is
        return Cell((Run(""),))
    if isinstance(value, dt.date):
        return Cell((Run(ngay(value)),))
    return Cell((Run(str(value)),))


class TextColumns:
    """Rows of a table held column by column as plain text: one run per cell, not bold, not
    merged, aligned as its column — the body of a table made from data
    (:func:`baocao.tables.table_from_data`), which writers lay out a column at a time without an
    object per cell. ``at``: the index of its first row among the table's rows.

    >>> body = TextColumns([["1", "2"], ["Nhà ở", "Vật liệu"]], at=1)
    >>> len(body), [c.text[0].text for c in body.row(1)]
    (2, ['2', 'Vật liệu'])
    """

    __slots__ = ("at", "columns")

    def __init__(self, columns: Sequence[list[str]], at: int) -> None:
        self.columns = list(columns)
        self.at = at

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def row(self, i: int) -> list[Cell]:
        """Row ``i`` of the body as cells."""
        return [Cell((Run(column[i]),)) for column in self.columns]


@dataclass(repr=False, eq=False)
class Table(Record):
    """A table inside the text width. The first ``header_rows`` rows are bold, centred
    and repeated on each page; ``align`` gives each column's alignment ("left",
    "center", "right"); ``widths`` are relative column widths (default: fitted to the
    text). ``ngang`` puts the table on landscape pages (``None``: when it needs them)."""

    rows: list[list[Cell]]
    header_rows: int = 1
    widths: list[float] | None = None
    align: list[str] | None = None
    font_size: float | None = None
    caption: str | None = None
    line: int | None = None
    ngang: bool | None = False

    def __post_init__(self) -> None:
        self._check()

    @classmethod
    def with_text_columns(cls, rows: list[list[Cell]], columns: Sequence[list[str]], *, at: int,
                          **options: Any) -> Table:
        """A table whose rows are ``rows`` with the rows of ``columns`` (lists of plain texts, one
        per column, all as long) put in at index ``at``: the form of a big table from data, read
        as cells (:attr:`rows`) only when asked."""
        where = _where("Table", options.get("line"))
        if not isinstance(at, int) or not 0 <= at <= len(rows):
            raise _fail(f"vị trí {_r(at)} của các cột chữ nằm ngoài bảng", where)
        table = cls.__new__(cls)
        if columns and len(columns[0]):
            if any(not isinstance(c, list) or len(c) != len(columns[0]) or not all(type(v) is str for v in c)
                   for c in columns):
                raise _fail("các cột chữ phải là danh sách chuỗi dài bằng nhau", where)
            table.__dict__["_body"] = TextColumns(columns, at)  # kept by the constructor's first rows
        table.__init__(rows, **options)  # type: ignore[misc]
        return table

    def parts(self) -> tuple[list[list[Cell]], TextColumns | None, list[list[Cell]]]:
        """The rows before the text columns, the text columns (None: every row is cells), and the
        rows after them; reading them does not turn the text columns into cells."""
        rows, body = self.__dict__["_rows"], self.__dict__.get("_body")
        if body is None:
            return rows, None, []
        return rows[:body.at], body, rows[body.at:]

    @property
    def row_count(self) -> int:
        """The number of rows (without turning text columns into cells)."""
        head, body, tail = self.parts()
        return len(head) + len(tail) + (len(body) if body is not None else 0)

    def _each_row(self) -> Iterable[list[Cell]]:
        head, body, tail = self.parts()
        yield from head
        if body is not None:
            yield from (body.row(i) for i in range(len(body)))
        yield from tail

    @property
    def columns(self) -> int:
        """Number of grid columns (the first row's cells, with their spans)."""
        head, body, tail = self.parts()
        first = head[0] if head else body.row(0) if body is not None else tail[0] if tail else []
        return sum(c.colspan for c in first)

    def grid(self, limit: int | None = None) -> list[list[tuple[int, Cell, bool]]]:
        """Each row's cells placed on the column grid: ``(first column, cell, continues
        a cell merged from above)``; the first ``limit`` rows only, if given. Raises
        :class:`ModelError` when rows do not fit."""
        where = _where("Table", self.line)
        cols = self.columns
        above: dict[int, tuple[Cell, int]] = {}  # column → (merged cell, rows still to cover)
        out: list[list[tuple[int, Cell, bool]]] = []
        for i, row in enumerate(self._each_row(), 1):
            if limit is not None and i > limit:
                return out
            placed: list[tuple[int, Cell, bool]] = []
            cells = iter(row)
            col = 0
            while col < cols:
                if col in above:
                    cell, left = above.pop(col)
                    placed.append((col, cell, True))
                    if left > 1:
                        above[col] = (cell, left - 1)
                else:
                    cell = next(cells, None)  # type: ignore[assignment]
                    if cell is None:
                        break
                    placed.append((col, cell, False))
                    if cell.rowspan > 1:
                        above[col] = (cell, cell.rowspan - 1)
                col += cell.colspan
            extra = sum(c.colspan for c in cells)
            if col + extra != cols:
                raise _fail(f"hàng {i} có {col + extra} cột, hàng đầu có {cols} cột", where,
                            "mỗi hàng phải đủ số cột (tính cả ô gộp ngang và dọc)")
            out.append(placed)
        if above:
            raise _fail("ô gộp dọc (rowspan) vượt quá hàng cuối của bảng", where)
        return out

    def _check(self) -> None:
        where = _where("Table", self.line)
        stored, body = self.__dict__["_rows"], self.__dict__.get("_body")
        if not isinstance(stored, list) or not (stored or body):
            raise _fail("bảng không có dòng nào", where)
        stored = self.__dict__["_rows"] = [
            [_cell(v) for v in row] if isinstance(row, (list, tuple)) else _bad_row(row, where) for row in stored]
        cols = self.columns
        if cols == 0:
            raise _fail("bảng không có cột nào", where)
        if body is not None and len(body.columns) != cols:
            raise _fail(f"có {len(body.columns)} cột chữ, bảng có {cols} cột", where)
        if any(c.rowspan > 1 for row in stored for c in row):
            self.grid()
        else:  # the common case, checked without building the grid (the text columns fit by construction)
            for i, row in enumerate(stored, 1):
                if sum(c.colspan for c in row) != cols:
                    number = i if body is None or i <= body.at else i + len(body)
                    raise _fail(f"hàng {number} có {sum(c.colspan for c in row)} ô, các hàng khác {cols} ô",
                                where, "mỗi hàng phải đủ số cột (tính cả ô gộp)")
        for name, values in (("widths", self.widths), ("align", self.align)):
            if values is not None and (not isinstance(values, (list, tuple)) or len(values) != cols):
                raise _fail(f"{name} cần {cols} giá trị (một cho mỗi cột), nhận {_r(values)}", where)
        if self.widths is not None:
            self.widths = [_positive(w, f"{where}.widths", optional=False) for w in self.widths]
        if self.align is not None and any(a not in _ALIGN[1:] for a in self.align):
            raise _fail(f"căn lề cột không hợp lệ: {self.align}", where, "left, center hoặc right")
        self.header_rows = _int(self.header_rows, f"{where}.header_rows", 0, self.row_count)
        self.font_size = _positive(self.font_size, f"{where}.font_size")
        if self.font_size is not None and not 1 <= self.font_size <= 1638:
            raise _fail(f"cỡ chữ {self.font_size:g} pt nằm ngoài khoảng Word viết được", f"{where}.font_size",
                        "từ 1 đến 1638 pt")
        self.caption = _text(self.caption, f"{where}.caption")
        if self.ngang is not None:
            self.ngang = flag(self.ngang, f"{where}.ngang")


def _table_rows(self: Table) -> list[list[Cell]]:
    if self.__dict__.get("_body") is not None:  # read as cells: from now on the cells are the table
        self.__dict__["_rows"] = list(self._each_row())
        self.__dict__["_body"] = None
    return self.__dict__["_rows"]


def _set_table_rows(self: Table, rows: list[list[Cell]]) -> None:
    if "_rows" in self.__dict__:  # rows given anew: they are the whole table
        self.__dict__["_body"] = None
    self.__dict__["_rows"] = rows


Table.rows = property(_table_rows, _set_table_rows,  # type: ignore[assignment]
                      doc="The rows, each a list of :class:`Cell` (a merged cell appears once).")


def _is_records(value: object) -> bool:
    """A DataFrame, or a list of dicts: data for :func:`baocao.tables.table_from_data`."""
    if type(value).__name__ == "DataFrame":
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(r, Mapping) for r in value)


def _is_list(value: object) -> bool:
    """Whether ``value`` is a collection of items (not text, bytes or a mapping)."""
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, dict))


def _bad_row(row: object, where: str) -> list[Cell]:
    raise _fail(f"mỗi hàng phải là một danh sách ô, nhận {type(row).__name__}", where)


@dataclass(repr=False, eq=False)
class Image(Record):
    """A picture: a path or the bytes of a PNG/JPEG/GIF/BMP/TIFF file, centred.

    ``width_mm`` defaults to the natural size, shrunk to the text width."""

    source: str | os.PathLike[str] | bytes
    width_mm: float | None = None
    caption: str | None = None
    line: int | None = None
    label: str = "Hình"  # the caption's label, numbered on its own: "Hình 1.", "Biểu đồ 1."

    def __post_init__(self) -> None:
        self._check()

    @property
    def nhan(self) -> str:
        """Deprecated name of :attr:`label`."""
        warnings.warn("Image.nhan is deprecated, use .label (tên cũ nhan sẽ bị bỏ, dùng label)",
                      DeprecationWarning, stacklevel=2)
        return self.label

    def _check(self) -> None:
        where = _where("Image", self.line)
        self.label = _text(self.label, f"{where}.label", required=True)  # type: ignore[assignment]
        if not isinstance(self.source, (bytes, str, os.PathLike)):
            raise _fail(f"ảnh phải là đường dẫn hoặc bytes, nhận {type(self.source).__name__}", where)
        if not isinstance(self.source, bytes) and not Path(self.source).is_file():
            raise _fail(f"không tìm thấy tệp ảnh {str(self.source)!r}", f"{where}.source")
        self.width_mm = _positive(self.width_mm, f"{where}.width_mm")
        self.caption = _text(self.caption, f"{where}.caption")


# Image(nhan=…) still works for one release (docs/vocabulary.md)
Image.__init__ = renamed({"nhan": "label"}, name="Image")(Image.__init__)  # type: ignore[method-assign]


@dataclass(repr=False, eq=False)
class PageBreak(Record):
    """A page break in the body (``---`` in Markdown): what follows starts a new page."""

    line: int | None = None

    def _check(self) -> None:
        pass


Block = Heading | Paragraph | Bullet | Table | Image | PageBreak
_BLOCK_TYPES = (Heading, Paragraph, Bullet, Table, Image, PageBreak)


class _Blocks:
    """Methods that add body blocks; shared by :class:`VanBan` and :class:`PhuLuc`."""

    blocks: list[Block]

    def add(self, block: Block) -> Block:
        """Add a block built by hand (checked like the ones the methods below build)."""
        if not isinstance(block, _BLOCK_TYPES):
            raise _fail(f"không phải khối nội dung: {type(block).__name__}", "blocks",
                        "Heading, Paragraph, Bullet, Table, Image hoặc PageBreak")
        block._check()
        return self._append(block)

    def _append(self, block: Block) -> Block:  # for blocks just built (and so checked)
        self.blocks.append(block)
        return block

    def heading(self, text: Text, level: int = 1, *, line: int | None = None) -> Heading:
        """Add a heading; the writer numbers it (I., 1., a) … or Điều 1. …)."""
        return self._append(Heading(text, level, line))  # type: ignore[arg-type,return-value]

    def paragraph(self, text: Text, *, align: str = "justify", line: int | None = None) -> Paragraph:
        """Add a paragraph; ``text`` may mix strings and :class:`Run` (bold/italic)."""
        return self._append(Paragraph(text, align, line))  # type: ignore[arg-type,return-value]

    def bullet(self, text: Text, level: int = 1, *, line: int | None = None) -> Bullet:
        """Add a ``-`` item (level 1) or a ``+`` item (level 2)."""
        return self._append(Bullet(text, level, line))  # type: ignore[arg-type,return-value]

    def table(self, rows: Any, columns: Any = None, *, header_rows: int = 1,
              widths: Sequence[float] | None = None, align: Sequence[str] | None = None,
              font_size: float | None = None, caption: str | None = None,
              line: int | None = None, ngang: bool | None = False, stt: bool = False,
              total: bool | str | Sequence[str] | Mapping[str, Any] = False, decimals: Any = None,
              phan_tram: Any = None, as_text: Any = None) -> Table:
        """Add a table. ``rows`` are rows of cells (header first): strings, numbers (written
        6.243.886 / 85,02), dates, :class:`Cell`; columns whose body cells are all numbers are
        right-aligned unless ``align`` says otherwise. Or, as the template's ``table()``, a
        DataFrame or a list of dicts with ``columns``, ``stt``, ``total``, ``decimals``,
        ``phan_tram`` and ``as_text`` (see :func:`baocao.tables.table_from_data`). ``ngang=None``
        turns the page when the table is too wide for a portrait page."""
        if columns is not None or stt or total or decimals is not None or phan_tram is not None \
                or as_text is not None or _is_records(rows):
            from .tables import table_from_data  # the builder's one call up the pipeline

            built = table_from_data(rows, columns, stt=stt, total=total, decimals=decimals, phan_tram=phan_tram,
                                    widths=widths, align=align, caption=caption, font_size=font_size,
                                    ngang=ngang, as_text=as_text)
            built.line = line
            return self._append(built)  # type: ignore[return-value]
        if not _is_list(rows):
            raise _fail(f"cần danh sách các hàng, nhận {type(rows).__name__}", _where("Table", line))
        raw = [list(row) if _is_list(row) else row for row in rows]  # other rows: refused by Table
        lists = [r for r in raw if isinstance(r, list)] if align is None else []
        if raw and len(lists) == len(raw):  # align to choose, and every row a list
            body = lists[header_rows:] if isinstance(header_rows, int) else []
            # columns: cells, or the first row's merged cells counted by their spans
            width = max(max(len(r) for r in lists), sum(c.colspan if isinstance(c, Cell) else 1 for c in lists[0]))
            align = ["right" if body and all(len(r) == width and _is_number(r[c]) for r in body) else "left"
                     for c in range(width)]
        table = Table(raw, header_rows, list(widths) if _is_list(widths) else widths,  # type: ignore[arg-type]
                      list(align) if _is_list(align) else align, font_size, caption, line, ngang)  # type: ignore[arg-type]
        return self._append(table)  # type: ignore[return-value]

    def image(self, source: str | os.PathLike[str] | bytes, *, width_mm: float | None = None,
              caption: str | None = None, line: int | None = None) -> Image:
        """Add a picture from a file path or bytes."""
        return self._append(Image(source, width_mm, caption, line))  # type: ignore[return-value]

    def page_break(self, *, line: int | None = None) -> PageBreak:
        """Start a new page."""
        return self._append(PageBreak(line))  # type: ignore[return-value]

    def _check_blocks(self, where: str) -> None:
        if not isinstance(self.blocks, list):
            raise _fail(f"blocks phải là danh sách, nhận {type(self.blocks).__name__}", where)
        for block in self.blocks:
            if not isinstance(block, _BLOCK_TYPES):
                raise _fail(f"không phải khối nội dung: {type(block).__name__}", where)
            block._check()


@dataclass(repr=False, eq=False)
class PhuLuc(_Blocks, Record):
    """An appendix: a new section with its own page numbers.

    ``ghi_chu`` replaces the automatic "(Kèm theo Báo cáo số … ngày … của …)" line;
    ``ghi_chu=""`` leaves it out.
    """

    tieu_de: str
    blocks: list[Block] = field(default_factory=list)
    ngang: bool = False  # landscape pages, for wide tables
    ghi_chu: str | None = None

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        self.tieu_de = _text(self.tieu_de, "PhuLuc.tieu_de", required=True)  # type: ignore[assignment]
        self.ghi_chu = "" if self.ghi_chu == "" else _text(self.ghi_chu, "PhuLuc.ghi_chu")
        self.ngang = flag(self.ngang, "PhuLuc.ngang")
        self._check_blocks("PhuLuc.blocks")


# --------------------------------------------------------------------------- metadata


@dataclass(repr=False, eq=False)
class NguoiKy(Record):
    """The signer. ``quyen_han`` is TM., KT., TL., TUQ. or Q. — or several, in the order of
    Decree 30 (``["TM.", "KT."]``); ``thay_mat`` is the collective or head each signs for (one
    per authority word: ``["Ủy ban nhân dân", "Chủ tịch"]``); ``chuc_vu`` one or two title lines
    (``PHÓ CHỦ TỊCH``). That prints ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ
    TỊCH``. For ``Q.`` the head may be the first ``chuc_vu`` line. Authority words typed inside
    ``thay_mat`` or ``chuc_vu`` (``"TM. Ủy ban nhân dân\nKT. Chủ tịch"``) are read as such, with
    a warning; an order Decree 30 does not know (``KT.`` before ``TM.``) is an error.

    A học hàm or học vị typed before ``ho_ten`` (``TS.``, ``BS.CKII.``) is dropped with a
    warning, as Decree 30 prints none there, unless ``ghi_hoc_ham`` (armed forces, education,
    health and science units whose sector allows it)."""

    ho_ten: str
    chuc_vu: str | list[str] = ""
    quyen_han: str | list[str] | None = None
    thay_mat: str | list[str] | None = None
    ghi_hoc_ham: bool = False  # keep a học hàm / học vị typed before the name (where the sector allows it)

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        self.ho_ten = _text(self.ho_ten, "NguoiKy.ho_ten", required=True)  # type: ignore[assignment]
        self.ghi_hoc_ham = flag(self.ghi_hoc_ham, "NguoiKy.ghi_hoc_ham")
        if not self.ghi_hoc_ham:
            name, note = _ho_ten(self.ho_ten)
            if note:
                _changed("nguoi_ky.ho_ten", note + "; ngành cho ghi thì đặt nguoi_ky.ghi_hoc_ham: true",
                         self.ho_ten, name)
                self.ho_ten = name
        lines = [part for line in _as_list(self.chuc_vu, "NguoiKy.chuc_vu")
                 for part in _several(line, semicolons=False)]
        words, heads, lines = _authority(self.quyen_han, self.thay_mat, lines)
        if len(lines) > 2:
            raise _fail("chức vụ có nhiều nhất hai dòng", "NguoiKy.chuc_vu")
        self.chuc_vu = lines
        self.quyen_han = (words[0] if len(words) == 1 else words) or None
        self.thay_mat = (heads[0] if len(heads) == 1 else heads) or None

    @property
    def dong_chuc_danh(self) -> list[str]:
        """The upper-case lines above the signature: ``['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']``,
        ``['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']``."""
        words = [self.quyen_han] if isinstance(self.quyen_han, str) else list(self.quyen_han or [])
        heads = [self.thay_mat] if isinstance(self.thay_mat, str) else list(self.thay_mat or [])
        lines = list(self.chuc_vu)
        if len(heads) < len(words):  # Q. whose head is the first chuc_vu line
            heads.append(lines.pop(0) if lines else "")
        return [f"{w} {h}".upper() for w, h in zip(words, heads)] + [x.upper() for x in lines]


_EXAMPLE_QUYEN_HAN = ("ví dụ quyen_han: [TM., KT.], thay_mat: [Ủy ban nhân dân, Chủ tịch], chuc_vu: Phó Chủ tịch "
                      "(TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)")


def _authority(quyen_han: object, thay_mat: object, lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The authority words, the head each signs for, and the signer's own title lines, checked:
    words from ``quyen_han`` (a string, ``"TM., KT."`` or a list) and typed in front of the
    ``thay_mat`` lines (or the first ``chuc_vu`` lines), in the order of Decree 30."""
    where = "NguoiKy.quyen_han"
    if isinstance(quyen_han, str):
        tokens = [t for t in re.split(r"[\s,;/]+", quyen_han) if t]
    elif quyen_han is None:
        tokens = []
    elif isinstance(quyen_han, (list, tuple)) and all(isinstance(t, str) for t in quyen_han):
        tokens = [t.strip() for t in quyen_han if t.strip()]
    else:
        raise _fail(f"quyền hạn ký phải là chuỗi hoặc danh sách chuỗi, nhận {_r(quyen_han)}", where,
                    _EXAMPLE_QUYEN_HAN)
    words: list[str] = []
    for token in tokens:
        word = token.upper() if token.endswith(".") else token.upper() + "."
        if word not in QUYEN_HAN:
            raise _fail(f"quyền hạn ký {token!r} không hợp lệ", where, "một hoặc vài chữ trong " + ", ".join(QUYEN_HAN))
        words.append(word)
    entries = [part for line in _as_list(thay_mat, "NguoiKy.thay_mat") for part in _several(line, semicolons=False)]
    typed = [_quyen_han_of(e) for e in entries]
    if any(w for w, _ in typed):
        _changed("nguoi_ky.thay_mat", "quyền hạn gõ trong thay_mat được tách ra", entries,
                 {"quyen_han": [w for w, _ in typed if w], "thay_mat": [h for _, h in typed]})
    moved: list[tuple[str | None, str]] = []
    while lines and _quyen_han_of(lines[0])[0] is not None and len(lines) > 1:  # "KT. Giám đốc" in chuc_vu
        moved.append(_quyen_han_of(lines.pop(0)))
    if moved:
        _changed("nguoi_ky.chuc_vu", "quyền hạn gõ trong chức vụ được đọc thành quyen_han/thay_mat",
                 [f"{w} {h}" for w, h in moved],
                 {"quyen_han": [w for w, _ in moved], "thay_mat": [h for _, h in moved]})
        typed = typed + moved
    given = list(words)
    for w, _ in typed:  # a word both given and typed is said once
        if w in given:
            given.remove(w)
    slots = [w for w, _ in typed]
    for i, w in enumerate(slots):
        if w is None and given:
            slots[i] = given.pop(0)
    heads = [h for _, h in typed]
    if None in slots:
        raise _fail(f"thay_mat {heads[slots.index(None)]!r} cần quyền hạn ký đứng trước (TM., KT., TL., TUQ., Q.)",
                    "NguoiKy.quyen_han", _EXAMPLE_QUYEN_HAN)
    chain = [w for w in slots if w is not None]
    if given:
        if given != ["Q."]:
            more = ", ".join(given)
            raise _fail(f"ký {more} cần ghi thay mặt ai (thay_mat): mỗi quyền hạn một dòng thay_mat",
                        "NguoiKy.thay_mat", _EXAMPLE_QUYEN_HAN if len(chain) else
                        "ví dụ quyen_han='KT.', thay_mat='GIÁM ĐỐC', chuc_vu='PHÓ GIÁM ĐỐC'")
        chain.append("Q.")  # Q. GIÁM ĐỐC: the head is the first chuc_vu line
        if not lines:
            raise _fail("ký Q. cần chức vụ cấp trưởng (thay_mat hoặc chuc_vu)", "NguoiKy.thay_mat",
                        "ví dụ quyen_han='Q.', chuc_vu='Giám đốc' (in: Q. GIÁM ĐỐC)")
    problem = _quyen_han_problem(chain)
    if problem:
        shown = " / ".join(f"{w} {h}".upper() for w, h in zip(chain, heads))
        raise _fail(f"quyền hạn ký không hợp lệ: {problem} ({shown})", where,
                    "thứ tự theo Nghị định 30: TM. trước, rồi TL. hoặc TUQ., KT. hoặc Q. sau cùng; "
                    + _EXAMPLE_QUYEN_HAN)
    return chain, heads, lines


Ngay = dt.date | tuple[int, int] | None


def _as_date(value: object) -> Ngay:
    where = "VanBan.ngay"
    if isinstance(value, dt.datetime) or type(value).__name__ == "NaTType":  # an aware one: its day in Việt Nam
        return _read_date(value, where)
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str) and not value.strip():  # blank, as in "ngay: '{{ ngay | default('') }}'"
        return None
    if isinstance(value, tuple) and len(value) == 2:
        return (_int(value[0], f"{where} (năm)", 1900, 2999), _int(value[1], f"{where} (tháng)", 1, 12))
    if isinstance(value, str) or type(value).__name__ == "datetime64":
        try:
            return _read_date(value, where)
        except DataError as exc:
            raise _fail(exc.message, where, "viết 29/12/2020 hoặc 2020-12-29") from None
    raise _fail(f"ngày phải là date, (năm, tháng) hoặc chuỗi, nhận {type(value).__name__}", where)


def _as_list(value: object, where: str) -> list[str]:
    """One string or a list of strings → a list of stripped, non-blank strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, (list, tuple)):
        out = []
        for i, v in enumerate(value, 1):
            if not isinstance(v, str):
                raise _fail(f"mục {i}: cần chuỗi, nhận {type(v).__name__} ({_r(v)})", where)
            if v.strip():
                out.append(v.strip())
        return out
    raise _fail(f"cần chuỗi hoặc danh sách chuỗi, nhận {type(value).__name__}", where)


_FORM_FIELDS = ("giay_moi", "cong_dien", "gioi_thieu", "bien_ban", "nghi_phep")  # forms.FORM_OF, checked by a test
_FORM_TYPES = ("giay_moi", "cong_dien", "giay_gioi_thieu", "bien_ban", "giay_nghi_phep")  # its keys, tested alike
_NO_KINH_GUI = ("giay_gioi_thieu", "giay_nghi_phep", "bien_ban", "nghi_quyet")  # their forms have none
_NEEDS_TRICH_YEU = ("cong_dien", "bien_ban", "nghi_quyet")  # their forms put one under the tên loại
_TEXT_FIELDS = ("co_quan", "co_quan_chu_quan", "viet_tat_co_quan", "don_vi_soan_thao", "ky_hieu",
                "dia_danh", "trich_yeu", "tham_quyen", "ky_hieu_soan_thao", "do_khan", "do_mat", "danh_so")


#: Document properties (``VanBan.thuoc_tinh``, front matter ``thuoc_tinh:``) and what they
#: are in the .docx (docProps/core.xml). Without them a document has only its title and
#: language, and no dates, so the same input always gives the same bytes.
THUOC_TINH: dict[str, str] = {
    "tieu_de": "tiêu đề (mặc định: trích yếu)", "chu_de": "chủ đề", "tac_gia": "tác giả",
    "tu_khoa": "từ khóa", "mo_ta": "mô tả", "ngay_tao": "ngày giờ tạo", "ngay_sua": "ngày giờ sửa",
}


def _thuoc_tinh(value: object) -> dict[str, object]:
    """Checked document properties: texts, and ``ngay_tao`` / ``ngay_sua`` as aware datetimes."""
    where = "VanBan.thuoc_tinh"
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(f"cần một bảng tên → giá trị, nhận {type(value).__name__}", where,
                    "các khóa: " + ", ".join(THUOC_TINH))
    out: dict[str, object] = {}
    for key, item in value.items():
        if key not in THUOC_TINH:
            close = difflib.get_close_matches(str(key), THUOC_TINH, n=1)
            raise _fail(f"không có thuộc tính {_r(key)}", f"{where}.{key}",
                        f"ý bạn là {close[0]!r}?" if close else "các khóa: " + ", ".join(THUOC_TINH))
        if item is None:
            continue
        if key in ("ngay_tao", "ngay_sua"):
            out[key] = _as_datetime(item, f"{where}.{key}")
        else:
            out[key] = _text(item, f"{where}.{key}")
    return out


def _as_datetime(value: object, where: str) -> dt.datetime:
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            try:  # 29/12/2020 or 29/12/2020 08:30
                value = dt.datetime.strptime(text, "%d/%m/%Y %H:%M" if " " in text else "%d/%m/%Y")
            except ValueError:
                raise _fail(f"ngày giờ không hợp lệ: {text!r}", where,
                            "viết 29/12/2020, 29/12/2020 08:30 hoặc 2020-12-29T08:30") from None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, dt.datetime):
        raise _fail(f"cần ngày giờ, nhận {type(value).__name__}", where)
    if value.tzinfo is None:  # a date with no zone is the local time of Việt Nam (UTC+7)
        value = value.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))
    try:
        value.astimezone(dt.timezone.utc)  # docProps hold it in UTC
    except OverflowError:
        raise _fail(f"ngày giờ {value} nằm ngoài năm 1–9999 khi đổi sang giờ UTC", where) from None
    return value


@dataclass(repr=False, eq=False)
class VanBan(_Blocks, Record):
    """A Decree 30 document: header metadata, body blocks, closing block, appendices.

    Field names are the ones a Vietnamese user knows: ``co_quan`` (the issuing
    agency, ``\\n`` to break its name), ``co_quan_chu_quan`` (the parent agency),
    ``so`` (``None``: blank, written as dots), ``ngay`` (a date, ``(year, month)``
    for a blank day, or ``None``), ``kinh_gui`` (one or several recipients),
    ``noi_nhan`` + ``luu`` (the Nơi nhận list, ``Lưu: VT, …`` last; the drafting
    unit ``don_vi_soan_thao`` is added to it). Fields may be changed after
    construction; they are checked again when the document is written.
    """

    loai: str | LoaiVanBan = "bao_cao"
    co_quan: str = ""
    co_quan_chu_quan: str | None = None
    viet_tat_co_quan: str | None = None
    don_vi_soan_thao: str | None = None
    so: int | str | None = None
    ky_hieu: str | None = None
    dia_danh: str = ""
    ngay: Ngay = None
    trich_yeu: str | None = None
    kinh_gui: list[str] = field(default_factory=list)
    tham_quyen: str | None = None  # quyết định: "GIÁM ĐỐC SỞ XÂY DỰNG" before the Căn cứ
    can_cu: list[str] = field(default_factory=list)
    noi_nhan: list[str] = field(default_factory=list)
    luu: list[str] = field(default_factory=lambda: ["VT"])
    ky_hieu_soan_thao: str | None = None  # e.g. "PL.(05)" under the Lưu line
    nguoi_ky: NguoiKy | None = None
    do_khan: str | None = None
    do_mat: str | None = None
    dau_ket_thuc: bool = True  # end the text with "./."
    dien_tu: bool = False  # an electronic document: the signing system fills the kèm theo số and date
    danh_so: str | None = None  # numbering scheme; default: the type's
    muc_luc: bool | int = False  # a table of contents on a last page of its own: True (levels 1–2) or 1–4 levels
    thuoc_tinh: dict[str, object] = field(default_factory=dict)  # document properties, see THUOC_TINH
    blocks: list[Block] = field(default_factory=list)
    phu_luc: list[PhuLuc] = field(default_factory=list)
    # the blanks of a form with fixed sentences (baocao.forms): one, the type's own
    giay_moi: GiayMoi | Mapping[str, Any] | None = None  # Mẫu 1.7 (or a free text)
    cong_dien: CongDien | Mapping[str, Any] | None = None  # Mẫu 1.6
    gioi_thieu: GioiThieu | Mapping[str, Any] | None = None  # Mẫu 1.8
    bien_ban: BienBan | Mapping[str, Any] | None = None  # Mẫu 1.9
    nghi_phep: NghiPhep | Mapping[str, Any] | None = None  # Mẫu 1.10
    kem_theo: KemTheo | Mapping[str, Any] | None = None  # issued with a quyết định (Mẫu 1.3)

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        """Normalise and check every metadata field (not the blocks: see :meth:`validate`)."""
        self.loai = loai_van_ban(self.loai)
        for name in _TEXT_FIELDS:
            setattr(self, name, _text(getattr(self, name), f"VanBan.{name}"))
        for name in ("viet_tat_co_quan", "don_vi_soan_thao"):
            if getattr(self, name):
                setattr(self, name, getattr(self, name).upper())
        self.ngay = _as_date(self.ngay)
        for name in ("kinh_gui", "can_cu", "noi_nhan", "luu"):
            setattr(self, name, _as_list(getattr(self, name), f"VanBan.{name}"))
        self._normalise_typed()
        for name, allowed in (("do_khan", DO_KHAN), ("do_mat", DO_MAT)):
            value = getattr(self, name)
            if value is not None:
                if value.upper() not in allowed:
                    raise _fail(f"{value!r} không phải mức {'độ khẩn' if name == 'do_khan' else 'độ mật'} hợp lệ",
                                f"VanBan.{name}",
                                "một trong " + ", ".join(allowed))
                setattr(self, name, value.upper())
        if isinstance(self.nguoi_ky, dict):
            try:
                self.nguoi_ky = NguoiKy(**self.nguoi_ky)
            except TypeError as exc:
                raise _fail(f"người ký không hợp lệ: {exc}", "VanBan.nguoi_ky",
                            "các trường: ho_ten, chuc_vu, quyen_han, thay_mat") from None
        if self.nguoi_ky is not None and not isinstance(self.nguoi_ky, NguoiKy):
            raise _fail(f"cần NguoiKy(ho_ten, chuc_vu, …), nhận {type(self.nguoi_ky).__name__}",
                        "VanBan.nguoi_ky")
        if self.danh_so is not None:
            from .numbering import SCHEMES

            if self.danh_so not in SCHEMES:
                raise _fail(f"không biết cách đánh số {self.danh_so!r}", "VanBan.danh_so",
                            "một trong " + ", ".join(SCHEMES))
        if self.so is not None:
            if isinstance(self.so, bool) or not isinstance(self.so, (int, str)):
                raise _fail(f"số văn bản phải là số nguyên dương, nhận {self.so!r}", "VanBan.so")
            if abs(self.so) >= 10**18 if isinstance(self.so, int) else len(self.so.strip()) > 18:
                raise _fail("số văn bản quá dài (hơn 18 chữ số)", "VanBan.so", "số văn bản là số thứ tự, ví dụ 564")
            text = str(self.so).strip()
            if text and (not (text.isascii() and text.isdecimal()) or int(text) <= 0):
                raise _fail(f"số văn bản phải là số nguyên dương, nhận {self.so!r}", "VanBan.so",
                            "để trống (None) nếu chưa cấp số")
            self.so = int(text) if text else None
        self.dau_ket_thuc = flag(self.dau_ket_thuc, "VanBan.dau_ket_thuc")
        self.dien_tu = flag(self.dien_tu, "VanBan.dien_tu")
        self.muc_luc = _muc_luc(self.muc_luc)
        self.thuoc_tinh = _thuoc_tinh(self.thuoc_tinh)
        self._check_form()
        if not isinstance(self.phu_luc, list) or not all(isinstance(p, PhuLuc) for p in self.phu_luc):
            raise _fail("phu_luc phải là danh sách PhuLuc", "VanBan.phu_luc", "dùng vb.add_phu_luc(tieu_de)")

    def _normalise_typed(self) -> None:
        """Fields typed as they look on paper, made what the writer needs (:mod:`baocao.normalize`),
        each change a warning: a typed ``V/v``, a final full stop, leading dashes, a Lưu line
        among the Nơi nhận."""
        if self.trich_yeu:
            text, notes = _trich_yeu(self.trich_yeu, cong_van=self.loai_vb.co_ten_loai is False)
            if notes:
                _changed("trich_yeu", "; ".join(notes), self.trich_yeu, text)
                self.trich_yeu = text
        if self.dia_danh:
            place, notes = _dia_danh(self.dia_danh)
            date_typed = _typed_date(self.dia_danh)
            if date_typed and self.ngay is None:  # the date typed after the place is the only one there is
                try:
                    self.ngay = dt.date(*date_typed)
                    notes.append(f"ngày gõ sau địa danh dùng làm trường ngay ({self.ngay:%d/%m/%Y})")
                except ValueError:
                    raise _fail(f"ngày gõ sau địa danh không có thật: {self.dia_danh!r}", "VanBan.dia_danh") from None
            if notes:
                _changed("dia_danh", "; ".join(notes), self.dia_danh, place)
                self.dia_danh = place
        for name in ("viet_tat_co_quan", "don_vi_soan_thao", "ky_hieu"):
            value = getattr(self, name)
            if value and value.rstrip(".,;: ") != value:
                _changed(name, "bỏ dấu câu ở cuối (ký hiệu không có dấu chấm)", value, value.rstrip(".,;: "))
                setattr(self, name, value.rstrip(".,;: ") or None)
        for name in ("kinh_gui", "can_cu", "noi_nhan"):
            entries: list[str] = []
            changes: dict[str, list[tuple[str, str]]] = {}  # one warning per kind of change
            for typed in getattr(self, name):
                parts = _several(typed, semicolons=name != "can_cu")  # several entries typed in one string
                if len(parts) > 1:
                    _changed(name, f"{len(parts)} mục gõ trong một dòng được tách ra, mỗi mục một dòng", typed, parts)
                for item in parts:
                    self._entry(name, item, entries, changes)
            for note, pairs in changes.items():
                before, after = [b for b, _ in pairs], [a for _, a in pairs]
                _changed(name, note, before[0] if len(pairs) == 1 else before, after[0] if len(pairs) == 1 else after)
            setattr(self, name, [e for e in entries if e])
        luu_items: list[str] = []
        for item in self.luu:
            typed = _luu_in(item)
            if typed is not None:
                _changed("luu", "bỏ 'Lưu:' gõ ở đầu (được in tự động)", item, typed)
            luu_items.extend(typed if typed is not None else [item.strip().rstrip(".;,").strip()])
        self.luu = list(dict.fromkeys(x for x in luu_items if x))

    def _entry(self, name: str, item: str, entries: list[str], changes: dict[str, list[tuple[str, str]]]) -> None:
        """One Kính gửi, Căn cứ or Nơi nhận entry without what the writer adds (a dash, a typed
        label) into ``entries``, the change noted in ``changes``; a Lưu line typed among the Nơi
        nhận goes to ``luu``."""
        text, notes = _entry(item)
        if notes:
            changes.setdefault("; ".join(notes), []).append((item, text))
        luu = _luu_in(text) if name == "noi_nhan" else None
        if luu is None:
            entries.append(text.strip())
            return
        merged = list(dict.fromkeys([*self.luu, *luu]))
        _changed("noi_nhan", "dòng Lưu gõ trong Nơi nhận được chuyển sang luu (dòng Lưu được in cuối "
                             "Nơi nhận)", item, f"luu: {merged}")
        self.luu = merged

    def _check_form(self) -> None:
        """The blanks of the type's form (:mod:`baocao.forms`) and the fields the form has not."""
        kind = self.loai_vb
        given = {name: getattr(self, name) for name in _FORM_FIELDS}
        if kind.ma in _FORM_TYPES or self.kem_theo is not None or any(v is not None for v in given.values()):
            # a form to build or check (a document without one does not import the module)
            from .forms import form, kem_theo  # the forms build body paragraphs: they stand on this module

            found = form(kind.ma, given, self.ngay)
            if found:
                setattr(self, *found)
            self.kem_theo = kem_theo(self.kem_theo, kind.ma, self.co_quan or "")
        if not kind.co_trich_yeu and self.trich_yeu:
            raise _fail(f"{kind.ten.lower()} không có trích yếu (Mẫu {kind.mau_so})", "VanBan.trich_yeu",
                        "bỏ trích yếu")
        if kind.ma == "bien_ban" and self.nguoi_ky is not None:
            raise _fail("biên bản do thư ký và chủ tọa ký, không dùng nguoi_ky", "VanBan.nguoi_ky",
                        "đặt bien_ban.chu_toa và bien_ban.thu_ky")
        if kind.ma == "cong_dien" and self.kinh_gui:
            raise _fail("công điện không có Kính gửi: nơi nhận điện ghi ở cong_dien.nhan_dien", "VanBan.kinh_gui",
                        "chuyển danh sách sang cong_dien.nhan_dien")
        if kind.ma in _NO_KINH_GUI and self.kinh_gui:
            raise _fail(f"{kind.ten.lower()} không có dòng Kính gửi (Mẫu {kind.mau_so})", "VanBan.kinh_gui",
                        "bỏ kinh_gui; nơi nhận ghi ở noi_nhan")
        if kind.ma in _NEEDS_TRICH_YEU and not self.trich_yeu:
            raise _fail(f"{kind.ten.lower()} cần trích yếu dưới tên loại (Mẫu {kind.mau_so})", "VanBan.trich_yeu",
                        "biên bản: tên cuộc họp; công điện, nghị quyết: nội dung tóm tắt")
        if self.kem_theo is not None:
            for name in ("so", "ngay", "noi_nhan"):
                if getattr(self, name):
                    raise _fail(f"văn bản ban hành kèm theo quyết định không có {name} riêng (Mẫu 1.3)",
                                f"VanBan.{name}", "số và ngày là của quyết định: kem_theo.so, kem_theo.ngay")

    @property
    def dieu_cuoi(self) -> int | None:
        """The number of the text's last "Điều N.", or ``None`` when it has no articles."""
        from .errors import LayoutError
        from .numbering import SCHEMES, Numberer

        numberer, last = Numberer(SCHEMES[self.danh_so or self.loai_vb.danh_so]), None
        for block in self.blocks:
            if isinstance(block, Heading):
                try:
                    label = numberer.label(block.level)
                except LayoutError:  # a level the scheme has not: the writer reports it
                    return last
                if label.startswith("Điều "):
                    last = int(label.removeprefix("Điều ").rstrip("."))
        return last

    def _check_nhu_dieu(self) -> None:
        """A Nơi nhận entry "Như Điều N" names an article the text has."""
        last = self.dieu_cuoi
        for entry in self.noi_nhan:
            found = re.match(r"^\s*như\s+điều\s+(\d+)\b", entry, re.IGNORECASE)
            if found and last is not None and int(found[1]) > last:
                raise _fail(f"Nơi nhận ghi {entry.strip()!r} nhưng văn bản chỉ có {last} điều", "VanBan.noi_nhan",
                            f"thường là điều giao tổ chức thực hiện, điều cuối: 'Như Điều {last}'")

    @property
    def form(self) -> Form | None:
        """The filled form of the type (:mod:`baocao.forms`), or ``None`` for a free text."""
        return next((getattr(self, name) for name in _FORM_FIELDS if getattr(self, name) is not None), None)

    @property
    def loai_vb(self) -> LoaiVanBan:
        """The document type record (``loai`` after lookup)."""
        assert isinstance(self.loai, LoaiVanBan)
        return self.loai

    @property
    def ky_hieu_day_du(self) -> str:
        """The ký hiệu as printed: given, or built from the abbreviation table."""
        if self.ky_hieu:
            return self.ky_hieu
        return ky_hieu(self.loai_vb, self.viet_tat_co_quan, self.don_vi_soan_thao)

    @property
    def dong_luu(self) -> list[str]:
        """What the Lưu line lists: ``luu`` plus the drafting unit if not already there."""
        luu = list(self.luu)
        if self.don_vi_soan_thao and self.don_vi_soan_thao not in luu:
            luu.append(self.don_vi_soan_thao)
        return luu

    def add_phu_luc(self, tieu_de: str, *, ngang: bool = False, ghi_chu: str | None = None) -> PhuLuc:
        """Add an appendix and return it; add its blocks with its own methods."""
        pl = PhuLuc(tieu_de, ngang=ngang, ghi_chu=ghi_chu)
        self.phu_luc.append(pl)
        return pl

    def validate(self) -> None:
        """Check the whole document again (fields may have been changed since it was
        built) and raise :class:`~baocao.errors.ModelError` naming the field."""
        self._check()
        for name in ("co_quan", "dia_danh"):
            if name == "dia_danh" and (self.kem_theo is not None or not self.loai_vb.co_ngay):
                continue  # Mẫu 1.3 and a biên bản (1.9) print no place and date line
            if not getattr(self, name):
                raise _fail(f"thiếu {name}", f"VanBan.{name}")
        if self.loai_vb.co_ten_loai is False and not self.trich_yeu:
            raise _fail("công văn cần trích yếu (dòng V/v …)", "VanBan.trich_yeu")
        if self.kem_theo is None:  # a text issued with a quyết định (Mẫu 1.3) has no ký hiệu of its own
            self.ky_hieu_day_du  # noqa: B018 - raises when it cannot be built
        elif hasattr(self.kem_theo, "dong"):  # but the quyết định's must be known: its ký hiệu, or ours
            self.kem_theo.dong(self.viet_tat_co_quan, self.co_quan, self.dien_tu)
        if self.nguoi_ky is not None:
            self.nguoi_ky._check()
        self._check_blocks("VanBan.blocks")
        self._check_nhu_dieu()
        for pl in self.phu_luc:
            pl._check()

    def to_bytes(self, layout: Layout | None = None, *, soffice: str | os.PathLike[str] | None = None) -> bytes:
        """The document as .docx bytes; ``layout`` overrides :data:`baocao.LAYOUT`. With a table of
        contents (``muc_luc``) LibreOffice lays it out once for the page numbers (``soffice``: which
        one, as for :meth:`to_pdf`)."""
        from .writers import writer

        if self.muc_luc:  # the pages of its headings: LibreOffice lays the document out once more
            from .muc_luc import with_page_numbers

            return with_page_numbers(self, layout or LAYOUT, soffice)
        return bytes(writer("docx")(self, layout or LAYOUT))

    def to_document(self, layout: Layout | None = None) -> Any:
        """The document as a python-docx ``Document``, to change further with python-docx (add a
        paragraph, a comment, a picture in the header …) before saving it with its ``save()``.
        What is added that way is not checked by baocao: run ``baocao check`` on the result.

        >>> doc = VanBan(loai="cong_van", co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", dia_danh="Trà Vinh",
        ...              trich_yeu="Báo cáo số liệu").to_document()
        >>> doc.tables[0].cell(0, 0).paragraphs[0].text
        'SỞ XÂY DỰNG'
        """
        import io

        import docx  # python-docx: the writer does not use it; imported for this only

        return docx.Document(io.BytesIO(self.to_bytes(layout)))

    def phu_luc_bytes(self, number: int, layout: Layout | None = None) -> bytes:
        """Phụ lục ``number`` (from 1) alone as .docx bytes: an electronic document's appendix in
        a file of its own (Mẫu 2.2), its "(Kèm theo … số … ngày …)" left for the signing system."""
        from .writers.docx import write_phu_luc  # the .docx writer only: a format of its own

        return write_phu_luc(self, number, layout or LAYOUT)

    def save(self, path: str | os.PathLike[str], layout: Layout | None = None) -> Path:
        """Write the .docx to ``path`` atomically (a temporary file, then a rename): every error
        about the content comes before a file exists, and a failed write leaves nothing."""
        from .files import check_target, write_atomic

        target = Path(path)
        if target.suffix.lower() != ".docx":
            raise OutputError(f"tệp ra phải có đuôi .docx: {str(target)!r}", where="save")
        check_target(target)
        return write_atomic(target, self.to_bytes(layout))

    def to_html(self, layout: Layout | None = None) -> str:
        """The document as a self-contained HTML fragment that looks like its printed
        pages (header block, numbering, tables, closing block); see :mod:`baocao.writers.html`."""
        from .writers import writer

        return str(writer("html")(self, layout or LAYOUT))

    def _repr_html_(self) -> str:
        """The preview Jupyter shows; a document that cannot be laid out shows why instead."""
        import html

        from .errors import BaoCaoError

        try:
            return self.to_html()
        except BaoCaoError as exc:
            return (f'<pre style="color:#a00;white-space:pre-wrap">{html.escape(type(exc).__name__)}: '
                    f"{html.escape(str(exc))}</pre>")

    def to_pdf(self, path: str | os.PathLike[str], layout: Layout | None = None, *,
               timeout: float | None = None, soffice: str | os.PathLike[str] | None = None) -> Path:
        """Write the document as PDF to ``path`` through LibreOffice (headless, its own
        throwaway profile); see :func:`baocao.pdf.docx_to_pdf` for ``timeout`` and ``soffice``."""
        from .pdf import DEFAULT_TIMEOUT, docx_to_pdf

        data = self.to_bytes(layout, soffice=soffice)  # every error about the content comes before LibreOffice runs
        return docx_to_pdf(data, path, timeout=DEFAULT_TIMEOUT if timeout is None else timeout, soffice=soffice)
