"""Compiled templates kept in the user's cache folder between runs: used when the source is the
same, passed over when damaged, never in a folder others can write, off when asked."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import HEAD

from baocao import render
from baocao.template import environment


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of this test, and the memory of the compiled templates emptied."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BAOCAO_CACHE", str(folder))
    monkeypatch.setattr(environment, "_COMPILED", environment._CompiledCache())
    monkeypatch.setattr(environment, "_ENVIRONMENTS", environment._Memo(size=32))
    import baocao.template.rendering as rendering

    monkeypatch.setattr(rendering, "_ENVIRONMENTS", environment._ENVIRONMENTS)
    return folder


def forget(monkeypatch):
    """What a new process starts with: nothing compiled in memory, no folder swept yet."""
    import baocao.files as files
    import baocao.template.rendering as rendering

    monkeypatch.setattr(files, "_SWEPT", set())

    monkeypatch.setattr(environment, "_COMPILED", environment._CompiledCache())
    monkeypatch.setattr(environment, "_ENVIRONMENTS", environment._Memo(size=32))
    monkeypatch.setattr(rendering, "_ENVIRONMENTS", environment._ENVIRONMENTS)


def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from here on."""
    from jinja2 import Environment

    names: list[str] = []
    original = Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    return names


def body_texts(vb) -> list[str]:
    return ["".join(r.text for r in b.text) for b in vb.blocks if hasattr(b, "text")]


def test_a_template_compiled_once_is_read_back_in_a_new_process(tmp_path, cache, monkeypatch):
    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + '{% extends "baocao/bao_cao.md.j2" %}{% block noi_dung %}Số {{ n }}.'
                        "{% endblock %}\n", encoding="utf-8")
    first = body_texts(render(template, {"n": 1}))
    files = sorted(p.name for p in cache.glob("jinja-*/*.bc"))
    assert len(files) == 2  # the template and the one it extends
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in cache.glob("jinja-*/*.bc"))
    forget(monkeypatch)
    names = compiles(monkeypatch)
    assert body_texts(render(template, {"n": 1})) == first
    assert not [n for n in names if n and n.endswith(".md.j2")]  # neither was compiled again
    template.write_text(template.read_text(encoding="utf-8").replace("Số", "Con số"), encoding="utf-8")
    forget(monkeypatch)
    assert body_texts(render(template, {"n": 1})) == ["Con số 1."]  # a changed source is compiled again
    assert "a.md.j2" in names


def test_a_damaged_cache_file_is_compiled_again_and_written_over(tmp_path, cache, monkeypatch):
    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + "Số {{ n }}.\n", encoding="utf-8")
    render(template, {"n": 2})
    [file] = cache.glob("jinja-*/*.bc")
    good = file.read_bytes()
    for damaged in (b"", b"j2" + b"\x00" * 40, good[:len(good) // 2], good[:-8] + b"\xff" * 8):
        file.write_bytes(damaged)
        forget(monkeypatch)
        assert body_texts(render(template, {"n": 2})) == ["Số 2."]
        assert file.read_bytes() == good


def test_a_cache_folder_others_can_write_is_not_used(tmp_path, cache, monkeypatch):
    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + "Số {{ n }}.\n", encoding="utf-8")
    render(template, {"n": 3})
    [folder] = cache.glob("jinja-*")
    folder.chmod(0o777)
    forget(monkeypatch)
    names = compiles(monkeypatch)
    assert body_texts(render(template, {"n": 3})) == ["Số 3."]
    assert "a.md.j2" in names  # compiled: the folder was passed over
    assert environment.cache_folder(environment._environments([], None)[0]) is None


@pytest.mark.parametrize("value", ["off", "none", "0"])
def test_the_cache_can_be_turned_off(tmp_path, cache, monkeypatch, value):
    monkeypatch.setenv("BAOCAO_CACHE", value)
    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + "Số {{ n }}.\n", encoding="utf-8")
    assert body_texts(render(template, {"n": 4})) == ["Số 4."]
    assert not cache.exists() and not (tmp_path / value).exists()


