"""Writers turn a :class:`~baocao.model.VanBan` into an output format, chosen by name.

The model imports no writer: :meth:`VanBan.to_bytes`, :meth:`~VanBan.save` and
:meth:`~VanBan.to_html` ask this registry for one, and the writer's module is imported the
first time it is asked for (python-docx's XML helpers and the metrics tables stay unloaded
until a document is written). A new format is one module with a function
``write(doc, layout) -> bytes | str`` and one line in :data:`WRITERS` (or a call to
:func:`register`).

>>> sorted(WRITERS)
['docx', 'html']
>>> writer("docx").__name__
'write_docx'
>>> writer("odt")
Traceback (most recent call last):
...
KeyError: "không có bộ ghi 'odt' (có: docx, html)"
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..layout import Layout
    from ..model import VanBan

__all__ = ["WRITERS", "register", "writer"]

#: Format → ``"module:function"`` of its writer (``function(doc, layout)`` gives the output).
WRITERS: dict[str, str] = {
    "docx": "baocao.writers.docx:write_docx",
    "html": "baocao.writers.html:write_html",
}


def register(name: str, target: str) -> None:
    """Make ``target`` (``"package.module:function"``) the writer of format ``name``."""
    if ":" not in target:
        raise ValueError(f"bộ ghi phải viết 'mô_đun:hàm', nhận {target!r}")
    WRITERS[name] = target


def writer(name: str) -> Callable[[VanBan, Layout], Any]:
    """The writer of format ``name`` (its module imported now, the first time)."""
    try:
        target = WRITERS[name]
    except KeyError:
        raise KeyError(f"không có bộ ghi {name!r} (có: {', '.join(sorted(WRITERS))})") from None
    module, function = target.split(":", 1)
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return, unused-ignore]
