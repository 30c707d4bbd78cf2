"""The editor marks each list of the minutes as the printed minutes do (issue 9 §9):
discussion points and outputs bulleted, as the secretariat's own minutes bullet them
(shared/seeds), notes numbered "1.", "2." — checked on the exported PDF with pdftotext."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from required_tools import require_tool
from sqlalchemy import select
from typing_helpers import type_text

from ogp_desktop.core.models import Meeting

pytestmark = pytest.mark.usefixtures("qapp")

WORD = {"discussion": "نقاش", "outputs": "مخرج", "notes": "ملاحظة"}


def _pdf_lines(path) -> list[str]:
    import subprocess
    import unicodedata

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True)
    text = unicodedata.normalize("NFKC", out.stdout.decode("utf-8"))
    controls = dict.fromkeys(
        map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")
    return [" ".join(line.translate(controls).split()) for line in text.splitlines()]


def _printed_marker(lines: list[str], text: str) -> str:
    line = next(line for line in lines if text in line)
    marker = line.replace(text, "").strip()
    # "1." stands at the right of an Arabic line, pdftotext may give it back as ".1"
    return f"{marker.strip('.')}." if "." in marker else marker


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_editor_and_the_pdf_mark_the_lists_alike(qtbot, demo_db, tmp_path, language, request):
    require_tool("pdftotext")
    request.getfixturevalue("arabic_ui" if language == "ar" else "english_ui")
    from ogp_desktop.ui.editors import MinutesEditor

    with demo_db.session() as s:
        # the demo draft
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
    editor = MinutesEditor(demo_db, meeting_id)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=3000)
    try:
        typed = {}
        for name, button in (("discussion", editor.add_discussion_button),
                             ("outputs", editor.add_output_button), ("notes", editor.add_note_button)):
            rows = getattr(editor, name)
            # the demo minutes are Arabic: Arabic words come back from pdftotext in typed order
            words = [f"{WORD[name]} مكتوب {k}" for k in ("أول", "ثان")]
            for word in words:
                before = len(rows.rows())
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda rows=rows, before=before: len(rows.rows()) == before + 1)
                edit = QApplication.focusWidget()  # the new row's text, where the person types
                assert rows.row_of(edit) is not None
                type_text(qtbot, edit, word)
            typed[name] = words
        path = editor.export_pdf(tmp_path / "minutes.pdf")
        lines = _pdf_lines(path)
        for name, words in typed.items():
            rows = getattr(editor, name).rows()
            shown = [r.number.text() for r in rows if r.edit.toPlainText() in words]
            printed = [_printed_marker(lines, w) for w in words]
            assert shown == printed, name
        n_notes = len(editor.notes.rows())
        assert ([r.number.text() for r in editor.discussion.rows()]
                == ["\u2022"] * len(editor.discussion.rows()))
        assert [r.number.text() for r in editor.outputs.rows()] == ["\u2022"] * len(editor.outputs.rows())
        assert [r.number.text() for r in editor.notes.rows()] == [f"{k}." for k in range(1, n_notes + 1)]
    finally:
        if shiboken6.isValid(editor):
            editor.autosaver.mark_clean()  # no prompt while the test ends
            editor.close()
