"""Templates: YAML front matter + Jinja2 + Markdown → a :class:`~baocao.model.VanBan`.

A template is one text file (``*.md.j2``)::

    ---
    loai: bao_cao
    co_quan: Sở Xây dựng
    so: "{{ so }}"
    ngay: 2020-12-29
    ---
    # Khái quát tình hình triển khai

    Sở đã giải quyết {{ ho_so | so }} hồ sơ …

The pipeline is one-way: the front matter is read as YAML and its string values
rendered with Jinja; the body is rendered with Jinja (sandboxed, undefined names
are errors, every data value escaped for Markdown), then read by
:mod:`baocao.markup` into blocks. The template owns the words, the data the
numbers and the library the layout: headings are numbered by the writer.

The package follows those stages, each module using only the ones above it:

- :mod:`.frontmatter` — the YAML front matter: read with its lines, checked, merged;
- :mod:`.loader` — finding templates (the template's folder, then the built-ins) and a
  folder's data files;
- :mod:`.messages` — Jinja's errors and undefined names said in Vietnamese, with file and line;
- :mod:`.environment` — the Jinja environments (the sandbox is :mod:`baocao.sandbox`), data
  escaped as it is written, ``table()`` / ``chart()``, the indicator functions;
- :mod:`.rendering` — :func:`render`: data + template → Markdown → the document model.
"""

from __future__ import annotations

from ..model import Table
from .environment import Markdown
from .frontmatter import FIELDS, split_front_matter
from .loader import builtin_folder, builtin_names
from .rendering import render

__all__ = ["FIELDS", "Markdown", "Table", "builtin_folder", "builtin_names", "render", "split_front_matter"]
