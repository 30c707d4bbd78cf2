"""The requires_tool marker (tests/required_tools.py): a missing program skips a test on a
developer's machine and fails it under the README's test command (OGP_REQUIRE_TOOLS=1),
checked by running pytest on a tiny test file with the program taken off PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

TINY = '''
import pytest
from required_tools import require_tool

@pytest.mark.requires_tool("pdftotext")
def test_marked():
    assert True

def test_called():
    require_tool("pdftoppm")

@pytest.mark.skipif(True, reason="not on this platform")
def test_skipped_for_another_reason():
    pass
'''


def _run(tmp_path: Path, require: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_tiny.py").write_text(TINY, encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "OGP_REQUIRE_TOOLS"}
    env["PATH"] = str(empty)  # no poppler here
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    if require is not None:
        env["OGP_REQUIRE_TOOLS"] = require
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "required_tools", "-p", "no:cacheprovider", "-rA",
         "-c", os.devnull, "--rootdir", str(tmp_path), str(tmp_path / "test_tiny.py")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)


def test_a_missing_tool_skips_without_the_variable(tmp_path):
    out = _run(tmp_path, None)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 skipped" in out.stdout, out.stdout
    assert "pdftotext is missing: install poppler-utils (the README's test command does)" in out.stdout


@pytest.mark.parametrize("value", ["1", "yes"])
def test_a_missing_tool_fails_under_the_readme_test_command(tmp_path, value):
    out = _run(tmp_path, value)
    assert out.returncode == 1, out.stdout + out.stderr
    # the marked test errors in setup, the call fails, the test skipped for another reason stays skipped
    assert "1 failed" in out.stdout and "1 error" in out.stdout and "1 skipped" in out.stdout, out.stdout
    assert "pdftotext is missing: install poppler-utils (the README's test command does)" in out.stdout
    assert "pdftoppm is missing: install poppler-utils (the README's test command does)" in out.stdout


def test_the_readme_test_command_requires_the_tools():
    script = (TESTS.parent / ".ci" / "test.sh").read_text(encoding="utf-8")
    assert "\nexport OGP_REQUIRE_TOOLS=1" in script
    assert script.index("OGP_REQUIRE_TOOLS=1") < script.index("-m pytest")
