"""Saving a copy of an attachment that another window has removed meanwhile: the editor
says so in its error strip (it used to fail on None: an AttributeError, no message)."""

from __future__ import annotations

import pytest

from ogp_desktop.core.services import meetings

pytestmark = pytest.mark.usefixtures("qapp")


def test_copy_of_a_removed_attachment_is_refused_with_a_message(db, editor_windows, arabic_ui,
                                                                 dbtools, tmp_path):
    editor = editor_windows(db)
    editor.title_edit.setText("اجتماع مع صورة")
    photo = tmp_path / "photo.png"
    photo.write_bytes(dbtools.png(40, 30))
    [photo_id] = editor.add_photos([photo], [None])
    with db.session() as s:  # as another window would
        meetings.remove_attachment(s, photo_id)

    target = tmp_path / "copy.png"
    assert editor.save_attachment_copy(photo_id, target) is None
    assert not target.exists()
    assert editor.error_bar.isVisibleTo(editor)
    assert str(photo_id) in editor.error_bar.label.text()
