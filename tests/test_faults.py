"""Faults outside the input: a full disk, a file size limit, standard output on /dev/full.
(LibreOffice missing or hanging: tests/test_pdf.py; an interrupted batch: tests/test_batch.py.)"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make

from baocao import OutputError
from baocao.batch import render_many

EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "000_bao_cao_so_xay_dung_tra_vinh")


def _big() -> object:
    """A document whose .docx is well over 64 KiB even compressed (numbers that look random)."""
    vb = make()
    rows = [[str(i), str(i * 7919 * 104729 % 1_000_000_007), i * 7907 % 99991 * 1013] for i in range(6000)]
    vb.table([["STT", "Mã hồ sơ", "Số tiền"], *rows])
    return vb


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KiB tmpfs: a real file system that runs out of space (needs root; skipped otherwise)."""
    mount = tmp_path / "day"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here: " + done.stderr.decode(errors="replace").strip())
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_full_disk_leaves_no_file(full_disk):
    with pytest.raises(OutputError, match="No space left on device") as err:
        _big().save(full_disk / "bao-cao.docx")
    assert str(full_disk / "bao-cao.docx") in str(err.value)
    assert list(full_disk.iterdir()) == []  # neither the file nor a temporary one


def test_full_disk_keeps_the_old_file(full_disk):
    small = make().save(full_disk / "bao-cao.docx")
    before = small.read_bytes()
    with pytest.raises(OutputError, match="No space left on device"):
        _big().save(small)
    assert small.read_bytes() == before
    assert [p.name for p in full_disk.iterdir()] == ["bao-cao.docx"]


def test_batch_on_a_full_disk_reports_each_unit(full_disk, tmp_path):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: \"{{ don_vi }}\"\nviet_tat_co_quan: X\ndia_danh: Trà Vinh\nngay: 2024-04-05\n"
                   "trich_yeu: T\n---\n{% for i in range(3000) %}Đoạn {{ i }} của {{ don_vi }}: "
                   "{{ i * 7919 * 104729 % 1000000007 }} {{ i * 7907 % 99991 * 1013 }}\n\n{% endfor %}\n",
                   encoding="utf-8")
    units = [{"don_vi": f"Đơn vị {i}"} for i in range(12)]
    result = render_many(tpl, units, by="don_vi", output=str(full_disk / "{stt}.docx"), workers=2, progress=False)
    assert result.failed, "a 64 KiB disk cannot hold twelve such documents"
    assert all("No space left on device" in u.error for u in result.failed)
    assert not [p for p in full_disk.iterdir() if p.name.startswith(".")]  # no temporary files left
    import docx

    for unit in result.written:
        docx.Document(str(unit.path))  # what was written is whole


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_file_size_limit_gives_a_clear_error(tmp_path):
    """A process allowed only 20 kB per file (``ulimit -f``): a small document is written, a
    big one fails with EFBIG, reported without a traceback, and nothing is left behind."""
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: A\nviet_tat_co_quan: X\ndia_danh: Trà Vinh\nngay: 2024-04-05\ntrich_yeu: T\n---\n"
                   "{% for i in range(n) %}Đoạn {{ i }}: {{ (i * 7919 * 104729 % 1000000007) | so }}\n\n{% endfor %}\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()

    def run(n: int, name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "baocao", "render", str(tpl), "--set", f"n={n}",
                               "-o", str(out / name)], capture_output=True, text=True, preexec_fn=_limit_file_size)

    small = run(5, "nho.docx")
    assert small.returncode == 0, small.stderr
    big = run(3000, "lon.docx")
    assert big.returncode == 1
    assert big.stderr.startswith("baocao: lỗi: save: không ghi được") and "File too large" in big.stderr
    assert "Traceback" not in big.stderr
    assert [p.name for p in out.iterdir()] == ["nho.docx"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_standard_output_on_dev_full():
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "baocao", "render", EXAMPLE, "-o", "-"], stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("baocao: lỗi: -o -: không ghi được ra đầu ra chuẩn: No space left on device")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_standard_output_gives_the_document(tmp_path):
    done = subprocess.run([sys.executable, "-m", "baocao", "render", EXAMPLE, "-o", "-"], capture_output=True)
    assert done.returncode == 0, done.stderr
    from baocao import render

    assert done.stdout == render(EXAMPLE).to_bytes()
