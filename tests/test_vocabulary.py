"""One public vocabulary (docs/vocabulary.md): generic parameters in English, legal and domain
terms in Vietnamese; the renamed chart parameters keep their old names for one release, with a
DeprecationWarning naming the new one."""

from __future__ import annotations

import inspect
import re
import warnings
from pathlib import Path

import pytest
from conftest import HEAD

import baocao
from baocao import charts, chiso, formatting
from baocao.charts import bieu_do, khoi_bieu_do
from baocao.model import Image
from baocao.renamed import RENAMED as REGISTRY
from baocao.template.environment import _Render

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")

DATA = {"Nhà ở": 13, "Hoạt động xây dựng": 45, "Quy hoạch": 20}
SMALL = dict(width_mm=60, height_mm=40, dpi=60)  # quick to draw


def renamed_rows() -> list[tuple[str, str]]:
    """(old, new) pairs from the table under "## Renamed" of docs/vocabulary.md."""
    part = VOCABULARY[VOCABULARY.index("## Renamed"):]
    part = part[:part.find("\n## ", 1)]
    return re.findall(r"^\|[^|]*\|\s*`(\w+)`\s*\|\s*`(\w+)`\s*\|", part, re.M)


ROWS_RENAMED = renamed_rows()
#: the chart renamings, old → new (the parametrised tests below call the chart functions)
RENAMED = {**charts.TEN_CU, **charts.TEN_CU_KHOI}
OLD_VALUES = {"tieu_de": "Tiêu đề", "nhan_x": "Trục ngang", "nhan_y": "Trục đứng", "so_le": 2,
              "nhan_gia_tri": False, "rong_mm": 70, "cao_mm": 45, "mau": ["#000000", "#777777", "#bbbbbb"],
              "chu_thich": "Cơ cấu", "nhan": "Hình"}


def test_the_table_was_read_and_matches_the_code():
    """Every renaming in the code (baocao.renamed.RENAMED) is a row of the documented table, and
    every row is a renaming the code makes."""
    in_code = {(old, new) for table in REGISTRY.values() for old, new in table.items()}
    assert set(ROWS_RENAMED) == in_code
    assert len(ROWS_RENAMED) == len(set(ROWS_RENAMED)) == 15
    assert set(RENAMED.items()) <= in_code
    assert len(VOCABULARY.splitlines()) <= 80


def _public_callables():
    """Every public function, class and method a user can call, with the name they call it by."""
    from baocao import chiso, numbers, renamed, tables
    from baocao.chiso import ho_so

    seen: set[int] = set()
    for module in (baocao, chiso, charts, formatting, numbers, tables, renamed, ho_so):
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if id(obj) in seen or not callable(obj):
                continue
            seen.add(id(obj))
            yield f"{module.__name__}.{name}", obj
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(member):
                        yield f"{module.__name__}.{name}.{attr}", member
    for attr in ("table", "chart"):
        yield f"template {attr}()", getattr(_Render, attr)


#: the tiêu đề of a phụ lục is a part of the document (a Vietnamese field), not a chart's title
DOCUMENT_PARTS = {"baocao.PhuLuc": {"tieu_de"}, "baocao.VanBan.add_phu_luc": {"tieu_de"}}


def test_no_public_signature_uses_an_old_name():
    # toi_da stays the maximum score of a component (a domain field); only the axis helper renamed it
    old_names = {old for old, _ in ROWS_RENAMED} - {"toi_da"}
    checked = 0
    for qualname, obj in _public_callables():
        try:
            params = set(inspect.signature(obj).parameters)
        except (TypeError, ValueError):
            continue
        checked += 1
        wrong = params & old_names - DOCUMENT_PARTS.get(qualname, set())
        assert not wrong, f"{qualname} still takes {sorted(wrong)}"
    assert checked > 60


