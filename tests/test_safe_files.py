"""Safe files: the same input gives the same bytes, files are whole or absent, and an
output never lands on an input."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import docx
import pytest
from conftest import make

from baocao import ModelError, OutputError, TemplateError, render
from baocao.cli import main

EXAMPLE = "examples/000_bao_cao_so_xay_dung_tra_vinh"


def test_same_input_same_bytes():
    a, b = render(EXAMPLE).to_bytes(), render(EXAMPLE).to_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert "created" not in core and "modified" not in core  # no clock in the file


def test_saved_files_are_identical(tmp_path):
    make().save(tmp_path / "a.docx")
    make().save(tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_properties_when_the_caller_sets_them():
    vb = make(thuoc_tinh={"tac_gia": "Lê Minh Tân", "ngay_tao": "29/12/2020 08:30", "tu_khoa": "cải cách; TTHC",
                          "tieu_de": "Báo cáo 564", "ngay_sua": dt.datetime(2021, 1, 4, 9, 0, tzinfo=dt.timezone.utc)})
    props = docx.Document(io.BytesIO(vb.to_bytes())).core_properties
    assert props.author == "Lê Minh Tân"
    assert props.title == "Báo cáo 564"
    assert props.keywords == "cải cách; TTHC"
    assert props.created.replace(tzinfo=None) == dt.datetime(2020, 12, 29, 1, 30)  # 08:30 in Việt Nam (UTC+7)
    assert props.modified.replace(tzinfo=None) == dt.datetime(2021, 1, 4, 9, 0)
    assert vb.to_bytes() == vb.to_bytes()


@pytest.mark.parametrize(("props", "message"), [
    ({"tac_gai": "x"}, "ý bạn là 'tac_gia'"),
    ({"ngay_tao": "31/02/2020"}, "ngày giờ không hợp lệ"),
    ({"ngay_tao": 5}, "cần ngày giờ"),
    ("tác giả", "cần một bảng"),
])
def test_bad_properties(props, message):
    with pytest.raises(ModelError, match=message):
        make(thuoc_tinh=props)


def test_properties_in_front_matter_with_line(tmp_path):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: Sở Xây dựng\nviet_tat_co_quan: SXD\ndia_danh: Trà Vinh\nngay: 2020-12-29\n"
                   "trich_yeu: Thử\nthuoc_tinh:\n  tac_gia: \"{{ nguoi }}\"\n  ngay_tao: 31/02/2020\n---\nA.\n",
                   encoding="utf-8")
    with pytest.raises(TemplateError, match=r"mau\.md\.j2:9: thuoc_tinh\.ngay_tao: ngày giờ không hợp lệ"):
        render(tpl, nguoi="A")
    tpl.write_text(tpl.read_text(encoding="utf-8").replace("31/02/2020", "2020-12-29"), encoding="utf-8")
    vb = render(tpl, nguoi="Lê Văn A")
    assert docx.Document(io.BytesIO(vb.to_bytes())).core_properties.author == "Lê Văn A"


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"old")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        make().save(target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.docx"]


def test_content_errors_come_before_any_file(tmp_path):
    vb = make()
    vb.co_quan = ""
    with pytest.raises(ModelError):
        vb.save(tmp_path / "x.docx")
    assert list(tmp_path.iterdir()) == []


def test_cli_never_writes_over_an_input(tmp_path, capsys):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: A\nviet_tat_co_quan: X\ndia_danh: T\nngay: 2024-04-05\ntrich_yeu: T\n---\n"
                   "{{ so_lieu.a }}\n", encoding="utf-8")
    data = tmp_path / "so_lieu.yaml"
    data.write_text("a: 1\n", encoding="utf-8")
    link = tmp_path / "ra.docx"
    link.symlink_to(data)  # the output path is the data file under another name
    assert main(["render", str(tpl), "-d", str(data), "-o", str(link)]) == 1
    assert "trùng tệp vào" in capsys.readouterr().err
    assert data.read_text(encoding="utf-8") == "a: 1\n"
    assert main(["render", str(tpl), "-d", str(data), "-o", str(tpl), "--pdf"]) == 1
    assert tpl.read_text(encoding="utf-8").startswith("---")


def test_compiled_templates_are_reused_but_follow_edits(tmp_path):
    tpl = tmp_path / "mau.md.j2"
    head = "---\nco_quan: A\nviet_tat_co_quan: X\ndia_danh: T\nngay: 2024-04-05\ntrich_yeu: T\n---\n"
    tpl.write_text(head + "Một {{ x }}.\n", encoding="utf-8")
    assert "Một 1." in [b.text[0].text for b in render(tpl, x=1).blocks]
    tpl.write_text(head + "Hai {{ x }}.\n", encoding="utf-8")
    assert "Hai 2." in [b.text[0].text for b in render(tpl, x=2).blocks]
    tpl.write_text(head + "\n\n{{ khong_co }}\n", encoding="utf-8")
    for _ in range(2):  # the second render uses the compiled code: still the right line
        with pytest.raises(TemplateError, match=r"mau\.md\.j2:10"):
            render(tpl)


def test_stdout_output_refused_on_a_terminal(tmp_path):
    """``-o -`` writes binary .docx bytes: onto a terminal that is garbage, so it is refused (exit 2)."""
    import pty
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "000_bao_cao_so_xay_dung_tra_vinh"
    leader, follower = pty.openpty()
    try:
        run = subprocess.run([sys.executable, "-m", "baocao", "render", str(example), "-o", "-"], stdout=follower,
                             stderr=subprocess.PIPE, text=True, cwd=tmp_path, timeout=120)
    finally:
        os.close(follower)
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 1 << 16)
        except OSError:  # nothing written to the terminal
            shown = b""
        os.close(leader)
    assert run.returncode == 2 and "-o -" in run.stderr and "màn hình" in run.stderr, run.stderr
    assert b"PK" not in shown and list(tmp_path.iterdir()) == []


def test_interrupt_during_a_write_leaves_no_temporary(tmp_path, monkeypatch):
    """Ctrl-C (or the command's SIGTERM exception) between writing and renaming: no ``.baocao-*.tmp``."""
    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        make().save(tmp_path / "a.docx")
    assert list(tmp_path.iterdir()) == []


def test_leftovers_of_a_killed_run_are_swept(tmp_path):
    """``kill -9`` leaves a temporary file nobody could remove: the next write in that folder
    removes those of processes that are gone, and keeps those of running ones."""
    import subprocess
    import sys

    from baocao import files

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = tmp_path / f"{files.temp_prefix(int(dead))}abc123.docx.tmp"
    running = tmp_path / f"{files.temp_prefix(os.getppid())}def456.docx.tmp"
    other = tmp_path / ".baocao-notes.tmp"
    for f in (stale, running, other):
        f.write_bytes(b"x" * 100)
    make().save(tmp_path / "a.docx")
    assert not stale.exists() and running.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, other.name, "a.docx"])
