"""A Word document's text turned into minutes: every field with its value, where it came
from (which title line, which table row and label, which footnote) and whether it was
guessed (a sequence read from "الاجتماع الثاني", "online" from "زووم", an organisation
split off an attendee's line, a date taken from the body because no row gave one).

Nothing is dropped: a row whose label is not known, a paragraph outside the table, a table
that is not label | value, all become notes or points marked as guessed, so the reviewer
sees everything the document said. The parser never writes: `importer` does."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ogp_desktop.core.archive import labels as L
from ogp_desktop.core.archive.reading import Block, Image, WordText, clean
from ogp_desktop.core.errors import Message, ValidationError, _n
from ogp_desktop.core.models import MeetingMode
from ogp_desktop.core.text.arabic import normalise, words

TITLE_LINE_MAX = 200
MAX_TITLE_LINES = 6


@dataclass(frozen=True)
class Origin:
    """Where a value was read: a title line, a table row (with its label as written), a body
    paragraph, a footnote, the file's name, the command line's option, or the body's text."""

    kind: str  # title | row | paragraph | table | footnote | file | option | text
    index: int | None = None  # 1-based: the line, row, paragraph or footnote number
    label: str | None = None  # the row's label as written
    table: int | None = None  # 1-based table number for rows of a table

    def describe(self) -> Message:
        if self.kind == "title":
            return Message(_n("title line {n}"), n=self.index)
        if self.kind == "row":
            return Message(_n("table row {n} ({label})"), n=self.index, label=self.label or "")
        if self.kind == "table":
            return Message(_n("table {t}, row {n}"), t=self.table, n=self.index)
        if self.kind == "paragraph":
            return Message(_n("paragraph {n}"), n=self.index)
        if self.kind == "footnote":
            return Message(_n("footnote {n}"), n=self.index)
        if self.kind == "option":
            return Message(_n("the command line"))
        if self.kind == "file":
            return Message(_n("the file's name"))
        return Message(_n("the document's text"))


@dataclass
class Found:
    """One value read from the document."""

    value: Any
    origin: Origin
    guessed: bool = False
    written: str | None = None  # the text it was read from, when that differs from value


@dataclass
class Attendee:
    name: str
    organisation: str | None
    honorific: str | None
    origin: Origin
    guessed: bool = False  # the organisation was split off at a "/" or "-"
    written: str = ""


@dataclass
class Photo:
    image: Image
    origin: Origin


@dataclass
class ParsedMinutes:
    """What a Word file's minutes say, field by field (see the module docstring)."""

    source: str
    fields: dict[str, Found] = field(default_factory=dict)
    attendees: list[Attendee] = field(default_factory=list)
    apologies: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)
    discussion: list[Found] = field(default_factory=list)
    outputs: list[Found] = field(default_factory=list)
    notes: list[Found] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    text: list[tuple[Origin, str]] = field(default_factory=list)  # the document as read
    warnings: list[Message] = field(default_factory=list)

    def value(self, name: str) -> Any:
        found = self.fields.get(name)
        return found.value if found else None

    def guessed(self) -> list[str]:
        """The names of the fields (and lists) holding a guess, in a stable order."""
        out = [k for k, f in self.fields.items() if f.guessed]
        for name in ("attendees", "apologies", "absent"):
            if any(a.guessed for a in getattr(self, name)):
                out.append(name)
        for name in ("discussion", "outputs", "notes"):
            if any(f.guessed for f in getattr(self, name)):
                out.append(name)
        return out

    def found(self) -> list[str]:
        out = list(self.fields)
        for name in ("attendees", "apologies", "absent", "discussion", "outputs", "notes"):
            if getattr(self, name):
                out.append(name)
        if self.photos:
            out.append("photos")
        return out


