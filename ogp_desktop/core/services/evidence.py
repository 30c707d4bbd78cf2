"""The evidence behind a commitment's IRM ratings: links to the minutes of a meeting, an
action item or an attachment of the records (by id: rows of minutes are reused by position
when a draft is saved, so a link survives saves), or a note (a published page, a letter).

Kept as a JSON list on the commitment (models.Commitment.progress_evidence):

    [{"kind": "meeting" | "action_item" | "attachment" | "note", "id": int | None,
      "note": str | None}]

`check_evidence` refuses a link to nothing before anything is written; `resolve` reads the
links back with what they point to now (a record deleted since is said, not hidden)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import ActionItem, Attachment, Commitment, Meeting
from ogp_desktop.core.services.common import check_text

KINDS = ("meeting", "action_item", "attachment", "note")
_MODELS: dict[str, type[Meeting] | type[ActionItem] | type[Attachment]] = {
    "meeting": Meeting, "action_item": ActionItem, "attachment": Attachment,
}


def check_evidence(session: Session, evidence: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The links as stored, each checked: a known kind, a record that exists (or, for a
    note, its text)."""
    checked = []
    for link in evidence:
        kind = link.get("kind") or ("note" if link.get("id") is None else "meeting")
        if kind not in KINDS:
            raise ValidationError("'{value}' is not one of: {allowed}", field="evidence",
                                  value=str(kind)[:40], allowed=", ".join(KINDS))
        note = check_text(link.get("note"), "evidence", multiline=True)
        ref = link.get("id")
        if kind == "note":
            if not note:
                raise ValidationError("is required", field="evidence")
            checked.append({"kind": kind, "id": None, "note": note})
            continue
        if not isinstance(ref, int) or isinstance(ref, bool) or \
                session.get(_MODELS[kind], ref) is None:
            raise ValidationError("there is no {kind} with id {ref} in the records",
                                  field="evidence", kind=kind, ref=str(ref)[:40])
        checked.append({"kind": kind, "id": ref, "note": note})
    return checked


def evidence_json(links: list[dict[str, Any]]) -> str | None:
    return json.dumps(links, ensure_ascii=False, sort_keys=True) if links else None


def stored_links(commitment: Commitment) -> list[dict[str, Any]]:
    """The links as stored (a damaged value reads as none, never as an error)."""
    try:
        value = json.loads(commitment.progress_evidence or "[]")
    except ValueError:
        return []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


@dataclass(frozen=True)
class Evidence:
    """A link read back: what it points to now (`found` False: deleted since)."""

    kind: str
    id: int | None
    note: str | None
    found: bool
    meeting_id: int | None  # the minutes to open (of the meeting, action item or attachment)
    title: str  # the meeting's title, the action item's text, the attachment's name
    date: Any  # the meeting's date (datetime.date) or None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "note": self.note, "found": self.found,
                "meeting_id": self.meeting_id, "title": self.title,
                "date": self.date.isoformat() if self.date else None}


def resolve(session: Session, commitment: Commitment) -> list[Evidence]:
    out = []
    for link in stored_links(commitment):
        kind, ref, note = link.get("kind", "note"), link.get("id"), link.get("note")
        model = _MODELS.get(kind)
        record = session.get(model, ref) if model is not None and isinstance(ref, int) else None
        if record is None:
            out.append(Evidence(kind, ref, note, kind == "note", None, "", None))
            continue
        if isinstance(record, Meeting):
            meeting, title = record, record.title
        elif isinstance(record, ActionItem):
            meeting, title = record.meeting, record.text
        elif isinstance(record, Attachment):
            meeting, title = record.meeting, record.name
        else:  # pragma: no cover - _MODELS holds only these three
            continue
        out.append(Evidence(kind, ref, note, True, meeting.id, title, meeting.date))
    return out
