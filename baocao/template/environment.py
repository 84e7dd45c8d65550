"""The Jinja environments templates run in: the sandbox (:mod:`baocao.sandbox`), strict
undefined names with Vietnamese messages, data escaped as it is written, ``table()`` and
``chart()`` placeholders, the indicator functions, compiled templates kept between renders.
"""

from __future__ import annotations

import numbers
import re
import sys
import warnings
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import _PassArg

from .. import formatting
from ..errors import BaoCaoWarning, TemplateError
from ..markup import BLOCK_MARK, Markdown, drop_marks, escape
from ..model import Block
from ..records import Record
from ..sandbox import Sandbox, prepare, refuse_undefined_arguments, text_of
from .frontmatter import _Memo
from .loader import _Loader, _short
from .messages import _current_line, _Undefined

#: Environments by (template folders, main template, working folder): see :func:`_environments`.
_ENVIRONMENTS = _Memo(size=32)


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` in the body: data is escaped, :class:`Markdown` is not; a number
    printed without a filter is written the Vietnamese way (:func:`_raw_number`)."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    if not isinstance(value, (str, bool)) and isinstance(value, (numbers.Real, Decimal)):
        return escape(_raw_number(value))
    return escape(value if isinstance(value, str) else text_of(value))


def _raw_number(value: numbers.Real | Decimal) -> str:
    """A number printed with ``{{ x }}`` rather than a filter. Python would write 91.17, 50.0,
    nan: in a Vietnamese document that is wrong, so a fraction is written the Vietnamese way
    (91,17; at most two decimals, half-up) with a warning naming the line, a whole float loses
    its ".0" (50), a missing value (NaN) is an error, and a whole number of five or more digits
    stays as typed (it may be a code) with a warning to use ``| so`` if it is an amount (6.243.886)."""
    from ..numbers import exact, is_missing

    state = _STATE.get(None)

    def warn(message: str) -> None:  # the line is looked up only when there is something to say
        line: int | None
        if state is not None and state.front_line is not None:  # a front-matter field: its file and line
            shown, line = state.front_line
        else:
            name, line = _current_line()
            shown = _shown_name(name, state)
        if state is not None and state.strict:
            raise TemplateError(message, template=shown, line=line)
        if state is not None:  # once per line: a loop over a table would say it for every row
            if (shown, line) in state.raw_numbers:
                return
            state.raw_numbers.add((shown, line))
        where = f"{shown}:{line}" if line else shown
        warning = BaoCaoWarning(f"{where}: {message}")
        warning.located = True  # type: ignore[attr-defined]  # said as it is (see rendering._warnings_said)
        warnings.warn(warning, stacklevel=2)

    if is_missing(value):
        name, line = _current_line()
        raise TemplateError(f"thiếu số liệu: giá trị trống ({value!r}) được in ra", template=_shown_name(name, state),
                            line=line, hint="điền số liệu, hoặc dùng {{ x | so(thieu='-') }} để in chữ thay thế")
    if isinstance(value, numbers.Integral):
        text = text_of(int(value))  # an int past max_int_digits is a LimitError
        if len(text.lstrip("-")) >= 5:
            shown = f" ({formatting.so(int(value))})" if len(text) <= 30 else ""
            warn(f"số {text[:30]} in thẳng, không có dấu phân cách hàng nghìn: nếu là số lượng, viết "
                 f"{{{{ … | so }}}}{shown}; nếu là mã số, để nguyên")
        return text
    number = exact(value)
    if number == number.to_integral_value():
        return text_of(int(number))
    written = formatting.so(number, 2, gon=True)
    warn(f"số {value!r} in thẳng được viết theo kiểu Việt Nam: {written} (chọn số chữ số thập phân bằng "
         f"{{{{ … | so(2) }}}} hoặc {{{{ … | phan_tram }}}})")
    return written


def _shown_name(filename: str | None, state: _Render | None) -> str:
    """The template a message names: the rendered one, or the file it includes, imports or
    extends when the line is in that file."""
    if state is not None and (not filename or filename in state.files):
        return state.name or filename or "<mẫu>"
    return _short(filename) or (state.name if state is not None else "") or "<mẫu>"


def _plain(value: object) -> object:
    """Every ``{{ value }}`` in the front matter: plain text, without control characters or
    baocao's private marks (they would reach the letterhead as they are)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return drop_marks(value)
    if not isinstance(value, bool) and isinstance(value, (numbers.Real, Decimal)):
        return _raw_number(value)
    return value




@dataclass(repr=False, eq=False)
class _Render(Record):
    """The state of one rendering: placeholder blocks and the template chain."""

    name: str
    folder: Path | None
    blocks: list[Block] = field(default_factory=list)
    strict: bool = False
    raw_numbers: set[tuple[str, int | None]] = field(default_factory=set)  # lines warned of (file shown, line)
    files: set[str] = field(default_factory=set)  # the paths of the rendered template itself
    front_line: tuple[str, int] | None = None  # the file (as shown) and line of the front-matter field rendered

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
    """Compiled templates kept between renders (keyed by file, checked against the source's
    checksum): in memory, so rendering one template for many units compiles it once, and in the
    user's cache folder (:func:`cache_folder`), so the next ``baocao render`` does not compile it
    again. A cache file that cannot be read or written is passed over: the template is compiled."""

    #: The most compiled templates kept on disk; past it, the oldest half of them is removed.
    MOST_FILES = 400

    def __init__(self, size: int = 128) -> None:
        self._code: OrderedDict[str, bytes] = OrderedDict()
        self._size = size
        self._folders: dict[tuple[Any, ...], Path | None] = {}  # by environment class and variables

    def _folder(self, env: Any) -> Path | None:
        import os

        key = (type(env), os.environ.get("BAOCAO_CACHE"), os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
        if key not in self._folders:
            self._folders[key] = cache_folder(env)
        return self._folders[key]

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None:
            folder = self._folder(bucket.environment)
            if folder is None:
                return
            try:
                with open(folder / f"{bucket.key}.bc", "rb") as file:
                    code = file.read(_MOST_BYTES + 1)
            except OSError:
                return
            if len(code) > _MOST_BYTES:
                return
        else:
            self._code.move_to_end(bucket.key)
        try:
            bucket.bytecode_from_string(code)  # Jinja checks its version and the source's checksum
        except Exception:  # noqa: BLE001 - a damaged file: compiled again, and written over
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        while len(self._code) > self._size:
            self._code.popitem(last=False)
        folder = self._folder(bucket.environment)
        if folder is not None:
            _write_cache_file(folder, f"{bucket.key}.bc", code, self.MOST_FILES)


#: A compiled template bigger than this is not read back from the cache folder.
_MOST_BYTES = 16 << 20


def cache_folder(env: Any) -> Path | None:
    """Where compiled templates of environments like ``env`` are kept between runs:
    ``$BAOCAO_CACHE`` (``off``: nowhere), else ``$XDG_CACHE_HOME/baocao`` or ``~/.cache/baocao``;
    in it, one folder per Jinja, Python, baocao and environment settings (a change of any of them
    compiles again; folders of other versions unused for 30 days are removed when one is made).
    Compiled code is loaded from it: only a folder of this user's that nobody else can write or
    replace is used (:func:`_private`), by its real path (no link on the way that could be turned
    elsewhere later); None when it is not so, or cannot be made."""
    import hashlib
    import os

    import jinja2

    from .. import __version__

    settings = (jinja2.__version__, sys.version, __version__, type(env).__qualname__,
                *(_setting(getattr(env, name, None)) for name in _SETTINGS))
    name = "jinja-" + hashlib.sha1(repr(settings).encode(), usedforsecurity=False).hexdigest()[:16]
    try:
        base = _cache_base()
        if base is None or not hasattr(os, "getuid"):  # off, or no owner to check (Windows): no cache
            return None
        made = not os.path.lexists(base / name)
        _make_private(base / name)
        folder = Path(os.path.realpath(base / name))
        if not _private(folder):
            return None
        os.utime(folder)  # in use: not removed as an old version's
    except Exception:  # noqa: BLE001 - read-only, no home folder, a bad name …: the cache is optional
        return None
    if made:
        _remove_old_folders(folder.parent, keep=name)
    return folder


_OFF = ("off", "none", "0", "false", "no")


def _cache_base() -> Path | None:
    """The folder of baocao's cache (see :func:`cache_folder`), absolute; None when turned off."""
    import os

    given = os.environ.get("BAOCAO_CACHE", "").strip()
    if given.lower() in _OFF:
        return None
    if given:
        return Path(os.path.abspath(os.path.expanduser(given)))
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # a relative one is to be ignored (XDG base directory specification)
        return Path(xdg) / "baocao"
    return Path(os.path.abspath(Path.home() / ".cache" / "baocao"))


def _make_private(folder: Path) -> None:
    """``folder`` and the folders above it that do not exist yet, each made readable and writable
    by this user alone (as the XDG specification asks of ``~/.cache``), whatever the umask."""
    import os

    missing = []
    for path in (folder, *folder.parents):
        if os.path.lexists(path):
            break
        missing.append(path)
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:  # made by another process meanwhile
            continue
        os.chmod(path, 0o700)  # mkdir's mode is cut by the umask only to less, never to more


def _private(folder: Path) -> bool:
    """Whether ``folder`` (a real path: no link in it) is this user's and nobody else can write
    it, below folders only this user or root can write (or sticky ones, as /tmp, where nobody can
    rename another's entries): nobody else can put code in it, or put another folder in its place."""
    import os
    import stat

    uid = os.getuid()
    for path in (folder, *folder.parents):
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode):  # a link: not a real path
            return False
        if path == folder:
            if info.st_uid != uid or info.st_mode & 0o077:
                return False
        elif info.st_uid not in (uid, 0) or (info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX):
            return False
    return True


#: The name of a cache folder (see :func:`cache_folder`), and of the files baocao writes in it.
_FOLDER_NAME = re.compile(r"jinja-[0-9a-f]{16}")
_FILE_NAME = re.compile(r"[0-9a-f]{40}\.bc|\.baocao-\d+-[0-9a-f]{12}\.bc\.tmp")


def _remove_old_folders(base: Path, keep: str, days: float = 30) -> None:
    """The cache folders of other versions not used for ``days``: each removed when it holds
    baocao's files only (its own files, then it); anything else in one leaves it as it is."""
    import os
    import stat
    import time

    old = time.time() - days * 86400
    try:
        entries = list(os.scandir(base))
    except OSError:
        return
    for entry in entries:
        if not _FOLDER_NAME.fullmatch(entry.name) or entry.name == keep:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077 \
                    or info.st_mtime > old:
                continue
            items = list(os.scandir(entry.path))
            if not all(_FILE_NAME.fullmatch(item.name) and item.is_file(follow_symlinks=False) for item in items):
                continue
            for item in items:
                os.unlink(item.path)
            os.rmdir(entry.path)
        except OSError:  # another process removing it too: left to it
            continue


#: The settings of an environment its compiled code depends on.
_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
             "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
             "autoescape", "is_async", "finalize", "intercepted_binops", "intercepted_unops",
             "code_generator_class", "context_class", "template_class", "undefined", "extensions")


def _setting(value: Any) -> str:
    """A setting as text that is the same in every process (a set or a mapping's keys sorted, a
    function or class by name)."""
    if isinstance(value, (set, frozenset, dict)):  # a set, or the extensions by name
        return repr(sorted(map(str, value)))
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def _write_cache_file(folder: Path, name: str, data: bytes, most: int) -> None:
    """``data`` as ``folder/name``, whole or not at all (a temporary file of
    :mod:`baocao.files`, then a rename; what a killed writer left is swept as that module sweeps
    it), the oldest files removed when there are more than ``most``; an error is passed over (the
    cache is optional)."""
    import os

    from ..files import _new_temp, sweep_stale

    aside = None
    try:
        fd, aside = _new_temp(folder, ".bc.tmp")
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(aside, folder / name)
        aside = None
        sweep_stale(folder)
        entries = [entry for entry in os.scandir(folder) if entry.name.endswith(".bc")]
        if len(entries) > most:
            entries.sort(key=lambda entry: entry.stat().st_mtime)
            for entry in entries[: len(entries) - most // 2]:
                os.unlink(entry.path)
    except OSError:
        pass
    finally:
        if aside is not None:
            Path(aside).unlink(missing_ok=True)


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
    env = Sandbox(loader=loader, undefined=_Undefined, autoescape=False, finalize=_at_run_time(finalize),
                  trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                  bytecode_cache=_COMPILED if finalize is _finalize else None)
    prepare(env)
    env.strings = _Memo()  # front-matter strings compiled (by their text), see _render_meta
    env.filters.update(formatting.FILTERS)
    env.filters["markdown"] = Markdown
    env.globals.update({name: _Function(name, _chiso(name)) for name in CHISO})
    env.allow_functions(*env.globals.values())
    refuse_undefined_arguments(env)
    env.filters.update({name: _at_run_time(func) for name, func in env.filters.items()})
    return env


def _at_run_time(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (a filter, or the finalize function) taking the template's context, which Jinja
    never has while it compiles: so it is never run on a constant at compile time
    (``{{ 12345 }}``, ``{{ 0.9117 | phan_tram }}``), and what it warns about (or refuses under
    ``strict``) is said at every render, also of a template read compiled from the cache."""
    passed = _PassArg.from_obj(func)
    if passed is _PassArg.context:
        return func
    if passed is _PassArg.eval_context:
        def run(context: Any, /, *args: Any, **kwargs: Any) -> Any:
            return func(context.eval_ctx, *args, **kwargs)
    elif passed is _PassArg.environment:
        def run(context: Any, /, *args: Any, **kwargs: Any) -> Any:
            return func(context.environment, *args, **kwargs)
    else:
        def run(context: Any, /, *args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)
    run.__name__ = getattr(func, "__name__", "filter")
    return pass_context(run)
