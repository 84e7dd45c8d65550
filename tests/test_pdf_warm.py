"""PdfSession: many documents through one LibreOffice kept running (baocao.pdf), and batches
whose workers each keep one. A timeout, a crash of LibreOffice, close(), a worker killed past
its deadline: afterwards no process of the session may be alive and no folder left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from conftest import alive, interrupted, make, needs_office, pdf_text

import baocao.batch
from baocao import OutputError
from baocao import pdf as pdfmod
from baocao.batch import render_many
from baocao.pdf import PdfSession, find_uno_python

pytestmark = [needs_office, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]
needs_uno = pytest.mark.skipif(find_uno_python() is None, reason="no Python with LibreOffice's uno (python3-uno)")


def _gone(pids: list[int], seconds: float = 2.0) -> list[int]:
    """The ``pids`` still alive after waiting up to ``seconds`` for them to die."""
    deadline = time.monotonic() + seconds
    while True:
        left = [pid for pid in pids if alive(pid)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def _ours(folder: Path) -> list[int]:
    """Live processes whose command line or environment names ``folder`` (this test's tempdir)."""
    mark = os.fsencode(str(folder))
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        for part in ("cmdline", "environ"):
            try:
                with open(f"/proc/{name}/{part}", "rb") as fh:
                    if mark in fh.read() and alive(int(name)):
                        found.append(int(name))
                        break
            except OSError:
                break
    return found


def _office_bin(session: PdfSession) -> int:
    """The pid of the session's soffice.bin (the process doing the work)."""
    for pid in session.pids():
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            if b"--accept=pipe" in fh.read() and Path(os.readlink(f"/proc/{pid}/exe")).name.startswith("soffice"):
                return pid
    raise AssertionError(f"no soffice.bin among {session.pids()}")


@pytest.fixture
def tmp(tmp_path, monkeypatch):
    """The temporary folders of this test (LibreOffice's sessions) go to tmp_path/tmp."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@needs_uno
def test_one_libreoffice_serves_every_document(tmp_path, tmp):
    with PdfSession() as session:
        assert session.warm
        pids, bins = set(), set()
        for i in range(1, 5):
            out = session.convert(make(so=i).to_bytes(), tmp_path / f"vb-{i}.pdf", timeout=60)
            assert out == tmp_path / f"vb-{i}.pdf"
            pids.add(session.pid)
            bins.add(_office_bin(session))
        assert len(pids) == 1 and len(bins) == 1  # warm: the same LibreOffice all along
        assert session.converted == 4
        assert [p.name for p in session.folder.iterdir() if p.suffix in (".docx", ".pdf")] == []
    for i in range(1, 5):
        text = pdf_text(tmp_path / f"vb-{i}.pdf")
        assert f"Số: 0{i}/BC-SXD" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert all(f"Số: 0{j}/" not in text for j in range(1, 5) if j != i)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"] + [f"vb-{i}.pdf" for i in range(1, 5)]
    assert list(tmp.iterdir()) == []


@needs_uno
def test_close_kills_everything_at_once(tmp_path, tmp):
    session = PdfSession()
    session.convert(make().to_bytes(), tmp_path / "a.pdf", timeout=60)
    pids, folder = session.pids(), session.folder
    pipe = folder.name
    assert len(pids) >= 2 and folder.is_dir()  # LibreOffice and the client at least
    profile = pdfmod._profile_argument(str(folder)).partition("=")[2]
    digest = __import__("hashlib").md5(profile.encode("utf-16-le")).digest()
    sockets = [Path(f"/tmp/OSL_PIPE_{os.getuid()}_{name}")
               for name in (pipe, "SingleOfficeIPC_" + "".join(f"{b:x}" for b in digest))]
    assert all(s.exists() for s in sockets)  # the names LibreOffice gives them are what close() removes
    started = time.monotonic()
    session.close()
    assert time.monotonic() - started < 2
    assert _gone(pids, 0.5) == [] and _ours(tmp) == []
    assert not folder.exists() and list(tmp.iterdir()) == []
    assert not any(s.exists() for s in sockets)
    assert session.pid is None and session.pids() == []


@needs_uno
def test_a_timeout_kills_the_session_and_the_next_document_starts_another(tmp_path, tmp):
    with PdfSession() as session:
        session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
        first, pids, folder = session.pid, session.pids(), session.folder
        started = time.monotonic()
        with pytest.raises(OutputError, match="không xong sau 0.01 giây") as err:
            session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=0.01)
        assert time.monotonic() - started < 2.5
        assert err.value.where == "pdf" and "tăng thời gian chờ" in str(err.value)
        assert _gone(pids) == [] and _ours(tmp) == [] and not folder.exists()
        assert not (tmp_path / "b.pdf").exists() and session.pid is None
        session.convert(make(so=3).to_bytes(), tmp_path / "c.pdf", timeout=60)
        assert session.warm and session.pid not in (None, first)
    assert "Số: 03/BC-SXD" in pdf_text(tmp_path / "c.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "c.pdf", "tmp"]


@needs_uno
def test_a_start_past_the_timeout_fails_that_document_and_stays_warm(tmp_path, tmp):
    with PdfSession() as session:
        with pytest.raises(OutputError, match="không xong sau 0.3 giây"):
            session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=0.3)  # LibreOffice starts in ~1 s
        assert session.warm and session.pid is None and _ours(tmp) == [] and list(tmp.iterdir()) == []
        session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=60)
        assert session.warm and session.pid is not None
    assert "Số: 02/BC-SXD" in pdf_text(tmp_path / "b.pdf") and not (tmp_path / "a.pdf").exists()


@needs_uno
def test_libreoffice_killed_mid_conversion_fails_that_document_only(tmp_path, tmp, monkeypatch):
    with PdfSession() as session:
        session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
        victim, pids = _office_bin(session), session.pids()
        real = session._read
        calls = []

        def crash_then_read(deadline: float):  # the request is sent: LibreOffice dies while on it
            if not calls:
                calls.append(victim)
                os.kill(victim, signal.SIGKILL)
            return real(deadline)

        monkeypatch.setattr(session, "_read", crash_then_read)
        started = time.monotonic()
        try:
            session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=60)
        except OutputError as err:  # it died while on the document: that document fails
            assert "LibreOffice không chuyển được sang PDF" in str(err) and err.where == "pdf"
            assert not (tmp_path / "b.pdf").exists()
        else:  # it died before the client reached the document: a fresh LibreOffice converted it
            assert "Số: 02/BC-SXD" in pdf_text(tmp_path / "b.pdf") and _office_bin(session) != victim
        assert time.monotonic() - started < 10, "a crash must not wait for the timeout"
        assert calls and _gone(pids) == []
        session.convert(make(so=3).to_bytes(), tmp_path / "c.pdf", timeout=60)
        assert session.warm and _office_bin(session) != victim
    assert "Số: 03/BC-SXD" in pdf_text(tmp_path / "c.pdf")
    assert _ours(tmp) == []


@needs_uno
def test_libreoffice_dead_between_documents_is_restarted_silently(tmp_path, tmp):
    with PdfSession() as session:
        session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
        victim, first = _office_bin(session), session.pid
        os.killpg(first, signal.SIGKILL)
        assert _gone([victim, first]) == []
        session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=60)  # seen dead: a new one, no failure
        assert _office_bin(session) != victim and session.pid != first
    assert "Số: 02/BC-SXD" in pdf_text(tmp_path / "b.pdf")
    assert _ours(tmp) == [] and list(tmp.iterdir()) == []


@needs_uno
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupt_mid_conversion_kills_the_session(tmp_path, tmp, monkeypatch, how):
    """Ctrl-C (KeyboardInterrupt) or SIGTERM turned into SystemExit by the program's handler,
    arriving while LibreOffice is on a document (held there: its answer never comes)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers need the main thread")
    session = PdfSession()
    session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
    pids, folder = session.pids(), session.folder
    monkeypatch.setattr(session, "_read", lambda deadline: time.sleep(30))
    with interrupted(how, 0.5) as exc:
        started = time.monotonic()
        with pytest.raises(exc):
            session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=60)
        assert time.monotonic() - started < 3
    assert _gone(pids) == [] and _ours(tmp) == []
    assert not folder.exists() and list(tmp.iterdir()) == [] and session.pid is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "tmp"]  # no b.pdf, no temporary file