def test_an_unwritable_cache_folder_only_costs_the_compile(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("BAOCAO_CACHE", str(tmp_path / "file" / "below"))
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + "Số {{ n }}.\n", encoding="utf-8")
    assert body_texts(render(template, {"n": 5})) == ["Số 5."]


def test_the_cache_folder_is_the_same_in_every_process(cache):
    code = "from baocao.template import environment as e; print(e.cache_folder(e._environments([], None)[0]))"
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(seen) == 1 and str(cache) in seen.pop()


def test_old_files_are_removed_past_the_most(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(environment._CompiledCache, "MOST_FILES", 6)
    for i in range(9):
        template = tmp_path / f"t{i}.md.j2"
        template.write_text(HEAD + f"Số {i}.\n", encoding="utf-8")
        render(template)
    assert 3 <= len(list(cache.glob("jinja-*/*.bc"))) <= 6


CONSTANTS = HEAD + "Số {{ 12345 }}.\n\nTỷ lệ {{ 91.17 }}.\n\nĐạt {{ 0.9117 | phan_tram }}.\n"


def test_what_a_constant_warns_about_is_said_at_every_render(tmp_path, cache, monkeypatch):
    """Jinja may run the finalize function and filters on constants while compiling; what they warn
    about would then be said once, and never again once the compiled template is cached."""
    import warnings

    from baocao import BaoCaoWarning, TemplateError

    template = tmp_path / "a.md.j2"
    template.write_text(CONSTANTS, encoding="utf-8")
    for _ in range(2):
        for _fresh in range(2):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                render(template)
            said = [str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning)]
            assert [any(n in s for s in said) for n in ("12345", "91.17", "0.9117")] == [True] * 3, said
        forget(monkeypatch)  # as a new process: the compiled template read from the cache folder
    with pytest.raises(TemplateError, match="12345"):
        render(template, strict=True)


