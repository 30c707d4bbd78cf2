"""The real command in a new process, as a person types it, for the tests of tests/cli:
no terminal (so a password is never prompted for), the messages in `lang`."""

from __future__ import annotations

import os
import subprocess
import sys


def cli(*argv, env: dict | None = None, lang: str = "en") -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `ogp-desktop ARGV…`."""
    proc = subprocess.run(
        [sys.executable, "-m", "ogp_desktop.cli", *map(str, argv)], capture_output=True,
        text=True, encoding="utf-8", timeout=180, stdin=subprocess.DEVNULL,
        env={**os.environ, "OGP_DESKTOP_LANG": lang, **(env or {})})
    return proc.returncode, proc.stdout, proc.stderr


def one_line(err: str) -> str:
    """The one line a refusal prints (no traceback, nothing else)."""
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]
