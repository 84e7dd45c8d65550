"""What people type in the header and closing fields, normalised the way Decree 30 prints it.

Civil servants type these fields the way they look on paper: ``V/v …`` in a công văn's trích
yếu, ``- Sở Tài chính;`` as a recipient, ``Lưu: VT, NVY.`` among the Nơi nhận, ``TS. Nguyễn
Văn A`` as the signer. The writer adds the ``V/v``, the dashes, the ``;`` and the Lưu line
itself, so typed they would be doubled. Each function here returns the value as the writer
needs it and, for each change, one sentence saying what was changed; the model turns those
into a :class:`~baocao.BaoCaoWarning` (an error with ``strict``) naming the field.

>>> trich_yeu("V/v triển khai kế hoạch năm 2024.", cong_van=True)
('triển khai kế hoạch năm 2024', ["bỏ 'V/v' gõ ở đầu (công văn tự in 'V/v')", "bỏ dấu '.' ở cuối"])
>>> trich_yeu("Về việc ban hành Quy chế", cong_van=False)
('Về việc ban hành Quy chế', [])
>>> entry("- Sở Tài chính;")
('Sở Tài chính;', ["bỏ '-' gõ ở đầu (gạch đầu dòng được in tự động)"])
>>> luu_in("Lưu: VT, NVY."), luu_in("- Lưu VT"), luu_in("Lưu trữ lịch sử tỉnh")
(['VT', 'NVY'], ['VT'], None)
>>> ho_ten("BS.CKII. Trương Thị Ánh Nguyệt")
('Trương Thị Ánh Nguyệt', "bỏ 'BS.CKII.' trước họ tên (Nghị định 30: không ghi học hàm, học vị trước họ tên người ký)")
"""

from __future__ import annotations

import re

# "V/v", "V/V", "v/v", "V / v", "Về việc" at the start of a trích yếu
_VV = re.compile(r"^\s*(?:v\s*/\s*v\.?|về\s+việc)\s*[:.\-–]?\s*", re.IGNORECASE)

# the dashes (hyphen, the Unicode dashes, minus), bullets and pluses typed before a list entry
_BULLETS = "-‐‑‒–—−•+*"
_DASH = re.compile(rf"^\s*([{_BULLETS}])\s+")

# "Lưu: VT, NVY." / "Lưu VT" / "- Lưu: VT." — also how ``baocao check`` finds a Lưu line
_LUU = re.compile(rf"^\s*(?:[{_BULLETS}]\s*)*[Ll]ưu\s*(?::\s*|\s+(?=[A-ZĐ]{{2,}}\b))(?P<list>.*?)\s*[.;]?\s*$")

# "Kính gửi: X" typed inside a recipient
_KINH_GUI = re.compile(r"^\s*kính\s+gửi\s*:\s*", re.IGNORECASE)

# học hàm, học vị and honorary titles typed before a name: GS. PGS. TS. TSKH. ThS. BS. BS.CKI.
# BS.CKII. CKI. DS. KS. CN. LS. NGND. NGƯT. TTƯT. … each with its dot, or spelled out
_TITLE_WORDS = (r"(?:P?GS|TSKH|TS|ThS|Ths|BS|BSCK(?:I{1,2}|[12])|CK(?:I{1,2}|[12])|DS|KS|CN|LS|NGND|NGƯT|"
                r"TTND|TTƯT|BSNT|DSCK(?:I{1,2}|[12]))")
_TITLE = re.compile(
    rf"^\s*(?P<title>(?:{_TITLE_WORDS}\s*\.\s*)+|(?:(?:phó\s+)?giáo\s+sư|tiến\s+sĩ|thạc\s+sĩ|bác\s+sĩ|dược\s+sĩ|"
    rf"kỹ\s+sư|nhà\s+giáo\s+nhân\s+dân|nhà\s+giáo\s+ưu\s+tú)[\s,.]+)(?=\S)",
    re.IGNORECASE)


def trich_yeu(text: str, *, cong_van: bool) -> tuple[str, list[str]]:
    """The trích yếu without a typed ``V/v`` and without a final full stop."""
    notes: list[str] = []
    vv = _VV.match(text)
    typed = vv.group(0).strip().rstrip(":.-–").strip() if vv else ""
    if vv and text[vv.end():].strip() and cong_van:
        text = text[vv.end():]
        notes.append(f"bỏ '{typed}' gõ ở đầu (công văn tự in 'V/v')")
    elif vv and text[vv.end():].strip() and "/" in typed:  # "V/v" in a document with a tên loại ("Về việc" is right)
        text = "Về việc " + text[vv.end():]
        notes.append(f"'{typed}' viết tắt chỉ dùng ở công văn: viết đủ 'Về việc'")
        vv = None
    stripped = text.rstrip()
    last = stripped.rsplit(None, 1)[-1] if stripped else ""
    abbreviation = last.endswith(".") and ("." in last[:-1] or last[:-1].isupper())  # "TP.", "v.v."
    if stripped.endswith((".", ";", ":")) and not stripped.endswith("..") and not abbreviation:
        notes.append(f"bỏ dấu '{stripped[-1]}' ở cuối")
        stripped = stripped[:-1].rstrip()
    if notes:
        text = stripped[:1].upper() + stripped[1:] if vv and not cong_van else stripped
    return text, notes


def entry(text: str) -> tuple[str, list[str]]:
    """A Kính gửi, Nơi nhận or Căn cứ entry without a typed leading dash (and ``Kính gửi:``)."""
    notes: list[str] = []
    dash = _DASH.match(text)
    if dash:
        text = text[dash.end():]
        notes.append(f"bỏ '{dash.group(1)}' gõ ở đầu (gạch đầu dòng được in tự động)")
    kinh_gui = _KINH_GUI.match(text)
    if kinh_gui:
        text = text[kinh_gui.end():]
        notes.append("bỏ 'Kính gửi:' gõ ở đầu (được in tự động)")
    return text, notes


