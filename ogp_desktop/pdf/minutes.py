"""Printed minutes (and a register of several minutes) as archival PDF.

    render_minutes(doc, letterhead, out, *, labels=None)
    render_bundle(docs, letterhead, out, *, progress=None, cancelled=None, language=None, labels=None)

`doc` is the plain dict of format "ogp-minutes/1" (see the module tests for examples);
`letterhead` = {"ministry": str|None, "unit": str|None, "logo": bytes|None}; `out` is a path
or a binary file object. Nothing here imports Qt or the database.

Page furniture (page x of y, running header, draft watermark, signed version and
fingerprint) is drawn when the document is saved, once the number of pages is known
(`_DeferredCanvas`), so a whole export is laid out exactly once.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import (
    PDFDate,
    PDFDictionary,
    PDFDocument,
    PDFInfo,
    PDFName,
    PDFObject,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import HRFlowable

from ogp_desktop.core import formatting as fmt
from ogp_desktop.core import labels as labels_mod
from ogp_desktop.core.i18n import translator
from ogp_desktop.core.printed_fields import Kind, Print, PrintedField

from . import fonts
from .bidi import LTR, RTL
from .drawing import draw_line, line_runs
from .flowables import BidiParagraph, bidi_list
from .tables import data_table, label_table, table_style

FORMAT = "ogp-minutes/1"
PRODUCER = "OGP Desktop"

PAGE = A4
MARGIN_X = 2.0 * cm
MARGIN_TOP = 1.7 * cm
MARGIN_BOTTOM = 2.3 * cm

INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#5B6670")
RULE = colors.HexColor("#9AA5B1")
WATERMARK = colors.HexColor("#B22222")


# An "ogp-minutes/1" document as `core.services.documents.minutes_document` builds it (or
# as read back from its JSON): plain data, with `fields` the core.printed_fields it prints.
MinutesDoc = dict[str, Any]
# {"ministry": str | None, "unit": str | None, "logo": bytes | None}
Letterhead = dict[str, Any]
Labels = dict[str, str]  # core.labels.get
# where a PDF is written: a path or a binary file object
Output = str | os.PathLike[str] | IO[bytes]


class ExportCancelled(Exception):
    """Raised by render_bundle when `cancelled()` returned True; nothing is written."""


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    bold: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    kind: ParagraphStyle
    heading: ParagraphStyle
    ministry: ParagraphStyle
    unit: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    caption: ParagraphStyle
    mono: ParagraphStyle


_STYLES: Styles | None = None


def styles() -> Styles:
    global _STYLES
    if _STYLES is None:
        fonts.register_fonts()
        R, B = fonts.REGULAR, fonts.BOLD

        def s(name: str, font: str, size: float, leading: float, color: colors.Color = INK,
              before: float = 0, after: float = 0) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color,
                                  spaceBefore=before, spaceAfter=after)

        _STYLES = Styles(
            body=s("body", R, 12, 21, after=1),
            bold=s("bold", B, 12, 21),
            small=s("small", R, 9.5, 15, MUTED),
            title=s("title", B, 17, 29, ACCENT, after=4),
            kind=s("kind", R, 11.5, 19, MUTED, before=2),
            heading=s("heading", B, 13.5, 23, ACCENT, before=9, after=1),
            ministry=s("ministry", B, 14, 23, ACCENT),
            unit=s("unit", R, 12, 20, MUTED),
            cell=s("cell", R, 11, 19),
            cell_bold=s("cell_bold", B, 11, 19),
            caption=s("caption", R, 9.5, 16, MUTED),
            mono=s("mono", R, 10, 17),
        )
    return _STYLES


def _direction(doc: MinutesDoc) -> str:
    return RTL if doc.get("language", "ar") == "ar" else LTR


def _lang(doc: MinutesDoc) -> str:
    return "ar" if doc.get("language", "ar") == "ar" else "en"


# --------------------------------------------------------------------------- small flowables


class _Mark(Flowable):
    """Zero-size flowable telling the canvas which document the following pages belong to,
    and reporting progress / honouring cancellation when a document has been laid out."""

    def __init__(self, ctx: _Context, doc_index: int, *, end: bool = False):
        super().__init__()
        self.ctx = ctx
        self.doc_index = doc_index
        self.end = end
        self.width = self.height = 0

    def wrap(self, w: float, h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        assert isinstance(canv, _PagedCanvas)  # the story is drawn by _build's canvas only
        if self.end:
            self.ctx.meeting_done(self.doc_index)
        else:
            canv._ogp_doc = self.doc_index


class _PageRef(Flowable):
    """Placeholder for a page number in the register's table of contents; the number is
    drawn at save time, when it is known."""

    def __init__(self, ctx: _Context, doc_index: int, style: ParagraphStyle, direction: str):
        super().__init__()
        self.ctx = ctx
        self.doc_index = doc_index
        self.style = style
        self.direction = direction

    def wrap(self, w: float, h: float) -> tuple[float, float]:
        self.width = w
        self.height = self.style.leading
        return w, self.height

    def draw(self) -> None:
        canv = self.canv
        assert isinstance(canv, _PagedCanvas)  # the story is drawn by _build's canvas only
        x0, y0 = canv.absolutePosition(0, 0)
        x1, y1 = canv.absolutePosition(self.width, self.height)
        self.ctx.page_refs.append((len(canv._ogp_pages), self.doc_index, x0, y0, x1, y1, self.style,
                                   self.direction))


class SignatureSlot(Flowable):
    """The place of a key signature's visible field in the signature block: a thin frame,
    and its position on its page noted on the canvas (`_PagedCanvas._ogp_slots`), so that
    `render_minutes` can tell pdf.pades where to put the field."""

    def __init__(self, field: str, width: float, height: float, color: Any) -> None:
        super().__init__()
        self.field, self.width, self.height, self.color = field, width, height, color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = min(self.width, availWidth)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.color)
        canv.setLineWidth(0.4)
        canv.setDash(2, 2)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.restoreState()
        x0, y0 = canv.absolutePosition(0, 0)
        slots = getattr(canv, "_ogp_slots", None)
        if slots is not None:
            slots.append((self.field, len(getattr(canv, "_ogp_pages", [])),
                          (x0, y0, x0 + self.width, y0 + self.height)))


class QRCode(Flowable):
    """A QR code drawn as vector rectangles (segno), crisp at any print resolution."""

    def __init__(self, data: str, size: float, error: str = "m"):
        super().__init__()
        from ogp_desktop.pdf.qr import qr_code

        self.qr = qr_code(data, error)
        self.size = size
        self.width = self.height = size

    def wrap(self, w: float, h: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        matrix = [list(row) for row in self.qr.matrix]
        n = len(matrix)
        quiet = 2
        cell = self.size / (n + 2 * quiet)
        c = self.canv
        c.saveState()
        c.setFillColor(colors.white)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        c.setFillColor(colors.black)
        p = c.beginPath()
        for r, row in enumerate(matrix):
            y = self.size - (quiet + r + 1) * cell
            x = 0
            while x < n:
                if row[x]:
                    start = x
                    while x < n and row[x]:
                        x += 1
                    p.rect((quiet + start) * cell, y, (x - start) * cell, cell)
                else:
                    x += 1
        c.drawPath(p, stroke=0, fill=1)
        c.restoreState()


def _image(data: bytes | None, max_w: float, max_h: float, labels: Labels, name: str = "",
           direction: str = RTL) -> Flowable | None:
    """An image from PNG/JPEG bytes, scaled to fit, upright (EXIF), downsampled when huge.
    Unreadable data gives a visible note instead of an exception."""
    if not data:
        return None
    try:
        from PIL import Image as PILImage

        im: PILImage.Image = PILImage.open(io.BytesIO(data))
        w, h = im.size
        orientation = 1
        try:
            orientation = im.getexif().get(0x0112, 1)
        except Exception:
            orientation = 1
        fmt_name = (im.format or "").upper()
        payload = data
        if orientation not in (1, None) or max(w, h) > 2000 or fmt_name not in ("JPEG", "PNG"):
            from PIL import ImageOps  # only here: most photos are upright JPEG/PNG of a sane size

            im = ImageOps.exif_transpose(im)
            im.thumbnail((2000, 2000))
            w, h = im.size
            buf = io.BytesIO()
            if im.mode in ("RGBA", "LA", "P"):
                im.save(buf, "PNG", optimize=False)
            else:
                im.convert("RGB").save(buf, "JPEG", quality=88)
            payload = buf.getvalue()
        scale = min(max_w / w, max_h / h)
        flow = Image(io.BytesIO(payload), width=w * scale, height=h * scale, mask="auto")
        flow.hAlign = "CENTER"
        return flow
    except Exception:
        return BidiParagraph(labels["image_unreadable"].format(name=name or "?"), styles().caption, direction,
                             align="center")


# --------------------------------------------------------------------------- document story


def _person(p: dict[str, Any], labels: Labels) -> str:
    name = (p.get("name") or "").strip()
    org = (p.get("organization") or "").strip()
    if name and org:
        return labels["person_org"].format(name=name, organization=org)
    return name or org


def heading(text: str, direction: str) -> list[Flowable]:
    """A section heading and its rule, kept with what follows (also the plan report's)."""
    st = styles()
    h = BidiParagraph(text, st.heading, direction)
    h.keepWithNext = 1
    rule = HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=0, spaceAfter=4)
    rule.keepWithNext = 1
    return [h, rule]


