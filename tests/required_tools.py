"""A test that needs an outside program: skip when it is missing on a developer's machine,
but fail under the README's test command, which installs every tool and exports
OGP_REQUIRE_TOOLS=1 (.ci/test.sh) — so a bare `pytest` can not go green with nothing run."""

from __future__ import annotations

import os
import shutil

import pytest


def required() -> bool:
    return os.environ.get("OGP_REQUIRE_TOOLS") == "1"


def missing(message: str) -> None:
    """Skip, or fail when tools are required."""
    if required():
        pytest.fail(message)
    pytest.skip(message)


def need(tool: str, package: str) -> str:
    """The path of `tool`; skips or fails naming the Debian package that has it."""
    path = shutil.which(tool)
    if path is None:
        missing(f"{tool} is missing (Debian package {package}; bash .ci/test.sh installs it)")
    return path  # type: ignore[return-value]