@needs_uno
def test_recycled_every_n_documents(tmp_path, tmp):
    with PdfSession(recycle=2) as session:
        seen = []
        for i in range(1, 6):
            session.convert(make(so=i).to_bytes(), tmp_path / f"{i}.pdf", timeout=60)
            seen.append(session.pid)
    assert seen[0] == seen[1] != seen[2] == seen[3] != seen[4]
    assert _ours(tmp) == []


def test_without_uno_each_document_is_converted_cold(tmp_path, tmp, monkeypatch):
    monkeypatch.setenv("BAOCAO_UNO_PYTHON", str(tmp_path / "khong-co-python"))
    with PdfSession() as session:
        assert not session.warm and session.python is None
        for i in (1, 2):
            session.convert(make(so=i).to_bytes(), tmp_path / f"{i}.pdf", timeout=60)
            assert session.pid is None  # nothing kept running
    for i in (1, 2):
        assert f"Số: 0{i}/BC-SXD" in pdf_text(tmp_path / f"{i}.pdf")
    assert _ours(tmp) == [] and list(tmp.iterdir()) == []


def test_a_listener_that_cannot_start_falls_back_to_cold(tmp_path, tmp, monkeypatch):
    """A Python that "has uno" but whose client fails at once: the document is converted cold."""
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho '{\"error\": \"không có mô-đun uno\"}'\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("BAOCAO_UNO_PYTHON", str(fake))
    monkeypatch.setitem(pdfmod._HAS_UNO, str(fake), True)
    with PdfSession() as session:
        assert session.warm
        session.convert(make(so=7).to_bytes(), tmp_path / "a.pdf", timeout=60)
        assert not session.warm
    assert "Số: 07/BC-SXD" in pdf_text(tmp_path / "a.pdf")
    assert _ours(tmp) == [] and list(tmp.iterdir()) == []


