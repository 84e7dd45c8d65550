"""docx_to_pdf() against a hostile LibreOffice: a fake ``soffice`` whose child leaves the
process group (setsid) while holding its output, a hang, Ctrl-C and SIGTERM mid-conversion.
Afterwards no process of the conversion may be alive and no temporary file or folder left."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from conftest import alive, interrupted

from baocao import OutputError
from baocao.pdf import docx_to_pdf

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux only)")

#: A fake soffice that starts a child which calls setsid (leaving the process group, keeping
#: stdout) and then hangs. It writes "<own pid> <child pid> <work folder>" to the file STATE.
HANGING = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import os, time; os.setsid(); time.sleep(60)", MARKER])
with open(STATE + ".part", "w") as fh:
    fh.write(f"{os.getpid()} {child.pid} {os.getcwd()}")
os.replace(STATE + ".part", STATE)
time.sleep(60)
"""

#: A fake soffice that does its job: writes <outdir>/van-ban.pdf from the .docx it is given.
WORKING = """
import os, sys
args = sys.argv[1:]
outdir, docx = args[args.index("--outdir") + 1], args[-1]
assert args[0].startswith("-env:UserInstallation=file://") and os.environ["HOME"] == outdir
sys.stdout.write("convert " + docx + "\\n" * 50000)  # lots of output: must not block
with open(os.path.join(outdir, "van-ban.pdf"), "wb") as fh:
    fh.write(b"%PDF-1.4\\n" + open(docx, "rb").read() + b"\\n%%EOF\\n")
"""


def _fake(folder: Path, body: str, marker: str) -> Path:
    """An executable Python script standing in for soffice."""
    path = folder / "soffice"
    path.write_text(f"#!{sys.executable}\nMARKER = {marker!r}\nSTATE = {str(folder / 'state')!r}\n{body}",
                    encoding="utf-8")
    path.chmod(0o755)
    return path


def _marked(marker: str) -> list[int]:
    """Live processes with ``marker`` in their command line."""
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                if marker.encode() in fh.read() and alive(int(name)):
                    found.append(int(name))
        except (OSError, ValueError):
            continue
    return found


def _assert_all_gone(tmp_path: Path, marker: str) -> None:
    """The fake, its escaped child and the work folder are all gone (allowing a moment to die)."""
    fake_pid, child_pid, work = (tmp_path / "state").read_text().split()
    for _ in range(20):
        left = [pid for pid in (int(fake_pid), int(child_pid)) if alive(pid)] + _marked(marker)
        if not left:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"processes of the conversion left running: {left}")
    assert not Path(work).exists()
    assert list((tmp_path / "tmp").iterdir()) == []  # no baocao-pdf-* folder


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Temporary folders of this test go to tmp_path/tmp; the PDF to tmp_path/out; a unique marker."""
    (tmp_path / "tmp").mkdir()
    (tmp_path / "out").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    return f"baocao-pdf-test-{uuid.uuid4().hex}"


def test_timeout_kills_a_child_that_left_the_process_group(tmp_path, isolated):
    fake = _fake(tmp_path, HANGING, isolated)
    target = tmp_path / "out" / "x.pdf"
    started = time.monotonic()
    with pytest.raises(OutputError, match="không xong sau 2 giây") as err:
        docx_to_pdf(b"PK docx", target, timeout=2, soffice=fake)
    elapsed = time.monotonic() - started
    assert elapsed < 4, f"the timeout of 2 s took {elapsed:.1f} s"
    assert err.value.where == "pdf" and "tăng thời gian chờ" in str(err.value)
    _assert_all_gone(tmp_path, isolated)
    assert list((tmp_path / "out").iterdir()) == []


def test_timeout_with_sh_and_setsid_sleep(tmp_path, isolated):
    """The plain shell form: ``setsid sleep 60 &`` keeps the output open, then the script hangs."""
    fake = tmp_path / "soffice"
    fake.write_text(f'#!/bin/sh\nsetsid sleep 60 &\necho "$$ $! $PWD" > {tmp_path / "state"}\nexec sleep 60\n',
                    encoding="utf-8")
    fake.chmod(0o755)
    started = time.monotonic()
    with pytest.raises(OutputError, match="không xong sau 2 giây"):
        docx_to_pdf(b"PK docx", tmp_path / "out" / "x.pdf", timeout=2, soffice=fake)
    assert time.monotonic() - started < 4
    _assert_all_gone(tmp_path, isolated)


def test_working_soffice_writes_the_pdf_atomically(tmp_path, isolated):
    fake = _fake(tmp_path, WORKING, isolated)
    target = tmp_path / "out" / "x.pdf"
    target.write_bytes(b"%PDF old")
    assert docx_to_pdf(b"PK docx", target, timeout=30, soffice=fake) == target
    assert target.read_bytes() == b"%PDF-1.4\nPK docx\n%%EOF\n"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["x.pdf"]  # no .baocao-*.tmp
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupt_kills_the_conversion_and_leaves_nothing(tmp_path, isolated, how):
    """Ctrl-C (KeyboardInterrupt from SIGALRM here) or SIGTERM turned into SystemExit by the
    program's handler, arriving while LibreOffice runs."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers need the main thread")
    fake = _fake(tmp_path, HANGING, isolated)
    target = tmp_path / "out" / "x.pdf"
    with interrupted(how, 1.0) as exc:
        started = time.monotonic()
        with pytest.raises(exc):
            docx_to_pdf(b"PK docx", target, timeout=30, soffice=fake)
        assert time.monotonic() - started < 3
    _assert_all_gone(tmp_path, isolated)
    assert list((tmp_path / "out").iterdir()) == []  # no target, no .baocao-*.tmp
