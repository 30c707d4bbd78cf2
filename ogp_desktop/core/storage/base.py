"""What a kind of database (a dialect) provides to `ogp_desktop.core.db`.

`open_database` and `Database` speak only to a `Store`: the records in one place (a SQLite
file today, a PostgreSQL server in a later version). Everything that depends on the kind
of database — connection settings, how a write unit of work takes its lock, backups, the
integrity check, what an error of the driver means for the user, the key that keeps one
window per place — is a method here, so services and the GUI never see the difference.
See docs/storage.md."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from ogp_desktop.core.errors import StorageError

# Execution option of a write unit of work: the dialect's `begin` takes the write lock at
# once (so the writer queues for it) instead of on its first write.
WRITE_OPTION = "ogp_write"
BUSY_TIMEOUT_MS = 10_000
ENV_BUSY_TIMEOUT = "OGP_DESKTOP_BUSY_TIMEOUT_MS"  # tests shorten the wait for a busy database
PARTIAL_MARK = ".partial-"  # a backup being written: `.NAME.partial-XXXX` beside NAME
# The newest migration. Kept here so an up-to-date file opens (or prints signed minutes, see
# StoredMinutes) without importing Alembic; tests/core checks it equals Alembic's single head.
SCHEMA_HEAD = "0010"


def check_backup_target(target: Path) -> None:
    """A backup never replaces a file (an earlier backup, or anything else typed by
    mistake) and goes into a folder that exists: refused in one line before anything is
    written, on every kind of database."""
    from ogp_desktop.core.errors import StorageError

    if target.exists():
        raise StorageError("{target} exists already; choose a new file name for the backup.",
                           target=str(target))
    if not target.parent.is_dir():
        raise StorageError("The folder {folder} does not exist; create it first or choose "
                           "another.", folder=str(target.parent))


def busy_timeout_ms() -> int:
    """How long a writer queues for another program's lock before giving up."""
    value = os.environ.get(ENV_BUSY_TIMEOUT, "")
    return int(value) if value.isdigit() else BUSY_TIMEOUT_MS


@dataclass
class SchemaState:
    """What the records say about their schema, read without changing anything: the
    Alembic revision (None for a new, empty place) and the columns of each table."""

    revision: str | None
    columns: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class StoredMinutes:
    """What the printout of signed minutes reads beyond their snapshot, as stored: the
    meeting's identity and signed text, the bytes of its files by uuid, its signature
    rows in order, the letterhead, the register's head and the PDF as signed. Read
    without SQLAlchemy (`Store.signed_minutes`), turned into the printed document by
    `core.signed_print`."""

    id: int
    uuid: str
    version: int
    snapshot: str | None
    snapshot_sha256: str | None
    files: dict[str, bytes]
    signatures: list[dict[str, Any]]  # per signature, in order: see signed_print.SIGNATURE_ROW
    letterhead: dict[str, str | bytes | None]
    register_head: tuple[int, str] | None = None  # the register's last entry (seq, hash)
    signed_pdf: bytes | None = None  # the PDF as signed (versions signed since 0005)


class Store(ABC):
    """The records in one place, as one kind of database stores them."""

    @property
    @abstractmethod
    def display(self) -> str:
        """How messages name the place (a file's path, a server's address without its
        password)."""

    @property
    @abstractmethod
    def file(self) -> Path | None:
        """The file holding the records, or None for a server."""

    @abstractmethod
    def instance_key(self) -> str:
        """A short stable key of the place: the GUI runs one window per user and key."""

    @abstractmethod
    def check_openable(self, *, create: bool) -> None:
        """Refuse (StorageError) a place that holds no records unless `create`, or where
        records can not be created; nothing is created here."""

    @abstractmethod
    def read_schema(self) -> SchemaState:
        """The schema state, read only. Refuses what is not this program's records (another
        program's database, a file that is no database) without touching it."""

    @abstractmethod
    def make_engine(self, *, for_migration: bool = False) -> Engine:
        """An engine whose connections have the dialect's settings. A connection with the
        execution option WRITE_OPTION begins by taking the write lock (waiting up to
        busy_timeout_ms for another writer). `for_migration`: the settings Alembic's
        recipes need (SQLite: foreign keys off while tables are rebuilt)."""

    @abstractmethod
    def remove_leftovers(self) -> None:
        """Remove what killed backups left behind (never the records themselves)."""

    @abstractmethod
    def backup_before_upgrade(self, head: str) -> Path | None:
        """A verified copy of the records taken before migrating them to `head`; its path
        (told to the user) or None when the dialect keeps no copy."""

    @abstractmethod
    def backup_to(self, target: Path, *, make_folder: bool = False) -> Path:
        """A consistent, verified copy of the records at `target`, written atomically: a
        failed backup leaves nothing under the target's name."""

    @abstractmethod
    def integrity_problems(self, conn: Connection) -> list[str]:
        """The storage engine's own check of the records: one line per problem, [] if
        sound."""

    @abstractmethod
    def broken_references(self, conn: Connection) -> list[Sequence[Any]]:
        """Rows whose foreign key points at nothing: (table, row id, parent table, …)."""

    @abstractmethod
    def describe_error(self, exc: BaseException) -> StorageError:
        """One line, saying what to do, for what the driver (or the OS) reported: busy,
        full, read-only, damaged, unreachable."""

    @abstractmethod
    def is_environment_error(self, exc: BaseException) -> bool:
        """Whether a failure is the place's (busy, full, read-only, I/O), not the tables'."""

    def role(self, conn: Connection) -> str | None:
        """The unit's role of the login that `conn` is connected as (viewer, editor,
        approver, admin), or None where the records know no roles (a file)."""
        return None

    def upgrades_on_open(self, create: bool) -> bool:
        """Whether opening older records migrates them: a file is migrated by whoever
        opens it (after its backup); a server only by its administrator's `server init`
        (`create`), since the logins of the unit may not change the schema."""
        return True

    def signed_minutes(self, ref: str) -> StoredMinutes | None:
        """The signed minutes `ref` (an id or uuid) names, read only and without the ORM,
        when the records are at SCHEMA_HEAD and the minutes are signed; None in every other
        case (then the caller takes the ORM's path, which says what is wrong). A dialect
        without such a reader returns None."""
        return None
