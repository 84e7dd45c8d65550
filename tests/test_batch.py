"""Batch rendering: one document per unit, in parallel, with failures collected."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from conftest import needs_office, pdf_text

from baocao import DataError, OutputError, TemplateError
from baocao.batch import BatchResult, render_many
from baocao.cli import main

TEMPLATE = """---
loai: bao_cao
co_quan_chu_quan: UBND tỉnh Trà Vinh
co_quan: "{{ don_vi }}"
viet_tat_co_quan: "{{ viet_tat }}"
so: "{{ so }}"
dia_danh: Trà Vinh
ngay: 2024-04-05
trich_yeu: "Kết quả giải quyết hồ sơ quý I năm 2024"
kinh_gui: Ủy ban nhân dân tỉnh Trà Vinh
nguoi_ky:
  ho_ten: "{{ thu_truong }}"
  chuc_vu: Giám đốc
---
# Kết quả

{{ don_vi }} tiếp nhận {{ tiep_nhan | so }} hồ sơ, đúng hạn {{ dung_han | so }} hồ sơ, \
đạt {{ (dung_han / tiep_nhan * 100) | phan_tram }}; kỳ {{ ky }}.
"""


def _units(n: int) -> list[dict]:
    return [{"don_vi": f"Sở Ngành số {i}", "viet_tat": f"SN{i}", "so": i, "thu_truong": f"Nguyễn Văn {i}",
             "tiep_nhan": 1000 + i * 37, "dung_han": 990 + i * 37} for i in range(1, n + 1)]


@pytest.fixture
def job(tmp_path) -> tuple[Path, Path]:
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TEMPLATE, encoding="utf-8")
    table = tmp_path / "don_vi.csv"
    _write_csv(table, _units(240))
    return tpl, table


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _body(path: Path) -> str:
    d = docx.Document(str(path))
    return "\n".join(p.text for p in d.paragraphs)


def test_240_units_in_parallel_every_file_checked(job, tmp_path):
    tpl, table = job
    result = render_many(tpl, table, by="don_vi", output=str(tmp_path / "out" / "{stt:03d} {don_vi}.docx"),
                         data={"ky": "quý I/2024"}, workers=2, progress=False)
    assert isinstance(result, BatchResult) and result.ok
    assert len(result.written) == 240 and str(result) == "240 văn bản đã ghi, 0 lỗi"
    files = sorted((tmp_path / "out").iterdir())
    assert len(files) == 240
    for unit, path in zip(_units(240), sorted(files, key=lambda p: int(p.name[:3])), strict=True):
        i = unit["so"]
        assert path.name == f"{i:03d} Sở Ngành số {i}.docx"
        d = docx.Document(str(path))
        header = d.tables[0]
        assert header.cell(0, 0).text.split("\n")[1] == f"SỞ NGÀNH SỐ {i}"
        assert header.cell(1, 0).text == f"Số: {i:02d}/BC-SN{i}"
        body = "\n".join(p.text for p in d.paragraphs)
        rate = (990 + i * 37) / (1000 + i * 37) * 100
        assert f"Sở Ngành số {i} tiếp nhận {1000 + i * 37:,} hồ sơ".replace(",", ".") in body
        assert f"{rate:.2f}".replace(".", ",") + "%; kỳ quý I/2024" in body
        assert f"Nguyễn Văn {i}" in d.tables[-1].cell(0, 1).text


def test_units_with_many_rows_get_their_rows_as_a_table(tmp_path):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: \"{{ don_vi }}\"\nviet_tat_co_quan: X\ndia_danh: Trà Vinh\nngay: 2024-04-05\n"
                   "trich_yeu: Hồ sơ\n---\n{{ ho_so | length }} lĩnh vực, {{ ho_so.so_luong.sum() | so }} hồ sơ.\n\n"
                   "{{ table(ho_so[['linh_vuc', 'so_luong']], stt=True, total=True) }}\n", encoding="utf-8")
    rows = [{"don_vi": d, "linh_vuc": f"Lĩnh vực {k}", "so_luong": 1000 * k + j}
            for j, d in enumerate(["Huyện A", "Huyện B", "Huyện C"]) for k in range(1, 4 + j)]
    result = render_many(tpl, pd.DataFrame(rows), by="don_vi", name="ho_so", output=str(tmp_path / "{don_vi}.docx"),
                         workers=1, progress=False)
    assert result.ok
    for j, d in enumerate(["Huyện A", "Huyện B", "Huyện C"]):
        doc = docx.Document(str(tmp_path / f"{d}.docx"))
        total = sum(1000 * k + j for k in range(1, 4 + j))
        shown = f"{total:,}".replace(",", ".")
        assert f"{3 + j} lĩnh vực, {shown} hồ sơ." in "\n".join(p.text for p in doc.paragraphs)
        data_table = doc.tables[1]
        assert len(data_table.rows) == 1 + (3 + j) + 1  # header, rows, Tổng cộng
        assert data_table.rows[-1].cells[-1].text == shown


def test_one_failing_unit_does_not_stop_the_others(job, tmp_path, capsys):
    tpl, _ = job
    units = _units(12)
    units[4]["tiep_nhan"] = 0  # division by zero in the template
    units[8]["so"] = -3  # not a document number
    table = tmp_path / "loi.csv"
    _write_csv(table, units)
    out = tmp_path / "out"
    code = main(["render", str(tpl), "--each", str(table), "--by", "don_vi", "--set", "ky=quý I",
                 "-o", str(out / "{don_vi}.docx"), "-j", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(list(out.iterdir())) == 10
    assert not (out / "Sở Ngành số 5.docx").exists() and not (out / "Sở Ngành số 9.docx").exists()
    assert "Sở Ngành số 5 →" in err and "chia cho 0" in err and "mau.md.j2:17" in err
    assert "Sở Ngành số 9 →" in err and "số văn bản" in err
    assert "10 văn bản đã ghi, 2 lỗi" in err
    assert "Traceback" not in err


def test_a_unit_whose_template_runs_too_long_fails_alone(tmp_path):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text(TEMPLATE + "{% if don_vi == 'Sở Ngành số 2' %}{% for i in range(10**5) %}"
                              "{% for j in range(10**5) %}{% endfor %}{% endfor %}{% endif %}\n", encoding="utf-8")
    table = tmp_path / "don_vi.csv"
    _write_csv(table, _units(4))
    result = render_many(tpl, table, by="don_vi", output=str(tmp_path / "out" / "{stt}.docx"), data={"ky": "I"},
                         workers=2, progress=False, timeout=1)
    assert len(result.written) == 3 and [u.unit for u in result.failed] == ["Sở Ngành số 2"]
    assert "quá 1 giây" in (result.failed[0].error or "")


def test_rerun_completes_only_what_is_missing(job, tmp_path):
    tpl, table = job
    out = tmp_path / "out"
    pattern = str(out / "{viet_tat}.docx")
    first = render_many(tpl, table, by="don_vi", output=pattern, data={"ky": "I"}, workers=2, progress=False)
    assert len(first.written) == 240
    kept = {p.name: p.stat().st_mtime_ns for p in sorted(out.iterdir())[:100]}
    for p in sorted(out.iterdir())[100:]:
        p.unlink()  # as if the batch had been stopped after 100 units
    again = render_many(tpl, table, by="don_vi", output=pattern, data={"ky": "I"}, workers=2, progress=False,
                        skip_existing=True)
    assert (len(again.skipped), len(again.written)) == (100, 140)
    assert str(again) == "140 văn bản đã ghi, 0 lỗi, 100 đã có (bỏ qua)"
    assert len(list(out.iterdir())) == 240
    assert {n: (out / n).stat().st_mtime_ns for n in kept} == kept  # not rewritten


def test_same_input_same_bytes(job, tmp_path):
    tpl, table = job
    a = render_many(tpl, table, by="don_vi", output=str(tmp_path / "a" / "{stt}.docx"), data={"ky": "I"},
                    workers=2, progress=False)
    b = render_many(tpl, table, by="don_vi", output=str(tmp_path / "b" / "{stt}.docx"), data={"ky": "I"},
                    workers=1, progress=False)
    assert a.ok and b.ok
    for x, y in zip(a.units, b.units, strict=True):
        assert x.path.read_bytes() == y.path.read_bytes()


def test_file_names_from_data_are_made_safe(tmp_path):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: \"{{ don_vi }}\"\nviet_tat_co_quan: X\ndia_danh: Trà Vinh\nngay: 2024-04-05\n"
                   "trich_yeu: T\n---\nA.\n", encoding="utf-8")
    units = [{"don_vi": "Phòng Tài chính/Kế hoạch"}, {"don_vi": "..\\..\\etc"}, {"don_vi": "Sở: \"Y tế\"?"}]
    result = render_many(tpl, units, by="don_vi", output=str(tmp_path / "out" / "{don_vi}.docx"), workers=1,
                         progress=False)
    assert result.ok
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        sorted(["Phòng Tài chính_Kế hoạch.docx", "_.._etc.docx", "Sở_ _Y tế__.docx"])


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"by": "donvi"}, DataError, "không có cột 'donvi'.*ý bạn là 'don_vi'"),
    ({"output": "{viet_tat}-x.docx", "each": [{"don_vi": "A", "viet_tat": "X"}, {"don_vi": "B", "viet_tat": "X"}]},
     OutputError, "hai đơn vị 'A' và 'B' cùng ghi vào"),
    ({"output": "bao-cao.docx"}, OutputError, "không có {tên cột}"),
    ({"output": "{ten}.docx"}, OutputError, "tên không biết: ten"),
    ({"output": "{don_vi"}, OutputError, "không hợp lệ"),
    ({"output": "{don_vi}.txt"}, OutputError, r"\.docx hoặc \.pdf"),
    ({"each": [{"don_vi": "A"}, {"don_vi": " "}, {"don_vi": None}]}, DataError, "để trống ở dòng 3, 4"),
    ({"each": []}, DataError, "cần một bảng|không có dòng"),
    ({"each": 42}, DataError, "cần một bảng"),
])
def test_problems_found_before_anything_is_written(job, tmp_path, kwargs, error, message):
    tpl, table = job
    args = {"each": table, "by": "don_vi", "output": "{don_vi}.docx", "progress": False, "workers": 1, **kwargs}
    args["output"] = str(tmp_path / "out" / args["output"])
    with pytest.raises(error, match=message):
        render_many(tpl, args.pop("each"), **args)
    assert not (tmp_path / "out").exists()


def test_output_over_an_input_is_refused(job, tmp_path):
    tpl, table = job
    (tmp_path / "x.docx").symlink_to(table)
    units = [{"don_vi": "x"}]
    with pytest.raises(OutputError, match="trùng tệp vào"):
        render_many(tmp_path, units, by="don_vi", output=str(tmp_path / "{don_vi}.docx"), progress=False)
    assert table.read_text(encoding="utf-8").startswith("don_vi,")


def test_excel_with_several_sheets_must_say_which(job, tmp_path):
    tpl, _ = job
    book = tmp_path / "nhieu.xlsx"
    with pd.ExcelWriter(book) as xl:
        pd.DataFrame(_units(2)).to_excel(xl, sheet_name="A", index=False)
        pd.DataFrame(_units(2)).to_excel(xl, sheet_name="B", index=False)
    with pytest.raises(DataError, match="nhiều trang tính: A, B"):
        render_many(tpl, book, by="don_vi", output=str(tmp_path / "{don_vi}.docx"), progress=False)


def test_excel_units_and_cli_default_names(job, tmp_path, monkeypatch, capsys):
    tpl, _ = job
    book = tmp_path / "cac_don_vi.xlsx"  # (named don_vi.xlsx, its table would hide the column don_vi)
    pd.DataFrame(_units(3)).to_excel(book, index=False)
    monkeypatch.chdir(tmp_path)
    assert main(["render", str(tpl), "--each", str(book), "--by", "viet_tat", "--set", "ky=I", "-j", "1"]) == 0
    assert sorted(p.name for p in tmp_path.glob("mau-*.docx")) == ["mau-SN1.docx", "mau-SN2.docx", "mau-SN3.docx"]
    assert "3 văn bản đã ghi, 0 lỗi" in capsys.readouterr().err


def test_cli_each_needs_by(job, capsys):
    tpl, table = job
    with pytest.raises(SystemExit) as exit_:
        main(["render", str(tpl), "--each", str(table)])
    assert exit_.value.code == 2 and "--each và --by" in capsys.readouterr().err


def test_template_errors_before_rendering_name_the_template(tmp_path):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: A\n---\n{% if %}\n", encoding="utf-8")
    result = render_many(tpl, [{"don_vi": "A"}, {"don_vi": "B"}], by="don_vi", output=str(tmp_path / "{don_vi}.docx"),
                         workers=1, progress=False)
    assert [u.unit for u in result.failed] == ["A", "B"]
    assert "mau.md.j2:4" in result.failed[0].error


def test_progress_bar_on_request(job, tmp_path, capsys):
    tpl, _ = job
    render_many(tpl, _units(3), by="don_vi", output=str(tmp_path / "{stt}.docx"), data={"ky": "I"}, workers=1,
                progress=True)
    assert "3/3" in capsys.readouterr().err


def test_memory_stays_flat_over_many_units(job, tmp_path):
    tpl, _ = job

    def peak(n: int) -> int:
        tracemalloc.start()
        render_many(tpl, _units(n), by="don_vi", output=str(tmp_path / f"m{n}" / "{stt}.docx"), data={"ky": "I"},
                    workers=1, progress=False)
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size

    peak(5)  # warm caches (compiled template, fonts metrics)
    small, large = peak(40), peak(400)
    assert large < small * 1.5 + 2_000_000, (small, large)


@needs_office
def test_pdf_per_unit(job, tmp_path):
    tpl, _ = job
    result = render_many(tpl, _units(3), by="don_vi", output=str(tmp_path / "{viet_tat}.docx"), data={"ky": "I"},
                         pdf=True, workers=2, progress=False)
    assert result.ok
    for i in (1, 2, 3):
        assert zipfile.is_zipfile(io.BytesIO((tmp_path / f"SN{i}.docx").read_bytes()))
        assert f"Số: 0{i}/BC-SN{i}" in pdf_text(tmp_path / f"SN{i}.pdf")


def test_strict_turns_warnings_into_unit_errors(tmp_path):
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: \"{{ don_vi }}\"\nviet_tat_co_quan: X\ndia_danh: Trà Vinh\nngay: 2024-04-05\n"
                   "trich_yeu: T\n---\n# I. Đã đánh số tay\n\nA.\n", encoding="utf-8")
    loose = render_many(tpl, [{"don_vi": "A"}], by="don_vi", output=str(tmp_path / "a" / "{don_vi}.docx"),
                        workers=1, progress=False)
    assert loose.ok and loose.units[0].warnings
    strict = render_many(tpl, [{"don_vi": "A"}], by="don_vi", output=str(tmp_path / "b" / "{don_vi}.docx"),
                         workers=1, progress=False, strict=True)
    assert not strict.ok and "mau.md.j2:8" in strict.failed[0].error


def test_render_error_types_are_ours(tmp_path):
    """A unit's error text comes from our error classes (file:line), not a traceback."""
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("---\nco_quan: A\nviet_tat_co_quan: X\ndia_danh: T\nngay: 2024-04-05\ntrich_yeu: T\n---\n"
                   "{{ khong_co }}\n", encoding="utf-8")
    result = render_many(tpl, [{"don_vi": "A"}], by="don_vi", output=str(tmp_path / "{don_vi}.docx"), workers=1,
                         progress=False)
    assert "mau.md.j2:8" in result.failed[0].error and "khong_co" in result.failed[0].error
    with pytest.raises(TemplateError):
        from baocao import render

        render(tpl)


def test_interrupted_batch_leaves_whole_files_and_a_rerun_completes_it(job, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    tpl, _ = job
    table = tmp_path / "nhieu.csv"
    _write_csv(table, _units(3000))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "baocao", "render", str(tpl), "--each", str(table), "--by", "don_vi",
               "--set", "ky=I", "-o", str(out / "{viet_tat}.docx"), "-j", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.is_dir() or len(list(out.iterdir())) < 50):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--skip-existing" in err and "Traceback" not in err
    done = sorted(out.iterdir())
    assert 50 <= len(done) < 3000
    assert not [p for p in done if p.name.startswith(".")]  # no temporary files left
    for p in done:
        docx.Document(str(p))  # every file is whole
    rerun = subprocess.run(command + ["--skip-existing"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{3000 - len(done)} văn bản đã ghi, 0 lỗi, {len(done)} đã có (bỏ qua)" in rerun.stderr
    assert len(list(out.iterdir())) == 3000
