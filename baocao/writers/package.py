"""The OPC package around ``word/document.xml``: fixed parts and the zip file.

The parts besides the body never change between documents except for the
images, so they are kept here as text and written with fixed zip timestamps:
the same document always gives the same bytes. Those that depend only on the
layout's sizes are zipped once per process; each document's zip starts from a copy.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..layout import Layout, Sizes
from ..records import FrozenRecord
from .ooxml import esc

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

HEADER_PAGE_NUMBER = "rIdHeaderPage"
HEADER_FIRST = "rIdHeaderFirst"


@dataclass(frozen=True, repr=False, eq=False)
class Media(FrozenRecord):
    """An embedded picture: its relationship id, part name and bytes."""

    rid: str
    name: str  # e.g. "image1.png"
    content_type: str
    blob: bytes


def _content_types(media_types: Iterable[tuple[str, str]]) -> str:
    """[Content_Types].xml for the pictures' (extension, content type) pairs."""
    defaults = "".join(f'<Default Extension="{e}" ContentType="{ct}"/>' for e, ct in media_types)
    ov = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    return (
        f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{defaults}"
        f'<Override PartName="/word/document.xml" ContentType="{ov}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{ov}.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{ov}.settings+xml"/>'
        f'<Override PartName="/word/fontTable.xml" ContentType="{ov}.fontTable+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{ov}.header+xml"/>'
        f'<Override PartName="/word/header2.xml" ContentType="{ov}.header+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )


_ROOT_RELS = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)


def _document_rels(media: list[Media]) -> str:
    images = "".join(f'<Relationship Id="{m.rid}" Type="{_REL}/image" Target="media/{m.name}"/>'
                     for m in media)
    return (
        f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdStyles" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdSettings" Type="{_REL}/settings" Target="settings.xml"/>'
        f'<Relationship Id="rIdFonts" Type="{_REL}/fontTable" Target="fontTable.xml"/>'
        f'<Relationship Id="{HEADER_PAGE_NUMBER}" Type="{_REL}/header" Target="header1.xml"/>'
        f'<Relationship Id="{HEADER_FIRST}" Type="{_REL}/header" Target="header2.xml"/>'
        f"{images}</Relationships>"
    )


def _styles(s: Sizes) -> str:
    font = esc(s.font)
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
    hp = round(s.body * 2)
    return (
        f'{_DECL}<w:styles xmlns:w="{W_NS}">'
        f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:color w:val="000000"/>'
        f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>'
        f'<w:lang w:val="{s.language}" w:eastAsia="{s.language}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/><w:pPr><w:widowControl/></w:pPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        "</w:styles>"
    )


_SETTINGS = (
    f'{_DECL}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>{update}'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="vi-VN"/></w:settings>'
)


def _font_table(s: Sizes) -> str:
    return (f'{_DECL}<w:fonts xmlns:w="{W_NS}"><w:font w:name="{esc(s.font)}">'
            '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/>'
            '<w:pitch w:val="variable"/></w:font></w:fonts>')


def _header_page_number(s: Sizes) -> str:
    """Default header: the page number, centred, upright (spec §1)."""
    hp = round(s.page_number * 2)
    rp = f'<w:rPr><w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/></w:rPr>'
    return (
        f'{_DECL}<w:hdr xmlns:w="{W_NS}"><w:p><w:pPr><w:jc w:val="center"/>{rp}</w:pPr>'
        f'<w:r>{rp}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rp}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rp}<w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r>{rp}<w:t>2</w:t></w:r>'
        f'<w:r>{rp}<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
    )


_HEADER_FIRST = f'{_DECL}<w:hdr xmlns:w="{W_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p></w:hdr>'


def _w3cdtf(value: object) -> str:
    """A datetime as the W3CDTF text of docProps (UTC, seconds)."""
    assert isinstance(value, dt.datetime)
    utc = value.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    return utc.isoformat() + "Z"  # four-digit years, also before 1000 (strftime writes "1")


def _core(title: str, language: str, props: Mapping[str, object]) -> str:
    """docProps/core.xml: the title and language, and only the properties the caller set —
    no dates unless given, so the same input gives the same bytes."""
    parts = [f"<dc:title>{esc(title)}</dc:title>"]
    for key, tag in (("chu_de", "dc:subject"), ("tac_gia", "dc:creator"), ("tu_khoa", "cp:keywords"),
                     ("mo_ta", "dc:description")):
        if props.get(key):
            parts.append(f"<{tag}>{esc(str(props[key]))}</{tag}>")
    parts.append(f"<dc:language>{language}</dc:language><cp:lastModifiedBy>baocao</cp:lastModifiedBy>")
    for key, tag in (("ngay_tao", "dcterms:created"), ("ngay_sua", "dcterms:modified")):
        if props.get(key):
            parts.append(f'<{tag} xsi:type="dcterms:W3CDTF">{_w3cdtf(props[key])}</{tag}>')
    return (
        f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(parts) + "</cp:coreProperties>"
    )


