"""The command line of the linter: ``baocao check FILE… [--select ID,…] [--ignore ID,…] [--json]
[--list-rules]``, its text and JSON output and its exit codes (0: no finding, 1: findings, 2: a
file could not be read)."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import BaoCaoError, terminal_safe
from . import check
from .registry import CANH_BAO, LOI, selected

#: What the command reports, as a rule id, for a file it cannot read (missing, not a .docx,
#: broken): not a rule of the registry — :func:`~baocao.check.check` raises instead.
UNREADABLE = "tep-docx"
#: Exit codes: every file passes; something is found; a file cannot be read (which outweighs
#: findings in the other files).
PASSED, FOUND, UNREADABLE_FILE = 0, 1, 2


def usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Bad usage ends with exit code 2 and the usage line: no file (without --list-rules), or
    a --select/--ignore name that matches no rule."""
    if not args.files and not args.list_rules:
        parser.error("cần ít nhất một TỆP.docx (hoặc --list-rules)")
    try:
        selected(args.select, args.ignore)
    except BaoCaoError as exc:
        parser.error(str(exc))


def list_rules(args: argparse.Namespace) -> int:
    """``--list-rules``: id, §, severity and text of each rule (those --select/--ignore leave)."""
    rules = selected(args.select, args.ignore)
    if args.json:
        print(json.dumps([{"rule": r.id, "section": r.section, "severity": r.severity, "text": r.text}
                          for r in rules], ensure_ascii=False, indent=2))
        return PASSED
    width = max((len(r.id) for r in rules), default=0)
    for r in rules:
        print(f"{r.id:<{width}}  {r.section:<6}  {r.severity:<8}  {r.text}")
    return PASSED


def run(args: argparse.Namespace) -> int:
    """Handler of ``baocao check``: 0 when every file passes, 1 when something is found, 2 when a
    file cannot be read (the others are still checked)."""
    if args.list_rules:
        return list_rules(args)
    rows: list[dict[str, str]] = []
    found = unreadable = False
    for name in args.files:
        try:
            findings = check(name, select=args.select, ignore=args.ignore)
        except BaoCaoError as exc:
            unreadable = True
            if args.json:
                rows.append({"file": name, "rule": UNREADABLE, "message": exc.message, "where": "tệp",
                             "expected": "một tệp .docx đọc được", "severity": LOI})
            else:
                print(terminal_safe(f"baocao: lỗi: {exc}"), file=sys.stderr)
            continue
        found = found or bool(findings)
        if args.json:
            rows += [{"file": name, "rule": f.rule, "message": f.message, "where": f.where,
                      "expected": f.expected, "severity": f.severity} for f in findings]
            continue
        errors = sum(f.severity == LOI for f in findings)
        warnings = len(findings) - errors
        print(terminal_safe(f"{name}: {errors} lỗi" + (f", {warnings} cảnh báo" if warnings else "")))
        for f in findings:  # excerpts of the document's text: escape what a terminal would act on
            print(terminal_safe(f"  [{f.rule}] {'[cảnh báo] ' if f.severity == CANH_BAO else ''}{f}"))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    return UNREADABLE_FILE if unreadable else FOUND if found else PASSED
