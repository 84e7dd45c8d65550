"""baocao.data under hostile data files: every limit of :mod:`baocao.limits` a data file can meet
(file size, unzipped size, cells of an Excel sheet or a CSV table, nesting of JSON, YAML and front
matter, YAML aliases) ends in a clear :class:`LimitError` naming the file, quickly and in little
memory, the command exits 1 without a traceback, and each limit's environment variable raises it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import HEAD, write
from openpyxl.styles import Font
from pandas.testing import assert_frame_equal

from baocao import BaoCaoError, DataError, render
from baocao.cli import main
from baocao.data import SafeLoader, load_data, load_file
from baocao.limits import LimitError


def refused(path: Path, limit: str) -> LimitError:
    """The LimitError loading ``path`` gives: it names the file and ``limit``."""
    with pytest.raises(LimitError) as info:
        load_data([path])
    assert info.value.limit == limit
    assert str(path) in str(info.value) and f"({limit})" in str(info.value)
    return info.value


def sparse_xlsx(path: Path) -> Path:
    """A 5 KB workbook with a header and one cell at the last cell Excel has."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet["A1"] = "ten"
    sheet["XFD1048576"] = 1
    book.save(path)
    return path


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# ------------------------------------------------------------------------------------------ Excel

def test_sparse_xlsx_refused_quickly(tmp_path: Path) -> None:
    path = sparse_xlsx(tmp_path / "thua.xlsx")
    assert path.stat().st_size < 10_000
    start = time.monotonic()
    err = refused(path, "max_cells")
    assert time.monotonic() - start < 5
    assert "[Số liệu]" in err.where and "XFD1048576" in str(err)
    assert "1.048.576 hàng × 16.384 cột" in str(err) and "BAOCAO_MAX_CELLS" in str(err)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and /proc are Linux's")
def test_sparse_xlsx_refused_in_little_memory(tmp_path: Path) -> None:
    """Under an address-space limit of 1 GiB more than the interpreter with pandas holds, the
    sparse workbook is refused: the 17-billion-cell grid is never allocated."""
    path = sparse_xlsx(tmp_path / "thua.xlsx")
    code = textwrap.dedent(f"""
        import resource, re
        import pandas, openpyxl
        from baocao.data import load_data
        from baocao.limits import LimitError
        held = int(re.search(r"VmSize:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (held + 2**30, resource.getrlimit(resource.RLIMIT_AS)[1]))
        try:
            load_data([{str(path)!r}])
        except LimitError as exc:
            print("refused", exc.limit)
    """)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused max_cells"


