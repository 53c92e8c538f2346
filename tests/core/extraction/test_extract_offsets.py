"""Property: for any text, every candidate's offsets slice out exactly its trimmed quote."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.core.extraction.extractor import extract
from claimdesk.core.extraction.segment import segment

pytestmark = pytest.mark.slow

PIECES = st.sampled_from(
    [
        "Fujitsu signed a deal worth $3 billion in 2020.",
        "Prices may rise 5% by 2034, analysts said.",
        "The Strategic Landscape",
        "- Watch for: more news",
        "Table of Contents",
        "😀🇯🇵👩‍👩‍👧",
        "東京は2020年に1400万人でした。",
        "e\u0301\u0301 n\u0303 a\u030a",
        "\r\n",
        "\n",
        "\r",
        "\u2028",
        "\t",
        "   ",
        "?",
        "“",
        "”",
        "x" * 3000,
        "word " * 500,
    ]
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=12).map("".join),
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=8).map(" ".join),
)


def _check(text: str, claims: list[Any]) -> None:
    for c in claims:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.quote
        assert c.quote == c.quote.strip()


@given(TEXTS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_offsets_are_exact_on_any_text(rule_nlp: Any, text: str) -> None:
    (claims,) = extract([text], threshold=0.0, rule_only=True)
    _check(text, claims)


@given(TEXTS)
@settings(max_examples=200, deadline=None)
def test_blocks_are_trimmed_slices(text: str) -> None:
    for block in segment(text):
        piece = text[block.start : block.end]
        assert piece and piece == piece.strip()
        assert "\n" not in piece and "\r" not in piece


def test_very_long_line_and_whitespace_only(rule_nlp: Any) -> None:
    long_line = "Fujitsu sold 9 units in 2020. " * 2000
    texts = [long_line, "", " \r\n\t ", "\u3000"]
    results = extract(texts, threshold=0.0, rule_only=True)
    assert len(results[0]) == 2000
    assert results[1:] == [[], [], []]
    _check(long_line, results[0])
