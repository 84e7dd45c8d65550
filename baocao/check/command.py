"""The command line of the linter: ``baocao check FILE…``, its text and JSON output and exit codes."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import BaoCaoError, terminal_safe
from . import check
from .registry import CANH_BAO, LOI


def run(args: argparse.Namespace) -> int:
    """Handler of ``baocao check``: 0 when every file passes, 1 otherwise."""
    rows: list[dict[str, str]] = []
    failed = False
    for name in args.files:
        try:
            findings = check(name)
        except BaoCaoError as exc:
            failed = True
            if args.json:
                rows.append({"file": name, "rule": "tep-docx", "message": exc.message, "where": "tệp",
                             "expected": "một tệp .docx đọc được", "severity": LOI})
            else:
                print(terminal_safe(f"baocao: lỗi: {exc}"), file=sys.stderr)
            continue
        failed = failed or bool(findings)
        if args.json:
            rows += [{"file": name, "rule": f.rule, "message": f.message, "where": f.where,
                      "expected": f.expected, "severity": f.severity} for f in findings]
            continue
        errors = sum(f.severity == LOI for f in findings)
        warnings = len(findings) - errors
        print(terminal_safe(f"{name}: {errors} lỗi" + (f", {warnings} cảnh báo" if warnings else "")))
        for f in findings:  # excerpts of the document's text: escape what a terminal would act on
            print(terminal_safe(f"  {'[cảnh báo] ' if f.severity == CANH_BAO else ''}{f}"))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 1 if failed else 0
