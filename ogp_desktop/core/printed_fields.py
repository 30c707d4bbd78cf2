"""The vocabulary of the minutes' field declaration that the printout needs: a field's
kind, where it prints, and a printed field. Kept apart from `core.minutes_fields` (which
maps the declaration onto the database models) so that `pdf` lays the minutes out without
loading SQLAlchemy."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

__all__ = ["Kind", "Print", "PrintedField"]


class Kind(enum.StrEnum):
    """How a value is stored, checked and written."""

    TEXT = "text"  # one line
    MULTILINE = "multiline"
    LANGUAGE = "language"  # "ar" or "en"
    DATE = "date"
    TIME = "time"  # written HH:MM
    DATETIME = "datetime"  # naive UTC, written ISO with a Z
    INT = "int"
    ENUM = "enum"
    REFERENCE = "reference"  # a directory record, named by `ref_name`
    UUID = "uuid"
    AMENDS = "amends"  # the version amended, written as its uuid
    BYTES = "bytes"
    DIGEST = "digest"  # the SHA-256 of a BYTES attribute, written hex


class Print(enum.StrEnum):
    """Where the printed minutes show a field."""

    LAYOUT = "layout"  # pdf.minutes places it by its key, in a place of its own
    DETAILS = "details"  # a row of the label/value table under the title, by the declaration
    SECTION = "section"  # a heading (its label) and a paragraph, by the declaration
    NOWHERE = "nowhere"


@dataclass(frozen=True)
class PrintedField:
    """A field the printed minutes show by its declaration: its label (a msgid), its kind
    and its value as the snapshot writes it (a date as YYYY-MM-DD, a time as HH:MM)."""

    key: str
    label: str
    kind: Kind
    value: Any
    where: Print
