"""Templates: YAML front matter + Jinja2 + Markdown → a :class:`~baocao.model.VanBan`.

A template is one text file (``*.md.j2``)::

    ---
    loai: bao_cao
    co_quan: Sở Xây dựng
    so: "{{ so }}"
    ngay: 2020-12-29
    ---
    # Khái quát tình hình triển khai

    Sở đã giải quyết {{ ho_so | so }} hồ sơ …

The pipeline is one-way: the front matter is read as YAML and its string values
rendered with Jinja; the body is rendered with Jinja (sandboxed, undefined names
are errors, every data value escaped for Markdown), then read by
:mod:`baocao.markup` into blocks. The template owns the words, the data the
numbers and the library the layout: headings are numbered by the writer.
"""

from __future__ import annotations

import difflib
import functools
import math
import os
import re
import sys
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import (
    BytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateAssertionError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import missing

from . import formatting
from .data import SafeLoader
from .errors import BaoCaoError, BaoCaoWarning, DataError, TemplateError
from .limits import LimitError, TimeUp, limit, time_limit
from .markup import BLOCK_MARK, escape, read_markdown
from .model import Block, Image, NguoiKy, PhuLuc, Table, VanBan
from .sandbox import Sandbox, check_writable, frozen, int_text, prepare

TEMPLATE_SUFFIXES = (".md.j2", ".j2", ".md")
DATA_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")

#: Front-matter fields, as a Vietnamese user knows them, with what each holds.
FIELDS: dict[str, str] = {
    "loai": "loại văn bản: bao_cao, ke_hoach, cong_van, quyet_dinh, to_trinh, thong_bao, giay_moi …",
    "co_quan_chu_quan": "tên cơ quan chủ quản (không bắt buộc)",
    "co_quan": "tên cơ quan ban hành",
    "viet_tat_co_quan": "chữ viết tắt tên cơ quan, để lập ký hiệu (SXD)",
    "don_vi_soan_thao": "đơn vị soạn thảo (công văn: UBND-NC; thêm vào dòng Lưu)",
    "so": "số văn bản; để trống nếu chưa cấp số",
    "ky_hieu": "ký hiệu đầy đủ, nếu không muốn lập tự động (BC-SXD)",
    "dia_danh": "địa danh (Trà Vinh)",
    "ngay": "ngày ban hành: 2020-12-29, 29/12/2020, hoặc [2021, 12] để trống ngày",
    "trich_yeu": "trích yếu nội dung",
    "kinh_gui": "nơi gửi: một chuỗi hoặc danh sách",
    "tham_quyen": "thẩm quyền ban hành (quyết định: GIÁM ĐỐC SỞ XÂY DỰNG)",
    "can_cu": "các dòng căn cứ (danh sách)",
    "noi_nhan": "nơi nhận (danh sách, không kể dòng Lưu)",
    "luu": "dòng Lưu (mặc định: [VT])",
    "ky_hieu_soan_thao": "ký hiệu người soạn thảo, số bản (PL.(05))",
    "nguoi_ky": "người ký: ho_ten, chuc_vu, quyen_han (KT./TM./TL./TUQ./Q.), thay_mat",
    "do_khan": "độ khẩn: KHẨN, THƯỢNG KHẨN, HỎA TỐC",
    "do_mat": "độ mật: MẬT, TỐI MẬT, TUYỆT MẬT",
    "dau_ket_thuc": "thêm dấu ./. cuối văn bản (mặc định: có)",
    "danh_so": "cách đánh số đề mục: muc, muc_thap_phan, phan_muc, dieu, chuong_dieu",
    "thuoc_tinh": "thuộc tính tệp: tieu_de, chu_de, tac_gia, tu_khoa, mo_ta, ngay_tao, ngay_sua",
}
_SIGNER_FIELDS = ("ho_ten", "chuc_vu", "quyen_han", "thay_mat")


class Markdown(str):
    """Text that is already Markdown: written into the body as it is, not escaped."""


class _Str(str):
    """A front-matter string that remembers its line in the template file."""

    line: int = 0


def builtin_folder() -> Path:
    """The folder of the built-in templates (inside the installed package, or the
    repository's ``templates/`` in a source checkout)."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


# ---------------------------------------------------------------------------- front matter


def split_front_matter(source: str) -> tuple[str | None, str]:
    """Split ``---`` front matter from the body. The body keeps the front matter's
    lines as blank lines, so line numbers stay those of the file.

    >>> split_front_matter("---\\nloai: bao_cao\\n---\\nNội dung\\n")
    ('loai: bao_cao\\n', '\\n\\n\\nNội dung\\n')
    >>> split_front_matter("Nội dung")
    (None, 'Nội dung')
    """
    text = source.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "\n" * (i + 1) + "".join(lines[i + 1:])
    return "".join(lines[1:]), "\n" * len(lines)


class _LineLoader(SafeLoader):
    """YAML loader whose strings and mapping keys remember their line."""


def _construct_str(loader: _LineLoader, node: yaml.Node) -> _Str:
    value = _Str(loader.construct_scalar(node))  # type: ignore[arg-type]
    value.line = node.start_mark.line + 2  # line 1 is the opening ---
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


class _Memo(OrderedDict):  # type: ignore[type-arg]
    """A small least-recently-used memo of pure results keyed by source text: a template
    rendered for many units is read (front matter, ``extends``, front-matter strings) once."""

    def __init__(self, size: int = 256) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key: Any, compute: Callable[..., Any], *args: Any) -> Any:
        """The value kept for ``key``, or ``compute(*args)`` kept under it."""
        try:
            self.move_to_end(key)
            return self[key]
        except KeyError:
            value = self[key] = compute(*args)  # an error is raised, never kept
            while len(self) > self.size:
                self.popitem(last=False)
            return value


_FRONT = _Memo()
#: Environments by (template folders, main template, working folder): see :func:`_environments`.
_ENVIRONMENTS = _Memo(size=32)


def parse_front_matter(text: str | None, name: str) -> dict[str, Any]:
    """Read the front matter; errors name the template line. The result is shared between
    renders of the same text: callers build new mappings from it, never change it."""
    if text is None or not text.strip():
        return {}
    return _FRONT.get_or((text, name), _parse_front_matter, text, name)  # type: ignore[no-any-return]


def _parse_front_matter(text: str, name: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.reader.ReaderError as exc:
        from .data import control_character

        message, index = control_character(exc, text)
        raise TemplateError(f"phần đầu (YAML) {message}", template=name, line=index + 1,
                            hint="xoá ký tự đó; trong dữ liệu thì ký tự điều khiển được bỏ đi khi ghi") from None
    except RecursionError:
        raise LimitError("phần đầu (YAML) lồng quá sâu", "max_depth", where=name) from None
    except yaml.MarkedYAMLError as exc:
        from .data import YAMLLimitError

        if isinstance(exc, YAMLLimitError):  # too deep, too many aliases, an alias inside itself
            at = exc.problem_mark.line + 2 if exc.problem_mark else None
            where = f"{name}:{at}" if at else name
            if exc.limit:
                raise LimitError(f"phần đầu (YAML): {exc.message}", exc.limit, where=where, hint=exc.hint) from None
            raise TemplateError(f"phần đầu (YAML): {exc.message}", template=name, line=at, hint=exc.hint) from None
        # where the broken construct began ([ or " left open), or where the problem is
        # (a line indented wrongly inside a block)
        block = (exc.context or "").startswith("while parsing a block")
        mark = (exc.problem_mark if block else exc.context_mark) or exc.problem_mark
        line = mark.line + 2 if mark else None
        problem = exc.problem or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and problem.startswith(("ngày", "số quá dài")):
            hint = "viết 29/12/2020 hoặc 2020-12-29" if problem.startswith("ngày") else "đặt trong ngoặc kép"
            raise TemplateError(f"phần đầu (YAML): {problem}", template=name, line=line, hint=hint) from None
        if "\\t" in problem:
            message, hint = "phần đầu (YAML) có dấu tab", "thụt lề bằng dấu cách, không dùng tab"
        elif "<block end>" in problem or "<block mapping start>" in problem:
            message, hint = (f"phần đầu (YAML) thụt lề không khớp: {problem}",
                             "các trường cùng cấp phải thẳng cột; trường con (dưới nguoi_ky:) thụt vào 2 dấu cách")
        else:
            message, hint = f"phần đầu (YAML) sai cú pháp: {problem}", "kiểm tra dấu hai chấm, thụt lề và dấu nháy"
        raise TemplateError(message, template=name, line=line, hint=hint) from None
    if not isinstance(data, dict):
        raise TemplateError("phần đầu phải là các dòng 'tên: giá trị'", template=name, line=2)
    return data


def _key_line(meta: Mapping[str, Any], key: str) -> int | None:
    """The line of ``key`` in the front matter; ``a.b`` looks into the mapping ``a``
    (falling back to the line of ``a``)."""
    head, _, rest = key.partition(".")
    for k, value in meta.items():
        if k == head:
            inner = _key_line(value, rest) if rest and isinstance(value, Mapping) else None
            return inner or getattr(k, "line", None)
    return None


def _check_fields(meta: Mapping[str, Any], name: str) -> None:
    for key in meta:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            raise TemplateError(f"phần đầu có trường không biết: '{key}'", template=name,
                                line=getattr(key, "line", None),
                                hint=f"có phải '{close[0]}'?" if close else "các trường: " + ", ".join(FIELDS))
    signer = meta.get("nguoi_ky")
    if isinstance(signer, Mapping):
        for key in signer:
            if key not in _SIGNER_FIELDS:
                close = difflib.get_close_matches(str(key), _SIGNER_FIELDS, n=1)
                raise TemplateError(f"nguoi_ky có trường không biết: '{key}'", template=name,
                                    line=getattr(key, "line", None),
                                    hint=f"có phải '{close[0]}'?" if close else ", ".join(_SIGNER_FIELDS))


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            value = _merge(out[key], value)
        out.pop(key, None)  # the child's key (with its line) replaces the base's
        out[key] = value
    return out


# ---------------------------------------------------------------------------- Jinja


#: ``{% extends "baocao/bao_cao.md.j2" %}`` always means the built-in, even from a
#: template that has the same file name.
BUILTIN_PREFIX = "baocao/"


class _Loader(FileSystemLoader):
    """Reads templates from the template's folder, then the built-ins (or only the
    built-ins for names starting ``baocao/``); strips and keeps each template's
    front matter.

    A name is a relative path inside those folders: absolute paths, ``..`` and links that
    lead out of the folders are refused (the template the user named, ``main``, may itself
    be a link)."""

    def __init__(self, folders: list[Path], main: str | None = None):
        super().__init__([str(f) for f in folders])
        self.builtin = FileSystemLoader(str(builtin_folder()))
        self.roots = [f.resolve() for f in folders]
        self.main = main
        self.front: dict[str, str | None] = {}
        self.body: dict[str, str] = {}  # the text after the front matter (its lines left blank)

    def get_source(self, environment, template):  # type: ignore[no-untyped-def]
        _check_name(template)
        try:
            if template.startswith(BUILTIN_PREFIX):
                source, filename, uptodate = self.builtin.get_source(environment, template[len(BUILTIN_PREFIX):])
            else:
                source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError:
            raise _not_utf8(self._find(template)) from None
        if template != self.main and not any(Path(filename).resolve().is_relative_to(r) for r in self.roots):
            raise SecurityError(f"mẫu '{template}' là liên kết trỏ ra ngoài thư mục của mẫu: không được đọc")
        # Jinja reloads a template when uptodate() is false; by file time alone, a file rewritten
        # with its old time (cp -p, rsync -a, an unpacked archive) would keep its old body
        uptodate = functools.partial(_unchanged, filename, source)
        front, body = split_front_matter(source)
        if front is not None and not _closed(source):
            raise TemplateError("phần đầu mở bằng '---' nhưng không có dòng '---' đóng", template=_short(filename),
                                line=1, hint="thêm một dòng chỉ có --- sau các dòng 'tên: giá trị'")
        self.front[template] = front
        self.body[template] = body
        return body, filename, uptodate

    def _find(self, template: str) -> Path | None:
        if template.startswith(BUILTIN_PREFIX):
            folders, template = [builtin_folder()], template[len(BUILTIN_PREFIX):]
        else:
            folders = [Path(f) for f in self.searchpath]
        found = [f / template for f in folders if (f / template).is_file()]
        return found[0] if found else None


_DRIVE = re.compile(r"^[A-Za-z]:")


def _unchanged(filename: str, source: str) -> bool:
    """Whether the template file still holds ``source``."""
    try:
        return Path(filename).read_bytes().decode("utf-8") == source  # as Jinja reads it (\r\n kept)
    except (OSError, UnicodeDecodeError):
        return False


def _check_name(template: str) -> None:
    """Refuse a template name that is not a plain relative path (``/etc/passwd``, ``../x``, ``C:x``)."""
    parts = template.replace("\\", "/").split("/")
    if template.startswith(("/", "\\", "~")) or _DRIVE.match(template) or ".." in parts or "\0" in template:
        raise SecurityError(f"không được đọc '{template}': mẫu chỉ được gọi mẫu khác trong thư mục của nó "
                            "(đường dẫn tương đối, không có '..') hoặc mẫu có sẵn")


def _closed(source: str) -> bool:
    """Whether front matter opened by ``---`` is closed by a ``---`` (or ``...``) line."""
    return any(line.rstrip() in ("---", "...") for line in source.lstrip("\ufeff").splitlines()[1:])


def _not_utf8(path: Path | None) -> TemplateError:
    """A template that is not UTF-8, with the line of the first bad byte."""
    line, byte = None, ""
    if path is not None:
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, byte = raw.count(b"\n", 0, exc.start) + 1, f": byte 0x{raw[exc.start]:02X} không hợp lệ"
    return TemplateError(f"mẫu không phải UTF-8{byte} — có lẽ tệp được lưu bằng bảng mã Windows-1258, TCVN3 "
                         "hoặc ANSI", template=_short(str(path)) if path else None, line=line,
                         hint="mở tệp và lưu lại với bảng mã UTF-8")


class _Missing(UndefinedError):
    """A key, attribute or column missing from a data value; the message says which ones exist."""

    def __init__(self, message: str, hint: str | None):
        super().__init__(message)
        self.text = message
        self.hint = hint


def _names(names: list[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:20])
    return shown + (f" … ({len(names)} tên)" if len(names) > 20 else "") if names else "(không có)"


def _missing_text(obj: Any, name: Any) -> tuple[str, str | None]:
    """What to say when ``obj.name`` / ``obj[name]`` does not exist in a template."""
    if hasattr(obj, "columns") and hasattr(obj, "itertuples"):  # a pandas DataFrame
        from .data import SOURCE, check_columns

        wanted = list(name) if isinstance(name, (list, tuple)) else [name]
        source = obj.attrs.get(SOURCE) or "bảng"
        try:
            check_columns(obj, [str(w) for w in wanted], source=source)
        except BaoCaoError as exc:
            return f"{source}: {exc.message}", exc.hint
    if isinstance(name, str):
        if isinstance(obj, Mapping):
            keys, what = [str(k) for k in obj], "khoá"
        elif hasattr(obj, "_fields"):  # a row from itertuples()
            keys, what = list(obj._fields), "cột"
        elif type(obj).__name__ == "Series":  # a row from iterrows() or .iloc[i]
            keys, what = [str(k) for k in obj.index], "cột"
        else:
            return f"{type(obj).__name__} không có '{name}'", None
        close = difflib.get_close_matches(name, keys, n=1)
        hint = f"có phải '{close[0]}'?" if close else f"các {what}: {_names(keys)}"
        return f"không có {what} '{name}' trong dữ liệu", hint
    if isinstance(obj, (list, tuple)) and isinstance(name, int):
        return f"danh sách chỉ có {len(obj)} phần tử, không có phần tử [{name}]", "phần tử đầu là [0]"
    return f"{type(obj).__name__} không có phần tử [{name!r}]", None


class _Undefined(StrictUndefined):
    """A name the data does not have: an error as soon as it is used, in Vietnamese, saying
    which keys or columns the value does have."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = missing, name: Any = None,
                 exc: type[Exception] = UndefinedError):
        super().__init__(hint, obj, name, exc)  # type: ignore[arg-type]
        if hint is None and obj is not missing:
            self._undefined_exception = self._missing  # type: ignore[assignment]

    def _missing(self, _message: str) -> _Missing:
        return _Missing(*_missing_text(self._undefined_obj, self._undefined_name))


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` in the body: data is escaped, :class:`Markdown` is not."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape(value if isinstance(value, str) else _str(value))


def _plain(value: object) -> object:
    return "" if value is None else _str(value) if type(value) is int else value


def _str(value: object) -> str:
    """``str(value)``; an int past ``max_int_digits`` is a LimitError (see :func:`baocao.sandbox.int_text`),
    and a whole table is refused: it belongs in ``table(…)``, not in the text as Python prints it."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int_text(value)
    check_writable(value)
    return str(value)


@dataclass
class _Render:
    """The state of one rendering: placeholder blocks and the template chain."""

    name: str
    folder: Path | None
    blocks: list[Block] = field(default_factory=list)

    def table(self, data: Any, columns: Any = None, **options: Any) -> Markdown:
        """``{{ table(df, …) }}``: a table from a DataFrame, a list of dicts or of rows
        (options as :func:`baocao.tables.table_from_data`)."""
        from .tables import table_from_data

        return self._place(table_from_data(data, columns, **options))

    def chart(self, data: Any, *, caption: str | None = None, nhan: str = "Biểu đồ",
              width_mm: float | None = None, **options: Any) -> Markdown:
        """``{{ chart(df, kieu="cot", x="linh_vuc", y="ty_le", phan_tram=True, caption=…) }}``:
        a chart (options as :func:`baocao.charts.bieu_do`), captioned "Biểu đồ N."."""
        from .charts import bieu_do

        if width_mm is not None:
            options["rong_mm"] = width_mm
        png = bieu_do(data, **options)
        return self._place(Image(png, width_mm=options.get("rong_mm"), caption=caption, nhan=nhan))

    def _place(self, block: Block) -> Markdown:
        """A placeholder paragraph for a block built in Python."""
        self.blocks.append(block)
        return Markdown(f"\n\n{BLOCK_MARK}{len(self.blocks) - 1}{BLOCK_MARK}\n\n")


#: Indicator functions templates can call; :mod:`baocao.chiso` (and pandas) is imported
#: on the first call only.
CHISO = ("hai_long", "phan_nhom", "tu_dang_rong", "tien_do", "ty_le", "bang_diem", "xep_hang", "xep_loai",
         "ty_le_diem", "viet_diem", "so_sanh", "chuoi")


def _chiso(name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        from . import chiso

        return getattr(chiso, name)(*args, **kwargs)

    call.__name__ = name
    return call


class _CompiledCache(BytecodeCache):
    """Compiled templates kept in memory between renders (keyed by file, checked against the
    source's checksum), so rendering one template for many units compiles it once."""

    def __init__(self, size: int = 128) -> None:
        self._code: OrderedDict[str, bytes] = OrderedDict()
        self._size = size

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            self._code.move_to_end(bucket.key)
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        while len(self._code) > self._size:
            self._code.popitem(last=False)


_COMPILED = _CompiledCache()


#: The rendering under way (its placeholder blocks), for ``table()`` and ``chart()``: the
#: environments are shared between renders of the same folder, the state is not.
_STATE: ContextVar[_Render] = ContextVar("baocao_render")


def _table(data: Any, columns: Any = None, **options: Any) -> Markdown:
    return _STATE.get().table(data, columns, **options)


def _chart(data: Any, **options: Any) -> Markdown:
    return _STATE.get().chart(data, **options)


_table.__doc__, _chart.__doc__ = _Render.table.__doc__, _Render.chart.__doc__


def _environments(folders: list[Path], main: str | None) -> tuple[SandboxedEnvironment, SandboxedEnvironment]:
    """The body's and the front matter's environments for templates in ``folders``; kept
    between renders (see ``_ENVIRONMENTS``), so Jinja keeps the compiled templates and only
    checks that their files are unchanged."""
    loader = _Loader(folders, main=main)
    env = _environment(loader, _finalize)
    env.globals.update(table=_table, chart=_chart)
    env.allow_functions(_table, _chart)
    return env, _environment(loader, _plain)


def _environment(loader: _Loader, finalize: Callable[[object], object]) -> Sandbox:
    env = Sandbox(loader=loader, undefined=_Undefined, autoescape=False, finalize=finalize, trim_blocks=True,
                  lstrip_blocks=True, keep_trailing_newline=True,
                  bytecode_cache=_COMPILED if finalize is _finalize else None)
    prepare(env)
    env.strings = _Memo()  # front-matter strings compiled (by their text), see _render_meta
    env.filters.update(formatting.FILTERS)
    env.filters["markdown"] = Markdown
    env.globals.update({name: _chiso(name) for name in CHISO})
    env.allow_functions(*env.globals.values())
    return env


def _template_line(exc: BaseException, names: set[str]) -> tuple[str | None, int | None]:
    """The template file and line an exception was raised at (Jinja rewrites
    tracebacks so that template frames carry the template's file and line)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in names or filename.endswith(TEMPLATE_SUFFIXES):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


_UNCLOSED = re.compile(r"innermost block that needs to be closed is '(\w+)'")
_NO_FILTER = re.compile(r"No (filter|test) named '([^']+)'")
_BLOCK_TAGS = frozenset({"if", "for", "block", "macro", "call", "filter", "with", "set", "trans", "autoescape"})


def _open_block(env: SandboxedEnvironment, source: str, tag: str) -> int | None:
    """The line of the innermost ``{% tag %}`` left open in ``source``."""
    stack: list[tuple[str, int]] = []
    statement: list[tuple[int, str, str]] | None = None
    try:
        for lineno, kind, value in env.lex(source):
            if kind == "block_begin":
                statement = []
            elif kind == "block_end" and statement:
                word, line = statement[0][2], statement[0][0]
                if word.startswith("end") and any(w == word[3:] for w, _ in stack):
                    while stack and stack.pop()[0] != word[3:]:
                        pass
                elif word in _BLOCK_TAGS and not (word == "set" and any(v == "=" for _, _, v in statement)):
                    stack.append((word, line))
                statement = None
            elif statement is not None and kind != "whitespace":
                statement.append((lineno, kind, value))
    except TemplateSyntaxError:
        pass
    lines = [line for word, line in stack if word == tag]
    return lines[-1] if lines else None


def _syntax(exc: TemplateSyntaxError, name: str) -> TemplateError:
    """A template syntax error, said in Vietnamese for the common ones."""
    where = _short(exc.filename) or name
    unclosed = _UNCLOSED.search(exc.message or "")
    if unclosed:
        tag = unclosed.group(1)
        env = SandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        line = _open_block(env, exc.source or "", tag) if exc.source else None
        opened = f" mở ở dòng {line}" if line else ""
        return TemplateError(f"lỗi cú pháp mẫu: khối {{% {tag} %}}{opened} chưa được đóng", template=where,
                             line=line or exc.lineno, hint=f"thêm {{% end{tag} %}} vào chỗ khối đó kết thúc")
    unknown = _NO_FILTER.search(exc.message or "") if isinstance(exc, TemplateAssertionError) else None
    if unknown:
        from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS

        kind, word = unknown.groups()
        known = [*DEFAULT_FILTERS, *formatting.FILTERS, "markdown"] if kind == "filter" else list(DEFAULT_TESTS)
        close = difflib.get_close_matches(word, known, n=1)
        what = "bộ lọc" if kind == "filter" else "phép thử"
        return TemplateError(f"không có {what} '{word}'", template=where, line=exc.lineno,
                             hint=f"có phải '{close[0]}'?" if close else
                             "bộ lọc của baocao: " + ", ".join(formatting.FILTERS))
    message, hint = _jinja_syntax(exc.message or "")
    return TemplateError(f"lỗi cú pháp mẫu: {message}", template=where, line=exc.lineno, hint=hint)


#: Jinja's token names as a template writer sees them.
_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "cuối mẫu",
           "end of comment": "#}", "begin of print statement": "{{", "begin of statement block": "{%",
           "name": "một tên", "string": "một chuỗi", "integer": "một số", "float": "một số"}
_TAGS = ("if", "elif", "else", "endif", "for", "endfor", "set", "endset", "block", "endblock", "extends",
         "include", "import", "from", "macro", "endmacro", "call", "endcall", "filter", "endfilter", "with",
         "endwith", "raw", "endraw")
_GENERAL_HINT = "kiểm tra {{ }}, {% %} và các thẻ đóng (endif, endfor)"
_QUOTES = "kiểm tra dấu nháy: chuỗi mở bằng ' hay \" phải đóng bằng đúng dấu đó trên cùng dòng"


def _token(name: str) -> str:
    shown = _TOKENS.get(name)
    return shown if shown and shown[0].isalpha() and " " in shown else f"'{shown or name}'"


def _jinja_syntax(message: str) -> tuple[str, str]:
    """Jinja's syntax message in Vietnamese, with a hint; an unknown one is kept as Jinja says it.

    >>> _jinja_syntax("expected token 'end of print statement', got 'b'")
    ("cần '}}' nhưng gặp 'b'", 'hai tên liền nhau cần dấu phép tính (+, -, ~) hoặc bộ lọc (|) giữa chúng')
    >>> _jinja_syntax("Encountered unknown tag 'endfor'.")[0]
    'thẻ {% endfor %} không có thẻ {% for %} mở trước nó'
    """
    m = re.fullmatch(r"expected token '(.+?)', got '(.+?)'", message)
    if m:
        hint = ("hai tên liền nhau cần dấu phép tính (+, -, ~) hoặc bộ lọc (|) giữa chúng"
                if m[1] in ("end of print statement", "end of statement block") and m[2] not in _TOKENS
                else _GENERAL_HINT)
        return f"cần {_token(m[1])} nhưng gặp {_token(m[2])}", hint
    m = re.fullmatch(r"Expected an expression, got '(.+?)'", message)
    if m:
        return (f"thiếu biểu thức trước {_token(m[1])}",
                "viết tên dữ liệu hoặc giá trị, ví dụ {{ so_lieu.nam }}, {% if ty_le > 90 %}, {% for x in ds %}")
    m = re.fullmatch(r"unexpected '(.+?)', expected '(.+?)'", message)
    if m:
        return f"gặp {_token(m[1])} nhưng cần {_token(m[2])}", "mỗi ngoặc ( [ { mở phải có ngoặc ) ] } đóng"
    m = re.fullmatch(r"unexpected char '(.+?)' at \d+", message)
    if m:
        if m[1] in ("'", '"'):
            return f"dấu nháy {m[1]} chưa được đóng", _QUOTES
        return f"ký tự '{m[1]}' không dùng được trong biểu thức", _GENERAL_HINT
    m = re.fullmatch(r"unexpected end of template, expected '(.+?)'\.?", message)
    if m:
        return f"mẫu hết khi còn thiếu {_token(m[1])}", _GENERAL_HINT
    m = re.fullmatch(r"unexpected '(.+?)'", message)
    if m:
        return f"không được có {_token(m[1])} ở đây", _GENERAL_HINT
    m = re.match(r"Encountered unknown tag '(\w+)'", message)
    if m:
        tag = m[1]
        if tag.startswith("end") and tag[3:] in _TAGS:
            return (f"thẻ {{% {tag} %}} không có thẻ {{% {tag[3:]} %}} mở trước nó",
                    "xoá thẻ đó, hoặc thêm thẻ mở; mỗi khối chỉ đóng một lần")
        if tag in ("else", "elif"):
            return f"thẻ {{% {tag} %}} nằm ngoài khối {{% if %}} (hoặc {{% for %}})", _GENERAL_HINT
        close = difflib.get_close_matches(tag, _TAGS, n=1)
        return (f"không có thẻ {{% {tag} %}}",
                f"có phải {{% {close[0]} %}}?" if close else "các thẻ: " + ", ".join(t for t in _TAGS
                                                                                  if not t.startswith("end")))
    m = re.fullmatch(r"block '(.+?)' defined twice", message)
    if m:
        return f"khối '{m[1]}' được định nghĩa hai lần", "đặt tên khác cho một trong hai khối"
    if message == "tag name expected":
        return "thiếu tên thẻ sau {%", "ví dụ {% if … %}, {% for … %}; chữ {% đứng một mình thì viết {{ '{%' }}"
    if message.lower() == "missing end of raw directive":
        return "thiếu {% endraw %}", "đóng khối {% raw %} bằng {% endraw %}"
    return f"{message} (thông báo của Jinja)", _GENERAL_HINT


def _translate(exc: BaseException, name: str, names: set[str], context: Mapping[str, Any]) -> TemplateError:
    """A Jinja (or data) error as a :class:`TemplateError` naming file and line."""
    if isinstance(exc, TemplateSyntaxError):
        return _syntax(exc, name)
    filename, line = _template_line(exc, names)
    where = _short(filename) or name
    if isinstance(exc, TemplateNotFound):
        return TemplateError(f"không tìm thấy mẫu '{exc.name}'", template=where, line=line,
                             hint="mẫu có sẵn: " + ", ".join(builtin_names()))
    if isinstance(exc, _Missing):
        return TemplateError(exc.text, template=where, line=line, hint=exc.hint)
    if isinstance(exc, UndefinedError):
        match = re.search(r"'([^']+)' is undefined", str(exc))
        if match:
            close = difflib.get_close_matches(match.group(1), list(context), n=1)
            hint = f"có phải '{close[0]}'?" if close else "truyền dữ liệu bằng -d TỆP hoặc --set tên=giá_trị"
            return TemplateError(f"không có dữ liệu '{match.group(1)}'", template=where, line=line, hint=hint)
        return TemplateError(f"không có dữ liệu: {exc}", template=where, line=line)
    if isinstance(exc, SecurityError):
        return TemplateError(f"mẫu bị chặn vì không an toàn: {exc}", template=where, line=line)
    if isinstance(exc, BaoCaoError):
        message = exc.message
        if isinstance(exc, DataError):
            if exc.where:
                message = f"{exc.where}: {message}"
            cell = _suspect(exc, context)
            if cell:
                message += f" — có lẽ do ô {cell}"
        return TemplateError(message, template=where, line=line, hint=exc.hint)
    if isinstance(exc, RecursionError):
        return TemplateError("mẫu lồng quá sâu (macro gọi chính nó, hay biểu thức lồng quá nhiều tầng)",
                             template=where, line=line, hint="xem lại macro đệ quy và các ngoặc lồng nhau")
    if isinstance(exc, MemoryError):
        return TemplateError("hết bộ nhớ khi điền mẫu", template=where, line=line,
                             hint="dữ liệu hay mẫu tạo ra quá nhiều; nếu đúng là cần, tăng --max-memory")
    if isinstance(exc, ZeroDivisionError):
        return TemplateError("phép chia cho 0", template=where, line=line,
                             hint="kiểm tra số chia; khi nó có thể bằng 0, viết {% if mau_so %}…{% endif %}")
    return TemplateError(f"lỗi khi điền mẫu: {type(exc).__name__}: {exc}", template=where, line=line)


def _suspect(exc: DataError, context: Mapping[str, Any]) -> str | None:
    """For a number that could not be written: the data file cell it most likely came from."""
    missing = exc.message.startswith("thiếu số")
    text = re.match(r"^'(.*)' không phải là số", exc.message)
    if not (missing or text) or "pandas" not in sys.modules:
        return None
    from .data import suspect_cell

    return suspect_cell(context.values(), missing=missing, text=text.group(1) if text else None)


def _short(filename: str | None) -> str | None:
    if not filename:
        return None
    try:
        short = os.path.relpath(filename)
    except ValueError:  # pragma: no cover - another drive on Windows
        return filename
    return filename if short.startswith("..") else short


def builtin_names() -> list[str]:
    """Names of the built-in templates (``bao_cao.md.j2`` …)."""
    folder = builtin_folder()
    return sorted(p.name for p in folder.glob("*.md.j2")) if folder.is_dir() else []


def _chain(env: SandboxedEnvironment, name: str, shown: str) -> list[str]:
    """The template and the ones it extends, base last; a loop, a missing or refused base
    is an error at the line of the ``{% extends %}``."""
    chain = [name]
    loader: _Loader = env.loader  # type: ignore[assignment]
    source, filename, _ = loader.get_source(env, name)
    while True:
        extends = _EXTENDS.get_or(source, _extends, env, source, chain[-1], filename)
        if extends is None:
            return chain
        here = shown if len(chain) == 1 else _short(filename)
        parent, line = extends
        if parent in chain:
            hint = (f"mẫu có sẵn cùng tên: dùng {{% extends \"{BUILTIN_PREFIX}{parent}\" %}}"
                    if (builtin_folder() / parent).is_file() else "bỏ vòng kế thừa")
            raise TemplateError(f"mẫu '{chain[-1]}' kế thừa '{parent}', thành vòng lặp", template=here,
                                line=line, hint=hint)
        try:
            source, filename, _ = loader.get_source(env, parent)
        except TemplateNotFound:
            raise TemplateError(f"không tìm thấy mẫu '{parent}'", template=here, line=line,
                                hint="mẫu có sẵn: " + ", ".join(builtin_names())) from None
        except SecurityError as exc:
            raise TemplateError(f"mẫu bị chặn vì không an toàn: {exc}", template=here, line=line) from None
        chain.append(parent)


def _extends(env: SandboxedEnvironment, source: str, name: str, filename: str | None) -> tuple[str, int] | None:
    """The template a source extends and the line of its ``{% extends %}``."""
    for node in env.parse(source, name, filename).find_all(nodes.Extends):
        if isinstance(node.template, nodes.Const):
            return str(node.template.value), node.lineno
    return None


_EXTENDS = _Memo()


# ---------------------------------------------------------------------------- render


def _running_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line that was running when ``exc`` was raised into it (Jinja
    maps lines of the compiled code back to the template only for the errors it handles)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        compiled = tb.tb_frame.f_globals.get("__jinja_template__")
        if compiled is not None:
            found = (compiled.filename, compiled.get_corresponding_lineno(tb.tb_lineno))
        tb = tb.tb_next
    return found


def _render_meta(value: Any, env: Sandbox, context: Mapping[str, Any], name: str) -> Any:
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        line = getattr(value, "line", None)
        try:
            out = env.strings.get_or(str(value), env.from_string, str(value)).render(context)
        except Exception as exc:  # noqa: BLE001 - reported with the front-matter line
            error = _translate(exc, name, set(), context)
            raise TemplateError(error.message, template=name, line=line, hint=error.hint) from None
        result = _Str(out.strip())
        result.line = line or 0
        return result
    if isinstance(value, Mapping):
        return {k: _render_meta(v, env, context, name) for k, v in value.items()}
    if isinstance(value, list):
        return [_render_meta(v, env, context, name) for v in value]
    return value


_MARKS = re.compile(r"[*_#`\\\ue002]")


