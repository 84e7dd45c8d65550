"""The forms of Phụ lục III with fixed sentences, through templates as a user writes them:
nghị quyết (Mẫu 1.1), công điện (1.6), giấy giới thiệu (1.8), biên bản (1.9), giấy nghỉ phép
(1.10). The decree's sentences come out in order with the blanks filled; the mistakes a user
makes are errors naming the field and the template line; the built-in templates and the
example folders render."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import docx
import pytest
from conftest import FORM_SAMPLES, make, needs_office, pdf_pages, to_pdf, write

import baocao
from baocao import TemplateError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

BIEN_BAN = """---
loai: bien_ban
co_quan_chu_quan: UBND tỉnh Trà Vinh
co_quan: Sở Xây dựng
viet_tat_co_quan: SXD
so: 3
dia_danh: Trà Vinh
ngay: 2024-05-06
trich_yeu: Cuộc họp giao ban tháng 5 năm 2024
bien_ban:
  bat_dau: 06/5/2024 08:00
  ket_thuc: 06/5/2024 10:30
  dia_diem: Phòng họp Sở Xây dựng
  thanh_phan: [Ban Giám đốc Sở, Trưởng các phòng]
  chu_toa: {ho_ten: Lê Minh Tân, chuc_vu: Giám đốc Sở}
  thu_ky: {ho_ten: Trần Thị Bình, chuc_vu: Chuyên viên Văn phòng}
noi_nhan: [Ban Giám đốc Sở]
luu: [VT, Hồ sơ]
---
{% extends "bien_ban.md.j2" %}
{% block noi_dung %}
Giám đốc Sở kết luận cuộc họp.
{% endblock %}
"""

GIOI_THIEU = """---
loai: giay_gioi_thieu
co_quan_chu_quan: UBND tỉnh Trà Vinh
co_quan: Sở Tài chính
viet_tat_co_quan: STC
so: 45
dia_danh: Trà Vinh
ngay: 2024-10-14
gioi_thieu:
  danh_xung: Bà
  ong_ba: Lê Thị Mỹ Linh
  chuc_vu: Phó Trưởng phòng
  don_vi: Phòng Quản lý ngân sách
  duoc_cu_den: Ủy ban nhân dân huyện Càng Long
  ve_viec: Làm việc về dự toán ngân sách năm 2025
  co_gia_tri_den: 31/10/2024
nguoi_ky: {ho_ten: Phạm Thị Thu Hà, quyen_han: KT., thay_mat: Giám đốc, chuc_vu: Phó Giám đốc}
---
{% extends "giay_gioi_thieu.md.j2" %}
"""

NGHI_PHEP = """---
loai: giay_nghi_phep
co_quan_chu_quan: UBND tỉnh Nam Định
co_quan: Sở Tài nguyên và Môi trường
viet_tat_co_quan: STNMT
so: 118
dia_danh: Nam Định
ngay: 2024-04-22
nghi_phep:
  danh_xung: Ông
  ong_ba: Đỗ Văn Thành
  chuc_vu: Chuyên viên
  don_vi: Phòng Quản lý đất đai
  don_ngay: 19/4/2024
  tu_ngay: 06/5/2024
  den_ngay: 10/5/2024
  noi_nghi: huyện Hải Hậu, tỉnh Nam Định
  tinh_vao: nghỉ hằng năm có hưởng lương năm 2024
noi_nhan: [Ông Đỗ Văn Thành]
nguoi_ky: {ho_ten: Vũ Đình Khang, chuc_vu: Giám đốc}
---
{% extends "giay_nghi_phep.md.j2" %}
"""

CONG_DIEN = """---
loai: cong_dien
co_quan_chu_quan: UBND tỉnh Trà Vinh
co_quan: Sở Xây dựng
viet_tat_co_quan: SXD
so: 2
dia_danh: Trà Vinh
ngay: 2024-09-06
trich_yeu: Về việc chủ động ứng phó với bão số 3
cong_dien:
  nguoi_dien: Giám đốc Sở Xây dựng
  nhan_dien:
    - Ủy ban nhân dân các huyện, thị xã, thành phố
    - Các Ban Quản lý dự án
noi_nhan: [Như trên]
nguoi_ky: {ho_ten: Lê Minh Tân, chuc_vu: Giám đốc}
---
{% extends "cong_dien.md.j2" %}
{% block noi_dung %}
Giám đốc Sở Xây dựng yêu cầu các đơn vị kiểm tra an toàn công trình đang thi công.
{% endblock %}
"""

NGHI_QUYET = """---
loai: nghi_quyet
co_quan_chu_quan: UBND tỉnh Quảng Nam
co_quan: Sở Nội vụ
viet_tat_co_quan: SNV
so: 1
dia_danh: Quảng Nam
ngay: 2024-01-26
trich_yeu: Hội nghị cán bộ, công chức, viên chức năm 2024
tham_quyen: Hội nghị cán bộ, công chức, viên chức Sở Nội vụ
can_cu:
  - Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022
nguoi_ky: {ho_ten: Nguyễn Văn Bình, quyen_han: TM., thay_mat: Hội nghị, chuc_vu: Chủ tọa}
---
{% extends "nghi_quyet.md.j2" %}
{% block noi_dung %}
{% for dieu in dieu_khoan %}

