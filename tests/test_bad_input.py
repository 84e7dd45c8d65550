"""Bad input, one table: every case goes through the real ``baocao render`` entry point in a
fresh folder and must end with exit code 1, one clear message that starts with
``baocao: lỗi:`` and names *where* (template file and line, data file and line or column,
the model field, or the output path), no traceback, and no file left behind — no .docx, no
``.baocao-*`` temporary, and every input file byte for byte as it was.

Inputs that are merely unusual (huge numbers, a 1 MB trích yếu, control characters and
emoji in every field) are not errors: they are in ``test_survives`` and must give a .docx
that python-docx opens, emoji intact and the controls Word cannot hold dropped.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pandas as pd
import pytest
from conftest import HEAD  # the body starts on line 14

from baocao.cli import main


def tpl(body: str = "Nội dung.\n", **fields: str) -> str:
    """The template text: HEAD with the line starting ``key:`` replaced by the given line(s),
    then ``body``. A key not in HEAD is added before the closing ``---`` (line 13)."""
    lines = HEAD.splitlines()
    for key, value in fields.items():
        hits = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
        if hits:
            lines[hits[0]] = value
        else:
            lines.insert(-1, value)
    return "\n".join(lines) + "\n" + body


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    args: tuple[str, ...]
    expect: tuple[str, ...]  # substrings of the message: where, and what
    setup: Callable[[Path], None] | None = None


T = "bc.md.j2"
RUN = ("bc.md.j2", "-o", "ra.docx")
ROWS_CSV = "linh_vuc,so\nNhà ở,13\nĐất đai,7\n"
CP1258_CSV = "linh_vuc,so\nNhà,13\nĐô,7\n"  # what cp1258 can hold without combining marks
TABLE_BODY = "# Kết quả\n\n{{ table(so_lieu) }}\n"


def _symlink(link: str, target: str) -> Callable[[Path], None]:
    return lambda folder: (folder / link).symlink_to(folder / target)


def _mkdir(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).mkdir()


def _xlsx(rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows).to_excel(buffer, index=False)
    return buffer.getvalue()


CASES = [
    # ------------------------------------------------------------------ template syntax
    Case("jinja-unclosed-if", {T: tpl("Một.\n{% for x in [1] %}{{ x }}{% endfor %}\n{% if true %}\nHai.\n\nBa.\n")},
         RUN, (f"{T}:16", "mở ở dòng 16", "{% endif %}")),
    Case("jinja-unclosed-for-in-if", {T: tpl("{% if true %}\n{% for x in [1] %}\n{{ x }}\n{% endif %}\n")}, RUN,
         (f"{T}:17", "{% endfor %}")),
    Case("jinja-bad-for", {T: tpl("\n{% for x in %}\n{% endfor %}\n")}, RUN, (f"{T}:15", "lỗi cú pháp")),
    Case("jinja-stray-endif", {T: tpl("Một.\n{% endif %}\n")}, RUN, (f"{T}:15", "lỗi cú pháp")),
    Case("jinja-unbalanced-braces", {T: tpl("Tổng {{ 1 + }} hồ sơ.\n")}, RUN, (f"{T}:14", "lỗi cú pháp")),
    Case("jinja-unknown-filter", {T: tpl("\n{{ 5 | khong_co }}\n")}, RUN, (f"{T}:15", "khong_co")),
    Case("template-runs-too-long", {T: tpl("Một.\n{% for i in range(100000) %}\n"
                                          "{% for j in range(100000) %}{% endfor %}\n{% endfor %}\n")},
         (*RUN, "--timeout", "1"), (f"{T}:16", "quá 1 giây")),
    Case("jinja-unknown-filter-close", {T: tpl("\n\n{{ 5 | so_ }}\n")}, RUN, (f"{T}:16", "so_", "'so'")),
    Case("undefined-variable-did-you-mean", {T: tpl("\n{{ don_vj }}\n"), "don_vi.yaml": "ten: Sở\n"},
         (*RUN, "-d", "don_vi.yaml"), (f"{T}:15", "don_vj", "có phải 'don_vi'")),
    Case("undefined-variable", {T: tpl("Có {{ khong_ai_biet }} hồ sơ.\n")}, RUN, (f"{T}:14", "khong_ai_biet", "-d")),
    Case("undefined-attribute-of-data-row",
         {T: tpl("{% for r in ds %}\n- {{ r.ten }}: {{ r.so_luong }}\n{% endfor %}\n"),
          "ds.yaml": "- ten: A\n  so_lieu: 1\n"},
         (*RUN, "-d", "ds.yaml"), (f"{T}:15", "so_luong", "so_lieu")),
    Case("undefined-column-of-csv-table", {T: tpl("\n{{ so_lieu.so_luong.sum() }}\n"), "so_lieu.csv": ROWS_CSV},
         (*RUN, "-d", "so_lieu.csv"), (f"{T}:15", "so_luong", "'so'")),
    Case("division-by-zero", {T: tpl("\n\nTỷ lệ {{ 5 / 0 }}.\n")}, RUN, (f"{T}:16", "chia cho 0")),
    Case("filter-so-on-text", {T: tpl("\n{{ 'abc' | so }}\n")}, RUN, (f"{T}:15", "'abc'", "không phải là số")),
    Case("template-not-utf8", {T: tpl("\n").encode() + "Đà không.\n".encode("cp1258")}, RUN, (f"{T}:15", "UTF-8")),
    Case("template-missing", {}, ("khong_co.md.j2", "-o", "ra.docx"), ("khong_co.md.j2", "không tìm thấy mẫu")),
    Case("template-folder-without-template", {"vd/so_lieu.csv": ROWS_CSV}, ("vd", "-o", "ra.docx"),
         ("vd", "không có mẫu")),
    Case("template-folder-with-two", {"vd/a.md.j2": tpl(), "vd/b.md.j2": tpl()}, ("vd", "-o", "ra.docx"),
         ("vd", "a.md.j2, b.md.j2")),
    Case("template-empty", {T: ""}, RUN, (T, "co_quan")),
    Case("extends-missing", {T: tpl('{% extends "khong_co.md.j2" %}\n')}, RUN,
         (f"{T}:14", "không tìm thấy mẫu 'khong_co.md.j2'")),
    Case("include-missing", {T: tpl('\n{% include "phan_chung.md.j2" %}\n')}, RUN,
         (f"{T}:15", "không tìm thấy mẫu 'phan_chung.md.j2'")),
    # ------------------------------------------------------------------ front matter
    Case("fm-not-a-mapping", {T: "---\n- co_quan\n- dia_danh\n---\nNội dung.\n"}, RUN, (f"{T}:2", "tên: giá trị")),
    Case("fm-list-for-string", {T: tpl(co_quan="co_quan: [Sở Xây dựng, Sở Nội vụ]")}, RUN,
         (f"{T}:2", "co_quan", "cần chuỗi")),
    Case("fm-so-text", {T: tpl(so="so: abc")}, RUN, (f"{T}:4", "số văn bản", "'abc'")),
    Case("fm-so-negative", {T: tpl(so="so: -1")}, RUN, (f"{T}:4", "số văn bản", "-1")),
    Case("fm-so-too-long", {T: tpl(so="so: 99999999999999999999")}, RUN, (f"{T}:4", "so:", "18 chữ số")),
    Case("fm-so-of-5000-digits", {T: tpl(so="so: " + "9" * 5000)}, RUN, (f"{T}:4", "5000 chữ số")),
    Case("yaml-int-of-5000-digits", {T: tpl("{{ tt.n }}\n"), "tt.yaml": "ten: Sở\nn: " + "9" * 5000 + "\n"},
         (*RUN, "-d", "tt.yaml"), ("tt.yaml:2", "5000 chữ số")),
    Case("set-so-of-5000-digits", {T: tpl(so='so: "{{ so }}"')}, (*RUN, "--set", "so=" + "9" * 5000),
         (f"{T}:4", "so:", "18 chữ số")),
    Case("fm-ngay-31-02", {T: tpl(ngay="ngay: 31/02/2020")}, RUN, (f"{T}:6", "31/02/2020")),
    Case("fm-ngay-iso-30-02", {T: tpl(ngay="ngay: 2020-02-30")}, RUN, (f"{T}:6", "2020-02-30")),
    Case("fm-ngay-month-13", {T: tpl(ngay="ngay: [2021, 13]")}, RUN, (f"{T}:6", "tháng", "13")),
    Case("fm-unknown-key", {T: tpl(dia_danh="dia_danhh: Trà Vinh")}, RUN, (f"{T}:5", "dia_danhh", "'dia_danh'")),
    Case("fm-bad-loai", {T: tpl(loai="loai: bao_caoo")}, RUN, (f"{T}:13", "bao_caoo")),
    Case("fm-bad-do-khan", {T: tpl(do_khan="do_khan: GẤP LẮM")}, RUN, (f"{T}:13", "GẤP LẮM", "KHẨN")),
    Case("fm-bad-danh-so", {T: tpl(danh_so="danh_so: la_ma")}, RUN, (f"{T}:13", "la_ma", "muc")),
    Case("fm-signer-unknown-field", {T: tpl(**{"  ho_ten": "  ho_tenn: Lê Minh Tân"})}, RUN,
         (f"{T}:11", "ho_tenn", "'ho_ten'")),
    Case("fm-signer-not-a-mapping", {T: tpl(nguoi_ky="nguoi_ky: Lê Minh Tân", **{"  ho_ten": "", "  chuc_vu": ""})},
         RUN, (f"{T}:10", "nguoi_ky")),
    Case("fm-signer-bad-quyen-han", {T: tpl(**{"  chuc_vu": "  chuc_vu: Phó Giám đốc\n  quyen_han: XYZ"})}, RUN,
         (f"{T}:13", "XYZ", "KT.")),
    Case("fm-bad-indentation", {T: tpl(**{"  ho_ten": "    ho_ten: Lê Minh Tân"})}, RUN, (f"{T}:1", "YAML")),
    Case("fm-tab-indentation", {T: tpl(**{"  ho_ten": "\tho_ten: Lê Minh Tân"})}, RUN, (f"{T}:11", "tab")),
    Case("fm-control-character", {T: tpl(trich_yeu="trich_yeu: Tổng kết\x00 năm 2020")}, RUN,
         (f"{T}:7", "ký tự điều khiển")),
    Case("fm-unclosed", {T: "---\nco_quan: Sở Xây dựng\ndia_danh: Trà Vinh\n# Khái quát\nNội dung: một, hai.\n"},
         RUN, (f"{T}:", "---")),
    Case("fm-jinja-undefined", {T: tpl(trich_yeu='trich_yeu: "Tổng kết năm {{ nam_bao_cao }}"')}, RUN,
         (f"{T}:7", "nam_bao_cao")),
    Case("fm-bad-thuoc-tinh-date", {T: tpl(thuoc_tinh="thuoc_tinh:\n  ngay_tao: 31/02/2020")}, RUN,
         (f"{T}:14", "31/02/2020")),
    Case("fm-kinh-gui-mapping", {T: tpl(kinh_gui="kinh_gui: {Sở: Nội vụ}")}, RUN, (f"{T}:8", "kinh_gui")),
    Case("set-value-bad-in-front-matter", {T: tpl(so='so: "{{ so }}"')}, (*RUN, "--set", "so=abc"),
         (f"{T}:4", "số văn bản", "'abc'")),
    # ------------------------------------------------------------------ data files
    Case("csv-cp1258", {T: tpl(TABLE_BODY), "so_lieu.csv": CP1258_CSV.encode("cp1258")},
         (*RUN, "-d", "so_lieu.csv"), ("so_lieu.csv:2", "UTF-8")),
    Case("csv-utf16", {T: tpl(TABLE_BODY), "so_lieu.csv": ROWS_CSV.encode("utf-16")},
         (*RUN, "-d", "so_lieu.csv"), ("so_lieu.csv", "UTF-16")),
    Case("csv-empty", {T: tpl(TABLE_BODY), "so_lieu.csv": ""}, (*RUN, "-d", "so_lieu.csv"), ("so_lieu.csv", "rỗng")),
    Case("csv-header-only", {T: tpl(TABLE_BODY), "so_lieu.csv": "linh_vuc,so\n"}, (*RUN, "-d", "so_lieu.csv"),
         (f"{T}:16", "so_lieu.csv", "không có dòng")),
    Case("csv-missing-column", {T: tpl("# Kết quả\n\n{{ table(so_lieu[['linh_vuc', 'so_tthc']]) }}\n"),
                                "so_lieu.csv": ROWS_CSV},
         (*RUN, "-d", "so_lieu.csv"), (f"{T}:16", "so_lieu.csv", "'so_tthc'", "'so'")),
    Case("csv-nan-in-arithmetic",
         {T: tpl("{% for r in so_lieu.itertuples() %}\n- {{ r.linh_vuc }}: {{ (r.so * 2) | so }}\n{% endfor %}\n"),
          "so_lieu.csv": "linh_vuc,so\nNhà ở,13\nĐất đai,\n"},
         (*RUN, "-d", "so_lieu.csv"), (f"{T}:15", "thiếu số", "so_lieu.csv:3", "'so'")),
    Case("csv-text-in-number-column",
         {T: tpl("Tổng {{ so_lieu.so.sum() | so }} hồ sơ.\n"), "so_lieu.csv": "linh_vuc,so\nNhà ở,13\nĐất đai,abc\n"},
         (*RUN, "-d", "so_lieu.csv"), (f"{T}:14", "'13abc'", "so_lieu.csv:3", "'so'", "'abc'")),
    Case("csv-decimal-comma-in-comma-file",
         {T: tpl("{% for r in so_lieu.itertuples() %}\n- {{ r.so | so(1) }}\n{% endfor %}\n"),
          "so_lieu.csv": 'linh_vuc,so\nNhà ở,"1.234,5"\n'},
         (*RUN, "-d", "so_lieu.csv"), (f"{T}:15", "'1.234,5'", "so_lieu.csv:2", "'so'")),
    Case("csv-ragged-row", {T: tpl(TABLE_BODY), "so_lieu.csv": "linh_vuc,so\nNhà ở,13\nHà Nội, Việt Nam,7\n"},
         (*RUN, "-d", "so_lieu.csv"), ("so_lieu.csv:3", "3 trường")),
    Case("csv-unclosed-quote", {T: tpl(TABLE_BODY), "so_lieu.csv": 'linh_vuc,so\n"Nhà ở,13\nĐất đai,7\n'},
         (*RUN, "-d", "so_lieu.csv"), ("so_lieu.csv:2", "ngoặc kép")),
    Case("xlsx-missing-column", {T: tpl("# Kết quả\n\n{{ table(so_lieu[['linh_vuc', 'so_tthc']]) }}\n"),
                                 "so_lieu.xlsx": _xlsx([{"linh_vuc": "Nhà ở", "so": 13}])},
         (*RUN, "-d", "so_lieu.xlsx"), (f"{T}:16", "so_lieu.xlsx", "'so_tthc'", "'so'")),
    Case("xlsx-empty-cell-in-arithmetic",
         {T: tpl("Tổng {{ (so_lieu.so.sum() / so_lieu.so.iloc[1]) | so }}.\n"),
          "so_lieu.xlsx": _xlsx([{"linh_vuc": "Nhà ở", "so": 13}, {"linh_vuc": "Đất đai", "so": None}])},
         (*RUN, "-d", "so_lieu.xlsx"), (f"{T}:14", "thiếu số", "so_lieu.xlsx:3, cột 'so'")),
    Case("xlsx-is-text", {T: tpl(TABLE_BODY), "so_lieu.xlsx": "linh_vuc,so\nNhà ở,13\n"},
         (*RUN, "-d", "so_lieu.xlsx"), ("so_lieu.xlsx", "Excel")),
    Case("json-syntax", {T: tpl("{{ tt.ten }}\n"), "tt.json": '{\n  "ten": "Sở",\n  "so": 5,\n}\n'},
         (*RUN, "-d", "tt.json"), ("tt.json:4", "JSON")),
    Case("yaml-tab-indent", {T: tpl("{{ tt.ten }}\n"), "tt.yaml": "ten: Sở\nnguoi:\n\tho_ten: A\n"},
         (*RUN, "-d", "tt.yaml"), ("tt.yaml:3", "tab")),
    Case("yaml-bad-date", {T: tpl("{{ tt.ngay }}\n"), "tt.yaml": "ten: Sở\nngay: 2020-02-30\n"},
         (*RUN, "-d", "tt.yaml"), ("tt.yaml:2", "2020-02-30")),
    Case("yaml-control-character", {T: tpl("{{ tt.ten }}\n"), "tt.yaml": "ten: Sở\x1b\n"},
         (*RUN, "-d", "tt.yaml"), ("tt.yaml:1", "ký tự điều khiển")),
    Case("data-missing", {T: tpl()}, (*RUN, "-d", "khong_co.csv"), ("khong_co.csv", "không tìm thấy")),
    Case("data-unknown-suffix", {T: tpl(), "so_lieu.txt": "a\n"}, (*RUN, "-d", "so_lieu.txt"),
         ("so_lieu.txt", "'.txt'")),
    Case("data-same-name", {T: tpl(), "so_lieu.csv": ROWS_CSV, "Số liệu.yaml": "a: 1\n"},
         (*RUN, "-d", "so_lieu.csv", "-d", "Số liệu.yaml"), ("Số liệu.yaml", "so_lieu")),
    # ------------------------------------------------------------------ --set
    Case("set-no-equals", {T: tpl()}, (*RUN, "--set", "so"), ("--set so", "'='")),
    Case("set-no-key", {T: tpl()}, (*RUN, "--set", "=564"), ("--set =564", "tên khoá")),
    Case("set-empty-part", {T: tpl()}, (*RUN, "--set", "nguoi_ky..ho_ten=A"), ("nguoi_ky..ho_ten", "rỗng")),
    # ------------------------------------------------------------------ batches (--each)
    Case("each-duplicate-output-names",
         {T: tpl(co_quan='co_quan: "{{ don_vi }}"'), "dv.csv": "don_vi,so\nPhòng A/B,1\nPhòng A_B,2\nPhòng A/B,3\n"},
         ("bc.md.j2", "--each", "dv.csv", "--by", "don_vi", "-o", "out/{don_vi}.docx", "-j", "1"),
         ("'out/Phòng A_B.docx'", "'Phòng A/B'", "'Phòng A_B'", "cùng ghi vào")),
    Case("each-missing-by-column", {T: tpl(), "dv.csv": "don_vi,so\nA,1\n"},
         ("bc.md.j2", "--each", "dv.csv", "--by", "donvi", "-o", "out/{donvi}.docx"),
         ("dv.csv", "'donvi'", "'don_vi'")),
    Case("each-blank-unit", {T: tpl(), "dv.csv": "don_vi,so\nA,1\n,2\n"},
         ("bc.md.j2", "--each", "dv.csv", "--by", "don_vi", "-o", "out/{don_vi}.docx"), ("dv.csv", "dòng 3")),
    Case("each-unknown-pattern-name", {T: tpl(), "dv.csv": "don_vi,so\nA,1\n"},
         ("bc.md.j2", "--each", "dv.csv", "--by", "don_vi", "-o", "out/{ten}.docx"),
         ("-o: ", "'out/{ten}.docx'", "ten")),
    Case("each-every-unit-fails", {T: tpl("{{ khong_co }}\n"), "dv.csv": "don_vi,so\nA,1\nB,2\n"},
         ("bc.md.j2", "--each", "dv.csv", "--by", "don_vi", "-o", "out/{don_vi}.docx", "-j", "1"),
         (f"{T}:14", "khong_co", "0 văn bản đã ghi, 2 lỗi")),
    Case("each-output-over-input", {T: tpl(), "dv.csv": "don_vi,so\ndv,1\n"},
         ("bc.md.j2", "--each", "dv.csv", "--by", "don_vi", "-o", "{don_vi}.docx"), ("dv.docx", "trùng tệp vào"),
         setup=_symlink("dv.docx", "dv.csv")),
    Case("each-wrong-suffix", {T: tpl(), "dv.csv": "don_vi,so\ndv,1\n"},
         ("bc.md.j2", "--each", "dv.csv", "--by", "don_vi", "-o", "{don_vi}.csv"), ("-o: ", "'dv.csv'", ".docx")),
    # ------------------------------------------------------------------ output
    Case("output-folder-missing", {T: tpl()}, ("bc.md.j2", "-o", "khong_co/ra.docx"), ("khong_co", "không tồn tại")),
    Case("output-parent-is-a-file", {T: tpl(), "tep": "x"}, ("bc.md.j2", "-o", "tep/ra.docx"),
         ("tep", "không phải thư mục")),
    Case("output-is-a-folder", {T: tpl()}, ("bc.md.j2", "-o", "ra.docx"), ("ra.docx", "thư mục"),
         setup=_mkdir("ra.docx")),
    Case("output-equals-template", {T: tpl()}, ("bc.md.j2", "-o", "bc.md.j2"), ("-o", "bc.md.j2", "trùng tệp vào")),
    Case("output-equals-data", {T: tpl(TABLE_BODY), "so_lieu.csv": ROWS_CSV},
         ("bc.md.j2", "-d", "so_lieu.csv", "-o", "so_lieu.csv"), ("-o", "so_lieu.csv", "trùng tệp vào")),
    Case("output-symlink-to-template", {T: tpl()}, ("bc.md.j2", "-o", "ra.docx"), ("ra.docx", "trùng tệp vào"),
         setup=_symlink("ra.docx", T)),
    Case("output-symlink-to-data", {T: tpl(TABLE_BODY), "so_lieu.csv": ROWS_CSV},
         ("bc.md.j2", "-d", "so_lieu.csv", "-o", "ra.docx"), ("ra.docx", "so_lieu.csv", "trùng tệp vào"),
         setup=_symlink("ra.docx", "so_lieu.csv")),
    Case("output-symlink-to-folder-data", {"vd/" + T: tpl("{{ tt.a }}\n"), "vd/tt.yaml": "a: 1\n"},
         ("vd", "-o", "vd/ra.docx"), ("vd/ra.docx", "vd/tt.yaml", "trùng tệp vào"),
         setup=_symlink("vd/ra.docx", "vd/tt.yaml")),
    Case("output-name-too-long", {T: tpl()}, ("bc.md.j2", "-o", "r" * 300 + ".docx"), ("không ghi được", "rrrr")),
    Case("output-wrong-suffix", {T: tpl()}, ("bc.md.j2", "-o", "ra.txt"), ("ra.txt", ".docx")),
    Case("output-no-suffix", {T: tpl()}, ("bc.md.j2", "-o", "ra"), ("'ra'", ".docx")),
]


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file and folder under ``folder`` (recursively) with its bytes; links by target."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = "→" + os.readlink(path)
        elif path.is_dir():
            out[key] = "/"
        else:
            out[key] = path.read_bytes()
    return out


def _prepare(folder: Path, case: Case) -> None:
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.setup:
        case.setup(folder)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(tmp_path)
    _prepare(tmp_path, case)
    before = _snapshot(tmp_path)
    code = main(["render", *case.args])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert err.startswith("baocao: lỗi:"), err
    assert "Traceback" not in err
    missing = [s for s in case.expect if s not in err]
    assert not missing, f"{missing} not in: {err}"
    assert not out.strip().endswith(".docx"), out
    after = _snapshot(tmp_path)
    assert after == before, f"files changed: {sorted(set(after) ^ set(before))}"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_output_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / T).write_text(tpl(), encoding="utf-8")
    (tmp_path / "ra").mkdir(mode=0o500)
    try:
        assert main(["render", T, "-o", "ra/van-ban.docx"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("baocao: lỗi:") and "ra/van-ban.docx" in err and "Traceback" not in err
        assert list((tmp_path / "ra").iterdir()) == []
    finally:
        (tmp_path / "ra").chmod(0o700)


def test_there_are_enough_cases():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


# ---------------------------------------------------------------------------- usage errors: exit 2


@pytest.mark.parametrize(("args", "expect"), [
    (["render", "bc.md.j2", "--each", "dv.csv"], "--each và --by"),
    (["render", "bc.md.j2", "--each", "dv.csv", "--by", "don_vi", "-j", "0"], "--jobs"),
    (["render", "bc.md.j2", "--timeout", "-5"], "--timeout"),
    (["render", "bc.md.j2", "--khong-co"], "--khong-co"),
    (["render"], "MẪU"),
], ids=["each-without-by", "jobs-zero", "timeout-negative", "unknown-option", "no-template"])
def test_usage_errors(args, expect, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bc.md.j2").write_text(tpl(), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(args)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and expect in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bc.md.j2"]


# ---------------------------------------------------------------------------- unusual but valid

CONTROLS = "A\x00B\x0bC\x1bD\x7fE"
EMOJI = "📄✅ 🇻🇳"
ODD = f"{CONTROLS} {EMOJI} Đ"
KEPT = f"ABCDE {EMOJI} Đ"  # what a reader finds: the controls dropped, the rest as it was

ALL_FIELDS = """---
co_quan_chu_quan: "{{ v }}"
co_quan: "{{ v }}"
viet_tat_co_quan: "{{ v }}"
don_vi_soan_thao: "{{ v }}"
so: 564
dia_danh: "{{ v }}"
ngay: 2020-12-29
trich_yeu: "{{ v }}"
kinh_gui: ["{{ v }}", Sở Nội vụ]
can_cu: ["{{ v }}"]
noi_nhan: ["{{ v }}"]
luu: [VT, "{{ v }}"]
ky_hieu_soan_thao: "{{ v }}"
nguoi_ky:
  ho_ten: "{{ v }}"
  chuc_vu: "{{ v }}"
  quyen_han: KT.
  thay_mat: "{{ v }}"
