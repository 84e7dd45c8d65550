"""Shared fixtures: sample documents, opening .docx files, LibreOffice round trips."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from baocao import NguoiKy, VanBan

#: Compiled templates go to a folder of this run (baocao keeps them in ~/.cache/baocao otherwise);
#: the command-line tests' processes inherit it.
if "BAOCAO_CACHE" not in os.environ:
    os.environ["BAOCAO_CACHE"] = os.path.join(tempfile.mkdtemp(prefix="baocao-test-cache-"), "cache")

try:  # fuzzing profiles (tests/test_fuzz.py): "ci" is deterministic, "dev" explores more
    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover - hypothesis is in the "test" extra
    pass

#: A complete front matter (13 lines: a body after it starts on line 14), for template tests.
HEAD = """---
co_quan: Sở Xây dựng
viet_tat_co_quan: SXD
so: 564
dia_danh: Trà Vinh
ngay: 2020-12-29
trich_yeu: Tổng kết năm 2020
kinh_gui: Sở Nội vụ
noi_nhan: [Như trên]
nguoi_ky:
  ho_ten: Lê Minh Tân
  chuc_vu: Giám đốc
---
"""

def write(folder: Path, name: str, content: str | bytes) -> Path:
    """``content`` written to ``folder/name`` (text as UTF-8); returns the path."""
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def make(**over) -> VanBan:
    """A báo cáo with every header field set; keyword arguments override."""
    fields = dict(
        loai="bao_cao", co_quan_chu_quan="UBND tỉnh Trà Vinh", co_quan="Sở Xây dựng",
        viet_tat_co_quan="SXD", so=564, dia_danh="Trà Vinh", ngay=dt.date(2020, 12, 29),
        trich_yeu="Tổng kết tình hình thực hiện mô hình “Chính quyền, công sở thân thiện” "
                  "năm 2020 tại Sở Xây dựng",
        kinh_gui="Sở Nội vụ tỉnh Trà Vinh", noi_nhan=["Như trên", "BGD Sở"],
        nguoi_ky=NguoiKy("Lê Minh Tân", "Giám đốc"),
    )
    fields.update(over)
    return VanBan(**fields)


#: What each type with a form of fixed sentences (baocao.forms) needs besides ``make()``'s fields.
FORM_SAMPLES: dict[str, dict] = {
    "cong_dien": dict(kinh_gui=[], trich_yeu="Về việc chủ động ứng phó với áp thấp nhiệt đới",
                      cong_dien=dict(nguoi_dien="Giám đốc Sở Xây dựng",
                                     nhan_dien=["Ủy ban nhân dân các huyện, thị xã, thành phố",
                                                "Các Ban Quản lý dự án"])),
    "giay_gioi_thieu": dict(kinh_gui=[], trich_yeu=None, noi_nhan=[],
                            gioi_thieu=dict(ong_ba="Nguyễn Văn An", chuc_vu="Chuyên viên",
                                            don_vi="Phòng Quản lý xây dựng", duoc_cu_den="Sở Tài chính tỉnh Trà Vinh",
                                            ve_viec="Làm việc về dự toán ngân sách năm 2021",
                                            co_gia_tri_den=dt.date(2021, 1, 31))),
    "bien_ban": dict(kinh_gui=[], nguoi_ky=None, noi_nhan=["Ban Giám đốc Sở"], luu=["VT", "Hồ sơ"],
                     trich_yeu="Cuộc họp giao ban tháng 12 năm 2020",
                     bien_ban=dict(bat_dau="29/12/2020 08:00", ket_thuc="29/12/2020 11:30",
                                   dia_diem="Phòng họp Sở Xây dựng",
                                   thanh_phan=["Ban Giám đốc Sở", "Trưởng các phòng, đơn vị"],
                                   chu_toa={"ho_ten": "Lê Minh Tân", "chuc_vu": "Giám đốc Sở"},
                                   thu_ky={"ho_ten": "Trần Thị Bình", "chuc_vu": "Chuyên viên Văn phòng"})),
    "giay_nghi_phep": dict(kinh_gui=[], trich_yeu=None, noi_nhan=["Ông Nguyễn Văn An"],
                           nghi_phep=dict(ong_ba="Nguyễn Văn An", danh_xung="Ông", chuc_vu="Chuyên viên",
                                          don_ngay="15/12/2020", tu_ngay="04/01/2021", den_ngay="08/01/2021",
                                          noi_nghi="thành phố Đà Lạt, tỉnh Lâm Đồng", so_ngay=5,
                                          tinh_vao="nghỉ hằng năm có hưởng lương năm 2020", xac_nhan=True)),
}


def open_docx(vb: VanBan) -> docx.document.Document:
    return docx.Document(io.BytesIO(vb.to_bytes()))


def texts(d) -> list[str]:
    """Text of the body paragraphs outside tables, in order."""
    return [p.text for p in d.paragraphs]


def twips(length) -> int:
    return round(length / 635) if length is not None else 0  # EMU → twips


def xml_int(el, path: str, attr: str) -> int:
    found = el.find(path, NS)
    return int(found.get(W + attr)) if found is not None and found.get(W + attr) else 0


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_office = pytest.mark.skipif(not (SOFFICE and PDFTOTEXT),
                                  reason="LibreOffice and poppler-utils are not installed")


def run_ok(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd`` capturing its output; when it fails, the test fails with the command, its exit
    code and what it printed on standard error (``check=True`` would hide that message)."""
    kwargs.setdefault("timeout", 300)
    run = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, errors="replace", **kwargs)
    if run.returncode != 0:
        pytest.fail(f"{' '.join(str(c) for c in cmd)} ended with {run.returncode}\n"
                    f"--- stderr ---\n{run.stderr[-4000:]}\n--- stdout ---\n{run.stdout[-2000:]}", pytrace=False)
    return run