def test_target_checks_as_docx_to_pdf(tmp_path, tmp):
    with PdfSession() as session:
        with pytest.raises(OutputError, match=r"\.pdf"):
            session.convert(b"PK", tmp_path / "x.docx")
        with pytest.raises(OutputError, match="không tồn tại"):
            session.convert(b"PK", tmp_path / "khong-co" / "x.pdf")
        assert session.pid is None  # nothing started for a bad target


@needs_uno
@pytest.mark.parametrize("end", ["os._exit(0)", "sys.exit(0)"])
def test_libreoffice_ends_with_the_process_that_forgot_to_close(tmp_path, tmp, end):
    """A process that ends without close(): killed (os._exit), its client sees its input end and
    kills LibreOffice; ending normally, the session is closed at exit (folder removed too)."""
    code = textwrap.dedent(f"""
        import os, sys, tempfile
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        tempfile.tempdir = {str(tmp)!r}
        from conftest import make
        from baocao.pdf import PdfSession
        session = PdfSession()
        session.convert(make().to_bytes(), {str(tmp_path / "a.pdf")!r}, timeout=60)
        print(" ".join(map(str, session.pids())), flush=True)
        {end}
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    pids = [int(p) for p in run.stdout.split()]
    assert len(pids) >= 2
    assert _gone(pids, 5) == [] and _ours(tmp) == []
    if end.startswith("sys."):
        assert list(tmp.iterdir()) == []


@needs_uno
def test_a_forked_child_leaves_its_parents_libreoffice_alone(tmp_path, tmp):
    with PdfSession() as session:
        session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
        first, pids = session.pid, session.pids()
        child = os.fork()
        if child == 0:  # the child's copy: closing it, or converting, must not touch the parent's LibreOffice
            code = 0
            try:
                session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=60)
                code = 0 if session.pid != first else 3
                session.close()
            except BaseException:  # noqa: BLE001
                code = 4
            finally:
                os._exit(code)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert all(alive(pid) for pid in pids)
        session.convert(make(so=3).to_bytes(), tmp_path / "c.pdf", timeout=60)
        assert session.pid == first
    for i, name in ((2, "b.pdf"), (3, "c.pdf")):
        assert f"Số: 0{i}/BC-SXD" in pdf_text(tmp_path / name)
    assert _gone(_ours(tmp)) == [] and list(tmp.iterdir()) == []


# ------------------------------------------------------------------------------ batches

TEMPLATE = ("---\nloai: bao_cao\nco_quan: \"{{ don_vi }}\"\nviet_tat_co_quan: \"{{ viet_tat }}\"\nso: \"{{ so }}\"\n"
            "dia_danh: Trà Vinh\nngay: 2024-04-05\ntrich_yeu: Báo cáo của {{ don_vi }}\n---\n"
            "Nội dung của {{ don_vi }}.\n")


def _units(n: int) -> list[dict]:
    return [{"don_vi": f"Đơn vị {i}", "viet_tat": f"DV{i}", "so": i} for i in range(1, n + 1)]


def _count_starts(monkeypatch, log: Path) -> None:
    """Every start of a warm LibreOffice, in any worker, adds a line to ``log``."""
    real = PdfSession._start

    def start(self, deadline):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(self, deadline)

    monkeypatch.setattr(PdfSession, "_start", start)


@needs_uno
@pytest.mark.parametrize("workers", [2, 1])
def test_batch_pdfs_through_one_libreoffice_per_worker(tmp_path, tmp, monkeypatch, workers):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TEMPLATE, encoding="utf-8")
    starts = tmp_path / "starts"
    _count_starts(monkeypatch, starts)
    result = render_many(tpl, _units(6), by="don_vi", output=str(tmp_path / "out" / "{viet_tat}.docx"), pdf=True,
                         workers=workers, progress=False)
    assert result.ok, result.failed
    for i in range(1, 7):
        text = pdf_text(tmp_path / "out" / f"DV{i}.pdf")
        assert f"Nội dung của Đơn vị {i}." in text and f"Số: 0{i}/BC-DV{i}" in text
    lines = starts.read_text().split()
    assert 1 <= len(lines) <= workers and len(set(lines)) == len(lines)  # one LibreOffice per worker, not per unit
    assert _gone(_ours(tmp)) == [] and list(tmp.iterdir()) == []
    assert baocao.batch._office.converter is None and not baocao.batch._office.keep



TOC_TEMPLATE = TEMPLATE.replace("loai: bao_cao\n", "loai: bao_cao\nmuc_luc: true\n").replace(
    "Nội dung của {{ don_vi }}.\n",
    "# Kết quả\n\nNội dung của {{ don_vi }}.\n\n---\n\n# Phương hướng\n\n## Nhiệm vụ của {{ don_vi }}\n\nTiếp tục.\n")


@needs_uno
@pytest.mark.parametrize(("workers", "pdf"), [(1, False), (2, True)])
def test_tables_of_contents_of_a_batch_are_laid_out_by_the_workers_libreoffice(tmp_path, tmp, monkeypatch,
                                                                              workers, pdf):
    from test_muc_luc import entries

    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TOC_TEMPLATE, encoding="utf-8")
    starts = tmp_path / "starts"
    _count_starts(monkeypatch, starts)

    def cold(*args, **kwargs):
        raise AssertionError("a cold LibreOffice for one unit")

    monkeypatch.setattr(pdfmod, "docx_to_pdf", cold)
    monkeypatch.setattr(baocao.batch, "docx_to_pdf", cold, raising=False)
    result = render_many(tpl, _units(4), by="don_vi", output=str(tmp_path / "out" / "{viet_tat}.docx"), pdf=pdf,
                         workers=workers, progress=False, max_memory=256 * 2**20)
    assert result.ok, result.failed
    assert all(not unit.warnings for unit in result.units), [unit.warnings for unit in result.units]
    for i in range(1, 5):
        listed = entries((tmp_path / "out" / f"DV{i}.docx").read_bytes())
        assert listed == [("I. Kết quả", "1"), ("II. Phương hướng", "2"), (f"1. Nhiệm vụ của Đơn vị {i}", "2")]
        if pdf:
            assert "MỤC LỤC" in pdf_text(tmp_path / "out" / f"DV{i}.pdf")
    lines = starts.read_text().split()
    assert 1 <= len(lines) <= workers and len(set(lines)) == len(lines)  # one LibreOffice per worker, not per unit
    assert _gone(_ours(tmp)) == [] and list(tmp.iterdir()) == []
    assert baocao.batch._office.converter is None and not baocao.batch._office.keep


@needs_uno
def test_two_batches_side_by_side_in_one_program_each_have_their_libreoffice(tmp_path, tmp, monkeypatch):
    import threading

    from test_muc_luc import entries

    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TOC_TEMPLATE, encoding="utf-8")
    starts = tmp_path / "starts"
    _count_starts(monkeypatch, starts)
    results = {}

    def batch(k: int) -> None:
        results[k] = render_many(tpl, _units(4), by="don_vi", output=str(tmp_path / f"out{k}" / "{viet_tat}.docx"),
                                 pdf=k == 1, workers=1, progress=False, max_memory=0)

    threads = [threading.Thread(target=batch, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(2):
        assert results[k].ok and not any(unit.warnings for unit in results[k].units), results[k]
        for i in range(1, 5):
            listed = entries((tmp_path / f"out{k}" / f"DV{i}.docx").read_bytes())
            assert [page for _, page in listed] == ["1", "2", "2"]
    assert len(starts.read_text().split()) == 2  # one LibreOffice each
    assert _gone(_ours(tmp)) == [] and list(tmp.iterdir()) == []
    assert baocao.batch._office.converter is None and not baocao.batch._office.keep



@needs_uno
def test_a_worker_killed_while_its_libreoffice_lays_out_a_table_of_contents_leaves_nothing(tmp_path, tmp,
                                                                                          monkeypatch):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TOC_TEMPLATE, encoding="utf-8")

    def ask(self, request, deadline):  # the worker hangs while LibreOffice lays the document out
        time.sleep(60)

    monkeypatch.setattr(PdfSession, "_ask", ask)
    result = render_many(tpl, _units(2), by="don_vi", output=str(tmp_path / "out" / "{viet_tat}.docx"), workers=2,
                         timeout=3, progress=False)
    assert not result.ok and all(unit.error for unit in result.units)
    assert _gone(_ours(tmp)) == [] and list(tmp.iterdir()) == []


@needs_uno
def test_a_table_of_contents_laid_out_too_slowly_is_written_without_pages_not_killed(tmp_path, tmp, monkeypatch):
    """The layout gets what is left of the unit's time: LibreOffice stuck on it leaves the entries
    without page numbers, with a warning, before the worker's deadline would fail the unit."""
    from test_muc_luc import entries

    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TOC_TEMPLATE, encoding="utf-8")
    real = PdfSession._ask

    def ask(self, request, deadline):  # LibreOffice stops answering
        os.killpg(self._office.pid, signal.SIGSTOP)
        return real(self, request, deadline)

    monkeypatch.setattr(PdfSession, "_ask", ask)
    result = render_many(tpl, _units(2), by="don_vi", output=str(tmp_path / "out" / "{viet_tat}.docx"), workers=2,
                         timeout=3, progress=False)
    assert result.ok, result.failed
    for unit in result.units:
        assert len(unit.warnings) == 1 and "mục lục chưa có số trang" in unit.warnings[0], unit.warnings
        assert [page for _, page in entries(unit.path.read_bytes())] == ["", "", ""]
    assert _gone(_ours(tmp)) == [] and list(tmp.iterdir()) == []


