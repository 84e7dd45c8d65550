"""Batch workers under stress: killed, stuck, out of memory, interrupted — one unit fails, not the batch."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

import baocao.batch
import baocao.template
from baocao.batch import BatchTerminated, render_many

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork workers, /proc, RLIMIT_AS")

TEMPLATE = """---
co_quan: "{{ don_vi }}"
viet_tat_co_quan: X
so: "{{ so }}"
dia_danh: Trà Vinh
ngay: 2024-04-05
trich_yeu: Báo cáo của {{ don_vi }}
---
{{ don_vi }} có {{ so_luong | so }} hồ sơ.

{{ table(du_lieu[['don_vi', 'so_luong']], stt=True, total=True) }}
"""

UNITS = [{"don_vi": k, "so": i, "so_luong": 1000 * i + 7} for i, k in enumerate("ABCDEF", 1)]
KILLED = "tiến trình con bị dừng (tín hiệu 9: SIGKILL) khi đang làm đơn vị này"


@pytest.fixture
def tpl(tmp_path) -> Path:
    path = tmp_path / "mau.md.j2"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_worker_left():
    yield
    assert multiprocessing.active_children() == []


def _patch_unit(monkeypatch, action):
    """Run ``action(key, output)`` in the worker before the unit (patched before the workers fork)."""
    real = baocao.batch._render_unit

    def unit(job, index, key, rows, output):
        action(key, output)
        return real(job, index, key, rows, output)

    monkeypatch.setattr(baocao.batch, "_render_unit", unit)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".baocao-"))


def _written(result) -> list[str]:
    return [u.unit for u in result.written]


@pytest.mark.parametrize("victims", [("B",), ("A", "B", "E")])
def test_a_killed_worker_fails_only_its_unit_and_is_replaced(tpl, tmp_path, monkeypatch, victims):
    def action(key, _output):
        if key in victims:
            os.kill(os.getpid(), signal.SIGKILL)

    _patch_unit(monkeypatch, action)
    out = tmp_path / "out"
    result = render_many(tpl, UNITS, by="don_vi", output=str(out / "{don_vi}.docx"), workers=2, progress=False)
    assert [u.unit for u in result.failed] == list(victims)
    assert all(KILLED in (u.error or "") for u in result.failed)
    assert _written(result) == [k for k in "ABCDEF" if k not in victims]
    assert sorted(p.name for p in out.iterdir()) == [f"{k}.docx" for k in "ABCDEF" if k not in victims]


def test_a_worker_that_exits_fails_only_its_unit(tpl, tmp_path, monkeypatch):
    _patch_unit(monkeypatch, lambda key, _: os._exit(3) if key == "C" else None)
    result = render_many(tpl, UNITS, by="don_vi", output=str(tmp_path / "{don_vi}.docx"), workers=2, progress=False)
    assert [u.unit for u in result.failed] == ["C"]
    assert "tiến trình con thoát bất thường (mã 3) khi đang làm đơn vị này" in result.failed[0].error
    assert len(result.written) == 5


def test_a_unit_stuck_past_its_deadline_is_killed_alone(tpl, tmp_path, monkeypatch):
    def action(key, output):
        if key == "C":  # as if killed in the middle of writing (baocao.files.write_atomic's temporary name)
            Path(output).with_name(f".baocao-{os.getpid()}-abcd1234.docx.tmp").write_bytes(b"half")
            time.sleep(30)  # C code a SIGALRM cannot stop

    _patch_unit(monkeypatch, action)
    out = tmp_path / "out"
    started = time.monotonic()
    result = render_many(tpl, UNITS, by="don_vi", output=str(out / "{don_vi}.docx"), workers=2, progress=False,
                         timeout=1)
    took = time.monotonic() - started
    assert took < 6, took
    assert [u.unit for u in result.failed] == ["C"]
    error = result.failed[0].error or ""
    assert "quá thời hạn 3 giây (1 giây + 2 giây)" in error and "SIGKILL" in error and "--timeout" in error
    assert _written(result) == ["A", "B", "D", "E", "F"]
    assert _temps(out) == []


def _hungry(monkeypatch, size: int) -> None:
    """Unit D's render allocates ``size`` bytes (inside the memory ceiling, as a template would)."""
    real = baocao.template.render

    def render(template, data=None, **kwargs):
        if data and data.get("don_vi") == "D":
            block = bytearray(size)
            del block
        return real(template, data, **kwargs)

    monkeypatch.setattr(baocao.template, "render", render)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_unit_past_the_memory_ceiling_fails_alone(tpl, tmp_path, monkeypatch, workers):
    _hungry(monkeypatch, 3 * 2**30)
    result = render_many(tpl, UNITS, by="don_vi", output=str(tmp_path / "{don_vi}.docx"), workers=workers,
                         progress=False, max_memory=512 * 2**20)
    assert [u.unit for u in result.failed] == ["D"]
    error = result.failed[0].error or ""
    assert "hết bộ nhớ dành cho một văn bản" in error and "512 MB (max_memory)" in error
    assert _written(result) == ["A", "B", "C", "E", "F"]



