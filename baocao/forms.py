"""The forms of Phụ lục III whose text has fixed parts, and what the library writes for them.

Four document types are not free text under a title: a công điện (Mẫu 1.6) opens with
"… điện:" and the offices it goes to, a giấy giới thiệu (1.8), a biên bản (1.9) and a giấy
nghỉ phép (1.10) are sentences of the decree with blanks. Each is a small dataclass here whose
fields are named the way the form names its blanks (``ong_ba``, ``duoc_cu_den``, ``ve_viec``,
``co_gia_tri_den`` …), checked like the model's fields; :func:`lines` gives the form's
sentences with the blanks filled, as body paragraphs the writers set like any other
(``truoc``: before the template's own text, ``sau``: after it; both on a form already checked,
as :meth:`VanBan.validate` does before writing). The document's type says which
form it needs (:data:`FORM_OF`); a form given to another type, or missing, is an error. A
:class:`~baocao.VanBan` keeps the form object it is given (and normalises it in place): for a
batch in Python, give each document its own (``dataclasses.replace(form, ong_ba=…)``).

>>> from baocao.model import plain
>>> gt = GioiThieu(ong_ba="Nguyễn Văn An", chuc_vu="Chuyên viên", duoc_cu_den="Sở Tài chính",
...                ve_viec="Làm việc về dự toán năm 2025", co_gia_tri_den="31/12/2024")
>>> [plain(p.text) for p in gt.truoc("Sở Xây dựng")][:2]
['Sở Xây dựng trân trọng giới thiệu:', 'Ông (bà) Nguyễn Văn An']
>>> plain(gt.sau()[-1].text)
'Giấy này có giá trị đến hết ngày 31/12/2024'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .dates import read_date, time_of_day
from .errors import BaoCaoError, DataError, ModelError
from .errors import shown as _r
from .formatting import ngay, ngay_thang_nam
from .model import NguoiKy, Paragraph, Run, _changed, flag

_DANH_XUNG = ("Ông", "Bà", "Ông (bà)")


def _fail(message: str, where: str, hint: str | None = None) -> ModelError:
    return ModelError(message, where=where, hint=hint)


def _text(value: object, where: str, *, required: bool = True) -> str:
    from .numbers import is_missing

    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        if required:
            raise _fail("chưa điền (mẫu có chỗ này)", where)
        return ""
    if not isinstance(value, str):
        raise _fail(f"cần chuỗi, nhận {type(value).__name__} ({_r(value)})", where)
    return " ".join(value.split()).rstrip(";,")


#: What a form prints around a blank, typed again in it: "Chức vụ: Chức vụ: …", "tại tại Hà Nội".
_PRINTED = {
    "chuc_vu": r"chức\s+vụ\s*:", "duoc_cu_den": r"được\s+cử\s+đến\s*:", "ve_viec": r"(?:về\s+việc|v\s*/\s*v)\s*:?",
    "noi_nghi": r"tại\b", "tinh_vao": r"thời\s+gian\b", "dia_diem": r"địa\s+điểm\s*:",
    "thanh_phan": r"thành\s+phần(?:\s+tham\s+dự)?\s*:", "ong_ba": r"(?:ông\s*\(\s*bà\s*\)|ông\s*/\s*bà|ông|bà)\s*:?",
}


def _blank(value: object, where: str, *, required: bool = True) -> str:
    """A blank of a form, without the words the form prints around it typed again (a warning
    naming the field says what was removed) and without a final full stop."""
    text = _text(value, where, required=required)
    name = where.rsplit(".", 1)[-1]
    typed = re.match(rf"^\s*{_PRINTED[name]}\s*(?=\S)", text, re.IGNORECASE) if name in _PRINTED else None
    out = text[typed.end():] if typed else text
    if name in ("noi_nghi", "tinh_vao", "ve_viec", "duoc_cu_den", "dia_diem"):
        out = out.rstrip("./;, ")  # a typed "./." too: the form ends its own sentence
    if out != text:
        _changed(where, "bỏ chữ mẫu đã in sẵn" if typed else "bỏ dấu chấm ở cuối (câu của mẫu tự kết thúc)",
                 text, out)
    return out


def _date(value: object, where: str) -> dt.date:
    try:
        day = read_date(value, where)
    except DataError as exc:
        raise _fail(exc.message, where, exc.hint) from None
    if day is None:
        raise _fail("chưa điền ngày", where, "viết 31/12/2024 hoặc 2024-12-31")
    return day


def _moment(value: object, where: str) -> dt.datetime:
    """A date with its time of day: ``15/3/2024 08:00``, ``2024-03-15 08:00`` or a datetime."""
    day = _date(value, where)
    hours = time_of_day(value)
    if hours is None:
        if isinstance(value, dt.datetime):  # midnight, typed as a datetime
            return dt.datetime(day.year, day.month, day.day)
        raise _fail(f"cần cả giờ, nhận {_r(value)}", where, "viết 15/3/2024 08:30 hoặc 2024-03-15 08:30")
    minutes = round(hours * 60)
    return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)


def gio_ngay(moment: dt.datetime) -> str:
    """A time and day as the biên bản writes them.

    >>> gio_ngay(dt.datetime(2024, 3, 5, 8, 0))
    '08 giờ 00, ngày 05 tháng 3 năm 2024'
    """
    return f"{moment.hour:02d} giờ {moment.minute:02d}, {ngay_thang_nam(moment.date())}"


def _signer(value: object, where: str) -> NguoiKy:
    if isinstance(value, NguoiKy):
        return value
    if isinstance(value, str) and value.strip():  # "Nguyễn Thị Thảo, Phó Giám đốc Sở": the name, then the title
        name, _, title = value.partition(",")
        bare = re.sub(r"^\s*(?:ông|bà)\s+", "", name, flags=re.IGNORECASE).strip()
        if bare != name.strip():
            _changed(where, "bỏ 'Ông'/'Bà' trước họ tên (chữ ký chỉ ghi họ tên)", name.strip(), bare)
        return NguoiKy(bare, title.strip())
    if isinstance(value, Mapping):
        for key in value:
            if key not in ("ho_ten", "chuc_vu"):  # a biên bản's signers sign as THƯ KÝ and CHỦ TỌA, nothing else
                raise _fail(f"không có trường {key!r}", f"{where}.{key}", suggest(key, ("ho_ten", "chuc_vu")))
        try:
            return NguoiKy(**{str(k): v for k, v in value.items()})
        except TypeError as exc:
            raise _fail(f"không hợp lệ: {exc}", where, "các trường: ho_ten, chuc_vu") from None
        except BaoCaoError as exc:
            raise _fail(exc.message, f"{where}.{(exc.where or '').rsplit('.', 1)[-1]}", exc.hint) from None
    if value is None:
        raise _fail("chưa có (mẫu có chữ ký này)", where, "ví dụ: {ho_ten: Trần Thị Bình, chuc_vu: Chuyên viên}")
    raise _fail(f"cần họ tên hoặc {{ho_ten, chuc_vu}}, nhận {type(value).__name__}", where)


def _para(*parts: str | Run, align: str = "justify") -> Paragraph:
    return Paragraph(tuple(p if isinstance(p, Run) else Run(p) for p in parts if p), align)


def _typed_danh_xung(value: object) -> str | None:
    """"Ông" or "Bà" typed before the name, or None."""
    found = re.match(r"^\s*(ông|bà)\b(?!\s*[(/])", value, re.IGNORECASE) if isinstance(value, str) else None
    return found[1].capitalize() if found else None


def _danh_xung(value: object, where: str) -> str:
    text = _text(value, where, required=False) or "Ông (bà)"
    for known in _DANH_XUNG:
        if text.lower() == known.lower():
            return known
    raise _fail(f"danh xưng {text!r} không dùng", where, "Ông, Bà hoặc để trống (in: Ông (bà))")


def _entry_of(text: str, where: str) -> str:
    """A list entry without the dash and the ``;``/``.`` the form prints (a warning when typed)."""
    from .normalize import entry

    bare, notes = entry(text)
    bare = bare.rstrip(";.").strip()
    if notes:
        _changed(where, "; ".join(notes), text, bare)
    return bare


def _person(form: GioiThieu | NghiPhep, where: str) -> None:
    """The name and the title (Ông, Bà) of the person a form is about: an "Ông"/"Bà" typed before the
    name is taken off it (with a warning) and kept with that name; one contradicting ``danh_xung``
    is an error. The title printed is :attr:`xung`."""
    typed = _typed_danh_xung(form.ong_ba)
    form.ong_ba = _blank(form.ong_ba, f"{where}.ong_ba")
    given = None if form.danh_xung in (None, "") else _danh_xung(form.danh_xung, f"{where}.danh_xung")
    if typed:
        if given not in (None, "Ông (bà)", typed):
            raise _fail(f"gõ '{typed}' trước họ tên nhưng danh_xung là '{given}'", f"{where}.ong_ba",
                        "bỏ danh xưng gõ trước họ tên, hoặc sửa danh_xung")
        form._xung = (form.ong_ba, typed)
    form.danh_xung = given


def _title_of(form: GioiThieu | NghiPhep) -> str:
    """Ông, Bà, or the form's "Ông (bà)": typed with the name now there, else ``danh_xung``."""
    typed = form._xung[1] if form._xung and form._xung[0] == form.ong_ba else None
    return typed or form.danh_xung or "Ông (bà)"


