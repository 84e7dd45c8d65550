"""Indicators reports quote, computed from raw rows with pandas (spec §9).

- :mod:`.hai_long` — satisfaction surveys (SIPAS-style): per criterion, factor,
  overall and agency; banding agencies.
- :mod:`.ho_so` — timeliness of administrative dossiers (trước hạn / đúng hạn /
  quá hạn, pending at a report date, carried over), by any grouping; due dates in
  working days on :class:`.lich.LichLamViec`, the Vietnamese calendar.
- :mod:`.diem` — reform-index scores: points / applicable maximum, rank bands,
  ranking tables.
- :mod:`.so_sanh` — comparisons in words ("tăng 24,9 điểm phần trăm so với năm 2021").

Each function returns plain numbers or small frozen dataclasses with ``.to_frame()``;
templates format them with the ``so`` / ``phan_tram`` filters and ``table()``.
"""

from __future__ import annotations

from .diem import MAC_DINH, BangDiem, bang_diem, ty_le_diem, viet_diem, xep_hang, xep_loai
from .hai_long import YEU_TO_HA_NAM_1048, KetQuaHaiLong, PhanNhom, hai_long, phan_nhom, tu_dang_rong
from .ho_so import KetQuaHoSo, phan_loai, tien_do, ty_le
from .lich import LichLamViec
from .so_sanh import chuoi, so_sanh

__all__ = [
    "MAC_DINH", "YEU_TO_HA_NAM_1048", "BangDiem", "KetQuaHaiLong", "KetQuaHoSo", "LichLamViec", "PhanNhom",
    "bang_diem", "chuoi", "hai_long", "phan_loai", "phan_nhom", "so_sanh", "tien_do", "tu_dang_rong", "ty_le",
    "ty_le_diem", "viet_diem", "xep_hang", "xep_loai",
]



def __getattr__(name: str) -> object:
    if name == "YEU_TO_2640":  # the former name (see hai_long.YEU_TO_HA_NAM_1048)
        import warnings

        warnings.warn("YEU_TO_2640 is deprecated, use YEU_TO_HA_NAM_1048: it is the adaptation of "
                      "kế hoạch 1048/KH-SXD (Sở Xây dựng Hà Nam), not Quyết định 2640/QĐ-BNV itself",
                      DeprecationWarning, stacklevel=2)
        return YEU_TO_HA_NAM_1048
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
