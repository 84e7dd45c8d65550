"""baocao — Vietnamese administrative documents (Decree 30/2020/NĐ-CP) from data.

Build a :class:`VanBan` (the document model), add body blocks, and save it::

    import datetime as dt
    from baocao import VanBan, NguoiKy

    vb = VanBan(loai="bao_cao", co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", so=564,
                dia_danh="Trà Vinh", ngay=dt.date(2020, 12, 29), trich_yeu="…",
                kinh_gui="Sở Nội vụ tỉnh Trà Vinh",
                nguoi_ky=NguoiKy("Lê Minh Tân", "Giám đốc"))
    vb.heading("Khái quát tình hình triển khai")
    vb.paragraph("…")
    vb.save("bao-cao.docx")
"""

from __future__ import annotations

from .doctypes import LOAI_VAN_BAN, LoaiVanBan
from .errors import BaoCaoError, BaoCaoWarning, DataError, LayoutError, ModelError, OutputError, TemplateError
from .formatting import bang_chu, ngay, ngay_thang_nam, phan_tram, so, so_ky_hieu, so_van_ban
from .layout import LAYOUT, Layout
from .model import Bullet, Cell, Heading, Image, NguoiKy, PageBreak, Paragraph, PhuLuc, Run, Table, VanBan
from .numbering import chu_cai, la_ma

#: The one place the version is written: pyproject.toml reads this literal (statically, without
#: importing baocao), so it must stay a plain string assignment.
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    value = _lazy(name)
    globals()[name] = value  # found once: later reads do not come here
    return value


def _lazy(name: str) -> object:
    # the template engine (Jinja, YAML, Markdown) is imported only when it is used
    if name in ("render", "Markdown"):
        from . import template

        return getattr(template, name)
    if name == "render_many":  # batch rendering imports pandas and multiprocessing
        from .batch import render_many

        return render_many
    if name == "table_from_data":  # the template's table(), for Python: vb.add(...) or vb.table(df, …)
        from .tables import table_from_data

        return table_from_data
    if name in ("BanSao", "BienBan", "CongDien", "GiayMoi", "GioiThieu", "KemTheo", "NghiPhep"):  # copies, forms
        from . import ban_sao, forms

        return getattr(ban_sao if name == "BanSao" else forms, name)
    if name == "Finding":  # what baocao.check.check() reports (the linter imports lxml)
        from .check import Finding

        return Finding
    raise AttributeError(f"module 'baocao' has no attribute {name!r}")

__all__ = [
    "render", "render_many", "Markdown", "table_from_data", "Finding", "so", "phan_tram", "bang_chu",
    "BanSao", "BienBan", "CongDien", "GiayMoi", "GioiThieu", "KemTheo", "NghiPhep",
    "LAYOUT", "LOAI_VAN_BAN", "BaoCaoError", "BaoCaoWarning", "Bullet", "Cell", "DataError",
    "Heading", "Image", "Layout", "LayoutError", "LoaiVanBan", "ModelError", "NguoiKy",
    "OutputError", "PageBreak", "Paragraph", "PhuLuc", "Run", "Table", "TemplateError", "VanBan",
    "chu_cai", "la_ma", "ngay", "ngay_thang_nam", "so_ky_hieu", "so_van_ban",
]
