"""Templates: front matter, Jinja, Markdown elements, escaping, errors with file and line."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import pytest
from conftest import HEAD, open_docx, texts

from baocao import BaoCaoWarning, Bullet, Heading, Image, PageBreak, Paragraph, Run, Table, TemplateError, render


def write(tmp_path: Path, body: str, head: str = HEAD, name: str = "bc.md.j2") -> Path:
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return path


def test_front_matter_fills_the_header(tmp_path):
    vb = render(write(tmp_path, "Nội dung."))
    assert (vb.co_quan, vb.so, vb.dia_danh, vb.ngay) == ("Sở Xây dựng", 564, "Trà Vinh", dt.date(2020, 12, 29))
    assert vb.kinh_gui == ["Sở Nội vụ"] and vb.nguoi_ky.ho_ten == "Lê Minh Tân"
    assert vb.loai_vb.ma == "bao_cao"


def test_front_matter_values_use_jinja(tmp_path):
    head = HEAD.replace("so: 564", "so: '{{ so }}'").replace("trich_yeu: Tổng kết năm 2020",
                                                           "trich_yeu: Tổng kết năm {{ nam }}")
    vb = render(write(tmp_path, "x", head), so=12, nam=2021)
    assert vb.so == 12 and vb.trich_yeu == "Tổng kết năm 2021"


def test_every_markup_element(tmp_path):
    (tmp_path / "hinh.png").write_bytes(_png())
    body = """
# Khái quát

Đoạn có **đậm**, *nghiêng* và ***cả hai***.

## Kết quả

### Chi tiết

- gạch một
- gạch hai
  + cộng lồng
+ cộng

| Lĩnh vực | Số TTHC |
|:--|--:|
| Nhà ở | 13 |

![Biểu đồ kết quả](hinh.png)

---

Sau ngắt trang.

# Phụ lục: Danh mục thủ tục {ngang}

