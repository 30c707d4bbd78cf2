"""The QR code's module matrix from segno's encoder, without importing segno's writers.

`import segno` runs its package `__init__`, which imports `segno.writers` (PNG, SVG, EPS...),
and those import `xml.sax.saxutils` and with it `urllib.request`, `http.client`, `ssl`,
`email`: ~25 ms of a one-off export that only needs the matrix. `segno.make(content,
error=..., micro=False)` is `QRCode(encoder.encode(content, error, None, None, None, None,
False, False, boost_error=True))`; `encode` is called here the same way, with segno's
package module made from its spec but not executed while its encoder is imported. A later
`import segno` runs the package as usual and reuses the encoder already loaded.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from types import ModuleType
from typing import Any

_lock = threading.Lock()


def _encoder() -> ModuleType:
    if "segno" in sys.modules:  # imported already (tests, the windows): nothing to save
        return importlib.import_module("segno.encoder")
    with _lock:
        if "segno.encoder" in sys.modules:
            return sys.modules["segno.encoder"]
        spec = importlib.util.find_spec("segno")
        if spec is None:
            raise ModuleNotFoundError("No module named 'segno'", name="segno")
        package = importlib.util.module_from_spec(spec)  # its __path__, not its __init__
        sys.modules["segno"] = package
        try:
            return importlib.import_module("segno.encoder")
        finally:
            if sys.modules.get("segno") is package:
                del sys.modules["segno"]


def qr_code(content: str, error: str = "m") -> Any:
    """What `segno.make(content, error=error, micro=False)` encodes: a named tuple whose
    `matrix` is the rows of modules (1 dark, 0 light), without the quiet zone."""
    return _encoder().encode(content, error, None, None, None, None, False, False, boost_error=True)
