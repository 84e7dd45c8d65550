"""Copies of a document (bản sao): sao y, sao lục, trích sao — Mẫu 3.1 on paper, 3.2 electronic.

A paper copy is the copied document followed, on the same sheet, by a solid line across the
text width and the copy block: the copier's agency and the copy's number (``Số: 05/SY-VP``) on
the left, the form of copy (``SAO Y``) and the place and date on the right, then the Nơi nhận
and the copier's signature (Phụ lục I, Phần II, mục II.2–3). An electronic copy keeps the
document as it is and says, at the top right of its first page in 10 pt, the form of copy,
the copier and when the copy was signed (mục I.3). The copied document is ours (a
:class:`~baocao.VanBan`) or any .docx, read without changing anything but the end (or the
first-page header) of its body.

A trích sao keeps part of the text: ``trich`` names the parts (``{"tu": "Điều 2", "den":
"Điều 3"}``: from the paragraph that starts with the first text to the one that starts with
the second, both kept). The opening of the document up to the first part and its closing block
(from the Nơi nhận) stay; the rest of the text goes.
"""

from __future__ import annotations

import copy as _copy
import dataclasses
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import VIETNAM, read_date, time_of_day
from .errors import BaoCaoError, DataError, ModelError, OutputError
from .errors import shown as _r
from .layout import LAYOUT, Layout
from .model import NguoiKy, VanBan, flag

