"""Data for the templates: files (YAML, JSON, CSV, Excel), ``--set key=value`` pairs, merging.

Each data file becomes one template variable named after the file (:func:`data_name`)::

    data = load_data(["so_lieu.csv", "Thông tin chung.yaml"])
    data = merge(data, parse_set(["so=564", "nguoi_ky.ho_ten=Lê Minh Tân"]))

Every problem is reported as a :class:`~baocao.errors.DataError` saying what is wrong, where
(file and line, row, column or field) and how to fix it.  pandas is imported only when a CSV or
Excel file is actually loaded.

Data files come from other people, so what they make is capped before it is built
(:mod:`baocao.limits`): the file's size (``max_data_file``, also the unzipped size of an Excel
file), a table's rows × columns (``max_cells``, an Excel sheet measured by its non-empty cells
while it is streamed), the nesting of YAML and JSON (``max_depth``) and what YAML aliases expand
to (``max_cells``).  Each is a :class:`~baocao.limits.LimitError` naming the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import keyword
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import BaoCaoError, DataError
from .lazyre import compiled_later
from .limits import LimitError, env_name, limit

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SUPPORTED_EXTENSIONS", "check_columns", "data_name", "load_data", "load_file", "merge", "parse_set"]

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".yaml", ".yml", ".json", ".csv", ".xlsx")
"""File extensions :func:`load_data` reads (case-insensitive)."""

#: ``DataFrame.attrs`` key holding the data file a table was read from, so that a problem found
#: later (in a template) can name the file, the line and the column.
SOURCE = "baocao_nguon"

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF8_HINT = "mở tệp và lưu lại với bảng mã UTF-8: Excel — Lưu thành → CSV UTF-8; Notepad — Lưu thành → Mã hoá UTF-8"


# --------------------------------------------------------------------------------------------- YAML


def _vi(number: int) -> str:
    """``number`` with Vietnamese thousands dots: 1.048.576."""
    return f"{number:,}".replace(",", ".")


class YAMLLimitError(yaml.MarkedYAMLError):
    """YAML that passes a limit (nesting, alias expansion) or refers to itself, at its mark.

    A :class:`yaml.MarkedYAMLError`, so that a template's front matter reports it at the template's
    line; :func:`_load_yaml` turns it into a :class:`~baocao.limits.LimitError` naming the file."""

    def __init__(self, message: str, name: str | None, mark: yaml.Mark | None, hint: str | None = None):
        self.message, self.limit, self.hint = message, name, hint
        problem = str(LimitError(message, name)) if name else f"{message} ({hint})"
        super().__init__(problem=problem, problem_mark=mark)

    def error(self, shown: str) -> BaoCaoError:
        """The error for data file ``shown``, with the line."""
        where = f"{shown}:{self.problem_mark.line + 1}" if self.problem_mark else shown
        if self.limit:
            return LimitError(self.message, self.limit, where=where)
        return DataError(self.message, where=where, hint=self.hint)


def _mark(event: yaml.Event) -> yaml.Mark | None:
    """Where ``event`` starts: a :class:`yaml.Mark`, as the pure-Python parser of :class:`SafeLoader`
    makes them (the C parser's marks, which the stubs allow for, are another class)."""
    mark = event.start_mark
    return mark if isinstance(mark, yaml.Mark) else None


class SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, but an impossible date (``2020-02-30``) or an int too long for Python
    is an error at its line, and what hostile YAML could make is capped while it is composed:
    nesting at ``limit("max_depth")`` levels of lists and mappings, and the nodes reached through
    aliases (``*a``, a "billion laughs") at ``limit("max_cells")``; an alias inside its own anchor
    (a structure containing itself) is refused."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._max_depth, self._max_aliased = limit("max_depth"), limit("max_cells")
        self._depth = self._aliased = 0
        self._open: list[int] = []  # the size so far of each node being composed
        self._sizes: dict[int, int] = {}  # id(node) -> nodes in it, aliases expanded

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose one node, counting its nesting and its size with aliases expanded."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:
                raise YAMLLimitError(f"bí danh *{event.anchor} nằm trong chính neo &{event.anchor} của nó "
                                     "(dữ liệu chứa chính nó)", None, _mark(event),
                                     hint="bỏ bí danh đó hoặc chép giá trị ra")
            self._aliased += size
            if self._aliased > self._max_aliased:
                raise YAMLLimitError(f"các bí danh (*{event.anchor}…) nhân dữ liệu YAML lên hơn "
                                     f"{_vi(self._aliased)} nút", "max_cells", _mark(event))
        else:
            nested = isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent))
            self._depth += nested
            if self._depth > self._max_depth:
                raise YAMLLimitError(f"dữ liệu YAML lồng nhau quá {_vi(self._max_depth)} cấp", "max_depth",
                                     _mark(event))
            self._open.append(1)
            try:
                node = super().compose_node(parent, index)
            finally:
                size = self._open.pop()
                self._depth -= nested
            self._sizes[id(node)] = size
        if self._open:
            self._open[-1] += size
        return node

    def get_single_data(self) -> Any:
        """The document; too deep for Python (past a raised ``max_depth``, merge keys ``<<`` chained
        through many anchors) is an error, not a RecursionError."""
        try:
            return super().get_single_data()
        except RecursionError:
            raise YAMLLimitError("dữ liệu YAML lồng nhau quá sâu để đọc", None, None,
                                 hint="giảm số cấp lồng nhau hoặc số neo (&) nối tiếp nhau qua '<<'") from None


def _construct_timestamp(loader: SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, f"ngày {node.value!r} không có thật ({exc})",
                                                node.start_mark) from None


