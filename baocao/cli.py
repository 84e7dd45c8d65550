"""The ``baocao`` command: a thin layer over the library.

Exit codes: 0 success, 1 a user error (a message, no traceback), 2 bad usage.
"""

from __future__ import annotations

import argparse
import functools
import gc
import math
import os
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import __version__
from .errors import BaoCaoError, BaoCaoWarning, OutputError, terminal_safe

if TYPE_CHECKING:
    from .model import VanBan

T = TypeVar("T")

_EPILOG = """ví dụ:
  baocao render examples/000_bao_cao_so_xay_dung_tra_vinh
  baocao render bao-cao.md.j2 -d so-lieu.csv -d thong-tin.yaml --set so=564 -o bao-cao.docx
  baocao render bao-cao.md.j2 --pdf                          # thêm bản PDF
  baocao render bao-cao.md.j2 --each don-vi.xlsx --by don_vi -o 'out/{don_vi}.docx'
  baocao check van-ban.docx
  baocao mau bao-cao-nam-truoc.docx -o mau-bao-cao/
  baocao templates"""


def _say(text: object) -> None:
    """A line on standard error (messages, warnings)."""
    print(terminal_safe(text), file=sys.stderr)


def _out(text: object) -> None:
    """A line on standard output (the files written)."""
    print(terminal_safe(text))


def _default_output(template: Path) -> Path:
    name = template.name if template.is_dir() else template.name.split(".")[0]
    return Path.cwd() / f"{name or 'van-ban'}.docx"


def _timeout(args: argparse.Namespace) -> float:
    """Seconds a template may run (and LibreOffice may take): --timeout, or the default."""
    from .limits import DEFAULT_TIMEOUT

    return float(args.timeout or DEFAULT_TIMEOUT)


def _max_memory(args: argparse.Namespace) -> int:
    """Bytes one render may use: --max-memory, or the default (``max_memory``); 0 is no ceiling."""
    from .limits import limit

    return limit("max_memory") if args.max_memory is None else args.max_memory


def _render(args: argparse.Namespace) -> int:
    if args.each:
        from .data import load_data, parse_set

        data = load_data(args.data) if args.data else {}
        return _render_each(args, data, parse_set(args.set) if args.set else {})
    from .files import refuse_inputs
    from .limits import TimeUp, memory_ceiling, time_limit

    template = Path(args.template)
    to_stdout = args.output == "-"
    if to_stdout:
        _check_stdout()
    output = Path(args.output) if args.output and not to_stdout else _default_output(template)
    pdf_only = output.suffix.lower() == ".pdf" and not to_stdout
    targets = [] if to_stdout else [output] + ([output.with_suffix(".pdf")] if args.pdf and not pdf_only else [])
    for target in targets:
        refuse_inputs(target, [template, *(Path(d) for d in args.data)])
    if pdf_only or args.pdf:
        from .pdf import find_soffice

        find_soffice()  # before anything is written
    timeout = _timeout(args)
    stage = ["đọc dữ liệu"]
    try:  # the whole render under one time limit and one memory ceiling: data, template, layout, writing
        with time_limit(timeout), memory_ceiling(_max_memory(args), where=str(template)):
            doc = _make(args, template, stage)
            stage[0] = "ghi tệp"
            apart = _apart(args, doc, output, to_stdout or pdf_only, [template, *(Path(d) for d in args.data)])
            if to_stdout:
                payload = _with_warnings(doc.to_bytes, strict=args.strict)
            elif not pdf_only:
                written = _with_warnings(lambda: doc.save(output), strict=args.strict)
                for path, content in apart:
                    from .files import write_atomic

                    _out(write_atomic(path, content))
    except TimeUp:
        raise BaoCaoError(f"quá {timeout:g} giây khi {stage[0]} nên bị dừng", where=str(template),
                          hint="cần lâu hơn thì đặt --timeout") from None
    if to_stdout:
        return _write_stdout(payload)
    if pdf_only:
        _out(_with_warnings(lambda: doc.to_pdf(output, timeout=timeout), strict=args.strict))
        return 0
    _out(written)
    if args.pdf:
        _out(_with_warnings(lambda: doc.to_pdf(output.with_suffix(".pdf"), timeout=timeout), strict=args.strict))
    return 0


