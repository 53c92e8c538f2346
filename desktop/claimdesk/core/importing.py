"""Read .txt, .md and .html files into ArticleDrafts; Markdown bodies are kept verbatim as text."""

from __future__ import annotations

import datetime
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
    "ArticleDraft",
    "draft_from_bytes",
    "expand_paths",
    "normalise_text",
    "read_article",
    "text_sha256",
]

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})

_HTML_SUFFIXES = frozenset({".html", ".htm"})
_TITLE_MAX = 200
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
# Site navigation and page-wide header and footer are never article text; without this a
# page with no article still yields its menu as one.
_PAGE_CHROME = [
    "//nav",
    "//*[@role='navigation']",
    "//header[not(ancestor::article or ancestor::main)]",
    "//footer[not(ancestor::article or ancestor::main)]",
]
_FENCE = re.compile(r" {0,3}(```|~~~)")
_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_FRONT_MATTER = re.compile(r"---\n((?:[\w-]+:.*\n|[ \t-].*\n|\n)*?)(?:---|\.\.\.)(?:\n|$)")
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
    """An article read from a file, not yet stored; `text` is what claim offsets index."""

    title: str
    text: str
    origin: str
    source_url: str | None = None
    author: str | None = None
    published: datetime.date | None = None
    language: str | None = None


def read_article(path: Path) -> ArticleDraft:
    """Read one file; every refusal is an ImportFailure naming the path and the reason."""
    label = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ImportFailure(label, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or device could block or never end
            raise ImportFailure(label, "is not a regular file")
        _check_suffix(path.name, label)
        _check_size(info.st_size, label)  # before reading: never load a huge file into memory
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportFailure(label, _os_reason(exc)) from exc
    return _draft(data, path.name, label)


def draft_from_bytes(data: bytes, name: str) -> ArticleDraft:
    """Build a draft from bytes held in memory, such as a bundled seed; `name` gives the type."""
    return _draft(data, name, name)


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
            yield ImportFailure(str(path), _os_reason(exc))
            continue
        if is_dir:
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | ImportFailure]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: (entry.name.casefold(), entry.name))
    except OSError as exc:
        yield ImportFailure(str(folder), _os_reason(exc))
        return
    for entry in entries:
        if _is_hidden(entry):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES and entry.is_file():
            yield Path(entry.path)


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
        return ArticleDraft(title=_clip_title(_first_line(text)), text=text, origin=name)
    return _from_markdown(text, name, label)


def _from_markdown(text: str, name: str, label: str) -> ArticleDraft:
    """Take metadata from YAML front matter and the title from the first `# ` heading.

    The body stays verbatim Markdown, heading marks included: Markdown reads well as
    plain text, and a quote from it can be found again in the source file as it stands.
    Only the front matter is removed, as it is metadata rather than article text.
    """
    fields: dict[str, str] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        for line in front.group(1).splitlines():
            key = _FRONT_KEY.fullmatch(line)
            if key and key.group(1).lower() in _FRONT_FIELDS:
                value = key.group(2).strip().strip("\"'").strip()
                fields.setdefault(_FRONT_FIELDS[key.group(1).lower()], value)
        text = normalise_text(text[front.end() :])
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


def _markdown_title(text: str) -> str:
    """Take the first level-1 heading outside code blocks, else the first line unmarked."""
    in_fence = False
    for line in text.split("\n"):
        in_fence ^= bool(_FENCE.match(line))
        heading = None if in_fence else _HEADING.fullmatch(line)
        if heading and heading.group(1) == "#" and heading.group(2):
            return heading.group(2)
    first = _first_line(text)
    heading = _HEADING.fullmatch(first)
    return heading.group(2) if heading and heading.group(2) else first


def _from_html(html: str, name: str, label: str) -> ArticleDraft:
    # Imported here: trafilatura takes a noticeable moment to load, and only HTML needs it.
    from trafilatura import bare_extraction
    from trafilatura.settings import Document

    document = bare_extraction(
        html, with_metadata=True, include_comments=False, prune_xpath=_PAGE_CHROME
    )
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


def _first_line(text: str) -> str:
    """Pick the first line with a letter or digit: a rule like "---" or "***" is no title."""
    lines = [line for line in text.split("\n") if line.strip()]
    return next((line for line in lines if any(ch.isalnum() for ch in line)), lines[0])


def _clip_title(title: str) -> str:
    title = " ".join(unicodedata.normalize("NFC", title).split())
    if len(title) <= _TITLE_MAX:
        return title
    cut = title[: _TITLE_MAX - 1]
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
