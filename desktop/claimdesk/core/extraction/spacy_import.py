"""spaCy, imported without its command line: import it from here, before any `spacy.*`.

spaCy's __init__ imports its command line for one function, `spacy.info`. That brings
typer, rich, requests, httpx and weasel: 360 modules and about a sixth of the CPU that
`claimdesk import` of one article takes on one core, none of them used to extract.
`spacy.info` still works (it imports the real one when called), and so does a later
`import spacy.cli`. If spaCy was imported before, this changes nothing.
"""

from __future__ import annotations

import sys
import types
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

__all__ = ["spacy"]
