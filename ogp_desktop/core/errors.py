"""Domain errors: raised where a rule lives, caught once at the edge (CLI or GUI).

Each error carries a message id (English source text with {placeholders}) and parameters, so
the edge can show it in the user's language through the shared gettext catalog, and
optionally the name of the field it is about, so a form can show it at that field.

Every message — errors, `check`'s and `verify`'s findings, the command line's own lines — is
formatted here, in `format_message`: a value the user supplied (a title, a path, a key of a
JSON file) is shown escaped (a newline as \\n, a bidi control as \\u202e) and inside a
direction isolate (FSI … PDI), so a crafted value can neither add a line of its own nor
reorder the text around it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

# What every `translate` parameter takes: a gettext function, `core.i18n.Translator` (which
# also has `ngettext`), or any callable str -> str.
Translate = Callable[[str], str]


def _n(message: str) -> str:  # marks a msgid for extraction (core.i18n.N_ imports babel)
    return message


# Values that messages quote as their {status} ("Minutes 3 are {status}"): translated too.
VALUE_WORDS = frozenset({
    _n("draft"), _n("approved"), _n("signed"), _n("open"), _n("done"), _n("cancelled"),
})

# What a record is called in a message's {what} ("There is no {what} with id {ref}").
ENTITY_WORDS = frozenset({
    _n("meeting"), _n("plan"), _n("committee"), _n("phase"), _n("step"), _n("attachment"),
})

FSI, PDI = "\u2068", "\u2069"
# Every character that changes the direction of the text around it.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MAX_QUOTED = 200  # a quoted value longer than this is cut (with "…"): a message stays one line
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_text(text: str) -> str:
    """Control characters, line and paragraph separators, bidi controls and lone surrogates
    as visible escapes (\\n, \\x00, \\u202e); everything else as it is."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def user_text(value: Any) -> str:
    """A value the user supplied, ready to be put into a message: cut, escaped, isolated."""
    text = str(value)
    if len(text) > MAX_QUOTED:
        text = text[:MAX_QUOTED] + "…"
    return FSI + escape_text(text) + PDI


def _translate_plural(translate: Translate | None, singular: str, plural: str, n: int) -> str:
    ngettext: Callable[[str, str, int], str] | None = getattr(translate, "ngettext", None)
    if ngettext is not None:
        return ngettext(singular, plural, n)
    chosen = singular if n == 1 else plural
    return translate(chosen) if translate else chosen


