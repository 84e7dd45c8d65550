"""baocao.data: data files, --set pairs, merging, column checks — and their error messages."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_ok, write

from baocao import DataError
from baocao.data import check_columns, data_name, load_data, merge, parse_set


def error(paths) -> DataError:
    with pytest.raises(DataError) as info:
        load_data(paths)
    return info.value


# ------------------------------------------------------------------------------------------ names

@pytest.mark.parametrize(("stem", "name"), [
    ("Số liệu 2020", "so_lieu_2020"),
    ("ĐƠN VỊ", "don_vi"),
    ("Báo cáo - tổng hợp (bản 2)", "bao_cao_tong_hop_ban_2"),
    ("  kết_quả  ", "ket_qua"),
    ("2020", "_2020"),
    ("Ưu tiên, ổn định", "uu_tien_on_dinh"),
    ("import", "import_"),
])
def test_data_name(stem: str, name: str) -> None:
    assert data_name(stem) == name
    assert name.isidentifier()


def test_data_name_without_letters() -> None:
    with pytest.raises(DataError, match="tên biến"):
        data_name("---")


def test_name_from_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "Số liệu 2020.csv", "a,b\n1,2\n")
    assert list(load_data([path])) == ["so_lieu_2020"]


def test_file_without_letters_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "---.yaml", "a: 1\n")
    err = error([path])
    assert str(path) in str(err)


def test_duplicate_names_name_both_files(tmp_path: Path) -> None:
    first = write(tmp_path, "Số liệu.csv", "a\n1\n")
    second = write(tmp_path, "so_lieu.yaml", "a: 1\n")
    err = error([first, second])
    assert str(first) in str(err) and str(second) in str(err)
    assert "so_lieu" in str(err)


def test_several_files_in_order(tmp_path: Path) -> None:
    paths = [write(tmp_path, "b.yaml", "x: 1\n"), write(tmp_path, "a.json", '{"y": 2}')]
    assert load_data([str(p) for p in paths]) == {"b": {"x": 1}, "a": {"y": 2}, "x": 1, "y": 2}


def test_single_path_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "x: 1\n")
    assert load_data(str(path)) == {"a": {"x": 1}, "x": 1}
    assert load_data([]) == {}


# ------------------------------------------------------------------------------------------ YAML / JSON

def test_yaml_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "Thông tin.yml", "so: 564\nngay: 2020-12-29\nnguoi_ky:\n  ho_ten: Lê Minh Tân\n"
                                             "noi_nhan: [Như trên, Lưu VT]\n")
    fields = {"so": 564, "ngay": dt.date(2020, 12, 29), "nguoi_ky": {"ho_ten": "Lê Minh Tân"},
              "noi_nhan": ["Như trên", "Lưu VT"]}
    assert load_data([path]) == {"thong_tin": fields, **fields}


def test_yaml_list_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.yaml", "\ufeff- ten: A\n- ten: B\n")
    assert load_data([path]) == {"ds": [{"ten": "A"}, {"ten": "B"}]}


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "a: 1\n b: 2\n")
    err = error([path])
    assert f"{path}:2:3" in str(err)
    assert "YAML" in str(err)


def test_yaml_tab_error(tmp_path: Path) -> None:
    path = write(tmp_path, "tab.yaml", "a:\n\tb: 2\n")
    err = error([path])
    assert f"{path}:2:1" in str(err)
    assert "tab" in str(err)


def test_yaml_bad_date(tmp_path: Path) -> None:
    path = write(tmp_path, "ngay.yaml", "ngay: 2020-02-30\n")
    assert str(path) in str(error([path]))


@pytest.mark.parametrize("content", ["", "# chỉ có chú thích\n", "42\n", "chỉ một chuỗi\n"])
def test_yaml_top_level_must_be_mapping_or_list(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "x.yaml", content)
    assert str(path) in str(error([path]))


def test_json_mapping_and_list(tmp_path: Path) -> None:
    a = write(tmp_path, "a.json", '{"so": 564, "ten": "Sở Xây dựng", "ds": [1, 2]}')
    b = write(tmp_path, "b.json", '[{"x": 1}, {"x": 2}]')
    a_data = {"so": 564, "ten": "Sở Xây dựng", "ds": [1, 2]}
    assert load_data([a, b]) == {"a": a_data, "b": [{"x": 1}, {"x": 2}], **a_data}


def test_json_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{\n  "a": 1,\n  "b": 2,\n}\n')
    err = error([path])
    assert f"{path}:4:1" in str(err)
    assert "JSON" in str(err)


@pytest.mark.parametrize("content", ["", "  \n", '"chuỗi"', "3"])
def test_json_empty_or_scalar(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "x.json", content)
    assert str(path) in str(error([path]))


def test_json_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "x.json", '{"ten": "không"}'.encode("cp1258"))
    err = error([path])
    assert f"{path}:1" in str(err) and "UTF-8" in str(err)


# ------------------------------------------------------------------------------------------ CSV

def test_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "so_lieu.csv", "ten,so_luong\nHà Nội,3\n\"Trà Vinh, Việt Nam\",4\n")
    df = load_data([path])["so_lieu"]
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["ten", "so_luong"]
    assert df["ten"].tolist() == ["Hà Nội", "Trà Vinh, Việt Nam"]
    assert df["so_luong"].tolist() == [3, 4]


def test_csv_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.csv", "\ufeffđơn_vị,số\nSở Xây dựng,1\n".encode())
    df = load_data([path])["bom"]
    assert list(df.columns) == ["đơn_vị", "số"]
    assert df.iloc[0, 0] == "Sở Xây dựng"


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1"])
def test_csv_not_utf8(tmp_path: Path, encoding: str) -> None:
    content = "ten,so\nTra Vinh,1\nkhông,2\n" if encoding == "cp1258" else "ten,so\nTra Vinh,1\nà,2\n"
    raw = content.encode(encoding)
    path = write(tmp_path, "cu.csv", raw)
    err = error([path])
    text = str(err)
    offset = next(i for i, b in enumerate(raw) if b >= 0x80)
    assert f"{path}:3" in text
    assert f"vị trí {offset}" in text and "dòng 3" in text
    assert "UTF-8" in text and "lưu lại" in text


def test_csv_not_utf8_after_bom_counts_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", b"\xef\xbb\xbfa,b\nx,\xe0\n")
    assert "vị trí 9" in str(error([path]))


def test_csv_utf16(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.csv", "a,b\n1,2\n".encode("utf-16"))
    err = error([path])
    assert "UTF-16" in str(err) and str(path) in str(err)


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff"])
def test_csv_empty(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "rong.csv", content)
    err = error([path])
    assert "rỗng" in str(err) and str(path) in str(err)


def test_csv_header_only_is_an_empty_table(tmp_path: Path) -> None:
    df = load_data([write(tmp_path, "h.csv", "a,b\n")])["h"]
    assert list(df.columns) == ["a", "b"] and len(df) == 0


def test_csv_ragged_row_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "lech.csv", "ten,so\nA,1\nB,2\nC,3,4\n")
    err = error([path])
    assert f"{path}:4" in str(err)
    assert "dòng 4 có 3 trường" in str(err)


def test_csv_ragged_row_after_multiline_field(tmp_path: Path) -> None:
    path = write(tmp_path, "lech.csv", 'ten,so\n"hai\ndòng",1\nC,3,4\n')
    assert f"{path}:4" in str(error([path]))


def test_csv_unclosed_quote(tmp_path: Path) -> None:
    path = write(tmp_path, "ngoac.csv", 'ten,so\nA,1\n"B,2\nC,3\n')
    err = error([path])
    assert f"{path}:3" in str(err) and "ngoặc kép" in str(err)


# ------------------------------------------------------------------------------------------ Excel

def test_xlsx_one_sheet(tmp_path: Path) -> None:
    path = tmp_path / "Bảng 1.xlsx"
    pd.DataFrame({"ten": ["A", "B"], "so": [1, 2]}).to_excel(path, index=False, engine="openpyxl")
    df = load_data([path])["bang_1"]
    assert isinstance(df, pd.DataFrame)
    assert df.to_dict("list") == {"ten": ["A", "B"], "so": [1, 2]}


def test_xlsx_two_sheets(tmp_path: Path) -> None:
    path = tmp_path / "tong_hop.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="Số liệu", index=False)
        pd.DataFrame({"b": ["x", "y"]}).to_excel(writer, sheet_name="Ghi chú", index=False)
    data = load_data([path])
    assert list(data) == ["tong_hop", "tong_hop_so_lieu", "tong_hop_ghi_chu"]
    assert data["tong_hop"]["a"].tolist() == [1]  # the first sheet is the table
    assert data["tong_hop_so_lieu"] is data["tong_hop"]
    assert data["tong_hop_ghi_chu"]["b"].tolist() == ["x", "y"]


@pytest.mark.parametrize("content", [b"day khong phai Excel", b"PK\x03\x04 hong", b""])
def test_xlsx_corrupt(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "hong.xlsx", content)
    err = error([path])
    assert str(path) in str(err) and "Excel" in str(err)


# ------------------------------------------------------------------------------------------ files

def test_unknown_extension_lists_supported(tmp_path: Path) -> None:
    path = write(tmp_path, "ghi_chu.txt", "x")
    err = error([path])
    assert str(path) in str(err) and "'.txt'" in str(err)
    for ext in (".yaml", ".yml", ".json", ".csv", ".xlsx"):
        assert ext in str(err)


def test_xls_suggests_saving_as_xlsx(tmp_path: Path) -> None:
    assert ".xlsx" in str(error([write(tmp_path, "cu.xls", b"\xd0\xcf")]))


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    assert load_data([write(tmp_path, "A.CSV", "x\n1\n")])["a"]["x"].tolist() == [1]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "khong_co.yaml"
    err = error([path])
    assert str(path) in str(err) and "không tìm thấy" in str(err)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "so_lieu.csv"
    folder.mkdir()
    err = error([folder])
    assert str(folder) in str(err) and "thư mục" in str(err)


def test_importing_does_not_import_pandas() -> None:
    out = run_ok([sys.executable, "-c", "import baocao.data, sys; print('pandas' in sys.modules)"])
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------------------------------ parse_set

def test_parse_set_scalars() -> None:
    assert parse_set([
        "so=564", "ngay=2020-12-29", "x=true", "y=False", "ty_le=1.5", "am=-3", "q='564'", 'dq="true"',
        "ten=Lê Minh Tân", "rong=", "khong=null", "gio=2020-12-29 08:30:00",
    ]) == {
        "so": 564, "ngay": dt.date(2020, 12, 29), "x": True, "y": False, "ty_le": 1.5, "am": -3, "q": "564",
        "dq": "true", "ten": "Lê Minh Tân", "rong": "", "khong": None, "gio": dt.datetime(2020, 12, 29, 8, 30),
    }


@pytest.mark.parametrize("value", [
    "[chưa đóng", "'chưa đóng", "Báo cáo: kết quả", "a, b", "{x: 1}", "[1, 2] bản nháp", "0123", "12:30", "yes", "off",
    "#5", "Số 5 # ghi chú", "0x1F", "2020-02-30", "1.000.000", "a=b",
])
def test_parse_set_other_values_stay_raw(value: str) -> None:
    assert parse_set([f"k={value}"]) == {"k": value}


def test_parse_set_dotted_keys() -> None:
    assert parse_set(["nguoi_ky.ho_ten=Lê Minh Tân", "nguoi_ky.chuc_vu=Giám đốc", "a.b.c=1", " so = 2"]) == {
        "nguoi_ky": {"ho_ten": "Lê Minh Tân", "chuc_vu": "Giám đốc"}, "a": {"b": {"c": 1}}, "so": 2}


def test_parse_set_later_wins() -> None:
    assert parse_set(["so=1", "so=2"]) == {"so": 2}
    assert parse_set(["a.b=1", "a=2"]) == {"a": 2}
    assert parse_set(["a=1", "a.b=2"]) == {"a": {"b": 2}}


@pytest.mark.parametrize("item", ["so", "=5", " =5", "a..b=1", ".a=1", "a.=1", ""])
def test_parse_set_errors_explain_the_form(item: str) -> None:
    with pytest.raises(DataError) as info:
        parse_set([item])
    assert "khoa=gia_tri" in str(info.value)
    assert repr(item) in str(info.value)


# ------------------------------------------------------------------------------------------ merge

def test_merge_deep_and_new() -> None:
    base = {"so": 1, "nguoi_ky": {"ho_ten": "A", "chuc_vu": "Giám đốc"}, "ds": [1]}
    override = {"nguoi_ky": {"ho_ten": "B"}, "moi": {"x": 1}, "ds": [2]}
    result = merge(base, override)
    assert result == {"so": 1, "nguoi_ky": {"ho_ten": "B", "chuc_vu": "Giám đốc"}, "ds": [2], "moi": {"x": 1}}
    result["nguoi_ky"]["ho_ten"] = "C"
    result["moi"]["x"] = 2
    assert base["nguoi_ky"]["ho_ten"] == "A" and override["moi"]["x"] == 1
    assert merge({"a": {"b": 1}}, {"a": 2}) == {"a": 2}
    assert merge({"a": 2}, {"a": {"b": 1}}) == {"a": {"b": 1}}


def test_merge_files_with_set(tmp_path: Path) -> None:
    data = load_data([write(tmp_path, "vb.yaml", "so: 1\nnguoi_ky:\n  ho_ten: A\n  chuc_vu: Giám đốc\n")])
    merged = merge(data, {"vb": parse_set(["nguoi_ky.ho_ten=Lê Minh Tân"])})
    assert merged["vb"] == {"so": 1, "nguoi_ky": {"ho_ten": "Lê Minh Tân", "chuc_vu": "Giám đốc"}}
    assert data["vb"]["nguoi_ky"]["ho_ten"] == "A"


# ------------------------------------------------------------------------------------------ check_columns

def test_check_columns_ok() -> None:
    check_columns(pd.DataFrame({"a": [1], "b": [2]}), ["a", "b"], source="x.csv")
    check_columns(pd.DataFrame({"a": [1]}), [], source="x.csv")


def test_check_columns_missing() -> None:
    df = pd.DataFrame({"ten_don_vi": ["A"], "so_luong": [1], "Ghi chú": [""]})
    with pytest.raises(DataError) as info:
        check_columns(df, ["ten_don_vi", "so_luon", "ghi chu", "tong"], source="so_lieu.csv")
    text = str(info.value)
    assert text.startswith("so_lieu.csv: thiếu các cột 'so_luon', 'ghi chu', 'tong'")
    assert "'ten_don_vi', 'so_luong', 'Ghi chú'" in text
    assert "'so_luon' → có phải ý bạn là 'so_luong'?" in text
    assert "'ghi chu' → có phải ý bạn là 'Ghi chú'?" in text
    assert "'tong' →" not in text


def test_check_columns_one_missing_no_columns() -> None:
    with pytest.raises(DataError, match=r"^bang\.csv: thiếu cột 'so' \(tệp có các cột: \(không có cột nào\)"):
        check_columns(pd.DataFrame(), ["so"], source="bang.csv")


def test_semicolon_csv_with_decimal_commas(tmp_path):
    from baocao.data import load_data

    path = tmp_path / "so_lieu.csv"
    path.write_text("linh_vuc;ho_so;ty_le\nNhà ở;1.234;91,17\nVật liệu;5;100\n", encoding="utf-8")
    df = load_data([path])["so_lieu"]
    assert list(df.columns) == ["linh_vuc", "ho_so", "ty_le"]
    assert df["ho_so"].tolist() == [1234, 5] and df["ty_le"].tolist() == [91.17, 100.0]


# ------------------------------------------------------------------------------------------ names

def test_mapping_keys_are_names_too(tmp_path: Path) -> None:
    """The README's template uses ``ho_so`` and ``ty_le``; a user puts them in data.yaml."""
    path = write(tmp_path, "data.yaml", "ho_so: 1200\nty_le: 91.17\nSố liệu: 3\nclass: 1\ndata: 2\n")
    data = load_data([path])
    assert data["ho_so"] == 1200 and data["ty_le"] == 91.17
    assert data["data"]["data"] == 2  # a key named like its own file stays inside it
    assert "class" not in data and "Số liệu" not in data  # not usable as names: only through data[…]
    assert data["data"]["Số liệu"] == 3