@needs_uno
def test_a_worker_killed_past_its_deadline_takes_its_libreoffice_along(tmp_path, tmp, monkeypatch):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TEMPLATE, encoding="utf-8")
    real = baocao.batch._render_unit
    pids = tmp_path / "pids"

    def unit(job, index, key, rows, output):
        result = real(job, index, key, rows, output)
        if key == "Đơn vị 3":  # its PDF is made: LibreOffice runs; then the worker hangs
            session = baocao.batch._office.converter
            pids.write_text(" ".join(map(str, session.pids() if session else [])))
            time.sleep(60)
        return result

    monkeypatch.setattr(baocao.batch, "_render_unit", unit)
    started = time.monotonic()
    result = render_many(tpl, _units(4), by="don_vi", output=str(tmp_path / "out" / "{viet_tat}.pdf"),
                         workers=2, timeout=4, progress=False)
    assert time.monotonic() - started < 40
    assert [u.unit for u in result.failed] == ["Đơn vị 3"]
    assert "quá thời hạn" in result.failed[0].error
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"DV{i}.pdf" for i in range(1, 5)]
    killed = [int(p) for p in pids.read_text().split()]
    assert len(killed) >= 2, "the hanging worker had no LibreOffice running"
    assert _gone(killed) == [] and _gone(_ours(tmp)) == []
    assert list(tmp.iterdir()) == []  # the killed worker's baocao-pdf-<pid>- folder too


