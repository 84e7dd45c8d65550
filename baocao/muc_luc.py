"""The page numbers of a table of contents (``muc_luc``), as LibreOffice lays the document out.

The .docx writer puts MỤC LỤC on a last page of its own: a TOC field whose entries link to
bookmarks on the headings (and the appendices' titles). Their page numbers need the layout of
the pages, which only a word processor knows: the document is converted to PDF once by
LibreOffice (:mod:`baocao.pdf`), each heading is found in the text of the pages in order
(``pdftotext``, poppler-utils), and the document is written again with the numbers — printed
page numbers, which start at 1 again on the first page of each phụ lục. The table of contents
stands after everything, so its own length moves no heading to another page.

Without LibreOffice or ``pdftotext`` the entries are written without numbers and the file asks
Word to update its fields when it is opened (Word then fills them); a warning says so.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BaoCaoWarning, OutputError

if TYPE_CHECKING:
    from .layout import Layout
    from .model import VanBan
    from .writers.common import TocEntry

__all__ = ["find_pages", "with_page_numbers"]

_NO_PAGES = ("mục lục chưa có số trang: {why}; Word điền số trang khi mở tệp (chọn Yes khi được hỏi cập nhật "
             "trường), hoặc cài LibreOffice và poppler-utils rồi điền lại")


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def find_pages(pages: list[str], entries: list[TocEntry]) -> list[int | None]:
    """The printed page number of each entry, from the text of each page of the PDF (in order):
    each heading is looked for from the page of the one before; a phụ lục's title (a level-1
    entry that starts with "Phụ lục") starts the numbering again at 1.

    >>> from baocao.writers.common import TocEntry
    >>> pages = ["BÁO CÁO I. Mở đầu", "chữ", "II. Kết quả 1. Chung", "PHỤ LỤC I DANH MỤC", "1. Bảng"]
    >>> find_pages(pages, [TocEntry(1, "I. Mở đầu", "Mở đầu", 1), TocEntry(1, "II. Kết quả", "Kết quả", 2),
    ...                   TocEntry(1, "Phụ lục I. DANH MỤC", "DANH MỤC", 3), TocEntry(2, "1. Bảng", "Bảng", 4)])
    [1, 3, 1, 2]
    """
    flat = [_flat(p) for p in pages]
    out: list[int | None] = []
    at, restart = 0, 0
    for e in entries:
        wanted = _flat(e.find)[:60]
        found = next((i for i in range(at, len(flat)) if wanted and wanted in flat[i]), None)
        if found is None:
            out.append(None)
            continue
        at = found
        if e.level == 1 and _flat(e.text).startswith("phụ lục"):
            restart = found
        out.append(found - restart + 1)
    return out


def _page_texts(pdf: Path, timeout: float) -> list[str]:
    program = shutil.which("pdftotext")
    if program is None:
        raise OutputError("không có pdftotext (gói poppler-utils) để đọc số trang", where="muc_luc")
    try:
        done = subprocess.run([program, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=timeout,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"pdftotext không đọc được bản PDF: {exc}", where="muc_luc") from None
    if done.returncode != 0:
        raise OutputError(f"pdftotext không đọc được bản PDF (mã thoát {done.returncode})", where="muc_luc")
    return done.stdout.decode("utf-8", "replace").split("\f")


def with_page_numbers(doc: VanBan, layout: Layout) -> bytes:
    """``doc`` as .docx bytes with its table of contents and, when LibreOffice and pdftotext can
    measure them, the page numbers of its entries (else a :class:`~baocao.BaoCaoWarning`)."""
    from .pdf import DEFAULT_TIMEOUT, docx_to_pdf
    from .writers.docx import DocxWriter

    writer = DocxWriter(doc, layout)
    data = writer.write()
    entries = writer.s.toc
    if not entries:
        warnings.warn(BaoCaoWarning("muc_luc: văn bản không có đề mục nào để đưa vào mục lục"), stacklevel=3)
        return data
    try:
        with tempfile.TemporaryDirectory(prefix="baocao-muc-luc-") as work:
            pdf = docx_to_pdf(data, Path(work) / "van-ban.pdf", timeout=DEFAULT_TIMEOUT)
            pages = find_pages(_page_texts(pdf, DEFAULT_TIMEOUT), entries)
    except OutputError as exc:
        warnings.warn(BaoCaoWarning(_NO_PAGES.format(why=exc.message)), stacklevel=3)
        return data
    missing = [e.text for e, p in zip(entries, pages) if p is None]
    if missing:
        warnings.warn(BaoCaoWarning("mục lục: không tìm thấy trang của " + "; ".join(f"“{m}”" for m in missing[:3])
                                    + (" …" if len(missing) > 3 else "")), stacklevel=3)
    return DocxWriter(doc, layout, pages).write()
