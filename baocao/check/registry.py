"""The linter's rules as a registry: one function per rule of Decree 30, with its id, its §
in ``docs/nd30.md`` and its severity, registered by :func:`rule`.

A rule function takes the :class:`~baocao.check.document.Document` being checked and yields a
:class:`Hit` for each place that breaks the rule; :func:`run_rules` turns the hits into
:class:`Finding` objects carrying the rule's id and puts them in document order.

>>> from baocao.check import RULES
>>> REGISTRY["quoc-hieu-mot-dong"].sections, REGISTRY["quoc-hieu-mot-dong"].severity
(('§2',), 'lỗi')
>>> RULES["ky-hieu-loai"]
'ký hiệu bắt đầu bằng chữ viết tắt của tên loại (§2, §6)'
>>> [r.id for r in selected(select="so-trang*", ignore=["so-trang-dinh-dang"])]
['so-trang', 'so-trang-trang-dau']
>>> [r.id for r in selected(select=["noi-nhan", "§1"], ignore="so-trang*,phong-chu")]
['kho-giay', 'huong-giay', 'le-trang', 'noi-nhan']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import BaoCaoError

if TYPE_CHECKING:
    from .document import Document

LOI = "lỗi"
CANH_BAO = "cảnh báo"
SEVERITIES = (LOI, CANH_BAO)


@dataclass(frozen=True)
class Finding:
    """One broken rule.

    ``rule`` is a short stable id (``"le-trang"``, ``"diem-chu-cai"`` …), ``message`` says
    what is wrong, ``where`` where it is (``"đoạn 12: “f) Thực hiện …”"``, ``"mục 1
    (section)"``, ``"đầu trang"``), ``expected`` what the spec asks for, and ``severity``
    is ``"lỗi"`` or ``"cảnh báo"`` (rules read by heuristics).

    >>> str(Finding("le-trang", "lề trái 25 mm", "mục 1 (section)", "lề trái 30–35 mm"))
    'mục 1 (section) — lề trái 25 mm (cần: lề trái 30–35 mm)'
    """

    rule: str
    message: str
    where: str
    expected: str
    severity: str = LOI

    def __str__(self) -> str:
        return f"{self.where} — {self.message} (cần: {self.expected})"


@dataclass(frozen=True)
class Hit:
    """What a rule function reports: a :class:`Finding` without its rule id.

    ``at`` is the paragraph number it is about (0: the page setup — sections, page numbers),
    ``severity`` ``None`` for the rule's own. The rest only orders findings of one paragraph:
    ``group`` comes before the rule (the section of a page-setup finding), ``rank_as`` lets a
    hit sort as if it came from another rule, and ``sub`` orders hits of rules that sort alike.
    """

    at: int
    message: str
    where: str
    expected: str
    severity: str | None = None
    group: int = 0
    rank_as: str | None = None
    sub: tuple[int, ...] = ()


RuleFunction = Callable[["Document"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: ``id``, the §s of ``docs/nd30.md`` it implements, its default
    ``severity``, a one-line ``text`` and the function that finds where it is broken."""

    id: str
    sections: tuple[str, ...]
    severity: str
    text: str
    function: RuleFunction

    @property
    def section(self) -> str:
        """The §s as written: ``"§2"``, ``"§2, §6"``."""
        return ", ".join(self.sections)

    @property
    def description(self) -> str:
        """What :data:`baocao.check.RULES` says of it: the text and the §s."""
        return f"{self.text} ({self.section})"


#: Every rule by id, in the order they were registered (page, header, body, closing).
REGISTRY: dict[str, Rule] = {}

_ID = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_SECTION = re.compile(r"^§\d+(?:\.\d+)*$")


def rule(id: str, section: str, *, severity: str = LOI, text: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the rule ``id`` of ``section`` (``"§2"``, or several:
    ``"§2, §6"``): it takes a :class:`~baocao.check.document.Document` and yields :class:`Hit`."""
    sections = tuple(s.strip() for s in section.split(","))
    if not _ID.match(id) or id in REGISTRY:
        raise ValueError(f"rule id {id!r} is malformed or registered twice")
    if not all(_SECTION.match(s) for s in sections) or severity not in SEVERITIES:
        raise ValueError(f"rule {id!r}: bad section {section!r} or severity {severity!r}")

    def register(function: RuleFunction) -> RuleFunction:
        REGISTRY[id] = Rule(id, sections, severity, text, function)
        return function

    return register


def arrange(*modules: ModuleType) -> None:
    """Put the registry in the order of ``modules`` (each module's rules in the order they
    were registered): the order the checks read a document, which orders findings of one
    paragraph. Rules of other modules keep their place after them."""
    names = [m.__name__ for m in modules]

    def place(item: tuple[int, Rule]) -> tuple[int, int]:
        module = item[1].function.__module__
        return (names.index(module) if module in names else len(names), item[0])

    ordered = sorted(enumerate(REGISTRY.values()), key=place)
    REGISTRY.clear()
    REGISTRY.update((r.id, r) for _, r in ordered)


def _patterns(names: str | Iterable[str] | None) -> list[str]:
    if names is None:
        return []
    if isinstance(names, str):
        names = [names]
    return [n.strip() for name in names for n in name.split(",") if n.strip()]


def _matches(name: str, r: Rule) -> bool:
    """Whether ``name`` names rule ``r``: its id; a prefix ending in ``*`` (``"noi-nhan*"``); when
    it is no rule's id, a prefix of whole words (``"than-van"``: every ``than-van-…`` rule); or
    its § (``"§2"``)."""
    if name.startswith("§"):
        return name in r.sections
    if name.endswith("*"):
        return r.id.startswith(name[:-1])
    if name in REGISTRY:
        return r.id == name
    return r.id.startswith(name + "-")


def selected(select: str | Iterable[str] | None = None, ignore: str | Iterable[str] | None = None) -> list[Rule]:
    """The rules to run, in the order of the registry: those ``select`` names (all when it is
    ``None``) less those ``ignore`` names. A name is a rule id (that rule only), a prefix ending
    in ``*`` (``"noi-nhan*"``: the four Nơi nhận rules), a prefix of whole words that is no rule's
    id (``"than-van"``), or a § of ``docs/nd30.md`` (``"§1"``); a string may list several,
    comma-separated. A name that matches no rule raises :class:`~baocao.errors.BaoCaoError`
    listing the valid ids."""
    chosen, left_out = _patterns(select), _patterns(ignore)
    if select is not None and not chosen:
        raise BaoCaoError("chưa ghi mã quy tắc nào", where="--select", hint="các mã quy tắc: " + ", ".join(REGISTRY))
    unknown = [n for n in chosen + left_out if not any(_matches(n, r) for r in REGISTRY.values())]
    if unknown:
        names = []
        for u in unknown:
            close = difflib.get_close_matches(u.rstrip("*"), REGISTRY, n=1)
            names.append(f"“{u}”" + (f" (có phải “{close[0]}”?)" if close else ""))
        raise BaoCaoError("không có quy tắc " + ", ".join(names), where="--select/--ignore",
                          hint="các mã quy tắc: " + ", ".join(REGISTRY))
    return [r for r in REGISTRY.values()
            if (select is None or any(_matches(n, r) for n in chosen))
            and not any(_matches(n, r) for n in left_out)]


def run_rules(doc: Document, rules: Iterable[Rule]) -> list[Finding]:
    """Run ``rules`` on ``doc``: their findings in document order — by paragraph (the page setup
    first, section by section, then page numbers), and within a paragraph in the order of the
    registry, the order the checks read a document."""
    rank = {rule_id: i for i, rule_id in enumerate(REGISTRY)}
    found: list[tuple[tuple[int, int, int, tuple[int, ...], int], Finding]] = []
    for r in rules:
        for hit in r.function(doc):
            key = (hit.at, hit.group, rank[hit.rank_as or r.id], hit.sub, len(found))
            found.append((key, Finding(r.id, hit.message, hit.where, hit.expected, hit.severity or r.severity)))
    return [f for _, f in sorted(found, key=lambda x: x[0])]
