"""Benchmark: documents rendered from a template and data, beside docxtpl and pandoc.

Four parts, each timed side by side in the same run, each writing its own section of
``benchmarks/RESULTS.md``:

1. **documents** - the seed ``examples/001_…`` and a synthetic 6-page báo cáo (the content
   of ``bench_writer.py``: 60 paragraphs, 10 headings, 5 bullets, a 30-row table) rendered
   by ``baocao.render(template, data).to_bytes()`` (in-process) and by the ``baocao render``
   command (a whole process, files in and out), beside docxtpl (a ``.docx`` template built
   once with python-docx, opened afresh each run) and pandoc (Markdown of the same content
   + a reference ``.docx``, a whole process: pandoc has no in-process API);
2. **tables** - the same three on one table of 100 / 1,000 / 10,000 rows
   (``{{ table(df) }}`` in the template): µs per row, marginal cost, linearity;
3. **batch** - 1,000 unit reports through ``baocao.batch.render_many`` with all cores,
   with one worker, 3,000 units with all cores (memory stays flat), and a docxtpl loop
   writing the same 1,000 files; each run in a fresh process, peak RSS from
   ``getrusage``;
4. **cold** - whole-process start-up: ``python -c pass``, ``import baocao``,
   ``baocao --help``, one ``baocao render``, ``pandoc --version``; and which heavy modules
   each of ``import baocao``, ``baocao --help`` and a table-less render imports.

Every output is opened with python-docx and checked (``bench_writer.verify``: every heading,
paragraph and bullet text, the data table's rows and cells) before anything is timed. The
methods are interleaved round-robin with a rotating order after warm-ups; figures are medians
with IQR, ratios are ratios of medians and medians of per-round (paired) ratios::

    python benchmarks/bench_render.py [--only documents,tables,batch,cold] [--repeat 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import platform
import random
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

import docx
import pandas as pd
import pypandoc
from bench_writer import (
    QUOC_HIEU,
    SEED,
    TIEU_NGU,
    Block,
    Check,
    Content,
    Segment,
    Stats,
    _describe,
    _setup_page,
    docxtpl_bytes,
    interleaved,
    make_content,
    make_template,
    table_rows,
    verify,
)
from results import command_line, run_parts, write_section

import baocao
from baocao.batch import render_many
from baocao.model import Bullet, Heading, Paragraph, Run
from baocao.numbering import SCHEMES, Numberer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED_001 = ROOT / "examples" / "001_bao_cao_tong_ket_so_noi_vu_tra_vinh"
SEED_000 = ROOT / "examples" / "000_bao_cao_so_xay_dung_tra_vinh"
PANDOC = pypandoc.get_pandoc_path()
HEAVY = ("pandas", "matplotlib", "numpy", "docx", "lxml")
#: Child processes write and use bytecode caches, as an installed package has them (kept out of the
#: tree); a shell with PYTHONDONTWRITEBYTECODE would make every process compile baocao's sources.
#: Compiled templates go to a cache folder of the benchmark's (``BAOCAO_CACHE``), as they go to
#: ``~/.cache/baocao`` for a user: the warm-up rounds fill it, as a user's first run does.
CHILD_ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
             "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "bench-render-pycache"),
             "BAOCAO_CACHE": str(Path(tempfile.gettempdir()) / "bench-render-cache")}
COLUMNS = {"linh_vuc": "Lĩnh vực", "so_ho_so": "Số hồ sơ", "ty_le": "Tỷ lệ"}

IN_PROCESS = "baocao render() + to_bytes() (in-process)"
SAME_TEXT = "baocao render() + to_bytes() of the finished text (in-process, same input as the peers)"
PROCESS = "baocao render (whole process)"
PROCESS_JSON = "baocao render (whole process, table as JSON: no pandas)"
DOCXTPL = "docxtpl (context + load + render + save, in-process)"
PANDOC_PROC = "pandoc + reference.docx (whole process)"
MD_PARSE = "markdown-it parse of the body baocao renders (a part of baocao in-process)"

# --------------------------------------------------------------------------- the baocao template

#: The synthetic report as a template: metadata from ``thong_tin``, the body from the list
#: ``noi_dung`` (headings, paragraphs with bold/italic pieces, bullets), the table from ``bang``.
TEMPLATE = """\
---
loai: bao_cao
co_quan: "{{ thong_tin.co_quan }}"
viet_tat_co_quan: "{{ thong_tin.viet_tat }}"
so: "{{ thong_tin.so }}"
dia_danh: Trà Vinh
ngay: "{{ thong_tin.ngay }}"
trich_yeu: "{{ thong_tin.trich_yeu }}"
kinh_gui: "{{ thong_tin.kinh_gui }}"
noi_nhan: [Như trên, Bộ Xây dựng, "TT. Tỉnh ủy, TT. HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh",
           "Giám đốc, các Phó Giám đốc Sở"]
