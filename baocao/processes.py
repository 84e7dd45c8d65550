"""Finding and killing the processes a run started, also those that left its process group.

LibreOffice starts helpers in a session of its own, and a killed command leaves what it started
behind: both are found on Linux by a mark they carry — an argument or an environment entry
unique to one run — and killed together. Elsewhere nothing is found (the process group must do).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Mapping

__all__ = ["kill_marked", "marked_pids"]


def marked_pids(marks: Mapping[str, bytes]) -> list[int]:
    """Processes other than this one that carry a mark: ``marks`` maps a part of ``/proc/<pid>``
    (``"cmdline"``, ``"environ"``) to one whole NUL-separated item of it. Processes that vanish
    or cannot be read are skipped."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - no /proc to read
        return []
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:  # pragma: no cover - no /proc mounted
        return []
    found = []
    for pid in pids:
        if pid == os.getpid():
            continue
        for part, mark in marks.items():
            try:
                with open(f"/proc/{pid}/{part}", "rb") as fh:
                    if mark in fh.read().split(b"\0"):
                        found.append(pid)
                        break
            except OSError:  # gone meanwhile, or another user's process
                break
    return found


def kill_marked(marks: Mapping[str, bytes], deadline: float) -> None:
    """SIGKILL every process carrying one of ``marks``, again until none is left (one may start
    a process while the others are killed) or the ``time.monotonic()`` ``deadline`` passes."""
    while True:
        pids = marked_pids(marks)
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if time.monotonic() >= deadline:
            return
        time.sleep(0.02)