@pytest.mark.parametrize(("files", "both"), [
    ({"a.yaml": "so: 1\n", "b.json": '{"so": 2}'}, ("a.yaml", "b.json")),
    ({"a.yaml": "b: 1\n", "b.csv": "x\n1\n"}, ("b.csv", "a.yaml")),
])
def test_a_name_from_two_files_is_an_error_naming_both(tmp_path: Path, files, both) -> None:
    paths = [write(tmp_path, name, text) for name, text in files.items()]
    message = str(error(paths))
    for name in both:
        assert name in message
    assert "cùng cho tên biến" in message


def test_yaml_keeps_what_was_typed_as_text(tmp_path: Path) -> None:
    """YAML 1.1 would read 0564 as the octal 372, 0123 as 83 and 12:30 as 750 (base 60)."""
    path = write(tmp_path, "o.yaml",
                 "so: 0564\nma: 0123\ngio: 12:30\nx: 1:30.5\nh: 0x1F\nn: 0\nm: -7\nk: 564\nf: 0.5\n")
    assert load_data([path])["o"] == {"so": "0564", "ma": "0123", "gio": "12:30", "x": "1:30.5", "h": "0x1F",
                                      "n": 0, "m": -7, "k": 564, "f": 0.5}
    assert parse_set(["so=0564", "gio=12:30"]) == {"so": "0564", "gio": "12:30"}


def test_a_number_with_a_leading_zero_in_the_front_matter(tmp_path: Path) -> None:
    from conftest import HEAD

    import baocao

    tpl = write(tmp_path, "t.md.j2", HEAD.replace("so: 564", "so: 0564") + "Nội dung.\n")
    assert baocao.render(tpl).so == 564  # not the octal 372
