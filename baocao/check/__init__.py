"""``baocao check``: a Decree 30 linter for any .docx — ours, or one made by hand in Word.

:func:`check` reads a .docx with :func:`baocao.readers.read_docx` (the formatting every
paragraph and run really gets: direct formatting → character style → paragraph style → table
style → document defaults, plus automatic list numbers), finds the parts of an administrative
document (Quốc hiệu, Tiêu ngữ, agency, số/ký hiệu, địa danh and date, tên loại, body, Nơi nhận,
page numbers) whether the header is a two-column table, a tab-separated block or plain
paragraphs (:mod:`.document`), and runs the rules of the registry (:mod:`.registry`): one
function per rule of the spec (``docs/nd30.md``), in :mod:`.page` (§1), :mod:`.header` (§2),
:mod:`.body` (§3) and :mod:`.closing` (§4). Each returns one :class:`Finding` per broken rule:
where it is and what the rule expects. The ranges come from :data:`baocao.layout.RANGES`, the
texts and sizes from :data:`baocao.layout.LAYOUT`.

Rules read by heuristics (heading sequences, a missing Nơi nhận, the page count) stay
lenient and are reported as ``"cảnh báo"``; the others as ``"lỗi"``.

>>> import datetime as dt
>>> from baocao import NguoiKy, VanBan
>>> vb = VanBan(loai="bao_cao", co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", so=5, dia_danh="Trà Vinh",
...             ngay=dt.date(2021, 3, 5), trich_yeu="Kết quả năm 2020", nguoi_ky=NguoiKy("Lê Minh Tân", "Giám đốc"))
>>> _ = vb.paragraph("Sở Xây dựng báo cáo kết quả thực hiện")
>>> check(vb.to_bytes())
[]
>>> check(vb.to_bytes(), select="quoc-hieu-mot-dong,noi-nhan*", ignore="noi-nhan-luu")
[]
>>> check(vb.to_bytes(), select="quoc-hieu-mot-dnog")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
baocao.errors.BaoCaoError: ... “quoc-hieu-mot-dnog” (có phải “quoc-hieu-mot-dong”?) (các mã quy tắc: kho-giay, ...)
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import BaoCaoError
from ..readers.docx import Source, read_docx, unreadable
from . import body, closing, header, page  # importing them registers their rules
from .document import Document
from .registry import CANH_BAO, LOI, REGISTRY, Finding, Rule, arrange, rule, run_rules, selected

arrange(page, header, body, closing)  # the order the checks read a document

#: Every rule :func:`check` reports: its id and what it checks (the spec's section), in the
#: order of the registry.
RULES: dict[str, str] = {r.id: r.description for r in REGISTRY.values()}

__all__ = ["CANH_BAO", "LOI", "REGISTRY", "RULES", "Finding", "Rule", "check", "rule"]


def check(source: Source, select: str | Iterable[str] | None = None,
          ignore: str | Iterable[str] | None = None) -> list[Finding]:
    """Check a .docx (a path, its bytes or a binary file) against the Decree 30 layout.

    Returns the findings in reading order; an empty list means the document passes.
    ``select`` runs only the rules it names, ``ignore`` skips those it names: rule ids
    (:data:`RULES`: that rule only), prefixes ending in ``*`` (``"noi-nhan*"``), prefixes of
    whole words that are no rule's id (``"than-van"``) or §s (``"§1"``), as a list or one
    comma-separated string; a name that matches no rule raises
    :class:`~baocao.errors.BaoCaoError` listing the valid ids. The findings of a rule do not
    depend on which other rules run.
    An unreadable file, or one that is not a .docx, raises :class:`~baocao.errors.DataError`
    naming it.
    """
    rules = selected(select, ignore)
    doc = read_docx(source)
    try:
        return run_rules(Document(doc), rules)
    except BaoCaoError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed part must not end in a traceback
        raise unreadable(doc.name, exc) from None
