"""Decode imported bytes to text and bring it to the one form that claim offsets point into."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from charset_normalizer import from_bytes

from claimdesk.core.errors import ImportFailure

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Without a BOM these "decode" almost any even-length bytes, so detection must not pick them.
_NO_BOM_UNICODE = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
# Labels that pages declare but mean the Windows superset, as browsers read them (WHATWG).
_DECLARED_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "shift_jis": "cp932"}
# `[^<>]`, not `[^>]`: a scan from one "<meta" stops at the next tag, so the search stays
# linear in a page full of unclosed "<meta" (each scan ran to the next ">", or to the end).
_META_CHARSET = re.compile(rb"<meta[^<>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# Every break that str.splitlines() honours, so splitlines() and split("\n") agree afterwards.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_OTHER_BREAKS = ("\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
# One whitespace character before a line break: linear to search (no run is re-scanned),
# and most texts have none, so they skip the per-line pass (5 s for 6 million short lines).
_TRAILING_SPACE = re.compile(r"[^\S\n]\n")
_BINARY = "binary file (contains NUL bytes), not text"


def normalise_text(text: str) -> str:
    """Return the canonical form of an article text, the one claim offsets point into.

    Every kind of line break becomes LF and the text is NFC-composed, so the same article
    saved by different editors gives the same text and hash. Leading BOMs and blank lines,
    trailing whitespace on each line and at the end are dropped: none is visible, and none
    can be part of a claim. Everything else, indentation included, is kept as it is.
    """
    text = unicodedata.normalize("NFC", _unify_line_breaks(text))
    # Per line with rstrip(), which strips what `\s` matches: the regular expression
    # `[^\S\n]+$` was quadratic in a run of spaces inside a line (each space started a scan
    # to the run's end), and slower than this even on ordinary text.
    if _TRAILING_SPACE.search(text):
        text = "\n".join([line.rstrip() for line in text.split("\n")])
    return text.lstrip("\ufeff\n").rstrip()


def _unify_line_breaks(text: str) -> str:
    """LF for every line break; substring tests first, as most texts hold only LF or CRLF."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if any(brk in text for brk in _OTHER_BREAKS):
        text = _LINE_BREAKS.sub("\n", text)
    return text


def text_sha256(text: str) -> str:
    """Hash a text already normalised (every draft's is): normalising 20 MB again took
    seconds, and the same article saved with other line endings still hashes the same."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_text(data: bytes, label: str, *, html: bool) -> str:
    """Decode by BOM, then strict UTF-8, then a page's declared charset, then detection.

    Valid UTF-8 wins over a declared charset because pages re-saved as UTF-8 often keep
    their old meta tag, while non-UTF-8 text is almost never valid UTF-8 by accident.

    Raises:
        ImportFailure: the bytes are binary or in no recognisable text encoding.
    """
    text = _decode(data, label, html=html)
    if "\0" in text:  # a UTF-16 or UTF-32 text with a BOM has NUL bytes in every character
        raise ImportFailure(label, _BINARY)
    return text


def _decode(data: bytes, label: str, *, html: bool) -> str:
    for bom, codec, shown in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                reason = f"not valid {shown} despite its byte-order mark"
                raise ImportFailure(label, reason) from None
    if b"\0" in data:  # before detection, which would take a while to say the same
        raise ImportFailure(label, _BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data) if html else None
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return _detect(data, label)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):  # an ASCII-readable meta tag proves it is not
        return None
    return _DECLARED_ALIASES.get(name, name)


def _detect(data: bytes, label: str) -> str:
    try:
        matches = from_bytes(data, cp_exclusion=_NO_BOM_UNICODE)
    except Exception as exc:  # a third-party detector: its failures are this file's
        reason = f"text encoding could not be detected (detector error: {type(exc).__name__})"
        raise ImportFailure(label, reason) from exc
    best = matches.best()
    if best is None:
        raise ImportFailure(label, "not text, or in a text encoding that cannot be recognised")
    # Short Western texts fit several code pages equally well; prefer the Windows default.
    for match in matches:
        tied = match.chaos <= best.chaos and match.coherence >= best.coherence
        if tied and "cp1252" in match.could_be_from_charset:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(best)
