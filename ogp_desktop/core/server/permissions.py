"""What each of the unit's roles may do, as the program offers it (the server enforces the
same through grants, row-level security and triggers: core/server/enforcement.py). A file's
records have no roles (None): whoever opens the file may do everything."""

from __future__ import annotations

from ogp_desktop.core.server.enforcement import ROLES

__all__ = ["ACTIONS", "may"]

# the least role that may do each thing
ACTIONS = {
    "read": "viewer",
    "write": "editor",  # plans, committees, people, draft minutes (and amend: a new draft)
    "approve": "approver",  # approve, reopen, sign, attach a scan
    "settings": "admin",  # the letterhead, trusted authorities, users
}


def may(role: str | None, action: str) -> bool:
    """Whether `role` (None: a file's records) may do `action` (a key of ACTIONS)."""
    if role is None:
        return True
    return ROLES.index(role) >= ROLES.index(ACTIONS[action])
