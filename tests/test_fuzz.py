"""Fuzzing with hypothesis: every text field and table cell of a document, from Python
and from a template.

The property: building a document and writing it either raises a
:class:`~baocao.BaoCaoError` subclass, or gives a .docx that python-docx opens, whose
XML parts all parse, and whose text holds what was given (its letters and digits, after
dropping what XML 1.0 cannot hold). Anything else is a bug. A few generated documents
also go through LibreOffice to PDF.

Profiles (tests/conftest.py): ``ci`` (default: derandomized, no example database) and
``dev`` (``HYPOTHESIS_PROFILE=dev``: random, ten times the examples).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pandas as pd
import pytest
from conftest import needs_office, pdf_pages
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree

import baocao
from baocao import BaoCaoError, DataError, ModelError, Run, TemplateError, VanBan
from baocao.doctypes import LOAI_VAN_BAN
from baocao.formatting import so, so_van_ban
from baocao.layout import DO_KHAN, DO_MAT, QUYEN_HAN
from baocao.model import THUOC_TINH, Cell
from baocao.numbering import SCHEMES
from baocao.tables import table_from_data
from baocao.template import Markdown
from baocao.writers.common import noi_nhan_lines

_DEV = os.environ.get("HYPOTHESIS_PROFILE") == "dev"


def examples(n: int) -> int:
    """``n`` examples in CI, ten times as many in the dev profile."""
    return n * 10 if _DEV else n


def fuzz_settings(n: int) -> settings:
    return settings(max_examples=examples(n), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# ============================================================================ strategies

#: Pieces that break naive writers: XML specials, Markdown and Jinja syntax, controls,
#: line breaks, bidi and zero-width marks, combining marks, emoji, non-characters,
#: the reader's own private-use marks, document numbers (non-breaking hyphens).
PIECES = [
    "<", "&", ">", '"', "'", "]]>", "<![CDATA[", "&amp;", "&#0;", "&#x1;", "<w:t>", "</w:p>",
    "**", "*", "_", "__", "`", "#", "# ", "## ", "###### ", "\\", "|", "| a | b |\n|---|---|",
    "{{", "}}", "{%", "%}", "{#", "{{ x }}", "{% if %}", "- ", "+ ", "1. ", "a) ", "I. ", "---", "> ",
    "    ", "![x](a.png)", "[a](b)", "Phụ lục: ", "# Phụ lục: x", "./.", ";", ".", ":", ",",
    "\n", "\n\n", "\r", "\r\n", "\t", " ", "\u00a0", "\u200b", "\u200d", "\u202e", "\u2028", "\u2029",
    "\u0301", "\u0323", "\u0300\u0301\u0302", "\ufeff", "\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b",
    "\x1c", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff", "\ufffd", "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0010ffff", "\U0001fffe", "\ue000", "\ue001",
    "\ue0010\ue001", "\ue0019\ue001", "مرحبا", "שלום", "Việt Nam", "Đ", "ĐẢNG", "ß", "ﬁ", "İ", "ǰ",
    "Tiếng Việt", "ệ", "e\u0323\u0302", "37/KH-SXD", "-", "/", "0", "1", "12345678901234567890",
]

_WORD = st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc"))

#: Arbitrary text: anything hypothesis makes (all of Unicode but surrogates, controls
#: included), mixtures of the pieces above, only whitespace, very long words.
text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=10).map("".join),
    st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u2028\u2029\u3000", max_size=6),
    st.text(alphabet=_WORD, min_size=80, max_size=300),
)

#: Values of the wrong type for any field.
WILD = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.binary(max_size=4),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.sampled_from([object(), Decimal("NaN"), dt.time(1, 2), 1j, ("a", "b", "c"), b"\x00", 10**5000, -(2**64)]),
)


def optional(s: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), s)


#: Text with something in it, anywhere among arbitrary text.
nonblank = st.tuples(text, st.sampled_from(["X", "Sở", "1", "Đ"]), text).map("".join)

HUGE_INTS = [0, -1, -(10**30), 2**31, 2**63, 2**64 + 1, 10**30, 10**400, 10**5000]
numbers_ = st.one_of(
    st.integers(), st.sampled_from(HUGE_INTS), st.floats(),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, 5e-324, 1.7976931348623157e308, 2.675]),
    st.decimals(), st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("-0"), Decimal("Infinity"),
                                    Decimal("1E+999999999"), Decimal("1E-999999999"), Decimal("9" * 50)]),
)
run = st.builds(Run, text, st.booleans(), st.booleans())
runs_ = st.one_of(text, run, st.lists(st.one_of(text, run), max_size=4))
text_list = st.one_of(text, st.lists(text, max_size=4), st.tuples(text, text))

#: Table cells: every kind of value a table takes (and some it should refuse).
plain_cell = st.one_of(
    text, numbers_, st.none(), st.booleans(), st.dates(), st.datetimes(), st.times(), run,
    st.lists(text, max_size=2),
    st.sampled_from([pd.NA, pd.NaT, pd.Timestamp("2020-12-29"), 1j, b"ab", Decimal("1.005")]),
)
span = st.one_of(st.just(1), st.integers(-1, 4), st.sampled_from([10**6, 10**12, True, 2.0, "2"]))
#: A ``("cell", text, colspan, rowspan, align)`` draw becomes a :class:`Cell` when the
#: document is built (its errors count as the document's).
cell_spec = st.tuples(st.just("cell"), st.one_of(runs_, WILD), span, span,
                      st.one_of(st.none(), st.sampled_from(["left", "center", "right", "justify", "x"])))
cell_value = st.one_of(plain_cell, cell_spec)

timezones = st.builds(dt.timezone, st.timedeltas(min_value=-dt.timedelta(hours=23, minutes=59),
                                                 max_value=dt.timedelta(hours=23, minutes=59)))
moments = st.one_of(
    st.datetimes(), st.datetimes(timezones=timezones), st.dates(),
    st.sampled_from([dt.datetime(1, 1, 1), dt.datetime.max, dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone.utc),
                     dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5))),
                     dt.datetime(9999, 12, 31, 20, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
                     "29/12/2020 08:30", "2020-12-29T08:30", "0001-01-01", "9999-12-31T23:59:59-12:00"]),
)
PNG = bytes.fromhex(  # 1×1 white pixel
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8ffff3f"
    "0005fe02fe0def46b80000000049454e44ae426082")


def documents(wild: bool) -> st.SearchStrategy:
    """``(fields, body calls, appendices)``. Tame documents have values of the right kinds
    with arbitrary text; ``wild`` ones, one value in 25 of any kind or out of range."""

    def pick(good: st.SearchStrategy, bad: st.SearchStrategy = WILD) -> st.SearchStrategy:
        return st.integers(0, 24).flatmap(lambda i: bad if i == 12 else good) if wild else good

    def enum(values) -> st.SearchStrategy:
        return pick(st.one_of(st.none(), st.sampled_from(list(values)), st.sampled_from([v.lower() for v in values])),
                    st.one_of(text, WILD))

    so_ = pick(st.one_of(st.none(), st.integers(1, 10**6), st.integers(1, 999).map(lambda n: f" {n:03d} ")),
               st.one_of(st.integers(), st.sampled_from(HUGE_INTS), text, WILD, st.sampled_from(
                   ["0", "-3", "1" * 5000, "9" * 30, "٣", "1e3", "abc", "", "  ", "1_000", "+5", "０５"])))
    ngay_ = pick(
        st.one_of(st.none(), st.dates(), st.datetimes(), st.tuples(st.integers(1900, 2999), st.integers(1, 12)),
                  st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year}"), st.dates().map(dt.date.isoformat)),
        st.one_of(st.tuples(st.integers(), st.integers()), text, WILD,
                  st.tuples(st.sampled_from([2020, True, "2020", 2020.0]), st.sampled_from([12, 0, 13, None])),
                  st.sampled_from(["31/02/2020", "1/1/99999999999999999999", "0/0/0", "29/12/20201", "1/1/10000",
                                   "1" * 5000 + "/1/1", "1/1/-5", "٢٩/١٢/٢٠٢٠", "29/12", "2020-W53-1"])))
    quyen_han = st.one_of(
        st.fixed_dictionaries({"ho_ten": nonblank, "chuc_vu": text}),
        st.fixed_dictionaries({"ho_ten": nonblank, "chuc_vu": st.lists(text, max_size=2),
                               "quyen_han": st.sampled_from([*QUYEN_HAN, "kt", "tm.", "Q"]),
                               "thay_mat": nonblank}))
    signer = pick(optional(quyen_han), st.one_of(
        WILD, st.dictionaries(st.text(max_size=8), text, max_size=3),
        st.fixed_dictionaries({"ho_ten": text}, optional={"chuc_vu": st.one_of(text_list, WILD),
                                                          "quyen_han": text, "thay_mat": st.one_of(text, WILD)})))
    thuoc_tinh = pick(
        optional(st.fixed_dictionaries({}, optional={k: (moments if k.startswith("ngay") else optional(text))
                                                     for k in THUOC_TINH})),
        st.one_of(WILD, st.dictionaries(st.one_of(st.sampled_from(list(THUOC_TINH)), st.text(max_size=5),
                                                  st.integers()), st.one_of(text, WILD), max_size=2)))
    fields = st.fixed_dictionaries({
        "loai": pick(st.sampled_from([*LOAI_VAN_BAN, "Báo cáo", "BC", "QĐ", "Tờ trình", " cong van "]),
                     st.one_of(text, WILD)),
        "co_quan": pick(nonblank, text),
        "co_quan_chu_quan": pick(optional(text)),
        "viet_tat_co_quan": pick(nonblank, text),
        "don_vi_soan_thao": pick(optional(text)),
        "so": so_,
        "ky_hieu": pick(optional(text)),
        "dia_danh": pick(nonblank, text),
        "ngay": ngay_,
        "trich_yeu": pick(nonblank, text),
        "kinh_gui": pick(text_list),
        "tham_quyen": pick(optional(text)),
        "can_cu": pick(st.lists(text, max_size=3)),
        "noi_nhan": pick(text_list),
        "luu": pick(text_list),
        "ky_hieu_soan_thao": pick(optional(text)),
        "nguoi_ky": signer,
        "do_khan": enum(DO_KHAN),
        "do_mat": enum(DO_MAT),
        "dau_ket_thuc": pick(st.booleans()),
        "danh_so": pick(st.one_of(st.none(), st.sampled_from(list(SCHEMES))), st.one_of(text, WILD)),
        "thuoc_tinh": thuoc_tinh,
    })

    @st.composite
    def table_call(draw):
        cols = draw(st.integers(1, 5))
        if wild and draw(st.booleans()):  # ragged, empty, spans …
            rows = draw(st.lists(st.lists(cell_value, max_size=6), max_size=6))
        else:
            rows = draw(st.lists(st.lists(pick(plain_cell, cell_value), min_size=cols, max_size=cols),
                                 min_size=1, max_size=6))
        width = st.floats(min_value=0.01, max_value=100)
        kwargs = draw(st.fixed_dictionaries({}, optional={
            "header_rows": pick(st.integers(0, len(rows)), st.one_of(st.integers(-1, 7), WILD)),
            "widths": pick(optional(st.lists(width, min_size=cols, max_size=cols)),
                           st.one_of(st.lists(st.one_of(width, numbers_, WILD), max_size=6),
                                     st.lists(numbers_, min_size=cols, max_size=cols), WILD)),
            "align": pick(optional(st.lists(st.sampled_from(["left", "center", "right"]), min_size=cols,
                                            max_size=cols)),
                          st.one_of(st.lists(st.sampled_from(["justify", "", "LEFT", "left"]), max_size=6), WILD)),
            "font_size": pick(optional(st.floats(min_value=6, max_value=40)), st.one_of(numbers_, WILD)),
            "caption": pick(optional(text)),
            "ngang": pick(st.one_of(st.none(), st.booleans())),
        }))
        if wild and draw(st.integers(0, 19)) == 0:
            rows = draw(st.one_of(WILD, st.text(max_size=3), st.lists(WILD, max_size=2)))
        return ("table", (rows,), kwargs)

    level = pick(st.integers(1, 3), st.one_of(st.integers(-2, 6), st.sampled_from([10**20, True, 1.0, "1"])))
    align = pick(st.sampled_from(["justify", "center", "left", "right"]),
                 st.one_of(st.sampled_from(["both", "", "JUSTIFY"]), WILD))
    runs_or_wild = pick(runs_, st.one_of(WILD, st.lists(st.one_of(text, WILD), max_size=2)))
    block = st.one_of(
        st.tuples(st.just("heading"), st.tuples(runs_or_wild, level), st.just({})),
        st.tuples(st.just("paragraph"), st.tuples(runs_or_wild), st.fixed_dictionaries({}, optional={"align": align})),
        st.tuples(st.just("bullet"), st.tuples(runs_or_wild, pick(st.sampled_from([1, 2]), st.one_of(
            st.integers(-1, 4), WILD))), st.just({})),
        table_call(),
        st.tuples(st.just("page_break"), st.just(()), st.just({})),
        st.tuples(st.just("image"), st.tuples(pick(st.just(PNG), st.one_of(st.binary(max_size=20), WILD))),
                  st.fixed_dictionaries({}, optional={
                      "width_mm": pick(optional(st.floats(min_value=1, max_value=300)), st.one_of(numbers_, WILD)),
                      "caption": pick(optional(text))})),
    )
    phu_luc = st.tuples(pick(nonblank, text), st.fixed_dictionaries({}, optional={
        "ngang": pick(st.booleans()), "ghi_chu": pick(st.one_of(st.none(), st.just(""), text))}),
        st.lists(block, max_size=3))
    return st.tuples(fields, st.lists(block, max_size=6), st.lists(phu_luc, max_size=2))




def _cell(value):
    """A ``("cell", text, colspan, rowspan, align)`` draw becomes a :class:`Cell` (built when
    the document is, so that its errors count as the document's)."""
    if isinstance(value, tuple) and value and value[0] == "cell":
        _, content, colspan, rowspan, cell_align = value
        return Cell(content, colspan=colspan, rowspan=rowspan, align=cell_align)
    return value


def build(fields: dict, calls: list, appendices: list) -> VanBan:
    vb = VanBan(**fields)

    def add(target, name, args, kwargs):
        if name == "table" and isinstance(args[0], list):
            args = ([[_cell(v) for v in row] if isinstance(row, list) else row for row in args[0]],)
        getattr(target, name)(*args, **kwargs)

    for name, args, kwargs in calls:
        add(vb, name, args, kwargs)
    for tieu_de, options, blocks in appendices:
        pl = vb.add_phu_luc(tieu_de, **options)
        for name, args, kwargs in blocks:
            add(pl, name, args, kwargs)
    return vb


# ============================================================================ checks

#: What the writer drops: characters XML 1.0 cannot hold, and DEL.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def letters(value: str) -> str:
    """The letters and digits of ``value`` as a document can show them: without what the
    writer drops, NFC, case-folded (titles may be upper case)."""
    value = unicodedata.normalize("NFC", _ILLEGAL.sub("", value))
    folded = unicodedata.normalize("NFC", value.upper().casefold())  # "ῗ".upper() is decomposed
    return "".join(ch for ch in folded if ch.isalnum())


def open_checked(data: bytes) -> str:
    """Open the .docx as python-docx does, parse every XML part, and return the text of
    the body in order."""
    d = docx.Document(io.BytesIO(data))
    assert d.sections, "no section"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))  # raises on malformed XML
        body = etree.fromstring(z.read("word/document.xml"))
    parts = []
    for el in body.iter():
        tag = etree.QName(el).localname
        if tag == "t":
            assert unicodedata.is_normalized("NFC", el.text or ""), f"text not in NFC: {el.text!r}"
            parts.append(el.text or "")
        elif tag in ("p", "br", "tab", "noBreakHyphen"):  # what separates texts, as Word shows them
            parts.append("\n")
    return "".join(parts)


