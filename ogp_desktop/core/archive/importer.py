"""Write parsed Word minutes as draft minutes, through `save_minutes` (the one way minutes
are written), with the original .docx kept as an attachment (with its SHA-256) and its
photos as photos.

Records the document names are matched first (`matching`); a record that would be new is
created only when `accept(match)` says so (the command line accepts every one and reports
it; the review screen asks). A batch imports each file in its own unit of work: a file
that fails leaves nothing behind and the others are still imported; the report says which
were imported, which need review (their guessed fields) and which failed (why)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ogp_desktop.core.archive import matching
from ogp_desktop.core.archive.parsing import Attendee, Found, Origin, ParsedMinutes, parse
from ogp_desktop.core.archive.reading import WordText, read_file
from ogp_desktop.core.errors import DomainError, Message, _n
from ogp_desktop.core.models import AttachmentKind, Commitment, CommitteeKind, MeetingMode, Plan
from ogp_desktop.core.services import committees as committees_svc
from ogp_desktop.core.services import directory
from ogp_desktop.core.services import meetings as meetings_svc
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.core.services.common import name_key
from ogp_desktop.core.text.arabic import normalise

if TYPE_CHECKING:
    from ogp_desktop.core.db import Database

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Accept = Callable[[matching.Match], bool]


@dataclass
class Imported:
    """One file imported: the new draft, the records made for it, what was guessed."""

    source: str
    meeting_id: int
    title: str
    created: list[matching.Match] = field(default_factory=list)
    similar: list[matching.Match] = field(default_factory=list)  # matched by likeness
    guessed: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    sha256: str = ""

    @property
    def needs_review(self) -> bool:
        return bool(self.guessed or self.similar)


@dataclass
class Failed:
    source: str
    error: DomainError


@dataclass
class BatchReport:
    imported: list[Imported] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    cancelled: bool = False

    @property
    def needs_review(self) -> list[Imported]:
        return [i for i in self.imported if i.needs_review]


def read(path: Path | str, *, plan: str | None = None,
         committee: str | None = None) -> tuple[WordText, ParsedMinutes]:
    """Read and parse one file; writes nothing (a DomainError when it can not be read)."""
    doc = read_file(path)
    return doc, parse(doc, plan=plan, committee=committee)


@dataclass
class Resolution:
    """The records a document names, as `matching` found them (new ones included)."""

    plan: matching.Match | None = None
    commitment: matching.Match | None = None
    committee: matching.Match | None = None
    people: dict[str, matching.Match] = field(default_factory=dict)  # by written name
    organisations: dict[str, matching.Match] = field(default_factory=dict)

    def all(self) -> list[matching.Match]:
        out = [m for m in (self.plan, self.commitment, self.committee) if m is not None]
        return out + list(self.organisations.values()) + list(self.people.values())


def resolve(session: Session, parsed: ParsedMinutes) -> Resolution:
    """Match every record the document names (writes nothing)."""
    res = Resolution()
    plan_written = parsed.value("plan")
    if plan_written:
        res.plan = matching.match_plan(session, _line(plan_written), parsed.value("plan_ordinal"))
    plan_id = res.plan.record_id if res.plan else None
    if parsed.value("commitment") and res.plan is not None:
        res.commitment = matching.match_commitment(
            session, plan_id, _line(parsed.value("commitment")), parsed.value("commitment_number"))
    if parsed.value("committee"):
        res.committee = matching.match_committee(
            session, _line(parsed.value("committee")), plan_id=plan_id,
            commitment_id=res.commitment.record_id if res.commitment else None)
    people = matching.Directory(session)
    for a in _everyone(parsed):
        if a.name not in res.people:
            res.people[a.name] = people.person(a.name)
        if a.organisation and a.organisation not in res.organisations:
            res.organisations[a.organisation] = people.organisation(a.organisation)
    return res


def _everyone(parsed: ParsedMinutes) -> list[Attendee]:
    return parsed.attendees + parsed.apologies + parsed.absent


def _line(text: str) -> str:
    """A one-line field's text: line breaks of a title line become spaces."""
    return " ".join(str(text).split())


def _accept_all(_match: matching.Match) -> bool:
    return True


