"""Comparisons in words, as reports write them (spec §9): "tăng 24,9 điểm phần trăm so với năm 2021".

Numbers are written by :func:`baocao.formatting.so` (half-up, ``.`` thousands, ``,`` decimals). The
choices, so a sentence never contradicts the figures printed next to it:

* **What changed is computed from the numbers as shown.** With ``decimals=2``, 80,004 % and
  80,001 % are both shown as 80,00 %, so the comparison says "bằng", not "tăng 0 điểm phần
  trăm"; 80,006 and 80,004 are shown as 80,01 and 80,00, so it says "tăng 0,01".
* **Three kinds of change**, because reports must not confuse them:

  - ``kieu="so"``: the difference in the unit of the figures — "giảm 3 hồ sơ", "tăng 2,15 điểm";
  - ``kieu="diem_phan_tram"``: two percentages, their difference in *điểm phần trăm* —
    80,2 % against 55,3 % is "tăng 24,9 điểm phần trăm", **not** "tăng 24,9%" (pass
    ``don_vi="điểm %"`` for the short form some reports use);
  - ``kieu="ty_le"`` (or its synonym ``"phan_tram"``): the relative change, ``(moi − cu) / cu ×
    100`` — 450 against 400 hồ sơ is "tăng 12,5%". Against 0 there is no relative change:
    that is a :class:`~baocao.errors.DataError` (say it with ``kieu="so"``), unless both are 0
    ("bằng"). A negative old value is an error too.

* **Decimals**: at most ``decimals`` (default 2), trailing zeros dropped (``gon=True``) — "3 hồ
  sơ", "24,9 điểm phần trăm", "89,15%" — as reports mix them; ``gon=False`` keeps them all.
* **Equal** is "bằng" + the reference point: ``moc="so với năm 2021"`` gives "bằng năm 2021",
  ``moc="so với cùng kỳ"`` "bằng cùng kỳ"; with no ``moc`` it is "không thay đổi".
* **Series**: :func:`chuoi` writes the series with arrows, "55,3% → 80,2% → 89,15%", as the spec
  and report summaries/tables do; ``cach="loi"`` writes the running-text form, "từ 55,3% năm 2020
  lên 80,2% năm 2021 rồi lên 89,15% năm 2022" ("xuống" when it falls).

>>> so_sanh(80.2, 55.3, kieu="diem_phan_tram", moc="so với năm 2021")
'tăng 24,9 điểm phần trăm so với năm 2021'
>>> so_sanh(12, 15, don_vi="hồ sơ"), so_sanh(450, 400, kieu="ty_le", moc="so với cùng kỳ")
('giảm 3 hồ sơ', 'tăng 12,5% so với cùng kỳ')
>>> chuoi([55.3, 80.2, 89.15])
'55,3% → 80,2% → 89,15%'
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Sequence
from decimal import Context, Decimal, localcontext
from typing import Any

import numpy as np
import pandas as pd

from baocao.errors import DataError
from baocao.formatting import so
from baocao.numbers import exact, is_blank, round_half_up

__all__ = ["KIEU", "chuoi", "so_sanh"]

#: The kinds of comparison :func:`so_sanh` writes ("phan_tram" is a synonym of "ty_le").
KIEU = ("so", "diem_phan_tram", "ty_le", "phan_tram")

def _decimal(value: object, where: str) -> Decimal | None:
    """``value`` as an exact Decimal (:func:`baocao.numbers.exact`, text in Python syntax too),
    ``None`` if it is blank (:func:`baocao.numbers.is_blank`)."""
    return None if is_blank(value) else exact(value, text=True, where=where)


def _so_le(decimals: object) -> int:
    if not isinstance(decimals, numbers.Integral) or isinstance(decimals, bool) or decimals < 0:
        raise DataError(f"số chữ số thập phân phải là số nguyên từ 0 trở lên, nhận {decimals!r}",
                        hint="ví dụ decimals=1")
    return int(decimals)


def _moc(moc: str) -> tuple[str, str]:
    """The reference point as written after a change ("so với năm 2021") and after "bằng" ("năm 2021")."""
    text = " ".join(moc.split())
    if not text:
        return "", ""
    base = text[len("so với"):].strip() if text.lower().startswith("so với") else text
    if not base:
        raise DataError(f"mốc so sánh {moc!r} thiếu nội dung", where="so_sanh: moc",
                        hint="ví dụ moc='so với năm 2021' hoặc moc='so với cùng kỳ'")
    return f"so với {base}", base


def _kieu(kieu: str) -> str:
    if kieu not in KIEU:
        raise DataError(f"kiểu so sánh {kieu!r} không có", where="so_sanh: kieu",
                        hint="dùng 'so' (tăng 3 hồ sơ), 'diem_phan_tram' (tăng 24,9 điểm phần trăm) "
                             "hoặc 'ty_le' (tăng 12,5%)")
    return "ty_le" if kieu == "phan_tram" else kieu


def _mot(moi: object, cu: object, kieu: str, don_vi: str, decimals: int, gon: bool, moc: tuple[str, str],
         tu: tuple[str, str], thieu: str | None, where: str) -> str:
    new, old = _decimal(moi, f"{where}moi"), _decimal(cu, f"{where}cu")
    if new is None or old is None:
        if thieu is not None:
            return thieu
        which = "mới (moi)" if new is None else "cũ (cu)"
        raise DataError(f"thiếu số liệu {which} để so sánh: nhận {moi!r} và {cu!r}", where=where.rstrip(": ") or None,
                        hint="điền số liệu, hoặc cho chữ thay thế: thieu=\"-\"")
    if kieu == "ty_le":  # from the figures as the report prints them, as for the other kinds
        new, old = round_half_up(new, decimals), round_half_up(old, decimals)
        if new == old:
            change = Decimal(0)
        elif old <= 0:
            raise DataError(f"không tính được tỷ lệ tăng/giảm so với {so(old, decimals, gon=True)}",
                            where=f"{where}cu",
                            hint="số cũ phải lớn hơn 0; so sánh bằng hiệu số: kieu='so'")
        else:
            with localcontext(Context(prec=40)):
                change = round_half_up((new - old) * 100 / old, decimals)
    else:
        change = round_half_up(new, decimals) - round_half_up(old, decimals)
    sau, bang = moc
    if change == 0:
        return f"bằng {bang}" if bang else "không thay đổi"
    amount = so(abs(change), decimals, gon=gon)
    if kieu == "ty_le":
        amount += "%"
    elif don_vi:
        amount += f" {don_vi}"
    text = f"{tu[0] if change > 0 else tu[1]} {amount}"
    return f"{text} {sau}" if sau else text


def so_sanh(moi: Any, cu: Any, *, kieu: str = "so", don_vi: str | None = None, decimals: int = 2,
            gon: bool = True, moc: str = "", tu: tuple[str, str] = ("tăng", "giảm"),
            thieu: str | None = None) -> str | pd.Series:
    """The change from ``cu`` to ``moi`` in words: "tăng 3 hồ sơ so với năm 2021".

    ``kieu``: ``"so"`` (difference, in ``don_vi``), ``"diem_phan_tram"`` (difference of two
    percentages, ``don_vi`` defaults to "điểm phần trăm"), ``"ty_le"`` / ``"phan_tram"``
    (relative change in per cent; no ``don_vi``). Both values are rounded half-up to
    ``decimals`` before the difference is taken, so equal-looking figures are "bằng".
    ``moc`` is the reference point ("so với năm 2021", or just "năm 2021"); ``tu`` the two
    verbs — ``("cao hơn", "thấp hơn")`` to compare units rather than years. A missing value is
    an error unless ``thieu`` gives the text to write. A Series (for either value) gives a
    Series of phrases.

    >>> so_sanh(80.2, 55.3, kieu="diem_phan_tram", moc="so với năm 2021")
    'tăng 24,9 điểm phần trăm so với năm 2021'
    >>> so_sanh(89.15, 80.2, kieu="diem_phan_tram", don_vi="điểm %")
    'tăng 8,95 điểm %'
    >>> so_sanh(12, 15, don_vi="hồ sơ", moc="so với cùng kỳ"), so_sanh(556, 556, moc="so với cùng kỳ")
    ('giảm 3 hồ sơ so với cùng kỳ', 'bằng cùng kỳ')
    >>> so_sanh(80.004, 80.001, kieu="diem_phan_tram", moc="năm 2021")  # both shown as 80,00
    'bằng năm 2021'
    >>> so_sanh(450, 400, kieu="ty_le"), so_sanh(380, 400, kieu="ty_le", decimals=1)
    ('tăng 12,5%', 'giảm 5%')
    >>> so_sanh(0.0149, 0.0051, kieu="ty_le")  # both shown as 0,01
    'không thay đổi'
    >>> so_sanh(87.5, 85.02, don_vi="điểm", tu=("cao hơn", "thấp hơn"), moc="so với bình quân chung của tỉnh")
    'cao hơn 2,48 điểm so với bình quân chung của tỉnh'
    >>> so_sanh(15, 0, kieu="ty_le")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    baocao.errors.DataError: so_sanh: cu: không tính được tỷ lệ tăng/giảm so với 0 (số cũ phải lớn hơn 0; ...)
    """
    kieu = _kieu(kieu)
    if kieu == "ty_le" and don_vi:
        raise DataError(f"so sánh tỷ lệ (kieu='ty_le') viết bằng %, không có đơn vị {don_vi!r}",
                        where="so_sanh: don_vi", hint="bỏ don_vi, hoặc dùng kieu='so'")
    unit = ("điểm phần trăm" if kieu == "diem_phan_tram" else "") if don_vi is None else don_vi.strip()
    if not (isinstance(tu, (tuple, list)) and len(tu) == 2 and all(isinstance(w, str) and w.strip() for w in tu)):
        raise DataError(f"tu phải là hai động từ (tăng, giảm), nhận {tu!r}", where="so_sanh: tu",
                        hint="ví dụ tu=('cao hơn', 'thấp hơn')")
    args = (kieu, unit, _so_le(decimals), gon, _moc(moc), (tu[0].strip(), tu[1].strip()), thieu)
    if not isinstance(moi, pd.Series) and not isinstance(cu, pd.Series):
        return _mot(moi, cu, *args, where="so_sanh: ")
    index = moi.index if isinstance(moi, pd.Series) else cu.index
    if isinstance(moi, pd.Series) and isinstance(cu, pd.Series) and not moi.index.equals(cu.index):
        raise DataError(f"hai dãy số so sánh không khớp nhau ({len(moi)} và {len(cu)} dòng)", where="so_sanh",
                        hint="hai dãy phải có cùng chỉ mục (index), ví dụ hai cột của cùng một bảng")
    new = moi.tolist() if isinstance(moi, pd.Series) else [moi] * len(index)
    old = cu.tolist() if isinstance(cu, pd.Series) else [cu] * len(index)
    name = moi.name if isinstance(moi, pd.Series) else cu.name
    return pd.Series([_mot(m, c, *args, where=f"so_sanh: dòng {label}: ") for m, c, label in zip(new, old, index)],
                     index=index, name=name, dtype=object)


def _year(label: Hashable) -> int | None:
    """The year a label stands for (2021, 2021.0, "2021"), or None."""
    if isinstance(label, (bool, np.bool_)):
        return None
    if isinstance(label, numbers.Real) and float(label).is_integer() and 1000 <= float(label) <= 2999:
        return int(label)
    text = str(label).strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def _nhan(label: Hashable) -> str:
    """A label as written: a year (2021, 2021.0, "2021") becomes "năm 2021", a whole float
    loses its ".0", anything else stays as it is."""
    year = _year(label)
    if year is not None:
        return f"năm {year}"
    if isinstance(label, float) and label.is_integer():
        return str(int(label))
    return str(label).strip()


def _says_when(index: pd.Index) -> bool:
    """Whether a Series' index labels its values: not row numbers (0, 1, 2 … or what a filter left
    of them: 1, 3); whole numbers only when they are years."""
    if index.equals(pd.RangeIndex(len(index))):
        return False
    if pd.api.types.is_numeric_dtype(index.dtype) and not pd.api.types.is_bool_dtype(index.dtype):
        return all(_year(v) is not None for v in index)
    return True


def chuoi(values: Sequence[Any] | pd.Series, labels: Sequence[Hashable] | None = None, *, kieu: str = "phan_tram",
          don_vi: str = "", decimals: int = 2, gon: bool = True, cach: str = "mui_ten",
          thieu: str | None = None) -> str:
    """A series over the years in words: "55,3% → 80,2% → 89,15%".

    ``kieu="phan_tram"`` writes each value with ``%``; ``kieu="so"`` with ``don_vi`` after it.
    Each value is half-up to at most ``decimals`` places (``gon=False`` keeps trailing zeros).

    ``labels`` (one per value; by default the index of a Series, unless it is row numbers —
    0, 1, 2 … or what a filter left of them) say when: a year — ``2021``, ``2021.0`` or
    ``"2021"`` — is written "năm 2021", any other label as given ("6 tháng đầu năm 2022").

    ``cach="mui_ten"`` (default) is the compact form of summaries and tables: "55,3% (năm 2020)
    → 80,2% (năm 2021)"; a missing value is written ``thieu`` if given. ``cach="loi"`` is the
    running-text form: "từ 55,3% năm 2020 lên 80,2% năm 2021 rồi xuống 75% năm 2022" — "lên",
    "xuống", "giữ nguyên ở" by the values as shown; it has no verb of its own, so write "tăng "
    before it when every step rises. It needs every value.

    >>> chuoi([55.3, 80.2, 89.15])
    '55,3% → 80,2% → 89,15%'
    >>> chuoi(pd.Series([55.3, 80.2, 89.15], index=[2020, 2021, 2022]))
    '55,3% (năm 2020) → 80,2% (năm 2021) → 89,15% (năm 2022)'
    >>> chuoi([55.3, 80.2, 75], [2020, 2021, 2022], cach="loi")
    'từ 55,3% năm 2020 lên 80,2% năm 2021 rồi xuống 75% năm 2022'
    >>> chuoi([420, 556], ["năm 2021", "năm 2022"], kieu="so", don_vi="hồ sơ", cach="loi")
    'từ 420 hồ sơ năm 2021 lên 556 hồ sơ năm 2022'
    """
    if kieu not in ("phan_tram", "so"):
        raise DataError(f"kiểu chuỗi {kieu!r} không có", where="chuoi: kieu",
                        hint="dùng 'phan_tram' (55,3% → 80,2%) hoặc 'so' (kèm don_vi)")
    if cach not in ("mui_ten", "loi"):
        raise DataError(f"cách viết {cach!r} không có", where="chuoi: cach",
                        hint="dùng 'mui_ten' (55,3% → 80,2%) hoặc 'loi' (từ 55,3% lên 80,2%)")
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, pd.Series, np.ndarray)):
        raise DataError(f"chuỗi số liệu phải là một danh sách hoặc pandas.Series, nhận {type(values).__name__}",
                        where="chuoi", hint="ví dụ chuoi([55.3, 80.2, 89.15])")
    if labels is None and isinstance(values, pd.Series) and _says_when(values.index):
        labels = list(values.index)
    items = list(values)
    if not items:
        raise DataError("chuỗi số liệu rỗng", where="chuoi", hint="cho ít nhất một số liệu")
    if labels is not None and len(labels) != len(items):
        raise DataError(f"có {len(items)} số liệu nhưng {len(labels)} nhãn", where="chuoi: labels",
                        hint="mỗi số liệu một nhãn, ví dụ labels=[2020, 2021, 2022]")
    places = _so_le(decimals)
    shown: list[str] = []
    rounded: list[Decimal | None] = []
    for position, value in enumerate(items):
        number = _decimal(value, f"chuoi: số liệu thứ {position + 1}")
        rounded.append(None if number is None else round_half_up(number, places))
        if number is None:
            if thieu is None or cach == "loi":
                raise DataError(f"thiếu số liệu thứ {position + 1}: nhận {value!r}", where="chuoi",
                                hint="điền số liệu" + (", hoặc cho chữ thay thế: thieu=\"-\"" if cach != "loi" else ""))
            shown.append(thieu)
            continue
        text = so(number, places, gon=gon)
        shown.append(text + "%" if kieu == "phan_tram" else f"{text} {don_vi}" if don_vi else text)
    names = [_nhan(label) for label in labels] if labels is not None else None
    if cach == "mui_ten":
        if names is not None:
            shown = [f"{text} ({name})" for text, name in zip(shown, names)]
        return " → ".join(shown)
    if names is not None:
        shown = [f"{text} {name}" for text, name in zip(shown, names)]
    words = [f"từ {shown[0]}"] if len(shown) > 1 else [shown[0]]
    for position in range(1, len(shown)):
        before, now = rounded[position - 1], rounded[position]
        assert before is not None and now is not None
        verb = "lên" if now > before else "xuống" if now < before else "giữ nguyên ở"
        words.append(("" if position == 1 else "rồi ") + f"{verb} {shown[position]}")
    return " ".join(words)