def letterhead_block(letterhead: Letterhead | None, direction: str, labels: Labels) -> list[Flowable]:
    """Logo, ministry and unit at the top of every exported document."""
    st = styles()
    lh = letterhead or {}
    out: list[Flowable] = []
    logo = _image(lh.get("logo"), 4.2 * cm, 2.2 * cm, labels, "logo", direction) if lh.get("logo") else None
    if logo is not None:
        out.append(logo)
        out.append(Spacer(1, 3))
    for key, style in (("ministry", st.ministry), ("unit", st.unit)):
        value = (lh.get(key) or "").strip()
        if value:
            out.append(BidiParagraph(value, style, direction, align="center"))
    if out:
        out.append(HRFlowable(width="100%", thickness=1.4, color=ACCENT, spaceBefore=4, spaceAfter=1))
        out.append(HRFlowable(width="100%", thickness=0.5, color=ACCENT, spaceBefore=0, spaceAfter=8))
    return out


def _details(doc: MinutesDoc, labels: Labels, lang: str, direction: str, width: float) -> Flowable | None:
    st = styles()
    rows: list[tuple[str, str]] = []
    if doc.get("date"):
        rows.append((labels["date"], fmt.date_long(doc["date"], lang)))
    if doc.get("start"):
        rows.append((labels["time"], fmt.time_range(doc.get("start"), doc.get("end"), lang)))
    mode = doc.get("mode")
    if mode in ("in_person", "online", "hybrid"):
        rows.append((labels["mode"], labels[f"mode_{mode}"]))
    location = (doc.get("location") or "").strip()
    if location:
        rows.append((labels["platform"] if mode == "online" else labels["place"], location))
    for key in ("committee", "plan", "commitment"):
        value = (doc.get(key) or "").strip() if isinstance(doc.get(key), str) else doc.get(key)
        if value:
            rows.append((labels[key], str(value)))
    if doc.get("sequence") is not None:
        rows.append((labels["meeting_number"], fmt.number(doc["sequence"], lang)))
    rows += [(_label(f, lang), _field_text(f, lang)) for f in _declared(doc, Print.DETAILS)]
    if not rows:
        return None
    label_w = max(fonts.text_width(lab, st.cell_bold.fontName, st.cell_bold.fontSize) for lab, _ in rows)
    label_w = min(max(label_w + 16, 3.2 * cm), width * 0.35)
    return label_table(rows, direction, st.cell_bold, st.cell, width, label_w)


