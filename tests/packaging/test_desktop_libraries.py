"""The system libraries of Qt's xcb plugin, in every place that must name them (issue 9,
item 10): the plugin itself (its ELF NEEDED entries and those of libQt6XcbQpa and the Qt
libraries the program loads), the `.deb`'s Depends (packaging/build.py's check_depends,
run here on those files), the README's set-up line, the README's test command
(.ci/test.sh DEBIAN_PACKAGES) and the message the program prints when one is missing
(ogp_desktop/ui/platform_check.py). A fresh Debian desktop lacked libxcb-icccm4 and
libxcb-keysyms1, and Qt's own message named libxcb-cursor0."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from required_tools import need

from ogp_desktop.ui.platform_check import DESKTOP_PACKAGES, INSTALL_COMMAND

ROOT = Path(__file__).resolve().parents[2]
# what any Debian system with Python has (the toolchain's runtime); the packages named with
# alternatives for Ubuntu's 64-bit time_t renames (GLib) are on every desktop and can not be
# named in one apt-get line for both
ALWAYS_THERE = {"libstdc++6", "libgcc-s1"}
# the Qt libraries the program imports (QtCore/Gui/Widgets/Network/Pdf/PdfWidgets/
# PrintSupport) and what they and the xcb plugin link
QT_LIBS = ("Core", "Gui", "Widgets", "DBus", "Network", "OpenGL", "Pdf", "PdfWidgets",
           "PrintSupport", "XcbQpa")


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("ogp_packaging_build_libs",
                                                  ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def xcb_folder(tmp_path_factory) -> Path:
    """PySide6's xcb plugin with the Qt libraries it loads, as a frozen folder holds them."""
    from PySide6.QtCore import QLibraryInfo

    qt_lib = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    folder = tmp_path_factory.mktemp("xcb")
    files = [plugins / "platforms" / "libqxcb.so", *sorted((plugins / "xcbglintegrations").glob("*.so"))]
    files += [qt_lib / f"libQt6{name}.so.6" for name in QT_LIBS]
    files += sorted(qt_lib.glob("libicu*.so.*"))
    for path in files:
        assert path.is_file(), path
        shutil.copyfile(path, folder / path.name)
    # zlib: PyInstaller bundles it with Python (ogp-desktop.spec's SYSTEM_LIBS leaves it in)
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    zlib = re.search(r"^\s*libz\.so\.1 \(libc6[^)]*\) => (\S+)$", listing, re.M).group(1)
    shutil.copyfile(zlib, folder / "libz.so.1")
    return folder


def readme_setup_line() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text[text.index("## Set-up"):text.index("\n## ", text.index("## Set-up") + 1)]
    lines = [line for line in setup.splitlines() if "apt-get install" in line]
    assert len(lines) == 1, lines
    assert setup.index(lines[0]) < setup.index(".venv/bin/ogp-desktop --demo"), \
        "the apt-get line comes before the first command"
    return lines[0]


def test_the_deb_depends_on_every_library_of_the_xcb_plugin(build, xcb_folder):
    need("readelf", "binutils")
    depends = build.check_depends(xcb_folder)  # fails on a library its table does not know
    for package in ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"):
        assert package in depends
    # the desktop line is exactly what the plugin needs from a desktop
    wanted = {p for p in depends if "|" not in p and not p.startswith("libc6")
              and p.split(" ")[0] not in ALWAYS_THERE}
    assert wanted <= set(DESKTOP_PACKAGES), " ".join(sorted(wanted - set(DESKTOP_PACKAGES)))
    assert set(DESKTOP_PACKAGES) <= wanted, sorted(set(DESKTOP_PACKAGES) - wanted)
    control = build.control_text("1.0", "amd64", depends, 1)
    assert "libxcb-icccm4" in control and "libxcb-keysyms1" in control


def test_the_readme_names_the_one_apt_get_line_a_desktop_needs():
    line = readme_setup_line()
    assert line.strip().startswith("sudo apt-get install -y ")
    apt = line.split("&&", 1)[0].strip()  # the same command then makes the venv and starts
    packages = apt.split("install -y ", 1)[1].split()
    assert "python3-venv" in packages  # Debian's python3 has no venv without it
    assert set(DESKTOP_PACKAGES) <= set(packages)
    assert apt.endswith(INSTALL_COMMAND.split("install -y ", 1)[1])


def test_the_readme_test_command_installs_them_and_requires_its_tools():
    script = (ROOT / ".ci" / "test.sh").read_text(encoding="utf-8")
    packages: set[str] = set()
    for body in re.findall(r"^DEBIAN_PACKAGES\+?=\(([^)]*)\)", script, re.M):
        packages |= set(body.split())
    assert set(DESKTOP_PACKAGES) | {"xvfb", "x11-utils", "binutils"} <= packages
    assert "export OGP_REQUIRE_TOOLS=1" in script
