"""The command's watchdog: the work runs in a child process that the parent kills when it
passes its deadline, however it is stuck.

The template's own time limit (a SIGALRM timer) stops Python code; it cannot stop C code that
never returns to Python (parsing a huge file, a regular expression that backtracks for hours,
a library that loops). So ``baocao render`` forks: the child does the work, the parent only
waits. Past ``--timeout`` + 2 s (+ the PDF's own time) the parent kills the child and what it
started (LibreOffice, marked by an environment variable), removes the temporary files it left,
and reports the limit — within the promised time, whatever the child was doing. A child that
dies by a signal (the out-of-memory killer) is reported the same way. SIGTERM to the command is
passed on to the child, which stops cleanly (exit 143); Ctrl-C reaches both from the terminal:
the child stops cleanly (exit 130), the parent waits for it.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import BaoCaoError
from .files import temp_prefix
from .processes import kill_marked

__all__ = ["MARK", "Terminated", "run_supervised"]

#: Environment variable carried by the child and everything it starts: the parent finds and
#: kills those processes by it.
MARK = "BAOCAO_SUPERVISOR"
GRACE = 2.0
"""Seconds past the work's own time limit before the parent kills it."""


class Terminated(KeyboardInterrupt):
    """Raised in the command by SIGTERM: it stops like Ctrl-C (nothing half-written is left), and
    the command exits with 143."""

    signal = signal.SIGTERM


def raise_terminated(_signum: int, _frame: object) -> None:
    raise Terminated


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # pragma: no cover - a real-time signal
        return f"SIG{number}"


def _kill_marked(token: str, grace: float = 1.0) -> None:
    """Kill what the child started (LibreOffice, even outside its process group): the processes
    whose environment carries ``MARK=token``."""
    kill_marked({"environ": f"{MARK}={token}".encode()}, time.monotonic() + grace)


def _remove_leftovers(child: int, folders: Iterable[Path]) -> None:
    """The temporary files and folders the killed ``child`` left (it could not remove them)."""
    from .pdf import end_leftovers

    prefix = temp_prefix(child)
    for folder in {*folders}:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
    end_leftovers(child)  # its LibreOffice's folder (baocao-pdf-<child>-…), and what still runs there


def _wait(pid: int, seconds: float, stopped: list[float]) -> int | None:
    """The child's wait status, or None when it is still running after ``seconds`` (or
    :data:`GRACE` seconds after the command was told to stop, when it was: ``stopped``)."""
    deadline = time.monotonic() + seconds
    fd = None
    with contextlib.suppress(OSError, AttributeError):
        fd = os.pidfd_open(pid)
    try:
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # pragma: no cover - reaped elsewhere
                return 0
            if done:
                return status
            if stopped:
                deadline = min(deadline, stopped[0] + GRACE)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if fd is not None:
                with contextlib.suppress(InterruptedError):
                    select.select([fd], [], [], min(left, 1.0))
            else:  # pragma: no cover - kernels before 5.3
                time.sleep(min(left, 0.02))
    finally:
        if fd is not None:
            os.close(fd)


def run_supervised(work: Callable[[], int], *, seconds: float, folders: Iterable[Path] = (),
                   what: str = "lệnh") -> int:
    """Run ``work`` in a child process; its exit code, or 1 with a message when it passed
    ``seconds`` + :data:`GRACE` or died by a signal. ``folders`` are where it writes (for its
    temporary files). Runs ``work`` here when there is no ``fork`` or other threads run."""
    if not hasattr(os, "fork") or threading.active_count() > 1 or not os.path.isdir("/proc"):
        return work()
    token = os.urandom(8).hex()  # not secrets.token_hex: importing secrets (hmac, hashlib) costs ~4 ms
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os.environ[MARK] = token
    pid = os.fork()
    if pid == 0:  # the child: the work, with SIGTERM as an exception
        code = 1
        try:
            signal.signal(signal.SIGTERM, raise_terminated)
            code = work()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except KeyboardInterrupt as exc:
            code = 143 if isinstance(exc, Terminated) else 130
        except BaseException:  # pragma: no cover - a bug: say so, briefly
            import traceback

            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(code)
    del os.environ[MARK]

    stopped: list[float] = []  # when SIGTERM (or SIGHUP) came

    def forward(_signum: int, _frame: object) -> None:
        stopped.append(time.monotonic())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)

    previous = {s: signal.signal(s, h) for s, h in ((signal.SIGINT, signal.SIG_IGN), (signal.SIGTERM, forward),
                                                    (signal.SIGHUP, forward))}
    try:
        status = _wait(pid, seconds + GRACE, stopped)
        if status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            _kill_marked(token)
            _remove_leftovers(pid, folders)
            if stopped:
                return 143
            raise BaoCaoError(f"{what} chạy quá {seconds:g} giây và bị dừng",
                              hint="xem lại mẫu và dữ liệu; cần lâu hơn thì đặt --timeout")
        _kill_marked(token, grace=0.5)
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            _remove_leftovers(pid, folders)
            if stopped:
                return 143
            raise BaoCaoError(f"{what} bị dừng bất thường (tín hiệu {number}: {_signal_name(number)})",
                              hint="có thể do hết bộ nhớ (giảm dữ liệu, hoặc đặt --max-memory để có thông báo rõ)")
        return os.WEXITSTATUS(status)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
