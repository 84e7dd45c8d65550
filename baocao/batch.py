"""Batch rendering: one document per unit (đơn vị) from one template and one table.

A province renders the same report for each of its units: the rows of a table (CSV, Excel,
JSON/YAML list, DataFrame) are grouped by a column (``by="don_vi"``) and the template is
rendered once per group, in parallel worker processes::

    from baocao.batch import render_many

    ket_qua = render_many("bao_cao.md.j2", "so_lieu.xlsx", by="don_vi", output="out/{don_vi}.docx")
    print(ket_qua)                     # 212 văn bản đã ghi, 0 lỗi
    for loi in ket_qua.failed:
        print(loi.unit, loi.error)

In the template of each unit:

- the grouping column's name holds the unit's key (``{{ don_vi }}``);
- the table's name (its file name, as for any data file, or ``name=``) holds only the unit's
  rows, as a DataFrame;
- when a unit has exactly one row, each of its columns is also a variable (mail merge).

Everything that can be checked before rendering is checked first and raised as a
:class:`~baocao.BaoCaoError` (no column ``by``, blank keys, two units writing the same file,
an output over an input, an unknown name in the output pattern). After that, a unit that
fails does not stop the others: its error is in the result and the others are written.
Each file is written atomically, so an interrupted batch leaves whole files only, and
``skip_existing=True`` (``--skip-existing``) completes just what is missing.
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import multiprocessing
import os
import string
import sys
import unicodedata
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BaoCaoError, BaoCaoWarning, DataError, OutputError
from .files import refuse_inputs
from .pdf import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BatchResult", "UnitResult", "render_many"]

_UNSAFE = set('/\\:*?"<>|')
_MAX_NAME = 120  # characters of one path component made from data


@dataclass(frozen=True)
class UnitResult:
    """What happened to one unit: written to ``path``, skipped (already there), or ``error``."""

    unit: str
    path: Path
    error: str | None = None
    skipped: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BatchResult:
    """The outcome of :func:`render_many`, one :class:`UnitResult` per unit in table order."""

    units: tuple[UnitResult, ...] = field(default_factory=tuple)

    @property
    def written(self) -> list[UnitResult]:
        return [u for u in self.units if u.ok and not u.skipped]

    @property
    def skipped(self) -> list[UnitResult]:
        return [u for u in self.units if u.skipped]

    @property
    def failed(self) -> list[UnitResult]:
        return [u for u in self.units if not u.ok]

    @property
    def ok(self) -> bool:
        """True when no unit failed."""
        return not self.failed

    def __str__(self) -> str:
        text = f"{len(self.written)} văn bản đã ghi, {len(self.failed)} lỗi"
        return text + (f", {len(self.skipped)} đã có (bỏ qua)" if self.skipped else "")


# ------------------------------------------------------------------------------ the job


@dataclass
class _Job:
    """Everything a worker needs, sent once to each worker process."""

    template: Path
    common: dict[str, Any]
    overrides: dict[str, Any]
    name: str
    by: str
    strict: bool
    timeout: float | None
    soffice: str | None
    pdf: bool = False


_JOB: _Job | None = None  # set in each worker by _init


def _init(job: _Job) -> None:
    global _JOB
    _JOB = job
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _python(value: Any) -> Any:
    """A cell as a plain Python value: numpy scalars unwrapped, NaN/NaT → None."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if type(value).__name__ == "Timestamp":
        return value.to_pydatetime()
    return value