# {{ dieu }}
{% endfor %}
{% endblock %}
"""
ARTICLES = ["Thông qua Báo cáo kết quả thực hiện nhiệm vụ năm 2023.",
            "Thông qua Quy chế chi tiêu nội bộ năm 2024.",
            "Công chức, viên chức Sở Nội vụ chịu trách nhiệm thi hành Nghị quyết này."]


def render(tmp_path: Path, source: str, name: str = "mau.md.j2", **data) -> docx.document.Document:
    """``source`` rendered with warnings as errors, opened with python-docx."""
    path = write(tmp_path, name, source)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vb = baocao.render(path, **data)
    return docx.Document(str(vb.save(tmp_path / "out.docx")))


def body(d) -> list[str]:
    """The body paragraphs (outside the header and closing tables), in order."""
    return [p.text for p in d.paragraphs if p.text.strip()]


def in_order(found: list[str], expected: list[str]) -> None:
    """Each expected paragraph is found, after the one before it."""
    at = 0
    for line in expected:
        assert line in found[at:], f"{line!r} not found after {found[at - 1] if at else 'the start'!r}:\n{found}"
        at = found.index(line, at) + 1


def paragraph(d, text: str):
    return next(p for p in d.paragraphs if p.text == text)


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def line_of(source: str, text: str) -> int:
    """The 1-based line of ``source`` where ``text`` first appears."""
    return next(i for i, line in enumerate(source.splitlines(), 1) if text in line)


def error(tmp_path: Path, source: str, **data) -> TemplateError:
    path = write(tmp_path, "sai.md.j2", source)
    with pytest.raises(TemplateError) as info:
        baocao.render(path, **data)
    return info.value


# --------------------------------------------------------------------------- Mẫu 1.9 biên bản


def test_bien_ban_writes_the_decree_sentences_in_order(tmp_path):
    d = render(tmp_path, BIEN_BAN)
    in_order(body(d), [
        "BIÊN BẢN", "Cuộc họp giao ban tháng 5 năm 2024",
        "Thời gian bắt đầu: 08 giờ 00, ngày 06 tháng 5 năm 2024",
        "Địa điểm: Phòng họp Sở Xây dựng",
        "Thành phần tham dự:", "- Ban Giám đốc Sở;", "- Trưởng các phòng.",
        "Chủ trì (chủ tọa): Lê Minh Tân, Giám đốc Sở",
        "Thư ký (người ghi biên bản): Trần Thị Bình, Chuyên viên Văn phòng",
        "Nội dung (theo diễn biến cuộc họp):",
        "Giám đốc Sở kết luận cuộc họp.",
        "Cuộc họp kết thúc vào 10 giờ 30, ngày 06 tháng 5 năm 2024./.",
    ])
    assert body(d)[-1] == "Cuộc họp kết thúc vào 10 giờ 30, ngày 06 tháng 5 năm 2024./."


def test_bien_ban_header_has_no_place_and_date(tmp_path):
    header = render(tmp_path, BIEN_BAN).tables[0]
    assert header.cell(1, 0).text == "Số: 03/BB-SXD"
    assert "ngày" not in header.cell(1, 1).text and "Trà Vinh" not in header.cell(1, 1).text


def test_bien_ban_signatures_side_by_side_and_noi_nhan_below(tmp_path):
    closing = render(tmp_path, BIEN_BAN).tables[-1]
    assert len(closing.rows) == 2
    thu_ky, chu_toa = closing.cell(0, 0), closing.cell(0, 1)
    assert cell_lines(thu_ky) == ["THƯ KÝ", "Trần Thị Bình"]
    assert cell_lines(chu_toa) == ["CHỦ TỌA", "Lê Minh Tân"]
    assert all(r.bold for p in thu_ky.paragraphs + chu_toa.paragraphs for r in p.runs if r.text.strip())
    assert cell_lines(closing.cell(1, 0)) == ["Nơi nhận:", "- Ban Giám đốc Sở;", "- Lưu: VT, Hồ sơ."]
    assert cell_lines(closing.cell(1, 1)) == []


@pytest.mark.parametrize("kind", ["hội nghị", "hội thảo"])
def test_bien_ban_of_a_conference(tmp_path, kind):
    d = render(tmp_path, BIEN_BAN.replace("bien_ban:\n", f"bien_ban:\n  cuoc_hop: {kind}\n"))
    in_order(body(d), [f"Nội dung (theo diễn biến {kind}):",
                       f"{kind.capitalize()} kết thúc vào 10 giờ 30, ngày 06 tháng 5 năm 2024./."])


def test_bien_ban_attendees_on_one_line(tmp_path):
    d = render(tmp_path, BIEN_BAN.replace("thanh_phan: [Ban Giám đốc Sở, Trưởng các phòng]",
                                          "thanh_phan: Ban Giám đốc Sở và Trưởng các phòng"))
    assert "Thành phần tham dự: Ban Giám đốc Sở và Trưởng các phòng" in body(d)
    assert "Thành phần tham dự:" not in body(d)


def test_bien_ban_without_thu_ky(tmp_path):
    source = BIEN_BAN.replace("  thu_ky: {ho_ten: Trần Thị Bình, chuc_vu: Chuyên viên Văn phòng}\n", "")
    err = error(tmp_path, source)
    assert "bien_ban.thu_ky" in str(err) and "chưa có" in str(err)
    assert err.line == line_of(source, "bien_ban:")


def test_bien_ban_with_nguoi_ky(tmp_path):
    source = BIEN_BAN.replace("luu: [VT, Hồ sơ]\n",
                              "luu: [VT, Hồ sơ]\nnguoi_ky: {ho_ten: Lê Minh Tân, chuc_vu: Giám đốc}\n")
    err = error(tmp_path, source)
    assert "nguoi_ky" in str(err) and "thư ký và chủ tọa" in str(err)
    assert err.line == line_of(source, "nguoi_ky:")


def test_bien_ban_ending_before_it_starts(tmp_path):
    source = BIEN_BAN.replace("ket_thuc: 06/5/2024 10:30", "ket_thuc: 06/5/2024 07:30")
    err = error(tmp_path, source)
    assert "bien_ban.ket_thuc" in str(err) and "07 giờ 30" in str(err) and "08 giờ 00" in str(err)
    assert err.line == line_of(source, "ket_thuc:")


def test_bien_ban_start_without_a_time(tmp_path):
    source = BIEN_BAN.replace("bat_dau: 06/5/2024 08:00", "bat_dau: 06/5/2024")
    err = error(tmp_path, source)
    assert "bien_ban.bat_dau" in str(err) and "cần cả giờ" in str(err)
    assert err.line == line_of(source, "bat_dau:")


def test_form_field_on_the_wrong_type(tmp_path):
    source = (BIEN_BAN.replace("loai: bien_ban", "loai: bao_cao")
              .replace('{% extends "bien_ban.md.j2" %}', '{% extends "bao_cao.md.j2" %}'))
    err = error(tmp_path, source)
    assert "bien_ban chỉ dùng cho loai: bien_ban" in str(err) and "bao_cao" in str(err)
    assert err.line == line_of(source, "bien_ban:")


def test_unknown_sub_field_of_a_form(tmp_path):
    source = BIEN_BAN.replace("  dia_diem:", "  dia_die:")
    err = error(tmp_path, source)
    assert "bien_ban có trường không biết: 'dia_die'" in str(err) and "có phải 'dia_diem'?" in str(err)
    assert err.line == line_of(source, "dia_die:")


# --------------------------------------------------------------------------- Mẫu 1.8 giấy giới thiệu


def test_gioi_thieu_writes_the_decree_sentences_in_order(tmp_path):
    d = render(tmp_path, GIOI_THIEU)
    found = body(d)
    in_order(found, [
        "GIẤY GIỚI THIỆU",
        "Sở Tài chính trân trọng giới thiệu:",
        "Bà Lê Thị Mỹ Linh",
        "Chức vụ: Phó Trưởng phòng, Phòng Quản lý ngân sách",
        "Được cử đến: Ủy ban nhân dân huyện Càng Long",
        "Về việc: Làm việc về dự toán ngân sách năm 2025",
        "Đề nghị Quý cơ quan tạo điều kiện để bà có tên ở trên hoàn thành nhiệm vụ.",  # danh_xung: Bà
        "Giấy này có giá trị đến hết ngày 31/10/2024./.",
    ])
    assert found[-1] == "Giấy này có giá trị đến hết ngày 31/10/2024./."
    # no trích yếu: the line after the tên loại is the introduction
    assert found[found.index("GIẤY GIỚI THIỆU") + 1] == "Sở Tài chính trân trọng giới thiệu:"
    assert paragraph(d, "Sở Tài chính trân trọng giới thiệu:").alignment == 1  # centred
    name = paragraph(d, "Bà Lê Thị Mỹ Linh")
    assert [(r.text, bool(r.bold)) for r in name.runs] == [("Bà ", False), ("Lê Thị Mỹ Linh", True)]
    closing = d.tables[-1]
    assert cell_lines(closing.cell(0, 0)) == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert cell_lines(closing.cell(0, 1)) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Thị Thu Hà"]


def test_gioi_thieu_without_danh_xung_and_don_vi(tmp_path):
    source = GIOI_THIEU.replace("  danh_xung: Bà\n", "").replace("  don_vi: Phòng Quản lý ngân sách\n", "")
    found = body(render(tmp_path, source))
    assert "Ông (bà) Lê Thị Mỹ Linh" in found and "Chức vụ: Phó Trưởng phòng" in found
    assert "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ." in found


def test_gioi_thieu_with_a_trich_yeu(tmp_path):
    source = GIOI_THIEU.replace("ngay: 2024-10-14\n", "ngay: 2024-10-14\ntrich_yeu: Giới thiệu đi công tác\n")
    err = error(tmp_path, source)
    assert "trich_yeu" in str(err) and "không có trích yếu" in str(err)
    assert err.line == line_of(source, "trich_yeu:")


def test_gioi_thieu_valid_until_before_the_date_of_issue(tmp_path):
    source = GIOI_THIEU.replace("co_gia_tri_den: 31/10/2024", "co_gia_tri_den: 30/9/2024")
    err = error(tmp_path, source)
    assert "gioi_thieu.co_gia_tri_den" in str(err) and "30/9/2024" in str(err) and "14/10/2024" in str(err)
    assert err.line == line_of(source, "co_gia_tri_den:")


def test_gioi_thieu_unknown_sub_field(tmp_path):
    """``hieu_luc`` is not spelled like ``co_gia_tri_den``: the message lists the blanks."""
    source = GIOI_THIEU.replace("  co_gia_tri_den: 31/10/2024", "  hieu_luc: 31/10/2024")
    err = error(tmp_path, source)
    assert "gioi_thieu có trường không biết: 'hieu_luc'" in str(err) and "có phải 'co_gia_tri_den'?" in str(err)
    assert err.line == line_of(source, "hieu_luc:")
    typo = GIOI_THIEU.replace("  co_gia_tri_den: 31/10/2024", "  co_gia_tri_dem: 31/10/2024")
    err = error(tmp_path, typo)
    assert "'co_gia_tri_dem'" in str(err) and "có phải 'co_gia_tri_den'?" in str(err)
    assert err.line == line_of(typo, "co_gia_tri_dem:")


@pytest.mark.parametrize("template", [GIOI_THIEU, NGHI_PHEP], ids=["gioi_thieu", "nghi_phep"])
def test_danh_xung_anh_is_refused(tmp_path, template):
    field = "gioi_thieu" if "gioi_thieu:" in template else "nghi_phep"
    source = template.replace("danh_xung: Bà", "danh_xung: Anh").replace("danh_xung: Ông", "danh_xung: Anh")
    err = error(tmp_path, source)
    assert f"{field}.danh_xung" in str(err) and "'Anh'" in str(err) and "Ông, Bà" in (err.hint or "")
    assert err.line == line_of(source, "danh_xung:")


def test_giay_gioi_thieu_without_its_form(tmp_path):
    source = re.sub(r"gioi_thieu:\n(  .*\n)+", "", GIOI_THIEU)
    err = error(tmp_path, source)
    assert "gioi_thieu" in str(err) and "co_gia_tri_den" in (err.hint or "")


# --------------------------------------------------------------------------- Mẫu 1.10 giấy nghỉ phép


def test_nghi_phep_writes_the_decree_sentences_in_order(tmp_path):
    d = render(tmp_path, NGHI_PHEP)
    found = body(d)
    in_order(found, [
        "GIẤY NGHỈ PHÉP",
        "Xét Đơn đề nghị nghỉ phép ngày 19/4/2024 của ông Đỗ Văn Thành, Sở Tài nguyên và Môi trường cấp cho:",
        "Ông: Đỗ Văn Thành",
        "Chức vụ: Chuyên viên, Phòng Quản lý đất đai",
        "Được nghỉ phép trong thời gian 05 ngày làm việc kể từ ngày 06/5/2024 đến hết ngày 10/5/2024 "
        "tại huyện Hải Hậu, tỉnh Nam Định.",
        "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ hằng năm có hưởng lương năm 2024./.",
    ])
    assert found[found.index("GIẤY NGHỈ PHÉP") + 1].startswith("Xét Đơn")  # no trích yếu
    assert [(r.text, bool(r.bold)) for r in paragraph(d, "Ông: Đỗ Văn Thành").runs] == \
        [("Ông: ", False), ("Đỗ Văn Thành", True)]
    closing = d.tables[-1]
    assert len(closing.rows) == 1  # no confirmation block unless asked
    assert cell_lines(closing.cell(0, 0)) == ["Nơi nhận:", "- Ông Đỗ Văn Thành;", "- Lưu: VT."]


@pytest.mark.parametrize(("tu_ngay", "den_ngay", "so_ngay", "expected"), [
    ("06/5/2024", "10/5/2024", None, "05 ngày làm việc"),  # Monday to Friday
    ("06/5/2024", "13/5/2024", None, "06 ngày làm việc"),  # the weekend is not counted
    ("29/4/2024", "03/5/2024", None, "02 ngày làm việc"),  # 29/4 (swapped), 30/4 and 1/5 are days off
    ("26/4/2024", "06/5/2024", None, "05 ngày làm việc"),  # ... and Saturday 4/5/2024 is a make-up working day
    ("06/5/2024", "10/5/2024", 5, "05 ngày"),  # as given
    ("06/5/2024", "12/5/2024", 7, "07 ngày"),  # calendar days when so_ngay says so
])
def test_nghi_phep_counts_working_days(tmp_path, tu_ngay, den_ngay, so_ngay, expected):
    source = NGHI_PHEP.replace("tu_ngay: 06/5/2024", f"tu_ngay: {tu_ngay}").replace(
        "den_ngay: 10/5/2024", f"den_ngay: {den_ngay}")
    if so_ngay is not None:
        source = source.replace("  tinh_vao:", f"  so_ngay: {so_ngay}\n  tinh_vao:")
    assert (f"Được nghỉ phép trong thời gian {expected} kể từ ngày {tu_ngay} đến hết ngày {den_ngay} "
            "tại huyện Hải Hậu, tỉnh Nam Định.") in body(render(tmp_path, source))


HOLIDAYS_ONLY = NGHI_PHEP.replace("tu_ngay: 06/5/2024", "tu_ngay: 30/4/2024").replace(
    "den_ngay: 10/5/2024", "den_ngay: 01/5/2024")


def test_nghi_phep_over_holidays_only(tmp_path):
    """30/4 and 1/5 hold no working day to count: an error naming so_ngay and its template line,
    raised when the document is built (the count is made there), before anything is written."""
    err = error(tmp_path, HOLIDAYS_ONLY)
    assert "nghi_phep.so_ngay" in str(err) and "không có ngày làm việc" in str(err)
    assert "ghi so_ngay" in (err.hint or "")
    assert err.line == line_of(HOLIDAYS_ONLY, "nghi_phep:")


def test_a_list_from_data_stays_a_list(tmp_path):
    """``nhan_dien: "{{ ds }}"`` with a list from a data file is that list, not its Python text."""
    source = CONG_DIEN.replace("""  nhan_dien:
    - Ủy ban nhân dân các huyện, thị xã, thành phố
    - Các Ban Quản lý dự án