def _find_line(source: str, text: str, rendered: int | None) -> int | None:
    """The template line a rendered block most likely came from: the one line of ``source``
    (the template without Markdown marks, see :data:`_MARKS`) holding the block's first words.

    >>> _find_line("# Khái quát\\nĐoạn một dài\\nĐoạn hai dài", "**Đoạn hai** dài", 9)
    3
    >>> _find_line("Đoạn một dài\\nĐoạn một dài", "Đoạn một dài", 9)
    9
    """
    probe = _MARKS.sub("", text).strip()[:40]
    if len(probe) >= 8 and "\n" not in probe:
        first = source.find(probe)
        if first >= 0:
            end = source.find("\n", first)
            if end < 0 or source.find(probe, end) < 0:
                return source.count("\n", 0, first) + 1
    return rendered


def _document(meta: dict[str, Any], parsed_blocks: list[Block], phu_luc: list[PhuLuc], name: str) -> VanBan:
    fields = {k: v for k, v in meta.items()}
    signer = fields.get("nguoi_ky")
    if isinstance(signer, Mapping):
        try:
            fields["nguoi_ky"] = NguoiKy(**{str(k): v for k, v in signer.items()})
        except BaoCaoError as exc:
            key = (exc.where or "").rsplit(".", 1)[-1]
            line = _key_line(signer, key) or _key_line(meta, "nguoi_ky")
            raise TemplateError(f"nguoi_ky.{key}: {exc.message}", template=name, line=line, hint=exc.hint) from None
    if isinstance(fields.get("ngay"), list):
        fields["ngay"] = tuple(fields["ngay"])
    fields = {str(k): (str(v) if isinstance(v, _Str) else v) for k, v in fields.items()}
    try:
        vb = VanBan(**fields)
        vb.blocks.extend(parsed_blocks)
        vb.phu_luc.extend(phu_luc)
        vb.validate()
    except BaoCaoError as exc:
        field_name = (exc.where or "").removeprefix("VanBan.")
        field_name = field_name if field_name.split(" ", 1)[0].split(".", 1)[0] in FIELDS else ""
        key = field_name.split(" ", 1)[0]
        line = _key_line(meta, key)
        block_line = re.search(r"dòng (\d+)", exc.where or "")
        if line is None and block_line:
            line = int(block_line.group(1))
        message = f"{field_name}: {exc.message}" if field_name and key not in exc.message else exc.message
        raise TemplateError(message, template=name, line=line, hint=exc.hint) from None
    return vb


