"""What an import says about each file, as plain values the window can hold.

Apart from core.jobs (the import itself, with SQLAlchemy and the extractor) so that the
window can name them without importing it; core.jobs re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "already imported"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    outcome: Outcome
    message: str
    article_id: str | None = None
    claims: int = 0

    def line(self) -> str:
        return f"{self.path}: {self.message}"