def parse(doc: WordText, *, plan: str | None = None, committee: str | None = None) -> ParsedMinutes:
    """The minutes `doc` holds; a ValidationError (one line) when it has no date at all.
    `plan` / `committee` given on the command line win over what the document says."""
    out = ParsedMinutes(source=doc.name)
    out.warnings.extend(doc.warnings)
    footnote_numbers = _number_footnotes(doc)
    blocks = [_renumbered(b, footnote_numbers) for b in doc.blocks]
    label_tables = [i for i, b in enumerate(blocks) if b.kind == "table" and _is_label_table(b)]
    first_table = label_tables[0] if label_tables else None

    titles: list[tuple[int, str]] = []
    body: list[tuple[int, Block]] = []
    paragraph_no = 0
    for i, block in enumerate(blocks):
        if block.kind == "paragraph":
            paragraph_no += 1
            for image in block.images:
                out.photos.append(Photo(image, Origin("paragraph", paragraph_no)))
            text = block.text.strip()
            if not text:
                continue
            if first_table is not None and i < first_table:
                titles.append((paragraph_no, text))
            elif first_table is None and not body and _title_like(text) and len(titles) < MAX_TITLE_LINES:
                titles.append((paragraph_no, text))
            else:
                body.append((paragraph_no, block))
        else:
            body.append((i, block))

    for n, (_, text) in enumerate(titles, 1):
        out.text.append((Origin("title", n), text))
    _read_titles(out, [t for _, t in titles])
    table_no = 0
    in_outputs = False
    for index, block in body:
        if block.kind == "table":
            table_no += 1
            if _is_label_table(block):
                _read_label_table(out, block, table_no)
            else:
                _read_plain_table(out, block, table_no)
        else:
            origin = Origin("paragraph", index)
            text = block.text.strip()
            out.text.append((origin, text))
            heading = L.match_label(text) if len(words(text)) <= 12 else None
            if heading is not None and heading.field == "outputs":
                in_outputs = True
            elif heading is not None and heading.field == "discussion":
                in_outputs = False
            target = out.outputs if in_outputs else (out.discussion if first_table is None else out.notes)
            for line in text.split("\n"):
                line = L.strip_bullet(line)
                if line:
                    target.append(Found(line, origin, guessed=True))
    for n, text in sorted(footnote_numbers.values()):
        out.notes.append(Found(text, Origin("footnote", n)))
        out.text.append((Origin("footnote", n), text))
    _fill_gaps(out, doc)
    if plan:
        out.fields["plan"] = Found(plan, Origin("option"))
    if committee:
        out.fields["committee"] = Found(committee, Origin("option"))
    return out


# --- footnotes ------------------------------------------------------------------------------

_REF = re.compile(r"\[(-?\d+)\]")


def _number_footnotes(doc: WordText) -> dict[int, tuple[int, str]]:
    """Footnote id → (its number in order of reference, text): the notes of the minutes
    are numbered 1, 2, … as the document refers to them."""
    order: dict[int, tuple[int, str]] = {}
    for text in _in_document_order(doc):
        for m in _REF.finditer(text):
            fid = int(m.group(1))
            if fid in doc.footnotes and fid not in order:
                order[fid] = (len(order) + 1, doc.footnotes[fid])
    for fid, text in sorted(doc.footnotes.items()):  # notes nobody refers to, kept too
        if fid not in order:
            order[fid] = (len(order) + 1, text)
    return order


def _in_document_order(doc: WordText) -> list[str]:
    out = []
    for b in doc.blocks:
        if b.kind == "paragraph":
            out.append(b.text)
        else:
            out.extend(line for row in b.rows for cell in row for line in cell)
    return out


def _renumbered(block: Block, numbers: dict[int, tuple[int, str]]) -> Block:
    def sub(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            fid = int(m.group(1))
            return f"[{numbers[fid][0]}]" if fid in numbers else m.group(0)
        return _REF.sub(one, text)

    if not numbers:
        return block
    if block.kind == "paragraph":
        return Block("paragraph", text=sub(block.text), images=block.images)
    rows = [[[sub(line) for line in cell] for cell in row] for row in block.rows]
    return Block("table", rows=rows, images=block.images, cell_images=block.cell_images)


# --- title lines ----------------------------------------------------------------------------

_TITLE_HEADS = {normalise(w) for w in ("محضر", "تقرير", "اجتماع", "الاجتماع", "لقاء", "اللقاء",
                                        "جلسة", "الجلسة", "ورشة", "ورشة عمل")}
_MEETING_WORDS = {normalise(w) for w in ("اجتماع", "الاجتماع", "للاجتماع", "لقاء", "اللقاء",
                                          "جلسة", "الجلسة")}
_PLAN_WORDS = {normalise(w) for w in ("الخطة", "خطة", "للخطة", "لخطة", "بالخطة")}
_COMMITMENT_WORDS = {normalise(w) for w in ("الالتزام", "التزام", "للالتزام", "بالالتزام")}
_COMMITTEE_HEADS = [[normalise(x) for x in h.split()] for h in (
    "لجنة", "مجموعة العمل", "فريق العمل", "فريق عمل", "المنتدى", "اللجنة")]
_COMMITTEE_STOP = {normalise(w) for w in ("لمبادرة", "مبادرة", "لشراكة", "شراكة", "ضمن", "بين",
                                           "حول", "بتاريخ", "يوم", "في")}
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)(?!\d)")