@pytest.mark.parametrize(("call", "old", "new"), [
    (lambda **k: charts.so_truc(85.5, **k), "so_le", "decimals"),
    (lambda **k: charts.so_le_truc([0.1, 0.25], **k), "toi_da", "max_decimals"),
    (lambda **k: chiso.xep_loai(89.995, **k), "lam_tron", "decimals"),
    (lambda **k: chiso.xep_hang(SCORES, "diem", **k), "lam_tron", "decimals"),
    (lambda **k: chiso.phan_nhom([89.996], bands=[(80, 90), (90, 100)], **k), "lam_tron", "decimals"),
])
def test_renamed_outside_charts_warn_and_agree(call, old, new):
    value = {"toi_da": 1}.get(old, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        expected = call(**{new: value})
    with pytest.warns(DeprecationWarning, match=rf"{old}=.*{new}="):
        got = call(**{old: value})
    assert repr(got) == repr(expected)
    with pytest.raises(TypeError, match=rf"chỉ dùng {new}="):
        call(**{old: value, new: value})


SCORES = __import__("pandas").DataFrame({"don_vi": ["A", "B", "C"], "diem": [85.024, 85.016, 91.0]})


def test_column_and_by_renamed_in_chiso():
    import pandas as pd

    with pytest.warns(DeprecationWarning, match="cot=.*column="):
        old = chiso.xep_hang(SCORES, cot="diem")
    assert old.equals(chiso.xep_hang(SCORES, column="diem"))
    parts = pd.DataFrame({"don_vi": ["A", "A", "B"], "thanh_phan": ["x", "y", "x"], "diem": [1, 2, 3],
                          "toi_da": [5, 5, 5]})
    with pytest.warns(DeprecationWarning, match="theo=.*by="):
        assert set(chiso.bang_diem(parts, theo="don_vi")) == {"A", "B"}
    log = pd.DataFrame({"ngay_nhan": ["2024-03-01"], "han_xu_ly": ["2024-03-05"], "ngay_tra": ["2024-03-04"],
                        "kenh": ["trực tuyến"]})
    with pytest.warns(DeprecationWarning, match="theo=.*by="):
        kq = chiso.tien_do(log, theo="kenh", ngay_bao_cao="2024-03-31")
    assert kq.by == ("kenh",)
    with pytest.warns(DeprecationWarning, match=r"\.by"):
        assert kq.theo == ("kenh",)
    with pytest.warns(DeprecationWarning, match="nhan=.*labels="):
        assert "Tổng số" in kq.to_frame(nhan=True).columns


def test_image_label_renamed():
    png = bieu_do(DATA, **SMALL)
    with pytest.warns(DeprecationWarning, match="nhan=.*label="):
        image = Image(png, nhan="Biểu đồ")
    assert image.label == "Biểu đồ"
    with pytest.warns(DeprecationWarning, match=r"\.label"):
        assert image.nhan == "Biểu đồ"


def test_new_names_work_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = bieu_do(DATA, kieu="cot", title="Tiêu đề", x_label="Lĩnh vực", y_label="Số hồ sơ", decimals=1,
                      value_labels=False, colors=["#000000"], **SMALL)
        block = khoi_bieu_do(DATA, kieu="tron", caption="Cơ cấu", label="Hình", **SMALL)
    assert png[:4] == b"\x89PNG"
    assert isinstance(block, Image) and block.caption == "Cơ cấu" and block.label == "Hình"
    assert block.width_mm == 60


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_old_name_warns_naming_the_new_one_and_still_works(old, new):
    value = OLD_VALUES[old]
    options = {k: v for k, v in SMALL.items() if k != new}
    if old in charts.TEN_CU_KHOI:
        with pytest.warns(DeprecationWarning, match=rf"{old}=.*{new}=") as caught:
            block = khoi_bieu_do(DATA, **{old: value}, **options)
        assert getattr(block, new) == value
    else:
        with pytest.warns(DeprecationWarning, match=rf"{old}=.*{new}=") as caught:
            old_png = bieu_do(DATA, **{old: value}, **options)
        assert old_png == bieu_do(DATA, **{new: value}, **options)
        with pytest.warns(DeprecationWarning, match=rf"{new}="):  # khoi_bieu_do takes them too
            block = khoi_bieu_do(DATA, **{old: value}, **options)
        assert block.source == old_png
        if new == "width_mm":
            assert block.width_mm == value
    assert caught[0].filename == __file__  # stacklevel: the warning points at the caller


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_old_and_new_together_is_an_error(old, new):
    fn = khoi_bieu_do if old in charts.TEN_CU_KHOI else bieu_do
    with pytest.raises(TypeError, match=rf"{old}=.*{new}=.*chỉ dùng {new}="):
        fn(DATA, **{old: OLD_VALUES[old], new: OLD_VALUES[old]})


def test_error_messages_name_the_new_names():
    for bad, name in ((dict(decimals=-1), "decimals"), (dict(width_mm=0), "width_mm"),
                      (dict(height_mm=-1), "height_mm"), (dict(width_mm=30), "width_mm"),
                      (dict(colors=[1]), "colors")):
        with pytest.raises(baocao.DataError, match=name):
            bieu_do(DATA, **bad)
    with pytest.warns(DeprecationWarning), pytest.raises(baocao.DataError, match="decimals") as err:
        bieu_do(DATA, so_le=-1)
    assert "so_le" not in str(err.value)


def write(tmp_path: Path, body: str) -> Path:
    template = tmp_path / "t.md.j2"
    template.write_text(HEAD + body, encoding="utf-8")
    return template


ROWS = [{"linh_vuc": "Nhà ở", "ty_le": 99.15}, {"linh_vuc": "Đất đai", "ty_le": 97.5}]


def readme_chart_calls() -> list[str]:
    """The README's chart() example, once for each kind it lists."""
    part = README[README.index("### Tables, charts and indicators"):]
    example = re.search(r"`(chart\(.*?\))`", part, re.S)[1]
    kinds = re.search(r'kieu=((?:"\w+"\s*\|\s*)*"\w+")', example)
    assert kinds, example
    call = " ".join(example.replace("(df,", "(rows,").split())
    return [call.replace(kinds[1], f'"{kind}"') for kind in re.findall(r'"(\w+)"', kinds[1])]


def test_readme_chart_example_renders(tmp_path):
    calls = readme_chart_calls()
    assert len(calls) == 4 and 'caption="…"' in calls[0] and "phan_tram=True" in calls[0]
    body = "".join(f"\n{{{{ {call} }}}}\n" for call in calls)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vb = baocao.render(write(tmp_path, body), rows=ROWS)
    images = [b for b in vb.blocks if isinstance(b, Image)]
    assert len(images) == 4 and all(i.caption == "…" and i.label == "Biểu đồ" for i in images)


def test_template_chart_passes_names_straight_through(tmp_path):
    body = ("\n{{ chart(rows, x='linh_vuc', y='ty_le', caption='Tỷ lệ', label='Hình', width_mm=80, height_mm=50, "
            "decimals=1, title='T') }}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vb = baocao.render(write(tmp_path, body), rows=ROWS)
    image = next(b for b in vb.blocks if isinstance(b, Image))
    assert (image.caption, image.label, image.width_mm) == ("Tỷ lệ", "Hình", 80)


def test_template_chart_old_names_warn(tmp_path):
    body = "\n{{ chart(rows, x='linh_vuc', y='ty_le', nhan='Hình', so_le=2, cao_mm=70, chu_thich='Tỷ lệ') }}\n"
    with pytest.warns(DeprecationWarning) as caught:
        vb = baocao.render(write(tmp_path, body), rows=ROWS)
    said = " ".join(str(w.message) for w in caught if issubclass(w.category, DeprecationWarning))
    for new in ("label=", "decimals=", "height_mm=", "caption="):
        assert new in said
    image = next(b for b in vb.blocks if isinstance(b, Image))
    assert (image.caption, image.label) == ("Tỷ lệ", "Hình")


def test_template_chart_old_and_new_together_is_an_error(tmp_path):
    body = "\n{{ chart(rows, x='linh_vuc', y='ty_le', label='Hình', nhan='Hình') }}\n"
    with pytest.raises(baocao.TemplateError, match="chỉ dùng label="):
        baocao.render(write(tmp_path, body), rows=ROWS)