@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_outside_the_ceiling_is_the_limit_before_it_and_the_ceiling_comes_back():
    import resource

    from baocao.limits import memory_ceiling, outside_ceiling

    before = resource.getrlimit(resource.RLIMIT_AS)
    with outside_ceiling():  # no ceiling: nothing changes
        assert resource.getrlimit(resource.RLIMIT_AS) == before
    with memory_ceiling(256 * 2**20):
        ceiling = resource.getrlimit(resource.RLIMIT_AS)
        assert ceiling[0] < before[0] or before[0] == resource.RLIM_INFINITY
        with memory_ceiling(512 * 2**20), outside_ceiling():
            assert resource.getrlimit(resource.RLIMIT_AS) == before  # the outermost ceiling's limit
        assert resource.getrlimit(resource.RLIMIT_AS) == ceiling
        with pytest.raises(KeyError), outside_ceiling():
            raise KeyError
        assert resource.getrlimit(resource.RLIMIT_AS) == ceiling
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_memory_ceiling_is_on_by_default_and_can_be_turned_off(tpl, tmp_path, monkeypatch):
    _hungry(monkeypatch, 2**30)  # calloc'd, never touched: cheap when there is no ceiling
    monkeypatch.setenv("BAOCAO_MAX_MEMORY", str(256 * 2**20))
    limited = render_many(tpl, UNITS, by="don_vi", output=str(tmp_path / "a" / "{don_vi}.docx"), workers=2,
                          progress=False)
    assert [u.unit for u in limited.failed] == ["D"] and "256 MB (max_memory)" in limited.failed[0].error
    free = render_many(tpl, UNITS, by="don_vi", output=str(tmp_path / "b" / "{don_vi}.docx"), workers=2,
                       progress=False, max_memory=0)
    assert free.ok
    with pytest.raises(ValueError, match="max_memory"):
        render_many(tpl, UNITS, by="don_vi", output=str(tmp_path / "c" / "{don_vi}.docx"), max_memory=-1)


@pytest.mark.parametrize("trouble", ["memory", "timeout"])
def test_a_worker_is_not_reused_after_running_out_of_memory_or_time(tmp_path, monkeypatch, trouble):
    tpl = tmp_path / "mau.md.j2"
    loop = ("{% if don_vi == 'D' %}{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}"
            "{% endif %}")
    tpl.write_text(TEMPLATE + (loop if trouble == "timeout" else ""), encoding="utf-8")
    if trouble == "memory":
        _hungry(monkeypatch, 3 * 2**30)
    real = baocao.batch._render_unit

    def unit(job, index, key, rows, output):
        return dataclasses.replace(real(job, index, key, rows, output), warnings=(str(os.getpid()),))

    monkeypatch.setattr(baocao.batch, "_render_unit", unit)
    result = render_many(tpl, UNITS, by="don_vi", output=str(tmp_path / "{don_vi}.docx"), workers=2,
                         progress=False, max_memory=512 * 2**20, timeout=1)
    pid = {u.unit: u.warnings[0] for u in result.units}
    assert [u.unit for u in result.failed] == ["D"]
    assert ("hết bộ nhớ" if trouble == "memory" else "quá 1 giây") in result.failed[0].error
    assert pid["D"] not in (pid["E"], pid["F"])


