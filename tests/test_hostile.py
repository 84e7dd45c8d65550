"""Hostile templates: sandbox escapes, file reads outside the template's folder, and data that
looks like template code. Every case is either refused with a clear message (CLI: exit 1, no
traceback, no file written) or rendered inert; a secret file next to the template's folder never
shows up in the output nor in the message, and nothing is written or run on the side.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from baocao import BaoCaoError, TemplateError, render
from baocao.cli import main

SECRET = "BI-MAT-7f3a9c"  # the content of ../secret.txt, ../secret.png and ../secret.yaml
HEAD = """---
co_quan: Sở Xây dựng
viet_tat_co_quan: SXD
so: 564
dia_danh: Trà Vinh
ngay: 2020-12-29
trich_yeu: Tổng kết năm 2020
kinh_gui: Sở Nội vụ
nguoi_ky:
  ho_ten: Lê Minh Tân
  chuc_vu: Giám đốc
---
"""
DATA_YAML = """x: 1
v: "{{ 7*7 }} {% include '../secret.txt' %}"
v_md: "![](../secret.png)"
v_path: "../secret.txt"
v_fm: "{{ ''.__class__ }}"
"""


@dataclass(frozen=True)
class Case:
    id: str
    body: str
    refused: str | None  # a part of the message; None: the template renders (inert)
    inert: str | None = None  # for a rendered case: text the document must contain
    python: bool = False  # needs Python objects as data (a module, a DataFrame): library call only
    files: dict[str, str] = field(default_factory=dict)  # more files in the template's folder
    links: dict[str, str] = field(default_factory=dict)  # link in the template's folder → target (relative)
    head: str = HEAD


CASES = [
    # ------------------------------------------------------------- the sandbox
    Case("str-subclasses", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "'__class__'"),
    Case("tuple-bases", "{{ ().__class__.__bases__[0].__subclasses__() }}", "'__class__'"),
    Case("cycler-globals-os", "{{ cycler.__init__.__globals__.os.system('id') }}", "'__init__'"),
    Case("joiner-globals", "{{ joiner.__init__.__globals__ }}", "'__init__'"),
    Case("namespace-globals", "{{ namespace.__init__.__globals__ }}", "'__init__'"),
    Case("lipsum-globals", "{{ lipsum.__globals__['os'] }}", "'lipsum'"),  # not given to templates at all
    Case("lipsum-attr-filter", "{{ lipsum | attr('__globals__') }}", "'lipsum'"),
    Case("cycler-globals", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "'__init__'"),
    Case("joiner-globals", "{{ joiner.__init__.__globals__ }}", "'__init__'"),
    Case("template-reference-context", "{{ self._TemplateReference__context }}", "_TemplateReference__context"),
    Case("range-self", "{{ range.__self__ }}", "'__self__'"),
    Case("table-self-folder", "{{ table.__self__.folder }}", "'__self__'"),
    Case("chiso-function-globals", "{{ hai_long.__globals__ }}", "'__globals__'"),
    Case("format-string-class", "{{ '{0.__class__}'.format(x) }}", "'__class__'"),
    Case("format-string-globals", "{{ '{0.__init__.__globals__}'.format(table) }}", "không có dữ liệu 'table'"),
    Case("format-string-data-globals", "{{ '{0.__init__.__globals__}'.format(x) }}", "'__init__'"),
    Case("format-filter-globals", "{{ '%s' | format(cycler.__init__.__globals__) }}", "'__init__'"),
    Case("dunder-dict", "{{ x.__dict__ }}", "'__dict__'"),
    Case("mro-call", "{{ x.__class__.mro() }}", "'__class__'"),
    Case("mro-on-value", "{{ x.mro() }}", "'mro'"),
    Case("front-matter-class", "Nội dung.", "'__class__'",
         head=HEAD.replace("Tổng kết năm 2020", "\"{{ ''.__class__ }}\"")),
    # ------------------------------------------------------------- Python objects given as data
    Case("module-system", "{{ m.system('touch da-chay') }}", "'system'", python=True),
    Case("module-in-dict", "{{ d.m.getcwd() }}", "'getcwd'", python=True),
    Case("module-attr-filter", "{{ (m | attr('popen'))('touch da-chay') }}", "'popen'", python=True),
    Case("dataframe-to-csv", "{{ df.to_csv('../ra.csv') }}", "'to_csv'", python=True),
    Case("dataframe-query-frame", "{{ df.query('@_Context__self') }}", "'query'", python=True),
    Case("dataframe-eval", "{{ df.eval('a + 1') }}", "'eval'", python=True),
    Case("dataframe-call-by-name", "{{ df.agg('to_pickle', path='../ra.pkl') }}", "'to_pickle'", python=True),
    Case("array-tofile", "{{ df.values.tofile('../ra.bin') }}", "'tofile'", python=True),
    # ------------------------------------------------------------- files outside the folder
    Case("include-absolute", '{% include "/etc/passwd" %}', "không được đọc '/etc/passwd'"),
    Case("include-parent", '{% include "../secret.txt" %}', "không được đọc '../secret.txt'"),
    Case("include-backslash", '{% include "..\\\\secret.txt" %}', "không được đọc"),
    Case("include-name-from-data", "{% include v_path %}", "không được đọc '../secret.txt'"),
    Case("import-absolute", '{% import "/etc/hosts" as h %}{{ h }}', "không được đọc '/etc/hosts'"),
    Case("from-import-parent", '{% from "../secret.txt" import x %}', "không được đọc '../secret.txt'"),
    Case("extends-parent", '{% extends "../../x" %}', "không được đọc '../../x'"),
    Case("extends-builtin-dotdot", '{% extends "baocao/../../secret.txt" %}', "không được đọc"),
    Case("include-link-out", '{% include "lien_ket.txt" %}', "liên kết", links={"lien_ket.txt": "../secret.txt"}),
    Case("include-through-linked-folder", '{% include "cha/secret.txt" %}', "liên kết", links={"cha": ".."}),
    Case("extends-link-out", '{% extends "goc.md.j2" %}', "liên kết", links={"goc.md.j2": "../secret.txt"}),
    Case("image-absolute", "![](/etc/passwd)", "ngoài thư mục"),
    Case("image-parent", "![Ảnh](../secret.png)", "ngoài thư mục"),
    Case("image-link-out", "![](anh.png)", "ngoài thư mục", links={"anh.png": "../secret.png"}),
    Case("image-from-data-markdown", "{{ v_md | markdown }}", "ngoài thư mục"),
    Case("folder-data-link-out", "{{ secret }}", "liên kết", links={"secret.yaml": "../secret.yaml"}),
    # ------------------------------------------------------------- too big to build
    Case("string-repetition", "{{ 'a' * 1000000000 }}", "(max_text)"),
    Case("list-repetition", "{{ ([1] * 100000000) | length }}", "(max_text)"),
    Case("huge-power", "{{ 10 ** 10000000 }}", "(max_int_digits)"),
    Case("huge-power-of-data", "{{ (x + 1) ** 1000000 }}", "(max_int_digits)"),
    # ------------------------------------------------------------- inert
    Case("data-looks-like-jinja", "Giá trị: {{ v }}", None, inert="{{ 7*7 }} {% include '../secret.txt' %}"),
    Case("data-in-front-matter-is-text", "Nội dung.", None, inert="{{ ''.__class__ }}",
         head=HEAD.replace("Tổng kết năm 2020", '"{{ v_fm }}"')),
    Case("builtin-extends", '{% extends "baocao/bao_cao.md.j2" %}{% block noi_dung %}\n# Mục một\n{% endblock %}',
         None, inert="I. Mục một"),
    Case("builtin-extends-short", '{% extends "bao_cao.md.j2" %}{% block noi_dung %}\n# Mục hai\n{% endblock %}',
         None, inert="I. Mục hai"),
    Case("include-own-folder", '{% include "phan/chung.md.j2" %}', None, inert="Đoạn chung.",
         files={"phan/chung.md.j2": "Đoạn chung.\n"}),
    Case("include-link-inside", '{% include "ban_sao.md.j2" %}', None, inert="Đoạn chung.",
         files={"chung.md.j2": "Đoạn chung.\n"}, links={"ban_sao.md.j2": "chung.md.j2"}),
    Case("dataframe-reading-methods", "{{ df.a.sum() }}/{{ df.to_dict('records')[0].a }}/{{ df | length }}", None,
         inert="3/1/2", python=True),
    Case("columns-named-like-methods",
         "{{ df.to_chuc.sum() }}/{% for r in df.itertuples() %}{{ r.to_chuc }}{% endfor %}/"
         "{% for _, r in df.iterrows() %}{{ r.to_chuc }}{% endfor %}/{{ df.rename(columns={'a': 'b'}).b.sum() }}",
         None, inert="7/34/34/3", python=True),
    Case("modest-power-and-repetition", "{{ 2 ** 64 }} {{ '-' * 5 }}", None, inert="18446744073709551616 -----"),
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp/mau/`` holds the template; its parent holds the secrets."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (tmp_path / "secret.yaml").write_text(f"ma: {SECRET}\n", encoding="utf-8")
    (tmp_path / "mau").mkdir()
    return tmp_path / "mau"


def _prepare(folder: Path, case: Case) -> Path:
    for name, text in case.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    for name, target in case.links.items():
        (folder / name).symlink_to(target)
    tpl = folder / "bc.md.j2"
    tpl.write_text(case.head + case.body + "\n", encoding="utf-8")
    return tpl


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


def _python_data() -> dict:
    import yaml

    return {**yaml.safe_load(DATA_YAML), "m": os, "d": {"m": os}, "df": pd.DataFrame({"a": [1, 2], "to_chuc": [3, 4]})}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile(case: Case, folder: Path, capsys: pytest.CaptureFixture[str]):
    root = folder.parent
    tpl = _prepare(folder, case)
    source = folder if case.links.get("secret.yaml") else tpl
    before = _files(root)
    if case.python:
        try:
            render(source, _python_data()).save(root / "ra.docx")
            message = None
        except BaoCaoError as exc:
            assert isinstance(exc, TemplateError), repr(exc)
            message = str(exc)
    else:
        import yaml

        sets = [f"{key}={value}" for key, value in yaml.safe_load(DATA_YAML).items()]
        options = [a for s in sets for a in ("--set", s)]
        code = main(["render", str(source.relative_to(root)), "-o", "ra.docx", *options])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        assert code == (1 if case.refused else 0), err
        message = err if code else None
        if code:
            assert err.startswith("baocao: lỗi: ") and err.count("\n") == 1, err
    if case.refused:
        assert message is not None, "rendered, but should have been refused"
        assert case.refused in message, message
        assert "bc.md.j2" in message or "mau" in message, message  # names the template
        assert SECRET not in message
        assert _files(root) == before  # nothing written, nothing run on the side
    else:
        assert message is None, message
        xml = _docx_xml(root / "ra.docx")
        assert SECRET not in xml
        assert _files(root) == before | {"ra.docx"}
        import docx

        d = docx.Document(str(root / "ra.docx"))
        text = "\n".join(p.text for p in d.paragraphs)
        assert case.inert in text, text


def test_front_matter_escape_names_its_line(folder: Path):
    tpl = _prepare(folder, next(c for c in CASES if c.id == "front-matter-class"))
    with pytest.raises(TemplateError) as info:
        render(tpl)
    assert info.value.line == 7 and "không an toàn" in str(info.value)


def test_data_in_front_matter_is_not_rendered_twice(folder: Path):
    head = HEAD.replace("Tổng kết năm 2020", '"{{ v }}"')
    tpl = _prepare(folder, Case("x", "Nội dung.", None, head=head))
    vb = render(tpl, v="{{ 7*7 }}{% include '../secret.txt' %}")
    assert vb.trich_yeu == "{{ 7*7 }}{% include '../secret.txt' %}"


def test_symlinked_template_itself_is_allowed(folder: Path):
    """The template the user names may be a link (to a shared copy): only what it pulls in is checked."""
    shared = folder.parent / "chung"
    shared.mkdir()
    (shared / "bc.md.j2").write_text(HEAD + "Nội dung chung.\n", encoding="utf-8")
    (folder / "bc.md.j2").symlink_to(shared / "bc.md.j2")
    vb = render(folder / "bc.md.j2")
    assert vb.blocks[0].text[0].text == "Nội dung chung."


def test_output_stays_whole_over_many_bytes(folder: Path):
    """A rendered hostile-looking value goes into the XML escaped: the package stays valid."""
    tpl = _prepare(folder, Case("x", "{{ v }}", None))
    value = "</w:t></w:r><w:r><w:t>" + "<![CDATA[" + "&amp;" + "\"'" + "]]>"
    data = render(tpl, v=value).to_bytes()
    import docx

    d = docx.Document(io.BytesIO(data))
    assert value in "\n".join(p.text for p in d.paragraphs)
