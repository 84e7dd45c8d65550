"""Every ``examples/<name>/`` folder renders with ``baocao render`` and reproduces its seed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from seedtext import SHARED, docx_text, in_order_share, seed_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def baocao(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "baocao", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_example_renders_and_matches_its_seed(folder, tmp_path):
    run = baocao("render", str(folder), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "cảnh báo" not in run.stderr, run.stderr
    out = tmp_path / f"{folder.name}.docx"  # the default output name
    assert out.exists() and run.stdout.strip().endswith(out.name)
    d = docx.Document(str(out))
    header = d.tables[0]
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    if len(header.rows) == 1:  # a text issued with a quyết định (Mẫu 1.3): no số, the kèm theo line says it
        assert any(p.text.startswith("(Kèm theo Quyết định số") for p in d.paragraphs)
    else:
        assert header.cell(1, 0).text.startswith("Số: ")
    # Nơi nhận on the left of the closing block (under the two signatures of a biên bản); none
    # after a text issued with a quyết định
    assert len(header.rows) == 1 and len(d.tables) == 1 or \
        any(c.paragraphs[0].text == "Nơi nhận:" for c in d.tables[-1].columns[0].cells)


#: Examples named after a seed (``000_…`` reproduces ``shared/seeds/000_*.txt``).
SEEDED = [p for p in FOLDERS if p.name[:3].isdigit()]


@pytest.mark.parametrize("folder", SEEDED, ids=[p.name for p in SEEDED])
def test_example_reproduces_its_seed(folder, tmp_path):
    seed = seed_path(folder.name[:3])
    if seed is None:
        pytest.skip(f"no seed {folder.name[:3]}_*.txt: {SHARED / 'seeds'} is not beside the repository")
    run = baocao("render", str(folder), "-o", str(tmp_path / "out.docx"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    share = in_order_share(seed.read_text(encoding="utf-8"), docx_text(tmp_path / "out.docx"))
    assert share >= 0.95, f"{folder.name}: only {share:.1%} of the seed's words in order"


def test_seed_000_aggregates_come_from_data(tmp_path):
    folder = tmp_path / "vi_du"
    shutil.copytree(EXAMPLES / "000_bao_cao_so_xay_dung_tra_vinh", folder)
    csv = folder / "thu_tuc.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Quản lý hoạt động xây dựng,26",
                                                           "Quản lý hoạt động xây dựng,27"), encoding="utf-8")
    run = baocao("render", str(folder), "-o", str(tmp_path / "out.docx"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    text = docx_text(tmp_path / "out.docx")
    assert "gồm 58 thủ tục hành chính" in text and "Quản lý hoạt động xây dựng là 27 TTHC" in text


def test_cli_usage_and_user_errors(tmp_path):
    assert baocao(cwd=tmp_path).returncode == 2
    assert baocao("render", cwd=tmp_path).returncode == 2
    for args in (["--help"], ["render", "--help"], ["templates", "--help"]):
        run = baocao(*args, cwd=tmp_path)
        assert run.returncode == 0 and "usage" in run.stdout.lower()
    run = baocao("render", str(tmp_path / "khong_co.md.j2"), cwd=tmp_path)
    assert run.returncode == 1 and "không tìm thấy mẫu" in run.stderr and "Traceback" not in run.stderr
    bad = tmp_path / "bad.md.j2"
    bad.write_text("---\nco_quan: Sở\ndia_danh: X\nviet_tat_co_quan: S\n---\n\n{{ thieu }}\n", encoding="utf-8")
    run = baocao("render", str(bad), cwd=tmp_path)
    assert run.returncode == 1 and "bad.md.j2:7" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "bad.docx").exists()
    run = baocao("render", str(bad), "--set", "thieu=5", "-o", str(bad), cwd=tmp_path)
    assert run.returncode == 1 and "trùng" in run.stderr
    run = baocao("render", str(bad), "--set", "thieu=Năm & <b>", "-d", str(tmp_path / "x.csv"), cwd=tmp_path)
    assert run.returncode == 1 and "x.csv" in run.stderr
    run = baocao("render", str(bad), "--set", "thieu=Năm & <b>", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Năm & <b>" in docx_text(tmp_path / "bad.docx")


def test_templates_lists_builtins_and_fields(tmp_path):
    run = baocao("templates", cwd=tmp_path)
    assert run.returncode == 0
    for name in ("bao_cao.md.j2", "quyet_dinh.md.j2", "cong_van.md.j2", "nguoi_ky", "kinh_gui", "ke_hoach"):
        assert name in run.stdout


def test_types_lists_only_the_document_types(tmp_path):
    run = baocao("types", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "Loại văn bản (loai):" and "bao_cao.md.j2" not in run.stdout and "nguoi_ky" not in run.stdout
    from baocao.doctypes import LOAI_VAN_BAN

    assert [line.split()[0] for line in lines[1:]] == list(LOAI_VAN_BAN)
    assert run.stdout in baocao("templates", cwd=tmp_path).stdout  # templates shows the same list at its end


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_examples_use_no_deprecated_name(folder):
    import warnings

    import baocao

    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        baocao.render(folder)
