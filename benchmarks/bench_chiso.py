"""Indicators and big tables, each timed beside a peer in the same run.

- Satisfaction survey: ``hai_long`` on 1,000,000 answers (21 criteria, 60 agencies, labels
  as text, 3 % blank) against the straightforward pandas an analyst writes
  (``groupby(...).apply(lambda s: ...)`` per agency and criterion).
- Dossier timeliness: ``tien_do`` on 1,000,000 dossiers whose due dates are counted in
  working days on the Vietnamese calendar, against a row-by-row ``apply`` that adds
  working days with ``holidays`` (timed on a 20,000-row sample; the per-row cost is
  what compares).
- A 10,000-row table: ``table_from_data`` + ``to_bytes`` against python-docx's
  ``add_table``/``add_row`` for the same rows.

Run ``python benchmarks/bench_chiso.py`` (a few minutes); it prints the figures and
writes the "chiso" section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from baocao import VanBan
from baocao.chiso import LichLamViec, hai_long, tien_do
from baocao.chiso.hai_long import MUC_DO, YEU_TO_2640
from baocao.tables import table_from_data

HERE = Path(__file__).resolve().parent
OK = ("Hài lòng", "Rất hài lòng")


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def survey(n: int, rng: np.random.Generator) -> pd.DataFrame:
    criteria = YEU_TO_2640["tieu_chi"].to_numpy()
    answers = np.array([*MUC_DO, None], dtype=object)
    return pd.DataFrame({
        "co_quan": [f"Cơ quan {i}" for i in rng.integers(0, 60, n)],
        "tieu_chi": criteria[rng.integers(0, len(criteria), n)],
        "tra_loi": answers[rng.choice(6, n, p=[0.02, 0.05, 0.15, 0.45, 0.30, 0.03])],
    })


def survey_by_hand(df: pd.DataFrame) -> pd.Series:
    return df.groupby(["co_quan", "tieu_chi"])["tra_loi"].apply(lambda s: s.isin(OK).sum() / s.notna().sum() * 100)


def dossiers(n: int, rng: np.random.Generator, lich: LichLamViec) -> pd.DataFrame:
    start = np.datetime64("2023-10-02")
    received = pd.Series(start + rng.integers(0, 180, n).astype("timedelta64[D]"))
    days = rng.choice([1, 3, 5, 10, 15, 30], n)
    due = lich.cong_ngay_lam_viec_series(received, days)
    late = rng.random(n) < 0.03
    returned = due - pd.to_timedelta(rng.integers(0, 4, n), "D") + pd.to_timedelta(late * rng.integers(1, 6, n), "D")
    returned = returned.where(returned >= received, received).where(rng.random(n) > 0.05)
    return pd.DataFrame({"linh_vuc": [f"Lĩnh vực {i}" for i in rng.integers(0, 12, n)], "ngay_nhan": received,
                         "so_ngay_xu_ly": days, "ngay_tra": returned})


def due_dates_by_hand(df: pd.DataFrame) -> pd.Series:
    import holidays

    off = holidays.country_holidays("VN", years=range(2023, 2026))

    def add(row: pd.Series) -> dt.date:
        day, left = row["ngay_nhan"].date(), int(row["so_ngay_xu_ly"])
        while left:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in off:
                left -= 1
        return day

    return df.apply(add, axis=1)


def python_docx_table(rows: list[list[str]]) -> bytes:
    import docx

    d = docx.Document()
    table = d.add_table(rows=1, cols=len(rows[0]))
    for cell, text in zip(table.rows[0].cells, rows[0]):
        cell.text = text
    for row in rows[1:]:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (median reported)")
    ap.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    rng = np.random.default_rng(20240101)
    lich = LichLamViec()
    rows: list[tuple[str, str, float, str, float, str]] = []

    answers = survey(1_000_000, rng)
    ours = statistics.median(timed(lambda: hai_long(answers, co_quan="co_quan"), args.repeat))
    peer = statistics.median(timed(lambda: survey_by_hand(answers), args.repeat))
    rows.append(("Survey, 1,000,000 answers", "hai_long(df, co_quan=…)", ours,
                 "pandas groupby().apply(lambda) per agency × criterion", peer, f"{peer / ours:.1f}× faster"))

    log = dossiers(1_000_000, rng, lich)
    ours = statistics.median(timed(lambda: tien_do(log, tu_ngay="2024-01-01", den_ngay="2024-03-31",
                                                   by="linh_vuc", lich=lich), args.repeat))
    sample = log.head(20_000)
    peer_sample = statistics.median(timed(lambda: due_dates_by_hand(sample), max(1, args.repeat // 2)))
    peer = peer_sample * len(log) / len(sample)
    rows.append(("Dossiers, 1,000,000 (working-day due dates)", "tien_do(df, …, by='linh_vuc')", ours,
                 "row-wise apply adding working days (20,000-row sample, scaled)", peer,
                 f"{peer / ours:.0f}× faster"))

    table = pd.DataFrame({"linh_vuc": [f"Lĩnh vực {i % 12}" for i in range(10_000)],
                          "tiep_nhan": rng.integers(0, 5000, 10_000), "da_giai_quyet": rng.integers(0, 5000, 10_000),
                          "ty_le": rng.uniform(80, 100, 10_000)})
    def ours_table() -> bytes:
        vb = VanBan(co_quan="Ủy ban nhân dân huyện Càng Long", viet_tat_co_quan="UBND", so=12, dia_danh="Càng Long",
                    ngay=dt.date(2024, 4, 5), trich_yeu="Kết quả giải quyết hồ sơ")
        vb.add(table_from_data(table, stt=True, total=True, decimals={"ty_le": 2}))
        return vb.to_bytes()

    texts = [list(table.columns)] + [[str(v) for v in r] for r in table.itertuples(index=False)]
    ours = statistics.median(timed(ours_table, args.repeat))
    peer = statistics.median(timed(lambda: python_docx_table(texts), max(1, args.repeat // 2)))
    rows.append(("Table, 10,000 rows × 5 columns", "table_from_data + to_bytes (whole document)", ours,
                 "python-docx add_table / add_row / cell.text + save", peer, f"{peer / ours:.1f}× faster"))

    for what, _how, t, _peer_how, p, ratio in rows:
        print(f"{what}: baocao {t:.3f} s, peer {p:.3f} s → {ratio}")
    from results import command_line  # one level down, as write_section below

    command = command_line()
    lines = [
        "## Indicators and big tables",
        "",
        f"- Command: `{command}`",
        f"- Date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; Python "
        f"{platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}",
        f"- Method: one warm-up, then the median of {args.repeat} runs (the slow peers: half as many), "
        "`gc.collect()` before each run, all in one process.",
        "",
        "| Workload | baocao | median (s) | Peer | median (s) | Ratio |",
        "|---|---|---:|---|---:|---:|",
        *(f"| {w} | `{h}` | {t:.3f} | {ph} | {p:.3f} | {r} |" for w, h, t, ph, p, r in rows),
        "",
    ]
    from results import write_section

    write_section(args.output, "chiso", "\n".join(lines))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