#: What YAML 1.1 reads as a number but a person typed as text: a leading zero ("0564" would be the
#: octal 372, "0123" a code losing its zero), a colon ("12:30" would be 750, base 60), 0x / 0b.
_TYPED_AS_TEXT = compiled_later(r"[-+]?(?:0[0-9_]+|0[xXbB][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)")


def _as_typed(loader: SafeLoader, node: yaml.Node) -> Any:
    """The scalar as the text typed, through the loader's own string constructor."""
    return loader.yaml_constructors["tag:yaml.org,2002:str"](loader, node)


def _construct_int(loader: SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node.value, str) and _TYPED_AS_TEXT.fullmatch(node.value.strip()):
        return _as_typed(loader, node)
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)  # type: ignore[arg-type]
    except ValueError:  # more than the 4,300 digits Python turns into an int
        raise yaml.constructor.ConstructorError(None, None, f"số quá dài ({len(node.value)} chữ số)",
                                                node.start_mark) from None


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
SafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _construct_float(loader: SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node.value, str) and ":" in node.value:  # "1:30.5": base 60 in YAML 1.1, text here
        return _as_typed(loader, node)
    return yaml.SafeLoader.construct_yaml_float(loader, node)  # type: ignore[arg-type]


SafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def control_character(exc: yaml.reader.ReaderError, text: str) -> tuple[str, int]:
    """The message and the 1-based line (in ``text``) of a character YAML cannot hold."""
    line = text.count("\n", 0, exc.position) + 1
    return f"có ký tự điều khiển U+{exc.character:04X} (không được phép trong YAML)", line


# --------------------------------------------------------------------------------------------- names

def _fold(text: str) -> str:
    """``text`` without Vietnamese diacritics (đ → d), lower-case."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def data_name(stem: str) -> str:
    """The template variable name for a data file stem: a valid, lower-case ASCII identifier.

    Diacritics are removed (đ → d), every run of other characters becomes one ``_``, a leading
    digit gets a ``_`` in front and a Python keyword a ``_`` behind.

    >>> data_name("Số liệu 2020")
    'so_lieu_2020'
    >>> data_name("Đơn vị - Phòng ban")
    'don_vi_phong_ban'
    >>> data_name("2020 báo cáo")
    '_2020_bao_cao'
    >>> data_name("class")
    'class_'
    """
    name = re.sub(r"[^a-z0-9]+", "_", _fold(stem)).strip("_")
    if not name:
        raise DataError(f"không tạo được tên biến từ tên tệp {stem!r}", where=stem,
                        hint="đổi tên tệp để có ít nhất một chữ cái hoặc chữ số, ví dụ so_lieu.csv")
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


# --------------------------------------------------------------------------------------------- files

def load_data(paths: Sequence[str | os.PathLike[str]], *, lazy: bool = False) -> dict[str, Any]:
    """Read every data file into one dict, each under its :func:`data_name`.

    ``.yaml``/``.yml`` and ``.json`` give their top-level mapping or list, ``.csv`` a
    ``pandas.DataFrame`` and ``.xlsx`` the DataFrame of its first sheet.

    Names a template can use besides the files' own:

    - each key of a YAML/JSON mapping that is a valid name, as the file's ``ho_so`` is also
      ``ho_so`` (``data.yaml`` holding ``ho_so: 1200`` gives ``data.ho_so`` and ``ho_so``);
    - each sheet of an Excel file with several, as ``<file>_<sheet>`` (``tong_hop.xlsx`` with
      sheets "Số liệu" and "Ghi chú": ``tong_hop`` is "Số liệu", ``tong_hop_so_lieu`` and
      ``tong_hop_ghi_chu`` each sheet).

    A key named like its own file stays reachable only through the file. Raises
    :class:`DataError` for a missing or unreadable file, an unknown extension, a syntax error,
    or two files (or a file and a key, or keys of two files) that would give the same name —
    naming both. ``lazy``: a CSV file pandas is not needed to read is a :class:`CsvTable` (for
    :func:`baocao.render`, which makes it a DataFrame when the template needs one).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    data: dict[str, Any] = {}
    origin: dict[str, str] = {}

    def put(name: str, value: Any, where: str) -> None:
        if name in origin:
            raise DataError(f"hai nguồn dữ liệu cùng cho tên biến '{name}': {origin[name]} và {where}",
                            where=where, hint="đổi tên tệp, trang tính hay khoá ở một trong hai nơi "
                                              "(tên biến lấy từ tên tệp, bỏ dấu và phần mở rộng)")
        data[name] = value
        origin[name] = where

    files: list[tuple[str, str, Any, dict[str, Any]]] = []
    for raw in paths:
        path = Path(raw)
        shown = os.fspath(raw)
        try:
            name = data_name(path.stem)
        except DataError as exc:
            raise DataError(exc.message, where=shown, hint=exc.hint) from None
        value = _load_file(path, shown, lazy=lazy)
        sheets: dict[str, Any] = {}
        if isinstance(value, _Sheets):
            sheets, value = dict(value), next(iter(value.values()))
        put(name, value, shown)
        files.append((name, shown, value, sheets))
    for name, shown, _value, sheets in files:
        for sheet, frame in sheets.items():
            put(f"{name}_{data_name(sheet)}", frame, f"{shown} [trang tính {sheet}]")
    for name, shown, value, _sheets in files:
        if isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(key) and key != name:
                    put(key, item, f"{shown} (khoá {key})")
    return data


class _Sheets(dict):
    """The sheets of an Excel file with several, by name, in the workbook's order."""


def load_file(path: str | os.PathLike[str]) -> Any:
    """The content of one data file as :func:`load_data` reads it, but an Excel file with several
    sheets gives a dict of its sheets (by name, in the workbook's order)."""
    try:
        data_name(Path(path).stem)
    except DataError as exc:
        raise DataError(exc.message, where=os.fspath(path), hint=exc.hint) from None
    return _load_file(Path(path), os.fspath(path))


