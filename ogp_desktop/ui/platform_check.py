"""Before Qt starts on a Linux desktop: can its X11 (xcb) platform plugin load?

PySide6's wheels bundle Qt but not the X11 libraries Qt's xcb plugin links against; a
fresh Debian desktop lacks some of them (libxcb-icccm4, libxcb-keysyms1, …). Qt then
aborts with a message that names libxcb-cursor0 whatever is missing. Loading the plugin
ourselves first gives the dynamic loader's own answer (the missing library's name), and
the program says that and the one command that installs what a desktop needs.

DESKTOP_PACKAGES is that list: the Debian packages of every library the xcb plugin and
libQt6XcbQpa need (`ldd`; tests/packaging/test_desktop_libraries.py checks it against the
plugin, the README's set-up line and .ci/test.sh)."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping
from pathlib import Path

DESKTOP_PACKAGES = (
    "libegl1", "libgl1", "libfontconfig1", "libfreetype6", "libdbus-1-3", "libxkbcommon0",
    "libxkbcommon-x11-0", "libx11-6", "libx11-xcb1", "libxcb1", "libxcb-cursor0",
    "libxcb-glx0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0",
    "libxcb-render0", "libxcb-render-util0", "libxcb-shape0", "libxcb-shm0", "libxcb-sync1",
    "libxcb-util1", "libxcb-xfixes0", "libxcb-xkb1", "libbrotli1", "libzstd1",
    "libgssapi-krb5-2",
)
INSTALL_COMMAND = "sudo apt-get install -y " + " ".join(DESKTOP_PACKAGES)


def xcb_plugin() -> Path:
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return plugins / "platforms" / "libqxcb.so"


def xcb_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why Qt's xcb plugin can not load (the loader's message), or None: it loads, or Qt
    will not use it (another QT_QPA_PLATFORM, no X display, a Wayland session that Qt can
    use instead, not Linux, a build without the plugin)."""
    if not sys.platform.startswith("linux"):
        return None
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if not environ.get("DISPLAY"):
        return None
    plugin = xcb_plugin()
    if not plugin.is_file():
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        if not platform and environ.get("WAYLAND_DISPLAY"):
            return None  # Qt can still start on Wayland
        return str(exc).replace(f"{plugin}: ", "")
    return None


def check_display() -> bool:
    """True when Qt can start; else prints what is missing and how to install it."""
    problem = xcb_problem()
    if problem is None:
        return True
    from ogp_desktop.core.i18n import language_from_environment, translator

    _ = translator(language_from_environment())
    print(_("Qt could not start on this display: {reason}").format(reason=problem),
          file=sys.stderr)
    print(_("Install the libraries a desktop needs (see README.md, Set-up):"), file=sys.stderr)
    print(f"    {INSTALL_COMMAND}", file=sys.stderr)
    return False


__all__ = ["DESKTOP_PACKAGES", "INSTALL_COMMAND", "check_display", "xcb_problem"]
