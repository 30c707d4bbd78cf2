"""What every window shares: the current language and its translations, direction,
formatting of dates, and showing a domain error where the user is looking.

All user-visible text goes through `_()`, which reads the same gettext catalog as the PDF
export and the command line (ogp_desktop.core.i18n)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import QMessageBox, QWidget

from ogp_desktop.core import i18n
from ogp_desktop.core.errors import DomainError

_language = i18n.DEFAULT_LANGUAGE


def current_language() -> str:
    return _language


def set_language(language: str) -> None:
    """Switch the language used by `_()`; the app rebuilds its windows after calling it."""
    global _language
    _language = language if language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _(message: str) -> str:
    return i18n.translator(_language)(message)


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


def error_text(exc: DomainError) -> str:
    """A domain error in the user's language, the field named by its label on the form."""
    text = exc.render(_)
    return text


def show_error(parent: QWidget | None, exc: DomainError | str, title: str | None = None) -> None:
    message = exc if isinstance(exc, str) else error_text(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("OGP Desktop"), message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setLayoutDirection(layout_direction())
    box.exec()


def format_date(day: dt.date | None, *, weekday: bool = False) -> str:
    if day is None:
        return ""
    return i18n.format_date(day, _language, weekday=weekday)


def short_date(day: dt.date | None) -> str:
    return "" if day is None else i18n.format_short_date(day, _language)


def to_qdate(day: dt.date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate()


def from_qdate(value: QDate) -> dt.date | None:
    return dt.date(value.year(), value.month(), value.day()) if value.isValid() else None


def to_qtime(t: dt.time | None) -> QTime:
    return QTime(t.hour, t.minute) if t else QTime()


def from_qtime(value: QTime) -> dt.time | None:
    return dt.time(value.hour(), value.minute()) if value.isValid() else None
