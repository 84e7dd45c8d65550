"""Benchmark: PDF through a cold LibreOffice per document vs one kept running (issue 17).

Two parts, each writing its own section of ``benchmarks/RESULTS.md``:

1. **documents** - the seed report ``examples/000_…`` (rendered once, 6 pages) and a small
   one-page báo cáo, each converted by ``baocao.pdf.docx_to_pdf`` (a cold LibreOffice per
   document, as ``baocao render --pdf`` does) and by ``PdfSession.convert`` (one LibreOffice
   kept running, as a batch's worker does), interleaved round-robin with a rotating order;
   medians, IQR and the ratio cold / warm. Also what starting a session costs: a fresh
   ``PdfSession``'s first document (LibreOffice's start included), then ``close()``.
2. **batch** - ``render_many(…, pdf=True)`` of 20 unit reports with 2 workers, warm (one
   LibreOffice per worker) vs cold (``BAOCAO_UNO_PYTHON=none``: no Python with ``uno``, so every
   PDF starts its own LibreOffice), and 100 units warm (what each further unit costs), each run
   in a fresh process, interleaved.

Every PDF is checked before anything is timed: its text (``pdftotext``) holds the document's
number and a sentence of its body, and cold and warm PDFs have the same number of pages::

    python benchmarks/bench_pdf.py [--only documents,batch] [--repeat 10] [--units 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench_writer import Stats, interleaved
from results import command_line, run_parts, write_section

import baocao
from baocao.batch import render_many
from baocao.pdf import PdfSession, docx_to_pdf, find_soffice, find_uno_python

HERE = Path(__file__).resolve().parent
SEED_000 = HERE.parent / "examples" / "000_bao_cao_so_xay_dung_tra_vinh"
SMALL = """\
---
loai: bao_cao
co_quan: "{{ don_vi }}"
viet_tat_co_quan: "{{ viet_tat }}"
so: "{{ so }}"
dia_danh: Trà Vinh
ngay: 2024-04-05
trich_yeu: Báo cáo kết quả giải quyết thủ tục hành chính quý I năm 2024
kinh_gui: Ủy ban nhân dân tỉnh Trà Vinh
noi_nhan: [Như trên]
luu: [VT]
nguoi_ky: {ho_ten: Nguyễn Văn An, chuc_vu: Giám đốc}
---
Trong quý I năm 2024, {{ don_vi }} đã tiếp nhận và giải quyết đúng hạn các hồ sơ thủ tục hành chính.

# Kết quả

