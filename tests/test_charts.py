"""Charts (baocao.charts): PNG size and determinism, Vietnamese text and numbers, data checks."""

from __future__ import annotations

import re
import struct
import sys
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from baocao import LAYOUT, BaoCaoError, DataError, charts
from baocao.charts import CHU_VIET, KIEU, bieu_do, khoi_bieu_do, phong_chu, so_le_truc, so_truc

LINH_VUC = pd.DataFrame({
    "Lĩnh vực": ["Hoạt động xây dựng", "Nhà ở và thị trường bất động sản", "Quy hoạch, kiến trúc", "Vật liệu xây dựng"],
    "Năm 2019": [1245, 13, 6243.886, 7],
    "Năm 2020": [1420, 21, 7011.5, 3],
})
NAM = pd.DataFrame({"Năm": [2018, 2019, 2020, 2021], "Tỷ lệ hài lòng": [85.5, 88.02, 91.1724, 95.0],
                    "Tỷ lệ đúng hạn": [80.1, 84.25, 93.5, 97.25]})
CO_CAU = {"Nhà ở": 13, "Hoạt động xây dựng": 45, "Quy hoạch, kiến trúc": 20, "Vật liệu xây dựng": 2}

CASES = {
    "cot": dict(data=LINH_VUC, y="Năm 2020", y_label="Số hồ sơ"),
    "cot_ngang": dict(data=LINH_VUC, x_label="Số hồ sơ"),
    "duong": dict(data=NAM, phan_tram=True, decimals=2, x_label="Năm"),
    "tron": dict(data=CO_CAU, decimals=1),
}