def _texts_of(value) -> list[str]:
    """The strings inside a runs-like value (a str, a Run, a list of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Run):
        return [value.text]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts_of(v)]
    return []


def expected_texts(vb: VanBan) -> list[tuple[str, str]]:
    """(what, text) for every text the written document must show."""
    out = [("co_quan", vb.co_quan), ("dia_danh", vb.dia_danh), ("ky_hieu", vb.ky_hieu_day_du)]
    for name in ("co_quan_chu_quan", "trich_yeu", "tham_quyen"):
        if getattr(vb, name):
            out.append((name, getattr(vb, name)))
    if vb.ky_hieu_soan_thao and noi_nhan_lines(vb):  # under the Nơi nhận list: none, no line
        out.append(("ky_hieu_soan_thao", vb.ky_hieu_soan_thao))
    for name in ("kinh_gui", "can_cu", "noi_nhan", "luu"):
        out += [(name, v) for v in getattr(vb, name)]
    if vb.nguoi_ky:
        out += [("nguoi_ky", vb.nguoi_ky.ho_ten), *(("chuc_vu", v) for v in vb.nguoi_ky.dong_chuc_danh)]

    def blocks(items, where):
        for b in items:
            if hasattr(b, "text"):
                out.append((f"{where}.{type(b).__name__}", "".join(r.text for r in b.text)))
            if getattr(b, "caption", None):
                out.append((f"{where}.caption", b.caption))
            for row in getattr(b, "rows", []):
                out.extend((f"{where}.cell", "".join(r.text for r in c.text)) for c in row)

    blocks(vb.blocks, "blocks")
    for pl in vb.phu_luc:
        out.append(("phu_luc", pl.tieu_de))
        if pl.ghi_chu:
            out.append(("ghi_chu", pl.ghi_chu))
        blocks(pl.blocks, "phu_luc")
    return out


def write_or_refuse(make) -> tuple[VanBan, str] | None:
    """Build with ``make()`` and write: ``None`` when baocao refuses with its own error,
    else the document and the text of its body (checked to open and parse)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            vb = make()
            data = vb.to_bytes()
        except BaoCaoError as exc:
            event(f"refused: {type(exc).__name__}: " + re.sub(r"/tmp\S*", "", str(exc))[:70])
            return None
    event("written")
    return vb, open_checked(data)


