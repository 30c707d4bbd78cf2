"""The meetings table: date, title, committee, plan, status, version; newest first, loaded
a page at a time from `services.meetings.list_meetings`. A draft someone else has open in
their editor says so in its status ("being edited by NAME", services.leases)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from ogp_desktop.core.i18n import N_
from ogp_desktop.core.models import MinutesStatus
from ogp_desktop.core.services import leases
from ogp_desktop.core.services.leases import Holder
from ogp_desktop.core.services.meetings import MeetingRow, list_meetings
from ogp_desktop.ui.common import _, short_date
from ogp_desktop.ui.models.labels import label
from ogp_desktop.ui.models.rows import CENTER, Column, LazyRowsModel

BEING_EDITED_COLOUR = QColor("#a35a00")
_STATUS_COLOURS = {
    MinutesStatus.SIGNED.value: QColor("#1b6e3a"),
    MinutesStatus.APPROVED.value: QColor("#1f4e96"),
}


@dataclass(frozen=True)
class MeetingFilters:
    """What the filter bar asks `list_meetings` for (None = any)."""

    plan_id: int | None = None
    committee_id: int | None = None
    status: MinutesStatus | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    words: str | None = None

    def as_kwargs(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _status(row: MeetingRow) -> str:
    return label(row.status, MinutesStatus)


class MeetingsModel(LazyRowsModel):
    STATUS_COLUMN = 4

    def __init__(self, db, parent: QObject | None = None, *, load: bool = True) -> None:
        super().__init__(db, (
            Column(N_("Date"), lambda r: short_date(r.date), align=CENTER),
            Column(N_("Title"), lambda r: r.title),
            Column(N_("Committee"), lambda r: r.committee),
            Column(N_("Plan"), lambda r: r.plan),
            Column(N_("Status"), self._status, tooltip=self._status_tip,
                   foreground=self._status_colour),
            Column(N_("Version"), lambda r: r.version, align=CENTER),
        ), parent)
        self.filters = MeetingFilters()
        self.editing: dict[int, Holder] = {}  # drafts others have open, by meeting id
        if load:
            self.reload()

    def set_filters(self, filters: MeetingFilters) -> None:
        self.filters = filters
        self.reload()

    def load(self, session, limit: int, offset: int) -> list[MeetingRow]:
        rows = list_meetings(session, limit=limit, offset=offset, **self.filters.as_kwargs())
        held = leases.holders(session, [r.id for r in rows
                                        if r.status == MinutesStatus.DRAFT.value])
        if offset == 0:
            self.editing = {}
        self.editing.update(held)
        return rows

    def being_edited(self, row: MeetingRow) -> Holder | None:
        return self.editing.get(row.id)

    def _status(self, row: MeetingRow) -> str:
        holder = self.being_edited(row)
        if holder is None:
            return _status(row)
        return _("{status} — being edited by {name}").format(status=_status(row),
                                                              name=holder.name)

    def _status_tip(self, row: MeetingRow) -> str | None:
        holder = self.being_edited(row)
        if holder is None:
            return _status(row)
        return _("Being edited by {name} since {time}").format(
            name=holder.name, time=holder.since.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M"))

    def _status_colour(self, row: MeetingRow) -> QColor | None:
        if self.being_edited(row) is not None:
            return BEING_EDITED_COLOUR
        return _STATUS_COLOURS.get(row.status)

    def all_ids(self) -> list[int]:
        """Every meeting the filters select (not only the loaded pages), for a batch."""
        with self.db.session(write=False) as session:
            return [r.id for r in list_meetings(session, **self.filters.as_kwargs())]
