"""Every size, margin, font and position of Decree 30/2020/NĐ-CP, Phụ lục I, as data.

Writers read these numbers; nothing else in baocao hard-codes a layout figure.
Sizes are in points (pt) and lengths in millimetres (mm) unless the name says
otherwise. The spec is ``shared/spec/nd30.md`` §1–5.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import FrozenRecord

MM_PER_INCH = 25.4
TWIPS_PER_PT = 20


def mm_to_twips(mm: float) -> int:
    """Millimetres to twentieths of a point (the unit of most WordprocessingML lengths).

    >>> mm_to_twips(20), mm_to_twips(30), mm_to_twips(15)
    (1134, 1701, 850)
    """
    return round(mm / MM_PER_INCH * 72 * TWIPS_PER_PT)


def pt_to_twips(pt: float) -> int:
    """Points to twips.

    >>> pt_to_twips(6)
    120
    """
    return round(pt * TWIPS_PER_PT)


@dataclass(frozen=True, repr=False, eq=False)
class Page(FrozenRecord):
    """§1 — paper and margins (portrait A4 by default)."""

    width_mm: float = 210.0
    height_mm: float = 297.0
    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 15.0
    header_distance_mm: float = 10.0  # the page number sits in the top margin
    footer_distance_mm: float = 10.0

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def landscape_text_width_mm(self) -> float:
        """Text width of a landscape page (wide tables, phụ lục): the long side less
        the left and right margins, which stay as on a portrait page."""
        return self.height_mm - self.margin_left_mm - self.margin_right_mm


@dataclass(frozen=True, repr=False, eq=False)
class Sizes(FrozenRecord):
    """Font sizes (pt) of each component, defaults inside the lawful ranges."""

    font: str = "Times New Roman"
    language: str = "vi-VN"
    quoc_hieu: float = 12  # 12–13
    tieu_ngu: float = 13  # 13–14
    co_quan_chu_quan: float = 12  # 12–13
    co_quan: float = 12  # 12–13
    so_ky_hieu: float = 13
    dia_danh_ngay: float = 13  # 13–14
    cong_van_trich_yeu: float = 12  # 12–13
    do_khan: float = 13  # 13–14
    ten_loai: float = 14  # 13–14
    trich_yeu: float = 14  # 13–14
    can_cu: float = 14
    kinh_gui: float = 14
    body: float = 14  # 13–14
    table: float = 13  # 12–13 allowed inside tables
    table_min: float = 11  # a wide table shrinks down to this before it turns the page (house rule)
    noi_nhan_label: float = 12
    noi_nhan: float = 11
    chuc_vu: float = 14  # 13–14
    ho_ten: float = 14
    page_number: float = 14  # 13–14
    phu_luc_label: float = 14
    phu_luc_title: float = 14
    phu_luc_note: float = 14
    kem_theo: float = 14  # "(Kèm theo Quyết định số …)" under the trích yếu of a text issued with it (Mẫu 1.3)
    hinh_thuc_sao: float = 14  # SAO Y, SAO LỤC, TRÍCH SAO (13–14, bold)
    ban_sao_dien_tu: float = 10  # the line of an electronic copy, top right of page 1 (Mẫu 3.2)
    xac_nhan: float = 12  # giấy nghỉ phép: "Xác nhận của cơ quan … nơi nghỉ phép" (italic; the form has 11)


@dataclass(frozen=True, repr=False, eq=False)
class Spacing(FrozenRecord):
    """Paragraph spacing (§3 body: ≥ 6 pt between paragraphs, 1–1.5 lines)."""

    first_line_indent_mm: float = 12.7  # 1–1.27 cm
    before_pt: float = 6.0
    after_pt: float = 0.0
    line: float = 1.15  # multiple of single spacing, 1–1.5
    header_line: float = 1.0
    signature_blank_lines: int = 4  # room for signature and seal
    rule_gap_pt: float = 3.0  # gap between a text and the solid line under it
    # vertical gaps (pt) between the parts of the document
    so_before_pt: float = 6.0  # số / date row under the agency and Quốc hiệu
    cong_van_vv_before_pt: float = 3.0  # "V/v …" under the số of a công văn
    do_khan_before_pt: float = 6.0
    ten_loai_before_pt: float = 18.0  # tên loại under the header block
    cong_van_gap_pt: float = 6.0  # công văn (no tên loại): gap under the header block
    part_before_pt: float = 12.0  # thẩm quyền, "QUYẾT ĐỊNH:", Kính gửi, Nơi nhận/signature
    part_after_pt: float = 6.0  # under "QUYẾT ĐỊNH:" and the Kính gửi block
    caption_after_pt: float = 3.0
    table_cell_pt: float = 2.0  # above and below the text of a table cell
    spacer_pt: float = 4.0  # the empty paragraph around a table (keeps tables apart)
    phu_luc_note_after_pt: float = 12.0
    box_padding_mm: float = 2.1  # room between a boxed mark (KHẨN) and its frame
    cong_dien_indent_mm: float = 54.0  # công điện: where the dashes of the offices start (Mẫu 1.6: 5.4 cm)


@dataclass(frozen=True, repr=False, eq=False)
class HeaderBlock(FrozenRecord):
    """§2 — the two-column block at the top of page 1.

    The right column is made just wide enough for the Quốc hiệu on one line (plus
    ``quoc_hieu_slack_mm``); the left gets the rest — about 42 % of the text width
    with the defaults — but never less than ``left_min_fraction``.
    """

    quoc_hieu: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    tieu_ngu: str = "Độc lập - Tự do - Hạnh phúc"
    cell_margin_mm: float = 1.0
    quoc_hieu_slack_mm: float = 6.0
    left_min_fraction: float = 0.35  # below this the agency column gets too narrow
    # the line under the agency name and under the trích yếu: 1/3–1/2 of the text (the middle)
    rule_fraction: float = 5 / 12
    closing_left_fraction: float = 0.45  # Nơi nhận column of the closing block


@dataclass(frozen=True, repr=False, eq=False)
class Ranges(FrozenRecord):
    """The lawful ranges of the spec (§1–4), as ``(low, high)``: what ``baocao check``
    accepts. The defaults above lie inside them."""

    margin_top_mm: tuple[float, float] = (20.0, 25.0)
    margin_bottom_mm: tuple[float, float] = (20.0, 25.0)
    margin_left_mm: tuple[float, float] = (30.0, 35.0)
    margin_right_mm: tuple[float, float] = (15.0, 20.0)
    rounding_mm: float = 0.5  # lengths stored in twips or EMU round a little
    quoc_hieu_pt: tuple[float, float] = (12, 13)
    tieu_ngu_pt: tuple[float, float] = (13, 14)
    co_quan_pt: tuple[float, float] = (12, 13)
    so_ky_hieu_pt: tuple[float, float] = (13, 13)
    dia_danh_ngay_pt: tuple[float, float] = (13, 14)
    ten_loai_pt: tuple[float, float] = (13, 14)
    trich_yeu_pt: tuple[float, float] = (13, 14)
    body_pt: tuple[float, float] = (13, 14)
    first_line_indent_mm: tuple[float, float] = (10.0, 12.7)
    paragraph_spacing_min_pt: float = 6.0
    line_spacing: tuple[float, float] = (1.0, 1.5)  # multiples of single spacing
    noi_nhan_label_pt: tuple[float, float] = (12, 12)
    noi_nhan_pt: tuple[float, float] = (11, 11)
    page_number_pt: tuple[float, float] = (13, 14)
    rule_fraction: tuple[float, float] = (1 / 3, 1 / 2)  # the line under the agency name and the trích yếu


@dataclass(frozen=True, repr=False, eq=False)
class Layout(FrozenRecord):
    """The whole layout: paper and margins, font sizes, spacing, the header block. Change a value
    with ``Layout(page=Page(margin_left_mm=35))`` or ``dataclasses.replace(LAYOUT, …)``."""

    page: Page = Page()
    sizes: Sizes = Sizes()
    spacing: Spacing = Spacing()
    header: HeaderBlock = HeaderBlock()


#: The default Decree 30 layout. Build another ``Layout(...)`` to change a value.
LAYOUT = Layout()

#: The lawful ranges (spec §1–4) a document is checked against.
RANGES = Ranges()

#: Vietnamese letters for điểm (§3): no f, j, w, z and no letters with marks but đ.
CHU_CAI = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o",
           "p", "q", "r", "s", "t", "u", "v", "x", "y")

#: Authority prefixes of the signature block (§4).
QUYEN_HAN = ("TM.", "KT.", "TL.", "TUQ.", "Q.")

#: Urgency marks (§4) and secrecy marks.
DO_KHAN = ("HỎA TỐC", "THƯỢNG KHẨN", "KHẨN")
DO_MAT = ("TUYỆT MẬT", "TỐI MẬT", "MẬT")
