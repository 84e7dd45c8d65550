"""Jinja's errors in Vietnamese, with the template file and line they came from.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Mapping
from types import FrameType
from typing import Any

from jinja2 import (
    StrictUndefined,
    TemplateAssertionError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import missing

from .. import formatting
from ..errors import BaoCaoError, DataError, TemplateError
from ..lazyre import compiled_later
from .loader import TEMPLATE_SUFFIXES, _short, builtin_names


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
        from ..data import SOURCE, check_columns

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


_UNCLOSED = compiled_later(r"innermost block that needs to be closed is '(\w+)'")


_NO_FILTER = compiled_later(r"No (filter|test) named '([^']+)'")


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
            hint = _where_is(match.group(1), context)
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


def _where_is(name: str, context: Mapping[str, Any]) -> str:
    """The hint for a missing name: where the data does have it (a key of a mapping, a column of
    a table: ``data.ho_so``, ``so_lieu['ty_le']``), or the closest name there is.

    >>> _where_is("ho_so", {"data": {"ho_so": 1}, "so": 2})
    "có phải 'data.ho_so'? (khoá 'ho_so' của 'data')"
    >>> _where_is("ho_sso", {"ho_so": 1})
    "có phải 'ho_so'?"
    """
    inside: list[str] = []
    for key, value in context.items():
        if isinstance(value, Mapping) and name in value:
            inside.append(f"có phải '{key}.{name}'? (khoá '{name}' của '{key}')")
        elif type(value).__name__ == "DataFrame" and name in getattr(value, "columns", ()):
            inside.append(f"có phải cột '{key}[\"{name}\"]'? ('{name}' là một cột của bảng '{key}')")
    if inside:
        return "; ".join(inside[:3])
    names = [str(k) for k in context]
    nested = [f"{k}.{n}" for k, v in context.items() if isinstance(v, Mapping) for n in v if isinstance(n, str)]
    close = difflib.get_close_matches(name, names, n=1) or [
        m for m in difflib.get_close_matches(name, [n.split(".", 1)[1] for n in nested], n=1)]
    if close and close[0] not in names:
        close = [n for n in nested if n.split(".", 1)[1] == close[0]][:1]
    return f"có phải '{close[0]}'?" if close else "truyền dữ liệu bằng -d TỆP hoặc --set tên=giá_trị"


def _suspect(exc: DataError, context: Mapping[str, Any]) -> str | None:
    """For a number that could not be written: the data file cell it most likely came from."""
    missing = exc.message.startswith("thiếu số")
    text = re.match(r"^'(.*)' không phải là số", exc.message)
    if not (missing or text) or "pandas" not in sys.modules:
        return None
    from ..data import suspect_cell

    return suspect_cell(context.values(), missing=missing, text=text.group(1) if text else None)


def _frame_line(frame: FrameType, lineno: int) -> tuple[str | None, int | None] | None:
    """The template file and line of a frame of compiled template code (``None`` for any other
    frame): Jinja maps its lines back to the template only for the errors it handles."""
    compiled = frame.f_globals.get("__jinja_template__")
    return None if compiled is None else (compiled.filename, compiled.get_corresponding_lineno(lineno))


def _running_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line that was running when ``exc`` was raised into it."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        found = _frame_line(tb.tb_frame, tb.tb_lineno) or found
        tb = tb.tb_next
    return found


def _current_line() -> tuple[str | None, int | None]:
    """The template file and line being rendered now, from the running frames."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        found = _frame_line(frame, frame.f_lineno)
        if found:
            return found
        frame = frame.f_back
    return None, None