def _cong_tac(chuc_vu: str, don_vi: str) -> str:
    return f"{chuc_vu}, {don_vi}" if don_vi else chuc_vu


# --------------------------------------------------------------------------- Mẫu 1.6


@dataclass
class CongDien:
    """Mẫu 1.6, công điện: ``nguoi_dien`` (the agency or the head who sends it, printed
    upper case before "điện:"; default the agency) and ``nhan_dien``, the offices it goes to."""

    nhan_dien: list[str] = field(default_factory=list)
    nguoi_dien: str | None = None

    def _check(self) -> None:
        where = "cong_dien.nhan_dien"
        items = [self.nhan_dien] if isinstance(self.nhan_dien, str) else self.nhan_dien
        if not isinstance(items, (list, tuple)):
            raise _fail(f"cần danh sách nơi nhận điện, nhận {type(items).__name__}", where)
        self.nhan_dien = [_entry_of(_text(x, f"{where}[{i}]"), where) for i, x in enumerate(items, 1)]
        if not self.nhan_dien:
            raise _fail("công điện cần nơi nhận điện", where,
                        "ví dụ nhan_dien: [Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố]")
        sender = _text(self.nguoi_dien, "cong_dien.nguoi_dien", required=False)
        bare = re.sub(r"\s*điện\s*:?\s*$", "", sender, flags=re.IGNORECASE)
        if bare != sender:
            _changed("cong_dien.nguoi_dien", "bỏ chữ 'điện:' (mẫu tự in)", sender, bare)
        self.nguoi_dien = bare or None

    def against(self, earliest: dt.date, latest: dt.date) -> None:
        """A công điện has no dates of its own."""

    def dong_dien(self, co_quan: str) -> str:
        """The "… điện:" line: ``THỦ TƯỚNG CHÍNH PHỦ điện:``."""
        return f"{(self.nguoi_dien or ' '.join(co_quan.split())).upper()} điện:"


