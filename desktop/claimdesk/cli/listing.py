"""What the listing commands (`articles`, `claims`) share: the output forms and the paging
options, written as the rows are read so that a listing of any length runs in bounded memory."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from claimdesk.cli.output import print_json_array, print_json_lines, print_table

T = TypeVar("T")


def add_listing_options(parser: argparse.ArgumentParser, what: str) -> None:
    form = parser.add_mutually_exclusive_group()
    form.add_argument(
        "--json",
        action="store_true",
        help=f"print a JSON array, one {what} per line, written as it is read",
    )
    form.add_argument(
        "--jsonl", action="store_true", help=f"print JSON Lines: one {what} object per line"
    )
    parser.add_argument("--limit", type=count, metavar="N", help=f"print at most N {what}s")
    parser.add_argument(
        "--offset", type=count, default=0, metavar="N", help=f"skip the first N {what}s"
    )


def count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of 0 or more")
    return number


def print_listing(
    args: argparse.Namespace,
    chunks: Iterable[Sequence[T]],
    as_json: Callable[[T], str],
    header: Sequence[str],
    as_row: Callable[[T], Sequence[str]],
) -> None:
    """Print the items as they are read, one write a chunk."""
    if args.json or args.jsonl:
        texts = ([as_json(item) for item in chunk] for chunk in chunks)
        (print_json_array if args.json else print_json_lines)(texts)
    else:
        print_table(header, (as_row(item) for chunk in chunks for item in chunk))
