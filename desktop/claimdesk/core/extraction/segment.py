"""Split an article into line blocks and tell headings and boilerplate from body text."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from claimdesk.core.extraction.cues import load_patterns

# Every line break Python's str.splitlines knows, so no break ever hides inside a block.
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_NON_SPACE = re.compile(r"\S")
_SENTENCE_GAP = re.compile(r"[.!?\u3002][\"'\u201d\u2019)\]]*\s+")


class BlockKind(StrEnum):
    """What a line of an article is; only body text and list items can hold claims."""

    BODY = "body"
    ITEM = "item"
    HEADING = "heading"
    BOILERPLATE = "boilerplate"
    PROMPT = "prompt"


@dataclass(frozen=True, slots=True)
class Block:
    """A trimmed piece of one line: `text[start:end]` of the article it came from."""

    start: int
    end: int
    kind: BlockKind

    @property
    def yields_claims(self) -> bool:
        """Whether the scorer should look inside this block at all."""
        return self.kind in (BlockKind.BODY, BlockKind.ITEM)


@dataclass(frozen=True, slots=True)
class _Rules:
    heading_max_words: int
    list_intro_max_words: int
    max_block_chars: int
    bullet: re.Pattern[str]
    item_label: re.Pattern[str]
    item_label_max_words: int
    prompt_labels: frozenset[str]
    final_punctuation: str
    boilerplate_lines: frozenset[str]
    boilerplate_prefix: re.Pattern[str]
    bylines: tuple[re.Pattern[str], ...]


@functools.cache
def _rules() -> _Rules:
    raw = load_patterns("segmentation.json")
    return _Rules(
        heading_max_words=int(raw["heading_max_words"]),
        list_intro_max_words=int(raw["list_intro_max_words"]),
        max_block_chars=int(raw["max_block_chars"]),
        bullet=re.compile(raw["bullet_marker"]),
        item_label=re.compile(raw["item_label"]),
        item_label_max_words=int(raw["item_label_max_words"]),
        prompt_labels=frozenset(raw["prompt_labels"]),
        final_punctuation=raw["final_punctuation"],
        boilerplate_lines=frozenset(raw["boilerplate_lines"]),
        boilerplate_prefix=re.compile("|".join(raw["boilerplate_prefixes"]), re.IGNORECASE),
        bylines=tuple(re.compile(p) for p in raw["byline_patterns"]),
    )


def segment(text: str) -> list[Block]:
    """All blocks of a text, in order: see `blocks`."""
    return list(blocks(text))


def blocks(text: str) -> Iterator[Block]:
    """Cut text into one trimmed block per non-blank line, classified, long lines chunked.

    spaCy would glue a heading to the sentence after it, so lines are separated first.
    A text of a single line is always body: a pasted sentence without a full stop is a claim
    candidate, not a heading. Lazy, so extraction of a huge text starts (and reports) at once.
    """
    rules = _rules()
    first: Block | None = None
    count = 0
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + len(line) - len(line.lstrip())
        block = _classify(text, start, start + len(stripped), rules)
        count += 1
        if count == 1:
            first = block  # held back until a second line says whether it may be a heading
            continue
        if first is not None:
            yield from _chunked(text, first, rules)
            first = None
        yield from _chunked(text, block, rules)
    if first is not None:
        kind = BlockKind.BODY if first.kind is BlockKind.HEADING else first.kind
        yield from _chunked(text, Block(first.start, first.end, kind), rules)


def _chunked(text: str, block: Block, rules: _Rules) -> Iterator[Block]:
    for start, end in _chunks(text, block.start, block.end, rules.max_block_chars):
        yield Block(start, end, block.kind)


def _classify(text: str, start: int, end: int, rules: _Rules) -> Block:
    line = text[start:end]
    bullet = rules.bullet.match(line)
    if bullet and bullet.end() < len(line):
        item_start = start + bullet.end()
        if end - item_start > rules.max_block_chars:
            return Block(item_start, end, BlockKind.ITEM)
        return Block(item_start, end, _item_kind(text[item_start:end], rules))
    if end - start > rules.max_block_chars:
        # A line this long is a pasted dump: its first words say nothing about the rest.
        return Block(start, end, BlockKind.BODY)
    return Block(start, end, _line_kind(line, rules))


def _item_kind(item: str, rules: _Rules) -> BlockKind:
    label = rules.item_label.match(item)
    if label and len(label.group(1).split()) <= rules.item_label_max_words:
        words = label.group(1).lower().split()
        if " ".join(words) in rules.prompt_labels or words[-1] in rules.prompt_labels:
            return BlockKind.PROMPT
    kind = _line_kind(item, rules)
    return BlockKind.ITEM if kind in (BlockKind.BODY, BlockKind.HEADING) else kind


def _line_kind(line: str, rules: _Rules) -> BlockKind:
    words = len(line.split())
    has_final = line[-1] in rules.final_punctuation
    bare = line.rstrip(":.").strip().lower()
    if bare in rules.boilerplate_lines or rules.boilerplate_prefix.match(line):
        return BlockKind.BOILERPLATE
    if not has_final and any(p.match(line) for p in rules.bylines):
        return BlockKind.BOILERPLATE
    if line.endswith(":") and words <= rules.list_intro_max_words:
        return BlockKind.BOILERPLATE
    if not has_final and not line.endswith(":") and words <= rules.heading_max_words:
        return BlockKind.HEADING
    return BlockKind.BODY


def _chunks(text: str, start: int, end: int, size: int) -> Iterator[tuple[int, int]]:
    """Split an over-long line near sentence ends, else at a space, else anywhere.

    spaCy refuses texts over its max_length and needs memory in proportion to a batch's
    length; a line this long is a pasted dump, where a cut mid-sentence costs little.
    Each cut looks at one window only, so a line of any length is cut in linear time.
    """
    while end - start > size:
        window = text[start : start + size]
        cut = max((m.end() for m in _SENTENCE_GAP.finditer(window, size // 2)), default=0)
        if not cut:
            cut = window.rfind(" ", size // 2) + 1 or size
        piece_end = start + len(window[:cut].rstrip())
        if piece_end > start:
            yield start, piece_end
        next_word = _NON_SPACE.search(text, start + cut, end)
        start = next_word.start() if next_word else end
    if start < end:
        yield start, end
