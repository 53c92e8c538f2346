"""Hostile addresses become percent-encoded links in every report, never syntax of its own.

Qt writes a link's address into the PDF without escaping ")", so an address could end the
string and go on as PDF syntax (a JavaScript action run when a page opens); in HTML and
Markdown it could end the attribute or the link.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportkit import (
    HOSTILE_ID,
    HOSTILE_LINKS,
    MALFORMED_HOSTS,
    NOT_LINKS,
    add_hostile_links,
    add_malformed_hosts,
    parse_html,
)

from claimdesk.core.errors import ValidationError
from claimdesk.core.store import Store
from claimdesk.core.urls import href, is_safe_link, normalise_url
from claimdesk.reports import FORMATS, export
from claimdesk.reports.view import anchor

pypdf = pytest.importorskip("pypdf")

# What a PDF may never hold as a name: actions run on open, on a page, or by a link.
FORBIDDEN = {"/JavaScript", "/JS", "/AA", "/OpenAction", "/Launch", "/SubmitForm", "/ImportData"}
# All href() may return: RFC 3986 unreserved and reserved characters but "(" and ")", and escapes.
_LINK_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=]|%[0-9A-F]{2}")


@pytest.fixture
def hostile(store: Store) -> Store:
    add_hostile_links(store)
    return store


def test_href_encodes_what_ends_a_link_and_drops_what_is_no_web_address() -> None:
    for url, encoded in HOSTILE_LINKS.items():
        assert href(url) == encoded
    for url in NOT_LINKS:
        assert not is_safe_link(url)
        with pytest.raises(ValueError, match="not a web link"):
            href(url)
    assert href("HTTPS://Exämple.ORG:8443/%7e%41%2f") == "https://xn--exmple-cua.org:8443/~A%2F"
    assert href("https://[::1]:8080/a##b") == "https://[::1]:8080/a#%23b"


# The authority of an address, piece by piece: what a host name, an IP literal, a port and
# user information look like, and anything at all in their place (brackets, "@", ":", digits
# of other scripts, characters IDNA refuses).
_USERINFO = st.one_of(st.just(""), st.text(max_size=8).map(lambda text: text + "@"))
_HOSTS = st.one_of(
    st.from_regex(r"[A-Za-z0-9_ÄäßĲ-]{1,8}(\.[A-Za-z0-9ü-]{1,8}){0,2}\.?", fullmatch=True),
    st.from_regex(r"\[?[0-9a-fA-F:.]{0,10}\]?", fullmatch=True),
    st.text(max_size=10),
)
_PORTS = st.one_of(
    st.just(""),
    st.integers(0, 99999).map(lambda port: f":{port}"),
    st.text(st.characters(categories=["Nd"]), max_size=5).map(lambda port: ":" + port),
    st.text(max_size=5).map(lambda port: ":" + port),
)


@given(_USERINFO, _HOSTS, _PORTS, st.text())
def test_href_only_encodes_never_changes_the_address(
    userinfo: str, host: str, port: str, tail: str
) -> None:
    url = f"https://{userinfo}{host}{port}/{tail}"
    with contextlib.suppress(ValidationError):  # refused with a message; nothing else raised
        normalise_url(url)
    if not is_safe_link(url):
        with pytest.raises(ValueError, match="not a web link"):
            href(url)
        return
    address = href(url)
    assert not _LINK_CHARS.sub("", address), address
    given_parts, linked = _parts(url.strip()), _parts(address)
    assert linked.scheme == given_parts.scheme.lower()
    assert linked.hostname == given_parts.hostname.encode("idna").decode("ascii").lower()
    assert linked.port == given_parts.port
    for part in ("username", "password", "path", "query", "fragment"):
        assert unquote(getattr(linked, part) or "") == unquote(getattr(given_parts, part) or "")


def _parts(url: str) -> SplitResult:
    """Python's reading of an address, its port checked too (a safe link must pass both)."""
    parts = urlsplit(url)
    assert parts.hostname is not None
    _ = parts.port  # raises ValueError for a port that is no number in range
    return parts


def test_href_is_what_qt_writes_into_the_pdf(qapp: object) -> None:
    from PySide6.QtCore import QUrl

    for url in HOSTILE_LINKS:
        assert bytes(QUrl(href(url)).toEncoded().data()).decode() == href(url)


def test_anchor_keeps_uuids_and_encodes_anything_else() -> None:
    uuid = "0f8e2c8a-1b7d-4a55-9e61-3c2b7d9a1f00"
    assert anchor(uuid) == uuid
    assert re.fullmatch(r"[A-Za-z0-9_-]+", anchor(HOSTILE_ID))
    assert anchor("a_b") != anchor("a_5f_b")  # distinct ids keep distinct anchors


def test_pdf_holds_no_action_and_every_link_intact(
    hostile: Store, tmp_path: Path, qapp: object
) -> None:
    out = export(hostile, "pdf", tmp_path / "r.pdf", kind="working").path
    data = out.read_bytes()
    assert not FORBIDDEN & pdf_names(data)
    reader = pypdf.PdfReader(out)
    assert not FORBIDDEN & names_in(reader.trailer)
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    # Every annotation in the file is reachable from a page: none was cut up by an address.
    assert len(annotations) == len(re.findall(rb"/Type\s*/Annot\b", _outside_streams(data)))
    uris, dests = [], []
    for annotation in annotations:
        assert annotation["/Subtype"] == "/Link"
        if "/Dest" in annotation:
            dests.append(str(annotation["/Dest"]))
        else:
            assert set(annotation["/A"]) == {"/Type", "/S", "/URI"}
            assert annotation["/A"]["/S"] == "/URI"
            uris.append(str(annotation["/A"]["/URI"]))
    assert set(uris) == set(HOSTILE_LINKS.values())
    named = set(reader.named_destinations)
    assert dests and set(dests) <= named
    assert {f"note-{anchor(HOSTILE_ID)}", f"claim-{anchor(HOSTILE_ID)}"} <= named