_SEVERAL = re.compile(r";\s*(?=\S)|\s*\n\s*")
_DATE_IN_PLACE = re.compile(r"\s*,?\s*ngày\s+(?:\d|\.)", re.IGNORECASE)
_TYPED_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def typed_date(text: str) -> tuple[int, int, int] | None:
    """The (year, month, day) of "ngày 05 tháng 02 năm 2020" in ``text``, or None."""
    found = _TYPED_DATE.search(text)
    return (int(found[3]), int(found[2]), int(found[1])) if found else None


def several(text: str, *, semicolons: bool = True) -> list[str]:
    """Entries typed in one string: one per line, or (``semicolons``) separated by ";".

    >>> several("Như trên; BGD Sở; Lưu VT"), several("- Sở A;\\n- Sở B."), several("Như trên;")
    (['Như trên', 'BGD Sở', 'Lưu VT'], ['- Sở A', '- Sở B.'], ['Như trên;'])
    """
    pattern = _SEVERAL if semicolons else re.compile(r"\s*\n\s*")
    return [part.strip() for part in pattern.split(text) if part.strip()]


def dia_danh(text: str) -> tuple[str, list[str]]:
    """The place without a date typed after it (", ngày 05 tháng …") and without a final comma.

    >>> dia_danh("Trà Vinh, ngày 05 tháng 02 năm 2020"), dia_danh("Trà Vinh,")
    (('Trà Vinh', ['bỏ ngày gõ sau địa danh (ngày lấy từ trường ngay)']), ('Trà Vinh', ["bỏ dấu ',' ở cuối"]))
    """
    notes: list[str] = []
    found = _DATE_IN_PLACE.search(text)
    if found and text[:found.start()].strip():
        text = text[:found.start()]
        notes.append("bỏ ngày gõ sau địa danh (ngày lấy từ trường ngay)")
    stripped = text.rstrip()
    if stripped.endswith((",", ";", ":", ".")):
        notes.append(f"bỏ dấu '{stripped[-1]}' ở cuối")
        stripped = stripped[:-1].rstrip()
    return stripped, notes


def luu_in(text: str) -> list[str] | None:
    """The entries of a Lưu line typed among the Nơi nhận (``Lưu: VT, NVY.``), or ``None``."""
    found = _LUU.match(text)
    if not found:
        return None
    return [part.strip() for part in re.split(r"[,;]", found["list"]) if part.strip()]


def ho_ten(text: str) -> tuple[str, str | None]:
    """The signer's name without a học hàm, học vị or honorary title typed before it."""
    found = _TITLE.match(text)
    if not found or not text[found.end():].strip():
        return text, None
    title = found["title"].strip()
    return (text[found.end():].strip(),
            f"bỏ '{title}' trước họ tên (Nghị định 30: không ghi học hàm, học vị trước họ tên người ký)")


# ------------------------------------------------------------------------------ signing authority

#: The order of the authority words of Decree 30 (Phụ lục I, 7b) in one signature block: a
#: collective (TM.) first, then thừa lệnh / thừa ủy quyền (TL., TUQ.), then ký thay / quyền
#: (KT., Q.) — "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "TL. BỘ TRƯỞNG / KT. VỤ
#: TRƯỞNG / PHÓ VỤ TRƯỞNG". Each at most once; the rank only grows.
QUYEN_HAN_BAC: dict[str, int] = {"TM.": 0, "TL.": 1, "TUQ.": 1, "KT.": 2, "Q.": 2}
_MEANING = {"TM.": "thay mặt tập thể", "TL.": "thừa lệnh", "TUQ.": "thừa ủy quyền", "KT.": "ký thay",
            "Q.": "quyền"}
_PREFIX = re.compile(r"^\s*(TM|KT|TL|TUQ|Q)\s*\.\s*(?=\S)", re.IGNORECASE)


def quyen_han_of(text: str) -> tuple[str | None, str]:
    """An authority word typed at the start of a line, and the rest.

    >>> quyen_han_of("KT. Giám đốc"), quyen_han_of("Giám đốc"), quyen_han_of("Q.Chủ tịch")
    (('KT.', 'Giám đốc'), (None, 'Giám đốc'), ('Q.', 'Chủ tịch'))
    """
    found = _PREFIX.match(text)
    if not found:
        return None, text
    return found.group(1).upper() + ".", text[found.end():].strip()


def quyen_han_problem(chain: list[str]) -> str | None:
    """What is wrong with the order of these authority words, or ``None``.

    >>> quyen_han_problem(["TM.", "KT."]) is None, quyen_han_problem(["KT.", "TM."])
    (True, "'KT.' (ký thay) đứng trước 'TM.' (thay mặt tập thể)")
    """
    for before, after in zip(chain, chain[1:]):
        if QUYEN_HAN_BAC[after] <= QUYEN_HAN_BAC[before]:
            if before == after:
                return f"'{after}' ({_MEANING[after]}) ghi hai lần"
            if QUYEN_HAN_BAC[after] == QUYEN_HAN_BAC[before]:
                return f"'{before}' ({_MEANING[before]}) và '{after}' ({_MEANING[after]}) không ghi cùng nhau"
            return f"'{before}' ({_MEANING[before]}) đứng trước '{after}' ({_MEANING[after]})"
    return None


__all__ = ["QUYEN_HAN_BAC", "dia_danh", "entry", "ho_ten", "luu_in", "quyen_han_of", "quyen_han_problem", "several",
           "trich_yeu", "typed_date"]
