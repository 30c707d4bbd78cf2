"""The command in this process: cli.main, the function the installed command runs, with
its output captured (cheaper than a new process: for the tests that run many commands)."""

from __future__ import annotations

import contextlib
import io


def main_in_process(*argv) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `ogp-desktop ARGV…` run by cli.main here."""
    from ogp_desktop import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()