# ------------------------------------------------------------------ found by an independent review


def _with_font(data: bytes) -> bytes:
    """The .docx with a font of its own (a font relationship and its file), as Word embeds one."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/_rels/fontTable.xml.rels",
                     '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                     'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                     'officeDocument/2006/relationships/font" Target="fonts/font1.odttf"/></Relationships>')
        dst.writestr("word/fonts/font1.odttf", b"\0" * 64)
    return out.getvalue()


def test_which_documents_carry_fonts():
    plain = make().to_bytes()
    assert not pdfmod._embeds_fonts(plain)
    assert pdfmod._embeds_fonts(_with_font(plain))
    assert pdfmod._embeds_fonts(b"not a zip")


@needs_uno
def test_a_document_with_its_own_fonts_is_the_last_of_its_libreoffice(tmp_path, tmp):
    """LibreOffice keeps a document's embedded fonts for every later document: it is restarted."""
    with PdfSession() as session:
        session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
        first = session.pid
        session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=60)
        assert session.pid == first  # a plain document keeps it
        session.convert(_with_font(make(so=3).to_bytes()), tmp_path / "c.pdf", timeout=60)
        assert session.pid is None  # closed after the document with a font of its own
        session.convert(make(so=4).to_bytes(), tmp_path / "d.pdf", timeout=60)
        assert session.pid not in (None, first)
    assert "Số: 04/BC-SXD" in pdf_text(tmp_path / "d.pdf")


