"""The words of a claim as full-text search terms, and the FTS5 query built from them.

Every term is written as an FTS5 string ("..."), so nothing in a claim (quotes, AND, OR, NOT,
NEAR, *, ^, column filters, parentheses) can ever be read as query syntax.
"""

from __future__ import annotations

import re

MAX_TERMS = 64  # a long paragraph adds little but cost beyond this
_LINK = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|co|org|net)/\S*", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
# #DefundTheCBC, @realDonaldTrump, iPhone: the parts are the words people search for.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
STOPWORDS = frozenset(
    """a an the and or of to in on for is are was were be been it this that with as at by from
    has have had not no but if so do does did i you he she we they them his her its our your
    my me us rt via just about what who how why when which than then there their will would
    can could should may might all any more most some such""".split()  # noqa: SIM905
)


def search_terms(text: str) -> list[str]:
    """The distinct content words of `text`, lower-cased, in order (links left out).

    Stop words carry no evidence of a match and only widen the first stage; a text made of
    nothing else keeps them.
    """
    words = [
        part.lower()
        for word in _WORD.findall(_LINK.sub(" ", text))
        for part in _CAMEL.sub(" ", word).split()
    ]
    unique = list(dict.fromkeys(words))
    content = [word for word in unique if word not in STOPWORDS]
    return (content or unique)[:MAX_TERMS]


def fts_query(terms: list[str]) -> str:
    """Any of the terms, each quoted as an FTS5 string (a quote inside is doubled)."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