# --------------------------------------------------------------------------- Mẫu 1.7


@dataclass
class GiayMoi:
    """Mẫu 1.7, giấy mời, when its blanks are given (a giấy mời may also be free text): who is
    invited (``kinh_moi``), to what (``toi_du``), who chairs (``chu_tri``, optional), when
    (``thoi_gian``: day and time) and where (``dia_diem``). What follows is the template's text
    (the points to note), then "./."."""

    kinh_moi: str = ""
    toi_du: str = ""
    thoi_gian: dt.datetime | str | None = None
    dia_diem: str = ""
    chu_tri: str | None = None

    def _check(self) -> None:
        self.kinh_moi = _blank(self.kinh_moi, "giay_moi.kinh_moi")
        self.toi_du = _blank(self.toi_du, "giay_moi.toi_du")
        self.dia_diem = _blank(self.dia_diem, "giay_moi.dia_diem")
        self.chu_tri = _text(self.chu_tri, "giay_moi.chu_tri", required=False) or None
        self.thoi_gian = _moment(self.thoi_gian, "giay_moi.thoi_gian")

    def against(self, earliest: dt.date, latest: dt.date) -> None:
        """A giấy mời is not dated after what it invites to."""
        assert isinstance(self.thoi_gian, dt.datetime)
        if self.thoi_gian.date() < earliest:
            issued = ngay(earliest) if earliest == latest else f"tháng {earliest:%m/%Y}"
            raise _fail(f"mời dự lúc {gio_ngay(self.thoi_gian)}, trước ngày của giấy mời ({issued})",
                        "giay_moi.thoi_gian")

    def truoc(self, co_quan: str) -> list[Paragraph]:
        assert isinstance(self.thoi_gian, dt.datetime)
        out = [_para(f"{' '.join(co_quan.split())} trân trọng kính mời: {self.kinh_moi}"),
               _para(f"Tới dự {self.toi_du}.")]
        if self.chu_tri:
            out.append(_para(f"Chủ trì: {self.chu_tri}."))
        return [*out, _para(f"Thời gian: {gio_ngay(self.thoi_gian)}."), _para(f"Địa điểm: {self.dia_diem}.")]

    def sau(self) -> list[Paragraph]:
        return []


# --------------------------------------------------------------------------- Mẫu 1.8


