"""Issue 10 item 2: extraction of large texts progresses steadily, in bounded work per step.

Inputs are the shapes that stalled extraction (one giant line, a huge count of tiny lines,
a line without any sentence break), generated small enough to run in seconds: the bounds
asserted here are what makes time linear and memory flat at 20 MB.
"""

from __future__ import annotations

import cProfile
import pstats
import random
from dataclasses import replace
from importlib.resources import files
from itertools import pairwise
from typing import Any

import pytest

from claimdesk.core.errors import OperationCancelled
from claimdesk.core.extraction import extractor
from claimdesk.core.extraction.cues import load_patterns
from claimdesk.core.extraction.extractor import BATCH_CHARS, Candidate, batches, extract
from claimdesk.core.extraction.nlp import scorer
from claimdesk.core.extraction.segment import BlockKind, segment

pytestmark = pytest.mark.slow

PIECE = int(load_patterns("segmentation.json")["max_block_chars"])
STEP = BATCH_CHARS + PIECE  # the most text one batch may cover
SENTENCES = [
    "Fujitsu signed a deal worth 9 billion yen in 2024, the company said.",
    "Prices may rise 5% by 2034 according to analysts in Tokyo.",
    "Revenue fell to USD 3.1 billion,   down   12% from 2023.",
    "Der Umsatz stieg 2024 um 7 % auf 4 Mrd. Euro, sagte Müller.",
]


def giant_line(chars: int, *, seed: int = 1, stops: bool = True) -> str:
    """One line of prose (no line break), with runs of spaces and non-ASCII words."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = rng.choice(SENTENCES)
        part = sentence if stops else sentence.replace(".", "").replace(",", "")
        parts.append(part)
        size += len(part) + 1
    return " ".join(parts)


def _steps(text: str, **options: Any) -> tuple[list[tuple[int, int]], list[list[Candidate]]]:
    calls: list[tuple[int, int]] = []
    found = extract([text], progress=lambda done, total: calls.append((done, total)), **options)
    return calls, found


def _strides(calls: list[tuple[int, int]]) -> list[int]:
    return [after - before for (before, _), (after, _) in pairwise(calls)]


def _assert_steady(calls: list[tuple[int, int]], text: str) -> None:
    """Progress from 0 to the end in characters, never backwards, never a long stride."""
    assert calls[0] == (0, len(text))
    assert calls[-1] == (len(text), len(text))
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert max(_strides(calls)) <= STEP
    assert len(calls) >= len(text) // STEP


def _assert_exact(text: str, claims: list[Candidate]) -> None:
    assert claims
    for c in claims:
        assert text[c.start : c.end] == c.quote == c.quote.strip()


def test_a_giant_line_is_cut_at_whitespace_into_bounded_pieces() -> None:
    for text in (giant_line(150_000), giant_line(150_000, stops=False)):
        blocks = segment(text)
        assert len(blocks) >= len(text) // PIECE
        assert all(b.kind is BlockKind.BODY and 0 < b.end - b.start <= PIECE for b in blocks)
        for before, after in pairwise(blocks):
            assert text[before.end : after.start].isspace()  # nothing lost, no word cut
        assert (blocks[0].start, blocks[-1].end) == (0, len(text))


def test_a_giant_line_is_body_whatever_its_first_words_look_like() -> None:
    # Short, these lines would be a prompt and boilerplate: no claims would be looked for.
    for opening in ("- Look for: ", "Share this "):
        text = opening + giant_line(60_000)
        kinds = {b.kind for b in segment(text)}
        assert kinds <= {BlockKind.BODY, BlockKind.ITEM}


def test_a_giant_line_reports_progress_steadily_with_exact_offsets(nlp: Any) -> None:
    text = giant_line(90_000)
    calls, (claims,) = _steps(text, rule_only=False)
    _assert_steady(calls, text)
    _assert_exact(text, claims)


def test_a_giant_line_without_sentence_breaks_progresses_too(rule_nlp: Any) -> None:
    text = giant_line(200_000, stops=False)
    calls, (claims,) = _steps(text, threshold=0.0, rule_only=True)
    _assert_steady(calls, text)
    _assert_exact(text, claims)
    assert max(c.end - c.start for c in claims) <= PIECE


def test_many_tiny_lines_report_progress_every_batch(rule_nlp: Any) -> None:
    text = "a.\n" * 20_000
    calls, _ = _steps(text, rule_only=True, batch_size=64)
    _assert_steady(calls, text)
    assert len(calls) >= 20_000 // 64
    assert max(_strides(calls)) <= 64 * len("a.\n")


def test_lines_that_hold_no_claims_still_report_progress(rule_nlp: Any) -> None:
    text = "Table of Contents\n" * 10_000  # boilerplate only: nothing goes to spaCy
    calls, (claims,) = _steps(text, rule_only=True)
    assert claims == []
    _assert_steady(calls, text)


def news_like(chars: int, *, seed: int = 3) -> str:
    """The sample articles' paragraphs shuffled, each opening with words of its own."""
    rng = random.Random(seed)
    seeds = [e.read_text("utf-8") for e in files("claimdesk.seeds").iterdir() if e.suffix == ".txt"]
    paragraphs = [p for s in seeds for p in s.splitlines() if len(p) > 80]
    out: list[str] = []
    while sum(map(len, out)) < chars:
        out.append(f"In report {len(out)}, {rng.choice(paragraphs)}")
    return "\n".join(out)


