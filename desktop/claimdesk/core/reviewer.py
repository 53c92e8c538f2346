"""Who is making changes when nobody has said: the name recorded on history events."""

from __future__ import annotations

import getpass


def system_user() -> str:
    """The login name, or "reviewer" where the system cannot tell (some containers)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"
