"""Writing output files safely: whole or not at all, and never over an input.

Every file baocao writes (.docx, .pdf, batch outputs) goes through :func:`write_atomic`:
the bytes go to a temporary file in the target folder, which is then renamed over the
target — a crash, a full disk or Ctrl-C leaves the old file or nothing, never half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError

__all__ = ["check_target", "refuse_inputs", "write_atomic"]

#: The files of a template folder that are inputs: templates and data files.
_INPUT_SUFFIXES = (".j2", ".md", ".yaml", ".yml", ".json", ".csv", ".xlsx")


def check_target(target: str | os.PathLike[str], *, where: str = "save") -> None:
    """:class:`~baocao.OutputError` unless a file can be put at ``target``: its folder exists
    (and is a folder) and ``target`` is not a folder."""
    path = Path(target)
    parent = path.parent
    try:
        is_dir, parent_is_dir, exists = path.is_dir(), parent.is_dir(), parent.exists()
    except OSError as exc:  # a name too long, a loop of links …
        raise OutputError(f"không ghi được {str(path)!r}: {exc.strerror or exc}", where=where,
                          hint="chọn đường dẫn khác cho tệp ra") from None
    if not parent_is_dir:
        if exists:
            raise OutputError(f"{str(parent)!r} là một tệp, không phải thư mục: không ghi được {str(path)!r} vào đó",
                              where=where, hint="chọn đường dẫn khác cho tệp ra")
        raise OutputError(f"thư mục {str(parent)!r} không tồn tại", where=where,
                          hint="tạo thư mục trước, hoặc chọn đường dẫn khác")
    if is_dir:
        raise OutputError(f"{str(path)!r} là một thư mục, không ghi tệp ra đè lên được", where=where,
                          hint="chọn tên tệp ra khác, ví dụ " + str(path / "van-ban.docx"))


def write_atomic(target: str | os.PathLike[str], data: bytes, *, where: str = "save") -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename:
    readers see the old file or the whole new one, never a part; nothing is left on failure."""
    path = Path(target)
    check_target(path, where=where)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".baocao-", suffix=path.suffix + ".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual mode of a new file
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"không ghi được {str(path)!r}: {exc.strerror or exc}", where=where) from None
    return path


def refuse_inputs(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]], *,
                  where: str = "-o") -> None:
    """:class:`~baocao.OutputError` when ``output`` is one of the ``inputs`` (the same file,
    through any path or link): an output never overwrites a template or a data file."""
    out = Path(output)
    paths = []
    for given in inputs:  # a folder given as input (a template folder): the files in it
        path = Path(given)
        paths.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in _INPUT_SUFFIXES and p.is_file())
                     if path.is_dir() else [path])
    for path in paths:
        try:
            same = path.exists() and out.exists() and os.path.samefile(out, path)
        except OSError:
            same = False
        if same or (path.exists() and out.resolve() == path.resolve()):
            raise OutputError(f"tệp ra {str(out)!r} trùng tệp vào {str(path)!r}", where=where,
                              hint="chọn tên tệp ra khác")