#: The forms of copy: code → (the words printed, the ký hiệu abbreviation of Phụ lục III).
HINH_THUC_SAO: dict[str, tuple[str, str]] = {
    "sao_y": ("SAO Y", "SY"), "sao_luc": ("SAO LỤC", "SL"), "trich_sao": ("TRÍCH SAO", "TrS"),
}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = (f'xmlns:w="{_W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_EMU_PER_MM = 36000


def _fail(message: str, where: str, hint: str | None = None) -> ModelError:
    return ModelError(message, where=f"BanSao.{where}", hint=hint)


def hinh_thuc_sao(value: str) -> str:
    """The code of a form of copy, from its code, its words or its abbreviation.

    >>> hinh_thuc_sao("SAO Y"), hinh_thuc_sao("TrS"), hinh_thuc_sao("sao lục")
    ('sao_y', 'trich_sao', 'sao_luc')
    """
    if not isinstance(value, str):
        raise _fail(f"cần sao_y, sao_luc hoặc trich_sao, nhận {_r(value)}", "hinh_thuc")
    folded = unicodedata.normalize("NFC", " ".join(value.split())).lower().replace(" ", "_")
    for code, (words, abbr) in HINH_THUC_SAO.items():
        if folded in (code, words.lower().replace(" ", "_"), abbr.lower()):
            return code
    raise _fail(f"không biết hình thức sao {value!r}", "hinh_thuc", "sao_y (SAO Y), sao_luc (SAO LỤC) hoặc "
                "trich_sao (TRÍCH SAO)")


@dataclass
class BanSao:
    """A copy of ``ban_goc`` (a :class:`~baocao.VanBan`, a .docx path or its bytes).

    ``hinh_thuc`` is ``sao_y``, ``sao_luc`` or ``trich_sao``; ``co_quan``, ``viet_tat_co_quan``,
    ``so`` (the copy's own number, counted from 01 each year), ``dia_danh``, ``ngay``,
    ``noi_nhan``, ``luu`` and ``nguoi_ky`` are the copier's, as in a :class:`~baocao.VanBan`;
    the ký hiệu is built ``SY-<viet_tat_co_quan>`` unless ``ky_hieu`` is given. ``dien_tu``
    makes an electronic copy (Mẫu 3.2): the line at the top right of the first page, with
    ``thoi_gian_ky``, the time the copy is signed. ``trich`` (a trích sao) lists the parts kept.
    """

    ban_goc: VanBan | str | os.PathLike[str] | bytes
    hinh_thuc: str = "sao_y"
    co_quan: str = ""
    viet_tat_co_quan: str | None = None
    so: int | str | None = None
    ky_hieu: str | None = None
    dia_danh: str = ""
    ngay: dt.date | str | None = None
    noi_nhan: list[str] = field(default_factory=list)
    luu: list[str] = field(default_factory=lambda: ["VT"])
    nguoi_ky: NguoiKy | Mapping[str, Any] | None = None
    dien_tu: bool = False
    thoi_gian_ky: dt.datetime | str | None = None
    trich: Sequence[Mapping[str, str]] | None = None

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        self.hinh_thuc = hinh_thuc_sao(self.hinh_thuc)
        self.dien_tu = flag(self.dien_tu, "BanSao.dien_tu")
        if not isinstance(self.ban_goc, (VanBan, bytes, str, os.PathLike)):
            raise _fail(f"bản gốc phải là VanBan, đường dẫn .docx hoặc bytes, nhận {type(self.ban_goc).__name__}",
                        "ban_goc")
        if isinstance(self.ban_goc, (str, os.PathLike)) and Path(self.ban_goc).suffix.lower() != ".docx":
            raise _fail(f"bản gốc phải là tệp .docx: {str(self.ban_goc)!r}", "ban_goc",
                        "mở bằng Word hoặc LibreOffice rồi lưu dạng .docx")
        if self.hinh_thuc == "trich_sao":
            self.trich = _parts(self.trich)
        elif self.trich:
            raise _fail("chỉ trích sao mới chọn phần (trich)", "trich", "đặt hinh_thuc: trich_sao, hoặc bỏ trich")
        if self.dien_tu:
            self.thoi_gian_ky = _signed_at(self.thoi_gian_ky)
        elif self.thoi_gian_ky not in (None, ""):
            raise _fail("thời gian ký số chỉ có ở bản sao điện tử", "thoi_gian_ky",
                        "bỏ thoi_gian_ky, hoặc đặt dien_tu: true (--dien-tu)")
        self.khoi  # noqa: B018 - the copier's fields, checked as a VanBan's

    @property
    def khoi(self) -> VanBan:
        """The copier's fields as a :class:`VanBan` (checked the same way), whose header and closing
        blocks are the copy block's."""
        signer = self.nguoi_ky
        try:
            if isinstance(signer, Mapping):
                signer = NguoiKy(**{str(k): v for k, v in signer.items()})
            abbr = HINH_THUC_SAO[self.hinh_thuc][1]
            vb = VanBan(loai="bao_cao", co_quan=self.co_quan, viet_tat_co_quan=self.viet_tat_co_quan, so=self.so,
                        ky_hieu=self.ky_hieu or (f"{abbr}-{self.viet_tat_co_quan.upper().strip()}"
                                                 if isinstance(self.viet_tat_co_quan, str)
                                                 and self.viet_tat_co_quan.strip() else None),
                        dia_danh=self.dia_danh, ngay=self.ngay,  # type: ignore[arg-type]
                        noi_nhan=self.noi_nhan, luu=self.luu,
                        nguoi_ky=signer)
            vb.validate()
        except TypeError as exc:
            raise _fail(f"người ký không hợp lệ: {exc}", "nguoi_ky", "các trường: ho_ten, chuc_vu, quyen_han, "
                        "thay_mat") from None
        except BaoCaoError as exc:
            name = (exc.where or "").removeprefix("VanBan.").removeprefix("NguoiKy.")
            if name == "ky_hieu" or "viet_tat" in exc.message:
                raise _fail("thiếu chữ viết tắt tên cơ quan sao để lập ký hiệu bản sao", "viet_tat_co_quan",
                            "ví dụ viet_tat_co_quan: VP (in: Số: 05/SY-VP)") from None
            raise _fail(exc.message, name or "khoi", exc.hint) from None
        if vb.nguoi_ky is None:
            raise _fail("bản sao cần người ký của cơ quan sao", "nguoi_ky",
                        "ví dụ nguoi_ky: {ho_ten: …, chuc_vu: Chánh Văn phòng, quyen_han: TL., thay_mat: Giám đốc}")
        if vb.ngay is None or isinstance(vb.ngay, tuple):
            raise _fail("bản sao cần ngày sao", "ngay", "ví dụ ngay: 2024-05-02")
        words, abbr = HINH_THUC_SAO[self.hinh_thuc]
        if self.ky_hieu and re.split(r"[-‐–]", self.ky_hieu.strip(), maxsplit=1)[0] != abbr:
            raise _fail(f"ký hiệu bản {words.lower()} phải bắt đầu bằng {abbr}, nhận {self.ky_hieu!r}", "ky_hieu",
                        f"ví dụ {abbr}-{self.viet_tat_co_quan or 'VP'}, hoặc bỏ ky_hieu để lập tự động")
        return vb

    def to_bytes(self, layout: Layout | None = None) -> bytes:
        """The copy as .docx bytes."""
        self._check()
        return make_copy(self, layout or LAYOUT)

    def save(self, path: str | os.PathLike[str], layout: Layout | None = None) -> Path:
        """Write the copy to ``path`` atomically (never over the original)."""
        from .files import check_target, write_atomic

        target = Path(path)
        if target.suffix.lower() != ".docx":
            raise OutputError(f"tệp ra phải có đuôi .docx: {str(target)!r}", where="save")
        if isinstance(self.ban_goc, (str, os.PathLike)) and Path(self.ban_goc).resolve() == target.resolve():
            raise OutputError("tệp ra trùng bản gốc: bản sao không ghi đè bản gốc", where=str(target),
                              hint="chọn tên khác cho tệp ra")
        check_target(target)
        return write_atomic(target, self.to_bytes(layout))


def _parts(value: object) -> list[dict[str, str]]:
    hint = "ví dụ trich: [{tu: 'Điều 2', den: 'Điều 3'}]"
    if not value:
        raise _fail("trích sao cần chọn phần được trích (trich)", "trich", hint)
    if not isinstance(value, (list, tuple)):
        raise _fail(f"cần danh sách các phần {{tu, den}}, nhận {type(value).__name__}", "trich", hint)
    out = []
    for i, part in enumerate(value, 1):
        if not isinstance(part, Mapping) or set(part) - {"tu", "den"} or not isinstance(part.get("tu"), str) \
                or not str(part.get("tu")).strip() or not isinstance(part.get("den", part.get("tu")), str):
            raise _fail(f"phần {i} phải là {{tu: …, den: …}} (đoạn bắt đầu bằng …), nhận {_r(part)}", "trich", hint)
        start = unicodedata.normalize("NFC", " ".join(part["tu"].split()))
        out.append({"tu": start, "den": unicodedata.normalize("NFC", " ".join(str(part.get("den") or start).split()))})
    return out


def _signed_at(value: object) -> dt.datetime:
    """The time a copy is signed, in Việt Nam's time; a time is needed, never "now"."""
    where = "thoi_gian_ky"
    hint = "ví dụ thoi_gian_ky: 2024-05-02 10:15:30 (giờ Việt Nam), hoặc 2024-05-02T03:15:30Z"
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _fail("bản sao điện tử cần thời gian ký số", where, hint)
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if not re.search(r"\d{1,2}:\d{2}", text):
            raise _fail(f"cần cả ngày và giờ ký, nhận {text!r}", where, hint)
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                day = read_date(text, where)
            except DataError:
                raise _fail(f"thời gian {text!r} không đọc được", where, hint) from None
            hours = time_of_day(text)
            if day is None or hours is None:
                raise _fail(f"cần cả ngày và giờ, nhận {text!r}", where, hint) from None
            seconds = round(hours * 3600)
            moment = dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=seconds)
    else:
        raise _fail(f"cần ngày giờ, nhận {type(value).__name__}", where, hint)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM)


