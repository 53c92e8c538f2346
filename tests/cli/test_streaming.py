"""`claims` and `articles` write as they read: the same listing as before, paged by
--limit/--offset, never more than a chunk of rows held at once, and quiet when the reader
of a pipe goes away."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from collections.abc import Callable

import pytest
from cli_library import run_cli

from claimdesk.cli import main
from claimdesk.core import listings
from claimdesk.core.claim_json import claim_json
from claimdesk.core.highlight_reads import highlighted_in
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.readmodels import claim_rows
from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.serialize import claim_dict, summary_dict
from claimdesk.core.services import articles as article_service
from claimdesk.core.services import evidence
from claimdesk.core.services.articles import (
    ArticleSummary,
    article_chunks,
    import_draft,
    list_articles,
)
from claimdesk.core.services.claims import add_claim, list_claims, set_status
from claimdesk.core.store import open_store

ARTICLES, CLAIMS_EACH = 30, 8
STATUSES = ("unreviewed", "sourced", "disputed", "speculative", "dismissed")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """30 articles of 8 hand-made claims (always listed), with verdicts and evidence."""
    path = tmp_path_factory.mktemp("streaming") / "library.sqlite3"
    store = open_store(path)
    ensure_seeded(store, extract_claims=False)  # the two sample articles, without claims
    with store.transaction() as session:
        for a in range(ARTICLES):
            sentences = [
                f"Article {a} says figure {n} rose to {a * n}% in 2024 — “é” \u202e."
                for n in range(CLAIMS_EACH)
            ]
            text = "\n".join(sentences)
            draft = ArticleDraft(title=f"Article {a:02}", text=text, origin=f"a{a}.txt")
            article = import_draft(session, draft).article
            at = 0
            for n, sentence in enumerate(sentences):
                claim = add_claim(session, article.id, at, at + len(sentence), actor="ana")
                at += len(sentence) + 1
                status = STATUSES[(a + n) % len(STATUSES)]
                if status != "unreviewed":
                    set_status(session, claim.id, status, actor=("ana", "ben")[n % 2])
                if status in ("sourced", "disputed"):
                    evidence.add_evidence(
                        session, claim.id, f"https://example.org/{a}/{n}", actor="ben"
                    )
    store.close()
    return str(path)


def _old_claims(db: str) -> list[dict[str, object]]:
    """`claims --json --candidates` built as before: every claim read, then printed."""
    store = open_store(db)
    with store.reading() as session:
        claims = claim_rows(session, list_claims(session))
        shown = highlighted_in(session, {c.article_id for c in claims})
        listed = [{**claim_dict(c, article_id=True), "highlighted": c.id in shown} for c in claims]
    store.close()
    return listed


def _articles(db: str) -> list[dict[str, object]]:
    """`articles --json` as one chunk (test_core_chunks_... checks chunks add up to it)."""
    store = open_store(db)
    with store.reading() as session:
        listed = [summary_dict(s) for s in list_articles(session)]
    store.close()
    return listed


def _stdout(*argv: str) -> str:
    result = run_cli(*argv, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_streamed_json_is_the_listing_as_before(db: str) -> None:
    expected = _old_claims(db)
    assert len(expected) == ARTICLES * CLAIMS_EACH
    printed = _stdout("--db", db, "claims", "--json", "--candidates")
    assert printed == "[\n" + ",\n".join(map(json.dumps, expected)) + "\n]\n"  # to the byte
    highlighted = [c for c in expected if c["highlighted"]]
    assert json.loads(_stdout("--db", db, "claims", "--json")) == highlighted
    lines = _stdout("--db", db, "claims", "--jsonl", "--candidates").splitlines()
    assert [json.loads(line) for line in lines] == expected
    assert json.loads(_stdout("--db", db, "articles", "--json")) == _articles(db)
    lines = _stdout("--db", db, "articles", "--jsonl").splitlines()
    assert [json.loads(line) for line in lines] == _articles(db)


def test_json_is_printable_ascii_one_item_a_line(db: str) -> None:
    out = _stdout("--db", db, "claims", "--json", "--limit", "3")
    assert out.isascii() and "\x1b" not in out and "\u202e" not in out
    assert out.splitlines()[0] == "[" and out.splitlines()[-1] == "]"
    assert len(out.splitlines()) == 3 + 2
    assert _stdout("--db", db, "claims", "--json", "--limit", "0") == "[]\n"


@pytest.mark.parametrize(("offset", "limit"), [(0, 1), (7, 5), (235, 10), (240, 3), (500, 2)])
def test_limit_and_offset_page_the_listing(db: str, offset: int, limit: int) -> None:
    """Pages are slices of the whole listing, also past its end; the rest is never read."""
    everything = _old_claims(db)
    argv = ("--db", db, "claims", "--json", "--candidates", "--offset", str(offset))
    paged = json.loads(_stdout(*argv, "--limit", str(limit)))
    assert paged == everything[offset : offset + limit]
    assert json.loads(_stdout(*argv)) == everything[offset:]  # no --limit: to the end
    articles = _articles(db)
    argv = ("--db", db, "articles", "--jsonl", "--offset", str(offset), "--limit", str(limit))
    assert [json.loads(line) for line in _stdout(*argv).splitlines()] == articles[
        offset : offset + limit
    ]


def test_table_streams_with_the_widths_of_its_first_rows(db: str) -> None:
    table = _stdout("--db", db, "claims", "--candidates").splitlines()
    assert table[0].split() == ["ID", "STATUS", "SCORE", "EVIDENCE", "QUOTE"]
    assert len(table) == 1 + ARTICLES * CLAIMS_EACH
    status_at = table[0].index("STATUS")
    assert {line[status_at:].split()[0] for line in table[1:]} == set(STATUSES)
    paged = _stdout("--db", db, "articles", "--offset", "2", "--limit", "2").splitlines()
    assert [line.split()[-1] for line in paged] == ["TITLE", "00", "01"]  # after the samples


@pytest.mark.parametrize("bad", ["-1", "ten", "1.5"])
def test_a_bad_page_option_is_a_usage_error(db: str, bad: str) -> None:
    result = run_cli("--db", db, "claims", "--limit", bad, text=True)
    assert result.returncode == 2
    assert f"argument --limit: '{bad}' is not a whole number of 0 or more" in result.stderr


def _is_claim(item: object) -> bool:
    return type(item) is listings.ListedClaim


def _is_summary(item: object) -> bool:
    return type(item) is ArticleSummary


class _CountingStdout(io.StringIO):
    """stdout that counts, at every write, the mapped items alive in the process."""

    def __init__(self, kind: Callable[[object], bool]) -> None:
        super().__init__()
        self.kind = kind
        self.most = 0

    def write(self, text: str) -> int:
        alive = sum(1 for o in gc.get_objects() if self.kind(o))
        self.most = max(self.most, alive)
        return super().write(text)


@pytest.mark.parametrize(
    ("argv", "kind", "chunk_setting", "total"),
    [
        (["claims", "--candidates"], _is_claim, (listings, "CHUNK"), ARTICLES * CLAIMS_EACH),
        (["articles"], _is_summary, (article_service, "ARTICLE_CHUNK"), ARTICLES + 2),
    ],
    ids=["claims", "articles"],
)
def test_a_listing_holds_a_chunk_at_a_time(
    db: str,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    kind: Callable[[object], bool],
    chunk_setting: tuple[object, str],
    total: int,
) -> None:
    chunk = 4
    monkeypatch.setattr(*chunk_setting, chunk)
    out = _CountingStdout(kind)
    monkeypatch.setattr(sys, "stdout", out)
    gc.collect()
    assert main(["--db", db, *argv, "--jsonl"]) == 0
    assert len(out.getvalue().splitlines()) == total
    # the chunk being written and, at most, the one before it not yet collected
    assert 0 < out.most <= 2 * chunk < total


def test_claims_a_page_skips_are_never_mapped(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _CountingStdout(_is_claim)
    monkeypatch.setattr(sys, "stdout", out)
    gc.collect()
    argv = ["--db", db, "claims", "--candidates", "--jsonl", "--offset", "200", "--limit", "3"]
    assert main(argv) == 0
    assert [json.loads(line) for line in out.getvalue().splitlines()] == _old_claims(db)[200:203]
    assert out.most == 3  # the 200 claims skipped were read, never listed


def test_core_chunks_are_bounded_and_make_up_the_whole(db: str) -> None:
    everything = _old_claims(db)
    store = open_store(db)
    with store.reading() as session:
        chunks = list(listings.claim_listing(session, candidates=True, chunk=7))
        assert all(len(c) <= 7 for c in chunks) and len(chunks) == -(-len(everything) // 7)
        assert [json.loads(claim_json(c)) for part in chunks for c in part] == everything
        parts = list(article_chunks(session, chunk=4))
        assert max(map(len, parts)) == 4
        assert [s for part in parts for s in part] == list_articles(session)
    store.close()


def test_a_reader_that_goes_away_ends_the_listing_quietly(db: str) -> None:
    """`claimdesk claims --json | head -c 100`: no traceback, no 'Exception ignored'."""
    command = [sys.executable, "-m", "claimdesk", "--db", db, "claims", "--json", "--candidates"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.read(100).startswith(b"[\n{")
        child.stdout.close()  # the listing is larger than a pipe's buffer: it is mid-stream
        stderr = child.stderr.read()
        assert child.wait(timeout=60) == 1  # a hang guard only
    assert stderr == b""