def assert_shows(vb: VanBan, body: str) -> None:
    shown = letters(body)
    for what, value in expected_texts(vb):
        assert letters(value) in shown, f"{what}: {value!r} is not in the document"


# ============================================================================ model level


@fuzz_settings(200)
@given(documents(wild=False))
@example(({"co_quan": "A", "dia_danh": "B", "viet_tat_co_quan": "C", "trich_yeu": "a\x07\u0301 <&>]]>"}, [], []))
@example(({"co_quan": "Xῗ", "dia_danh": "B\u00a0C", "viet_tat_co_quan": "\u0301X", "trich_yeu": "XA\x0b\u0301"},
          [], []))
def test_model_fuzz(doc) -> None:
    """Arbitrary text in every field, block and cell of values of the right kinds."""
    fields, calls, appendices = doc
    written = write_or_refuse(lambda: build(fields, calls, appendices))
    if written:
        assert_shows(*written)


@fuzz_settings(150)
@given(documents(wild=True))
def test_model_fuzz_wrong_values(doc) -> None:
    """Values of any kind, out of range or inconsistent (ragged rows, spans, levels)."""
    fields, calls, appendices = doc
    written = write_or_refuse(lambda: build(fields, calls, appendices))
    if written:
        assert_shows(*written)


# ============================================================================ template level

