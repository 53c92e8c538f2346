"""Alembic migrations, configured in code by claimdesk.core.store.

The revisions a library can carry are read from the file names here (`NNNN_*.py`, the
revision id first), so opening a current library needs no Alembic at all: importing it and
loading every script cost ~0.4 s of each start-up. A test holds the names to Alembic's graph.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

_SCRIPT = re.compile(r"(\d{4})_\w+\.py")


@functools.cache
def known_revisions() -> tuple[str, ...]:
    """Every revision id, oldest first."""
    names = (entry.name for entry in (files(__name__) / "versions").iterdir())
    return tuple(sorted(m.group(1) for name in names if (m := _SCRIPT.fullmatch(name))))


def head_revision() -> str:
    return known_revisions()[-1]
