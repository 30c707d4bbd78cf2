"""`ogp-desktop --self-test`: prove an installed or frozen copy works, without a screen and
without touching the user's records.

Starts offscreen on a temporary database, opens every main view, writes and saves a meeting
through the real minutes editor, exports its PDF, and exits 0 — or 1 with what failed."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


def run_self_test(start_app: Callable[[str], Any], out=sys.stdout) -> int:
    """`start_app(language)` gives the configured QApplication: the app module passes it,
    so this module does not import the app module that imports it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QDate

    from ogp_desktop import __version__
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.services.meetings import load_meeting, minutes_data

    started = time.perf_counter()
    app = start_app("ar")
    failures: list[str] = []
    state: dict = {}

    def step(name: str, action: Callable[[], str | None]) -> None:
        try:
            detail = action()
            print(f"ok    {name}{': ' + detail if detail else ''}", file=out, flush=True)
        except Exception as exc:
            failures.append(name)
            print(f"FAIL  {name}: {exc!r}", file=out, flush=True)
            traceback.print_exc(file=sys.stderr)

    print(f"OGP Desktop {__version__} self-test", file=out)
    with tempfile.TemporaryDirectory(prefix="ogp-self-test-") as tmp:
        folder = Path(tmp)
        from ogp_desktop.ui import common

        common.use_settings_file(str(folder / "settings.ini"))  # not the user's window places

        def open_db() -> str:
            state["db"] = open_database(folder / "self-test.sqlite", create=True)
            return str(state["db"].path.name)

        def main_views() -> str:
            from ogp_desktop.ui.main_window import MainWindow

            window = MainWindow(state["db"])
            window.resize(1366, 768)
            window.show()
            for key in window.sections:
                window.show_section(key)
                app.processEvents()
            state["window"] = window
            return ", ".join(window.sections)

        def write_meeting() -> str:
            from ogp_desktop.ui.editors.minutes import MinutesEditor

            editor = MinutesEditor(state["db"])
            editor.show()
            editor.title_edit.setText("اختبار ذاتي للبرنامج – Self-test")
            editor.date_edit.setDate(QDate.currentDate())
            app.processEvents()
            meeting_id = editor.save()
            if meeting_id is None:
                raise RuntimeError("the editor did not save the meeting")
            with state["db"].session() as session:
                data = minutes_data(load_meeting(session, meeting_id))
            if data.title != "اختبار ذاتي للبرنامج – Self-test" or data.date != dt.date.today():
                raise RuntimeError(f"saved meeting differs: {data.title!r} {data.date}")
            state["editor"] = editor
            return f"meeting {meeting_id}"

        def export_pdf() -> str:
            path = state["editor"].export_pdf(folder / "self-test.pdf")
            head = Path(path).read_bytes()[:5]
            if head != b"%PDF-":
                raise RuntimeError("the export is not a PDF")
            return f"{Path(path).stat().st_size} bytes"

        step("open a temporary database", open_db)
        if not failures:
            step("open every main view", main_views)
            step("write and save a meeting in the editor", write_meeting)
        if "editor" in state:
            step("export its PDF", export_pdf)
        for key in ("editor", "window"):
            if key in state:
                state[key].close()
        app.processEvents()
        if "db" in state:
            state["db"].close()
    elapsed = time.perf_counter() - started
    if failures:
        print(f"self-test FAILED ({len(failures)}): {', '.join(failures)}", file=out)
        return 1
    print(f"self-test passed in {elapsed:.1f} s", file=out)
    return 0