TEMPLATE = """\
---
loai: "{{ loai }}"
co_quan_chu_quan: "{{ co_quan_chu_quan }}"
co_quan: "{{ co_quan }}"
viet_tat_co_quan: "{{ viet_tat_co_quan }}"
don_vi_soan_thao: "{{ don_vi_soan_thao }}"
so: "{{ so }}"
ky_hieu: "{{ ky_hieu }}"
dia_danh: "{{ dia_danh }}"
ngay: "{{ ngay }}"
trich_yeu: "{{ trich_yeu }}"
kinh_gui: ["{{ kinh_gui }}", "{{ kinh_gui_2 }}"]
tham_quyen: "{{ tham_quyen }}"
can_cu: ["{{ can_cu }}"]
noi_nhan: ["{{ noi_nhan }}"]
luu: ["{{ luu }}"]
ky_hieu_soan_thao: "{{ ky_hieu_soan_thao }}"
nguoi_ky: {ho_ten: "{{ ho_ten }}", chuc_vu: "{{ chuc_vu }}", quyen_han: "{{ quyen_han }}", thay_mat: "{{ thay_mat }}"}
do_khan: "{{ do_khan }}"
do_mat: "{{ do_mat }}"
danh_so: "{{ danh_so }}"
thuoc_tinh: {tieu_de: "{{ tieu_de }}", tac_gia: "{{ tac_gia }}"}
---
# {{ h1 }}

{{ p1 }}

## {{ h2 }} và {{ so }}

- {{ b1 }}
+ {{ b2 }}

{{ table(df, stt=stt, total=total, caption=caption) }}

| {{ c1 }} | Cột {{ c2 }} |
|---|--:|
| {{ c3 }} | {{ c4 }} |

{{ body }}

Đoạn cuối: {{ p2 }}

# Phụ lục: Bảng {{ pl }}

{{ p3 }}
"""

