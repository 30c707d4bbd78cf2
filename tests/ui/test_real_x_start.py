"""The README's start command (`ogp-desktop --demo`) on a real X server (Xvfb), through
Qt's xcb plugin — not offscreen, as the other GUI tests run — so a system library the
plugin needs and the machine lacks fails the tests (issue 9, item 10).

The program runs as a whole command line with its own HOME and XDG folders, QT_QPA_PLATFORM
unset and DISPLAY set; the test waits until its main window is mapped (xwininfo, x11-utils),
grabs the screen through Qt's xcb plugin in another process, checks the picture is not
blank, then ends the program with SIGTERM, as a logout does, and expects exit 0.

Under the README's test command (.ci/test.sh exports OGP_REQUIRE_TOOLS=1) a missing tool
is a failure, not a skip."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from required_tools import need

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, timeout: float, what: str, proc: subprocess.Popen | None = None):
    """Poll `condition` until it returns something true; fail naming `what` (and the
    program's output when it ended first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the program ended (exit {proc.returncode}) before {what}:\n"
                        f"{err.decode(errors='replace')}{out.decode(errors='replace')}")
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def x_display():
    """An Xvfb server on a free display (Xvfb picks it and writes its number when it
    accepts connections)."""
    xvfb = need("Xvfb", "xvfb")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_end)
    try:
        ready, _w, _x = select.select([read_end], [], [], 30)
        number = os.read(read_end, 16).decode().strip() if ready else ""
        if not number.isdigit():
            server.kill()
            pytest.fail("Xvfb did not start: " + server.communicate()[1].decode(errors="replace"))
        yield f":{number}"
    finally:
        os.close(read_end)
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)


def program_env(tmp_path: Path, display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "OGP_DESKTOP_DB")
           and not k.startswith("XDG_")}
    home = tmp_path / "user"  # not the conftest's HOME: the program gets its own
    for sub in ("data", "config", "cache", "runtime"):
        (home / sub).mkdir(parents=True)
    (home / "runtime").chmod(0o700)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(home / "runtime"), DISPLAY=display,
               PYTHONPATH=str(ROOT), OGP_DESKTOP_LANG="en")
    return env


def start_command() -> list[str]:
    """The README's `ogp-desktop --demo`: the installed entry point beside this Python,
    else the same `main` as a module."""
    script = Path(sys.executable).with_name("ogp-desktop")
    if script.is_file():
        return [str(script), "--demo"]
    return [sys.executable, "-m", "ogp_desktop.cli", "--demo"]


def mapped_main_window(xwininfo: str, env: dict[str, str]) -> tuple[int, int] | None:
    """The main window's size once it is mapped and viewable, else None."""
    tree = subprocess.run([xwininfo, "-root", "-tree"], env=env, capture_output=True,
                          text=True, errors="replace").stdout
    for line in tree.splitlines():
        if '"OGP Desktop' not in line:
            continue
        window = line.split()[0]
        info = subprocess.run([xwininfo, "-id", window], env=env, capture_output=True,
                              text=True, errors="replace").stdout
        if "Map State: IsViewable" in info:
            fields = dict(part.strip().split(": ", 1) for part in info.splitlines()
                          if ": " in part)
            return int(fields["Width"]), int(fields["Height"])
    return None


GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)
"""


def test_the_readme_start_command_opens_the_main_window_on_x(tmp_path, x_display, qapp):
    from PySide6.QtGui import QImage

    xwininfo = need("xwininfo", "x11-utils")
    env = program_env(tmp_path, x_display)
    program = subprocess.Popen(start_command(), env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        width, height = wait_for(lambda: mapped_main_window(xwininfo, env), 90,
                                 "the main window to be mapped on the X server", program)
        assert width >= 800 and height >= 500
        shot = tmp_path / "x-start.png"

        def painted() -> int:
            """The screen's colours (a sample) once the window has painted, else 0."""
            grab = subprocess.run([sys.executable, "-c", GRAB, str(shot)], env=env,
                                  capture_output=True, text=True, timeout=60)
            assert grab.returncode == 0, grab.stderr
            image = QImage(str(shot))
            assert (image.width(), image.height()) == (1366, 768)
            colours = {image.pixel(x, y) for x in range(0, 1366, 7) for y in range(0, 768, 7)}
            return len(colours) if len(colours) > 50 else 0

        # mapped is not yet painted: the screen stays black until the first paint
        wait_for(painted, 60, "the main window to be painted (more than 50 colours)", program)
        keep = os.environ.get("OGP_SCREENSHOT_DIR")
        if keep:
            shutil.copy(shot, Path(keep) / "x-start.png")
    finally:
        if program.poll() is None:
            program.send_signal(signal.SIGTERM)
        try:
            out, err = program.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            program.kill()
            out, err = program.communicate()
    assert program.returncode == 0, err.decode(errors="replace")
    assert b"Traceback" not in err, err.decode(errors="replace")
    # --demo: the separate demo records, in the (isolated) per-user data folder
    demo = Path(env["XDG_DATA_HOME"]) / "ogp-desktop" / "ogp-desktop-demo.sqlite"
    assert demo.is_file() and demo.stat().st_size > 0


def test_a_library_qt_can_not_load_is_named_with_the_command_that_installs_it(tmp_path):
    """A broken copy of libxcb-icccm.so.4 found first (LD_LIBRARY_PATH) stands for a
    missing one: the program says which library and the apt-get line, instead of Qt's
    abort naming libxcb-cursor0. The check runs before Qt connects, so no X server."""
    from ogp_desktop.ui.platform_check import INSTALL_COMMAND

    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "libxcb-icccm.so.4").write_bytes(b"")
    env = program_env(tmp_path, ":93")
    env["LD_LIBRARY_PATH"] = str(broken)
    done = subprocess.run(start_command(), env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("Qt could not start on this display: ") and \
        "libxcb-icccm.so.4" in lines[0], lines
    assert lines[-1].strip() == INSTALL_COMMAND and "libxcb-icccm4" in INSTALL_COMMAND
    assert "Traceback" not in done.stderr and "xcb-cursor0 or libxcb-cursor0" not in done.stderr
    env["OGP_DESKTOP_LANG"] = "ar"
    done = subprocess.run(start_command(), env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("تعذّر تشغيل Qt على هذه الشاشة: ")
    assert "libxcb-icccm.so.4" in done.stderr.splitlines()[0]
