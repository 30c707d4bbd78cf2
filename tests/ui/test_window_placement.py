"""Every top-level window fits the screen it opens on, frame and status line included, and
comes back at the size and place the user left it. In-process against the test screen
(offscreen: 800×800), and the minutes editor once more in a real start-up on a 1366×768
laptop screen (offscreen QPA configured with that screen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from ogp_desktop.core.models import Meeting, Step
from ogp_desktop.core.services import meetings

pytestmark = pytest.mark.usefixtures("qapp")
ROOT = Path(__file__).resolve().parents[2]


def largest_minutes(db) -> int:
    """The demo meeting with the most text: the tallest editor."""
    with db.session() as s:
        ids = s.scalars(select(Meeting.id)).all()
        sizes = {mid: len(repr(meetings.minutes_data(meetings.load_meeting(s, mid))))
                 for mid in ids}
    return max(sizes, key=sizes.get)


def inside_screen(qtbot, window: QWidget) -> QRect:
    window.show()
    qtbot.waitExposed(window)
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry()), (window, window.frameGeometry(), area)
    return area


def status_line_inside(window, area: QRect) -> None:
    bar = window.statusBar()
    assert bar.isVisible() and bar.height() > 0
    top_left = bar.mapToGlobal(bar.rect().topLeft())
    bottom_right = bar.mapToGlobal(bar.rect().bottomRight())
    assert area.contains(top_left) and area.contains(bottom_right), (top_left, bottom_right)
    assert bottom_right.y() >= window.geometry().bottom() - 2  # at the window's foot


@pytest.fixture
def closing(qtbot):
    windows: list[QWidget] = []
    yield windows.append
    for w in windows:
        if shiboken6.isValid(w):
            if hasattr(w, "autosaver"):
                w.autosaver.mark_clean()  # no prompt while the test ends
            w.close()


def test_every_top_level_window_fits_the_screen(qtbot, demo_db, arabic_ui, closing):
    from ogp_desktop.ui.editors import MinutesEditor
    from ogp_desktop.ui.editors.step_editor import PhaseEditor, StepEditor
    from ogp_desktop.ui.main_window import MainWindow

    main = MainWindow(demo_db)
    closing(main)
    area = inside_screen(qtbot, main)
    status_line_inside(main, area)

    editor = MinutesEditor(demo_db, largest_minutes(demo_db), offer_recovery=False)
    closing(editor)
    area = inside_screen(qtbot, editor)
    status_line_inside(editor, area)
    # the form is taller than the window: it scrolls instead of growing
    assert editor.scroll_area.verticalScrollBar().maximum() > 0

    sign = editor.make_sign_dialog()
    closing(sign)
    inside_screen(qtbot, sign)
    preview = editor.make_preview()
    closing(preview)
    inside_screen(qtbot, preview)

    with demo_db.session() as s:
        step = s.scalars(select(Step)).first()
        step_id, phase_id = step.id, step.phase_id
    step_editor = StepEditor(demo_db, step_id)
    closing(step_editor)
    inside_screen(qtbot, step_editor)
    phase_editor = PhaseEditor(demo_db, phase_id)
    closing(phase_editor)
    inside_screen(qtbot, phase_editor)


def test_size_and_place_come_back_after_closing(qtbot, demo_db, arabic_ui, closing):
    from ogp_desktop.ui.editors import MinutesEditor

    meeting_id = largest_minutes(demo_db)
    editor = MinutesEditor(demo_db, meeting_id, offer_recovery=False)
    editor.show()
    qtbot.waitExposed(editor)
    editor.setGeometry(60, 90, 640, 480)  # the user resizes and moves it
    qtbot.waitUntil(lambda: editor.geometry() == QRect(60, 90, 640, 480))
    editor.close()

    again = MinutesEditor(demo_db, meeting_id, offer_recovery=False)
    closing(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.geometry() == QRect(60, 90, 640, 480)

    again.showMaximized()  # maximised when closed: maximised when opened again
    qtbot.waitUntil(again.isMaximized)
    again.close()
    third = MinutesEditor(demo_db, meeting_id, offer_recovery=False)
    closing(third)
    third.show()
    qtbot.waitExposed(third)
    assert third.isMaximized()
    third.showNormal()
    qtbot.waitUntil(lambda: third.geometry() == QRect(60, 90, 640, 480))


def test_a_remembered_place_off_the_screen_is_brought_back(qtbot, demo_db, arabic_ui, closing):
    """Saved on a larger or second screen: reopened inside the current one."""
    from PySide6.QtCore import QSettings

    from ogp_desktop.ui.main_window import MainWindow

    QSettings("ogp-desktop", "OGP Desktop").setValue("windows/main", QRect(2500, 1500, 1900, 1200))
    main = MainWindow(demo_db)
    closing(main)
    inside_screen(qtbot, main)


SCRIPT = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QStandardPaths
from PySide6.QtTest import QTest
from ogp_desktop.ui.app import make_qapp, apply_language
QStandardPaths.setTestModeEnabled(True)
app = make_qapp(); apply_language(app, "ar")
from ogp_desktop.core.db import open_database
from ogp_desktop.ui.editors import MinutesEditor
db = open_database(Path(sys.argv[1]))
editor = MinutesEditor(db, int(sys.argv[2]), offer_recovery=False)
editor.show()
QTest.qWaitForWindowExposed(editor)
bar = editor.statusBar()
r = lambda q: [q.x(), q.y(), q.width(), q.height()]
bottom = bar.mapToGlobal(bar.rect().bottomRight())
print(json.dumps({"screen": r(editor.screen().availableGeometry()),
                  "frame": r(editor.frameGeometry()), "client": r(editor.geometry()),
                  "status_bottom": bottom.y(),
                  "scrolls": editor.scroll_area.verticalScrollBar().maximum() > 0}))
editor.grab().save(sys.argv[3])
"""


def test_editor_fits_a_1366x768_laptop(demo_db, tmp_path, screenshot_dir):
    """The laptops of the secretariat: 1366×768, the title bar on top of the client area."""
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0,
                                               "width": 1366, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               PYTHONPATH=str(ROOT))
    shot = screenshot_dir / "i9_editor_1366x768_ar.png"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(demo_db.path), str(largest_minutes(demo_db)), str(shot)],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["screen"] == [0, 0, 1366, 768]
    x, y, w, h = seen["frame"]
    # the frame (title bar included) is inside the screen: allowance taken before framing
    assert x >= 0 and y >= 0 and x + w <= 1366 and y + h <= 768
    # room left above the client area for a window manager's title bar (about 30 px)
    cx, cy, cw, ch = seen["client"]
    assert cy >= 30 and cy + ch <= 768 and ch <= 768 - 30
    assert seen["status_bottom"] < 768 and seen["scrolls"]


def test_self_test_leaves_the_users_window_places_alone(_isolated_user_data):
    """`ogp-desktop --self-test` opens windows offscreen: their places must not become the
    user's."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "ogp_desktop.cli", "--self-test"],
                          capture_output=True, text=True, env=env, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    config = Path(os.environ["XDG_CONFIG_HOME"])
    written = [p for p in config.rglob("*") if p.is_file()]
    assert not any("windows" in p.read_text(errors="replace") for p in written), written
