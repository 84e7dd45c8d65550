"""The ``baocao`` command: a thin layer over the library.

Exit codes: 0 success, 1 a user error (a message, no traceback), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .errors import BaoCaoError


def _types(_args: argparse.Namespace) -> int:
    from .doctypes import LOAI_VAN_BAN

    for t in LOAI_VAN_BAN.values():
        print(f"{t.ma:<16} {t.ten:<16} {t.viet_tat or '—':<5} đánh số: {t.danh_so}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baocao", description="Văn bản hành chính theo Nghị định 30/2020/NĐ-CP, từ dữ liệu.")
    parser.add_argument("--version", action="version", version=f"baocao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    types = sub.add_parser("types", help="liệt kê các loại văn bản, chữ viết tắt và cách đánh số")
    types.set_defaults(func=_types)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except BaoCaoError as exc:
        print(f"baocao: lỗi: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
