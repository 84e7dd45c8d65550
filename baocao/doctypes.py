"""Document types (loại văn bản) as data: abbreviation, title line, numbering.

Spec §6 gives the abbreviations; each record says whether the type has a tên
loại line, which numbering scheme its headings use, whether it is addressed with
Kính gửi and what the first Nơi nhận entry usually is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .errors import ModelError


@dataclass(frozen=True)
class LoaiVanBan:
    """One document type.

    ``ten`` is the name in sentence case ("Báo cáo"); the writer sets it in upper
    case as the tên loại line. ``viet_tat`` is the ký hiệu abbreviation (``BC``);
    ``None`` for công văn, which has neither abbreviation nor tên loại.
    """

    ma: str
    ten: str
    viet_tat: str | None
    danh_so: str = "muc"
    co_ten_loai: bool = True
    noi_nhan_dau: str | None = None  # first Nơi nhận entry when none is given
    quyet_dinh: bool = False  # "QUYẾT ĐỊNH:" line after the Căn cứ lines


def _ma(ten: str) -> str:
    base = unicodedata.normalize("NFD", ten.lower().replace("đ", "d"))
    return "".join(c for c in base if not unicodedata.combining(c)).replace(" ", "_")


_TYPES = [
    LoaiVanBan("bao_cao", "Báo cáo", "BC", noi_nhan_dau="Như trên"),
    LoaiVanBan("ke_hoach", "Kế hoạch", "KH"),
    LoaiVanBan("to_trinh", "Tờ trình", "TTr", noi_nhan_dau="Như trên"),
    LoaiVanBan("thong_bao", "Thông báo", "TB"),
    LoaiVanBan("giay_moi", "Giấy mời", "GM"),
    LoaiVanBan("cong_van", "Công văn", None, co_ten_loai=False, noi_nhan_dau="Như trên"),
    LoaiVanBan("quyet_dinh", "Quyết định", "QĐ", danh_so="dieu", noi_nhan_dau="Như Điều 3",
               quyet_dinh=True),
]
# The rest of the abbreviation table (§6), laid out like a báo cáo.
_TYPES += [
    LoaiVanBan(_ma(ten), ten, vt, danh_so="dieu" if ten in ("Quy chế", "Quy định") else "muc")
    for ten, vt in (
        ("Nghị quyết", "NQ"), ("Chỉ thị", "CT"), ("Quy chế", "QC"), ("Quy định", "QyĐ"),
        ("Thông cáo", "TC"), ("Hướng dẫn", "HD"), ("Chương trình", "CTr"), ("Phương án", "PA"),
        ("Đề án", "ĐA"), ("Dự án", "DA"), ("Biên bản", "BB"), ("Hợp đồng", "HĐ"),
        ("Công điện", "CĐ"), ("Bản ghi nhớ", "BGN"), ("Bản thỏa thuận", "BTT"),
        ("Giấy ủy quyền", "GUQ"), ("Giấy giới thiệu", "GGT"), ("Giấy nghỉ phép", "GNP"),
        ("Phiếu gửi", "PG"), ("Phiếu chuyển", "PC"), ("Phiếu báo", "PB"),
    )
]

#: Every known document type by its code (``"bao_cao"``, ``"cong_van"`` …).
LOAI_VAN_BAN: dict[str, LoaiVanBan] = {t.ma: t for t in _TYPES}


def loai_van_ban(name: str | LoaiVanBan) -> LoaiVanBan:
    """Look a type up by code (``bao_cao``), name (``Báo cáo``) or abbreviation (``BC``).

    >>> loai_van_ban("Kế hoạch").viet_tat
    'KH'
    >>> loai_van_ban("QĐ").ma
    'quyet_dinh'
    """
    if isinstance(name, LoaiVanBan):
        return name
    key = _ma(str(name).strip())
    if key in LOAI_VAN_BAN:
        return LOAI_VAN_BAN[key]
    for t in _TYPES:
        if t.viet_tat and t.viet_tat.lower() == str(name).strip().lower():
            return t
    import difflib

    close = difflib.get_close_matches(key, LOAI_VAN_BAN, n=1)
    raise ModelError(
        f"không biết loại văn bản {name!r}",
        where="loai",
        hint=f"có phải '{close[0]}'?" if close else "các loại: " + ", ".join(LOAI_VAN_BAN),
    )


def ky_hieu(loai: LoaiVanBan, co_quan: str | None, don_vi: str | None = None) -> str:
    """Build the ký hiệu from the abbreviation table (spec §2).

    >>> ky_hieu(loai_van_ban("bao_cao"), "SXD")
    'BC-SXD'
    >>> ky_hieu(loai_van_ban("cong_van"), "SNV", "TCBCTCPCP")
    'SNV-TCBCTCPCP'
    """
    if not co_quan:
        raise ModelError(
            "thiếu chữ viết tắt tên cơ quan để lập ký hiệu",
            where="VanBan.viet_tat_co_quan",
            hint="ví dụ viet_tat_co_quan='SXD', hoặc cho ký hiệu đầy đủ: ky_hieu='BC-SXD'",
        )
    if loai.viet_tat is None:
        return f"{co_quan}-{don_vi}" if don_vi else co_quan
    return f"{loai.viet_tat}-{co_quan}"