def render(template: str | os.PathLike[str], data: Mapping[str, Any] | None = None, *, strict: bool = False,
           timeout: float | None = None, **context: Any) -> VanBan:
    """Render a template with data into a document (save it with ``.save(path)`` or
    get ``.to_bytes()``).

    ``template`` is a ``.md.j2`` file, a folder holding one template and its data
    files (each loaded under its file name, see :func:`baocao.data.load_data`), or a
    built-in template's name. ``data`` and keyword arguments (dicts, lists,
    DataFrames, numbers, dates) are the template's variables; keyword arguments win.
    Content that cannot be laid out exactly gives a :class:`~baocao.BaoCaoWarning`,
    or a :class:`~baocao.TemplateError` when ``strict`` is true. A template still running
    after ``timeout`` seconds is stopped with a :class:`~baocao.TemplateError` naming the
    line it was at (Unix, in the main thread; the command line and batches use 180 s).
    """
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or not math.isfinite(timeout) or timeout <= 0):
        raise TemplateError(f"timeout phải là số giây dương, nhận {timeout!r}", template=str(template))
    try:
        with time_limit(timeout):  # the whole render: a folder's data, the template, Markdown, the model
            return _render(template, data, strict, context)
    except TimeUp as exc:
        filename, line = _running_line(exc)
        shown = _short(filename) or (_short(str(template)) if os.path.exists(template) else str(template))
        limit_text = f"{timeout:g} giây" if timeout else "thời hạn"
        raise TemplateError(f"mẫu chạy quá {limit_text} nên bị dừng" + (" ở dòng này" if line else ""),
                            template=shown, line=line,
                            hint="xem lại vòng lặp lồng nhau hay phép tính trên dữ liệu lớn; "
                                 "cần lâu hơn thì đặt --timeout / timeout=") from None


