"""Where exported files land: the one atomic write and the one safe file name of every export.

A failed or cancelled export leaves no half-written file behind, and a mistyped folder is
named in the error, never created."""

from __future__ import annotations

import datetime as dt
import errno
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ogp_desktop.core.errors import ValidationError, os_reason

TITLE_CHARS = 80
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                              *(f"LPT{i}" for i in range(1, 10))})


def write_atomically(output: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call `write(binary file)` on a file beside `output`, then rename it to `output`."""
    output = Path(output)
    tmp = output.with_name(f".{output.name}.part")
    try:
        # inside the try: a parent that is a file is a clear error too
        make_folder(output.parent, create=False)
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
    return output


def make_folder(folder: Path, *, create: bool = True) -> None:
    """Refuse a path under a file; make `folder` (when `create`) only inside an existing
    folder: a mistyped folder is refused by check_folder_exists, never created."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{part} is a file, not a folder")
            break
    if create and folder.parent.is_dir():
        folder.mkdir(exist_ok=True)


def prepare_folder(folder: Path) -> Path:
    """The folder of a batch: made inside an existing one, or a clear ValidationError."""
    folder = Path(folder)
    try:
        if not folder.is_dir():  # the batch's own folder is made, inside an existing one
            check_folder_exists(folder.parent)
        make_folder(folder)
    except OSError as exc:
        raise ValidationError("{path} can not be used as a folder: {error}", field="output",
                              path=str(folder), error=os_reason(exc)) from exc
    return folder


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


def safe_filename(date: dt.date, title: str, version: int, record_id: int,
                  extension: str = ".pdf") -> str:
    """`2021-06-14_محضر اجتماع…_v1.pdf`: readable, and valid on Windows."""
    text = unicodedata.normalize("NFC", title)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r'[<>:"/\\|?*]+', " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if len(text) > TITLE_CHARS:
        # cut at a word boundary when there is one, not in the middle of "2018-2020"
        cut = text[:TITLE_CHARS + 1].rsplit(" ", 1)[0]
        text = cut if TITLE_CHARS // 2 <= len(cut) <= TITLE_CHARS else text[:TITLE_CHARS]
    text = text.strip(" .") or f"meeting-{record_id}"
    if text.upper() in WINDOWS_RESERVED:
        text = f"_{text}"
    suffix = f"_v{version}" if version > 1 else ""
    return f"{date.isoformat()}_{text}{suffix}{extension}"


def unused_name(name: str, record_id: int, used: set[str], extension: str) -> str:
    """`name`, or `name` with the record's id (and a counter) when a file of the same batch
    has it already (compared case-blind, as Windows and macOS do); `used` learns it."""
    if name.casefold() in used:
        stem, n_same = name[:-len(extension)], 1
        name = f"{stem}_{record_id}{extension}"
        while name.casefold() in used:
            n_same += 1
            name = f"{stem}_{record_id}-{n_same}{extension}"
    used.add(name.casefold())
    return name
