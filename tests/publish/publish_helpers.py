"""What the tests of the public website share beside their fixtures (conftest.py)."""

from __future__ import annotations

import contextlib
import io


def run_cli(*argv) -> tuple[int, str, str]:
    from ogp_desktop import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()
