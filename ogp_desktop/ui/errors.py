"""The one error presenter of the GUI: every failure becomes words in the user's language
here, and is shown here.

What reaches the user is always the catalog's text with its values put in by
core.errors.format_message: a domain error's msgid and parameters (its field named by the
form's label, status words such as "draft" translated, the user's own values escaped and
isolated), an operating system's refusal in the catalog's words, or, for a bug, a plain
apology (whoever caught it logs the traceback; the screen shows none). Nothing here formats a message
by hand, so no window can again show "…حالة المحضر 3: draft…"."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from ogp_desktop.core.errors import DomainError, Message, os_reason
from ogp_desktop.core.i18n import N_
from ogp_desktop.ui import common

log = logging.getLogger("ogp_desktop")

SOMETHING_WENT_WRONG = N_("Something went wrong. Your saved records are safe; the details "
                          "were written to the log file.")


def error_text(error: BaseException | Message | str, *, with_field: bool = True) -> str:
    """`error` as the user reads it, in the current UI language.

    - DomainError: its msgid and values translated; with `with_field`, "Field label:
      message" (False when the form shows it at the field itself);
    - Message (a finding of check or verify): its msgid and values translated;
    - OSError: the catalog's reason ("the disk is full"), the file isolated;
    - a str: text the caller has already translated, shown as it is;
    - anything else is a bug: a plain apology, the details logged."""
    translate = common.translator()
    if isinstance(error, DomainError):
        return error.render(translate) if with_field else error.message(translate)
    if isinstance(error, Message):
        return error.render(translate)
    if isinstance(error, str):
        return error
    if isinstance(error, OSError):
        reason = os_reason(error)
        if error.filename:
            return Message("{path} can not be used: {reason}", path=str(error.filename),
                           reason=reason).render(translate)
        return Message("The system refused: {reason}", reason=reason).render(translate)
    log.warning("shown as a general failure: %r", error)  # its traceback: where it was caught
    return translate(SOMETHING_WENT_WRONG)


def message_box(parent: QWidget | None, error: BaseException | Message | str,
                title: str | None = None) -> QMessageBox:
    """The warning box for `error`, laid out in the UI's direction (not yet shown)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title or common._("OGP Desktop"),
                      error_text(error), QMessageBox.StandardButton.Ok, parent)
    box.setLayoutDirection(common.layout_direction())
    return box


def show_error(parent: QWidget | None, error: BaseException | Message | str,
               title: str | None = None) -> str:
    """Show `error` in a modal warning over `parent`; returns the text shown."""
    box = message_box(parent, error, title)
    box.exec()
    return box.text()


def ask_after_conflict(parent: QWidget | None, error: DomainError) -> bool:
    """Someone else saved the record since the form opened it (a ConflictError: who and
    when; nothing was saved): whether the person reloads what they saved (True) or keeps
    their own changes in the form (False; the next save then replaces theirs, knowingly)."""
    box = QMessageBox(QMessageBox.Icon.Warning, common._("Saved by someone else"),
                      error_text(error, with_field=False), parent=parent)
    box.setLayoutDirection(common.layout_direction())
    reload_button = box.addButton(common._("Reload what they saved"),
                                  QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(common._("Keep my changes"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is reload_button
