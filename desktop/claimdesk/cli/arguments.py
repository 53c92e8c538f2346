"""Argument types shared by the commands: text that SQLite can store, known statuses, and
choices read only when their command runs."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Iterable, Iterator

from claimdesk.core.statuses import LOOKS

ORG_ENV = "CLAIMDESK_ORGANISATION"


def text(value: str, env: str | None = None) -> str:
    """An argument stored or matched as text (not a path): it must be valid UTF-8.

    Python keeps undecodable argument bytes as lone surrogates, which SQLite cannot store;
    argparse turns this error into a usage error naming the option. `env` names the
    variable the option's default comes from, which argparse checks the same way.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        source = f" (as given or in ${env})" if env else ""
        raise argparse.ArgumentTypeError(f"not valid UTF-8{source}") from None
    return value


def status(value: str) -> str:
    """A claim status by name: a misspelt one is a usage error (exit 2), not a failure."""
    name = text(value).strip().lower()
    if name not in LOOKS:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a status; use one of {', '.join(LOOKS)}"
        )
    return name


class LazyChoices:
    """An option's choices, loaded when argparse checks or shows them.

    The parser holds every command's options, so choices read from a command's own modules
    (the report formats load Jinja and the exporters) would be imported by every command.
    Give the option a metavar: argparse lists the choices in place of a missing one while it
    builds the parser. `%(choices)s` in its help lists them in --help.
    """

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load

    @functools.cached_property
    def _choices(self) -> tuple[str, ...]:
        return tuple(self._load())

    def __contains__(self, value: object) -> bool:
        return value in self._choices

    def __iter__(self) -> Iterator[str]:
        return iter(self._choices)
