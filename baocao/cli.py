"""The ``baocao`` command: a thin layer over the library.

Exit codes: 0 success, 1 a user error (a message, no traceback), 2 bad usage.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import BaoCaoError, BaoCaoWarning, OutputError

if TYPE_CHECKING:
    from .model import VanBan

_EPILOG = """ví dụ:
  baocao render examples/000_bao_cao_so_xay_dung_tra_vinh
  baocao render bao-cao.md.j2 -d so-lieu.csv -d thong-tin.yaml --set so=564 -o bao-cao.docx
  baocao render bao-cao.md.j2 --pdf                          # thêm bản PDF
  baocao render bao-cao.md.j2 --each don-vi.xlsx --by don_vi -o 'out/{don_vi}.docx'
  baocao check van-ban.docx
  baocao templates"""


def _default_output(template: Path) -> Path:
    name = template.name if template.is_dir() else template.name.split(".")[0]
    return Path.cwd() / f"{name or 'van-ban'}.docx"


def _timeout(args: argparse.Namespace) -> float:
    """Seconds a template may run (and LibreOffice may take): --timeout, or the default."""
    from .pdf import DEFAULT_TIMEOUT

    return float(args.timeout or DEFAULT_TIMEOUT)


def _render(args: argparse.Namespace) -> int:
    from .data import load_data, merge, parse_set

    data = load_data(args.data) if args.data else {}
    overrides = parse_set(args.set) if args.set else {}
    if args.each:
        return _render_each(args, data, overrides)
    from .files import refuse_inputs
    from .template import render

    template = Path(args.template)
    if args.output == "-":
        return _render_to_stdout(args, template, merge(data, overrides))
    output = Path(args.output) if args.output else _default_output(template)
    pdf_only = output.suffix.lower() == ".pdf"
    targets = [output] + ([output.with_suffix(".pdf")] if args.pdf and not pdf_only else [])
    for target in targets:
        refuse_inputs(target, [template, *(Path(d) for d in args.data)])
    if pdf_only or args.pdf:
        from .pdf import find_soffice

        find_soffice()  # before anything is written
    doc = _with_warnings(lambda: render(template, merge(data, overrides), strict=args.strict,
                                       timeout=_timeout(args)))
    if pdf_only:
        print(doc.to_pdf(output, timeout=args.timeout))
        return 0
    print(doc.save(output))
    if args.pdf:
        print(doc.to_pdf(output.with_suffix(".pdf"), timeout=args.timeout))
    return 0


def _render_to_stdout(args: argparse.Namespace, template: Path, data: dict[str, object]) -> int:
    """``-o -``: the .docx bytes on standard output (for pipes), written unbuffered so that
    a failed write is reported here and nothing is left in a buffer."""
    from .template import render

    doc = _with_warnings(lambda: render(template, data, strict=args.strict, timeout=_timeout(args)))
    payload = memoryview(doc.to_bytes())
    try:
        while payload:
            payload = payload[os.write(sys.stdout.fileno(), payload):]
    except OSError as exc:
        raise OutputError(f"không ghi được ra đầu ra chuẩn: {exc.strerror or exc}", where="-o -") from None
    return 0


def _with_warnings(make: Callable[[], VanBan]) -> VanBan:
    """Run ``make`` and print the warnings it gives on standard error."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BaoCaoWarning)
        doc = make()
    for w in caught:
        if issubclass(w.category, BaoCaoWarning):
            print(f"baocao: cảnh báo: {w.message}", file=sys.stderr)
    return doc


def _check_render_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.output == "-" and (args.pdf or args.each):
        parser.error("-o - (ghi ra đầu ra chuẩn) chỉ dùng cho một tệp .docx, không cùng --pdf hay --each")
    if args.output == "-" and sys.stdout.isatty():
        parser.error("-o - ghi tệp .docx (dữ liệu nhị phân) ra đầu ra chuẩn, mà đầu ra chuẩn đang là màn hình: "
                     "chuyển nó vào tệp hay lệnh khác (-o - > van-ban.docx) hoặc dùng -o van-ban.docx")
    if bool(args.each) != bool(args.by):
        parser.error("--each và --by đi cùng nhau: --each TỆP_BẢNG --by TÊN_CỘT")
    if args.jobs is not None and args.jobs < 1:
        parser.error("-j/--jobs cần một số nguyên dương")
    if args.timeout is not None and not 0 < args.timeout < float("inf"):  # also nan
        parser.error("--timeout cần một số giây dương")


