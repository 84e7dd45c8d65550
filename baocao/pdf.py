"""PDF through LibreOffice (headless): the PDF writer at the end of the pipeline.

Each conversion runs ``soffice`` in a throwaway folder with its own user profile, so
conversions running at the same time (threads, processes, two users) never share a
profile lock. When it passes the timeout, or the caller is interrupted (Ctrl-C, SIGTERM),
the whole session is killed: its process group and, on Linux, any process that left the
group but still works in that folder (found through ``/proc``). The PDF is
written like the .docx: to a temporary file in the target folder, then renamed — nothing
half-written is ever left behind.

LibreOffice is found from the ``soffice=`` argument, the ``BAOCAO_SOFFICE`` environment
variable, then ``soffice`` / ``libreoffice`` on the ``PATH`` and the usual install folders.

:func:`docx_to_pdf` starts LibreOffice afresh for each document (1–3 s, most of it start-up).
A batch converts through a :class:`PdfSession` instead: one LibreOffice kept running (a
listener on a private pipe), driven by a small client run by a Python that has LibreOffice's
``uno`` module (:func:`find_uno_python`), with the same isolation, timeout and kill guarantees
per document; without such a Python it converts each document cold, like :func:`docx_to_pdf`.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import json
import math
import os
import re
import select
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import weakref
import zipfile
from pathlib import Path
from typing import Any

from .errors import OutputError
from .files import check_target, write_atomic
from .limits import DEFAULT_TIMEOUT
from .processes import kill_marked, marked_pids

__all__ = ["DEFAULT_TIMEOUT", "PdfSession", "docx_to_pdf", "find_soffice", "find_uno_python"]


_KNOWN_PLACES = (
    "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "C:/Program Files/LibreOffice/program/soffice.exe",
)

_INSTALL_HINT = ("cài LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui), "
                 "hoặc đặt biến môi trường BAOCAO_SOFFICE là đường dẫn tới soffice")


def find_soffice(soffice: str | os.PathLike[str] | None = None) -> str:
    """The LibreOffice program to run; :class:`~baocao.OutputError` when there is none."""
    given = soffice if soffice is not None else os.environ.get("BAOCAO_SOFFICE") or None
    if given is not None:
        found = shutil.which(str(given))
        if found is None:
            raise OutputError(f"không chạy được LibreOffice {str(given)!r}: không có tệp này hoặc không chạy được",
                              where="pdf", hint=_INSTALL_HINT)
        return os.path.abspath(found)  # relative to here, not to LibreOffice's working folder
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return os.path.abspath(found)
    for place in _KNOWN_PLACES:
        if os.access(place, os.X_OK):
            return place
    raise OutputError("không tìm thấy LibreOffice để chuyển sang PDF", where="pdf", hint=_INSTALL_HINT)


def _profile_argument(folder: str) -> str:
    """The option giving LibreOffice its own user profile inside ``folder``."""
    return "-env:UserInstallation=" + (Path(folder) / "profile").as_uri()


def _session_marks(folder: str) -> dict[str, bytes]:
    """What marks the processes of the conversion working in ``folder`` (unique to it): its
    profile option among their arguments, or ``HOME=<folder>`` in their environment."""
    return {"cmdline": os.fsencode(_profile_argument(folder)), "environ": b"HOME=" + os.fsencode(folder)}


def _pipe_name(folder: str) -> str:
    """The name of the pipe a warm LibreOffice of ``folder`` listens on: the folder's own name,
    unique like the folder, and found again from it (:func:`end_leftovers`)."""
    return Path(folder).name


def _remove_sockets(folder: str) -> None:
    """Remove the named pipes a killed LibreOffice of ``folder`` leaves in /tmp (a LibreOffice
    that ends by itself removes them): the one its profile makes (``SingleOfficeIPC_`` and the
    MD5 of the profile's URL in UTF-16) and a listener's (:func:`_pipe_name`). Nobody else uses them."""
    if os.name != "posix":  # pragma: no cover - Windows: named pipes are not files
        return
    profile = _profile_argument(folder).partition("=")[2]
    digest = hashlib.md5(profile.encode("utf-16-le"), usedforsecurity=False).digest()
    names = ["SingleOfficeIPC_" + "".join(f"{byte:x}" for byte in digest), _pipe_name(folder)]  # hex without 0s
    for place in ("/tmp", "/var/tmp"):
        for name in names:
            path = f"{place}/OSL_PIPE_{os.getuid()}_{name}"
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.lstat(path).st_mode):
                    os.unlink(path)


def _end_session(proc: subprocess.Popen[bytes] | None, folder: str, *, grace: float = 1.5) -> None:
    """Kill what is left of the LibreOffice session: its process group (LibreOffice runs in its
    own session) and every process that left the group but still works in ``folder``; waits at
    most ``grace`` seconds in all. Removes the named pipes it leaves in /tmp when killed."""
    deadline = time.monotonic() + grace
    if proc is not None and proc.returncode is None:  # not reaped yet: its pid is still the group id
        try:
            if os.name == "posix":
                os.killpg(proc.pid, signal.SIGKILL)
            else:  # pragma: no cover - Windows
                proc.kill()
        except (ProcessLookupError, PermissionError):  # pragma: no cover - already gone
            pass
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
    kill_marked(_session_marks(folder), deadline)
    _remove_sockets(folder)


def end_leftovers(pid: int) -> None:
    """Kill the LibreOffice sessions that the killed process ``pid`` left running and remove
    their ``baocao-pdf-<pid>-…`` folders, and the folders it measured a table of contents in
    (``baocao-muc-luc-<pid>-…``): a process killed with ``kill -9`` cannot end them."""
    from .muc_luc import LEFTOVER_PREFIX

    with contextlib.suppress(OSError):
        for entry in os.scandir(tempfile.gettempdir()):
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.name.startswith(f"baocao-pdf-{pid}-"):
                _end_session(None, entry.path, grace=1.0)
                shutil.rmtree(entry.path, ignore_errors=True)
            elif entry.name.startswith(f"{LEFTOVER_PREFIX}{pid}-"):
                shutil.rmtree(entry.path, ignore_errors=True)


def _said(log: Path) -> list[str]:
    """The last lines LibreOffice wrote (its output goes to a file, never a pipe)."""
    try:
        with open(log, "rb") as fh:
            fh.seek(max(fh.seek(0, os.SEEK_END) - 4096, 0))
            return fh.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    except OSError:  # pragma: no cover - the folder is ours
        return []


#: The PDF export with the document's bookmarks as named destinations (LibreOffice 7.4 and later
#: read these options): where each heading lands, for the page numbers of a table of contents.
_WITH_DESTINATIONS = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


def _checked(source: bytes | str | os.PathLike[str], target: str | os.PathLike[str]) -> tuple[Path, bytes]:
    """The PDF's path (checked: ``.pdf``, a folder to put it in) and the .docx's bytes."""
    out = Path(target)
    if out.suffix.lower() != ".pdf":
        raise OutputError(f"tệp PDF phải có đuôi .pdf: {str(out)!r}", where="pdf")
    check_target(out, where="pdf")
    if isinstance(source, (str, os.PathLike)):
        src_path = Path(source)
        try:
            return out, src_path.read_bytes()
        except OSError as exc:
            raise OutputError(f"không đọc được {str(src_path)!r}: {exc.strerror or exc}", where="pdf") from None
    return out, bytes(source)


def _seconds(timeout: object) -> float:
    """``timeout`` when it is a number of seconds (an OutputError otherwise: NaN would wait for ever)."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or math.isnan(timeout):
        raise OutputError(f"thời gian chờ phải là một số giây, nhận {timeout!r}", where="pdf")
    return float(timeout)


def _too_long(timeout: float) -> OutputError:
    return OutputError(f"LibreOffice không xong sau {timeout:g} giây khi chuyển sang PDF", where="pdf",
                       hint="tăng thời gian chờ (timeout=…, --timeout) hoặc kiểm tra LibreOffice")


def docx_to_pdf(source: bytes | str | os.PathLike[str], target: str | os.PathLike[str], *,
                timeout: float = DEFAULT_TIMEOUT, soffice: str | os.PathLike[str] | None = None,
                destinations: bool = False) -> Path:
    """Convert a .docx (its bytes or its path) to the PDF file ``target``; returns its path.

    Raises :class:`~baocao.OutputError` when LibreOffice is missing, fails, or takes longer
    than ``timeout`` seconds; ``target`` is then left as it was. ``destinations``: the bookmarks
    become named destinations of the PDF (``pdfinfo -dests`` lists their pages). On a timeout or an interruption
    (Ctrl-C, an exception raised by a SIGTERM handler) every process of the conversion is killed
    and the temporary folder removed before the exception goes on; this takes at most ~2 s more.
    """
    out, data = _checked(source, target)
    timeout = _seconds(timeout)
    program = find_soffice(soffice)
    with tempfile.TemporaryDirectory(prefix=f"baocao-pdf-{os.getpid()}-") as work:  # pid: see supervisor
        folder = Path(work)
        docx = folder / "van-ban.docx"
        docx.write_bytes(data)
        command = [program, _profile_argument(work), "--headless", "--norestore", "--nologo",
                   "--nodefault", "--nolockcheck", "--convert-to",
                   _WITH_DESTINATIONS if destinations else "pdf:writer_pdf_Export",
                   "--outdir", str(folder), str(docx)]
        # some builds write to ~ despite the profile; its temporary files (lu….tmp) go with the folder
        env = dict(os.environ, HOME=str(folder), TMPDIR=str(folder))
        log = folder / "soffice.log"
        proc = None
        try:
            with open(log, "wb") as output:  # a file, not a pipe: waiting waits only for soffice itself
                try:
                    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output,
                                            stderr=subprocess.STDOUT, env=env, cwd=folder,
                                            start_new_session=True)
                except OSError as exc:
                    raise OutputError(f"không chạy được LibreOffice {program!r}: {exc.strerror or exc}",
                                      where="pdf", hint=_INSTALL_HINT) from None
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise _too_long(timeout) from None
        finally:  # also on Ctrl-C or SIGTERM: no LibreOffice process outlives the call
            _end_session(proc, work)
        assert proc is not None  # Popen failed: OutputError raised above
        pdf = folder / "van-ban.pdf"
        if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            said = _said(log)
            raise OutputError(f"LibreOffice không chuyển được sang PDF (mã thoát {proc.returncode})"
                              + (": " + " / ".join(said) if said else ""), where="pdf")
        return write_atomic(out, pdf.read_bytes(), where="pdf")