TEXT_VARS = ("co_quan_chu_quan", "don_vi_soan_thao", "ky_hieu",
             "kinh_gui", "kinh_gui_2", "tham_quyen", "can_cu", "noi_nhan", "luu", "ky_hieu_soan_thao",
             "chuc_vu", "tieu_de", "tac_gia", "b1", "b2", "caption", "c1", "c2",
             "c3", "c4", "p1", "p2", "p3", "pl")
def mostly(good: st.SearchStrategy, bad: st.SearchStrategy) -> st.SearchStrategy:
    """``good`` nine times in ten, ``bad`` otherwise (not on 0 nor the top: hypothesis draws
    the bounds of a range more often, and shrinks towards the good values)."""
    return st.integers(0, 9).flatmap(lambda i: bad if i == 5 else good)


#: Data values: text mostly, and whatever else data holds (numbers, dates, None, lists).
other_data = st.one_of(numbers_, st.none(), st.booleans(), st.dates(), st.datetimes(), st.lists(text, max_size=2),
                       st.dictionaries(st.text(max_size=2), text, max_size=2))
data_value = mostly(text, other_data)
column_name = st.one_of(text, st.just(""), st.sampled_from(["a", "a", "STT", "Tổng cộng", None, 0, 1, 1.5,
                                                            float("nan"), True]),
                        st.integers(), st.tuples(st.text(max_size=3), st.text(max_size=3)))