def _load_file(path: Path, shown: str, *, lazy: bool = False) -> Any:
    """The content of one data file, by its extension."""
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        hint = "các định dạng được hỗ trợ: " + ", ".join(SUPPORTED_EXTENSIONS)
        if ext in (".xls", ".ods", ".xlsm"):
            hint = "mở bằng Excel/LibreOffice và lưu lại thành .xlsx hoặc .csv; " + hint
        what = f"'{ext}'" if ext else "(không có phần mở rộng)"
        raise DataError(f"không đọc được định dạng tệp {what}", where=shown, hint=hint)
    if not path.exists():
        raise DataError("không tìm thấy tệp dữ liệu", where=shown,
                        hint="kiểm tra tên và đường dẫn tệp; đường dẫn tương đối tính từ thư mục đang chạy lệnh")
    if path.is_dir():
        raise DataError("đây là một thư mục, không phải tệp dữ liệu", where=shown,
                        hint="chỉ ra từng tệp, ví dụ " + os.path.join(shown, "so_lieu.csv"))
    try:
        _check_size(path.stat().st_size, shown)
    except OSError as exc:
        raise DataError(f"không đọc được tệp: {exc.strerror or exc}", where=shown,
                        hint="kiểm tra quyền đọc tệp và đóng tệp nếu đang mở ở chương trình khác") from exc
    if ext == ".xlsx":
        return _load_xlsx(path, shown)
    text = _read_text(path, shown)
    if ext == ".csv":
        if lazy and len(text) < _LAZY_CSV and _maybe_plain(text):
            _check_csv_cells(text, ",", shown)  # what _load_csv checks first, at the same time
            return CsvTable(text, shown)
        return _load_csv(text, shown)
    if ext == ".json":
        return _top_level(_load_json(text, shown), shown)
    return _top_level(_load_yaml(text, shown), shown)


_LAZY_CSV = 64 << 20  # characters: a bigger CSV goes to pandas' C reader


def _check_size(size: int, shown: str, what: str = "tệp dữ liệu nặng") -> None:
    """A :class:`LimitError` if ``size`` bytes pass ``limit("max_data_file")``."""
    if size > limit("max_data_file"):
        raise LimitError(f"{what} {_vi(size)} byte", "max_data_file", where=shown)


