"""Editors of records that need more than a form: the minutes editor, its sign dialog and
the PDF preview.

The minutes editor is imported when first asked for (`from ogp_desktop.ui.editors import
MinutesEditor`), not with the package: the main window's lists import the package's small
widgets (`editors.widgets`) and must not pay for the editor before it is opened."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ogp_desktop.ui.editors.minutes import (
        AUTOSAVE_DELAY_MS,
        MinutesEditor,
        open_editors,
        pending_recoveries,
    )

__all__ = ["AUTOSAVE_DELAY_MS", "MinutesEditor", "open_editors", "pending_recoveries"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("ogp_desktop.ui.editors.minutes"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
