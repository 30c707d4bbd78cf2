"""What every run would otherwise recompute (parsed fonts, the message catalogs), kept in
the per-user cache folder between processes.

An entry is a file `<folder>/<kind>/<name>.pickle`: a magic line, the key it was made for
(say, a source file's SHA-256 and a library's version), the SHA-256 of the payload, and the
payload, a pickle of builtins only. `load` answers None for anything but an intact entry of
that key — missing, made for another key, damaged, unreadable — and the caller recomputes;
`store` writes atomically and gives up silently when the folder can not be written. So the
cache can only make a run faster, never wrong: delete it at any time."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from ogp_desktop.paths import APP_NAME

log = logging.getLogger(__name__)
MAGIC = b"OGP-CACHE-1\n"


def folder(kind: str) -> Path:
    """The per-user cache folder of one kind of entry (platformdirs; not created here)."""
    return user_cache_path(APP_NAME, appauthor=False) / kind


class _BuiltinsOnly(pickle.Unpickler):
    """An entry is plain data: refuse every class, so a tampered file can not make the
    unpickler run code."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def entry(key: bytes, payload: bytes) -> bytes:
    """The bytes of an entry (what `store` writes; tests build damaged ones from it)."""
    return MAGIC + key + b"\n" + hashlib.sha256(payload).digest() + payload


def load(file: Path, key: bytes) -> Any | None:
    """The value stored in `file` for `key`, or None."""
    try:
        raw = file.read_bytes()
    except OSError:
        return None
    head = MAGIC + key + b"\n"
    if not raw.startswith(head) or len(raw) < len(head) + 32:
        return None
    digest, payload = raw[len(head):len(head) + 32], raw[len(head) + 32:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return _BuiltinsOnly(io.BytesIO(payload)).load()
    except Exception:  # damaged in a way the digest did not catch: recompute
        return None


def store(file: Path, key: bytes, value: Any) -> None:
    """Keep `value` (builtins only) in `file` for the next process."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=file.name, suffix=".tmp", dir=file.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(entry(key, payload))
            os.replace(tmp, file)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError) as exc:
        log.debug("cache entry not written (%s): %s", file, exc)