def dong_dien_tu(words: str, co_quan: str, moment: dt.datetime) -> str:
    """The line of an electronic copy: form of copy; copier; ngày/tháng/năm; giờ:phút:giây and
    the zone (ISO 8601).

    >>> dong_dien_tu("SAO Y", "Văn phòng UBND tỉnh", dt.datetime(2024, 5, 2, 10, 15, 30, tzinfo=VIETNAM))
    'SAO Y; Văn phòng UBND tỉnh; 02/05/2024; 10:15:30+07:00'
    """
    zone = f"{moment:%z}"
    return f"{words}; {' '.join(co_quan.split())}; {moment:%d/%m/%Y}; {moment:%H:%M:%S}{zone[:3]}:{zone[3:]}"


# ----------------------------------------------------------------------------- building the copy


def make_copy(copy: BanSao, layout: Layout) -> bytes:
    """The .docx of ``copy``: the original with the copy block (or the electronic line)."""
    from .readers.docx import open_docx

    source = copy.ban_goc
    if isinstance(source, VanBan):
        doc, name = open_docx(source.to_bytes(layout), "VanBan"), "VanBan"
    else:  # a path is read with the reader's checks (size, zip bomb, not a .docx)
        name = "<bytes>" if isinstance(source, bytes) else os.fspath(source)
        doc = open_docx(source, name)
    try:
        from .check.document import Document
        from .readers.docx import DocxDocument

        body = doc.element.body
        found = Document(DocxDocument(doc, name))  # the original's parts, as baocao check finds them
        _not_before(found, copy)
        if copy.hinh_thuc == "trich_sao":
            _excerpt(doc, found, _parts(copy.trich), name)
        if copy.dien_tu:
            _electronic_line(doc, copy)
        else:
            _append_block(body, copy, _page_layout(doc, layout))
        out = io.BytesIO()
        doc.save(out)
    except BaoCaoError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed original must not end in a traceback
        raise DataError(f"không sao được bản gốc ({type(exc).__name__}: {exc})", where=name,
                        hint="mở bản gốc bằng Word rồi lưu lại") from None
    return out.getvalue()


