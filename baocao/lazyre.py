"""Regular expressions compiled when first used.

Compiling a pattern takes Python tens to hundreds of microseconds (a class with characters past
Latin-1, a long alternation); a pattern only some documents need (a YAML number typed as text, a CSV
with a semicolon, a control character in a text) should not cost every run of the command.

>>> DMY = compiled_later(r"(\\d{1,2})/(\\d{1,2})/(\\d{4})")
>>> DMY.match("29/12/2020").groups()
('29', '12', '2020')
>>> DMY.sub(r"\\3-\\2-\\1", "29/12/2020")
'2020-12-29'
>>> import copy, pickle
>>> copy.copy(DMY).match("1/2/2024")[3], pickle.loads(pickle.dumps(DMY)).pattern == DMY.pattern
('2024', True)

It is not a :class:`re.Pattern`: keep it for the module's own patterns, never a public name.
"""

from __future__ import annotations

import re
from typing import Any, cast

#: What a compiled pattern offers: kept on the stand-in once compiled, so that later calls cost
#: what calls of the pattern cost.
_NAMES = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "pattern", "flags",
          "groups", "groupindex", "scanner")


class _Later:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # the first use: compile, keep the pattern's methods here
        if name not in _NAMES:  # "_source" before __init__ (a copy being made), a dunder …
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        self.__dict__.update((n, getattr(compiled, n)) for n in _NAMES)
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:  # copied and pickled as what makes it
        return compiled_later, self._source

    def __repr__(self) -> str:
        return f"compiled_later({self._source[0]!r})"


def compiled_later(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on the first use of the result."""
    return cast("re.Pattern[str]", _Later(pattern, flags))
