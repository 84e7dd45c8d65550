"""Batch rendering: one document per unit (đơn vị) from one template and one table.

A province renders the same report for each of its units: the rows of a table (CSV, Excel,
JSON/YAML list, DataFrame) are grouped by a column (``by="don_vi"``) and the template is
rendered once per group, in parallel worker processes::

    from baocao.batch import render_many

    ket_qua = render_many("bao_cao.md.j2", "so_lieu.xlsx", by="don_vi", output="out/{don_vi}.docx")
    print(ket_qua)                     # 212 văn bản đã ghi, 0 lỗi
    for loi in ket_qua.failed:
        print(loi.unit, loi.error)

In the template of each unit:

- the grouping column's name holds the unit's key (``{{ don_vi }}``);
- ``rows`` holds the unit's rows, as a DataFrame (``{{ table(rows) }}``), always;
- the table's name (its file name, as for any data file, or ``name=``) holds them too, unless
  it is the grouping column's name (``don_vi.xlsx`` with ``by="don_vi"``: ``don_vi`` is the key);
- when a unit has exactly one row, each of its columns is also a variable (mail merge; a
  column named ``rows`` does not hide the rows).

Everything that can be checked before rendering is checked first and raised as a
:class:`~baocao.BaoCaoError` (no column ``by``, blank keys, two units writing the same file,
an output over an input, an unknown name in the output pattern). After that, a unit that
fails does not stop the others: its error is in the result and the others are written.
Each file is written atomically, so an interrupted batch leaves whole files only, and
``skip_existing=True`` (``--skip-existing``) completes just what is missing.

The workers are guarded by the parent process: a worker that dies (the out-of-memory killer,
``kill -9``) fails only the unit it was rendering and is replaced; a unit past its time limit
(``timeout`` plus a grace, twice ``timeout`` with PDF) has its worker killed and fails alone;
each unit's render and save run under a memory ceiling (``max_memory``, default
:func:`baocao.limits.limit` ``("max_memory")``). Ctrl-C or SIGTERM stops the workers, removes
their temporary files and raises :class:`KeyboardInterrupt` (:class:`BatchTerminated` for SIGTERM).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import math
import multiprocessing
import os
import signal
import string
import sys
import threading
import time
import unicodedata
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BaoCaoError, BaoCaoWarning, DataError, OutputError
from .files import refuse_inputs, temp_prefix, write_atomic
from .limits import limit, memory_ceiling, outside_ceiling
from .pdf import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    import pandas as pd

    from .model import VanBan
    from .pdf import PdfSession

__all__ = ["BatchResult", "BatchTerminated", "UnitResult", "render_many"]

_UNSAFE = set('/\\:*?"<>|')
_MAX_NAME = 120  # characters of one path component made from data


@dataclass(frozen=True)
class UnitResult:
    """What happened to one unit: written to ``path``, skipped (already there), or ``error``."""

    unit: str
    path: Path
    error: str | None = None
    skipped: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BatchResult:
    """The outcome of :func:`render_many`, one :class:`UnitResult` per unit in table order."""

    units: tuple[UnitResult, ...] = field(default_factory=tuple)

    @property
    def written(self) -> list[UnitResult]:
        return [u for u in self.units if u.ok and not u.skipped]

    @property
    def skipped(self) -> list[UnitResult]:
        return [u for u in self.units if u.skipped]

    @property
    def failed(self) -> list[UnitResult]:
        return [u for u in self.units if not u.ok]

    @property
    def ok(self) -> bool:
        """True when no unit failed."""
        return not self.failed

    def __str__(self) -> str:
        text = f"{len(self.written)} văn bản đã ghi, {len(self.failed)} lỗi"
        return text + (f", {len(self.skipped)} đã có (bỏ qua)" if self.skipped else "")


# ------------------------------------------------------------------------------ the job


class BatchTerminated(KeyboardInterrupt):
    """:func:`render_many` stopped by SIGTERM (``kill``, a service manager): like Ctrl-C, the
    workers are stopped and no temporary file is left; ``signal`` is the signal's number."""

    signal = signal.SIGTERM


_UNEXPECTED = "lỗi không mong đợi"
_SIGKILL = getattr(signal, "SIGKILL", 9)
_GRACE = 2.0  # seconds past a unit's own time limit before its worker is killed
_out_of_memory = 0  # units of this process that ran out of memory (a worker then makes way for a new one)


@dataclass
class _Job:
    """Everything a worker needs, given once to each worker process."""

    template: Path
    common: dict[str, Any]
    overrides: dict[str, Any]
    name: str
    by: str
    strict: bool
    timeout: float | None
    soffice: str | None
    pdf: bool = False
    max_memory: int = 0  # bytes one unit's render and save may take; 0: no ceiling


