"""``baocao xem``: the A4 preview of a template, served on 127.0.0.1, refreshed when a file is saved.

The preview is the notebook's (:meth:`baocao.VanBan.to_html`) in a page of its own that asks the
server every few tenths of a second whether the document has changed and, if so, takes the new
preview. The main thread watches the template, its folder and the data files and renders again
when one of them is saved — in the main thread, so the template's time limit holds; a small HTTP
server thread only hands out what was rendered last. A template error shows above the last good
preview with its file and line. Ctrl-C stops both.

Only GET requests for the three addresses below are answered, only from this machine (the server
listens on 127.0.0.1 and checks the Host header, so a web page elsewhere cannot read the preview
through a DNS trick); nothing the server sends runs anything from the template: the preview's text
is escaped by the HTML writer.
"""

from __future__ import annotations

import html
import http.server
import json
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BaoCaoError, BaoCaoWarning

#: How often the files are looked at, and how often the page asks for news (seconds).
POLL = 0.25
PAGE_POLL_MS = 400
#: Seconds one render may take while writing a template (a saved fix waits for it): shorter than
#: ``render``'s default.
TIMEOUT = 20.0

_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} — baocao xem</title>
<style>
body {{ margin: 0; background: #e9e9e9; font-family: sans-serif; }}
#trang-thai {{ position: sticky; top: 0; z-index: 1; padding: 4px 12px; font-size: 13px; color: #555;
              background: #f7f7f7; border-bottom: 1px solid #ccc; }}
#loi {{ white-space: pre-wrap; margin: 0; padding: 10px 12px; font: 14px monospace; color: #a00;
        background: #fff0f0; border-bottom: 2px solid #a00; }}
#loi:empty {{ display: none; }}
</style></head>
<body><div id="trang-thai">{title} · lần điền <span id="phien">{version}</span><span id="dang"></span></div>
<pre id="loi">{error}</pre><div id="xem">{preview}</div>
<script>
(function () {{
  var phien = {version};
  function hoi() {{
    fetch("/phien", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }}).then(function (t) {{
      document.getElementById("dang").textContent = t.indexOf("…") >= 0 ? " · đang điền lại…" : "";
      if (parseInt(t, 10) === phien) {{ return null; }}
      return fetch("/noi-dung", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }});
    }}).then(function (d) {{
      if (d) {{
        phien = d.phien;
        document.getElementById("phien").textContent = String(d.phien);
        document.getElementById("loi").textContent = d.loi || "";
        if (d.html !== null) {{ document.getElementById("xem").innerHTML = d.html; }}
      }}
    }}).catch(function () {{}}).then(function () {{ setTimeout(hoi, {poll}); }});
  }}
  setTimeout(hoi, {poll});
}})();
</script></body></html>
"""


@dataclass
class State:
    """What the server hands out: the last good preview, the last error, and a counter that grows
    with each render (the page compares it with its own)."""

    version: int = 0
    preview: str | None = None
    error: str | None = None
    busy: bool = False  # a render is running (the page says so)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, preview: str | None, error: str | None) -> None:
        with self.lock:
            self.version += 1
            if preview is not None:
                self.preview = preview
            self.error = error

    def snapshot(self) -> tuple[int, str | None, str | None]:
        with self.lock:
            return self.version, self.preview, self.error

    def working(self, busy: bool) -> None:
        with self.lock:
            self.busy = busy


def watched(template: Path, data_files: Iterable[Path]) -> list[Path]:
    """The files whose saving renders again: a folder's files, or a template and the templates
    beside it (the ones it may extend or include), and the data files given."""
    from .template.loader import DATA_SUFFIXES

    folder = template if template.is_dir() else template.parent
    files = [p for p in folder.iterdir() if p.is_file() and (
        p.name.endswith(".j2") or (template.is_dir() and p.suffix.lower() in DATA_SUFFIXES))]
    if template.is_file() and template not in files:
        files.append(template)
    return sorted({*files, *data_files})


def signature(files: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """When and how big each file is (a missing one counts as changed too)."""
    out = []
    for path in files:
        try:
            info = path.stat()
            out.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            out.append((str(path), -1, -1))
    return tuple(out)


def _handler(state: State, title: str, allowed_hosts: set[str]) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "baocao-xem"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass  # quiet: the terminal shows what was rendered, not every poll

        def do_GET(self) -> None:  # noqa: N802 - the base class's name
            if self.headers.get("Host", "") not in allowed_hosts:
                self._send(403, "text/plain", b"chi mo duoc tu may nay (127.0.0.1)")
                return
            version, preview, error = state.snapshot()
            path = self.path.split("?", 1)[0]
            if path == "/":
                page = _PAGE.format(title=html.escape(title), version=version, poll=PAGE_POLL_MS,
                                    error=html.escape(error or ""), preview=preview or "")
                self._send(200, "text/html; charset=utf-8", page.encode())
            elif path == "/phien":  # "12", or "12 …" while a render runs
                self._send(200, "text/plain; charset=utf-8", f"{version}{' …' if state.busy else ''}".encode())
            elif path == "/noi-dung":
                body = json.dumps({"phien": version, "html": preview, "loi": error}, ensure_ascii=False)
                self._send(200, "application/json; charset=utf-8", body.encode())
            else:
                self._send(404, "text/plain", b"khong co")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(template: str | os.PathLike[str], *, data_files: Iterable[str | os.PathLike[str]] = (),
          overrides: Mapping[str, Any] | None = None, strict: bool = False, timeout: float | None = TIMEOUT,
          port: int = 8000, say: Callable[[str], None] = print, stop: threading.Event | None = None,
          max_memory: int | None = None) -> None:
    """Serve the preview of ``template`` on 127.0.0.1:``port`` (0: any free port), rendering again
    whenever a watched file is saved, until Ctrl-C (or ``stop`` is set). ``say`` gets the address
    and a line per render."""
    from .data import load_data
    from .limits import limit, memory_ceiling
    from .template import render

    if max_memory is None:
        max_memory = limit("max_memory")
    path = Path(template)
    title = path.resolve().name
    if not path.exists():
        raise BaoCaoError(f"không tìm thấy mẫu {str(template)!r}", where=str(template),
                          hint="cho đường dẫn tệp .md.j2 hoặc thư mục ví dụ")
    data_paths = [Path(p) for p in data_files]
    state = State()
    hosts: set[str] = set()  # filled once the port is known
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(state, title, hosts))
    except OSError as exc:
        raise BaoCaoError(f"không mở được cổng {port}: {exc.strerror or exc}", where="--port",
                          hint="chọn cổng khác, ví dụ --port 8001, hoặc --port 0 (cổng trống bất kỳ)") from None
    actual = server.server_address[1]
    hosts.update({f"127.0.0.1:{actual}", f"localhost:{actual}"})
    if actual == 80:  # a browser leaves the default port out of the Host header
        hosts.update({"127.0.0.1", "localhost"})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                              name="baocao-xem")

    def render_now() -> None:
        state.working(True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", BaoCaoWarning)
            try:
                with memory_ceiling(max_memory, where=str(path)):
                    data = load_data(data_paths) if data_paths else {}
                    doc = render(path, data, strict=strict, timeout=timeout, overrides=overrides)
                    preview = doc.to_html()
            except BaoCaoError as exc:
                state.set(None, str(exc))
                say(f"lỗi: {exc}")
                return
            finally:
                state.working(False)
        notes = [str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning)]
        state.set(preview, "\n".join(f"cảnh báo: {n}" for n in notes) or None)
        say(f"đã điền lại ({time.strftime('%H:%M:%S')})" + (f", {len(notes)} cảnh báo" if notes else ""))

    render_now()
    thread.start()
    say(f"xem trước: http://127.0.0.1:{actual}/  (Ctrl-C để dừng)")
    files = watched(path, data_paths)
    seen = signature(files)
    try:
        while not (stop and stop.is_set()):
            time.sleep(POLL)
            try:
                files = watched(path, data_paths)
            except OSError:  # the folder is being replaced (a checkout, a sync): look again next time
                pass
            now = signature(files)
            if now != seen:
                seen = now
                time.sleep(POLL)  # an editor saves in steps: let it finish
                seen = signature(files)
                render_now()
    except KeyboardInterrupt:
        say("đã dừng xem trước")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


__all__ = ["POLL", "TIMEOUT", "State", "serve", "signature", "watched"]
