"""``benchmarks/RESULTS.md`` holds one section per benchmark script; each run replaces its own."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

HEADER = ("# Benchmarks\n\nEach section below is written by the script named in it, with the command used. "
          "The machine is shared and noisy (2 cores): read medians and ratios, not single runs.\n")


def write_section(path: Path, name: str, text: str) -> None:
    """Replace (or add) the section ``name`` of the results file with ``text``."""
    block = f"<!-- begin {name} -->\n{text.rstrip()}\n<!-- end {name} -->\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if "<!-- begin " not in old:
        old = HEADER  # an older single-report file: start the sectioned layout
    pattern = re.compile(f"<!-- begin {re.escape(name)} -->.*?<!-- end {re.escape(name)} -->\n?", re.S)
    new = pattern.sub(lambda _m: block, old) if pattern.search(old) else old.rstrip() + "\n\n" + block
    path.write_text(new, encoding="utf-8")


def command_line() -> str:
    """The command that ran this script, as typed from the repository's root
    (``python benchmarks/bench_render.py --only tables``), even when run_all.py gave a full path."""
    root = Path(__file__).resolve().parent.parent
    script = Path(sys.argv[0]).resolve()
    shown = os.path.relpath(script, root) if script.is_relative_to(root) else sys.argv[0]
    return "python " + " ".join(shlex.quote(a) for a in [shown, *sys.argv[1:]])


def run_parts(ap: argparse.ArgumentParser, parts: Mapping[str, Callable[[argparse.Namespace], None]],
              argv: Sequence[str], output: Path,
              batch_child: Callable[[str, int, int, Path], object] | None = None) -> int:
    """Parse ``argv`` with ``ap`` (plus ``--only`` and ``--output``, default ``output``) and run the
    chosen ``parts`` in turn, each writing its section of the results file. ``--batch-child MODE
    UNITS WORKERS OUT`` instead runs ``batch_child`` (a batch measured in a fresh process) and
    prints what it gives as JSON."""
    argv = list(argv)
    if argv[:1] == ["--batch-child"] and batch_child is not None:
        mode, units, workers, out = argv[1:5]
        print(json.dumps(batch_child(mode, int(units), int(workers), Path(out))))
        return 0
    ap.add_argument("--only", default=",".join(parts), help="parts to run: " + ", ".join(parts))
    ap.add_argument("--output", type=Path, default=output, help="Markdown report to write")
    args = ap.parse_args(argv)
    chosen = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in parts]
    if unknown:
        ap.error(f"unknown part(s): {', '.join(unknown)}")
    for part in chosen:
        print(f"== {part}")
        parts[part](args)
        print(f"wrote the {part} section of {args.output}")
    return 0
