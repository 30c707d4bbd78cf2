"""Where the user's data lives: the per-user data folder (platformdirs), overridable by
`--db PATH` or the OGP_DESKTOP_DB environment variable."""

from __future__ import annotations

import os
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


def default_db_path() -> Path:
    """Where the records are by default (the folder is not created here: only creating
    the database creates it, see ensure_default_folder)."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
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
        return Path(cli_value).expanduser()
    return default_db_path()


def backups_dir(db_path: Path) -> Path:
    """Backups taken before migrations sit beside the database they protect."""
    folder = db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