luu: [VT, VP]
nguoi_ky: {ho_ten: "{{ thong_tin.ky_ho_ten }}", chuc_vu: Phó Giám đốc, quyen_han: KT., thay_mat: Giám đốc}
---
{% extends "baocao/bao_cao.md.j2" %}
{#- a block on one line, then two empty lines: Jinja drops the newline after a tag -#}
{% block noi_dung %}
{% for b in noi_dung %}
{% if b.kind == "table" %}
{{ table(bang, {"linh_vuc": "Lĩnh vực", "so_ho_so": "Số hồ sơ", "ty_le": "Tỷ lệ"}, stt=True, \
phan_tram={"ty_le": 1}, widths=[3.4, 1.3, 1.1]) }}
{% else %}
{% if b.kind == "heading" %}{% for _ in range(b.level) %}#{% endfor %} {% elif b.kind == "bullet" %}- {% endif %}\
{% for text, kieu in b.segments %}{% if kieu == "b" %}**{{ text }}**{% elif kieu == "i" %}*{{ text }}*\
{% else %}{{ text }}{% endif %}{% endfor %}


{% endif %}
{% endfor %}
{% endblock %}
"""


def template_data(c: Content) -> dict[str, Any]:
    """The template's variables for ``c``: what a user passes (the table as a DataFrame of numbers)."""
    return {
        "thong_tin": {"co_quan": c.co_quan, "viet_tat": c.viet_tat, "so": c.so or "", "ngay": c.ngay.isoformat(),
                      "trich_yeu": c.trich_yeu, "kinh_gui": c.kinh_gui, "ky_ho_ten": c.ky_ho_ten},
        "noi_dung": [{"kind": b.kind, "level": b.level, "segments": [list(s) for s in b.segments]} for b in c.blocks],
        "bang": table_frame(c),
    }


def table_frame(c: Content) -> pd.DataFrame:
    """The table rows back as numbers (``1.234`` → 1234, ``97,5%`` → 97.5)."""
    return pd.DataFrame({
        "linh_vuc": [r[1] for r in c.table_rows],
        "so_ho_so": [int(r[2].replace(".", "")) for r in c.table_rows],
        "ty_le": [float(r[3].rstrip("%").replace(",", ".")) for r in c.table_rows],
    })


def write_folder(folder: Path, c: Content, table_as: str = "csv") -> Path:
    """An example folder (template + data files) for ``baocao render FOLDER``; the table as
    ``bang.csv`` (read into a DataFrame, with pandas), ``bang.json`` (a list of rows) or none ("")."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bao_cao.md.j2").write_text(TEMPLATE, encoding="utf-8")
    data = template_data(c)
    (folder / "thong_tin.json").write_text(json.dumps(data["thong_tin"], ensure_ascii=False), encoding="utf-8")
    (folder / "noi_dung.json").write_text(json.dumps(data["noi_dung"], ensure_ascii=False), encoding="utf-8")
    if table_as == "csv":
        data["bang"].to_csv(folder / "bang.csv", index=False)
    elif table_as == "json":
        data["bang"].to_json(folder / "bang.json", orient="records", force_ascii=False)
    return folder


def baocao_bytes(template: Path, data: dict[str, Any] | None = None) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return baocao.render(template, data).to_bytes()


# --------------------------------------------------------------------------- seed 001 as content


@dataclass(frozen=True)
class SeedContent(Content):
    """Content whose number and date lines are taken as baocao wrote them (blank số, blank day)."""

    so_text: str = ""
    ngay_text: str = ""

    @property
    def so_ky_hieu(self) -> str:  # type: ignore[override]
        return self.so_text

    @property
    def dia_danh_ngay(self) -> str:  # type: ignore[override]
        return self.ngay_text


def _segments(runs: Sequence[Run]) -> tuple[Segment, ...]:
    return tuple((r.text, "b" if r.bold else "i" if r.italic else "") for r in runs)


def seed_content(folder: Path = SEED_001) -> SeedContent:
    """The seed document's finished content (after its indicators are computed), as data for the peers."""
    vb = baocao.render(folder)
    numberer = Numberer(SCHEMES["muc"])
    blocks: list[Block] = []
    for b in vb.blocks:
        if isinstance(b, Heading):
            blocks.append(Block("heading", _segments(b.text), b.level, numberer.label(b.level)))
        elif isinstance(b, Paragraph):
            blocks.append(Block("paragraph", _segments(b.text)))
        elif isinstance(b, Bullet):
            blocks.append(Block("bullet", _segments(b.text)))
        else:
            raise AssertionError(f"seed 001: unexpected block {type(b).__name__}")
    cells = [cell.text for t in docx.Document(io.BytesIO(vb.to_bytes())).tables for r in t.rows for cell in r.cells]
    signer = vb.nguoi_ky
    assert signer is not None
    return SeedContent(
        co_quan=vb.co_quan or "", viet_tat=vb.viet_tat_co_quan or "", so=0, ky_hieu="", dia_danh=vb.dia_danh or "",
        ngay=dt.date(2021, 12, 1), trich_yeu=vb.trich_yeu or "", kinh_gui=", ".join(vb.kinh_gui or []),
        noi_nhan=tuple(vb.noi_nhan), luu=tuple(vb.luu), ky_quyen_han="", ky_thay_mat="",
        ky_chuc_vu=" ".join(signer.chuc_vu).upper(), ky_ho_ten=signer.ho_ten, blocks=tuple(blocks),
        table_header=("STT",), table_rows=(),
        so_text=next(t for t in cells if t.startswith("Số:")), ngay_text=next(t for t in cells if "ngày" in t),
    )


# --------------------------------------------------------------------------- pandoc

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@!])")


def _md(text: str) -> str:
    """Literal text in pandoc Markdown (no smart quotes: read with ``markdown-smart``)."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)  # "2017. …" is not a list


def _md_runs(segments: Sequence[Segment]) -> str:
    return "".join(f"**{_md(t)}**" if s == "b" else f"*{_md(t)}*" if s == "i" else _md(t) for t, s in segments)


def _grid(cells: Sequence[Sequence[str]]) -> str:
    """A header-less pandoc grid table of one row; each cell a list of paragraphs."""
    widths = [max(len(p) for p in cell) + 2 for cell in cells]
    rule = "+" + "+".join("-" * w for w in widths) + "+"
    lines_per_cell = [[line for p in cell for line in (p, "")][:-1] for cell in cells]
    height = max(len(ls) for ls in lines_per_cell)
    rows = ["|" + "|".join(f" {(ls[i] if i < len(ls) else ''):<{w - 2}} " for ls, w in zip(lines_per_cell, widths))
            + "|" for i in range(height)]
    return "\n".join([rule, *rows, rule])


def content_markdown(c: Content) -> str:
    """The whole document in pandoc Markdown: header and closing blocks as grid tables, numbered headings."""
    parts = [
        _grid([[f"**{_md(c.co_quan.upper())}**", _md(c.so_ky_hieu)],
               [f"**{_md(QUOC_HIEU)}**", f"**{_md(TIEU_NGU)}**", f"*{_md(c.dia_danh_ngay)}*"]]),
        "**BÁO CÁO**", f"**{_md(c.trich_yeu)}**", f"Kính gửi: {_md(c.kinh_gui)}",
    ]
    for b in c.blocks:
        if b.kind == "heading":
            mark = "*" if b.level == 3 else "**"  # levels 1-2 bold, level 3 italic, as baocao writes them
            parts.append(f"{'#' * b.level} {mark}{_md(b.label + ' ' + b.text)}{mark}")
        elif b.kind == "paragraph":
            parts.append(_md_runs(b.segments))
        elif b.kind == "bullet":
            parts.append("- " + _md_runs(b.segments))
        else:
            parts.append("\n".join([
                "| " + " | ".join(c.table_header) + " |", "|:-:|:--|--:|--:|",
                *("| " + " | ".join(_md(v) for v in row) + " |" for row in c.table_rows)]))
    ky = [p for p in (f"{c.ky_quyen_han} {c.ky_thay_mat}".strip(), c.ky_chuc_vu) if p]
    parts.append(_grid([["***Nơi nhận:***", *(f"\\- {_md(n)};" for n in c.noi_nhan), f"\\- Lưu: {', '.join(c.luu)}."],
                        [*(f"**{_md(k)}**" for k in ky), f"**{_md(c.ky_ho_ten)}**"]]))
    return "\n\n".join(parts) + "\n"


def make_reference(path: Path) -> None:
    """pandoc's default reference.docx with the Decree 30 page and Normal style (A4, Times New Roman 14)."""
    data = subprocess.run([PANDOC, "--print-default-data-file", "reference.docx"], check=True,
                          capture_output=True).stdout
    d = docx.Document(io.BytesIO(data))
    _setup_page(d)
    d.save(str(path))