def test_far_empty_formatted_cells_are_not_data(tmp_path: Path) -> None:
    """Only non-empty cells count: formatting on an empty cell at XFD1048576 (or beyond what
    pandas could pad to) loads as the small table it is, quickly."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ten", "so"])
    sheet.append(["A", 1])
    sheet["XFD1048576"].font = Font(bold=True)
    for row in range(3, 2003):
        sheet.cell(row, 16384).font = Font(italic=True)
    path = tmp_path / "kieu.xlsx"
    book.save(path)
    start = time.monotonic()
    df = load_data([path])["kieu"]
    assert time.monotonic() - start < 5
    assert df.to_dict("list") == {"ten": ["A"], "so": [1]}


def _with_dimension(path: Path, ref: str) -> Path:
    """``path`` rewritten with its first sheet's ``<dimension ref=...>`` saying ``ref``."""
    parts = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index("<dimension ref=")
    end = sheet.index("/>", start)
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + f'<dimension ref="{ref}"' + sheet[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def test_lying_dimension_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "noi_doi.xlsx"
    pd.DataFrame({"ten": ["A", "B"], "so": [1, 2]}).to_excel(path, index=False)
    _with_dimension(path, "A1:XFD1048576")
    assert load_data([path])["noi_doi"].to_dict("list") == {"ten": ["A", "B"], "so": [1, 2]}
    _with_dimension(sparse_xlsx(tmp_path / "thua.xlsx"), "A1:A1")
    refused(tmp_path / "thua.xlsx", "max_cells")


def test_large_legal_xlsx_loads(tmp_path: Path) -> None:
    frame = pd.DataFrame({f"c{i}": range(i, i + 20_000) for i in range(10)})
    path = tmp_path / "lon.xlsx"
    frame.to_excel(path, index=False)
    assert_frame_equal(load_data([path])["lon"], frame)


def test_xlsx_cells_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rows (the header included) × columns: 11 × 4 = 44 cells."""
    path = tmp_path / "bang.xlsx"
    pd.DataFrame({c: range(10) for c in "abcd"}).to_excel(path, index=False)
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "44")
    assert load_data([path])["bang"].shape == (10, 4)
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "43")
    err = refused(path, "max_cells")
    assert "11 hàng × 4 cột = 44 ô" in str(err) and "quá giới hạn 43" in str(err)


def test_xlsx_reads_as_pandas_does(tmp_path: Path) -> None:
    """The sheets are streamed, not read by pandas: the frames are still the ones
    ``pandas.read_excel`` makes (types, dates, empty cells and rows, errors, duplicate and
    missing headers, an empty sheet, a sheet with only a header)."""
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chính"
    sheet.append(["ten", "so", None, "ngay", "so", "tien", "", "dung"])
    sheet.append(["Nhà ở", 1, None, dt.date(2020, 1, 2), 2.5, 3.0, None, True])
    sheet.append([None] * 8)
    sheet.append(["Đất đai", "#N/A", 5, dt.datetime(2020, 1, 2, 3, 4), "", 7, "z", False])
    sheet["C6"] = "=A1+1"  # a formula without a cached value reads as empty
    sheet["B8"] = 12345678901234
    sheet["J3"] = ""
    book.create_sheet("Trống")
    book.create_sheet("Tiêu đề").append(["a", "b"])
    lech = book.create_sheet("Lệch")
    lech["C5"] = 1
    lech["A10"] = "q"
    path = tmp_path / "tron.xlsx"
    book.save(path)
    expected = pd.read_excel(path, sheet_name=None)
    got = load_file(path)  # every sheet (load_data: the first one, the others as tron_<sheet>)
    assert list(got) == list(expected)
    for name, frame in expected.items():
        assert_frame_equal(got[name], frame)
        assert got[name].attrs["baocao_nguon"] == f"{path} [{name}]"
    assert_frame_equal(load_data([path])["tron"], expected["Chính"])


def test_xlsx_zip_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bom.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(path, index=False)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/bom.xml", b"<x>" + b" " * 20_000_000 + b"</x>")
    assert path.stat().st_size < 200_000
    monkeypatch.setenv("BAOCAO_MAX_DATA_FILE", "1000000")
    err = refused(path, "max_data_file")
    assert "giải nén" in str(err)
    monkeypatch.setenv("BAOCAO_MAX_DATA_FILE", "30000000")
    assert load_data([path])["bom"]["a"].tolist() == [1]


# ------------------------------------------------------------------------------------------ file size

@pytest.mark.parametrize(("name", "content"), [
    ("a.yaml", "ten: " + "x" * 200 + "\n"),
    ("a.json", json.dumps({"ten": "x" * 200})),
    ("a.csv", "ten\n" + "x" * 200 + "\n"),
])
def test_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: str) -> None:
    path = write(tmp_path, name, content)
    size = path.stat().st_size
    monkeypatch.setenv("BAOCAO_MAX_DATA_FILE", str(size - 1))
    err = refused(path, "max_data_file")
    assert f"nặng {size} byte" in str(err) and "BAOCAO_MAX_DATA_FILE" in str(err)
    monkeypatch.setenv("BAOCAO_MAX_DATA_FILE", str(size))
    assert load_data([path])["a"] is not None


def test_xlsx_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sparse_xlsx(tmp_path / "thua.xlsx")
    monkeypatch.setenv("BAOCAO_MAX_DATA_FILE", "1000")
    refused(path, "max_data_file")


# ------------------------------------------------------------------------------------------ CSV

def test_csv_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rows (the header included) × columns: 11 × 10 = 110 cells."""
    header = ",".join(f"c{i}" for i in range(10))
    path = write(tmp_path, "bang.csv", header + "\n" + "".join(",".join("1" * 10) + "\n" for _ in range(10)))
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "110")
    assert load_data([path])["bang"].shape == (10, 10)
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "109")
    err = refused(path, "max_cells")
    assert "11 hàng × 10 cột = 110 ô" in str(err)


