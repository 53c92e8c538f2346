"""Report test helpers: a reviewed sample library, a hostile one, and an HTML element parser."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.resources import files

from claimdesk.core.importing import draft_from_bytes
from claimdesk.core.models import Article, Claim, ClaimEvent, Evidence
from claimdesk.core.services import articles, claims, evidence
from claimdesk.core.store import Store

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_LINK = "javascript:alert(1)"
XSS_SVG = '"><svg/onload=alert(1)>'  # no spaces: a valid http link that must stay inert
XSS = f"{XSS_SCRIPT} {XSS_IMG}"


@dataclass(frozen=True)
class Sample:
    """Ids of the sample library, and what was done to it."""

    store: Store
    anthropic: str
    palantir: str
    claims: dict[str, str]  # short name -> claim id


# (article, short name, sentence, status, review state, evidence [(url, title, stance)], note)
TAGGING = [
    (
        "anthropic",
        "deal",
        "The deal, announced on May 27, 2026, aims to pair Anthropic’s advanced AI models",
        "sourced",
        "approved",
        [("https://example.org/fujitsu/press-release", "Fujitsu press release", "supports")],
        "Date and scope match the company's own announcement.",
    ),
    (
        "anthropic",
        "market",
        "market size projections for generative AI expected to grow from USD 9.43 billion",
        "speculative",
        "needs_review",
        [
            ("doi:10.5555/market.2026.17", "Market sizing study", "context"),
            ("https://example.org/analyst/forecast", "", "context"),
        ],
        "A forecast, not a fact: say whose projection it is.",
    ),
    ("anthropic", "revealed", "Fujitsu today revealed a strategic partnership", None, None, [], ""),
    (
        "anthropic",
        "narrative",
        "This report deconstructs the official narrative",
        "dismissed",
        None,
        [],
        "",
    ),
    (
        "palantir",
        "since2020",
        "Fujitsu and Palantir have been working together since 2020.",
        "sourced",
        "approved",
        [("https://example.org/palantir/partners", "Partner announcement", "supports")],
        "",
    ),
    (
        "palantir",
        "withdrawn",
        "Other companies, such as the large Norwegian investment fund Storebrand Asset "
        "Management, have already withdrawn from Palantir.",
        "disputed",
        "needs_review",
        [
            ("https://example.org/fund/statement", "Fund statement", "refutes"),
            ("https://example.org/news/divestment", "News report", "supports"),
        ],
        "Sources disagree on whether this was a full withdrawal.\nAsk the fund for its list.",
    ),
    (
        "palantir",
        "allegedly",
        "Palantir allegedly plays a role in identifying and deporting protesters",
        "speculative",
        "draft",
        [],
        "",
    ),
]


# Claims whose note is marked public (the rest stay private: out of publications).
PUBLIC_NOTES = frozenset({"deal"})


def _sentence_span(text: str, start_of_sentence: str) -> tuple[int, int]:
    """The span from the given words to the end of their sentence."""
    start = text.index(start_of_sentence)
    stops = [i for i in (text.find(". ", start), text.find(".\n", start)) if i != -1]
    end = min(stops) + 1 if stops else len(text)
    return start, end


def build_sample(store: Store) -> Sample:
    """Import the seed articles and review some of their claims through the services."""
    ids: dict[str, str] = {}
    made: dict[str, str] = {}
    with store.transaction() as session:
        for key, name in (
            ("anthropic", "fujitsu-anthropic-partnership.txt"),
            ("palantir", "fujitsu-palantir-partnership.txt"),
        ):
            draft = draft_from_bytes((files("claimdesk.seeds") / name).read_bytes(), name)
            ids[key] = articles.import_draft(session, draft).article.id
        session.get_one(Article, ids["anthropic"]).source_url = "https://example.org/news/fujitsu"
        session.get_one(Article, ids["anthropic"]).author = "Example Newsroom"
        session.get_one(Article, ids["anthropic"]).published = dt.date(2026, 5, 27)
    for key, short, sentence, status, state, links, note in TAGGING:
        with store.transaction() as session:
            text = session.get_one(Article, ids[key]).text
            start, end = _sentence_span(text, sentence)
            claim = claims.add_claim(
                session, ids[key], start, end, actor="extractor", origin="extracted"
            )
            claim.score, claim.suggestion, claim.suggestion_cue = 0.82, "sourced", "announced"
            claim.reasons = [{"kind": "date", "text": "date: May 27, 2026"}]
            made[short] = claim.id
            if status:
                claims.set_status(session, claim.id, status, actor="ana")
            for url, title, stance in links:
                evidence.add_evidence(
                    session, claim.id, url, actor="ana", title=title, stance=stance
                )
            if note:
                claims.set_note(session, claim.id, note, actor="ana")
                claim.note_public = short in PUBLIC_NOTES
            if state:
                claims.set_review_state(session, claim.id, state, actor="lena")
    return Sample(store, ids["anthropic"], ids["palantir"], made)


def add_hostile_article(store: Store) -> str:
    """Rows written straight to the database, skipping every check the services make."""
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    text = f"Intro {XSS} and [md](javascript:alert(1)) *stars*.\n# Not a heading\n{XSS_LINK} end."
    with store.transaction() as session:
        article = Article(
            title=f"Title {XSS}",
            text=text,
            source_url=XSS_LINK,
            author=f"Author {XSS_IMG}",
            sha256="0" * 64,
            origin=f"file{XSS_IMG}.txt",
            imported_at=now,
        )
        start = text.index("<script>")
        claim = Claim(
            article=article,
            start=start,
            end=start + len(XSS),
            quote=XSS,
            status="disputed",
            note=f"Note {XSS} {XSS_LINK}",
            reviewer=f"rev{XSS_IMG}",
            reasons=[{"kind": "quote", "text": XSS}],
            suggestion="disputed",
            suggestion_cue=XSS_IMG,
            reviewed_by=XSS_SCRIPT,
            review_state="needs_review",
            created_at=now,
            updated_at=now,
        )
        claim.evidence = [
            Evidence(url=XSS_LINK, title=XSS_IMG, note=XSS_SCRIPT, stance="refutes", position=0),
            Evidence(url=f"https://example.org/ok?q={XSS_SVG}", title="Quoted", position=1),
        ]
        claim.events = [ClaimEvent(at=now, actor=XSS_SCRIPT, action="status", after=XSS)]
        session.add(article)
        session.flush()
        return article.id


@dataclass(eq=False)  # compared by identity, as elements of one document
class Element:
    tag: str
    attrs: dict[str, str]
    ancestors: tuple[Element, ...]
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Collector(HTMLParser):
    """Every element with its attributes and the text directly and indirectly inside it."""

    VOID = frozenset({"meta", "br", "img", "hr", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, tuple(self._open))
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data


def parse_html(source: str) -> list[Element]:
    collector = _Collector()
    collector.feed(source)
    collector.close()
    return collector.elements


# A Markdown article's source URL that Qt once wrote into the PDF as a page-open JavaScript
# action, and evidence addresses that would end a PDF string, an HTML attribute or a Markdown
# link; each must become a link to its percent-encoded form (encodings worked out by hand).
PDF_JS_URL = "https://example.org/b)>>/AA<</PO<</S/JavaScript/JS(app.alert(1))>>>>"
HOSTILE_LINKS = {
    PDF_JS_URL: "https://example.org/b%29%3E%3E/AA%3C%3C/PO%3C%3C/S/JavaScript/JS"
    "%28app.alert%281%29%29%3E%3E%3E%3E",
    "https://example.org/c(1)/d)/S/Launch/F(calc.exe)": "https://example.org/c%281%29/d%29/S"
    "/Launch/F%28calc.exe%29",
    "https://example.org/e\\f)>>/OpenAction<</S/JavaScript/JS(x)>>": "https://example.org/e%5Cf"
    "%29%3E%3E/OpenAction%3C%3C/S/JavaScript/JS%28x%29%3E%3E",
    "https://example.org/100%/g%2)/SubmitForm": "https://example.org/100%25/g%252%29/SubmitForm",
    'https://example.org/ünï?q=ü&r="x"#€)': "https://example.org/%C3%BCn%C3%AF?q=%C3%BC&r=%22x"
    "%22#%E2%82%AC%29",
    "doi:10.5555/x)>>/ImportData<<": "https://doi.org/10.5555/x%29%3E%3E/ImportData%3C%3C",
    'https://example.org/h"><img/src=x/onerror=alert(1)>': "https://example.org/h%22%3E%3Cimg"
    "/src=x/onerror=alert%281%29%3E",
    "https://example.org/i)](javascript:alert(1))": "https://example.org/i%29%5D%28javascript"
    ":alert%281%29%29",
}
# Not web addresses at all (a newline, a host name with ")" or "]", a script): shown as text only.
NOT_LINKS = (
    "https://example.org/j\n)>>/AA<</O<</S/JavaScript/JS(x)>>>>",
    "https://exa)mple.org/k",
    "https://a]b.org/",
    "javascript:app.alert(1)//)",
)
# Hosts that Python's URL parser itself refuses (unclosed or stray brackets, a port out of
# range, a label too long for IDNA): one of them must not stop a report of the whole library.
MALFORMED_HOSTS = (
    "https://[x",
    "https://a]b.org/",
    "https://u@[::1/p",
    "https://example.org:99999999999/",
    "https://exämple" + "a" * 70 + ".org/",
)
# A claim id edited by hand: it names the claim's anchor, a link target in the PDF too.
HOSTILE_ID = "c)>>/AA<</O<</S/JavaScript/JS(app.alert(2))>>>>"


def add_hostile_links(store: Store) -> str:
    """Import a Markdown article whose front matter carries PDF_JS_URL, and hang every
    hostile address on its claims: through the services where they accept it, as rows
    written straight to the database where they refuse it."""
    source = (
        f"---\ntitle: Links\nurl: {PDF_JS_URL}\n---\n# Links\n\n"
        "The council approved the budget on 3 May 2026. Turnout fell to 41 percent.\n"
    )
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    with store.transaction() as session:
        draft = draft_from_bytes(source.encode(), "links.md")
        article = articles.import_draft(session, draft).article
        start, end = _sentence_span(article.text, "The council")
        claim = claims.add_claim(session, article.id, start, end, actor="ana", origin="manual")
        for url in list(HOSTILE_LINKS)[1:]:
            evidence.add_evidence(session, claim.id, url, actor="ana", title="", stance="context")
        start, end = _sentence_span(article.text, "Turnout")
        session.add(
            Claim(
                id=HOSTILE_ID,
                article=article,
                start=start,
                end=end,
                quote=article.text[start:end],
                status="disputed",
                created_at=now,
                updated_at=now,
                evidence=[
                    Evidence(url=url, title=f"bad {n}", stance="refutes", position=n)
                    for n, url in enumerate(NOT_LINKS)
                ],
            )
        )
        return article.id


# Text that would run script if it could end the <script type="application/ld+json"> element
# ClaimReview is published in (or, "<!--<script>", make it swallow the rest of the page). The
# marker is only ever whole once a payload has run.
MARKER = "PWNED"
SCRIPT_PAYLOADS = (
    "</script><script>document.title='PW'+'NED'</script>",
    "</SCRIPT ><img src=x onerror=\"document.body.dataset.x='PW'+'NED'\">",
    "<!--<script>",
    "]]></script><svg onload=\"document.title='PW'+'NED'\">",
    "\u2028\u2029 &amp; &lt;/script&gt; \\u003c/script>",
)
SCRIPT_PAYLOAD = " ".join(SCRIPT_PAYLOADS)


def add_script_payloads(store: Store) -> str:
    """A reviewed claim with SCRIPT_PAYLOAD in every text field ClaimReview publishes (its id
    included), written straight to the database."""
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    text = f"Before. {SCRIPT_PAYLOAD} After."
    start = text.index(SCRIPT_PAYLOAD)
    with store.transaction() as session:
        article = Article(
            title=SCRIPT_PAYLOAD,
            text=text,
            source_url="https://example.org/news?q=</script><script>",
            author=SCRIPT_PAYLOAD,
            published=dt.date(2026, 5, 30),
            sha256="1" * 64,
            origin="payload.txt",
            imported_at=now,
        )
        claim = Claim(
            id=SCRIPT_PAYLOADS[0],
            article=article,
            start=start,
            end=start + len(SCRIPT_PAYLOAD),
            quote=SCRIPT_PAYLOAD,
            status="disputed",
            note=SCRIPT_PAYLOAD,
            note_public=True,  # published as the rating's explanation
            created_at=now,
            updated_at=now,
        )
        session.add(claim)
        session.flush()
        return article.id


def add_malformed_hosts(store: Store) -> str:
    """Import a Markdown file whose front matter `url` is MALFORMED_HOSTS[0] (the importer
    keeps it as it is) and hang every malformed host on a claim as evidence rows written
    straight to the database (the services refuse them)."""
    source = (
        f"---\ntitle: Hosts\nurl: {MALFORMED_HOSTS[0]}\n---\n# Hosts\n\n"
        "The council approved the budget on 3 May 2026.\n"
    )
    with store.transaction() as session:
        article = articles.import_draft(session, draft_from_bytes(source.encode(), "h.md")).article
        start, end = _sentence_span(article.text, "The council")
        claim = claims.add_claim(session, article.id, start, end, actor="ana", origin="manual")
        claims.set_status(session, claim.id, "disputed", actor="ana")
        claim.evidence = [
            Evidence(url=url, title="", stance="refutes", position=n)
            for n, url in enumerate(MALFORMED_HOSTS)
        ]
        return article.id