@dataclass
class GioiThieu:
    """Mẫu 1.8, giấy giới thiệu: who is introduced (``ong_ba``, ``chuc_vu``, ``don_vi``, and
    ``danh_xung`` Ông/Bà), where to (``duoc_cu_den``), about what (``ve_viec``), and the last
    day it is valid (``co_gia_tri_den``). The request sentence is the decree's."""

    ong_ba: str = ""
    chuc_vu: str = ""
    duoc_cu_den: str = ""
    ve_viec: str = ""
    co_gia_tri_den: dt.date | str | None = None
    don_vi: str | None = None
    danh_xung: str | None = None

    DE_NGHI = "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ."
    _xung: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def _check(self) -> None:
        _person(self, "gioi_thieu")
        for name in ("chuc_vu", "duoc_cu_den", "ve_viec"):
            setattr(self, name, _blank(getattr(self, name), f"gioi_thieu.{name}"))
        self.don_vi = _text(self.don_vi, "gioi_thieu.don_vi", required=False) or None
        self.co_gia_tri_den = _date(self.co_gia_tri_den, "gioi_thieu.co_gia_tri_den")

    def against(self, earliest: dt.date, latest: dt.date) -> None:
        """The dates of the form against the document's date (a day, or a month's first and last)."""
        assert isinstance(self.co_gia_tri_den, dt.date)
        if self.co_gia_tri_den < earliest:
            issued = ngay(earliest) if earliest == latest else f"tháng {earliest:%m/%Y}"
            raise _fail(f"có giá trị đến {ngay(self.co_gia_tri_den)}, trước ngày cấp giấy ({issued})",
                        "gioi_thieu.co_gia_tri_den")

    def truoc(self, co_quan: str) -> list[Paragraph]:
        return [_para(f"{' '.join(co_quan.split())} trân trọng giới thiệu:", align="center"),
                _para(f"{_title_of(self)} ", Run(self.ong_ba, bold=True)),
                _para(f"Chức vụ: {_cong_tac(self.chuc_vu, self.don_vi or '')}"),
                _para(f"Được cử đến: {self.duoc_cu_den}"),
                _para(f"Về việc: {self.ve_viec}")]

    def sau(self) -> list[Paragraph]:
        xung = _title_of(self)
        request = self.DE_NGHI if xung == "Ông (bà)" else self.DE_NGHI.replace("ông (bà)", xung.lower())
        return [_para(request),
                _para(f"Giấy này có giá trị đến hết ngày {ngay(self.co_gia_tri_den)}")]


# --------------------------------------------------------------------------- Mẫu 1.9


