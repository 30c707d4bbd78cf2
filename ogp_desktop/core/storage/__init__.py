"""Where the records are stored: a plain path or a SQLAlchemy URL, handed to the dialect
module that knows that kind of database (see base.Store and docs/storage.md).

A plain path names a file of the file dialect (SQLite), exactly as before URLs were
accepted. A URL picks the dialect whose BACKENDS list its backend: `sqlite:///FILE` or
`postgresql://LOGIN@HOST:PORT/DB` (the office's server). Any other is refused in one line
before anything is opened or created."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.storage.base import (
    BUSY_TIMEOUT_MS,
    ENV_BUSY_TIMEOUT,
    PARTIAL_MARK,
    WRITE_OPTION,
    SchemaState,
    Store,
    busy_timeout_ms,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

__all__ = [
    "BUSY_TIMEOUT_MS", "ENV_BUSY_TIMEOUT", "PARTIAL_MARK", "WRITE_OPTION", "SchemaState", "Store",
    "busy_timeout_ms", "instance_key", "is_url", "resolve",
]

# Each module has BACKENDS (SQLAlchemy backend names), store_for_path(Path) when it stores
# files, and store_for_url(URL). The first one stores what a plain path names.
DIALECT_MODULES = ("ogp_desktop.core.storage.sqlite", "ogp_desktop.core.storage.postgresql")


def is_url(target: str | Path) -> bool:
    """Whether `target` is written as a URL (`scheme://…`) rather than a path."""
    return isinstance(target, str) and "://" in target and target.split("://", 1)[0].replace(
        "+", "").replace(".", "").replace("-", "").isalnum()


def resolve(target: str | Path) -> Store:
    """The store `target` names: a path (str or Path) or a SQLAlchemy URL."""
    if not is_url(target):
        return importlib.import_module(DIALECT_MODULES[0]).store_for_path(  # type: ignore[no-any-return]
            Path(target).expanduser())
    url = _parse(str(target))
    backend = url.get_backend_name()
    for name in DIALECT_MODULES:
        module = importlib.import_module(name)
        if backend in module.BACKENDS:
            return module.store_for_url(url)  # type: ignore[no-any-return]
    shown = url.render_as_string(hide_password=True)
    raise StorageError(
        "{url} is not a kind of database OGP Desktop can use; nothing was opened or "
        "created. Give the path of a records file (--db PATH or OGP_DESKTOP_DB).", url=shown)


def _parse(text: str) -> URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise StorageError(
            "{url} is neither a file path nor a database address ({error}); nothing was "
            "opened or created.", url=text.split("@")[-1], error=str(exc)) from exc


def instance_key(target: str | Path) -> str:
    """The key of the place `target` names (one GUI window per user and key)."""
    return resolve(target).instance_key()
