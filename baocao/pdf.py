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
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .errors import OutputError
from .files import check_target, write_atomic
from .processes import kill_marked

__all__ = ["DEFAULT_TIMEOUT", "docx_to_pdf", "find_soffice"]

DEFAULT_TIMEOUT = 180.0
"""Seconds a conversion may take before LibreOffice is killed (a cold start takes 2–10 s)."""

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
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
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


def _end_session(proc: subprocess.Popen[bytes] | None, folder: str, *, grace: float = 1.5) -> None:
    """Kill what is left of the LibreOffice session: its process group (LibreOffice runs in its
    own session) and every process that left the group but still works in ``folder``; waits at
    most ``grace`` seconds in all."""
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
    out = Path(target)
    if out.suffix.lower() != ".pdf":
        raise OutputError(f"tệp PDF phải có đuôi .pdf: {str(out)!r}", where="pdf")
    check_target(out, where="pdf")
    if isinstance(source, (str, os.PathLike)):
        src_path = Path(source)
        try:
            data = src_path.read_bytes()
        except OSError as exc:
            raise OutputError(f"không đọc được {str(src_path)!r}: {exc.strerror or exc}", where="pdf") from None
    else:
        data = bytes(source)
    program = find_soffice(soffice)
    with tempfile.TemporaryDirectory(prefix=f"baocao-pdf-{os.getpid()}-") as work:  # pid: see supervisor
        folder = Path(work)
        docx = folder / "van-ban.docx"
        docx.write_bytes(data)
        command = [program, _profile_argument(work), "--headless", "--norestore", "--nologo",
                   "--nodefault", "--nolockcheck", "--convert-to",
                   _WITH_DESTINATIONS if destinations else "pdf:writer_pdf_Export",
                   "--outdir", str(folder), str(docx)]
        env = dict(os.environ, HOME=str(folder))  # some builds write to ~ despite the profile
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
            raise OutputError(f"LibreOffice không xong sau {timeout:g} giây khi chuyển sang PDF", where="pdf",
                              hint="tăng thời gian chờ (timeout=…, --timeout) hoặc kiểm tra LibreOffice") from None
        finally:  # also on Ctrl-C or SIGTERM: no LibreOffice process outlives the call
            _end_session(proc, work)
        assert proc is not None  # Popen failed: OutputError raised above
        pdf = folder / "van-ban.pdf"
        if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            said = _said(log)
            raise OutputError(f"LibreOffice không chuyển được sang PDF (mã thoát {proc.returncode})"
                              + (": " + " / ".join(said) if said else ""), where="pdf")
        return write_atomic(out, pdf.read_bytes(), where="pdf")
