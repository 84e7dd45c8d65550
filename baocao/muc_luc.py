"""The page numbers of a table of contents (``muc_luc``), as LibreOffice lays the document out.

The .docx writer puts MỤC LỤC on a last page of its own: a TOC field whose entries link to
bookmarks on the headings (and the appendices' titles). Their page numbers need the layout of
the pages, which only a word processor knows: the document is converted to PDF once by
LibreOffice (:mod:`baocao.pdf`) with its bookmarks as named destinations, ``pdfinfo -dests``
(poppler-utils) says the page of each, and the document is written again with the numbers —
printed page numbers, which start at 1 again on the first page of each phụ lục. The table of
contents stands after everything, so its own length moves no heading to another page; and a
bookmark is where the heading is, whatever words the text around it repeats.

Without LibreOffice (7.4 or later) or ``pdfinfo`` the entries are written without numbers and the
file asks Word to update its fields when it is opened (Word then fills them); a warning says so.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BaoCaoWarning, OutputError

if TYPE_CHECKING:
    from .layout import Layout
    from .model import VanBan
    from .writers.common import TocEntry

__all__ = ["printed_pages", "with_page_numbers"]

#: The folder a layout is measured in starts with this and the process id (a batch worker killed
#: meanwhile leaves it: :func:`baocao.pdf.end_leftovers` removes it).
LEFTOVER_PREFIX = "baocao-muc-luc-"
_NO_PAGES = ("mục lục chưa có số trang: {why}; Word điền số trang khi mở tệp (chọn Yes khi được hỏi cập nhật "
             "trường), hoặc cài LibreOffice (7.4 trở lên) và poppler-utils rồi điền lại")
#: A line of ``pdfinfo -dests``: the page, the destination, the name ("_" written "5F" by LibreOffice).
_DEST = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"(?:_|5F)Toc(\d+)"\s*$')


def printed_pages(entries: list[TocEntry], pdf_pages: dict[int, int]) -> list[int | None]:
    """The printed page number of each entry, from the PDF page of its bookmark (by entry number):
    a phụ lục's title (``restart``) starts the numbering again at 1.

    >>> from baocao.writers.common import TocEntry
    >>> found = {1: 1, 2: 3, 3: 4, 4: 5}
    >>> printed_pages([TocEntry(1, "I. Mở đầu", 1), TocEntry(1, "II. Kết quả", 2),
    ...                TocEntry(1, "Phụ lục I. DANH MỤC", 3, restart=True), TocEntry(2, "I. Bảng", 4),
    ...                TocEntry(2, "II. Bảng", 5)], found)
    [1, 3, 1, 2, None]
    """
    out: list[int | None] = []
    restart = 1
    for e in entries:
        page = pdf_pages.get(e.number)
        if page is not None and e.restart:
            restart = page
        out.append(None if page is None else page - restart + 1)
    return out


def _destinations(pdf: Path, timeout: float) -> dict[int, int]:
    """The PDF page of each table-of-contents bookmark, by its number."""
    program = shutil.which("pdfinfo")
    if program is None:
        raise OutputError("không có pdfinfo (gói poppler-utils) để đọc số trang", where="muc_luc")
    try:
        done = subprocess.run([program, "-dests", str(pdf)], capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"pdfinfo không đọc được bản PDF: {exc}", where="muc_luc") from None
    if done.returncode != 0:
        raise OutputError(f"pdfinfo không đọc được bản PDF (mã thoát {done.returncode})", where="muc_luc")
    pages: dict[int, int] = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        m = _DEST.match(line)
        if m:
            pages.setdefault(int(m.group(2)), int(m.group(1)))
    return pages


def with_page_numbers(doc: VanBan, layout: Layout, soffice: str | os.PathLike[str] | None = None, *,
                      convert: Callable[..., Path] | None = None) -> bytes:
    """``doc`` as .docx bytes with its table of contents and, when LibreOffice and pdfinfo can
    measure them, the page numbers of its entries (else a :class:`~baocao.BaoCaoWarning`).
    ``convert``: what lays the document out (called as :func:`~baocao.pdf.docx_to_pdf`, without
    ``soffice``), e.g. a batch worker's :meth:`PdfSession.convert <baocao.pdf.PdfSession.convert>`."""
    from .pdf import DEFAULT_TIMEOUT, docx_to_pdf
    from .writers.docx import DocxWriter

    writer = DocxWriter(doc, layout)
    data = writer.write()
    entries = writer.s.toc
    if not entries:
        warnings.warn(BaoCaoWarning("muc_luc: văn bản không có đề mục nào để đưa vào mục lục"), stacklevel=3)
        return data
    try:
        with tempfile.TemporaryDirectory(prefix=f"{LEFTOVER_PREFIX}{os.getpid()}-") as work:
            lay_out = convert or functools.partial(docx_to_pdf, soffice=soffice)
            pdf = lay_out(data, Path(work) / "van-ban.pdf", timeout=DEFAULT_TIMEOUT, destinations=True)
            found = _destinations(pdf, DEFAULT_TIMEOUT)
    except OutputError as exc:
        warnings.warn(BaoCaoWarning(_NO_PAGES.format(why=exc.message)), stacklevel=3)
        return data
    if not found:
        warnings.warn(BaoCaoWarning(_NO_PAGES.format(why="LibreOffice không ghi vị trí các đề mục vào bản PDF "
                                                          "(cần bản 7.4 trở lên)")), stacklevel=3)
        return data
    pages = printed_pages(entries, found)
    missing = [e.text for e, p in zip(entries, pages) if p is None]
    if missing:
        warnings.warn(BaoCaoWarning("mục lục: không tìm thấy trang của " + "; ".join(f"“{m}”" for m in missing[:3])
                                    + (" …" if len(missing) > 3 else "")), stacklevel=3)
    return DocxWriter(doc, layout, pages).write()
