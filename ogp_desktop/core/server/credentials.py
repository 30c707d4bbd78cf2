"""Where the office's server is and how to log in: the address a person types once (server,
port, database, login), remembered by the program, and the password — never written in
plain text: kept in the operating system's keyring (Windows Credential Manager, macOS
Keychain, the Secret Service of a Linux desktop) through the `keyring` package when the
person asks, or asked at every start. A computer with no keyring (a server, a bare
desktop) simply asks every time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ogp_desktop.core.errors import ValidationError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "OGP Desktop: the office's server"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerAddress:
    """A server database and the login that opens it (no password)."""

    host: str
    port: int
    database: str
    login: str

    @classmethod
    def parse(cls, host: str, port: str | int, database: str, login: str) -> ServerAddress:
        """The address as typed in the form: each part checked, with the field it is in."""
        host, database, login = host.strip(), database.strip(), login.strip()
        if not host:
            raise ValidationError("write the server's name or address (for example "
                                  "records.mop.gov.jo or 10.0.0.5)", field="host")
        if any(c in host for c in "/@ ?#"):
            raise ValidationError("{host} is not a server's name or address", field="host",
                                  host=host)
        try:
            number = int(str(port).strip() or DEFAULT_PORT)
        except ValueError:
            number = 0
        if not 0 < number < 65536:
            raise ValidationError("the port is a number from 1 to 65535 (the server's is "
                                  "usually 5432)", field="port")
        if not database:
            raise ValidationError("write the name of the unit's database on the server",
                                  field="database")
        if not login:
            raise ValidationError("write your login on the office's server", field="login")
        return cls(host, number, database, login)

    @classmethod
    def from_url(cls, url: str) -> ServerAddress | None:
        """The address of a remembered `postgresql://LOGIN@HOST:PORT/DB` (None if it is not one)."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError):
            return None
        if parsed.get_backend_name() != "postgresql" or not parsed.database:
            return None
        return cls(parsed.host or "localhost", parsed.port or DEFAULT_PORT, parsed.database,
                   parsed.username or "")

    def url(self, password: str | None = None) -> str:
        """The URL open_database is given; with no password, the one that is remembered."""
        from sqlalchemy.engine import URL

        return URL.create("postgresql", username=self.login, password=password or None,
                          host=self.host, port=self.port,
                          database=self.database).render_as_string(hide_password=False)

    @property
    def key(self) -> str:
        """``LOGIN@HOST:PORT/DB``: the keyring's user name for this login's password."""
        return f"{self.login}@{self.host}:{self.port}/{self.database}"


def _keyring() -> Any:
    import keyring

    return keyring


def keyring_available() -> bool:
    """Whether this computer has a keyring that keeps secrets (not keyring's "fail" or
    plain-text backends)."""
    try:
        backend = _keyring().get_keyring()
    except Exception:  # a broken keyring configuration: as if there were none
        log.exception("the keyring could not be loaded")
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    if "fail" in name or "PlaintextKeyring" in name or "null" in name.lower():
        return False
    priority = getattr(backend, "priority", 0)
    try:
        return float(priority) > 0
    except (TypeError, ValueError):
        return True


def saved_password(address: ServerAddress) -> str | None:
    """The password kept in the keyring for this login, if any."""
    if not keyring_available():
        return None
    try:
        value = _keyring().get_password(KEYRING_SERVICE, address.key)
    except Exception:  # a locked or broken keyring: ask the person instead
        log.exception("the keyring could not be read")
        return None
    return value if isinstance(value, str) and value else None


def save_password(address: ServerAddress, password: str) -> bool:
    """Keep the password in the keyring; False when there is none or it refused."""
    if not keyring_available():
        return False
    try:
        _keyring().set_password(KEYRING_SERVICE, address.key, password)
    except Exception:
        log.exception("the keyring refused the password")
        return False
    return True


def forget_password(address: ServerAddress) -> None:
    """No password of this login stays in the keyring."""
    if not keyring_available():
        return
    try:
        _keyring().delete_password(KEYRING_SERVICE, address.key)
    except Exception:  # none was kept: nothing to forget
        pass
