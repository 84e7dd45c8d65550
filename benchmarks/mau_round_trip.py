"""How much of a document ``baocao mau`` gives back: each example's output, each document type
and documents typed by hand in Word (``tests/typed_docs.py``) are imported into a template
folder, the folder is rendered, and the share of the original's words found again in reading
order is measured (:func:`baocao.mau.word_recall`), with the findings of ``baocao check`` on the
rendered file. Writes its section of ``benchmarks/RESULTS.md``::

    python benchmarks/mau_round_trip.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(HERE)]

from results import command_line, write_section  # noqa: E402

import baocao  # noqa: E402
from baocao.check import check  # noqa: E402
from baocao.mau import mau_tu_docx, reading_words, word_recall  # noqa: E402


def documents() -> list[tuple[str, str, bytes]]:
    from test_check import of_type, png
    from typed_docs import (
        clerk_document,
        typed_cong_van,
        typed_quyet_dinh,
        typed_rows_closing_report,
        typed_tables_report,
    )

    def saved(d) -> bytes:
        out = io.BytesIO()
        d.save(out)
        return out.getvalue()

    out = [("ví dụ", p.name, baocao.render(p).to_bytes())
           for p in sorted((ROOT / "examples").iterdir()) if p.is_dir()]
    out += [("loại văn bản", ma, of_type(ma).to_bytes()) for ma in sorted(baocao.LOAI_VAN_BAN)]
    out += [("gõ tay", "báo cáo, phần đầu canh bằng tab", saved(clerk_document())),
            ("gõ tay", "báo cáo, phần đầu trong bảng", saved(clerk_document(header_table=True))),
            ("gõ tay", "công văn có bảng và ảnh", saved(typed_cong_van(png(200, 100)))),
            ("gõ tay", "quyết định canh bằng tab", saved(typed_quyet_dinh())),
            ("gõ tay", "báo cáo có bảng gõ tay", saved(typed_tables_report())),
            ("gõ tay", "số có năm, khối ký thành các dòng của bảng", saved(typed_rows_closing_report()))]
    return out


def main() -> int:
    rows = []
    with warnings.catch_warnings(), tempfile.TemporaryDirectory() as tmp:
        warnings.simplefilter("ignore")
        for i, (group, name, original) in enumerate(documents()):
            done = mau_tu_docx(original, Path(tmp) / str(i), do_lai=False)
            rendered = baocao.render(done.thu_muc).to_bytes()
            words = reading_words(original)
            recall = word_recall(words, reading_words(rendered))
            before, after = len(check(original)), len(check(rendered))
            rows.append((group, name, len(words), recall, before, after))
    lines = ["## baocao mau: the round trip", "", f"Command: `{command_line()}`", "",
             "| nhóm | văn bản | chữ | trở lại đúng thứ tự | phát hiện của check: trước → sau |",
             "|---|---|--:|--:|--:|"]
    lines += [f"| {g} | {n} | {w} | {r * 100:.1f}% | {b} → {a} |" for g, n, w, r, b, a in rows]
    worst = min(rows, key=lambda r: r[3])
    lines += ["", f"Lowest: {worst[3] * 100:.1f}% ({worst[1]}); {len(rows)} documents, "
                  f"{sum(r[2] for r in rows)} words."]
    text = "\n".join(lines) + "\n"
    print(text)
    write_section(HERE / "RESULTS.md", "mau_round_trip", text)
    return 0 if worst[3] >= 0.98 else 1


if __name__ == "__main__":
    sys.exit(main())