def _read_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, reading no more than the ``max_data_file`` limit (a file that grows, or a
    device, is still capped)."""
    try:
        with path.open("rb") as file:
            raw = file.read(limit("max_data_file") + 1)
    except OSError as exc:
        raise DataError(f"không đọc được tệp: {exc.strerror or exc}", where=shown,
                        hint="kiểm tra quyền đọc tệp và đóng tệp nếu đang mở ở chương trình khác") from exc
    if len(raw) > limit("max_data_file"):
        raise LimitError(f"tệp dữ liệu nặng hơn {_vi(limit('max_data_file'))} byte", "max_data_file", where=shown)
    return raw


def _read_text(path: Path, shown: str) -> str:
    """The file decoded as UTF-8 (a BOM is accepted); a :class:`DataError` if it is not UTF-8."""
    raw = _read_bytes(path, shown)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("tệp được lưu bằng bảng mã UTF-16, không phải UTF-8", where=shown, hint=_UTF8_HINT)
    skip = len(_UTF8_BOM) if raw.startswith(_UTF8_BOM) else 0
    try:
        return raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = raw.count(b"\n", 0, offset) + 1
        column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        raise DataError(
            f"tệp không phải UTF-8: byte 0x{raw[offset]:02X} ở vị trí {offset} (dòng {line}, byte thứ {column} "
            "của dòng) không hợp lệ — có lẽ tệp được lưu bằng bảng mã Windows-1258, TCVN3 hoặc ANSI",
            where=f"{shown}:{line}", hint=_UTF8_HINT) from exc


def _top_level(value: Any, shown: str) -> Any:
    """Accept a mapping or a list at the top level of a YAML/JSON file."""
    if isinstance(value, (dict, list)):
        return value
    if value is None:
        raise DataError("tệp dữ liệu rỗng", where=shown, hint="ghi dữ liệu dạng 'khoa: gia_tri', mỗi dòng một khoá")
    raise DataError(f"cấp ngoài cùng của tệp phải là một bảng khoá–giá trị hoặc một danh sách, "
                    f"không phải {type(value).__name__} ({value!r})", where=shown,
                    hint="ghi dữ liệu dạng 'khoa: gia_tri' hoặc danh sách '- phan_tu'")


def _load_yaml(text: str, shown: str) -> Any:
    try:
        return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a SafeLoader subclass
    except YAMLLimitError as exc:
        raise exc.error(shown) from None
    except yaml.reader.ReaderError as exc:
        message, line = control_character(exc, text)
        raise DataError(f"tệp YAML {message}", where=f"{shown}:{line}",
                        hint="xoá ký tự đó, hoặc viết nó trong ngoặc kép dạng \"\\x1b\"") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        problem = exc.problem or exc.context or "cú pháp không hợp lệ"
        if isinstance(exc, yaml.constructor.ConstructorError) and problem.startswith(("ngày", "số quá dài")):
            raise DataError(f"giá trị không hợp lệ trong tệp YAML: {problem}", where=where,
                            hint="sửa giá trị, hoặc đặt nó trong ngoặc kép để đọc như chuỗi") from None
        context = f" ({exc.context} ở dòng {exc.context_mark.line + 1})" if exc.context and exc.context_mark else ""
        hint = ("thụt lề bằng dấu cách, không dùng tab" if "\\t" in problem else
                "kiểm tra thụt lề chỉ bằng dấu cách, dấu ':' sau mỗi khoá, ngoặc đóng/mở; "
                "đặt giá trị có ':' hoặc '#' trong ngoặc kép")
        raise DataError(f"lỗi cú pháp YAML: {problem}{context}", where=where, hint=hint) from exc
    except yaml.YAMLError as exc:
        raise DataError(f"lỗi YAML: {exc}", where=shown) from exc
    except (ValueError, TypeError) as exc:  # e.g. 2020-02-30 read as a date
        raise DataError(f"giá trị không hợp lệ trong tệp YAML: {exc}", where=shown,
                        hint="sửa giá trị, hoặc đặt nó trong ngoặc kép để đọc như chuỗi") from exc


def _json_int(text: str) -> int | Any:
    """An integer from JSON; past the 4,300 digits Python turns into an int, a Decimal."""
    try:
        return int(text)
    except ValueError:
        from decimal import Decimal

        return Decimal(text)


#: A JSON string (its closing quote may be missing: the scan stays linear on broken text).
_JSON_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"?'
_JSON_STRINGS = re.compile(_JSON_STRING, re.DOTALL)
#: ``bytes.translate`` arguments keeping only the brackets, ``{}`` as ``[]``.
_JSON_BRACKETS = bytes.maketrans(b"{}", b"[]"), bytes(set(range(256)) - set(b"[]{}"))
#: One token of the scan that finds the line: a run of text and strings, of ``[``/``{`` or of ``]``/``}``.
_JSON_RUNS = compiled_later(rf"(?:[^\"\[\]{{}}]+|{_JSON_STRING})+|[\[{{]+|[\]}}]+", re.DOTALL)


def _json_too_deep(text: str, most: int) -> bool:
    """Whether lists and objects in ``text`` nest deeper than ``most``, brackets in strings aside:
    the text is cut down to its brackets, then the innermost pairs are removed, one level a pass."""
    if text.count("[") + text.count("{") <= most:
        return False
    brackets = _JSON_STRINGS.sub("", text).encode("utf-8", "ignore").translate(*_JSON_BRACKETS)
    for _ in range(most):
        if b"[]" not in brackets:
            break
        brackets = brackets.replace(b"[]", b"")
    return b"[]" in brackets or brackets.count(b"[") > most  # deeper, or more left open


def _check_json_depth(text: str, shown: str) -> None:
    """A :class:`LimitError` at its line and column if lists and objects in ``text`` nest deeper
    than ``limit("max_depth")``; checked on the text, before :func:`json.loads` recurses into it."""
    most = limit("max_depth")
    if not _json_too_deep(text, most):
        return
    where, depth = shown, 0
    for count, match in enumerate(_JSON_RUNS.finditer(text)):
        if count > 2_000_000:  # a second or so: past that, a huge file is named without its line
            break
        start, end = match.span()
        if text[start] in "[{":
            if depth + end - start > most:
                position = start + most - depth  # the first bracket past the limit
                line = text.count("\n", 0, position) + 1
                where = f"{shown}:{line}:{position - text.rfind(chr(10), 0, position)}"
                break
            depth += end - start
        elif text[start] in "]}":
            depth -= end - start
    raise LimitError(f"dữ liệu JSON lồng nhau quá {_vi(most)} cấp", "max_depth", where=where)


def _load_json(text: str, shown: str) -> Any:
    _check_json_depth(text, shown)
    try:
        return json.loads(text, parse_int=_json_int)
    except RecursionError:  # only past a max_depth raised beyond what Python can recurse
        raise DataError("dữ liệu JSON lồng nhau quá sâu để đọc", where=shown,
                        hint="giảm số cấp lồng nhau của danh sách [...] và đối tượng {...}") from None
    except json.JSONDecodeError as exc:
        if not text.strip():
            raise DataError("tệp dữ liệu rỗng", where=shown, hint='ghi dữ liệu dạng {"khoa": "gia_tri"}') from exc
        raise DataError(f"lỗi cú pháp JSON: {exc.msg}", where=f"{shown}:{exc.lineno}:{exc.colno}",
                        hint="kiểm tra dấu phẩy, ngoặc và ngoặc kép; JSON không cho phép dấu phẩy thừa ở cuối "
                             "hay chú thích, chuỗi phải dùng ngoặc kép \"...\"") from exc


def _physical_line(text: str, record: int) -> int:
    """The line of ``text`` on which CSV record ``record`` (1-based, blank lines count) starts."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for number, _row in enumerate(reader, 1):
            if number == record:
                return start
            start = reader.line_num + 1
    except csv.Error:
        pass
    return record


