"""The Quick start as a new user runs it: a plain (non-editable) ``pip install`` into a new,
isolated virtualenv, then ``baocao render`` of every example from another folder.

The virtualenv shares nothing with the one running the tests (no ``--system-site-packages``:
from inside a venv that would expose the *base* interpreter's packages, not this venv's), so a
dependency the package needs but does not declare fails here, as it would for a user."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import run_ok

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new virtualenv with baocao installed from a copy of the source tree, as ``pip install .``
    does it: dependencies from the package index (pip's cache makes a second run quick)."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "build", "dist",
                                                             "__pycache__", ".pytest_cache", ".hypothesis",
                                                             ".ooxml-validator"))
    venv = base / "venv"
    run_ok([sys.executable, "-m", "venv", venv])
    run = run_ok([venv / "bin" / "python", "-m", "pip", "install", "-v", "--disable-pip-version-check", src],
                 timeout=900)
    (venv / "pip-install.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    return venv


def test_the_build_gives_no_packaging_warning(installed):
    """Every package and data folder is declared (setuptools warns of one it would ship by accident)."""
    log = (installed / "pip-install.log").read_text(encoding="utf-8")
    assert "Building wheel for baocao" in log or "Created wheel for baocao" in log, log[-3000:]
    for warning in ("is absent from the `packages` configuration", "SetuptoolsDeprecationWarning"):
        assert warning not in log, f"{warning!r} in the build log"


def test_the_installed_package_has_its_data(installed, tmp_path):
    probe = run_ok([installed / "bin" / "python", "-c",
                    "from importlib import resources as r; import baocao.metrics as m; "
                    "print(sorted(p.name for p in r.files('baocao').iterdir() if p.name.endswith(('.typed',)))); "
                    "print(sorted(p.name for p in r.files('baocao.resources').iterdir() if p.suffix == '.json')); "
                    "print(m.text_width('QUỐC HIỆU', 13, bold=True) > 0)"], cwd=tmp_path).stdout.splitlines()
    assert probe == ["['py.typed']", "['times_metrics.json']", "True"], probe


def test_plain_install_is_isolated_and_finds_its_templates(installed, tmp_path):
    probe = run_ok([installed / "bin" / "python", "-c",
                    "import baocao, baocao.template as t, sys; print(baocao.__file__); print(t.builtin_folder()); "
                    "print('matplotlib' in sys.modules)"], cwd=tmp_path).stdout.split()
    assert Path(probe[0]).is_relative_to(installed) and "site-packages" in probe[0], probe
    assert probe[1].endswith("site-packages/baocao/templates"), probe
    assert probe[2] == "False", "import baocao must not import matplotlib (start-up time)"
    run_ok([installed / "bin" / "python", "-m", "pip", "check"])  # every declared dependency is there


@pytest.mark.parametrize("folder", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_plain_install_renders_every_example(installed, tmp_path, folder):
    run = run_ok([installed / "bin" / "baocao", "render", folder], cwd=tmp_path, timeout=180)
    assert "Traceback" not in run.stderr, run.stderr
    out = tmp_path / f"{folder.name}.docx"
    assert run.stdout.strip() == str(out) and out.stat().st_size > 5000


def test_no_build_artefact_is_tracked():
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    tracked = run_ok(["git", "ls-files"], cwd=ROOT).stdout.splitlines()
    artefacts = [f for f in tracked if any(part.endswith(".egg-info") or part in {"__pycache__", "build", "dist",
                                                                                 ".pytest_cache", ".venv"}
                                           for part in Path(f).parts) or f.endswith((".pyc", ".docx~"))]
    assert artefacts == []
