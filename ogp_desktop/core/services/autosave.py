"""Autosave of the minutes editor: the editor's state as JSON, one row per open editor.

Written outside the minutes themselves (a half-typed form may not be valid minutes yet) and
deleted when the user saves or discards. Rows left behind by a crash are offered back."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ogp_desktop.core.models import Autosave, utcnow
from ogp_desktop.core.services.common import os_user


@dataclass
class PendingAutosave:
    id: int
    editor_key: str
    meeting_id: int | None
    title: str | None
    saved_at: dt.datetime
    payload: dict[str, Any]


def store(
    session: Session, editor_key: str, payload: dict[str, Any], *, meeting_id: int | None,
    title: str | None,
) -> None:
    row = session.scalar(select(Autosave).where(Autosave.editor_key == editor_key))
    if row is None:
        row = Autosave(editor_key=editor_key)
        session.add(row)
    row.meeting_id = meeting_id
    row.title = (title or "")[:2000] or None
    row.payload = json.dumps(payload, ensure_ascii=False, default=str)
    row.saved_at = utcnow()
    row.os_user = os_user()
    session.flush()


def discard(session: Session, editor_key: str) -> None:
    session.execute(delete(Autosave).where(Autosave.editor_key == editor_key))


def pending(session: Session, *, meeting_id: int | None = None,
            new_only: bool = False) -> list[PendingAutosave]:
    """Autosaves left behind (by a crash, or an editor still open elsewhere)."""
    query = select(Autosave).order_by(Autosave.saved_at.desc())
    if meeting_id is not None:
        query = query.where(Autosave.meeting_id == meeting_id)
    elif new_only:
        query = query.where(Autosave.meeting_id.is_(None))
    return [
        PendingAutosave(r.id, r.editor_key, r.meeting_id, r.title, r.saved_at, json.loads(r.payload))
        for r in session.scalars(query)
    ]
