"""One catalog system for every user-visible text: the GUI, the PDF export, the command
line and the domain errors all translate through the gettext catalogs under `i18n/`.

Source strings are English; `i18n/ar/LC_MESSAGES/messages.po` holds Arabic. `i18n/build.py`
extracts, updates and compiles them with babel. When a compiled `.mo` is missing (a source
checkout before the build step) the `.po` is read directly, so a checkout always runs.
Dates, times and numbers are formatted by `core.formatting`."""

from __future__ import annotations

import gettext
import hashlib
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # babel is imported only when a .po is read
    from babel.messages.catalog import Catalog

DOMAIN = "messages"
LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


class _PoTranslations(gettext.NullTranslations):
    """A .po read with babel, for checkouts where the .mo was not built yet. What it reads
    is kept in the user's cache folder (core.user_cache), keyed by the .po's SHA-256, so
    a later process neither imports babel's catalog reader nor parses the .po again."""

    _map: dict[str, str]
    _plurals: dict[str, Sequence[str]]
    _plural_expr: str

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._map = {
            m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy
            and isinstance(m.id, str) and isinstance(m.string, str)
        }
        self._plurals = {  # a plural entry's id and string are both sequences
            m.id[0]: m.string for m in catalog if isinstance(m.id, (tuple, list))
            and not m.fuzzy and isinstance(m.string, (tuple, list)) and all(m.string)
        }
        self._plural_expr = catalog.plural_expr or "(n != 1)"
        self._plural = gettext.c2py(self._plural_expr)

    @classmethod
    def read(cls, po: Path) -> gettext.NullTranslations:
        from ogp_desktop.core import user_cache

        data = po.read_bytes()
        key = f"catalog 1|{hashlib.sha256(data).hexdigest()}".encode()
        file = user_cache.folder("catalogs") / f"{po.parent.parent.name}-{po.stem}.pickle"
        kept = user_cache.load(file, key)
        if isinstance(kept, dict) and {"map", "plurals", "plural_expr"} <= kept.keys():
            translations = cls.__new__(cls)
            gettext.NullTranslations.__init__(translations)
            translations._map, translations._plurals = kept["map"], kept["plurals"]
            translations._plural_expr = kept["plural_expr"]
            translations._plural = gettext.c2py(translations._plural_expr)
            return translations
        import io

        from babel.messages.pofile import read_po

        translations = cls(read_po(io.BytesIO(data)))
        user_cache.store(file, key, translations.kept())
        return translations

    def kept(self) -> dict[str, Any]:
        return {"map": self._map, "plurals": self._plurals, "plural_expr": self._plural_expr}

    def gettext(self, message: str) -> str:
        return self._map.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._plurals.get(singular)
        if not forms:
            return singular if n == 1 else plural
        return forms[min(self._plural(n), len(forms) - 1)]


@cache
def translations(language: str) -> gettext.NullTranslations:
    from ogp_desktop.resources import root

    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    folder = root("i18n") / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with open(mo, "rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        return _PoTranslations.read(po)
    return gettext.NullTranslations()


class Translator:
    """`_ = translator("ar")`; `_("Date")` → "التاريخ"; `_.ngettext(one, many, n)` picks the
    plural form of the language (Arabic has six)."""

    def __init__(self, translations: gettext.NullTranslations) -> None:
        self.gettext = translations.gettext
        self.ngettext = translations.ngettext

    def __call__(self, message: str) -> str:
        return self.gettext(message)


def translator(language: str) -> Translator:
    return Translator(translations(language))


def language_from_environment() -> str:
    """For the command line: Arabic when the user's locale is Arabic, else English."""
    for var in ("OGP_DESKTOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ar" if value.lower().startswith("ar") else "en"
    return "en"