def _preload() -> None:
    """Import what units will need before any unit runs: a template's timeout (SIGALRM) that
    fires inside a first, lazy import (matplotlib on the first chart) leaves that module half
    imported and breaks every later render in the process. Done in the parent before the
    workers fork (they inherit it) and again in each worker (nothing to do after a fork)."""
    import pandas  # noqa: F401

    from . import chiso, tables, template  # noqa: F401
    from .writers import docx  # noqa: F401

    try:
        from .charts import _mpl

        _mpl()
    except (ImportError, BaoCaoError):  # no matplotlib: a chart says so in its unit
        pass


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back (they arrive afterwards) while workers start or are
    stopped: a worker forked here starts with them blocked until it ignores Ctrl-C."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _init(job: _Job) -> None:
    """A worker's start: Ctrl-C is the parent's to handle, SIGTERM ends the worker, the heavy
    modules are imported before the first unit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _preload()


def _python(value: Any) -> Any:
    """A cell as a plain Python value: numpy scalars unwrapped, NaN/NaT → None."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if type(value).__name__ == "Timestamp":
        return value.to_pydatetime()
    return value


class _Office(threading.local):
    """The warm LibreOffice of the batch this thread runs (a worker's, a ``workers=1`` batch's): of
    each thread its own, as two batches run side by side in one program must not share one."""

    converter: PdfSession | None = None  # see _pdf_session, made on the first PDF or table of contents
    keep = False  # while True, this thread's units convert through converter


_office = _Office()


def _pdf_session(job: _Job) -> PdfSession:
    """The LibreOffice this thread's batch converts its units' PDFs with, kept running from one
    unit to the next (:class:`baocao.pdf.PdfSession`); :func:`_close_pdf_session` ends it."""
    if _office.converter is None:
        from .pdf import PdfSession

        _office.converter = PdfSession(soffice=job.soffice)
    return _office.converter


def _close_pdf_session() -> None:
    _office.keep = False
    if _office.converter is not None:
        converter, _office.converter = _office.converter, None
        converter.close()


def _render_unit(job: _Job, index: int, key: str, rows: pd.DataFrame, output: str) -> UnitResult:
    """Render and write one unit; every failure becomes the result's ``error``. The render and
    the .docx run under the memory ceiling; LibreOffice (``pdf``) after it, unlimited — in a
    worker or a ``workers=1`` batch the process's LibreOffice kept running (:func:`_pdf_session`),
    for an executor's task a cold one."""
    from .data import SOURCE
    from .pdf import docx_to_pdf
    from .template import render

    path = Path(output)
    started = time.monotonic()
    caught: list[warnings.WarningMessage] = []
    try:
        variables = dict(job.common)
        rows = rows.reset_index(drop=True)
        rows.attrs.pop(SOURCE, None)  # its row numbers are no longer the file's lines
        if len(rows) == 1:  # mail merge: a one-row unit's columns are variables too
            variables.update({str(c): _python(v) for c, v in rows.iloc[0].items()})
        variables[job.name] = rows
        variables[job.by] = _python(rows[job.by].iloc[0]) if len(rows) else key
        variables["rows"] = rows  # always the unit's rows, even when the table's name is the --by column
        as_pdf = path.suffix.lower() == ".pdf"
        with memory_ceiling(job.max_memory, where=job.template.name):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", BaoCaoWarning)
                doc = render(job.template, variables, strict=job.strict, timeout=job.timeout or DEFAULT_TIMEOUT,
                             overrides=job.overrides)
                if job.strict:  # laying it out may warn too (a table of contents without page numbers)
                    warnings.simplefilter("error", BaoCaoWarning)
                try:
                    data = _docx_bytes(doc, job, started)
                except BaoCaoWarning as exc:
                    raise BaoCaoError(f"{exc} (strict: cảnh báo là lỗi)") from None
            if not as_pdf:
                write_atomic(path, data)
            del doc
        pdf_timeout = DEFAULT_TIMEOUT if job.timeout is None else job.timeout
        if as_pdf or job.pdf:
            target = path if as_pdf else path.with_suffix(".pdf")
            if _office.keep:
                _pdf_session(job).convert(data, target, timeout=pdf_timeout)
            else:
                docx_to_pdf(data, target, timeout=pdf_timeout, soffice=job.soffice)
    except BaoCaoError as exc:
        if _from_memory_error(exc):
            global _out_of_memory
            _out_of_memory += 1
        return UnitResult(key, path, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one unit's bug must not stop the batch
        return UnitResult(key, path, error=f"{_UNEXPECTED}: {type(exc).__name__}: {exc}")
    notes = tuple(str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning))
    return UnitResult(key, path, warnings=notes)