@dataclass
class BienBan:
    """Mẫu 1.9, biên bản: the meeting's start (``bat_dau``: day and time), place (``dia_diem``),
    who attended (``thanh_phan``: a line or a list), who chaired (``chu_toa``) and who kept the
    minutes (``thu_ky``) — both sign, thư ký on the left, chủ tọa on the right — and its end
    (``ket_thuc``). ``cuoc_hop`` names the event: cuộc họp, hội nghị or hội thảo."""

    bat_dau: dt.datetime | str | None = None
    dia_diem: str = ""
    thanh_phan: str | list[str] = ""
    chu_toa: NguoiKy | Mapping[str, Any] | str | None = None
    thu_ky: NguoiKy | Mapping[str, Any] | str | None = None
    ket_thuc: dt.datetime | str | None = None
    cuoc_hop: str = "cuộc họp"

    def _check(self) -> None:
        self.bat_dau = _moment(self.bat_dau, "bien_ban.bat_dau")
        self.ket_thuc = _moment(self.ket_thuc, "bien_ban.ket_thuc")
        if self.ket_thuc <= self.bat_dau:
            raise _fail(f"kết thúc ({gio_ngay(self.ket_thuc)}) không sau lúc bắt đầu ({gio_ngay(self.bat_dau)})",
                        "bien_ban.ket_thuc")
        self.dia_diem = _blank(self.dia_diem, "bien_ban.dia_diem")
        where = "bien_ban.thanh_phan"
        if isinstance(self.thanh_phan, (list, tuple)):
            self.thanh_phan = [_entry_of(_text(x, f"{where}[{i}]"), where) for i, x in enumerate(self.thanh_phan, 1)]
            if not self.thanh_phan:
                raise _fail("chưa điền (mẫu có chỗ này)", where)
        else:
            self.thanh_phan = _blank(self.thanh_phan, where)
        self.chu_toa = _signer(self.chu_toa, "bien_ban.chu_toa")
        self.thu_ky = _signer(self.thu_ky, "bien_ban.thu_ky")
        kind = _text(self.cuoc_hop, "bien_ban.cuoc_hop").lower()
        if kind not in ("cuộc họp", "hội nghị", "hội thảo"):
            raise _fail(f"{self.cuoc_hop!r} không phải cuộc họp, hội nghị hay hội thảo", "bien_ban.cuoc_hop")
        self.cuoc_hop = kind

    @staticmethod
    def _nguoi(signer: NguoiKy) -> str:
        """``Nguyễn Văn A, Phó Giám đốc Sở``: the name, then the title lines if any."""
        title = " ".join(" ".join(signer.chuc_vu).split())
        return f"{signer.ho_ten}, {title}" if title else signer.ho_ten

    def truoc(self, co_quan: str) -> list[Paragraph]:
        assert isinstance(self.bat_dau, dt.datetime) and isinstance(self.chu_toa, NguoiKy)
        assert isinstance(self.thu_ky, NguoiKy)
        out = [_para(f"Thời gian bắt đầu: {gio_ngay(self.bat_dau)}"),
               _para(f"Địa điểm: {self.dia_diem}")]
        if isinstance(self.thanh_phan, list):
            out.append(_para("Thành phần tham dự:"))
            last = len(self.thanh_phan) - 1
            out += [_para(f"- {x.rstrip('.;')}{'.' if i == last else ';'}") for i, x in enumerate(self.thanh_phan)]
        else:
            out.append(_para(f"Thành phần tham dự: {self.thanh_phan}"))
        out += [_para(f"Chủ trì (chủ tọa): {self._nguoi(self.chu_toa)}"),
                _para(f"Thư ký (người ghi biên bản): {self._nguoi(self.thu_ky)}"),
                _para(f"Nội dung (theo diễn biến {self.cuoc_hop}):")]
        return out

    def against(self, earliest: dt.date, latest: dt.date) -> None:
        """A biên bản is not dated before its meeting began."""
        assert isinstance(self.bat_dau, dt.datetime)
        if self.bat_dau.date() > latest:
            issued = ngay(latest) if earliest == latest else f"tháng {latest:%m/%Y}"
            raise _fail(f"cuộc họp bắt đầu {gio_ngay(self.bat_dau)}, sau ngày của biên bản ({issued})",
                        "bien_ban.bat_dau", "ngay của biên bản là ngày họp hoặc sau đó")

    def sau(self) -> list[Paragraph]:
        assert isinstance(self.ket_thuc, dt.datetime)
        return [_para(f"{self.cuoc_hop.capitalize()} kết thúc vào {gio_ngay(self.ket_thuc)}")]

    def chu_ky(self) -> tuple[tuple[list[str], str], tuple[list[str], str]]:
        """The two signature blocks: thư ký (left) and chủ tọa (right), each (title lines, name)."""
        assert isinstance(self.chu_toa, NguoiKy) and isinstance(self.thu_ky, NguoiKy)
        return (["THƯ KÝ"], self.thu_ky.ho_ten), (["CHỦ TỌA"], self.chu_toa.ho_ten)


# --------------------------------------------------------------------------- Mẫu 1.10