def _load_csv(text: str, shown: str) -> pd.DataFrame:
    """A CSV file: comma-separated, or semicolon-separated with decimal commas (as Excel
    saves it under Vietnamese settings)."""
    import pandas as pd

    if not text.strip():
        raise DataError("tệp CSV rỗng", where=shown,
                        hint="dòng đầu tiên phải là tên các cột, ngăn cách bằng dấu phẩy, ví dụ: ten,so_luong")
    header = text.lstrip().split("\n", 1)[0]
    # Excel with Vietnamese regional settings saves "a;b" with decimal commas (1.234,5)
    semicolons = header.count(";") > header.count(",")
    _check_csv_cells(text, ";" if semicolons else ",", shown)
    try:
        if not _suspect(text, ";" if semicolons else ","):  # the common case, fast
            fast: dict[str, Any] = {"sep": ";", "decimal": ",", "thousands": "."} if semicolons else {}
            return _tag(pd.read_csv(io.StringIO(text), **fast), shown)
        # a value pandas would misread as a number: as text first, numbers only when every value is one
        as_text: dict[str, Any] = {"sep": ";" if semicolons else ",", "dtype": str}
        return _tag(_numbers_of(pd.read_csv(io.StringIO(text), **as_text), semicolons), shown)
    except pd.errors.EmptyDataError as exc:
        raise DataError("tệp CSV không có cột nào", where=shown,
                        hint="dòng đầu tiên phải là tên các cột, ngăn cách bằng dấu phẩy") from exc
    except pd.errors.ParserError as exc:
        message = str(exc)
        fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
        if fields:
            expected, record, saw = (int(g) for g in fields.groups())
            line = _physical_line(text, record)
            raise DataError(f"dòng {line} có {saw} trường nhưng dòng tiêu đề chỉ có {expected} cột",
                            where=f"{shown}:{line}",
                            hint="bỏ dấu phẩy thừa, hoặc đặt giá trị có dấu phẩy trong ngoặc kép, "
                                 'ví dụ "Hà Nội, Việt Nam"') from exc
        quote = re.search(r"EOF inside string starting at row (\d+)", message)
        if quote:
            line = _physical_line(text, int(quote.group(1)) + 1)
            raise DataError(f"dấu ngoặc kép mở ở dòng {line} không được đóng", where=f"{shown}:{line}",
                            hint='thêm dấu " đóng; dấu " bên trong giá trị phải viết thành ""') from exc
        number = re.search(r"(?:line|row) (\d+)", message)
        where = f"{shown}:{number.group(1)}" if number else shown
        raise DataError(f"không đọc được tệp CSV: {message}", where=where,
                        hint="kiểm tra dấu phẩy và ngoặc kép ở dòng đó") from exc


class CsvTable:
    """A CSV file read and checked (size, cells), not parsed yet: what the command line and a
    template folder give a template, so that a template that only lays the table out with
    ``table()`` never imports pandas. :func:`baocao.render` decides before rendering, from the
    templates it can reach: :meth:`rows` when the name is only ever ``table(name, …)`` and the
    file is plain enough to be read the way pandas reads it, else :meth:`frame`."""

    __slots__ = ("_frame", "shown", "text")

    def __init__(self, text: str, shown: str) -> None:
        self.text, self.shown = text, shown
        self._frame: pd.DataFrame | None = None

    def rows(self) -> list[list[Any]] | None:
        """The header and the rows, each value as pandas would read it; None when that is not
        certain without pandas (see :func:`_plain_csv_rows`)."""
        return _plain_csv_rows(self.text)

    def frame(self) -> pd.DataFrame:
        """The DataFrame :func:`load_data` gives for the file (read once, then shared, as a
        DataFrame from :func:`load_data` is shared by the units of a batch)."""
        if self._frame is None:
            self._frame = _load_csv(self.text, self.shown)
        return self._frame


#: Values pandas reads as missing (``na_values`` by default), compared in lower case: left to pandas.
_PANDAS_MISSING = frozenset(v.lower() for v in (
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
    "NULL", "NaN", "None", "n/a", "nan", "null"))
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")  # below 10**18: an int64; ASCII digits only
_PLAIN_FLOAT = re.compile(r"(?=-?[0-9.]{1,16}$)-?(?:0|[1-9][0-9]*)\.[0-9]+")  # at most 15 digits: read exactly
#: A comma CSV whose quotes are all whole quoted fields ("Hà Nội, Việt Nam", "a ""b"""): read the
#: same by the csv module and by pandas.
_CLEAN_QUOTES = re.compile(r'(?:(?:"(?:[^"]|"")*"|[^,"\n]*)(?:,|\n|$))*')
#: pandas reads a big file in chunks of this many rows and guesses each chunk's types alone.
_PANDAS_CHUNK = 1 << 18


def _plain_csv_rows(text: str) -> list[list[Any]] | None:
    """The header and rows of a comma CSV with the values pandas would read (int, float, str),
    when that is certain without pandas: quotes only around whole fields, no blank or missing
    values, no booleans, numbers written plainly (-12, 98.5), every row as long as the header,
    header names unique and not blank. None otherwise (pandas reads the file)."""
    if not _maybe_plain(text) or _suspect(text, ","):
        return None  # a semicolon CSV, or a code with a leading zero: as pandas' path reads them
    if '"' in text:
        if not _CLEAN_QUOTES.fullmatch(text):
            return None
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error:
            return None
    else:
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        records = [line.split(",") for line in lines]
    if not records or any(not r or not "".join(r).strip() for r in records):  # blank lines: pandas skips them
        return None
    header, rows = records[0], records[1:]
    if len(set(header)) != len(header) or any(not h.strip() for h in header):
        return None
    if not rows or len(rows) > _PANDAS_CHUNK or any(len(r) != len(header) for r in rows):
        return None
    columns: list[list[Any]] = []
    for values in zip(*rows):
        if any(v.lower() in _PANDAS_MISSING or v.lower() in ("true", "false") for v in values):
            return None  # missing values and booleans (any case): pandas' own reading
        if all(_PLAIN_INT.fullmatch(v) for v in values):
            columns.append([int(v) for v in values])
            continue
        numeric = [_PLAIN_INT.fullmatch(v) or _PLAIN_FLOAT.fullmatch(v) for v in values]
        if all(numeric):
            columns.append([float(v) for v in values])
            continue
        for v, plain in zip(values, numeric):
            if not plain and _looks_numeric(v):
                return None  # "1e5", " 7", "+3", "inf", "1_000": pandas' own reading decides
        columns.append(list(values))
    return [header, *(list(r) for r in zip(*columns))]


def _maybe_plain(text: str) -> bool:
    """A cheap first look: a comma CSV without carriage returns or BOMs, that
    :func:`_plain_csv_rows` may read (it says for sure)."""
    if not text.strip() or "\r" in text or "\ufeff" in text:
        return False
    first = text.split("\n", 1)[0]
    return first.count(";") <= first.count(",")


