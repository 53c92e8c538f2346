"""What the gateway hands the window: plain values, apart from how it reads and writes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdesk.core import commands
from claimdesk.core.errors import Refusal, StoreError
from claimdesk.core.factchecks.match_types import MatchResult
from claimdesk.core.first_screen import FirstScreen
from claimdesk.core.rows import ClaimRow


@dataclass(frozen=True, slots=True)
class ClaimUpdate:
    """Claims of one article as they now stand, with what the window showed before."""

    article_id: str
    changed: tuple[tuple[ClaimRow | None, ClaimRow], ...] = ()  # (before or None if new, after)
    removed: tuple[ClaimRow, ...] = ()


Label = Callable[[int], str]  # the undo step's name for n claims


@dataclass(frozen=True, slots=True)
class SignedOff:
    """What a bulk sign-off wrote (None: nothing was allowed) and what the rules refused."""

    done: commands.SignOff | None
    inverse: commands.SignOff | None
    data: Any  # what `then` read after the write
    refused: tuple[Refusal, ...]


@dataclass(frozen=True, slots=True)
class Policy:
    """The second-person policy: as set (None: automatic) and what it means now."""

    setting: bool | None
    required: bool


@dataclass(frozen=True, slots=True)
class EarlierChecks:
    """A claim's matches, and how many fact-checks the library holds (none: say how to
    import them rather than "nothing found")."""

    result: MatchResult
    factchecks: int


@dataclass(frozen=True, slots=True)
class Unopened:
    """A library file whose first screen was read without SQLAlchemy (core.first_screen):
    the window starts on it and the gateway opens the store behind it."""

    path: Path
    first_screen: FirstScreen

    @property
    def display_name(self) -> str:
        return str(self.path)  # as core.store.Store names a library file


class LibraryNotOpenedError(StoreError):
    """A write waited for a store that failed to open behind the first screen (a library
    found damaged by the check, say): the window says why once, as the open fails
    (`Gateway.sig_open_failed`), and closes; nothing was written."""
