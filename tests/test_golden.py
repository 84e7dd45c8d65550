"""Golden files: each XML part of a reference document, compared part by part.

After a deliberate layout change, regenerate with
``BAOCAO_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from baocao import NguoiKy, Run, VanBan

GOLDEN = Path(__file__).parent / "golden"
PARTS = ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
         "word/styles.xml", "word/settings.xml", "word/header1.xml", "word/header2.xml", "docProps/core.xml"]


def reference() -> VanBan:
    vb = VanBan(loai="ke_hoach", co_quan_chu_quan="UBND tỉnh Hà Nam", co_quan="Sở Xây dựng",
                viet_tat_co_quan="SXD", so=1048, dia_danh="Hà Nam", ngay=dt.date(2019, 6, 21),
                trich_yeu="Thực hiện nâng cao chỉ số cải cách hành chính năm 2019",
                noi_nhan=["UBND tỉnh (để b/c)", "Sở Nội vụ (để t/h)"], luu=["VT", "VP", "QHKT"],
                nguoi_ky=NguoiKy("Nguyễn Thị Phúc Thảo", "Phó Giám đốc", quyen_han="KT.", thay_mat="Giám đốc"))
    vb.paragraph(["Thực hiện chỉ đạo của UBND tỉnh tại văn bản số ", Run("1575/UBND-NC", bold=True), "."])
    vb.heading("Mục đích, yêu cầu")
    vb.heading("Mục đích:", 2)
    vb.bullet("Tiếp tục đẩy mạnh việc tham mưu xây dựng")
    vb.bullet("Cải thiện Chỉ số hài lòng", 2)
    vb.heading("Nội dung", 3)
    vb.table([["STT", "Nội dung", "Tỷ lệ"], ["1", "Hồ sơ đúng hạn", "99,94%"]], widths=[1, 6, 2],
             align=["center", "left", "right"], caption="Kết quả")
    vb.page_break()
    vb.paragraph("Sở Xây dựng đề nghị Sở Nội vụ nghiên cứu, tổng hợp")
    vb.add_phu_luc("Danh mục", ngang=True).paragraph("Phụ lục")
    return vb


def pretty(data: bytes) -> str:
    root = etree.fromstring(data)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


@pytest.mark.parametrize("part", PARTS)
def test_part_matches_golden(part):
    produced = pretty(zipfile.ZipFile(io.BytesIO(reference().to_bytes())).read(part))
    path = GOLDEN / (part.replace("/", "__").replace("[", "").replace("]", "") + ".golden")
    if os.environ.get("BAOCAO_UPDATE_GOLDEN"):
        path.write_text(produced, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with BAOCAO_UPDATE_GOLDEN=1"
    assert produced == path.read_text(encoding="utf-8"), f"{part} differs from {path.name}"
