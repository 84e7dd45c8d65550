"""The Python example builds the seed 000 report: its wording, header and closing block."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import needs_office, pdf_pages
from seedtext import docx_text, in_order_share, seed_path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "build_with_python.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "000.docx"
    run = subprocess.run([sys.executable, str(EXAMPLE), str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert str(out) in run.stdout
    return out


def test_header_and_closing_of_seed_000(built):
    d = docx.Document(str(built))
    header = d.tables[0]
    assert header.cell(0, 0).text.split("\n")[:2] == ["UBND TỈNH TRÀ VINH", "SỞ XÂY DỰNG"]
    assert header.cell(1, 0).text == "Số: 564/BC-SXD"
    assert header.cell(1, 1).text == "Trà Vinh, ngày 29 tháng 12 năm 2020"
    paras = [p.text for p in d.paragraphs]
    assert paras[0] == "BÁO CÁO"
    assert "Kính gửi: Sở Nội vụ tỉnh Trà Vinh" in paras
    for heading in ("I. Khái quát tình hình triển khai", "1. Việc chỉ đạo, triển khai thực hiện thực hiện:",
                    "2. Kết quả đạt được:", "III. Đánh giá chung:"):
        assert heading in paras
    assert sum(p.startswith(("a) ", "b) ", "c) ", "d) ")) for p in paras) == 4
    assert any(p.endswith("tổng hợp./.") for p in paras)
    closing = d.tables[-1]
    assert [p.text for p in closing.cell(0, 0).paragraphs] == ["Nơi nhận:", "- Như trên;", "- BGD Sở;", "- Lưu: VT."]
    assert [p.text for p in closing.cell(0, 1).paragraphs if p.text] == ["GIÁM ĐỐC", "Lê Minh Tân"]
    # the 57 procedures are summed from data in the example, not typed
    assert "gồm 57 thủ tục hành chính" in docx_text(built)


@pytest.mark.skipif(seed_path("000") is None, reason="shared/seeds is not beside the repository")
def test_wording_matches_the_seed(built):
    seed = seed_path("000").read_text(encoding="utf-8")
    assert in_order_share(seed, docx_text(built)) >= 0.99


@needs_office
def test_example_renders_to_pdf(built, tmp_path):
    import shutil

    from conftest import SOFFICE, run_ok

    run_ok([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'p'}", "--headless", "--convert-to",
            "pdf", "--outdir", str(tmp_path), str(built)], timeout=180)
    pdf = tmp_path / "000.pdf"
    assert 5 <= pdf_pages(pdf) <= 7  # the seed is a 5–6 page report
    shutil.rmtree(tmp_path / "p", ignore_errors=True)
