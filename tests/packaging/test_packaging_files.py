"""Fast checks of the packaging files (no build): the .desktop entry, icons, maintainer
scripts, the .deb control data, the spec's syntax and the version plumbing."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import struct
import subprocess
import tomllib
from pathlib import Path

import pytest
from required_tools import require_tool

import ogp_desktop

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return _load("ogp_packaging_build", PACKAGING / "build.py")


def test_the_version_comes_from_pyproject():
    assert ogp_desktop.__version__ == VERSION


@pytest.mark.parametrize("text", [
    (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
    '[project]\nname = "ogp-desktop"\nversion = "1.2"\n[tool.x]\nversion = "9"\n',
    "[project]\nname='ogp-desktop'\nversion='2.0rc1'\n",
])
def test_the_quick_read_of_pyproject_agrees_with_tomllib(text):
    project = tomllib.loads(text)["project"]
    assert ogp_desktop._simple_project_table(text) == {"name": project["name"], "version": project["version"]}


@pytest.mark.parametrize("text", [
    '[project]\nname = "ogp-desktop"\nversion = "1.0"  # a comment\n',
    '[project]\nname = "ogp-desktop"\nversion = "1\\u0030"\n',
    '[project]\nname = "ogp-desktop"\n',
    '[tool]\nname = "ogp-desktop"\nversion = "1"\n',
    '[project]\nname = "ogp-desktop"\nversion = "1"\nversion = "2"\n',
])
def test_anything_else_is_left_to_tomllib(text):
    assert ogp_desktop._simple_project_table(text) is None


def test_desktop_entry():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(PACKAGING / "linux" / "ogp-desktop.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "ogp-desktop" and entry["Icon"] == "ogp-desktop"
    assert "Office;" in entry["Categories"]
    assert entry["Name"] == "OGP Desktop" and entry["Name[ar]"]
    assert entry["Terminal"] == "false"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icons_in_every_size_the_package_installs(build):
    for px in build.ICON_SIZES:
        assert _png_size(ROOT / "resources" / "icons" / f"ogp-desktop-{px}.png") == (px, px)
    ico = (ROOT / "resources" / "icons" / "ogp-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    widths = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= widths
    assert "project's own work" in (ROOT / "resources" / "icons" / "LICENSE.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("script", ["postinst", "postrm", "ogp-desktop.sh"])
def test_shell_scripts_parse_and_leave_user_data_alone(script):
    path = PACKAGING / "linux" / script
    subprocess.run(["sh", "-n", str(path)], check=True)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "rm " not in code and "/home" not in code and ".local" not in code


def test_launcher_runs_the_program_under_opt(build):
    text = (PACKAGING / "linux" / "ogp-desktop.sh").read_text(encoding="utf-8")
    assert f'exec {build.INSTALL_DIR}/ogp-desktop "$@"' in text


def test_control_file(build):
    depends = ["libc6 (>= 2.36)", "libegl1", "libxcb-cursor0"]
    text = build.control_text("1.2.3", "amd64", depends, 123456)
    fields = dict(line.split(": ", 1) for line in text.splitlines() if not line.startswith(" "))
    assert fields["Package"] == "ogp-desktop"
    assert fields["Version"] == "1.2.3" and fields["Architecture"] == "amd64"
    assert fields["Depends"] == "libc6 (>= 2.36), libegl1, libxcb-cursor0"
    assert fields["Installed-Size"] == "123456"
    assert len(fields["Description"]) < 80
    assert all(line.startswith(" ") for line in text.splitlines()[len(fields):])


def test_the_depends_table_covers_what_qt_needs_from_the_system(build):
    packages = set(build.SYSTEM_LIBRARIES.values())
    for needed in ("libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1",
                   "libdbus-1-3", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"):
        assert needed in packages


@pytest.mark.parametrize("pep440, debian", [("0.1.0", "0.1.0"), ("1.0rc1", "1.0~rc1"),
                                            ("2.1.0b2", "2.1.0~b2"), ("1.0.dev3", "1.0~dev3")])
def test_debian_versions_sort_like_pep440(build, pep440, debian):
    assert build.debian_version(pep440) == debian
    if shutil.which("dpkg"):
        assert subprocess.run(["dpkg", "--compare-versions", build.debian_version(pep440),
                               "le", "99"]).returncode == 0


def test_prereleases_sort_before_the_release(build):
    require_tool("dpkg")
    assert subprocess.run(["dpkg", "--compare-versions", build.debian_version("1.0rc1"),
                           "lt", "1.0"]).returncode == 0


def test_the_spec_is_valid_python_and_keeps_the_needed_locales():
    text = (PACKAGING / "ogp-desktop.spec").read_text(encoding="utf-8")
    compile(text, "ogp-desktop.spec", "exec")
    assert 'BABEL_LOCALES = ("ar_JO", "en_GB", "ar", "en")' in text
    from ogp_desktop.core.formatting import LOCALES

    # every locale the program formats with is kept in the frozen build
    assert set(LOCALES.values()) <= {"ar_JO", "en_GB", "ar", "en"}


def test_the_spec_collects_what_alembic_reads_from_disk():
    text = (PACKAGING / "ogp-desktop.spec").read_text(encoding="utf-8")
    for needle in ('"env.py"', '"script.py.mako"', '(MIGRATIONS / "versions").glob("*.py")',
                   "ogp_desktop.core.demo_data", "messages.mo"):
        assert needle in text


def test_gnu_fribidi_is_declared_wherever_the_program_gets_it(build):
    # loaded with ctypes by the PDF layer, so no ELF scan finds it: named by hand in the
    # .deb's Depends, the test command's packages, the README's set-up line and the spec
    from ogp_desktop.pdf import fribidi

    assert build.LOADED_LIBRARIES == {"libfribidi.so.0": "libfribidi0"}
    assert "libfribidi0" in fribidi.INSTALL_HINT["linux"]
    script = (ROOT / ".ci" / "test.sh").read_text(encoding="utf-8")
    assert "DEBIAN_PACKAGES+=(libfribidi0)" in script
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "apt-get install -y python3-venv libfribidi0 " in readme
    spec = (PACKAGING / "ogp-desktop.spec").read_text(encoding="utf-8")
    assert '"fribidi-0.dll"' in spec and "LOADED_BY_CTYPES" in spec
    assert "fribidi-0.dll" in (PACKAGING / "windows" / "build.ps1").read_text(encoding="utf-8")
