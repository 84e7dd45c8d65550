"""One exception family for everything baocao reports to its users.

Every message says *what* is wrong, *where* (template file and line, data file
and field, or the model field) and, where it can, *how to fix it*.
"""

from __future__ import annotations

import re


class BaoCaoError(ValueError):
    """Base class of every error baocao raises on bad input.

    ``where`` names the place: ``"report.md.j2:12"``, ``"data.csv: column 'so'"``
    or a model field such as ``"VanBan.so"``.

    >>> str(BaoCaoError("ngày không hợp lệ", where="VanBan.ngay", hint="dùng date(2020, 12, 29)"))
    'VanBan.ngay: ngày không hợp lệ (dùng date(2020, 12, 29))'
    """

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text


def shown(value: object) -> str:
    """``repr(value)`` for a message; an int too long to write out (Python refuses more than
    4300 digits) is named instead of making the message itself fail.

    >>> shown("a"), shown(10**5000)
    ("'a'", '<int quá dài>')
    """
    try:
        return repr(value)
    except ValueError:
        return f"<{type(value).__name__} quá dài>"


#: Characters a terminal would act on (escape sequences retitle or clear it; bidi controls
#: reorder what is shown).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: object) -> str:
    r"""``text`` safe to print on a terminal: control characters written as ``\x1b``, ``\u202e``.

    >>> terminal_safe("Sở\x1b]0;hacked\x07 X\u202e")
    'Sở\\x1b]0;hacked\\x07 X\\u202e'
    """
    return _CONTROLS.sub(lambda m: repr(m[0])[1:-1], str(text))


class ModelError(BaoCaoError):
    """The document model was given a value it cannot hold (wrong type, bad date…)."""


class LayoutError(BaoCaoError):
    """The content cannot be laid out by the Decree 30 rules (e.g. > 23 lettered items)."""


class OutputError(BaoCaoError):
    """The output file cannot be written (missing folder, no space, same as an input)."""


class TemplateError(BaoCaoError):
    """A template cannot be read or rendered: syntax, unknown variable, front matter…

    ``where`` is ``"file:line"`` of the template.

    >>> str(TemplateError("không biết biến 'so_lieu'", template="bc.md.j2", line=12))
    "bc.md.j2:12: không biết biến 'so_lieu'"
    """

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None,
                 hint: str | None = None):
        self.template = template
        self.line = line
        where = f"{template}:{line}" if template and line else template
        super().__init__(message, where=where, hint=hint)


class DataError(BaoCaoError):
    """A data file or value is unusable: unreadable file, missing column, text in a number…

    ``where`` names the file and, where known, the line, row, column or field.
    """


class BaoCaoWarning(UserWarning):
    """Content that could not be laid out exactly; ``strict=True`` turns it into an error."""