@needs_uno
def test_libreoffice_dead_between_two_documents_costs_neither(tmp_path, tmp):
    with PdfSession() as session:
        session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
        os.kill(_office_bin(session), signal.SIGKILL)  # and the next document comes at once
        session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=60)
    assert "Số: 02/BC-SXD" in pdf_text(tmp_path / "b.pdf")


@needs_uno
def test_a_forked_child_does_not_keep_the_client_alive(tmp_path, tmp):
    session = PdfSession()
    try:
        session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
        fds = [session._client.stdin.fileno(), session._client.stdout.fileno()]
        parents = [os.readlink(f"/proc/self/fd/{fd}") for fd in fds]
        assert all(p.startswith("pipe:") for p in parents)
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # the child's copies of the client's pipes are gone, or lead nowhere
            try:
                targets = []
                for fd in fds:
                    try:
                        targets.append(os.readlink(f"/proc/self/fd/{fd}"))
                    except FileNotFoundError:
                        targets.append(os.devnull)
                os.write(write, ("ok" if all(t == os.devnull for t in targets) else repr(targets)).encode())
            finally:
                os._exit(0)
        os.close(write)
        os.waitpid(child, 0)
        assert os.read(read, 200) == b"ok"
        os.close(read)
        assert session._client is not None  # the parent's session goes on
        session.convert(make(so=2).to_bytes(), tmp_path / "b.pdf", timeout=60)
    finally:
        session.close()


