"""Find check-worthy sentences in articles: the one entry point the app and the CLI call."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from claimdesk.core.errors import OperationCancelled
from claimdesk.core.extraction.cues import patterns_digest
from claimdesk.core.extraction.score_labels import RULE_ONLY, SENTENCE, TRAINED
from claimdesk.core.extraction.segment import blocks

if TYPE_CHECKING:
    from spacy.language import Language

EXTRACTOR_VERSION = f"2.0+patterns-{patterns_digest()}"
"""Changes with the code's major behaviour and with any pattern or weights file."""
RULE_ONLY_SUFFIX = "+rule-only"
FEATURES_ONLY_SUFFIX = "+features-only"
SUFFIXES = {SENTENCE: "", TRAINED: FEATURES_ONLY_SUFFIX, RULE_ONLY: RULE_ONLY_SUFFIX}
"""What a version says of the model that scored: a fallback leaves its mark."""
LIBRARY_SUFFIX = re.compile(r"\+library-\d+$")
"""Marks claims re-scored by a model adapted to the library (core.learning) on top of it."""


def version_used() -> str:
    """The version to record for claims just extracted: it says if a fallback made them.

    Call it after extracting: it asks the (by then loaded) pipeline which one it is.
    """
    from claimdesk.core.extraction.nlp import get_nlp, scorer

    return EXTRACTOR_VERSION + SUFFIXES[scorer(get_nlp()).pipeline]


def model_of(extractor_version: str | None) -> str:
    """The weights section that scored an article's claims, from its recorded version.

    Versions 1.x scored with the features alone; an unknown or missing version is taken
    for the model shipped now.
    """
    version = LIBRARY_SUFFIX.sub("", extractor_version or "")
    if version.endswith(RULE_ONLY_SUFFIX):
        return RULE_ONLY
    if version.endswith(FEATURES_ONLY_SUFFIX) or version.startswith("1."):
        return TRAINED
    return SENTENCE


@dataclass(frozen=True, slots=True)
class Reason:
    """One human-readable ground for a score, e.g. ("number", "number: USD 9.43 billion")."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence worth checking: `text[start:end] == quote`, exactly, in the source text."""

    start: int
    end: int
    quote: str
    score: float
    reasons: tuple[Reason, ...]
    suggestion: str | None
    cue: str | None


BATCH_CHARS = 10_000
"""Characters of text a spaCy batch covers at most (plus one block of up to max_block_chars).

It bounds the memory a batch needs and the time between two progress reports and cancel
checks, whatever the shape of the text. spaCy's peak grows with the batch, ~3 MB for every
1,000 characters (above the extraction process's resting size: 20,000 took 63 MB, 10,000
33 MB, 5,000 17 MB), and its CPU per character falls (against 20,000: +7% at 10,000, +12%
at 5,000). Each block is parsed alone: the claims are the same whatever the batch.
"""

MEMO_CHARS = 200  # blocks up to this long are parsed once per job, however often they repeat
MEMO_SIZE = 10_000  # distinct blocks remembered per job at most, to keep its memory bounded

Unit = tuple[str, tuple[int, int]]
"""A block's text and (index of its text, offset of the block in it)."""


def extract(
    texts: Sequence[str],
    *,
    threshold: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    batch_size: int = 64,
    rule_only: bool | None = None,
) -> list[list[Candidate]]:
    """Claim candidates of each text, in text order, scoring at least the threshold.

    Only body lines and list items are read (headings and boilerplate never hold claims);
    they go through spaCy in batches of bounded length, so a long job reports and can stop
    at steady intervals and its memory does not grow with the size of the text.

    Args:
        texts: article texts; offsets in the result point into these exact strings.
        threshold: minimum score, 0..1; None uses the default fitted with the weights.
        progress: called with (characters done, characters in total) after each batch.
        is_cancelled: polled after each batch; once it returns True the work stops.
        batch_size: blocks per spaCy batch at most (a batch also ends at BATCH_CHARS).
        rule_only: None follows get_nlp()'s default; True forces the rule-only pipeline.

    Raises:
        OperationCancelled: is_cancelled() returned True.
    """
    from claimdesk.core.extraction.nlp import get_nlp

    _check(is_cancelled)
    nlp = get_nlp(rule_only)
    if threshold is None:
        threshold = default_threshold(nlp)
    results: list[list[Candidate]] = [[] for _ in texts]
    total = sum(map(len, texts))
    if progress:
        progress(0, total)
    memo: dict[str, list[Any]] = {}
    for units, done in batches(texts, batch_size):
        for (_, (index, offset)), found in zip(units, _sentences(nlp, units, memo), strict=True):
            results[index].extend(_candidates(found, texts[index], offset, threshold))
        if progress:
            progress(done, total)
        _check(is_cancelled)
    return results


