"""From stored minutes to PDF files, and back to the database for verification.

The services load, `pdf.minutes` lays out. Signed minutes are printed from their frozen
snapshot (never from rows that could have changed since), and refused if the snapshot no
longer matches its fingerprint, so a printout of signed minutes is what was signed."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ogp_desktop.core.errors import Message, NotFoundError, Plain, StorageError, ValidationError, os_reason
from ogp_desktop.core.models import AttachmentKind, Meeting, MinutesStatus
from ogp_desktop.core.services import settings
from ogp_desktop.core.services.meetings import get_meeting, load_meeting
from ogp_desktop.core.services.signing import build_snapshot, fingerprint, verify_meeting

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

_TITLE_CHARS = 80
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def _local_time(naive_utc_iso: str) -> str:
    """Signature times are stored in UTC; print them in the machine's local time."""
    stamp = dt.datetime.fromisoformat(naive_utc_iso.rstrip("Z")).replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone().isoformat(timespec="minutes")


def minutes_document(session: Session, meeting_id: int) -> dict[str, Any]:
    """The plain dict `pdf.minutes.render_minutes` prints (see its docstring)."""
    meeting = load_meeting(session, meeting_id)
    signed = meeting.status == MinutesStatus.SIGNED
    if signed:
        if not meeting.snapshot or fingerprint(meeting.snapshot) != meeting.snapshot_sha256:
            raise StorageError(
                "The signed minutes {id} no longer match their fingerprint; they are not "
                "printed. Run 'ogp-desktop check' and restore a backup.",
                id=meeting.id,
            )
        snap = json.loads(meeting.snapshot)
    else:
        snap = build_snapshot(meeting)

    def name(ref: dict | None) -> str | None:
        return ref["name"] if ref else None

    def people(key: str) -> list[dict[str, Any]]:
        return [{"name": p["person"]["name"], "organization": name(p["organization"])}
                for p in snap.get(key, [])]

    by_uuid = {a.uuid: a for a in meeting.attachments}
    photos = []
    for a in snap["attachments"]:
        if a["kind"] != AttachmentKind.PHOTO.value:
            continue
        row = by_uuid.get(a["uuid"])
        if row is None or hashlib.sha256(row.data).hexdigest() != a["sha256"]:
            raise StorageError(
                "Photo {name} of minutes {id} is missing or altered; run 'ogp-desktop check'.",
                name=a["name"], id=meeting.id,
            )
        photos.append({"name": a["name"], "caption": a["caption"], "data": row.data})

    signatures = []
    for s_snap, s_row in zip(snap["signatures"], meeting.signatures):
        image = s_row.image
        if s_snap["image_sha256"] and (
            image is None or hashlib.sha256(image).hexdigest() != s_snap["image_sha256"]
        ):
            raise StorageError("A signature image of minutes {id} was altered.", id=meeting.id)
        signatures.append({"name": s_snap["name"], "role": s_snap["role"],
                           "meaning": s_snap["meaning"],
                           "signed_at": _local_time(s_snap["signed_at"]), "image": image})

    return {
        "format": "ogp-minutes/1",
        "language": snap["language"],
        "title": snap["title"],
        "plan": name(snap["plan"]),
        "commitment": name(snap["commitment"]),
        "committee": name(snap["committee"]),
        "date": snap["date"],
        "start": snap["start"],
        "end": snap["end"],
        "mode": snap["mode"],
        "location": snap["location"],
        "objective": snap["objective"],
        "attendees": people("attendees"),
        "apologies": people("apologies"),
        "other_participants": snap["other_participants"],
        "discussion": snap["discussion"],
        "outputs": snap["outputs"],
        # What was decided (text, owner, due); follow-up status is not printed.
        "action_items": snap["action_items"],
        "next_meeting": snap["next_meeting"],
        "notes": snap["notes"],
        "id": meeting.id,
        "uuid": meeting.uuid,
        "version": meeting.version,
        "sequence": snap["sequence"],
        "status": meeting.status.value,
        "photos": photos,
        "signatures": signatures if signed else [],
        "fingerprint": meeting.snapshot_sha256 if signed else None,
    }


def letterhead(session: Session) -> dict[str, Any]:
    return settings.get_letterhead(session).as_dict()


