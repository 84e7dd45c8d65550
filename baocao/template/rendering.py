"""Rendering: data + template → Markdown → the document model, under one time limit.
"""

from __future__ import annotations

import contextlib
import difflib
import math
import os
import re
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import BaoCaoError, BaoCaoWarning, TemplateError
from ..limits import LimitError, TimeUp, limit, time_limit
from ..markup import drop_marks, read_markdown
from ..model import Block, NguoiKy, PhuLuc, VanBan
from ..sandbox import Sandbox, frozen
from .environment import _ENVIRONMENTS, _STATE, _environments, _Render, _shown_name
from .frontmatter import FIELDS, _check_fields, _key_where, _merge, _Str, parse_front_matter
from .loader import _chain, _Loader, _resolve, _short, builtin_folder, parsed
from .messages import _current_line, _running_line, _translate

# a front-matter value that is one expression and nothing else: "{{ danh_sach }}"
_WHOLE = re.compile(r"^\s*\{\{(?P<expr>(?:(?!\}\}|\{\{|\{%|\{#).)*)\}\}\s*$", re.DOTALL)


_NOTHING = object()


def _whole_expression(value: str, env: Sandbox, context: Mapping[str, Any],
                      known: Mapping[str, Any] | None = None) -> Any:
    """What a value that is one expression and nothing else gives (``noi_nhan: "{{ ds }}"``),
    or ``_NOTHING`` for anything else and for an expression that fails (rendered as text, which
    reports it with the line). ``known``: what :func:`_expressions` found for each expression."""
    whole = _WHOLE.match(value)
    if not whole:
        return _NOTHING
    expression = whole["expr"]
    if known is not None and expression in known:
        return known[expression]
    try:
        compiled = env.strings.get_or(("expression", expression), env.compile_expression, expression, False)
        return compiled(**context)
    except Exception:  # noqa: BLE001 - rendered as text below, which reports it with the line
        return _NOTHING


def _native_list(value: str, result: Any) -> list[Any] | None:
    """The list a value that is one expression gives (``noi_nhan: "{{ ds }}"`` with ``ds`` a list
    from a data file), kept a list rather than printed as ``"['A', 'B']"``; ``None`` for anything
    else, which is rendered as text."""
    if not isinstance(result, (list, tuple)):
        return None
    line = getattr(value, "line", 0) or 0
    out: list[Any] = []
    for item in result:  # texts keep the line; anything else is refused by the field, naming it
        if isinstance(item, str):
            item = _Str(item)
            item.line = line
        out.append(item)
    return out


def _wholes(value: Any) -> Iterator[str]:
    """The expressions of the front-matter values that are one expression and nothing else."""
    if isinstance(value, str):
        whole = _WHOLE.match(value) if "{{" in value else None
        if whole:
            yield whole["expr"]
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _wholes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _wholes(item)


def _together(env: Sandbox, expressions: tuple[str, ...]) -> Any:
    """One compiled template giving the tuple of ``expressions`` (as
    :meth:`~jinja2.Environment.compile_expression` compiles one): a front matter is compiled
    once rather than field by field; None when one of them is not an expression alone."""
    from jinja2 import nodes
    from jinja2.environment import TemplateExpression
    from jinja2.parser import Parser

    items = []
    for expression in expressions:
        parser = Parser(env, expression, state="variable")
        try:
            items.append(parser.parse_expression())
        except Exception:  # noqa: BLE001 - a syntax error is reported with its field's line, one by one
            return None
        if not parser.stream.eos:
            return None
    result = nodes.Tuple(items, "load", lineno=1)
    result.set_environment(env)
    body = nodes.Template([nodes.Assign(nodes.Name("result", "store"), result, lineno=1)], lineno=1)
    return TemplateExpression(env.from_string(body), False)


def _expressions(meta: Mapping[str, Any], env: Sandbox, context: Mapping[str, Any]) -> dict[str, Any]:
    """What each whole expression of the front matter gives, all evaluated at once; nothing
    when one fails (then each is evaluated alone, which reports the failure with its line)."""
    expressions = tuple(dict.fromkeys(_wholes(meta)))
    if len(expressions) < 2:
        return {}
    try:
        compiled = env.strings.get_or(("expressions", expressions), _together, env, expressions)
        results = compiled(**context) if compiled is not None else None
    except Exception:  # noqa: BLE001 - one by one below
        return {}
    if not isinstance(results, tuple) or len(results) != len(expressions):
        return {}
    return dict(zip(expressions, results))


