"""The front matter: YAML at the top of a template, read with lines kept, checked
against :data:`FIELDS`, merged along the ``extends`` chain and rendered with Jinja.
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from ..data import SafeLoader
from ..errors import TemplateError
from ..limits import LimitError

#: Front-matter fields, as a Vietnamese user knows them, with what each holds.
FIELDS: dict[str, str] = {
    "loai": "loại văn bản: bao_cao, ke_hoach, cong_van, quyet_dinh, nghi_quyet, to_trinh, thong_bao, giay_moi, "
            "cong_dien, giay_gioi_thieu, bien_ban, giay_nghi_phep … (baocao types)",
    "co_quan_chu_quan": "tên cơ quan chủ quản (không bắt buộc)",
    "co_quan": "tên cơ quan ban hành",
    "viet_tat_co_quan": "chữ viết tắt tên cơ quan, để lập ký hiệu (SXD)",
    "don_vi_soan_thao": "đơn vị soạn thảo (công văn: UBND-NC; thêm vào dòng Lưu)",
    "so": "số văn bản; để trống nếu chưa cấp số",
    "ky_hieu": "ký hiệu đầy đủ, nếu không muốn lập tự động (BC-SXD)",
    "dia_danh": "địa danh (Trà Vinh)",
    "ngay": "ngày ban hành: 2020-12-29, 29/12/2020, hoặc [2021, 12] để trống ngày",
    "trich_yeu": "trích yếu nội dung",
    "kinh_gui": "nơi gửi: một chuỗi hoặc danh sách",
    "tham_quyen": "thẩm quyền ban hành (quyết định: GIÁM ĐỐC SỞ XÂY DỰNG)",
    "can_cu": "các dòng căn cứ (danh sách)",
    "noi_nhan": "nơi nhận (danh sách, không kể dòng Lưu)",
    "luu": "dòng Lưu (mặc định: [VT])",
    "ky_hieu_soan_thao": "ký hiệu người soạn thảo, số bản (PL.(05))",
    "nguoi_ky": "người ký: ho_ten, chuc_vu, quyen_han (KT./TM./TL./TUQ./Q. hoặc danh sách [TM., KT.]), "
                "thay_mat (mỗi quyền hạn một dòng), ghi_hoc_ham",
    "do_khan": "độ khẩn: KHẨN, THƯỢNG KHẨN, HỎA TỐC",
    "do_mat": "độ mật: MẬT, TỐI MẬT, TUYỆT MẬT",
    "dau_ket_thuc": "thêm dấu ./. cuối văn bản (mặc định: có)",
    "danh_so": "cách đánh số đề mục: muc, muc_thap_phan, phan_muc, dieu, chuong_dieu",
    "muc_luc": "mục lục ở trang cuối: true (2 cấp đề mục) hoặc số cấp 1–4 (số trang tính bằng LibreOffice)",
    "thuoc_tinh": "thuộc tính tệp: tieu_de, chu_de, tac_gia, tu_khoa, mo_ta, ngay_tao, ngay_sua",
    "kem_theo": "văn bản ban hành kèm theo quyết định (Mẫu 1.3): so, ngay, ky_hieu, loai, cua",
    "dien_tu": "văn bản điện tử: số và ngày ở dòng (Kèm theo …) của phụ lục để hệ thống ký số điền",
    "giay_moi": "giấy mời (Mẫu 1.7, không bắt buộc): kinh_moi, toi_du, chu_tri, thoi_gian, dia_diem",
    "cong_dien": "công điện (Mẫu 1.6): nguoi_dien, nhan_dien (danh sách nơi nhận điện)",
    "gioi_thieu": "giấy giới thiệu (Mẫu 1.8): ong_ba, danh_xung, chuc_vu, don_vi, duoc_cu_den, ve_viec, "
                  "co_gia_tri_den",
    "bien_ban": "biên bản (Mẫu 1.9): bat_dau, dia_diem, thanh_phan, chu_toa, thu_ky, ket_thuc, cuoc_hop",
    "nghi_phep": "giấy nghỉ phép (Mẫu 1.10): ong_ba, danh_xung, chuc_vu, don_vi, don_ngay, tu_ngay, den_ngay, "
                 "so_ngay, noi_nghi, tinh_vao, xac_nhan",
}


_SIGNER_FIELDS = ("ho_ten", "chuc_vu", "quyen_han", "thay_mat", "ghi_hoc_ham")


class _Str(str):
    """A front-matter string that remembers its line in the template file (and the file, when it
    is the base's of the rendered template: ``source``)."""

    line: int = 0
    source: str | None = None


def split_front_matter(source: str) -> tuple[str | None, str]:
    """Split ``---`` front matter from the body. The body keeps the front matter's
    lines as blank lines, so line numbers stay those of the file.

    >>> split_front_matter("---\\nloai: bao_cao\\n---\\nNội dung\\n")
    ('loai: bao_cao\\n', '\\n\\n\\nNội dung\\n')
    >>> split_front_matter("Nội dung")
    (None, 'Nội dung')
    """
    text = source.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "\n" * (i + 1) + "".join(lines[i + 1:])
    return "".join(lines[1:]), "\n" * len(lines)


class _LineLoader(SafeLoader):
    """YAML loader whose strings and mapping keys remember their line."""


def _construct_str(loader: _LineLoader, node: yaml.Node) -> _Str:
    value = _Str(loader.construct_scalar(node))  # type: ignore[arg-type]
    value.line = node.start_mark.line + 2  # line 1 is the opening ---
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


class _Memo(OrderedDict):
    """A small least-recently-used memo of pure results keyed by source text: a template
    rendered for many units is read (front matter, ``extends``, front-matter strings) once."""

    def __init__(self, size: int = 256) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key: Any, compute: Callable[..., Any], *args: Any) -> Any:
        """The value kept for ``key``, or ``compute(*args)`` kept under it."""
        try:
            self.move_to_end(key)
            return self[key]
        except KeyError:
            value = self[key] = compute(*args)  # an error is raised, never kept
            while len(self) > self.size:
                self.popitem(last=False)
            return value


