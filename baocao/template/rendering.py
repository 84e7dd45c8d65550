"""Rendering: data + template → Markdown → the document model, under one time limit.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Mapping
from typing import Any

from ..errors import BaoCaoError, BaoCaoWarning, TemplateError
from ..limits import LimitError, TimeUp, limit, time_limit
from ..markup import read_markdown
from ..model import Block, NguoiKy, PhuLuc, VanBan
from ..sandbox import Sandbox, frozen
from .environment import _ENVIRONMENTS, _STATE, _environments, _Render
from .frontmatter import FIELDS, _check_fields, _key_line, _merge, _Str, parse_front_matter
from .loader import _chain, _Loader, _resolve, _short, builtin_folder
from .messages import _running_line, _translate


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
    loader: _Loader = env.loader
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
