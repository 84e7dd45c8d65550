"""The installed command's limits hold however the work is stuck: the watchdog process kills a
render past ``--timeout`` + 2 s (also one stuck in C code that no Python timer can stop), cleans up
what it left, and SIGTERM / Ctrl-C end it with 143 / 130 and no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import HEAD

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork, /proc and signals of Linux")


def template(folder: Path, body: str = "Nội dung.\n") -> Path:
    path = folder / "bc.md.j2"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


#: Run the command with a part of the work replaced by one that is stuck in a way no Python
#: timer can interrupt (SIGALRM blocked, as in long C code), after ``before`` ran.
STUCK = """
import signal, sys, time
import baocao.files, baocao.template.rendering, baocao.cli
def stuck(*args, **kwargs):
    {before}
    signal.pthread_sigmask(signal.SIG_BLOCK, {{signal.SIGALRM}})
    time.sleep(120)
baocao.{target} = stuck
sys.exit(baocao.cli.command(sys.argv[1:]))
"""


def run_stuck(folder: Path, target: str, before: str, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    code = STUCK.format(target=target, before=textwrap.indent(before, "    ").strip())
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", code, "render", str(template(folder)), *args], cwd=folder,
                         capture_output=True, text=True, timeout=60)
    return run, time.monotonic() - started


def alive(marker: str) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                    if marker.encode() in fh.read():
                        found.append(int(entry.name))
            except OSError:
                pass
    return found


def test_work_stuck_in_c_code_is_killed_after_timeout_plus_two_seconds(tmp_path):
    run, took = run_stuck(tmp_path, "template.rendering._body", "pass", "--timeout", "1")
    assert run.returncode == 1 and took < 1 + 2 + 1.5, (took, run.stderr)
    assert "chạy quá 1 giây và bị dừng" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "bc.docx").exists()


def test_the_killed_work_leaves_no_temporary_file_and_no_process(tmp_path):
    marker = f"baocao-test-{os.getpid()}-{time.monotonic_ns()}"
    before = f"""
import subprocess, tempfile, os
subprocess.Popen(["sleep", "97", "{marker}"], start_new_session=True)  # like LibreOffice: its own session
fd, _ = tempfile.mkstemp(prefix=baocao.files.temp_prefix(), suffix=".docx.tmp", dir={str(tmp_path)!r})
os.write(fd, b"half a file")
"""
    run, took = run_stuck(tmp_path, "files.write_atomic", before, "--timeout", "1")
    assert run.returncode == 1 and took < 4.5, (took, run.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bc.md.j2"]
    assert alive(marker) == []


def test_a_child_killed_from_outside_is_reported(tmp_path):
    run, _ = run_stuck(tmp_path, "template.rendering._body", "import os; os.kill(os.getpid(), signal.SIGKILL)")
    assert run.returncode == 1 and "tín hiệu 9: SIGKILL" in run.stderr and "hết bộ nhớ" in run.stderr
    assert "Traceback" not in run.stderr


LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"


@pytest.mark.parametrize("how,code", [("term", 143), ("int", 130)])
def test_sigterm_and_ctrl_c_stop_cleanly(tmp_path, how, code):
    tpl = template(tmp_path, LOOP)
    proc = subprocess.Popen([sys.executable, "-m", "baocao", "render", str(tpl)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(1.5)
    started = time.monotonic()
    if how == "term":
        proc.send_signal(signal.SIGTERM)  # to the command (a service manager, kill)
    else:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == code, err
    assert time.monotonic() - started < 3
    assert "Traceback" not in err and "đã dừng" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bc.md.j2"]


def test_memory_ceiling_gives_a_clear_error(tmp_path):
    body = "{% set l = [] %}{% for i in range(100) %}{% set _ = l.append('x' * 9000000 ~ i) %}{% endfor %}" \
           "{{ l | length }}\n"
    run = subprocess.run([sys.executable, "-m", "baocao", "render", str(template(tmp_path, body)),
                          "--max-memory", "300M"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "bộ nhớ" in run.stderr and "--max-memory" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_bad_max_memory_is_a_usage_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "baocao", "render", str(template(tmp_path)), "--max-memory", "lots"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "--max-memory" in run.stderr


def test_closed_stdout_and_broken_pipe(tmp_path):
    tpl = template(tmp_path)
    run = subprocess.run(f"{sys.executable} -m baocao render {tpl} -o - >&-", shell=True, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "đầu ra chuẩn đã đóng" in run.stderr and "Traceback" not in run.stderr
    read, write = os.pipe()
    os.close(read)
    run = subprocess.run([sys.executable, "-m", "baocao", "render", str(tpl), "-o", "-"], stdout=write,
                         stderr=subprocess.PIPE, text=True, cwd=tmp_path, timeout=60)
    os.close(write)
    assert run.returncode == 141 and run.stderr == ""


def test_messages_never_carry_terminal_controls(tmp_path):
    """A unit name or a value from data with escape sequences is shown escaped, not acted on."""
    tpl = template(tmp_path, "{{ khong_co }}\n")
    (tmp_path / "ds.csv").write_text("don_vi,x\nSở\x1b]0;hacked\x07A,1\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "baocao", "render", str(tpl), "--each", "ds.csv", "--by", "don_vi",
                          "-o", "out/{stt}.docx"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "\\x1b]0;hacked\\x07" in run.stderr


@pytest.mark.parametrize("argv", [
    ["render", "vd", "-d", "a.csv", "--set", "so=5", "-o", "x.pdf", "--strict", "--timeout", "9", "--max-memory", "2G"],
    ["render", "vd", "--each", "b.csv", "--by", "don_vi", "-j", "2", "--skip-existing", "--pdf"],
    ["templates"], ["types"], ["check", "a.docx", "--select", "noi-nhan*", "--json"],
    ["xem", "vd", "--port", "0"], ["sao", "a.docx", "--hinh-thuc", "trich_sao", "--tu", "I."],
    ["mau", "a.docx", "-o", "m"],
])
def test_the_parser_of_one_command_reads_what_the_whole_parser_reads(argv):
    from baocao.cli import build_parser

    def read(parser):
        args = vars(parser.parse_args(argv))
        return {key: value for key, value in args.items() if key not in ("check_usage",)}

    assert read(build_parser(argv[0])) == read(build_parser())
    assert len(build_parser(argv[0])._subparsers._group_actions[0].choices) == 1  # the others not built


@pytest.mark.parametrize("argv, frozen", [(["render", "vd"], True), (["types"], False)])
def test_the_collector_is_off_during_start_up_and_on_for_the_work(tmp_path, argv, frozen):
    """``entry()`` turns Python's garbage collector off while the command starts up; the work runs
    with it on (a render with the start-up's objects frozen out of its way)."""
    script = textwrap.dedent(f"""
        import gc, sys
        import baocao.cli as cli
        def run(args):
            print(gc.isenabled(), gc.get_freeze_count() > 0, "baocao.template.rendering" in sys.modules, flush=True)
            return 0
        cli._run = run
        sys.argv = ["baocao", *{argv!r}]
        cli.entry()
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", str(frozen), str(frozen)]
