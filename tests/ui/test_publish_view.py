"""Settings → "Publish the public website…" as a person uses it: the button, the folder
typed into the program's folder dialog, the progress bar (which can cancel), and the
result: what was written and what was left out (docs/publish.md)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from typing_helpers import modal_steps, type_into_focus

from ogp_desktop.ui.views.settings import SettingsView


def show(qtbot, view):
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_publish_writes_the_site_and_says_what_was_left_out(qtbot, arabic_ui, demo_db, tmp_path):
    view = show(qtbot, SettingsView(demo_db))
    target = tmp_path / "site"

    def choose(dialog: QFileDialog) -> None:
        assert dialog.isRightToLeft() and dialog.fileMode() == QFileDialog.FileMode.Directory
        field = QApplication.focusWidget()
        field.selectAll()
        type_into_focus(qtbot, str(target))
        qtbot.keyClick(field, Qt.Key.Key_Return)

    target.mkdir()  # the folder dialog chooses an existing folder
    errors = modal_steps(qtbot, (QFileDialog, choose))
    qtbot.mouseClick(view.publish_button, Qt.MouseButton.LeftButton)
    assert errors == []
    qtbot.waitUntil(lambda: view.task is not None and view.task.is_done(), timeout=60_000)
    qtbot.waitUntil(lambda: view.result.text().startswith("نُشر الموقع في"), timeout=10_000)
    assert (target / "index.html").is_file() and (target / "en" / "index.html").is_file()
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert "minutes/meeting-1.html" in manifest["files"]
    shown = view.problems.toPlainText()
    assert view.problems.isVisible() and shown.startswith("لم يُنشر:")
    assert "محاضر مسودة (غير معتمدة): 1" in shown
    assert "محاضر معتمدة لم تُوقّع بعد: 1" in shown
    view.grab().save(str(tmp_path / "settings-published.png"))

    # again: nothing changed, nothing written
    task = view.publish_to(target)
    qtbot.waitUntil(lambda: "الملفات المكتوبة: 0" in view.result.text(), timeout=60_000)
    assert task.result.written == []


def test_publishing_can_be_cancelled_from_its_progress_bar(qtbot, arabic_ui, demo_db, tmp_path):
    view = show(qtbot, SettingsView(demo_db))
    target = tmp_path / "site"
    task = view.publish_to(target)
    cancel = task.dialog.findChild(QPushButton)  # the progress bar's Cancel button
    assert cancel.text() == "إلغاء"
    cancel.click()
    qtbot.waitUntil(lambda: view.result.text().startswith("أُلغي النشر"), timeout=60_000)
    assert task.result.cancelled
    written = set(task.result.written)
    on_disk = {str(p.relative_to(target)) for p in Path(target).rglob("*") if p.is_file()}
    assert on_disk == written | {"manifest.json"}


def test_a_folder_that_holds_other_files_is_refused_in_the_result_line(qtbot, arabic_ui,
                                                                       demo_db, tmp_path):
    view = show(qtbot, SettingsView(demo_db))
    (tmp_path / "mine.txt").write_text("x")
    task = view.publish_to(tmp_path)
    qtbot.waitUntil(lambda: "ليس فارغًا ولا يحوي موقعًا منشورًا" in view.result.text(),
                    timeout=60_000)
    assert task.error is not None
