"""The document model: a Decree 30 document as plain typed data.

A :class:`VanBan` holds the metadata of the header and closing blocks and a list
of body blocks. It imports neither python-docx nor Jinja: templates build it,
Python users build it directly, and writers (``baocao.writers``) read it.

>>> import datetime as dt
>>> vb = VanBan(loai="bao_cao", co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", so=564,
...             dia_danh="Trà Vinh", ngay=dt.date(2020, 12, 29), trich_yeu="Tổng kết năm 2020")
>>> vb.heading("Khái quát tình hình")
Heading(text=(Run(text='Khái quát tình hình', bold=False, italic=False),), level=1, line=None)
>>> vb.ky_hieu_day_du
'BC-SXD'
>>> len(vb.to_bytes()) > 1000
True
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .doctypes import LoaiVanBan, ky_hieu, loai_van_ban
from .errors import ModelError
from .layout import DO_KHAN, DO_MAT, LAYOUT, QUYEN_HAN, Layout


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting: bold and/or italic."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = str | Run
Text = str | Run | Sequence[Inline]


def runs(value: Text, where: str = "text") -> tuple[Run, ...]:
    """Normalise a string, a :class:`Run` or a list of them to a tuple of runs.

    >>> runs(["a ", Run("b", bold=True)])
    (Run(text='a ', bold=False, italic=False), Run(text='b', bold=True, italic=False))
    """
    if isinstance(value, str):
        return (Run(value),)
    if isinstance(value, Run):
        return (value,)
    out = []
    for item in value:
        if isinstance(item, str):
            out.append(Run(item))
        elif isinstance(item, Run):
            out.append(item)
        else:
            raise ModelError(f"cần chuỗi hoặc Run, nhận {type(item).__name__}", where=where)
    return tuple(out)


def plain(value: Sequence[Run]) -> str:
    """The text of some runs without formatting."""
    return "".join(r.text for r in value)


# --------------------------------------------------------------------------- blocks


@dataclass
class Heading:
    """A numbered heading. ``level`` 1 is the outermost (I., or Điều 1.)."""

    text: tuple[Run, ...]
    level: int = 1
    line: int | None = None

    def __post_init__(self) -> None:
        self.text = runs(self.text, "Heading.text")


@dataclass
class Paragraph:
    """A body paragraph: justified, first-line indent."""

    text: tuple[Run, ...]
    align: str = "justify"  # justify | center | left | right
    line: int | None = None

    def __post_init__(self) -> None:
        self.text = runs(self.text, "Paragraph.text")


@dataclass
class Bullet:
    """A list item: ``-`` (level 1) or ``+`` (level 2)."""

    text: tuple[Run, ...]
    level: int = 1
    line: int | None = None

    def __post_init__(self) -> None:
        self.text = runs(self.text, "Bullet.text")

    @property
    def marker(self) -> str:
        return "-" if self.level == 1 else "+"


@dataclass
class Cell:
    """A table cell; ``colspan`` > 1 merges cells across columns."""

    text: tuple[Run, ...]
    colspan: int = 1
    align: str | None = None  # None: the column's alignment

    def __post_init__(self) -> None:
        self.text = runs(self.text, "Cell.text")
        if not isinstance(self.colspan, int) or self.colspan < 1:
            raise ModelError(f"colspan phải là số nguyên ≥ 1, nhận {self.colspan!r}", where="Cell.colspan")


@dataclass
class Table:
    """A table inside the text width. The first ``header_rows`` rows are bold, centred
    and repeated on each page; ``align`` gives each column's alignment ("left",
    "center", "right"); ``widths`` are relative column widths."""

    rows: list[list[Cell]]
    header_rows: int = 1
    widths: list[float] | None = None
    align: list[str] | None = None
    font_size: float | None = None
    caption: str | None = None
    line: int | None = None

    @property
    def columns(self) -> int:
        return max((sum(c.colspan for c in row) for row in self.rows), default=0)


@dataclass
class Image:
    """A picture: a path or the bytes of a PNG/JPEG/GIF/BMP/TIFF file, centred.

    ``width_mm`` defaults to the natural size, shrunk to the text width."""

    source: str | os.PathLike[str] | bytes
    width_mm: float | None = None
    caption: str | None = None
    line: int | None = None


@dataclass
class PageBreak:
    line: int | None = None


Block = Heading | Paragraph | Bullet | Table | Image | PageBreak


def _cell(value: object) -> Cell:
    if isinstance(value, Cell):
        return value
    if isinstance(value, (str, Run)) or (isinstance(value, Sequence) and not isinstance(value, str)):
        return Cell(runs(value))  # type: ignore[arg-type]
    return Cell((Run("" if value is None else str(value)),))


class _Blocks:
    """Methods that add body blocks; shared by :class:`VanBan` and :class:`PhuLuc`."""

    blocks: list[Block]

    def add(self, block: Block) -> Block:
        if not isinstance(block, (Heading, Paragraph, Bullet, Table, Image, PageBreak)):
            raise ModelError(f"không phải khối nội dung: {type(block).__name__}", where="blocks")
        self.blocks.append(block)
        return block

    def heading(self, text: Text, level: int = 1, *, line: int | None = None) -> Heading:
        """Add a heading; the writer numbers it (I., 1., a) … or Điều 1. …)."""
        if not isinstance(level, int) or level < 1:
            raise ModelError(f"cấp đề mục phải là số nguyên ≥ 1, nhận {level!r}", where="Heading.level")
        return self.add(Heading(runs(text), level, line))  # type: ignore[return-value]

    def paragraph(self, text: Text, *, align: str = "justify", line: int | None = None) -> Paragraph:
        """Add a paragraph; ``text`` may mix strings and :class:`Run` (bold/italic)."""
        if align not in ("justify", "center", "left", "right"):
            raise ModelError(f"căn lề không hợp lệ: {align!r}", where="Paragraph.align",
                             hint="justify, center, left hoặc right")
        return self.add(Paragraph(runs(text), align, line))  # type: ignore[return-value]

    def bullet(self, text: Text, level: int = 1, *, line: int | None = None) -> Bullet:
        """Add a ``-`` item (level 1) or a ``+`` item (level 2)."""
        if level not in (1, 2):
            raise ModelError(f"gạch đầu dòng chỉ có cấp 1 (-) và 2 (+), nhận {level!r}",
                             where="Bullet.level")
        return self.add(Bullet(runs(text), level, line))  # type: ignore[return-value]

    def table(self, rows: Iterable[Iterable[object]], *, header_rows: int = 1,
              widths: Sequence[float] | None = None, align: Sequence[str] | None = None,
              font_size: float | None = None, caption: str | None = None,
              line: int | None = None) -> Table:
        """Add a table from rows of cells (strings, numbers, :class:`Cell`)."""
        table = Table([[_cell(v) for v in row] for row in rows], header_rows,
                      list(widths) if widths is not None else None,
                      list(align) if align is not None else None, font_size, caption, line)
        _check_table(table)
        return self.add(table)  # type: ignore[return-value]

    def image(self, source: str | os.PathLike[str] | bytes, *, width_mm: float | None = None,
              caption: str | None = None, line: int | None = None) -> Image:
        """Add a picture from a file path or bytes."""
        if not isinstance(source, bytes) and not Path(source).is_file():
            raise ModelError(f"không tìm thấy tệp ảnh {str(source)!r}", where="Image.source")
        return self.add(Image(source, width_mm, caption, line))  # type: ignore[return-value]

    def page_break(self, *, line: int | None = None) -> PageBreak:
        """Start a new page."""
        return self.add(PageBreak(line))  # type: ignore[return-value]


def _check_table(table: Table) -> None:
    where = f"Table (dòng {table.line})" if table.line else "Table"
    if not table.rows:
        raise ModelError("bảng không có dòng nào", where=where)
    cols = table.columns
    for i, row in enumerate(table.rows, 1):
        if sum(c.colspan for c in row) != cols:
            raise ModelError(f"hàng {i} có {sum(c.colspan for c in row)} ô, các hàng khác {cols} ô",
                             where=where, hint="mỗi hàng phải đủ số cột (tính cả ô gộp)")
    for name, values in (("widths", table.widths), ("align", table.align)):
        if values is not None and len(values) != cols:
            raise ModelError(f"{name} có {len(values)} giá trị cho {cols} cột", where=where)
    if table.widths is not None and any(not w > 0 for w in table.widths):
        raise ModelError("độ rộng cột phải dương", where=where)
    if table.align is not None and any(a not in ("left", "center", "right") for a in table.align):
        raise ModelError(f"căn lề cột không hợp lệ: {table.align}", where=where,
                         hint="left, center hoặc right")
    if not 0 <= table.header_rows <= len(table.rows):
        raise ModelError(f"header_rows = {table.header_rows} không hợp lệ", where=where)


@dataclass
class PhuLuc(_Blocks):
    """An appendix: a new section with its own page numbers.

    ``ghi_chu`` replaces the automatic "(Kèm theo Báo cáo số … ngày … của …)" line.
    """

    tieu_de: str
    blocks: list[Block] = field(default_factory=list)
    ngang: bool = False  # landscape pages, for wide tables
    ghi_chu: str | None = None


# --------------------------------------------------------------------------- metadata


@dataclass
class NguoiKy:
    """The signer. ``quyen_han`` is TM., KT., TL., TUQ. or Q.; ``thay_mat`` is the
    collective or head it signs for (``GIÁM ĐỐC`` in ``KT. GIÁM ĐỐC``);
    ``chuc_vu`` one or two title lines (``PHÓ GIÁM ĐỐC``)."""

    ho_ten: str
    chuc_vu: str | list[str] = ""
    quyen_han: str | None = None
    thay_mat: str | None = None

    def __post_init__(self) -> None:
        if self.quyen_han is not None:
            q = self.quyen_han.strip().upper()
            q = q if q.endswith(".") else q + "."
            if q not in QUYEN_HAN:
                raise ModelError(f"quyền hạn ký {self.quyen_han!r} không hợp lệ",
                                 where="NguoiKy.quyen_han", hint="một trong " + ", ".join(QUYEN_HAN))
            self.quyen_han = q
            if q != "Q." and not self.thay_mat:
                raise ModelError(f"ký {q} cần ghi thay mặt ai (thay_mat)", where="NguoiKy.thay_mat",
                                 hint="ví dụ quyen_han='KT.', thay_mat='GIÁM ĐỐC', chuc_vu='PHÓ GIÁM ĐỐC'")
        lines = [self.chuc_vu] if isinstance(self.chuc_vu, str) else list(self.chuc_vu)
        lines = [x for x in lines if x and x.strip()]
        if len(lines) > 2:
            raise ModelError("chức vụ có nhiều nhất hai dòng", where="NguoiKy.chuc_vu")
        self.chuc_vu = lines
        if not self.ho_ten or not self.ho_ten.strip():
            raise ModelError("thiếu họ tên người ký", where="NguoiKy.ho_ten")

    @property
    def dong_chuc_danh(self) -> list[str]:
        """The upper-case lines above the signature: ``['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']``."""
        lines = list(self.chuc_vu)  # type: ignore[arg-type]
        if self.quyen_han:
            head = self.thay_mat or (lines.pop(0) if lines else "")
            lines.insert(0, f"{self.quyen_han} {head}")
        return [x.upper() for x in lines]


Ngay = dt.date | tuple[int, int] | None


def _as_date(value: object) -> Ngay:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        if not 1 <= value[1] <= 12:
            raise ModelError(f"tháng {value[1]} không hợp lệ", where="VanBan.ngay")
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        try:
            d, m, y = (int(p) for p in value.strip().split("/"))
            return dt.date(y, m, d)
        except ValueError as exc:
            raise ModelError(f"ngày {value!r} không hợp lệ ({exc})", where="VanBan.ngay",
                             hint="viết 29/12/2020 hoặc 2020-12-29") from None
    raise ModelError(f"ngày phải là date, (năm, tháng) hoặc chuỗi, nhận {type(value).__name__}",
                     where="VanBan.ngay")


def _as_list(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, Iterable):
        out = []
        for v in value:
            if not isinstance(v, str):
                raise ModelError(f"cần chuỗi, nhận {type(v).__name__} ({v!r})", where=where)
            out.append(v)
        return out
    raise ModelError(f"cần chuỗi hoặc danh sách chuỗi, nhận {type(value).__name__}", where=where)


@dataclass
class VanBan(_Blocks):
    """A Decree 30 document: header metadata, body blocks, closing block, appendices.

    Field names are the ones a Vietnamese user knows: ``co_quan`` (the issuing
    agency, ``\\n`` to break its name), ``co_quan_chu_quan`` (the parent agency),
    ``so`` (``None``: blank, written as dots), ``ngay`` (a date, ``(year, month)``
    for a blank day, or ``None``), ``kinh_gui`` (one or several recipients),
    ``noi_nhan`` + ``luu`` (the Nơi nhận list, ``Lưu: VT, …`` last).
    """

    loai: str | LoaiVanBan = "bao_cao"
    co_quan: str = ""
    co_quan_chu_quan: str | None = None
    viet_tat_co_quan: str | None = None
    don_vi_soan_thao: str | None = None
    so: int | str | None = None
    ky_hieu: str | None = None
    dia_danh: str = ""
    ngay: Ngay = None
    trich_yeu: str | None = None
    kinh_gui: list[str] = field(default_factory=list)
    tham_quyen: str | None = None  # quyết định: "GIÁM ĐỐC SỞ XÂY DỰNG" before the Căn cứ
    can_cu: list[str] = field(default_factory=list)
    noi_nhan: list[str] = field(default_factory=list)
    luu: list[str] = field(default_factory=lambda: ["VT"])
    ky_hieu_soan_thao: str | None = None  # e.g. "PL.(05)" under the Lưu line
    nguoi_ky: NguoiKy | None = None
    do_khan: str | None = None
    do_mat: str | None = None
    dau_ket_thuc: bool = True  # end the text with "./."
    danh_so: str | None = None  # numbering scheme; default: the type's
    blocks: list[Block] = field(default_factory=list)
    phu_luc: list[PhuLuc] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.loai = loai_van_ban(self.loai)
        self.ngay = _as_date(self.ngay)
        self.kinh_gui = _as_list(self.kinh_gui, "VanBan.kinh_gui")
        self.can_cu = _as_list(self.can_cu, "VanBan.can_cu")
        self.noi_nhan = _as_list(self.noi_nhan, "VanBan.noi_nhan")
        self.luu = _as_list(self.luu, "VanBan.luu")
        for name, allowed in (("do_khan", DO_KHAN), ("do_mat", DO_MAT)):
            value = getattr(self, name)
            if value is not None:
                if value.strip().upper() not in allowed:
                    raise ModelError(f"{value!r} không phải mức {name.replace('_', ' ')} hợp lệ",
                                     where=f"VanBan.{name}", hint="một trong " + ", ".join(allowed))
                setattr(self, name, value.strip().upper())
        if isinstance(self.nguoi_ky, dict):
            self.nguoi_ky = NguoiKy(**self.nguoi_ky)
        if self.danh_so is not None:
            from .numbering import SCHEMES

            if self.danh_so not in SCHEMES:
                raise ModelError(f"không biết cách đánh số {self.danh_so!r}", where="VanBan.danh_so",
                                 hint="một trong " + ", ".join(SCHEMES))

    @property
    def loai_vb(self) -> LoaiVanBan:
        """The document type record (``loai`` after lookup)."""
        assert isinstance(self.loai, LoaiVanBan)
        return self.loai

    @property
    def ky_hieu_day_du(self) -> str:
        """The ký hiệu as printed: given, or built from the abbreviation table."""
        if self.ky_hieu:
            return self.ky_hieu.strip()
        return ky_hieu(self.loai_vb, self.viet_tat_co_quan, self.don_vi_soan_thao)

    def add_phu_luc(self, tieu_de: str, *, ngang: bool = False, ghi_chu: str | None = None) -> PhuLuc:
        """Add an appendix and return it; add its blocks with its own methods."""
        pl = PhuLuc(tieu_de, ngang=ngang, ghi_chu=ghi_chu)
        self.phu_luc.append(pl)
        return pl

    def validate(self) -> None:
        """Raise :class:`~baocao.errors.ModelError` if a required field is missing."""
        for name in ("co_quan", "dia_danh"):
            if not str(getattr(self, name) or "").strip():
                raise ModelError(f"thiếu {name}", where=f"VanBan.{name}")
        if self.loai_vb.co_ten_loai is False and not self.trich_yeu:
            raise ModelError("công văn cần trích yếu (dòng V/v …)", where="VanBan.trich_yeu")
        self.ky_hieu_day_du  # noqa: B018 - raises when it cannot be built

    def to_bytes(self, layout: Layout | None = None) -> bytes:
        """The document as .docx bytes; ``layout`` overrides :data:`baocao.LAYOUT`."""
        from .writers.docx import write_docx

        return write_docx(self, layout or LAYOUT)

    def save(self, path: str | os.PathLike[str], layout: Layout | None = None) -> Path:
        """Write the .docx to ``path`` atomically (a temporary file, then a rename)."""
        from .writers.docx import save_docx

        return save_docx(self, path, layout or LAYOUT)
