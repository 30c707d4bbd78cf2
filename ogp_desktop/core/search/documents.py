"""What is indexed of each kind of record, read with SQL (one query per kind, for the whole
index or for the records a write changed): the document's parts — (field, text) in the
order they are shown —, the meeting it belongs to, and its plan.

The first part of a document is its title (weighted higher in the rank); a document's key
is its kind's code and the record's id, so one record has one document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, literal, select
from sqlalchemy.engine import Connection

from ogp_desktop.core import models as m
from ogp_desktop.core.search.kinds import KIND_LABELS  # noqa: F401  (re-exported)

KEY_SPACE = 10**10  # ids stay below it; the kind's code is the key's leading digits


@dataclass(frozen=True)
class Document:
    kind: str  # what the person sees ("meeting", "discussion", "person", …)
    record_id: int
    meeting_id: int | None
    plan_id: int | None
    parts: tuple[tuple[str, str], ...]  # (field, original text), the title first
    position: int | None = None  # a row of the minutes: its place among the meeting's rows

    @property
    def key(self) -> int:
        return KINDS[SOURCE_OF[self.kind]].code * KEY_SPACE + self.record_id


@dataclass(frozen=True)
class Source:
    """One table's documents."""

    code: int
    table: str
    model: type
    query: Select[Any]  # columns: id, meeting_id, plan_id, kind, then the parts' texts
    fields: tuple[str, ...]  # the parts' field names


def _q(*columns: Any) -> Select[Any]:
    return select(*columns)


_meeting = m.Meeting.__table__
_item = m.MinuteItem.__table__
_action = m.ActionItem.__table__
_attendance = m.Attendance.__table__
_person = m.Person.__table__
_org = m.Organisation.__table__
_commitment = m.Commitment.__table__
_milestone = m.Milestone.__table__
_step = m.Step.__table__
_phase = m.Phase.__table__
_plan = m.Plan.__table__
_committee = m.Committee.__table__
_attendee_org = _org.alias("attendee_org")
_person_org = _org.alias("person_org")

KINDS: dict[str, Source] = {
    "meeting": Source(1, "meetings", m.Meeting, _q(
        _meeting.c.id, _meeting.c.id, _meeting.c.plan_id, literal("meeting"), _meeting.c.title,
        _meeting.c.objective, _meeting.c.location), ("title", "objective", "location")),
    "item": Source(2, "minute_items", m.MinuteItem, _q(
        _item.c.id, _item.c.meeting_id, literal(None), _item.c.kind, literal(""), _item.c.text,
        _item.c.position), ("", "text")),
    "action": Source(3, "action_items", m.ActionItem, _q(
        _action.c.id, _action.c.meeting_id, literal(None), literal("action_item"), literal(""),
        _action.c.text, _action.c.owner, _action.c.position), ("", "text", "owner")),
    "attendee": Source(4, "attendance", m.Attendance, _q(
        _attendance.c.id, _attendance.c.meeting_id, literal(None), literal("attendee"),
        _person.c.name, _attendee_org.c.name, _attendance.c.position).select_from(
        _attendance.join(_person, _person.c.id == _attendance.c.person_id).outerjoin(
            _attendee_org, _attendee_org.c.id == _attendance.c.organisation_id)),
        ("name", "organisation")),
    "commitment": Source(5, "commitments", m.Commitment, _q(
        _commitment.c.id, literal(None), _commitment.c.plan_id, literal("commitment"),
        _commitment.c.title, _commitment.c.description), ("title", "description")),
    "milestone": Source(6, "milestones", m.Milestone, _q(
        _milestone.c.id, literal(None), _commitment.c.plan_id, literal("milestone"),
        _milestone.c.title, _milestone.c.deliverable).select_from(
        _milestone.join(_commitment, _commitment.c.id == _milestone.c.commitment_id)),
        ("title", "deliverable")),
    "step": Source(7, "steps", m.Step, _q(
        _step.c.id, literal(None), _phase.c.plan_id, literal("step"), _step.c.title,
        _step.c.details).select_from(_step.join(_phase, _phase.c.id == _step.c.phase_id)),
        ("title", "details")),
    "plan": Source(8, "plans", m.Plan, _q(
        _plan.c.id, literal(None), _plan.c.id, literal("plan"), _plan.c.title,
        _plan.c.description), ("title", "description")),
    "committee": Source(9, "committees", m.Committee, _q(
        _committee.c.id, literal(None), _committee.c.plan_id, literal("committee"),
        _committee.c.name), ("name",)),
    "person": Source(10, "people", m.Person, _q(
        _person.c.id, literal(None), literal(None), literal("person"), _person.c.name,
        _person.c.position, _person_org.c.name).select_from(_person.outerjoin(
            _person_org, _person_org.c.id == _person.c.organisation_id)),
        ("name", "position", "organisation")),
    "organisation": Source(11, "organisations", m.Organisation, _q(
        _org.c.id, literal(None), literal(None), literal("organisation"), _org.c.name),
        ("name",)),
}
# the kind a document shows → the source it comes from
SOURCE_OF = {"meeting": "meeting", "discussion": "item", "output": "item", "note": "item",
             "action_item": "action", "attendee": "attendee", "commitment": "commitment",
             "milestone": "milestone", "step": "step", "plan": "plan",
             "committee": "committee", "person": "person", "organisation": "organisation"}
# the list of the minutes form a row's text is in (as the editor names its fields)
ROW_FIELDS = {"discussion": "discussion", "output": "outputs", "note": "notes",
              "action_item": "action_items", "attendee": "attendees"}
BY_CODE = {source.code: name for name, source in KINDS.items()}
MEETING_SOURCES = ("meeting", "item", "action", "attendee")


def _id_column(source: Source) -> Any:
    return source.query.selected_columns[0]


def read(conn: Connection, source_name: str, ids: Iterable[int] | None = None,
         batch: int = 500) -> Iterator[Document]:
    """The documents of `source_name`, all of them or those of `ids`."""
    source = KINDS[source_name]
    query = source.query
    if ids is None:
        yield from _documents(source, conn.execute(query.order_by(_id_column(source))))
        return
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), batch):
        chunk = wanted[start:start + batch]
        yield from _documents(source, conn.execute(query.where(_id_column(source).in_(chunk))))


def _documents(source: Source, rows: Iterable[Any]) -> Iterator[Document]:
    for row in rows:
        record_id, meeting_id, plan_id, kind = row[0], row[1], row[2], str(row[3])
        texts = row[4:4 + len(source.fields)]
        parts = tuple((field, text or "") for field, text in zip(source.fields, texts,
                                                                 strict=True))
        position = None
        if source.code in (2, 3, 4):  # a row of the minutes: the list it is in
            position = row[-1]
            field_name = ROW_FIELDS.get(kind, kind)
            parts = tuple((field_name if field in ("text", "name") else field, text)
                          for field, text in parts)
        yield Document(kind, int(record_id), meeting_id, plan_id, parts, position)


def key_of(source_name: str, record_id: int) -> int:
    return KINDS[source_name].code * KEY_SPACE + record_id
