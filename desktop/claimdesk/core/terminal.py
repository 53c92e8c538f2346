"""Make untrusted text safe to print on a terminal.

File names, titles and quotes come from imported files. Printed raw, a newline forges a
result line, an escape sequence recolours or retitles the terminal, and U+202E shows what
follows reversed. Each such character is shown as a visible escape instead. A file name byte
that is not UTF-8 reaches Python as a lone surrogate, which no UTF-8 terminal can encode; it
is shown as the byte it was (``\\xe9``).
"""

from __future__ import annotations

import re

# Beyond C0 controls: DEL and C1 controls, bidirectional marks, embeddings, overrides and
# isolates, the line and paragraph separators, and surrogates.
_BEYOND_C0 = r"\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff"
_UNSAFE = re.compile(rf"[\x00-\x1f{_BEYOND_C0}]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPED_BYTES = range(0xDC80, 0xDD00)  # where Python's surrogateescape puts bytes 0x80-0xff


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` with every control, bidi and undecodable character shown as a visible escape."""
    return _UNSAFE.sub(_visible, text)
