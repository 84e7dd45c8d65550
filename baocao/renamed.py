"""Old parameter names that keep working for one release (the rule: ``docs/vocabulary.md``).

A renamed function is decorated with :func:`renamed`; the old keyword still works, warning
:class:`DeprecationWarning` that names the new one, and giving old and new together is a
:class:`TypeError`. Every renaming is recorded in :data:`RENAMED`, the one table the
documentation's "Renamed" section is checked against.

>>> @renamed({"so_le": "decimals"}, name="demo")
... def demo(value: float, decimals: int = 0) -> str:
...     return f"{value:.{decimals}f}"
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     demo(1.5, so_le=2)
'1.50'
>>> str(caught[0].message).split(" (")[0]
'demo(): so_le= is deprecated, use decimals='
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from functools import wraps
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")

#: Public callable (as the user writes it, e.g. ``"chiso.xep_hang"``) → {old name: new name}.
RENAMED: dict[str, dict[str, str]] = {}


def renamed(old_to_new: Mapping[str, str], *, name: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """A decorator: the function also takes the old keyword names in ``old_to_new``, warning
    :class:`DeprecationWarning` that names the new one; old and new together are an error.
    ``name`` is how the user calls the function (``"chiso.xep_hang"``, ``"Image"``)."""
    table = dict(old_to_new)
    RENAMED.setdefault(name, {}).update(table)
    shown = name.rsplit(".", 1)[-1]

    def decorate(fn: Callable[_P, _R]) -> Callable[_P, _R]:
        @wraps(fn)
        def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            for old in [k for k in kwargs if k in table]:
                new = table[old]
                if new in kwargs:
                    raise TypeError(f"{shown}(): {old}= và {new}= là cùng một tham số; chỉ dùng {new}= "
                                    f"({old}= là tên cũ)")
                warnings.warn(f"{shown}(): {old}= is deprecated, use {new}= "
                              f"(tên cũ {old}= sẽ bị bỏ, dùng {new}=)", DeprecationWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)

        return call

    return decorate


__all__ = ["RENAMED", "renamed"]