def _declared(doc: MinutesDoc, where: Print) -> list[PrintedField]:
    """The fields `core.minutes_fields` declares printed at `where` (a row of the details,
    a section of their own), as `core.minutes_fields.printed_document` lists them."""
    return [f for f in doc.get("fields") or [] if f.where == where]


def _label(f: PrintedField, lang: str) -> str:
    return translator(lang)(f.label) if lang == "ar" else f.label


def _field_text(f: PrintedField, lang: str) -> str:
    if f.kind == Kind.DATE:
        return fmt.date_long(f.value, lang)
    if f.kind == Kind.TIME:
        return fmt.time_short(f.value, lang)
    if f.kind == Kind.INT:
        return fmt.number(f.value, lang)
    return str(f.value)


def _action_table(items: list[dict[str, Any]], labels: Labels, lang: str, direction: str,
                  width: float) -> Table:
    """Action, owner, due: what the minutes decided. Follow-up status is not printed; it
    changes after signing and the signature does not cover it."""
    st = styles()
    header = [labels["register_number"], labels["action"], labels["owner"], labels["due"]]
    rows = []
    for n, it in enumerate(items, 1):
        rows.append([
            fmt.number(n, lang),
            it.get("text") or "",
            (it.get("owner") or "").strip() or labels["none"],
            fmt.date_medium(it["due"], lang) if it.get("due") else labels["none"],
        ])
    num_w = 0.9 * cm
    owner_w = 4.2 * cm
    due_w = date_column_width(lang, labels["due"])
    widths = [num_w, width - num_w - owner_w - due_w, owner_w, due_w]
    return data_table(header, rows, widths, direction, st.cell_bold, st.cell, padding=CELL_PADDING)


CELL_PADDING = 4  # data_table's padding on each side of a cell


@cache
def widest_date(lang: str) -> float:
    """Width in points of the widest date `fmt.date_medium` prints in `lang` in a table
    cell: the widest month name with a two-digit day and a four-digit year, each digit
    counted as the widest digit of the font. A date cell this wide never wraps
    ("2 كانون الأول / 2026")."""
    st = styles()
    font, size = st.cell.fontName, st.cell.fontSize
    direction = RTL if lang == "ar" else LTR

    def width(text: str) -> float:
        return line_runs(text, font, size, direction)[1]

    digit = max(width(d) for d in "0123456789")
    numbers = width("10") + width("2000")
    months = max(width(fmt.date_medium(_dt.date(2000, month, 10), lang)) for month in range(1, 13))
    return months - numbers + 6 * digit


def date_column_width(lang: str, header: str) -> float:
    """A date column as wide as its widest date (or its header's longest word), padding
    included, plus a point of slack for rounding."""
    st = styles()
    direction = RTL if lang == "ar" else LTR
    head = max(line_runs(w, st.cell_bold.fontName, st.cell_bold.fontSize, direction)[1]
               for w in (header.split() or [""]))
    return max(widest_date(lang), head) + 2 * CELL_PADDING + 1.0


