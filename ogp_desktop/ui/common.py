"""What every window shares: the current language and its translations, direction,
formatting of dates, values kept left-to-right inside Arabic text and the per-user settings.
Errors are turned into text and shown by ui/errors.py.

All user-visible text goes through `_()`, which reads the same gettext catalog as the PDF
export and the command line (ogp_desktop.core.i18n)."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, QLocale, QSettings, Qt, QTime
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ogp_desktop.core import formatting, i18n

_language = i18n.DEFAULT_LANGUAGE

LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def current_language() -> str:
    return _language


def set_language(language: str) -> None:
    """Switch the language used by `_()`; the app rebuilds its windows after calling it."""
    global _language
    _language = language if language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _(message: str) -> str:
    return i18n.translator(_language)(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `n` in the current language (Arabic has six: 0, 1, 2, 3–10, 11–99, 100+)."""
    return i18n.translator(_language).ngettext(singular, plural, n)


def translator() -> i18n.Translator:
    """The current language's `_` with its `ngettext`, for core.errors' `render(translate)`."""
    return i18n.translator(_language)



def is_rtl() -> bool:
    return _language == "ar"


def layout_direction() -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight


def qlocale() -> QLocale:
    """ar_JO (Levantine month names) or en_GB; digits stay Western, as in the documents."""
    if is_rtl():
        locale = QLocale(QLocale.Language.Arabic, QLocale.Country.Jordan)
    else:
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return locale


_settings_file: str | None = None  # the self-test keeps its preferences apart


def settings() -> QSettings:
    """Per-user, per-machine preferences (language, window places, folders last used): not
    records."""
    if _settings_file is not None:
        return QSettings(_settings_file, QSettings.Format.IniFormat)
    return QSettings("ogp-desktop", "OGP Desktop")


def use_settings_file(path: str | None) -> None:
    """Preferences in `path` instead of the user's (the self-test must not move the user's
    windows); None goes back to the user's."""
    global _settings_file
    _settings_file = path


def ltr(value: object) -> str:
    """A fingerprint, id, path, e-mail, URL, file name, time or number as one left-to-right
    isolated run (Unicode LRI … PDI) for plain text: inside an Arabic sentence its characters
    keep their order ("6475 e379…" is not shown as "e379 … 6475") and it does not pull its
    neighbours or its own leading "/" to the other side. Used for every such value put into
    a label, message, banner, tooltip, status line or table cell."""
    text = "" if value is None else str(value)
    return LRI + text + PDI if text else ""


def ltr_html(value: object) -> str:
    """`ltr` for a rich-text label: the value HTML-escaped inside the same isolate."""
    text = "" if value is None else str(value)
    return LRI + html.escape(text, quote=False) + PDI if text else ""


def path_label(label: QLabel) -> QLabel:
    """A label that shows nothing but a path (selectable, so it is copied as it is): its
    text runs left to right, placed on the reading side of the window. No isolate marks
    here, they would be copied with the path."""
    label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    side = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    return label


def ask_unsaved_changes(parent: QWidget | None, question: str) -> QMessageBox.StandardButton:
    """Save / Discard / Cancel before closing, each button saying what it does: Qt's own
    Arabic "ارفض" for Discard is easily misread, so the buttons carry our texts. Returns
    the standard button chosen (Cancel when the box is closed with Escape)."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Warning, _("Unsaved changes"), question,
                      buttons.Save | buttons.Discard | buttons.Cancel, parent)
    box.button(buttons.Save).setText(_("Save"))
    box.button(buttons.Discard).setText(_("Discard changes"))
    box.button(buttons.Cancel).setText(_("Cancel"))
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    return buttons(box.exec())


def format_date(day: dt.date | None, *, weekday: bool = False) -> str:
    if day is None:
        return ""
    return (formatting.date_long if weekday else formatting.date_medium)(day, _language)


def short_date(day: dt.date | None) -> str:
    return "" if day is None else formatting.date_short(day, _language)


def to_qdate(day: dt.date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate()


def from_qdate(value: QDate) -> dt.date | None:
    return dt.date(value.year(), value.month(), value.day()) if value.isValid() else None


def to_qtime(t: dt.time | None) -> QTime:
    return QTime(t.hour, t.minute) if t else QTime()


def from_qtime(value: QTime) -> dt.time | None:
    return dt.time(value.hour(), value.minute()) if value.isValid() else None
