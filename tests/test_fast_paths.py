"""The fast paths give what the slow ones give: whole number columns written at once, a table
from data laid out a column at a time, a CSV read without pandas, big tables streamed."""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import make

from baocao import render
from baocao.data import CsvTable, _load_csv, _plain_csv_rows, load_data
from baocao.model import Table
from baocao.numbers import write, write_many
from baocao.tables import table_from_data

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# ------------------------------------------------------------------------- write_many


@given(st.lists(st.one_of(st.integers(-10**40, 10**40), st.sampled_from([10**5000, -(10**5000)]),
                          st.floats(allow_nan=False, allow_infinity=False),
                          st.decimals(allow_nan=False, allow_infinity=False, places=4)), max_size=30),
       st.integers(0, 6), st.booleans())
def test_write_many_writes_what_write_writes(values, places, compact):
    assert write_many(values, places, compact=compact) == [write(v, places, compact=compact) for v in values]


@pytest.mark.parametrize("value", [2.675, -2.675, 0.125, 1.005, -0.005, 0.045, 99.995, 1e15 + 0.5, 1234567890123456.8,
                                   -0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, 2**53 + 1.0])
@pytest.mark.parametrize("places", [0, 1, 2, 3])
def test_write_many_on_ties_and_extremes(value, places):
    assert write_many([value], places) == [write(value, places)]
    assert write_many([value], places, compact=True) == [write(value, places, compact=True)]


# ------------------------------------------------------------------------- text columns


def document_xml(vb) -> str:
    return zipfile.ZipFile(io.BytesIO(vb.to_bytes())).read("word/document.xml").decode()


def both_ways(table: Table) -> tuple[str, str]:
    """The document.xml with the table laid out a column at a time, and with it read as cells."""
    vb = make()
    vb.add(table)
    fast = document_xml(vb)
    head, body, tail = table.parts()
    assert body is not None  # the fast path was there to take
    table.rows = table.rows  # now plain cells
    assert table.parts()[1] is None
    return fast, document_xml(vb)


TRICKY = ["Nhà ở", "số 37/KH-SXD", "a\nb", "tab\there", "  spaces  ", "", "A & B <c>", "bell\x07", "e\u0301",
          "dấu\u2011nối", "Đặt tên đường, phố", "x" * 300, "1-2/3"]


