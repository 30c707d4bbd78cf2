"""Qt table models over the core services: each loads rows in its own short unit of work
and keeps only plain row objects (never live ORM objects), so a table never holds a
session open and never writes."""

from ogp_desktop.ui.models.actions import ActionItemsModel
from ogp_desktop.ui.models.meetings import MeetingsModel
from ogp_desktop.ui.models.rows import Column, RowsModel

__all__ = ["ActionItemsModel", "Column", "MeetingsModel", "RowsModel"]