""", """  nhan_dien: "{{ ds }}"
""")
    d = render(tmp_path, source, ds=["Ủy ban nhân dân các huyện", "Các Ban Quản lý dự án"])
    in_order(body(d), ["GIÁM ĐỐC SỞ XÂY DỰNG điện:", "- Ủy ban nhân dân các huyện;", "- Các Ban Quản lý dự án."])
    err = error(tmp_path, source, ds=[1, 2])  # not texts: refused, naming the field and its line
    assert "cần chuỗi" in str(err) and err.line == line_of(source, "nhan_dien:")


def test_nghi_phep_confirmation_block(tmp_path):
    d = render(tmp_path, NGHI_PHEP.replace("  tinh_vao:", "  xac_nhan: true\n  tinh_vao:"))
    closing = d.tables[-1]
    assert len(closing.rows) == 2
    assert cell_lines(closing.cell(0, 0))[0] == "Nơi nhận:"
    assert cell_lines(closing.cell(0, 1)) == ["GIÁM ĐỐC", "Vũ Đình Khang"]
    confirm = closing.cell(1, 0).paragraphs[0]
    assert confirm.text == "Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa phương nơi nghỉ phép"
    assert confirm.alignment == 1 and all(r.italic for r in confirm.runs)
    assert cell_lines(closing.cell(1, 1)) == []


def test_nghi_phep_more_days_than_the_calendar_has(tmp_path):
    source = NGHI_PHEP.replace("  tinh_vao:", "  so_ngay: 6\n  tinh_vao:")
    err = error(tmp_path, source)
    assert "nghi_phep.so_ngay" in str(err) and "6 ngày nghỉ" in str(err) and "chỉ có 5 ngày" in str(err)
    assert err.line == line_of(source, "so_ngay:")


def test_nghi_phep_ending_before_it_starts(tmp_path):
    source = NGHI_PHEP.replace("den_ngay: 10/5/2024", "den_ngay: 03/5/2024")
    err = error(tmp_path, source)
    assert "nghi_phep.den_ngay" in str(err) and "03/5/2024" in str(err)
    assert err.line == line_of(source, "den_ngay:")


def test_nghi_phep_request_after_the_paper(tmp_path):
    source = NGHI_PHEP.replace("don_ngay: 19/4/2024", "don_ngay: 25/4/2024")
    err = error(tmp_path, source)
    assert "nghi_phep.don_ngay" in str(err) and "25/4/2024" in str(err) and "22/4/2024" in str(err)
    assert err.line == line_of(source, "don_ngay:")


# --------------------------------------------------------------------------- Mẫu 1.6 công điện


def test_cong_dien_line_then_recipients(tmp_path):
    d = render(tmp_path, CONG_DIEN)
    found = body(d)
    start = found.index("GIÁM ĐỐC SỞ XÂY DỰNG điện:")
    assert found[start - 1] == "Về việc chủ động ứng phó với bão số 3"
    assert found[start + 1:start + 4] == [
        "- Ủy ban nhân dân các huyện, thị xã, thành phố;", "- Các Ban Quản lý dự án.",
        "Giám đốc Sở Xây dựng yêu cầu các đơn vị kiểm tra an toàn công trình đang thi công./."]
    assert paragraph(d, "GIÁM ĐỐC SỞ XÂY DỰNG điện:").alignment == 1  # centred
    recipient = paragraph(d, "- Các Ban Quản lý dự án.")
    assert recipient.alignment == 0 and recipient.paragraph_format.left_indent > 0  # a list to the right
    assert d.tables[0].cell(1, 0).text == "Số: 02/CĐ-SXD"


def test_cong_dien_from_the_agency(tmp_path):
    found = body(render(tmp_path, CONG_DIEN.replace("  nguoi_dien: Giám đốc Sở Xây dựng\n", "")))
    assert "SỞ XÂY DỰNG điện:" in found


def test_cong_dien_with_kinh_gui(tmp_path):
    source = CONG_DIEN.replace("noi_nhan:", "kinh_gui: [Ủy ban nhân dân các huyện]\nnoi_nhan:")
    err = error(tmp_path, source)
    assert "kinh_gui" in str(err) and "cong_dien.nhan_dien" in str(err)
    assert err.line == line_of(source, "kinh_gui:")


def test_cong_dien_without_recipients(tmp_path):
    source = CONG_DIEN.replace("    - Ủy ban nhân dân các huyện, thị xã, thành phố\n    - Các Ban Quản lý dự án\n",
                               "").replace("nhan_dien:", "nhan_dien: []")
    err = error(tmp_path, source)
    assert "cong_dien.nhan_dien" in str(err) and "nơi nhận điện" in str(err)


# --------------------------------------------------------------------------- Mẫu 1.1 nghị quyết


@pytest.mark.parametrize("count", [2, 3])
def test_nghi_quyet_quyet_nghi_and_nhu_dieu(tmp_path, count):
    d = render(tmp_path, NGHI_QUYET, dieu_khoan=ARTICLES[-count:])
    found = body(d)
    in_order(found, ["NGHỊ QUYẾT", "Hội nghị cán bộ, công chức, viên chức năm 2024",
                     "HỘI NGHỊ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC SỞ NỘI VỤ",
                     "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022.",
                     "QUYẾT NGHỊ:",
                     *[f"Điều {i}. {text}" + ("/." if i == count else "")
                       for i, text in enumerate(ARTICLES[-count:], 1)]])
    quyet_nghi = paragraph(d, "QUYẾT NGHỊ:")
    assert quyet_nghi.alignment == 1 and all(r.bold for r in quyet_nghi.runs)
    assert "QUYẾT ĐỊNH:" not in found
    assert cell_lines(d.tables[-1].cell(0, 0)) == ["Nơi nhận:", f"- Như Điều {count};", "- Lưu: VT."]
    assert cell_lines(d.tables[-1].cell(0, 1)) == ["TM. HỘI NGHỊ", "CHỦ TỌA", "Nguyễn Văn Bình"]
    assert d.tables[0].cell(1, 0).text == "Số: 01/NQ-SNV"


# --------------------------------------------------------------------------- built-in templates

BUILTINS = {"nghi_quyet.md.j2": (NGHI_QUYET, "nghi_quyet"), "cong_dien.md.j2": (CONG_DIEN, "cong_dien"),
            "giay_gioi_thieu.md.j2": (GIOI_THIEU, "giay_gioi_thieu"), "bien_ban.md.j2": (BIEN_BAN, "bien_ban"),
            "giay_nghi_phep.md.j2": (NGHI_PHEP, "giay_nghi_phep")}


@pytest.mark.parametrize("name", sorted(BUILTINS))
@pytest.mark.parametrize("prefix", ["", "baocao/"])
def test_builtin_template_gives_the_type_and_the_blocks(tmp_path, name, prefix):
    """The child has no ``loai``: the built-in gives it; its three blocks are filled in order."""
    template, loai = BUILTINS[name]
    head = template.split("---\n")[1].replace(f"loai: {loai}\n", "")
    blocks = "".join(f"{{% block {b} %}}\nKhối {b} của văn bản.\n{{% endblock %}}\n"
                     for b in ("ket_luan", "mo_dau", "noi_dung"))  # the base sets the order
    source = f'---\n{head}---\n{{% extends "{prefix}{name}" %}}\n{blocks}'
    path = write(tmp_path, "con.md.j2", source)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vb = baocao.render(path, dieu_khoan=ARTICLES)
    assert vb.loai_vb.ma == loai
    found = body(docx.Document(str(vb.save(tmp_path / "out.docx"))))
    found = [t.removesuffix("/.") for t in found]
    in_order(found, ["Khối mo_dau của văn bản.", "Khối noi_dung của văn bản.", "Khối ket_luan của văn bản."])


def test_builtin_templates_are_listed(tmp_path):
    from baocao.template.loader import builtin_names

    assert set(BUILTINS) <= set(builtin_names())


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_builtin_template_is_valid_ooxml(tmp_path, name):
    """As ``test_schema.test_builtin_template_is_valid``, with the front matter each form needs."""
    from test_schema import VALIDATOR, assert_valid

    if VALIDATOR is None:
        pytest.skip("no OOXML validator (BAOCAO_OOXML_VALIDATOR)")
    template, _ = BUILTINS[name]
    path = write(tmp_path, "con.md.j2", template)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vb = baocao.render(path, dieu_khoan=ARTICLES)
    assert_valid(vb.save(tmp_path / "out.docx"))


# --------------------------------------------------------------------------- the example folders

#: One example folder per form, and the pages LibreOffice lays it out on (measured).
FORM_EXAMPLES = {
    "nghi_quyet_hoi_nghi_cbccvc_so_noi_vu_quang_nam": ("nghi_quyet", 1),
    "cong_dien_ung_pho_bao_ubnd_ha_tinh": ("cong_dien", 2),
    "giay_gioi_thieu_so_tai_chinh_tra_vinh": ("giay_gioi_thieu", 1),
    "bien_ban_hop_giao_ban_so_xay_dung_ha_nam": ("bien_ban", 2),
    "giay_nghi_phep_so_tai_nguyen_moi_truong_nam_dinh": ("giay_nghi_phep", 1),
}


def render_example(folder: str) -> baocao.VanBan:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return baocao.render(EXAMPLES / folder)


@pytest.mark.parametrize("folder", sorted(FORM_EXAMPLES))
def test_form_example_renders_its_type_from_its_data(folder, tmp_path):
    vb = render_example(folder)
    assert vb.loai_vb.ma == FORM_EXAMPLES[folder][0]
    template = next((EXAMPLES / folder).glob("*.md.j2")).read_text(encoding="utf-8")
    base = FORM_EXAMPLES[folder][0] + ".md.j2"
    assert f'{{% extends "{base}" %}}' in template  # each extends its built-in
    data = [p for p in (EXAMPLES / folder).iterdir() if p.suffix in (".yaml", ".csv")]
    for path in data:  # every data file is used by the template
        assert f"{path.stem}." in template, f"{path.name} is not used by {folder}"


def test_form_examples_fill_the_blanks_from_data(tmp_path):
    """What the data files hold reaches the form's sentences."""
    text = "\n".join(line for f in FORM_EXAMPLES
                     for line in body(docx.Document(str(render_example(f).save(tmp_path / f"{f}.docx")))))
    for sentence in ("Bà Lê Thị Mỹ Linh", "Giấy này có giá trị đến hết ngày 31/10/2024./.",
                     "Được nghỉ phép trong thời gian 08 ngày làm việc kể từ ngày 26/8/2024 đến hết ngày 06/9/2024",
                     "Hồi 04 giờ ngày 06/9/2024", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:",
                     "Thời gian bắt đầu: 08 giờ 00, ngày 05 tháng 7 năm 2024",
                     "đạt 98,80%", "Điều 2. Hội nghị thống nhất các chỉ tiêu chủ yếu năm 2024:"):
        assert sentence in text


