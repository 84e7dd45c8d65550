"""What users type on the command line and put in data files reaches the document (issue 14):
``--set`` overrides front matter and merges into data, mapping keys are names, an Excel file's
first sheet is its table, a batch unit's rows stay reachable, a missing name says which."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import HEAD, open_docx, texts, write

import baocao
from baocao import BaoCaoWarning, TemplateError
from baocao.cli import main


def header_cells(path: Path) -> list[str]:
    import docx

    d = docx.Document(str(path))
    return [c.text for row in d.tables[0].rows for c in row.cells]


def signer(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    return d.tables[-1].rows[0].cells[-1].text


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder template reading ``du_lieu.yaml``, whose front matter uses the data."""
    f = tmp_path / "mau"
    f.mkdir()
    write(f, "bao_cao.md.j2", HEAD.replace("trich_yeu: Tổng kết năm 2020", "trich_yeu: Tổng kết năm {{ du_lieu.nam }}")
          + "Công văn số {{ du_lieu.so_cv }} năm {{ du_lieu.nam }}.\n")
    write(f, "du_lieu.yaml", "so_cv: 5\nnam: 2020\n")
    return f


def render_cli(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out.docx"
    assert main(["render", *args, "-o", str(out)]) == 0
    return out


def test_set_overrides_front_matter_fields(folder, tmp_path):
    """The README's own example: --set so=…, --set trich_yeu=…, --set nguoi_ky.ho_ten=…"""
    out = render_cli(tmp_path, str(folder), "--set", "so=99", "--set", "trich_yeu=Kết quả mới",
                     "--set", "nguoi_ky.ho_ten=Trần Văn B")
    cells = header_cells(out)
    assert any(c.startswith("Số: 99/BC-SXD") for c in cells), cells
    paras = [p.text for p in __import__("docx").Document(str(out)).paragraphs]
    assert "Kết quả mới" in paras
    assert signer(out).split("\n")[-1] == "Trần Văn B"
    assert "GIÁM ĐỐC" in signer(out)  # the rest of nguoi_ky kept


def test_set_merges_into_a_data_file(folder, tmp_path):
    out = render_cli(tmp_path, str(folder), "--set", "du_lieu.so_cv=8")
    body = [p.text for p in __import__("docx").Document(str(out)).paragraphs]
    assert any("Công văn số 8 năm 2020" in p for p in body), body  # nam kept from the file


def test_set_of_a_name_used_nowhere_warns(folder, tmp_path, capsys):
    render_cli(tmp_path, str(folder), "--set", "nam_moi=1", "--set", "du_lieu.so_c=8")
    err = capsys.readouterr().err
    assert "--set nam_moi" in err and "--set du_lieu.so_c" in err and "so_cv" in err


def test_set_used_nowhere_is_an_error_when_strict(folder):
    with pytest.raises(TemplateError, match="nam_moi"):
        baocao.render(folder, strict=True, overrides={"nam_moi": 1})


def test_set_inside_a_table_or_number_is_an_error(folder, tmp_path, capsys):
    write(folder, "bang.csv", "a,b\n1,2\n")
    assert main(["render", str(folder), "-o", str(tmp_path / "x.docx"), "--set", "bang.a=3"]) == 1
    err = capsys.readouterr().err
    assert "bang" in err and "một bảng" in err
    assert not (tmp_path / "x.docx").exists()


def test_set_unknown_signer_field_names_the_close_one(folder, tmp_path, capsys):
    assert main(["render", str(folder), "-o", str(tmp_path / "x.docx"), "--set", "nguoi_ky.ten=A"]) == 1
    assert "'ten'" in capsys.readouterr().err


def test_python_render_overrides(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vb = baocao.render(folder, overrides={"so": 7, "nguoi_ky": {"chuc_vu": "Phó Giám đốc"},
                                              "du_lieu": {"nam": 2021}})
    assert vb.so == 7 and vb.nguoi_ky.chuc_vu == ["Phó Giám đốc"] and vb.nguoi_ky.ho_ten == "Lê Minh Tân"
    assert vb.trich_yeu == "Tổng kết năm 2021"


# ------------------------------------------------------------------------------- names in data files

README_BODY = "Đã tiếp nhận {{ ho_so | so }} hồ sơ, số {{ so }}, đạt {{ ty_le | phan_tram }}.\n"


def test_mapping_file_keys_are_top_level_names(tmp_path):
    tpl = write(tmp_path, "mau.md.j2", HEAD + README_BODY)
    data = write(tmp_path, "data.yaml", "ho_so: 6243886\nso: 12\nty_le: 91.17\n")
    out = render_cli(tmp_path, str(tpl), "-d", str(data))
    paras = texts(__import__("docx").Document(str(out)))
    assert any("Đã tiếp nhận 6.243.886 hồ sơ, số 12, đạt 91,17%" in p for p in paras), paras


def test_the_same_name_from_two_files_is_an_error_naming_both(tmp_path, capsys):
    tpl = write(tmp_path, "mau.md.j2", HEAD + README_BODY)
    a = write(tmp_path, "a.yaml", "ho_so: 1\n")
    b = write(tmp_path, "b.json", '{"ho_so": 2}')
    assert main(["render", str(tpl), "-d", str(a), "-d", str(b), "-o", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err
    assert "a.yaml" in err and "b.json" in err and "ho_so" in err


def test_a_missing_name_points_into_the_data(tmp_path):
    tpl = write(tmp_path, "mau.md.j2", HEAD + "{{ ty_le | phan_tram }} và {{ so_ho_so }}\n")
    with pytest.raises(TemplateError) as err:
        baocao.render(tpl, {"data": {"ty_le": 91.17}, "bang": pd.DataFrame({"so_ho_so": [1]})})
    assert "không có dữ liệu 'ty_le'" in str(err.value) and "data.ty_le" in str(err.value)
    with pytest.raises(TemplateError) as err:
        baocao.render(tpl, {"ty_le": 91.17, "bang": pd.DataFrame({"so_ho_so": [1]})})
    assert "không có dữ liệu 'so_ho_so'" in str(err.value) and "cột" in str(err.value)


@pytest.mark.parametrize("use", ["{{ ho_so | so }}", "{{ ho_so | phan_tram }}", "{{ ngay(ho_so) }}",
                                 "{{ table(ho_so) }}", "{{ ho_so | round }}", "{{ so_sanh(ho_so, 1) }}"])
def test_a_missing_name_through_a_filter_or_function_says_it_is_missing(tmp_path, use):
    tpl = write(tmp_path, "mau.md.j2", HEAD + use + "\n")
    with pytest.raises(TemplateError) as err:
        baocao.render(tpl)
    assert "không có dữ liệu 'ho_so'" in str(err.value), str(err.value)
    assert "Undefined" not in str(err.value) and err.value.line == 14


def test_default_filter_still_takes_a_missing_name(tmp_path):
    tpl = write(tmp_path, "mau.md.j2", HEAD + "Giá trị: {{ ho_so | default('chưa có') }}\n")
    assert "Giá trị: chưa có" in " ".join(texts(open_docx(baocao.render(tpl))))


# ------------------------------------------------------------------------------- Excel sheets

def test_first_sheet_is_the_table_and_other_sheets_by_name(tmp_path):
    book = tmp_path / "doi_tuong.xlsx"
    with pd.ExcelWriter(book) as xl:
        pd.DataFrame({"ho_ten": [f"Người {i}" for i in range(85)]}).to_excel(xl, sheet_name="Danh sách", index=False)
        pd.DataFrame({"ghi_chu": ["a", "b"]}).to_excel(xl, sheet_name="Ghi chú", index=False)
    tpl = write(tmp_path, "mau.md.j2", HEAD + "Có {{ doi_tuong | length }} người, "
                                               "{{ doi_tuong_ghi_chu | length }} ghi chú.\n")
    out = render_cli(tmp_path, str(tpl), "-d", str(book))
    assert any("Có 85 người, 2 ghi chú." in p for p in texts(__import__("docx").Document(str(out))))


# ------------------------------------------------------------------------------- batches

def test_each_by_the_tables_own_name_keeps_the_rows(tmp_path):
    """README: --each don-vi.xlsx --by don_vi — don_vi is the unit, rows its rows."""
    book = tmp_path / "don-vi.xlsx"
    pd.DataFrame({"don_vi": ["Xã A", "Xã A", "Xã B"], "linh_vuc": ["Đất đai", "Hộ tịch", "Đất đai"],
                  "so_ho_so": [10, 20, 5]}).to_excel(book, index=False)
    tpl = write(tmp_path, "mau.md.j2", HEAD + "Đơn vị {{ don_vi }} có {{ rows | length }} dòng.\n\n"
                                               "{{ table(rows, total=True) }}\n")
    out = tmp_path / "ra"
    assert main(["render", str(tpl), "--each", str(book), "--by", "don_vi", "-o", str(out / "{don_vi}.docx"),
                 "-j", "1"]) == 0
    import docx

    a = docx.Document(str(out / "Xã A.docx"))
    assert any("Đơn vị Xã A có 2 dòng." in p for p in texts(a))
    body_tables = [t for t in a.tables[1:-1]]
    assert [c.text for c in body_tables[0].rows[-1].cells][-1] == "30"


def test_table_of_the_unit_key_says_to_use_rows(tmp_path, capsys):
    book = tmp_path / "don-vi.csv"
    book.write_text("don_vi,so\nXã A,1\n", encoding="utf-8")
    tpl = write(tmp_path, "mau.md.j2", HEAD + "{{ table(don_vi) }}\n")
    assert main(["render", str(tpl), "--each", str(book), "--by", "don_vi", "-o",
                 str(tmp_path / "{don_vi}.docx"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "table(rows)" in err and "'Xã A'" in err


def test_warning_class_is_baocao_warning(folder):
    with pytest.warns(BaoCaoWarning, match="nam_moi"):
        baocao.render(folder, overrides={"nam_moi": 1})


# ------------------------------------------------------------------------------- numbers printed raw

@pytest.mark.parametrize(("value", "printed", "warned"), [
    (91.17, "91,17", "91,17"), (50.0, "50", None), (1234.5, "1.234,5", "1.234,5"), (2024, "2024", None),
    (6243886, "6243886", "6.243.886"), (0.1 + 0.2, "0,3", "0,3"),
])
def test_a_number_printed_without_a_filter(tmp_path, value, printed, warned):
    tpl = write(tmp_path, "mau.md.j2", HEAD + "Một.\n\nGiá trị {{ x }} và {{ x }}.\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vb = baocao.render(tpl, x=value)
    assert "".join(r.text for r in vb.blocks[1].text) == f"Giá trị {printed} và {printed}."
    said = [str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning)]
    if warned is None:
        assert not said
    else:
        assert len(said) == 1 and "mau.md.j2:16:" in said[0] and warned in said[0]  # once per line


def test_a_missing_number_printed_is_an_error(tmp_path):
    tpl = write(tmp_path, "mau.md.j2", HEAD + "Giá trị {{ x }}.\n")
    with pytest.raises(TemplateError, match="thiếu số liệu") as err:
        baocao.render(tpl, x=float("nan"))
    assert err.value.line == 14


def test_a_fraction_printed_raw_is_an_error_when_strict(tmp_path):
    tpl = write(tmp_path, "mau.md.j2", HEAD + "Giá trị {{ x }}.\n")
    with pytest.raises(TemplateError, match="91,17"):
        baocao.render(tpl, x=91.17, strict=True)



def test_what_a_number_or_filter_says_names_the_file_it_is_in(tmp_path, monkeypatch):
    """A number printed raw, a missing number and a filter's warning name the file and line they
    are on: the rendered template, the file it includes, or the base it extends."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "phan.md.j2", "Đoạn một.\n\nCó {{ a }} hồ sơ và {{ r | phan_tram }}.\n")
    write(tmp_path, "goc.md.j2", HEAD + "Mở đầu {{ b }}.\n\n{% block noi_dung %}{% endblock %}\n")
    main = write(tmp_path, "mau.md.j2", HEAD + "Một.\n\n{% include 'phan.md.j2' %}\n\nTổng {{ c }}.\n")
    child = write(tmp_path, "con.md.j2", "{% extends 'goc.md.j2' %}{% block noi_dung %}\n"
                                         "{% include 'phan.md.j2' %}\n{% endblock %}\n")
    for tpl, said in ((main, {"12345": "phan.md.j2:3", "0.9117": "phan.md.j2:3", "67890": "mau.md.j2:18"}),
                      (child, {"12345": "phan.md.j2:3", "0.9117": "phan.md.j2:3", "55555": "goc.md.j2:14"})):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            baocao.render(tpl, a=12345, r=0.9117, b=55555, c=67890)
        texts = [str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning)]
        for number, where in said.items():
            assert [t.split(": ", 1)[0] for t in texts if number in t] == [where], texts
        with pytest.raises(TemplateError, match="12345") as refused:
            baocao.render(tpl, a=12345, r=0.5, b=1, c=1, strict=True)
        assert (refused.value.template, refused.value.line) == ("phan.md.j2", 3)
        with pytest.raises(TemplateError, match="thiếu số liệu") as missing:
            baocao.render(tpl, a=float("nan"), r=0.5, b=1, c=1)
        assert (missing.value.template, missing.value.line) == ("phan.md.j2", 3)



def test_numbers_printed_raw_in_the_front_matter_name_their_own_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    head = HEAD.replace("so: 564", 'so: "{{ a }}"').replace("trich_yeu: Tổng kết năm 2020",
                                                            "trich_yeu: Tỷ lệ {{ x }}% và {{ y }} hồ sơ")
    tpl = write(tmp_path, "mau.md.j2", head + "Có {{ b }} hồ sơ.\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        baocao.render(tpl, a=12345, x=91.17, y=67890, b=55555)
    said = sorted(str(w.message).split(" in thẳng")[0] for w in caught if issubclass(w.category, BaoCaoWarning))
    assert said == ["mau.md.j2:14: số 55555", "mau.md.j2:4: số 12345", "mau.md.j2:7: số 91.17"]  # once a line



def test_a_base_template_s_front_matter_fields_name_the_base(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "goc.md.j2", HEAD.replace("trich_yeu: Tổng kết năm 2020", "trich_yeu: Tỷ lệ {{ x }}%")
          + "{% block noi_dung %}{% endblock %}\n")
    child = write(tmp_path, "con.md.j2", "---\nso: 12\ndia_danh: Trà Vinh\nngay: 2020-12-29\nkinh_gui: Sở Nội vụ\n"
                                         'noi_nhan: [Như trên]\nco_quan: "Sở {{ y }}"\n---\n{% extends "goc.md.j2" %}'
                                         "{% block noi_dung %}Một.{% endblock %}\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vb = baocao.render(child, x=91.17, y=12345)
    said = sorted(str(w.message).split(" in thẳng")[0] for w in caught if issubclass(w.category, BaoCaoWarning))
    assert said == ["con.md.j2:7: số 12345", "goc.md.j2:7: số 91.17"]  # the same line number, each its file
    assert vb.trich_yeu == "Tỷ lệ 91,17%" and vb.co_quan == "Sở 12345"
    for strict, x in ((True, 91.17), (False, float("nan"))):
        with pytest.raises(TemplateError) as refused:
            baocao.render(child, x=x, y=1, strict=strict)
        assert (refused.value.template, refused.value.line) == ("goc.md.j2", 7)



def test_a_base_template_s_field_checks_name_the_base(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = write(tmp_path, "goc.md.j2", HEAD.replace("trich_yeu: Tổng kết năm 2020", "trich_yeu: Tổng kết năm 2020.")
                 + "{% block noi_dung %}{% endblock %}\n")
    child = write(tmp_path, "con.md.j2", '---\nso: 12\n---\n{% extends "goc.md.j2" %}{% block noi_dung %}Một.'
                                         "{% endblock %}\n")
    with pytest.warns(BaoCaoWarning, match=r"^goc\.md\.j2:7: trich_yeu: bỏ dấu '\.'"):
        baocao.render(child)
    with pytest.raises(TemplateError) as refused:
        baocao.render(child, strict=True)
    assert (refused.value.template, refused.value.line) == ("goc.md.j2", 7)
    base.write_text(base.read_text(encoding="utf-8").replace("  chuc_vu: Giám đốc\n", "  chuc_vu: Giám đốc\n"
                                                             "  quyen_han: XX.\n"), encoding="utf-8")
    with pytest.raises(TemplateError, match="quyen_han") as wrong:
        baocao.render(child)
    assert (wrong.value.template, wrong.value.line) == ("goc.md.j2", 13)
    with pytest.raises(TemplateError, match="quyen_han") as own:  # the template's own field: its own name
        baocao.render(base)
    assert (own.value.template, own.value.line) == ("goc.md.j2", 13)


def test_a_fraction_in_the_front_matter_is_written_the_vietnamese_way(tmp_path):
    tpl = write(tmp_path, "mau.md.j2", HEAD.replace("trich_yeu: Tổng kết năm 2020", "trich_yeu: Tỷ lệ {{ x }}%")
                + "Một.\n")
    with pytest.warns(BaoCaoWarning, match="91,17"):
        assert baocao.render(tpl, x=91.17).trich_yeu == "Tỷ lệ 91,17%"
