"""Jinja2 environments for the reports: HTML autoescaped, Markdown escaped by `finalize`."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined, Template

from claimdesk import __version__
from claimdesk.core.urls import href, is_safe_link
from claimdesk.reports.selection import KIND_LABELS
from claimdesk.reports.view import (
    REVIEW_STATES,
    STANCES,
    STATUSES,
    anchor,
    counted,
    percent,
    status_style,
    when,
)

# Inline Markdown syntax anywhere in a line; `<`, `>` and `&` become entities so no raw HTML
# (which most Markdown renderers pass through) can ever come from user text.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Syntax that only counts at the start of a line: headings, lists, rules, setext underlines.
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}|[+\-=]+|\d+[.)])(?=\s|$)", re.MULTILINE)


class MarkdownSafe(str):
    """Markdown written by the template code itself, passed through unescaped."""

    __slots__ = ()


def md_escape(value: Any) -> str:
    """Render a value as literal Markdown text, whatever characters it holds."""
    if isinstance(value, MarkdownSafe):
        return value
    text = "" if value is None else str(value)
    text = "".join(_MD_ENTITIES.get(ch, ch) for ch in text)
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    return marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker


def md_link(label: Any, url: str | None) -> MarkdownSafe:
    """`[label](url)` for a safe link; otherwise just the escaped label and address as text."""
    if url and is_safe_link(url):  # href() leaves no "(", ")", "<", ">" or space to end it
        return MarkdownSafe(f"[{md_escape(label or url)}]({href(url)})")
    shown = md_escape(label) + " — " if label and label != url else ""
    return MarkdownSafe(shown + md_escape(url or ""))


def one_line(value: str | None) -> str:
    """Fold white space (newlines included) so user text cannot break a table or list item."""
    return " ".join((value or "").split())


def _load(name: str) -> str:
    return (files("claimdesk.resources") / "templates" / name).read_text(encoding="utf-8")


def _common(env: Environment) -> Environment:
    env.globals.update(
        STATUSES=STATUSES,
        REVIEW_STATES=REVIEW_STATES,
        STANCES=STANCES,
        KIND_LABELS=KIND_LABELS,
        version=__version__,
    )
    env.filters.update(
        when=when,
        percent=percent,
        style=status_style,
        one_line=one_line,
        href=href,
        anchor=anchor,
        counted=counted,
    )
    env.tests["safe_link"] = is_safe_link
    return env


@cache
def html_template(name: str) -> Template:
    env = Environment(
        loader=FunctionLoader(_load),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return _common(env).get_template(name)


@cache
def markdown_template(name: str) -> Template:
    env = Environment(
        loader=FunctionLoader(_load),
        autoescape=False,
        finalize=md_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["link"] = md_link
    return _common(env).get_template(name)
