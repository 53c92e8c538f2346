"""A library as a returning reviewer's is: unchanged since its last healthy check, so the
store's open behind the window's first screen (core.first_screen) skips the check."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from claimdesk.core.health_record import HealthRecord, Signature


def vouched(path: Path) -> Path:
    """Last written a minute ago and found healthy since (core.health_record's record, in
    the config folder the tests isolate)."""
    past = time.time() - 60
    os.utime(path, (past, past))
    assert HealthRecord().remember(path, Signature.of(path))
    return path


def written(path: Path, statement: str) -> None:
    """A write by another program (closed, so its -wal is folded back into the file)."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(statement)
    finally:
        connection.close()