def _render(template: str | os.PathLike[str], data: Mapping[str, Any] | None, strict: bool,
            context: Mapping[str, Any]) -> VanBan:
    path, variables = _resolve(template)
    variables.update(data or {})
    variables.update(context)
    folder = path.parent if path is not None else None
    name = _short(str(path)) if path is not None else str(template)
    folders = ([folder] if folder else []) + [builtin_folder()]
    main = path.name if path is not None else None
    env, text_env = _ENVIRONMENTS.get_or((tuple(folders), main, os.getcwd()), _environments, folders, main)
    loader: _Loader = env.loader  # type: ignore[assignment]
    state = _Render(name=name or "", folder=folder)
    template_name = path.name if path is not None else str(template)
    names = {str(f / template_name) for f in folders}
    token = _STATE.set(state)
    try:
        with frozen(variables):
            try:
                tpl = env.get_template(template_name)
                names.add(tpl.filename or "")
                chain = _chain(env, template_name, name or "")
                body = _body(tpl, variables)
            except TemplateError:
                raise
            except Exception as exc:  # noqa: BLE001 - anything a template or its data raises becomes a message
                raise _translate(exc, name or "", names, variables) from None
            meta: dict[str, Any] = {}
            for link in reversed(chain):  # base first, the template itself last
                link_name = name if link == template_name else link
                front = parse_front_matter(loader.front.get(link), link_name or "")
                _check_fields(front, link_name or "")
                meta = _merge(meta, front)
            meta = _render_meta(meta, text_env, variables, name or "")
    finally:
        _STATE.reset(token)

    source = _MARKS.sub("", "\n".join(loader.body.get(template_name, "").splitlines()))  # read by _chain
    parsed = read_markdown(body, name=name or "", blocks=state.blocks, base=folder,
                           locate=lambda text, line: _find_line(source, text, line))
    for message, line in parsed.warnings:
        if strict:
            raise TemplateError(message, template=name, line=line, hint="bỏ strict để chỉ cảnh báo")
        warnings.warn(BaoCaoWarning(f"{name}:{line}: {message}" if line else f"{name}: {message}"),
                      stacklevel=3)
    return _document(meta, parsed.blocks, parsed.phu_luc, name or "")


