"""``__repr__``, ``__eq__`` and ``__hash__`` written once for baocao's dataclasses.

:mod:`dataclasses` writes these methods as source text and compiles them for each class when
its module is imported: a third of the time a class takes to make, some 8 ms of every
``baocao render``. A class decorated ``@dataclass(repr=False, eq=False)`` that derives from
:class:`Record` (:class:`FrozenRecord` when it is frozen) prints, compares and hashes as the
decorator's own methods would: the fields it shows, compares and hashes are the same (a test
compares both ways on every such class).

>>> from dataclasses import dataclass, field
>>> @dataclass(frozen=True, repr=False, eq=False)
... class Diem(FrozenRecord):
...     x: int
...     y: int = field(default=0, compare=False)
>>> Diem(1, 2), Diem(1, 2) == Diem(1, 3), hash(Diem(1)) == hash((1,))
(Diem(x=1, y=2), True, True)
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, ClassVar

#: The names each class shows, compares and hashes, found once per class.
_NAMES: dict[type, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
_PRINTING: set[tuple[int, int]] = set()  # the records being printed, for a record that holds itself


def _names(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    found = _NAMES.get(cls)
    if found is None:
        fields = dataclasses.fields(cls)
        found = _NAMES[cls] = (tuple(f.name for f in fields if f.repr), tuple(f.name for f in fields if f.compare),
                               tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    return found


class Record:
    """Base of a dataclass made with ``repr=False, eq=False``: printed and compared field by field."""

    __slots__ = ()
    __hash__: ClassVar[Any] = None  # as dataclasses: compared, changeable

    def __repr__(self) -> str:
        key = (id(self), threading.get_ident())
        if key in _PRINTING:
            return "..."
        _PRINTING.add(key)
        try:
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(type(self))[0])
            return f"{type(self).__qualname__}({shown})"
        finally:
            _PRINTING.discard(key)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            names = _names(type(self))[1]
            return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
        return NotImplemented


class FrozenRecord(Record):
    """Base of a frozen dataclass made with ``repr=False, eq=False``: hashed by its fields too."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in _names(type(self))[2]))