@needs_office
@pytest.mark.parametrize("folder", sorted(FORM_EXAMPLES))
def test_form_example_fits_its_pages(folder, tmp_path):
    pages = pdf_pages(to_pdf(render_example(folder), tmp_path))
    assert pages == FORM_EXAMPLES[folder][1]


# --------------------------------------------------------------------------- README

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_forms() -> str:
    start = README.index("### Forms with fixed sentences (Phụ lục III)")
    return README[start:README.index("\n### ", start + 1)]


def test_readme_form_table_matches_the_library():
    from baocao.doctypes import LOAI_VAN_BAN
    from baocao.forms import FORM_FIELDS, FORM_OF

    rows = [line.split("|")[1:-1] for line in readme_forms().splitlines()
            if line.startswith("| `") and not line.startswith("| `loai`")]
    assert [r[0].strip(" `") for r in rows] == ["nghi_quyet", "cong_dien", "giay_moi", "giay_gioi_thieu", "bien_ban",
                                                "giay_nghi_phep"]
    for loai, mau, fields in rows:
        loai = loai.strip(" `")
        assert mau.strip() == f"Mẫu {LOAI_VAN_BAN[loai].mau_so}"
        if loai in FORM_OF:
            name = FORM_OF[loai][0]
            head, _, listed = fields.partition(":")
            assert head.strip(" `") == name
            named = [n for n in re.findall(r"`(\w+)`", listed) if n in FORM_FIELDS[name]]
            assert sorted(named) == sorted(FORM_FIELDS[name]), loai


