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
import os
import re
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import (
    BytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from . import formatting
from .errors import BaoCaoError, BaoCaoWarning, TemplateError
from .markup import BLOCK_MARK, escape, read_markdown
from .model import Block, Image, NguoiKy, PhuLuc, Table, VanBan

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


class _LineLoader(yaml.SafeLoader):
    """YAML loader whose strings and mapping keys remember their line."""


def _construct_str(loader: _LineLoader, node: yaml.Node) -> _Str:
    value = _Str(loader.construct_scalar(node))  # type: ignore[arg-type]
    value.line = node.start_mark.line + 2  # line 1 is the opening ---
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def parse_front_matter(text: str | None, name: str) -> dict[str, Any]:
    """Read the front matter; errors name the template line."""
    if text is None or not text.strip():
        return {}
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the broken construct began
        line = mark.line + 2 if mark else None
        raise TemplateError(f"phần đầu (YAML) sai cú pháp: {exc.problem or exc}", template=name, line=line,
                            hint="kiểm tra dấu hai chấm, thụt lề và dấu nháy") from None
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
    front matter."""

    def __init__(self, folders: list[Path]):
        super().__init__([str(f) for f in folders])
        self.builtin = FileSystemLoader(str(builtin_folder()))
        self.front: dict[str, str | None] = {}

    def get_source(self, environment, template):  # type: ignore[no-untyped-def]
        if template.startswith(BUILTIN_PREFIX):
            source, filename, uptodate = self.builtin.get_source(environment, template[len(BUILTIN_PREFIX):])
        else:
            source, filename, uptodate = super().get_source(environment, template)
        front, body = split_front_matter(source)
        self.front[template] = front
        return body, filename, uptodate


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` in the body: data is escaped, :class:`Markdown` is not."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape(value if isinstance(value, str) else str(value))


def _plain(value: object) -> object:
    return "" if value is None else value


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


def _environment(loader: _Loader, finalize: Callable[[object], object]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=loader, undefined=StrictUndefined, autoescape=False,
                               finalize=finalize, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True,
                               bytecode_cache=_COMPILED if finalize is _finalize else None)
    env.filters.update(formatting.FILTERS)
    env.filters["markdown"] = Markdown
    env.globals.update({name: _chiso(name) for name in CHISO})
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


def _translate(exc: BaseException, name: str, names: set[str], context: Mapping[str, Any]) -> TemplateError:
    """A Jinja (or data) error as a :class:`TemplateError` naming file and line."""
    if isinstance(exc, TemplateSyntaxError):
        return TemplateError(f"lỗi cú pháp mẫu: {exc.message}", template=_short(exc.filename) or name,
                             line=exc.lineno, hint="kiểm tra {{ }}, {% %} và các thẻ đóng (endif, endfor)")
    filename, line = _template_line(exc, names)
    where = _short(filename) or name
    if isinstance(exc, TemplateNotFound):
        return TemplateError(f"không tìm thấy mẫu '{exc.name}'", template=where, line=line,
                             hint="mẫu có sẵn: " + ", ".join(builtin_names()))
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
        return TemplateError(exc.message, template=where, line=line, hint=exc.hint)
    return TemplateError(f"lỗi khi điền mẫu: {type(exc).__name__}: {exc}", template=where, line=line)


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
    """The template and the ones it extends, base last; a loop is an error."""
    chain = [name]
    while True:
        source = env.loader.get_source(env, chain[-1])[0]  # type: ignore[union-attr]
        extends = [n for n in env.parse(source).find_all(nodes.Extends) if isinstance(n.template, nodes.Const)]
        if not extends:
            return chain
        parent = extends[0].template.value
        if parent in chain:
            hint = (f"mẫu có sẵn cùng tên: dùng {{% extends \"{BUILTIN_PREFIX}{parent}\" %}}"
                    if (builtin_folder() / parent).is_file() else "bỏ vòng kế thừa")
            raise TemplateError(f"mẫu '{chain[-1]}' kế thừa '{parent}', thành vòng lặp", template=shown,
                                line=extends[0].lineno, hint=hint)
        chain.append(parent)


# ---------------------------------------------------------------------------- render


def _render_meta(value: Any, env: SandboxedEnvironment, context: Mapping[str, Any], name: str) -> Any:
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        line = getattr(value, "line", None)
        try:
            out = env.from_string(value).render(context)
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


_MARKS = re.compile(r"[*_#`\\]")


def _find_line(source_lines: list[str], text: str, rendered: int | None) -> int | None:
    """The template line a rendered block most likely came from (``source_lines`` without
    Markdown marks, see :data:`_MARKS`)."""
    probe = _MARKS.sub("", text).strip()[:40]
    if len(probe) >= 8:
        hits = [i + 1 for i, line in enumerate(source_lines) if probe in line]
        if len(hits) == 1:
            return hits[0]
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
            raise TemplateError(exc.message, template=name, line=line, hint=exc.hint) from None
    if isinstance(fields.get("ngay"), list):
        fields["ngay"] = tuple(fields["ngay"])
    fields = {str(k): (str(v) if isinstance(v, _Str) else v) for k, v in fields.items()}
    try:
        vb = VanBan(**fields)
        vb.blocks.extend(parsed_blocks)
        vb.phu_luc.extend(phu_luc)
        vb.validate()
    except BaoCaoError as exc:
        key = (exc.where or "").split(".", 1)[-1].split(" ", 1)[0]
        line = _key_line(meta, key)
        block_line = re.search(r"dòng (\d+)", exc.where or "")
        if line is None and block_line:
            line = int(block_line.group(1))
        raise TemplateError(exc.message, template=name, line=line, hint=exc.hint) from None
    return vb


def render(template: str | os.PathLike[str], data: Mapping[str, Any] | None = None, *, strict: bool = False,
           **context: Any) -> VanBan:
    """Render a template with data into a document (save it with ``.save(path)`` or
    get ``.to_bytes()``).

    ``template`` is a ``.md.j2`` file, a folder holding one template and its data
    files (each loaded under its file name, see :func:`baocao.data.load_data`), or a
    built-in template's name. ``data`` and keyword arguments (dicts, lists,
    DataFrames, numbers, dates) are the template's variables; keyword arguments win.
    Content that cannot be laid out exactly gives a :class:`~baocao.BaoCaoWarning`,
    or a :class:`~baocao.TemplateError` when ``strict`` is true.
    """
    path, variables = _resolve(template)
    variables.update(data or {})
    variables.update(context)
    folder = path.parent if path is not None else None
    name = _short(str(path)) if path is not None else str(template)
    folders = ([folder] if folder else []) + [builtin_folder()]
    loader = _Loader(folders)
    state = _Render(name=name or "", folder=folder)
    env = _environment(loader, _finalize)
    text_env = _environment(loader, _plain)
    env.globals.update(table=state.table, chart=state.chart)
    template_name = path.name if path is not None else str(template)
    names = {str(f / template_name) for f in folders}
    try:
        tpl = env.get_template(template_name)
        names.add(tpl.filename or "")
        chain = _chain(env, template_name, name or "")
        body = tpl.render(variables)
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

    source_lines = [_MARKS.sub("", line) for line in
                    (tpl.filename and Path(tpl.filename).read_text(encoding="utf-8").splitlines()) or []]
    parsed = read_markdown(body, name=name or "", blocks=state.blocks, base=folder,
                           locate=lambda text, line: _find_line(source_lines, text, line))
    for message, line in parsed.warnings:
        if strict:
            raise TemplateError(message, template=name, line=line, hint="bỏ strict để chỉ cảnh báo")
        warnings.warn(BaoCaoWarning(f"{name}:{line}: {message}" if line else f"{name}: {message}"),
                      stacklevel=2)
    return _document(meta, parsed.blocks, parsed.phu_luc, name or "")


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