def _looks_numeric(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return value.strip().lower().lstrip("+-") in ("inf", "infinity", "nan")
    return True


#: A whole field of digits that starts with a zero ("0123": a code, whose zero a number would lose):
#: each pattern starts with a literal, which the regular expression engine finds fast.
_LEADING_ZERO = {sep: [compiled_later(p.replace("S", sep)) for p in (
    r'S0\d+[ \t]*(?=[S\r\n]|$)', r'S"0\d+"', r'\n0\d+[ \t]*(?=[S\r\n]|$)', r'\n"0\d+"',
    r'S 0\d+[ \t]*(?=[S\r\n]|$)')] for sep in ",;"}
#: In a semicolon CSV, a dot between digits that is no thousands separator ("06.03.2019", "1.5"),
#: which pandas' thousands="." would drop.
_NOT_THOUSANDS = compiled_later(r"\.(?<=\d\.)(?=\d)(?!\d{3}(?!\d))")


def _suspect(text: str, sep: str) -> bool:
    """Whether pandas' own reading of the CSV could change a value: a field typed with a leading
    zero, or (semicolon CSV) a dot that is no thousands separator."""
    if any(p.search("\n" + text[:200]) or p.search(text) for p in _LEADING_ZERO[sep]):
        return True
    return sep == ";" and _NOT_THOUSANDS.search(text) is not None


#: Thousands with dots and a decimal comma, as a semicolon CSV of Vietnamese Excel writes them.
_VN_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def _numbers_of(df: pd.DataFrame, vietnamese: bool) -> pd.DataFrame:
    """The columns of a CSV read as text, numbers where every value of the column is one: a
    date "06.03.2019" stays text (not 6.032.019), and so does a code with a leading zero
    ("0123"), which a number would lose. Vectorised: a regular expression only looks at the
    values with a dot of a semicolon CSV."""
    import pandas as pd

    for name in df.columns:
        text = df[name].str.strip()
        blank = text.isna() | (text == "")
        if bool(blank.all()):
            continue
        if vietnamese:
            dotted = text.str.contains(".", regex=False, na=False)
            if bool(dotted.any()) and not bool(text[dotted].str.fullmatch(_VN_THOUSANDS).all()):
                continue  # "06.03.2019", "1.5": not the Vietnamese way of writing a number
            candidate = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        else:
            candidate = text
        numbers = pd.to_numeric(candidate.where(~blank), errors="coerce")
        if bool(numbers[~blank].isna().any()):
            continue  # a value that is no number: the column is text
        lead = (text.str.len() > 1) & (text.str[:1] == "0") & text.str[1:2].str.isdigit()
        if bool(lead.fillna(False).any()):
            continue  # "0123": a code, whose zero a number would lose
        df[name] = numbers
    return df


def _check_csv_cells(text: str, sep: str, shown: str) -> None:
    """A :class:`LimitError` if the table in ``text`` has more rows (header included) × columns
    than ``limit("max_cells")``; counted before pandas builds it. The columns are the header's;
    the rows are the lines, counted exactly (quoted values over several lines, blank lines) only
    when the lines alone would pass the limit."""
    most = limit("max_cells")

    def refuse(rows: int, columns: int) -> None:
        raise LimitError(f"bảng có {_vi(rows)} hàng × {_vi(columns)} cột = {_vi(rows * columns)} ô", "max_cells",
                         where=shown)

    header = text.lstrip().split("\n", 1)[0]
    columns = header.count(sep) + 1
    if columns > most:
        refuse(1, columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        columns = len(next(row for row in reader if row))
    except (csv.Error, StopIteration):
        pass
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines * columns <= most:
        return
    rows = 1
    try:
        for row in reader:
            rows += bool(row)
            if rows * columns > most:
                break
    except csv.Error:  # a value longer than the csv module reads: count the lines
        rows = lines
    if rows * columns > most:
        refuse(rows, columns)


def _check_unzipped(path: Path, shown: str) -> None:
    """A :class:`LimitError` if the parts of the Excel file (a zip) unzip to more than the
    ``max_data_file`` limit: a zip bomb. The sizes come from the zip's directory; a part that
    unzips to more than its stated size fails its check as it is read. A file that is not a zip is
    left to openpyxl to report."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    _check_size(size, shown, "tệp Excel giải nén ra")


def _cell_value(cell: Mapping[str, Any]) -> Any:
    """A cell as openpyxl's parser gives it, converted as pandas' ``read_excel`` does: empty is
    ``""``, an error (``#N/A``) NaN, a whole number an int."""
    value = cell["value"]
    if value is None:
        return ""
    if cell["data_type"] == "e":
        return float("nan")
    if cell["data_type"] == "n":
        whole = int(value)
        return whole if whole == value else float(value)
    return value


def _sheet_rows(book: Any, sheet: Any, shown: str) -> list[list[Any]]:
    """The rows of ``sheet`` up to its last non-empty row and column, as pandas' ``read_excel``
    makes them before reading the header and the types, streamed from the sheet's XML so that
    nothing outside the non-empty cells is built. The ``<dimension>`` the file states is ignored;
    a :class:`LimitError` as soon as rows × columns pass ``limit("max_cells")``."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    most = limit("max_cells")
    data: list[list[Any]] = []
    width = last = 0
    with sheet._get_source() as source:  # what openpyxl's read-only sheet iterates, without padding
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for index, cells in parser.parse():
            if index <= last:  # a row out of order: openpyxl (and so pandas) skips it
                continue
            last = index
            row: list[Any] = []
            for cell in cells:
                value = _cell_value(cell)
                if isinstance(value, str) and value == "":
                    continue
                column = cell["column"]
                if index * max(width, column) > most:
                    rows, columns = index, max(width, column)
                    raise LimitError(
                        f"trang tính '{sheet.title}' có dữ liệu đến ô {get_column_letter(column)}{index}: "
                        f"{_vi(rows)} hàng × {_vi(columns)} cột = {_vi(rows * columns)} ô", "max_cells",
                        where=f"{shown} [{sheet.title}]",
                        hint="xoá các ô có dữ liệu ở xa bảng (Ctrl+End trong Excel cho biết ô cuối cùng); "
                             f"nếu đúng là cần lớn hơn, đặt biến môi trường {env_name('max_cells')}=…")
                width = max(width, column)
                row.extend([""] * (column - len(row)))
                row[column - 1] = value
            if row:
                data.extend([] for _ in range(index - 1 - len(data)))
                data.append(row)
    for row in data:
        row.extend([""] * (width - len(row)))
    return data


def _sheet_frame(rows: list[list[Any]]) -> pd.DataFrame:
    """The DataFrame pandas' ``read_excel`` makes from ``rows`` (header on the first row)."""
    import pandas as pd
    from pandas.errors import EmptyDataError
    from pandas.io.parsers import TextParser  # type: ignore[attr-defined]  # pandas-stubs lacks TextParser

    if not rows:
        return pd.DataFrame()
    try:
        return TextParser(rows, header=0, skip_blank_lines=False).read()
    except EmptyDataError:
        return pd.DataFrame()


def _read_sheets(path: Path, shown: str) -> dict[str, pd.DataFrame]:
    """Every worksheet of an Excel file as pandas' ``read_excel(sheet_name=None)`` reads it,
    within the limits."""
    from openpyxl import load_workbook

    _check_unzipped(path, shown)
    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        return {sheet.title: _sheet_frame(_sheet_rows(book, sheet, shown)) for sheet in book.worksheets}
    finally:
        book.close()


def _load_xlsx(path: Path, shown: str) -> pd.DataFrame | _Sheets:
    try:
        sheets = _read_sheets(path, shown)
    except BaoCaoError:
        raise
    except ImportError as exc:
        raise DataError(f"cần thư viện openpyxl để đọc tệp Excel: {exc}", where=shown,
                        hint="cài bằng: pip install openpyxl") from exc
    except PermissionError as exc:
        raise DataError("không mở được tệp Excel: không có quyền đọc", where=shown,
                        hint="đóng tệp nếu đang mở trong Excel và kiểm tra quyền đọc") from exc
    except Exception as exc:  # zipfile.BadZipFile, openpyxl's InvalidFileException, KeyError… on a damaged file
        raise DataError(f"tệp Excel bị hỏng hoặc không phải định dạng .xlsx — {type(exc).__name__}: {exc}",
                        where=shown, hint="mở tệp bằng Excel/LibreOffice và lưu lại dạng Excel Workbook .xlsx, "
                                          "hoặc xuất ra .csv UTF-8") from exc
    if len(sheets) == 1:
        return _tag(next(iter(sheets.values())), shown)
    return _Sheets({name: _tag(sheet, f"{shown} [{name}]") for name, sheet in sheets.items()})


def _tag(df: pd.DataFrame, shown: str) -> pd.DataFrame:
    df.attrs[SOURCE] = shown
    return df


def _csv_line(path: Path, row: int) -> int | None:
    """The line of ``path`` on which data row ``row`` (0-based, after the header) starts, reading
    the file as :func:`_load_csv` does (blank lines skipped, quoted fields over several lines)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    header = text.lstrip().split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if header.count(";") > header.count(",") else ",")
    records = -1  # the header is record -1
    start = 1
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                if records == row:
                    return start
                records += 1
            start = reader.line_num + 1
    except csv.Error:
        return None
    return None


def cell_where(df: pd.DataFrame, label: Any, column: Any) -> str:
    """Where a cell of a table read from a file is: ``so_lieu.csv:3, cột 'so'`` (the file's line;
    the sheet's row for Excel). ``label`` is the row's index label, which is the row's position
    in the file for a table as :func:`load_data` read it (or filtered from it)."""
    source = df.attrs.get(SOURCE)
    if not source or not isinstance(label, int):
        return f"hàng {label}, cột '{column}'"
    path = Path(source.split(" [", 1)[0])
    line = _csv_line(path, label) if path.suffix.lower() == ".csv" else label + 2
    return f"{source}:{line}, cột '{column}'" if line else f"{source}, hàng {label + 1}, cột '{column}'"


def _is_number_text(value: object) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def suspect_cell(values: Iterable[Any], *, missing: bool, text: str | None = None) -> str | None:
    """Where the data behind a number that could not be written most likely is: among the tables
    in ``values`` read from files, the first empty cell of a number column (``missing``), else the
    cell holding ``text`` or the first text cell of a column that otherwise holds numbers."""
    import pandas as pd

    frames = [v for v in values if isinstance(v, pd.DataFrame) and v.attrs.get(SOURCE)]
    for df in frames:
        for column in df.columns:
            series = df[column]
            if missing:
                if pd.api.types.is_numeric_dtype(series) and series.isna().any():
                    return cell_where(df, series.index[series.isna().to_numpy()][0], column)
                continue
            if pd.api.types.is_numeric_dtype(series):
                continue
            if text is not None:
                hits = series.index[(series.astype(str) == text).to_numpy()]
                if len(hits):
                    return f"{cell_where(df, hits[0], column)} ({text!r})"
            present = series.dropna()
            numbers = present.map(_is_number_text)
            if numbers.any() and not numbers.all():
                label = present.index[(~numbers).to_numpy()][0]
                return f"{cell_where(df, label, column)} ({str(present[label])!r})"
    return None


# --------------------------------------------------------------------------------------------- --set

_NULLS = frozenset({"~", "null", "Null", "NULL"})
_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})
_DECIMAL = compiled_later(r"[-+]?(?:0|[1-9][0-9_]*)")


def _scalar(text: str) -> Any:
    """``text`` read as a YAML scalar: int, float, true/false, date, null or quoted string.

    Anything else — unquoted text, YAML 1.1 surprises such as ``0123`` (octal), ``12:30``
    (base 60) or ``yes``, and values YAML cannot parse — stays the raw string.
    """
    stripped = text.strip()
    if not stripped:
        return ""
    try:
        value = yaml.load(stripped, Loader=SafeLoader)  # noqa: S506 - a SafeLoader subclass, with its limits
    except (yaml.YAMLError, ValueError, TypeError):
        return text
    if isinstance(value, str):
        return value if stripped[0] in "'\"" else text
    if value is None:
        return None if stripped in _NULLS else text
    if isinstance(value, bool):
        return value if stripped in _BOOLS else text
    if isinstance(value, int):
        return value if _DECIMAL.fullmatch(stripped) else text
    if isinstance(value, float):
        return value if ":" not in stripped else text
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, list) and stripped[0] == "[" and stripped[-1] == "]":
        return value  # a list written in brackets: noi_nhan=[Sở Tài chính, Sở Nội vụ], ngay=[2021, 12]
    return text  # a mapping, or text such as "Báo cáo: kết quả" (not {"Báo cáo": "kết quả"})


def parse_set(items: Sequence[str]) -> dict[str, Any]:
    """``key=value`` pairs (from ``--set``) as a nested dict; later pairs win.

    The value is read as a YAML scalar, or a list in brackets; a dotted key makes nested dicts.

    >>> parse_set(["so=564", "ngay=2020-12-29", "in_dau=true", "ky_hieu='564'"])
    {'so': 564, 'ngay': datetime.date(2020, 12, 29), 'in_dau': True, 'ky_hieu': '564'}
    >>> parse_set(["nguoi_ky.ho_ten=Lê Minh Tân", "nguoi_ky.chuc_vu=Giám đốc"])
    {'nguoi_ky': {'ho_ten': 'Lê Minh Tân', 'chuc_vu': 'Giám đốc'}}
    >>> parse_set(["trich_yeu=Báo cáo: kết quả năm 2020", "ma=0123", "ghi_chu="])
    {'trich_yeu': 'Báo cáo: kết quả năm 2020', 'ma': '0123', 'ghi_chu': ''}
    >>> parse_set(["noi_nhan=[Sở Tài chính, Sở Nội vụ]", "ngay=[2021, 12]", "ghi_chu=[tạm] bản nháp"])
    {'noi_nhan': ['Sở Tài chính', 'Sở Nội vụ'], 'ngay': [2021, 12], 'ghi_chu': '[tạm] bản nháp'}
    """
    if isinstance(items, str):
        items = [items]
    result: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        parts = key.split(".")
        if not sep or not key or not all(part.strip() for part in parts):
            problem = ("thiếu dấu '='" if not sep else "thiếu tên khoá trước dấu '='" if not key
                       else f"khoá '{key}' có phần rỗng giữa các dấu chấm")
            raise DataError(f"giá trị --set {item!r} không hợp lệ: {problem}", where=f"--set {item}",
                            hint="viết dạng khoa=gia_tri, ví dụ --set so=564 hoặc --set 'nguoi_ky.ho_ten=Lê Minh Tân'")
        nested: Any = _scalar(value)
        for part in reversed(parts):
            nested = {part.strip(): nested}
        result = merge(result, nested)
    return result


# --------------------------------------------------------------------------------------------- merge

def _copy_dicts(value: Any) -> Any:
    """``value`` with every nested mapping copied into a new dict (other values shared)."""
    if isinstance(value, Mapping):
        return {key: _copy_dicts(item) for key, item in value.items()}
    return value


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """A new dict: ``base`` deep-merged with ``override``; ``override`` wins, nested dicts merge.

    Neither argument is changed.

    >>> merge({"so": 1, "nguoi_ky": {"ho_ten": "A", "chuc_vu": "Giám đốc"}}, {"nguoi_ky": {"ho_ten": "B"}})
    {'so': 1, 'nguoi_ky': {'ho_ten': 'B', 'chuc_vu': 'Giám đốc'}}
    >>> merge({"a": {"b": 1}}, {"a": 2})
    {'a': 2}
    """
    result: dict[str, Any] = _copy_dicts(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merge(result[key], value)
        else:
            result[key] = _copy_dicts(value)
    return result


# --------------------------------------------------------------------------------------------- columns

def check_columns(df: pd.DataFrame, required: Iterable[str], *, source: str) -> None:
    """Raise :class:`DataError` unless ``df`` has every column in ``required``.

    The message names the missing columns and the file ``source``; the hint lists the columns
    that exist and suggests the closest one for each missing column.
    """
    existing = [str(column) for column in df.columns]
    missing = [column for column in dict.fromkeys(required) if column not in existing]
    if not missing:
        return
    folded = {_fold(column).strip(): column for column in existing}
    guesses = []
    for column in missing:
        close = folded.get(_fold(column).strip())
        if close is None:
            matches = difflib.get_close_matches(column, existing, n=1, cutoff=0.6)
            if not matches:
                matches = difflib.get_close_matches(_fold(column), list(folded), n=1, cutoff=0.6)
                matches = [folded[m] for m in matches]
            close = matches[0] if matches else None
        if close is not None:
            guesses.append(f"'{column}' → có phải ý bạn là '{close}'?")
    names = ", ".join(f"'{column}'" for column in missing)
    have = ", ".join(f"'{column}'" for column in existing) if existing else "(không có cột nào)"
    hint = f"tệp có các cột: {have}"
    if guesses:
        hint += "; " + "; ".join(guesses)
    word = "các cột" if len(missing) > 1 else "cột"
    raise DataError(f"thiếu {word} {names}", where=source, hint=hint + "; sửa tên cột ở dòng tiêu đề của tệp")