def _render_unit(job: _Job, index: int, key: str, rows: pd.DataFrame, output: str) -> UnitResult:
    """Render and write one unit; every failure becomes the result's ``error``."""
    from .data import SOURCE, merge
    from .template import render

    path = Path(output)
    caught: list[warnings.WarningMessage] = []
    try:
        variables = dict(job.common)
        rows = rows.reset_index(drop=True)
        rows.attrs.pop(SOURCE, None)  # its row numbers are no longer the file's lines
        if len(rows) == 1:  # mail merge: a one-row unit's columns are variables too
            variables.update({str(c): _python(v) for c, v in rows.iloc[0].items()})
        variables[job.name] = rows
        variables[job.by] = _python(rows[job.by].iloc[0]) if len(rows) else key
        if job.overrides:
            variables = merge(variables, job.overrides)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", BaoCaoWarning)
            doc = render(job.template, variables, strict=job.strict, timeout=job.timeout or DEFAULT_TIMEOUT)
        if path.suffix.lower() == ".pdf":
            doc.to_pdf(path, timeout=job.timeout, soffice=job.soffice)
        else:
            doc.save(path)
            if job.pdf:
                doc.to_pdf(path.with_suffix(".pdf"), timeout=job.timeout, soffice=job.soffice)
    except BaoCaoError as exc:
        return UnitResult(key, path, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one unit's bug must not stop the batch
        return UnitResult(key, path, error=f"lỗi không mong đợi: {type(exc).__name__}: {exc}")
    notes = tuple(str(w.message) for w in caught if issubclass(w.category, BaoCaoWarning))
    return UnitResult(key, path, warnings=notes)


def _worker(index: int, key: str, rows: pd.DataFrame, output: str) -> tuple[int, UnitResult]:
    assert _JOB is not None, "worker not initialised"
    return index, _render_unit(_JOB, index, key, rows, output)


# ------------------------------------------------------------------------------ planning


def _table(each: Any, name: str | None) -> tuple[pd.DataFrame, str, list[Path]]:
    """The table to split, the variable name for a unit's rows, and the input files."""
    import pandas as pd

    from .data import data_name, load_data

    if isinstance(each, (str, os.PathLike)):
        path = Path(each)
        loaded = load_data([path])
        (stem, value), = loaded.items()
        if isinstance(value, dict) and value and all(isinstance(v, pd.DataFrame) for v in value.values()):
            raise DataError(f"tệp {str(path)!r} có nhiều trang tính: {', '.join(value)}", where=str(path),
                            hint="để bảng đơn vị ở một trang tính duy nhất, hoặc lưu nó thành CSV")
        table = _as_frame(value, str(path))
        return table, name or stem, [path]
    return _as_frame(each, "each"), name or data_name("du_lieu"), []


def _as_frame(value: Any, where: str) -> pd.DataFrame:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return value
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)) \
            and all(isinstance(r, Mapping) for r in value):
        return pd.DataFrame(list(value))
    raise DataError(f"cần một bảng (DataFrame, tệp CSV/XLSX, hoặc danh sách các dòng), nhận {type(value).__name__}",
                    where=where)


def _safe_part(value: Any) -> str:
    """A value as part of a file name: no folder separators or characters Windows refuses."""
    text = unicodedata.normalize("NFC", str(_python(value) if value is not None else ""))
    text = "".join("_" if (ch in _UNSAFE or unicodedata.category(ch)[0] == "C") else ch for ch in text)
    text = text.strip().strip(".").strip()
    return (text or "_")[:_MAX_NAME]


