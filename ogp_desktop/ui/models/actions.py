"""The follow-up table of open action items across meetings (overdue first), loaded a
page at a time from `services.action_items.list_open`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from ogp_desktop.core.i18n import N_
from ogp_desktop.core.services.action_items import ActionRow, list_open
from ogp_desktop.ui.common import short_date
from ogp_desktop.ui.models.rows import CENTER, Column, LazyRowsModel, one_line

OVERDUE = QColor("#b00020")


class ActionItemsModel(LazyRowsModel):
    COLUMNS = (
        Column(N_("Action"), lambda r: one_line(r.text), tooltip=lambda r: r.text),
        Column(N_("Owner"), lambda r: r.owner),
        Column(N_("Due"), lambda r: short_date(r.due), align=CENTER,
               foreground=lambda r: OVERDUE if r.overdue else None, bold=lambda r: r.overdue),
        Column(N_("Committee"), lambda r: r.committee),
        Column(N_("Meeting date"), lambda r: short_date(r.meeting_date), align=CENTER),
        Column(N_("Meeting"), lambda r: r.meeting_title),
    )

    def __init__(self, db, parent: QObject | None = None, *, load: bool = True) -> None:
        super().__init__(db, self.COLUMNS, parent)
        self.owner: str | None = None
        self.committee_id: int | None = None
        self.today: dt.date | None = None  # None: the real today (tests pin it)
        if load:
            self.reload()

    def set_filters(self, *, owner: str | None, committee_id: int | None) -> None:
        self.owner, self.committee_id = (owner or None), committee_id
        self.reload()

    def load(self, session, limit: int, offset: int) -> list[ActionRow]:
        return list_open(session, owner=self.owner, committee_id=self.committee_id,
                         today=self.today, limit=limit, offset=offset)