def test_html_links_are_encoded_and_bad_addresses_are_text(hostile: Store, tmp_path: Path) -> None:
    out = export(hostile, "html", tmp_path / "r.html", kind="working").path
    source = out.read_text(encoding="utf-8")
    elements = parse_html(source)
    links = [e for e in elements if e.tag == "a"]
    assert all(set(e.attrs) <= {"href", "class", "title"} for e in links)
    web = [e.attrs["href"] for e in links if not e.attrs["href"].startswith("#")]
    assert sorted(web) == sorted(HOSTILE_LINKS.values())
    ids = {e.attrs["id"] for e in elements if "id" in e.attrs}
    assert {e.attrs["href"][1:] for e in links if e.attrs["href"].startswith("#")} <= ids
    shown = {e.text.strip() for e in elements if e.classes & {"url", "unsafe"}}
    assert set(NOT_LINKS) <= shown  # shown as they are, as text


def test_markdown_links_are_encoded_and_bad_addresses_are_text(
    hostile: Store, tmp_path: Path
) -> None:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py parses the report")
    text = export(hostile, "md", tmp_path / "r.md", kind="working").path.read_text(encoding="utf-8")
    tokens = markdown_it.MarkdownIt("commonmark").parse(text)
    inline = [child for token in tokens for child in token.children or []]
    assert not [t for t in tokens + inline if t.type.startswith("html")]
    links = [t.attrs["href"] for t in inline if t.type == "link_open"]
    assert sorted(links) == sorted(HOSTILE_LINKS.values())


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_malformed_host_is_text_and_the_library_still_exports(
    store: Store, tmp_path: Path, fmt: str, qapp: object
) -> None:
    """Hosts Python's own URL parser refuses, in an imported file's front matter and as
    evidence: every format is written, and each address is shown as text, linked nowhere."""
    add_malformed_hosts(store)
    claimreview = {"organisation": "Desk", "report_url": "https://desk.example/r.html"}
    options = {**claimreview, "include_unapproved": True} if fmt == "claimreview" else {}
    out = export(store, fmt, tmp_path / f"r.{fmt}", **options).path
    body = out.read_text(encoding="utf-8-sig") if fmt != "pdf" else ""
    if fmt == "html":
        elements = parse_html(body)
        assert not [e for e in elements if e.tag == "a" and not e.attrs["href"].startswith("#")]
        shown = [e.text for e in elements if "unsafe" in e.classes]
    elif fmt == "md":
        markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py reads the report")
        rendered = markdown_it.MarkdownIt("commonmark").render(body)
        assert "<a " not in rendered
        shown = [html.unescape(re.sub(r"<[^>]*>", "", rendered))]
    elif fmt == "pdf":
        reader = pypdf.PdfReader(out)
        assert not [a for p in reader.pages for a in p.get("/Annots") or [] if "/URI" in str(a)]
        shown = ["".join("".join(page.extract_text().split()) for page in reader.pages)]
    elif fmt == "claimreview":  # publishes the article's address only, and only a safe one
        (review,) = json.loads(body)
        assert "appearance" not in review["itemReviewed"]
        return
    else:
        shown = [body]
    for url in MALFORMED_HOSTS:
        assert any(url in text for text in shown), (fmt, url)


def pdf_names(data: bytes) -> set[str]:
    """Every name token of a PDF's syntax: outside strings, comments and stream data."""
    names: set[str] = set()
    text = _outside_streams(data)
    index = 0
    while index < len(text):
        byte = text[index : index + 1]
        if byte == b"(":
            index = _end_of_string(text, index)
        elif byte == b"<" and text[index + 1 : index + 2] != b"<":
            index = text.index(b">", index) + 1  # a hex string
        elif text.startswith(b"<<", index):
            index += 2
        elif byte == b"%":
            found = re.compile(rb"[\r\n]").search(text, index)
            index = found.end() if found else len(text)
        elif byte == b"/":
            name = re.compile(rb"/[^\s()<>\[\]{}/%]*").match(text, index)
            assert name is not None
            names.add(name.group().decode("latin-1"))
            index = name.end()
        else:
            index += 1
    return names


def _end_of_string(text: bytes, start: int) -> int:
    depth, index = 0, start
    while True:
        byte = text[index : index + 1]
        if byte == b"\\":
            index += 2
            continue
        depth += {b"(": 1, b")": -1}.get(byte, 0)
        index += 1
        if depth == 0:
            return index


def _outside_streams(data: bytes) -> bytes:
    return re.sub(rb"\bstream\r?\n.*?\bendstream\b", b"", data, flags=re.DOTALL)


def names_in(value: object, seen: set[int] | None = None) -> set[str]:
    """Every key and name value reachable from `value` through pypdf's objects."""
    seen = set() if seen is None else seen
    if isinstance(value, pypdf.generic.IndirectObject):
        if value.idnum in seen:
            return set()
        seen.add(value.idnum)
        value = value.get_object()
    found: set[str] = set()
    if isinstance(value, pypdf.generic.NameObject):
        found.add(str(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            found |= {str(key)} | names_in(item, seen)
    elif isinstance(value, list):
        for item in value:
            found |= names_in(item, seen)
    return found
