"""The client of a warm LibreOffice (:class:`baocao.pdf.PdfSession`): run by a Python that has
LibreOffice's ``uno`` module (on Debian ``/usr/bin/python3`` with ``python3-uno``), never
imported by baocao — it uses the standard library and ``uno`` only, so it runs in any Python 3.

    python3 uno_client.py <pipe name> <seconds to connect> <session folder>

It connects to the LibreOffice listening on ``pipe,name=<pipe name>`` (retrying while it
starts), says ``{"ready": true}`` on one line of its standard output, then reads requests, one
JSON object a line on its standard input, ``{"src": "/abs/a.docx", "dst": "/abs/a.pdf",
"destinations": false}``, and answers each with one line: ``{"ok": true}`` or
``{"error": "..."}``. It loads the document hidden, read-only and with macros never run,
stores it through ``writer_pdf_Export`` (``destinations``: bookmarks as named destinations)
and closes it. When its standard input ends (the caller is done, or died) it ends, killing
the processes whose ``HOME`` is the session folder (the LibreOffice it served; only when its own
``HOME`` is that ``baocao-pdf-…`` folder) on Linux first: a warm LibreOffice never outlives the
process that started it — nor when that process dies while LibreOffice starts (the client
cannot say ``ready``: it ends the same way), nor when it cannot connect.
"""

import hashlib
import json
import os
import pathlib
import shutil
import signal
import sys
import time


def _reply(out, message):
    out.write((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))
    out.flush()


def _props(uno, **values):
    from com.sun.star.beans import PropertyValue

    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def _connect(uno, pipe, seconds):
    """The remote LibreOffice's desktop, retrying until it listens or ``seconds`` pass."""
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def _convert(uno, desktop, src, dst, destinations):
    loading = _props(uno, Hidden=True, ReadOnly=True, MacroExecutionMode=0,  # MacroExecMode.NEVER_EXECUTE
                     UpdateDocMode=0)  # UpdateDocMode.NO_UPDATE: no links fetched
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, loading)
    if document is None:
        raise RuntimeError("LibreOffice không mở được văn bản")
    try:
        options = _props(uno, ExportBookmarksToPDFDestination=bool(destinations))
        storing = _props(uno, FilterName="writer_pdf_Export", Overwrite=True,
                         FilterData=uno.Any("[]com.sun.star.beans.PropertyValue", options))
        document.storeToURL(uno.systemPathToFileUrl(dst), storing)
    finally:
        try:
            document.close(True)
        except Exception:  # noqa: BLE001 - closing a document LibreOffice already dropped
            pass


def _end_office(folder, pipe, remove=False):
    """Kill the processes whose HOME is ``folder`` (the LibreOffice this client served) and
    remove the named pipes it leaves in /tmp (``SingleOfficeIPC_`` + the MD5 of its profile's
    URL in UTF-16, hex without leading zeros, and ``pipe``), Linux only, and only when this
    client's own HOME is that session folder; ``remove``: the folder too (the caller is gone)."""
    if not sys.platform.startswith("linux") or os.environ.get("HOME") != folder \
            or not os.path.basename(folder).startswith("baocao-pdf-"):
        return
    mark = b"HOME=" + os.fsencode(folder)
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as fh:
                if mark in fh.read().split(b"\0"):
                    os.kill(int(name), signal.SIGKILL)
        except OSError:
            continue
    if remove:  # the caller is gone: nobody else removes the documents in flight
        shutil.rmtree(folder, ignore_errors=True)
    profile = pathlib.Path(folder, "profile").as_uri()  # as baocao.pdf gives it to LibreOffice
    digest = hashlib.md5(profile.encode("utf-16-le")).digest()
    for name in ("SingleOfficeIPC_" + "".join(f"{byte:x}" for byte in digest), pipe):
        try:
            os.unlink(f"/tmp/OSL_PIPE_{os.getuid()}_{name}")
        except OSError:
            pass


def main(argv):
    out = os.fdopen(os.dup(1), "wb")  # the answers; anything else printed goes to standard error
    os.dup2(2, 1)
    try:
        import uno
    except ImportError as exc:
        _reply(out, {"error": f"không có mô-đun uno: {exc}"})
        return 1
    ended = False  # the caller closed our input or stopped reading (done, or died): the folder goes too
    try:
        try:
            desktop = _connect(uno, argv[1], float(argv[2]))
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            _reply(out, {"error": f"không kết nối được LibreOffice: {type(exc).__name__}: {exc}"})
            return 1
        _reply(out, {"ready": True})
        for line in sys.stdin.buffer:
            if not _alive(desktop):  # it died after the last document: this one is not to blame
                _reply(out, {"error": "LibreOffice đã dừng trước văn bản này", "lost": True, "before": True})
                continue
            try:
                request = json.loads(line)
                _convert(uno, desktop, request["src"], request["dst"], request.get("destinations"))
            except Exception as exc:  # noqa: BLE001 - one document's failure is reported, the caller decides
                text = getattr(exc, "Message", "") or str(exc)
                answer: dict = {"error": f"{type(exc).__name__}: {text}".strip()}
            else:
                answer = {"ok": True}
            if not _alive(desktop):  # LibreOffice died (during or after this document): the caller restarts it
                answer["lost"] = True
            _reply(out, answer)
        ended = True
    except BrokenPipeError:  # nobody reads the answers: the caller died (also while LibreOffice started)
        ended = True
    finally:
        _end_office(argv[3], argv[1], remove=ended)
    return 0


def _alive(desktop):
    """Whether the LibreOffice behind ``desktop`` still answers (a call over the bridge)."""
    try:
        desktop.getFrames()
    except Exception:  # noqa: BLE001 - a disposed bridge, a dead process
        return False
    return True


if __name__ == "__main__":
    sys.exit(main(sys.argv))