def _render_meta(value: Any, env: Sandbox, context: Mapping[str, Any], name: str,
                 known: Mapping[str, Any] | None = None) -> Any:
    """The front matter with its ``{{ … }}`` rendered (``known``: the whole expressions already
    evaluated, see :func:`_expressions`)."""
    if known is None:
        known = _expressions(value, env, context) if isinstance(value, Mapping) else {}
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        result = _whole_expression(value, env, context, known)
        native = _native_list(value, result)
        if native is not None:
            return native
        line = getattr(value, "line", None)
        name = getattr(value, "source", None) or name  # a field of the base template: that file
        if type(result) is str:  # "{{ thong_tin.co_quan }}": what rendering it as text gives, at once
            out = drop_marks(result)
        else:
            state = _STATE.get(None)
            if state is not None:  # what a number printed raw says names this line
                state.front_line = (name, line or 0)
            try:
                out = env.strings.get_or(str(value), env.from_string, str(value)).render(context)
            except Exception as exc:  # noqa: BLE001 - reported with the front-matter line
                error = _translate(exc, name, set(), context)
                raise TemplateError(error.message, template=name, line=line, hint=error.hint) from None
            finally:
                if state is not None:
                    state.front_line = None
        result = _Str(out.strip())
        result.line = line or 0
        return result
    if isinstance(value, Mapping):
        return {k: _render_meta(v, env, context, name, known) for k, v in value.items()}
    if isinstance(value, list):
        return [_render_meta(v, env, context, name, known) for v in value]
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


