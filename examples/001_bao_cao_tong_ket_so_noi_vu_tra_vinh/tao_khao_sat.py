"""Sinh tệp khao_sat_phieu.csv: phiếu khảo sát sự hài lòng 2017 – 2020 (dữ liệu GIẢ LẬP).

The published report (Báo cáo tổng kết 05 năm mô hình "Chính quyền, công sở thân thiện và
trách nhiệm", Sở Nội vụ Trà Vinh, mục II.2) only gives a summary of the yearly surveys; the
questionnaires themselves are not public. This script makes *synthetic* raw answers, built so
that the rates the template computes from them with ``hai_long`` reproduce every statement of
that summary:

- 2017: the 15 pilot agencies of ``co_quan_thi_diem.csv``; "hầu hết" (at least 80 %, 12 of 15)
  above 85 %;
- 2018: 17 provincial departments, Ban Quản lý Khu kinh tế and 09 district People's Committees
  (27 agencies, also in 2019 and 2020); all from 65 % up, some from 90 % to 100 %;
- 2019: all from 70 % up; more than 50 % of the agencies (14 of 27) from 90 % to 100 %, some
  exactly 100 %;
- 2020: more than 55 % (15 of 27) from 80 % to below 90 %, more than 30 % (9 of 27) from 90 %
  to below 100 %, some exactly 100 %.

The agency names are real, the answers are not. The 17 departments are the 17 common
specialised agencies of a provincial People's Committee (Nghị định 24/2014/NĐ-CP, Điều 8);
the report does not list them.

Each agency-year gets a target rate (``MUC_TIEU_2017`` and the table ``CO_QUAN``), 30 to 50
respondents, and one answer per respondent to each of five criteria of the SIPAS scheme of
Quyết định 2640/QĐ-BNV as one department adapted it (``baocao.chiso.YEU_TO_HA_NAM_1048``),
one criterion per factor, so that the
agency's index (the mean of its five factors) is the mean of the five criteria; the full
21-criterion questionnaire would make the file four times larger for no change in the
figures. About 4 % of the answers are blank or "Không ý kiến" (not counted). For each
(agency, criterion) the number of satisfied answers ("Hài lòng" or "Rất hài lòng") is the
target, shifted a little per criterion, times the valid answers, rounded; the other levels
and who gave which answer are drawn at random. So the computed rates stay within about one
point of the targets, and the targets are at least two points away from every threshold
the report uses. Before writing, the script checks the report's statements on the result.

The file is long form, one row per answer: ``nam``, ``co_quan``, ``nhom`` ("thí điểm", "cơ
quan chuyên môn cấp tỉnh", "Ban Quản lý Khu kinh tế", "UBND cấp huyện"), ``phieu``
(respondent number), ``tieu_chi`` (criterion code) and ``tra_loi`` (the answer's label).
The random generator has a fixed seed: rerunning gives the same bytes.

    python tao_khao_sat.py          # writes khao_sat_phieu.csv beside this script
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from baocao.chiso import hai_long, phan_nhom
from baocao.chiso.hai_long import MUC_DO

HERE = Path(__file__).resolve().parent
RA = HERE / "khao_sat_phieu.csv"
SEED = 20211231

#: The five criteria asked (codes of YEU_TO_HA_NAM_1048) and how far each one's rate is set from the
#: agency's target (points; they sum to 0): waiting places a little lower, attitude higher.
TIEU_CHI = ("1.1", "2.5", "3.1", "4.1", "5.3")
LECH = np.array([-3.0, -1.0, 2.0, 1.5, 0.5])
SO_PHIEU = (30, 50)  # respondents per agency and year, both included
TY_LE_TRONG = 0.04  # share of blank / "Không ý kiến" answers

THI_DIEM = "thí điểm"
TINH = "cơ quan chuyên môn cấp tỉnh"
BAN = "Ban Quản lý Khu kinh tế"
HUYEN = "UBND cấp huyện"

#: How co_quan_thi_diem.csv's short names (grouped by ``nhom``) are written in full.
TIEN_TO = {
    "trung_tam_hcc_huyen": "Trung tâm hành chính công ",
    "mot_cua_huyen": "Bộ phận tiếp nhận và trả kết quả ",
    "mot_cua_so": "Bộ phận tiếp nhận và trả kết quả Sở ",
}

#: 2017 targets (%), in the order of co_quan_thi_diem.csv: 13 agencies above 87 %, two below 85 %.
MUC_TIEU_2017 = (88.5, 87.5, 91.5, 93.5, 92.0, 82.5, 89.0, 87.5, 94.0, 81.5, 92.5, 88.0, 87.5, 95.5, 90.5)

#: 2018 – 2020: agency, group, target rate (%) in 2018, 2019, 2020.
CO_QUAN = (
    ("Văn phòng Ủy ban nhân dân tỉnh", TINH, 86.0, 93.0, 92.0),
    ("Sở Nội vụ", TINH, 92.0, 100.0, 100.0),
    ("Sở Tư pháp", TINH, 84.0, 87.5, 84.0),
    ("Sở Kế hoạch và Đầu tư", TINH, 92.5, 95.0, 94.0),
    ("Sở Tài chính", TINH, 80.0, 86.0, 85.5),
    ("Sở Công Thương", TINH, 78.0, 84.0, 87.0),
    ("Sở Nông nghiệp và Phát triển nông thôn", TINH, 76.5, 82.0, 83.0),
    ("Sở Giao thông vận tải", TINH, 83.0, 92.0, 93.0),
    ("Sở Xây dựng", TINH, 85.5, 94.0, 96.0),
    ("Sở Tài nguyên và Môi trường", TINH, 72.0, 78.0, 82.0),
    ("Sở Thông tin và Truyền thông", TINH, 88.0, 96.0, 95.0),
    ("Sở Lao động - Thương binh và Xã hội", TINH, 79.0, 85.0, 86.0),
    ("Sở Văn hóa, Thể thao và Du lịch", TINH, 81.0, 87.0, 88.0),
    ("Sở Khoa học và Công nghệ", TINH, 87.5, 92.5, 92.5),
    ("Sở Giáo dục và Đào tạo", TINH, 82.0, 92.0, 84.5),
    ("Sở Y tế", TINH, 67.5, 72.5, 77.0),
    ("Thanh tra tỉnh", TINH, 75.0, 80.0, 82.5),
    ("Ban Quản lý Khu kinh tế", BAN, 93.5, 100.0, 100.0),
    ("Ủy ban nhân dân thành phố Trà Vinh", HUYEN, 92.0, 97.0, 97.0),
    ("Ủy ban nhân dân thị xã Duyên Hải", HUYEN, 80.5, 92.0, 86.5),
    ("Ủy ban nhân dân huyện Càng Long", HUYEN, 85.0, 93.5, 93.5),
    ("Ủy ban nhân dân huyện Cầu Kè", HUYEN, 83.5, 83.0, 87.5),
    ("Ủy ban nhân dân huyện Tiểu Cần", HUYEN, 77.0, 92.0, 94.5),
    ("Ủy ban nhân dân huyện Châu Thành", HUYEN, 74.0, 79.0, 83.5),
    ("Ủy ban nhân dân huyện Cầu Ngang", HUYEN, 88.0, 95.5, 85.0),
    ("Ủy ban nhân dân huyện Trà Cú", HUYEN, 70.5, 76.0, 82.0),
    ("Ủy ban nhân dân huyện Duyên Hải", HUYEN, 71.5, 81.0, 86.0),
)


def co_quan_nam() -> pd.DataFrame:
    """One row per agency and year: ``nam``, ``co_quan``, ``nhom``, ``muc_tieu`` (target, %)."""
    thi_diem = pd.read_csv(HERE / "co_quan_thi_diem.csv")
    if len(thi_diem) != len(MUC_TIEU_2017):
        raise SystemExit(f"co_quan_thi_diem.csv có {len(thi_diem)} cơ quan, MUC_TIEU_2017 có {len(MUC_TIEU_2017)}")
    ten = thi_diem["nhom"].map(TIEN_TO).fillna("") + thi_diem["ten"]
    parts = [pd.DataFrame({"nam": 2017, "co_quan": ten, "nhom": THI_DIEM, "muc_tieu": MUC_TIEU_2017})]
    bang = pd.DataFrame(CO_QUAN, columns=["co_quan", "nhom", 2018, 2019, 2020])
    for nam in (2018, 2019, 2020):
        parts.append(pd.DataFrame({"nam": nam, "co_quan": bang["co_quan"], "nhom": bang["nhom"],
                                   "muc_tieu": bang[nam]}))
    return pd.concat(parts, ignore_index=True)


def tao_phieu(ds: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The answers of every agency-year of ``ds``, vectorised over all of them."""
    a, c = len(ds), len(TIEU_CHI)
    muc_tieu = ds["muc_tieu"].to_numpy(dtype=float)
    # target of each (agency, criterion): the criterion's shift plus a little noise, centred so the
    # agency's mean stays on target and shrunk near 100 % (an agency at 100 % is 100 % everywhere)
    nhieu = rng.normal(0.0, 1.5, size=(a, c))
    lech = LECH + nhieu - nhieu.mean(axis=1, keepdims=True)
    co_gian = np.clip((100.0 - muc_tieu) / 10.0, 0.0, 1.0)
    p = np.clip(muc_tieu[:, None] + lech * co_gian[:, None], 0.0, 100.0)

    so_phieu = rng.integers(SO_PHIEU[0], SO_PHIEU[1] + 1, size=a)
    cua = np.repeat(np.arange(a), so_phieu)  # agency of each respondent
    n = len(cua) * c
    o = np.repeat(cua, c) * c + np.tile(np.arange(c), len(cua))  # (agency, criterion) cell of each answer
    trong = rng.random(n) < TY_LE_TRONG
    hop_le = np.bincount(o, weights=~trong, minlength=a * c)
    dat = np.floor(p.ravel() / 100.0 * hop_le + 0.5)  # satisfied answers per cell, rounded half-up

    # who is satisfied: a random order of the valid answers of each cell, the first `dat` ones
    thu_tu = np.lexsort((np.where(trong, 2.0, rng.random(n)), o))
    dau_o = np.concatenate(([0], np.cumsum(np.bincount(o, minlength=a * c))[:-1]))
    vi_tri = np.empty(n, dtype=np.int64)
    vi_tri[thu_tu] = np.arange(n) - dau_o[o[thu_tu]]
    hai_long_ = vi_tri < dat[o]

    # the level: 4 or 5 if satisfied, 1–3 if not (mostly "Bình thường"); blanks are "" or "Không ý kiến"
    muc = np.where(hai_long_, 4 + (rng.random(n) < 0.45), 1 + np.searchsorted([0.1, 0.4], rng.random(n)))
    nhan = np.array(MUC_DO, dtype=object)[muc - 1]
    nhan[trong] = np.where(rng.random(int(trong.sum())) < 0.3, "Không ý kiến", "")
    return pd.DataFrame({
        "nam": ds["nam"].to_numpy()[o // c],
        "co_quan": ds["co_quan"].to_numpy()[o // c],
        "nhom": ds["nhom"].to_numpy()[o // c],
        "phieu": np.repeat(np.arange(1, len(cua) + 1), c),
        "tieu_chi": np.array(TIEU_CHI, dtype=object)[o % c],
        "tra_loi": nhan,
    })


def kiem_tra(phieu: pd.DataFrame) -> dict[int, pd.Series]:
    """The computed rate of each agency by year; stops if a statement of the report does not hold."""
    ty_le = {}
    for nam, nhom in phieu.groupby("nam", sort=True):
        kq = hai_long(nhom, co_quan="co_quan")
        ty_le[nam] = r = kq.theo_co_quan.set_index("co_quan")["ty_le_hai_long"]
        pn = {(b.tu, b.den): b for b in phan_nhom(kq, bands=[(80, 90), (90, 100), (100, 101)]).cac_nhom}
        hau_het = r.sort_values(ascending=False).iloc[math.ceil(0.8 * len(r)) - 1]
        dung = {
            2017: len(r) == 15 and hau_het > 85,
            2018: len(r) == 27 and r.min() >= 65 and (r >= 90).any(),
            2019: len(r) == 27 and r.min() >= 70 and (r >= 90).mean() > 0.5 and (r == 100).any(),
            2020: len(r) == 27 and pn[80, 90].ty_le > 55 and pn[90, 100].ty_le > 30 and pn[100, 101].so_co_quan > 0,
        }[nam]
        if not dung:
            raise SystemExit(f"năm {nam}: số liệu tính ra không khớp báo cáo:\n{r.round(2).to_string()}")
    return ty_le


def main() -> None:
    phieu = tao_phieu(co_quan_nam(), np.random.default_rng(SEED))
    kiem_tra(phieu)
    phieu.to_csv(RA, index=False, lineterminator="\n")
    print(f"{RA.name}: {len(phieu)} câu trả lời, {phieu['phieu'].nunique()} phiếu, {RA.stat().st_size} byte")


if __name__ == "__main__":
    main()
