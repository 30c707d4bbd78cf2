"""Follow-up between meetings of a committee: the action items the previous meeting left
open, offered to the minutes being written so nothing agreed is forgotten.

"Previous meeting" = the latest meeting of the same committee held before the given date
(on the same day: an earlier record), counting each set of minutes once: when signed
minutes were amended, the newest version stands for them. The meeting being written and
the versions of its own amendment chain are never their own previous meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from ogp_desktop.core.models import ActionItem, ActionStatus, Committee, Meeting
from ogp_desktop.core.services import committees as committees_svc
from ogp_desktop.core.services.common import name_key
from ogp_desktop.core.services.meetings import ActionItemData


@dataclass
class OpenItem:
    """An action item still open at the previous meeting (plain values, no ORM object)."""

    id: int
    text: str
    owner: str | None
    due: dt.date | None
    meeting_id: int

    def as_action_item(self) -> ActionItemData:
        """The item as a new action item of the meeting being written (open again)."""
        return ActionItemData(text=self.text, owner=self.owner, due=self.due,
                              status=ActionStatus.OPEN)


@dataclass
class FollowUp:
    """The previous meeting of a committee and what it left open."""

    meeting_id: int
    title: str
    date: dt.date
    sequence: int | None
    version: int
    items: list[OpenItem] = field(default_factory=list)


def _committee(session: Session, committee: Committee | int | str | None) -> Committee | None:
    if committee is None or isinstance(committee, Committee):
        return committee
    if isinstance(committee, int):
        return session.get(Committee, committee)
    text = committee.strip()
    if not text:
        return None
    return committees_svc.find_committee(session, text)


def _chain(session: Session, meeting_id: int | None) -> set[int]:
    """The meeting and every version before and after it (amends / amended by)."""
    if meeting_id is None:
        return set()
    ids = {meeting_id}
    current = session.get(Meeting, meeting_id)
    while current is not None and current.amends_id is not None:  # older versions
        ids.add(current.amends_id)
        current = session.get(Meeting, current.amends_id)
    frontier = [meeting_id]
    while frontier:  # newer versions
        newer = list(session.scalars(select(Meeting.id).where(Meeting.amends_id.in_(frontier))))
        frontier = [i for i in newer if i not in ids]
        ids.update(frontier)
    return ids


def previous_meeting(
    session: Session,
    committee: Committee | int | str | None,
    before: dt.date,
    *,
    meeting_id: int | None = None,
) -> Meeting | None:
    """The committee's latest meeting before `before` (see the module docstring).

    `meeting_id` is the meeting being written (None for new minutes): it and its other
    versions are left out, and a meeting on the same day counts when its id is lower."""
    found = _committee(session, committee)
    if found is None or before is None:
        return None
    newer = aliased(Meeting)
    superseded = select(newer.id).where(newer.amends_id == Meeting.id).exists()
    earlier = Meeting.date < before
    if meeting_id is not None:
        earlier = or_(earlier, and_(Meeting.date == before, Meeting.id < meeting_id))
    query = (
        select(Meeting)
        .where(Meeting.committee_id == found.id, earlier, ~superseded)
        .order_by(Meeting.date.desc(), Meeting.id.desc())
    )
    excluded = _chain(session, meeting_id)
    if excluded:
        query = query.where(Meeting.id.not_in(excluded))
    return session.scalars(query.limit(1)).first()


def open_items(
    session: Session,
    committee: Committee | int | str | None,
    before: dt.date,
    *,
    meeting_id: int | None = None,
    exclude_texts: list[str] | tuple[str, ...] = (),
) -> FollowUp | None:
    """The previous meeting (or None) with its open action items, in their order.

    Items whose text is already among `exclude_texts` (the action items of the minutes
    being written, compared as names are: spacing and case do not matter) are left out,
    so an item carried over once is not offered again."""
    previous = previous_meeting(session, committee, before, meeting_id=meeting_id)
    if previous is None:
        return None
    rows = session.scalars(
        select(ActionItem)
        .where(ActionItem.meeting_id == previous.id, ActionItem.status == ActionStatus.OPEN)
        .order_by(ActionItem.position)
    )
    taken = {name_key(t) for t in exclude_texts if t}
    items = [
        OpenItem(id=a.id, text=a.text, owner=a.owner, due=a.due_date, meeting_id=previous.id)
        for a in rows if name_key(a.text) not in taken
    ]
    return FollowUp(meeting_id=previous.id, title=previous.title, date=previous.date,
                    sequence=previous.sequence, version=previous.version, items=items)