def _document(meta: dict[str, Any], parsed_blocks: list[Block], phu_luc: list[PhuLuc], name: str,
              strict: bool = False) -> VanBan:
    """The model from the front matter and the body; what the model changed in a field typed the
    way it looks on paper is a warning naming the field's line (an error when ``strict``)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BaoCaoWarning)
        vb = _build(meta, parsed_blocks, phu_luc, name)
    for item in caught:
        if not issubclass(item.category, BaoCaoWarning):
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
            continue
        source, line = _key_where(meta, getattr(item.message, "field", ""))
        _report(str(item.message), source or name, line, strict, hint="sửa giá trị trong mẫu, hoặc bỏ --strict",
                stacklevel=4)
    return vb


def _report(message: str, name: str, line: int | None, strict: bool, *, hint: str, hint_in_warning: bool = False,
            stacklevel: int) -> None:
    """What rendering found doubtful: a :class:`BaoCaoWarning` naming the template and line (the
    caller's ``stacklevel``), or with ``strict`` a :class:`TemplateError` with ``hint``."""
    if strict:
        raise TemplateError(message, template=name, line=line, hint=hint)
    text = f"{name}:{line}: {message}" if line else f"{name}: {message}"
    warnings.warn(BaoCaoWarning(f"{text} ({hint})" if hint_in_warning else text), stacklevel=stacklevel + 1)


def _build(meta: dict[str, Any], parsed_blocks: list[Block], phu_luc: list[PhuLuc], name: str) -> VanBan:
    fields = {k: v for k, v in meta.items()}
    signer = fields.get("nguoi_ky")
    if isinstance(signer, Mapping):
        try:
            fields["nguoi_ky"] = NguoiKy(**{str(k): v for k, v in signer.items()})
        except BaoCaoError as exc:
            key = (exc.where or "").rsplit(".", 1)[-1]
            source, line = _key_where(signer, key)
            if line is None:
                source, line = _key_where(meta, "nguoi_ky")
            raise TemplateError(f"nguoi_ky.{key}: {exc.message}", template=source or name, line=line,
                                hint=exc.hint) from None
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
        source, line = _key_where(meta, key)
        block_line = re.search(r"dòng (\d+)", exc.where or "")
        if line is None and block_line:
            line = int(block_line.group(1))
        message = f"{field_name}: {exc.message}" if field_name and key not in exc.message else exc.message
        raise TemplateError(message, template=source or name, line=line, hint=exc.hint) from None
    return vb


def render(template: str | os.PathLike[str], data: Mapping[str, Any] | None = None, *, strict: bool = False,
           timeout: float | None = None, overrides: Mapping[str, Any] | None = None, **context: Any) -> VanBan:
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

    ``overrides`` (what ``--set`` gives, e.g. ``{"so": 99, "nguoi_ky": {"ho_ten": "…"}}``) win
    over everything: a front-matter field is replaced (a nested one merged: ``nguoi_ky.ho_ten``
    replaces only the name), data is merged into (``{"du_lieu": {"so_cv": 8}}`` changes one key
    of ``du_lieu.yaml`` and keeps the others); a name used nowhere gives a warning.
    """
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or not math.isfinite(timeout) or timeout <= 0):
        raise TemplateError(f"timeout phải là số giây dương, nhận {timeout!r}", template=str(template))
    try:
        with time_limit(timeout):  # the whole render: a folder's data, the template, Markdown, the model
            return _render(template, data, strict, context, overrides or {})
    except TimeUp as exc:
        filename, line = _running_line(exc)
        shown = _short(filename) or (_short(str(template)) if os.path.exists(template) else str(template))
        limit_text = f"{timeout:g} giây" if timeout else "thời hạn"
        raise TemplateError(f"mẫu chạy quá {limit_text} nên bị dừng" + (" ở dòng này" if line else ""),
                            template=shown, line=line,
                            hint="xem lại vòng lặp lồng nhau hay phép tính trên dữ liệu lớn; "
                                 "cần lâu hơn thì đặt --timeout / timeout=") from None


def _render(template: str | os.PathLike[str], data: Mapping[str, Any] | None, strict: bool,
            context: Mapping[str, Any], overrides: Mapping[str, Any]) -> VanBan:
    path, variables = _resolve(template)
    variables.update(data or {})
    variables.update(context)
    env, text_env, template_name = _env_of(path, template)
    variables = settle_tables(variables, env, template_name, overrides)
    given = set(variables)
    added: list[tuple[str, list[str]]] = []
    variables = _override_data(variables, overrides, new=added)  # front-matter fields too: "{{ so }}" sees them
    folder = path.parent if path is not None else None
    folders = ([folder] if folder else []) + [builtin_folder()]
    name = _short(str(path)) if path is not None else str(template)
    loader: _Loader = env.loader  # type: ignore[assignment]
    names = {str(f / template_name) for f in folders}
    state = _Render(name=name or "", folder=folder, strict=strict, files=names)
    token = _STATE.set(state)
    try:
        with frozen(variables):
            try:
                tpl = env.get_template(template_name)
                names.add(tpl.filename or "")
                chain = _chain(env, template_name, name or "")
                with _warnings_said() as said:
                    body = _body(tpl, variables)
            except TemplateError:
                raise
            except Exception as exc:  # noqa: BLE001 - anything a template or its data raises becomes a message
                raise _translate(exc, name or "", names, variables) from None
            meta: dict[str, Any] = {}
            for link in reversed(chain):  # base first, the template itself last
                link_name = (name or "") if link == template_name else _short(loader.filenames.get(link)) or link
                front = parse_front_matter(loader.front.get(link), link_name, base=link != template_name)
                _check_fields(front, link_name or "")
                meta = _merge(meta, front)
            meta = _render_meta(meta, text_env, variables, name or "")
            meta = _override_meta(meta, {k: v for k, v in overrides.items() if k in FIELDS})
            _check_fields(meta, name or "")
    finally:
        _STATE.reset(token)

    for message, filename, line in said:  # what the template's filters and functions said, at its line
        _report(message, _shown_name(filename, state), line, strict, hint="bỏ strict để chỉ cảnh báo",
                stacklevel=3)
    if overrides:
        _warn_unused(overrides, given, [loader.body.get(link, "") + (loader.front.get(link) or "") for link in chain],
                     name or "", strict, added)
    source = _MARKS.sub("", "\n".join(loader.body.get(template_name, "").splitlines()))  # read by _chain
    parsed = read_markdown(body, name=name or "", blocks=state.blocks, base=folder,
                           locate=lambda text, line: _find_line(source, text, line),
                           numbered_paragraphs=_numbered_paragraphs(meta.get("loai")))
    for message, line in parsed.warnings:
        _report(message, name or "", line, strict, hint="bỏ strict để chỉ cảnh báo", stacklevel=3)
    return _document(meta, parsed.blocks, parsed.phu_luc, name or "", strict)


@contextlib.contextmanager
def _warnings_said() -> Iterator[list[tuple[str, str | None, int | None]]]:
    """The :class:`BaoCaoWarning` s a filter or function says while the body is rendered
    (``phan_tram`` of a ratio, ``table()`` of one), each once, with the template and line it was
    at: reported after the body, as the reader's are (an error with ``strict``). Other warnings,
    and those baocao located itself (``located``: a number printed raw), are said again as they
    came, under the caller's own filters."""
    said: dict[tuple[str, str | None, int | None], None] = {}
    others: list[tuple[Warning | str, type[Warning], str, int]] = []
    found: list[tuple[str, str | None, int | None]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", BaoCaoWarning)

            def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                     file: Any = None, line: str | None = None) -> None:
                if issubclass(category, BaoCaoWarning) and not getattr(message, "located", False):
                    said[(str(message),) + _current_line()] = None
                else:
                    others.append((message, category, filename, lineno))

            warnings.showwarning = show
            yield found
    finally:
        found.extend(said)
        for message, category, filename, lineno in others:
            warnings.warn_explicit(message, category, filename, lineno)


def _env_of(path: Path | None, template: str | os.PathLike[str]) -> tuple[Sandbox, Sandbox, str]:
    """The body's and the front matter's environments of a template (kept between renders), and
    the template's name for them."""
    folders = ([path.parent] if path is not None else []) + [builtin_folder()]
    main = path.name if path is not None else None
    env, text_env = _ENVIRONMENTS.get_or((tuple(folders), main, os.getcwd()), _environments, folders, main)
    return env, text_env, path.name if path is not None else str(template)


def settle_tables(variables: dict[str, Any], env: Sandbox, template_name: str,
                  overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The CSV files not parsed yet (:class:`baocao.data.CsvTable`) made what the template gets:
    the header and rows (what ``table()`` takes, read without pandas) when every appearance of
    the name, in the template and every template it extends, includes or imports, is
    ``table(name, …)`` and the file reads the same without pandas; otherwise the DataFrame, as
    :func:`baocao.data.load_data` gives it (its errors are raised here). A name that ``--set``
    changes is a DataFrame too (it is merged into as one), and so is every CSV when ``table`` is
    a name of the data or a template is named by a variable."""
    lazy = [key for key, value in variables.items() if type(value).__name__ == "CsvTable"]
    if not lazy:
        return variables
    out = dict(variables)
    texts = None if "table" in variables else _reachable_texts(env, template_name)
    for key in lazy:
        value = out[key]
        rows = value.rows() if texts is not None and key not in overrides and _only_in_table(key, texts) else None
        out[key] = rows if rows is not None else value.frame()
    return out


def _only_in_table(name: str, texts: list[str]) -> bool:
    """Whether every appearance of ``name`` in ``texts`` is the first argument of a call of the
    global ``table``, and ``table`` itself is never anything else (a variable, a macro, a
    parameter; a string ``"table"`` is fine): the word anywhere else, even in a comment, says no."""
    word = re.escape(name)
    anywhere = re.compile(rf"(?<![\w.]){word}(?!\w)")
    in_table = re.compile(rf"(?<![\w.])table\(\s*{word}\s*[,)]")
    table_word = re.compile(r"(?<![\w.\"'])table(?![\w\"'])")  # "table" in quotes is a string
    table_call = re.compile(r"(?<![\w.])table\(")
    for text in texts:
        if len(table_word.findall(text)) != len(table_call.findall(text)) or re.search(r"macro\s+table\b", text):
            return False
        if len(anywhere.findall(text)) != len(in_table.findall(text)):
            return False
    return True


_MOST_TEMPLATES = 200


def _reachable_texts(env: Sandbox, name: str) -> list[str] | None:
    """The front matter and the body of ``name`` and of every template it extends, includes or
    imports, by constant names; None when a name is computed (``{% include var %}``), a template
    cannot be read or parsed, or there are more than :data:`_MOST_TEMPLATES`."""
    from jinja2 import meta

    loader: _Loader = env.loader  # type: ignore[assignment]
    todo, seen, out = [name], set(), []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if len(seen) > _MOST_TEMPLATES:
            return None
        try:
            body, filename, _ = loader.get_source(env, current)
            tree = parsed(env, body, current, filename)
        except Exception:  # noqa: BLE001 - missing, refused, not UTF-8, a syntax error: said by the render
            return None
        out += [loader.front.get(current) or "", body]
        for ref in meta.find_referenced_templates(tree):
            if ref is None:
                return None
            todo.append(ref)
    return out


def _override_data(variables: dict[str, Any], overrides: Mapping[str, Any], where: str = "",
                   new: list[tuple[str, list[str]]] | None = None) -> dict[str, Any]:
    """``variables`` with ``overrides`` merged in: a nested mapping merges key by key, so
    ``{"du_lieu": {"so_cv": 8}}`` keeps the other keys of ``du_lieu``; a value replaces. Keys
    added inside an existing mapping are listed in ``new`` (path, the keys it had)."""
    out = dict(variables)
    for key, value in overrides.items():
        current = out.get(key)
        path = f"{where}.{key}" if where else str(key)
        if where and key not in variables and new is not None:
            new.append((path, [str(k) for k in variables]))
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            out[key] = _override_data(dict(current), value, path, new)
        elif isinstance(value, Mapping) and current is not None and not isinstance(current, Mapping):
            raise TemplateError(f"--set {path}.…: '{path}' là {_kind(current)}, không đặt được khoá bên trong",
                                hint=f"đặt cả giá trị: --set {path}=…, hoặc sửa tệp dữ liệu")
        else:
            out[key] = value
    return out


def _override_meta(meta: Mapping[Any, Any], overrides: Mapping[str, Any]) -> dict[Any, Any]:
    """The front matter with ``overrides`` set in it, nested mappings merged; a key that was in the
    template keeps its line, so an error in the new value points at the field it replaced."""
    out = dict(meta)
    for key, value in overrides.items():
        old_key = next((k for k in out if k == key), key)
        current = out.get(key)
        out[old_key] = _override_meta(current, value) if isinstance(value, Mapping) and isinstance(current, Mapping) \
            else value
    return out


def _kind(value: Any) -> str:
    kind = type(value).__name__
    return {"DataFrame": "một bảng", "list": "một danh sách", "str": "một chuỗi"}.get(kind, f"kiểu {kind}")


def _warn_unused(overrides: Mapping[str, Any], given: set[str], texts: list[str], name: str, strict: bool,
                 added: list[tuple[str, list[str]]]) -> None:
    """A warning (an error when ``strict``) for each ``--set`` name that is neither a front-matter
    field, nor in the data, nor written anywhere in the template, and for each key it adds
    inside a data mapping that the template never writes (a misspelt key, most likely)."""
    words = set(re.findall(r"[^\W\d]\w*", "\n".join(texts)))
    problems: list[tuple[str, str]] = []
    for key in overrides:
        if key in FIELDS or key in given or key in words:
            continue
        close = difflib.get_close_matches(str(key), [*FIELDS, *given, *words], n=1)
        problems.append((f"--set {key}: không trường nào của phần đầu, dữ liệu hay mẫu dùng tên '{key}'",
                         f"có phải '{close[0]}'?" if close else "kiểm tra lại tên"))
    for path, had in added:
        last = path.rsplit(".", 1)[-1]
        if last not in words:
            close = difflib.get_close_matches(last, had, n=1)
            problems.append((f"--set {path}: '{path.rsplit('.', 1)[0]}' không có khoá '{last}' và mẫu không dùng nó",
                             f"có phải '{close[0]}'?" if close else "các khoá: " + ", ".join(had)))
    for message, hint in problems:
        _report(message, name, None, strict, hint=hint, hint_in_warning=True, stacklevel=4)


def _numbered_paragraphs(loai: Any) -> bool:
    """Whether the body of this type is numbered paragraphs rather than headings (a công văn)."""
    from ..doctypes import loai_van_ban

    try:
        return loai_van_ban(str(loai) if loai is not None else "bao_cao").co_ten_loai is False
    except BaoCaoError:
        return False  # an unknown type is reported with its line when the document is built


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