def _title_like(text: str) -> bool:
    return len(text) <= TITLE_LINE_MAX and not text.rstrip().endswith((".", ":", "؛"))


def _tokens(line: str) -> list[tuple[str, str]]:
    """(word as written, normalised word) for each word of a line."""
    return [(w, normalise(w)) for w in line.split() if normalise(w)]


def _strip_prefix(word: str) -> str:
    """لمجموعة → مجموعة, للجنة → لجنة (a preposition attached to a committee's name)."""
    for p in ("لل", "ل", "و"):
        if word.startswith(p) and len(word) - len(p) >= 3:
            rest = word[len(p):]
            if p == "لل":
                rest = "ل" + rest
            return rest
    return word


def _read_titles(out: ParsedMinutes, lines: list[str]) -> None:
    for n, line in enumerate(lines, 1):
        origin = Origin("title", n)
        toks = _tokens(line)
        norm = [t for _, t in toks]
        whole_date = L.find_dates(line)
        if whole_date and "date" not in out.fields:
            alone = len(words(re.sub(r"[\d/\\\-.]", " ", line))) <= 1  # a weekday at most
            out.fields["date"] = Found(whole_date[0].date, origin, guessed=not alone,
                                       written=whole_date[0].written)
        if "title" not in out.fields and norm and norm[0] in _TITLE_HEADS:
            out.fields["title"] = Found(line, origin)
        _read_sequence(out, toks, origin)
        _read_commitment(out, toks, origin, whole_line=len(norm) <= 3)
        _read_plan(out, line, toks, origin)
        _read_committee(out, toks, origin)
    if "title" not in out.fields and lines:
        long = [ln for ln in lines if not L.find_dates(ln) or len(words(ln)) > 3]
        pick = long[-1] if long else lines[0]
        out.fields["title"] = Found(pick, Origin("title", lines.index(pick) + 1), guessed=True)


def _read_sequence(out: ParsedMinutes, toks: list[tuple[str, str]], origin: Origin) -> None:
    if "sequence" in out.fields:
        return
    for i, (_, w) in enumerate(toks[:-1]):
        if w in _MEETING_WORDS:
            nxt = toks[i + 1][1]
            if nxt == normalise("رقم") and i + 2 < len(toks):
                nxt = toks[i + 2][1]
            n = L.ordinal(nxt)
            if n is not None and nxt not in L.FEMININE:
                written = " ".join(t for t, _ in toks[i:i + 3 if toks[i + 1][1] == "رقم" else i + 2])
                out.fields["sequence"] = Found(n, origin, guessed=True, written=written)
                return


def _read_commitment(out: ParsedMinutes, toks: list[tuple[str, str]], origin: Origin, *,
                     whole_line: bool) -> None:
    if "commitment_number" in out.fields:
        return
    for i, (_, w) in enumerate(toks[:-1]):
        if w in _COMMITMENT_WORDS:
            n = L.ordinal(toks[i + 1][1])
            if n is not None and toks[i + 1][1] not in L.FEMININE:
                written = " ".join(t for t, _ in toks[i:i + 2])
                if written.startswith(("ل", "ب")) and not written.startswith("ال"):
                    written = written[1:]  # للالتزام الأول → الالتزام الأول
                out.fields["commitment_number"] = Found(n, origin, guessed=not whole_line,
                                                        written=written)
                out.fields["commitment"] = Found(written, origin, guessed=not whole_line)
                return


