"""baocao's dataclasses print, compare and hash exactly as dataclasses' own methods would
(baocao.records writes those methods once instead of compiling them for every class)."""

from __future__ import annotations

import copy
import dataclasses
import sys

import pytest

import baocao.cli  # noqa: F401 - the modules a render imports
import baocao.template.rendering  # noqa: F401
import baocao.writers.docx  # noqa: F401
from baocao.records import FrozenRecord, Record


def record_classes() -> list[type]:
    found = []
    for name, module in sorted(sys.modules.items()):
        if name.startswith("baocao"):
            found += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Record)
                      and dataclasses.is_dataclass(v) and v.__module__ == name]
    return found


def twin(cls: type) -> type:
    """The same fields under dataclasses' own methods."""
    fields = [(f.name, f.type, dataclasses.field(repr=f.repr, compare=f.compare, hash=f.hash))
              for f in dataclasses.fields(cls)]
    made = dataclasses.make_dataclass(cls.__name__, fields, frozen=cls.__dataclass_params__.frozen)
    made.__qualname__ = cls.__qualname__
    return made


def made(cls: type, values: list[object]) -> object:
    """An object of ``cls`` holding ``values`` (its checks and __post_init__ are not the point here)."""
    obj = object.__new__(cls)
    for field, value in zip(dataclasses.fields(cls), values):
        object.__setattr__(obj, field.name, value)
    return obj


def test_the_classes_a_render_makes_are_records():
    names = {c.__name__ for c in record_classes()}
    assert {"Layout", "Page", "Sizes", "Run", "Paragraph", "Table", "VanBan", "NguoiKy", "LoaiVanBan"} <= names


@pytest.mark.parametrize("cls", record_classes(), ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_a_record_prints_compares_and_hashes_as_a_dataclass(cls):
    other = twin(cls)
    n = len(dataclasses.fields(cls))
    values = [f"v{i}" if i % 2 else (i, "x") for i in range(n)]
    a, b, t, u = made(cls, values), made(cls, list(values)), made(other, values), made(other, list(values))
    assert repr(a) == repr(t)
    assert (a == b) is (t == u) is True
    assert (a == copy.copy(a)) is True and (a != b) is (t != u) is False
    assert a.__eq__(t) is NotImplemented and (a == 1) is False
    if cls.__dataclass_params__.frozen:
        assert issubclass(cls, FrozenRecord) and hash(a) == hash(t) == hash(b)
    else:
        assert cls.__hash__ is None is other.__hash__
    for i in range(n):
        changed = [*values[:i], "autre", *values[i + 1:]]
        assert (a == made(cls, changed)) is (t == made(other, changed))


def test_a_record_that_holds_itself_prints_as_a_dataclass_does():
    from baocao.model import Table

    table, same = made(Table, []), made(twin(Table), [])
    for obj in (table, same):
        for field in dataclasses.fields(Table):
            object.__setattr__(obj, field.name, None)
        object.__setattr__(obj, "rows", [obj])
    assert repr(table) == repr(same) and "[...]" in repr(table)


@pytest.mark.parametrize("frozen", [True, False])
def test_field_options_are_kept(frozen):
    from dataclasses import dataclass, field

    @dataclass(frozen=frozen, repr=False, eq=False)
    class Mine(FrozenRecord if frozen else Record):
        a: int
        b: int = field(default=0, repr=False)
        c: int = field(default=0, compare=False)
        d: int = field(default=0, hash=False)
        e: int = field(default=0, compare=False, hash=True)

    @dataclass(frozen=frozen)
    class Theirs:
        a: int
        b: int = field(default=0, repr=False)
        c: int = field(default=0, compare=False)
        d: int = field(default=0, hash=False)
        e: int = field(default=0, compare=False, hash=True)

    Theirs.__qualname__ = Mine.__qualname__
    for x, y in [((1, 2, 3, 4, 5), (1, 2, 3, 4, 5)), ((1, 2, 3, 4, 5), (1, 9, 3, 4, 5)),
                 ((1, 2, 3, 4, 5), (1, 2, 9, 4, 5)), ((1, 2, 3, 4, 5), (1, 2, 3, 4, 9))]:
        assert repr(Mine(*x)) == repr(Theirs(*x))
        assert (Mine(*x) == Mine(*y)) is (Theirs(*x) == Theirs(*y))
        if frozen:
            assert hash(Mine(*x)) == hash(Theirs(*x))
