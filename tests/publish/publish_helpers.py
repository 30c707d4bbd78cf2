"""What the tests of the public website share beside their fixtures (conftest.py)."""

from __future__ import annotations

from in_process import main_in_process as run_cli  # the command in this process

__all__ = ["run_cli"]
