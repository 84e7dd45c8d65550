"""Start-up stays light: pandas and matplotlib are imported only when a document needs them
(a CSV/XLSX file, a DataFrame, an indicator or a chart), never by ``import baocao``,
``baocao --help`` or a template without tables or charts. Each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "matplotlib")

TEMPLATE = """\
---
loai: bao_cao
co_quan: Sở Xây dựng
viet_tat_co_quan: SXD
so: "{{ so_lieu.so }}"
dia_danh: Trà Vinh
ngay: 2020-12-29
trich_yeu: Tổng kết năm {{ so_lieu.nam }}
kinh_gui: Ủy ban nhân dân tỉnh Trà Vinh
nguoi_ky: {ho_ten: Lê Minh Tân, chuc_vu: Giám đốc}
---
{% extends "bao_cao.md.j2" %}
{% block noi_dung %}
# Kết quả

Sở đã giải quyết **{{ so_lieu.ho_so | so }}** hồ sơ, đạt {{ so_lieu.ty_le | phan_tram }} đúng hạn.

- Một ý | có dấu *đặc biệt*;
{% endblock %}
"""

CLI = "import contextlib, io\nfrom baocao.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n    {}"
RUN = "assert main({}) == 0"  # the command's exit code: a failed render must not pass for a light one


def imported(code: str, cwd: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The ``heavy`` modules in ``sys.modules`` after running ``code`` in a new interpreter."""
    show = f"\nimport json, sys\nprint(json.dumps([m for m in {heavy!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", code + show], capture_output=True, text=True, cwd=cwd, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "tong_ket.md.j2").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "so_lieu.yaml").write_text("so: 564\nnam: 2020\nho_so: 6243\nty_le: 97.5\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("code", [
    "import baocao",
    "import baocao.cli",
    CLI.format("try: main(['--help'])\n    except SystemExit: pass"),
    CLI.format("try: main(['render', '--help'])\n    except SystemExit: pass"),
], ids=["import", "import-cli", "help", "render-help"])
def test_start_up_imports_no_pandas_or_matplotlib(code: str, tmp_path: Path) -> None:
    assert imported(code, tmp_path) == []


def test_help_does_not_load_the_linter(tmp_path: Path) -> None:
    """``baocao --help`` lists ``check`` without importing it (and lxml with it); ``check`` still runs."""
    code = CLI.format("try: main(['--help'])\n    except SystemExit: pass")
    assert imported(code, tmp_path, ("baocao.check", "lxml")) == []
    out = subprocess.run([sys.executable, "-m", "baocao.cli", "check", "khong-co.docx"], capture_output=True,
                         text=True, cwd=tmp_path, timeout=120)
    assert out.returncode == 2 and "khong-co.docx" in out.stderr  # 2: the file cannot be read


def test_render_without_tables_imports_no_pandas_or_matplotlib(folder: Path) -> None:
    code = ("import baocao\n"
            "doc = baocao.render('tong_ket.md.j2', so_lieu=dict(so=564, nam=2020, ho_so=6243, ty_le=97.5))\n"
            "assert doc.to_bytes()[:2] == b'PK'")
    assert imported(code, folder) == []


def test_command_with_yaml_data_imports_no_pandas_or_matplotlib(folder: Path) -> None:
    code = CLI.format(RUN.format("['render', 'tong_ket.md.j2', '-d', 'so_lieu.yaml', '-o', 'out.docx']"))
    assert imported(code, folder) == []
    assert (folder / "out.docx").stat().st_size > 0


def test_csv_data_does_import_pandas(folder: Path) -> None:
    """The check above can fail: a CSV that only pandas reads for sure (a blank cell) is read as a
    DataFrame. (A plain CSV that the template never uses as a DataFrame is not: test_fast_paths.)"""
    (folder / "bang.csv").write_text("linh_vuc,so\nNhà ở,13\nVật liệu,\n", encoding="utf-8")
    code = CLI.format(RUN.format("['render', 'tong_ket.md.j2', '-d', 'so_lieu.yaml', '-d', 'bang.csv', "
                                "'-o', 'out.docx']"))
    assert "pandas" in imported(code, folder)


def test_a_document_without_a_form_does_not_import_the_forms(folder: Path) -> None:
    """The forms of Phụ lục III (their dataclasses cost milliseconds of each run) are imported for a
    document of a type that has one, a giấy mời here, and not for a báo cáo."""
    code = CLI.format(RUN.format("['render', 'tong_ket.md.j2', '-d', 'so_lieu.yaml', '-o', 'out.docx']"))
    assert imported(code, folder, ("baocao.forms",)) == []
    (folder / "moi.md.j2").write_text(
        '---\nloai: giay_moi\nco_quan: Sở Xây dựng\nviet_tat_co_quan: SXD\ndia_danh: Trà Vinh\n'
        'trich_yeu: Họp tổng kết\n'
        'nguoi_ky: {ho_ten: Lê Minh Tân, chuc_vu: Giám đốc}\n---\n{% extends "giay_moi.md.j2" %}\n', encoding="utf-8")
    code = CLI.format(RUN.format("['render', 'moi.md.j2', '-o', 'moi.docx']"))
    assert imported(code, folder, ("baocao.forms",)) == ["baocao.forms"]


def test_the_model_names_the_forms_as_the_forms_module_does() -> None:
    from baocao import model
    from baocao.forms import FORM_OF

    assert set(model._FORM_TYPES) == set(FORM_OF)
    assert set(model._FORM_FIELDS) == {name for name, _ in FORM_OF.values()}
