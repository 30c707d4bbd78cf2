"""Autosave of the minutes editor: the editor's state as JSON, one row per open editor.

Written outside the minutes themselves (a half-typed form may not be valid minutes yet) and
deleted when the user saves or discards. Rows left behind by a crash are offered back to
the person who left them (on the office's server: the same login).

When the records are on the office's server and it does not answer, the editor keeps the
same state in a file on this computer instead (`store_local`): a crash while the server is
away still loses nothing, and the file is offered back at the next start on that server."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ogp_desktop.core.models import Autosave, utcnow
from ogp_desktop.core.services.common import login


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
    row.os_user = login(session)
    session.flush()


def discard(session: Session, editor_key: str) -> None:
    session.execute(delete(Autosave).where(Autosave.editor_key == editor_key))


def pending(session: Session, *, meeting_id: int | None = None,
            new_only: bool = False) -> list[PendingAutosave]:
    """Autosaves this login left behind (by a crash, or an editor still open elsewhere);
    other people's, on a shared server, are theirs."""
    query = select(Autosave).where(Autosave.os_user == login(session)).order_by(
        Autosave.saved_at.desc())
    if meeting_id is not None:
        query = query.where(Autosave.meeting_id == meeting_id)
    elif new_only:
        query = query.where(Autosave.meeting_id.is_(None))
    return [
        PendingAutosave(r.id, r.editor_key, r.meeting_id, r.title, r.saved_at, json.loads(r.payload))
        for r in session.scalars(query)
    ]


# --- on this computer, while the office's server does not answer ---------------------------


def _local_file(folder: Path, editor_key: str) -> Path:
    return Path(folder) / f"{editor_key}.json"


def store_local(folder: Path, place: str, editor_key: str, payload: dict[str, Any], *,
                meeting_id: int | None, title: str | None) -> Path:
    """Keep the editor's state in `folder` (for the records at `place`), replacing its last
    one atomically: a crash mid-write leaves the previous state whole."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    record = {"place": place, "editor_key": editor_key, "meeting_id": meeting_id,
              "title": (title or "")[:2000] or None, "saved_at": utcnow().isoformat(),
              "payload": payload}
    target = _local_file(folder, editor_key)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".autosave-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False, default=str)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def discard_local(folder: Path, editor_key: str) -> None:
    _local_file(folder, editor_key).unlink(missing_ok=True)


def pending_local(folder: Path, place: str) -> list[PendingAutosave]:
    """The states kept on this computer for the records at `place`, newest first; a file
    that can not be read is left where it is (and logged by the caller's check)."""
    found: list[PendingAutosave] = []
    folder = Path(folder)
    if not folder.is_dir():
        return found
    for path in folder.glob("*.json"):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            if record.get("place") != place:
                continue
            found.append(PendingAutosave(0, str(record["editor_key"]), record.get("meeting_id"),
                                         record.get("title"),
                                         dt.datetime.fromisoformat(record["saved_at"]),
                                         dict(record["payload"])))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda p: p.saved_at, reverse=True)