def test_readme_bien_ban_example_renders_as_its_comments_say(tmp_path):
    block = re.search(r"```yaml\n(.*?)```", readme_forms(), re.S)[1]
    source = f'---\n{block}---\n{{% extends "bien_ban.md.j2" %}}\n{{% block noi_dung %}}\nBiên bản.\n{{% endblock %}}\n'
    d = render(tmp_path, source)
    sentences = [c.strip() for c in re.findall(r"# (.*giờ.*)", block)]
    assert len(sentences) == 2
    in_order(body(d), sentences)
    closing = d.tables[-1]
    assert cell_lines(closing.cell(0, 0)) == ["THƯ KÝ", "Trần Văn Hùng"]
    assert cell_lines(closing.cell(0, 1)) == ["CHỦ TỌA", "Nguyễn Thị Phúc Thảo"]
    assert cell_lines(closing.cell(1, 0)) == ["Nơi nhận:", "- Ban Giám đốc Sở;", "- Lưu: VT, Hồ sơ."]
    assert d.tables[0].cell(1, 1).text.strip() == ""


# --------------------------------------------------------------------------- what the forms refuse


@pytest.mark.parametrize(("over", "where", "words"), [
    (dict(loai="giay_nghi_phep", nghi_phep={**FORM_SAMPLES["giay_nghi_phep"]["nghi_phep"], "so_ngay": 1}),
     "VanBan.nghi_phep.so_ngay", "có 5 ngày làm việc"),
    (dict(loai="giay_gioi_thieu", ngay=(2021, 2)), "VanBan.gioi_thieu.co_gia_tri_den",
     "trước ngày cấp giấy (tháng 02/2021)"),
    (dict(loai="bien_ban", ngay="2020-12-28"), "VanBan.bien_ban.bat_dau", "sau ngày của biên bản"),
    (dict(loai="bien_ban", trich_yeu=None), "VanBan.trich_yeu", "cần trích yếu"),
    (dict(loai="cong_dien", trich_yeu=None), "VanBan.trich_yeu", "cần trích yếu"),
    (dict(loai="giay_gioi_thieu", kinh_gui=["Sở Tài chính"]), "VanBan.kinh_gui", "không có dòng Kính gửi"),
    (dict(loai="bien_ban", kinh_gui=["Sở Tài chính"]), "VanBan.kinh_gui", "không có dòng Kính gửi"),
])
def test_inconsistent_forms_are_refused(over, where, words):
    fields = {**FORM_SAMPLES[over["loai"]], **over}
    with pytest.raises(baocao.ModelError) as info:
        make(**fields)
    assert info.value.where == where and words in str(info.value)