def _render_each(args: argparse.Namespace, data: dict[str, object], overrides: dict[str, object]) -> int:
    """One document per unit: ``--each TABLE --by COLUMN -o PATTERN``."""
    from .batch import render_many

    template = Path(args.template)
    pattern = args.output or f"{_default_output(template).stem}-{{{args.by}}}.docx"
    try:
        result = render_many(template, args.each, by=args.by, output=pattern, data=data, overrides=overrides,
                             workers=args.jobs, progress=None, skip_existing=args.skip_existing,
                             strict=args.strict, pdf=args.pdf, timeout=args.timeout)
    except BaoCaoError as exc:
        if exc.where == "output":  # the library's parameter is the command's -o
            exc.where = "-o"
        raise
    except KeyboardInterrupt:
        print("baocao: đã dừng giữa chừng; các tệp đã ghi đều trọn vẹn — chạy lại với --skip-existing "
              "để làm nốt phần còn thiếu", file=sys.stderr)
        return 130
    notes: dict[str, list[str]] = {}
    for unit in result.units:
        for message in unit.warnings:
            notes.setdefault(message, []).append(unit.unit)
    for message, units in notes.items():
        shown = ", ".join(units[:3]) + (f" và {len(units) - 3} đơn vị khác" if len(units) > 3 else "")
        print(f"baocao: cảnh báo ({shown}): {message}", file=sys.stderr)
    for unit in result.failed:
        print(f"baocao: lỗi: {unit.unit} → {unit.path}: {unit.error}", file=sys.stderr)
    print(f"baocao: {result}", file=sys.stderr)
    return 0 if result.ok else 1


def _templates(_args: argparse.Namespace) -> int:
    """``baocao templates``: the built-in templates, the front-matter fields, the document types."""
    from .template import FIELDS, builtin_folder, builtin_names

    print(f"Mẫu có sẵn ({builtin_folder()}), dùng {{% extends \"tên\" %}}:")
    for name in builtin_names():
        print(f"  {name}")
    print("\nTrường của phần đầu (YAML):")
    for key, text in FIELDS.items():
        print(f"  {key:<18} {text}")
    print()
    return _types(_args)


def _types(_args: argparse.Namespace) -> int:
    """``baocao types``: the document types only (code, name, abbreviation, numbering, Nơi nhận)."""
    from .doctypes import LOAI_VAN_BAN

    print("Loại văn bản (loai):")
    for t in LOAI_VAN_BAN.values():
        extra = "" if t.co_ten_loai else "  (không có dòng tên loại: trích yếu là dòng V/v)"
        first = f"  nơi nhận đầu: {t.noi_nhan_dau}" if t.noi_nhan_dau else ""
        print(f"  {t.ma:<16} {t.ten:<16} {t.viet_tat or '—':<5} đánh số: {t.danh_so:<13}{first}{extra}".rstrip())
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
    render.add_argument("-o", "--output", metavar="TỆP_RA",
                        help="tệp .docx ra (mặc định: <tên>.docx); .pdf: chỉ ghi PDF; -: ghi .docx ra đầu ra chuẩn")
    render.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    render.add_argument("--pdf", action="store_true",
                        help="ghi thêm bản PDF cạnh tệp .docx (qua LibreOffice); -o x.pdf thì chỉ ghi PDF")
    render.add_argument("--timeout", type=float, default=None, metavar="GIÂY",
                        help="số giây tối đa cho mẫu chạy, và cho LibreOffice chuyển một văn bản sang PDF "
                             "(mặc định 180)")
    batch = render.add_argument_group("mỗi đơn vị một văn bản")
    batch.add_argument("--each", metavar="TỆP_BẢNG",
                       help="bảng dữ liệu (CSV, XLSX, …) có nhiều đơn vị; -o là mẫu tên tệp, ví dụ 'out/{don_vi}.docx'")
    batch.add_argument("--by", metavar="TÊN_CỘT", help="cột chia đơn vị (mỗi giá trị một văn bản)")
    batch.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="số tiến trình chạy song song (mặc định: số lõi CPU)")
    batch.add_argument("--skip-existing", action="store_true",
                       help="bỏ qua đơn vị đã có tệp ra (làm tiếp một lượt bị ngắt)")
    render.set_defaults(func=_render, check_usage=functools.partial(_check_render_usage, render))
    templates = sub.add_parser("templates", help="liệt kê mẫu có sẵn, các trường phần đầu và loại văn bản")
    templates.set_defaults(func=_templates)
    types = sub.add_parser("types", help="chỉ liệt kê các loại văn bản (mã, tên, chữ viết tắt, cách đánh số)")
    types.set_defaults(func=_types)
    check = sub.add_parser(  # the Decree 30 linter (baocao.check, with lxml: imported when it runs)
        "check", help="kiểm tra thể thức .docx theo Nghị định 30",
        description="Kiểm tra thể thức tệp .docx (của baocao hay soạn tay bằng Word) theo Nghị định "
                    "30/2020/NĐ-CP: khổ giấy, lề, phông, Quốc hiệu, Tiêu ngữ, số ký hiệu, ngày tháng, tên loại, "
                    "thân văn bản, điểm a) b) …, dấu ./., Nơi nhận, số trang. Mã thoát 0 khi không có lỗi, 1 khi "
                    "có lỗi hoặc tệp không đọc được.")
    check.add_argument("files", nargs="+", metavar="TỆP.docx", help="tệp cần kiểm tra (nhiều tệp được)")
    check.add_argument("--json", action="store_true",
                       help="in kết quả dạng JSON: [{file, rule, message, where, expected, severity}, …]")
    check.set_defaults(func=_check)
    return parser


def _check(args: argparse.Namespace) -> int:
    from .check import run

    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    if getattr(args, "check_usage", None):
        args.check_usage(args)  # exits with 2 on bad usage
    try:
        return int(args.func(args))
    except BaoCaoError as exc:
        print(f"baocao: lỗi: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # pragma: no cover - output piped into head & co.
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
