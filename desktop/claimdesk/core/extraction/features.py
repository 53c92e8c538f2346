"""Explainable yes/no features of one sentence, each with the words that fired it."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from claimdesk.core.extraction.cues import load_patterns

Features = dict[str, list[str]]
"""Feature name -> the words of the sentence that made it true (shown as the reason)."""

_ENTITY_FEATURES = {
    "ORG": "org",
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "FAC": "name",
    "PRODUCT": "name",
    "EVENT": "name",
    "LAW": "name",
    "WORK_OF_ART": "name",
    "LANGUAGE": "name",
    "MONEY": "money",
    "PERCENT": "percent",
    "QUANTITY": "quantity",
    "ORDINAL": "ordinal",
    "DATE": "date",
    "TIME": "date",
}
_NAMED = {"org", "person", "place", "group", "name"}
_NUMERIC = {"money", "percent", "quantity", "number_digits", "number_words"}
_CUE_FEATURES = {
    "according_to": "according_to",
    "speculative": "hedge",
    "disputed": "dispute",
    "opinion": "opinion",
    "promise": "promise",
    "courtesy": "courtesy",
    "comparison": "comparison",
    "change": "change",
    "record": "record",
    "statistic": "statistic",
    "topic": "topic",
    "vague": "vague",
    "normative": "normative",
    "year": "year",
    "percent": "percent",
    "money": "money",
}
_SHAPES = {"year", "percent", "money"}
_PRONOUNS = {
    "i": "first_singular",
    "me": "first_singular",
    "my": "first_singular",
    "myself": "first_singular",
    "we": "first_plural",
    "us": "first_plural",
    "our": "first_plural",
    "ourselves": "first_plural",
    "you": "second_person",
    "your": "second_person",
    "yourself": "second_person",
}
_NEGATIONS = {"not", "n't", "never", "no", "nobody", "nothing", "none", "neither", "nor"}
_LARGE = {"hundred", "thousand", "million", "billion", "trillion", "millions", "billions"}
_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
_VERBS = {"VERB", "AUX"}
_HAVE = {"has", "have", "had", "'ve", "'s", "'d"}
_THIRD_PERSON = {"he", "she", "they", "it"}
_COPULAS = {"is", "are", "was", "were", "'s", "'re", "be", "been"}
_SOURCES = {"PERSON", "ORG", "GPE", "NORP"}


@functools.cache
def _ignored_entities() -> frozenset[str]:
    return frozenset(load_patterns("cues.json")["ignore_entities"])


def _add(features: Features, name: str, evidence: str) -> None:
    words = features.setdefault(name, [])
    if evidence and evidence not in words:
        words.append(evidence)


def sentence_features(sent: Any, cues: Iterable[Any], ents: Iterable[Any]) -> Features:
    """All features of one sentence span, from its tokens, entities and matched cues.

    Works on any pipeline: tags, parse and entities are used when the pipeline made them,
    and plain token shapes stand in for them in the rule-only pipeline.

    Args:
        sent: a spaCy Span (one sentence).
        cues: the cue spans (labelled by cues.json) lying inside the sentence.
        ents: the named-entity spans lying inside the sentence.
    """
    doc = sent.doc
    features: Features = {}
    tagged = doc.has_annotation("TAG")
    parsed = doc.has_annotation("DEP")
    words = 0
    opened = -1
    for i, tok in enumerate(sent):
        if tok.is_punct or tok.is_space:
            if tok.is_quote and opened < 0:
                opened = tok.i
            elif tok.is_quote:
                _add(features, "quote", _clip(doc[opened : tok.i + 1].text))
                opened = -1
            continue
        words += 1
        lower = tok.lower_
        pronoun = _PRONOUNS.get(lower)
        if pronoun:
            _add(features, pronoun, tok.text)
        if lower in _NEGATIONS:
            _add(features, "negation", tok.text)
        if lower in _LARGE:
            _add(features, "number_large", tok.text)
        if tagged:
            _tag_features(features, tok)
        elif tok.like_num:
            _add(features, "number_digits" if "d" in tok.shape_ else "number_words", tok.text)
        elif i and tok.is_title and not tok.is_stop:
            _add(features, "name", tok.text)
        elif tok.is_lower and tok.is_alpha and len(lower) > 4 and lower.endswith("ed"):
            _add(features, "past", tok.text)
    _entity_features(features, ents)
    _cue_features(features, sent, cues, parsed, doc.has_annotation("ENT_IOB"))
    _shape_features(features, sent, words, parsed)
    return features


def _tag_features(features: Features, tok: Any) -> None:
    tag = tok.tag_
    if tag == "VBD":
        _add(features, "past", tok.text)
    elif tag == "VBN" and _after_have(tok):
        _add(features, "perfect", tok.text)
    elif tag in ("JJR", "RBR"):
        _add(features, "comparative", tok.text)
    elif tag in ("JJS", "RBS"):
        _add(features, "superlative", tok.text)
    elif tag == "MD" and tok.lower_ in ("will", "'ll", "wo", "shall"):
        _add(features, "future", tok.text)


def _after_have(tok: Any) -> bool:
    """A participle after has/have/had (an adverb may sit between): the parser misses some."""
    doc, i = tok.doc, tok.i
    if i > 1 and doc[i - 1].tag_ in ("RB", "RBR"):
        i -= 1
    return i > 0 and doc[i - 1].lower_ in _HAVE


def _entity_features(features: Features, ents: Iterable[Any]) -> None:
    ignored = _ignored_entities()
    for ent in ents:
        text = " ".join(ent.text.split())
        if text in ignored:
            continue
        label = ent.label_
        if label == "CARDINAL":
            digits = any(ch.isdigit() for ch in text)
            name = "number_digits" if digits else "number_words"
        elif label == "DATE" and any(tok.shape_ == "dddd" for tok in ent):
            name = "year"
        else:
            name = _ENTITY_FEATURES.get(label, "")
        if name:
            _add(features, name, text)
    named = sum(len(features.get(n, ())) for n in _NAMED)
    if named >= 3:
        _add(features, "names_3plus", f"{named} names")
    numbers = sum(len(features.get(n, ())) for n in _NUMERIC)
    if numbers >= 2:
        _add(features, "numbers_2plus", f"{numbers} figures")


def _cue_features(
    features: Features, sent: Any, cues: Iterable[Any], parsed: bool, has_ents: bool
) -> None:
    for cue in cues:
        label = cue.label_
        if has_ents and label in _SHAPES:
            continue  # the entity recogniser already found these, with better edges
        if label == "report_verb":
            subject = _subject(cue, sent, parsed)
            if subject is not None:
                named = _is_named(subject, parsed)
                _add(features, "source_named" if named else "source_other", _attribution(cue, sent))
        elif label == "according_to":
            _add(features, "according_to", _attribution(cue, sent))
        elif label in _CUE_FEATURES:
            _add(features, _CUE_FEATURES[label], cue.text)


def _shape_features(features: Features, sent: Any, words: int, parsed: bool) -> None:
    last = sent.text.rstrip()[-1:]
    if last == "?":
        _add(features, "question", "?")
    elif last == "!":
        _add(features, "exclamation", "!")
    if words <= 6:
        _add(features, "short", f"{words} words")
    elif words >= 25:
        _add(features, "long", f"{words} words")
    if parsed:
        _root_features(features, sent.root)


def _root_features(features: Features, root: Any) -> None:
    """What the main clause is: a fragment, an order, or a statement about whom."""
    if root.pos_ not in _VERBS:
        _add(features, "fragment", root.text)
        return
    subject = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
    if subject is None:
        if root.tag_ == "VB":
            _add(features, "directive", root.text)
        return
    if subject.lower_ in _THIRD_PERSON:
        _add(features, "third_person", subject.text)
    elif _is_named(root.doc[subject.left_edge.i : subject.i + 1], True):
        _add(features, "named_subject", _clip(root.doc[subject.left_edge.i : subject.i + 1].text))
    if root.lower_ in _COPULAS:
        _add(features, "copula", root.text)


def _subject(verb_cue: Any, sent: Any, parsed: bool) -> Any | None:
    """The span saying who reported, or None when the verb has no subject (not attribution).

    The sentence is passed in, not asked of the token: `token.sent` scans the sentence,
    which made a sentence with many cues quadratic.
    """
    verb = verb_cue[0]
    if parsed:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return verb.doc[child.left_edge.i : child.i + 1]
        return None
    doc, start = verb.doc, verb.i
    while start > max(sent.start, verb.i - 4) and not doc[start - 1].is_punct:
        start -= 1
    return doc[start : verb.i] if start < verb.i else None


def _is_named(subject: Any, parsed: bool) -> bool:
    if parsed:
        return any(t.ent_type_ in _SOURCES or t.pos_ == "PROPN" for t in subject)
    return any(t.is_title and not t.is_stop for t in subject)


def _attribution(cue: Any, sent: Any) -> str:
    """The cue with the words naming its source: 'according to Fujitsu', 'Smith said'."""
    doc = cue.doc
    if cue.label_ == "according_to":
        end = cue.end
        limit = min(sent.end, cue.end + 5)
        while end < limit and not doc[end].is_punct:
            end += 1
        return _clip(doc[cue.start : end].text)
    subject = _subject(cue, sent, doc.has_annotation("DEP"))
    if subject is None:
        return _clip(cue.text)
    if subject.start > cue.start:
        return f"{cue.text} {_clip(subject.text)}"
    return f"{_clip(subject.text)} {cue.text}"


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