def _no_snan(value):
    """pandas cannot print a frame holding Decimal("sNaN") (hypothesis prints failing examples)."""
    return Decimal("NaN") if isinstance(value, Decimal) and value.is_snan() else value


@st.composite
def frames(draw):
    """A DataFrame of arbitrary cells and column names (duplicates, empty, numbers)."""
    cols = draw(mostly(st.integers(1, 4), st.just(0)))
    names = draw(st.lists(column_name, min_size=cols, max_size=cols))
    kinds = draw(st.lists(st.sampled_from(["mixed", "float", "int", "text"]), min_size=cols, max_size=cols))
    nrows = draw(mostly(st.integers(1, 5), st.just(0)))
    columns = []
    for kind in kinds:
        value = {"mixed": plain_cell.map(_no_snan),
                 "float": st.floats(), "int": st.integers(-(2**63), 2**63 - 1), "text": text}[kind]
        columns.append(draw(st.lists(value, min_size=nrows, max_size=nrows)))
    df = pd.DataFrame(dict(enumerate(columns)), index=range(nrows)) if cols else pd.DataFrame(index=range(nrows))
    df.columns = pd.Index(names, dtype=object, tupleize_cols=False) if cols else df.columns
    return df


template_data = st.fixed_dictionaries({
    **{name: data_value for name in TEXT_VARS},
    "loai": mostly(st.sampled_from([*LOAI_VAN_BAN, "Báo cáo", "BC"]), data_value),
    **{name: mostly(nonblank, data_value) for name in ("co_quan", "dia_danh", "ho_ten", "viet_tat_co_quan",
                                                        "trich_yeu", "thay_mat", "h1", "h2")},
    "so": mostly(st.one_of(st.none(), st.integers(1, 9999)), data_value),
    "quyen_han": mostly(st.one_of(st.just(""), st.sampled_from(list(QUYEN_HAN))), data_value),
    "do_khan": mostly(st.one_of(st.just(""), st.sampled_from(list(DO_KHAN))), data_value),
    "do_mat": mostly(st.one_of(st.just(""), st.sampled_from(list(DO_MAT))), data_value),
    "danh_so": mostly(st.one_of(st.just(""), st.sampled_from(list(SCHEMES))), data_value),
    "ngay": mostly(st.one_of(st.just(""), st.dates()), data_value),
    "stt": st.booleans(), "total": st.booleans(),
    "df": frames(),
    "body": st.one_of(st.just(Markdown("")), text.map(Markdown),
                      st.lists(st.sampled_from(PIECES), max_size=12).map("".join).map(Markdown),
                      st.lists(st.one_of(st.sampled_from(PIECES), text), max_size=6).map("\n\n".join).map(Markdown)),
})


@pytest.fixture(scope="module")
def template_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "fuzz.md.j2"
    path.write_text(TEMPLATE, encoding="utf-8")
    (folder / "a.png").write_bytes(PNG)
    return path


def render_or_refuse(template: Path, data: dict) -> tuple[VanBan, str] | None:
    def make() -> VanBan:
        try:
            return baocao.render(template, data)
        except BaoCaoError as exc:  # a Python exception turned into a message is still a bug
            assert not re.search(r"lỗi khi điền mẫu: (?!TemplateError|DataError|ModelError|LayoutError)\w+:",
                                 str(exc)), f"internal error behind a TemplateError: {exc}"
            raise

    return write_or_refuse(make)


@fuzz_settings(100)
@given(template_data)
def test_template_fuzz(template_file, data) -> None:
    written = render_or_refuse(template_file, data)
    if written:
        vb, body = written
        assert_shows(vb, body)
        shown = letters(body)
        for name in ("p1", "p2", "p3", "c1", "c3", "trich_yeu"):
            if isinstance(data[name], str):
                assert letters(data[name]) in shown, f"{name}: {data[name]!r} is not in the document"


@fuzz_settings(100)
@given(frames(), st.booleans(), st.booleans(), st.one_of(st.none(), st.integers(-1, 3), WILD))
def test_table_from_data_fuzz(df, stt, total, decimals) -> None:
    """``table_from_data`` on arbitrary frames: a table, or a :class:`BaoCaoError`."""
    try:
        table = table_from_data(df, stt=stt, total=total, decimals=decimals)
    except BaoCaoError:
        return
    written = write_or_refuse(lambda: _with_table(table))
    if written:
        assert_shows(*written)


