"""PDF through LibreOffice: to_pdf(), `baocao render --pdf`, and what happens when
LibreOffice is missing, fails or hangs."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from conftest import make, needs_office, pdf_pages, pdf_text

from baocao import OutputError
from baocao import pdf as pdfmod
from baocao.cli import main


def _script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@needs_office
def test_to_pdf_writes_the_document(tmp_path):
    out = make().to_pdf(tmp_path / "bao-cao.pdf")
    assert out == tmp_path / "bao-cao.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert pdf_pages(out) == 1
    text = pdf_text(out)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 564/BC-SXD" in text
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.pdf"]  # no profile, no temporary file


@needs_office
def test_parallel_conversions_do_not_collide(tmp_path):
    """Each conversion has its own LibreOffice profile: runs at the same time both succeed."""
    errors: list[BaseException] = []

    def convert(i: int) -> None:
        try:
            make(so=i + 1).to_pdf(tmp_path / f"vb-{i}.pdf")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i in range(3):
        assert f"Số: 0{i + 1}/BC-SXD" in pdf_text(tmp_path / f"vb-{i}.pdf")


def test_missing_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("BAOCAO_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdfmod, "_KNOWN_PLACES", ())
    with pytest.raises(OutputError, match="không tìm thấy LibreOffice") as err:
        make().to_pdf(tmp_path / "x.pdf")
    assert "apt-get install libreoffice" in str(err.value)
    assert not (tmp_path / "x.pdf").exists()


def test_given_program_that_does_not_exist(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_SOFFICE", str(tmp_path / "khong-co" / "soffice"))
    with pytest.raises(OutputError, match="không chạy được LibreOffice"):
        make().to_pdf(tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_hanging_libreoffice_is_killed_with_its_children(tmp_path):
    pids = tmp_path / "pids"
    fake = _script(tmp_path, "soffice", f"sleep 60 & echo $! > {pids}\nwait")
    started = time.monotonic()
    with pytest.raises(OutputError, match="không xong sau 1 giây"):
        make().to_pdf(tmp_path / "x.pdf", timeout=1, soffice=fake)
    assert time.monotonic() - started < 20
    assert not (tmp_path / "x.pdf").exists()
    child = int(pids.read_text())
    for _ in range(50):  # the killed child may take a moment to be reaped by init
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        with open(f"/proc/{child}/stat", encoding="ascii") as fh:
            if fh.read().split(") ")[1].startswith("Z"):  # a zombie is dead already
                break
        time.sleep(0.1)
    else:
        pytest.fail("LibreOffice's child process was left running")


def test_failing_libreoffice_keeps_the_old_file(tmp_path):
    fake = _script(tmp_path, "soffice", "echo 'Error: source file could not be loaded' >&2; exit 1")
    target = tmp_path / "x.pdf"
    target.write_bytes(b"%PDF old")
    with pytest.raises(OutputError, match="source file could not be loaded"):
        make().to_pdf(target, soffice=fake)
    assert target.read_bytes() == b"%PDF old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["soffice", "x.pdf"]


def test_pdf_target_must_be_pdf_in_an_existing_folder(tmp_path):
    with pytest.raises(OutputError, match=r"\.pdf"):
        make().to_pdf(tmp_path / "x.docx")
    with pytest.raises(OutputError, match="không tồn tại"):
        make().to_pdf(tmp_path / "khong-co" / "x.pdf")


def _template(folder: Path) -> Path:
    path = folder / "mau.md.j2"
    path.write_text("---\nloai: bao_cao\nco_quan: Sở Xây dựng\nviet_tat_co_quan: SXD\nso: 5\n"
                    "dia_danh: Trà Vinh\nngay: 2024-04-05\ntrich_yeu: Thử PDF\n---\nNội dung {{ x }}.\n",
                    encoding="utf-8")
    return path


@needs_office
def test_cli_pdf_beside_the_docx_and_pdf_only(tmp_path, capsys):
    tpl = _template(tmp_path)
    assert main(["render", str(tpl), "--set", "x=1", "-o", str(tmp_path / "a.docx"), "--pdf"]) == 0
    assert (tmp_path / "a.docx").is_file() and "Nội dung 1." in pdf_text(tmp_path / "a.pdf")
    assert main(["render", str(tpl), "--set", "x=2", "-o", str(tmp_path / "b.pdf")]) == 0
    assert "Nội dung 2." in pdf_text(tmp_path / "b.pdf")
    assert not (tmp_path / "b.docx").exists()
    assert capsys.readouterr().out.split() == [str(tmp_path / n) for n in ("a.docx", "a.pdf", "b.pdf")]


def test_cli_without_libreoffice_writes_nothing(tmp_path, monkeypatch, capsys):
    tpl = _template(tmp_path)
    monkeypatch.setenv("BAOCAO_SOFFICE", str(tmp_path / "khong-co"))
    assert main(["render", str(tpl), "--set", "x=1", "-o", str(tmp_path / "a.docx"), "--pdf"]) == 1
    assert "LibreOffice" in capsys.readouterr().err
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "a.pdf").exists()


def test_cli_bad_timeout_is_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["render", str(_template(tmp_path)), "--pdf", "--timeout", "0"])
    assert exit_.value.code == 2
