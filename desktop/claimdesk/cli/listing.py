"""What the listing commands (`articles`, `claims`) share: the output forms and the paging
options, written as the rows are read so that a listing of any length runs in bounded memory."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

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
    items: Iterable[T],
    as_dict: Callable[[T], dict[str, Any]],
    header: Sequence[str],
    as_row: Callable[[T], Sequence[str]],
) -> None:
    if args.json:
        print_json_array(map(as_dict, items))
    elif args.jsonl:
        print_json_lines(map(as_dict, items))
    else:
        print_table(header, map(as_row, items))