def _read_plan(out: ParsedMinutes, line: str, toks: list[tuple[str, str]], origin: Origin) -> None:
    if "plan" in out.fields:
        return
    years = _YEARS.search(line)
    for i, (_, w) in enumerate(toks):
        if w in _PLAN_WORDS:
            for j in range(i + 1, min(i + 4, len(toks))):
                if toks[j][1] in L.FEMININE:
                    n = L.ordinal(toks[j][1])
                    whole = i == 0
                    if whole:
                        written = line.strip()
                    else:
                        written = " ".join(t for t, _ in toks[i:j + 1])
                        written = written[1:] if written.startswith("لل") else written
                        if years:
                            written += " " + years.group(0)
                    out.fields["plan"] = Found(written, origin, guessed=not whole)
                    out.fields["plan_ordinal"] = Found(n, origin, guessed=not whole)
                    if years:
                        out.fields["plan_years"] = Found((int(years.group(1)), int(years.group(2))),
                                                         origin, guessed=not whole)
                    return
    # no "الخطة" word: a feminine ordinal after the committee's words ("مجموعة العمل
    # الوطنية الخامسة") names the plan, as a guess
    for i, (_, w) in enumerate(toks):
        if w in L.FEMININE and i > 0 and toks[i - 1][1] not in _MEETING_WORDS:
            n = L.ordinal(w)
            written = f"الخطة الوطنية {L.FEMININE_WORDS[(n or 1) - 1]}"
            if years:
                written += " " + years.group(0)
            out.fields["plan"] = Found(written, origin, guessed=True, written=line)
            out.fields["plan_ordinal"] = Found(n, origin, guessed=True)
            if years:
                out.fields["plan_years"] = Found((int(years.group(1)), int(years.group(2))),
                                                 origin, guessed=True)
            return


def _read_committee(out: ParsedMinutes, toks: list[tuple[str, str]], origin: Origin) -> None:
    if "committee" in out.fields:
        return
    for i in range(len(toks)):
        for head in _COMMITTEE_HEADS:
            if (head[0] in (toks[i][1], _strip_prefix(toks[i][1]))
                    and [t for _, t in toks[i + 1:i + len(head)]] == head[1:]):
                end = i + len(head)
                while end < len(toks):
                    w = toks[end][1]
                    if (w in L.FEMININE or w in _COMMITTEE_STOP or w.isdigit()
                            or _YEARS.search(toks[end][0]) or w in _PLAN_WORDS):
                        break
                    end += 1
                first = toks[i][0] if toks[i][1] == head[0] else _drop_prefix_as_written(toks[i][0])
                written = " ".join([first]
                                    + [t for t, _ in toks[i + 1:end]])
                whole = i <= 2 and end == len(toks)
                out.fields["committee"] = Found(written.strip(), origin, guessed=not whole)
                return


def _drop_prefix_as_written(word: str) -> str:
    for p in ("لل", "ل", "و"):
        if word.startswith(p) and len(word) - len(p) >= 3:
            return ("ل" + word[2:]) if p == "لل" else word[len(p):]
    return word


# --- the label | value table ----------------------------------------------------------------


def _row_label_value(row: list[list[str]]) -> tuple[str, list[str]]:
    cells = [c for c in row]
    if not cells:
        return "", []
    label = " ".join(x.strip() for x in cells[0] if x.strip())
    value = [line for cell in cells[1:] for line in cell]
    return label, value


def _is_label_table(block: Block) -> bool:
    hits = 0
    for row in block.rows:
        if len(row) >= 2:
            label, _ = _row_label_value(row)
            if label and L.match_label(label) is not None:
                hits += 1
    return hits >= 2


def _read_label_table(out: ParsedMinutes, block: Block, table_no: int) -> None:
    for r, row in enumerate(block.rows, 1):
        label, lines = _row_label_value(row)
        origin = Origin("row", r, label=label or None, table=table_no)
        value_text = "\n".join(x for x in lines if x.strip())
        out.text.append((origin, value_text))
        images = [img for (rr, _c), imgs in block.cell_images.items() if rr == r - 1 for img in imgs]
        for img in images:
            out.photos.append(Photo(img, origin))
        match = L.match_label(label) if label else None
        if match is None:
            if value_text.strip():
                text = f"{label}: {value_text}" if label else value_text
                out.notes.append(Found(text, origin, guessed=True))
                if label:
                    out.warnings.append(Message(_n("the row {label} was not recognised; its text "
                                                   "is kept as a note"), label=label))
            continue
        _read_row(out, match, lines, origin)