def test_nghi_quyet_needs_its_trich_yeu():
    with pytest.raises(baocao.ModelError, match="nghị quyết cần trích yếu"):
        make(loai="nghi_quyet", kinh_gui=[], trich_yeu=None)


@pytest.mark.parametrize("name", ["so", "noi_nhan"])
def test_kem_theo_has_no_number_or_noi_nhan_of_its_own(name):
    with pytest.raises(baocao.ModelError) as info:
        make(loai="quy_che", kinh_gui=[], noi_nhan=["Sở Tài chính"] if name == "noi_nhan" else [], ngay=None,
             so=5 if name == "so" else None, kem_theo={"so": 120, "ngay": "2021-04-01"})
    assert info.value.where == f"VanBan.{name}" and "kèm theo quyết định" in str(info.value)


def test_nhu_dieu_names_an_article_the_text_has(tmp_path):
    vb = make(loai="nghi_quyet", kinh_gui=[], noi_nhan=["Như Điều 5", "Ban Giám đốc"])
    for i in range(1, 4):
        vb.heading(f"Nội dung điều {i}")
    with pytest.raises(baocao.ModelError, match="'Như Điều 5' nhưng văn bản chỉ có 3 điều") as info:
        vb.to_bytes()
    assert info.value.where == "VanBan.noi_nhan" and not list(tmp_path.iterdir())
    vb.noi_nhan = ["Như Điều 3", "Ban Giám đốc"]
    assert vb.dieu_cuoi == 3 and b"word/document.xml" in vb.to_bytes()