def _docx_bytes(doc: VanBan, job: _Job, started: float) -> bytes:
    """The unit's .docx; the pages of a table of contents laid out by the worker's LibreOffice
    kept running (:func:`_pdf_session`, started outside the unit's memory ceiling), not by a cold
    one per unit, in what is left of the unit's time for its template (from ``started``): a layout
    that takes longer leaves the entries without numbers, with a warning, before the worker's
    deadline (:meth:`_Pool._limit`) would fail the whole unit."""
    if not (doc.muc_luc and _office.keep):
        return doc.to_bytes(soffice=job.soffice)
    from .layout import LAYOUT
    from .muc_luc import with_page_numbers

    def convert(data: bytes, target: Path, **options: Any) -> Path:
        left = started + (job.timeout or DEFAULT_TIMEOUT) - time.monotonic()
        options["timeout"] = max(min(options.get("timeout", left), left), 0.5)
        with outside_ceiling():
            return _pdf_session(job).convert(data, target, **options)

    return with_page_numbers(doc, LAYOUT, job.soffice, convert=convert)


def _from_memory_error(exc: BaseException) -> bool:
    """Whether ``exc`` was raised for a :class:`MemoryError` (the memory ceiling's
    :class:`~baocao.limits.LimitError`, a template's "hết bộ nhớ")."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 20:
        if isinstance(cause, MemoryError):
            return True
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return False


def _spoiled(job: _Job, result: UnitResult, seconds: float, out_of_memory: bool) -> bool:
    """Whether a worker should not render another unit after this one: it was stopped by its
    timeout, ran out of memory or raised something unexpected, any of which may leave
    half-made state behind (a module half imported, a cache half filled)."""
    error = result.error
    if error is None:
        return False
    return out_of_memory or seconds >= (job.timeout or DEFAULT_TIMEOUT) or error.startswith(_UNEXPECTED)


def _serve(job: _Job, conn: Any, parent: int) -> None:
    """A worker: render the units the parent sends, ``(index, key, rows, output)``, one at a
    time, answering ``(index, result, retire)``; ``None``, the parent's end closing or the
    parent gone ends it, as does a spoiled unit (``retire``: the parent starts a fresh one).
    Its PDFs go through one LibreOffice kept running for all its units, ended with it (a worker
    the parent kills takes it along: :meth:`_Pool._kill`)."""
    _init(job)
    _office.keep = True
    try:
        while True:
            try:
                while not conn.poll(1.0):
                    if os.getppid() != parent:  # the parent was killed: do not linger
                        return
                task = conn.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            index, key, rows, output = task
            started, memory_errors = time.monotonic(), _out_of_memory
            result = _render_unit(job, index, key, rows, output)
            retire = _spoiled(job, result, time.monotonic() - started, _out_of_memory > memory_errors)
            try:
                conn.send((index, result, retire))
            except OSError:
                return
            if retire:
                return
    finally:
        _close_pdf_session()


# ------------------------------------------------------------------------------ planning


def _table(each: Any, name: str | None) -> tuple[pd.DataFrame, str, list[Path]]:
    """The table to split, the variable name for a unit's rows, and the input files."""
    import pandas as pd

    from .data import data_name, load_file

    if isinstance(each, (str, os.PathLike)):
        path = Path(each)
        stem = data_name(path.stem)
        value = load_file(path)
        if isinstance(value, dict) and value and all(isinstance(v, pd.DataFrame) for v in value.values()):
            raise DataError(f"tệp {str(path)!r} có nhiều trang tính: {', '.join(value)}", where=str(path),
                            hint="để bảng đơn vị ở một trang tính duy nhất, hoặc lưu nó thành CSV")
        table = _as_frame(value, str(path))
        return table, name or stem, [path]
    return _as_frame(each, "each"), name or data_name("du_lieu"), []


def _as_frame(value: Any, where: str) -> pd.DataFrame:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return value
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)) \
            and all(isinstance(r, Mapping) for r in value):
        return pd.DataFrame(list(value))
    raise DataError(f"cần một bảng (DataFrame, tệp CSV/XLSX, hoặc danh sách các dòng), nhận {type(value).__name__}",
                    where=where)


