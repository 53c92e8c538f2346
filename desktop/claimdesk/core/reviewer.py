"""Who is making changes when nobody has said: the name recorded on history events."""

from __future__ import annotations

import getpass

# The name on what claim extraction writes: not a person, so never a reviewer or an approver.
EXTRACTOR_ACTOR = "claimdesk extractor"


def system_user() -> str:
    """The login name, or "reviewer" where the system cannot tell (some containers)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"