def pandoc_command(markdown: Path, reference: Path, out: Path) -> list[str]:
    return [PANDOC, "-f", "markdown-smart", "-t", "docx", "--reference-doc", str(reference), "-o", str(out),
            str(markdown)]


def baocao_command(template: Path, out: Path, *data: Path) -> list[str]:
    """``baocao render …`` through the installed console script (``python -m baocao`` without one)."""
    exe = shutil.which("baocao")
    head = [exe] if exe else [sys.executable, "-m", "baocao"]
    return [*head, "render", str(template), *(a for d in data for a in ("-d", str(d))), "-o", str(out)]


def run(cmd: Sequence[str]) -> None:
    """Run a command to completion; its error output is shown if it fails."""
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    if proc.returncode:
        raise RuntimeError(f"{shlex.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")


def run_to_bytes(cmd: Sequence[str], out: Path) -> bytes:
    run(cmd)
    return out.read_bytes()


# --------------------------------------------------------------------------- formatting helpers


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f}" if seconds >= 0.1 else f"{seconds * 1e3:.2f}"


def _iqr(st: Stats) -> str:
    q1, q3 = st.iqr
    return f"{_ms(q1)}–{_ms(q3)}"


def _header(title: str, args: argparse.Namespace, method: str) -> list[str]:
    command = command_line()
    pandoc_version = subprocess.run([PANDOC, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    libs = ", ".join(f"{m} {version(m)}" for m in ("baocao", "python-docx", "docxtpl", "Jinja2", "pandas"))
    return [
        f"## {title}",
        "",
        f"- Command: `{command}` (`python benchmarks/run_all.py` runs every benchmark)",
        f"- Date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}; {libs}; {pandoc_version} "
        "(pypandoc-binary)",
        f"- Machine: {os.cpu_count()} cores, shared with other jobs while this ran — read medians and ratios.",
        f"- Method: {method}",
        "",
    ]


def _check_line(name: str, ch: Check) -> str:
    return f"| {name} | {ch.size:,} | {ch.paragraphs} | {ch.tables} | {ch.table_rows} |"


# --------------------------------------------------------------------------- 1. documents


@dataclass
class DocResult:
    title: str
    description: str
    checks: dict[str, Check]
    stats: dict[str, Stats]


def bench_document(title: str, description: str, c: Content, tmp: Path, in_process: Callable[[], bytes],
                   processes: dict[str, tuple[list[str], Path]], repeat: int, warmup: int,
                   same_text: tuple[Callable[[], bytes], Content] | None = None,
                   parts: dict[str, Callable[[], object]] | None = None) -> DocResult:
    """One document rendered by each method; every output verified first, then all interleaved.
    ``processes``: the ``baocao render`` commands (``PROCESS`` first) and the file each writes;
    ``same_text``: baocao on the peers' input, and the content to check its output against;
    ``parts``: steps of baocao's work timed alone, among the others (no document to verify)."""
    template = tmp / "docxtpl.docx"
    make_template(template, with_table=c.has_table)
    reference = tmp / "reference.docx"
    if not reference.exists():
        make_reference(reference)
    markdown = tmp / "content.md"
    markdown.write_text(content_markdown(c), encoding="utf-8")
    pandoc_out = tmp / "pandoc.docx"
    pcmd = pandoc_command(markdown, reference, pandoc_out)
    methods: dict[str, Callable[[], object]] = {
        IN_PROCESS: in_process,
        **({SAME_TEXT: same_text[0]} if same_text else {}),
        **{name: (lambda cmd=cmd: run(cmd)) for name, (cmd, _) in processes.items()},
        DOCXTPL: lambda: docxtpl_bytes(c, template),
        PANDOC_PROC: lambda: run(pcmd),
        **(parts or {}),
    }
    checks = {
        "baocao (in-process)": verify("baocao", in_process(), c),
        **({"baocao, finished text (in-process)": verify("baocao same text", same_text[0](), same_text[1])}
           if same_text else {}),
        **{name: verify(name, run_to_bytes(cmd, out), c) for name, (cmd, out) in processes.items()},
        "docxtpl": verify("docxtpl", docxtpl_bytes(c, template), c),
        "pandoc": verify("pandoc", run_to_bytes(pcmd, pandoc_out), c),
    }
    for name, ch in checks.items():
        print(f"  verified {name[:40]:40s} {ch.size:>8,d} bytes, {ch.paragraphs} paragraphs, {ch.tables} tables, "
              f"data table {ch.table_rows} rows")
    print(f"  timing {len(methods)} methods × {repeat} rounds (+{warmup} warm-up), interleaved …")
    stats = interleaved(methods, repeat, warmup)
    base = stats[IN_PROCESS]
    for name, st in stats.items():
        print(f"  {name:55s} median {_ms(st.median):>8s} ms  IQR {_iqr(st)}  ×{st.median / base.median:.2f}")
    return DocResult(title, description, checks, stats)


def part_documents(args: argparse.Namespace) -> None:
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-render-") as name:
        tmp = Path(name)
        print("seed 001 …")
        seed = seed_content()
        out = tmp / "seed.docx"
        seed_template = tmp / "van_ban" / "bao_cao.md.j2"
        seed_template.parent.mkdir()
        seed_template.write_text(TEMPLATE, encoding="utf-8")
        seed_data = template_data(seed)
        seed_check = replace(seed, ngay_text=f"{seed.dia_danh}, ngày 01 tháng 12 năm 2021")  # a full date there
        results.append(bench_document(
            "Seed 001 (examples/001_bao_cao_tong_ket_so_noi_vu_tra_vinh)",
            f"{_describe_seed(seed)}. baocao renders the example folder: it loads its 5 data files (a "
            "19,200-row survey CSV among them) and computes the satisfaction indicators of section II.2 "
            "(`hai_long` × 4 years) inside the template. docxtpl and pandoc get the finished text: the "
            "paragraphs, headings and bullets of baocao's output as data (numbered headings, bold/italic "
            "pieces), so they do less work than baocao here. The same finished text was also rendered by "
            "baocao through the synthetic report's template (below), which is the like-for-like comparison.",
            seed, tmp, lambda: baocao_bytes(SEED_001), {PROCESS: (baocao_command(SEED_001, out), out)},
            args.repeat, args.warmup, (lambda: baocao_bytes(seed_template, seed_data), seed_check)))
        print("synthetic 6-page report …")
        c = make_content()
        folder = write_folder(tmp / "tong_hop", c)
        folder_json = write_folder(tmp / "tong_hop_json", c, table_as="json")
        data = template_data(c)
        out, out_json = tmp / "synthetic.docx", tmp / "synthetic-json.docx"
        results.append(bench_document(
            "Synthetic 6-page báo cáo",
            f"The content of `bench_writer.py` (seed {SEED}): {_describe(c)}. baocao: a `.md.j2` template "
            "(front matter from `thong_tin`, a `{% for %}` over the 70 body blocks with `**`/`*` pieces, "
            "`{{ table(bang, …) }}` on a DataFrame of numbers, formatted by baocao). In-process: the data as "
            "Python objects; whole process: the same template and data as files (2 JSON, 1 CSV) in a folder "
            "(and once more with the table as `bang.json`, which baocao reads without pandas). "
            "docxtpl: the template of `bench_writer.py` (header table with Quốc hiệu, `{%p for %}` paragraphs as "
            "RichText, a `{%tr for r in rows %}` row loop). pandoc: the same content as Markdown (header and "
            "closing blocks as grid tables, a pipe table) with a reference.docx set to A4 / Times New Roman 14.",
            c, tmp, lambda: baocao_bytes(folder / "bao_cao.md.j2", data),
            {PROCESS: (baocao_command(folder, out), out),
             PROCESS_JSON: (baocao_command(folder_json, out_json), out_json)},
            args.repeat, args.warmup, parts={MD_PARSE: markdown_parse(folder / "bao_cao.md.j2", data)}))
    write_documents(args, results)


def markdown_parse(template: Path, data: dict[str, Any]) -> Callable[[], object]:
    """markdown-it's parse of the Markdown body ``render()`` makes of ``template`` and ``data`` (the
    body taken as markdown-it receives it during one render): the library's share of baocao's time."""
    from baocao import markup

    seen: list[str] = []
    parse = markup._MD.parse
    markup._MD.parse = lambda text, env=None: seen.append(text) or parse(text, env)  # type: ignore[method-assign]
    try:
        baocao_bytes(template, data)
    finally:
        del markup._MD.parse
    assert len(seen) == 1 and len(seen[0]) > 1000, [len(t) for t in seen]
    body = seen[0]
    return lambda: parse(body)


def _describe_seed(c: Content) -> str:
    kinds = [b.kind for b in c.blocks]
    words = sum(len(b.text.split()) for b in c.blocks)
    return (f"{kinds.count('paragraph')} paragraphs, {kinds.count('heading')} headings, "
            f"{kinds.count('bullet')} bullets ({words:,} words), no table")


def _like_for_like(r: DocResult) -> Stats:
    """baocao's time on the same input as the peers (the finished text for the seed)."""
    return r.stats.get(SAME_TEXT, r.stats[IN_PROCESS])


def write_documents(args: argparse.Namespace, results: list[DocResult]) -> None:
    header = _header("Template + data → .docx: baocao vs docxtpl vs pandoc", args,
                     f"{args.warmup} warm-up rounds, then {args.repeat} rounds with all the methods of a document "
                     "interleaved (rotating order), `time.perf_counter`, `gc.collect()` untimed before each call. "
                     "*In-process* = a Python call in a warm process; *whole process* = a new process per "
                     "document (interpreter start, imports, reading the files, writing the .docx).")
    summary = ["| Document | baocao in-process (ms) | baocao process (ms) | docxtpl in-process (ms) "
               "| pandoc process (ms) | docxtpl ÷ baocao in-process | pandoc ÷ baocao process |",
               "|---|---:|---:|---:|---:|---:|---:|"]
    body: list[str] = []
    for r in results:
        base, same, proc = r.stats[IN_PROCESS], _like_for_like(r), r.stats[PROCESS]
        tpl, pan = r.stats[DOCXTPL], r.stats[PANDOC_PROC]
        mine = _ms(base.median) + (f" (finished text: {_ms(same.median)})" if same is not base else "")
        ratio = f"**{tpl.median / same.median:.1f}×**" + (f" (whole example: {tpl.median / base.median:.1f}×)"
                                                           if same is not base else "")
        summary.append(f"| {r.title.split(' (')[0]} | {mine} | {_ms(proc.median)} | {_ms(tpl.median)} "
                       f"| {_ms(pan.median)} | {ratio} | **{pan.median / proc.median:.2f}×** |")
        body += [
            f"### {r.title}", "", r.description, "",
            "| Output (verified before timing) | Bytes | Paragraphs | Tables | Data-table rows |",
            "|---|---:|---:|---:|---:|", *(_check_line(n, ch) for n, ch in r.checks.items()), "",
            "| Method | Median (ms) | IQR (ms) | ÷ baocao in-process | Paired | ÷ baocao process |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, st in r.stats.items():
            body.append(f"| {name} | {_ms(st.median)} | {_iqr(st)} | {st.median / base.median:.2f} "
                        f"| {st.paired_ratio(base):.2f} | {st.median / proc.median:.2f} |")
        body.append("")
    verdicts = ", ".join(f"{r.title.split(' (')[0]} {docxtpl_ratio(r):.1f}×" for r in results)
    goal = all(docxtpl_ratio(r) >= 3 for r in results)
    synthetic = next((r for r in results if r.title.startswith("Synthetic")), None)
    goals = []
    if synthetic is not None:
        six = docxtpl_ratio(synthetic)
        six_paired = synthetic.stats[DOCXTPL].paired_ratio(synthetic.stats[IN_PROCESS])
        pandoc_ratio = synthetic.stats[PROCESS].median / synthetic.stats[PANDOC_PROC].median
        pandoc_paired = synthetic.stats[PROCESS].paired_ratio(synthetic.stats[PANDOC_PROC])
        parse, whole = synthetic.stats[MD_PARSE].median, synthetic.stats[IN_PROCESS].median
        goals = [
            f"- Goal of issue 17, the synthetic 6-page report ≥ 6× faster than docxtpl in-process: "
            f"**{'met' if six >= 6 else 'not met'}** ({six:.1f}× from the medians; {six_paired:.1f}× paired, the "
            "median of the rounds' own ratios). markdown-it's parse of the body alone takes "
            f"{_ms(parse)} ms of baocao's {_ms(whole)} ms ({parse / whole:.0%}); were it free, baocao would be "
            f"{synthetic.stats[DOCXTPL].median / (whole - parse):.1f}× faster than docxtpl.",
            f"- Goal of issue 17, `baocao render` of the same report from its folder (template, 2 JSON, the "
            f"table as CSV laid out with `table()`) within 1.5× of pandoc as a whole process: "
            f"**{'met' if pandoc_ratio <= 1.5 else 'not met'}** (baocao ÷ pandoc = {pandoc_ratio:.2f} from the "
            f"medians, {pandoc_paired:.2f} paired; the "
            "CSV is read without pandas, see `baocao.data.CsvTable`; the template and its base are read compiled "
            "from the cache folder the warm-up rounds filled, as from a user's second run on).",
        ]
    lines = [
        *header, "### Summary", "", *summary, "",
        f"- Goal ≥ 3× faster than docxtpl (baocao in-process on the same input, against docxtpl in-process): "
        f"**{'met' if goal else 'not met'}** ({verdicts}).",
        *goals,
        "- A ratio above 1 means baocao is faster. pandoc runs only as a process, so it is compared with the "
        "`baocao render` command as a whole process (interpreter start-up, imports and reading the data files "
        "included); the in-process figure is what a Python program, a notebook or a batch pays per document.",
        "", *body]
    write_section(args.output, "render-documents", "\n".join(lines))


def docxtpl_ratio(r: DocResult) -> float:
    return r.stats[DOCXTPL].median / _like_for_like(r).median


# --------------------------------------------------------------------------- 2. tables


def scale_content(n: int) -> Content:
    """A báo cáo whose body is one paragraph and one table of ``n`` rows."""
    base = make_content()
    blocks = (Block("paragraph", (("Bảng tổng hợp số liệu.", ""),)), Block("table"))
    return Content(**{**base.__dict__, "blocks": blocks, "table_rows": table_rows(n, random.Random(SEED + n))})


def part_tables(args: argparse.Namespace) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[tuple[int, int, dict[str, Stats]]] = []
    with tempfile.TemporaryDirectory(prefix="bench-render-") as name:
        tmp = Path(name)
        template = tmp / "docxtpl.docx"
        make_template(template)
        tpl_path = tmp / "bao_cao.md.j2"
        tpl_path.write_text(TEMPLATE, encoding="utf-8")
        reference = tmp / "reference.docx"
        make_reference(reference)
        for n in sizes:
            c = scale_content(n)
            data = template_data(c)
            markdown = tmp / f"bang_{n}.md"
            markdown.write_text(content_markdown(c), encoding="utf-8")
            out = tmp / f"pandoc_{n}.docx"
            pcmd = pandoc_command(markdown, reference, out)
            for who, got in (("baocao", baocao_bytes(tpl_path, data)), ("docxtpl", docxtpl_bytes(c, template)),
                             ("pandoc", run_to_bytes(pcmd, out))):
                ch = verify(f"{who} {n} rows", got, c)
                assert ch.table_rows == n + 1, (who, n, ch)
            reps = max(5, min(args.repeat, 30_000 // n))
            print(f"{n:>6,d} rows: verified; {reps} rounds …")
            stats = interleaved({"baocao": lambda d=data: baocao_bytes(tpl_path, d),
                                 "docxtpl": lambda c=c: docxtpl_bytes(c, template),
                                 "pandoc": lambda p=pcmd: run(p)}, reps, 1)
            rows.append((n, reps, stats))
            print("   " + "  ".join(f"{k} {_ms(s.median)} ms ({s.median / n * 1e6:.1f} µs/row)"
                                    for k, s in stats.items()))
    write_tables(args, rows)


def write_tables(args: argparse.Namespace, rows: list[tuple[int, int, dict[str, Stats]]]) -> None:
    lines = _header("Big tables through the template: cost per row", args,
                    "the synthetic template with a body of one paragraph and `{{ table(bang, …) }}` on a DataFrame "
                    "of N rows × 3 columns (+ STT), `render()` + `to_bytes()` in-process; docxtpl's `{%tr for %}` "
                    "row loop on the same rows (in-process); pandoc on the same Markdown pipe table (a process "
                    "per document). Every output's table was checked (N + 1 rows, every cell) before timing; "
                    "one warm-up, then the three interleaved; rounds: 30 at 100 rows, fewer for bigger tables "
                    "(at least 5).")
    lines += ["| Rows | Method | Rounds | Median (ms) | IQR (ms) | µs/row | Marginal µs/row | Ratio to baocao |",
              "|---:|---|---:|---:|---:|---:|---:|---:|"]
    prev: dict[str, tuple[int, float]] = {}
    for n, reps, stats in rows:
        base = stats["baocao"]
        for name, st in stats.items():
            marginal = ""
            if name in prev:
                pn, pt = prev[name]
                marginal = f"{(st.median - pt) / (n - pn) * 1e6:.1f}"
            prev[name] = (n, st.median)
            lines.append(f"| {n:,} | {name} | {reps} | {_ms(st.median)} | {_iqr(st)} | {st.median / n * 1e6:.1f} "
                         f"| {marginal} | {st.median / base.median:.2f} |")
    by_size = {n: s for n, _, s in rows}
    if 1000 in by_size and 10000 in by_size:
        lines.append("")
        for name in ("baocao", "docxtpl", "pandoc"):
            a, b = by_size[1000][name].median / 1000, by_size[10000][name].median / 10000
            lines.append(f"- {name}: µs/row at 10,000 rows ÷ µs/row at 1,000 rows = **{b / a:.2f}** "
                         f"({'linear' if b / a < 1.25 else 'worse than linear'}; 1.00 = exactly linear).")
    if 1000 in by_size and 10000 in by_size:
        marginal = (by_size[10000]["baocao"].median - by_size[1000]["baocao"].median) / 9000 * 1e6
        lines.append(f"- Goal of issue 17, ≤ 20 µs per row marginal from 1,000 to 10,000 rows (template `table()` "
                     f"+ `to_bytes()`): **{'met' if marginal <= 20 else 'not met'}** ({marginal:.1f} µs/row).")
    lines.append("- Marginal µs/row: (median − median at the previous size) ÷ (rows added). The writer alone "
                 "(no template) is in the *writer* section; 200,000 rows in the *render-big* section.")
    write_section(args.output, "render-tables", "\n".join(lines))


# --------------------------------------------------------------------------- 2b. a very big table

BIG_CHILD = """\
import resource, sys, time, warnings
import pandas as pd
from baocao import render
warnings.simplefilter("ignore")
df = pd.read_csv(sys.argv[2])
before = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")))
start = time.perf_counter()
data = render(sys.argv[1], {"bang": df}).to_bytes()
seconds = time.perf_counter() - start
peak = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")))
open(sys.argv[3], "wb").write(data)
print(seconds, peak, before)
"""


def _hwm_of_command(cmd: Sequence[str]) -> tuple[float, int]:
    """Wall seconds of ``cmd`` and the peak RSS (KiB) of its biggest process (the command forks)."""
    code = ("import resource, subprocess, sys, time\n"
            "s = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
            "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True).stdout
    seconds, kib = out.split()
    return float(seconds), int(kib)


def part_big(args: argparse.Namespace) -> None:
    n = args.big
    rounds = max(1, args.big_repeat)
    with tempfile.TemporaryDirectory(prefix="bench-big-") as name:
        tmp = Path(name)
        c = scale_content(n)
        folder = write_folder(tmp / "lon", c)
        out_api, out_cli = tmp / "api.docx", tmp / "cli.docx"
        api: list[tuple[float, int, int]] = []
        cli: list[tuple[float, int]] = []
        for r in range(rounds):
            run_api = subprocess.run([sys.executable, "-c", BIG_CHILD, str(folder),
                                      str(folder / "bang.csv"), str(out_api)], capture_output=True, text=True)
            if run_api.returncode:
                raise SystemExit(f"render() of {n:,} rows failed:\n{run_api.stderr}")
            got = run_api.stdout.split()
            api.append((float(got[0]), int(got[1]), int(got[2])))
            cli.append(_hwm_of_command(baocao_command(folder, out_cli)))
            print(f"   round {r + 1}: render() {api[-1][0]:.2f} s, {api[-1][1] / 1024:.0f} MiB; "
                  f"baocao render {cli[-1][0]:.2f} s, {cli[-1][1] / 1024:.0f} MiB")
        for label, path in (("render()", out_api), ("baocao render", out_cli)):
            ch = verify(f"{label} {n} rows", path.read_bytes(), c)
            assert ch.table_rows == n + 1, (label, ch)
    api_s, api_mb = statistics.median(a[0] for a in api), max(a[1] for a in api) / 1024
    api_base = max(a[2] for a in api) / 1024
    cli_s, cli_mb = statistics.median(a[0] for a in cli), max(a[1] for a in cli) / 1024
    lines = _header(f"A very big table: {n:,} rows", args,
                    f"the synthetic template with one paragraph and `{{{{ table(bang, …) }}}}` of {n:,} rows × 3 "
                    f"columns (+ STT); {rounds} round(s), each in fresh processes. *render()*: a Python process "
                    "reads `bang.csv` with pandas (not timed), then `render()` + `to_bytes()` are timed; its peak "
                    "RSS is the process's `VmHWM` (the DataFrame and the interpreter included). *baocao render*: "
                    "the command on the folder (the CSV read without pandas: the template only lays it out), "
                    "wall time of the whole command and the peak RSS of its biggest process "
                    "(`RUSAGE_CHILDREN`). The table of each output was checked (all rows and cells).")
    lines += ["| Path | Median (s) | Peak RSS (MiB) |", "|---|---:|---:|",
              f"| `render()` + `to_bytes()` (in-process; peak before the render: {api_base:.0f} MiB) "
              f"| {api_s:.2f} | {api_mb:.0f} |",
              f"| `baocao render FOLDER` (whole process) | {cli_s:.2f} | {cli_mb:.0f} |", "",
              f"- Goal of issue 17, a {n:,}-row table in ≤ 5 s and ≤ 500 MB peak: "
              f"**{'met' if max(api_s, cli_s) <= 5 and max(api_mb, cli_mb) <= 500 else 'not met'}** "
              f"(slowest {max(api_s, cli_s):.2f} s, biggest {max(api_mb, cli_mb):.0f} MiB)."]
    write_section(args.output, "render-big", "\n".join(lines))


# --------------------------------------------------------------------------- 3. batch

UNIT_TEMPLATE = """\
---
loai: bao_cao
co_quan: "{{ don_vi }}"
viet_tat_co_quan: UBND
so: 15
dia_danh: Trà Vinh
ngay: 2024-04-05
trich_yeu: Kết quả giải quyết thủ tục hành chính quý I năm 2024
kinh_gui: Ủy ban nhân dân huyện Càng Long
noi_nhan: [Như trên]
luu: [VT]
nguoi_ky: {ho_ten: Trần Văn Bình, chuc_vu: Chủ tịch}
---
{% extends "baocao/bao_cao.md.j2" %}
{% block noi_dung %}
# KẾT QUẢ GIẢI QUYẾT HỒ SƠ

Trong quý I năm 2024, {{ don_vi }} đã tiếp nhận {{ so_lieu.so_ho_so.sum() | so }} hồ sơ thuộc \
{{ so_lieu | length }} lĩnh vực.

{{ table(so_lieu, {"linh_vuc": "Lĩnh vực", "so_ho_so": "Số hồ sơ", "ty_le": "Tỷ lệ"}, stt=True, \
phan_tram={"ty_le": 1}) }}

Đơn vị tiếp tục rà soát, rút ngắn thời gian giải quyết hồ sơ.
{% endblock %}
"""
UNIT_ROWS = 5


def unit_table(units: int) -> pd.DataFrame:
    """``units`` units × 5 rows of (don_vi, linh_vuc, so_ho_so, ty_le)."""
    c = make_content(rows=UNIT_ROWS * units)
    frame = table_frame(c)
    frame.insert(0, "don_vi", [f"Ủy ban nhân dân xã {i // UNIT_ROWS + 1:04d}" for i in range(len(frame))])
    return frame


def unit_content(key: str, rows: pd.DataFrame) -> Content:
    """One unit's report as content (formatting the numbers in Python, as a docxtpl user does)."""
    table = tuple((str(i), r.linh_vuc, f"{r.so_ho_so:,}".replace(",", "."), f"{r.ty_le:.1f}%".replace(".", ","))
                  for i, r in enumerate(rows.itertuples(), 1))
    total = f"{int(rows.so_ho_so.sum()):,}".replace(",", ".")
    return Content(
        co_quan=key, viet_tat="UBND", so=15, ky_hieu="BC-UBND", dia_danh="Trà Vinh", ngay=dt.date(2024, 4, 5),
        trich_yeu="Kết quả giải quyết thủ tục hành chính quý I năm 2024",
        kinh_gui="Ủy ban nhân dân huyện Càng Long", noi_nhan=("Như trên",), luu=("VT",), ky_quyen_han="",
        ky_thay_mat="", ky_chuc_vu="CHỦ TỊCH", ky_ho_ten="Trần Văn Bình",
        blocks=(Block("heading", (("KẾT QUẢ GIẢI QUYẾT HỒ SƠ", ""),), 1, "I."),
                Block("paragraph", ((f"Trong quý I năm 2024, {key} đã tiếp nhận {total} hồ sơ thuộc {len(rows)} "
                                     "lĩnh vực.", ""),)),
                Block("table"),
                Block("paragraph", (("Đơn vị tiếp tục rà soát, rút ngắn thời gian giải quyết hồ sơ.", ""),))),
        table_header=("STT", *COLUMNS.values()), table_rows=table)


def _status(pid: int | str, field: str) -> int:
    """A ``/proc/PID/status`` figure in KiB (``VmRSS``, ``VmHWM``); 0 where there is none."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers, once joined)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class RssSampler(threading.Thread):
    """The largest RSS of any child (worker) process, sampled every 50 ms from ``/proc``.

    ``getrusage`` cannot be used here: on Linux a process's ``ru_maxrss`` keeps the peak of
    the image it was forked from, across ``exec``, so every run would report the benchmark's own."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_worker = 0
        self._done = threading.Event()

    def _children(self) -> list[str]:
        me = str(os.getpid())
        try:
            return Path(f"/proc/{me}/task/{me}/children").read_text().split()
        except OSError:
            return []

    def run(self) -> None:
        while not self._done.wait(0.05):
            for pid in self._children():
                self.peak_worker = max(self.peak_worker, _status(pid, "VmRSS"))

    def finish(self) -> int:
        self._done.set()
        self.join()
        return self.peak_worker


def batch_child(mode: str, units: int, workers: int, out: Path) -> dict[str, Any]:
    """One batch run in this (fresh) process: seconds, CPU seconds (this process and its workers),
    files, and peak RSS (KiB) of this process (``VmHWM``) and of its largest worker (sampled)."""
    table = unit_table(units)
    template = out / "don_vi.md.j2"
    out.mkdir(parents=True, exist_ok=True)
    template.write_text(UNIT_TEMPLATE, encoding="utf-8")
    docs = out / "docs"
    if mode == "docxtpl":
        tpl = out / "docxtpl.docx"
        make_template(tpl)
        docs.mkdir()
    gc.collect()
    sampler = RssSampler()
    sampler.start()
    cpu = _cpu()
    start = time.perf_counter()
    if mode == "baocao":
        result = render_many(template, table, by="don_vi", output=str(docs / "{don_vi}.docx"), name="so_lieu",
                             workers=workers, progress=False)
        assert result.ok and len(result.written) == units, str(result)
    else:
        for key, rows in table.groupby("don_vi", sort=False):
            (docs / f"{key}.docx").write_bytes(docxtpl_bytes(unit_content(str(key), rows), tpl))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu() - cpu, "files": len(list(docs.glob("*.docx"))),
            "rss_self": _status("self", "VmHWM"), "rss_worker": sampler.finish(), "load": os.getloadavg()[0]}


def run_batch(mode: str, units: int, workers: int, tmp: Path) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(dir=tmp))
    proc = subprocess.run([sys.executable, __file__, "--batch-child", mode, str(units), str(workers), str(out)],
                          check=True, capture_output=True, text=True, env=CHILD_ENV)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    shutil.rmtree(out)
    return result


def verify_batch(tmp: Path) -> dict[str, Check]:
    """The first unit written by render_many and by the docxtpl loop, checked against its content."""
    checks = {}
    table = unit_table(3)
    key = table.don_vi.iloc[0]
    expected = unit_content(key, table[table.don_vi == key])
    for mode in ("baocao", "docxtpl"):
        out = tmp / f"verify-{mode}"
        subprocess.run([sys.executable, __file__, "--batch-child", mode, "3", "2", str(out)], check=True, env=CHILD_ENV,
                       capture_output=True)
        checks[mode] = verify(f"batch {mode}", (out / "docs" / f"{key}.docx").read_bytes(), expected)
    return checks


def part_batch(args: argparse.Namespace) -> None:
    cores = os.cpu_count() or 1
    n, big = args.units, args.units * 3
    series = {
        f"baocao render_many, {n:,} units, workers={cores}": ("baocao", n, cores),
        f"baocao render_many, {n:,} units, workers=1": ("baocao", n, 1),
        f"docxtpl loop, {n:,} units (sequential)": ("docxtpl", n, 1),
        f"baocao render_many, {big:,} units, workers={cores}": ("baocao", big, cores),
    }
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in series}
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as name:
        tmp = Path(name)
        checks = verify_batch(tmp)
        print("batch: verified one unit of each; " + ", ".join(f"{k} {c.table_rows} rows" for k, c in checks.items()))
        names = list(series)
        for i in range(args.batch_repeat):
            k = i % len(names)
            for label in names[k:] + names[:k]:
                r = run_batch(*series[label], tmp)
                assert r["files"] == series[label][1], r
                runs[label].append(r)
                print(f"  {label}: {r['seconds']:.2f} s, {series[label][1] / r['seconds']:.0f} docs/s, "
                      f"peak RSS parent {r['rss_self'] / 1024:.0f} MiB, worker {r['rss_worker'] / 1024:.0f} MiB")
    write_batch(args, series, runs, checks)


def write_batch(args: argparse.Namespace, series: dict[str, tuple[str, int, int]],
                runs: dict[str, list[dict[str, Any]]], checks: dict[str, Check]) -> None:
    lines = _header("Batch: unit reports with all cores", args,
                    f"{args.batch_repeat} rounds, the four series interleaved (rotating order); each run in a fresh "
                    "Python process that builds the unit table, then times only the rendering and writing of "
                    "all the files into a temporary folder. Peak RSS: the parent's `VmHWM`, and the largest "
                    "worker's `VmRSS` sampled every 50 ms from `/proc` (workers are forked: their RSS counts "
                    "the pages they share with the parent).")
    lines += [
        f"Each unit report: header block, 1 heading, 2 paragraphs (one with the unit's total computed in the "
        f"template), a {UNIT_ROWS}-row table from the unit's rows (`render_many(…, by=\"don_vi\")` gives each "
        "unit its rows as a DataFrame), closing block. docxtpl: `groupby` in Python, numbers formatted in Python, "
        "the `bench_writer.py` template, one `DocxTemplate(path)` + render + save per unit. One unit of each was "
        "checked with python-docx (all texts, table "
        f"{checks['baocao'].table_rows} rows) before timing.",
        "",
        "| Series | Median (s) | Min–max (s) | Documents/s | Speed-up vs docxtpl | CPU ms per document "
        "| Peak RSS parent (MiB) | Peak RSS worker (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    tpl_rate = None
    for label, rs in runs.items():
        if series[label][0] == "docxtpl":
            tpl_rate = series[label][1] / statistics.median(r["seconds"] for r in rs)
    rates = {}
    for label, rs in runs.items():
        secs = [r["seconds"] for r in rs]
        med = statistics.median(secs)
        rates[label] = series[label][1] / med
        workers = series[label][2]
        worker_rss = f"{max(r['rss_worker'] for r in rs) / 1024:.0f}" if workers > 1 else "—"
        cpu = statistics.median(r["cpu"] for r in rs) / series[label][1] * 1e3
        lines.append(f"| {label} | {med:.2f} | {min(secs):.2f}–{max(secs):.2f} | {rates[label]:.0f} | "
                     f"{rates[label] / tpl_rate:.1f}× | {cpu:.1f} | {max(r['rss_self'] for r in rs) / 1024:.0f} "
                     f"| {worker_rss} |")
    labels = list(series)
    lines += [
        "",
        f"- All cores vs one worker: **{rates[labels[0]] / rates[labels[1]]:.2f}×** documents/s on "
        f"{os.cpu_count()} cores. The machine was shared: the 1-minute load average at the end of the runs was "
        f"{statistics.median(r['load'] for rs in runs.values() for r in rs):.1f} (median) on 2 cores, so a second "
        "worker had little idle core to use; *CPU ms per document* (parent + workers) shows what the parallel "
        "path costs on top of the serial one.",
        f"- Memory: peak RSS with {series[labels[3]][1]:,} units vs {series[labels[0]][1]:,} is "
        f"{max(r['rss_self'] for r in runs[labels[3]]) / max(r['rss_self'] for r in runs[labels[0]]):.2f}× "
        "(parent) and "
        f"{max(r['rss_worker'] for r in runs[labels[3]]) / max(r['rss_worker'] for r in runs[labels[0]]):.2f}× "
        "(worker): units are sent a few at a time per worker, so memory does not grow with the batch.",
    ]
    write_section(args.output, "render-batch", "\n".join(lines))


# --------------------------------------------------------------------------- 4. cold start

_SHOW = f"import sys, json; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"


def imported_modules(tmp: Path) -> list[tuple[str, list[str]]]:
    """Which heavy modules each case leaves in ``sys.modules`` (each in a fresh interpreter)."""
    full = make_content()
    folder = write_folder(tmp / "khong_bang", replace(full, blocks=tuple(b for b in full.blocks if b.kind != "table")),
                          table_as="")
    out = tmp / "khong_bang.docx"
    cli = "import contextlib, io\nfrom baocao.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n    "
    cases = {
        "`import baocao`": "import baocao",
        "`baocao --help`": cli + "try: main(['--help'])\n    except SystemExit: pass",
        "`baocao.render()` of the 6-page report without its table (JSON data) + `to_bytes()`":
            f"import baocao\nbaocao.render({str(folder)!r}).to_bytes()",
        "`baocao render` of that folder (the command's code path)":
            cli + f"assert main(['render', {str(folder)!r}, '-o', {str(out)!r}]) == 0",
        "`baocao render examples/000_…` (reads a CSV: pandas expected)":
            cli + f"assert main(['render', {str(SEED_000)!r}, '-o', {str(out)!r}]) == 0",
    }
    found = []
    for label, code in cases.items():
        proc = subprocess.run([sys.executable, "-c", code + "\n" + _SHOW], capture_output=True, text=True,
                              check=True, cwd=tmp, env=CHILD_ENV)
        found.append((label, json.loads(proc.stdout.strip().splitlines()[-1])))
    return found


def import_profile(tmp: Path) -> list[tuple[str, int]]:
    """The slowest top-level imports of ``baocao --help`` (cumulative µs, from ``-X importtime``)."""
    code = "import contextlib, io\nfrom baocao.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n" \
           "    try: main(['--help'])\n    except SystemExit: pass"
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                         cwd=tmp, env=CHILD_ENV).stderr
    rows = []
    for line in err.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)", line)
        if m and len(m.group(2)) <= 2:  # top level and one below
            rows.append((m.group(3), int(m.group(1))))
    return sorted(rows, key=lambda r: -r[1])[:8]


def part_cold(args: argparse.Namespace) -> None:
    exe = shutil.which("baocao")
    head = [exe] if exe else [sys.executable, "-m", "baocao"]
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as name:
        tmp = Path(name)
        out = tmp / "bao-cao.docx"
        commands = {
            "`python -c pass` (interpreter baseline)": [sys.executable, "-c", "pass"],
            "`python -c \"import baocao\"`": [sys.executable, "-c", "import baocao"],
            "`baocao --help`": [*head, "--help"],
            "`baocao render examples/000_… -o out.docx`": [*head, "render", str(SEED_000), "-o", str(out)],
            "`pandoc --version` (reference)": [PANDOC, "--version"],
        }
        run(commands["`baocao render examples/000_… -o out.docx`"])
        verify_000 = docx.Document(str(out))
        assert any("564/BC-SXD" in c.text for t in verify_000.tables for r in t.rows for c in r.cells)
        fns = {k: (lambda c=c: run(c)) for k, c in commands.items()}
        print(f"cold start: {len(fns)} commands × {args.cold_repeat} rounds …")
        stats = interleaved(fns, args.cold_repeat, 2)
        for k, st in stats.items():
            print(f"  {k:50s} {_ms(st.median)} ms")
        modules = imported_modules(tmp)
        profile = import_profile(tmp)
    for label, mods in modules:
        print(f"  {label}: {mods}")
    base = stats["`python -c pass` (interpreter baseline)"]
    lines = _header("Cold start: whole processes", args,
                    f"each command run as a new process ({'the `baocao` console script' if exe else 'python -m baocao'}"
                    f"), 2 warm-up rounds (file cache), then {args.cold_repeat} rounds interleaved (rotating order); "
                    "wall time of `subprocess.run` with output discarded. Child processes keep bytecode caches "
                    "(`PYTHONPYCACHEPREFIX`, as an installed package has them) even where the shell sets "
                    "`PYTHONDONTWRITEBYTECODE`. Other jobs' bursts inflate some rounds: the minimum is the "
                    "least disturbed start-up.")
    lines += ["| Command | Median (ms) | IQR (ms) | Min (ms) | Min above `python -c pass` (ms) "
              "| Median ÷ `pandoc --version` |", "|---|---:|---:|---:|---:|---:|"]
    pan = stats["`pandoc --version` (reference)"]
    for k, st in stats.items():
        lines.append(f"| {k} | {_ms(st.median)} | {_iqr(st)} | {_ms(st.min)} | {_ms(st.min - base.min)} "
                     f"| {st.median / pan.median:.1f} |")
    lines += ["", "Heavy modules in `sys.modules` afterwards (each case in a fresh interpreter; checked: "
              + ", ".join(HEAVY) + "):", "", "| Case | Imported | pandas / matplotlib |", "|---|---|---|"]
    for label, mods in modules:
        expect_pandas = "pandas expected" in label
        ok = expect_pandas or not ({"pandas", "matplotlib"} & set(mods))
        lines.append(f"| {label} | {', '.join(mods) or '—'} | {'ok' if ok else '**imported**'} |")
    lines += ["", "Slowest imports of `baocao --help` (`python -X importtime`, cumulative, top two levels): "
              + ", ".join(f"{m} {us / 1000:.0f} ms" for m, us in profile) + "."]
    write_section(args.output, "render-cold-start", "\n".join(lines))


# --------------------------------------------------------------------------- main

PARTS: dict[str, Callable[[argparse.Namespace], None]] = {
    "documents": part_documents, "tables": part_tables, "big": part_big, "batch": part_batch, "cold": part_cold,
}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--repeat", type=int, default=30, help="rounds per document method (default 30)")
    ap.add_argument("--warmup", type=int, default=3, help="warm-up rounds (default 3)")
    ap.add_argument("--sizes", default="100,1000,10000", help="table sizes (default 100,1000,10000)")
    ap.add_argument("--big", type=int, default=200_000, help="rows of the very big table (default 200000)")
    ap.add_argument("--big-repeat", type=int, default=3, help="rounds of the very big table (default 3)")
    ap.add_argument("--units", type=int, default=1000, help="units in the batch (default 1000; ×3 for memory)")
    ap.add_argument("--batch-repeat", type=int, default=3, help="rounds of the batch series (default 3)")
    ap.add_argument("--cold-repeat", type=int, default=15, help="rounds of the cold-start commands (default 15)")
    return run_parts(ap, PARTS, sys.argv[1:] if argv is None else argv, HERE / "RESULTS.md", batch_child)


if __name__ == "__main__":
    sys.exit(main())