def test_words_the_form_prints_typed_again_are_removed_with_a_warning():
    """'Ông Ông …', 'tại tại …', 'Chức vụ: Chức vụ: …', '… điện: điện:', 'Hà Nội..' came out doubled."""
    f = {**FORM_SAMPLES["giay_nghi_phep"], "loai": "giay_nghi_phep"}
    f["nghi_phep"] = {**f["nghi_phep"], "ong_ba": "Bà Đỗ Thị Thành", "danh_xung": None, "noi_nghi": "tại Hà Nội.",
                      "chuc_vu": "Chức vụ: Chuyên viên", "tinh_vao": "thời gian nghỉ phép năm 2020"}
    with pytest.warns(baocao.BaoCaoWarning) as caught:
        vb = make(**f)
    found = body(docx.Document(io.BytesIO(vb.to_bytes())))
    assert "Bà: Đỗ Thị Thành" in found and "Chức vụ: Chuyên viên" in found
    assert any(t.endswith("tại Hà Nội.") and "tại tại" not in t for t in found)
    assert "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm 2020./." in found
    assert {str(w.message).split(":")[0] for w in caught} == {"nghi_phep.ong_ba", "nghi_phep.noi_nghi",
                                                               "nghi_phep.chuc_vu", "nghi_phep.tinh_vao"}
    cd = {**FORM_SAMPLES["cong_dien"], "loai": "cong_dien"}
    cd["cong_dien"] = {**cd["cong_dien"], "nguoi_dien": "Giám đốc Sở Xây dựng điện:"}
    with pytest.warns(baocao.BaoCaoWarning, match="cong_dien.nguoi_dien"):
        vb = make(**cd)
    assert "GIÁM ĐỐC SỞ XÂY DỰNG điện:" in body(docx.Document(io.BytesIO(vb.to_bytes())))


@pytest.mark.parametrize(("signer", "words"), [({"ho_ten": "Trần Văn Hùng", "chuc_vuu": "Thư ký"}, "có phải 'chuc_vu'"),
                                               ({"ho_ten": "Trần Văn Hùng", "quyen_han": "KT."}, "không có trường")])
def test_bien_ban_signers_take_a_name_and_a_title_only(signer, words):
    f = {**FORM_SAMPLES["bien_ban"], "loai": "bien_ban"}
    f["bien_ban"] = {**f["bien_ban"], "thu_ky": signer}
    with pytest.raises(baocao.ModelError, match=words) as info:
        make(**f)
    assert info.value.where.startswith("VanBan.bien_ban.thu_ky.")


def test_title_typed_with_the_name_follows_the_name():
    """'Bà' typed with a first name did not stick to a later one; a title contradicting danh_xung stops."""
    gt = baocao.GioiThieu(ong_ba="Bà Lê Thị Linh", chuc_vu="Chuyên viên", duoc_cu_den="Sở Tài chính",
                          ve_viec="Làm việc", co_gia_tri_den="31/12/2024")
    with pytest.warns(baocao.BaoCaoWarning, match="'Bà Lê Thị Linh' → 'Lê Thị Linh'"):
        vb = make(loai="giay_gioi_thieu", kinh_gui=[], trich_yeu=None, ngay="2024-02-05", gioi_thieu=gt)
    with pytest.warns(baocao.BaoCaoWarning):
        vb.gioi_thieu.ong_ba = "Ông Nguyễn Văn Bình"
        found = body(docx.Document(io.BytesIO(vb.to_bytes())))
    assert "Ông Nguyễn Văn Bình" in found and any("để ông có tên ở trên" in t for t in found)
    vb.gioi_thieu.ong_ba, vb.gioi_thieu.danh_xung = "Bà Trần Thị C", "Ông"
    with pytest.warns(baocao.BaoCaoWarning), \
            pytest.raises(baocao.ModelError, match="gõ 'Bà' trước họ tên nhưng danh_xung là 'Ông'"):
        vb.to_bytes()