def format_message(msgid: str, params: dict[str, Any], translate: Translate | None = None, *,
                   plural: str | None = None, count: int | None = None) -> str:
    """The one place where a message's parameters are put into its (translated) text."""
    if plural is not None and count is not None:
        template = _translate_plural(translate, msgid, plural, count)
    else:
        template = translate(msgid) if translate else msgid
    values = {k: _value(k, v, translate) for k, v in params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


class Plain(str):
    """A value the program made itself (a fingerprint, a schema revision, text already
    rendered): put into a message as it is."""


def _value(key: str, value: Any, translate: Translate | None) -> Any:
    if isinstance(value, Plain):
        return str(value)
    if isinstance(value, Message):  # our own text: translated, its own values isolated
        return value.render(translate)
    if isinstance(value, Field):
        return value.label(translate)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and ((key == "status" and value in VALUE_WORDS)
                                   or (key == "what" and value in ENTITY_WORDS)):
        return translate(value) if translate else value  # never a user's text of that name
    return user_text(value)


def plural_message(singular: str, plural: str, n: int, **params: Any) -> Message:
    """A Message whose text depends on the count `n` (Arabic has six plural forms)."""
    return Message(singular, _plural=plural, _count=n, n=n, **params)


# Why the operating system refused a file, in words the catalog translates.
_OS_REASONS = {
    "ENOENT": _n("there is no such file or folder"),
    "EISDIR": _n("it is a folder, not a file"),
    "ENOTDIR": _n("a part of the path is not a folder"),
    "EACCES": _n("you have no permission for it"),
    "EPERM": _n("you have no permission for it"),
    "EROFS": _n("it is on a read-only disk"),
    "ENOSPC": _n("the disk is full"),
    "EEXIST": _n("it exists already"),
    "ENAMETOOLONG": _n("the name is too long"),
}


def os_reason(exc: OSError) -> Message | str:
    """An OSError's reason as a translated Message (the system's own text is English)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return Message(_OS_REASONS[name])
    return exc.strerror or str(exc)


class Message(str):
    """A message id with its parameters; `str()` of it is the English text, `render(_)` the
    text in the language of `_`. `check`'s and `verify`'s findings are Messages."""

    msgid: str
    params: dict[str, Any]
    # Not `plural`/`count`: an attribute named `count` would hide str.count on every Message.
    plural_msgid: str | None
    plural_count: int | None

    def __new__(cls, msgid: str, _plural: str | None = None, _count: int | None = None,
                **params: Any) -> Message:
        self = super().__new__(cls, format_message(msgid, params, plural=_plural, count=_count))
        self.msgid, self.params = msgid, params
        self.plural_msgid, self.plural_count = _plural, _count
        return self

    def render(self, translate: Translate | None = None) -> str:
        return format_message(self.msgid, self.params, translate,
                              plural=self.plural_msgid, count=self.plural_count)


# What a field is called on the form (the editor's and the PDF's own labels, same msgids).
FIELD_LABELS: dict[str, str] = {
    "title": _n("Title"), "date": _n("Date"), "start": _n("Start"),
    "end": _n("End"), "mode": _n("Meeting type"), "location": _n("Place"),
    "language": _n("Language"), "plan": _n("Plan"), "commitment": _n("Commitment"),
    "committee": _n("Committee"), "sequence": _n("Meeting number"),
    "objective": _n("Objective"), "attendees": _n("Attendees"), "apologies": _n("Apologies"),
    "absent": _n("Absent"), "other_participants": _n("Other participants"),
    "discussion": _n("Main discussion points"), "outputs": _n("Outputs and decisions"),
    "action_items": _n("Action items"), "text": _n("Action"), "owner": _n("Owner"),
    "due": _n("Due"), "status": _n("Status"), "next_meeting": _n("Next meeting"),
    "notes": _n("Notes"), "name": _n("Name"), "organization": _n("Organisation"),
    "organisation": _n("Organisation"), "email": _n("E-mail"), "phone": _n("Phone"),
    "position": _n("Position"), "honorific": _n("Honorific"), "milestone": _n("Milestone"),
    "milestones": _n("Milestones"), "deliverable": _n("Deliverable"),
    "description": _n("Description"), "ministry": _n("Ministry"), "unit": _n("Unit"),
    "logo": _n("Logo"), "number": _n("Number"), "first_year": _n("First year"),
    "last_year": _n("Last year"), "lead": _n("Lead organisation"),
    "others": _n("Other organisations"), "responsible": _n("Responsible"),
    "phase": _n("Phase"), "phases": _n("Phases"), "step": _n("Step"), "steps": _n("Steps"),
    "key_dates": _n("Key dates"), "label": _n("Label"), "key date label": _n("Label"),
    "role": _n("Role"), "image": _n("Signature image"), "signatories": _n("Signatories"),
    "details": _n("What was done"), "caption": _n("Caption"),
    "attachments": _n("Attachments"), "file": _n("File"), "output": _n("Output file"),
    "target": _n("Meeting or PDF file"), "pdf": _n("PDF file"), "uuid": _n("UUID"),
    "format": _n("Format"), "minutes": _n("Minutes file"), "ordinal": _n("Plan number"),
    "person": _n("Person"), "to": _n("Moved to"), "index": _n("Position in the list"),
    "done": _n("Done"), "printer": _n("Printer"), "timestamp_url": _n("Timestamp server"),
    "login": _n("Login"), "password": _n("Password"),
    "completion": _n("Completion"), "open_government": _n("Did it open government?"),
    "evidence": _n("Evidence"), "milestone status": _n("Milestone status"),
}
_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


class Field(str):
    """A field path ("action_items[2].due") that reads as the form's labels:
    "Action items, item 3, Due" / "الإجراءات المطلوبة، البند 3، الموعد"."""

    def label(self, translate: Translate | None = None) -> str:
        t: Translate = translate or (lambda s: s)
        parts = []
        for match in _PART.finditer(self):
            name, index = match.group(1), match.group(2)
            label = FIELD_LABELS.get(name)
            text = t(label) if label else name
            if index is not None:
                text = t(_n("{label}, item {n}")).format(label=text, n=int(index) + 1)
            parts.append(text)
        if not parts:
            return user_text(self)
        text = parts[0]
        for part in parts[1:]:
            text = t(_n("{parent}, {child}")).format(parent=text, child=part)
        return text


class DomainError(Exception):
    """A rule of the records was broken; nothing was written."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None, **params: Any) -> None:
        self.msgid = message
        self.field = field
        self.params = params
        # str(error): for logs and tests, with the field's name as the code spells it
        text = self.message()
        super().__init__(f"{field}: {text}" if field else text)

    def message(self, translate: Translate | None = None) -> str:
        """The error's own words, without the field's name (a form shows it at the field)."""
        return format_message(self.msgid, self.params, translate)

    def render(self, translate: Translate | None = None) -> str:
        """"Field label: message", as the command line prints it."""
        text = self.message(translate)
        if self.field:
            label = Field(self.field).label(translate)
            template = translate(_n("{field}: {message}")) if translate else "{field}: {message}"
            return template.format(field=label, message=text)
        return text


class ValidationError(DomainError):
    """User input that can not be stored as given."""


class NotFoundError(DomainError):
    """A record named by id, uuid or name does not exist."""


class ImmutableRecordError(DomainError):
    """An attempt to change minutes that are signed (or approved and locked)."""


class LifecycleError(DomainError):
    """A step of draft → approved → signed taken out of order."""


class ConflictError(DomainError):
    """Someone else saved the record since it was opened: nothing was saved."""


class StorageError(DomainError):
    """The database file can not be opened, migrated or trusted."""


class KeyFileError(DomainError):
    """A key file (PKCS#12) or certificate file that can not be used: not one, a wrong
    password, unreadable, or a file that would be overwritten."""


class CertificateError(DomainError):
    """A certificate that can not be relied on: outside its validity period, not issued by
    a trusted authority, or not meant for signing."""
