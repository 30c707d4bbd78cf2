"""Draw the minutes editor's toolbar icons that Qt's style has no picture for into
resources/icons/ (run by hand when the design changes; the PNGs are committed).

    python packaging/make_toolbar_icons.py

* print.png — a printer with a sheet coming out (Qt's style only offers a monitor);
* export-pdf.png — a page with a folded corner, a red "PDF" band and an arrow out of it
  (Save keeps the style's floppy disk).

PNG, not SVG: the frozen build keeps no SVG plugin (packaging/ogp-desktop.spec). Drawn at
512 px and scaled down to 48 px (Lanczos). Needs Pillow and DejaVu Sans Bold from
resources/fonts/. The project's own work, GPL-3.0-or-later (resources/icons/LICENSE.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"
SIZE = 512
PX = 48

INK = (55, 65, 81, 255)
GREY = (120, 130, 145, 255)
LIGHT = (229, 233, 240, 255)
PAPER = (255, 255, 255, 255)
RED = (200, 40, 40, 255)
TEAL = (9, 110, 120, 255)


def _printer() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    w = 18
    d.rectangle((150, 40, 362, 190), fill=PAPER, outline=INK, width=w)  # sheet going in
    d.rounded_rectangle((40, 170, 472, 380), radius=40, fill=GREY, outline=INK, width=w)
    d.ellipse((380, 215, 420, 255), fill=(110, 200, 120, 255))  # the power light
    d.rectangle((120, 300, 392, 330), fill=INK)  # the slot
    d.rectangle((140, 315, 372, 480), fill=PAPER, outline=INK, width=w)  # sheet coming out
    for y in (370, 410, 445):
        d.line((180, y, 332, y), fill=GREY, width=14)
    return img


def _export_pdf() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    w = 18
    fold = 110
    page = [(70, 30), (330 - fold + 80, 30), (410, 30 + fold), (410, 482), (70, 482)]
    d.polygon(page, fill=PAPER, outline=INK, width=w)
    d.polygon([(300, 30), (410, 140), (300, 140)], fill=LIGHT, outline=INK, width=w)
    d.rectangle((40, 250, 360, 380), fill=RED)
    font = ImageFont.truetype(str(FONT), 110)
    d.text((200, 315), "PDF", font=font, fill=PAPER, anchor="mm")
    # the arrow: out of the page, to the right
    d.rectangle((330, 410, 430, 450), fill=TEAL)
    d.polygon([(420, 380), (500, 430), (420, 480)], fill=TEAL)
    return img


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in (("print.png", _printer), ("export-pdf.png", _export_pdf)):
        draw().resize((PX, PX), Image.Resampling.LANCZOS).save(OUT / name, optimize=True)
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
