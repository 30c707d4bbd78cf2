"""A regular expression compiled when it is first used (see pdf/__init__.py: ReportLab's URL
pattern, ~40 ms to compile, and its CJK wrapping pattern, ~5 ms, that the minutes never use)."""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands for `re.compile(pattern, flags)`; compiles on the first attribute asked for
    (`match`, `search`, `pattern`, …) and then is that compiled pattern's proxy."""

    URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how reportlab.platypus.paragraph.uri_pat begins
    CJK_WRAP = "([\u2e80-\uffff])"  # reportlab.lib.textsplit.rx, only used by its cjkwrap (~5 ms)

    @classmethod
    def defers(cls, pattern: object) -> bool:
        """Whether `pattern` is one of the ReportLab patterns compiled on first use."""
        return isinstance(pattern, str) and (pattern.startswith(cls.URI_START) or pattern == cls.CJK_WRAP)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)
