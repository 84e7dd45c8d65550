"""Regenerate ``baocao/resources/times_metrics.json`` from Liberation Serif.

Liberation Serif is metric-compatible with Times New Roman: every glyph has the
same advance width, so text widths measured with it are the widths Word and
LibreOffice lay out with Times New Roman. Run once when the character set
changes (needs ``fonttools`` and Debian's ``fonts-liberation``)::

    python tools/make_font_metrics.py /usr/share/fonts/truetype/liberation2
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

STYLES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
# Latin, Latin-1, Latin Extended-A/B, combining marks, Latin Extended Additional
# (Vietnamese precomposed letters), general punctuation, currency, arrows/maths
# basics used in reports.
RANGES = [(0x20, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
          (0x20A0, 0x20CF), (0x2100, 0x215F), (0x2190, 0x21FF), (0x2200, 0x22FF)]


def runs(widths: dict[int, int]) -> list[list]:
    """Group code points into runs of consecutive points: [start, [w, ...]]."""
    out: list[list] = []
    for cp in sorted(widths):
        if out and out[-1][0] + len(out[-1][1]) == cp:
            out[-1][1].append(widths[cp])
        else:
            out.append([cp, [widths[cp]]])
    return out


def main(folder: str) -> None:
    data: dict = {"font": "Times New Roman (via Liberation Serif)", "styles": {}}
    for style, name in STYLES.items():
        font = TTFont(Path(folder) / name)
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        data["units_per_em"] = font["head"].unitsPerEm
        widths = {cp: hmtx[cmap[cp]][0] for lo, hi in RANGES
                  for cp in range(lo, hi + 1) if cp in cmap}
        data["styles"][style] = runs(widths)
    out = Path(__file__).resolve().parent.parent / "baocao" / "resources" / "times_metrics.json"
    out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
