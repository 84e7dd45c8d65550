"""Vietnamese ways of writing document numbers and dates (spec §2, §8)."""

from __future__ import annotations

import datetime as dt

from .errors import ModelError

#: What a blank day, month or year is written as: room to fill in by hand.
KHOANG_TRONG = "\u00a0" * 5


def _ngay(d: int) -> str:
    return f"{d:02d}"


def _thang(m: int) -> str:
    # months 1 and 2 are zero-padded, 3–12 are not (spec §2)
    return f"{m:02d}" if m <= 2 else str(m)


def ngay_thang_nam(value: dt.date | tuple[int, int] | None) -> str:
    """The date as written in the địa danh line.

    A ``(year, month)`` pair leaves the day blank; ``None`` leaves everything blank.

    >>> ngay_thang_nam(dt.date(2020, 2, 5))
    'ngày 05 tháng 02 năm 2020'
    >>> ngay_thang_nam(dt.date(2019, 6, 21))
    'ngày 21 tháng 6 năm 2019'
    >>> ngay_thang_nam((2021, 12)).replace("\\xa0", "_")
    'ngày _____ tháng 12 năm 2021'
    """
    if value is None:
        return f"ngày {KHOANG_TRONG} tháng {KHOANG_TRONG} năm {KHOANG_TRONG}"
    if isinstance(value, tuple):
        year, month = value
        return f"ngày {KHOANG_TRONG} tháng {_thang(month)} năm {year}"
    return f"ngày {_ngay(value.day)} tháng {_thang(value.month)} năm {value.year}"


def ngay(value: dt.date) -> str:
    """A date as cited in running text: ``ngày 06/3/2019``, ``24/01/2017``.

    >>> ngay(dt.date(2019, 3, 6)), ngay(dt.date(2017, 1, 24))
    ('06/3/2019', '24/01/2017')
    """
    return f"{_ngay(value.day)}/{_thang(value.month)}/{value.year}"


def so_ky_hieu(so: int | str | None, ky_hieu: str) -> str:
    """The số line: ``Số: 05/KH-SXD``; a blank number is written as dots.

    >>> so_ky_hieu(564, "BC-SXD"), so_ky_hieu(5, "KH-SXD"), so_ky_hieu(None, "BC-SNV")
    ('Số: 564/BC-SXD', 'Số: 05/KH-SXD', 'Số: ....../BC-SNV')
    """
    return f"Số: {so_van_ban(so, ky_hieu)}"


def so_van_ban(so: int | str | None, ky_hieu: str) -> str:
    """Number and ký hiệu as cited: ``564/BC-SXD``, ``05/KH-SXD``, ``....../BC-SNV``.

    >>> so_van_ban(5, "KH-SXD")
    '05/KH-SXD'
    """
    if so is None or (isinstance(so, str) and not so.strip()):
        number = "......"
    else:
        text = str(so).strip()
        if not text.isdigit() or int(text) <= 0:
            raise ModelError(f"số văn bản phải là số nguyên dương, nhận {so!r}", where="VanBan.so",
                             hint="để trống (None) nếu chưa cấp số")
        number = _ngay(int(text))
    return f"{number}/{ky_hieu}"
