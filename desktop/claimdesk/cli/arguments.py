"""Argument types shared by the commands: text that SQLite can store, and known statuses."""

from __future__ import annotations

import argparse

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