thuoc_tinh:
  tac_gia: "{{ v }}"
  chu_de: "{{ v }}"
---
# {{ v }}

Đoạn {{ v }} hết.

- {{ v }}

| A | B |
|---|---|
| {{ v }} | {{ v }} |

{{ table(bang) }}
"""


def _docx_text(path: Path) -> tuple[str, str]:
    """(every text of the body, tables, header; the document properties XML)."""
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    with zipfile.ZipFile(path) as zf:
        core = zf.read("docProps/core.xml").decode("utf-8")
    return "\n".join(parts), core


SURVIVES = [
    ("controls-and-emoji-everywhere", {"t.md.j2": ALL_FIELDS, "bang.csv": f"cot,so\n\"{ODD}\",1\n"},
     ("-d", "bang.csv", "--set", f"v={ODD}"), [KEPT]),
    ("controls-and-emoji-in-template-body",
     {"t.md.j2": tpl(f"# Mục {ODD}\n\nĐoạn {ODD}.\n\n| {ODD} |\n|---|\n| {ODD} |\n")}, (), ["ABCDE " + EMOJI]),
    ("huge-number", {"t.md.j2": tpl("Tổng {{ n | so }} đồng; {{ (n * 3 / 2) | so(2) }}; {{ (n ** 5) | so }}.\n")},
     ("--set", "n=1000000000000000000000000000000"),
     ["Tổng 1.000.000.000.000.000.000.000.000.000.000 đồng; 1.500.000.000.000.000", ",00; 1." + "000." * 49 + "000."]),
    ("number-of-4000-digits", {"t.md.j2": tpl("Số {{ n }} và {{ n | so }}; {{ so_lon.n }} và {{ so_lon.n | so }}.\n",
                                              trich_yeu='trich_yeu: "{{ so_lon.n }}"'),
                               "so_lon.json": '{"n": ' + "9" * 4000 + "}"},
     ("--set", "n=" + "9" * 4000, "-d", "so_lon.json"),
     [f"Số {'9' * 4000} và 9.999.999", f"; {'9' * 4000} và 9.999"]),
    ("long-so", {"t.md.j2": tpl(so="so: 999999999999999999")}, (), ["999999999999999999/BC-SXD"]),
    ("megabyte-trich-yeu", {"t.md.j2": tpl(trich_yeu='trich_yeu: "{{ dai }}"')}, ("--set", "dai=" + "Á" * 1_000_000),
     ["Á" * 1_000_000]),
    ("million-character-paragraph", {"t.md.j2": tpl("{{ dai }}\n")}, ("--set", "dai=" + "ờ" * 1_000_000),
     ["ờ" * 1_000_000]),
    ("data-looks-like-jinja", {"t.md.j2": tpl("{{ v }} / {{ tt.a }}\n"), "tt.json": json.dumps({"a": "{{ 7*7 }}"})},
     ("--set", "v={{ 7*7 }} {% if %}", "-d", "tt.json"), ["{{ 7*7 }} {% if %} / {{ 7*7 }}"]),
]


@pytest.mark.parametrize(("files", "args", "expect"), [s[1:] for s in SURVIVES], ids=[s[0] for s in SURVIVES])
def test_survives(files, args, expect, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert main(["render", "t.md.j2", *args, "-o", "ra.docx"]) == 0, capsys.readouterr().err
    text, core = _docx_text(tmp_path / "ra.docx")
    for wanted in expect:
        assert wanted in text
    assert not any(c in text + core for c in "\x00\x0b\x1b\x7f")
    if "tac_gia" in files.get("t.md.j2", ""):  # every header field, block and cell it was put in
        assert text.count(KEPT) >= 12, text
        assert KEPT in core  # the author and subject properties
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
