"""Action items across meetings: the follow-up list, and marking an item done.

An action item's follow-up status is the one thing that may still move after the minutes
are signed (the signature covers what was decided: text, owner, due date; see
`core.guards` and `signing.build_snapshot`), so `set_status` works on drafts, approved and
signed minutes alike and changes nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Exists, and_, case, exists, or_, select
from sqlalchemy.orm import Session, aliased

from ogp_desktop.core.errors import NotFoundError
from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Committee,
    Meeting,
    MinutesStatus,
    Person,
)
from ogp_desktop.core.services.common import audit, parse_choice


@dataclass
class ActionRow:
    """One line of the follow-up list: only what a table shows."""

    id: int
    text: str
    owner: str | None
    due: dt.date | None
    status: str
    overdue: bool
    meeting_id: int
    meeting_date: dt.date
    meeting_title: str
    meeting_status: str
    committee_id: int | None
    committee: str | None


def _superseded() -> Exists:
    """Meetings an amendment replaces: their items live on in the newer version."""
    newer = aliased(Meeting)
    return exists().where(newer.amends_id == Meeting.id)


def list_open(
    session: Session,
    owner: str | None = None,
    committee_id: int | None = None,
    today: dt.date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[ActionRow]:
    """Open items of the current version of every meeting: overdue first, then by due
    date, undated last (then by meeting date and position, so the order is stable).

    `owner` matches words in the owner as written or in the linked person's name;
    `limit`/`offset` page through the list for lazily loading tables."""
    today = today or dt.date.today()
    overdue = and_(ActionItem.due_date.is_not(None), ActionItem.due_date < today)
    query = (
        select(
            ActionItem.id, ActionItem.text, ActionItem.owner, Person.name, ActionItem.due_date,
            ActionItem.status, Meeting.id, Meeting.date, Meeting.title, Meeting.status,
            Committee.id, Committee.name,
        )
        .join(Meeting, ActionItem.meeting_id == Meeting.id)
        .outerjoin(Committee, Meeting.committee_id == Committee.id)
        .outerjoin(Person, ActionItem.owner_person_id == Person.id)
        .where(ActionItem.status == ActionStatus.OPEN, ~_superseded())
        .order_by(
            case((overdue, 0), else_=1),
            ActionItem.due_date.is_(None),
            ActionItem.due_date,
            Meeting.date,
            Meeting.id,
            ActionItem.position,
            ActionItem.id,
        )
    )
    if committee_id is not None:
        query = query.where(Meeting.committee_id == committee_id)
    if owner:
        for word in owner.split():
            query = query.where(or_(
                ActionItem.owner.icontains(word, autoescape=True),
                Person.name.icontains(word, autoescape=True),
            ))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = []
    for (item_id, text, owner_text, person_name, due, status, meeting_id, meeting_date,
         meeting_title, meeting_status, committee_id_, committee_name) in session.execute(query):
        rows.append(ActionRow(
            id=item_id,
            text=text,
            owner=owner_text or person_name,
            due=due,
            status=ActionStatus(status).value,
            overdue=due is not None and due < today,
            meeting_id=meeting_id,
            meeting_date=meeting_date,
            meeting_title=meeting_title,
            meeting_status=MinutesStatus(meeting_status).value,
            committee_id=committee_id_,
            committee=committee_name,
        ))
    return rows


def set_status(session: Session, action_item_id: int, status: ActionStatus | str) -> ActionItem:
    """Mark an item open, done or cancelled. Allowed on signed minutes too: only the
    status changes (the flush guard refuses anything more)."""
    new = parse_choice(status, ActionStatus, "status")
    item = session.get(ActionItem, action_item_id)
    if item is None:
        raise NotFoundError("There is no action item with id {ref}", ref=action_item_id)
    old = item.status
    if old == new:
        return item
    item.status = new
    session.flush()
    audit(session, "update", "action_item", entity_id=item.id, entity_uuid=item.uuid,
          details={"meeting": item.meeting_id, "status": {"from": old.value, "to": new.value}})
    return item
