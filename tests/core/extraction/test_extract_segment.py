"""Segmentation: headings and boilerplate never reach the scorer; offsets stay exact."""

from __future__ import annotations

from importlib.resources import files

import pytest

from claimdesk.core.extraction.segment import BlockKind, segment


def _kinds(text: str) -> dict[str, BlockKind]:
    return {text[b.start : b.end]: b.kind for b in segment(text)}


@pytest.fixture(scope="module")
def anthropic() -> str:
    return (files("claimdesk.seeds") / "fujitsu-anthropic-partnership.txt").read_text("utf-8")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Table of Contents", BlockKind.BOILERPLATE),
        ("The Strategic Landscape of AI in Japan", BlockKind.HEADING),
        ("Deconstructing the “Safety and Reliability” Promise", BlockKind.HEADING),
        ("The Regulatory Friction: Data Sovereignty vs. Global AI", BlockKind.HEADING),
        ("The Bottom Line on fujitsu anthropic partnership", BlockKind.HEADING),
        ("Critical Signals to Watch:", BlockKind.BOILERPLATE),
        ("Watch for: The release of the first joint case studies", BlockKind.PROMPT),
        ("A critical point: The specific technical safeguards Fujitsu", BlockKind.ITEM),
    ],
)
def test_anthropic_seed_lines(anthropic: str, line: str, kind: BlockKind) -> None:
    kinds = _kinds(anthropic)
    matches = [k for text, k in kinds.items() if text.startswith(line)]
    assert matches == [kind]


def test_boilerplate_prefixes_in_seed(anthropic: str) -> None:
    kinds = _kinds(anthropic)
    for prefix in ("You might also like:", "Also read:"):
        assert [k for t, k in kinds.items() if t.startswith(prefix)] == [BlockKind.BOILERPLATE]


def test_body_paragraphs_are_body(anthropic: str) -> None:
    kinds = _kinds(anthropic)
    body = [t for t, k in kinds.items() if k is BlockKind.BODY]
    assert len(body) == 11
    assert all(t.endswith((".", "”", "answer.")) for t in body)


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "By Jane Doe | Reuters",
        "Updated 3 hours ago",
        "Published on May 27, 2026",
        "Share this",
        "Share this article:",
        "Related: Fujitsu opens a lab",
        "Photo: Reuters",
        "5 min read",
        "Advertisement",
    ],
)
def test_bylines_and_chrome_are_boilerplate(line: str) -> None:
    text = f"{line}\nThe company said revenue rose 5% to $3 billion in 2024."
    assert _kinds(text)[line] is BlockKind.BOILERPLATE


def test_sentences_starting_like_bylines_stay_body() -> None:
    text = "Heading\nBy 2034 the market will reach USD 57 billion.\nUpdated figures show a rise."
    kinds = _kinds(text)
    assert kinds["By 2034 the market will reach USD 57 billion."] is BlockKind.BODY
    assert kinds["Updated figures show a rise."] is BlockKind.BODY


def test_bullets_keep_exact_offsets_without_marker() -> None:
    text = "Key facts:\r\n  - Revenue rose 5% in 2024.\r\n\u2022 Staff fell to 9,000.\r\n"
    blocks = segment(text)
    assert [text[b.start : b.end] for b in blocks] == [
        "Key facts:",
        "Revenue rose 5% in 2024.",
        "Staff fell to 9,000.",
    ]
    assert [b.kind for b in blocks] == [BlockKind.BOILERPLATE, BlockKind.ITEM, BlockKind.ITEM]


def test_single_line_without_full_stop_is_body() -> None:
    assert _kinds("Unemployment fell to 3% last year") == {
        "Unemployment fell to 3% last year": BlockKind.BODY
    }


def test_empty_and_blank_text_has_no_blocks() -> None:
    assert segment("") == []
    assert segment(" \n\t\r\n\u2028 ") == []


def test_every_line_break_separates_blocks() -> None:
    text = "One is here.\u2028Two is here.\x85Three is here.\rFour is here."
    assert [text[b.start : b.end] for b in segment(text)] == [
        "One is here.",
        "Two is here.",
        "Three is here.",
        "Four is here.",
    ]


def test_overlong_lines_are_chunked_at_sentence_ends() -> None:
    sentence = "Fujitsu signed a deal worth 9 billion yen in 2024. "
    text = sentence * 1000
    blocks = segment(text)
    assert len(blocks) > 1
    assert all(b.end - b.start <= 20000 for b in blocks)
    assert all(text[b.start : b.end].endswith("2024.") for b in blocks)
    assert "".join(text[b.start : b.end] + " " for b in blocks) == text


def test_overlong_lines_without_spaces_are_cut_anyway() -> None:
    text = "漢" * 45000
    blocks = segment(text)
    assert sum(b.end - b.start for b in blocks) == len(text)
    assert all(b.end - b.start <= 20000 for b in blocks)
