"""Editors of records that need more than a form: the minutes editor, its sign dialog and
the PDF preview."""

from ogp_desktop.ui.editors.minutes import (
    AUTOSAVE_DELAY_MS,
    MinutesEditor,
    open_editors,
    pending_recoveries,
)

__all__ = ["AUTOSAVE_DELAY_MS", "MinutesEditor", "open_editors", "pending_recoveries"]
