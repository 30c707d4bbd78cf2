"""Tests that need an outside program (poppler, tesseract, makensis, dpkg-deb).

On a developer's machine without the program such a test is skipped, saying what to
install. Under the README's test command (.ci/test.sh), which installs every tool and
exports OGP_REQUIRE_TOOLS=1, the same missing program FAILS the test instead: a run that
checked no PDF must not go green.

    pytestmark = pytest.mark.requires_tool("pdftotext", "pdffonts")   # a module
    @pytest.mark.requires_tool("tesseract")                           # a test
    require_tool("pdftoppm")                                          # inside a test

This file is a pytest plugin: tests/conftest.py loads its hooks.
"""

from __future__ import annotations

import os
import shutil

import pytest

ENV = "OGP_REQUIRE_TOOLS"

# the Debian package of each program (the names in .ci/test.sh's DEBIAN_PACKAGES)
PACKAGES = {
    "pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils", "tesseract": "tesseract-ocr", "makensis": "nsis",
    "dpkg": "dpkg", "dpkg-deb": "dpkg", "Xvfb": "xvfb", "xwininfo": "x11-utils",
    "readelf": "binutils", "softhsm2-util": "softhsm2", "pdfsig": "poppler-utils",
    "chromium": "chromium",
}


def tools_required() -> bool:
    return os.environ.get(ENV, "").strip() not in ("", "0")


def missing(what: str, package: str | None = None) -> None:
    """Skip, or fail under OGP_REQUIRE_TOOLS, because `what` is not installed."""
    message = (f"{what} is missing: install {package or PACKAGES.get(what, what)} "
               "(the README's test command does)")
    if tools_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_tool(*tools: str) -> None:
    """Each program must be on PATH (see the module docstring for what happens if not)."""
    for tool in tools:
        need(tool)


def need(tool: str, package: str | None = None) -> str:
    """The path of `tool` on PATH (skips, or fails under OGP_REQUIRE_TOOLS, when it is missing)."""
    path = shutil.which(tool)
    if path is None:
        missing(tool, package)
    return path  # type: ignore[return-value]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requires_tool(*names): the test needs these programs on PATH")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """After skipif marks (the skipping plugin runs first): a test skipped for another
    reason is not failed for a missing tool."""
    for mark in item.iter_markers("requires_tool"):
        require_tool(*mark.args)