def batches(texts: Sequence[str], batch_size: int) -> Iterator[tuple[list[Unit], int]]:
    """The blocks that may hold claims, in batches, each with the characters read up to its end.

    A batch ends after `batch_size` blocks or once it spans BATCH_CHARS of text, counting
    the lines skipped in between, so even a text without any body line reports progress.
    """
    units: list[Unit] = []
    done = 0  # characters of all texts read up to the end of the last batch
    base = 0  # characters of the texts before the current one
    for index, text in enumerate(texts):
        for block in blocks(text):
            if block.yields_claims:
                units.append((text[block.start : block.end], (index, block.start)))
            if len(units) >= batch_size or base + block.end - done >= BATCH_CHARS:
                done = base + block.end
                yield units, done
                units = []
        base += len(text)
    if base > done:
        yield units, base


def _sentences(nlp: Language, units: list[Unit], memo: dict[str, list[Any]]) -> list[list[Any]]:
    """Each unit's scored sentences (doc._.claimdesk_sentences), parsing each text once.

    spaCy's cost is per block as much as per character, and hostile or tabular texts repeat
    short lines by the thousand (a million `a.` lines took ten minutes): a short block
    already parsed in this job, or twice in one batch, is looked up, not parsed again.
    """
    todo = list(dict.fromkeys(text for text, _ in units if text not in memo))
    docs = nlp.pipe(todo, batch_size=max(len(todo), 1))
    parsed = {text: doc._.claimdesk_sentences for text, doc in zip(todo, docs, strict=True)}
    for text, found in parsed.items():
        if len(text) <= MEMO_CHARS and len(memo) < MEMO_SIZE:
            memo[text] = found
    return [parsed[text] if text in parsed else memo[text] for text, _ in units]


class Extraction(Protocol):
    """Where extraction runs: in this process (the command line) or in a child (the window)."""

    def extract(
        self,
        texts: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        threshold: float | None = None,
    ) -> list[list[Candidate]]: ...

    def version_used(self) -> str: ...


class InThisProcess:
    """`extract` and `version_used` as they are, in the calling process."""

    def extract(
        self,
        texts: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        threshold: float | None = None,
    ) -> list[list[Candidate]]:
        return extract(texts, threshold=threshold, progress=progress, is_cancelled=is_cancelled)

    def version_used(self) -> str:
        return version_used()


IN_THIS_PROCESS = InThisProcess()

DEFAULT_DETECTOR = "patterns"
DETECTORS: dict[str, Extraction] = {DEFAULT_DETECTOR: IN_THIS_PROCESS}
"""Detectors by name. An article records which one extracted it in its extractor_version,
"<major>+<name>-<digest>" (EXTRACTOR_VERSION), so re-extracting it uses the same one."""
_NAMED = re.compile(r"[^+]*\+([a-z0-9_]+)-")


def detector_name(extractor_version: str | None) -> str:
    """The registered detector a recorded version names; the default one for any other."""
    match = _NAMED.match(extractor_version or "")
    return match.group(1) if match and match.group(1) in DETECTORS else DEFAULT_DETECTOR


def detector_for(extractor_version: str | None) -> Extraction:
    return DETECTORS[detector_name(extractor_version)]


def score_sentences(
    sentences: Sequence[str], *, rule_only: bool | None = None
) -> list[tuple[float, tuple[Reason, ...]]]:
    """Score each string as one sentence, without segmenting it: for labelled data sets."""
    from claimdesk.core.extraction.components import chunks
    from claimdesk.core.extraction.nlp import SCORER, get_nlp, scorer

    nlp = get_nlp(rule_only)
    scored: list[tuple[float, tuple[Reason, ...]]] = []
    for docs in chunks(nlp.pipe(sentences, disable=[SCORER], batch_size=256), 256):
        scored.extend(
            (value, tuple(Reason(kind, text) for kind, text in reasons))
            for _, _, value, reasons, _, _ in scorer(nlp).score_whole(docs)
        )
    return scored


def default_threshold(nlp: Language | None = None) -> float:
    """The threshold fitted along with the weights of the pipeline in use."""
    from claimdesk.core.extraction.nlp import get_nlp, scorer

    return scorer(nlp or get_nlp()).weights.threshold


def _check(is_cancelled: Callable[[], bool] | None) -> None:
    if is_cancelled is not None and is_cancelled():
        raise OperationCancelled()


def _candidates(sentences: list[Any], text: str, offset: int, threshold: float) -> list[Candidate]:
    """A block's sentences over the threshold, as spans of `text` (the block is at offset).

    The sentence is sliced from `text`, never from `doc.text`: spaCy rebuilds that string
    from every token on each call, which made a block of many sentences quadratic.
    """
    found = []
    for start, end, value, reasons, status, cue in sentences:
        if value < threshold:
            continue
        piece = text[offset + start : offset + end]
        start += offset + len(piece) - len(piece.lstrip())
        end = start + len(piece.strip())
        if end > start:
            found.append(
                Candidate(
                    start=start,
                    end=end,
                    quote=text[start:end],
                    score=float(value),
                    reasons=tuple(Reason(kind, reason) for kind, reason in reasons),
                    suggestion=status,
                    cue=cue,
                )
            )
    return found
