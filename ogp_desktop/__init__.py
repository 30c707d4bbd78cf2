"""OGP Desktop: records of a national Open Government Partnership secretariat."""

import sys
from pathlib import Path

# The one place the version is written is pyproject.toml. How this copy learns it:
# - a frozen build (PyInstaller): packaging/ogp-desktop.spec bakes it into the module
#   `_ogp_desktop_build` at build time (package metadata is not reliable frozen);
# - a source checkout: pyproject.toml beside the package (right even when the editable
#   install's metadata is older than the last version bump);
# - an installed wheel: the package metadata.


def _version() -> str:
    if getattr(sys, "frozen", False):
        try:
            from _ogp_desktop_build import VERSION

            return str(VERSION)
        except ImportError:
            pass
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        except (OSError, tomllib.TOMLDecodeError):
            project = {}
        if project.get("name") == "ogp-desktop" and project.get("version"):
            return str(project["version"])
    from importlib import metadata

    try:
        return metadata.version("ogp-desktop")
    except metadata.PackageNotFoundError:
        return "0+unknown"


__version__ = _version()
