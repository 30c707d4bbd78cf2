"""pdf.qr: segno's matrix without segno's writers (and the urllib/http/ssl they import)."""

from __future__ import annotations

import subprocess
import sys

CODE = r"""
import sys
from ogp_desktop.pdf.qr import qr_code
payload = "OGP|minutes|5e0deb0f-9737-361f-8a2b-1c3d4e5f6a7b|v3|" + "ab" * 32
code = qr_code(payload, "m")
assert "segno.writers" not in sys.modules and "urllib.request" not in sys.modules, "writers imported"
assert "segno" not in sys.modules, "the unexecuted package was left in sys.modules"
import segno
assert segno.writers and segno.encoder is sys.modules["segno.encoder"]
assert code.matrix == segno.make(payload, error="m", micro=False).matrix
assert qr_code(payload, "m").matrix == code.matrix  # and again with segno imported
print("ok")
"""


def test_the_matrix_is_segnos_without_its_writers():
    r = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"
