"""A listed claim as one line of JSON: the text `json.dumps` gives for claim_dict (with its
article id) plus `highlighted`, written straight from the row without building the dicts.

At 100,000 claims the listing spent a third of its time parsing each claim's stored reasons
and encoding them again, and most of the rest building and encoding dicts. So each column's
encoder is bound once, from its type, into a template of the keys; reasons stored as
Claimdesk stores them (json.dumps of kind/text pairs: ASCII, the usual escapes) are copied
as they are, anything else is parsed and normalised as claim_row does. Printable ASCII,
like every JSON the command line prints: the escapes are json's own.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring_ascii
from typing import Any

from sqlalchemy import Column, ColumnElement, Float, Integer

from claimdesk.core.listings import ARTICLE, CLAIM_COLUMNS, EVIDENCE_COLUMNS, REASONS, ListedClaim
from claimdesk.core.models import UTCDateTime
from claimdesk.core.serialize import CLAIM_FIELDS, EVIDENCE_FIELDS, iso

Encoder = Callable[[Any], str]

_json: Encoder = json.JSONEncoder().encode  # what json.dumps uses, bound once
_string: Encoder = encode_basestring_ascii
_PLAIN = r'[^"\\\x00-\x1f]*+'  # possessive: five times faster here than backtracking
_STORED_STRING = rf'"{_PLAIN}(?:\\(?:["\\bfnrt]|u[0-9a-f]{{4}}){_PLAIN})*+"'
_STORED_PAIR = rf'\{{"kind": {_STORED_STRING}, "text": {_STORED_STRING}\}}'
_STORED_REASONS = re.compile(rf"\[(?:{_STORED_PAIR}(?:, {_STORED_PAIR})*+)?\]")
# Columns the snapshots read as "" when NULL (readmodels.claim_row and evidence_row).
_EMPTY_WHEN_NULL = {"note", "title"}


def claim_json(claim: ListedClaim) -> str:
    row = claim.row
    evidence = ", ".join(
        [_EVIDENCE % tuple(_encode(_EVIDENCE_ENCODERS, e)) for e in claim.evidence]
    )
    return _CLAIM % (
        *_encode(_CLAIM_ENCODERS, row),
        _reasons(row[REASONS]),
        f"[{evidence}]",
        _string(row[ARTICLE]),
        "true" if claim.highlighted else "false",
    )


def _encode(encoders: Sequence[Encoder], row: Sequence[Any]) -> list[str]:
    return [encode(value) for encode, value in zip(encoders, row, strict=False)]


def _reasons(stored: str | None) -> str:
    if stored is None:
        return "[]"
    if stored.isascii() and _STORED_REASONS.fullmatch(stored):
        return stored
    return _json(
        [
            {"kind": str(r.get("kind", "")), "text": str(r.get("text", ""))}
            for r in json.loads(stored) or ()
        ]
    )


def _number(value: Any) -> str:
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return repr(value)
    return _json(value)


def _time(stored: Any) -> str:
    """A UTC time as SQLite holds it ("2025-01-01 09:30:00.000000") as `serialize.iso`
    writes the aware datetime the ORM reads: rewritten as text in that usual form (a fifth
    of the time of parsing it), parsed otherwise."""
    if len(stored) == 26 and stored[10] == " " and stored[19] == ".":
        fraction = "" if stored.endswith("000000") else stored[19:]
        return f'"{stored[:10]}T{stored[11:19]}{fraction}+00:00"'
    return _string(iso(dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)))


def _encoder(column: ColumnElement[Any]) -> Encoder:
    encode: Encoder
    if isinstance(column.type, UTCDateTime):
        encode = _time
    elif isinstance(column.type, Float | Integer):
        encode = _number
    else:
        encode = _string
    if column.name in _EMPTY_WHEN_NULL:
        return lambda value: encode(value or "")
    if isinstance(column, Column) and not column.nullable:
        return encode
    return lambda value: "null" if value is None else encode(value)


def _template(keys: Sequence[str]) -> str:
    return "{" + ", ".join(f"{_string(key)}: %s" for key in keys) + "}"


_CLAIM_ENCODERS = [_encoder(column) for column in CLAIM_COLUMNS[: len(CLAIM_FIELDS)]]
_CLAIM = _template((*CLAIM_FIELDS, "reasons", "evidence", "article_id", "highlighted"))
_EVIDENCE_ENCODERS = [_encoder(column) for column in EVIDENCE_COLUMNS]
_EVIDENCE = _template(EVIDENCE_FIELDS)
