"""Finding templates: the template's folder, then the built-ins; includes and extends never
leave them; a folder given to ``render`` brings its data files.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from jinja2 import (
    FileSystemLoader,
    TemplateNotFound,
    nodes,
)
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..errors import TemplateError
from .frontmatter import _Memo, split_front_matter

TEMPLATE_SUFFIXES = (".md.j2", ".j2", ".md")


DATA_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")


@functools.lru_cache(maxsize=1)
def builtin_folder() -> Path:
    """The folder of the built-in templates (inside the installed package, or the
    repository's ``templates/`` in a source checkout)."""
    package = Path(__file__).resolve().parent.parent  # baocao/
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


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
        self.filenames: dict[str, str] = {}  # the file each was read from

    def get_source(self, environment, template):
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
        self.filenames[template] = filename
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


def parsed(env: SandboxedEnvironment, source: str, name: str, filename: str | None) -> nodes.Template:
    """A template's syntax tree, parsed once per text (a syntax error is raised, never kept)."""
    return _TREES.get_or(source, env.parse, source, name, filename)


_TREES = _Memo(size=64)


def _extends(env: SandboxedEnvironment, source: str, name: str, filename: str | None) -> tuple[str, int] | None:
    """The template a source extends and the line of its ``{% extends %}``."""
    for node in parsed(env, source, name, filename).find_all(nodes.Extends):
        if isinstance(node.template, nodes.Const):
            return str(node.template.value), node.lineno
    return None


_EXTENDS = _Memo()


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
            from ..data import load_data

            variables = load_data(files, lazy=True)  # a CSV: pandas only if the template needs it
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
