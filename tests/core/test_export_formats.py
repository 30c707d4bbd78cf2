"""The registry of export formats (export/formats.py): what the CLI offers comes from it,
each entry writes through the same helpers, and misuse is refused before anything is
written."""

from __future__ import annotations

import pytest

from ogp_desktop.cli import build_parser
from ogp_desktop.export import formats


def _format_choices(command: str) -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    option = next(a for a in sub.choices[command]._actions if a.dest == "format")
    return list(option.choices)


def test_the_cli_offers_the_registrys_minutes_formats():
    assert _format_choices("export-minutes") == formats.names("minutes") == ["json", "pdf"]


def test_every_format_is_named_once_with_an_extension_and_a_filter():
    keys = [(f.subject, f.name, f.several) for f in formats.FORMATS]
    assert len(keys) == len(set(keys))
    for f in formats.FORMATS:
        assert f.extension.startswith(".") and f"(*{f.extension})" in f.label
    assert [f.name for f in formats.formats("plan")] == ["pdf", "ics"]
    assert formats.get("minutes", "register", several=True).extension == ".pdf"
    with pytest.raises(KeyError):
        formats.get("minutes", "ics")


def test_a_name_typed_without_the_extension_gets_it(tmp_path):
    ics = formats.get("plan", "ics")
    assert ics.with_extension(tmp_path / "plan") == tmp_path / "plan.ics"
    assert ics.with_extension(tmp_path / "plan.ICS") == tmp_path / "plan.ICS"


def test_one_record_formats_refuse_several_and_plans_are_not_batched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValueError, match="one record per file"):
        formats.get("minutes", "json").write(None, [1, 2], out / "x.json")
    with pytest.raises(ValueError, match="not written one meeting per file"):
        formats.write_each(formats.get("plan", "ics"), None, [1], out)
    assert list(out.iterdir()) == []