def _with_table(table) -> VanBan:
    vb = VanBan(co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", dia_danh="Trà Vinh")
    vb.add(table)
    return vb


# ============================================================================ LibreOffice (sampled)

@needs_office
@settings(max_examples=examples(5), deadline=None, suppress_health_check=list(HealthCheck))
@given(documents(wild=False))
def test_libreoffice_converts_fuzzed_documents(tmp_path_factory, doc) -> None:
    fields, calls, appendices = doc
    written = write_or_refuse(lambda: build(fields, calls, appendices))
    assume(written is not None)
    vb, _ = written
    folder = tmp_path_factory.mktemp("pdf")
    pdf = vb.to_pdf(folder / "fuzz.pdf")
    assert pdf.exists() and pdf_pages(pdf) >= 1


# ============================================================================ regressions


# Each bug the fuzzing found, as a plain test.


def _minimal(**over) -> VanBan:
    fields = dict(co_quan="Sở Xây dựng", viet_tat_co_quan="SXD", dia_danh="Trà Vinh")
    fields.update(over)
    return VanBan(**fields)


def test_frame_without_columns_is_a_data_error() -> None:
    """Was ``ValueError: max() arg is an empty sequence`` from header_cells."""
    with pytest.raises(DataError, match="không có cột"):
        table_from_data(pd.DataFrame(index=range(2)))
    with pytest.raises(DataError, match="không có cột"):
        table_from_data([{}, {}])


def test_numbers_too_big_to_write_are_data_errors() -> None:
    """Was ``decimal.InvalidOperation`` (a billion-digit quantize); a huge number of
    decimals would build a number of that many digits."""
    with pytest.raises(DataError, match="quá lớn"):
        _minimal().table([["a"], [Decimal("1E+999999999")]])
    with pytest.raises(DataError, match="thập phân"):
        so(1.5, 10**6)
    assert so(10**30) == "1" + ".000" * 10  # big, but writable


def test_broken_or_empty_pictures_are_model_errors() -> None:
    """Was ``UnicodeDecodeError`` from python-docx's PNG parser, and a division by zero for a
    picture of width 0."""
    broken = bytes.fromhex(  # the one the fuzzing found: chunk lengths off by one
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4f40000000049454e44ae426082")
    bad_chunk = PNG[:37] + b"\xff\xfe\xfd\xfc" + PNG[41:]
    zero = PNG[:16] + b"\x00\x00\x00\x00" + PNG[20:]
    for blob in (broken, bad_chunk, zero, b"\x89PNG\r\n\x1a\n"):
        vb = _minimal()
        vb.image(blob)
        with pytest.raises(ModelError, match="ảnh"):
            vb.to_bytes()


def test_document_dates_out_of_range_in_utc() -> None:
    """Was ``OverflowError: date value out of range`` when docProps turned the date to UTC;
    years before 1000 were written with fewer than four digits."""
    with pytest.raises(ModelError, match="ngay_tao"):
        _minimal(thuoc_tinh={"ngay_tao": dt.datetime(1, 1, 1)})
    with pytest.raises(ModelError, match="ngay_sua"):
        _minimal(thuoc_tinh={"ngay_sua": dt.datetime(9999, 12, 31, 20, tzinfo=dt.timezone(-dt.timedelta(hours=5)))})
    data = _minimal(thuoc_tinh={"ngay_tao": dt.datetime(5, 1, 1, 12)}).to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"0005-01-01T05:00:00Z" in z.read("docProps/core.xml")


def test_table_rows_that_are_not_lists_are_model_errors() -> None:
    """``vb.table(None)``, a row that is a number, ``align=5``: were ``TypeError``."""
    vb = _minimal()
    for rows, options in ((None, {}), (5, {}), ("abc", {}), ([1, 2], {}), ([["a"], None], {}),
                          ([["a"]], {"align": 5}), ([["a"]], {"widths": 1.0}), ([["a"]], {"align": "left"})):
        with pytest.raises(ModelError):
            vb.table(rows, **options)
    assert not vb.blocks


def test_missing_values_are_empty_cells() -> None:
    """``pd.NaT`` in a cell was ``DataError: thiếu ngày``, ``pd.NA`` was written ``<NA>``;
    a time of day in a data table was ``DataError: ... không phải là ngày``."""
    vb = _minimal()
    t = vb.table([["a", "b", "c", "d"], [pd.NA, pd.NaT, None, float("nan")]])
    assert [c.text[0].text for c in t.rows[1]] == ["", "", "", ""]
    rows = table_from_data([{"gio": dt.time(8, 30), "ngay": dt.date(2020, 12, 29)}]).rows
    assert [c.text[0].text for c in rows[1]] == ["08:30:00", "29/12/2020"]


def test_blank_date_text_is_no_date() -> None:
    """``ngay: "{{ ngay | default('') }}"`` was ``ngày '' không hợp lệ (invalid literal for int() …)``."""
    assert _minimal(ngay="").ngay is None
    assert _minimal(ngay="  ").ngay is None


def test_dropped_control_characters_leave_text_in_nfc() -> None:
    """A control character between a letter and its mark was dropped after normalising, so
    the text written was not NFC."""
    from baocao.writers.ooxml import esc

    assert esc("a\x07\u0301") == "\u00e1"
    body = open_checked(_minimal(trich_yeu="Tổng kê\x01\u0301t").to_bytes())
    assert "Tổng kế" in body


def test_ints_too_long_to_print_in_messages() -> None:
    """An int of 5000 digits in an error message was ``ValueError: Exceeds the limit (4300 digits)``;
    one beyond a float's range was ``OverflowError`` in the positive-number check."""
    vb = _minimal()
    with pytest.raises(ModelError, match="quá dài"):
        vb.bullet("x", 10**5000)
    with pytest.raises(ModelError, match="font_size"):
        vb.table([["a"]], font_size=10**400)
    with pytest.raises(ModelError, match="widths"):
        vb.table([["a"]], widths=[10**400])
    with pytest.raises(ModelError, match="level"):
        vb.heading("x", 10**5000)


def test_font_sizes_and_widths_word_can_hold() -> None:
    """A font size of 1e308 was ``OverflowError`` when written in half-points (1e-300 gave size 0);
    relative widths of 1e308 were ``ValueError``/``OverflowError`` when scaled to the page."""
    for size in (1e308, 1e-300, 0.5, 1639):
        with pytest.raises(ModelError, match="cỡ chữ"):
            _minimal().table([["a"]], font_size=size)
    for widths in ([1e308, 1e308], [1.7976931348623157e308, 1]):
        vb = _minimal()
        vb.table([["a", "b"]], widths=widths)
        open_checked(vb.to_bytes())


def test_merged_cells_in_every_row_and_their_limit() -> None:
    """Rows that all merge cells made the automatic alignment one entry per cell, not per
    column (``align cần 2 giá trị``); a colspan of 10¹² ran out of memory."""
    vb = _minimal()
    t = vb.table([[Cell("Nhóm", colspan=2)], [Cell("a", colspan=2)]])
    assert t.align == ["left", "left"]
    assert "Nhóm" in open_checked(vb.to_bytes())
    with pytest.raises(ModelError, match="colspan"):
        Cell("x", colspan=10**12)


def test_block_marks_typed_in_trusted_markdown(template_file) -> None:
    """A placeholder mark typed in ``Markdown(...)`` was ``IndexError`` (no such table) or
    ``ValueError`` (a number of 5000 digits)."""
    path = template_file.parent / "marks.md.j2"
    path.write_text("---\nco_quan: Sở\nviet_tat_co_quan: S\ndia_danh: Trà Vinh\n---\n{{ body }}\n", encoding="utf-8")
    for body in ("\ue0019\ue001", "\ue001" + "9" * 5000 + "\ue001"):
        with pytest.raises(TemplateError, match="U\\+E001"):
            baocao.render(path, body=Markdown(body))


def test_document_numbers_that_int_cannot_read() -> None:
    """``so_van_ban("²")`` was ``ValueError`` (``"²".isdigit()`` but ``int("²")`` fails), a
    5000-digit int was ``ValueError`` in ``str()``, ``so(x, 10**5000)`` in the message."""
    for value in ("²", 10**5000, "1" * 30):
        with pytest.raises(ModelError, match="số văn bản"):
            so_van_ban(value, "KH-SXD")
    with pytest.raises(DataError, match="thập phân"):
        so(1, 10**5000)


def test_header_lines_keep_no_break_spaces_and_marks() -> None:
    """Centred header texts were broken into words by ``str.split()``: a no-break space became a
    breaking one, and a dropped control character (``\\x0b``) parted a letter from its mark."""
    vb = _minimal(co_quan="Sở\u00a0Xây dựng", trich_yeu="Tổng kết XA\x0b\u0301")
    body = open_checked(vb.to_bytes())
    assert "SỞ\u00a0XÂY" in body and "XÁ" in body


def test_date_with_a_year_past_a_c_long() -> None:
    """``ngay="1/1/99999999999999999999"`` was ``OverflowError`` from ``datetime.date``."""
    with pytest.raises(ModelError, match="ngay"):
        _minimal(ngay="1/1/99999999999999999999")
