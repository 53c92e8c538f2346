"""Issue 12 item 5: suggested statuses are honest, measured on labelled news sentences.

suggestions.tsv holds news-style sentences written for this test (business, politics, health,
local news, science), each with the status a careful reviewer would suggest:
- disputed: the text itself reports a denial, contradiction or challenge of what it states;
- speculative: a forecast, plan, aim, promise or hedge (could, may, likely, reportedly);
- sourced: the sentence points to something checkable: a document (report, study, survey,
  filing, data, official statistics, court ruling, letter, statement), a link, a named
  publication, or words on the record with where they were said (parliament, a hearing,
  a press conference, an interview with a named outlet);
- none: anything else, bare attribution ("X said", "revealed", "claims") included.
When several fit, disputed outranks speculative, which outranks sourced (cues.json).
The `batch` column says when a sentence was written: `dev` before the rules, `fresh` after
them (measured once, then used for tuning), `final` last (measured once, never tuned on).
"""

from __future__ import annotations

import cProfile
import csv
import json
import pstats
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from claimdesk.core.extraction.cues import choose_suggestion
from claimdesk.core.extraction.extractor import Candidate, extract

pytestmark = pytest.mark.slow

LABELLED = Path(__file__).with_name("suggestions.tsv")
STATUSES = ("sourced", "disputed", "speculative")
# Measured on all 279 sentences (both pipelines alike): precision 0.97-1.00, recall 0.90-0.97.
PRECISION_FLOOR = 0.90
RECALL_FLOOR = 0.85


def _suggestion(claims: list[Candidate]) -> tuple[str | None, str | None]:
    """One suggestion per labelled sentence, even if the parser split it in two."""
    found: dict[str, str] = {}
    for claim in claims:
        if claim.suggestion and claim.cue:
            found.setdefault(claim.suggestion, claim.cue)
    return choose_suggestion(found)


def _suggest(*texts: str) -> list[tuple[str | None, str | None]]:
    return [_suggestion(claims) for claims in extract(list(texts), threshold=0.0, rule_only=False)]


@pytest.fixture(scope="module")
def labelled(nlp: Any) -> list[tuple[str, str, str]]:
    """(sentence, expected, predicted) for every labelled sentence, through extract()."""
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) >= 150
    assert {r["expected"] for r in rows} == {*STATUSES, "none"}
    predicted = _suggest(*(r["sentence"] for r in rows))
    pairs = zip(rows, predicted, strict=True)
    return [(r["sentence"], r["expected"], p or "none") for r, (p, _) in pairs]


@pytest.mark.parametrize("status", STATUSES)
def test_each_status_is_suggested_with_high_precision_and_recall(
    labelled: list[tuple[str, str, str]], status: str
) -> None:
    hits = [s for s, want, got in labelled if got == status and want == status]
    wrong = [s for s, want, got in labelled if got == status and want != status]
    missed = [s for s, want, got in labelled if got != status and want == status]
    precision = len(hits) / max(1, len(hits) + len(wrong))
    recall = len(hits) / max(1, len(hits) + len(missed))
    assert precision >= PRECISION_FLOOR, f"{status}: precision {precision:.2f}, wrong: {wrong}"
    assert recall >= RECALL_FLOOR, f"{status}: recall {recall:.2f}, missed: {missed}"


def test_attribution_alone_suggests_nothing(nlp: Any) -> None:
    assert (
        _suggest(
            "In a move shaking up the enterprise AI landscape, Fujitsu today revealed a strategic "
            "partnership with the AI safety and research company Anthropic.",
            "Deputy mayor Claire Martin said the new tram line had carried 40,000 passengers.",
            "According to the company, the new battery lasts twice as long as its predecessor.",
        )
        == [(None, None)] * 3
    )


def test_a_claim_the_text_disputes_is_disputed_not_sourced(nlp: Any) -> None:
    (umih,) = _suggest(
        "UMIH claims that 15% of cafés in the city closed last year — a figure the mayor's "
        'office says is "exaggerated".'
    )
    assert umih == ("disputed", "exaggerated")


def test_a_dispute_outranks_a_forecast_which_outranks_a_source(nlp: Any) -> None:
    assert _suggest(
        "The ministry denied a report by Reuters that the plant could close.",
        "A report by the IMF forecasts that growth could slow to 1% next year.",
        "A study published in The Lancet found that the drug cut admissions by 30%.",
        "The health secretary told parliament that waiting lists had fallen.",
    ) == [
        ("disputed", "denied"),
        ("speculative", "forecasts"),
        ("sourced", "A study"),
        ("sourced", "told parliament"),
    ]


def test_look_alikes_of_cues_suggest_nothing(nlp: Any) -> None:
    assert (
        _suggest(
            "Three people were denied entry at the border.",
            "The company could not be reached for comment.",
            "The disputed territory has changed hands several times since 1945.",
            "The trade dispute between the two countries has lasted more than a year.",
            "Women are more likely than men to work part-time.",
            "Political will is lacking, the campaigners argued.",
        )
        == [(None, None)] * 6
    )


def test_suggestion_patterns_have_bounded_length_and_no_repeats() -> None:
    """Each match attempt is then bounded work, so matching stays linear in the text."""
    raw = json.loads((files("claimdesk.resources") / "patterns" / "cues.json").read_text("utf-8"))
    patterns = [
        pattern
        for label, listed in raw["token_patterns"].items()
        if label.startswith("suggest_")
        for pattern in listed
    ]
    assert patterns
    for pattern in patterns:
        assert len(pattern) <= 8
        assert {token.get("OP", "1") for token in pattern} <= {"1", "?", "!"}
        regexes = [t["TEXT"]["REGEX"] for t in pattern if isinstance(t.get("TEXT"), dict)]
        assert not any(q in regex for regex in regexes for q in "*+{")


def test_work_on_a_hostile_sentence_grows_linearly(nlp: Any) -> None:
    """Cues and look-alikes packed into one sentence without a break, counted in calls."""
    piece = (
        "denied entry denied in its annual report according to the the the the data from "
        "could not be reached by 2030 will be disputed territory told the Financial Times "
    )

    def calls(repeats: int) -> int:
        profile = cProfile.Profile()
        profile.runcall(extract, [piece * repeats], threshold=0.0, rule_only=False)
        return pstats.Stats(profile).total_calls  # type: ignore[attr-defined, no-any-return]

    calls(2)  # warm up: first calls build caches
    assert calls(40) <= 6 * calls(10)
