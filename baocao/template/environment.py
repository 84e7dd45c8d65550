"""The Jinja environments templates run in: the sandbox (:mod:`baocao.sandbox`), strict
undefined names with Vietnamese messages, data escaped as it is written, ``table()`` and
``chart()`` placeholders, the indicator functions, compiled templates kept between renders.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment

from .. import formatting
from ..markup import BLOCK_MARK, Markdown, drop_marks, escape
from ..model import Block
from ..sandbox import Sandbox, prepare, refuse_undefined_arguments, text_of
from .frontmatter import _Memo
from .loader import _Loader
from .messages import _Undefined

#: Environments by (template folders, main template, working folder): see :func:`_environments`.
_ENVIRONMENTS = _Memo(size=32)


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` in the body: data is escaped, :class:`Markdown` is not."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape(value if isinstance(value, str) else text_of(value))


def _plain(value: object) -> object:
    """Every ``{{ value }}`` in the front matter: plain text, without control characters or
    baocao's private marks (they would reach the letterhead as they are)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return drop_marks(value)
    return text_of(value) if type(value) is int else value




@dataclass
class _Render:
    """The state of one rendering: placeholder blocks and the template chain."""

    name: str
    folder: Path | None
    blocks: list[Block] = field(default_factory=list)

    def table(self, data: Any, columns: Any = None, **options: Any) -> Markdown:
        """``{{ table(df, …) }}``: a table from a DataFrame, a list of dicts or of rows
        (options as :func:`baocao.tables.table_from_data`)."""
        from ..tables import table_from_data

        return self._place(table_from_data(data, columns, **options))

    def chart(self, data: Any, *, caption: str | None = None, label: str | None = None,
              **options: Any) -> Markdown:
        """``{{ chart(df, kieu="cot", x="linh_vuc", y="ty_le", phan_tram=True, caption=…) }}``:
        a chart (options as :func:`baocao.charts.bieu_do`), captioned "``label`` N." ("Biểu đồ N."),
        embedded at the width it is drawn for — the same block :func:`baocao.charts.khoi_bieu_do`
        gives, with the same names (the old ones, ``nhan=``, ``so_le=`` …, warn and still work)."""
        from ..charts import khoi_bieu_do

        if caption is not None:
            options["caption"] = caption
        if label is not None:
            options["label"] = label
        return self._place(khoi_bieu_do(data, **options))

    def _place(self, block: Block) -> Markdown:
        """A placeholder paragraph for a block built in Python, which keeps the template line it
        was called from (the Markdown reader only knows the line of the rendered text)."""
        if getattr(block, "line", 0) is None:
            block.line = self._calling_line()
        self.blocks.append(block)
        return Markdown(f"\n\n{BLOCK_MARK}{len(self.blocks) - 1}{BLOCK_MARK}\n\n")


    def _calling_line(self) -> int | None:
        """The line of this template that is running (``table(…)`` / ``chart(…)``), when the call
        comes from the template itself rather than from a file it includes."""
        import sys

        frame = sys._getframe(2)
        while frame is not None:
            compiled = frame.f_globals.get("__jinja_template__")
            if compiled is not None:
                if Path(compiled.filename or "").name != Path(self.name).name:
                    return None
                return int(compiled.get_corresponding_lineno(frame.f_lineno))
            frame = frame.f_back  # type: ignore[assignment]
        return None


#: Indicator functions templates can call; :mod:`baocao.chiso` (and pandas) is imported
#: on the first call only.
CHISO = ("hai_long", "phan_nhom", "tu_dang_rong", "tien_do", "ty_le", "bang_diem", "xep_hang", "xep_loai",
         "ty_le_diem", "viet_diem", "so_sanh", "chuoi")


class _Function(_Undefined):
    """A function of the template (``table``, ``chart``, ``ty_le`` …) that is missing data when used
    as a value: ``{{ ty_le | phan_tram }}`` with no data ``ty_le`` says "không có dữ liệu 'ty_le'"
    instead of writing, comparing or adding a function; ``ty_le(a, b)`` calls it. Data of the same
    name hides it, as any variable hides a global."""

    __slots__ = ("_function",)
    is_function = True
    unsafe_callable = False  # read by Jinja's sandbox before a call
    alters_data = False
    jinja_pass_arg = None  # read by Jinja's Context.call: the function takes no context

    def __init__(self, name: str, function: Callable[..., Any]) -> None:
        super().__init__(name=name)
        self._function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)


def _chiso(name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        from .. import chiso

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
    env.globals.update(table=_Function("table", _table), chart=_Function("chart", _chart))
    return env, _environment(loader, _plain)


def _environment(loader: _Loader, finalize: Callable[[object], object]) -> Sandbox:
    env = Sandbox(loader=loader, undefined=_Undefined, autoescape=False, finalize=finalize, trim_blocks=True,
                  lstrip_blocks=True, keep_trailing_newline=True,
                  bytecode_cache=_COMPILED if finalize is _finalize else None)
    prepare(env)
    env.strings = _Memo()  # front-matter strings compiled (by their text), see _render_meta
    env.filters.update(formatting.FILTERS)
    env.filters["markdown"] = Markdown
    env.globals.update({name: _Function(name, _chiso(name)) for name in CHISO})
    env.allow_functions(*env.globals.values())
    refuse_undefined_arguments(env)
    return env