@dataclass
class NghiPhep:
    """Mẫu 1.10, giấy nghỉ phép: the request (``don_ngay``), who (``ong_ba``, ``chuc_vu``,
    ``don_vi``, ``danh_xung``), from ``tu_ngay`` to the end of ``den_ngay`` at ``noi_nghi``,
    ``so_ngay`` days (default: the working days between, by the Vietnamese calendar), counted
    as ``tinh_vao`` (nghỉ hằng năm có lương …). ``xac_nhan`` prints the confirmation block of
    the place of leave."""

    ong_ba: str = ""
    chuc_vu: str = ""
    don_ngay: dt.date | str | None = None
    tu_ngay: dt.date | str | None = None
    den_ngay: dt.date | str | None = None
    noi_nghi: str = ""
    tinh_vao: str = ""
    so_ngay: int | None = None
    don_vi: str | None = None
    danh_xung: str | None = None
    xac_nhan: bool = False

    XAC_NHAN = "Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa phương nơi nghỉ phép"
    _lam_viec: int | None = field(default=None, init=False, repr=False, compare=False)
    _xung: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def _check(self) -> None:
        _person(self, "nghi_phep")
        for name in ("chuc_vu", "noi_nghi", "tinh_vao"):
            setattr(self, name, _blank(getattr(self, name), f"nghi_phep.{name}"))
        self.don_vi = _text(self.don_vi, "nghi_phep.don_vi", required=False) or None
        self.don_ngay = _date(self.don_ngay, "nghi_phep.don_ngay")
        self.tu_ngay = _date(self.tu_ngay, "nghi_phep.tu_ngay")
        self.den_ngay = _date(self.den_ngay, "nghi_phep.den_ngay")
        if self.den_ngay < self.tu_ngay:
            raise _fail(f"đến ngày {ngay(self.den_ngay)} trước từ ngày {ngay(self.tu_ngay)}", "nghi_phep.den_ngay")
        if self.don_ngay > self.tu_ngay:
            raise _fail(f"đơn đề nghị ngày {ngay(self.don_ngay)} sau ngày bắt đầu nghỉ {ngay(self.tu_ngay)}",
                        "nghi_phep.don_ngay")
        calendar_days = (self.den_ngay - self.tu_ngay).days + 1
        from .numbers import is_missing

        if is_missing(self.so_ngay) or (isinstance(self.so_ngay, str) and not self.so_ngay.strip()):
            self.so_ngay = None  # an empty cell: the working days are counted
        elif isinstance(self.so_ngay, float) and self.so_ngay.is_integer():
            self.so_ngay = int(self.so_ngay)  # a number column with a blank holds floats
        self._lam_viec = None if self.so_ngay is not None else self._working_days()
        if self.so_ngay is not None:
            text = str(self.so_ngay).strip()  # "5" from a template line is 5
            if isinstance(self.so_ngay, bool) or not (text.isascii() and text.isdecimal()) or int(text) < 1:
                raise _fail(f"cần số ngày nguyên dương, nhận {_r(self.so_ngay)}", "nghi_phep.so_ngay")
            self.so_ngay = int(text)
            if self.so_ngay > calendar_days:
                raise _fail(f"{self.so_ngay} ngày nghỉ nhưng từ {ngay(self.tu_ngay)} đến hết {ngay(self.den_ngay)} "
                            f"chỉ có {calendar_days} ngày", "nghi_phep.so_ngay")
            working = self._working_days(required=False)
            if self.so_ngay < working:
                raise _fail(f"{self.so_ngay} ngày nghỉ nhưng từ {ngay(self.tu_ngay)} đến hết {ngay(self.den_ngay)} "
                            f"có {working} ngày làm việc", "nghi_phep.so_ngay",
                            "số ngày từ số ngày làm việc đến số ngày lịch của khoảng nghỉ; bỏ so_ngay để tự đếm")
        self.xac_nhan = flag(self.xac_nhan, "nghi_phep.xac_nhan")

    def against(self, earliest: dt.date, latest: dt.date) -> None:
        """The dates of the form against the document's date (a day, or a month's first and last)."""
        assert isinstance(self.don_ngay, dt.date)
        if self.don_ngay > latest:
            issued = ngay(latest) if earliest == latest else f"tháng {latest:%m/%Y}"
            raise _fail(f"đơn đề nghị ngày {ngay(self.don_ngay)} sau ngày cấp giấy ({issued})",
                        "nghi_phep.don_ngay")

    def _working_days(self, *, required: bool = True) -> int:
        """The working days from ``tu_ngay`` to the end of ``den_ngay`` on the calendar of Việt Nam."""
        from .chiso.lich import LichLamViec  # numpy and holidays, only for this count

        assert isinstance(self.tu_ngay, dt.date) and isinstance(self.den_ngay, dt.date)
        days = int(LichLamViec().so_ngay_lam_viec(self.tu_ngay, self.den_ngay, tinh_ngay_dau=True))
        if days < 1 and required:
            raise _fail(f"từ {ngay(self.tu_ngay)} đến hết {ngay(self.den_ngay)} không có ngày làm việc nào",
                        "nghi_phep.so_ngay", "ghi so_ngay nếu tính cả ngày nghỉ")
        return days

    def thoi_gian(self) -> str:
        """``05 ngày`` as given, or ``05 ngày làm việc`` counted on the calendar of Việt Nam."""
        if self.so_ngay is not None:
            return f"{self.so_ngay:02d} ngày"
        return f"{self._lam_viec or self._working_days():02d} ngày làm việc"

    def truoc(self, co_quan: str) -> list[Paragraph]:
        return [_para(f"Xét Đơn đề nghị nghỉ phép ngày {ngay(self.don_ngay)} của {_title_of(self).lower()} "
                      f"{self.ong_ba}, {' '.join(co_quan.split())} cấp cho:"),
                _para(f"{_title_of(self)}: ", Run(self.ong_ba, bold=True)),
                _para(f"Chức vụ: {_cong_tac(self.chuc_vu, self.don_vi or '')}"),
                _para(f"Được nghỉ phép trong thời gian {self.thoi_gian()} kể từ ngày {ngay(self.tu_ngay)} "
                      f"đến hết ngày {ngay(self.den_ngay)} tại {self.noi_nghi}.")]

    def sau(self) -> list[Paragraph]:
        return [_para(f"Số ngày nghỉ phép nêu trên được tính vào thời gian {self.tinh_vao}")]


# --------------------------------------------------------------------------- Mẫu 1.3, the text issued with it