Nội dung phụ lục.
"""
    vb = render(write(tmp_path, body))
    kinds = [type(b) for b in vb.blocks]
    assert kinds == [Heading, Paragraph, Heading, Heading, Bullet, Bullet, Bullet, Bullet, Table, Image,
                     PageBreak, Paragraph]
    assert [b.level for b in vb.blocks if isinstance(b, Heading)] == [1, 2, 3]
    para = vb.blocks[1].text
    assert Run("đậm", bold=True) in para and Run("nghiêng", italic=True) in para
    assert Run("cả hai", bold=True, italic=True) in para
    assert [b.level for b in vb.blocks if isinstance(b, Bullet)] == [1, 1, 2, 2]
    table = vb.blocks[8]
    assert table.header_rows == 1 and table.align == ["left", "right"]
    assert vb.blocks[9].caption == "Biểu đồ kết quả"
    assert len(vb.phu_luc) == 1 and vb.phu_luc[0].tieu_de == "Danh mục thủ tục" and vb.phu_luc[0].ngang
    d = open_docx(vb)
    assert "I. Khái quát" in texts(d) and "1. Kết quả" in texts(d) and "a) Chi tiết" in texts(d)
    assert "Hình 1. Biểu đồ kết quả" in texts(d)


def test_table_call_with_dataframe(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"linh_vuc": ["Nhà ở", "Vật liệu"], "so_tthc": [13, 1], "ty_le": [91.1724, 100.0]})
    body = "Bảng:\n\n{{ table(df, {'linh_vuc': 'Lĩnh vực', 'so_tthc': 'Số TTHC', 'ty_le': 'Tỷ lệ (%)'}, " \
           "stt=True, total=True, decimals={'ty_le': 2}, caption='Thủ tục') }}\n\nSau bảng.\n"
    vb = render(write(tmp_path, body), df=df)
    table = next(b for b in vb.blocks if isinstance(b, Table))
    rows = [[c.text[0].text if c.text else "" for c in r] for r in table.rows]
    assert rows[0] == ["STT", "Lĩnh vực", "Số TTHC", "Tỷ lệ (%)"]
    assert rows[1] == ["1", "Nhà ở", "13", "91,17"] and rows[2] == ["2", "Vật liệu", "1", "100,00"]
    assert rows[3][1:3] == ["Tổng cộng", "14"]
    assert table.caption == "Thủ tục" and table.align == ["center", "left", "right", "right"]
    assert isinstance(vb.blocks[-1], Paragraph)


HOSTILE = "A & B <w:t> *x* **y** # h | c | _u_ [l](http://x) ![i](y.png) \\ `c` &amp; \x07 1. - + > ---"


def test_hostile_data_comes_out_literally(tmp_path):
    head = HEAD.replace("trich_yeu: Tổng kết năm 2020", "trich_yeu: '{{ v }}'")
    body = "# {{ v }}\n\nĐoạn {{ v }} hết.\n\n- {{ v }}\n\n| A | B |\n|---|---|\n| {{ v }} | {{ v }} |\n\n{{ v }}\n"
    vb = render(write(tmp_path, body, head), v=HOSTILE + "\ndòng hai")
    clean = HOSTILE.replace("\x07", "")
    d = open_docx(vb)
    all_text = "\n".join(texts(d)) + "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    assert f"Đoạn {clean}\ndòng hai hết." in all_text
    assert f"I. {clean}\ndòng hai" in all_text
    assert f"- {clean}\ndòng hai" in all_text
    assert all_text.count(clean) >= 6  # heading, paragraph, bullet, two cells, last paragraph, trích yếu
    assert vb.trich_yeu.startswith("A & B <w:t>")


#: Values that would be Markdown marks where they land: at the start of a line, after a
#: template's digit, as the rule row under a table-looking line, at the end of a heading.
MARKS_AT_START = ["- x", "+ x", "* x", "1. x", "1) x", "  - x", ". x", ") x", "---", "***", "___", "- - -",
                  ":--", "-:", "# x", "x #", "2020.", "2020)", "[a]: http://x", "<http://x>", "&amp;", "`c`",
                  "|a|", "![i](y.png)", "a\\", "**b**", "_i_", "6.243.886, tăng 2,5%", "30/2020/NĐ-CP", "=="]


@pytest.mark.parametrize("v", MARKS_AT_START)
def test_values_never_become_marks_wherever_they_land(tmp_path, v):
    body = "{{ v }}\n\n1{{ v }}\n\nx {{ v }}\n\n| h | h |\n| {{ v }} | {{ v }} |\n\n## Tiêu đề {{ v }}\n"
    vb = render(write(tmp_path, body), v=v)
    assert [type(b) for b in vb.blocks] == [Paragraph] * 4 + [Heading]
    shown = ["".join(r.text for r in b.text) for b in vb.blocks]
    assert shown == [v.strip(), f"1{v}", f"x {v}", f"| h | h | | {v} | {v} |", f"Tiêu đề {v}"]


def test_a_template_changed_between_renders_is_read_again(tmp_path):
    """Front matter, ``extends`` and front-matter strings are kept between renders by their text:
    an edited template gives the edited document."""
    path = write(tmp_path, "# Một\n", HEAD.replace("trich_yeu: Tổng kết năm 2020", "trich_yeu: 'Năm {{ n }}'"))
    assert render(path, n=1).trich_yeu == "Năm 1"
    path.write_text(path.read_text(encoding="utf-8").replace("'Năm {{ n }}'", "'Kỳ {{ n }}'"), encoding="utf-8")
    assert render(path, n=2).trich_yeu == "Kỳ 2"
    base = tmp_path / "goc.md.j2"
    base.write_text("---\nloai: ke_hoach\n---\n{% block noi_dung %}{% endblock %}\n", encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("# Một\n", '{% extends "goc.md.j2" %}\n'
                    "{% block noi_dung %}\n# Hai\n{% endblock %}\n"), encoding="utf-8")
    vb = render(path, n=3)
    assert vb.loai_vb.ma == "ke_hoach" and vb.blocks[0].text[0].text == "Hai"


@pytest.mark.parametrize(("body", "said"), [
    ("{{ a b }}", "cần '}}' nhưng gặp 'b'"),
    ("{% for x in %}{% endfor %}", "thiếu biểu thức trước '%}'"),
    ("{{ a | }}", "cần một tên nhưng gặp '}}'"),
    ("{{ (1, }}", "gặp '}' nhưng cần ')'"),
    ("{% endfor %}", "thẻ {% endfor %} không có thẻ {% for %} mở trước nó"),
    ("{% else %}", "thẻ {% else %} nằm ngoài khối {% if %}"),
    ('{{ "abc }}', 'dấu nháy " chưa được đóng'),
    ("{% block a %}{% endblock %}{% block a %}{% endblock %}", "khối 'a' được định nghĩa hai lần"),
    ("{{ 1 +* 2 }}", "không được có '*' ở đây"),
    ("{% iff x %}{% endif %}", "có phải {% if %}?"),
    ("{% %}", "thiếu tên thẻ sau {%"),
    ("{{ a ? b }}", "ký tự '?' không dùng được"),
    ("{% raw %}x", "thiếu {% endraw %}"),
])
def test_syntax_errors_are_said_in_vietnamese(tmp_path, body, said):
    with pytest.raises(TemplateError) as caught:
        render(write(tmp_path, f"\n{body}\n"))
    message = str(caught.value)
    assert said in message and caught.value.line == HEAD.count("\n") + 2
    assert not re.search(r"\b(expected|unexpected|got|Encountered|Jinja)\b", message), message


def test_renders_in_threads_keep_their_own_tables(tmp_path):
    """Environments are shared between renders of a folder; the tables of a render are not."""
    from concurrent.futures import ThreadPoolExecutor

    path = write(tmp_path, "Trước bảng.\n\n{{ table(rows, stt=True) }}\n\n"
                           "{% import 'bang.md.j2' as b %}{{ b.bang(rows) }}\n")
    (tmp_path / "bang.md.j2").write_text("{% macro bang(rows) %}\n\n{{ table(rows) }}\n\n{% endmacro %}\n",
                                         encoding="utf-8")

    def one(n: int) -> list[list[str]]:
        vb = render(path, rows=[{"don_vi": f"Đơn vị {n}-{i}", "so": n * 100 + i} for i in range(n)])
        return [[c.text[0].text for c in t.rows[-1]] for t in vb.blocks if isinstance(t, Table)]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(1, 25)))
    for n, last_rows in enumerate(results, start=1):
        so = f"{n * 100 + n - 1:,}".replace(",", ".")
        assert last_rows == [[str(n), f"Đơn vị {n}-{n - 1}", so], [f"Đơn vị {n}-{n - 1}", so]]


def test_same_template_name_in_two_folders(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    first = render(write(a, "# Của A\n")).blocks[0].text[0].text
    assert (first, render(write(b, "# Của B\n")).blocks[0].text[0].text) == ("Của A", "Của B")


def test_macros_set_blocks_caller_and_super_are_template_text(tmp_path):
    """Their Markdown marks work and their data values are escaped once (shown as given)."""
    (tmp_path / "goc.md.j2").write_text("{% block noi_dung %}Gốc **đậm** {{ v }}{% endblock %}\n", encoding="utf-8")
    body = ('{% extends "goc.md.j2" %}{% block noi_dung %}\n'
            '{% macro m(x) %}**Đậm** {{ x }}{% endmacro %}{{ m(v) }}\n\n'
            "{% set t %}*nghiêng* {{ v }}{% endset %}{{ t }}\n\n"
            "{% macro k() %}[{{ caller() }}]{% endmacro %}{% call k() %}**{{ v }}**{% endcall %}\n\n\n"
            "{{ super() }}\n{% endblock %}\n")
    v = "A & B (1) *x* _y_ 2,5% \\"
    vb = render(write(tmp_path, body), v=v)
    shown = [[(r.text, r.bold, r.italic) for r in b.text] for b in vb.blocks]
    assert shown == [[("Đậm", True, False), (f" {v}", False, False)],
                     [("nghiêng", False, True), (f" {v}", False, False)],
                     [("[", False, False), (v, True, False), ("]", False, False)],
                     [("Gốc ", False, False), ("đậm", True, False), (f" {v}", False, False)]]


LOOP = "Đầu.\n\n{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}\n{% endfor %}\n"


def test_a_template_running_too_long_is_stopped_at_its_line(tmp_path):
    import signal
    import time

    def own(_signum, _frame):  # the program's handler: put back afterwards
        pass

    previous = signal.signal(signal.SIGALRM, own)
    try:
        start = time.monotonic()
        with pytest.raises(TemplateError) as caught:
            render(write(tmp_path, LOOP), timeout=0.5)
        assert time.monotonic() - start < 10
        assert "quá 0.5 giây" in str(caught.value) and caught.value.line == HEAD.count("\n") + 4
        assert signal.getsignal(signal.SIGALRM) is own and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        head = HEAD.replace("trich_yeu: Tổng kết năm 2020", "trich_yeu: \"{% for i in range(10**5) %}"
                            "{% for j in range(10**5) %}{% endfor %}{% endfor %}x\"")
        with pytest.raises(TemplateError, match="quá 0.5 giây"):
            render(write(tmp_path, "Đoạn.\n", head, name="fm.md.j2"), timeout=0.5)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert render(write(tmp_path, "# Nhanh\n", name="nhanh.md.j2"), timeout=5).blocks[0].text[0].text == "Nhanh"


def test_a_filtered_set_block_is_not_trusted(tmp_path):
    """``{% set y | replace("X", data) %}`` puts data into the text: it is escaped like data."""
    v = "**đậm**\n\n# Chương\n\n---"
    body = ('{% set ns = namespace(w=v) %}{% set y | replace("X", ns.w) %}Tên: X{% endset %}{{ y }}\n\n'
            "# Phụ lục: {{ t }}\n")
    vb = render(write(tmp_path, body), v=v, t="Danh mục {ngang}")
    assert [type(b) for b in vb.blocks] == [Paragraph]
    assert "".join(r.text for r in vb.blocks[0].text) == "Tên: " + v
    assert vb.phu_luc[0].tieu_de == "Danh mục {ngang}" and not vb.phu_luc[0].ngang


def test_a_template_rewritten_with_its_old_file_time_is_read_again(tmp_path):
    import os

    path = write(tmp_path, "Bản một.\n")
    stat = path.stat()
    assert render(path).blocks[0].text[0].text == "Bản một."
    path.write_text(path.read_text(encoding="utf-8").replace("Bản một.", "Bản hai."), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert render(path).blocks[0].text[0].text == "Bản hai."


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "5", True])
def test_bad_timeouts_are_errors_and_leave_the_signal_alone(tmp_path, bad):
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(TemplateError, match="timeout"):
        render(write(tmp_path, "Một.\n"), timeout=bad)
    assert signal.getsignal(signal.SIGALRM) is before


def test_extends_and_include(tmp_path):
    (tmp_path / "chung.md.j2").write_text("Đoạn chung cho {{ don_vi }}.\n", encoding="utf-8")
    body = """{% extends "bao_cao.md.j2" %}
{% block noi_dung %}
# Nội dung