def test_claims_do_not_depend_on_how_the_text_is_batched(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches only bound memory: each block is parsed alone, so one batch for the whole
    text and many small ones give the same claims, reasons and suggestions, and the same
    scores but for the last bits of the encoder's float32 (it batches other sentences)."""
    text = news_like(4 * BATCH_CHARS)
    encoder = scorer(nlp).encoder

    def claims(batch_chars: int) -> list[Candidate]:
        monkeypatch.setattr(extractor, "BATCH_CHARS", batch_chars)
        if encoder is not None:
            encoder.forget()  # embed every sentence again, in this run's batches
        return extract([text], rule_only=False)[0]

    small, whole = claims(BATCH_CHARS // 4), claims(len(text))
    assert len(small) > 50
    assert [replace(c, score=0.0) for c in small] == [replace(c, score=0.0) for c in whole]
    assert [c.score for c in small] == pytest.approx([c.score for c in whole], abs=1e-6)


def test_batches_are_bounded_and_grow_linearly_with_the_text() -> None:
    def shape(text: str) -> tuple[int, int]:
        found = list(batches([text], 64))
        widest = max(sum(len(piece) for piece, _ in units) for units, _ in found)
        return len(found), widest

    for make in (giant_line, lambda n: "a.\n" * (n // 3)):
        small, large = shape(make(100_000)), shape(make(400_000))
        assert small[1] <= STEP and large[1] <= STEP
        assert 3 * small[0] <= large[0] <= 5 * small[0] + 1


def test_cancel_is_honoured_within_a_batch_of_a_giant_line(rule_nlp: Any) -> None:
    text = giant_line(400_000)
    calls: list[tuple[int, int]] = []

    with pytest.raises(OperationCancelled):
        extract(
            [text],
            rule_only=True,
            progress=lambda done, total: calls.append((done, total)),
            is_cancelled=lambda: len(calls) >= 3,
        )
    assert len(calls) == 3 and calls[-1][0] <= 2 * STEP  # stopped after two batches


def test_the_work_on_one_block_grows_linearly_with_its_sentences(rule_nlp: Any) -> None:
    """Counted in function calls (deterministic, unlike time) for a block of n and 4n sentences."""

    def calls(sentences: int) -> int:
        text = " ".join(SENTENCES[i % len(SENTENCES)] for i in range(sentences))
        assert len(segment(text)) == 1
        profile = cProfile.Profile()
        profile.runcall(extract, [text], threshold=0.0, rule_only=True)
        return pstats.Stats(profile).total_calls  # type: ignore[attr-defined, no-any-return]

    calls(10)  # warm up: first calls build caches
    assert calls(240) <= 6 * calls(60)


def test_repeated_short_lines_are_parsed_once_and_found_everywhere(rule_nlp: Any) -> None:
    line = "Revenue rose 5% to USD 9 billion in 2024, Fujitsu said."
    text = "".join(f"{line}\na.\n" for _ in range(3000)) + "The end came in 2025, he said.\n"
    profile = cProfile.Profile()
    (claims,) = profile.runcall(extract, [text], threshold=0.0, rule_only=True)
    scored = [
        calls
        for (path, _, name), (calls, *_) in pstats.Stats(profile).stats.items()  # type: ignore[attr-defined]
        if (path.endswith("components.py") and name == "__call__")
        or (path.endswith("features.py") and name == "sentence_features")
    ]
    assert sorted(scored) == [3, 3]  # cues and scorer ran on three distinct lines, not 6001
    (alone,) = extract([line], threshold=0.0, rule_only=True)
    firsts = [c for c in claims if c.quote == line]
    assert len(firsts) == 3000
    for copy in firsts:
        assert copy.score == alone[0].score and copy.reasons == alone[0].reasons
    _assert_exact(text, claims)