def _not_before(found: Any, copy: BanSao) -> None:
    """A copy is not dated before the document it copies (its date as ``baocao check`` reads it)."""
    original = found.issued
    made = copy.khoi.ngay
    if original is not None and isinstance(made, dt.date) and made < original:
        raise _fail(f"ngày sao {made:%d/%m/%Y} trước ngày của bản gốc {original:%d/%m/%Y}", "ngay",
                    "bản sao có ngày từ ngày của bản gốc trở đi")


def _page_layout(doc: Any, layout: Layout) -> Layout:
    """``layout`` with the page of the original's last section, so the block fits its text width."""
    section = doc.sections[-1]
    try:
        width = section.page_width / _EMU_PER_MM
        left, right = section.left_margin / _EMU_PER_MM, section.right_margin / _EMU_PER_MM
    except TypeError:  # a section without page size or margins: Decree 30's
        return layout
    if width - left - right < 100:  # too narrow for a copy block: Decree 30's page
        return layout
    page = dataclasses.replace(layout.page, width_mm=width, margin_left_mm=left, margin_right_mm=right)
    return dataclasses.replace(layout, page=page)


def _append_block(body: Any, copy: BanSao, layout: Layout) -> None:
    """Mẫu 3.1: the full-width line and the copy block at the end of the original's body."""
    from lxml import etree

    from .writers.docx import DocxWriter

    words = HINH_THUC_SAO[copy.hinh_thuc][0]
    xml = DocxWriter(copy.khoi, layout).copy_block(words)
    fragment = etree.fromstring(f"<w:body {_NS}>{xml}</w:body>".encode())
    for run in fragment.iter(f"{{{_W}}}r"):  # Times New Roman whatever the original's default font
        rpr = run.find(f"{{{_W}}}rPr")
        if rpr is None:
            rpr = etree.SubElement(run, f"{{{_W}}}rPr")
            run.remove(rpr)
            run.insert(0, rpr)
        fonts = etree.Element(f"{{{_W}}}rFonts")
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(f"{{{_W}}}{attr}", layout.sizes.font)
        rpr.insert(0, fonts)
    end = body.find(f"{{{_W}}}sectPr")
    for child in list(fragment):
        if end is not None:
            end.addprevious(child)
        else:
            body.append(child)