# ------------------------------------------------------------------------------ a warm LibreOffice

_CLIENT = Path(__file__).parent / "resources" / "uno_client.py"
_HAS_UNO: dict[str, bool] = {}  # a Python's path → whether it imports uno (asked once per process)


def _has_uno(python: str) -> str | None:
    """``python``'s absolute path when it imports ``uno`` (asked once per process, in its own
    process session, killed whole past a few seconds), else None."""
    found = shutil.which(python)
    if found is None:
        return None
    found = os.path.abspath(found)  # the client runs in the session's folder
    if found not in _HAS_UNO:
        _HAS_UNO[found] = False
        try:
            probe = subprocess.Popen([found, "-I", "-c", "import uno"], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            return None
        try:
            _HAS_UNO[found] = probe.wait(timeout=_UNO_PROBE) == 0
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(probe.pid, signal.SIGKILL)
            probe.wait()
    return found if _HAS_UNO[found] else None


_UNO_PROBE = 10.0  # seconds a Python may take to import uno (it takes ~0.1 s)


def find_uno_python(soffice: str | os.PathLike[str] | None = None) -> str | None:
    """A Python that imports LibreOffice's ``uno`` module (to drive a warm LibreOffice), or None.

    The ``BAOCAO_UNO_PYTHON`` environment variable when set (only it: a value that is no such
    Python, e.g. ``none``, turns the warm LibreOffice off), else ``/usr/bin/python3`` (Debian,
    Ubuntu: package ``python3-uno``), the ``python`` in the folder of LibreOffice's program
    (``soffice``; its own Python on Windows and macOS), then ``python3`` on the ``PATH``. Each
    answer is asked once per process (``import uno`` in that Python) and remembered.
    """
    given = os.environ.get("BAOCAO_UNO_PYTHON")
    if given:
        candidates = [given]
    else:
        candidates = ["/usr/bin/python3"]
        if soffice is not None:
            program = Path(os.path.realpath(soffice)).parent
            candidates += [str(program / "python"), str(program / "python.exe")]
        candidates.append("python3")
    return next((found for found in map(_has_uno, candidates) if found is not None), None)


_RUNNING: weakref.WeakSet[PdfSession] = weakref.WeakSet()  # sessions with a LibreOffice, closed at exit


@atexit.register
def _close_running() -> None:
    """A program that ends without closing its sessions: their LibreOffice ends with it."""
    for session in list(_RUNNING):
        session.close()


def _forget_in_child() -> None:
    """In a forked child: the sessions' pipes to their clients are the parent's. The child's
    copies of them are pointed at /dev/null (nothing it buffered reaches a client), so that a
    client still sees its input end when the parent dies, however long the child lives."""
    sessions = [s for s in list(_RUNNING) if s._client is not None]
    if not sessions:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for session in sessions:
            client = session._client
            assert client is not None
            for stream in (client.stdin, client.stdout):
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    os.dup2(null, stream.fileno())  # type: ignore[union-attr]
            session._office = session._client = session._folder = None
            _RUNNING.discard(session)
    finally:
        os.close(null)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def _embeds_fonts(data: bytes) -> bool:
    """Whether a .docx carries fonts of its own (a relationship of type font, or font files):
    True too when it cannot be read as a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                name = info.filename.lower()
                if name.endswith((".odttf", ".ttf", ".otf", ".fntdata")):
                    return True
                if name.endswith(".rels") and info.file_size < (1 << 20) \
                        and re.search(rb"/relationships/font[\"']", package.read(info)):  # not fontTable
                    return True
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return True
    return False


class _Lost(Exception):
    """The warm LibreOffice or its client ended (crashed, killed): what they said last."""


class _NotStarted(Exception):
    """The warm LibreOffice could not be started (not a matter of time): convert cold instead."""


class PdfSession:
    """Convert many .docx files to PDF through one LibreOffice kept running: a batch's
    documents take a fraction of a second each instead of a cold start each. A context manager::

        with PdfSession() as pdf:
            for name in names:
                pdf.convert(f"{name}.docx", f"{name}.pdf", timeout=60)

    LibreOffice listens on a private pipe, in a throwaway ``baocao-pdf-<pid>-…`` folder with its
    own profile and ``HOME`` (two sessions, or a session and :func:`docx_to_pdf`, never share
    anything), in a process session of its own; a small client (``baocao/resources/uno_client.py``,
    run by :func:`find_uno_python`'s Python, in its own process session too) loads each document
    hidden, read-only and with macros never run, and exports it. Per document, as
    :func:`docx_to_pdf`: the PDF is written atomically, and :class:`~baocao.OutputError` is
    raised when LibreOffice fails or passes ``timeout`` seconds (the start included, when the
    document starts LibreOffice) — then, and when LibreOffice crashed or was killed, every
    process of the session is killed, its folder removed, and the next document starts a new
    LibreOffice: a failure costs its document only. LibreOffice is also restarted every
    ``recycle`` documents, to bound its memory.

    :meth:`close` (the end of the ``with``, also on Ctrl-C, SIGTERM turned into an exception,
    or an error) kills LibreOffice and the client and removes the folder at once; should this
    process die without it, the client sees its input end and kills LibreOffice itself.

    Without a Python that has ``uno`` (or off POSIX), or when the listener cannot start, each
    document is converted cold by :func:`docx_to_pdf` — correct, only slower; :attr:`warm` says
    which. One document at a time: a session is not shared between threads or processes.
    """

    def __init__(self, *, soffice: str | os.PathLike[str] | None = None, recycle: int = 200):
        self.soffice = find_soffice(soffice)
        self.recycle = recycle
        python = find_uno_python(self.soffice) if _CLIENT.is_file() and os.name == "posix" else None
        self.python: str | None = python
        #: True while documents go through the warm LibreOffice; False: each is converted cold.
        self.warm = python is not None
        #: Documents the running LibreOffice has converted (0 when none runs).
        self.converted = 0
        self._office: subprocess.Popen[bytes] | None = None
        self._client: subprocess.Popen[bytes] | None = None
        self._folder: str | None = None
        self._buffer = b""
        self._number = 0
        self._owner = os.getpid()  # the process that started the running LibreOffice

    def __enter__(self) -> PdfSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The running LibreOffice's process id (the leader of its process group), or None."""
        return self._office.pid if self._office is not None else None

    @property
    def folder(self) -> Path | None:
        """The running LibreOffice's throwaway folder (profile, documents in flight), or None."""
        return Path(self._folder) if self._folder is not None else None

    def close(self) -> None:
        """Kill LibreOffice and the client, remove the folder (well within 2 s); the session
        can still be used: the next document starts a new LibreOffice."""
        office, client, folder = self._office, self._client, self._folder
        self._office = self._client = self._folder = None
        self._buffer, self.converted = b"", 0
        _RUNNING.discard(self)
        if self._owner != os.getpid():  # a copy in a forked child: that LibreOffice is its parent's
            return
        if client is not None:
            for stream in (client.stdin, client.stdout):
                with contextlib.suppress(OSError):
                    stream.close()  # type: ignore[union-attr]
            if client.returncode is None:
                with contextlib.suppress(OSError):
                    os.killpg(client.pid, signal.SIGKILL)
        if folder is not None:
            _end_session(office, folder, grace=1.0)
        if client is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                client.wait(timeout=0.5)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def convert(self, source: bytes | str | os.PathLike[str], target: str | os.PathLike[str], *,
                timeout: float = DEFAULT_TIMEOUT, destinations: bool = False) -> Path:
        """Convert a .docx (its bytes or its path) to the PDF file ``target``; returns its path.
        Arguments and errors as :func:`docx_to_pdf`'s; ``timeout`` counts from this call."""
        out, data = _checked(source, target)
        timeout = _seconds(timeout)
        deadline = time.monotonic() + timeout
        if self.warm:
            try:
                return self._convert(data, out, timeout, deadline, destinations)
            except _NotStarted:
                self.warm = False  # from now on cold, in the time left to this document
        return docx_to_pdf(data, out, timeout=max(deadline - time.monotonic(), 0.001), soffice=self.soffice,
                           destinations=destinations)

    def _convert(self, data: bytes, out: Path, timeout: float, deadline: float, destinations: bool,
                 again: bool = True) -> Path:
        if self._client is not None and (self.converted >= self.recycle or self._owner != os.getpid()
                                         or self._client.poll() is not None
                                         or (self._office is not None and self._office.poll() is not None)):
            self.close()  # time for a fresh LibreOffice; this one ended between two documents, or is a parent's
        try:
            if self._client is None:
                self._start(deadline)
            assert self._folder is not None
            self._number += 1
            src, dst = (Path(self._folder) / f"van-ban-{self._number}{suffix}" for suffix in (".docx", ".pdf"))
            src.write_bytes(data)
            answer = self._ask({"src": str(src), "dst": str(dst), "destinations": destinations}, deadline)
        except subprocess.TimeoutExpired:
            self.close()
            raise _too_long(timeout) from None
        except _Lost as lost:
            self.close()
            raise OutputError(f"LibreOffice không chuyển được sang PDF: {lost}", where="pdf") from None
        except BaseException:  # Ctrl-C, SIGTERM as an exception, an error: LibreOffice is in an unknown state
            self.close()
            raise
        error = answer.get("error")
        if error is not None and answer.get("before") and again and time.monotonic() < deadline:
            # LibreOffice was gone before this document reached it (it died after the previous one):
            # this document gets a fresh one, once
            self.close()
            return self._convert(data, out, timeout, deadline, destinations, again=False)
        if error is not None or not dst.is_file() or dst.stat().st_size == 0:
            self.close()  # a document that made LibreOffice fail is not followed by others in it
            raise OutputError("LibreOffice không chuyển được sang PDF" + (f": {error}" if error else ""), where="pdf")
        self.converted += 1
        try:
            pdf = dst.read_bytes()
        finally:
            for path in (src, dst):
                with contextlib.suppress(OSError):
                    path.unlink()
        if answer.get("lost") or _embeds_fonts(data):
            # LibreOffice died after writing it, or keeps the document's fonts for every later one
            # (it never forgets an embedded font): the next document gets a fresh LibreOffice
            self.close()
        return write_atomic(out, pdf, where="pdf")

    def _start(self, deadline: float) -> None:
        """Start LibreOffice listening and the client; returns when the client is connected.
        subprocess.TimeoutExpired past ``deadline``, :class:`_NotStarted` when it cannot start."""
        assert self.python is not None
        folder = tempfile.mkdtemp(prefix=f"baocao-pdf-{os.getpid()}-")  # pid: see end_leftovers
        self._folder, pipe, self._owner = folder, _pipe_name(folder), os.getpid()
        _RUNNING.add(self)
        # HOME: also the mark that finds every process of the session; TMPDIR: LibreOffice's temporary
        # files (lu….tmp), which a killed LibreOffice leaves, go with the folder
        env = dict(os.environ, HOME=folder, TMPDIR=folder)
        command = [self.soffice, _profile_argument(folder),
                   f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck"]
        try:
            with open(Path(folder) / "soffice.log", "wb") as log:
                self._office = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                                stderr=subprocess.STDOUT, env=env, cwd=folder,
                                                start_new_session=True)
            with open(Path(folder) / "client.log", "wb") as log:
                # it tries to connect a little longer than this process waits: a slow start is a
                # timeout here (the next document tries again), never "cannot start" (cold for good)
                seconds = f"{max(deadline - time.monotonic(), 0.1) + 5:.3f}"
                self._client = subprocess.Popen([self.python, "-I", str(_CLIENT), pipe, seconds, folder],
                                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                                env=env, cwd=folder, start_new_session=True)
            answer = self._read(deadline)
        except (OSError, _Lost) as exc:
            self.close()
            raise _NotStarted(str(exc)) from None
        if not answer.get("ready"):
            self.close()
            raise _NotStarted(str(answer.get("error")))

    def _ask(self, request: dict[str, Any], deadline: float) -> dict[str, Any]:
        assert self._client is not None and self._client.stdin is not None
        try:
            self._client.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self._client.stdin.flush()
        except OSError:
            raise _Lost(self._last_words()) from None
        return self._read(deadline)

    def _read(self, deadline: float) -> dict[str, Any]:
        """The client's next answer; subprocess.TimeoutExpired past ``deadline``, :class:`_Lost`
        when the client or LibreOffice ended."""
        assert self._client is not None and self._client.stdout is not None and self._office is not None
        fd = self._client.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired("soffice", 0)
            ready, _, _ = select.select([fd], [], [], min(left, 0.2))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise _Lost(self._last_words())
                self._buffer += chunk
            elif self._office.poll() is not None:
                raise _Lost(self._last_words())
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            answer = json.loads(line)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise _Lost(f"câu trả lời không hiểu được: {line[:200]!r}")
        return answer

    def _last_words(self) -> str:
        """Why the session ended, from its exit codes and the last lines of its logs."""
        assert self._folder is not None
        parts = []
        for name, proc in (("LibreOffice", self._office), ("trình điều khiển", self._client)):
            code = proc.poll() if proc is not None else None
            if code is not None:
                parts.append(f"{name} đã dừng (mã thoát {code})")
        folder = Path(self._folder)
        said = _said(folder / "client.log")[-2:] + _said(folder / "soffice.log")[-1:]
        return ", ".join(parts or ["LibreOffice ngừng trả lời"]) + (": " + " / ".join(said) if said else "")

    def pids(self) -> list[int]:
        """Every live process of the session (LibreOffice, its helpers, the client); Linux."""
        return marked_pids(_session_marks(self._folder)) if self._folder is not None else []