def _body(tpl: Any, variables: Mapping[str, Any]) -> str:
    """The rendered body, stopped as soon as it passes ``max_document`` characters."""
    pieces: list[str] = []
    size = 0
    cap = limit("max_document")
    for piece in tpl.generate(variables):
        size += len(piece)
        if size > cap:
            raise LimitError(f"văn bản đã dài hơn {size:,} ký tự".replace(",", "."), "max_document")
        pieces.append(piece)
    return "".join(pieces)


def _resolve(template: str | os.PathLike[str]) -> tuple[Path | None, dict[str, Any]]:
    """The template file, and the data files of its folder when a folder is given."""
    path = Path(template)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.name.endswith(TEMPLATE_SUFFIXES) and p.is_file())
        if len(found) != 1:
            what = "không có mẫu (.md.j2)" if not found else "có nhiều mẫu: " + ", ".join(p.name for p in found)
            raise TemplateError(f"thư mục {str(path)!r} {what}", template=str(path),
                                hint="mỗi thư mục ví dụ giữ đúng một mẫu và các tệp dữ liệu của nó")
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in DATA_SUFFIXES and p.is_file())
        inside = path.resolve()
        for link in (p for p in files if not p.resolve().is_relative_to(inside)):
            raise TemplateError(f"tệp dữ liệu {link.name!r} là liên kết trỏ ra ngoài thư mục: không được đọc",
                                template=str(path), hint="chép tệp vào thư mục, hoặc đưa nó bằng -d TỆP")
        variables: dict[str, Any] = {}
        if files:
            from .data import load_data

            variables = load_data(files)
        return found[0], variables
    if path.is_file():
        return path, {}
    builtin = builtin_folder() / str(template)
    for candidate in (builtin, builtin.with_name(builtin.name + ".md.j2")):
        if candidate.is_file():
            return candidate, {}
    raise TemplateError(f"không tìm thấy mẫu {str(template)!r}", template=str(template),
                        hint="cho đường dẫn tệp .md.j2, thư mục ví dụ, hoặc tên mẫu có sẵn: "
                             + ", ".join(builtin_names()))


__all__ = ["FIELDS", "Markdown", "Table", "builtin_folder", "builtin_names", "render", "split_front_matter"]
