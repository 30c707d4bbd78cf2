"""Draw OGP Desktop's application icon into resources/icons/ (run by hand when the design
changes; the generated files are committed, the build does not redraw them).

    python packaging/make_icons.py

A rounded square in deep teal, a large Arabic letter shīn (ش, for شراكة, "partnership")
in Amiri and "OGP" in DejaVu Sans Bold below it. Drawn once at 1024 px and scaled down
(Lanczos), so every size is antialiased the same way. Needs Pillow (a dependency of
reportlab, so it is in the project's venv) and the fonts in resources/fonts/.

Writes ogp-desktop-{256,128,48}.png (Linux hicolor theme, window icon) and
ogp-desktop.ico (16…256 px, Windows executable, shortcuts and installer)."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
OUT = ROOT / "resources" / "icons"
PNG_SIZES = (256, 128, 48)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]

TEAL_TOP = (18, 110, 120)
TEAL_BOTTOM = (9, 70, 86)
CREAM = (255, 248, 231)
GOLD = (242, 190, 84)


def _master(size: int = 1024) -> Image.Image:
    # The square: a vertical gradient masked by a rounded rectangle with a 6 % margin.
    margin = round(size * 0.06)
    radius = round(size * 0.2)
    gradient = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(gradient)
    for y in range(size):
        t = y / (size - 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(TEAL_TOP, TEAL_BOTTOM, strict=True))
        draw.line([(0, y), (size, y)], fill=color)
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        [margin, margin, size - margin - 1, size - margin - 1], radius=radius, fill=255
    )
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    image.paste(gradient, (0, 0), mask)
    draw = ImageDraw.Draw(image)

    # ش: the isolated form is the font's default glyph, so no shaping is needed.
    # Centred on its ink (not on the font's line box), in the upper 60 % of the square.
    arabic = ImageFont.truetype(str(FONTS / "Amiri-Bold.ttf"), round(size * 0.56))
    left, top, right, bottom = draw.textbbox((0, 0), "\u0634", font=arabic)
    x = size / 2 - (left + right) / 2
    y = size * 0.39 - (top + bottom) / 2
    draw.text((x, y), "\u0634", font=arabic, fill=GOLD)

    latin = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), round(size * 0.21))
    draw.text((size / 2, size * 0.78), "OGP", font=latin, fill=CREAM, anchor="mm")
    return image


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    master = _master()
    for px in PNG_SIZES:
        master.resize((px, px), Image.Resampling.LANCZOS).save(OUT / f"ogp-desktop-{px}.png",
                                                               optimize=True)
    big = master.resize((256, 256), Image.Resampling.LANCZOS)
    big.save(OUT / "ogp-desktop.ico", sizes=ICO_SIZES)
    for f in sorted(OUT.iterdir()):
        print(f"{f.relative_to(ROOT)}  {f.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
