"""OGP Desktop: records of a national Open Government Partnership secretariat."""

from importlib import metadata as _metadata


def _version() -> str:
    try:
        return _metadata.version("ogp-desktop")
    except _metadata.PackageNotFoundError:  # running from a checkout without install
        return "0.1.0"


__version__ = _version()