def test_entries_and_signers_typed_as_on_paper():
    f = {**FORM_SAMPLES["bien_ban"], "loai": "bien_ban"}
    f["bien_ban"] = {**f["bien_ban"], "thanh_phan": ["- Ban Giám đốc Sở;", "+ Trưởng các phòng."],
                     "chu_toa": "Bà Nguyễn Thị Phúc Thảo, Phó Giám đốc Sở"}
    with pytest.warns(baocao.BaoCaoWarning):
        vb = make(**f)
    d = docx.Document(io.BytesIO(vb.to_bytes()))
    found = body(d)
    assert "- Ban Giám đốc Sở;" in found and "- Trưởng các phòng." in found and not any("- -" in t for t in found)
    assert "Chủ trì (chủ tọa): Nguyễn Thị Phúc Thảo, Phó Giám đốc Sở" in found
    assert cell_lines(d.tables[-1].cell(0, 1)) == ["CHỦ TỌA", "Nguyễn Thị Phúc Thảo"]


def test_blanks_from_a_table_row():
    """A mail merge from a DataFrame: an empty so_ngay counts the working days; NaN is an empty cell."""
    f = {**FORM_SAMPLES["giay_nghi_phep"], "loai": "giay_nghi_phep"}
    for empty in ("", float("nan"), None):
        f["nghi_phep"] = {**f["nghi_phep"], "so_ngay": empty, "don_vi": float("nan")}
        found = body(docx.Document(io.BytesIO(make(**f).to_bytes())))
        assert any("trong thời gian 05 ngày làm việc" in t for t in found)
    f["nghi_phep"] = {**f["nghi_phep"], "so_ngay": 5.0}
    assert any("trong thời gian 05 ngày kể từ" in t for t in body(docx.Document(io.BytesIO(make(**f).to_bytes()))))


def test_kem_theo_of_another_body_needs_its_ky_hieu():
    fields = dict(loai="quy_che", kinh_gui=[], noi_nhan=[], nguoi_ky=None, so=None, ngay=None)
    with pytest.raises(baocao.ModelError, match="cần ký hiệu của nó") as info:
        make(**fields, kem_theo={"so": 15, "ngay": "10/7/2024", "cua": "Ủy ban nhân dân tỉnh Trà Vinh"})
    assert info.value.where == "VanBan.kem_theo.ky_hieu"
    ok = make(**fields, kem_theo={"so": 15, "ngay": "10/7/2024", "cua": "Giám đốc Sở Xây dựng"})
    assert ok.kem_theo is not None


def test_typed_end_mark_inside_a_sentence_is_removed():
    f = {**FORM_SAMPLES["giay_nghi_phep"], "loai": "giay_nghi_phep"}
    f["nghi_phep"] = {**f["nghi_phep"], "noi_nghi": "Hà Nội./."}
    with pytest.warns(baocao.BaoCaoWarning):
        found = body(docx.Document(io.BytesIO(make(**f).to_bytes())))
    assert any(t.endswith("tại Hà Nội.") for t in found)


# --------------------------------------------------------------------------- Mẫu 1.7 giấy mời


GIAY_MOI = dict(kinh_moi="Trưởng các phòng, đơn vị thuộc Sở", toi_du="cuộc họp giao ban công tác quý I năm 2024",
                chu_tri="Ông Lê Minh Tân, Giám đốc Sở", thoi_gian="05/01/2021 08:00",
                dia_diem="Phòng họp tầng 2, Sở Xây dựng")


def test_giay_moi_with_its_blanks_writes_the_decree_sentences():
    vb = make(loai="giay_moi", kinh_gui=[], trich_yeu="Họp giao ban quý I", giay_moi=GIAY_MOI)
    vb.paragraph("Đề nghị các đơn vị chuẩn bị báo cáo kết quả quý I.")
    in_order(body(docx.Document(io.BytesIO(vb.to_bytes()))), [
        "Sở Xây dựng trân trọng kính mời: Trưởng các phòng, đơn vị thuộc Sở",
        "Tới dự cuộc họp giao ban công tác quý I năm 2024.", "Chủ trì: Ông Lê Minh Tân, Giám đốc Sở.",
        "Thời gian: 08 giờ 00, ngày 05 tháng 01 năm 2021.", "Địa điểm: Phòng họp tầng 2, Sở Xây dựng.",
        "Đề nghị các đơn vị chuẩn bị báo cáo kết quả quý I./."])
    from baocao.check import check

    assert check(vb.to_bytes()) == []


def test_giay_moi_stays_free_text_without_blanks_and_refuses_a_meeting_before_it():
    vb = make(loai="giay_moi", kinh_gui=[], trich_yeu="Họp giao ban quý I")
    vb.paragraph("Sở Xây dựng trân trọng kính mời đại diện các phòng dự họp.")
    assert "Sở Xây dựng trân trọng kính mời đại diện các phòng dự họp./." in body(
        docx.Document(io.BytesIO(vb.to_bytes())))
    with pytest.raises(baocao.ModelError, match="trước ngày của giấy mời") as info:
        make(loai="giay_moi", kinh_gui=[], trich_yeu="Họp", giay_moi={**GIAY_MOI, "thoi_gian": "2020-12-01 08:00"})
    assert info.value.where == "VanBan.giay_moi.thoi_gian"
    with pytest.raises(baocao.ModelError, match="cần cả giờ"):
        make(loai="giay_moi", kinh_gui=[], trich_yeu="Họp", giay_moi={**GIAY_MOI, "thoi_gian": "2021-01-05"})