@dataclass
class KemTheo:
    """A text issued (or approved) with a quyết định — a quy chế, a quy định, a kế hoạch … —
    laid out as Phụ lục III draws it under Mẫu 1.3: the agency and the Quốc hiệu without số or
    date, the tên loại and trích yếu, then "(Kèm theo Quyết định số 12/QĐ-SXD ngày … của …)" and
    the line, the text, and no Nơi nhận. ``so``, ``ngay`` and ``ky_hieu`` are the quyết định's
    (``ky_hieu`` default: its type's abbreviation and the agency's); ``cua`` who issued it
    (default: the agency). In an electronic document the number and date are left blank for the
    signing system."""

    so: int | str | None = None
    ngay: dt.date | str | None = None
    ky_hieu: str | None = None
    loai: str = "quyet_dinh"
    cua: str | None = None

    def _check(self) -> None:
        from .doctypes import loai_van_ban

        try:
            self.loai = loai_van_ban(self.loai).ma
        except ModelError as exc:
            raise _fail(exc.message, "kem_theo.loai", exc.hint) from None
        if self.so is not None:
            text = str(self.so).strip()
            if isinstance(self.so, bool) or not (text.isascii() and text.isdecimal()) or int(text) <= 0:
                raise _fail(f"số văn bản phải là số nguyên dương, nhận {_r(self.so)}", "kem_theo.so")
            self.so = int(text)
        self.ngay = _date(self.ngay, "kem_theo.ngay") if self.ngay not in (None, "") else None
        self.ky_hieu = _text(self.ky_hieu, "kem_theo.ky_hieu", required=False) or None
        self.cua = _text(self.cua, "kem_theo.cua", required=False) or None

    def dong(self, viet_tat_co_quan: str | None, co_quan: str, dien_tu: bool) -> str:
        """The "(Kèm theo Quyết định số … ngày … của …)" line."""
        from .doctypes import ky_hieu, loai_van_ban
        from .formatting import so_van_ban

        kind = loai_van_ban(self.loai)
        mark = self.ky_hieu or ky_hieu(kind, viet_tat_co_quan)
        number, day = (None, None) if dien_tu else (self.so, self.ngay)
        return (f"(Kèm theo {kind.ten} số {so_van_ban(number, mark)} {ngay_thang_nam(day)} "
                f"của {self.cua or ' '.join(co_quan.split())})")


