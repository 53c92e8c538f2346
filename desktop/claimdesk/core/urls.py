"""Evidence links: only http, https and DOI references are accepted or ever rendered as links."""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

from claimdesk.core.errors import ValidationError

_BARE_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI = re.compile(r"^doi:10\.\d{4,9}/\S+$", re.IGNORECASE)

# What a link may carry as it is: RFC 3986's unreserved and reserved characters, except "(" and
# ")" (PDF writers, Qt's among them, end a link at an unescaped ")": the rest of the address
# would become PDF syntax, actions included). Everything else is percent-encoded as UTF-8.
_UNRESERVED = string.ascii_letters + string.digits + "-._~"
_SUB_DELIMS = "!$&'*+,;="
_HOST = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\]")
_PORT = re.compile(r"[0-9]{1,5}")  # not \d: it matches the digits of every script
# A web address typed without its scheme, as browsers show them: "www.reuters.com/world/…".
_BARE_HOST = re.compile(
    r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::[0-9]{1,5})?(?:[/?#]|$)", re.I
)


def normalise_url(raw: str, field: str = "URL") -> str:
    """Return the canonical form of an evidence link, or raise ValidationError saying why not.

    A bare DOI ("10.1000/xyz") becomes "doi:10.1000/xyz" so it is recognisable later, and an
    address without its scheme ("www.reuters.com/…") gets https://, as a browser would.
    """
    url = raw.strip()
    if not url:
        raise ValidationError(field, "is empty; paste an http(s) link or a DOI")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise ValidationError(field, "contains spaces or control characters")
    if _BARE_DOI.match(url):
        return f"doi:{url}"
    if _DOI.match(url):
        return "doi:" + url[4:]
    if _BARE_HOST.match(url):
        url = f"https://{url}"
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        shown = f"'{scheme}:' links" if scheme else "links without http:// or https://"
        raise ValidationError(field, f"{shown} are not allowed; use http, https or a DOI")
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port
    except ValueError:  # a stray or unclosed "[" or "]", a port that is no number in range
        raise ValidationError(field, "has an invalid host or port") from None
    if not host:
        raise ValidationError(field, "has no host name (expected e.g. https://example.org/page)")
    return url


def is_safe_link(url: str | None) -> bool:
    """True if `url` may become a clickable link in a report or the window."""
    return _web_address(url) is not None


def href(url: str) -> str:
    """The address a browser or PDF reader should open for a safe link.

    DOIs resolve through doi.org. The result holds only characters every writer of links
    (HTML, Markdown, PDF) passes through as they are, in the form Qt's QUrl would give it, so
    a link in a PDF points exactly where the report says.

    Raises:
        ValueError: `url` is not a safe link (check with is_safe_link first).
    """
    address = _web_address(url)
    if address is None:
        raise ValueError(f"not a web link: {url!r}")
    return address


def _web_address(url: str | None) -> str | None:
    if not url:
        return None
    try:
        url = normalise_url(url)
    except ValidationError:
        return None
    if url.startswith("doi:"):
        url = "https://doi.org/" + url[4:]
    scheme, _, rest = url.partition("://")
    end = min((i for i in map(rest.find, "/?#") if i != -1), default=len(rest))
    authority = _authority(rest[:end])
    if authority is None:
        return None
    before_fragment, hash_, fragment = rest[end:].partition("#")
    path, question, query = before_fragment.partition("?")
    try:
        return (
            f"{scheme.lower()}://{authority}{_encode(path, ':@/')}"
            f"{question}{_encode(query, ':@/?')}{hash_}{_encode(fragment, ':@/?')}"
        )
    except UnicodeEncodeError:  # a lone surrogate: not text any address can hold
        return None


def _authority(netloc: str) -> str | None:
    """`user@host:port` made canonical; None if the host is not a host name or IP address."""
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.rpartition(":") if not hostport.endswith("]") else ("", "", "")
    if not colon or not _PORT.fullmatch(port):
        host, colon, port = hostport, "", ""
    try:
        host = host.encode("idna").decode("ascii").lower()
        user = _encode(userinfo, ":")
    except UnicodeError:
        return None
    if not _HOST.fullmatch(host) or (port and int(port) > 65535):
        return None
    return f"{user}{at}{host}{colon}{port}"


def _encode(text: str, keep: str) -> str:
    """Percent-encode all but unreserved characters, sub-delimiters and `keep`.

    Existing escapes stay (in upper case), except those of unreserved characters, which are
    decoded as QUrl does; a "%" that starts no escape is encoded.
    """
    allowed = _UNRESERVED + _SUB_DELIMS + keep
    out: list[str] = []
    index = 0
    while index < len(text):
        ch = text[index]
        escape = text[index + 1 : index + 3]
        if ch == "%" and len(escape) == 2 and all(c in string.hexdigits for c in escape):
            decoded = chr(int(escape, 16))
            out.append(decoded if decoded in _UNRESERVED else "%" + escape.upper())
            index += 3
            continue
        out.append(ch if ch in allowed else "".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        index += 1
    return "".join(out)
