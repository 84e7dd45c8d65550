"""Writing output files safely: whole or not at all, and never over an input.

Every file baocao writes (.docx, .pdf, batch outputs) goes through :func:`write_atomic`:
the bytes go to a temporary file in the target folder, which is then renamed over the
target — a crash, a full disk or Ctrl-C leaves the old file or nothing, never half a file.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError

__all__ = ["check_target", "refuse_inputs", "sweep_stale", "temp_prefix", "write_atomic"]

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


#: Temporary files are named ``.baocao-<pid>-XXXXXXXX<suffix>.tmp``: the pid tells a later
#: run whether the process that made one is gone (killed with ``kill -9``: nothing could
#: clean up), so that run removes it.
_TMP_PREFIX = ".baocao-"
_TMP = re.compile(r"^\.baocao-(\d+)-[^/]*\.tmp$")
_SWEPT: set[Path] = set()


def temp_prefix(pid: int | None = None) -> str:
    """The name every temporary file of process ``pid`` (this one by default) starts with."""
    return f"{_TMP_PREFIX}{os.getpid() if pid is None else pid}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # someone else's process: alive
        return True
    return True


def sweep_stale(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that processes no longer running left in ``folder``
    (once per folder and process); returns what was removed."""
    where = Path(folder)
    if where in _SWEPT:
        return []
    _SWEPT.add(where)
    removed = []
    try:
        names = os.listdir(where)
    except OSError:
        return []
    for name in names:
        m = _TMP.match(name)
        if m and int(m[1]) != os.getpid() and not _alive(int(m[1])):
            try:
                (where / name).unlink()
                removed.append(where / name)
            except OSError:
                pass
    return removed


_TEMP_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))


def _new_temp(folder: Path, suffix: str) -> tuple[int, str]:
    """A new file in ``folder``, ``temp_prefix()`` + a random part + ``suffix``, opened for writing
    and readable by this user only: what ``tempfile.mkstemp`` makes, without importing tempfile
    (and random, shutil …) on every command."""
    for _ in range(100):
        name = os.path.join(folder, f"{temp_prefix()}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, _TEMP_FLAGS, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "không còn tên tệp tạm nào", str(folder))  # pragma: no cover


def write_atomic(target: str | os.PathLike[str], data: bytes, *, where: str = "save") -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename:
    readers see the old file or the whole new one, never a part; nothing is left on failure,
    Ctrl-C or SIGTERM (see ``baocao.cli``), and a later run removes what ``kill -9`` left."""
    path = Path(target)
    check_target(path, where=where)
    tmp = None
    try:
        fd, tmp = _new_temp(path.parent, path.suffix + ".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual mode of a new file
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(f"không ghi được {str(path)!r}: {exc.strerror or exc}", where=where) from None
    finally:  # also on KeyboardInterrupt and the command's SIGTERM exception
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    sweep_stale(path.parent)
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
