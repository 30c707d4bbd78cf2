"""The minutes editor, split by concern: `form` (the fields, load and collect),
`autosave` (timer and recovery), `lifecycle` (status banner, approve / sign / reopen /
amend), `export` (PDF export, preview, print), `attachments` (photos and files) and
`window`, which composes them."""

from ogp_desktop.ui.editors.minutes.autosave import AUTOSAVE_DELAY_MS
from ogp_desktop.ui.editors.minutes.form import state_from_data
from ogp_desktop.ui.editors.minutes.window import MinutesEditor, open_editors, pending_recoveries

__all__ = ["AUTOSAVE_DELAY_MS", "MinutesEditor", "open_editors", "pending_recoveries",
           "state_from_data"]