def _fields(pattern: str) -> list[str]:
    try:
        return [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise OutputError(f"mẫu tên tệp ra {pattern!r} không hợp lệ: {exc}", where="output",
                          hint="viết tên cột trong ngoặc nhọn, ví dụ 'out/{don_vi}.docx'") from None


def _plan(table: pd.DataFrame, by: str, pattern: str, where: str) -> list[tuple[str, Any, str]]:
    """(key, row positions, output path) for every unit, in order of first appearance."""
    import numpy as np

    if table.empty:
        raise DataError("bảng đơn vị không có dòng nào", where=where)
    if by not in table.columns:
        import difflib

        close = difflib.get_close_matches(by, [str(c) for c in table.columns], n=1)
        raise DataError(f"không có cột {by!r} để chia đơn vị", where=where,
                        hint=(f"ý bạn là {close[0]!r}? " if close else "")
                        + "các cột: " + ", ".join(str(c) for c in table.columns))
    keys = table[by]
    blank = keys.isna() | (keys.astype(str).str.strip() == "")
    if blank.any():
        rows = [str(i + 2) for i in np.flatnonzero(blank.to_numpy())[:10]]
        raise DataError(f"cột {by!r} để trống ở dòng {', '.join(rows)}" + (" …" if blank.sum() > 10 else ""),
                        where=where, hint="mỗi dòng cần tên đơn vị (dòng tính cả dòng tiêu đề)")
    names = _fields(pattern)
    known = {str(c) for c in table.columns} | {"stt"}
    unknown = [f for f in names if f.split(".")[0].split("[")[0] not in known]
    if unknown or not names:
        raise OutputError(f"mẫu tên tệp ra {pattern!r} " + (f"có tên không biết: {', '.join(unknown)}" if unknown
                                                            else "không có {tên cột}: mọi đơn vị sẽ ghi cùng một tệp"),
                          where="output", hint=f"dùng {{{by}}}, {{stt}} hoặc tên một cột: "
                                               + ", ".join(str(c) for c in table.columns))
    groups = table.groupby(by, sort=False, dropna=False).indices
    plan: list[tuple[str, Any, str]] = []
    seen: dict[str, str] = {}
    columns = [str(c) for c in table.columns]
    for number, (key, positions) in enumerate(groups.items(), 1):
        first = table.iloc[int(positions[0])]
        values: dict[str, Any] = {c: _safe_part(first.iloc[i]) for i, c in enumerate(columns) if c in names}
        values["stt"] = number
        try:
            output = pattern.format_map(values)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise OutputError(f"không lập được tên tệp từ {pattern!r}: {exc}", where="output") from None
        unit = str(_python(key))
        norm = os.path.normcase(os.path.abspath(output))
        if norm in seen:
            raise OutputError(f"hai đơn vị {seen[norm]!r} và {unit!r} cùng ghi vào {output!r}", where="output",
                              hint="thêm {stt} hoặc một cột khác vào mẫu tên tệp ra")
        seen[norm] = unit
        plan.append((unit, positions, output))
    return plan


# ------------------------------------------------------------------------------ running


def _progress(total: int, enabled: bool | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit=" văn bản", desc="baocao", disable=None if enabled is None else not enabled,
                file=sys.stderr, dynamic_ncols=True)


def _context() -> multiprocessing.context.BaseContext:
    """fork on Linux: workers start at once with everything imported, and a user's script
    needs no ``if __name__ == "__main__":`` guard; spawn elsewhere."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")  # pragma: no cover - macOS, Windows


def render_many(template: str | os.PathLike[str], each: Any, *, by: str, output: str,
                data: Mapping[str, Any] | None = None, name: str | None = None,
                overrides: Mapping[str, Any] | None = None, workers: int | None = None,
                progress: bool | None = None, skip_existing: bool = False, strict: bool = False,
                pdf: bool = False, timeout: float | None = None, soffice: str | None = None) -> BatchResult:
    """Render ``template`` once per unit of ``each`` (rows grouped by the column ``by``).

    ``output`` names each file: a pattern with ``{by}``, ``{stt}`` (the unit's number,
    e.g. ``{stt:03d}``) or any column (the unit's first row); ``.docx`` or ``.pdf``;
    missing folders are created. ``data`` holds variables shared by every unit;
    ``overrides`` (like ``--set``) win over everything. ``workers`` processes run at once
    (default: one per core; 1 runs in this process). ``progress``: show a progress bar
    (default: when standard error is a terminal). ``skip_existing``: leave files that are
    already there (to finish an interrupted batch). ``pdf``: a PDF beside each .docx
    (through LibreOffice; ``soffice`` as in :func:`baocao.pdf.docx_to_pdf`). ``timeout``:
    seconds a unit's template may run, and LibreOffice may take (default 180); a unit past
    it fails, the others go on.
    """
    from .template import _resolve

    template_path, folder_data = _resolve(template)
    assert template_path is not None
    table, var_name, each_files = _table(each, name)
    where = str(each_files[0]) if each_files else "each"
    plan = _plan(table, by, output, where)

    inputs = [template_path, *each_files]
    if Path(template).is_dir():
        inputs.extend(p for p in Path(template).iterdir() if p.is_file())
    folders: set[Path] = set()
    for _, _, out in plan:
        out_path = Path(out)
        if out_path.suffix.lower() not in (".docx", ".pdf"):
            raise OutputError(f"tệp ra phải có đuôi .docx hoặc .pdf: {out!r}", where="output")
        refuse_inputs(out_path, inputs, where="output")
        if pdf:
            refuse_inputs(out_path.with_suffix(".pdf"), inputs, where="output")
        folders.add(out_path.parent)
    if pdf or any(Path(out).suffix.lower() == ".pdf" for _, _, out in plan):
        from .pdf import find_soffice

        soffice = find_soffice(soffice)  # missing LibreOffice: say so before anything is written
    created = {p for folder in folders for p in (folder, *folder.parents) if not p.exists()}
    for folder in sorted(folders):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"không tạo được thư mục {str(folder)!r}: {exc.strerror or exc}", where="output") \
                from None

    try:
        job = _Job(template=template_path, common={**folder_data, **(data or {})}, overrides=dict(overrides or {}),
                   name=var_name, by=by, strict=strict, timeout=timeout, soffice=soffice, pdf=pdf)
        results: list[UnitResult | None] = [None] * len(plan)
        todo: list[int] = []
        for i, (unit, _, out) in enumerate(plan):
            if skip_existing and Path(out).is_file() and (not pdf or Path(out).with_suffix(".pdf").is_file()):
                results[i] = UnitResult(unit, Path(out), skipped=True)
            else:
                todo.append(i)

        count = min(workers or os.cpu_count() or 1, len(todo)) if todo else 0
        if count <= 1:
            with _progress(len(plan), progress) as bar:
                bar.update(len(plan) - len(todo))
                for i in todo:
                    unit, positions, out = plan[i]
                    results[i] = _render_unit(job, i, unit, table.take(positions), out)
                    bar.update(1)
        else:
            with cf.ProcessPoolExecutor(max_workers=count, mp_context=_context(), initializer=_init,
                                        initargs=(job,)) as pool:
                pool.submit(os.getpid).result()  # workers start (fork) before the progress bar's thread
                with _progress(len(plan), progress) as bar:
                    bar.update(len(plan) - len(todo))
                    for i, result in _parallel(pool, table, plan, todo, count):
                        results[i] = result
                        bar.update(1)
        return BatchResult(tuple(r for r in results if r is not None))
    finally:  # folders made for files that were not written (every unit failed) go again
        for folder in sorted(created, key=lambda p: len(p.parts), reverse=True):
            try:
                folder.rmdir()
            except OSError:
                pass


def _parallel(pool: cf.ProcessPoolExecutor, table: pd.DataFrame, plan: list[tuple[str, Any, str]], todo: list[int],
              count: int) -> Iterator[tuple[int, UnitResult]]:
    """Results as workers finish them; at most a few units in flight per worker, so memory
    stays flat however many units there are."""
    pending = iter(todo)
    running: dict[cf.Future[tuple[int, UnitResult]], int] = {}
    broken: list[int] = []  # units that could not be sent: the pool is broken

    def submit() -> bool:
        i = next(pending, None)
        if i is None:
            return False
        unit, positions, out = plan[i]
        try:
            running[pool.submit(_worker, i, unit, table.take(positions), out)] = i
        except cf.process.BrokenProcessPool:
            broken.append(i)
        return True

    try:
        for _ in range(count * 4):
            if not submit():
                break
        while running:
            done, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in done:
                i = running.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - a worker died (killed, out of memory)
                    unit, _, out = plan[i]
                    yield i, UnitResult(unit, Path(out), error=f"tiến trình con dừng bất thường: {exc}")
                submit()
        broken.extend(pending)
        for i in broken:
            unit, _, out = plan[i]
            yield i, UnitResult(unit, Path(out), error="không chạy được: một tiến trình con đã dừng bất thường")
    except BaseException:
        for future in running:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
