"""One date reader for the whole package: front matter, filters, tables and the dossier log.

A date is a ``datetime.date`` (a ``datetime`` and a pandas ``Timestamp`` are dates too), a
numpy ``datetime64``, or text: ISO ``2019-03-06`` (optionally with a time, ``T10:30`` or
`` 10:30:00``, and a zone, ``Z`` or ``+07:00``) or day first ``06/3/2019`` (``-`` or ``.`` may
replace ``/``, optionally with a time ``06/03/2019 15:30``). Slashes are always day first, the
Vietnamese way. An aware time is taken in Việt Nam's time (UTC+7, all year) before its day is
kept: 20:00 UTC on the 7th is the 8th. ``None``, NaN, ``NaT`` and blank text are missing.

>>> read_date("2019-03-06"), read_date("6.3.2019"), read_date("2024-02-07T20:00:00Z")
(datetime.date(2019, 3, 6), datetime.date(2019, 3, 6), datetime.date(2024, 2, 8))
>>> read_date(None) is None, read_date(" ") is None
(True, True)
"""

from __future__ import annotations

import datetime as dt
import math
import re

from .errors import DataError

#: Việt Nam's time: UTC+7 all year (no daylight saving since 1975).
VIETNAM = dt.timezone(dt.timedelta(hours=7), "UTC+07:00")

_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
_ZONE = r"(Z|[+-]\d{2}:?\d{2})?"
#: yyyy-mm-dd, with a time (and a zone) after "T" or a space
ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})(?:[T ]{_TIME}{_ZONE})?$")
#: dd/mm/yyyy (or - .), with a time after a space
DMY = re.compile(rf"^(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}})(?:\s+{_TIME})?$")
HINT = "viết ngày dạng 2019-03-06 hoặc 06/3/2019 (ngày trước tháng), hoặc dùng datetime.date(2019, 3, 6)"


def read_date(value: object, where: str | None = None) -> dt.date | None:
    """``value`` as a date, ``None`` when it is missing; a :class:`DataError` naming ``where``
    for anything else (a number, a date that does not exist, text in another form)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    kind = type(value).__name__
    if kind in ("NaTType", "NAType"):
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(VIETNAM)
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return value
    if kind == "datetime64":  # numpy, without importing it
        if str(value) == "NaT":
            return None
        return read_date(str(value.astype("datetime64[s]")), where)  # type: ignore[attr-defined]
    if not isinstance(value, str):
        raise DataError(f"{value!r} ({kind}) không phải là ngày", where=where, hint=HINT)
    text = value.strip()
    if not text:
        return None
    try:
        if found := ISO.match(text):
            day = dt.date(int(found[1]), int(found[2]), int(found[3]))
            _check_time(found[4], found[5], found[6])
            if found[4] is not None and found[7]:  # a time with a zone: the day in Việt Nam
                moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
                return read_date(moment, where)
            return day
        if found := DMY.match(text):
            _check_time(found[5], found[6], found[7])
            return dt.date(int(found[4]), int(found[3]), int(found[1]))
    except ValueError:
        raise DataError(f"ngày {value!r} không có thật hoặc viết sai", where=where, hint=HINT) from None
    raise DataError(f"{value!r} không phải là ngày", where=where, hint=HINT)


def _check_time(hour: str | None, minute: str | None, second: str | None) -> None:
    if hour is not None:
        dt.time(int(hour), int(minute or 0), int(second or 0))  # a ValueError for 25:00


def time_of_day(value: object) -> float | None:
    """Hours after midnight of the time ``value`` carries (in Việt Nam's time when aware), or
    ``None`` when it carries none (a date, text without a time, midnight of a datetime).

    >>> time_of_day("07/02/2024 15:30"), time_of_day("2024-02-07"), time_of_day("2024-02-07T08:00:00Z")
    (15.5, None, 15.0)
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(VIETNAM)
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return None
        return value.hour + value.minute / 60
    if isinstance(value, str):
        text = value.strip()
        found = ISO.match(text)
        if found and found[4] is not None:
            if found[7]:
                return time_of_day(dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1)))
            return int(found[4]) + int(found[5]) / 60
        found = DMY.match(text)
        if found and found[5] is not None:
            return int(found[5]) + int(found[6]) / 60
    return None


__all__ = ["DMY", "HINT", "ISO", "VIETNAM", "read_date", "time_of_day"]