def _electronic_line(doc: Any, copy: BanSao) -> None:
    """Mẫu 3.2: the copy's line at the top right of the first page, in the first-page header."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    assert isinstance(copy.thoi_gian_ky, dt.datetime)
    section = doc.sections[0]
    first_page = section.different_first_page_header_footer
    header = section.first_page_header if first_page else section.header
    if not first_page:  # page 1 gets a header of its own: the original's, with the line on top
        section.different_first_page_header_footer = True
        header = section.first_page_header
        header.is_linked_to_previous = False
        if not section.header.is_linked_to_previous:  # the original's own header, if it has one
            for element in list(header._element):
                header._element.remove(element)
            for element in section.header._element:
                header._element.append(_copy.deepcopy(element))
        for p in header.paragraphs:  # no page number on page 1 (Decree 30), the rest kept
            if "PAGE" in p._p.xml:
                p._p.getparent().remove(p._p)
        if not section.footer.is_linked_to_previous:  # page 1 keeps the original's footer
            footer = section.first_page_footer
            footer.is_linked_to_previous = False
            for element in list(footer._element):
                footer._element.remove(element)
            for element in section.footer._element:
                footer._element.append(_copy.deepcopy(element))
    line = dong_dien_tu(HINH_THUC_SAO[copy.hinh_thuc][0], copy.khoi.co_quan, copy.thoi_gian_ky)
    paragraphs = header.paragraphs
    p = paragraphs[0].insert_paragraph_before() if paragraphs else header.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(line)
    run.font.size = Pt(LAYOUT.sizes.ban_sao_dien_tu)
    run.font.name = LAYOUT.sizes.font


def _text(p: Any) -> str:
    """A paragraph's text, a line break or tab as a space."""
    pieces = [(el.text or "") if el.tag == f"{{{_W}}}t" else " "
              for el in p.iter(f"{{{_W}}}t", f"{{{_W}}}br", f"{{{_W}}}tab")]
    return unicodedata.normalize("NFC", " ".join("".join(pieces).split()))


#: The grounds under the title a trích sao keeps before its first part.
_OPENING = re.compile(r"^(căn cứ|theo đề nghị|xét)\b", re.IGNORECASE)

#: Heading kinds by rank, outermost first: a part runs to the next heading of its rank or above.
_RANKS = ((r"phần\s+[ivxlc\d]+\b", 0), (r"chương\s+[ivxlc\d]+\b", 1), (r"mục\s+\d+\b", 2),
          (r"điều\s+\d+", 3), (r"[ivxlc]+\.(?=\s)", 3), (r"\d+\.(?=\s)", 4), (r"\d+\.\d+\.?(?=\s)", 5),
          (r"[a-zđ]\)(?=\s)", 6))


def _rank(text: str) -> int | None:
    """The rank of a heading by its label (Phần I, Chương I, Điều 1., I., 1., 1.1., a)), or None."""
    return next((rank for pattern, rank in _RANKS if re.match(pattern, text, re.IGNORECASE)), None)


def _top(element: Any, body: Any) -> Any:
    """The child of ``body`` that holds ``element``."""
    while element.getparent() is not body:
        element = element.getparent()
    return element