_FRONT = _Memo()


def parse_front_matter(text: str | None, name: str, *, base: bool = False) -> dict[str, Any]:
    """Read the front matter; errors name the template line. The result is shared between
    renders of the same text: callers build new mappings from it, never change it. ``base``: the
    front matter of a template the rendered one extends, whose strings and keys also know their
    file (``_Str.source``: ``name``), for what their values say."""
    if text is None or not text.strip():
        return {}
    if base:
        return _FRONT.get_or((text, name, "base"), _from_file, parse_front_matter(text, name), name)
    return _FRONT.get_or((text, name), _parse_front_matter, text, name)


def _from_file(value: Any, source: str) -> Any:
    """``value`` (parsed front matter) with each string and key knowing its file beside its line."""
    if isinstance(value, _Str):
        copy = _Str(value)
        copy.line, copy.source = value.line, source
        return copy
    if isinstance(value, Mapping):
        return {_from_file(k, source): _from_file(v, source) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_file(v, source) for v in value]
    return value


def _parse_front_matter(text: str, name: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.reader.ReaderError as exc:
        from ..data import control_character

        message, index = control_character(exc, text)
        raise TemplateError(f"phần đầu (YAML) {message}", template=name, line=index + 1,
                            hint="xoá ký tự đó; trong dữ liệu thì ký tự điều khiển được bỏ đi khi ghi") from None
    except RecursionError:
        raise LimitError("phần đầu (YAML) lồng quá sâu", "max_depth", where=name) from None
    except yaml.MarkedYAMLError as exc:
        from ..data import YAMLLimitError

        if isinstance(exc, YAMLLimitError):  # too deep, too many aliases, an alias inside itself
            at = exc.problem_mark.line + 2 if exc.problem_mark else None
            where = f"{name}:{at}" if at else name
            if exc.limit:
                raise LimitError(f"phần đầu (YAML): {exc.message}", exc.limit, where=where, hint=exc.hint) from None
            raise TemplateError(f"phần đầu (YAML): {exc.message}", template=name, line=at, hint=exc.hint) from None
        # where the broken construct began ([ or " left open), or where the problem is
        # (a line indented wrongly inside a block)
        block = (exc.context or "").startswith("while parsing a block")
        mark = (exc.problem_mark if block else exc.context_mark) or exc.problem_mark
        line = mark.line + 2 if mark else None
        problem = exc.problem or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and problem.startswith(("ngày", "số quá dài")):
            hint = "viết 29/12/2020 hoặc 2020-12-29" if problem.startswith("ngày") else "đặt trong ngoặc kép"
            raise TemplateError(f"phần đầu (YAML): {problem}", template=name, line=line, hint=hint) from None
        if "\\t" in problem:
            message, hint = "phần đầu (YAML) có dấu tab", "thụt lề bằng dấu cách, không dùng tab"
        elif "<block end>" in problem or "<block mapping start>" in problem:
            message, hint = (f"phần đầu (YAML) thụt lề không khớp: {problem}",
                             "các trường cùng cấp phải thẳng cột; trường con (dưới nguoi_ky:) thụt vào 2 dấu cách")
        else:
            message, hint = f"phần đầu (YAML) sai cú pháp: {problem}", "kiểm tra dấu hai chấm, thụt lề và dấu nháy"
        raise TemplateError(message, template=name, line=line, hint=hint) from None
    if not isinstance(data, dict):
        raise TemplateError("phần đầu phải là các dòng 'tên: giá trị'", template=name, line=2)
    return data


def _key_where(meta: Mapping[str, Any], key: str) -> tuple[str | None, int | None]:
    """The file (None: the rendered template; else the base it extends, see ``_Str.source``) and
    the line of ``key`` in the front matter; ``a.b`` looks into the mapping ``a`` (falling back to
    the line of ``a``)."""
    head, _, rest = key.partition(".")
    head = head.split("[", 1)[0]  # "nhan_dien[2]": the list's own line
    for k, value in meta.items():
        if k == head:
            inner = _key_where(value, rest) if rest and isinstance(value, Mapping) else (None, None)
            return inner if inner[1] else (getattr(k, "source", None), getattr(k, "line", None))
    return None, None


def _check_fields(meta: Mapping[str, Any], name: str) -> None:
    for key in meta:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            raise TemplateError(f"phần đầu có trường không biết: '{key}'", template=name,
                                line=getattr(key, "line", None),
                                hint=f"có phải '{close[0]}'?" if close else "các trường: " + ", ".join(FIELDS))
    nested: dict[str, tuple[str, ...]] = {"nguoi_ky": _SIGNER_FIELDS}
    if any(isinstance(value, Mapping) for key, value in meta.items() if key != "nguoi_ky"):
        from ..forms import FORM_FIELDS  # the forms' blanks: imported when a field could be one

        nested.update(FORM_FIELDS)
    for field, known in nested.items():
        value = meta.get(field)
        if not isinstance(value, Mapping):
            continue
        for key in value:
            if key not in known:
                from ..forms import suggest

                raise TemplateError(f"{field} có trường không biết: '{key}'", template=name,
                                    line=getattr(key, "line", None), hint=suggest(key, known))


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            value = _merge(out[key], value)
        out.pop(key, None)  # the child's key (with its line) replaces the base's
        out[key] = value
    return out
