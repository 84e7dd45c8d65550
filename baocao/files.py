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

__all__ = ["refuse_inputs", "write_atomic"]


def write_atomic(target: str | os.PathLike[str], data: bytes, *, where: str = "save") -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename:
    readers see the old file or the whole new one, never a part; nothing is left on failure."""
    path = Path(target)
    if not path.parent.is_dir():
        raise OutputError(f"thư mục {str(path.parent)!r} không tồn tại", where=where,
                          hint="tạo thư mục trước, hoặc chọn đường dẫn khác")
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
    for given in inputs:
        path = Path(given)
        try:
            same = path.exists() and out.exists() and os.path.samefile(out, path)
        except OSError:
            same = False
        if same or (path.exists() and out.resolve() == path.resolve()):
            raise OutputError(f"tệp ra {str(out)!r} trùng tệp vào {str(path)!r}", where=where,
                              hint="chọn tên tệp ra khác")
