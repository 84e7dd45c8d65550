"""Resource limits: how big anything a template or a data file makes may grow.

Templates and data files come from other people (a province shares its templates with its
communes): what they build is capped *before* the work is done, so hostile input ends in a
clear error rather than in minutes of C code or the out-of-memory killer. The numbers live
here, as data; each can be raised for one run with an environment variable named after it
(``BAOCAO_MAX_CELLS=20000000``), which batch workers inherit.

>>> limit("max_depth")
100
>>> import os; os.environ["BAOCAO_MAX_DEPTH"] = "250"; limit("max_depth")
250
>>> del os.environ["BAOCAO_MAX_DEPTH"]
>>> str(LimitError("bảng có 9.000.000 ô", "max_cells", where="so-lieu.xlsx"))  # doctest: +ELLIPSIS
'so-lieu.xlsx: bảng có 9.000.000 ô: quá giới hạn 5.000.000 (max_cells) (... BAOCAO_MAX_CELLS=...)'
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields

from .errors import BaoCaoError
from .records import FrozenRecord

__all__ = ["DEFAULT_TIMEOUT", "LIMITS", "LimitError", "Limits", "TimeUp", "env_name", "limit", "memory_ceiling",
           "parse_size", "time_limit"]

DEFAULT_TIMEOUT = 180.0
"""Seconds a render, and a LibreOffice conversion, may take by default (a cold LibreOffice start
takes 2–10 s); ``--timeout`` and ``timeout=`` change it."""


@dataclass(frozen=True, repr=False, eq=False)
class Limits(FrozenRecord):
    """The default limits (see the README's *Safety* section)."""

    max_text: int = 10_000_000
    """Characters (or items) of one string, list or bytes a template builds: 10 MB of text."""
    max_int_digits: int = 4_300
    """Decimal digits of an integer a template builds or writes (Python's own default)."""
    max_document: int = 50_000_000
    """Characters of a rendered template body (a 50 MB Markdown text)."""
    max_data_file: int = 200 * 2**20
    """Bytes of one data file (YAML, JSON, CSV, XLSX), checked before it is read."""
    max_cells: int = 5_000_000
    """Cells (rows × columns) of one table read from a data file, checked before it is loaded."""
    max_depth: int = 100
    """Nesting of data (YAML, JSON, front matter) and of template expressions."""
    max_memory: int = 4 * 2**30
    """Bytes of memory one render may use in the command and batch workers (``--max-memory``)."""


#: The defaults; :func:`limit` reads the environment over them.
LIMITS = Limits()
_NAMES = frozenset(f.name for f in fields(Limits))


def env_name(name: str) -> str:
    """The environment variable that raises limit ``name``: ``BAOCAO_MAX_CELLS``."""
    return "BAOCAO_" + name.upper()


def limit(name: str) -> int:
    """The limit ``name`` in force: its environment variable when set to a positive whole
    number, else the default in :data:`LIMITS`."""
    if name not in _NAMES:
        raise KeyError(name)
    raw = os.environ.get(env_name(name), "").strip().replace("_", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return int(getattr(LIMITS, name))


def _vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class LimitError(BaoCaoError):
    """Input that would pass one of the :class:`Limits`; the message names the limit and
    how to raise it."""

    def __init__(self, message: str, name: str, *, where: str | None = None, hint: str | None = None,
                 value: str | None = None):
        self.limit = name
        hint = hint or f"nếu đúng là cần lớn hơn, đặt biến môi trường {env_name(name)}=…"
        shown = value if value is not None else _vi(limit(name))
        super().__init__(f"{message}: quá giới hạn {shown} ({name})", where=where, hint=hint)


def parse_size(text: str) -> int:
    """Bytes from ``4G``, ``512M``, ``800K`` or a plain number of bytes (``0`` or ``off``: no ceiling).

    >>> parse_size("4G"), parse_size("512m"), parse_size("1.5G"), parse_size("off")
    (4294967296, 536870912, 1610612736, 0)
    """
    raw = text.strip().lower().removesuffix("b").replace("_", "")
    if raw in ("0", "off", "khong", "không"):
        return 0
    scale = {"k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}.get(raw[-1:], 1)
    number = raw[:-1] if scale > 1 else raw
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"không hiểu dung lượng {text!r}: viết như 4G, 512M hoặc off") from None
    if not 0 < value < float("inf") or value * scale < 64 * 2**20:
        raise ValueError(f"dung lượng {text!r} không hợp lệ: cần ít nhất 64M (hoặc off)")
    return int(value * scale)


def _address_space() -> int:
    """Bytes of address space this process uses now (Linux; 0 where unknown)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@contextmanager
def memory_ceiling(nbytes: int | None, *, where: str | None = None) -> Iterator[None]:
    """Let the code inside use at most ``nbytes`` more memory than the process holds now
    (the soft ``RLIMIT_AS``, put back afterwards, so LibreOffice started later is not
    limited). An allocation past it raises :class:`MemoryError` inside, turned into a
    :class:`LimitError` (``max_memory``) here. Nothing where there are no such limits
    (Windows) or when ``nbytes`` is 0/None.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        resource = None  # type: ignore[assignment]
    if not nbytes or resource is None or sys.platform == "darwin":  # macOS does not enforce RLIMIT_AS
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = _address_space() + nbytes
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if soft != resource.RLIM_INFINITY and soft <= ceiling:  # a lower limit is already in force
        ceiling = soft
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    _before_ceilings.append(soft)
    try:
        yield
    except MemoryError:
        raise LimitError("hết bộ nhớ dành cho một văn bản", "max_memory", where=where,
                         value=f"{_vi(nbytes // 2**20)} MB",
                         hint="dữ liệu hay mẫu tạo ra quá nhiều; nếu đúng là cần, tăng --max-memory "
                              f"(hoặc biến môi trường {env_name('max_memory')})") from None
    finally:
        _before_ceilings.pop()
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


_before_ceilings: list[int] = []  # the soft RLIMIT_AS each memory_ceiling found, outermost first


@contextmanager
def outside_ceiling() -> Iterator[None]:
    """Inside :func:`memory_ceiling`, the limit in force before it, for a program started here
    that outlives the code the ceiling is for (a LibreOffice kept running by a batch worker)."""
    if not _before_ceilings:
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_before_ceilings[0], hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class TimeUp(BaseException):
    """Raised into code that ran past its :func:`time_limit`; a BaseException, so that no
    ``except Exception`` in Jinja, pandas or a filter can swallow it."""


def _importing(frame: object) -> bool:
    """Whether the interrupted code is inside an ``import`` (a module half-run is broken for good)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):  # type: ignore[attr-defined]
            return True
        frame = frame.f_back  # type: ignore[attr-defined]
    return False


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Stop the code inside after ``seconds`` with :class:`TimeUp` (a SIGALRM timer); never in the
    middle of an import (the stop waits until the import is done). Nothing where there are no
    timers (Windows), outside the main thread (signals go to the main thread only) or while a
    timer already runs (the program's own, or an outer ``time_limit``: the outer one holds)."""
    if (not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0):
        yield
        return
    armed = True

    def stop(_signum: int, frame: object) -> None:
        if not armed:  # the block is over (the timer may fire while it is disarmed)
            return
        if _importing(frame):
            signal.setitimer(signal.ITIMER_REAL, 0.05)  # again, just after the import
            return
        raise TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            yield
        finally:
            armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
