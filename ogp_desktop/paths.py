"""Where the user's data lives: the per-user data folder (platformdirs), overridable by
`--db PATH` or the OGP_DESKTOP_DB environment variable.

Either may also be a database URL: a file URL (`sqlite:///records.sqlite`) names its file,
exactly as the plain path would; any other URL is kept as typed for
`ogp_desktop.core.storage` to judge (resolve_db_target)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "ogp-desktop"
DB_FILENAME = "ogp-desktop.sqlite"
DEMO_DB_FILENAME = "ogp-desktop-demo.sqlite"
ENV_DB = "OGP_DESKTOP_DB"


def data_dir() -> Path:
    """The per-user data folder; created on first use."""
    folder = user_data_path(APP_NAME, appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


_FILE_URL = re.compile(r"^sqlite(\+\w+)?:///(?P<file>[^?]+)$")


def _as_path(value: str) -> Path:
    """A plain path, or the file a file URL names (`sqlite:///x` is x, `sqlite:////x` is /x)."""
    match = _FILE_URL.match(value)
    return Path(match["file"] if match else value).expanduser()


def is_server_url(value: str | None) -> bool:
    """A URL (`scheme://…`) that names no file: handed to core.storage as typed."""
    return bool(value) and "://" in str(value) and not _FILE_URL.match(str(value))


def default_db_path() -> Path:
    """Where the records are by default (the folder is not created here: only creating
    the database creates it, see ensure_default_folder)."""
    env = os.environ.get(ENV_DB)
    if env:
        return _as_path(env)
    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def ensure_default_folder(db_path: Path) -> None:
    """The data folder is the program's own: it is made when a database is created there."""
    if Path(db_path).parent == user_data_path(APP_NAME, appauthor=False):
        data_dir()


def demo_db_path() -> Path:
    return data_dir() / DEMO_DB_FILENAME


def resolve_db_path(cli_value: str | None) -> Path:
    """--db wins over OGP_DESKTOP_DB, which wins over the data folder."""
    if cli_value:
        return _as_path(cli_value)
    return default_db_path()


def resolve_db_target(cli_value: str | None) -> Path | str:
    """As resolve_db_path, but a server URL stays the URL (what open_database is given)."""
    value = cli_value or os.environ.get(ENV_DB)
    if value and is_server_url(value):
        return value
    return resolve_db_path(cli_value)


def backups_dir(db_path: Path) -> Path:
    """Backups taken before migrations sit beside the database they protect."""
    folder = db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