def png_info(png: bytes) -> tuple[int, int, float | None, dict[bytes, bytes]]:
    """(width px, height px, dpi from pHYs or None, text chunks) of a PNG, read with struct."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, width, height, dpi, texts = 8, 0, 0, None, {}
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", png[pos + 8 + length:pos + 12 + length])[0]
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"pHYs":
            ppx, _, unit = struct.unpack(">IIB", body)
            dpi = ppx * 0.0254 if unit == 1 else None
        elif kind in (b"tEXt", b"iTXt", b"zTXt"):
            key, _, value = body.partition(b"\0")
            texts[key] = value
        pos += 12 + length
        if kind == b"IEND":
            break
    return width, height, dpi, texts


def px(mm: float, dpi: int) -> int:
    return round(mm / 25.4 * dpi)


# ---------------------------------------------------------------------------------- numbers (no matplotlib)


def test_tick_formatter_writes_vietnamese_numbers():
    assert so_truc(6243886) == "6.243.886"
    assert so_truc(85.5, 1) == "85,5"
    assert so_truc(-1234.5, 1) == "-1.234,5"
    assert so_truc(0.30000000000000004, 1) == "0,3"  # no float artefacts
    assert so_truc(-1e-17, 2) == "0,00"  # no "-0"
    assert so_truc(20, 0, phan_tram=True) == "20%"
    assert so_truc(91.165, 2, phan_tram=True) == "91,17%"  # half-up


def test_tick_decimals_follow_the_tick_step():
    assert so_le_truc([0, 2_000_000, 4_000_000, 6_000_000]) == 0
    assert so_le_truc([84.0, 86.0, 88.0]) == 0
    assert so_le_truc([0, 0.5, 1.0, 1.5]) == 1
    assert so_le_truc([0, 0.25, 0.5]) == 2
    assert so_le_truc([0.1, 0.1 + 0.2, 0.5]) == 1
    assert so_le_truc([float("nan"), 1.0]) == 0


def test_vietnamese_letters_are_all_listed():
    assert len(CHU_VIET) == 134
    assert all(c in CHU_VIET for c in "ỗựẫđĐẶỹ")


# ---------------------------------------------------------------------------------- data checks (no matplotlib)


def test_category_and_series_from_every_data_shape():
    def pick(data, x=None, y=None):
        labels, series = charts._chon(charts._bang(data), x, y)
        return labels, [(s.name, s.floats) for s in series]

    # first column is x; every other all-number column is a series; years keep no separator
    assert pick(NAM)[0] == ["2018", "2019", "2020", "2021"]
    assert [n for n, _ in pick(NAM)[1]] == ["Tỷ lệ hài lòng", "Tỷ lệ đúng hạn"]
    assert pick(CO_CAU) == (list(CO_CAU), [("Giá trị", [13.0, 45.0, 20.0, 2.0])])
    assert pick({"Quý": ["I", "II"], "Số": [1, 2]}) == (["I", "II"], [("Số", [1.0, 2.0])])
    assert pick([{"k": "a", "v": 1}, {"k": "b", "v": 2.5}]) == (["a", "b"], [("v", [1.0, 2.5])])
    assert pick([["k", "v"], ["a", 1], ["b", 2]]) == (["a", "b"], [("v", [1.0, 2.0])])
    assert pick(pd.Series([3, 4], index=pd.Index(["x", "y"], name="Nhóm"), name="Số")) == (
        ["x", "y"], [("Số", [3.0, 4.0])])
    assert pick(NAM.set_index("Năm"), y="Tỷ lệ hài lòng")[0] == ["2018", "2019", "2020", "2021"]
    # a dict picks columns and names their legend entries; missing values are gaps
    assert pick(NAM, y={"Tỷ lệ hài lòng": "Hài lòng"})[1][0][0] == "Hài lòng"
    assert pick({"k": ["a", "b"], "v": [1, None]})[1] == [("v", [1.0, None])]


def test_missing_columns_are_listed_with_a_guess():
    with pytest.raises(DataError) as err:
        bieu_do(LINH_VUC, x="Linh vuc", y=["Năm 2020", "Nam 2021"])
    text = str(err.value)
    assert "'Linh vuc'" in text and "'Nam 2021'" in text  # every missing column
    assert "'Lĩnh vực'" in text and "'Năm 2019'" in text  # the columns there are
    assert "có phải ý bạn là 'Lĩnh vực'" in text  # did you mean


def test_text_among_the_values_names_column_and_row():
    data = pd.DataFrame({"Đơn vị": ["Phường 1", "Phường 2", "Phường 3"], "Số hồ sơ": [12, "1.234", 7]})
    with pytest.raises(DataError, match=r"cột 'Số hồ sơ', dòng 2 \('Phường 2'\): '1\.234' không phải là số"):
        bieu_do(data, y="Số hồ sơ")
    with pytest.raises(DataError, match="không phải là số hữu hạn"):
        bieu_do({"a": 1, "b": float("inf")})
    with pytest.raises(DataError, match="không phải là số"):
        bieu_do({"a": 1, "b": True})


@pytest.mark.parametrize("empty", [pd.DataFrame({"a": [], "b": []}), pd.DataFrame(), [], {}, [["a", "b"]]])
def test_empty_data(empty):
    with pytest.raises(DataError, match="không có dữ liệu"):
        bieu_do(empty)


def test_other_bad_input():
    with pytest.raises(DataError, match="không có cột số liệu"):
        bieu_do({"a": ["x", "y"], "b": ["u", "v"]})
    with pytest.raises(DataError, match="không có giá trị nào"):
        bieu_do({"a": ["x", "y"], "b": [None, None]}, y="b")
    with pytest.raises(DataError, match="có phải 'tron'"):
        bieu_do(CO_CAU, kieu="tronn")
    with pytest.raises(DataError, match="dài ngắn khác nhau"):
        bieu_do({"a": ["x", "y"], "b": [1]})
    with pytest.raises(DataError, match="DataFrame"):
        bieu_do("a,b\n1,2")
    for bad in (dict(decimals=-1), dict(decimals=1.5), dict(width_mm=0), dict(height_mm=-5), dict(dpi=20),
                dict(dpi=True), dict(width_mm=30), dict(height_mm=20), dict(width_mm="165"), dict(colors=[1, 2])):
        with pytest.raises(DataError):
            bieu_do(CO_CAU, **bad)


def test_bad_colour_is_named():
    with pytest.raises(DataError, match="'xanh'"):
        bieu_do(CO_CAU, colors=["#000000", "xanh"])


def test_pie_refuses_negative_missing_and_several_columns():
    with pytest.raises(DataError, match=r"giá trị âm: cột 'Giá trị', dòng 2 \('b'\) = -3"):
        bieu_do({"a": 5, "b": -3}, kieu="tron")
    with pytest.raises(DataError, match=r"thiếu giá trị.*dòng 2"):
        bieu_do({"a": 5, "b": None}, kieu="tron")
    with pytest.raises(DataError, match="tổng bằng 0"):
        bieu_do({"a": 0, "b": 0}, kieu="tron")
    with pytest.raises(DataError, match="chỉ vẽ một cột"):
        bieu_do(NAM, kieu="tron")
    with pytest.raises(DataError, match="nhiều nhất"):
        bieu_do({f"phần {i}": 1 for i in range(11)}, kieu="tron")


def test_without_matplotlib_the_error_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib → ImportError
    with pytest.raises(BaoCaoError, match=r'pip install matplotlib'):
        bieu_do(CO_CAU)


# ---------------------------------------------------------------------------------- drawing


@pytest.mark.parametrize("kieu", KIEU)
def test_each_kind_is_a_png_of_the_text_width(kieu):
    case = dict(CASES[kieu])
    png = bieu_do(case.pop("data"), kieu=kieu, title="Biểu đồ thử", **case)
    width, height, dpi, texts = png_info(png)
    assert (width, height) == (px(165, 200), px(165 * 0.55, 200))
    assert LAYOUT.page.text_width_mm == 165
    assert dpi == pytest.approx(200, abs=0.01)  # a document embeds it at 165 mm
    assert b"Software" not in texts and b"matplotlib" not in png


@pytest.mark.parametrize(("rong", "cao", "dpi"), [(80, 50, 300), (120.5, 77.7, 150), (254, 25.4, 100)])
def test_size_is_exact_in_pixels(rong, cao, dpi):
    width, height, found, _ = png_info(bieu_do(NAM, kieu="duong", width_mm=rong, height_mm=cao, dpi=dpi))
    assert (width, height) == (px(rong, dpi), px(cao, dpi))
    assert round(found) == dpi  # pHYs holds whole pixels per metre


def test_same_data_same_bytes_also_from_threads():
    first = bieu_do(LINH_VUC, title="Số hồ sơ theo lĩnh vực", decimals=1)
    assert bieu_do(LINH_VUC, title="Số hồ sơ theo lĩnh vực", decimals=1) == first
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: bieu_do(LINH_VUC, title="Số hồ sơ theo lĩnh vực", decimals=1), range(6)))
    assert all(r == first for r in results)
    assert bieu_do(LINH_VUC, title="Số hồ sơ theo lĩnh vực", decimals=2) != first


def test_font_has_every_vietnamese_letter():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    family, path = phong_chu()
    charmap = FT2Font(path).get_charmap()
    assert [c for c in CHU_VIET if ord(c) not in charmap] == []
    assert family in charts.PHONG_CHU
    try:  # Debian's fonts-liberation: Liberation Serif (Times metrics) is the one used
        font_manager.findfont(font_manager.FontProperties(family="Liberation Serif"), fallback_to_default=False)
    except ValueError:
        pass
    else:
        has_times = any(f.name == "Times New Roman" for f in font_manager.fontManager.ttflist)
        assert family == ("Times New Roman" if has_times else "Liberation Serif")


def test_vietnamese_text_renders_without_missing_glyphs():
    data = {"Đơn vị": ["Phường Đông Hải", "Xã Nguyệt Hóa", "Thị trấn Càng Long"], "Số hồ sơ": [1520, 987, 64]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        for kieu in KIEU:
            bieu_do(data, kieu=kieu, title="Tổng hợp hồ sơ: ỗ ự ẫ đ Ặ ỹ", x_label="Đơn vị hành chính",
                    y_label="Số hồ sơ (bộ)")


def test_axis_ticks_are_written_the_vietnamese_way():
    from matplotlib.figure import Figure

    series = charts._chon(charts._bang({"n": ["a", "b"], "v": [1_500_000, 6_243_886]}), None, None)[1]
    fig = Figure()
    ax = fig.add_subplot()
    ax.bar([0, 1], [1_500_000, 6_243_886])
    charts._truc_so(ax, "y", series, False)
    fig.draw_without_rendering()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "2.000.000" in ticks and "6.000.000" in ticks
    assert all(t == "0" or (t.replace(".", "").isdigit() and "," not in t) for t in ticks)

    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [85.5, 86.5])
    charts._truc_so(ax, "y", [charts._Chuoi("v", [85.5, 86.5], [85.5, 86.5])], True)
    fig.draw_without_rendering()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "86,0%" in ticks and all(re.fullmatch(r"\d\d,\d%", t) for t in ticks), ticks  # one decimal for all


def test_gaps_long_labels_many_categories_and_negatives_render():
    names = [f"Phường {i}" for i in range(1, 10)] + ["Xã Long Đức", "Xã Hòa Thuận", "Xã Lương Hòa", "Xã Đa Lộc"]
    rows = [["Đơn vị", "Kế hoạch", "Thực hiện", "Chênh lệch"]] + [
        [n, 1_200_000 + 37_000 * i, 1_150_000 + 51_000 * i, -50_000 + 14_000 * i] for i, n in enumerate(names)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for png in (bieu_do(rows, y=["Kế hoạch", "Thực hiện"]), bieu_do(rows, y="Chênh lệch"),
                    bieu_do({"Quý": ["I", "II", "III"], "A": [1.5, None, 2], "B": [1, 2, float("nan")]},
                            kieu="duong", decimals=1),
                    bieu_do({"Quý": ["I", "II", "III"], "A": [1.5, None, 2]}, kieu="cot", value_labels=False),
                    bieu_do({"Rất lớn " * 8: 70, "Nhỏ 1": 1, "Nhỏ 2": 1.5, "Nhỏ 3": 2}, kieu="tron", width_mm=80),
                    bieu_do({"a $x$ b": 3, "c": 4}, title="Giá $5 và $6"),  # "$" is not math
                    # labels too long for their room are wrapped, then cut with "…", never squeezing the plot away
                    bieu_do({"Rất lớn " * 8: 70, "Nhỏ": 1}, kieu="tron", width_mm=80),
                    bieu_do({"Văn phòng Ủy ban nhân dân tỉnh và các đơn vị trực thuộc " * 3: 5, "B": 3},
                            kieu="cot_ngang", height_mm=40),
                    bieu_do({"Văn phòng Ủy ban nhân dân tỉnh và các đơn vị trực thuộc": 5, **{c: 3 for c in "BCDE"}},
                            kieu="duong", width_mm=60, height_mm=40),
                    bieu_do({"a": 1, "b": 2}, title="Tiêu đề rất dài " * 20, height_mm=50)):
            assert png_info(png)[0] > 0


def test_chart_block_in_a_document():
    from conftest import make, open_docx

    block = khoi_bieu_do(CO_CAU, kieu="tron", caption="Cơ cấu thủ tục hành chính theo lĩnh vực")
    assert block.label == charts.NHAN_CHU_THICH == "Biểu đồ"
    assert block.width_mm == 165
    vb = make()
    vb.add(block)
    doc = open_docx(vb)
    assert any(p.text.startswith("Biểu đồ 1. Cơ cấu thủ tục") for p in doc.paragraphs)
    shape = doc.inline_shapes[0]
    assert shape.width.mm == pytest.approx(165, abs=0.1)
    assert shape.height.mm == pytest.approx(165 * 0.55, abs=0.2)
