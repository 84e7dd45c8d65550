"""``baocao xem``: the live preview — served on 127.0.0.1, refreshed when a file is saved, the last
good preview kept under an error, stopped cleanly; and in a real headless Chromium when there is one."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from baocao.errors import BaoCaoError
from baocao.xem import serve

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "giay_gioi_thieu_so_tai_chinh_tra_vinh"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "vi_du"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _template(folder: Path) -> Path:
    return next(folder.glob("*.md.j2"))


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _until(check, seconds: float = 10.0):  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("the preview did not change in time")


class Running:
    """``serve`` in a thread (the test's main thread edits the files), stopped at the end."""

    def __init__(self, template: Path, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.said: list[str] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

        def run() -> None:
            try:
                serve(template, port=0, say=self.said.append, stop=self.stop, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                self.error = exc

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        line = _until(lambda: next((s for s in self.said if "http://127.0.0.1:" in s), None))
        self.url = line.split()[2]

    def content(self) -> dict:
        return json.loads(_get(self.url + "noi-dung")[1])

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive() and self.error is None


def test_saving_a_file_refreshes_the_preview_and_an_error_keeps_the_last_good_one(tmp_path):
    folder = _folder(tmp_path)
    running = Running(folder)
    try:
        status, page = _get(running.url)
        assert status == 200 and "Lê Thị Mỹ Linh" in page and 'id="xem"' in page and "/noi-dung" in page
        first = running.content()
        assert first["loi"] is None and "Phó Trưởng phòng" in first["html"]
        data = folder / "cong_tac.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace("Phó Trưởng phòng", "Trưởng phòng"),
                        encoding="utf-8")
        changed = _until(lambda: (c := running.content())["phien"] > first["phien"] and c)
        assert "Chức vụ: Trưởng phòng" in changed["html"] and "Phó Trưởng phòng" not in changed["html"]
        template = _template(folder)
        good = template.read_text(encoding="utf-8")
        template.write_text(good + "\n{{ chua_dong \n", encoding="utf-8")
        broken = _until(lambda: (c := running.content())["loi"] and c)
        assert f"{template.name}:" in broken["loi"] and "}}" in broken["loi"]
        assert broken["html"] == changed["html"]  # the last good preview stays
        assert template.name in _get(running.url)[1] and "chua" not in broken["html"]
        template.write_text(good, encoding="utf-8")
        _until(lambda: running.content()["loi"] is None)
    finally:
        running.close()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(running.url, timeout=2)  # noqa: S310 - stopped: nothing listens any more


def test_only_this_machine_and_three_addresses(tmp_path):
    running = Running(_folder(tmp_path))
    try:
        assert _get(running.url, host="evil.example:80")[0] == 403  # a DNS trick from another page
        assert _get(running.url + "../../etc/passwd")[0] == 404
        assert _get(running.url + "phien")[1].isdigit()
    finally:
        running.close()


def test_busy_port_and_missing_template_are_clear_errors(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(BaoCaoError, match="không mở được cổng") as info:
            serve(_folder(tmp_path), port=taken.getsockname()[1], say=lambda _: None)
    assert "--port 0" in (info.value.hint or "")
    with pytest.raises(BaoCaoError, match="không tìm thấy mẫu"):
        serve(tmp_path / "khong_co.md.j2", port=0, say=lambda _: None)


def test_command_stops_cleanly_with_ctrl_c(tmp_path):
    folder = _folder(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "baocao", "xem", str(folder), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        end = time.monotonic() + 30
        while "http://127.0.0.1:" not in line and time.monotonic() < end:
            line = proc.stdout.readline() if proc.stdout else ""
        url = line.split()[2]
        assert _get(url)[0] == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "đã dừng xem trước" in out and "Traceback" not in err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("CI has no Chromium: .ci/run installs the Debian package chromium", pytrace=False)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_in_a_real_headless_chromium(tmp_path):
    """The page itself, in Chromium: edit a file, see the page change without reloading it."""
    websocket = pytest.importorskip("websocket")
    folder = _folder(tmp_path)
    running = Running(folder)
    browser = subprocess.Popen([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                f"--user-data-dir={tmp_path / 'chromium'}", "--remote-debugging-port=0",
                                running.url], stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        end = time.monotonic() + 60
        while "ws://" not in line and time.monotonic() < end:
            line = browser.stderr.readline() if browser.stderr else ""
        port = int(line.split("ws://")[1].split("/")[0].rsplit(":", 1)[1])
        pages = _until(lambda: [t for t in json.loads(_get(f"http://127.0.0.1:{port}/json")[1])
                                if t.get("type") == "page" and t.get("url", "").startswith(running.url)], 30)
        socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=10,
                                             suppress_origin=True)
        calls = iter(range(1, 10**6))

        def text_of_page() -> str:
            number = next(calls)
            socket.send(json.dumps({"id": number, "method": "Runtime.evaluate", "params": {
                "expression": "document.readyState === 'complete' ? document.body.innerText : ''",
                "returnByValue": True}}))
            while True:
                reply = json.loads(socket.recv())
                if reply.get("id") == number:
                    return reply["result"]["result"].get("value") or ""

        assert "Phó Trưởng phòng" in _until(lambda: (t := text_of_page()) and "Lê Thị Mỹ Linh" in t and t, 30)
        data = folder / "cong_tac.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace("Lê Thị Mỹ Linh", "Nguyễn Văn Bình"),
                        encoding="utf-8")
        assert "Nguyễn Văn Bình" in _until(lambda: (t := text_of_page()) and "Nguyễn Văn Bình" in t and t, 20)
        template = _template(folder)
        template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
        shown = _until(lambda: (t := text_of_page()) and template.name + ":" in t and t, 20)
        assert "Nguyễn Văn Bình" in shown  # the error above the last good preview
        socket.close()
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
        running.close()
    assert os.path.isdir(tmp_path)


@pytest.mark.parametrize("args", [["--port", "70000"], ["--port", "-1"], ["--timeout", "0"], ["--timeout", "nan"]])
def test_bad_port_or_timeout_is_a_usage_error(tmp_path, args, capsys):
    from baocao.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["xem", str(_folder(tmp_path)), *args])
    assert stop.value.code == 2 and "Traceback" not in capsys.readouterr().err


def test_a_folder_replaced_while_watched_and_a_query_string(tmp_path):
    """A checkout or a sync tool removes and writes the folder again: the server keeps serving."""
    folder = _folder(tmp_path)
    running = Running(folder)
    try:
        for _ in range(5):
            shutil.rmtree(folder)
            time.sleep(0.3)
            shutil.copytree(EXAMPLE, folder)
        assert _get(running.url + "?lan=2")[0] == 200 and running.error is None
        assert running.thread.is_alive()
    finally:
        running.close()


def test_a_slow_render_is_shown_as_running_and_stopped_by_its_time_limit(tmp_path):
    """While a render runs, /phien says so (the page shows "đang điền lại…"); ``xem`` gives a render
    20 s, not render's 180 s, so a saved fix is not kept waiting."""
    from baocao.xem import TIMEOUT, State

    assert TIMEOUT <= 30
    state = State()
    state.working(True)
    assert state.busy and state.snapshot()[0] == 0