def kem_theo(value: object, ma: str, co_quan: str = "") -> KemTheo | None:
    """The ``kem_theo`` field checked (a :class:`KemTheo` or its fields), for a type with a tên loại."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        allowed = FORM_FIELDS["kem_theo"]
        for key in value:
            if key not in allowed:
                raise _fail(f"không có trường {key!r}", f"VanBan.kem_theo.{key}", suggest(key, allowed))
        value = KemTheo(**{str(k): v for k, v in value.items()})
    if not isinstance(value, KemTheo):
        raise _fail(f"cần {{so, ngay}} của quyết định, nhận {type(value).__name__}", "VanBan.kem_theo")
    if ma in ("cong_van", *FORM_OF, "quyet_dinh", "nghi_quyet"):
        raise _fail(f"{ma} không phải văn bản ban hành kèm theo quyết định", "VanBan.kem_theo",
                    "kem_theo dùng cho quy chế, quy định, kế hoạch, đề án … ban hành kèm theo quyết định")
    try:
        value._check()
    except ModelError as exc:
        raise _fail(exc.message, f"VanBan.{exc.where}", exc.hint) from None
    agency = " ".join(co_quan.split()).casefold()
    if value.cua and not value.ky_hieu and agency and agency not in value.cua.casefold():
        # issued by another body: its ký hiệu cannot be built from this agency's abbreviation
        raise _fail(f"quyết định của {value.cua!r} cần ký hiệu của nó (kem_theo.ky_hieu)", "VanBan.kem_theo.ky_hieu",
                    "ví dụ ky_hieu: QĐ-UBND")
    return value


# --------------------------------------------------------------------------- which form, where

Form = GiayMoi | CongDien | GioiThieu | BienBan | NghiPhep

#: Forms a type may also be written without, as free text under its title.
OPTIONAL = frozenset(("giay_moi",))

#: The field of :class:`~baocao.VanBan` (and of the front matter) each form is given in, by type.
FORM_OF: dict[str, tuple[str, type[Form]]] = {
    "giay_moi": ("giay_moi", GiayMoi),
    "cong_dien": ("cong_dien", CongDien),
    "giay_gioi_thieu": ("gioi_thieu", GioiThieu),
    "bien_ban": ("bien_ban", BienBan),
    "giay_nghi_phep": ("nghi_phep", NghiPhep),
}

#: The sub-fields of each form field, for the front matter's did-you-mean.
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in dataclasses.fields(kind) if f.init)
    for name, kind in [*FORM_OF.values(), ("kem_theo", KemTheo)]
}

#: Names people give a form's blanks, for the did-you-mean of an unknown one.
_ALIASES = {
    "hieu_luc": "co_gia_tri_den", "het_han": "co_gia_tri_den", "gia_tri_den": "co_gia_tri_den",
    "chu_tri": "chu_toa", "chu_toa_hop": "chu_toa", "thu_ki": "thu_ky", "nguoi_ghi": "thu_ky",
    "bat_dau_luc": "bat_dau", "ket_thuc_luc": "ket_thuc", "thanh_phan_tham_du": "thanh_phan",
    "tu": "tu_ngay", "den": "den_ngay", "ngay_don": "don_ngay", "so_ngay_nghi": "so_ngay",
    "noi_nghi_phep": "noi_nghi", "ho_ten": "ong_ba", "ten": "ong_ba", "cu_den": "duoc_cu_den",
    "noi_nhan_dien": "nhan_dien", "nguoi_gui": "nguoi_dien", "so_quyet_dinh": "so", "ngay_quyet_dinh": "ngay",
}


def suggest(key: object, allowed: tuple[str, ...]) -> str:
    """The hint for an unknown blank ``key`` of a form whose blanks are ``allowed``.

    >>> suggest("hieu_luc", FORM_FIELDS["gioi_thieu"]), suggest("dia_diem_hop", FORM_FIELDS["bien_ban"])
    ("có phải 'co_gia_tri_den'?", "có phải 'dia_diem'?")
    """
    name = str(key)
    close = [_ALIASES[name]] if _ALIASES.get(name) in allowed else difflib.get_close_matches(name, allowed, n=1)
    return f"có phải '{close[0]}'?" if close else "các chỗ điền: " + ", ".join(allowed)


_EXAMPLE = {
    "giay_moi": "kinh_moi, toi_du, thoi_gian, dia_diem (chu_tri)",
    "cong_dien": "nhan_dien: [Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố]",
    "gioi_thieu": "ong_ba, chuc_vu, duoc_cu_den, ve_viec, co_gia_tri_den",
    "bien_ban": "bat_dau, dia_diem, thanh_phan, chu_toa, thu_ky, ket_thuc",
    "nghi_phep": "ong_ba, chuc_vu, don_ngay, tu_ngay, den_ngay, noi_nghi, tinh_vao",
}


def form(ma: str, given: Mapping[str, object | None], issued: object = None) -> tuple[str, Form] | None:
    """The form of type ``ma`` built from the form fields ``given`` (field name → value or
    ``None``), checked — against the document's date ``issued`` too: every other form field
    must be empty, and the type's own given."""
    own = FORM_OF.get(ma)
    for name, value in given.items():
        if value is not None and (own is None or name != own[0]):
            owner = next(t for t, (n, _) in FORM_OF.items() if n == name)
            raise _fail(f"trường {name} chỉ dùng cho loai: {owner}, văn bản này là {ma}", f"VanBan.{name}",
                        f"bỏ {name}, hoặc đặt loai: {owner}")
    if own is None:
        return None
    name, kind = own
    value = given.get(name)
    if value is None and ma in OPTIONAL:
        return None
    if value is None:
        raise _fail(f"{ma} cần các chỗ điền của mẫu trong trường {name}", f"VanBan.{name}",
                    f"{name}: {_EXAMPLE[name]}")
    built: Form
    if isinstance(value, kind):
        built = value
    elif isinstance(value, Mapping):
        allowed = FORM_FIELDS[name]
        for key in value:
            if key not in allowed:
                raise _fail(f"không có chỗ điền {key!r}", f"VanBan.{name}.{key}", suggest(key, allowed))
        built = kind(**{str(k): v for k, v in value.items()})
    else:
        raise _fail(f"cần các chỗ điền ({_EXAMPLE[name]}), nhận {type(value).__name__}", f"VanBan.{name}")
    try:
        built._check()
        if isinstance(issued, dt.date):
            built.against(issued, issued)
        elif isinstance(issued, tuple):  # (year, month): the day is left blank
            year, month = issued
            first = dt.date(year, month, 1)
            built.against(first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
    except ModelError as exc:
        raise _fail(exc.message, f"VanBan.{exc.where}" if exc.where else f"VanBan.{name}", exc.hint) from None
    return name, built


__all__ = ["FORM_FIELDS", "FORM_OF", "OPTIONAL", "BienBan", "CongDien", "Form", "GiayMoi", "GioiThieu", "KemTheo",
           "NghiPhep", "form",
           "gio_ngay", "kem_theo", "suggest"]