def _photos(photos: list[dict[str, Any]], labels: Labels, direction: str, width: float) -> list[Flowable]:
    st = styles()
    per_row = 2
    gap = 0.5 * cm
    cell_w = (width - gap * (per_row - 1)) / per_row
    cells = []
    for ph in photos:
        parts: list[Flowable] = []
        img = _image(ph.get("data"), cell_w - 6, 6.2 * cm, labels, ph.get("name") or "", direction)
        if img is not None:
            parts.append(img)
        cap = (ph.get("caption") or "").strip()
        if cap:
            parts.append(Spacer(1, 2))
            parts.append(BidiParagraph(cap, st.caption, direction, align="center"))
        cells.append(parts)
    out: list[Flowable] = []
    for i in range(0, len(cells), per_row):
        row = cells[i:i + per_row]
        while len(row) < per_row:
            row.append([])
        if direction == RTL:
            row = row[::-1]
        cols = []
        data_row = []
        for k, c in enumerate(row):
            data_row.append(c)
            cols.append(cell_w)
            if k < per_row - 1:
                data_row.append([])
                cols.append(gap)
        t = Table([data_row], colWidths=cols, hAlign="CENTER")
        t.setStyle(table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        out.append(t)
    return out


def _signatures(doc: MinutesDoc, labels: Labels, lang: str, direction: str, width: float) -> list[Flowable]:
    st = styles()
    sigs = doc.get("signatures") or []
    if not sigs:
        return []
    per_row = min(3, max(2, len(sigs)))
    cell_w = width / per_row
    cells = []
    center = "center"
    for s in sigs:
        meaning = s.get("meaning")
        kind = s.get("kind") or "fingerprint"
        parts: list[Flowable] = [
            BidiParagraph(labels.get(meaning, meaning or ""), st.cell_bold, direction, align=center)]
        img = _image(s.get("image"), cell_w - 20, 1.8 * cm, labels, s.get("name") or "", direction) \
            if s.get("image") else None
        if kind == "key":  # the PAdES signature's visible field goes here (pdf.pades)
            parts.append(SignatureSlot(s.get("field") or "", cell_w - 20, 1.8 * cm, RULE))
        else:  # a line for ink: the printout is what is signed
            parts.append(img if img is not None else Spacer(1, 1.8 * cm))
            parts.append(HRFlowable(width="70%", thickness=0.5, color=RULE, spaceBefore=1,
                                    spaceAfter=2))
        parts.append(BidiParagraph(s.get("name") or "", st.cell_bold, direction, align=center))
        if s.get("role"):
            parts.append(BidiParagraph(s["role"], st.cell, direction, align=center))
        if s.get("signed_at"):
            when = fmt.datetime_medium(s["signed_at"], lang)
            parts.append(BidiParagraph(labels["signed_at"].format(when=when), st.caption, direction,
                                       align=center))
        parts.extend(_signature_level(s, kind, labels, direction))
        cells.append(parts)
    rows = []
    for i in range(0, len(cells), per_row):
        row = cells[i:i + per_row]
        while len(row) < per_row:
            row.append([])
        rows.append(row[::-1] if direction == RTL else row)
    t = Table(rows, colWidths=[cell_w] * per_row, hAlign="CENTER")
    t.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return [KeepTogether(heading(labels["signatures"], direction) + [t])]


def _signature_level(s: dict[str, Any], kind: str, labels: Labels, direction: str) -> list[Flowable]:
    """How the signature was made, in words: a paper or fingerprint-only signature is never
    printed as if it were a key's."""
    st = styles()
    if kind == "key":
        lines: list[Flowable] = [
            BidiParagraph(labels["signed_with_key"], st.caption, direction, align="center")]
        if s.get("certificate"):
            lines.append(BidiParagraph(labels["certificate_line"].format(
                fingerprint=str(s["certificate"])[:16], issuer=s.get("issuer") or "—"),
                st.caption, direction, align="center"))
        return lines
    if kind == "paper":
        return [BidiParagraph(labels["signed_on_paper"].format(login=s.get("recorded_by") or "—"),
                              st.caption, direction, align="center")]
    return [BidiParagraph(labels["signed_fingerprint_only"], st.caption, direction, align="center")]


def qr_payload(doc: MinutesDoc) -> str:
    return f"ogp-minutes:{doc.get('uuid')};v={doc.get('version')};sha256={doc.get('fingerprint')}"


def _verification(doc: MinutesDoc, labels: Labels, lang: str, direction: str, width: float) -> list[Flowable]:
    st = styles()
    fp = doc.get("fingerprint")
    if not _is_signed(doc) or not fp:
        return []
    qr_size = 3.0 * cm
    text_w = width - qr_size - 0.6 * cm
    mono = ParagraphStyle("fp", parent=st.mono, fontSize=9.5, leading=16)
    col = [
        BidiParagraph(labels["signed_version"].format(version=doc.get("version")), st.cell_bold, direction),
        BidiParagraph(labels["fingerprint_full"], st.cell, direction),
        BidiParagraph(fp, mono, LTR, align="right" if direction == RTL else "left"),
        BidiParagraph(labels["verify_hint"], st.caption, direction),
    ]
    register = doc.get("register")
    if register:  # a printed copy anchors the register's history up to here
        col.insert(3, BidiParagraph(labels["register_head"].format(
            seq=fmt.number(register["seq"], lang), hash=register["hash"][:32]), st.caption, direction))
    qr = QRCode(qr_payload(doc), qr_size)
    row = [col, qr] if direction == LTR else [qr, col]
    widths = [text_w, width - text_w] if direction == LTR else [width - text_w, text_w]
    t = Table([row], colWidths=widths, hAlign="CENTER")
    t.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("ALIGN", (0 if direction == RTL else 1, 0), (0 if direction == RTL else 1, 0), "CENTER"),
    ]))
    return [KeepTogether(heading(labels["verification"], direction) + [t])]