def _apart(args: argparse.Namespace, doc: VanBan, output: Path, not_docx: bool,
           inputs: list[Path]) -> list[tuple[Path, bytes]]:
    """``--phu-luc-rieng``: each phụ lục as a file of its own beside ``output`` (Mẫu 2.2), taken out
    of the document; every file is made before any is written."""
    if not args.phu_luc_rieng:
        return []
    if not_docx:
        raise BaoCaoError("chỉ dùng khi ghi tệp .docx (không dùng với -o - hay tệp .pdf)", where="--phu-luc-rieng")
    if not doc.phu_luc:
        raise BaoCaoError("văn bản không có phụ lục để tách", where="--phu-luc-rieng")
    from .files import check_target, refuse_inputs

    out = []
    for i in range(1, len(doc.phu_luc) + 1):
        path = output.with_name(f"{output.stem}_phu_luc_{i}.docx")
        refuse_inputs(path, inputs)
        check_target(path)
        out.append((path, doc.phu_luc_bytes(i)))
    doc.phu_luc = []
    return out


def _make(args: argparse.Namespace, template: Path, stage: list[str]) -> VanBan:
    """Data loaded, merged with --set, and the template rendered (``stage`` says which)."""
    from .data import load_data, parse_set
    from .template import render

    data = load_data(args.data, lazy=True) if args.data else {}
    overrides = parse_set(args.set) if args.set else {}
    stage[0] = "điền mẫu"
    return _with_warnings(lambda: render(template, data, strict=args.strict, overrides=overrides,
                                         timeout=_timeout(args)))  # (the command's timer runs already)


def _check_stdout() -> None:
    """``-o -`` needs an open standard output (``>&-`` closes it)."""
    try:
        if sys.stdout is None:
            raise OSError("closed")
        os.fstat(sys.stdout.fileno())
    except (OSError, ValueError):
        raise OutputError("đầu ra chuẩn đã đóng: không ghi được tệp .docx ra đó", where="-o -",
                          hint="chuyển đầu ra vào tệp (-o - > van-ban.docx) hoặc dùng -o van-ban.docx") from None


def _write_stdout(payload: bytes) -> int:
    """``-o -``: the .docx bytes on standard output, unbuffered so that a failed write is reported
    here; a reader that stops early (``| head``) ends the command quietly, as ``SIGPIPE`` would."""
    view = memoryview(payload)
    try:
        while view:
            view = view[os.write(sys.stdout.fileno(), view):]
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"không ghi được ra đầu ra chuẩn: {exc.strerror or exc}", where="-o -") from None
    return 0