@needs_uno
def test_the_client_ends_everything_when_its_owner_is_gone(tmp_path, tmp):
    session = PdfSession()
    session.convert(make(so=1).to_bytes(), tmp_path / "a.pdf", timeout=60)
    pids, folder, client = session.pids(), session.folder, session._client
    client.stdin.close()  # what the owner's death does to the client's input
    client.wait(timeout=10)
    assert _gone(pids) == [] and not folder.exists()
    session.close()



@needs_uno
@pytest.mark.parametrize("after", [0.1, 0.5])
def test_an_owner_killed_while_libreoffice_starts_leaves_nothing(tmp_path, tmp, after):
    """The owner dies (``kill -9``) before the client could say it is ready: the client cannot
    answer, and ends LibreOffice and the session folder all the same."""
    script = tmp_path / "owner.py"
    script.write_text("import sys\nfrom baocao.pdf import PdfSession\nfrom conftest import make\n"
                      "PdfSession().convert(make(so=1).to_bytes(), sys.argv[1], timeout=60)\n", encoding="utf-8")
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=os.pathsep.join([str(Path(__file__).parent),
                                                                           os.environ.get("PYTHONPATH", "")]))
    owner = subprocess.Popen([sys.executable, str(script), str(tmp_path / "a.pdf")], env=env)
    deadline = time.monotonic() + 30
    while not any(p.name.startswith("baocao-pdf-") and (p / "client.log").exists() for p in tmp.iterdir()):
        assert time.monotonic() < deadline and owner.poll() is None, "no session started"
        time.sleep(0.01)
    time.sleep(after)
    owner.kill()
    owner.wait()
    deadline = time.monotonic() + 20
    while (_ours(tmp) or list(tmp.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ours(tmp) == [] and list(tmp.iterdir()) == []


def test_a_python_that_hangs_on_import_uno_is_given_up(tmp_path, monkeypatch):
    slow = tmp_path / "python3"
    slow.write_text("#!/bin/sh\nsleep 100\n")
    slow.chmod(0o755)
    monkeypatch.setattr(pdfmod, "_UNO_PROBE", 0.5)
    monkeypatch.setenv("BAOCAO_UNO_PYTHON", str(slow))
    monkeypatch.setattr(pdfmod, "_HAS_UNO", {})
    started = time.monotonic()
    assert find_uno_python() is None
    assert time.monotonic() - started < 3
    assert _gone(_ours(tmp_path)) == []  # its sleep too


def test_relative_programs_are_made_absolute(tmp_path, monkeypatch):
    program = tmp_path / "my office" / "soffice"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 1\n")
    program.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    assert pdfmod.find_soffice("./my office/soffice") == str(program)


@pytest.mark.parametrize("timeout", [float("nan"), "5", True])
def test_a_timeout_that_is_no_number_of_seconds_is_refused(tmp_path, timeout):
    with pytest.raises(OutputError, match="giây"):
        pdfmod.docx_to_pdf(make().to_bytes(), tmp_path / "a.pdf", timeout=timeout)
    with PdfSession() as session, pytest.raises(OutputError, match="giây"):
        session.convert(make().to_bytes(), tmp_path / "a.pdf", timeout=timeout)
