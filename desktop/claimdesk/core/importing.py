"""Read .txt, .md and .html files into ArticleDrafts; Markdown bodies are kept verbatim as text."""

from __future__ import annotations

import datetime
import itertools
import math
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claimdesk.core.errors import ImportFailure
from claimdesk.core.textnorm import decode_text, normalise_text, text_sha256

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "TITLE_MAX",
    "ArticleDraft",
    "draft_from_bytes",
    "expand_paths",
    "normalise_text",
    "one_line",
    "read_article",
    "readable_name",
    "text_sha256",
]

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})

_HTML_SUFFIXES = frozenset({".html", ".htm"})
TITLE_MAX = 200
_TITLE_SCAN = 8 * TITLE_MAX
# A .txt's first line is its title only if it reads as one (see _looks_like_title).
_HEADLINE_WORDS = 30  # news headlines reach 25 words
_HEADING_WORDS = 8  # a line run into the body: longer ones are more likely a wrapped sentence
_SHORT_TITLE = 60
_CONTINUES = tuple(",;:-–—")
SENTENCE_TITLE = 80
# A sentence ends at . ! or ? (and a closing quote) before a capital; not after "Mr." or
# "U.S.", nor after a first word or two ("No. 10 Downing Street").
_WIDE_STOPS = frozenset("。！？")  # Chinese and Japanese: no space, no capital after them
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9])|[。！？]")
_ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,2}|(?:[A-Za-z]\.)+[A-Za-z])\.")
_SENTENCE_WORDS = 3
# Front matter and the title are looked for in the head of a text only: a 20 MB file of
# millions of short lines ("---" then "-" lines, "```" lines) took up to 40 s when every
# line was tried in Python. A real front matter or title sits well inside this head.
_HEAD_CHARS = 64 * 1024
_HEAD_LINES = 1_000
# C0 and C1 control characters (but none that str.split() treats as space): a title is
# shown everywhere, and ESC or BEL in it would reach terminals as they are.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# `[^<>]`, not `[^>]`: a scan from one "<html" stops at the next tag, so the search stays
# linear in a page full of unclosed "<html" (each scan ran to the next ">", or to the end).
_HTML_LANG = re.compile(r"<html\b[^<>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
# Site navigation and page-wide header and footer are never article text; without this a
# page with no article still yields its menu as one.
_PAGE_CHROME = [
    "//nav",
    "//*[@role='navigation']",
    "//header[not(ancestor::article or ancestor::main)]",
    "//footer[not(ancestor::article or ancestor::main)]",
]
# Markdown is read line by line with anchored patterns that cannot backtrack far; the
# heading's closing "#"s and the front matter's block are found in plain code, because as
# single regular expressions they backtracked super-linearly ("# a", a million spaces, "b";
# "---" then 40 lines of "-x:").
_FENCE = re.compile(r" {0,3}(```|~~~)")
_HEADING_OPEN = re.compile(r" {0,3}(#{1,6})[ \t]")
_FRONT_LINE = re.compile(r"[\w-]+:|[ \t-]|$")
_FRONT_END = frozenset({"---", "..."})
_FRONT_KEY = re.compile(r"([\w-]+):[ \t]*(.*)")
_FRONT_FIELDS = {
    "title": "title",
    "author": "author",
    "date": "published",
    "url": "source_url",
    "source": "source_url",
    "canonical_url": "source_url",
    "lang": "language",
    "language": "language",
}


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """An article read from a file, not yet stored; `text` is what claim offsets index.

    `earlier_sha256`: the digest earlier versions stored the same file under (a .txt
    whose title line they kept in the text), so importing it again is still a duplicate.
    """

    title: str
    text: str
    origin: str
    source_url: str | None = None
    author: str | None = None
    published: datetime.date | None = None
    language: str | None = None
    earlier_sha256: str | None = None


def read_article(path: Path) -> ArticleDraft:
    """Read one file; every refusal is an ImportFailure naming the path and the reason."""
    label = readable_name(str(path))
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ImportFailure(label, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or device could block or never end
            raise ImportFailure(label, "is not a regular file")
        name = readable_name(path.name)
        _check_suffix(name, label)
        _check_size(info.st_size, label)  # before reading: never load a huge file into memory
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportFailure(label, _os_reason(exc)) from exc
    return _draft(data, name, label)


def draft_from_bytes(data: bytes, name: str) -> ArticleDraft:
    """Build a draft from bytes held in memory, such as a bundled seed; `name` gives the type."""
    return _draft(data, name, name)


def readable_name(name: str) -> str:
    """A file name as valid Unicode, to store and to show: bytes that are not UTF-8 (which
    Python keeps as lone surrogates, and no database or screen can encode) become `\\xe9`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte (a Windows name)
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def expand_paths(paths: Iterable[Path]) -> Iterator[Path | ImportFailure]:
    """Yield the files to import: files as given, folders searched recursively in name order.

    Inside folders only supported files are yielded, and hidden files and folders are
    skipped (they are editor or system clutter, not articles). Symlinked folders are not
    followed, so a link loop cannot recurse forever. Problems are yielded, not raised, so
    one bad path does not stop the others.
    """
    for path in paths:
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:
            yield ImportFailure(readable_name(str(path)), _os_reason(exc))
            continue
        if is_dir:
            yield from _walk(path)
        else:
            yield path


def _walk(root: Path) -> Iterator[Path | ImportFailure]:
    """Depth first in name order, with a stack of our own: a tree deeper than Python's
    recursion limit (1,500 nested folders) must not end the batch with a RecursionError."""
    stack = [_listing(root)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif isinstance(entry, ImportFailure):
            yield entry
        else:
            try:
                if _is_hidden(entry):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(_listing(Path(entry.path)))
                elif Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES and entry.is_file():
                    yield Path(entry.path)
            except OSError as exc:
                yield ImportFailure(readable_name(entry.path), _os_reason(exc))


def _listing(folder: Path) -> Iterator[os.DirEntry[str] | ImportFailure]:
    """A folder's entries in name order, read at once (no folder stays open while its
    subfolders are walked); a folder that cannot be read is one failure naming it."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: (entry.name.casefold(), entry.name))
    except OSError as exc:
        return iter([ImportFailure(readable_name(str(folder)), _os_reason(exc))])
    return iter(entries)


def _is_hidden(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith("."):
        return True
    if sys.platform == "win32":  # Windows marks hidden files with an attribute instead
        attributes = entry.stat(follow_symlinks=False).st_file_attributes
        return bool(attributes & stat.FILE_ATTRIBUTE_HIDDEN)
    return False


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()


def _check_suffix(name: str, label: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(no extension)"
        raise ImportFailure(
            label, f"unsupported file type {shown}; Claimdesk imports .txt, .md, .html"
        )
    return suffix


def _check_size(size: int, label: str) -> None:
    if size > MAX_BYTES:
        shown = math.ceil(size * 10 / 2**20) / 10  # rounded up: never "20.0 MB" over the limit
        raise ImportFailure(label, f"file is {shown:.1f} MB; the limit is {MAX_BYTES // 2**20} MB")


def _draft(data: bytes, name: str, label: str) -> ArticleDraft:
    suffix = _check_suffix(name, label)
    _check_size(len(data), label)
    if not data:
        raise ImportFailure(label, "file is empty")
    text = normalise_text(decode_text(data, label, html=suffix in _HTML_SUFFIXES))
    if not text:
        raise ImportFailure(label, "file is empty (only whitespace)")
    if suffix in _HTML_SUFFIXES:
        return _from_html(text, name, label)
    if suffix == ".txt":
        return _from_plain_text(text, name)
    return _from_markdown(text, name, label)


def _from_plain_text(text: str, name: str) -> ArticleDraft:
    """A first line that looks like a headline is the title, and leaves the text, as front
    matter leaves a Markdown text: it is metadata, and the view would show it twice.
    Otherwise the title is the first sentence, shortened."""
    line, end, blank_after = _first_line_at(text)
    body = text[end:].lstrip("\n")
    if body and _looks_like_title(line, body, blank_after=blank_after):
        return ArticleDraft(
            title=_clip_title(line), text=body, origin=name, earlier_sha256=text_sha256(text)
        )
    start = text.rfind("\n", 0, end - 1) + 1
    paragraph_end = text.find("\n\n", start, start + _TITLE_SCAN)
    paragraph = text[start : paragraph_end if paragraph_end >= 0 else start + _TITLE_SCAN]
    return ArticleDraft(title=_sentence_title(paragraph), text=text, origin=name)


def _looks_like_title(line: str, body: str, *, blank_after: bool) -> bool:
    """A headline, not the start of the text: cutting a real first sentence (often the
    article's main claim) or half of a hard-wrapped one out of the text would lose it.

    Never a line that ends a sentence with a full stop. Set apart by a blank line, a line
    of up to 30 words qualifies (a question or exclamation only if short); run straight
    into the body, only a short heading does ("Fujitsu Q3 results").
    """
    title = line.strip().rstrip('"”’)')
    if not any(ch.isalnum() for ch in title) or title.endswith((".", *_CONTINUES)):
        return False
    if blank_after:
        if title.endswith(("!", "?")) and len(title) > _SHORT_TITLE:
            return False
        return len(title) <= TITLE_MAX and len(title.split()) <= _HEADLINE_WORDS
    follows = body.lstrip()[:1]
    return (
        len(title) <= _SHORT_TITLE
        and len(title.split()) <= _HEADING_WORDS
        and (follows.isupper() or not follows.isalpha())
    )


def _sentence_title(paragraph: str) -> str:
    """The first sentence, clipped at a word to about SENTENCE_TITLE characters."""
    flat = one_line(paragraph)
    sentence = flat
    for end in _SENTENCE_END.finditer(flat):
        words = flat[: end.end()].split()
        if end.group() in _WIDE_STOPS or (
            len(words) >= _SENTENCE_WORDS and not _ABBREVIATION.fullmatch(words[-1])
        ):
            sentence = flat[: end.end()]
            break
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    if len(sentence) <= SENTENCE_TITLE:
        return sentence
    cut = sentence[:SENTENCE_TITLE]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:-–— ") + "…"


def _from_markdown(text: str, name: str, label: str) -> ArticleDraft:
    """Take metadata from YAML front matter and the title from the first `# ` heading.

    The body stays verbatim Markdown, heading marks included: Markdown reads well as
    plain text, and a quote from it can be found again in the source file as it stands.
    Only the front matter is removed, as it is metadata rather than article text.
    """
    fields: dict[str, str] = {}
    front = _front_matter(text)
    if front is not None:
        block, end = front
        for line in block:
            key = _FRONT_KEY.fullmatch(line)
            if key and key.group(1).lower() in _FRONT_FIELDS:
                value = key.group(2).strip().strip("\"'").strip()
                fields.setdefault(_FRONT_FIELDS[key.group(1).lower()], value)
        text = text[end:].lstrip("\n")  # the rest of a normalised text is normalised
        if not text:
            raise ImportFailure(label, "file has front matter but no text")
    title = fields.get("title") or _markdown_title(text)
    return ArticleDraft(
        title=_clip_title(title),
        text=text,
        origin=name,
        source_url=fields.get("source_url") or None,
        author=fields.get("author") or None,
        published=_parse_date(fields.get("published")),
        language=_primary_language(fields.get("language")),
    )


def _front_matter(text: str) -> tuple[list[str], int] | None:
    """The lines between a leading "---" and the closing "---" or "...", and where the
    body starts; None unless every line between is a key, an indented or list line, or
    blank (otherwise the opening "---" is a rule), or if it is not closed in the head."""
    if not text.startswith("---\n"):
        return None
    block: list[str] = []
    for line, end in _head_lines(text, start=4):
        if line in _FRONT_END:
            return block, end
        if not _FRONT_LINE.match(line):
            return None
        block.append(line)
    return None


def _markdown_title(text: str) -> str:
    """Take the first level-1 heading outside code blocks in the head, else the first line
    unmarked."""
    in_fence = False
    for line, _end in _head_lines(text):
        in_fence ^= bool(_FENCE.match(line))
        heading = None if in_fence else _heading(line)
        if heading and heading[0] == 1 and heading[1]:
            return heading[1]
    first = _first_line(text)
    heading = _heading(first)
    return heading[1] if heading and heading[1] else first


def _heading(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and text, without the optional closing "#"s."""
    opening = _HEADING_OPEN.match(line)
    if opening is None:
        return None
    content = line[opening.end() - 1 :].rstrip(" \t")
    unclosed = content.rstrip("#")
    if unclosed != content and unclosed.endswith((" ", "\t")):
        content = unclosed  # a closing sequence counts only after a space
    return len(opening.group(1)), content.strip(" \t")


def _from_html(html: str, name: str, label: str) -> ArticleDraft:
    # Imported here: trafilatura takes a noticeable moment to load, and only HTML needs it.
    from trafilatura import bare_extraction
    from trafilatura.settings import Document

    try:
        document = bare_extraction(
            html, with_metadata=True, include_comments=False, prune_xpath=_PAGE_CHROME
        )
    except Exception as exc:  # trafilatura, lxml and htmldate fail in ways we cannot list
        reason = f"could not be read as HTML (parser error: {type(exc).__name__})"
        raise ImportFailure(label, reason) from exc
    # Its plain-text output puts each paragraph on its own line, as claim extraction expects.
    text = normalise_text(document.text or "") if isinstance(document, Document) else ""
    if not isinstance(document, Document) or not text:
        raise ImportFailure(label, "no article text found in the page")
    lang = _HTML_LANG.search(html)
    return ArticleDraft(
        title=_clip_title(document.title or _first_line(text)),
        text=text,
        origin=name,
        source_url=document.url or None,
        author=document.author or None,
        published=_parse_date(document.date),
        language=_primary_language(lang.group(1) if lang else None),
    )


def _lines(text: str, start: int = 0) -> Iterator[tuple[str, int]]:
    """Each line from `start` with the offset just past its line break, read lazily: a
    title is usually on the first lines, and splitting a 20 MB text would copy it all."""
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end].rstrip("\n"), end
        start = end


def _head_lines(text: str, start: int = 0) -> Iterator[tuple[str, int]]:
    """The lines of the text's head (see _HEAD_CHARS): whole lines, unless the first one
    alone is longer than the head (then its start, enough for a title)."""
    head = text[: start + _HEAD_CHARS]
    if len(head) < len(text) and head.rfind("\n") >= start:
        head = head[: head.rfind("\n") + 1]
    return itertools.islice(_lines(head, start), _HEAD_LINES)


def _first_line(text: str) -> str:
    """Pick the first line of the head with a letter or digit: a rule like "---" or "***"
    is no title."""
    return _first_line_at(text)[0]


def _first_line_at(text: str) -> tuple[str, int, bool]:
    """The first line with a letter or digit (else the first one not blank), the offset
    after it, and whether a blank line follows it."""
    lines = [(line, end) for line, end in _head_lines(text) if line.strip()]
    first = next((item for item in lines if any(ch.isalnum() for ch in item[0])), lines[0])
    end = first[1]
    return first[0], end, text.startswith("\n", end) or end >= len(text)


def one_line(text: str) -> str:
    """Text fit for a title or a name: NFC, on one line, control characters as spaces."""
    return " ".join(_CONTROLS.sub(" ", unicodedata.normalize("NFC", text)).split())


def _clip_title(title: str) -> str:
    # Only the start of a long line is read: a 15 MB one-line file is one "title".
    clipped = len(title) > _TITLE_SCAN
    title = one_line(title[:_TITLE_SCAN])
    if len(title) <= TITLE_MAX and not clipped:
        return title
    cut = title[: TITLE_MAX - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _primary_language(tag: str | None) -> str | None:
    """Keep only the primary subtag ("en-GB" -> "en"): that is what picks a language model."""
    primary = re.split(r"[-_]", tag.strip())[0].lower() if tag else ""
    return primary or None
