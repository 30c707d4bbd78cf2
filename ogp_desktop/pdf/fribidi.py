"""Bidi embedding levels from GNU FriBidi (https://github.com/fribidi/fribidi), through its
documented C API, loaded with ctypes.

Why FriBidi: it is the maintained reference implementation of UAX #9 used by GTK, Pango
and Qt's Linux builds, it implements isolates (LRI, RLI, FSI, PDI) and bracket pairs
(rule N0), and its API returns the resolved levels directly. python-bidi exposes levels
only in a debug dump, which is not an API.

The three calls used, as documented in the man pages of libfribidi:

- ``fribidi_get_bidi_types(str, len, btypes)``: the Bidi_Class of each code point;
- ``fribidi_get_bracket_types(str, len, types, btypes)``: Bidi_Paired_Bracket data (rule N0);
- ``fribidi_get_par_embedding_levels_ex(btypes, bracket_types, len, &pbase_dir, levels)``:
  the paragraph's resolved levels (rules P2-I2 and the part of L1 that applies to the end of
  the paragraph); returns the highest level + 1, 0 on failure.

The library is ``libfribidi.so.0`` (Debian/Ubuntu package ``libfribidi0``),
``libfribidi.0.dylib`` (Homebrew ``fribidi``) or ``fribidi-0.dll`` on Windows (shipped next to
the program). It is loaded on first use, so importing the PDF layer never fails for it.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

# FriBidiParType values (fribidi-bidi-types.h): FRIBIDI_PAR_LTR = FRIBIDI_TYPE_LTR
# (MASK_STRONG | MASK_LETTER), FRIBIDI_PAR_RTL = FRIBIDI_TYPE_RTL (... | MASK_RTL).
PAR_LTR = 0x00000110
PAR_RTL = 0x00000111

_NAMES = {
    "linux": ("libfribidi.so.0",),
    "darwin": ("libfribidi.0.dylib", "libfribidi.dylib"),
    "win32": ("fribidi-0.dll", "libfribidi-0.dll"),
}

INSTALL_HINT = {
    "linux": "install the package libfribidi0 (Debian/Ubuntu: sudo apt install libfribidi0)",
    "darwin": "install fribidi (Homebrew: brew install fribidi)",
    "win32": "put fribidi-0.dll next to the program (packaging/windows/README.md)",
}


class FriBidiUnavailable(RuntimeError):
    """libfribidi could not be loaded: the PDF layer can not order bidirectional text."""


_lock = threading.Lock()
_lib: Any = None


def _platform() -> str:
    return "win32" if sys.platform.startswith("win") else "darwin" if sys.platform == "darwin" else "linux"


def _candidates() -> Iterator[str]:
    """Names to try, in order. ctypes.util.find_library is asked last, only when the usual
    names fail: on Linux it imports subprocess and runs ldconfig (~20 ms of an export)."""
    # a frozen build (PyInstaller) carries the library next to the executable
    base = getattr(sys, "_MEIPASS", None)
    if base:
        yield from (os.path.join(base, n) for n in _NAMES[_platform()])
    yield from _NAMES[_platform()]
    import ctypes.util

    found = ctypes.util.find_library("fribidi")
    if found:
        yield found


def _load() -> Any:
    global _lib
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is not None:
            return _lib
        errors = []
        for name in _candidates():
            try:
                lib = ctypes.CDLL(name)
                break
            except OSError as exc:
                errors.append(f"{name}: {exc}")
        else:
            raise FriBidiUnavailable(
                "GNU FriBidi (libfribidi) is needed to lay out Arabic text in PDFs and was not "
                f"found; {INSTALL_HINT[_platform()]}. Tried: " + "; ".join(errors))
        u32p = ctypes.POINTER(ctypes.c_uint32)
        lib.fribidi_get_bidi_types.argtypes = [u32p, ctypes.c_int, u32p]
        lib.fribidi_get_bidi_types.restype = None
        lib.fribidi_get_bracket_types.argtypes = [u32p, ctypes.c_int, u32p, u32p]
        lib.fribidi_get_bracket_types.restype = None
        lib.fribidi_get_par_embedding_levels_ex.argtypes = [
            u32p, u32p, ctypes.c_int, u32p, ctypes.POINTER(ctypes.c_int8)]
        lib.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
        _lib = lib
        return lib


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """Resolved embedding level of each code point of one paragraph whose base direction is
    right-to-left (`rtl`) or left-to-right. Raises `FriBidiUnavailable` without the library."""
    n = len(text)
    if n == 0:
        return []
    lib = _load()
    # FriBidiChar is a UTF-32 code point: the string's UTF-32 bytes are the array
    chars = (ctypes.c_uint32 * n).from_buffer_copy(text.encode("utf-32-le" if sys.byteorder == "little"
                                                               else "utf-32-be"))
    types = (ctypes.c_uint32 * n)()
    brackets = (ctypes.c_uint32 * n)()
    levels = (ctypes.c_int8 * n)()
    base = ctypes.c_uint32(PAR_RTL if rtl else PAR_LTR)
    lib.fribidi_get_bidi_types(chars, n, types)
    lib.fribidi_get_bracket_types(chars, n, types, brackets)
    if lib.fribidi_get_par_embedding_levels_ex(types, brackets, n, ctypes.byref(base), levels) == 0:
        raise MemoryError("fribidi_get_par_embedding_levels_ex failed")
    return list(bytes(levels))  # levels are 0..125 (FRIBIDI_LEVEL_MAX): bytes read them fast