def _with_warnings(make: Callable[[], T], *, strict: bool = False) -> T:
    """Run ``make`` and print the warnings it gives on standard error; ``strict`` makes one an
    error before anything is written (the render applies ``--strict`` itself, with the template's
    line; laying a document out can warn too: a table of contents without page numbers)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("error" if strict else "always", BaoCaoWarning)
        try:
            result = make()
        except BaoCaoWarning as exc:
            raise BaoCaoError(f"{exc} (--strict: cảnh báo là lỗi)") from None
    for w in caught:
        if issubclass(w.category, BaoCaoWarning):
            _say(f"baocao: cảnh báo: {w.message}")
    return result


def _check_render_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.output == "-" and (args.pdf or args.each):
        parser.error("-o - (ghi ra đầu ra chuẩn) chỉ dùng cho một tệp .docx, không cùng --pdf hay --each")
    if args.output == "-" and sys.stdout is not None and sys.stdout.isatty():
        parser.error("-o - ghi tệp .docx (dữ liệu nhị phân) ra đầu ra chuẩn, mà đầu ra chuẩn đang là màn hình: "
                     "chuyển nó vào tệp hay lệnh khác (-o - > van-ban.docx) hoặc dùng -o van-ban.docx")
    if bool(args.each) != bool(args.by):
        parser.error("--each và --by đi cùng nhau: --each TỆP_BẢNG --by TÊN_CỘT")
    if args.phu_luc_rieng and (args.each or args.output == "-" or str(args.output or "").lower().endswith(".pdf")):
        parser.error("--phu-luc-rieng chỉ dùng khi ghi một tệp .docx (không cùng --each, -o - hay tệp .pdf)")
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
                             strict=args.strict, pdf=args.pdf, timeout=args.timeout,
                             max_memory=_max_memory(args))
    except BaoCaoError as exc:
        if exc.where == "output":  # the library's parameter is the command's -o
            exc.where = "-o"
        raise
    except KeyboardInterrupt as exc:
        _say("baocao: đã dừng giữa chừng; các tệp đã ghi đều trọn vẹn — chạy lại với --skip-existing "
             "để làm nốt phần còn thiếu")
        return 143 if getattr(exc, "signal", None) == signal.SIGTERM else 130
    notes: dict[str, list[str]] = {}
    for unit in result.units:
        for message in unit.warnings:
            notes.setdefault(message, []).append(unit.unit)
    for message, units in notes.items():
        shown = ", ".join(units[:3]) + (f" và {len(units) - 3} đơn vị khác" if len(units) > 3 else "")
        _say(f"baocao: cảnh báo ({shown}): {message}")
    for unit in result.failed:
        _say(f"baocao: lỗi: {unit.unit} → {unit.path}: {unit.error}")
    _say(f"baocao: {result}")
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
        first = f"  nơi nhận đầu: {t.noi_nhan_dau.replace('{last}', 'N (điều cuối)')}" if t.noi_nhan_dau else ""
        print(f"  {t.ma:<16} {t.ten:<16} {t.viet_tat or '—':<5} Mẫu {t.mau_so:<5} đánh số: {t.danh_so:<13}"
              f"{first}{extra}".rstrip())
    return 0


def _sao(args: argparse.Namespace) -> int:
    """``baocao sao``: a copy (sao y, sao lục, trích sao) of a .docx, Mẫu 3.1 or 3.2."""
    import dataclasses

    from .ban_sao import BanSao
    from .data import load_file, merge, parse_set

    fields: dict[str, object] = {}
    for path in args.thong_tin:
        content = load_file(path)
        if not isinstance(content, dict):
            raise BaoCaoError("cần các dòng 'tên: giá trị' (co_quan, viet_tat_co_quan, so, …)", where=path)
        fields = merge(fields, content)
    fields = merge(fields, parse_set(args.set))
    if args.hinh_thuc:
        fields["hinh_thuc"] = args.hinh_thuc
    if args.tu:
        fields["trich"] = [{"tu": t, "den": d} for t, d in zip(args.tu, [*args.den, *args.tu[len(args.den):]])]
    if args.dien_tu:
        fields["dien_tu"] = True
    known = [f.name for f in dataclasses.fields(BanSao) if f.name != "ban_goc"]
    for key in fields:
        if key not in known:
            import difflib

            close = difflib.get_close_matches(str(key), known, n=1)
            raise BaoCaoError(f"không có trường {key!r} cho bản sao", where="thông tin bản sao",
                              hint=f"có phải '{close[0]}'?" if close else "các trường: " + ", ".join(known))
    output = args.output or str(Path(args.ban_goc).with_name(Path(args.ban_goc).stem + "_ban_sao.docx"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BaoCaoWarning)
        copy = BanSao(args.ban_goc, **fields)  # type: ignore[arg-type]
        saved = copy.save(output)
    for message in dict.fromkeys(str(item.message) for item in caught):  # the fields are checked twice
        _say(f"baocao: cảnh báo: {message}")
    print(saved)
    return 0


def _xem(args: argparse.Namespace) -> int:
    """``baocao xem``: the live preview of a template on 127.0.0.1."""
    from .data import parse_set
    from .xem import TIMEOUT, serve

    def say(text: str) -> None:
        print(terminal_safe(text), flush=True)

    serve(args.template, data_files=args.data, overrides=parse_set(args.set) if args.set else {},
          strict=args.strict, timeout=args.timeout or TIMEOUT, port=args.port, say=say,
          max_memory=_max_memory(args))
    return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"cổng phải là số từ 0 đến 65535, nhận {text!r}")
    return port


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"cần một số giây dương, nhận {text!r}")
    return value


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; ``only``: with that command alone (what running it needs: building
    every command's options costs a few milliseconds of each run)."""
    parser = argparse.ArgumentParser(
        prog="baocao", description="Văn bản hành chính theo Nghị định 30/2020/NĐ-CP, từ mẫu và dữ liệu.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"baocao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for name, add in _COMMANDS.items():
        if only is None or name == only:
            add(sub)
    return parser


def _parser_render(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    render.add_argument("--phu-luc-rieng", action="store_true",
                        help="văn bản điện tử: mỗi phụ lục một tệp riêng <tên>_phu_luc_N.docx (Mẫu 2.2), số và "
                             "ngày ở dòng (Kèm theo …) để hệ thống ký số điền")
    render.add_argument("--pdf", action="store_true",
                        help="ghi thêm bản PDF cạnh tệp .docx (qua LibreOffice); -o x.pdf thì chỉ ghi PDF")
    render.add_argument("--timeout", type=float, default=None, metavar="GIÂY",
                        help="số giây tối đa cho một văn bản (đọc dữ liệu, điền mẫu, ghi tệp), và cho LibreOffice "
                             "chuyển nó sang PDF (mặc định 180); quá 2 giây nữa thì lệnh bị dừng hẳn")
    render.add_argument("--max-memory", type=_size, default=None, metavar="DUNG_LƯỢNG",
                        help="bộ nhớ tối đa cho một văn bản, ví dụ 2G, 512M; off: không giới hạn "
                             "(mặc định 4G)")
    batch = render.add_argument_group("mỗi đơn vị một văn bản")
    batch.add_argument("--each", metavar="TỆP_BẢNG",
                       help="bảng dữ liệu (CSV, XLSX, …) có nhiều đơn vị; -o là mẫu tên tệp, ví dụ 'out/{don_vi}.docx'")
    batch.add_argument("--by", metavar="TÊN_CỘT", help="cột chia đơn vị (mỗi giá trị một văn bản)")
    batch.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="số tiến trình chạy song song (mặc định: số lõi CPU)")
    batch.add_argument("--skip-existing", action="store_true",
                       help="bỏ qua đơn vị đã có tệp ra (làm tiếp một lượt bị ngắt)")
    render.set_defaults(func=_render, check_usage=functools.partial(_check_render_usage, render))


def _parser_templates(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    templates = sub.add_parser("templates", help="liệt kê mẫu có sẵn, các trường phần đầu và loại văn bản")
    templates.set_defaults(func=_templates)


def _parser_types(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    types = sub.add_parser("types", help="chỉ liệt kê các loại văn bản (mã, tên, chữ viết tắt, cách đánh số)")
    types.set_defaults(func=_types)


def _parser_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser(  # the Decree 30 linter (baocao.check, with lxml: imported when it runs)
        "check", help="kiểm tra thể thức .docx theo Nghị định 30",
        description="Kiểm tra thể thức tệp .docx (của baocao hay soạn tay bằng Word) theo Nghị định "
                    "30/2020/NĐ-CP: khổ giấy, lề, phông, Quốc hiệu, Tiêu ngữ, số ký hiệu, ngày tháng, tên loại, "
                    "thân văn bản, điểm a) b) …, dấu ./., Nơi nhận, số trang. Mỗi lỗi ghi kèm mã quy tắc "
                    "(--list-rules liệt kê). Mã thoát 0 khi không có lỗi, 1 khi có lỗi, 2 khi có tệp không đọc "
                    "được (thiếu, hỏng, không phải .docx) hoặc dùng lệnh sai.")
    check.add_argument("files", nargs="*", metavar="TỆP.docx", help="tệp cần kiểm tra (nhiều tệp được)")
    check.add_argument("--select", action="append", metavar="MÃ,…",
                       help="chỉ kiểm tra các quy tắc này: mã (quoc-hieu-mot-dong), tiền tố (noi-nhan*, than-van) "
                            "hoặc mục (§1); cách nhau bằng dấu phẩy")
    check.add_argument("--ignore", action="append", metavar="MÃ,…",
                       help="bỏ qua các quy tắc này (viết như --select)")
    check.add_argument("--json", action="store_true",
                       help="in kết quả dạng JSON: [{file, rule, message, where, expected, severity}, …]")
    check.add_argument("--list-rules", action="store_true",
                       help="liệt kê các quy tắc: mã, mục (§) trong docs/nd30.md, mức (lỗi, cảnh báo), nội dung")
    check.set_defaults(func=_check, check_usage=functools.partial(_check_check_usage, check))


def _parser_xem(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    xem = sub.add_parser(
        "xem", help="xem trước mẫu trong trình duyệt, tự cập nhật khi lưu tệp",
        description="Mở bản xem trước (khổ A4) của một mẫu hoặc thư mục ví dụ tại http://127.0.0.1:CỔNG/ ; "
                    "mỗi lần lưu mẫu hay tệp dữ liệu, trang tự cập nhật. Lỗi của mẫu hiện trên trang kèm tệp và "
                    "dòng, bản xem trước tốt gần nhất vẫn giữ. Ctrl-C để dừng.")
    xem.add_argument("template", metavar="MẪU", help="tệp .md.j2 hoặc thư mục ví dụ")
    xem.add_argument("-d", "--data", action="append", default=[], metavar="TỆP", help="tệp dữ liệu (nhiều lần được)")
    xem.add_argument("--set", action="append", default=[], metavar="TÊN=GIÁ_TRỊ", help="đặt một giá trị")
    xem.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    xem.add_argument("--port", type=_port, default=8000, metavar="CỔNG", help="cổng (mặc định 8000; 0: cổng trống)")
    xem.add_argument("--timeout", type=_seconds, default=None, metavar="GIÂY",
                     help="số giây tối đa cho một lần điền (mặc định 20)")
    xem.add_argument("--max-memory", type=_size, default=None, metavar="DUNG_LƯỢNG",
                     help="bộ nhớ tối đa cho một lần điền, ví dụ 2G; off: không giới hạn (mặc định 4G)")
    xem.set_defaults(func=_xem)


def _parser_sao(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sao = sub.add_parser(
        "sao", help="làm bản sao y, sao lục, trích sao của một tệp .docx (Mẫu 3.1, 3.2)",
        description="Làm bản sao của một văn bản .docx theo Nghị định 30: bản giấy (Mẫu 3.1) thêm khối bản "
                    "sao (đường kẻ, cơ quan sao, số SY/SL/TrS, địa danh ngày, Nơi nhận, chữ ký) ngay sau văn bản; "
                    "bản điện tử (Mẫu 3.2) ghi hình thức sao, cơ quan sao, thời gian ký ở góc trên bên phải trang đầu.")
    sao.add_argument("ban_goc", metavar="BẢN_GỐC.docx", help="văn bản được sao")
    sao.add_argument("-d", "--thong-tin", action="append", default=[], metavar="TỆP.yaml",
                     help="thông tin bản sao: co_quan, viet_tat_co_quan, so, dia_danh, ngay, noi_nhan, luu, "
                          "nguoi_ky, thoi_gian_ky (YAML hoặc JSON)")
    sao.add_argument("--set", action="append", default=[], metavar="TÊN=GIÁ_TRỊ",
                     help="đặt một trường, ví dụ --set so=5 --set nguoi_ky.ho_ten='Nguyễn Văn Hùng'")
    sao.add_argument("--hinh-thuc", choices=["sao_y", "sao_luc", "trich_sao"], help="hình thức sao (mặc định sao_y)")
    sao.add_argument("--tu", action="append", default=[], metavar="ĐẦU_ĐOẠN",
                     help="trích sao: phần trích bắt đầu ở đoạn mở đầu bằng chữ này (nhiều lần được)")
    sao.add_argument("--den", action="append", default=[], metavar="ĐẦU_ĐOẠN",
                     help="trích sao: phần trích đến hết đoạn (và mục) mở đầu bằng chữ này")
    sao.add_argument("--dien-tu", action="store_true", help="bản sao điện tử (Mẫu 3.2), cần thoi_gian_ky")
    sao.add_argument("-o", "--output", metavar="TỆP_RA", help="tệp .docx ra (mặc định: <bản gốc>_ban_sao.docx)")
    sao.set_defaults(func=_sao)


def _parser_mau(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mau = sub.add_parser(
        "mau", help="làm thư mục mẫu từ một văn bản .docx có sẵn (văn bản năm trước)",
        description="Đọc một văn bản .docx theo Nghị định 30 (của baocao hay gõ tay trong Word) và ghi một thư "
                    "mục mẫu: phần đầu (cơ quan, số, ký hiệu, ngày, trích yếu, Kính gửi, Nơi nhận, người ký), "
                    "thân bài Markdown với các cấp đề mục lấy từ số I. / 1. / a), mỗi bảng một tệp CSV dùng qua "
                    "table(), mỗi ảnh một tệp. Chỗ không chuyển được giữ thành chữ và được báo ra.")
    mau.add_argument("van_ban", metavar="VĂN_BẢN.docx", help="văn bản có sẵn")
    mau.add_argument("-o", "--output", metavar="THƯ_MỤC",
                     help="thư mục mẫu ghi ra, chưa có hoặc trống (mặc định: <tên văn bản>_mau)")
    mau.set_defaults(func=_mau)


#: Each command and what adds its parser, in the order ``baocao --help`` lists them.
_COMMANDS = {"render": _parser_render, "templates": _parser_templates, "types": _parser_types,
             "check": _parser_check, "xem": _parser_xem, "sao": _parser_sao, "mau": _parser_mau}


def _mau(args: argparse.Namespace) -> int:
    """``baocao mau``: a template folder from a .docx."""
    from .mau import mau_tu_docx

    source = Path(args.van_ban)
    folder = Path(args.output) if args.output else source.with_name(source.stem + "_mau")
    done = mau_tu_docx(source, folder)
    for note in done.ghi_chu:
        _say(f"baocao: chú ý: {note}")
    for path in done.tep:
        _out(path)
    if done.loi is not None:
        _say(f"baocao: lỗi: {done.loi}")
        return 1
    if done.khop is not None:
        from .formatting import so

        _say(f"baocao: điền lại thư mục mẫu: {so(done.khop * 100, 1)}% số chữ của văn bản trở lại đúng thứ tự")
    return 0


def _size(text: str) -> int:
    from .limits import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _check(args: argparse.Namespace) -> int:
    from .check.command import run

    return run(args)


def _check_check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    from .check.command import usage

    usage(parser, args)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | None:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words[0] if words and words[0] in _COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return None
    if getattr(args, "check_usage", None):
        args.check_usage(args)  # exits with 2 on bad usage
    return args


def _run(args: argparse.Namespace) -> int:
    """The command's work; every way it can end is an exit code with, at most, one message."""
    try:
        return int(args.func(args))
    except BaoCaoError as exc:
        _say(f"baocao: lỗi: {exc}")
        return 1
    except KeyboardInterrupt as exc:
        terminated = getattr(exc, "signal", None) == signal.SIGTERM
        _say("baocao: đã dừng (SIGTERM)" if terminated else "baocao: đã dừng (Ctrl-C)")
        return 143 if terminated else 130
    except BrokenPipeError:  # the reader stopped early (| head): quiet, as SIGPIPE would be
        _quiet_stdout()
        return 141


def _quiet_stdout() -> None:
    """After a broken pipe, nothing more goes to standard output (Python's flush at exit would
    complain about it)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout already gone
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """The command, run in this process (as programs and tests call it)."""
    args = _parse(argv)
    return 2 if args is None else _run(args)


def command(argv: Sequence[str] | None = None) -> int:
    """The command as installed (``baocao``, ``python -m baocao``): :func:`main` with SIGTERM as
    an interruption, and a single render under the watchdog of :mod:`baocao.supervisor`, which
    stops it however it is stuck once it passes ``--timeout`` + 2 s."""
    from .supervisor import raise_terminated, run_supervised

    args = _parse(argv)
    if args is None:
        return 2
    signal.signal(signal.SIGTERM, raise_terminated)
    if args.func is not _render or args.each:  # batches have their own watchdog per unit
        gc.enable()
        return _run(args)
    seconds = _timeout(args) * (2 if args.pdf or str(args.output or "").lower().endswith(".pdf") else 1)
    folder = Path(args.output).parent if args.output and args.output != "-" else Path.cwd()

    def work() -> int:
        _started()
        return _run(args)

    try:
        code = run_supervised(work, seconds=seconds, folders=[folder], what=f"baocao render {args.template}")
    except BaoCaoError as exc:
        _say(f"baocao: lỗi: {exc}")
        return 1
    _WAITED.append(code)
    return code


#: Set when this process only waited for the child that did the work (see :func:`entry`).
_WAITED: list[int] = []


def _started() -> None:
    """The end of a render's start-up: the modules it runs imported, the objects they made kept
    out of the garbage collector's way (``gc.freeze``: they live as long as the process), and the
    collector, which :func:`entry` turned off for the start-up, turned back on."""
    if gc.isenabled():
        return
    from .template import rendering  # noqa: F401 - imported now, with the collector off
    from .writers import docx  # noqa: F401

    gc.freeze()
    gc.enable()


def entry() -> None:
    """The console script. Python's garbage collector is off while the command starts up (it
    would go over the objects of every module imported, again and again, to find no garbage:
    milliseconds of each run), until the command's work begins. When the work ran in a child (a
    single render), this process only parsed the command line and waited: it leaves without
    Python's teardown, which collects every object of the modules it imported."""
    gc.disable()
    code = command(sys.argv[1:])
    if _WAITED:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - closed, broken or None (no stream at all): nothing to keep
                pass
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
