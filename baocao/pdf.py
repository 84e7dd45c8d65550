"""PDF through LibreOffice (headless): the PDF writer at the end of the pipeline.

Each conversion runs ``soffice`` in a throwaway folder with its own user profile, so
conversions running at the same time (threads, processes, two users) never share a
profile lock; it is killed, with all its children, when it passes the timeout. The PDF is
written like the .docx: to a temporary file in the target folder, then renamed — nothing
half-written is ever left behind.

LibreOffice is found from the ``soffice=`` argument, the ``BAOCAO_SOFFICE`` environment
variable, then ``soffice`` / ``libreoffice`` on the ``PATH`` and the usual install folders.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import OutputError
from .files import check_target, write_atomic

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


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and everything it started (it runs in its own process group)."""
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError):  # pragma: no cover - already gone
        pass
    proc.communicate()


def docx_to_pdf(source: bytes | str | os.PathLike[str], target: str | os.PathLike[str], *,
                timeout: float = DEFAULT_TIMEOUT, soffice: str | os.PathLike[str] | None = None) -> Path:
    """Convert a .docx (its bytes or its path) to the PDF file ``target``; returns its path.

    Raises :class:`~baocao.OutputError` when LibreOffice is missing, fails, or takes longer
    than ``timeout`` seconds; ``target`` is then left as it was.
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
    with tempfile.TemporaryDirectory(prefix="baocao-pdf-") as work:
        folder = Path(work)
        docx = folder / "van-ban.docx"
        docx.write_bytes(data)
        profile = (folder / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                   "--nodefault", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                   "--outdir", str(folder), str(docx)]
        env = dict(os.environ, HOME=str(folder))  # some builds write to ~ despite the profile
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, env=env, cwd=folder,
                                    start_new_session=True)
        except OSError as exc:
            raise OutputError(f"không chạy được LibreOffice {program!r}: {exc.strerror or exc}",
                              where="pdf", hint=_INSTALL_HINT) from None
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise OutputError(f"LibreOffice không xong sau {timeout:g} giây khi chuyển sang PDF", where="pdf",
                              hint="tăng thời gian chờ (timeout=…, --timeout) hoặc kiểm tra LibreOffice") from None
        except BaseException:  # Ctrl-C: do not leave LibreOffice running
            _kill(proc)
            raise
        pdf = folder / "van-ban.pdf"
        if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            said = output.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise OutputError(f"LibreOffice không chuyển được sang PDF (mã thoát {proc.returncode})"
                              + (": " + " / ".join(said) if said else ""), where="pdf")
        return write_atomic(out, pdf.read_bytes(), where="pdf")
