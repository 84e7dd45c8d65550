"""A plain (non-editable) install finds its built-in templates and data, and renders
every example from another folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtualenv sharing this one's dependencies, with baocao installed from a copy
    of the source tree as a wheel would install it (the build backend comes from PyPI)."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "build", "__pycache__"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    run = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(src)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return venv


def test_wheel_install_renders_every_example(installed, tmp_path):
    baocao = installed / "bin" / "baocao"
    probe = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "import baocao, baocao.template as t; print(baocao.__file__); print(t.builtin_folder())"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout.split()
    assert "site-packages" in probe[0] and probe[1].endswith("site-packages/baocao/templates")
    for folder in sorted((ROOT / "examples").iterdir()):
        if folder.is_dir():
            run = subprocess.run([str(baocao), "render", str(folder)], capture_output=True, text=True, cwd=tmp_path,
                                 timeout=120)
            assert run.returncode == 0, run.stderr
            assert (tmp_path / f"{folder.name}.docx").stat().st_size > 5000