def _is_signed(doc: MinutesDoc) -> bool:
    return doc.get("status") == "signed"


def meeting_story(doc: MinutesDoc, letterhead: Letterhead | None, labels: Labels,
                  width: float) -> list[Flowable]:
    """The flowables of one meeting's minutes."""
    st = styles()
    lang = _lang(doc)
    d = _direction(doc)
    story: list[Flowable] = []
    story += letterhead_block(letterhead, d, labels)
    story.append(BidiParagraph(labels["document_kind"], st.kind, d, align="center"))
    story.append(BidiParagraph(doc.get("title") or "", st.title, d, align="center"))
    details = _details(doc, labels, lang, d, width)
    if details is not None:
        story.append(details)

    attendees = [_person(p, labels) for p in doc.get("attendees") or []]
    others = doc.get("other_participants")
    if attendees or others:
        story += heading(labels["attendees"], d)
        story += bidi_list(attendees, st.body, d)
        if others:
            story.append(BidiParagraph(labels["other_participants"].format(count=fmt.number(others, lang)),
                                       st.body, d))
    apologies = [_person(p, labels) for p in doc.get("apologies") or []]
    if apologies:
        story += heading(labels["apologies"], d)
        story += bidi_list(apologies, st.body, d)
    if (doc.get("objective") or "").strip():
        story += heading(labels["objective"], d)
        story.append(BidiParagraph(doc["objective"], st.body, d, align="justify"))
    for f in _declared(doc, Print.SECTION):
        story += heading(_label(f, lang), d)
        story.append(BidiParagraph(_field_text(f, lang), st.body, d, align="justify"))
    discussion = [x for x in doc.get("discussion") or [] if x and x.strip()]
    if discussion:
        story += heading(labels["discussion"], d)
        story += bidi_list(discussion, st.body, d, align="justify")
    outputs = [x for x in doc.get("outputs") or [] if x and x.strip()]
    if outputs:
        story += heading(labels["outputs"], d)
        story += bidi_list(outputs, st.body, d, align="justify")
    items = doc.get("action_items") or []
    if items:
        story += heading(labels["action_items"], d)
        story.append(_action_table(items, labels, lang, d, width))
    if doc.get("next_meeting"):
        story += heading(labels["next_meeting"], d)
        story.append(BidiParagraph(fmt.date_long(doc["next_meeting"], lang), st.body, d))
    photos = doc.get("photos") or []
    if photos:
        story += heading(labels["photos"], d)
        story += _photos(photos, labels, d, width)
    notes = [x for x in doc.get("notes") or [] if x and x.strip()]
    if notes:
        story += heading(labels["notes"], d)
        story += bidi_list(notes, st.body, d, numbered=True, align="justify")
    if _is_signed(doc):
        story += _signatures(doc, labels, lang, d, width)
        story += _verification(doc, labels, lang, d, width)
    return story


# --------------------------------------------------------------------------- page furniture


# (page index, meeting index, x0, y0, x1, y1, style, direction) of a _PageRef as drawn
_PageRefEntry = tuple[int, int, float, float, float, float, ParagraphStyle, str]


@dataclass
class _DocInfo:
    doc: MinutesDoc
    labels: Labels
    lang: str
    direction: str


@dataclass
class _Context:
    docs: list[_DocInfo]
    register: _DocInfo | None = None  # the register's own language/labels (bundle only)
    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None
    page_refs: list[_PageRefEntry] = field(default_factory=list)
    # (field, page index, (x1, y1, x2, y2)) of each key signature's slot (SignatureSlot)
    signature_slots: list[tuple[str, int, tuple[float, float, float, float]]] = field(
        default_factory=list)
    done: int = 0

    def meeting_done(self, index: int) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, len(self.docs))
        if self.cancelled is not None and self.done < len(self.docs) and self.cancelled():
            raise ExportCancelled()

    def check_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled()


def _reference(doc: MinutesDoc) -> str:
    uid = str(doc.get("uuid") or doc.get("id") or "")
    short = uid.replace("-", "")[:8]
    return f"{short}-v{doc.get('version')}" if doc.get("version") is not None else short


