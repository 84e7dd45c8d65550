"""The sandbox templates run in: an allow-list of what a template may reach, data that
cannot be changed, and sizes checked before the work is done.

Templates and data files come from other people. A template sees its data (dicts, lists,
strings, numbers, dates, pandas DataFrames and Series, numpy values), baocao's filters and
functions, and Jinja's own helpers — and of those, **only** the attributes and methods listed
in :data:`ALLOWED` (by type; the README's *Safety* section shows them). Anything else — an
attribute of an unlisted type, a method not on the list, a private name — is refused with an
error naming it. So a DataFrame's ``style`` (whose ``env`` is pandas' own, unsandboxed Jinja),
``to_csv``, ``eval``, ``pipe`` or ``plot`` cannot be reached, whatever way it is spelt.

Calls are checked too (:meth:`Sandbox.call`): only baocao's functions, the template's own
macros, Jinja's helpers and listed methods can be called; no argument may be a function (pandas
would call it outside the sandbox), a string naming an unlisted pandas method (``agg("to_csv")``,
also inside lists, tuples and dicts), ``inplace=`` or ``regex=``. Data cannot be changed: list,
dict and set mutators are refused on every value that came in as data (a template may still
fill lists and dicts it made itself), and pandas mutators are not on the list.

Sizes: ``*``, ``**``, ``+``, ``~``, ``%``, ``str.format``, padding and joining check the size of
what they would make before making it (:mod:`baocao.limits`), so ``"a".center(10**9)`` or
``"%1500000000d"`` end in an error at once rather than in gigabytes of memory.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import string
import sys
import types
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace

from .lazyre import compiled_later
from .limits import LimitError, limit
from .markup import Markdown

__all__ = ["ALLOWED", "Sandbox", "check_text_size", "check_writable", "frozen", "int_text", "text_of"]


# ----------------------------------------------------------------------------------- the lists

_STR = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "find", "format", "index", "isalnum", "isalpha",
    "isascii", "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "join", "ljust",
    "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust",
    "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper",
    "zfill",
})
_NUMBER = frozenset({"real", "imag", "numerator", "denominator", "is_integer", "conjugate", "bit_length"})
_DATE = frozenset({
    "year", "month", "day", "weekday", "isoweekday", "isoformat", "isocalendar", "toordinal", "strftime",
    "hour", "minute", "second", "microsecond", "date", "time", "timestamp",
})
_TIMEDELTA = frozenset({"days", "seconds", "microseconds", "total_seconds"})
_SEQUENCE = frozenset({"count", "index"})
_LIST_CHANGE = frozenset({"append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear"})
_DICT = frozenset({"get", "items", "keys", "values"})
_DICT_CHANGE = frozenset({"update", "setdefault", "pop", "popitem", "clear"})
_SET = frozenset({"difference", "intersection", "union", "issubset", "issuperset", "isdisjoint",
                  "symmetric_difference"})
_SET_CHANGE = frozenset({"add", "discard", "remove", "pop", "clear", "update", "difference_update",
                         "intersection_update", "symmetric_difference_update"})

#: Reading and summing, shared by DataFrame and Series (all give new objects; none writes).
_FRAME_COMMON = frozenset({
    # shape and labels
    "index", "shape", "size", "ndim", "empty", "dtypes", "T", "values", "axes",
    # row access and selection
    "loc", "iloc", "at", "iat", "head", "tail", "get", "items", "filter", "isin", "where", "mask", "between",
    "nlargest", "nsmallest", "drop", "drop_duplicates", "duplicated", "dropna", "fillna", "isna", "notna",
    "isnull", "notnull", "rename", "reset_index", "set_index", "sort_values", "sort_index", "astype", "copy",
    "first_valid_index", "last_valid_index", "squeeze", "transpose", "clip", "replace", "explode", "take",
    # sums and statistics
    "sum", "mean", "median", "min", "max", "count", "nunique", "value_counts", "std", "var", "prod", "quantile",
    "describe", "idxmax", "idxmin", "any", "all", "abs", "round", "rank", "cumsum", "cumprod", "cummax", "cummin",
    "diff", "pct_change", "mode", "agg", "aggregate", "groupby", "pivot_table", "pivot", "melt", "stack",
    "unstack", "merge", "corr",
    # arithmetic and comparison by name
    "add", "sub", "mul", "div", "truediv", "floordiv", "mod", "radd", "rsub", "rmul", "rdiv", "rtruediv",
    "eq", "ne", "lt", "le", "gt", "ge",
    # plain Python out
    "to_dict", "to_list", "tolist", "to_numpy", "to_frame", "to_records", "item",
})
_DATAFRAME = _FRAME_COMMON | {"columns", "iterrows", "itertuples", "assign", "join", "nsmallest", "nlargest",
                              "select_dtypes", "idxmax", "idxmin"}
_SERIES = _FRAME_COMMON | {"name", "dtype", "str", "dt", "unique", "is_unique", "is_monotonic_increasing",
                           "is_monotonic_decreasing", "map", "hasnans"}
_INDEX = frozenset({
    "name", "names", "size", "shape", "ndim", "empty", "dtype", "values", "tolist", "to_list", "to_numpy",
    "unique", "nunique", "isin", "get_loc", "difference", "union", "intersection", "sort_values", "min", "max",
    "str", "is_unique", "astype", "to_series", "to_frame", "nlevels", "levels", "get_level_values", "item",
    "any", "all", "argmax", "argmin", "dropna", "drop_duplicates", "duplicated", "rename", "year", "month", "day",
})
_GROUPBY = frozenset({
    "agg", "aggregate", "sum", "mean", "median", "min", "max", "count", "size", "nunique", "first", "last", "std",
    "var", "prod", "quantile", "describe", "idxmax", "idxmin", "cumsum", "cumcount", "cummax", "cummin", "rank",
    "head", "tail", "nth", "groups", "ngroups", "indices", "get_group", "value_counts", "any", "all", "transform",
    "ngroup", "diff", "pct_change", "shift", "unique",
})
#: ``s.str``: no method that takes a regular expression (a hostile pattern backtracks for hours
#: in C code that no timer can stop); ``contains`` and ``replace`` are run with ``regex=False``.
_STRING_METHODS = frozenset({
    "contains", "startswith", "endswith", "strip", "lstrip", "rstrip", "upper", "lower", "title", "capitalize",
    "casefold", "swapcase", "len", "slice", "get", "zfill", "isdigit", "isnumeric", "isdecimal", "isalpha",
    "isalnum", "isspace", "islower", "isupper", "istitle", "replace", "normalize",
})
_DT = frozenset({
    "year", "month", "day", "quarter", "dayofweek", "day_of_week", "weekday", "dayofyear", "day_of_year", "hour",
    "minute", "second", "date", "normalize", "strftime", "days_in_month", "is_month_start", "is_month_end",
    "is_quarter_start", "is_quarter_end", "is_year_start", "is_year_end", "days", "seconds", "total_seconds",
    "isocalendar", "week",
})
_TIMESTAMP = _DATE | {"quarter", "dayofweek", "day_of_week", "dayofyear", "day_of_year", "days_in_month",
                      "is_month_start", "is_month_end", "is_quarter_start", "is_quarter_end", "is_year_start",
                      "is_year_end", "normalize", "to_pydatetime", "week"}
_NDARRAY = frozenset({"shape", "ndim", "size", "dtype", "tolist", "item", "sum", "mean", "min", "max", "round",
                      "T", "any", "all", "argmax", "argmin", "cumsum", "std", "var", "prod", "flatten"})
_NUMPY_SCALAR = frozenset({"item", "real", "imag", "is_integer", "dtype", "round"})
_LOOP = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
                   "previtem", "nextitem", "cycle", "changed"})
_CYCLER = frozenset({"current", "next", "reset", "items"})
_MACRO = frozenset({"name", "arguments", "catch_kwargs", "catch_varargs", "caller"})

#: What a template may use of each kind of value, by name (the README's *Safety* section).
ALLOWED: dict[str, frozenset[str]] = {
    "str": _STR, "int, float, Decimal": _NUMBER, "date, datetime, time": _DATE, "timedelta": _TIMEDELTA,
    "list, tuple": _SEQUENCE, "dict": _DICT, "set": _SET,
    "DataFrame": _DATAFRAME, "Series": _SERIES, "Index": _INDEX, "GroupBy": _GROUPBY, "Series.str": _STRING_METHODS,
    "Series.dt": _DT, "Timestamp": _TIMESTAMP, "numpy array": _NDARRAY, "numpy number": _NUMPY_SCALAR,
    "loop": _LOOP, "cycler": _CYCLER, "macro": _MACRO,
}

#: The pandas and numpy method names a template may pass by name (``agg("sum")``,
#: ``pivot_table(aggfunc="mean")``, ``groupby(...).transform("cumsum")``).
_BY_NAME = frozenset({"sum", "mean", "median", "min", "max", "count", "size", "nunique", "std", "var", "sem", "prod",
                      "first", "last", "any", "all", "abs", "round", "cumsum", "cumcount", "cummax", "cummin", "rank",
                      "idxmax", "idxmin", "mode", "quantile", "describe", "diff", "pct_change", "shift", "unique",
                      "value_counts"})

_README = "xem mục An toàn (Safety) trong README: những gì mẫu được dùng"


@lru_cache(maxsize=1)
def _pandas_kinds() -> tuple[tuple[type, frozenset[str]], ...]:
    """(class, allowed names) for pandas and numpy values (imported only once data has them)."""
    import numpy as np
    import pandas as pd
    from pandas.core.groupby.groupby import BaseGroupBy
    from pandas.core.indexes.accessors import Properties
    from pandas.core.strings.accessor import StringMethods

    return ((pd.DataFrame, _DATAFRAME), (pd.Series, _SERIES), (pd.Index, _INDEX), (BaseGroupBy, _GROUPBY),
            (StringMethods, _STRING_METHODS), (Properties, _DT), (pd.Timestamp, _TIMESTAMP),
            (pd.Timedelta, _TIMEDELTA), (np.ndarray, _NDARRAY), (np.generic, _NUMPY_SCALAR))


@lru_cache(maxsize=1)
def _pandas_item_kinds() -> tuple[type, ...]:
    """pandas and numpy values whose items (``df["cot"]``, ``df.loc[…]``) a template may read."""
    import numpy as np
    import pandas as pd
    from pandas._libs.indexing import NDFrameIndexerBase
    from pandas.core.groupby.groupby import BaseGroupBy

    return (pd.DataFrame, pd.Series, pd.Index, BaseGroupBy, NDFrameIndexerBase, np.ndarray)


def _is_pandas(obj: object) -> bool:
    """A pandas or numpy value (pandas is imported to look it up, as a dependency of baocao)."""
    return (type(obj).__module__ or "").startswith(("pandas", "numpy"))


def _own_result(obj: object) -> bool:
    """Values baocao's own indicator functions give (KetQuaHaiLong, PhanNhom, LichLamViec …)."""
    return (type(obj).__module__ or "").startswith("baocao.chiso")


