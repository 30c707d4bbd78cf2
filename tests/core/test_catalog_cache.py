"""The message catalogs read from a .po are kept in the user's cache folder
(core.i18n._PoTranslations.read): a later process takes them from there, and a damaged or
stale entry only means the .po is read again — the translations are the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogp_desktop.core import i18n, user_cache
from ogp_desktop.resources import root

PO = root("i18n") / "ar" / "LC_MESSAGES" / "messages.po"


@pytest.fixture
def catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return user_cache.folder("catalogs")


def read_po_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time babel's .po reader runs (the cache was not used)."""
    from babel.messages import pofile

    calls: list[Path] = []
    real = pofile.read_po

    def counting(fileobj: object, *args: object, **kwargs: object) -> object:
        calls.append(PO)
        return real(fileobj, *args, **kwargs)

    monkeypatch.setattr(pofile, "read_po", counting)
    return calls


def same(a: i18n._PoTranslations, b: i18n._PoTranslations) -> bool:
    def plurals(t: i18n._PoTranslations) -> list[str]:
        return [t.ngettext("wrote {n} file to {path}", "wrote {n} files to {path}", n) for n in range(12)]

    return a.kept() == b.kept() and plurals(a) == plurals(b)


def test_the_second_read_takes_the_catalog_from_the_cache(catalogs, monkeypatch):
    calls = read_po_calls(monkeypatch)
    first = i18n._PoTranslations.read(PO)
    assert len(calls) == 1 and (catalogs / "ar-messages.pickle").is_file()
    second = i18n._PoTranslations.read(PO)
    assert len(calls) == 1  # not parsed again
    assert same(first, second)
    assert second.gettext("Date") == first.gettext("Date") != "Date"
    forms = {second.ngettext("wrote {n} file to {path}", "wrote {n} files to {path}", n)
             for n in (0, 1, 2, 3, 11, 100)}
    assert len(forms) == 6  # Arabic's six plural forms survive the cache


@pytest.mark.parametrize("damage", ["garbage", "truncated", "another .po"])
def test_a_damaged_or_stale_entry_means_the_po_is_read_again(catalogs, monkeypatch, damage):
    reference = i18n._PoTranslations.read(PO)
    file = catalogs / "ar-messages.pickle"
    raw = file.read_bytes()
    file.write_bytes({"garbage": b"\x80\x05garbage" * 20, "truncated": raw[: len(raw) // 3],
                      "another .po": raw.replace(b"catalog 1|", b"catalog 1|0", 1)}[damage])
    calls = read_po_calls(monkeypatch)
    again = i18n._PoTranslations.read(PO)
    assert len(calls) == 1 and same(again, reference)
    i18n._PoTranslations.read(PO)
    assert len(calls) == 1  # written anew
