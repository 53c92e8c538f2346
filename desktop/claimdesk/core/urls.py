"""Evidence links: only http, https and DOI references are accepted or ever rendered as links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from claimdesk.core.errors import ValidationError

_BARE_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI = re.compile(r"^doi:10\.\d{4,9}/\S+$", re.IGNORECASE)


def normalise_url(raw: str, field: str = "URL") -> str:
    """Return the canonical form of an evidence link, or raise ValidationError saying why not.

    A bare DOI ("10.1000/xyz") becomes "doi:10.1000/xyz" so it is recognisable later.
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
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        shown = f"'{scheme}:' links" if scheme else "links without http:// or https://"
        raise ValidationError(field, f"{shown} are not allowed; use http, https or a DOI")
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValidationError(field, "has no host name (expected e.g. https://example.org/page)")
    return url


def is_safe_link(url: str | None) -> bool:
    """True if `url` may become a clickable link in a report or the window."""
    if not url:
        return False
    try:
        normalise_url(url)
    except ValidationError:
        return False
    return True


def href(url: str) -> str:
    """The address a browser should open: DOIs resolve through doi.org."""
    return "https://doi.org/" + url[4:] if url.lower().startswith("doi:") else url
