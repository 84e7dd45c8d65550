"""Readers of documents made elsewhere: :func:`read_docx` reads any .docx with the formatting
every paragraph and run really gets (see :mod:`baocao.readers.docx`).

Importing this package imports lxml, and python-docx when a file is read.
"""

from __future__ import annotations

from .docx import (
    Cell,
    DocxDocument,
    Paragraph,
    ParagraphFormat,
    Piece,
    RunFormat,
    Section,
    Segment,
    Source,
    read_docx,
    segments,
    twips_to_mm,
)

__all__ = [
    "Cell", "DocxDocument", "Paragraph", "ParagraphFormat", "Piece", "RunFormat", "Section", "Segment", "Source",
    "read_docx", "segments", "twips_to_mm",
]
