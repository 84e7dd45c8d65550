"""The ``baocao`` command: a thin layer over the library.

Exit codes: 0 success, 1 a user error (a message, no traceback), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import BaoCaoError, BaoCaoWarning, OutputError

_EPILOG = """ví dụ:
  baocao render examples/000_bao_cao_so_xay_dung_tra_vinh
  baocao render bao-cao.md.j2 -d so-lieu.csv -d thong-tin.yaml --set so=564 -o bao-cao.docx
  baocao templates"""


def _default_output(template: Path) -> Path:
    name = template.name if template.is_dir() else template.name.split(".")[0]
    return Path.cwd() / f"{name or 'van-ban'}.docx"


def _render(args: argparse.Namespace) -> int:
    from .data import load_data, merge, parse_set
    from .template import render

    template = Path(args.template)
    inputs = [template, *(Path(d) for d in args.data)]
    output = Path(args.output) if args.output else _default_output(template)
    if any(output.resolve() == p.resolve() for p in inputs if p.exists()):
        raise OutputError(f"tệp ra {str(output)!r} trùng một tệp vào", where="-o",
                          hint="chọn tên tệp ra khác")
    data = load_data(args.data) if args.data else {}
    data = merge(data, parse_set(args.set)) if args.set else data
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BaoCaoWarning)
        doc = render(template, data, strict=args.strict)
    for w in caught:
        if issubclass(w.category, BaoCaoWarning):
            print(f"baocao: cảnh báo: {w.message}", file=sys.stderr)
    written = doc.save(output)
    print(written)
    return 0


def _templates(_args: argparse.Namespace) -> int:
    from .doctypes import LOAI_VAN_BAN
    from .template import FIELDS, builtin_folder, builtin_names

    print(f"Mẫu có sẵn ({builtin_folder()}), dùng {{% extends \"tên\" %}}:")
    for name in builtin_names():
        print(f"  {name}")
    print("\nTrường của phần đầu (YAML):")
    for key, text in FIELDS.items():
        print(f"  {key:<18} {text}")
    print("\nLoại văn bản (loai):")
    for t in LOAI_VAN_BAN.values():
        print(f"  {t.ma:<16} {t.ten:<16} {t.viet_tat or '—':<5} đánh số: {t.danh_so}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baocao", description="Văn bản hành chính theo Nghị định 30/2020/NĐ-CP, từ mẫu và dữ liệu.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"baocao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    render = sub.add_parser("render", help="điền mẫu bằng dữ liệu, ghi ra .docx",
                            description="Điền một mẫu (.md.j2) — hoặc một thư mục chứa một mẫu và các tệp dữ "
                                        "liệu của nó — bằng dữ liệu, ghi ra tệp .docx theo Nghị định 30.")
    render.add_argument("template", metavar="MẪU", help="tệp .md.j2, thư mục ví dụ, hoặc tên mẫu có sẵn")
    render.add_argument("-d", "--data", action="append", default=[], metavar="TỆP",
                        help="tệp dữ liệu YAML, JSON, CSV hoặc XLSX (nhiều lần được); gọi trong mẫu bằng tên tệp")
    render.add_argument("--set", action="append", default=[], metavar="TÊN=GIÁ_TRỊ",
                        help="đặt một giá trị (ghi đè dữ liệu), ví dụ --set so=564 --set nguoi_ky.ho_ten='Lê Minh Tân'")
    render.add_argument("-o", "--output", metavar="TỆP_RA", help="tệp .docx ra (mặc định: <tên>.docx)")
    render.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    render.set_defaults(func=_render)
    templates = sub.add_parser("templates", help="liệt kê mẫu có sẵn, các trường phần đầu và loại văn bản")
    templates.set_defaults(func=_templates)
    types = sub.add_parser("types", help="liệt kê các loại văn bản (như trong 'templates')")
    types.set_defaults(func=_templates)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except BaoCaoError as exc:
        print(f"baocao: lỗi: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # pragma: no cover - output piped into head & co.
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