def import_parsed(session: Session, doc: WordText, parsed: ParsedMinutes, *,
                  accept: Accept | None = None) -> Imported:
    """Write `parsed` as a draft in the caller's unit of work; `accept` decides on each new
    record (None: all are made)."""
    accept = accept or _accept_all
    res = resolve(session, parsed)
    created: list[matching.Match] = []
    day = parsed.value("date")

    plan: Plan | None = None
    if res.plan is not None:
        if not res.plan.new:
            plan = session.get(Plan, res.plan.record_id)
        elif accept(res.plan):
            plan = _new_plan(session, res.plan.written, parsed, day.year)
            created.append(res.plan)
    commitment: Commitment | None = None
    if res.commitment is not None and plan is not None:
        if not res.commitment.new:
            commitment = session.get(Commitment, res.commitment.record_id)
        elif accept(res.commitment):
            number = parsed.value("commitment_number")
            taken = {c.number for c in plan.commitments}
            if number is None or number in taken:
                number = max(taken, default=0) + 1
            commitment = plans_svc.add_commitment(session, plan, number=number,
                                                  title=res.commitment.written)
            created.append(res.commitment)
    committee_name: str | None = None
    if res.committee is not None:
        if not res.committee.new:
            committee_name = res.committee.record_name
        elif accept(res.committee):
            committee_name = committees_svc.create_committee(
                session, name=res.committee.written, kind=_committee_kind(res.committee.written),
                plan=plan, commitment=commitment).name
            created.append(res.committee)

    notes = [f.value for f in parsed.notes]
    groups: dict[str, list[meetings_svc.Participant]] = {"attendees": [], "apologies": [], "absent": []}
    seen: set[str] = set()
    warnings = list(parsed.warnings)
    for group in groups:
        for a in getattr(parsed, group):
            person = res.people[a.name]
            org_name: str | None = None
            if a.organisation:
                org = res.organisations[a.organisation]
                if not org.new:
                    org_name = org.record_name
                elif accept(org):
                    org_name = directory.organisation(session, a.organisation).name
                    org.record_name = org_name
                    org.record_id = -1  # made now: later rows of this file use it
                    created.append(dataclasses.replace(org, record_id=None))
            if person.new and not accept(person):
                notes.append(a.written)
                continue
            name = person.written if person.new else person.record_name
            assert name is not None
            if name_key(name) in seen:
                warnings.append(Message(_n("{name} is listed twice; kept once"), name=name))
                continue
            seen.add(name_key(name))
            if person.new:
                org_row = directory.organisation(session, org_name) if org_name else None
                directory.person(session, name, org=org_row, honorific=a.honorific)
                created.append(person)
                person.record_name, person.record_id = name, -1
            groups[group].append(meetings_svc.Participant(name=name, organization=org_name))

    mode = parsed.value("mode")
    data = meetings_svc.MinutesData(
        title=_line(parsed.value("title")),
        date=day,
        language="ar",
        plan=plan.title if plan else None,
        commitment=commitment.title if commitment else None,
        committee=committee_name,
        sequence=parsed.value("sequence"),
        start=parsed.value("start"),
        end=parsed.value("end"),
        mode=mode if isinstance(mode, MeetingMode) else MeetingMode.IN_PERSON,
        location=_line(parsed.value("location")) if parsed.value("location") else None,
        objective=parsed.value("objective"),
        attendees=groups["attendees"],
        apologies=groups["apologies"],
        absent=groups["absent"],
        other_participants=parsed.value("other_participants"),
        discussion=[f.value for f in parsed.discussion],
        outputs=[f.value for f in parsed.outputs],
        next_meeting=parsed.value("next_meeting"),
        notes=notes,
    )
    meeting = meetings_svc.save_minutes(session, data)
    warnings += _attach(session, meeting.id, doc, parsed)
    similar = [m for m in res.all() if m.how == "similar"]
    guessed = parsed.guessed() + [m.kind for m in similar if m.kind in ("plan", "committee",
                                                                        "commitment")]
    if any(m.kind in ("person", "organisation") for m in similar):
        guessed.append("attendees")
    return Imported(source=doc.name, meeting_id=meeting.id, title=meeting.title,
                    created=[dataclasses.replace(m, record_id=None) for m in created],
                    similar=similar, guessed=list(dict.fromkeys(_shown(g) for g in guessed)),
                    found=list(dict.fromkeys(_shown(f) for f in parsed.found())),
                    warnings=warnings, sha256=doc.sha256)


# Parser-only names shown as the form's field they fill.
_SHOWN = {"plan_ordinal": "plan", "plan_years": "plan", "commitment_number": "commitment",
          "photos": "attachments"}


def _shown(name: str) -> str:
    return _SHOWN.get(name, name)


def _new_plan(session: Session, title: str, parsed: ParsedMinutes, year: int) -> Plan:
    ordinal = parsed.value("plan_ordinal")
    used = set(session.scalars(select(Plan.ordinal)))
    if ordinal is None or ordinal in used:
        ordinal = (session.scalar(select(func.max(Plan.ordinal))) or 0) + 1
    first, last = parsed.value("plan_years") or (year, year)
    if not (first <= year <= last):  # the meeting's year outside the written years
        first, last = min(first, year), max(last, year)
    return plans_svc.create_plan(session, ordinal=ordinal, title=title, first_year=first,
                                 last_year=last)