Tỷ lệ hồ sơ giải quyết đúng hạn của {{ don_vi }} đạt yêu cầu của tỉnh.
"""
COLD, WARM = "cold: `docx_to_pdf` (a LibreOffice per document)", "warm: `PdfSession.convert` (one LibreOffice)"


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _check(pdf: Path, *expected: str) -> None:
    text = " ".join(_text(pdf).split())
    missing = [e for e in expected if " ".join(e.split()) not in text]
    assert not missing, f"{pdf.name}: not in the PDF: {missing}"


def _small_docx(tmp: Path, i: int = 1) -> bytes:
    tpl = tmp / "nho.md.j2"
    tpl.write_text(SMALL, encoding="utf-8")
    return baocao.render(tpl, {"don_vi": f"Sở Nội vụ {i}", "viet_tat": "SNV", "so": 10 + i}).to_bytes()


def _header(title: str, method: str) -> list[str]:
    soffice = find_soffice()
    office = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    return [
        f"## {title}",
        "",
        f"- Command: `{command_line()}` (`python benchmarks/run_all.py` runs every benchmark)",
        f"- Date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}; baocao {version('baocao')}; "
        f"{office or soffice}; the warm session's client runs in {find_uno_python(soffice)}",
        f"- Machine: {os.cpu_count()} cores, shared with other jobs while this ran — read medians and ratios.",
        f"- Method: {method}",
        "",
    ]


def _s(seconds: float) -> str:
    return f"{seconds:.3f}"


# --------------------------------------------------------------------------- 1. documents


def part_documents(args: argparse.Namespace) -> None:
    if find_uno_python() is None:
        raise SystemExit("no Python with LibreOffice's uno module (apt-get install python3-uno): nothing to compare")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as name:
        tmp = Path(name)
        docs = {
            "6-page report (`examples/000_…`)": (baocao.render(SEED_000).to_bytes(),
                                                  ("Số: 564/BC-SXD", "Khái quát tình hình triển khai")),
            "1-page báo cáo": (_small_docx(tmp), ("Số: 11/BC-SNV", "Tỷ lệ hồ sơ giải quyết đúng hạn")),
        }
        with PdfSession() as session:
            pages = {}
            for label, (data, expected) in docs.items():  # checked before timing: same text, same pages
                cold, warm = tmp / "cold.pdf", tmp / "warm.pdf"
                docx_to_pdf(data, cold, timeout=120)
                session.convert(data, warm, timeout=120)
                for pdf in (cold, warm):
                    _check(pdf, *expected)
                assert _pages(cold) == _pages(warm), (label, _pages(cold), _pages(warm))
                pages[label] = _pages(cold)
                print(f"documents: {label}: {pages[label]} pages, cold and warm PDFs checked")
            first = session.pid
            fns: dict[str, Callable[[], object]] = {}
            for label, (data, _) in docs.items():
                fns[f"{label} | {COLD}"] = lambda data=data: docx_to_pdf(data, tmp / "c.pdf", timeout=120)
                fns[f"{label} | {WARM}"] = lambda data=data: session.convert(data, tmp / "w.pdf", timeout=120)
            stats = interleaved(fns, args.repeat, args.warmup)
            assert session.pid == first, "the session restarted during the runs"

        small = docs["1-page báo cáo"][0]

        def start_one() -> None:
            with PdfSession() as fresh:
                fresh.convert(small, tmp / "s.pdf", timeout=120)

        def close_one() -> float:
            fresh = PdfSession()
            fresh.convert(small, tmp / "s.pdf", timeout=120)
            t0 = time.perf_counter()
            fresh.close()
            return time.perf_counter() - t0

        starts = interleaved({"start": start_one}, max(args.repeat // 2, 3), 0)["start"]
        closes = Stats(tuple(close_one() for _ in range(3)))
    for name, st in stats.items():
        print(f"  {name}: median {_s(st.median)} s")
    write_documents(args, docs, pages, stats, starts, closes)


def write_documents(args: argparse.Namespace, docs: dict[str, Any], pages: dict[str, int],
                    stats: dict[str, Stats], starts: Stats, closes: Stats) -> None:
    lines = _header("PDF per document: a cold LibreOffice vs one kept running",
                    f"{args.repeat} rounds after {args.warmup} warm-up round(s), the four series interleaved "
                    "(rotating order), each the whole call: the .docx bytes in, the PDF written atomically. "
                    "The warm session was started once before the rounds (the same LibreOffice served every "
                    "warm run). Each document's cold and warm PDFs were checked first (its number and a body "
                    "sentence in `pdftotext`'s text, the same page count).")
    lines += [
        "| Document | Pages | Cold median (s) | Cold IQR (s) | Warm median (s) | Warm IQR (s) "
        "| Cold / warm (medians) | Cold / warm (paired) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = []
    for label in docs:
        cold, warm = stats[f"{label} | {COLD}"], stats[f"{label} | {WARM}"]
        ratios.append(cold.median / warm.median)
        lines.append(f"| {label} | {pages[label]} | {_s(cold.median)} | {_s(cold.iqr[0])}–{_s(cold.iqr[1])} | "
                     f"{_s(warm.median)} | {_s(warm.iqr[0])}–{_s(warm.iqr[1])} | "
                     f"**{cold.median / warm.median:.1f}×** | {cold.paired_ratio(warm):.1f}× |")
    lines += [
        "",
        f"- Starting a session: a fresh `PdfSession`, its first document (the 1-page báo cáo) and `close()` take "
        f"{_s(starts.median)} s (median of {len(starts.samples)}; {_s(starts.min)}–{_s(starts.max)}), about what one "
        "cold conversion takes: the session pays for itself from its second document. `close()` itself "
        f"(LibreOffice and the client killed, the folder removed) took {_s(closes.median)} s (median of 3).",
        f"- Goal of issue 17: ≥ 5× per document; measured {min(ratios):.1f}×–{max(ratios):.1f}×.",
    ]
    write_section(args.output, "pdf-documents", "\n".join(lines))


# --------------------------------------------------------------------------- 2. batch


def _units(n: int) -> list[dict[str, Any]]:
    return [{"don_vi": f"Sở Nội vụ {i}", "viet_tat": f"SNV{i}", "so": 10 + i} for i in range(1, n + 1)]


def batch_child(mode: str, units: int, workers: int, out: Path) -> dict[str, Any]:
    """One batch in this (fresh) process: seconds, and how many PDFs were written."""
    out.mkdir(parents=True, exist_ok=True)
    tpl = out / "nho.md.j2"
    tpl.write_text(SMALL, encoding="utf-8")
    start = time.perf_counter()
    result = render_many(tpl, _units(units), by="don_vi", output=str(out / "docs" / "{viet_tat}.docx"), pdf=True,
                         workers=workers, progress=False, timeout=120)
    seconds = time.perf_counter() - start
    assert result.ok and len(result.written) == units, str(result)
    return {"seconds": seconds, "pdfs": len(list((out / "docs").glob("*.pdf"))), "load": os.getloadavg()[0]}


def run_batch(mode: str, units: int, workers: int, tmp: Path, keep: bool = False) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(dir=tmp))
    env = dict(os.environ)
    if mode == "cold":
        env["BAOCAO_UNO_PYTHON"] = "none"  # the documented switch: no Python with uno, every PDF cold
    proc = subprocess.run([sys.executable, __file__, "--batch-child", mode, str(units), str(workers), str(out)],
                          check=True, capture_output=True, text=True, env=env)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["out"] = str(out)
    if not keep:
        shutil.rmtree(out)
    return result


def part_batch(args: argparse.Namespace) -> None:
    big = args.units * 5
    series = {f"warm: one LibreOffice per worker, {args.units} units, workers=2": ("warm", args.units),
              f"cold: a LibreOffice per PDF (`BAOCAO_UNO_PYTHON=none`), {args.units} units, workers=2":
                  ("cold", args.units),
              f"warm: one LibreOffice per worker, {big} units, workers=2": ("warm", big)}
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in series}
    with tempfile.TemporaryDirectory(prefix="bench-pdf-batch-") as name:
        tmp = Path(name)
        for mode in ("warm", "cold"):  # checked first: every unit's PDF is its own
            r = run_batch(mode, 3, 2, tmp, keep=True)
            for i in range(1, 4):
                _check(Path(r["out"]) / "docs" / f"SNV{i}.pdf", f"Số: {10 + i}/BC-SNV{i}",
                       f"Sở Nội vụ {i} đã tiếp nhận")
            shutil.rmtree(r["out"])
        print("batch: 3 units each way checked")
        names = list(series)
        for i in range(args.batch_repeat):
            k = i % len(names)
            for label in names[k:] + names[:k]:
                mode, units = series[label]
                r = run_batch(mode, units, 2, tmp)
                assert r["pdfs"] == units, r
                runs[label].append(r)
                print(f"  {label}: {r['seconds']:.2f} s, {r['seconds'] / units:.3f} s per unit")
    lines = _header(f"PDF batch: `render_many(…, pdf=True)`, {args.units} and {big} units, 2 workers",
                    f"{args.batch_repeat} rounds, the three series interleaved (rotating order); each run in a fresh "
                    "Python process, timing `render_many` from its call to its return (rendering, .docx, PDF, "
                    "starting and ending the workers). Cold: `BAOCAO_UNO_PYTHON=none`, so the workers find no "
                    "Python with `uno` and each PDF starts its own LibreOffice (what every batch did before). "
                    "Three units of each way were checked first (`pdftotext`: each unit's number and body).")
    lines += ["| Series | Median (s) | Min–max (s) | Seconds per unit |", "|---|---:|---:|---:|"]
    meds = {}
    for label, rs in runs.items():
        secs = [r["seconds"] for r in rs]
        meds[label] = statistics.median(secs)
        lines.append(f"| {label} | {meds[label]:.2f} | {min(secs):.2f}–{max(secs):.2f} | "
                     f"{meds[label] / series[label][1]:.3f} |")
    warm, cold, warm_big = (meds[k] for k in names)
    marginal = (warm_big - warm) / (big - args.units)
    load = statistics.median(r["load"] for rs in runs.values() for r in rs)
    lines += ["", f"- Warm vs cold, {args.units} units: **{cold / warm:.1f}×** faster for the batch (1-minute load "
                  f"average at the end of the runs: {load:.1f}, median, on {os.cpu_count()} cores). The warm figure "
                  "includes starting one LibreOffice per worker (about one cold conversion each), paid once per "
                  "worker however many units follow.",
              f"- Each unit past those ({big} units vs {args.units}): {marginal:.3f} s of the batch, against "
              f"{cold / args.units:.3f} s per unit cold (**{cold / args.units / marginal:.1f}×**); 1,000 unit PDFs "
              f"would take about {(warm + marginal * (1000 - args.units)) / 60:.1f} min warm vs "
              f"{cold / args.units * 1000 / 60:.1f} min cold on this machine."]
    write_section(args.output, "pdf-batch", "\n".join(lines))


# --------------------------------------------------------------------------- main

PARTS: dict[str, Callable[[argparse.Namespace], None]] = {"documents": part_documents, "batch": part_batch}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--repeat", type=int, default=10, help="rounds per document method (default 10)")
    ap.add_argument("--warmup", type=int, default=1, help="warm-up rounds (default 1)")
    ap.add_argument("--units", type=int, default=20, help="units in the batch (default 20)")
    ap.add_argument("--batch-repeat", type=int, default=3, help="rounds of the batch series (default 3)")
    return run_parts(ap, PARTS, sys.argv[1:] if argv is None else argv, HERE / "RESULTS.md", batch_child)


if __name__ == "__main__":
    sys.exit(main())
