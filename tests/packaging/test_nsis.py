"""The Windows installer script compiles: makensis (Debian package nsis) builds
packaging/windows/ogp-desktop.nsi against a placeholder of the frozen folder, with
warnings treated as errors. Skipped where makensis is not installed."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "packaging" / "windows" / "ogp-desktop.nsi"
MAKENSIS = shutil.which("makensis")

needs_makensis = pytest.mark.requires_tool("makensis")


def _frozen_placeholder(folder: Path) -> Path:
    """The layout PyInstaller writes on Windows: two executables and _internal/."""
    (folder / "_internal" / "PySide6").mkdir(parents=True)
    for name in ("ogp-desktop.exe", "ogp-desktop-cli.exe"):
        (folder / name).write_bytes(b"MZ placeholder " + name.encode())
    (folder / "_internal" / "base_library.zip").write_bytes(b"placeholder")
    (folder / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"placeholder")
    return folder


def _makensis(*defines: str) -> subprocess.CompletedProcess:
    return subprocess.run([MAKENSIS, "-V2", "-WX", *defines, str(NSI)], capture_output=True,
                          text=True, timeout=300)


@needs_makensis
def test_the_installer_script_compiles(tmp_path):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    source = _frozen_placeholder(tmp_path / "ogp-desktop")
    out = tmp_path / f"OGP-Desktop-Setup-{version}.exe"
    proc = _makensis(f"-DVERSION={version}", "-DVI_VERSION=0.1.0.0",
                     "-DPUBLISHER=Ministry of Planning and International Cooperation",
                     f"-DSOURCE_DIR={source}", f"-DOUTFILE={out}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = out.read_bytes()
    assert data[:2] == b"MZ"  # a Windows executable
    assert len(data) > 50_000


@needs_makensis
def test_without_a_version_it_stops_with_a_clear_message(tmp_path):
    source = _frozen_placeholder(tmp_path / "ogp-desktop")
    proc = _makensis(f"-DSOURCE_DIR={source}", f"-DOUTFILE={tmp_path / 'x-0.exe'}")
    assert proc.returncode != 0
    assert "VERSION is not defined" in proc.stdout + proc.stderr


@needs_makensis
def test_without_the_frozen_folder_it_stops_with_a_clear_message(tmp_path):
    proc = _makensis("-DVERSION=0.1.0", f"-DSOURCE_DIR={tmp_path / 'missing'}",
                     f"-DOUTFILE={tmp_path / 'x-0.exe'}")
    assert proc.returncode != 0
    assert "freeze first" in proc.stdout + proc.stderr


def test_the_script_is_utf8_with_bom_and_has_both_languages():
    raw = NSI.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # makensis reads Arabic strings right only so
    text = raw.decode("utf-8-sig")
    assert '!insertmacro MUI_LANGUAGE "Arabic"' in text
    assert '!insertmacro MUI_LANGUAGE "English"' in text
    assert "${LANG_ARABIC}" in text
