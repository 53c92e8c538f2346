"""Which library files Claimdesk last found healthy, so that one unchanged since is not
checked again on every open.

`PRAGMA quick_check` reads the whole file: 0.3 s of CPU for a 264 MB library of 10,000
articles, paid by the window and every command. After a check passes, the file's signature
is kept in a small JSON file beside the settings; an open that finds the same signature
skips the check. Anything else (a new file, another size or mtime, a -wal left by a crash
or by a program still writing, an unreadable record) checks as before. The record only
ever saves time: losing it, or failing to write it, costs one check.

The check guards writes, so it is never waited for before a read-only look: the window shows
a first screen read from a file the record does not vouch for (core.first_screen) while the
store, opening behind it, makes the check before anything can be written, and records the
file here when it passes.

A signature taken within RACY_NS of the file's last write is not kept: another write in the
same tick of the file system's clock would leave the mtime as it was (git's "racy clean"
problem), so such a file is checked again next time and recorded then.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from claimdesk.core.identity import settings_path

RECORD_FILE = "checked-libraries.json"
KEPT = 32  # libraries remembered, the most recently checked
RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; ext4, NTFS and APFS far finer
_MAX_FILE = 64 * 1024
_CHANGE_COUNTER = slice(24, 28)  # SQLite header: bumped by writers in rollback-journal mode


@dataclass(frozen=True, slots=True)
class Signature:
    """What changes when a library file is written, replaced or moved."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    change_counter: int

    @classmethod
    def of(cls, path: Path) -> Signature | None:
        """The file's signature; None when it cannot stand for the library's content: a
        non-empty -wal holds commits the main file lacks, or the file cannot be read."""
        try:
            wal = os.stat(path.with_name(f"{path.name}-wal"))
        except FileNotFoundError:
            pass
        except OSError:
            return None
        else:
            if wal.st_size:
                return None
        try:
            with path.open("rb") as handle:
                info = os.fstat(handle.fileno())
                header = handle.read(100)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or len(header) < 100:
            return None
        counter = int.from_bytes(header[_CHANGE_COUNTER], "big")
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, counter)


class HealthRecord:
    """The signatures of the libraries found healthy, in `file` (settings folder by default)."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file if file is not None else settings_path().parent / RECORD_FILE

    def vouches_for(self, path: Path, signature: Signature | None) -> bool:
        """Whether `path` is, by its signature, the file last found healthy there."""
        if signature is None:
            return False
        kept = self._read().get(_key(path))
        return isinstance(kept, dict) and kept == asdict(signature)

    def remember(self, path: Path, signature: Signature | None) -> bool:
        """Keep `signature` as that of a healthy library at `path`; False if not kept (racy,
        none, or the record could not be written, which only costs a check next time)."""
        if signature is None or time.time_ns() - signature.mtime_ns < RACY_NS:
            return False
        kept = {k: v for k, v in self._read().items() if k != _key(path)}
        kept[_key(path)] = asdict(signature)
        kept = dict(list(kept.items())[-KEPT:])
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".checked-", dir=self.file.parent)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(kept, out)
            os.replace(temporary, self.file)  # readers see the old record or the new one
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return False
        return True

    def _read(self) -> dict[str, Any]:
        try:
            with self.file.open("rb") as raw:
                data = raw.read(_MAX_FILE + 1)
            found = json.loads(data.decode("utf-8")) if len(data) <= _MAX_FILE else None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return {}
        return found if isinstance(found, dict) else {}


def _key(path: Path) -> str:
    return str(path.resolve())
