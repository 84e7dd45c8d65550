"""Document types (loại văn bản) as data: abbreviation, title line, numbering.

Spec §6 gives the abbreviations; each record says whether the type has a tên
loại line, which numbering scheme its headings use, whether it is addressed with
Kính gửi and what the first Nơi nhận entry usually is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .errors import ModelError
from .records import FrozenRecord


@dataclass(frozen=True, repr=False, eq=False)
class LoaiVanBan(FrozenRecord):
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
    quyet_dinh: bool = False  # a "QUYẾT ĐỊNH:" (or ``dong_quyet``) line after the Căn cứ lines
    mau_so: str = "1.4"  # the form (mẫu) of Phụ lục III it is laid out by
    dong_quyet: str | None = None  # the line after the Căn cứ, when not "<TÊN LOẠI>:" (QUYẾT NGHỊ:)
    co_trich_yeu: bool = True  # giấy giới thiệu, giấy nghỉ phép: no trích yếu under the tên loại
    co_ngay: bool = True  # biên bản: no place and date line in the header (Mẫu 1.9)

    @property
    def dong_quyet_dinh(self) -> str | None:
        """The line that opens the articles: ``QUYẾT ĐỊNH:``, ``QUYẾT NGHỊ:`` or none."""
        if not self.quyet_dinh:
            return None
        return self.dong_quyet or self.ten.upper() + ":"


def _ma(ten: str) -> str:
    base = unicodedata.normalize("NFD", ten.lower().replace("đ", "d"))
    return "".join(c for c in base if not unicodedata.combining(c)).replace(" ", "_")


# "Như Điều …": the article that says who carries the decision out, the last one (§4)
_NHU_DIEU = "Như Điều {last}"

# The forms of Phụ lục III (§6): Mẫu 1.1 nghị quyết, 1.2 quyết định, 1.4 every type with a tên loại,
# 1.5 công văn, 1.6 công điện, 1.7 giấy mời, 1.8 giấy giới thiệu, 1.9 biên bản, 1.10 giấy nghỉ phép.
_TYPES = [
    LoaiVanBan("bao_cao", "Báo cáo", "BC", noi_nhan_dau="Như trên"),
    LoaiVanBan("ke_hoach", "Kế hoạch", "KH"),
    LoaiVanBan("to_trinh", "Tờ trình", "TTr", noi_nhan_dau="Như trên"),
    LoaiVanBan("thong_bao", "Thông báo", "TB"),
    LoaiVanBan("giay_moi", "Giấy mời", "GM", mau_so="1.7"),
    LoaiVanBan("cong_van", "Công văn", None, co_ten_loai=False, noi_nhan_dau="Như trên", mau_so="1.5"),
    LoaiVanBan("quyet_dinh", "Quyết định", "QĐ", danh_so="dieu", noi_nhan_dau=_NHU_DIEU,
               quyet_dinh=True, mau_so="1.2"),
    LoaiVanBan("nghi_quyet", "Nghị quyết", "NQ", danh_so="dieu", noi_nhan_dau=_NHU_DIEU,
               quyet_dinh=True, dong_quyet="QUYẾT NGHỊ:", mau_so="1.1"),
    LoaiVanBan("cong_dien", "Công điện", "CĐ", mau_so="1.6"),
    LoaiVanBan("giay_gioi_thieu", "Giấy giới thiệu", "GGT", noi_nhan_dau="Như trên", co_trich_yeu=False,
               mau_so="1.8"),
    LoaiVanBan("bien_ban", "Biên bản", "BB", co_ngay=False, mau_so="1.9"),
    LoaiVanBan("giay_nghi_phep", "Giấy nghỉ phép", "GNP", co_trich_yeu=False, mau_so="1.10"),
]
# The rest of the abbreviation table (§6): Mẫu 1.4, laid out like a báo cáo.
_TYPES += [
    LoaiVanBan(_ma(ten), ten, vt, danh_so="dieu" if ten in ("Quy chế", "Quy định") else "muc")
    for ten, vt in (
        ("Chỉ thị", "CT"), ("Quy chế", "QC"), ("Quy định", "QyĐ"),
        ("Thông cáo", "TC"), ("Hướng dẫn", "HD"), ("Chương trình", "CTr"), ("Phương án", "PA"),
        ("Đề án", "ĐA"), ("Dự án", "DA"), ("Hợp đồng", "HĐ"),
        ("Bản ghi nhớ", "BGN"), ("Bản thỏa thuận", "BTT"),
        ("Giấy ủy quyền", "GUQ"),
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
