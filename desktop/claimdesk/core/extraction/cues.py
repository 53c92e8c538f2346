"""The tunable pattern files in resources/patterns and the choice of a suggested status."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.resources import files
from typing import Any

from claimdesk.core.errors import ClaimdeskError

PATTERN_FILES = ("cues.json", "segmentation.json", "weights.json")


def _pattern_bytes(name: str) -> bytes:
    return (files("claimdesk.resources") / "patterns" / name).read_bytes()


@functools.cache
def load_patterns(name: str) -> dict[str, Any]:
    """Read one pattern file once; cached because every pipeline and block reuses it.

    Raises:
        ClaimdeskError: the file is missing or is not a JSON object (a broken install or edit).
    """
    try:
        data = json.loads(_pattern_bytes(name).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise ClaimdeskError(f"resources/patterns/{name}: cannot be read ({exc})") from exc
    if not isinstance(data, dict):
        raise ClaimdeskError(f"resources/patterns/{name}: expected a JSON object")
    return data


def patterns_digest() -> str:
    """Eight hex digits that change whenever any pattern or weights file changes.

    The extractor version embeds it, so articles extracted with older patterns can be found.
    """
    digest = hashlib.sha256()
    for name in PATTERN_FILES:
        digest.update(name.encode())
        digest.update(_pattern_bytes(name))
    return digest.hexdigest()[:8]


def choose_suggestion(found: dict[str, str]) -> tuple[str | None, str | None]:
    """Pick one status among those whose cues fired, by the priority in cues.json.

    A fact-checker sees one suggestion, so the one that changes most what to check first wins:
    a dispute outranks a hedge (a forecast the text denies is disputed), and a hedge outranks a
    source (a forecast attributed to a report is still only a forecast).

    Args:
        found: suggested status -> the cue text that triggered it.

    Returns:
        (status, cue), or (None, None) when no cue fired.
    """
    for status in load_patterns("cues.json")["suggestion_priority"]:
        if status in found:
            return status, found[status]
    return None, None