def _read_row(out: ParsedMinutes, match: L.LabelMatch, lines: list[str], origin: Origin) -> None:
    f = match.field
    text = "\n".join(x.strip() for x in lines if x.strip())
    guess = match.fuzzy
    if f in ("date", "next_meeting"):
        dates = L.find_dates(text)
        if dates:
            d = dates[0]
            out.fields[f] = Found(d.date, origin, guessed=guess or d.two_digit_year or d.weekday_disagrees,
                                  written=d.written)
            if d.weekday_disagrees:
                out.warnings.append(Message(_n("the weekday written beside {date} is not that "
                                               "date's; check the date"), date=d.written))
            times = L.find_times(text)
            if f == "date" and times:
                _times(out, times, origin, guess)
        elif text:
            out.notes.append(Found(f"{_label(origin)}: {text}", origin, guessed=True))
            out.warnings.append(Message(_n("no date could be read in {text}"), text=text[:80]))
    elif f == "time":
        times = L.find_times(text)
        if times:
            _times(out, times, origin, guess)
        elif text:
            out.notes.append(Found(f"{_label(origin)}: {text}", origin, guessed=True))
    elif f == "location":
        if text:
            out.fields["location"] = Found(" ".join(text.split("\n")), origin, guessed=guess)
            _mode(out, text, origin)
    elif f in ("attendees", "apologies", "absent"):
        _people(out, f, lines, origin)
    elif f == "objective":
        if text:
            out.fields["objective"] = Found(text, origin, guessed=guess)
    elif f in ("discussion", "outputs", "notes"):
        target = getattr(out, f)
        for line in lines:
            item = L.strip_bullet(line)
            if item:
                target.append(Found(item, origin, guessed=guess))
    elif f == "photos":
        if text:
            out.notes.append(Found(f"{_label(origin)}: {text}", origin, guessed=True))


def _label(origin: Origin) -> str:
    return origin.label or ""


def _times(out: ParsedMinutes, times: list[dt.time], origin: Origin, guess: bool) -> None:
    out.fields.setdefault("start", Found(times[0], origin, guessed=guess))
    if len(times) > 1 and times[1] >= times[0]:
        out.fields.setdefault("end", Found(times[1], origin, guessed=guess))


def _mode(out: ParsedMinutes, text: str, origin: Origin) -> None:
    online, in_person = L.online_words(text)
    if online:
        mode = MeetingMode.HYBRID if in_person else MeetingMode.ONLINE
        out.fields["mode"] = Found(mode, origin, guessed=True, written=", ".join(online))


_APOLOGY_LINE = re.compile(r"^\s*(?:ال)?(?:اعتذار|اعتذارات|معتذرون|معتذرين|اعتذر)", re.UNICODE)


def _people(out: ParsedMinutes, group: str, lines: list[str], origin: Origin) -> None:
    """Attendees (or apologies) of one cell, one per line; a "الاعتذار:" line inside the
    attendees' cell starts the apologies."""
    current = group
    for line in lines:
        text = L.strip_bullet(line)
        if not text:
            continue
        m = L.match_label(text) if len(words(text)) <= 4 else None
        if m is not None and m.field in ("attendees", "apologies", "absent") and (
                text.rstrip().endswith(":") or len(words(text)) <= 3):
            current = m.field
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if not rest:
                continue
            text = rest
        attendee = parse_attendee(text, origin)
        if attendee is not None:
            getattr(out, current).append(attendee)


# Separators between a name and an organisation, strongest first: a dash with spaces (the
# unit's way), any dash, a hyphen with a space on one side, a slash, a comma, brackets.
_SEPARATORS = (
    (re.compile(r"\s+[–—]\s*|\s*[–—]\s+"), False),
    (re.compile(r"[–—]"), True),
    (re.compile(r"\s+-\s*|\s*-\s+"), True),
    (re.compile(r"\s*/\s*"), True),
    (re.compile(r"\s*[،,]\s*"), True),
)
_BRACKETS = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