@pytest.mark.parametrize("options", [
    {}, {"stt": True}, {"total": True}, {"stt": True, "total": True}, {"stt": True, "total": "Cộng"},
    {"phan_tram": ["ty_le"], "total": {"ty_le": ["dung_han", "so"]}}, {"decimals": 1, "caption": "Số liệu"},
    {"columns": {"ten": ("Nhóm", "Tên"), "so": ("Nhóm", "Số"), "ty_le": "Tỷ lệ"}, "stt": True, "total": True},
    {"align": ["center", "right", "left", "right", "left"]}, {"font_size": 11, "widths": [3, 1, 1, 1, 1]},
])
@pytest.mark.parametrize("rows", [1, 2, 3, 5000])
def test_text_columns_write_what_cells_write(options, rows):
    data = pd.DataFrame({
        "ten": [TRICKY[i % len(TRICKY)] for i in range(rows)],
        "so": [i * 37 % 1000 for i in range(rows)],
        "dung_han": [i * 31 % 900 for i in range(rows)],
        "ty_le": [(i * 7.31) % 100 if i % 11 else math.nan for i in range(rows)],
        "ghi_chu": [None if i % 3 else f"Ghi chú {i}" for i in range(rows)],
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast, slow = both_ways(table_from_data(data, **options))
    assert fast == slow


def test_text_columns_read_as_cells_when_asked():
    t = table_from_data([{"Lĩnh vực": "Nhà ở", "TTHC": 13}, {"Lĩnh vực": "Vật liệu", "TTHC": 1}], stt=True, total=True)
    head, body, tail = t.parts()
    assert [len(head), len(body), len(tail)] == [1, 2, 1] and t.row_count == 4
    assert t.grid(2)[1][1][1].text[0].text == "Nhà ở"  # placed without turning the columns into cells
    assert t.parts()[1] is body
    assert [[c.text[0].text for c in r] for r in t.rows] == [
        ["STT", "Lĩnh vực", "TTHC"], ["1", "Nhà ở", "13"], ["2", "Vật liệu", "1"], ["", "Tổng cộng", "14"]]
    assert t.parts()[1] is None and t.row_count == 4


def test_text_columns_are_checked():
    from baocao import Cell, ModelError, Run

    header = [[Cell((Run("A"),)), Cell((Run("B"),))]]
    with pytest.raises(ModelError, match="cột chữ"):
        Table.with_text_columns(header, [["1", "2"]], at=1)
    with pytest.raises(ModelError, match="dài bằng nhau"):
        Table.with_text_columns(header, [["1", "2"], ["3"]], at=1)
    with pytest.raises(ModelError, match="dài bằng nhau"):
        Table.with_text_columns(header, [["1"], [3]], at=1)  # type: ignore[list-item]


def test_a_header_merged_down_into_the_columns_rows_is_refused():
    from baocao import Cell, ModelError, Run

    header = [[Cell((Run("A"),), rowspan=2), Cell((Run("B"),))]]  # "A" would cover a full row of text
    with pytest.raises(ModelError, match="cột"):
        Table.with_text_columns(header, [["x", "y"], ["1", "2"]], at=1, header_rows=1)
    merged = [[Cell((Run("A"),), rowspan=2), Cell((Run("B"),))], [Cell((Run("C"),))]]
    t = Table.with_text_columns(merged, [["x"], ["1"]], at=2, header_rows=2)  # merged within the header
    vb = make()
    vb.add(t)
    xml = document_xml(vb)
    assert xml.count('<w:vMerge w:val="restart"/>') == 1 and xml.count("<w:vMerge/>") == 1 and ">x<" in xml


def test_big_table_is_streamed_and_whole():
    n = 20_000
    data = pd.DataFrame({"ten": [f"Đơn vị {i}" for i in range(n)], "so": range(n)})
    vb = make()
    vb.add(table_from_data(data, stt=True, total=True))
    xml = document_xml(vb)
    assert xml.count("<w:tr>") + xml.count("<w:tr ") == n + 2 + 3  # + the header block and the closing block
    assert "Đơn vị 19999" in xml and "199.990.000" in xml
    assert xml.endswith("</w:body></w:document>")


# ------------------------------------------------------------------------- CSV without pandas

CELLS = ["1", "-3", "0", "12", "98.5", "0.1", "1e5", " 7", "+3", "inf", "nan", "NA", "", "True", "false", "Hà Nội",
         "abc", "0123", "1.", ".5", "1_000", "99999999999999999999", "-0.0", "3.14159265358979", "x y", "  ",
         "1.0", "10.250", "#N/A", "None", "5 ", '"a, b"', '"x""y"', '""', '"5"', 'a"b', '"NA"', '"Hà\nNội"',
         '" 7"', "Điều 1", "2024-01-02", "-", "123456789012.1234"]


@given(st.lists(st.sampled_from(["a", "b", "so", "Tên", "", " x", "a"]), min_size=1, max_size=4).flatmap(
    lambda header: st.tuples(st.just(header), st.lists(st.lists(st.sampled_from(CELLS), min_size=len(header),
                                                                 max_size=len(header)), max_size=4))),
       st.sampled_from(["", "\n"]))
def test_csv_read_without_pandas_is_what_pandas_reads(table, end):
    header, rows = table
    text = "\n".join(",".join(r) for r in [header, *rows]) + end
    fast = _plain_csv_rows(text)
    if fast is None:
        return
    df = _load_csv(text, "x.csv")
    want = [list(df.columns), *(list(r) for r in zip(*(df.iloc[:, i].tolist() for i in range(df.shape[1]))))]
    assert [[(type(v), v) for v in r] for r in fast] == [[(type(v), v) for v in r] for r in want]


def test_plain_csv_is_read_without_pandas():
    text = 'linh_vuc,so,ty_le\nNhà ở,12,98.5\n"Đặt tên đường, phố",1944,92.7\n'
    assert _plain_csv_rows(text) == [["linh_vuc", "so", "ty_le"], ["Nhà ở", 12, 98.5],
                                     ["Đặt tên đường, phố", 1944, 92.7]]
    for doubtful in ("a;b\n1;2\n", "a,b\n1,\n", "a,b\n1,2,3\n", "a,a\n1,2\n", "ma\n0123\n", "a\n1e5\n", "a\nTrue\n",
                     "a\n", "a,b\r\n1,2\r\n", 'a\nx"y\n', "a\n1\n\n2\n"):
        assert _plain_csv_rows(doubtful) is None, doubtful


def folder(tmp_path: Path, body: str, csv: str = "linh_vuc,so_ho_so\nNhà ở,12\nVật liệu,7\n") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "bang.csv").write_text(csv, encoding="utf-8")
    (tmp_path / "bao_cao.md.j2").write_text(
        "---\nloai: bao_cao\nco_quan: Sở Xây dựng\nviet_tat_co_quan: SXD\nso: 5\ndia_danh: Trà Vinh\nngay: 2024-01-05\n"
        "trich_yeu: Kết quả\nnguoi_ky: {ho_ten: Nguyễn Văn A, chuc_vu: Giám đốc}\nnoi_nhan: [Như trên]\n---\n"
        '{% extends "baocao/bao_cao.md.j2" %}{% block noi_dung %}\n' + body + "\n{% endblock %}\n", encoding="utf-8")
    return tmp_path


def test_load_data_lazy_gives_the_csv_unread_by_pandas(tmp_path):
    path = folder(tmp_path, "x") / "bang.csv"
    lazy = load_data([path], lazy=True)["bang"]
    assert isinstance(lazy, CsvTable)
    pd.testing.assert_frame_equal(lazy.frame(), load_data([path])["bang"])
    assert isinstance(load_data([path])["bang"], pd.DataFrame)


@pytest.mark.parametrize("body, pandas_used", [
    ("Bảng:\n\n{{ table(bang, stt=True, total=True) }}", False),
    ("Có {{ bang | length }} lĩnh vực.\n\n{{ table(bang) }}", True),
    ("Tổng {{ bang.so_ho_so.sum() }}.\n\n{{ table(bang) }}", True),
    ("{% set table = bang %}Có {{ table | length }} dòng.", True),
    ("{% macro table(x) %}{{ x | length }} dòng{% endmacro %}{{ table(bang) }}", True),
    ("{# bang #}{{ table(bang) }}", True),
])
def test_render_uses_pandas_only_when_the_template_needs_a_dataframe(tmp_path, body, pandas_used):
    src = folder(tmp_path, body)
    code = ("import sys, warnings\nwarnings.simplefilter('ignore')\nfrom baocao import render\n"
            f"doc = render({str(src)!r})\nprint('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(pandas_used)


def test_render_without_pandas_writes_what_the_dataframe_writes(tmp_path):
    src = folder(tmp_path, "{{ table(bang, stt=True, total=True, caption='Hồ sơ') }}",
                 csv='linh_vuc,so_ho_so,ty_le\nNhà ở,12,98.5\n"Đặt tên đường, phố",1944,92.75\n')
    lazy = render(src).to_bytes()
    frame = render(src / "bao_cao.md.j2", {"bang": pd.read_csv(src / "bang.csv")}).to_bytes()
    read = [zipfile.ZipFile(io.BytesIO(b)).read("word/document.xml") for b in (lazy, frame)]
    assert read[0] == read[1]
    assert Decimal("1956") == Decimal(1956)  # the total row: 12 + 1944
    assert "1.956" in read[0].decode()


# ------------------------------------------------------------------------- found by review


@pytest.mark.parametrize("text", ["ten,so\na,1２\nb,3\n", "ten,so\na,1.٥\nb,3\n", "a\ntRue\nfAlse\n", "a\nNull\n",
                                  "\ufeffa\n1\n", "a,b\n1,2\n\ufeff3,4\n"])
def test_csv_the_reader_is_not_sure_of_goes_to_pandas(text):
    assert _plain_csv_rows(text) is None


def test_csv_of_more_rows_than_pandas_reads_at_once_goes_to_pandas():
    rows = "\n".join(str(i) for i in range(1 << 18))
    assert _plain_csv_rows("so\n" + rows + "\n") is not None
    assert _plain_csv_rows("so\n" + rows + "\nx\n") is None  # pandas would type each chunk alone


def test_unicode_digits_are_text_as_pandas_reads_them(tmp_path):
    src = folder(tmp_path, "{{ table(bang, total=True) }}", csv="linh_vuc,so_ho_so\nNhà ở,1２\nVật liệu,3\n")
    lazy = render(src).to_bytes()
    frame = render(src / "bao_cao.md.j2", {"bang": pd.read_csv(src / "bang.csv")}).to_bytes()
    assert zipfile.ZipFile(io.BytesIO(lazy)).read("word/document.xml") == \
        zipfile.ZipFile(io.BytesIO(frame)).read("word/document.xml")


@pytest.mark.parametrize("extra, body, pandas_used", [
    ({"phan/a.md.j2": "Có {{ bang | length }} dòng."}, '{% include "phan/a.md.j2" %}\n\n{{ table(bang) }}', True),
    ({"phan/a.md.j2": "{{ table(bang) }}"}, '{% include "phan/a.md.j2" %}', False),
    ({"phan/a.md.j2": "{{ table(bang) }}"}, '{% set ten = "phan/a.md.j2" %}{% include ten %}', True),
    ({"phan/m.j2": "{% macro k(x) %}{{ x | length }}{% endmacro %}"},
     '{% import "phan/m.j2" as m %}{{ m.k(bang) }}\n\n{{ table(bang) }}', True),
])
def test_included_templates_are_read_to_decide(tmp_path, extra, body, pandas_used):
    src = folder(tmp_path, body)
    for name, text in extra.items():
        (src / name).parent.mkdir(exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    code = ("import sys, warnings\nwarnings.simplefilter('ignore')\nfrom baocao import render\n"
            f"doc = render({str(src)!r})\nprint('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(pandas_used)


def test_files_the_template_does_not_name_are_not_read(tmp_path):
    src = folder(tmp_path, "{{ table(bang) }}")
    os.mkfifo(src / "ong_dan")  # reading it would wait for ever
    (src / "phu").mkdir()
    os.mkfifo(src / "phu" / "khac")
    out = subprocess.run([sys.executable, "-m", "baocao", "render", str(src), "-o", str(tmp_path / "o.docx")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_a_template_dict_keeps_its_methods(tmp_path):
    src = folder(tmp_path, "{% set d = {'update': 5, 'pop': 2} %}{% set _ = d.update({'a': 1}) %}"
                           "Có {{ d.a }} và {{ d['update'] }}.\n\n{{ table(bang) }}")
    texts = [p.text for p in __import__("docx").Document(io.BytesIO(render(src).to_bytes())).paragraphs]
    assert any("Có 1 và 5." in t for t in texts)


def test_data_reachable_by_a_short_and_a_long_path_stays_read_only(tmp_path):
    from baocao import TemplateError

    shared: list[int] = [1]
    deep: list = [shared]
    for _ in range(220):  # shared is also 221 levels down, past the depth that is walked
        deep = [deep]
    for data, index in (([shared, deep], 0), ([deep, shared], 1)):
        src = folder(tmp_path / str(index), f"{{% set _ = v[{index}].append(2) %}}x\n\n{{{{ table(bang) }}}}")
        with pytest.raises(TemplateError):
            render(src, {"v": data})
        assert shared == [1]


def test_a_str_subclass_in_a_column_is_written_as_text():
    class Ten(str):
        def __str__(self) -> str:
            return self

    t = table_from_data([{"ten": Ten("Nhà ở"), "so": 1}, {"ten": Ten("Vật liệu"), "so": 2}])
    fast, slow = both_ways(t)
    assert fast == slow and "Vật liệu" in fast


def test_a_document_xml_past_2gib_is_written_in_zip64(monkeypatch):
    import zipfile as zf

    monkeypatch.setattr(zf, "ZIP64_LIMIT", 50_000)  # as if the table's XML were bigger than 2 GiB
    vb = make()
    vb.add(table_from_data(pd.DataFrame({"ten": [f"Đơn vị {i}" for i in range(2000)], "so": range(2000)})))
    data = vb.to_bytes()
    assert zf.ZipFile(io.BytesIO(data)).read("word/document.xml").count(b"<w:tr") >= 2001



@pytest.mark.parametrize("update_fields", [False, True])
def test_parts_made_once_per_layout_are_the_parts_of_that_layout(update_fields):
    from baocao.layout import LAYOUT, Layout, Sizes
    from baocao.writers import package

    png = package.Media("rIdImg1", "image1.png", "image/png", b"\x89PNG...")
    jpeg = package.Media("rIdImg2", "image2.jpeg", "image/jpeg", b"\xff\xd8...")
    layouts = [LAYOUT, Layout(sizes=Sizes(font="Arial", body=13, page_number=12))]
    for _ in range(2):  # the second time from the parts made the first
        for layout in layouts:
            for media in ([], [png], [png, jpeg]):
                data = package.zip_package("<w:p/>", media, layout, "Tiêu đề", {}, update_fields=update_fields)
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    assert z.testzip() is None
                    names = z.namelist()
                    assert len(names) == len(set(names)) == 11 + len(media) and names[0] == "[Content_Types].xml"
                    assert z.read("word/styles.xml").decode() == package._styles(layout.sizes)
                    assert z.read("word/fontTable.xml").decode() == package._font_table(layout.sizes)
                    assert z.read("word/header1.xml").decode() == package._header_page_number(layout.sizes)
                    types = z.read("[Content_Types].xml").decode()
                    assert ('Extension="png"' in types) == bool(media)
                    assert ('Extension="jpeg"' in types) == (len(media) > 1)
                    assert (b"updateFields" in z.read("word/settings.xml")) == update_fields
                    assert z.read("docProps/core.xml").count("Tiêu đề".encode()) == 1
                    assert [z.read(f"word/media/{m.name}") for m in media] == [m.blob for m in media]


def test_bad_decimals_say_what_so_says():
    from baocao import BaoCaoError

    with pytest.raises(BaoCaoError, match=r"so\(x, 2\)"):
        table_from_data([{"so": 1.5}], decimals=-1)


# ------------------------------------------------------------------------- Markdown inline text

def _tokens(tokens) -> list[tuple]:
    return [(t.type, t.tag, t.nesting, t.content, t.markup, t.info, dict(t.attrs), _tokens(t.children or []))
            for t in tokens]


@given(st.text(st.sampled_from(list("ab đ.,;:-+%#$=/()|!~{}0123456789\t\n*_`[]<>&\\\ue000\ue002 ")), max_size=60))
def test_plain_inline_text_is_parsed_as_markdown_it_parses_it(text):
    from baocao.markup import _MD, _parser

    for source in (text, f"- {text}", f"# {text}", f"| a |\n|---|\n| {text} |"):
        assert _tokens(_MD.parse(source)) == _tokens(_parser(short_inline=False).parse(source))



def _block_tokens(tokens) -> list[tuple]:
    return [(t.type, t.tag, t.nesting, t.content, t.markup, t.info, t.map, t.level, t.hidden, t.block,
             _block_tokens(t.children or [])) for t in tokens]


_LINE = st.text(st.sampled_from(list("ab đ.)-+*_#[]|:!0123456789\t\ue002 ")), max_size=12)


@given(st.lists(st.one_of(_LINE, st.just(""), st.sampled_from(["- a", "+ b", "1. c", "  d", "    e", "\t f", "# g",
                                                             "| h |", "|---|", "[i]: /j", "***", "k  "])),
                max_size=14))
def test_one_line_paragraphs_are_parsed_as_markdown_it_parses_them(lines):
    from baocao.markup import _MD, _parser

    source = "\n".join(lines)
    assert _block_tokens(_MD.parse(source)) == _block_tokens(_parser(short_block=False).parse(source))


def test_markdown_it_rules_changed_turns_the_short_way_off(monkeypatch):
    import baocao.markup as markup

    monkeypatch.setattr(markup, "_INLINE_RULES", (["text"], []))
    assert markup._parser().core.ruler.getRules("")[2] is not markup._inline
    assert markup._MD.core.ruler.getRules("")[2] is markup._inline
    monkeypatch.setattr(markup, "_BLOCK_RULES", ["paragraph"])
    assert markup._one_line_paragraph not in markup._parser().block.ruler.getRules("")
    assert markup._MD.block.ruler.getRules("")[0] is markup._one_line_paragraph


@given(st.text(st.sampled_from(list("ab đ1.)-+:#*_`[]<&|!(){}\\\t\n\r\x07\ue000\ue002 ")), max_size=30))
def test_escape_gives_what_one_substitution_after_another_gives(value):
    from baocao.markup import _ANYWHERE, _AT_START, _DROP, DATA_MARK, LINE_BREAK, _escape_start, escape

    slow = _DROP.sub("", value.replace("\r\n", "\n").replace("\r", "\n")) if not value.isprintable() else value
    slow = _AT_START.sub(_escape_start, _ANYWHERE.sub(r"\\\g<0>", slow), count=1)
    slow = slow.replace("\n", LINE_BREAK).replace("\t", " ")
    if slow.strip():
        lead = len(slow) - len(slow.lstrip(" "))
        slow = slow[:lead] + DATA_MARK + slow[lead:]
    assert escape(value) == slow


# ------------------------------------------------------------------------- front matter at once

FRONT = """\
---
loai: bao_cao
co_quan: "{{ tt.co_quan }}"
viet_tat_co_quan: SXD
dia_danh: Trà Vinh
trich_yeu: "Báo cáo {{ tt.ky }}"
kinh_gui: "{{ tt.kinh_gui }}"
noi_nhan: "{{ tt.noi_nhan }}"
nguoi_ky: {ho_ten: "{{ tt.ten }}", chuc_vu: "{{ tt.chuc_vu }}"}
---
Nội dung.
"""


def test_front_matter_expressions_evaluated_together_give_each_its_value(tmp_path, monkeypatch):
    import baocao.template.rendering as rendering

    compiled = []
    together = rendering._together
    monkeypatch.setattr(rendering, "_together", lambda env, found: compiled.append(found) or together(env, found))
    (tmp_path / "a.md.j2").write_text(FRONT, encoding="utf-8")
    tt = {"co_quan": "Sở Xây dựng", "ky": "quý I", "kinh_gui": "UBND tỉnh", "noi_nhan": ["Như trên", "Bộ Xây dựng"],
          "ten": "Lê Văn A", "chuc_vu": "Giám đốc"}
    vb = render(tmp_path / "a.md.j2", {"tt": tt})
    assert (vb.co_quan, vb.trich_yeu, list(vb.kinh_gui), list(vb.noi_nhan)) == \
        ("Sở Xây dựng", "Báo cáo quý I", ["UBND tỉnh"], ["Như trên", "Bộ Xây dựng"])
    assert (vb.nguoi_ky.ho_ten, list(vb.nguoi_ky.chuc_vu)) == ("Lê Văn A", ["Giám đốc"])
    assert compiled == [(" tt.co_quan ", " tt.kinh_gui ", " tt.noi_nhan ", " tt.ten ", " tt.chuc_vu ")]


@pytest.mark.parametrize("bad, line", [("{{ tt.ten.upper( }}", 9), ("{{ tt.kinh_gui ~ (1 / 0) }}", 7),
                                       ("{{ tt.chuc_vu | khong_co }}", 9)])
def test_a_front_matter_expression_that_fails_is_reported_at_its_line(tmp_path, bad, line):
    from baocao import TemplateError

    text = FRONT.replace('"{{ tt.kinh_gui }}"' if line == 7 else '"{{ tt.chuc_vu }}"' if "chuc_vu" in bad
                         else '"{{ tt.ten }}"', f'"{bad}"')
    (tmp_path / "a.md.j2").write_text(text, encoding="utf-8")
    tt = {"co_quan": "S", "ky": "I", "kinh_gui": "U", "noi_nhan": ["N"], "ten": "T", "chuc_vu": "C"}
    with pytest.raises(TemplateError) as caught:
        render(tmp_path / "a.md.j2", {"tt": tt})
    assert caught.value.line == line
