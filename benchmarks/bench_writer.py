"""Benchmark: one Vietnamese report written three ways, in one process and one run.

What is measured
----------------
The same synthetic *báo cáo* of the Sở Xây dựng Trà Vinh (header block, title,
Kính gửi, 10 numbered headings over 3 levels, 60 body paragraphs of 25-45 words
with some bold and italic runs, 5 ``-`` bullets, a 30-row x 4-column table, the
Nơi nhận / signature block) is produced as ``.docx`` bytes by:

1. **baocao** - build the :class:`baocao.VanBan` model and call ``to_bytes()``
   (timed together; ``to_bytes()`` alone and the model build alone are also timed);
2. **docxtpl** - a Jinja-tagged ``.docx`` template with the same layout, built
   once with python-docx into a temporary directory before any timing; each
   iteration builds the context (``RichText`` for the bold/italic runs), opens a
   fresh ``DocxTemplate(path)``, calls ``render(context)`` and ``save(BytesIO)``,
   as a user producing one document per call would;
3. **python-docx** - ``Document()``, ``add_paragraph``/``add_run``/``add_table``
   and ``save(BytesIO)``, formatting set once on the Normal style.

The content is generated deterministically (fixed sentence bank, fixed random
seed) outside the timings. Before timing, each method's output is opened with
python-docx and checked: the data table must have the same rows and cell texts
as the content (header + 30 rows), and every heading, paragraph and bullet text
must be present, so broken output is never benchmarked.

The methods are interleaved round-robin (rotating order each round) after a few
warm-up rounds so that drift on a shared machine spreads evenly; each figure is
the median of ``--repeat`` rounds (default 50) with its IQR and min/max, using
``time.perf_counter``. The garbage collector stays enabled during each call (as
in real use) but is run, untimed, before each call, so that no method pays for
the garbage of the one before it.

Finally baocao's writer alone (``to_bytes()`` on a prebuilt model) is timed on
tables of 100 / 1,000 / 10,000 rows to show the cost per row is flat.

Results go to stdout and to the "writer" section of ``benchmarks/RESULTS.md``::

    python benchmarks/bench_writer.py [--repeat 50] [--warmup 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, RichText

from baocao.model import NguoiKy, Run, VanBan
from baocao.numbering import SCHEMES, Numberer

SEED = 20201229
BASE = "baocao (build + write)"
DOCXTPL = "docxtpl (context + load + render + save)"
PYTHON_DOCX = "python-docx (build + save)"
HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- content

Style = Literal["", "b", "i"]
Segment = tuple[str, Style]  # a piece of text and its formatting: "" plain, "b" bold, "i" italic


@dataclass(frozen=True)
class Block:
    """One body block, independent of any library."""

    kind: Literal["heading", "paragraph", "bullet", "table"]
    segments: tuple[Segment, ...] = ()
    level: int = 1
    label: str = ""  # heading number (I., 1., a)); baocao computes its own

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.segments)


@dataclass(frozen=True)
class Content:
    """Everything the three methods write."""

    co_quan: str
    viet_tat: str
    so: int
    ky_hieu: str
    dia_danh: str
    ngay: dt.date
    trich_yeu: str
    kinh_gui: str
    noi_nhan: tuple[str, ...]
    luu: tuple[str, ...]
    ky_quyen_han: str
    ky_thay_mat: str
    ky_chuc_vu: str
    ky_ho_ten: str
    blocks: tuple[Block, ...]
    table_header: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...]

    @property
    def so_ky_hieu(self) -> str:
        return f"Số: {self.so}/{self.ky_hieu}"

    @property
    def dia_danh_ngay(self) -> str:
        d = self.ngay
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        return f"{self.dia_danh}, ngày {d.day:02d} tháng {month} năm {d.year}"

    @property
    def table_index(self) -> int:
        """Where the data table stands (the end of the body for a document without one)."""
        return next((i for i, b in enumerate(self.blocks) if b.kind == "table"), len(self.blocks))

    @property
    def has_table(self) -> bool:
        return any(b.kind == "table" for b in self.blocks)


SENTENCES = (
    "Năm 2020, Sở Xây dựng đã tập trung triển khai đồng bộ các nhiệm vụ được Ủy ban nhân dân tỉnh "
    "giao, bám sát kế hoạch công tác và chương trình hành động của ngành.",
    "Công tác quản lý nhà nước về quy hoạch xây dựng, phát triển đô thị và nhà ở tiếp tục được "
    "tăng cường, góp phần hoàn thành các chỉ tiêu kinh tế - xã hội của tỉnh.",
    "Sở đã phối hợp chặt chẽ với Ủy ban nhân dân các huyện, thị xã, thành phố trong việc rà soát, "
    "điều chỉnh quy hoạch chung các đô thị trên địa bàn.",
    "Việc tiếp nhận và giải quyết hồ sơ thủ tục hành chính được thực hiện qua Trung tâm Phục vụ "
    "hành chính công, bảo đảm đúng thời gian quy định.",
    "Tỷ lệ hồ sơ giải quyết trước và đúng hạn đạt trên 98%, không có hồ sơ tồn đọng kéo dài "
    "gây phiền hà cho tổ chức và công dân.",
    "Công tác thanh tra, kiểm tra trật tự xây dựng được duy trì thường xuyên, kịp thời phát hiện "
    "và xử lý các trường hợp vi phạm theo đúng quy định của pháp luật.",
    "Chất lượng các công trình xây dựng trên địa bàn tỉnh cơ bản được kiểm soát, chưa để xảy ra "
    "sự cố công trình nghiêm trọng gây thiệt hại về người và tài sản.",
    "Sở đã tổ chức thẩm định dự án, thiết kế xây dựng triển khai sau thiết kế cơ sở đối với các "
    "công trình sử dụng vốn đầu tư công theo phân cấp.",
    "Chương trình phát triển nhà ở xã hội cho người thu nhập thấp và công nhân các khu công nghiệp "
    "tiếp tục được quan tâm chỉ đạo thực hiện.",
    "Hệ thống cấp nước sạch đô thị được đầu tư mở rộng, tỷ lệ dân cư đô thị được sử dụng nước sạch "
    "đạt khoảng 98,5% so với kế hoạch đề ra.",
    "Công tác quản lý chất thải rắn sinh hoạt tại các đô thị từng bước đi vào nền nếp, tỷ lệ thu "
    "gom và xử lý ngày càng được nâng lên.",
    "Việc ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính được đẩy mạnh, nhiều "
    "thủ tục đã được cung cấp trực tuyến ở mức độ 3 và mức độ 4.",
    "Đội ngũ cán bộ, công chức của Sở không ngừng được nâng cao về trình độ chuyên môn, nghiệp vụ "
    "và tinh thần trách nhiệm trong thực thi công vụ.",
    "Bên cạnh những kết quả đạt được, công tác quản lý trật tự xây dựng ở một số địa phương vẫn "
    "còn hạn chế, tình trạng xây dựng không phép vẫn còn xảy ra.",
    "Nguồn vốn bố trí cho công tác lập quy hoạch còn hạn hẹp, ảnh hưởng đến tiến độ lập, điều "
    "chỉnh quy hoạch chi tiết các khu chức năng.",
    "Một số chủ đầu tư chưa thực hiện đầy đủ trách nhiệm trong quản lý chất lượng công trình, "
    "hồ sơ hoàn thành công trình còn thiếu sót.",
    "Nguyên nhân chủ yếu là do hệ thống văn bản quy phạm pháp luật về xây dựng thường xuyên thay "
    "đổi, một số quy định chưa có hướng dẫn cụ thể.",
    "Lực lượng cán bộ làm công tác quản lý xây dựng ở cấp huyện và cấp xã còn mỏng, kiêm nhiệm "
    "nhiều việc nên chưa đáp ứng yêu cầu nhiệm vụ.",
    "Trong năm 2021, Sở sẽ tiếp tục rà soát, tham mưu Ủy ban nhân dân tỉnh ban hành các văn bản "
    "quản lý thuộc lĩnh vực ngành xây dựng.",
    "Tăng cường công tác kiểm tra, hướng dẫn các địa phương trong việc quản lý quy hoạch, cấp "
    "giấy phép xây dựng và quản lý trật tự xây dựng.",
    "Đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp, phấn đấu "
    "không để xảy ra hồ sơ trễ hạn.",
    "Tiếp tục thực hiện có hiệu quả Chương trình phát triển đô thị tỉnh giai đoạn 2021 - 2025, "
    "tầm nhìn đến năm 2030.",
    "Phối hợp với các sở, ngành liên quan tháo gỡ khó khăn, vướng mắc cho các dự án đầu tư xây "
    "dựng trọng điểm trên địa bàn tỉnh.",
    "Kết quả kiểm tra cho thấy phần lớn các công trình được thi công đúng giấy phép, đúng thiết "
    "kế được phê duyệt và bảo đảm an toàn lao động.",
    "Công tác phổ biến, giáo dục pháp luật về xây dựng được tổ chức dưới nhiều hình thức, góp "
    "phần nâng cao nhận thức của người dân.",
    "Giá vật liệu xây dựng trên địa bàn tương đối ổn định, Sở đã công bố giá vật liệu hằng quý "
    "làm cơ sở lập và quản lý chi phí đầu tư xây dựng.",
    "Thị trường bất động sản có dấu hiệu phục hồi, nhiều dự án khu dân cư, khu đô thị mới được "
    "chấp thuận chủ trương đầu tư.",
    "Việc lập, thẩm định và phê duyệt quy hoạch nông thôn mới được triển khai đồng bộ, đáp ứng "
    "yêu cầu của Chương trình mục tiêu quốc gia.",
)

LEAD_INS = (
    "Về công tác quy hoạch:",
    "Về cấp phép xây dựng:",
    "Về quản lý chất lượng:",
    "Về phát triển nhà ở:",
    "Về hạ tầng kỹ thuật:",
    "Về cải cách hành chính:",
)

CITATIONS = (
    "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ",
    "Luật Xây dựng số 62/2020/QH14 ngày 17/6/2020",
    "Kế hoạch số 35/KH-UBND ngày 10/02/2020 của Ủy ban nhân dân tỉnh",
    "Quyết định số 1234/QĐ-UBND ngày 25/6/2020 của Ủy ban nhân dân tỉnh",
)

OUTLINE: tuple[tuple[int, str, int, int], ...] = (
    # (level, title, paragraphs after it, bullets after it)
    (1, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020", 5, 0),
    (2, "Công tác quy hoạch xây dựng và phát triển đô thị", 6, 0),
    (3, "Quy hoạch chung đô thị", 6, 0),
    (3, "Quy hoạch phân khu và quy hoạch chi tiết", 6, 0),
    (2, "Công tác cấp phép xây dựng và cải cách hành chính", 7, 0),  # the table goes here
    (2, "Công tác quản lý chất lượng công trình xây dựng", 7, 0),
    (1, "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", 5, 0),
    (2, "Tồn tại, hạn chế", 6, 0),
    (2, "Nguyên nhân", 6, 0),
    (1, "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2021", 6, 5),
)
TABLE_AFTER_HEADING = 4  # index in OUTLINE; the table follows its second paragraph

LINH_VUC = (
    "Cấp giấy phép xây dựng", "Điều chỉnh giấy phép xây dựng", "Gia hạn giấy phép xây dựng",
    "Cấp lại giấy phép xây dựng", "Thẩm định dự án đầu tư", "Thẩm định thiết kế cơ sở",
    "Thẩm định thiết kế kỹ thuật", "Thẩm định dự toán xây dựng", "Cấp chứng chỉ hành nghề",
    "Cấp chứng chỉ năng lực", "Quy hoạch xây dựng", "Thỏa thuận quy hoạch",
    "Cấp giấy phép quy hoạch", "Nhà ở xã hội", "Công nhận hạng nhà chung cư",
    "Kinh doanh bất động sản", "Chuyển nhượng dự án", "Hạ tầng kỹ thuật đô thị",
    "Cấp nước và thoát nước", "Chiếu sáng đô thị", "Quản lý cây xanh",
    "Vật liệu xây dựng", "Kiểm tra công tác nghiệm thu", "Giám định chất lượng",
    "Phát triển đô thị", "Đặt tên đường, phố", "Cấp số nhà", "Xác nhận nhà ở", "Bán nhà ở cũ",
    "Cho thuê nhà ở công vụ",
)
TABLE_HEADER = ("STT", "Lĩnh vực", "Số hồ sơ", "Tỷ lệ")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def table_rows(n: int, rng: random.Random) -> tuple[tuple[str, ...], ...]:
    """``n`` data rows: STT, Lĩnh vực, Số hồ sơ (1.234), Tỷ lệ (97,5%)."""
    rows = []
    for i in range(1, n + 1):
        name = LINH_VUC[(i - 1) % len(LINH_VUC)]
        rows.append((str(i), name, _thousands(rng.randint(12, 2400)),
                     f"{rng.uniform(85, 100):.1f}%".replace(".", ",")))
    return tuple(rows)


def _paragraph(rng: random.Random, index: int) -> tuple[Segment, ...]:
    """A 25-45 word paragraph; every 4th opens with a bold lead-in, every 5th cites a text in italic."""
    segments: list[Segment] = []
    words = 0
    if index % 4 == 0:
        lead = LEAD_INS[(index // 4) % len(LEAD_INS)]
        segments += [(lead, "b"), (" ", "")]
        words += len(lead.split())
    if index % 5 == 0:
        cite = CITATIONS[(index // 5) % len(CITATIONS)]
        segments += [("Thực hiện ", ""), (cite, "i"), (", ", "")]
        words += 2 + len(cite.split())
    chosen: list[str] = []
    pool = list(SENTENCES)
    rng.shuffle(pool)
    for sentence in pool:
        n = len(sentence.split())
        if words + n > 45:
            continue
        chosen.append(sentence)
        words += n
        if words >= 28:
            break
    assert 25 <= words <= 45, words
    body = " ".join(chosen)
    if segments and segments[-1][0] == ", ":
        body = body[0].lower() + body[1:]  # "Thực hiện …, năm 2020 …"
    segments.append((body, ""))
    return tuple(segments)


def make_content(seed: int = SEED, rows: int = 30) -> Content:
    """The synthetic report; the same seed always gives the same content."""
    rng = random.Random(seed)
    numberer = Numberer(SCHEMES["muc"])  # the báo cáo scheme: I. → 1. → a)
    blocks: list[Block] = []
    count = 0
    for h, (level, title, n_par, n_bullets) in enumerate(OUTLINE):
        blocks.append(Block("heading", ((title, ""),), level, numberer.label(level)))
        for k in range(n_par):
            blocks.append(Block("paragraph", _paragraph(rng, count)))
            count += 1
            if h == TABLE_AFTER_HEADING and k == 1:
                blocks.append(Block("table"))
        for k in range(n_bullets):
            sentence = SENTENCES[18 + k].rstrip(".")
            blocks.append(Block("bullet", ((sentence + (";" if k < n_bullets - 1 else "."), ""),)))
    return Content(
        co_quan="Sở Xây dựng", viet_tat="SXD", so=564, ky_hieu="BC-SXD", dia_danh="Trà Vinh",
        ngay=dt.date(2020, 12, 29),
        trich_yeu="Tổng kết công tác năm 2020 và phương hướng, nhiệm vụ năm 2021",
        kinh_gui="Ủy ban nhân dân tỉnh Trà Vinh",
        noi_nhan=("Như trên", "Bộ Xây dựng", "TT. Tỉnh ủy, TT. HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh",
                  "Giám đốc, các Phó Giám đốc Sở"),
        luu=("VT", "VP"),
        ky_quyen_han="KT.", ky_thay_mat="GIÁM ĐỐC", ky_chuc_vu="PHÓ GIÁM ĐỐC", ky_ho_ten="Nguyễn Văn An",
        blocks=tuple(blocks), table_header=TABLE_HEADER, table_rows=table_rows(rows, rng),
    )


# --------------------------------------------------------------------------- 1. baocao


def _runs(segments: Sequence[Segment]) -> list[Run]:
    return [Run(t, bold=s == "b", italic=s == "i") for t, s in segments]


def _baocao_doc(c: Content) -> VanBan:
    return VanBan(
        loai="bao_cao", co_quan=c.co_quan, viet_tat_co_quan=c.viet_tat, so=c.so, dia_danh=c.dia_danh,
        ngay=c.ngay, trich_yeu=c.trich_yeu, kinh_gui=[c.kinh_gui], noi_nhan=list(c.noi_nhan),
        luu=list(c.luu), nguoi_ky=NguoiKy(c.ky_ho_ten, c.ky_chuc_vu, c.ky_quyen_han, c.ky_thay_mat),
    )


def _baocao_table(vb: VanBan, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    vb.table([header, *rows], widths=[0.6, 3.4, 1.3, 1.1], align=["center", "left", "right", "right"])


def baocao_build(c: Content) -> VanBan:
    """The document model; headings are numbered by the writer."""
    vb = _baocao_doc(c)
    for b in c.blocks:
        if b.kind == "heading":
            vb.heading(_runs(b.segments), b.level)
        elif b.kind == "paragraph":
            vb.paragraph(_runs(b.segments))
        elif b.kind == "bullet":
            vb.bullet(_runs(b.segments))
        else:
            _baocao_table(vb, c.table_header, c.table_rows)
    return vb


def baocao_bytes(c: Content) -> bytes:
    return baocao_build(c).to_bytes()


# --------------------------------------------------------------------------- 2. docxtpl

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def _setup_page(document: DocxDocument) -> None:
    """Decree 30 page and the Normal style: A4, Times New Roman 14, justified, indent, 6 pt before."""
    sec = document.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Mm(12.7)
    pf.space_before, pf.space_after = Pt(6), Pt(0)
    pf.line_spacing = 1.15


def _centre(p: DocxParagraph) -> DocxParagraph:
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Mm(0)
    p.paragraph_format.space_before = Pt(0)
    return p


def _text(cell: _Cell, text: str, *, bold: bool = False, italic: bool = False,
          size: float | None = None, first: bool = False, centre: bool = True) -> None:
    """Add a paragraph with one run to a cell (``first``: reuse the cell's empty paragraph)."""
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    if centre:
        _centre(p)
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.first_line_indent = Mm(0)
    r = p.add_run(text)
    r.bold, r.italic = bold or None, italic or None
    if size:
        r.font.size = Pt(size)


def _data_table(d: DocxDocument) -> None:
    """The data table: header row, then a ``{%tr %}`` row loop."""
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    for j, name in enumerate(TABLE_HEADER):
        _text(t.cell(0, j), name, bold=True, size=13, first=True)
    _text(t.cell(1, 0), "{%tr for r in rows %}", first=True)
    for j, key in enumerate(("stt", "linh_vuc", "so_ho_so", "ty_le")):
        cell = t.cell(2, j)
        _text(cell, f"{{{{ r.{key} }}}}", size=13, first=True, centre=j == 0)
        if j >= 2:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _text(t.cell(3, 0), "{%tr endfor %}", first=True)


def make_template(path: Path, with_table: bool = True) -> None:
    """The docxtpl template, built once with python-docx: same layout as baocao's output
    (``with_table=False``: no data table, for a document without one)."""
    d = docx.Document()
    _setup_page(d)
    # header block: agency | Quốc hiệu, Tiêu ngữ ; số, ký hiệu | địa danh, ngày
    head = d.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _text(head.cell(0, 0), "{{ co_quan_upper }}", bold=True, size=12, first=True)
    _text(head.cell(0, 1), QUOC_HIEU, bold=True, size=12, first=True)
    _text(head.cell(0, 1), TIEU_NGU, bold=True, size=13)
    _text(head.cell(1, 0), "{{ so_ky_hieu }}", size=13, first=True)
    _text(head.cell(1, 1), "{{ dia_danh_ngay }}", italic=True, size=13, first=True)
    # title, Kính gửi
    for text in ("BÁO CÁO", "{{ trich_yeu }}"):
        _centre(d.add_paragraph()).add_run(text).bold = True
    _centre(d.add_paragraph("Kính gửi: {{ kinh_gui }}"))

    def body_loop(name: str) -> None:
        d.add_paragraph(f"{{%p for b in {name} %}}")
        d.add_paragraph("{%p if b.kind == 'heading' %}")
        d.add_paragraph("{{r b.rich }}").paragraph_format.keep_with_next = True
        d.add_paragraph("{%p else %}")
        d.add_paragraph("{{r b.rich }}")
        d.add_paragraph("{%p endif %}")
        d.add_paragraph("{%p endfor %}")

    body_loop("body_before")
    if with_table:
        _data_table(d)
    body_loop("body_after")
    # closing block: Nơi nhận | signature
    close = d.add_table(rows=1, cols=2)
    left, right = close.cell(0, 0), close.cell(0, 1)
    _text(left, "Nơi nhận:", bold=True, italic=True, size=12, first=True, centre=False)
    _text(left, "{%p for n in noi_nhan %}", centre=False)
    _text(left, "- {{ n }};", size=11, centre=False)
    _text(left, "{%p endfor %}", centre=False)
    _text(left, "- Lưu: {{ luu }}.", size=11, centre=False)
    _text(right, "{{ ky_dong_1 }}", bold=True, first=True)
    _text(right, "{{ ky_dong_2 }}", bold=True)
    for _ in range(4):
        _centre(right.add_paragraph())
    _text(right, "{{ ky_ho_ten }}", bold=True)
    d.save(str(path))


def _rich(segments: Sequence[Segment], *, bold: bool = False, italic: bool = False) -> RichText:
    rt = RichText()
    for text, style in segments:
        rt.add(text, bold=bold or style == "b", italic=italic or style == "i")
    return rt


def docxtpl_context(c: Content) -> dict[str, object]:
    """The render context: headings/bullets/paragraphs as RichText, the table as dicts."""

    def block(b: Block) -> dict[str, object]:
        if b.kind == "heading":
            italic = b.level == 3  # the báo cáo scheme: levels 1–2 bold, level 3 italic
            return {"kind": "heading", "rich": _rich([(b.label + " ", ""), *b.segments],
                                                     bold=not italic, italic=italic)}
        segments = [("- ", ""), *b.segments] if b.kind == "bullet" else b.segments
        return {"kind": b.kind, "rich": _rich(segments)}

    cut = c.table_index
    return {
        "co_quan_upper": c.co_quan.upper(), "so_ky_hieu": c.so_ky_hieu, "dia_danh_ngay": c.dia_danh_ngay,
        "trich_yeu": c.trich_yeu, "kinh_gui": c.kinh_gui,
        "body_before": [block(b) for b in c.blocks[:cut]],
        "body_after": [block(b) for b in c.blocks[cut + 1:]],
        "rows": [dict(zip(("stt", "linh_vuc", "so_ho_so", "ty_le"), r, strict=True)) for r in c.table_rows],
        "noi_nhan": list(c.noi_nhan), "luu": ", ".join(c.luu),
        "ky_dong_1": f"{c.ky_quyen_han} {c.ky_thay_mat}", "ky_dong_2": c.ky_chuc_vu,
        "ky_ho_ten": c.ky_ho_ten,
    }


def docxtpl_bytes(c: Content, template: Path) -> bytes:
    tpl = DocxTemplate(template)
    tpl.render(docxtpl_context(c))
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- 3. python-docx


def _add_runs(p: DocxParagraph, segments: Sequence[Segment], *,
              bold: bool = False, italic: bool = False) -> None:
    for text, style in segments:
        r = p.add_run(text)
        if bold or style == "b":
            r.bold = True
        if italic or style == "i":
            r.italic = True


def python_docx_bytes(c: Content) -> bytes:
    d = docx.Document()
    _setup_page(d)
    head = d.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _text(head.cell(0, 0), c.co_quan.upper(), bold=True, size=12, first=True)
    _text(head.cell(0, 1), QUOC_HIEU, bold=True, size=12, first=True)
    _text(head.cell(0, 1), TIEU_NGU, bold=True, size=13)
    _text(head.cell(1, 0), c.so_ky_hieu, size=13, first=True)
    _text(head.cell(1, 1), c.dia_danh_ngay, italic=True, size=13, first=True)
    for text in ("BÁO CÁO", c.trich_yeu):
        _centre(d.add_paragraph()).add_run(text).bold = True
    _centre(d.add_paragraph(f"Kính gửi: {c.kinh_gui}"))
    for b in c.blocks:
        if b.kind == "heading":
            p = d.add_paragraph()
            p.paragraph_format.keep_with_next = True
            italic = b.level == 3
            _add_runs(p, [(b.label + " ", ""), *b.segments], bold=not italic, italic=italic)
        elif b.kind == "paragraph":
            _add_runs(d.add_paragraph(), b.segments)
        elif b.kind == "bullet":
            _add_runs(d.add_paragraph(), [("- ", ""), *b.segments])
        else:
            t = d.add_table(rows=1, cols=4)
            t.style = "Table Grid"
            for cell, name in zip(t.rows[0].cells, c.table_header, strict=True):
                _text(cell, name, bold=True, size=13, first=True)
            for row in c.table_rows:
                for j, (cell, value) in enumerate(zip(t.add_row().cells, row, strict=True)):
                    _text(cell, value, size=13, first=True, centre=j == 0)
                    if j >= 2:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    close = d.add_table(rows=1, cols=2)
    left, right = close.cell(0, 0), close.cell(0, 1)
    _text(left, "Nơi nhận:", bold=True, italic=True, size=12, first=True, centre=False)
    for n in c.noi_nhan:
        _text(left, f"- {n};", size=11, centre=False)
    _text(left, f"- Lưu: {', '.join(c.luu)}.", size=11, centre=False)
    _text(right, f"{c.ky_quyen_han} {c.ky_thay_mat}", bold=True, first=True)
    _text(right, c.ky_chuc_vu, bold=True)
    for _ in range(4):
        _centre(right.add_paragraph())
    _text(right, c.ky_ho_ten, bold=True)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class Check:
    size: int
    paragraphs: int
    tables: int
    table_rows: int


def _norm(text: str) -> str:
    return " ".join(text.split())


def verify(name: str, data: bytes, c: Content) -> Check:
    """Open ``data`` with python-docx; assert the table and every body text are there."""
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as exc:  # any failure to open is broken output
        raise AssertionError(f"{name}: python-docx cannot open the output: {exc!r}") from exc
    data_tables = [t for t in d.tables if t.rows and t.rows[0].cells[0].text.strip() == c.table_header[0]]
    assert len(data_tables) == c.has_table, f"{name}: {len(data_tables)} data tables, expected {int(c.has_table)}"
    if data_tables:
        got = [tuple(cell.text for cell in row.cells) for row in data_tables[0].rows]
        expected = [c.table_header, *c.table_rows]
        assert len(got) == len(expected), f"{name}: table has {len(got)} rows, expected {len(expected)}"
        assert got == expected, f"{name}: table cell texts differ from the content"
    text = _norm("\n".join(p.text for p in d.paragraphs))
    for b in c.blocks:
        if b.kind == "table":
            continue
        want = _norm(b.text)
        want = want.upper() if b.kind == "heading" and b.level == 1 else want
        assert want in text, f"{name}: missing {b.kind} text {want[:50]!r}…"
        if b.kind == "heading":
            assert _norm(f"{b.label} {b.text}") in text, f"{name}: heading {b.label} not numbered as expected"
    for meta in (c.so_ky_hieu, c.dia_danh_ngay, c.trich_yeu, c.ky_ho_ten):
        cells = (cell.text for t in d.tables for row in t.rows for cell in row.cells)
        assert meta in text or any(meta in cell for cell in cells), f"{name}: missing {meta!r}"
    return Check(len(data), len(d.paragraphs), len(d.tables), len(data_tables[0].rows) if data_tables else 0)


# --------------------------------------------------------------------------- timing


@dataclass(frozen=True)
class Stats:
    samples: tuple[float, ...]  # seconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def iqr(self) -> tuple[float, float]:
        q1, _, q3 = statistics.quantiles(self.samples, n=4)
        return q1, q3

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    def paired_ratio(self, base: Stats) -> float:
        """Median of the per-round ratios self/base: robust to slow phases of a shared machine."""
        return statistics.median(a / b for a, b in zip(self.samples, base.samples, strict=True))


def interleaved(fns: dict[str, Callable[[], object]], repeat: int, warmup: int) -> dict[str, Stats]:
    """Time each function ``repeat`` times, round-robin with a rotating start.

    ``gc.collect()`` runs (untimed) before every call: otherwise the cyclic garbage
    one method leaves (python-docx and docxtpl leave a lot) is collected, and
    charged, during the next method's call.
    """
    names = list(fns)
    for _ in range(warmup):
        for name in names:
            fns[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for i in range(repeat):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            gc.collect()
            t0 = time.perf_counter()
            fns[name]()
            samples[name].append(time.perf_counter() - t0)
    return {name: Stats(tuple(s)) for name, s in samples.items()}


def timed(fn: Callable[[], object], repeat: int, warmup: int) -> Stats:
    return interleaved({"f": fn}, repeat, warmup)["f"]


def scale_doc(n: int, c: Content) -> VanBan:
    """A minimal báo cáo whose body is one table of ``n`` data rows (``n`` = 0: header only)."""
    vb = _baocao_doc(c)
    vb.paragraph("Bảng tổng hợp số liệu.")
    _baocao_table(vb, c.table_header, table_rows(n, random.Random(SEED + n)))
    return vb


# --------------------------------------------------------------------------- report


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f}"


def _describe(c: Content) -> str:
    kinds = [b.kind for b in c.blocks]
    words = sum(len(b.text.split()) for b in c.blocks if b.kind == "paragraph")
    levels = sorted({b.level for b in c.blocks if b.kind == "heading"})
    return (f"{kinds.count('paragraph')} paragraphs ({words} words), {kinds.count('heading')} headings "
            f"(levels {levels[0]}–{levels[-1]}), {kinds.count('bullet')} bullets, a table of "
            f"1 header + {len(c.table_rows)} rows × {len(c.table_header)} columns")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--repeat", type=int, default=50, help="timed rounds per method (default 50, min 30)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed rounds first (default 3)")
    ap.add_argument("--sizes", default="100,1000,10000", help="table sizes for the per-row figures")
    ap.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="Markdown report to write")
    args = ap.parse_args(argv)
    if args.repeat < 30:
        ap.error("--repeat must be at least 30")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    content = make_content()
    print(f"content: {_describe(content)}")
    with tempfile.TemporaryDirectory(prefix="bench-baocao-") as tmp:
        template = Path(tmp) / "bao_cao_template.docx"
        make_template(template)
        vb = baocao_build(content)
        methods: dict[str, Callable[[], object]] = {
            BASE: lambda: baocao_bytes(content),
            "baocao (write only)": vb.to_bytes,
            "baocao (build only)": lambda: baocao_build(content),
            DOCXTPL: lambda: docxtpl_bytes(content, template),
            PYTHON_DOCX: lambda: python_docx_bytes(content),
        }
        checks = {
            "baocao": verify("baocao", baocao_bytes(content), content),
            "docxtpl": verify("docxtpl", docxtpl_bytes(content, template), content),
            "python-docx": verify("python-docx", python_docx_bytes(content), content),
        }
        rows = {ch.table_rows for ch in checks.values()}
        assert len(rows) == 1, f"table row counts differ: {checks}"
        for name, ch in checks.items():
            print(f"verified {name:12s} {ch.size:>8,d} bytes, {ch.paragraphs} paragraphs, "
                  f"{ch.tables} tables, data table {ch.table_rows} rows")
        print(f"timing {len(methods)} series × {args.repeat} rounds (+{args.warmup} warm-up), interleaved …")
        results = interleaved(methods, args.repeat, args.warmup)

    base = results[BASE]
    for name, st in results.items():
        q1, q3 = st.iqr
        print(f"{name:42s} median {_ms(st.median):>8s} ms  IQR {_ms(q1)}–{_ms(q3)}  "
              f"min {_ms(st.min)}  max {_ms(st.max)}  ×{st.median / base.median:.2f} "
              f"(paired ×{st.paired_ratio(base):.2f})")

    # per-row cost of the writer alone
    baseline = scale_doc(0, content)
    verify_rows = [(n, scale_doc(n, content)) for n in sizes]
    for n, doc in verify_rows:
        got = len(docx.Document(io.BytesIO(doc.to_bytes())).tables[1].rows)
        assert got == n + 1, f"baocao {n}-row table: {got} rows in the output, expected {n + 1}"
    scale: list[tuple[int, int, Stats]] = []
    base_stats = timed(baseline.to_bytes, args.repeat, args.warmup)
    for n, doc in verify_rows:
        reps = max(10, min(args.repeat, 200_000 // n))
        st = timed(doc.to_bytes, reps, min(args.warmup, 2))
        scale.append((n, reps, st))
        marginal = (st.median - base_stats.median) / n * 1e6
        print(f"baocao write, {n:>6,d} rows: median {_ms(st.median):>9s} ms ({reps} runs), "
              f"{st.median / n * 1e6:6.1f} µs/row, marginal {marginal:6.1f} µs/row")

    write_report(args, content, checks, results, base_stats, scale)
    print(f"wrote {args.output}")
    return 0


def write_report(args: argparse.Namespace, content: Content, checks: dict[str, Check],
                 results: dict[str, Stats], base_stats: Stats, scale: list[tuple[int, int, Stats]]) -> None:
    from results import command_line  # one level down, as write_section below

    command = command_line()
    libs = ", ".join(f"{m} {version(m)}" for m in ("baocao", "python-docx", "docxtpl", "lxml", "Jinja2"))
    base = results[BASE]
    lines = [
        "# Writer benchmark: baocao vs docxtpl vs python-docx",
        "",
        f"- Command: `{command}`",
        f"- Date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}) on "
        f"{platform.system()} {platform.machine()}; {libs}",
        f"- Machine: {os.cpu_count()} cores, shared and noisy — read the medians and the ratios, "
        "not single runs; absolute times will differ elsewhere.",
        f"- Method: {args.warmup} warm-up rounds, then {args.repeat} timed rounds with the methods "
        "interleaved (rotating order), `time.perf_counter`, one process; GC enabled during each call, "
        "`gc.collect()` untimed before each call.",
        "",
        "## Document",
        "",
        f"One synthetic báo cáo (fixed text, seed {SEED}): header block ({content.co_quan}, số {content.so}, "
        f"{content.dia_danh}, {content.ngay:%d/%m/%Y}), trích yếu, Kính gửi, {_describe(content)}, "
        "Nơi nhận and signature block. The three outputs were opened with python-docx before timing; "
        "the data table's rows and cell texts and every heading/paragraph/bullet text were asserted.",
        "",
        "| Output | Bytes | Paragraphs | Tables | Data-table rows |",
        "|---|---:|---:|---:|---:|",
        *(f"| {n} | {ch.size:,} | {ch.paragraphs} | {ch.tables} | {ch.table_rows} |"
          for n, ch in checks.items()),
        "",
        "## Time per document",
        "",
        "| Method | Median (ms) | IQR (ms) | Min–max (ms) | Ratio of medians | Paired ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, st in results.items():
        q1, q3 = st.iqr
        lines.append(f"| {name} | {_ms(st.median)} | {_ms(q1)}–{_ms(q3)} | {_ms(st.min)}–{_ms(st.max)} "
                     f"| {st.median / base.median:.2f} | {st.paired_ratio(base):.2f} |")
    tpl, pyd = results[DOCXTPL], results[PYTHON_DOCX]
    lines += [
        "",
        f"- docxtpl / baocao = **{tpl.median / base.median:.2f}×**; python-docx / baocao = "
        f"**{pyd.median / base.median:.2f}×** (ratio of medians; baocao = model build + `to_bytes()`).",
        f"- Paired ratios (median over rounds of the ratio within one round, which cancels slow phases "
        f"of the machine): docxtpl {tpl.paired_ratio(base):.2f}×, python-docx {pyd.paired_ratio(base):.2f}×.",
        "- docxtpl's template was built once, before timing; each timed run opens it afresh "
        "(`DocxTemplate(path)`), renders and saves to a `BytesIO`.",
        "",
        "## baocao writer cost per table row",
        "",
        f"`to_bytes()` on a prebuilt model whose body is one table (4 columns) of N rows. Baseline "
        f"(header row only): {_ms(base_stats.median)} ms median. Marginal = (median − baseline) / N.",
        "",
        "| Rows | Runs | Median (ms) | IQR (ms) | µs/row | Marginal µs/row |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n, reps, st in scale:
        q1, q3 = st.iqr
        lines.append(f"| {n:,} | {reps} | {_ms(st.median)} | {_ms(q1)}–{_ms(q3)} | "
                     f"{st.median / n * 1e6:.1f} | {(st.median - base_stats.median) / n * 1e6:.1f} |")
    lines.append("")
    from results import write_section

    # one level down: RESULTS.md has a section per benchmark script
    write_section(args.output, "writer", "\n".join("#" + line if line.startswith("#") else line for line in lines))


if __name__ == "__main__":
    sys.exit(main())
