"""A guard against a reference-counting bug of PySide6 6.12 on Python 3.11.

PySide6/shiboken6 6.12.0 (abi3 wheels) return None, True and False from many C++ calls
without taking a reference — harmless on Python ≥ 3.12, where these objects are immortal
(PEP 683), fatal on 3.11: every `widget.setVisible(...)`, `setReadOnly(...)`, … takes one
reference away from None, and after a few thousand calls Python aborts with "Fatal
Python error: none_dealloc" (found while testing the minutes editor: 20,000 calls of
`QLineEdit.setReadOnly` abort a plain script; 6.11.3 does not). An editor open for an
hour makes far more calls than that, so the program would crash under the user's typing.

The guard gives those three singletons a reference count no program can exhaust (they are
statically allocated and never freed, so this changes nothing else). It runs once, only
on CPython < 3.12 with shiboken6 ≥ 6.12. The proper fix is a PySide6 release without the
bug (or `PySide6-Essentials<6.12` while there is none); the guard stays harmless then."""

from __future__ import annotations

import ctypes
import platform
import sys

_done = False
_MARGIN = 1 << 40


def affected() -> bool:
    if platform.python_implementation() != "CPython" or sys.version_info >= (3, 12):
        return False
    try:
        import shiboken6
    except ImportError:
        return False
    version = tuple(int(p) for p in shiboken6.__version_info__[:2])
    return version >= (6, 12)


def guard_singleton_refcounts() -> bool:
    """Make None, True and False effectively immortal when the bug can strike; True when
    the guard was applied (now or before)."""
    global _done
    if _done:
        return True
    if not affected():
        return False
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _MARGIN
    _done = True
    return True
