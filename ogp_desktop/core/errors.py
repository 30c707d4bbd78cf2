"""Domain errors: raised where a rule lives, caught once at the edge (CLI or GUI).

Each error carries a message id (English source text with {placeholders}) and parameters, so
the edge can show it in the user's language through the shared gettext catalog, and
optionally the name of the field it is about, so a form can show it at that field."""

from __future__ import annotations

from typing import Any


def _n(message: str) -> str:  # marks a msgid for extraction (core.i18n.N_ imports babel)
    return message


# Values that messages quote as parameters ("Minutes 3 are {status}"): translated too.
VALUE_WORDS = frozenset({
    _n("draft"), _n("approved"), _n("signed"), _n("open"), _n("done"), _n("cancelled"),
})


class DomainError(Exception):
    """A rule of the records was broken; nothing was written."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None, **params: Any) -> None:
        self.msgid = message
        self.field = field
        self.params = params
        super().__init__(self.render())

    def render(self, translate=None) -> str:
        template = translate(self.msgid) if translate else self.msgid
        params = self.params
        if translate:  # status words put into messages are translated with them
            params = {k: translate(v) if isinstance(v, str) and v in VALUE_WORDS else v
                      for k, v in params.items()}
        try:
            text = template.format(**params)
        except (KeyError, IndexError, ValueError):
            text = template
        if self.field:
            return f"{self.field}: {text}"
        return text


class ValidationError(DomainError):
    """User input that can not be stored as given."""


class NotFoundError(DomainError):
    """A record named by id, uuid or name does not exist."""


class ImmutableRecordError(DomainError):
    """An attempt to change minutes that are signed (or approved and locked)."""


class LifecycleError(DomainError):
    """A step of draft → approved → signed taken out of order."""


class StorageError(DomainError):
    """The database file can not be opened, migrated or trusted."""