def _safe_part(value: Any) -> str:
    """A value as part of a file name: no folder separators or characters Windows refuses."""
    text = unicodedata.normalize("NFC", str(_python(value) if value is not None else ""))
    text = "".join("_" if (ch in _UNSAFE or unicodedata.category(ch)[0] == "C") else ch for ch in text)
    text = text.strip().strip(".").strip()
    return (text or "_")[:_MAX_NAME]


def _fields(pattern: str) -> list[str]:
    try:
        return [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise OutputError(f"mẫu tên tệp ra {pattern!r} không hợp lệ: {exc}", where="output",
                          hint="viết tên cột trong ngoặc nhọn, ví dụ 'out/{don_vi}.docx'") from None


def _plan(table: pd.DataFrame, by: str, pattern: str, where: str) -> list[tuple[str, Any, str]]:
    """(key, row positions, output path) for every unit, in order of first appearance."""
    import numpy as np

    if table.empty:
        raise DataError("bảng đơn vị không có dòng nào", where=where)
    if by not in table.columns:
        import difflib

        close = difflib.get_close_matches(by, [str(c) for c in table.columns], n=1)
        raise DataError(f"không có cột {by!r} để chia đơn vị", where=where,
                        hint=(f"ý bạn là {close[0]!r}? " if close else "")
                        + "các cột: " + ", ".join(str(c) for c in table.columns))
    keys = table[by]
    blank = keys.isna() | (keys.astype(str).str.strip() == "")
    if blank.any():
        rows = [str(i + 2) for i in np.flatnonzero(blank.to_numpy())[:10]]
        raise DataError(f"cột {by!r} để trống ở dòng {', '.join(rows)}" + (" …" if blank.sum() > 10 else ""),
                        where=where, hint="mỗi dòng cần tên đơn vị (dòng tính cả dòng tiêu đề)")
    names = _fields(pattern)
    known = {str(c) for c in table.columns} | {"stt"}
    unknown = [f for f in names if f.split(".")[0].split("[")[0] not in known]
    if unknown or not names:
        raise OutputError(f"mẫu tên tệp ra {pattern!r} " + (f"có tên không biết: {', '.join(unknown)}" if unknown
                                                            else "không có {tên cột}: mọi đơn vị sẽ ghi cùng một tệp"),
                          where="output", hint=f"dùng {{{by}}}, {{stt}} hoặc tên một cột: "
                                               + ", ".join(str(c) for c in table.columns))
    groups = table.groupby(by, sort=False, dropna=False).indices
    plan: list[tuple[str, Any, str]] = []
    seen: dict[str, str] = {}
    columns = [str(c) for c in table.columns]
    for number, (key, positions) in enumerate(groups.items(), 1):
        first = table.iloc[int(positions[0])]
        values: dict[str, Any] = {c: _safe_part(first.iloc[i]) for i, c in enumerate(columns) if c in names}
        values["stt"] = number
        try:
            output = pattern.format_map(values)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise OutputError(f"không lập được tên tệp từ {pattern!r}: {exc}", where="output") from None
        unit = str(_python(key))
        norm = os.path.normcase(os.path.abspath(output))
        if norm in seen:
            raise OutputError(f"hai đơn vị {seen[norm]!r} và {unit!r} cùng ghi vào {output!r}", where="output",
                              hint="thêm {stt} hoặc một cột khác vào mẫu tên tệp ra")
        seen[norm] = unit
        plan.append((unit, positions, output))
    return plan


# ------------------------------------------------------------------------------ running


def _progress(total: int, enabled: bool | None) -> Any:
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0  # no monitor thread: workers are forked while the bar runs

    return Bar(total=total, unit=" văn bản", desc="baocao", disable=None if enabled is None else not enabled,
               file=sys.stderr, dynamic_ncols=True)


def _context() -> multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext:
    """fork on Linux: workers start at once with everything imported, and a user's script
    needs no ``if __name__ == "__main__":`` guard; spawn elsewhere."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")  # pragma: no cover - macOS, Windows


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM raises :class:`BatchTerminated` while the batch runs (in the main thread, when
    the program has no SIGTERM handler of its own), so it is stopped as cleanly as by Ctrl-C."""
    def stop(_signum: int, _frame: object) -> None:
        raise BatchTerminated

    installed = False
    try:
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, stop)
            installed = True
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        if installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _remove_temps(folders: set[Path], pids: set[int]) -> None:
    """Remove the temporary files (:func:`baocao.files.temp_prefix`: ``.baocao-<pid>-….tmp``)
    that the processes ``pids``, killed while writing, left in ``folders``."""
    prefixes = tuple(temp_prefix(pid) for pid in pids)
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(prefixes) and name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux; none known elsewhere)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", "rb") as fh:
                found.extend(int(p) for p in fh.read().split())
        except (OSError, ValueError):
            pass
    return found


