"""The packaging test (tests/packaging/test_package.sh) from pytest: build the frozen
program and the .deb, install it into this machine, run it, upgrade, remove. Minutes, root
and dpkg needed, so it runs only when asked: OGP_PACKAGING_TEST=1 pytest tests/packaging."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "packaging" / "test_package.sh"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("OGP_PACKAGING_TEST") != "1",
                       reason="takes minutes and installs a package: set OGP_PACKAGING_TEST=1"),
    pytest.mark.requires_tool("dpkg-deb"),
    pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0
                       and shutil.which("sudo") is None, reason="needs root or sudo"),
]


def test_build_install_upgrade_remove_keeps_the_records():
    env = dict(os.environ)
    # the script runs the program as a fresh test user; the suite's isolation variables
    # (OGP_DESKTOP_DB, XDG_*) must not leak into it
    for var in ("OGP_DESKTOP_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                "XDG_STATE_HOME", "QT_QPA_PLATFORM"):
        env.pop(var, None)
    env["OGP_PYTHON"] = sys.executable
    proc = subprocess.run(["bash", str(SCRIPT)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=1800)
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "packaging test PASSED" in proc.stdout
