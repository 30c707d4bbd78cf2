"""OGP Desktop: records of a national Open Government Partnership secretariat."""

import sys
from pathlib import Path

# The one place the version is written is pyproject.toml. How this copy learns it:
# - a frozen build (PyInstaller): packaging/ogp-desktop.spec bakes it into the module
#   `_ogp_desktop_build` at build time (package metadata is not reliable frozen);
# - a source checkout: pyproject.toml beside the package (right even when the editable
#   install's metadata is older than the last version bump);
# - an installed wheel: the package metadata.


def _simple_project_table(text: str) -> dict[str, str] | None:
    """`name` and `version` of pyproject's [project] table when both are written as plain
    `key = "value"` lines, else None (then tomllib reads the file): importing tomllib is
    ~10 ms of every start of a source checkout."""
    found: dict[str, str] = {}
    in_project = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            in_project = stripped == "[project]"
            continue
        if not in_project:
            continue
        key, sep, value = stripped.partition("=")
        key, value = key.strip(), value.strip()
        if sep and key in ("name", "version"):
            if len(value) < 2 or value[0] != value[-1] or value[0] not in "\"'" or "\\" in value \
                    or value[0] in value[1:-1] or key in found:
                return None
            found[key] = value[1:-1]
    return found if len(found) == 2 else None


def _version() -> str:
    if getattr(sys, "frozen", False):
        try:
            from _ogp_desktop_build import VERSION

            return str(VERSION)
        except ImportError:
            pass
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        try:
            text = pyproject.read_text(encoding="utf-8")
        except OSError:
            text = ""
        project = _simple_project_table(text)
        if project is None:
            import tomllib

            try:
                project = tomllib.loads(text).get("project", {})
            except tomllib.TOMLDecodeError:
                project = {}
        if project.get("name") == "ogp-desktop" and project.get("version"):
            return str(project["version"])
    from importlib import metadata

    try:
        return metadata.version("ogp-desktop")
    except metadata.PackageNotFoundError:
        return "0+unknown"


__version__ = _version()