def parse_attendee(line: str, origin: Origin) -> Attendee | None:
    """"السيدة مي عليمات / وزارة التخطيط" → honorific, name, organisation."""
    text = line.strip().rstrip(".،,;؛").strip()
    if not text:
        return None
    name, org, guessed = text, None, False
    for pattern, guess in _SEPARATORS:
        m = pattern.search(text)
        if m and m.start() > 0 and m.end() < len(text):
            name, org, guessed = text[:m.start()].strip(), text[m.end():].strip(), guess
            break
    else:
        b = _BRACKETS.match(text)
        if b and b.group(1).strip():
            name, org, guessed = b.group(1).strip(), b.group(2).strip(), True
    honorific, name = L.split_honorific(name)
    name = name.strip().rstrip(".،,").strip()
    if not normalise(name):
        return None
    if org is not None:
        org = org.rstrip(".،,").strip() or None
    return Attendee(name=name, organisation=org, honorific=honorific, origin=origin,
                    guessed=guessed and org is not None, written=line.strip())


# --- tables that are not label | value --------------------------------------------------------


def _read_plain_table(out: ParsedMinutes, block: Block, table_no: int) -> None:
    for r, row in enumerate(block.rows, 1):
        origin = Origin("table", r, table=table_no)
        cells = [" ".join(x.strip() for x in cell if x.strip()) for cell in row]
        text = " | ".join(c for c in cells if c)
        if text:
            out.text.append((origin, text))
            out.discussion.append(Found(text, origin, guessed=True))
        for (rr, _c), imgs in block.cell_images.items():
            if rr == r - 1:
                out.photos.extend(Photo(img, origin) for img in imgs)


# --- what the document did not say in so many words ----------------------------------------

_NEXT = [words(w) for w in ("اجتماع قادم", "الاجتماع القادم", "الاجتماع المقبل", "اجتماع مقبل")]
_COUNT = re.compile(r"حضر\s+(?:ال)?(?:اجتماع|لقاء|ورشة|جلسة)\s+(\d{1,6})")


def _fill_gaps(out: ParsedMinutes, doc: WordText) -> None:
    if "date" not in out.fields:
        for origin, text in out.text:
            dates = L.find_dates(text)
            if dates:
                out.fields["date"] = Found(dates[0].date, origin, guessed=True,
                                           written=dates[0].written)
                break
    if "date" not in out.fields:
        raise ValidationError("{path}: no date of the meeting could be found in it; add the "
                              "date (d/m/yyyy) to the minutes and import them again",
                              field="file", path=doc.name)
    if "title" not in out.fields:
        stem = doc.name.rsplit(".", 1)[0]
        out.fields["title"] = Found(clean(stem) or "محضر اجتماع", Origin("file"), guessed=True)
    day = out.fields["date"].value
    if "next_meeting" not in out.fields:
        for item in out.outputs:
            tw = words(item.value)
            if any(L._contains(tw, p) for p in _NEXT):
                later = [d for d in L.find_dates(item.value) if d.date > day]
                if later:
                    out.fields["next_meeting"] = Found(later[0].date, item.origin, guessed=True,
                                                       written=later[0].written)
                    break
    if "other_participants" not in out.fields and not out.attendees:
        for origin, text in out.text:
            m = _COUNT.search(text)
            if m:
                out.fields["other_participants"] = Found(int(m.group(1)), origin, guessed=True,
                                                         written=m.group(0))
                break
    if "mode" not in out.fields:
        for origin, text in out.text:
            if origin.kind == "title":
                _mode(out, text, origin)
    if out.fields.get("commitment") is not None and "committee" in out.fields:
        c = out.fields["committee"]
        if normalise(c.value).endswith(normalise("الالتزام")):
            number = out.fields["commitment_number"].value
            out.fields["committee"] = Found(f"{c.value} {L.MASCULINE_WORDS[number - 1]}"
                                            if 1 <= number <= 10 else f"{c.value} {number}",
                                            c.origin, guessed=True, written=c.value)