_APP = (f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>baocao</Application></Properties>")


#: zlib level of the XML parts: 3 deflates 3× faster than the default 6 for about 15 % more bytes
#: (a 6-page report: 7.6 KB against 6.6 KB of document.xml).
_DEFLATE_LEVEL = 3
_STORE_BELOW = 1024  # bytes
_PIECES = 1 << 20  # characters of XML encoded at a time


def _encoded(pieces: Sequence[str | Iterable[bytes]]) -> Iterator[bytes]:
    """The body's pieces as UTF-8: the text ones joined a megabyte or so at a time, the others
    (rows of big tables, made as they are read) as they come."""
    waiting: list[str] = []
    size = 0
    for piece in pieces:
        if not isinstance(piece, str):
            if waiting:
                yield "".join(waiting).encode("utf-8")
                waiting, size = [], 0
            yield from piece
            continue
        waiting.append(piece)
        size += len(piece)
        if size >= _PIECES:
            yield "".join(waiting).encode("utf-8")
            waiting, size = [], 0
    if waiting:
        yield "".join(waiting).encode("utf-8")


def _may_pass_2gib(pieces: Sequence[str | Iterable[bytes]]) -> bool:
    """Whether document.xml may pass the zip format's 2 GiB (then its sizes are written in the
    ZIP64 form, which zipfile must know before it starts): UTF-8 takes at most 4 bytes a character;
    rows still to be made say how big they can get."""
    most = 0
    for piece in pieces:
        most += 4 * len(piece) if isinstance(piece, str) else getattr(piece, "most_bytes", lambda: 1 << 31)()
    return most >= zipfile.ZIP64_LIMIT


@functools.lru_cache(maxsize=32)
def _fixed_zip(sizes: Sizes, media_types: tuple[tuple[str, str], ...], update_fields: bool) -> bytes:
    """A zip of the parts that depend only on the font sizes, the kinds of pictures and whether Word
    updates the fields: made once per process for each, and every document's zip starts from a copy
    (a part of 1 KB costs a fresh deflate stream — ~30 µs — each time it is compressed)."""
    layout_parts: list[tuple[str, str]] = [
        ("[Content_Types].xml", _content_types(media_types)),
        ("_rels/.rels", _ROOT_RELS),
        ("docProps/app.xml", _APP),
        ("word/styles.xml", _styles(sizes)),
        ("word/settings.xml", _SETTINGS.replace("{update}", '<w:updateFields w:val="true"/>' if update_fields else "")),
        ("word/fontTable.xml", _font_table(sizes)),
        ("word/header1.xml", _header_page_number(sizes)),
        ("word/header2.xml", _HEADER_FIRST),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=_DEFLATE_LEVEL) as zf:
        for name, text in layout_parts:
            _write_part(zf, name, text.encode("utf-8"))
    return buf.getvalue()


def _write_part(zf: zipfile.ZipFile, name: str, raw: bytes) -> None:
    info = zipfile.ZipInfo(name, _ZIP_TIME)
    info.external_attr = 0o644 << 16
    # pictures (PNG, JPEG) are compressed already, and a part of a few hundred bytes
    # gains nothing: stored as they are
    stored = name.startswith("word/media/") or len(raw) < _STORE_BELOW
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    zf.writestr(info, raw, compresslevel=_DEFLATE_LEVEL)


def zip_package(body: str | Sequence[str | Iterable[bytes]], media: list[Media], layout: Layout, title: str,
                props: Mapping[str, object] | None = None, *, update_fields: bool = False) -> bytes:
    """The .docx bytes: fixed parts, the body (its XML, or pieces of it: text, or UTF-8 chunks)
    and the media, with fixed timestamps; ``update_fields`` asks Word to update the fields (a
    table of contents) when it opens the file. The body is compressed as it is encoded: a
    document of 200,000 table rows never holds its XML as one string."""
    media_types = tuple(sorted({m.name.rsplit(".", 1)[1]: m.content_type for m in media}.items()))
    buf = io.BytesIO(_fixed_zip(layout.sizes, media_types, update_fields))
    pieces = [body] if isinstance(body, str) else body
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED, compresslevel=_DEFLATE_LEVEL) as zf:
        _write_part(zf, "docProps/core.xml", _core(title, layout.sizes.language, props or {}).encode("utf-8"))
        _write_part(zf, "word/_rels/document.xml.rels", _document_rels(media).encode("utf-8"))
        info = zipfile.ZipInfo("word/document.xml", _ZIP_TIME)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = _DEFLATE_LEVEL  # type: ignore[attr-defined]  # what writestr sets
        with zf.open(info, "w", force_zip64=_may_pass_2gib(pieces)) as stream:
            stream.write(f"{_DECL}<w:document {NAMESPACES}><w:body>".encode())
            for chunk in _encoded(pieces):
                stream.write(chunk)
            stream.write(b"</w:body></w:document>")
        for m in media:
            _write_part(zf, f"word/media/{m.name}", m.blob)
    return buf.getvalue()
