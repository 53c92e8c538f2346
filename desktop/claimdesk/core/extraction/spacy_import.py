"""spaCy, imported without its command line: import it from here, before any `spacy.*`.

spaCy's __init__ imports its command line for one function, `spacy.info`. That brings
typer, rich, requests, httpx and weasel: 360 modules and about a sixth of the CPU that
`claimdesk import` of one article takes on one core, none of them used to extract.
`spacy.info` still works (it imports the real one when called), and so does a later
`import spacy.cli`. If spaCy was imported before, this changes nothing.

Its registries' look-ups of installed plug-ins are indexed by group (`_EntryPointsByGroup`).
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from importlib.metadata import EntryPoint, EntryPoints
from typing import Any


def _deferred_info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


_STAND_INS = {
    "spacy.cli": types.ModuleType("spacy.cli"),
    "spacy.cli.info": types.ModuleType("spacy.cli.info"),
}
_STAND_INS["spacy.cli.info"].info = _deferred_info  # type: ignore[attr-defined]
if "spacy" not in sys.modules:
    for _name, _module in _STAND_INS.items():
        sys.modules.setdefault(_name, _module)
try:
    import spacy
finally:
    for _name, _module in _STAND_INS.items():
        if sys.modules.get(_name) is _module:
            del sys.modules[_name]


class _EntryPointsByGroup:
    """Installed entry points looked up by group, as catalogue's registries ask for them.

    spaCy's registries look for plug-ins on every lookup, and catalogue scans every entry
    point installed (hundreds) each time: ~130 scans and 0.03-0.06 s of CPU per model load.
    The points are the ones catalogue read once at import; only the lookup is indexed.
    """

    def __init__(self, points: Iterable[EntryPoint]) -> None:
        self._groups: dict[str, list[EntryPoint]] = {}
        for point in points:
            self._groups.setdefault(point.group, []).append(point)

    def select(self, *, group: str) -> EntryPoints:
        return EntryPoints(self._groups.get(group, ()))


def _index_entry_points() -> None:
    import catalogue  # type: ignore[import-untyped]

    found = catalogue.AVAILABLE_ENTRY_POINTS
    if isinstance(found, dict):  # Python 3.11: the groups' points, one group per key
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsByGroup(
            point for points in dict.values(found) for point in points
        )
    elif isinstance(found, EntryPoints):  # 3.12 and later
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsByGroup(found)


_index_entry_points()

__all__ = ["spacy"]
