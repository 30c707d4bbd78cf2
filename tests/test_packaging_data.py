"""The wheel carries every font, licence and catalog, and the program finds them the same
way from a checkout, an installed wheel and a frozen build."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from ogp_desktop import resources

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_data_files_list_every_resource_and_catalog():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = {f for files in config["tool"]["setuptools"]["data-files"].values() for f in files}
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / "resources").rglob("*") if p.is_file()}
    on_disk |= {str(p.relative_to(ROOT)) for p in (ROOT / "i18n").rglob("*.po")}
    on_disk.add("i18n/messages.pot")
    assert listed == on_disk
    for target, files in config["tool"]["setuptools"]["data-files"].items():
        for f in files:  # each file lands at share/ogp-desktop/<its path in the repo>
            assert target == "share/ogp-desktop/" + str(Path(f).parent)


def _fake_install(base: Path) -> None:
    (base / "resources" / "fonts").mkdir(parents=True)
    (base / "i18n").mkdir()


def test_installed_wheel_location_is_searched(tmp_path, monkeypatch):
    """pip puts data-files under sys.prefix/share/ogp-desktop: that is where root() looks
    when neither a frozen bundle nor a checkout holds the folder."""
    prefix = tmp_path / "venv"
    _fake_install(prefix / "share" / "ogp-desktop")
    monkeypatch.setattr(sys, "prefix", str(prefix))
    candidates = resources._candidates()
    assert candidates[-1] == prefix / "share" / "ogp-desktop"
    found = next(c / "resources" for c in candidates[-1:] if (c / "resources").is_dir())
    assert found == prefix / "share" / "ogp-desktop" / "resources"


def test_frozen_build_location_comes_first(tmp_path, monkeypatch):
    _fake_install(tmp_path)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    resources.root.cache_clear()
    try:
        assert resources.root("i18n") == tmp_path / "i18n"
        assert resources._candidates()[0] == tmp_path
    finally:
        resources.root.cache_clear()


def test_checkout_finds_the_bundled_font():
    assert resources.resource("fonts", "Amiri-Regular.ttf").is_file()