_KINDS = (("لجنة تنفيذ", CommitteeKind.IMPLEMENTATION_COMMITTEE),
          ("مجموعة العمل", CommitteeKind.NATIONAL_WORKING_GROUP),
          ("فريق العمل الوطني", CommitteeKind.MULTI_STAKEHOLDER_FORUM),
          ("المنتدى", CommitteeKind.MULTI_STAKEHOLDER_FORUM),
          ("فريق عمل", CommitteeKind.TASK_FORCE))


def _committee_kind(name: str) -> CommitteeKind:
    key = normalise(name)
    for words, kind in _KINDS:
        if normalise(words) in key:
            return kind
    return CommitteeKind.OTHER


def _attach(session: Session, meeting_id: int, doc: WordText, parsed: ParsedMinutes) -> list[Message]:
    """The original file, then the photos; what the limits do not let in is said, not
    failed (the minutes' text is what matters)."""
    warnings: list[Message] = []
    total = 0
    files: list[tuple[str, bytes, AttachmentKind, str | None]] = [
        (doc.name, doc.data, AttachmentKind.ATTACHMENT, DOCX_TYPE)]
    for photo in parsed.photos:
        media = meetings_svc.sniff_image(photo.image.data)
        kind = AttachmentKind.PHOTO if media else AttachmentKind.ATTACHMENT
        files.append((photo.image.name, photo.image.data, kind, media))
    for name, data, kind, media in files:
        if (len(data) > meetings_svc.MAX_ATTACHMENT_BYTES
                or total + len(data) > meetings_svc.MAX_MEETING_ATTACHMENT_BYTES):
            warnings.append(Message(_n("{name} is too large to keep with the minutes ({mb} MB); "
                                       "keep it elsewhere"), name=name,
                                    mb=round(len(data) / 2**20)))
            continue
        meetings_svc.add_attachment(session, meeting_id, name=name, data=data, kind=kind,
                                    media_type=media)
        total += len(data)
    return warnings


def import_file(session: Session, path: Path | str, *, plan: str | None = None,
                committee: str | None = None, accept: Accept | None = None) -> Imported:
    doc, parsed = read(path, plan=plan, committee=committee)
    return import_parsed(session, doc, parsed, accept=accept)


def word_files(paths: Sequence[Path | str]) -> list[Path]:
    """The files to import: each file given, and the .docx/.doc files inside a folder given
    (sorted by name)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(x for x in p.iterdir()
                              if x.suffix.lower() in (".docx", ".doc") and not x.name.startswith("~$")))
        else:
            out.append(p)
    return out


def import_files(db: Database, paths: Sequence[Path | str], *, plan: str | None = None,
                 committee: str | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 accept: Accept | None = None) -> BatchReport:
    """Each file in its own unit of work (read and parsed before it opens); `cancelled`
    is asked between files."""
    report = BatchReport()
    files = word_files(paths)
    for n, path in enumerate(files, 1):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        try:
            doc, parsed = read(path, plan=plan, committee=committee)
            with db.session() as session:
                report.imported.append(import_parsed(session, doc, parsed, accept=accept))
        except DomainError as exc:
            report.failed.append(Failed(path.name, exc))
        if progress is not None:
            progress(n, len(files))
    return report


@dataclass
class Reviewed:
    """A file as the person left it on the review screen: its text, its fields with their
    corrections, and which of the new records it names to make."""

    doc: WordText
    parsed: ParsedMinutes
    accept: Accept | None = None


def import_reviewed(db: Database, items: Sequence[Reviewed], *,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None,
                    outcomes: list[Imported | Failed] | None = None) -> list[Imported | Failed]:
    """The review screen's "Import all" off the GUI thread: each file in its own unit of
    work, in order, so a record one file makes is matched by the next; a file refused
    leaves nothing of it. The outcomes in the order of `items`, shorter when `cancelled`
    (asked between files) stopped it. They are appended to `outcomes` when given, so the
    caller knows what was written also when something that is not a file's fault (a bug)
    stops the batch."""
    outcomes = [] if outcomes is None else outcomes
    for n, item in enumerate(items, 1):
        if cancelled is not None and cancelled():
            break
        try:
            with db.session() as session:
                outcomes.append(import_parsed(session, item.doc, item.parsed,
                                              accept=item.accept))
        except DomainError as exc:
            outcomes.append(Failed(item.doc.name, exc))
        if progress is not None:
            progress(n, len(items))
    return outcomes


def origin_of(parsed: ParsedMinutes, name: str) -> Origin | None:
    """Where the field `name` (as the form names it) was read, for the review screen."""
    found: Found | None = parsed.fields.get(name)
    if found is not None:
        return found.origin
    items: list[Any] = getattr(parsed, name, [])
    return items[0].origin if items else None