class _PagedCanvas(Canvas):
    """The canvas of a minutes export: it keeps every page's state until it is saved (see
    `_canvas_class`), and knows which meeting the page being drawn belongs to."""

    # Canvas attributes the stubs do not declare (set by Canvas itself)
    _code: list[str]
    _doc: PDFDocument

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ogp_pages: list[dict[str, Any]] = []
        self._ogp_doc: int | None = None


def _draw_watermark(canv: _PagedCanvas, text: str) -> None:
    w, h = PAGE
    canv.saveState()
    canv.translate(w / 2, h / 2)
    canv.rotate(45)
    color = colors.Color(WATERMARK.red, WATERMARK.green, WATERMARK.blue, alpha=0.13)
    # Marked as artefact text (ActualText = a space): visible to people, skipped by text
    # extraction and copy-paste, where rotated letters would only come out as debris
    # between the lines. The footer carries the same "draft" notice as real text.
    canv._code.append("/Span <</ActualText (\\040)>> BDC")
    draw_line(canv, text, 0, -30, font=fonts.BOLD, size=80, direction=RTL, anchor="center", color=color)
    canv._code.append("EMC")
    canv.restoreState()


def _draw_page_furniture(canv: Canvas, ctx: _Context, index: int, total: int, page_docs: list[int | None],
                         first_pages: dict[int, int], counts: dict[int, int]) -> None:
    w, h = PAGE
    doc_index = page_docs[index]
    left, right = MARGIN_X, w - MARGIN_X
    size = 8.5
    register = ctx.register  # a bundle's register
    info = ctx.docs[doc_index] if doc_index is not None else register
    assert info is not None  # a page of no meeting is a page of the register
    L, d = info.labels, info.direction
    start_x = right if d == RTL else left
    end_x = left if d == RTL else right

    # footer rule + lines
    y1 = MARGIN_BOTTOM - 0.75 * cm
    y2 = y1 - 12
    canv.saveState()
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(left, y1 + 11, right, y1 + 11)
    canv.restoreState()
    if doc_index is not None:
        n = index - first_pages[doc_index] + 1
        m = counts[doc_index]
        doc = info.doc
        draw_line(canv, L["page_x_of_y"].format(page=n, pages=m), w / 2, y1, font=fonts.REGULAR, size=size,
                  direction=d, anchor="center", color=MUTED)
        draw_line(canv, L["reference"].format(reference=_reference(doc)), start_x, y1, font=fonts.REGULAR,
                  size=size, direction=d, anchor="start", color=MUTED)
        if _is_signed(doc):
            parts = [L["signed_version"].format(version=doc.get("version"))]
            if doc.get("fingerprint"):
                parts.append(L["fingerprint"].format(fingerprint=str(doc["fingerprint"])[:16]))
            draw_line(canv, L["footer_separator"].join(parts), end_x, y1, font=fonts.REGULAR, size=size,
                      direction=d, anchor="end", color=MUTED)
        else:
            draw_line(canv, L["draft_footer"], end_x, y1, font=fonts.BOLD, size=size, direction=d,
                      anchor="end", color=WATERMARK)
        # running header on the meeting's later pages
        if n > 1:
            title = (doc.get("title") or "").strip()
            date = fmt.date_medium(doc.get("date"), info.lang) if doc.get("date") else ""
            head = L["running_header"].format(title=title, date=date) if title and date else (title or date)
            from .line_breaking import layout  # local: avoid a cycle at import time
            avail = right - left
            lines = layout(head, fonts.REGULAR, size, avail, d)
            if lines:
                from .drawing import draw_runs
                line = lines[0]
                lw = fonts.runs_width(line.runs, size)
                x = right - lw if d == RTL else left
                draw_runs(canv, x, h - MARGIN_TOP + 14, line.runs, size, MUTED)
            canv.saveState()
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(left, h - MARGIN_TOP + 9, right, h - MARGIN_TOP + 9)
            canv.restoreState()
    if register is not None:
        RL = register.labels
        text = RL["register_page"].format(page=index + 1, pages=total)
        if doc_index is None:
            draw_line(canv, text, w / 2, y1, font=fonts.REGULAR, size=size, direction=register.direction,
                      anchor="center", color=MUTED)
        else:
            draw_line(canv, text, w / 2, y2, font=fonts.REGULAR, size=size - 1,
                      direction=register.direction, anchor="center", color=MUTED)


class _Info(PDFInfo):
    """Document information dictionary with the verifier's custom entries."""

    extra: dict[str, str] = {}
    lang = None

    def format(self, document: PDFDocument) -> bytes:
        D: dict[str, PDFObject | str] = {}
        D["Title"] = PDFString(self.title)
        D["Author"] = PDFString(self.author)
        D["ModDate"] = D["CreationDate"] = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)  # type: ignore[attr-defined]  # private
        D["Producer"] = PDFString(self.producer)
        D["Creator"] = PDFString(self.creator)
        D["Subject"] = PDFString(self.subject)
        D["Keywords"] = PDFString(self.keywords)
        D["Trapped"] = PDFName(self.trapped)
        for k, v in self.extra.items():
            D[k] = PDFString(v)
        return PDFDictionary(D).format(document)