def _signal_text(number: int) -> str:
    try:
        return f"tín hiệu {number}: {signal.Signals(number).name}"
    except ValueError:
        return f"tín hiệu {number}"


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@dataclass
class _Worker:
    """One worker process, the parent's end of its pipe, and the unit it is rendering."""

    process: Any
    conn: Any
    index: int | None = None
    started: float = 0.0  # time.monotonic() when the unit was sent
    deadline: float = math.inf


class _Pool:
    """Worker processes rendering one unit at a time each, watched by the parent: a result,
    a worker's death and a unit's deadline are all seen in one :func:`wait`. A dead or killed
    worker fails only its unit and is replaced; memory stays flat however many units there
    are (one unit in flight per worker)."""

    def __init__(self, job: _Job, table: pd.DataFrame, plan: list[tuple[str, Any, str]], count: int,
                 done: Callable[[int, UnitResult], None]):
        self.job, self.table, self.plan, self.done = job, table, plan, done
        self.context = _context()
        self.workers: list[_Worker] = []
        self.sends: dict[int, int] = {}  # times each unit was sent to a worker
        try:
            for _ in range(count):
                self._start()
        except OSError:  # cannot fork as many as asked: go on with those there are
            if not self.workers:
                raise
        except BaseException:
            self.abort()
            raise

    def _start(self) -> None:
        """Start a worker and add it to :attr:`workers` (Ctrl-C waits until it is there)."""
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_serve, args=(self.job, child, os.getpid()), name="baocao-worker",
                                       daemon=True)
        with _signals_held():
            try:
                process.start()
            except BaseException:
                parent.close()
                raise
            finally:
                child.close()
            self.workers.append(_Worker(process, parent))

    def _limit(self, output: str) -> tuple[float, str]:
        """Seconds a unit may take in all before its worker is killed, and how they are made up."""
        timeout = self.job.timeout or DEFAULT_TIMEOUT
        if self.job.pdf or Path(output).suffix.lower() == ".pdf":
            return 2 * timeout + _GRACE, f"2 × {_seconds(timeout)} giây (mẫu và PDF) + {_seconds(_GRACE)} giây"
        return timeout + _GRACE, f"{_seconds(timeout)} giây + {_seconds(_GRACE)} giây"

    def run(self, todo: Sequence[int]) -> None:
        queue = deque(todo)
        try:
            while True:
                while queue:
                    idle = next((w for w in self.workers if w.index is None), None)
                    if idle is None:
                        break
                    self._send(idle, queue)
                busy = [w for w in self.workers if w.index is not None]
                if not busy:
                    if queue:  # no worker could be started
                        self._fail_all(queue)
                    break
                timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
                for worker in busy:
                    self._check(worker, ready)
        except BaseException:
            self.abort()
            raise
        self.close()

    def _send(self, worker: _Worker, queue: deque[int]) -> None:
        from multiprocessing.reduction import ForkingPickler

        i = queue.popleft()
        unit, positions, out = self.plan[i]
        try:
            message = ForkingPickler.dumps((i, unit, self.table.take(positions), out))
        except Exception as exc:  # noqa: BLE001 - a value that cannot go to another process
            self.done(i, UnitResult(unit, Path(out), error=f"{_UNEXPECTED}: không gửi được dữ liệu của đơn vị "
                                                           f"cho tiến trình con: {type(exc).__name__}: {exc}"))
            return
        self.sends[i] = self.sends.get(i, 0) + 1
        try:
            worker.conn.send_bytes(message)
        except OSError:  # the worker died while waiting for work: the unit goes to a new one
            if self.sends[i] < 3:
                queue.appendleft(i)
            else:
                self.done(i, UnitResult(unit, Path(out), error="không gửi được đơn vị này cho tiến trình con"))
            self._replace(worker)
            return
        seconds, _ = self._limit(out)
        worker.index, worker.started = i, time.monotonic()
        worker.deadline = worker.started + seconds

    def _check(self, worker: _Worker, ready: set[Any]) -> None:
        """Take the worker's result, or see that it died or passed its deadline."""
        if worker.conn in ready or worker.process.sentinel in ready:
            answer, closed = None, False
            try:
                answer = worker.conn.recv() if worker.conn.poll() else None
            except Exception:  # noqa: BLE001 - closed, or half an answer from a dying worker
                closed = True
            if answer is not None:
                i, result, retire = answer
                worker.index, worker.deadline = None, math.inf
                self.done(i, result)
                if retire:
                    self._replace(worker)
                return
            if closed or worker.process.sentinel in ready or not worker.process.is_alive():
                worker.process.join(timeout=1)
                code = worker.process.exitcode
                if code is None:  # pragma: no cover - its end of the pipe closed, itself still there
                    reason = "tiến trình con ngừng trả lời khi đang làm đơn vị này"
                elif code < 0:
                    reason = f"tiến trình con bị dừng ({_signal_text(-code)}) khi đang làm đơn vị này"
                    if code == -_SIGKILL:
                        reason += " — có thể do hết bộ nhớ (OOM killer) hoặc bị dừng từ bên ngoài"
                else:
                    reason = f"tiến trình con thoát bất thường (mã {code}) khi đang làm đơn vị này"
                self._lost(worker, reason)
                return
        if worker.index is not None and time.monotonic() >= worker.deadline:
            _, made_of = self._limit(self.plan[worker.index][2])
            seconds = worker.deadline - worker.started
            self._lost(worker, f"đơn vị chạy quá thời hạn {_seconds(seconds)} giây ({made_of}) nên tiến trình con "
                               f"làm nó bị dừng ({_signal_text(_SIGKILL)}) — cần lâu hơn thì đặt "
                               "--timeout / timeout=")

    def _lost(self, worker: _Worker, reason: str) -> None:
        """The worker's unit fails with ``reason``; the worker is killed (if it is not dead
        already), its temporary files removed, and a new worker takes its place."""
        i = worker.index
        assert i is not None
        unit, _, out = self.plan[i]
        self._kill(worker)
        _remove_temps({Path(out).parent}, {worker.process.pid})
        worker.index = None
        self.done(i, UnitResult(unit, Path(out), error=reason))
        self._replace(worker)

    @staticmethod
    def _kill(worker: _Worker) -> None:
        """Kill the worker and what it started (LibreOffice runs in a process group of its own)."""
        process = worker.process
        if process.exitcode is None:  # not reaped yet: its pid is still ours
            children: list[int] = []
            if hasattr(signal, "SIGSTOP"):
                with contextlib.suppress(OSError):
                    os.kill(process.pid, signal.SIGSTOP)  # it starts nothing more while its children are listed
                children = _children(process.pid)
            with contextlib.suppress(OSError):
                process.kill()
            for child in children:
                try:
                    os.killpg(child, _SIGKILL)
                except OSError:
                    with contextlib.suppress(OSError):
                        os.kill(child, _SIGKILL)
        process.join()
        worker.conn.close()
        if process.exitcode != 0:  # killed, or died: its LibreOffice (and its folder) may be left
            from .pdf import end_leftovers

            end_leftovers(process.pid)

    def _replace(self, worker: _Worker) -> None:
        worker.process.join(timeout=1)  # a retired worker is ending on its own
        self._kill(worker)
        with _signals_held():
            self.workers.remove(worker)
            worker.process.close()
        with contextlib.suppress(OSError):  # cannot fork (no memory, too many processes): the others go on
            self._start()

    def _fail_all(self, queue: deque[int]) -> None:
        while queue:
            i = queue.popleft()
            unit, _, out = self.plan[i]
            self.done(i, UnitResult(unit, Path(out), error="không chạy được: không khởi động được tiến trình con"))

    def close(self) -> None:
        """All done: the workers end on their own."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        while self.workers:
            worker = self.workers[0]
            worker.process.join(timeout=5)
            self._kill(worker)
            with _signals_held():
                self.workers.pop(0)
                worker.process.close()

    def abort(self) -> None:
        """Interrupted (Ctrl-C, SIGTERM, an error of ours): kill every worker at once and remove
        what the units in flight had begun to write."""
        with _signals_held():
            folders = {Path(self.plan[w.index][2]).parent for w in self.workers if w.index is not None}
            for worker in self.workers:
                self._kill(worker)
            _remove_temps(folders, {w.process.pid for w in self.workers})
            for worker in self.workers:
                worker.process.close()
            self.workers = []


def render_many(template: str | os.PathLike[str], each: Any, *, by: str, output: str,
                data: Mapping[str, Any] | None = None, name: str | None = None,
                overrides: Mapping[str, Any] | None = None, workers: int | None = None,
                progress: bool | None = None, skip_existing: bool = False, strict: bool = False,
                pdf: bool = False, timeout: float | None = None, soffice: str | None = None,
                max_memory: int | None = None, executor: concurrent.futures.Executor | None = None) -> BatchResult:
    """Render ``template`` once per unit of ``each`` (rows grouped by the column ``by``).

    ``output`` names each file: a pattern with ``{by}``, ``{stt}`` (the unit's number,
    e.g. ``{stt:03d}``) or any column (the unit's first row); ``.docx`` or ``.pdf``;
    missing folders are created. ``data`` holds variables shared by every unit;
    ``overrides`` (like ``--set``) win over everything. ``workers`` processes run at once
    (default: one per core; 1 runs in this process). ``progress``: show a progress bar
    (default: when standard error is a terminal). ``skip_existing``: leave files that are
    already there (to finish an interrupted batch). ``pdf``: a PDF beside each .docx
    (through LibreOffice; ``soffice`` as in :func:`baocao.pdf.docx_to_pdf`). ``timeout``:
    seconds a unit's template may run, and LibreOffice may take (default 180); a unit past
    it fails, the others go on — with workers, a unit still running 2 s after it (after
    twice it with PDF) has its worker killed. ``max_memory``: bytes of memory one unit's
    render and save may take (default ``limit("max_memory")``, 4 GB or ``BAOCAO_MAX_MEMORY``;
    0: no ceiling); a unit past it fails with a :class:`~baocao.limits.LimitError` message.

    ``executor``: any :class:`concurrent.futures.Executor` runs the units instead of baocao's
    workers (``workers`` is then unused) — a ``ProcessPoolExecutor``, or a cluster's (Dask's
    ``Client.get_executor()``, Ray's): each unit is one task, its result or its error comes back
    as a :class:`UnitResult` (a task the executor fails, e.g. a broken pool, fails with the
    executor's message), and the executor is left running for its owner. Its workers are its own
    to watch: no memory ceiling (``max_memory`` is refused with it) and no kill past the deadline;
    the template's time limit holds only where a task runs in a process's main thread (a
    ``ProcessPoolExecutor``), not in worker threads (a ``ThreadPoolExecutor``, Dask's workers). A
    process renders one unit at a time.

    Ctrl-C stops the workers and raises :class:`KeyboardInterrupt`, SIGTERM
    :class:`BatchTerminated` (a :class:`KeyboardInterrupt`); the files written are whole.
    """
    from .template.loader import _resolve

    if executor is not None:
        if not isinstance(executor, concurrent.futures.Executor):
            raise ValueError(f"executor phải là một concurrent.futures.Executor, nhận {type(executor).__name__}")
        if max_memory:
            raise ValueError("max_memory không dùng được với executor: giới hạn bộ nhớ là việc của executor")
        max_memory = 0
    if max_memory is None:
        max_memory = limit("max_memory")
    if isinstance(max_memory, bool) or not isinstance(max_memory, int) or max_memory < 0:
        raise ValueError(f"max_memory phải là số byte (0: không giới hạn), nhận {max_memory!r}")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or not 0 < timeout < math.inf):
        raise ValueError(f"timeout phải là số giây dương, nhận {timeout!r}")
    template_path, folder_data = _resolve(template)
    assert template_path is not None
    common = {**folder_data, **(data or {})}
    if any(type(v).__name__ == "CsvTable" for v in common.values()):  # the folder's CSV files, once for all units
        from .template.rendering import _env_of, settle_tables

        env, _, name_in_env = _env_of(template_path, template)
        common = settle_tables(common, env, name_in_env, overrides or {})
    table, var_name, each_files = _table(each, name)
    where = str(each_files[0]) if each_files else "each"
    plan = _plan(table, by, output, where)

    inputs = [template_path, *each_files]
    if Path(template).is_dir():
        inputs.extend(p for p in Path(template).iterdir() if p.is_file())
    folders: set[Path] = set()
    for _, _, out in plan:
        out_path = Path(out)
        if out_path.suffix.lower() not in (".docx", ".pdf"):
            raise OutputError(f"tệp ra phải có đuôi .docx hoặc .pdf: {out!r}", where="output")
        refuse_inputs(out_path, inputs, where="output")
        if pdf:
            refuse_inputs(out_path.with_suffix(".pdf"), inputs, where="output")
        folders.add(out_path.parent)
    if pdf or any(Path(out).suffix.lower() == ".pdf" for _, _, out in plan):
        from .pdf import find_soffice, find_uno_python

        soffice = find_soffice(soffice)  # missing LibreOffice: say so before anything is written
        find_uno_python(soffice)  # asked once here, remembered by the workers forked after
    created = {p for folder in folders for p in (folder, *folder.parents) if not p.exists()}
    for folder in sorted(folders):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"không tạo được thư mục {str(folder)!r}: {exc.strerror or exc}", where="output") \
                from None

    try:
        job = _Job(template=template_path, common=common, overrides=dict(overrides or {}),
                   name=var_name, by=by, strict=strict, timeout=timeout, soffice=soffice, pdf=pdf,
                   max_memory=max_memory)
        results: list[UnitResult | None] = [None] * len(plan)
        todo: list[int] = []
        for i, (unit, _, out) in enumerate(plan):
            if skip_existing and Path(out).is_file() and (not pdf or Path(out).with_suffix(".pdf").is_file()):
                results[i] = UnitResult(unit, Path(out), skipped=True)
            else:
                todo.append(i)

        count = min(workers or os.cpu_count() or 1, len(todo)) if todo else 0
        with _sigterm_interrupts():
            if todo:
                _preload()  # before the workers fork: they inherit it
            if executor is not None:
                _on_executor(executor, job, table, plan, todo, results, progress)
            elif count <= 1:
                _in_process(job, table, plan, todo, results, progress)
            else:
                bar: Any = None

                def done(i: int, result: UnitResult) -> None:
                    results[i] = result
                    if bar is not None:
                        bar.update(1)

                pool = _Pool(job, table, plan, count, done)  # workers fork before the progress bar exists
                try:
                    with _progress(len(plan), progress) as bar:
                        bar.update(len(plan) - len(todo))
                        pool.run(todo)
                finally:
                    pool.abort()  # nothing left to do after run(); after an interruption, stop them
        return BatchResult(tuple(r for r in results if r is not None))
    finally:  # folders made for files that were not written (every unit failed) go again
        for folder in sorted(created, key=lambda p: len(p.parts), reverse=True):
            try:
                folder.rmdir()
            except OSError:
                pass


#: Held while a unit renders in a process that may run others in other threads (an executor's task, a
#: ``workers=1`` batch): the warnings a unit records (``warnings.catch_warnings``) and its memory ceiling
#: (``RLIMIT_AS``) belong to the whole process — two threads would swap them, make one batch's strict
#: another's, and leave the caller's warnings redirected or its limit lowered.
_ONE_AT_A_TIME = threading.Lock()


def _fresh_lock() -> None:
    """In a forked child, a lock no thread of it holds (the parent's may be held by a thread the
    child does not have: it would wait for ever)."""
    global _ONE_AT_A_TIME
    _ONE_AT_A_TIME = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_lock)


def _render_unit_alone(job: _Job, index: int, key: str, rows: pd.DataFrame, output: str) -> UnitResult:
    """:func:`_render_unit` for an executor's task or a ``workers=1`` batch's unit, one at a time in a
    process (:data:`_ONE_AT_A_TIME`)."""
    with _ONE_AT_A_TIME:
        return _render_unit(job, index, key, rows, output)


def _on_executor(executor: concurrent.futures.Executor, job: _Job, table: pd.DataFrame,
                 plan: list[tuple[str, Any, str]], todo: list[int], results: list[UnitResult | None],
                 progress: bool | None) -> None:
    """Each unit a task of ``executor``; a task that cannot run (its worker died, the job could
    not be sent) fails its unit only. Ctrl-C cancels the tasks not started."""
    futures: dict[concurrent.futures.Future[UnitResult], int] = {}
    try:
        with _progress(len(plan), progress) as bar:
            bar.update(len(plan) - len(todo))
            for i in todo:
                unit, positions, out = plan[i]
                try:
                    future = executor.submit(_render_unit_alone, job, i, unit, table.take(positions), out)
                except RuntimeError as exc:  # shut down already: nothing can run
                    raise ValueError(f"executor không nhận việc: {exc}") from None
                futures[future] = i
            for future in concurrent.futures.as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as exc:  # noqa: BLE001 - the executor's failure is this unit's
                    results[i] = UnitResult(plan[i][0], Path(plan[i][2]),
                                            error=f"executor không chạy được đơn vị này: {type(exc).__name__}: {exc}")
                bar.update(1)
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def _in_process(job: _Job, table: pd.DataFrame, plan: list[tuple[str, Any, str]], todo: list[int],
                results: list[UnitResult | None], progress: bool | None) -> None:
    """``workers=1``: every unit in this process, one after the other."""
    _office.keep = True
    try:
        with _progress(len(plan), progress) as bar:
            bar.update(len(plan) - len(todo))
            for i in todo:
                unit, positions, out = plan[i]
                # Ctrl-C: write_atomic cleans up
                results[i] = _render_unit_alone(job, i, unit, table.take(positions), out)
                bar.update(1)
    finally:
        _close_pdf_session()  # also on Ctrl-C or SIGTERM: no LibreOffice outlives the batch