_BY_TYPE: dict[type, frozenset[str] | None] = {}


def allowed_names(obj: object) -> frozenset[str] | None:
    """The attribute names a template may read on ``obj``; None: any public name of a value the
    template made itself (a namespace, an imported template's macros). Kept by type."""
    kind = type(obj)
    try:
        return _BY_TYPE[kind]
    except KeyError:
        names = _BY_TYPE[kind] = _allowed_names(obj)
        return names


def _allowed_names(obj: object) -> frozenset[str] | None:
    if isinstance(obj, str):
        return _STR
    if isinstance(obj, bool) or isinstance(obj, (int, float, complex)) and not _is_pandas(obj):
        return _NUMBER
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a named tuple (itertuples)
        return _SEQUENCE | frozenset(str(f) for f in obj._fields)
    if _is_pandas(obj):
        names: frozenset[str] = frozenset()
        for kind, allowed in _pandas_kinds():
            if isinstance(obj, kind):
                names |= allowed
        return names
    if isinstance(obj, (list, tuple, range)):
        return _SEQUENCE | _LIST_CHANGE if isinstance(obj, list) else _SEQUENCE
    if isinstance(obj, dict):
        return _DICT | _DICT_CHANGE
    if isinstance(obj, (set, frozenset)):
        return _SET | (_SET_CHANGE if isinstance(obj, set) else frozenset())
    if isinstance(obj, Mapping):
        return _DICT
    import datetime as dt
    from decimal import Decimal
    from fractions import Fraction

    if isinstance(obj, (Decimal, Fraction)):
        return _NUMBER
    if isinstance(obj, (dt.date, dt.time)):
        return _DATE
    if isinstance(obj, dt.timedelta):
        return _TIMEDELTA
    if isinstance(obj, LoopContext):
        return _LOOP
    if isinstance(obj, Cycler):
        return _CYCLER
    if isinstance(obj, Macro):
        return _MACRO
    if isinstance(obj, (Namespace, TemplateReference)) or type(obj).__name__ == "TemplateModule":
        return None
    if _own_result(obj) or dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = {f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else set()
        methods = {n for n, v in vars(type(obj)).items() if callable(v) or isinstance(v, property)} \
            if _own_result(obj) else set()
        return frozenset(fields | methods)
    return frozenset()


#: Values that are part of the template machinery, not data: never written into a document
#: (their reprs name internals: ``<class 'jinja2.utils.Cycler'>``, ``<function …>``).
_INTERNAL = (type, types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.ModuleType,
             types.MethodWrapperType, types.WrapperDescriptorType, types.MethodDescriptorType, Macro,
             TemplateReference, BlockReference, Cycler, Joiner, LoopContext, Namespace)
_SCALARS = frozenset({str, int, float, bool, type(None), complex})


def check_writable(value: object) -> None:
    """Refuse to write ``value`` as text when it is no data: a function, class, module, generator,
    a piece of Jinja, an object that only has Python's default repr, a pandas object other than a
    single value (a whole table goes in with ``table()``) — also anywhere inside lists, tuples,
    sets and dicts, however deep, since their text shows their items' reprs — or when its text
    would pass ``max_text``."""
    budget = limit("max_text")
    stack = [value]
    size = 0
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind in _SCALARS or isinstance(item, str):
            size += len(item) if isinstance(item, str) else 8
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
            size += 2 + len(item)
        elif isinstance(item, Mapping) and not _is_pandas(item):
            stack.extend(item.keys())
            stack.extend(item.values())
            size += 2 + 2 * len(item)
        else:
            _check_one(item)
            size += 32
        if size > budget:
            raise LimitError(f"chữ viết ra sẽ dài hơn {_vi(size)} ký tự", "max_text")


def _check_one(value: object) -> None:
    """One value that is no string, number or container (see :func:`check_writable`)."""
    if isinstance(value, Undefined):
        str(value)  # a strict one says what is missing; Jinja's plain one (``x if c``) writes nothing
        return
    if isinstance(value, _INTERNAL) or type(value).__name__ in ("TemplateModule", "Context", "partial"):
        raise SecurityError(f"không viết được {_what(value)} vào văn bản: đó không phải dữ liệu")
    if _is_pandas(value):
        if _pandas_scalar(value):
            return
        if hasattr(value, "__len__") or hasattr(value, "ngroups"):
            from .errors import BaoCaoError

            raise BaoCaoError(f"không viết thẳng cả một {type(value).__name__} vào văn bản",
                              hint="đưa bảng vào bằng {{ table(x) }}, hoặc lấy từng giá trị: x.iloc[0], x.sum() …")
        raise SecurityError(f"không viết được {_what(value)} vào văn bản: lấy từng giá trị của nó")
    import datetime as dt
    from decimal import Decimal
    from fractions import Fraction

    if isinstance(value, Decimal):
        if value.is_finite() and abs(value.adjusted()) > limit("max_int_digits"):
            raise LimitError(f"số {value:.3E} quá nhiều chữ số", "max_int_digits")
        return
    if isinstance(value, (dt.date, dt.time, dt.timedelta, Fraction)):
        return
    kind = type(value)
    if callable(value) or isinstance(value, (types.GeneratorType, Iterator)) \
            or kind.__str__ is object.__str__ and kind.__repr__ is object.__repr__ \
            or dataclasses.is_dataclass(value) or _own_result(value):
        raise SecurityError(f"không viết được {_what(value)} vào văn bản: lấy từng giá trị của nó")


def _pandas_scalar(value: object) -> bool:
    """A single pandas or numpy value (a number, a date, a missing value)."""
    import numpy as np
    import pandas as pd

    return isinstance(value, (np.generic, pd.Timestamp, pd.Timedelta, pd.Period)) or value is pd.NaT \
        or value is pd.NA


def _what(value: object) -> str:
    name = getattr(value, "__name__", None)
    return f"'{name}'" if isinstance(name, str) else f"một {type(value).__name__}"


def may_read(obj: object, attr: str) -> bool:
    """Whether a template may read ``obj.attr`` (never a private or special name)."""
    if not isinstance(attr, str) or attr.startswith("_"):
        return False
    names = allowed_names(obj)
    return names is None or attr in names


def _kind(obj: object) -> str:
    kind = type(obj)
    return kind.__name__ if kind.__module__ in ("builtins", None) else f"{kind.__name__}"


# ----------------------------------------------------------------------------------- data is read-only

#: The containers that came in as data, by id, for the render under way (see :func:`frozen`).
_FROZEN: ContextVar[Container[int]] = ContextVar("baocao_frozen", default=frozenset())


_PLAIN = frozenset({str, int, float, bool, type(None)})  # never containers, never pandas
#: Every name a dict has (methods, specials): ``d.name`` of one is read by the general path.
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _containers(value: object, seen: set[int], depth: int = 0) -> None:
    """Add to ``seen`` the ids of the lists, dicts and sets reachable from ``value`` (through
    tuples, dict keys and pandas/numpy object cells too) within 200 levels: level by level, so a
    container reachable by a short path is found whatever longer paths lead to it too."""
    level = [value]
    while level and depth <= 200:
        deeper: list[object] = []
        for value in level:
            kind = type(value)
            if kind in _PLAIN or id(value) in seen:
                continue
            if kind is dict or isinstance(value, dict):
                seen.add(id(value))
                for key, item in value.items():  # type: ignore[attr-defined]
                    if type(item) not in _PLAIN:
                        deeper.append(item)
                    if isinstance(key, tuple):
                        deeper.append(key)
            elif kind is list or kind is set or isinstance(value, (list, set)):
                seen.add(id(value))
                deeper.extend(item for item in value if type(item) not in _PLAIN)  # type: ignore[attr-defined]
            elif kind is tuple or isinstance(value, tuple):
                deeper.extend(item for item in value if type(item) not in _PLAIN)  # type: ignore[attr-defined]
            elif _is_pandas(value):
                for cells in _object_cells(value):
                    deeper.extend(cell for cell in cells if isinstance(cell, (list, dict, set, tuple)))
        level, depth = deeper, depth + 1


def _object_cells(value: object) -> Iterator[Any]:
    """The cells of a pandas or numpy value's object columns that may hold containers (a list in
    a cell, put there by a Python caller); text columns are told apart in C, quickly."""
    import numpy as np
    import pandas as pd

    columns: list[Any]
    if isinstance(value, pd.DataFrame):
        columns = [value.iloc[:, i] for i in range(value.shape[1]) if value.dtypes.iloc[i] == "object"]
    elif isinstance(value, (pd.Series, pd.Index)):
        columns = [value] if value.dtype == "object" else []
    elif isinstance(value, np.ndarray):
        columns = [value.ravel()] if value.dtype == "object" else []
    else:
        columns = []
    for column in columns:
        if pd.api.types.infer_dtype(column, skipna=True) not in ("string", "empty", "bytes"):
            yield column.tolist() if hasattr(column, "tolist") else list(column)


class _Reachable:
    """The ids of the lists, dicts and sets reachable from some data (and from ``outer``), found
    the first time a template would change a container — most renders never ask. The data is
    alive and unchanged meanwhile (its containers are read-only to the template), so the ids found
    late are the ids at the start."""

    __slots__ = ("data", "ids", "outer")

    def __init__(self, data: Mapping[str, Any], outer: Container[int]) -> None:
        self.data, self.outer = data, outer
        self.ids: frozenset[int] | None = None

    def __contains__(self, key: object) -> bool:
        if self.ids is None:
            seen: set[int] = set()
            for value in self.data.values():
                _containers(value, seen)
            self.ids = frozenset(seen)
        return key in self.ids or key in self.outer


@contextmanager
def frozen(data: Mapping[str, Any]) -> Iterator[None]:
    """While inside, the lists, dicts and sets reachable from ``data`` are read-only to templates."""
    token = _FROZEN.set(_Reachable(dict(data), _FROZEN.get()))
    try:
        yield
    finally:
        _FROZEN.reset(token)


def _changes(obj: object, attr: str) -> bool:
    return (isinstance(obj, list) and attr in _LIST_CHANGE or isinstance(obj, dict) and attr in _DICT_CHANGE
            or isinstance(obj, set) and attr in _SET_CHANGE)


# ----------------------------------------------------------------------------------- sizes

def _vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def check_text_size(size: int, what: str) -> None:
    """:class:`~baocao.limits.LimitError` when ``size`` characters (items) pass ``max_text``."""
    if size > limit("max_text"):
        raise LimitError(f"{what} sẽ dài {_vi(size)} ký tự", "max_text")


def _max_bits() -> int:
    return int(limit("max_int_digits") * math.log2(10)) + 1


def check_int(value: int, what: str = "phép tính") -> int:
    if value.bit_length() > _max_bits():
        raise LimitError(f"{what} ra số có khoảng {_vi(int(value.bit_length() * math.log10(2)))} chữ số",
                         "max_int_digits")
    return value


def text_of(value: object) -> str:
    """``str(value)`` for writing into a document: an int past ``max_int_digits`` is a
    LimitError (see :func:`int_text`), and what is no data is refused (:func:`check_writable`)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int_text(value)
    check_writable(value)
    return str(value)


def int_text(value: int) -> str:
    """``str(value)``; an int of more digits than ``max_int_digits`` is a LimitError (writing
    such a number out takes minutes in C code that no timer stops)."""
    check_int(value, "số")
    try:
        return str(value)
    except ValueError:  # Python's own limit is lower than ours: write it in pieces
        from decimal import Context, Decimal

        return format(Decimal(value, Context(prec=limit("max_int_digits") + 10)), "f")


_SPEC_NUMBER = compiled_later(r"\d+")
_PERCENT = compiled_later(r"%(?:\([^)]*\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d+))?")
_MAX_WIDTH = 10_000  # the widest field a format may ask for


def _check_spec(spec: str, fmt: str) -> None:
    if "{" in spec:
        raise SecurityError(f"định dạng lồng nhau {{…{{…}}}} không được dùng trong mẫu: {fmt[:60]!r}")
    for number in _SPEC_NUMBER.findall(spec):
        if len(number) > 6 or int(number) > _MAX_WIDTH:
            raise LimitError(f"định dạng {fmt[:60]!r} xin độ rộng {number}", "max_text",
                             value=f"{_vi(_MAX_WIDTH)} ký tự một trường")


def check_format(fmt: str) -> None:
    """The fields of a ``str.format`` string ask for no more than a sane width each, and not
    more than ``max_text`` together."""
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format will say what is wrong
    total = len(fmt)
    for _literal, _field, spec, _conversion in parsed:
        if spec:
            _check_spec(spec, fmt)
            total += sum(int(n) for n in _SPEC_NUMBER.findall(spec))
    check_text_size(total, "định dạng")


def check_percent(fmt: str) -> None:
    """The fields of a ``%`` format ask for no more than a sane width, and no ``*`` width."""
    total = len(fmt)
    for m in _PERCENT.finditer(fmt):
        if "*" in (m[2] or "") + (m[3] or ""):
            raise SecurityError("độ rộng '*' trong định dạng % không được dùng trong mẫu")
        _check_spec((m[2] or "") + "." + (m[3] or ""), fmt)
        total += int(m[2] or 0) + int(m[3] or 0)
    check_text_size(total, "định dạng %")


def _sized(obj: object) -> bool:
    return isinstance(obj, (str, bytes, list, tuple))


def _call_size(method: str, text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Sizes of the str methods that can grow a text, before they run."""
    if method in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        if isinstance(width, int):
            check_text_size(width, f"'{method}'")
    elif method == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        old, new = args[0], args[1]
        count = len(text) + 1 if old == "" else text.count(old)
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        check_text_size(len(text) + count * (len(new) - len(old)), "'replace'")
    elif method == "join" and args:
        items = args[0]
        if isinstance(items, (list, tuple)):
            check_text_size(sum(len(i) for i in items if isinstance(i, str)) + len(text) * max(len(items) - 1, 0),
                            "'join'")
        elif len(text) > 100:
            raise SecurityError("'join' với chuỗi nối dài chỉ nhận một danh sách; dùng bộ lọc | join")


_STRFTIME_WIDTH = compiled_later(r"%[-_0^#]*\d")


def check_strftime(fmt: object) -> None:
    """A date format asks for no padded widths (``%_99999999Y`` would fill gigabytes)."""
    if isinstance(fmt, str):
        check_text_size(len(fmt) * 10, "định dạng ngày")
        if _STRFTIME_WIDTH.search(fmt):
            raise SecurityError(f"định dạng ngày {fmt[:40]!r} có độ rộng: không dùng được trong mẫu")


# ----------------------------------------------------------------------------------- arguments

def _callable_value(value: object) -> bool:
    return callable(value) and not isinstance(value, (str, bytes, type(None))) and not _is_pandas_data(value)


def _is_pandas_data(value: object) -> bool:
    return _is_pandas(value) and not isinstance(value, (types.MethodType, types.BuiltinMethodType))


def _check_argument(value: object, depth: int = 0) -> None:
    if depth > 20:
        raise LimitError("tham số lồng quá sâu", "max_depth")
    if isinstance(value, str):
        return
    if isinstance(value, (int, float, bool, type(None))):
        return
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()  # what was missing, as Jinja would say it
    if isinstance(value, Macro):
        raise SecurityError("không được đưa macro của mẫu cho pandas gọi")
    if _callable_value(value):
        name = getattr(value, "__name__", type(value).__name__)
        raise SecurityError(f"không được đưa hàm '{name}' làm tham số trong mẫu ({_README})")
    if isinstance(value, Mapping) and not _is_pandas(value):
        for k, v in value.items():
            _check_argument(k, depth + 1)
            _check_argument(v, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _check_argument(item, depth + 1)


def _function_names(value: object, what: str) -> None:
    """``agg`` & co. call the functions they are given *by name*: only listed names, written as a
    plain string, a list or tuple of them, or a dict of column → name(s)."""
    if type(value) is str:
        if value not in _BY_NAME:
            raise SecurityError(f"'{what}' chỉ nhận tên hàm trong danh sách ({', '.join(sorted(_BY_NAME))}), "
                                f"không nhận {value!r}")
        return
    if type(value) in (list, tuple):
        for item in value:  # type: ignore[attr-defined]
            _function_names(item, what)
        return
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise SecurityError(f"'{what}': khoá phải là tên cột")
            _function_names(item, what)
        return
    raise SecurityError(f"'{what}' chỉ nhận tên hàm viết thẳng (chuỗi, danh sách, từ điển), "
                        f"không nhận {type(value).__name__}")


#: The parameters each by-name call may get besides its function(s), by method: anything else
#: would be passed on to the function called by name.
_BY_NAME_OPTIONS = {
    "agg": {"axis"}, "aggregate": {"axis"}, "transform": set(),
    "pivot_table": {"values", "index", "columns", "fill_value", "margins", "dropna", "margins_name", "observed",
                    "sort"},
}


def _check_by_name(owner: object, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """The arguments of ``agg``, ``aggregate``, ``transform`` and ``pivot_table`` (see
    :func:`_function_names`); named aggregations of a GroupBy (``tong=("so", "sum")``) too."""
    from pandas.core.groupby.groupby import BaseGroupBy

    options = _BY_NAME_OPTIONS[name]
    if name == "pivot_table":
        if args:
            raise SecurityError("'pivot_table' nhận tham số có tên: values=, index=, columns=, aggfunc= …")
        for key, value in kwargs.items():
            if key == "aggfunc":
                _function_names(value, name)
            elif key not in options:
                raise SecurityError(f"'pivot_table' không nhận tham số {key!r} trong mẫu")
            else:
                _check_argument(value)
        return
    for value in args[:1]:
        _function_names(value, name)
    if len(args) > 1:
        raise SecurityError(f"'{name}' chỉ nhận một hàm (hay danh sách hàm) trong mẫu")
    for key, value in kwargs.items():
        if key == "func":
            _function_names(value, name)
        elif key in options:
            _check_argument(value)
        elif isinstance(owner, BaseGroupBy) and type(value) is tuple and len(value) == 2 \
                and type(value[0]) is str:  # a named aggregation: ten=("cot", "sum")
            _function_names(value[1], name)
        else:
            raise SecurityError(f"'{name}' không nhận tham số {key!r} trong mẫu")


# ----------------------------------------------------------------------------------- the environment

class CodeGenerator(CodeGenerator):  # type: ignore[no-redef]
    """Jinja's code generation, with two changes:

    - a ``{% set x %}…{% endset %}`` block is template text (Markdown whose data values were
      escaped as they were written), as a macro's output is, rather than a plain string that
      ``{{ x }}`` would escape a second time;
    - ``a ~ b`` goes through :meth:`Sandbox.checked_concat`, which checks the size first.
    """

    _PLAIN_BLOCK = " = (Markup if context.eval_ctx.autoescape else identity)("

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._blocks: list[bool] = []  # per open set block: trusted? (not with a filter: its arguments may be data)

    def visit_AssignBlock(self, node: nodes.AssignBlock, frame: Any) -> None:
        self._blocks.append(node.filter is None)
        try:
            super().visit_AssignBlock(node, frame)
        finally:
            self._blocks.pop()

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def write(self, x: str) -> None:
        trusted = x == self._PLAIN_BLOCK and bool(self._blocks) and self._blocks[-1]
        super().write(" = environment.trusted(" if trusted else x)


def _refused(obj: object, attr: str) -> str:
    if isinstance(attr, str) and attr.startswith("_"):
        return f"không được dùng tên riêng '{attr}' trong mẫu"
    if isinstance(obj, types.ModuleType):
        return f"không được dùng '{attr}' của mô-đun trong mẫu"
    if _changes(obj, attr):
        return (f"dữ liệu chỉ được đọc: không được '{attr}' trên {_kind(obj)} của dữ liệu "
                f"(chép ra trước: {{% set ban_sao = dict(x) %}} hay x | list)")
    return f"không được dùng '{attr}' của {_kind(obj)} trong mẫu ({_README})"


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox turned into an allow-list (see the module's text)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = CodeGenerator

    #: The callables a template may call besides macros and listed methods: set per environment.
    functions: frozenset[int] = frozenset()
    #: Front-matter strings compiled by their text (``baocao.template`` keeps them here).
    strings: Any = None

    def allow_functions(self, *functions: object) -> None:
        """Let templates call these (baocao's globals and filters given as values)."""
        self.functions = self.functions | {id(f) for f in functions}

    # ---- attributes and items
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, types.ModuleType) or isinstance(value, types.ModuleType):
            return False
        if not may_read(obj, attr):
            return False
        if _changes(obj, attr) and id(obj) in _FROZEN.get():
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """A refused name is an error at once, naming it (not an undefined value that fails later,
        at the end of a chain, under another name)."""
        raise SecurityError(_refused(obj, attribute))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.name``: a listed attribute, else an item (a dict key, a DataFrame column, a
        Series label), else refused — checked *before* the attribute is looked up, so that no
        property of an unlisted type ever runs."""
        if type(obj) is dict and type(attribute) is str and attribute not in _DICT_ATTRIBUTES:
            try:  # the common case, a key of data: what the steps below come to, sooner
                return obj[attribute]
            except KeyError:
                pass
        if isinstance(obj, Undefined):
            if getattr(type(obj), "is_function", False) and isinstance(attribute, str) and attribute.startswith("_"):
                return self.unsafe_undefined(obj, attribute)  # a template function's insides: refused
            return obj._fail_with_undefined_error()  # what was missing, said once
        if not isinstance(attribute, str):
            return self.undefined(obj=obj, name=attribute)
        if may_read(obj, attribute) and not (_changes(obj, attribute) and id(obj) in _FROZEN.get()):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                fmt = self.wrap_str_format(value)
                if fmt is not None:
                    return fmt
                if self.is_safe_attribute(obj, attribute, value):
                    return value
                return self.unsafe_undefined(obj, attribute)
        if self._items_readable(obj):
            try:
                return obj[attribute]
            except (TypeError, LookupError, ValueError):
                pass
        if attribute.startswith("_") or _has_attribute(obj, attribute):
            return self.unsafe_undefined(obj, attribute)
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[key]`` on data (mappings, sequences, pandas and numpy values); a string key
        that is no item is read as a listed attribute."""
        if isinstance(obj, Undefined):
            return obj._fail_with_undefined_error()
        if self._items_readable(obj):
            try:
                return _sane(obj[argument])
            except (TypeError, LookupError, ValueError):
                pass
        elif not isinstance(argument, str):
            return self.unsafe_undefined(obj, f"[{argument!r}]")
        if isinstance(argument, str):
            if may_read(obj, argument):
                return self.getattr(obj, argument)
            if argument.startswith("_") or _has_attribute(obj, argument):
                return self.unsafe_undefined(obj, argument)
        return self.undefined(obj=obj, name=argument)

    @staticmethod
    def _items_readable(obj: object) -> bool:
        if isinstance(obj, (Mapping, str, bytes, list, tuple, range)):
            return True
        return _is_pandas(obj) and isinstance(obj, _pandas_item_kinds())

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            check_format(fmt)
            check_writable(list(args))
            check_writable(kwargs)
            return wrapped(*args, **kwargs)

        checked.baocao_format = True  # type: ignore[attr-defined]  # see _check_call
        return checked

    # ---- calls
    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if isinstance(__obj, (Macro, BlockReference)):
            result = super().call(__context, __obj, *args, **kwargs)
            # a macro, caller() or super() gives template text whose data values are escaped
            # already: written as it is, not escaped a second time
            return Markdown(result) if isinstance(result, str) else result
        if not isinstance(__obj, Undefined) or getattr(type(__obj), "is_function", False):
            _refuse_undefined(args, kwargs)
        __self._check_call(__obj, args, kwargs)
        return _sane(super().call(__context, __obj, *args, **kwargs))

    def _check_call(self, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", None)
        if id(obj) in self.functions or isinstance(obj, (Cycler, Joiner, LoopContext, Undefined)) \
                or getattr(obj, "baocao_format", False) is True:
            pass  # (calling an Undefined raises its own error: what was missing or refused)
        elif type(obj).__name__ == "builtin_function_or_method" and owner is not None and isinstance(name, str) \
                or isinstance(obj, types.MethodType):
            if owner is None or isinstance(owner, types.ModuleType) or not may_read(owner, name or ""):
                raise SecurityError(f"không được gọi '{name}' trong mẫu ({_README})")
            if isinstance(owner, (Cycler, LoopContext)):
                return
            if _changes(owner, name or "") and id(owner) in _FROZEN.get():
                raise SecurityError(_refused(owner, name or ""))
            if isinstance(owner, str):
                _call_size(name or "", owner, args, kwargs)
                if name == "format":
                    check_format(owner)
            if name == "strftime":
                check_strftime(args[0] if args else kwargs.get("date_format", kwargs.get("format")))
            if _is_pandas(owner):
                self._pandas_options(owner, name or "", args, kwargs)
                if name in _BY_NAME_OPTIONS:  # their strings name functions: agg("sum")
                    _check_by_name(owner, name, args, kwargs)
                    return
        elif obj is dict or obj is Namespace:
            pass
        else:
            what = getattr(obj, "__name__", None) or type(obj).__name__
            raise SecurityError(f"không được gọi '{what}' trong mẫu: chỉ gọi được hàm của baocao, macro "
                                f"của mẫu và các phương thức trong danh sách cho phép ({_README})")
        for value in (*args, *kwargs.values()):
            _check_argument(value)

    @staticmethod
    def _pandas_options(owner: object, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        import numpy as np

        if "out" in kwargs or isinstance(owner, np.ndarray) and any(isinstance(a, np.ndarray) for a in args):
            raise SecurityError(f"dữ liệu chỉ được đọc: không được ghi kết quả của '{name}' vào một mảng (out)")
        if name in _ARITHMETIC and _has_text(owner) and any(_is_number(a) for a in (*args, *kwargs.values())):
            raise SecurityError(f"không được '{name}' cả một cột chữ với một số trong mẫu")
        if kwargs.get("inplace"):
            raise SecurityError(f"dữ liệu chỉ được đọc: không được dùng inplace=True trong '{name}'")
        if kwargs.get("regex"):
            raise SecurityError(f"không được dùng biểu thức chính quy (regex=True) trong '{name}'")
        from pandas.core.strings.accessor import StringMethods

        if isinstance(owner, StringMethods):
            if name in ("contains", "replace"):
                kwargs["regex"] = False
            elif name == "zfill":
                width = args[0] if args else kwargs.get("width")
                if isinstance(width, int) and width > _MAX_WIDTH:
                    raise LimitError(f"'zfill' xin độ rộng {_vi(width)} cho mỗi ô", "max_text",
                                     value=f"{_vi(_MAX_WIDTH)} ký tự một ô")
        if name == "filter" and (len(args) > 2 or "regex" in kwargs
                                 or "like" in kwargs and not isinstance(kwargs["like"], str)):
            raise SecurityError("không được dùng biểu thức chính quy (regex) trong 'filter': dùng items= hay like=")

    @staticmethod
    def trusted(text: str) -> Any:
        """What ``{% set x %}…{% endset %}`` gives: template text (see :class:`CodeGenerator`)."""
        return Markdown(text)

    # ---- operators
    def checked_concat(self, parts: Sequence[Any]) -> str:
        """``a ~ b ~ c``: their texts joined, when the result is not too long."""
        texts = [p if isinstance(p, str) else text_of(p) for p in parts]  # text_of checks what it writes
        check_text_size(sum(map(len, texts)), "phép nối ~")
        return "".join(texts)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ in ("*", "+"):
            _check_grow(operator_, left, right)
        elif operator_ == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                _check_bits((abs(left).bit_length() - 1) * right, "phép lũy thừa")
        elif operator_ == "%":
            if isinstance(left, str):
                check_percent(left)
                check_writable(right)
        result = _OPERATORS[operator_](left, right)
        if isinstance(result, int) and not isinstance(result, bool) and operator_ in ("+", "*"):
            check_int(result)
        return result


_ARITHMETIC = frozenset({"mul", "rmul", "add", "radd"})


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) or type(value).__module__ == "numpy" and hasattr(value, "dtype")


def _has_text(value: object) -> bool:
    """A pandas or numpy value with text (object or string) columns."""
    dtypes = getattr(value, "dtypes", None)
    kinds = list(dtypes) if dtypes is not None and hasattr(dtypes, "__iter__") else [getattr(value, "dtype", None)]
    return any(getattr(k, "kind", "") in ("O", "U", "S", "T") or str(k) in ("string", "str") for k in kinds)


def _sane(result: Any) -> Any:
    """A pandas or numpy result no bigger than ``max_cells`` (``take([0] * 9000000)``: too late to
    save the memory it took, but the template goes no further with it)."""
    if _is_pandas(result) and not isinstance(result, type):
        size = getattr(result, "size", 0)
        if isinstance(size, int) and size > limit("max_cells"):
            raise LimitError(f"kết quả có {_vi(size)} ô", "max_cells")
    return result


def _check_bits(bits: int, what: str) -> None:
    if bits > _max_bits():
        raise LimitError(f"{what} ra số có khoảng {_vi(int(bits * math.log10(2)))} chữ số", "max_int_digits")


def _check_grow(op: str, left: Any, right: Any) -> None:
    """``*`` and ``+``: the size of a repeated or joined text or list, the digits of a product."""
    if op == "*" and (_is_pandas(left) and _has_text(left) or _is_pandas(right) and _has_text(right)):
        raise SecurityError("không được nhân cả một cột chữ trong mẫu")
    for seq, other in ((left, right), (right, left)):
        if not _sized(seq):
            continue
        if op == "*":
            if _is_pandas(other) and not isinstance(other, sys.modules["numpy"].generic):
                raise SecurityError("không được nhân chuỗi với cả một cột dữ liệu trong mẫu")
            try:
                times = operator.index(other)
            except TypeError:
                return
            check_text_size(len(seq) * max(times, 0), "phép nhân")
        elif _sized(other):
            check_text_size(len(seq) + len(other), "phép cộng")
        elif _is_pandas(other) and hasattr(other, "__len__"):
            check_text_size(len(seq) * len(other), "phép cộng với một cột")
        return
    if op == "*" and isinstance(left, int) and isinstance(right, int):
        _check_bits(left.bit_length() + right.bit_length() - 1, "phép nhân")


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul, "**": operator.pow, "+": operator.add, "%": operator.mod,
}


def _has_attribute(obj: object, name: str) -> bool:
    """Whether ``obj``'s type has ``name`` (looked up without running a property)."""
    import inspect

    try:
        inspect.getattr_static(obj, name)
    except AttributeError:
        return False
    return True


def _filters() -> dict[str, Callable[..., Any]]:
    """Jinja's filters that can grow a text, with their sizes checked first."""
    from jinja2 import filters as jf

    def center(value: Any, width: int = 80) -> str:
        if isinstance(width, int):
            check_text_size(width, "bộ lọc center")
        return jf.do_center(value, width)

    def indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        check_text_size(len(str(s)) + pad * (str(s).count("\n") + 1), "bộ lọc indent")
        return jf.do_indent(s, width, first, blank)

    def fmt(value: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(value, str):
            check_percent(value)
        return jf.do_format(value, *args, **kwargs)

    def replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: int | None = None) -> Any:
        if isinstance(s, str) and isinstance(old, str) and isinstance(new, str):
            _call_size("replace", s, (old, new) + ((count,) if count is not None else ()), {})
        return jf.do_replace(eval_ctx, s, old, new, count)

    def join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
        items = list(value) if not isinstance(value, (list, tuple)) else value
        size = sum(len(i) for i in items if isinstance(i, str))
        if isinstance(d, str) and len(items) > 1:
            size += len(d) * (len(items) - 1)
        check_text_size(size, "bộ lọc join")
        return jf.do_join(eval_ctx, items, d, attribute)

    def int_(value: Any, default: int = 0, base: int = 10) -> int:
        from decimal import Decimal

        if isinstance(value, Decimal) and value.is_finite() and value.adjusted() > limit("max_int_digits"):
            raise LimitError("số quá nhiều chữ số để đổi ra số nguyên", "max_int_digits")
        return jf.do_int(value, default, base)

    def sum_(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        if not isinstance(start, (int, float)) or isinstance(start, bool):
            raise SecurityError("bộ lọc sum chỉ cộng số (start= phải là một số)")
        return jf.do_sum(environment, iterable, attribute, start)

    def batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        if fill_with is not None and isinstance(linecount, int):
            check_text_size(linecount, "bộ lọc batch")
        return jf.do_batch(value, linecount, fill_with)

    def slice_(value: Any, slices: int, fill_with: Any = None) -> Any:
        if isinstance(slices, int):
            check_text_size(slices, "bộ lọc slice")
        return jf.sync_do_slice(value, slices, fill_with)  # do_slice wants an evaluation context

    def wordwrap(environment: Any, s: str, width: int = 79, break_long_words: bool = True,
                 wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
        if isinstance(width, int) and width >= 1 and isinstance(wrapstring, str):
            check_text_size(len(s) + (len(s) // width + 1) * len(wrapstring), "bộ lọc wordwrap")
        return jf.do_wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    replace.jinja_pass_arg = jf.do_replace.jinja_pass_arg  # type: ignore[attr-defined]
    sum_.jinja_pass_arg = jf.do_sum.jinja_pass_arg  # type: ignore[attr-defined]
    join.jinja_pass_arg = jf.do_join.jinja_pass_arg  # type: ignore[attr-defined]
    wordwrap.jinja_pass_arg = jf.do_wordwrap.jinja_pass_arg  # type: ignore[attr-defined]
    return {"center": center, "indent": indent, "format": fmt, "replace": replace, "join": join, "sum": sum_,
            "int": int_, "batch": batch, "slice": slice_, "wordwrap": wordwrap}


#: Jinja filters and globals templates do not get: ``random`` (a document must be the same
#: every time), ``pprint`` (Python's reprs), ``lipsum`` (placeholder text, and no size limit),
#: ``xmlattr`` / ``urlize`` / ``urlencode`` (HTML and web, not documents).
_DROPPED_FILTERS = ("random", "pprint", "xmlattr", "urlize", "urlencode")
_DROPPED_GLOBALS = ("lipsum",)


#: Jinja filters that write their value (or, for ``join``, its items; for ``format``, its
#: arguments) as text: what they get is checked with :func:`check_writable` first.
_TEXT_FILTERS = frozenset({"string", "e", "escape", "forceescape", "safe", "upper", "lower", "capitalize", "title",
                           "trim", "center", "indent", "truncate", "wordwrap", "wordcount", "replace", "striptags",
                           "join", "format", "reverse", "tojson"})


def _writing(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (a filter) checking what it will write first."""
    from jinja2.utils import _PassArg

    passed = _PassArg.from_obj(func)
    skip = 1 if passed is not None else 0  # the environment / context passed first

    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            value = args[skip]
            if name == "join" and not isinstance(value, str):
                value = list(value) if not _is_pandas(value) else value
                check_writable(value if isinstance(value, list) else [])
                args = (*args[:skip], value, *args[skip + 1:])
            else:
                check_writable(value)
            if name == "format":
                check_writable(list(args[skip + 1:]))
                check_writable(kwargs)
        return func(*args, **kwargs)

    if passed is not None:
        checked.jinja_pass_arg = passed  # type: ignore[attr-defined]
    return checked


#: The filters made to take a missing value: ``{{ x | default("…") }}``.
_TAKE_UNDEFINED = frozenset({"default", "d"})


def _refuse_undefined(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Raise the error of the first missing value among the arguments of a filter or function:
    ``{{ ho_so | so }}`` says "no data 'ho_so'", not that a missing value is not a number."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, Undefined):
            value._fail_with_undefined_error()


def _defined(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (a filter) refusing missing values first (see :func:`_refuse_undefined`)."""
    from jinja2.utils import _PassArg

    passed = _PassArg.from_obj(func)

    def checked(*args: Any, **kwargs: Any) -> Any:
        _refuse_undefined(args, kwargs)
        return func(*args, **kwargs)

    if passed is not None:
        checked.jinja_pass_arg = passed  # type: ignore[attr-defined]
    return checked


def refuse_undefined_arguments(env: Sandbox) -> None:
    """Every filter of ``env`` but ``default`` refuses a missing value with the error that names
    it (called once the environment has all its filters)."""
    for name, func in list(env.filters.items()):
        if name not in _TAKE_UNDEFINED:
            env.filters[name] = _defined(func)


def prepare(env: Sandbox) -> None:
    """Filters and globals of a new environment: the sized filters in, the dropped ones out, and
    the filters that write text checking what they write."""
    for name in _DROPPED_FILTERS:
        env.filters.pop(name, None)
    for name in _DROPPED_GLOBALS:
        env.globals.pop(name, None)
    env.filters.update(_filters())
    for name in _TEXT_FILTERS & set(env.filters):
        env.filters[name] = _writing(name, env.filters[name])


