"""render_many(executor=…): the units as tasks of any concurrent.futures.Executor (and Dask's)."""

from __future__ import annotations

import concurrent.futures
import importlib.util
from pathlib import Path

import pytest
from test_batch import TEMPLATE, _body, _units, _write_csv

from baocao.batch import render_many


@pytest.fixture
def job(tmp_path) -> tuple[Path, Path]:
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TEMPLATE, encoding="utf-8")
    units = _units(8)
    units[3]["tiep_nhan"] = 0  # division by zero in the template: that unit fails alone
    table = tmp_path / "don_vi.csv"
    _write_csv(table, units)
    return tpl, table


def _run(job, tmp_path, executor) -> object:
    tpl, table = job
    return render_many(tpl, table, by="don_vi", output=str(tmp_path / "out" / "{stt:02d}.docx"),
                       overrides={"ky": "quý I"}, executor=executor, progress=False)


def _check(result, tmp_path) -> None:
    assert [u.unit for u in result.units] == [f"Sở Ngành số {i}" for i in range(1, 9)]  # table order
    assert len(result.written) == 7 and [u.unit for u in result.failed] == ["Sở Ngành số 4"]
    assert "chia cho 0" in result.failed[0].error
    files = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in files] == ["01.docx", "02.docx", "03.docx", "05.docx", "06.docx", "07.docx", "08.docx"]
    assert "Sở Ngành số 8 tiếp nhận 1.296 hồ sơ" in _body(tmp_path / "out" / "08.docx")


@pytest.mark.parametrize("kind", [concurrent.futures.ThreadPoolExecutor, concurrent.futures.ProcessPoolExecutor])
def test_standard_executors(job, tmp_path, kind):
    with kind(max_workers=2) as executor:
        result = _run(job, tmp_path, executor)
        assert executor.submit(sum, [1, 2]).result() == 3  # left running for its owner
    _check(result, tmp_path)


class _Broken(concurrent.futures.Executor):
    """An executor whose task for one unit dies (a worker lost, a job that cannot be sent)."""

    def __init__(self) -> None:
        self.inner = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self.calls = 0

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        self.calls += 1
        if self.calls == 2:
            future: concurrent.futures.Future = concurrent.futures.Future()
            future.set_exception(RuntimeError("worker lost"))
            return future
        return self.inner.submit(fn, *args, **kwargs)


def test_a_task_the_executor_loses_fails_its_unit_only(job, tmp_path):
    executor = _Broken()
    result = _run(job, tmp_path, executor)
    executor.inner.shutdown()
    lost = [u for u in result.failed if "executor không chạy được" in (u.error or "")]
    assert [u.unit for u in lost] == ["Sở Ngành số 2"] and "worker lost" in lost[0].error
    assert len(result.written) == 6


def test_wrong_executor_and_memory_ceiling_refused(job, tmp_path):
    tpl, table = job
    with pytest.raises(ValueError, match="concurrent.futures.Executor"):
        render_many(tpl, table, by="don_vi", output=str(tmp_path / "{stt}.docx"), executor="dask")  # type: ignore[arg-type]
    with concurrent.futures.ThreadPoolExecutor(1) as executor, pytest.raises(ValueError, match="max_memory"):
        render_many(tpl, table, by="don_vi", output=str(tmp_path / "{stt}.docx"), executor=executor,
                    max_memory=2**30)
    assert not list(tmp_path.glob("*.docx"))


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask[distributed] is not installed")
def test_a_local_dask_cluster(job, tmp_path):
    """A real Dask cluster (worker processes on this machine), through ``Client.get_executor()``."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        result = _run(job, tmp_path, client.get_executor())
    _check(result, tmp_path)


def test_thread_executor_warnings_go_to_their_unit_and_the_callers_stay(job, tmp_path):
    """``warnings.catch_warnings`` is per process: two threads rendering at once swapped their units'
    warnings and left the caller's warnings redirected. An executor's tasks render one at a time."""
    import warnings

    tpl, table = job
    tpl.write_text(TEMPLATE.replace("kỳ {{ ky }}.", "kỳ {{ ky }}.{% if so == 3 %} {{ so * 100000 }}{% endif %}"),
                   encoding="utf-8")
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as executor:
        result = render_many(tpl, table, by="don_vi", output=str(tmp_path / "out" / "{stt:02d}.docx"),
                             overrides={"ky": "quý I"}, executor=executor, progress=False)
    warned = [u.unit for u in result.units if u.warnings]
    assert warned == ["Sở Ngành số 3"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("của người gọi", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["của người gọi"]


def test_a_shut_down_executor_is_a_clear_error(job, tmp_path):
    executor = concurrent.futures.ThreadPoolExecutor(1)
    executor.shutdown()
    with pytest.raises(ValueError, match="executor không nhận việc"):
        _run(job, tmp_path, executor)


def test_two_batches_in_threads_keep_their_own_warnings_strictness_and_memory_limit(tmp_path):
    """Two ``workers=1`` batches side by side in one program: one not strict whose every unit warns,
    one strict that says nothing; neither takes the other's warnings or strictness, and the
    process's memory limit is what it was."""
    import resource
    import threading

    head = TEMPLATE.split("---\n", 2)
    warn = tmp_path / "a.md.j2"
    warn.write_text(f"---\n{head[1]}---\nTỷ lệ {{{{ ty_le }}}} phần trăm.\n" + "\nĐoạn dài. " * 200, encoding="utf-8")
    quiet = tmp_path / "b.md.j2"
    quiet.write_text(f"---\n{head[1]}---\nKhông có số.\n" + "\nĐoạn dài. " * 200, encoding="utf-8")
    units = [{**u, "ty_le": 91.17} for u in _units(25)]
    limit_before = resource.getrlimit(resource.RLIMIT_AS)
    results = {}

    def batch(name: str, tpl: Path, strict: bool) -> None:
        results[name] = render_many(tpl, units, by="don_vi", output=str(tmp_path / name / "{stt:02d}.docx"),
                                    workers=1, strict=strict, progress=False, max_memory=2**31)

    threads = [threading.Thread(target=batch, args=("a", warn, False)),
               threading.Thread(target=batch, args=("b", quiet, True))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results["a"].ok and all(len(u.warnings) == 1 and "91,17" in u.warnings[0] for u in results["a"].units)
    assert results["b"].ok and not any(u.warnings for u in results["b"].units)
    assert resource.getrlimit(resource.RLIMIT_AS) == limit_before


def test_a_process_forked_while_another_thread_renders_does_not_wait_for_it(job, tmp_path):
    """A forked executor's processes get their own one-at-a-time lock: the parent's, held by a thread
    rendering a unit when they were forked, would never be released in them."""
    import multiprocessing
    import threading

    import baocao.batch

    tpl, table = job
    done = threading.Event()
    results = {}

    def forked_batch() -> None:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as executor:
            results["r"] = _run(job, tmp_path, executor)
        done.set()

    with baocao.batch._ONE_AT_A_TIME:  # as a thread of this program rendering a unit right now
        thread = threading.Thread(target=forked_batch, daemon=True)
        thread.start()
        finished = done.wait(120)
    assert finished, "the forked processes waited for a lock held in their parent"
    thread.join()
    _check(results["r"], tmp_path)
