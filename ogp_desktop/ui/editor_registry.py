"""Which minutes editors are open in this process, without importing the editor.

The autosaves an open editor holds are its own, not leftovers of a crash. The application
asks here at start which autosaves to offer back, so the heavy editor package is imported
only when minutes are opened; the editor window registers its table of open editors (editor
key -> editor) when it is imported, and keeps that table up to date itself."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ogp_desktop.core.db import Database
    from ogp_desktop.core.services.autosave import PendingAutosave

_tables: list[Mapping[str, object]] = []


def register(editors: Mapping[str, object]) -> None:
    """Count the editors of `editors` (a live table, editor key -> editor) as open."""
    if not any(table is editors for table in _tables):
        _tables.append(editors)


def open_keys() -> set[str]:
    """The editor keys of the minutes editors open now."""
    return {key for table in _tables for key in table}


def pending_recoveries(db: Database) -> list[PendingAutosave]:
    """Autosaves left behind by editors that did not close (a crash, a power cut), newest
    first: those no open editor holds."""
    from ogp_desktop.core.services import autosave

    with db.session() as session:
        rows = autosave.pending(session)
    if db.store.file is None:  # also what was kept here while the office's server was away
        newest = {row.editor_key: row for row in rows}
        for row in autosave.pending_local(local_autosave_folder(), db.store.display):
            if row.editor_key not in newest or newest[row.editor_key].saved_at < row.saved_at:
                newest[row.editor_key] = row
        rows = sorted(newest.values(), key=lambda r: r.saved_at, reverse=True)
    taken = open_keys()
    return [row for row in rows if row.editor_key not in taken]


def local_autosave_folder() -> Path:
    """Where the minutes editor keeps unsaved changes while the office's server does not
    answer (in the per-user data folder, never on the shared server)."""
    from ogp_desktop import paths

    return paths.data_dir() / "unsaved-minutes"
