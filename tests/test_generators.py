"""Every data generator under ``examples/`` is deterministic: rerun in a copy of its
folder, it writes exactly the file that is committed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*/tao_*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[f"{s.parent.name}/{s.name}" for s in SCRIPTS])
def test_generator_reproduces_its_data(script, tmp_path):
    folder = tmp_path / script.parent.name
    shutil.copytree(script.parent, folder)
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.csv")}
    run = subprocess.run([sys.executable, str(folder / script.name)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rewritten = [p.name for p in folder.glob("*.csv") if p.stat().st_mtime_ns != before.get(p.name)]
    assert rewritten, f"{script.name} wrote no data file"
    for name in rewritten:
        assert (folder / name).read_bytes() == (script.parent / name).read_bytes(), f"{name} differs on a rerun"