def test_workers_have_the_heavy_modules_before_the_first_unit(tpl, tmp_path, monkeypatch):
    real = baocao.batch._render_unit
    heavy = ("pandas", "matplotlib", "matplotlib.figure", "baocao.tables", "baocao.chiso", "baocao.writers.docx")

    def unit(job, index, key, rows, output):
        missing = tuple(m for m in heavy if m not in sys.modules)
        return dataclasses.replace(real(job, index, key, rows, output), warnings=missing)

    monkeypatch.setattr(baocao.batch, "_render_unit", unit)
    result = render_many(tpl, UNITS, by="don_vi", output=str(tmp_path / "{don_vi}.docx"), workers=2, progress=False)
    assert result.ok and all(u.warnings == () for u in result.units)


def test_one_or_two_workers_write_the_same_bytes(tmp_path):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TEMPLATE.replace('so: "{{ so }}"', 'so: "{{ du_lieu.so.min() }}"')
                   .replace("{{ so_luong | so }}", "{{ du_lieu.so_luong.sum() | so }}"), encoding="utf-8")
    units = [{"don_vi": f"Đơn vị {i % 7}", "so": i, "so_luong": i * 1013} for i in range(1, 30)]
    one = render_many(tpl, units, by="don_vi", output=str(tmp_path / "1" / "{stt}.docx"), workers=1, progress=False)
    two = render_many(tpl, units, by="don_vi", output=str(tmp_path / "2" / "{stt}.docx"), workers=2, progress=False)
    assert one.ok and two.ok and len(one.units) == 7
    for a, b in zip(one.units, two.units, strict=True):
        assert a.path.name == b.path.name and a.path.read_bytes() == b.path.read_bytes()


def _send_later(sig: int, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, (os.getpid(), sig))
    timer.start()
    return timer


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_stops_the_workers_and_leaves_no_temporary_file(tpl, tmp_path, monkeypatch, workers):
    def action(key, output):
        if key == "C":
            if workers > 1:  # a worker killed in the middle of writing (in this process, write_atomic cleans up)
                Path(output).with_name(f".baocao-{os.getpid()}-abcd1234.docx.tmp").write_bytes(b"half")
            time.sleep(30)

    _patch_unit(monkeypatch, action)
    out = tmp_path / "out"
    (out / "khac").mkdir(parents=True)
    (out / ".baocao-1-keep1234.docx.tmp").write_bytes(b"a live process's")  # pid 1: not ours, alive
    timer = _send_later(signal.SIGINT, 1.5)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt) as stopped:
            render_many(tpl, UNITS, by="don_vi", output=str(out / "{don_vi}.docx"), workers=workers, progress=False)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 5
    assert not isinstance(stopped.value, BatchTerminated)
    assert multiprocessing.active_children() == []
    assert _temps(out) == [".baocao-1-keep1234.docx.tmp"]
    assert {"A.docx", "B.docx"} <= {p.name for p in out.iterdir()}


def test_sigterm_stops_the_batch_like_ctrl_c(tpl, tmp_path, monkeypatch):
    _patch_unit(monkeypatch, lambda key, _: time.sleep(30) if key == "B" else None)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # else SIGTERM is not the batch's to handle

    def terminate() -> None:  # only while the batch's handler is there: SIGTERM would end pytest
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            os.kill(os.getpid(), signal.SIGTERM)

    timer = threading.Timer(1.5, terminate)
    timer.start()
    try:
        with pytest.raises(BatchTerminated) as stopped:
            render_many(tpl, UNITS, by="don_vi", output=str(tmp_path / "{don_vi}.docx"), workers=2, progress=False,
                        timeout=5)
    finally:
        timer.cancel()
    assert isinstance(stopped.value, KeyboardInterrupt) and stopped.value.signal == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # put back
    assert multiprocessing.active_children() == []


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended (its new parent reaps it)


def test_workers_of_a_killed_parent_do_not_linger(tpl, tmp_path):
    """kill -9 of the parent: each worker ends once its unit is done instead of waiting forever."""
    import subprocess

    script = ("import os, time, baocao.batch as b\n"
              "real = b._render_unit\n"
              "def unit(*a):\n"
              "    os.write(1, b'%d\\n' % os.getpid()); time.sleep(1); return real(*a)\n"
              "b._render_unit = unit\n"
              f"b.render_many({str(tpl)!r}, {UNITS!r}, by='don_vi', output={str(tmp_path / '{don_vi}.docx')!r}, "
              "workers=2, progress=False)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    pids = {int(proc.stdout.readline()) for _ in range(2)}
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.1)
    assert not any(_running(pid) for pid in pids)