def test_csv_cells_count_records_not_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Values over several lines, blank lines and separators in quotes do not count."""
    text = '"ten, đầy đủ",so\n\n"Nhà\nở\nxã hội",1\n\n"Đất\nđai",2\n'
    path = write(tmp_path, "nhieu_dong.csv", text)
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "6")
    assert load_data([path])["nhieu_dong"].shape == (2, 2)
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "5")
    refused(path, "max_cells")


def test_csv_wide_header_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "1000")
    path = write(tmp_path, "rong.csv", "," * 100_000 + "\n")
    assert "100.001 cột" in str(refused(path, "max_cells"))


# ------------------------------------------------------------------------------------------ nesting

def test_deep_json(tmp_path: Path) -> None:
    err = refused(write(tmp_path, "sau.json", nested(1000)), "max_depth")
    assert err.where == f"{tmp_path / 'sau.json'}:1:101" and "lồng nhau" in str(err)
    objects = '{"a": ' * 1000 + "1" + "}" * 1000
    err = refused(write(tmp_path, "sau.json", '{\n "b":\n' + objects[1:] + "}"), "max_depth")
    assert err.where.startswith(f"{tmp_path / 'sau.json'}:3:")
    assert load_data([write(tmp_path, "vua.json", nested(100))])["vua"] == json.loads(nested(100))


def test_json_brackets_in_strings_do_not_nest(tmp_path: Path) -> None:
    text = json.dumps({"a": "[" * 1000 + '\\"{[', "b": [{"c": "]]]}}"}]})
    assert load_data([write(tmp_path, "chuoi.json", text)])["chuoi"] == json.loads(text)


def test_broken_deep_json_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="JSON"):
        load_data([write(tmp_path, "hong.json", '{"a": "' + "[" * 5000)])
    with pytest.raises(DataError, match="JSON"):
        load_data([write(tmp_path, "hong.json", "[" * 50 + "]" * 60)])


def test_json_depth_scan_is_linear(tmp_path: Path) -> None:
    """An unterminated string, escapes, a long tail: no quadratic rescans."""
    tail = '"' + '\\"' * 500_000 + "[" * 50 + "x" * 2_000_000
    start = time.monotonic()
    with pytest.raises(DataError):
        load_data([write(tmp_path, "duoi.json", "[" + "[1]," * 200 + tail)])
    refused(write(tmp_path, "sau.json", "[" * 101 + tail), "max_depth")
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("text", [
    nested(1000),
    "".join("  " * i + "a:\n" for i in range(300)) + "  " * 300 + "1\n",
    "".join("  " * i + "-\n" for i in range(300)) + "  " * 300 + "1\n",
])
def test_deep_yaml(tmp_path: Path, text: str) -> None:
    err = refused(write(tmp_path, "sau.yaml", text), "max_depth")
    line = 1 if text.startswith("[") else 101
    assert err.where == f"{tmp_path / 'sau.yaml'}:{line}" and "lồng nhau" in str(err)


def test_yaml_at_the_depth_limit(tmp_path: Path) -> None:
    assert load_data([write(tmp_path, "vua.yaml", nested(100))])["vua"] == json.loads(nested(100))


@pytest.mark.parametrize("depth", [150, 1000])
def test_deep_front_matter(tmp_path: Path, depth: int) -> None:
    """The front matter is read with baocao.data.SafeLoader: too deep is an error at its line."""
    head = HEAD.replace("trich_yeu: Tổng kết năm 2020", "trich_yeu: " + nested(depth))
    path = write(tmp_path, "sau.md.j2", head + "Nội dung.\n")
    with pytest.raises(BaoCaoError) as info:
        render(path)
    assert f"{path.name}:7" in str(info.value) and "max_depth" in str(info.value)


# ------------------------------------------------------------------------------------------ aliases

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def test_billion_laughs(tmp_path: Path) -> None:
    start = time.monotonic()
    err = refused(write(tmp_path, "lol.yaml", BILLION_LAUGHS), "max_cells")
    assert time.monotonic() - start < 5
    assert "bí danh" in str(err) and err.where.startswith(f"{tmp_path / 'lol.yaml'}:")


def test_billion_laughs_in_front_matter(tmp_path: Path) -> None:
    lines = [f"  {line}" for line in BILLION_LAUGHS.splitlines()]
    head = HEAD.replace("trich_yeu: Tổng kết năm 2020", "thuoc_tinh:\n" + "\n".join(lines))
    with pytest.raises(BaoCaoError, match="max_cells"):
        render(write(tmp_path, "lol.md.j2", head + "Nội dung.\n"))


def test_aliases_within_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Anchors for shared values are fine; what the aliases reach is counted, expanded."""
    text = "mac_dinh: &m {don_vi: Sở, nam: 2020}\na: *m\nb: *m\nc: [*m, *m]\n"
    path = write(tmp_path, "neo.yaml", text)
    assert load_data([path])["neo"]["c"][1] == {"don_vi": "Sở", "nam": 2020}
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "19")  # 4 aliases × 5 nodes (mapping, 2 keys, 2 values)
    refused(path, "max_cells")
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "20")
    assert load_data([path])["neo"]["b"]["nam"] == 2020