def test_a_command_run_with_a_warm_cache_is_as_strict(tmp_path, cache):
    template = tmp_path / "a.md.j2"
    template.write_text(CONSTANTS, encoding="utf-8")
    env = {**os.environ, "BAOCAO_CACHE": str(cache)}
    first = subprocess.run([sys.executable, "-m", "baocao", "render", str(template), "-o", str(tmp_path / "a.docx")],
                           capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0 and "12345" in first.stderr
    again = subprocess.run([sys.executable, "-m", "baocao", "render", str(template), "--strict", "-o",
                            str(tmp_path / "b.docx")], capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 1 and "12345" in again.stderr and not (tmp_path / "b.docx").exists()


def folder_for(monkeypatch, value: str | None):
    """The cache folder of the body's environment with ``BAOCAO_CACHE`` set to ``value``."""
    if value is None:
        monkeypatch.delenv("BAOCAO_CACHE", raising=False)
    else:
        monkeypatch.setenv("BAOCAO_CACHE", value)
    return environment.cache_folder(environment._environments([], None)[0])


def test_a_cache_below_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # others could put a folder of theirs in place of the cache
    assert folder_for(monkeypatch, str(shared / "cache")) is None
    shared.chmod(0o777 | 0o1000)  # sticky, as /tmp: nobody renames another's entries
    assert folder_for(monkeypatch, str(shared / "cache")) is not None


def test_odd_cache_settings_do_not_stop_a_render(tmp_path, monkeypatch):
    import os as os_module
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    assert folder_for(monkeypatch, "rel") == tmp_path / "rel" / folder_for(monkeypatch, "rel").name
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert str(folder_for(monkeypatch, "~/bc")).startswith(str(tmp_path / "home" / "bc"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert folder_for(monkeypatch, None) is None  # no home folder (a container's user without one)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert folder_for(monkeypatch, None) is None
    monkeypatch.delattr(os_module, "getuid")  # Windows: no owner to check, no cache
    assert folder_for(monkeypatch, str(tmp_path / "c")) is None
    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + "Số {{ n }}.\n", encoding="utf-8")
    assert body_texts(render(template, {"n": 6})) == ["Số 6."]


def test_the_cache_setting_is_read_again_when_it_changes(tmp_path, cache, monkeypatch):
    for i, value in enumerate([str(cache), "off", str(tmp_path / "other")]):
        monkeypatch.setenv("BAOCAO_CACHE", value)
        template = tmp_path / f"t{i}.md.j2"
        template.write_text(HEAD + f"Số {i}.\n", encoding="utf-8")
        render(template)
    assert [len(list(folder.glob("jinja-*/*.bc"))) for folder in (cache, tmp_path / "other")] == [1, 1]


def test_old_folders_and_files_left_aside_are_removed(tmp_path, cache, monkeypatch):
    import os as os_module
    import time

    cache.mkdir(mode=0o700)
    old, recent, other = (cache / f"jinja-{d * 16}" for d in "012")
    for folder in (old, recent, other):
        folder.mkdir(mode=0o700)
        (folder / f"{'a' * 40}.bc").write_bytes(b"j2")
    (other / "README.txt").write_text("not baocao's", encoding="utf-8")
    month_ago = time.time() - 31 * 86400
    for folder in (old, other):
        os_module.utime(folder, (month_ago, month_ago))
    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + "Số 7.\n", encoding="utf-8")
    render(template)
    assert not old.exists() and recent.exists() and (other / "README.txt").exists()  # another's file: kept
    [folder] = [f for f in cache.glob("jinja-*") if f not in (old, recent, other)]
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()  # the pid of a writer that is no longer running
    left = folder / f".baocao-{gone}-{'b' * 12}.bc.tmp"
    left.write_bytes(b"half")
    forget(monkeypatch)
    template.write_text(HEAD + "Số 8.\n", encoding="utf-8")
    render(template)
    assert not left.exists()


def test_the_folders_made_are_private_whatever_the_umask(tmp_path, monkeypatch):
    import os as os_module

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    (tmp_path / "home").mkdir(mode=0o700)
    previous = os_module.umask(0o002)
    try:
        folder = folder_for(monkeypatch, None)
    finally:
        os_module.umask(previous)
    assert folder is not None
    assert [oct(p.stat().st_mode & 0o777) for p in (folder, folder.parent, folder.parent.parent)] == ["0o700"] * 3


def test_a_link_on_the_way_is_followed_once(tmp_path, monkeypatch):
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    folder = folder_for(monkeypatch, str(tmp_path / "link" / "cache"))
    assert folder is not None and folder.parent == tmp_path / "real" / "cache"  # the real path, kept


def test_a_filter_s_own_error_names_the_filter(tmp_path, cache):
    from baocao import TemplateError

    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + "{{ 1 | so(context=2) }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render(template)
    assert "_at_run_time" not in str(caught.value)


@pytest.mark.parametrize("body, said", [
    ("{{ 0.9117 | phan_tram }}", "phan_tram(0.9117)"),
    ("{{ table([{'a': 'x', 'ty_le': 0.9117}, {'a': 'y', 'ty_le': 0.8523}], phan_tram={'ty_le': 1}) }}", "table()"),
])
def test_what_a_filter_or_function_says_names_its_line_and_strict_refuses_it(tmp_path, cache, body, said):
    import warnings

    from baocao import BaoCaoWarning, TemplateError

    template = tmp_path / "a.md.j2"
    template.write_text(HEAD + "Mở đầu.\n\n" + body + "\n", encoding="utf-8")
    line = HEAD.count("\n") + 3  # the body's third line
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render(template)
    texts = [str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning)]
    assert [t for t in texts if said in t] == [t for t in texts if f"{template.name}:{line}: " in t]
    assert any(said in t for t in texts), texts
    with pytest.raises(TemplateError, match=re.escape(said)) as refused:
        render(template, strict=True)
    assert refused.value.line == line
