"""Tables of bidirectional text: columns in reading order (mirrored for Arabic), cells that
wrap and split across pages, and the embedded font as every cell's default."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from . import fonts
from .bidi import RTL
from .flowables import BidiParagraph

LABEL_BACKGROUND = colors.HexColor("#EEF1F5")
HEADER_BACKGROUND = colors.HexColor("#DDE3EA")
ZEBRA_BACKGROUND = colors.HexColor("#F7F9FB")
GRID_COLOR = colors.HexColor("#9AA5B1")

T = TypeVar("T")


def table_style(cmds: Iterable[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose default cell font is the embedded one (ReportLab's default,
    Helvetica, would otherwise be referenced, unembedded, by any plain-string cell)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)] + list(cmds))


def _cell(value: object, style: ParagraphStyle, direction: str, align: str = "start") -> object:
    """A cell's content: text becomes a wrapping paragraph; flowables pass as they are."""
    if value is None:
        return BidiParagraph("", style, direction, align)
    if isinstance(value, str):
        return BidiParagraph(value, style, direction, align)
    return value


def label_table(rows: Sequence[tuple[str, object]], direction: str, label_style: ParagraphStyle,
                value_style: ParagraphStyle, width: float, label_width: float, *,
                label_bg: Color = LABEL_BACKGROUND, grid: Color = GRID_COLOR,
                padding: float = 5) -> Table:
    """Two-column label|content table; for Arabic the label column is on the right.
    Values may be strings, flowables or lists of flowables. Splits between rows and, for
    a row taller than a page, inside the row."""
    rtl = direction == RTL
    data = []
    for label, value in rows:
        lab = _cell(label, label_style, direction)
        val = _cell(value, value_style, direction)
        data.append([val, lab] if rtl else [lab, val])
    widths = [width - label_width, label_width] if rtl else [label_width, width - label_width]
    lab_col = 1 if rtl else 0
    t = Table(data, colWidths=widths, splitByRow=1, splitInRow=1, hAlign="CENTER")
    t.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.6, grid),
        ("BACKGROUND", (lab_col, 0), (lab_col, -1), label_bg),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.6),
    ]))
    return t


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], col_widths: Sequence[float],
               direction: str, header_style: ParagraphStyle, cell_style: ParagraphStyle, *,
               header_bg: Color = HEADER_BACKGROUND, grid: Color = GRID_COLOR,
               padding: float = 4, zebra: Color = ZEBRA_BACKGROUND) -> Table:
    """Table with a header row repeated on every page; columns given in reading order
    (mirrored for Arabic: the first column on the right)."""
    rtl = direction == RTL

    def order(seq: Iterable[T]) -> list[T]:
        items = list(seq)
        return items[::-1] if rtl else items

    data = [order(_cell(h, header_style, direction) for h in header)]
    for row in rows:
        data.append(order(_cell(v, cell_style, direction) for v in row))
    t = Table(data, colWidths=order(col_widths), repeatRows=1, splitByRow=1, splitInRow=1, hAlign="CENTER")
    cmds = [
        ("GRID", (0, 0), (-1, -1), 0.6, grid),
        ("BACKGROUND", (0, 0), (-1, 0), header_bg),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.6),
    ]
    for r in range(2, len(data), 2):
        cmds.append(("BACKGROUND", (0, r), (-1, r), zebra))
    t.setStyle(table_style(cmds))
    return t
