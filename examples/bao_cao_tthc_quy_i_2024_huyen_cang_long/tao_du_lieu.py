"""Tạo sổ theo dõi hồ sơ TTHC giả lập của Bộ phận Một cửa huyện Càng Long: ``ho_so.csv``.

Số liệu là GIẢ LẬP, chỉ để minh họa mẫu ``bao_cao.md.j2``; không phải số liệu thật của huyện.

Chạy::

    python examples/bao_cao_tthc_quy_i_2024_huyen_cang_long/tao_du_lieu.py

ghi ``ho_so.csv`` cạnh tệp này (5.786 hồ sơ, chưa đến một giây). Hạt giống ngẫu nhiên cố
định (``numpy.random.default_rng(2024)``) nên chạy lại bao nhiêu lần cũng ra cùng một tệp,
từng byte.

Mô hình sinh số liệu:

* **Ngày tiếp nhận**: chỉ các ngày làm việc từ 01/10/2023 đến 31/3/2024 theo
  :class:`baocao.chiso.lich.LichLamViec` (không có ngày nghỉ Tết Dương lịch 01/01/2024 và
  Tết Nguyên đán Giáp Thìn 08–14/02/2024). Mỗi ngày, số hồ sơ của mỗi lĩnh vực là một biến
  Poisson có trung bình ``LINH_VUC[...]["moi_ngay"]`` nhân hệ số mùa vụ: ba tuần trước Tết
  đất đai, chứng thực, hộ tịch tăng 35%; tuần sau Tết mọi lĩnh vực giảm 25%; tháng 12 đất đai
  tăng 15% (dồn hồ sơ cuối năm); một tháng sau Tết đăng ký kinh doanh tăng 40%.
* **Thời hạn giải quyết** (``so_ngay_xu_ly``, ngày làm việc): chọn theo lĩnh vực trong các
  thời hạn thường gặp của thủ tục cấp huyện (chứng thực 0–1 ngày — 0 là trả trong ngày, hộ
  tịch 1–3, đăng ký kinh doanh 3, đất đai 10–30 …). ``han_xu_ly`` = ngày tiếp nhận cộng
  ``so_ngay_xu_ly`` ngày làm việc theo cùng lịch (ngày tiếp nhận không tính).
* **Ngày trả kết quả**: hồ sơ đúng hạn mất ``k`` ngày làm việc, ``k`` ngẫu nhiên trong
  khoảng từ 30% thời hạn đến hết thời hạn (một phần ``dung_ngay`` trả đúng ngày hẹn); ngày trả
  ``ngay_tra`` = ngày tiếp nhận cộng ``k`` ngày làm việc (``k = 0``: trả trong ngày). Hồ sơ trễ
  hạn trả sau hạn một số ngày làm việc theo phân phối hình học (ít nhất 1 ngày, trung bình
  ``tre_tb``). Xác suất trễ hạn theo lĩnh vực (đất đai cao nhất, chứng thực không có), trong
  quý IV năm 2023 cao hơn quý I năm 2024 30%.
* **Kênh tiếp nhận**: trực tuyến theo tỷ lệ riêng của từng lĩnh vực, tăng 2 điểm phần trăm
  mỗi tháng; bưu chính một phần nhỏ; còn lại trực tiếp.
* **Chốt số liệu ngày 31/3/2024**: hồ sơ có ngày trả sau ngày đó để trống ``ngay_tra``
  (đang giải quyết).

Các cột: ma_ho_so, linh_vuc, kenh, ngay_nhan, so_ngay_xu_ly, han_xu_ly, ngay_tra (ngày ISO).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from baocao.chiso.lich import LichLamViec

TU_NGAY, DEN_NGAY = "2023-10-01", "2024-03-31"
CHOT_SO_LIEU = np.datetime64("2024-03-31", "D")
MA_CO_QUAN = "000.00.22.H59"  # mã đơn vị giả lập theo dạng mã hồ sơ trên Cổng dịch vụ công

# moi_ngay: hồ sơ trung bình mỗi ngày làm việc; han: thời hạn (ngày làm việc) và xác suất;
# tre: xác suất trễ hạn (quý I/2024); tre_tb: số ngày trễ trung bình; truc_tuyen, buu_chinh: tỷ lệ kênh
# (tháng 10/2023); dung_ngay: phần hồ sơ đúng hạn trả đúng ngày hẹn.
LINH_VUC = {
    "Đất đai": dict(moi_ngay=15.0, han=([10, 15, 20, 30], [0.35, 0.30, 0.20, 0.15]), tre=0.065, tre_tb=6,
                    truc_tuyen=0.22, buu_chinh=0.08, dung_ngay=0.30),
    "Chứng thực": dict(moi_ngay=13.0, han=([0, 1], [0.7, 0.3]), tre=0.0, tre_tb=1,
                       truc_tuyen=0.12, buu_chinh=0.0, dung_ngay=0.3),
    "Lao động - Thương binh và Xã hội": dict(moi_ngay=4.0, han=([5, 7, 10, 15], [0.3, 0.3, 0.25, 0.15]),
                                             tre=0.018, tre_tb=4, truc_tuyen=0.35, buu_chinh=0.03,
                                             dung_ngay=0.20),
    "Hộ tịch": dict(moi_ngay=3.5, han=([1, 2, 3], [0.3, 0.3, 0.4]), tre=0.006, tre_tb=2,
                    truc_tuyen=0.50, buu_chinh=0.02, dung_ngay=0.25),
    "Đăng ký kinh doanh": dict(moi_ngay=3.5, han=([3], [1.0]), tre=0.004, tre_tb=2,
                               truc_tuyen=0.70, buu_chinh=0.02, dung_ngay=0.20),
    "Xây dựng": dict(moi_ngay=1.6, han=([7, 15], [0.2, 0.8]), tre=0.045, tre_tb=5,
                     truc_tuyen=0.40, buu_chinh=0.04, dung_ngay=0.30),
    "Giáo dục và Đào tạo": dict(moi_ngay=1.0, han=([5, 10], [0.6, 0.4]), tre=0.008, tre_tb=3,
                                truc_tuyen=0.55, buu_chinh=0.02, dung_ngay=0.20),
    "Công Thương": dict(moi_ngay=0.8, han=([10, 15], [0.6, 0.4]), tre=0.012, tre_tb=3,
                        truc_tuyen=0.50, buu_chinh=0.03, dung_ngay=0.20),
    "Tài nguyên và Môi trường": dict(moi_ngay=0.6, han=([10, 15], [0.5, 0.5]), tre=0.03, tre_tb=5,
                                     truc_tuyen=0.40, buu_chinh=0.05, dung_ngay=0.30),
    "Y tế": dict(moi_ngay=0.5, han=([10, 15], [0.5, 0.5]), tre=0.01, tre_tb=3,
                 truc_tuyen=0.45, buu_chinh=0.03, dung_ngay=0.20),
}
HE_SO_TRE_QUY_IV = 1.3


def _he_so_mua_vu(ngay: np.ndarray, ten: list[str]) -> np.ndarray:
    """Seasonal factors, one row per day and one column per lĩnh vực."""
    he_so = np.ones((len(ngay), len(ten)))

    def trong(a: str, b: str) -> np.ndarray:
        return (ngay >= np.datetime64(a)) & (ngay <= np.datetime64(b))

    for j, lv in enumerate(ten):
        if lv in ("Đất đai", "Chứng thực", "Hộ tịch"):
            he_so[trong("2024-01-15", "2024-02-07"), j] *= 1.35
        if lv == "Đất đai":
            he_so[trong("2023-12-01", "2023-12-31"), j] *= 1.15
        if lv == "Đăng ký kinh doanh":
            he_so[trong("2024-02-15", "2024-03-15"), j] *= 1.4
    he_so[trong("2024-02-15", "2024-02-23")] *= 0.75
    return he_so


def tao(rng: np.random.Generator) -> pd.DataFrame:
    lich = LichLamViec([2023, 2024])
    ngay = pd.date_range(TU_NGAY, DEN_NGAY).to_numpy("datetime64[D]")
    ngay = ngay[lich.la_ngay_lam_viec_series(ngay).to_numpy()]
    ten = list(LINH_VUC)
    tb = np.array([LINH_VUC[lv]["moi_ngay"] for lv in ten])
    so_ho_so = rng.poisson(tb * _he_so_mua_vu(ngay, ten))  # days × lĩnh vực

    # one row per dossier, ordered by day then lĩnh vực
    dem = so_ho_so.ravel()
    nhan = np.repeat(np.repeat(ngay, len(ten)), dem)
    lv_idx = np.repeat(np.tile(np.arange(len(ten)), len(ngay)), dem)
    n = len(nhan)
    u = rng.random((n, 5))  # thời hạn, trễ hạn, số ngày xử lý, kênh, số ngày trễ / đúng ngày hẹn

    han_ngay = np.zeros(n, np.int64)
    p_tre = np.zeros(n)
    tre_tb = np.zeros(n)
    dung_ngay = np.zeros(n)
    p_truc_tuyen = np.zeros(n)
    p_buu_chinh = np.zeros(n)
    for j, lv in enumerate(ten):
        cfg = LINH_VUC[lv]
        m = lv_idx == j
        cac_han, xac_suat = cfg["han"]
        han_ngay[m] = np.asarray(cac_han)[np.searchsorted(np.cumsum(xac_suat), u[m, 0] * sum(xac_suat), "right")]
        p_tre[m], tre_tb[m], dung_ngay[m] = cfg["tre"], cfg["tre_tb"], cfg["dung_ngay"]
        p_truc_tuyen[m], p_buu_chinh[m] = cfg["truc_tuyen"], cfg["buu_chinh"]
    p_tre = np.where(nhan < np.datetime64("2024-01-01"), p_tre * HE_SO_TRE_QUY_IV, p_tre)

    # working days actually taken: on time within [30% of the time limit, the limit], late beyond it
    tre = u[:, 1] < p_tre
    dung_hen = u[:, 4] < dung_ngay
    thap = np.floor(0.3 * han_ngay).astype(np.int64)
    cao = np.maximum(han_ngay - 1, thap)  # returned early: between 30% of the limit and the day before it
    som = thap + np.floor(u[:, 2] * (cao - thap + 1)).astype(np.int64)
    mat = np.where(dung_hen, han_ngay, np.minimum(som, han_ngay))
    cham = rng.geometric(1 / tre_tb)  # at least one working day late, mean tre_tb
    mat = np.where(tre, han_ngay + cham, mat)

    han = lich.cong_ngay_lam_viec_series(nhan, han_ngay).to_numpy("datetime64[D]")
    tra = lich.cong_ngay_lam_viec_series(nhan, mat).to_numpy("datetime64[D]")
    tra = np.where(tra > CHOT_SO_LIEU, np.datetime64("NaT", "D"), tra)

    thang = (nhan.astype("datetime64[M]") - np.datetime64("2023-10", "M")).astype(np.int64)
    truc_tuyen = np.minimum(p_truc_tuyen + 0.02 * thang, 0.95)
    kenh = np.where(u[:, 3] < truc_tuyen, "Trực tuyến",
                    np.where(u[:, 3] < truc_tuyen + p_buu_chinh, "Bưu chính", "Trực tiếp"))

    # mã hồ sơ: mã đơn vị - yymmdd - số thứ tự trong ngày
    thu_tu = np.arange(n) - np.repeat(np.r_[0, np.cumsum(so_ho_so.sum(axis=1))[:-1]], so_ho_so.sum(axis=1)) + 1
    ngay_str = pd.Series(nhan).dt.strftime("%y%m%d").to_numpy()
    ma = [f"{MA_CO_QUAN}-{d}-{k:04d}" for d, k in zip(ngay_str, thu_tu)]

    def iso(a: np.ndarray) -> np.ndarray:
        return np.where(np.isnat(a), "", np.datetime_as_string(a, unit="D"))

    return pd.DataFrame({
        "ma_ho_so": ma, "linh_vuc": np.asarray(ten)[lv_idx], "kenh": kenh, "ngay_nhan": iso(nhan),
        "so_ngay_xu_ly": han_ngay, "han_xu_ly": iso(han), "ngay_tra": iso(tra),
    })


def main() -> None:
    df = tao(np.random.default_rng(2024))
    out = Path(__file__).with_name("ho_so.csv")
    df.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    print(f"{out}: {len(df)} hồ sơ")


if __name__ == "__main__":
    main()