def _canvas_class(ctx: _Context, extra_meta: dict[str, str], date_string: str | None) -> type[Canvas]:
    class _DeferredCanvas(_PagedCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._ogp_slots = ctx.signature_slots
            info = _Info()
            info.__dict__.update(self._doc.info.__dict__)
            info.extra = dict(extra_meta)
            self._doc.info = info
            if date_string:
                self._doc.info._dateFormatter = lambda *a: date_string  # type: ignore[attr-defined]  # private

        def showPage(self) -> None:
            self._ogp_pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # Canvas's private page reset, not in the stubs

        def save(self) -> None:
            pages = self._ogp_pages
            total = len(pages)
            page_docs = [p.get("_ogp_doc") for p in pages]
            first_pages: dict[int, int] = {}
            counts: dict[int, int] = {}
            for i, di in enumerate(page_docs):
                if di is None:
                    continue
                first_pages.setdefault(di, i)
                counts[di] = counts.get(di, 0) + 1
            refs_by_page: dict[int, list[_PageRefEntry]] = {}
            for ref in ctx.page_refs:
                refs_by_page.setdefault(ref[0], []).append(ref)
            for i, state in enumerate(pages):
                self.__dict__.update(state)
                di = page_docs[i]
                # watermark first, under the page content
                if di is not None and not _is_signed(ctx.docs[di].doc):
                    content = self._code
                    self._code = []
                    _draw_watermark(self, ctx.docs[di].labels["draft_watermark"])
                    self._code = self._code + content
                if di is not None and first_pages.get(di) == i:
                    key = f"meeting-{di}"
                    self.bookmarkPage(key)
                    if ctx.register is not None:
                        self.addOutlineEntry(ctx.docs[di].doc.get("title") or key, key, level=0)
                _draw_page_furniture(self, ctx, i, total, page_docs, first_pages, counts)
                for (_, ref_doc, x0, y0, x1, y1, style, direction) in refs_by_page.get(i, []):
                    if ref_doc in first_pages:
                        assert ctx.register is not None  # page references are the register's
                        num = fmt.number(first_pages[ref_doc] + 1, ctx.register.lang)
                        draw_line(self, num, (x0 + x1) / 2, y0 + (y1 - y0) * 0.3, font=style.fontName,
                                  size=style.fontSize, direction=direction, anchor="center",
                                  color=style.textColor)
                        self.linkRect("", f"meeting-{ref_doc}", (x0, y0, x1, y1), relative=0, thickness=0)
                Canvas.showPage(self)
            self._ogp_pages = []
            Canvas.save(self)

    return _DeferredCanvas


def _build(story: list[Flowable], out: Output, ctx: _Context, *, title: str, author: str, subject: str,
           keywords: str, lang: str, extra_meta: dict[str, str], date_string: str | None) -> None:
    fonts.register_fonts()
    w, h = PAGE
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, w - 2 * MARGIN_X, h - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    target = str(out) if isinstance(out, (str, os.PathLike)) else out
    template = BaseDocTemplate(
        target,
        pagesize=PAGE,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=title, author=author, subject=subject,
        keywords=keywords,  # type: ignore[arg-type]  # a str is accepted (and kept as is); stubs say list
        creator=PRODUCER,
        producer=f"{PRODUCER} (ReportLab)", invariant=1, lang=lang,
        initialFontName=fonts.REGULAR, initialFontSize=12, initialLeading=21,
        displayDocTitle=1, direction="R2L" if lang == "ar" else None,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(story, canvasmaker=_canvas_class(ctx, extra_meta, date_string))


def _pdf_date(value: str | None) -> str | None:
    dt = fmt.parse_datetime(value)
    if dt is None:
        return None
    off = dt.utcoffset()
    if off is None:
        tz = "Z"
    else:
        minutes = int(off.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        minutes = abs(minutes)
        tz = f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"
    return dt.strftime("D:%Y%m%d%H%M%S") + tz


def _author(letterhead: Letterhead | None) -> str:
    lh = letterhead or {}
    parts = [(lh.get("unit") or "").strip(), (lh.get("ministry") or "").strip()]
    return " / ".join(p for p in parts if p) or PRODUCER


def _metadata(doc: MinutesDoc) -> tuple[str, dict[str, str]]:
    """Keywords and custom Info entries a verifier reads back (see verify.read_fingerprint)."""
    extra = {"OGPFormat": FORMAT, "OGPStatus": str(doc.get("status") or "")}
    kw = ["ogp-minutes"]
    if doc.get("uuid"):
        extra["OGPMinutesUUID"] = str(doc["uuid"])
        kw.append(f"uuid={doc['uuid']}")
    if doc.get("version") is not None:
        extra["OGPMinutesVersion"] = str(doc["version"])
        kw.append(f"version={doc['version']}")
    if _is_signed(doc) and doc.get("fingerprint"):
        extra["OGPMinutesSHA256"] = str(doc["fingerprint"])
        kw.append(f"sha256={doc['fingerprint']}")
    return "; ".join(kw), extra


def _last_signed_at(doc: MinutesDoc) -> str | None:
    parsed = [fmt.parse_datetime(s.get("signed_at")) for s in doc.get("signatures") or []]
    times = [t for t in parsed if t is not None]
    if not times:
        return None
    return max(times, key=lambda t: t.timestamp() if t.tzinfo else t.replace().timestamp()).isoformat()


# --------------------------------------------------------------------------- public API


def render_minutes(doc: MinutesDoc, letterhead: Letterhead, out: Output, *,
                   labels: Labels | None = None) -> list[tuple[str, int, tuple[float, float, float, float]]]:
    """Render one meeting's minutes to `out` (path or binary file object). Returns where
    each key signature's visible field goes: (field name, page index, box in points)."""
    lang = _lang(doc)
    L = labels_mod.get(lang, labels)
    info = _DocInfo(doc, L, lang, _direction(doc))
    ctx = _Context([info])
    width = PAGE[0] - 2 * MARGIN_X
    story: list[Flowable] = [_Mark(ctx, 0)] + meeting_story(doc, letterhead, L, width)
    keywords, extra = _metadata(doc)
    date_string = _pdf_date(_last_signed_at(doc)) if _is_signed(doc) else None
    subject = L["meta_subject"].format(date=fmt.date_medium(doc.get("date"), lang)) if doc.get("date") \
        else L["document_kind"]
    _build(story, out, ctx, title=doc.get("title") or L["document_kind"], author=_author(letterhead),
           subject=subject, keywords=keywords, lang=lang, extra_meta=extra, date_string=date_string)
    return list(ctx.signature_slots)


def render_bundle(docs: list[MinutesDoc], letterhead: Letterhead, out: Output, *,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None, language: str | None = None,
                  labels: Labels | None = None) -> None:
    """Render several minutes into one PDF: a register (table of contents) first, then each
    meeting from a new page. `progress(done, total)` is called after each meeting is laid
    out; when `cancelled()` returns True, ExportCancelled is raised and nothing is written."""
    docs = list(docs)
    if language is None:
        ar = sum(1 for d in docs if _lang(d) == "ar")
        language = "ar" if ar * 2 >= len(docs) else "en"
    lang = "ar" if language == "ar" else "en"
    RL = labels_mod.get(lang, labels)
    rdir = RTL if lang == "ar" else LTR
    infos = []
    for d in docs:
        dl = _lang(d)
        infos.append(_DocInfo(d, labels_mod.get(dl, labels if dl == lang else None), dl, _direction(d)))
    ctx = _Context(infos, register=_DocInfo({}, RL, lang, rdir), progress=progress, cancelled=cancelled)
    ctx.check_cancelled()
    width = PAGE[0] - 2 * MARGIN_X
    st = styles()

    story: list[Flowable] = []
    story += letterhead_block(letterhead, rdir, RL)
    story.append(BidiParagraph(RL["register_title"], st.title, rdir, align="center"))
    story.append(BidiParagraph(RL["register_count"].format(count=fmt.number(len(docs), lang)), st.kind, rdir,
                               align="center"))
    story.append(Spacer(1, 8))
    if docs:
        header = [RL["register_number"], RL["register_meeting"], RL["register_date"], RL["register_status"],
                  RL["register_page_col"]]
        rows = []
        for i, info in enumerate(infos):
            d = info.doc
            rows.append([
                fmt.number(i + 1, lang),
                BidiParagraph(d.get("title") or "", st.cell, info.direction),
                fmt.date_medium(d.get("date"), lang) if d.get("date") else RL["none"],
                RL.get(f"status_{d.get('status')}", str(d.get("status") or "")),
                _PageRef(ctx, i, st.cell, rdir),
            ])
        num_w, status_w, page_w = 0.9 * cm, 2.0 * cm, 1.5 * cm
        date_w = date_column_width(lang, RL["register_date"])
        widths = [num_w, width - num_w - date_w - status_w - page_w, date_w, status_w, page_w]
        story.append(data_table(header, rows, widths, rdir, st.cell_bold, st.cell, padding=CELL_PADDING))

    for i, info in enumerate(infos):
        story.append(PageBreak())
        story.append(_Mark(ctx, i))
        story += meeting_story(info.doc, letterhead, info.labels, width)
        story.append(_Mark(ctx, i, end=True))

    extra = {"OGPFormat": "ogp-minutes-register/1", "OGPCount": str(len(docs))}
    keywords = "ogp-minutes-register; " + "; ".join(f"uuid={d.get('uuid')}" for d in docs if d.get("uuid"))
    # write into memory first: a cancelled export must leave no partial file behind
    buf = io.BytesIO()
    _build(story, buf, ctx, title=RL["register_title"], author=_author(letterhead),
           subject=RL["meta_register_subject"].format(count=len(docs)), keywords=keywords, lang=lang,
           extra_meta=extra, date_string=None)
    data = buf.getvalue()
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as fh:
            fh.write(data)
    else:
        out.write(data)