def to_pdf(vb: VanBan, folder: Path, name: str = "doc") -> Path:
    """Save ``vb`` and convert it to PDF with LibreOffice; returns the PDF path."""
    src = vb.save(folder / f"{name}.docx")
    profile = folder / "lo-profile"
    run_ok([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
            "--convert-to", "pdf", "--outdir", str(folder), str(src)], timeout=180)
    pdf = folder / f"{name}.pdf"
    assert pdf.exists(), "LibreOffice did not produce a PDF"
    return pdf


def pdf_pages(pdf: Path) -> int:
    out = run_ok(["pdfinfo", str(pdf)]).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path) -> str:
    return run_ok([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"]).stdout


def pdf_words(pdf: Path) -> list[tuple[int, float, float, float, str]]:
    """(page, xMin, yMin, xMax, word) for every word, from ``pdftotext -bbox``."""
    import html
    import re

    out = run_ok([PDFTOTEXT, "-bbox", "-enc", "UTF-8", str(pdf), "-"]).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if m:
            words.append((page, float(m[1]), float(m[2]), float(m[3]), html.unescape(m[4])))
    return words


@contextlib.contextmanager
def interrupted(how: str, after: float) -> Iterator[type[BaseException]]:
    """Ctrl-C (``how="ctrl-c"``: SIGALRM raising KeyboardInterrupt) or SIGTERM turned into
    SystemExit by the program's handler, ``after`` seconds from now; gives the exception to
    expect. The handler and the timers are put back afterwards (main thread only)."""
    signum, exc = (signal.SIGALRM, KeyboardInterrupt) if how == "ctrl-c" else (signal.SIGTERM, SystemExit)

    def handler(_signum: int, _frame: object) -> None:
        raise exc()

    old = signal.signal(signum, handler)
    timer = threading.Timer(after, os.kill, (os.getpid(), signal.SIGTERM))
    try:
        if how == "ctrl-c":
            signal.setitimer(signal.ITIMER_REAL, after)
        else:
            timer.start()
        yield exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        timer.cancel()
        signal.signal(signum, old)


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (Linux; a zombie is dead: only its exit status is left)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return not fh.read().rsplit(") ", 1)[1].startswith(("Z", "X"))
    except (OSError, IndexError):
        return False