def test_alias_inside_its_anchor(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        load_data([write(tmp_path, "vong.yaml", "ten: A\nds: &a [1, *a]\n")])
    assert info.value.where == f"{tmp_path / 'vong.yaml'}:2" and "*a" in str(info.value)


def test_merge_keys_chained_too_deep_for_python(tmp_path: Path) -> None:
    """1500 mappings each merging the one before (``<<``), flattened from the last: PyYAML
    recurses once per link; a clear error, not a RecursionError."""
    chain = "".join(f", &m{i} {{<<: *m{i - 1}}}" for i in range(1, 1500))
    text = f"ds: [&m0 {{x: 0}}{chain}]\ncuoi: {{<<: *m1499}}\n"
    with pytest.raises(DataError, match="quá sâu"):
        load_data([write(tmp_path, "noi.yaml", text)])


def test_set_values_use_the_limits() -> None:
    from baocao.data import parse_set

    assert parse_set(["x=" + nested(1000)]) == {"x": nested(1000)}


# ------------------------------------------------------------------------------------------ raising

def test_env_raises_depth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOCAO_MAX_DEPTH", "250")
    assert load_data([write(tmp_path, "a.json", nested(200))])["a"] == json.loads(nested(200))
    assert load_data([write(tmp_path, "b.yaml", nested(200))])["b"] == json.loads(nested(200))
    refused(write(tmp_path, "c.json", nested(251)), "max_depth")
    refused(write(tmp_path, "d.yaml", nested(251)), "max_depth")


def test_env_raises_alias_expansion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(BILLION_LAUGHS.splitlines()[:5]) + "\n"  # a … e: 9**5 lols
    path = write(tmp_path, "lol.yaml", text)
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "1000")
    refused(path, "max_cells")
    monkeypatch.setenv("BAOCAO_MAX_CELLS", "100000")
    assert len(load_data([path])["lol"]["e"][8][8][8]) == 9


def test_loader_reads_limits_when_created(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.setenv("BAOCAO_MAX_DEPTH", "3")
    assert yaml.load("[[[1]]]", Loader=SafeLoader) == [[[1]]]  # noqa: S506
    with pytest.raises(yaml.MarkedYAMLError, match="max_depth"):
        yaml.load("[[[[1]]]]", Loader=SafeLoader)  # noqa: S506


# ------------------------------------------------------------------------------------------ command

def _xlsx_bytes(path: Path) -> bytes:
    return sparse_xlsx(path).read_bytes()


@pytest.mark.parametrize(("name", "make", "env", "expect"), [
    ("so_lieu.xlsx", _xlsx_bytes, {}, ("so_lieu.xlsx [Số liệu]", "XFD1048576", "max_cells")),
    ("so_lieu.json", lambda _: nested(1000), {}, ("so_lieu.json:1:101", "max_depth")),
    ("so_lieu.yaml", lambda _: "a:\n  b: " + nested(1000), {}, ("so_lieu.yaml:2", "max_depth")),
    ("so_lieu.yaml", lambda _: BILLION_LAUGHS, {}, ("so_lieu.yaml:", "max_cells")),
    ("so_lieu.csv", lambda _: "a,b\n" + "1,2\n" * 100, {"BAOCAO_MAX_CELLS": "100"}, ("so_lieu.csv", "max_cells")),
    ("so_lieu.csv", lambda _: "a,b\n" + "1,2\n" * 100, {"BAOCAO_MAX_DATA_FILE": "100"},
     ("so_lieu.csv", "max_data_file", "BAOCAO_MAX_DATA_FILE")),
])
def test_command_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                         name: str, make, env: dict[str, str], expect: tuple[str, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    write(tmp_path, "bc.md.j2", HEAD + "Nội dung.\n")
    content = make(tmp_path / name)
    if isinstance(content, str):
        write(tmp_path, name, content)
    assert main(["render", "bc.md.j2", "-d", name, "-o", "ra.docx"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("baocao: lỗi:") and "Traceback" not in err, err
    assert all(part in err for part in expect), err
    assert not (tmp_path / "ra.docx").exists()


def test_python_m_baocao(tmp_path: Path) -> None:
    """The real entry point, in its own process: exit 1, one message, no traceback."""
    write(tmp_path, "bc.md.j2", HEAD + "Nội dung.\n")
    write(tmp_path, "sau.yaml", nested(5000))
    done = subprocess.run([sys.executable, "-m", "baocao", "render", "bc.md.j2", "-d", "sau.yaml", "-o", "ra.docx"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "sau.yaml:1" in done.stderr and "max_depth" in done.stderr and "Traceback" not in done.stderr

