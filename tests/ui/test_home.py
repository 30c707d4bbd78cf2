"""The home screen opens first and lists what needs the coordinator today; a click on a
line and Enter opens its record: a draft in the minutes editor (a
stand-in with the editor's API), a plan step in the step editor, a compliance warning on the
compliance page at that requirement. A screenshot in each language for people to look at."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from ogp_desktop.core import exchange
from ogp_desktop.core.services import plans
from ogp_desktop.ui.main_window import MainWindow
from ogp_desktop.ui.views.home import OPENS

TODAY = dt.date.today()


class FakeEditor(QWidget):
    """What ogp_desktop.ui.editors.minutes.MinutesEditor offers the main window."""

    saved = Signal(int)
    instances: list[FakeEditor] = []

    def __init__(self, db, meeting_id=None, template_from=None, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.db, self.meeting_id = db, meeting_id
        FakeEditor.instances.append(self)


@pytest.fixture
def fake_editor(monkeypatch):
    FakeEditor.instances = []
    package = types.ModuleType("ogp_desktop.ui.editors")
    package.__path__ = []
    module = types.ModuleType("ogp_desktop.ui.editors.minutes")
    module.MinutesEditor = FakeEditor
    monkeypatch.setitem(sys.modules, "ogp_desktop.ui.editors", package)
    monkeypatch.setitem(sys.modules, "ogp_desktop.ui.editors.minutes", module)
    yield FakeEditor
    for editor in FakeEditor.instances:
        editor.close()


@pytest.fixture
def today_records(demo_db):
    """A plan running now with a step in two days, and draft minutes of tomorrow with an
    action item due in three days, beside the demo records."""
    with demo_db.session() as s:
        plan = plans.create_plan(s, ordinal=6, title="الخطة الوطنية السادسة",
                                 first_year=TODAY.year, last_year=TODAY.year + 1)
        phase = plans.add_phase(s, plan, number=1, title="إعداد المنهجية")
        step = plans.add_step(s, phase, number=1, title="نشر المنهجية للتعليقات العامة",
                              start=(TODAY + dt.timedelta(days=2)).isoformat())
        meeting = exchange.import_minutes(s, {
            "format": "ogp-minutes/1", "title": "اجتماع المتابعة القادم",
            "date": (TODAY + dt.timedelta(days=1)).isoformat(), "plan": plan.title,
            "action_items": [{"text": "إرسال جدول الأعمال",
                              "due": (TODAY + dt.timedelta(days=3)).isoformat()}]})
        return {"step": step.id, "meeting": meeting.id}


def open_window(qtbot, db) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    QApplication.processEvents()
    return window


def _line(home, kind, ref=None):
    for item in home.items():
        opens = item.data(0, OPENS)
        if opens[0] == kind and (ref is None or opens[1] == ref):
            return item
    raise AssertionError(f"no {kind} {ref} on the home screen")


def _click_and_enter(qtbot, home, item) -> None:
    rect = home.tree.visualItemRect(item)
    qtbot.mouseClick(home.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert home.tree.currentItem() is item
    qtbot.keyClick(home.tree, Qt.Key.Key_Return)


def test_home_opens_first_and_a_draft_opens_in_the_editor(qtbot, arabic_ui, demo_db,
                                                          today_records, fake_editor):
    window = open_window(qtbot, demo_db)
    assert window.current_key() == "home"
    home = window.sections["home"]
    drafts = home.data.drafts
    assert today_records["meeting"] in [e.id for e in drafts]
    assert [e.title for e in home.data.due_this_week] == ["إرسال جدول الأعمال"]
    assert today_records["meeting"] in [e.id for e in home.data.next_meetings]
    assert window.count_label.text() == home.status_text()
    _click_and_enter(qtbot, home, _line(home, "meeting", today_records["meeting"]))
    qtbot.waitUntil(lambda: len(fake_editor.instances) == 1)
    assert fake_editor.instances[0].meeting_id == today_records["meeting"]
    assert fake_editor.instances[0].isVisible()


def test_a_next_step_opens_in_the_step_editor(qtbot, arabic_ui, demo_db, today_records):
    window = open_window(qtbot, demo_db)
    home = window.sections["home"]
    assert [e.id for e in home.data.next_steps] == [today_records["step"]]
    _click_and_enter(qtbot, home, _line(home, "step", today_records["step"]))
    calendar = window.sections["calendar"]
    qtbot.waitUntil(lambda: today_records["step"] in calendar.step_editors)
    editor = calendar.step_editors[today_records["step"]]
    qtbot.waitUntil(editor.isVisible)
    assert window.current_key() == "calendar"
    editor.close()


def test_a_compliance_warning_opens_the_compliance_page_there(qtbot, arabic_ui, demo_db,
                                                             screenshot_dir):
    window = open_window(qtbot, demo_db)
    home = window.sections["home"]
    warning = home.data.warnings[0]
    assert warning.status.value == "not_met"
    item = _line(home, "compliance", warning.check)
    assert item.data(0, OPENS) == ("compliance", warning.check, warning.plan_id)
    image = window.grab()
    assert image.save(str(screenshot_dir / "home_ar.png"))
    _click_and_enter(qtbot, home, item)
    qtbot.waitUntil(lambda: window.compliance_dialog is not None
                    and window.compliance_dialog.isVisible())
    dialog = window.compliance_dialog
    current = dialog.tree.currentItem()
    assert current is dialog.item_for(warning.check, warning.plan_id)
    assert current.text(1).strip("\u2066\u2069\u200e") == warning.standard
    assert current.text(0) == "غير مستوفى"
    assert dialog.tree.topLevelItem(0).text(0) == "الأمانة"
    dialog.grab().save(str(screenshot_dir / "compliance_ar.png"))
    dialog.close()


def test_the_home_screen_in_english(qtbot, english_ui, demo_db, screenshot_dir):
    window = open_window(qtbot, demo_db)
    home = window.sections["home"]
    assert window.nav.item(0).text() == "Home"
    assert home.tree.topLevelItem(0).text(0).startswith("Drafts waiting for approval: ")
    assert home.published.text() == "The repository has not been published yet."
    window.grab().save(str(screenshot_dir / "home_en.png"))
