"""The allow-list sandbox: what reports need works, everything else is refused by name; data is
read-only; sizes are checked before the work is done."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from conftest import HEAD

from baocao import BaoCaoError, TemplateError, render
from baocao.limits import LimitError
from baocao.sandbox import ALLOWED, check_writable

ROWS = pd.DataFrame({"linh_vuc": ["Nhà ở", "Đất đai", "Xây dựng", "Nhà ở"], "so": [3, 5, 2, 4],
                     "ngay": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-03-15", "2024-03-20"])})


def text_of(tmp_path, body: str, **data) -> str:
    template = tmp_path / "bc.md.j2"
    template.write_text(HEAD + "\n" + body + "\n", encoding="utf-8")
    doc = render(template, data, timeout=20)
    return "\n".join("".join(r.text for r in b.text) for b in doc.blocks if hasattr(b, "text"))


def refused(tmp_path, body: str, match: str, line: bool = True, **data) -> BaoCaoError:
    with pytest.raises(BaoCaoError, match=match) as info:
        text_of(tmp_path, body, **data)
    assert ("bc.md.j2:15" if line else "bc.md.j2") in str(info.value)  # the template (and line)
    return info.value


# --------------------------------------------------------------------------- what reports use works

@pytest.mark.parametrize("body,expected", [
    ("{{ df.so.sum() }}", "14"),
    ("{{ df['so'].max() }}/{{ df.shape[0] }}/{{ df | length }}", "5/4/4"),
    ("{{ df.groupby('linh_vuc').so.sum().to_dict() | dictsort | first | first }}", "Nhà ở"),
    ("{{ df.groupby('linh_vuc').agg(tong=('so', 'sum')).tong.max() }}", "7"),
    ("{{ df.sort_values('so', ascending=False).iloc[0].linh_vuc }}", "Đất đai"),
    ("{{ df[df.so > 2].linh_vuc.unique() | join(', ') }}", "Nhà ở, Đất đai"),
    ("{{ df.loc[df.linh_vuc == 'Nhà ở', 'so'].sum() }}", "7"),
    ("{{ df.ngay.dt.month.max() }}/{{ df.ngay.iloc[0].year }}", "3/2024"),
    ("{{ df.linh_vuc.str.upper().iloc[1] }}/{{ df.linh_vuc.str.contains('Nhà').sum() }}", "ĐẤT ĐAI/2"),
    ("{% for r in df.itertuples() %}{{ r.so }}{% endfor %}/{% for _, r in df.iterrows() %}{{ r.so }}{% endfor %}",
     "3524/3524"),
    ("{% for r in df.to_dict('records') %}{{ r.linh_vuc[0] }}{% endfor %}", "NĐXN"),
    ("{{ df.pivot_table(index='linh_vuc', values='so', aggfunc='sum').so.to_list() }}", "[7, 2, 5]"),
    ("{{ (df.so / df.so.sum() * 100).round(1).to_list() }}", "[21.4, 35.7, 14.3, 28.6]"),
    ("{{ arr.sum() }}/{{ arr.tolist() }}", "6/[1, 2, 3]"),
    ("{{ '%05.1f' | format(3.14159) }}/{{ '{:>6}'.format('a') }}|", "003.1/     a|"),
    ("{% set ns = namespace(t=0) %}{% for x in [1, 2] %}{% set ns.t = ns.t + x %}{% endfor %}{{ ns.t }}", "3"),
    ("{% set l = [] %}{% set _ = l.append(1) %}{% set d = {} %}{% set _ = d.update({'a': 2}) %}{{ l }}{{ d.a }}",
     "[1]2"),
    ("{% set c = dict(d) %}{% set _ = c.update({'b': 2}) %}{{ c | length }}/{{ d | length }}", "2/1"),
    ("{{ x.upper() }}/{{ x.center(9, '*') }}/{{ x.replace('b', 'c') }}", "ABC/***abc***/acc"),
    ("{{ ngay.strftime('%d/%m/%Y') }}", "05/01/2024"),
    ("{{ df.merge(df, how='inner', on='linh_vuc') | length }}/{{ df.to_dict('list').so }}", "6/[3, 5, 2, 4]"),
])
def test_what_reports_need_works(tmp_path, body, expected):
    data = {"df": ROWS, "arr": np.array([1, 2, 3]), "x": "abc", "d": {"a": 1},
            "ngay": ROWS.ngay.iloc[0].to_pydatetime()}
    assert expected in text_of(tmp_path, body, **data)


# --------------------------------------------------------------------------- the rest is refused

@pytest.mark.parametrize("body,match", [
    ("{{ df.style }}", "'style' của DataFrame"),
    ("{{ df.style.env }}", "'style'"),
    ("{{ df['style'] }}", "'style'"),
    ("{{ df | attr('style') }}", "'style'"),
    ("{{ df.to_csv('x.csv') }}", "'to_csv'"),
    ("{{ df.plot }}", "'plot'"),
    ("{{ df.apply('sum') }}", "'apply'"),
    ("{{ df.agg(['sum', 'to_csv'], path_or_buf='x') }}", "không nhận 'to_csv'"),
    ("{{ df.agg({'so': ('to_pickle',)}) }}", "không nhận 'to_pickle'"),
    ("{{ df.so.agg([['to_csv']]) }}", "không nhận 'to_csv'"),
    ("{{ df.pivot_table(index='linh_vuc', aggfunc={'so': 'to_json'}) }}", "không nhận 'to_json'"),
    ("{{ df.so.agg('save', 'x.npy') }}", "không nhận 'save'"),  # pandas would look it up on numpy
    ("{{ df.groupby('linh_vuc').so.transform('fromfile') }}", "không nhận 'fromfile'"),
    ("{{ df.rename(columns=x.upper) }}", "hàm 'upper' làm tham số"),
    ("{{ df.so.map(x.center) }}", "hàm 'center' làm tham số"),
    ("{{ df.sort_values('so', inplace=True) }}", "inplace"),
    ("{{ df.linh_vuc.str.contains('(a+)+$', regex=True) }}", "regex"),
    ("{{ df.filter(regex='.*') }}", "regex"),
    ("{{ df.linh_vuc.str.count('a') }}", "'count'"),
    ("{{ df.values.tofile('x') }}", "'tofile'"),
    ("{{ df.attrs }}", "'attrs'"),
    ("{{ df._mgr }}", "tên riêng '_mgr'"),
    ("{{ x.encode() }}", "'encode'"),
    ("{{ x.__class__ }}", "tên riêng '__class__'"),
    ("{{ lst.append(1) }}", "chỉ được đọc"),
    ("{{ d.update({'b': 1}) }}", "chỉ được đọc"),
    ("{{ d.inner.append(1) }}", "chỉ được đọc"),
    ("{{ (d | attr('clear'))() }}", "chỉ được đọc"),
    ("{{ f() }}", "không được gọi 'system'"),
    ("{{ cycler }}", "không viết được 'Cycler'"),
    ("{{ dict }}", "không viết được 'dict'"),
    ("{{ self }}", "không viết được một TemplateReference"),
    ("{{ [cycler] }}", "không viết được"),
    ("{{ cycler | string }}", "không viết được"),
    ("{{ '%s' % cycler }}", "không viết được"),
    ("{{ '{}'.format(dict) }}", "hàm 'dict'"),
    ("{{ '{}'.format(self) }}", "không viết được"),
    ("{{ df }}", "cả một DataFrame"),
    ("{{ df | string }}", "cả một DataFrame"),
    ("{{ 'x' ~ df.so }}", "cả một Series"),
    ("{{ lipsum(5) }}", "'lipsum'"),
    ("{{ [1, 2] | random }}", "random"),
])
def test_refused_by_name(tmp_path, body, match):
    import os

    data = {"df": ROWS, "x": "abc", "lst": [1, 2], "d": {"a": 1, "inner": [1]}, "f": os.system}
    refused(tmp_path, body, match, **data)
    assert data["lst"] == [1, 2] and data["d"] == {"a": 1, "inner": [1]} and len(ROWS) == 4
    assert list(tmp_path.iterdir()) == [tmp_path / "bc.md.j2"]


def test_data_stays_unchanged_across_renders(tmp_path):
    shared = {"ds": ["A"], "bang": {"k": 1}}
    for _ in range(3):
        text_of(tmp_path, "{% set l = ds | list %}{% set _ = l.append('x') %}{{ l | join(',') }}", chung=shared,
                ds=shared["ds"])
    assert shared == {"ds": ["A"], "bang": {"k": 1}}


# --------------------------------------------------------------------------- sizes, before the work

@pytest.mark.parametrize("body", [
    "{{ 'a' * 1000000000 }}",
    "{{ 'a' * n }}",
    "{{ [0] * 100000000 }}",
    "{{ 'a'.center(1500000000) }}",
    "{{ 'a'.ljust(1500000000) }}",
    "{{ 'a'.zfill(1500000000) }}",
    "{{ 'a' | center(1500000000) }}",
    "{{ 'a' | indent(1500000000) }}",
    "{{ ('x' * 5000000).replace('', 'yy') }}",
    "{{ ('x' * 5000000) | replace('x', 'yyyyyyyyyy') }}",
    "{{ ('x' * 5000000).join(['a', 'b', 'c']) }}",
    "{{ [1] | batch(1500000000, 0) | list }}",
    "{% set ns = namespace(s='x' * 4000000) %}{% for i in range(5) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='x' * 4000000) %}{% for i in range(5) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{{ '%1500000000d' % 1 }}",
    "{{ '%1500000000d' | format(1) }}",
    "{{ '{:>1500000000}'.format(1) }}",
    "{{ '{:{w}}'.format(1, w=1500000000) }}",
    "{{ 10 ** 100000 }}",
    "{{ 7 ** 5000 * 7 ** 5000 }}",
    "{% set ns = namespace(n=7) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
    "{{ ngay.strftime('%_1500000000Y') }}",
    "{{ big }}",
])
def test_sizes_are_checked_first(tmp_path, body):
    import datetime as dt

    started = time.monotonic()
    with pytest.raises(BaoCaoError) as info:
        text_of(tmp_path, body, n=1500000000, ngay=dt.date(2024, 1, 5), big=10**20000)
    assert time.monotonic() - started < 5
    assert isinstance(info.value, (LimitError, TemplateError))
    assert "bc.md.j2:15" in str(info.value)


def test_limit_errors_say_how_to_raise_them(tmp_path, monkeypatch):
    error = refused(tmp_path, "{{ 'a' * 20000000 }}", "max_text")
    assert "BAOCAO_MAX_TEXT" in str(error)
    monkeypatch.setenv("BAOCAO_MAX_TEXT", "30000000")
    assert len(text_of(tmp_path, "{{ 'a' * 20000000 }}")) == 20000000


def test_document_size_is_capped_while_it_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_MAX_DOCUMENT", "1000000")
    started = time.monotonic()
    refused(tmp_path, "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "max_document", line=False)
    assert time.monotonic() - started < 5


def test_recursion_is_a_clear_error(tmp_path):
    refused(tmp_path, "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "lồng quá sâu")


def test_the_lists_name_only_public_names():
    assert all(not name.startswith("_") for names in ALLOWED.values() for name in names)
    for dangerous in ("style", "to_csv", "eval", "query", "pipe", "apply", "plot", "tofile", "attrs", "to_pickle"):
        assert all(dangerous not in names for names in ALLOWED.values())


def test_writable_values():
    import datetime as dt
    from decimal import Decimal

    for ok in ("a", 1, 2.5, None, True, Decimal("1.5"), dt.date(2024, 1, 1), [1, "a"], {"a": [1]},
               np.int64(3), pd.Timestamp("2024-01-01")):
        check_writable(ok)

    class Plain:
        pass

    for bad in (Plain(), print, dict, [len], {"a": Plain}):
        with pytest.raises(Exception, match="không viết được"):
            check_writable(bad)


def test_deep_front_matter_names_the_limit_and_line(tmp_path):
    template = tmp_path / "bc.md.j2"
    template.write_text("---\nco_quan: Sở\ntrich_yeu: " + "[" * 300 + "]" * 300 + "\n---\nx\n", encoding="utf-8")
    with pytest.raises(LimitError, match=r"bc\.md\.j2:3: phần đầu \(YAML\).*\(max_depth\)"):
        render(template)


# --------------------------------------------------------------------------- data is inert

@pytest.mark.parametrize("body,data", [
    ("# {{ a }}", {"a": "Phụ lục: Danh sách bí mật"}),
    ("# {{ a }}{{ b }}", {"a": "Phụ", "b": " lục: Danh sách"}),
    ("# Phụ {{ a }}", {"a": "lục: Danh sách"}),
    ("# {{ a }}", {"a": "PHỤ LỤC {ngang}"}),
    ("{{ a }}", {"a": "---"}),
    ("{{ a }}", {"a": "# Tiêu đề"}),
    ("{{ a }}", {"a": "- mục\n- mục"}),
    ("{{ a }}", {"a": "1. một"}),
    ("{{ a }}", {"a": "| a | b |\n|---|---|\n| 1 | 2 |"}),
])
def test_no_value_starts_a_structure(tmp_path, body, data):
    from baocao.model import Heading, Paragraph

    template = tmp_path / "bc.md.j2"
    template.write_text(HEAD + "\n# Mở đầu\n\n" + body + "\n", encoding="utf-8")
    doc = render(template, data)
    assert doc.phu_luc == []
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Heading, Heading if body.startswith("#") else Paragraph], kinds
    shown = "".join(r.text for r in doc.blocks[1].text)
    assert shown.replace("\n", " ").strip() == (body.replace("# ", "", 1)
                                                 .replace("{{ a }}", data["a"]).replace("{{ b }}", data.get("b", ""))
                                                 .replace("\n", " ").strip())


def test_a_number_typed_in_data_is_removed_from_a_heading_with_a_warning(tmp_path):
    """The writer numbers headings: "II. Kết quả" from data would show as "I. II. Kết quả"."""
    from baocao import BaoCaoWarning

    template = tmp_path / "bc.md.j2"
    template.write_text(HEAD + "\n# {{ a }}\n", encoding="utf-8")
    with pytest.warns(BaoCaoWarning, match="số gõ tay 'II.'"):
        doc = render(template, {"a": "II. Kết quả"})
    assert doc.blocks[0].text[0].text == "Kết quả"


# --------------------------------------------------------------------------- found by the red team

REDTEAM_ROWS = pd.DataFrame({"ten": ["Hà Nội", "Huế"], "so": [1, 2], "b": ["x", "y"]})


@pytest.mark.parametrize("body,match", [
    # function names made from data and handed over in an array, Index or pandas array
    ("{% set f = (df.ten.str.replace(df.ten.iloc[0], 'to_') + 'csv').head(1).values %}"
     "{{ df.ten.head(1).agg(f, path_or_buf='x.csv', header=False) }}", "chỉ nhận tên hàm viết thẳng"),
    ("{% set f = (df.ten.str.replace(df.ten.iloc[0], 'to_') + 'csv').unique() %}{{ df.ten.agg(f) }}",
     "chỉ nhận tên hàm viết thẳng"),
    ("{{ df.so.agg('sum', path_or_buf='x') }}", "không nhận tham số 'path_or_buf'"),
    ("{{ df.so.agg('plot', backend='mo_dun') }}", "không nhận 'plot'"),
    # private names called by name
    ("{{ df.agg('__setitem__', 0, 'so', [9, 9]) }}", "không nhận '__setitem__'"),
    ("{{ df.so.agg('__iadd__', 0, 1) }}", "không nhận '__iadd__'"),
    ("{{ df.agg('_set_value', 0, 1, 'so', 5) }}", "không nhận '_set_value'"),
    ("{{ df.groupby('b').agg(t=('so', '__reduce_ex__')) }}", "không nhận '__reduce_ex__'"),
    ("{{ df.pivot_table(index='b', aggfunc='sum', path='x') }}", "không nhận tham số 'path'"),
    # numpy out=, regex by position
    ("{{ arr.cumsum(0, none, arr) }}", "out"),
    ("{{ arr.round(0, arr) }}", "out"),
    ("{{ arr.sum(out=arr) }}", "out"),
    ("{{ df.filter(none, none, '^(a|b)$') }}", "regex"),
    # sizes the first checks missed
    ("{{ ('{0:9999}' * 100000).format(1) }}", "max_text"),
    ("{{ ('%(a)9999s' * 100000) % {'a': 1} }}", "max_text"),
    ("{{ (['a' * 9000000] * 300) | join }}", "max_text"),
    ("{{ [['a' * 9000000] * 100] | string }}", "max_text"),
    ("{{ [['a' * 9000000] * 100] | tojson }}", "max_text"),
    ("{{ [['a' * 9000000] * 100] }}", "max_text"),
    ("{{ df.b * 1000000000 }}", "cột chữ"),
    ("{{ df.b.mul(1000000000) }}", "cột chữ"),
    ("{{ df.b.str.zfill(9000000) }}", "max_text"),
    ("{{ ([[0] * 9000000] * 30) | sum(start=[]) }}", "chỉ cộng số"),
    # internals written at any depth
    ("{{ [[[[[ table ]]]]] }}", "không có dữ liệu 'table'"),
    ("{{ {1: {1: {1: {1: {1: joiner}}}}} }}", "không viết được"),
    ("{{ [[[[[ df ]]]]] }}", "cả một DataFrame"),
    ("{{ df.b.str }}", "không viết được"),
    ("{{ df.loc }}", "không viết được"),
    ("{{ df.iterrows() }}", "không viết được"),
])
def test_red_team_findings_are_refused(tmp_path, body, match, monkeypatch):
    monkeypatch.chdir(tmp_path)
    arr = np.array([1, 2, 3])
    data = {"df": REDTEAM_ROWS, "arr": arr}
    refused(tmp_path, body, match, **data)
    assert arr.tolist() == [1, 2, 3] and REDTEAM_ROWS["so"].tolist() == [1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bc.md.j2"]


def test_lists_inside_table_cells_are_data_too(tmp_path):
    cells = pd.DataFrame({"a": [[1, 2], [3]], "t": ["x", "y"]})
    for body in ("{{ df.a.iloc[0].append(99) }}", "{{ df.a.to_list()[0].append(98) }}",
                 "{{ (df.to_dict('records') | first).a.append(1) }}"):
        refused(tmp_path, body, "chỉ được đọc", df=cells)
    assert cells.a.tolist() == [[1, 2], [3]]


def test_front_matter_from_data_carries_no_marks_or_controls(tmp_path):
    template = tmp_path / "bc.md.j2"
    template.write_text(HEAD.replace("trich_yeu: Tổng kết năm 2020", 'trich_yeu: "{{ x }}"') + "\nx\n",
                        encoding="utf-8")
    doc = render(template, {"x": "Tổng\ue002 kết\ue001 \x1bnăm"})
    assert doc.trich_yeu == "Tổng kết năm"


def test_batch_units_cannot_change_shared_data(tmp_path):
    from baocao import render_many

    (tmp_path / "mau.md.j2").write_text(
        HEAD + "\n{% set _ = chung.agg('__iadd__', 0, 1) if false %}Đơn vị {{ don_vi }}: {{ chung.so.iloc[0] }}.\n"
        "{% for k in ds %}{{ k }}{% endfor %}\n", encoding="utf-8")
    units = pd.DataFrame({"don_vi": ["A", "B", "C", "D"]})
    shared = {"chung": pd.DataFrame({"so": [100]}), "ds": ["x"]}
    texts = {}
    for jobs in (1, 2):
        result = render_many(tmp_path / "mau.md.j2", units, by="don_vi", name="dv", data=shared,
                             output=str(tmp_path / f"j{jobs}" / "{don_vi}.docx"), workers=jobs, progress=False)
        assert result.ok
        texts[jobs] = [(tmp_path / f"j{jobs}" / f"{u}.docx").read_bytes() for u in "ABCD"]
    assert texts[1] == texts[2] and shared["chung"].so.tolist() == [100]


def test_results_too_big_and_huge_decimals_are_refused(tmp_path):
    from decimal import Decimal

    refused(tmp_path, "{{ df.take([0] * 6000000) | length }}", "max_cells", df=REDTEAM_ROWS)
    refused(tmp_path, "{{ dec | int }}", "max_int_digits", dec=Decimal("1e300000000"))
    refused(tmp_path, "{{ '{:f}'.format(dec) }}", "max_int_digits", dec=Decimal("1e300000000"))


def test_a_number_past_max_int_digits_from_data_is_an_error(tmp_path):
    (tmp_path / "so_lon.json").write_text('{"n": ' + "9" * 5000 + "}", encoding="utf-8")
    template = tmp_path / "bc.md.j2"
    template.write_text(HEAD + "\nSố {{ so_lon.n }}.\n", encoding="utf-8")
    from baocao.data import load_data

    with pytest.raises(BaoCaoError, match=r"bc\.md\.j2:15: .*\(max_int_digits\).*BAOCAO_MAX_INT_DIGITS"):
        render(template, load_data([tmp_path / "so_lon.json"]))


def test_slice_cuts_a_list_into_columns(tmp_path):
    from baocao import render

    body = "{% for c in [1, 2, 3, 4, 5] | slice(2) %}{{ c | join(',') }};{% endfor %}\n"
    (tmp_path / "a.md.j2").write_text(HEAD + body, encoding="utf-8")
    vb = render(tmp_path / "a.md.j2")
    assert "".join(r.text for r in vb.blocks[0].text) == "1,2,3;4,5;"
