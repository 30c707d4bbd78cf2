"""Find `resources/` and `i18n/` the same way from a checkout, an installed wheel and a
frozen (PyInstaller) build, so no other module guesses paths."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_NAMES = ("resources", "i18n")


def _candidates() -> list[Path]:
    roots: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen))
    roots.append(Path(__file__).resolve().parent.parent)  # source checkout
    roots.append(Path(sys.prefix) / "share" / "ogp-desktop")  # wheel data-files
    return roots


@cache
def root(name: str) -> Path:
    """The folder `resources` or `i18n`, wherever this copy of the program keeps it."""
    if name not in _NAMES:
        raise ValueError(name)
    for base in _candidates():
        folder = base / name
        if folder.is_dir():
            return folder
    raise FileNotFoundError(
        f"OGP Desktop cannot find its '{name}' folder; looked in: "
        + ", ".join(str(b / name) for b in _candidates())
    )


def resource(*parts: str) -> Path:
    """A file below `resources/`, e.g. resource('fonts', 'Amiri-Regular.ttf')."""
    return root("resources").joinpath(*parts)