{% include "chung.md.j2" %}
{% endblock %}
{% block ket_luan %}
Trên đây là báo cáo.
{% endblock %}
"""
    head = HEAD.replace("---\nco_quan", "---\nloai: ke_hoach\nco_quan", 1)
    vb = render(write(tmp_path, body, head), don_vi="Sở")
    assert [type(b) for b in vb.blocks] == [Heading, Paragraph, Paragraph]
    assert vb.blocks[1].text[0].text == "Đoạn chung cho Sở."
    assert vb.loai_vb.ma == "ke_hoach"  # the child's front matter wins over the base's


def test_builtin_base_supplies_the_type(tmp_path):
    head = HEAD.replace("---\nco_quan", "---\nco_quan", 1)
    body = '{% extends "quyet_dinh.md.j2" %}{% block noi_dung %}\n# Ban hành Quy chế.\n{% endblock %}\n'
    vb = render(write(tmp_path, body, head.replace("kinh_gui: Sở Nội vụ\n", "")))
    assert vb.loai_vb.ma == "quyet_dinh"
    assert "Điều 1. Ban hành Quy chế./." in texts(open_docx(vb))


def test_typed_heading_numbers_warn_or_fail_in_strict(tmp_path):
    path = write(tmp_path, "\n# I. Khái quát\n\n## 2. Kết quả\n\n### a) Chi tiết\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vb = render(path)
    assert [b.text[0].text for b in vb.blocks] == ["Khái quát", "Kết quả", "Chi tiết"]
    messages = [str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning)]
    assert len(messages) == 3 and messages[0].startswith("bc.md.j2:15:") or "bc.md.j2:15" in messages[0]
    with pytest.raises(TemplateError, match=r"bc\.md\.j2:15: .*'I\.'"):
        render(path, strict=True)


@pytest.mark.parametrize("body, line, pattern", [
    ("\n\n{{ khong_co }}\n", 16, r"không có dữ liệu 'khong_co'.*có phải 'khong_co_gi'"),
    ("\n{% for x in %}\n", 15, "lỗi cú pháp"),
    ("\n\n\n{% if x %}\n", None, "lỗi cú pháp"),
    ("\n{{ 5 | khong_loc }}\n", 15, "khong_loc"),
    ("\n\n{{ 'abc' | so }}\n", 16, "abc"),
    ("\n{{ ''.__class__.__mro__ }}\n", 15, "không an toàn|__class__"),
    ('\n{% include "/etc/passwd" %}\n', 15, "không an toàn: không được đọc '/etc/passwd'"),
    ('\n{% include "../bc.md.j2" %}\n', 15, r"không an toàn: không được đọc '\.\./bc\.md\.j2'"),
    ("\n{{ table(5) }}\n", 15, "table"),
])
def test_errors_name_file_and_line(tmp_path, body, line, pattern):
    with pytest.raises(TemplateError, match=pattern) as info:
        render(write(tmp_path, body), khong_co_gi=1, x=1)
    assert info.value.template.endswith("bc.md.j2")
    if line:
        assert info.value.line == line, str(info.value)


@pytest.mark.parametrize("head, line, pattern", [
    (HEAD.replace("dia_danh:", "dia_danhh:"), 5, "dia_danhh.*có phải 'dia_danh'"),
    (HEAD.replace("ngay: 2020-12-29", "ngay: 31/02/2020"), 6, "31/02/2020"),
    (HEAD.replace("so: 564", "so: [1"), 4, "YAML"),
    (HEAD.replace("  ho_ten:", "  ho_tenn:"), 11, "ho_tenn.*có phải 'ho_ten'"),
    (HEAD.replace("loai", "loai").replace("co_quan: Sở", "loai: bao_caoo\nco_quan: Sở"), 2, "bao_caoo"),
    (HEAD.replace("so: 564", "so: abc"), 4, "VanBan.so|số văn bản"),
])
def test_front_matter_errors(tmp_path, head, line, pattern):
    with pytest.raises(TemplateError, match=pattern) as info:
        render(write(tmp_path, "x", head))
    assert info.value.line == line, str(info.value)


def test_folder_with_template_and_data_files(tmp_path):
    folder = tmp_path / "vi_du"
    folder.mkdir()
    write(folder, "Tổng {{ so_lieu | length }} lĩnh vực, {{ thong_tin.ten }}.\n")
    (folder / "so_lieu.csv").write_text("linh_vuc,so\nNhà ở,13\nVật liệu,1\n", encoding="utf-8")
    (folder / "thong_tin.yaml").write_text("ten: Sở Xây dựng\n", encoding="utf-8")
    vb = render(folder)
    assert vb.blocks[0].text[0].text == "Tổng 2 lĩnh vực, Sở Xây dựng."


def test_missing_template_and_ambiguous_folder(tmp_path):
    with pytest.raises(TemplateError, match="không tìm thấy mẫu"):
        render(tmp_path / "khong.md.j2")
    write(tmp_path, "x", name="a.md.j2")
    write(tmp_path, "x", name="b.md.j2")
    with pytest.raises(TemplateError, match="nhiều mẫu"):
        render(tmp_path)


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 20 for _ in range(10))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20, 10, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_every_data_format_reaches_the_template(tmp_path):
    import json

    import pandas as pd

    folder = tmp_path / "du_lieu"
    folder.mkdir()
    write(folder, "{{ a.ten }}|{{ b.so }}|{{ c.x.sum() }}|{{ d.y.sum() }}|{{ e[0] }}\n")
    (folder / "a.yaml").write_text("ten: Sở Xây dựng\n", encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({"so": 564}), encoding="utf-8")
    (folder / "c.csv").write_text("x\n1\n2\n", encoding="utf-8")
    pd.DataFrame({"y": [3, 4]}).to_excel(folder / "d.xlsx", index=False)
    (folder / "e.yml").write_text("- đầu\n- cuối\n", encoding="utf-8")
    vb = render(folder)
    assert vb.blocks[0].text[0].text == "Sở Xây dựng|564|3|7|đầu"
    # keyword arguments override the folder's data
    assert render(folder, a={"ten": "Sở Nội vụ"}).blocks[0].text[0].text.startswith("Sở Nội vụ|")


def test_data_error_inside_table_call_names_the_template_line(tmp_path):
    with pytest.raises(TemplateError, match=r"không có cột 'so'.*linh_vuc, so_tthc") as info:
        render(write(tmp_path, "\n\n{{ table(rows, ['linh_vuc', 'so']) }}\n"),
               rows=[{"linh_vuc": "Nhà ở", "so_tthc": 13}])
    assert info.value.line == 16


def test_template_named_like_a_builtin_extends_it_with_the_prefix(tmp_path):
    body = '{% extends "baocao/ke_hoach.md.j2" %}{% block noi_dung %}\n# Mục đích\n{% endblock %}\n'
    vb = render(write(tmp_path, body, HEAD.replace("kinh_gui: Sở Nội vụ\n", ""), name="ke_hoach.md.j2"))
    assert vb.loai_vb.ma == "ke_hoach" and isinstance(vb.blocks[0], Heading)
    loop = '{% extends "ke_hoach.md.j2" %}{% block noi_dung %}x{% endblock %}\n'
    with pytest.raises(TemplateError, match="vòng lặp.*baocao/ke_hoach.md.j2") as info:
        render(write(tmp_path, loop, name="ke_hoach.md.j2"))
    assert info.value.line == 14


def test_any_exception_in_template_code_is_a_template_error(tmp_path):
    class Bad(dict):
        def __getitem__(self, key):
            raise RuntimeError("hỏng")

    with pytest.raises(TemplateError, match="RuntimeError: hỏng") as info:
        render(write(tmp_path, "\n{{ bad.x }}\n"), bad=Bad())
    assert info.value.line == 15


def test_objects_of_unlisted_types_show_nothing(tmp_path):
    """An object of a type the sandbox does not list: no attribute is read (not even a property
    that would run code); a dataclass shows its fields only."""
    import dataclasses

    ran = []

    class Opaque:
        name = "x"

        @property
        def x(self):
            ran.append(1)
            return 1

    @dataclasses.dataclass
    class Row:
        ten: str

        def secret(self):
            return "bí mật"

    for body in ("{{ o.x }}", "{{ o.name }}", "{{ o['x'] }}", "{{ r.secret() }}"):
        with pytest.raises(TemplateError, match="không được dùng"):
            render(write(tmp_path, "\n" + body + "\n"), o=Opaque(), r=Row("a"))
    assert ran == []
    assert "Tên: a" in [p.text[0].text for p in render(write(tmp_path, "\nTên: {{ r.ten }}\n"), r=Row("a")).blocks]


def test_chart_call_gives_a_numbered_figure(tmp_path):
    pytest.importorskip("matplotlib")
    rows = [{"linh_vuc": "Nhà ở", "ty_le": 99.15}, {"linh_vuc": "Đất đai", "ty_le": 97.5}]
    body = "\n{{ chart(rows, kieu='cot', x='linh_vuc', y='ty_le', phan_tram=True, caption='Tỷ lệ đúng hạn') }}\n"
    vb = render(write(tmp_path, body), rows=rows)
    image = next(b for b in vb.blocks if isinstance(b, Image))
    assert image.label == "Biểu đồ" and isinstance(image.source, bytes) and image.source[:4] == b"\x89PNG"
    d = open_docx(vb)
    assert "Biểu đồ 1. Tỷ lệ đúng hạn" in texts(d)
    assert abs(d.inline_shapes[0].width.mm - 165) < 0.5
