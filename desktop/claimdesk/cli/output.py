"""What every command prints: escaped lines, tables, JSON, a progress bar, and exit codes.

Every line printed goes through `escape`, JSON through `ensure_ascii`: file names, titles and
quotes come from untrusted files and must not drive the terminal.
"""

from __future__ import annotations

import io
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from claimdesk.core.terminal import escape

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def tolerant_stdout() -> None:
    """Never fail on a character the terminal's encoding lacks (a title in a Latin-1 locale).

    `escape` already removed what could drive the terminal; anything left is printable text.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def fail(message: str, code: int) -> int:
    say(f"claimdesk: {message}", sys.stderr)
    return code


def say(line: str, stream: TextIO | None = None) -> None:
    """Print one line, its untrusted parts (names, titles, quotes, paths) escaped."""
    print(escape(line), file=stream or sys.stdout)


def progress_bar(label: str) -> Callable[[int, int], None]:
    """A one-line progress bar on stderr, drawn only when someone is watching a terminal."""
    if not sys.stderr.isatty():
        return lambda done, total: None

    def draw(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return draw


def clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def print_json(data: Any) -> None:
    """JSON in printable ASCII: every other character as a `\\uXXXX` escape, which no
    terminal acts on and any stdout encoding holds, so it parses back whatever the locale."""
    print(json.dumps(data, indent=2, ensure_ascii=True))


json_line: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=True).encode
"""json.dumps(data) in ASCII on one line, the encoder bound once (a listing calls it a lot)."""


def print_json_array(chunks: Iterable[Iterable[str]]) -> None:
    """A JSON array of these items' JSON (ASCII, as print_json), one item per line, written a
    chunk at a time: a listing of any length holds one chunk and still parses as one array."""
    write = sys.stdout.write
    separator = "[\n"
    for chunk in chunks:
        if text := ",\n".join(chunk):
            write(separator + text)
            separator = ",\n"
    write("[]\n" if separator == "[\n" else "\n]\n")


def print_json_lines(chunks: Iterable[Iterable[str]]) -> None:
    """JSON Lines: one item per line and nothing else, for `while read` loops and `jq -c`."""
    for chunk in chunks:
        if lines := "\n".join(chunk):
            sys.stdout.write(lines + "\n")


TABLE_SAMPLE = 500
"""Rows that set a streamed table's column widths; a longer cell later just pushes its row."""


def print_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Aligned columns, printed as the rows come: widths fit the first TABLE_SAMPLE rows."""
    escaped = ([escape(cell) for cell in row] for row in rows)
    first = list(itertools.islice(escaped, TABLE_SAMPLE))
    widths = [
        max(len(h), *(len(r[i]) for r in first)) if first else len(h) for i, h in enumerate(header)
    ]
    for row in itertools.chain((header,), first, escaped):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