def export_meeting_pdf(session: Session, meeting_id: int, output: Path) -> Path:
    from ogp_desktop.pdf.minutes import render_minutes

    doc = minutes_document(session, meeting_id)
    _write_atomically(output, lambda fh: render_minutes(doc, letterhead(session), fh))
    return output


def safe_filename(date: dt.date, title: str, version: int, meeting_id: int) -> str:
    """`2021-06-14_محضر اجتماع…_v1.pdf`: readable, and valid on Windows."""
    text = unicodedata.normalize("NFC", title)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r'[<>:"/\\|?*]+', " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if len(text) > _TITLE_CHARS:
        # cut at a word boundary when there is one, not in the middle of "2018-2020"
        cut = text[:_TITLE_CHARS + 1].rsplit(" ", 1)[0]
        text = cut if _TITLE_CHARS // 2 <= len(cut) <= _TITLE_CHARS else text[:_TITLE_CHARS]
    text = text.strip(" .") or f"meeting-{meeting_id}"
    if text.upper() in _WINDOWS_RESERVED:
        text = f"_{text}"
    suffix = f"_v{version}" if version > 1 else ""
    return f"{date.isoformat()}_{text}{suffix}.pdf"


def export_batch_pdf(
    session: Session,
    meeting_ids: list[int],
    folder: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """One PDF per meeting into `folder`; names from date and title."""
    folder = Path(folder)
    try:
        if not folder.is_dir():  # the batch's own folder is made, inside an existing one
            check_folder_exists(folder.parent)
        _make_folder(folder)
    except OSError as exc:
        raise ValidationError("{path} can not be used as a folder: {error}", field="output",
                              path=str(folder), error=os_reason(exc)) from exc
    written: list[Path] = []
    used: set[str] = set()
    for n, meeting_id in enumerate(meeting_ids, 1):
        if cancelled is not None and cancelled():
            break
        meeting = get_meeting(session, meeting_id)
        name = safe_filename(meeting.date, meeting.title, meeting.version, meeting.id)
        if name.casefold() in used:
            stem, n_same = name[:-4], 1
            name = f"{stem}_{meeting.id}.pdf"
            while name.casefold() in used:
                n_same += 1
                name = f"{stem}_{meeting.id}-{n_same}.pdf"
        used.add(name.casefold())
        written.append(export_meeting_pdf(session, meeting_id, folder / name))
        session.expunge_all()
        if progress is not None:
            progress(n, len(meeting_ids))
    return written


def export_bundle_pdf(
    session: Session,
    meeting_ids: list[int],
    output: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """One PDF with a table of contents ("سجل المحاضر") and every meeting after it."""
    from ogp_desktop.pdf.minutes import render_bundle

    if not meeting_ids:
        raise NotFoundError("There are no minutes to put in the bundle")
    docs = []
    for meeting_id in meeting_ids:
        docs.append(minutes_document(session, meeting_id))
    _write_atomically(
        output,
        lambda fh: render_bundle(docs, letterhead(session), fh, progress=progress,
                                 cancelled=cancelled),
    )
    return output


def _write_atomically(output: Path, write: Callable[[Any], None]) -> None:
    """Write beside the target and rename: a failed or cancelled export leaves no
    half-written PDF behind."""
    output = Path(output)
    tmp = output.with_name(f".{output.name}.part")
    try:
        # inside the try: a parent that is a file is a clear error too
        _make_folder(output.parent, create=False)
        check_folder_exists(output.parent)
        with open(tmp, "wb") as fh:
            write(fh)
        tmp.replace(output)
    except OSError as exc:
        _discard(tmp)
        raise ValidationError("{path} can not be written: {error}", field="output",
                              path=str(output), error=os_reason(exc)) from exc
    except BaseException:
        _discard(tmp)
        raise


def _make_folder(folder: Path, *, create: bool = True) -> None:
    """Refuse a path under a file; make `folder` (when `create`) only inside an existing
    folder: a mistyped folder is refused by check_folder_exists, never created."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{part} is a file, not a folder")
            break
    if create and folder.parent.is_dir():
        folder.mkdir(exist_ok=True)


def check_folder_exists(folder: Path) -> None:
    """An output goes into a folder that exists: a mistyped one is named, not created."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError(
            "The folder {folder} does not exist; create it first or choose another.",
            folder=str(folder))


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:  # e.g. its folder is a file: then there is nothing to remove
        pass


def verify_target(session: Session, target: str) -> tuple[bool, str]:
    """`ogp-desktop verify`: a meeting id/uuid, or a PDF file checked against the database."""
    path = Path(target)
    if target.lower().endswith(".pdf") or (path.is_file() and not target.isdigit()):
        return _verify_pdf(session, path)
    meeting = get_meeting(session, target)
    result = verify_meeting(session, load_meeting(session, meeting.id))
    if result.ok:
        return True, Message("meeting {id} (signed version {version} of {title}) is intact; "
                             "sha256 {fingerprint}{note}", id=meeting.id,
                             version=meeting.version, title=meeting.title,
                             fingerprint=Plain(result.fingerprint or ""),
                             note=_amended_note(session, meeting))
    return False, _joined(result.problems)


def _joined(problems: list) -> Message:
    """Several findings as one line, each translated."""
    return Message("{first}{rest}", first=problems[0] if problems else "",
                   rest=Message("; {more}", more=_joined(problems[1:])) if problems[1:] else
                   Plain(""))


def _verify_pdf(session: Session, path: Path) -> tuple[bool, str]:
    from ogp_desktop.pdf.verify import read_fingerprint

    if not path.is_file():
        raise NotFoundError("There is no file {path}", path=str(path))
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ValidationError("{path} can not be read: {error}", field="target", path=str(path),
                              error=os_reason(exc)) from exc
    if b"%PDF-" not in head:
        return False, Message("{path} is not a PDF file", path=path)
    info = read_fingerprint(path)
    if info is None:
        if _pdf_format(path) == "ogp-minutes-register/1":
            return False, Message("{path} is a register of several minutes, not one signed "
                                  "version; verify each meeting's own PDF", path=path)
        return False, Message("{path} carries no fingerprint: it is not a signed version "
                              "(a draft)", path=path)
    from sqlalchemy import select

    meeting = session.scalar(select(Meeting).where(Meeting.uuid == info["uuid"]))
    if meeting is None:
        return False, Message("{path}: minutes {uuid} are not in this database", path=path,
                              uuid=info["uuid"])
    if meeting.status != MinutesStatus.SIGNED:
        return False, Message("{path}: meeting {id} is not signed in this database", path=path,
                              id=meeting.id)
    if str(meeting.version) != str(info["version"]):
        return False, Message("{path} says version {found}, but meeting {id} is version "
                              "{version}", path=path, found=info["version"], id=meeting.id,
                              version=meeting.version)
    if info["fingerprint"] != meeting.snapshot_sha256:
        return False, Message("{path} carries fingerprint {found}, but signed version {version} "
                              "of meeting {id} has {fingerprint}", path=path,
                              found=info["fingerprint"], version=meeting.version, id=meeting.id,
                              fingerprint=Plain(meeting.snapshot_sha256 or ""))
    result = verify_meeting(session, load_meeting(session, meeting.id))
    if not result.ok:
        return False, Message("{path} carries the signed fingerprint, but the database copy "
                              "was altered: {problems}", path=path,
                              problems=_joined(result.problems))
    return True, Message("{path} matches signed version {version} of {title} (meeting {id}, "
                         "{date}); sha256 {fingerprint}{note}", path=path,
                         version=meeting.version, title=meeting.title, id=meeting.id,
                         date=Plain(meeting.date.isoformat()),
                         fingerprint=Plain(meeting.snapshot_sha256 or ""),
                         note=_amended_note(session, meeting))


def _pdf_format(path: Path) -> str | None:
    try:
        from pypdf import PdfReader

        value = (PdfReader(path).metadata or {}).get("/OGPFormat")
    except Exception:  # noqa: BLE001 - an unreadable file simply has no format
        return None
    return str(value) if value is not None else None


def _amended_note(session: Session, meeting: Meeting) -> Message | Plain:
    """Whoever holds a printout should learn that a later version corrects it."""
    from sqlalchemy import select

    newer = session.scalar(select(Meeting).where(Meeting.amends_id == meeting.id))
    if newer is None:
        return Plain("")
    return Message("; note: amended since by version {version} (meeting {id}, {status})",
                   version=newer.version, id=newer.id, status=newer.status.value)
