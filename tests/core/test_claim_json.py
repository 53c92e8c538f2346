"""The claims listing's JSON is written from the rows, not from the snapshots: it must be the
text json.dumps gives for the snapshot's dict, whatever the stored values hold."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from claimdesk.core.claim_json import claim_json
from claimdesk.core.highlight_reads import highlighted_in
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.listings import claim_listing
from claimdesk.core.readmodels import claim_rows
from claimdesk.core.serialize import claim_dict
from claimdesk.core.services import articles, claims, evidence
from claimdesk.core.services.claims import list_claims

HOSTILE = '\x1b[31mred\x1b[0m \u202eevil\u202c “quoted” \\ "q" 100% é 中 \U0001f600 \x7f \t'
REASONS = [  # as stored in claims.reasons: Claimdesk's own form first, then others
    '[{"kind": "number", "text": "number: 9 \\u00e9 \\"x\\" \\\\ \\n"}]',
    "[]",
    "null",
    '[{"text": "t", "kind": "k"}]',  # keys in another order
    '[{"kind": "k", "text": "t", "extra": 1}]',  # a key claim_row drops
    '[{"kind": 3, "text": null}]',  # not strings
    '[{"kind": "k", "text": "caf\\u00E9 \\/"}]',  # escapes json.dumps would not write
    '[{"kind": "k", "text": "café \u202e"}]',  # not ASCII
    '[{"kind":"k","text":"t"}]',  # other spacing
    '[{"kind": "k"}]',
]
TIMES = ["2025-01-02 03:04:05.000000", "2025-01-02 03:04:05.123456", "2025-01-02 03:04:05"]


@pytest.fixture
def listed(store) -> list[tuple[str, dict[str, object]]]:
    """(claim_json, what json.dumps of the snapshot's dict gives) for claims holding every
    kind of stored value."""
    body = " ".join(f"Sentence {i} {HOSTILE}." for i in range(len(REASONS)))
    with store.transaction() as session:
        article = articles.import_draft(session, ArticleDraft("T", body, "t.txt")).article
        at = 0
        for i, reasons in enumerate(REASONS):
            sentence = f"Sentence {i} {HOSTILE}."
            claim = claims.add_claim(session, article.id, at, at + len(sentence), actor="Ana")
            at += len(sentence) + 1
            if i % 2:
                claims.set_note(session, claim.id, HOSTILE, actor="Ana")
                evidence.add_evidence(
                    session, claim.id, "https://example.org/%41", actor="Ana", title=HOSTILE
                )
            session.flush()
            session.execute(
                text(
                    "UPDATE claims SET reasons = :r, score = :s, reviewed_at = :t, "
                    "created_at = :t WHERE id = :id"
                ),
                {
                    "r": reasons,
                    "s": [None, 0.5, 1.0, 1e-7][i % 4],
                    "t": TIMES[i % 3],
                    "id": claim.id,
                },
            )
    with store.reading() as session:
        rows = claim_rows(session, list_claims(session))
        shown = highlighted_in(session, {c.article_id for c in rows})
        expected = [
            json.dumps({**claim_dict(c, article_id=True), "highlighted": c.id in shown})
            for c in rows
        ]
        written = [
            claim_json(c) for chunk in claim_listing(session, candidates=True) for c in chunk
        ]
    return list(zip(written, expected, strict=True))


def test_every_stored_form_is_written_as_json_dumps_writes_the_snapshot(listed) -> None:
    assert len(listed) == len(REASONS)
    for written, expected in listed:
        assert written == expected
        assert written.isascii() and "\x1b" not in written and "\u202e" not in written