def _excerpt(doc: Any, found: Any, parts: list[dict[str, str]], name: str) -> None:
    """A trích sao: the body text outside ``parts`` goes, the opening (header, tên loại, trích yếu,
    Kính gửi, căn cứ, "QUYẾT ĐỊNH:") and the closing block stay, as ``baocao check`` finds them; the
    appendices go too. A part runs from the paragraph starting with ``tu`` to the end of the
    heading (or paragraph) starting with ``den``. ``found``: the original's parts, read before any change."""
    body = doc.element.body
    main_end = found.main_end
    text = [p for p in found.body if p.n < main_end]
    if not text:
        raise DataError("trích sao: bản gốc không có đoạn nội dung nào để trích", where=name)
    blocks = [child for child in body if child.tag in (f"{{{_W}}}p", f"{{{_W}}}tbl")]
    first = blocks.index(_top(text[0].element, body))
    closing = found.closing.start
    if closing is not None and closing < main_end:
        end = blocks.index(_top(found.paras[closing - 1].element, body))
    elif main_end <= len(found.paras):
        end = blocks.index(_top(found.paras[main_end - 1].element, body))
    else:
        end = len(blocks)
    texts = [_text(b) if b.tag == f"{{{_W}}}p" else "" for b in blocks]
    keep: set[int] = set()
    at, opening = first, None
    for i, part in enumerate(parts, 1):
        start = _find(texts, part["tu"], at, end)
        if start is None:
            elsewhere = _find(texts, part["tu"], 0, len(blocks))
            where_else = ("nằm ngoài phần nội dung (ở phần đầu, phụ lục hoặc khối Nơi nhận)"
                          if elsewhere is not None else "không có trong văn bản")
            raise DataError(f"trích sao: đoạn bắt đầu bằng {part['tu']!r} (phần {i}) {where_else}", where=name,
                            hint="ghi đúng chữ đầu một đoạn của nội dung, ví dụ --tu 'Điều 2', các phần theo thứ tự")
        stop = _find(texts, part["den"], start, end)
        if stop is None:
            raise DataError(f"trích sao: không thấy đoạn bắt đầu bằng {part['den']!r} sau {part['tu']!r} (phần {i})",
                            where=name, hint="--den là chữ đầu đoạn cuối của phần trích, ở sau --tu")
        stop = _part_end(texts, stop, end)
        keep.update(range(start, stop + 1))
        opening = start if opening is None else opening
        at = stop + 1
    assert opening is not None
    # the grounds end where the text's first heading (Chương I, Điều 1., I.) or the first part begins
    opening = min(opening, next((k for k in range(first, end) if _rank(texts[k]) is not None), opening))
    of_text = {id(_top(p.element, body)) for p in text}  # not "QUYẾT ĐỊNH:", Kính gửi, the "… điện:" block
    for k in range(first, end):
        if k in keep or blocks[k].find(f".//{{{_W}}}sectPr") is not None:
            continue
        if id(blocks[k]) not in of_text and (blocks[k].tag == f"{{{_W}}}p" or k < opening):
            continue
        if k < opening and (_OPENING.match(texts[k]) or _centred(blocks[k])):
            continue  # thẩm quyền, căn cứ, theo đề nghị, "QUYẾT ĐỊNH:": the grounds stay
        body.remove(blocks[k])
    if main_end <= len(found.paras):
        _drop_appendices(body, blocks, blocks.index(_top(found.paras[main_end - 1].element, body)))


def _centred(block: Any) -> bool:
    jc = block.find(f"{{{_W}}}pPr/{{{_W}}}jc")
    return block.tag == f"{{{_W}}}p" and jc is not None and jc.get(f"{{{_W}}}val") == "center"


def _find(texts: list[str], words: str, start: int, end: int) -> int | None:
    wanted = unicodedata.normalize("NFC", words).lower()
    return next((k for k in range(start, end) if texts[k].lower().startswith(wanted)), None)


def _part_end(texts: list[str], at: int, end: int) -> int:
    """The last block of the heading that starts at ``at``: before the next heading of its rank or
    above, or the closing block; a paragraph that is no heading is a part by itself."""
    rank = _rank(texts[at])
    if rank is None:
        return at
    for k in range(at + 1, end):
        other = _rank(texts[k])
        if other is not None and other <= rank:
            return k - 1
    return end - 1


def _drop_appendices(body: Any, blocks: list[Any], start: int) -> None:
    """Remove the appendices from block ``start`` on; the section they started takes the main
    text's page setup (the section break before them carries it)."""
    final = body.find(f"{{{_W}}}sectPr")
    breaks = [k for k in range(start) if blocks[k].find(f"{{{_W}}}pPr/{{{_W}}}sectPr") is not None]
    cut = start
    if breaks and all(not _text(blocks[k]) and blocks[k].tag == f"{{{_W}}}p" for k in range(breaks[-1] + 1, start)):
        cut = breaks[-1]  # the main text's own section break: its setup becomes the last section's
        if final is not None:
            main = blocks[cut].find(f"{{{_W}}}pPr/{{{_W}}}sectPr")
            body.replace(final, main)
    for block in blocks[cut:]:
        if block.getparent() is body:
            body.remove(block)


__all__ = ["HINH_THUC_SAO", "BanSao", "dong_dien_tu", "hinh_thuc_sao", "make_copy"]
