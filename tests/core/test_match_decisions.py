"""What the window's "Already checked" section does with a match, in the core: the stance an
earlier verdict gives as evidence, and "not the same claim" as an undoable command."""

from __future__ import annotations

import pytest
from test_matching import MOON, article, factchecks

from claimdesk.core import commands as c
from claimdesk.core.factchecks.library import import_file
from claimdesk.core.factchecks.matching import find_matches
from claimdesk.core.factchecks.stances import stance_for
from claimdesk.core.models import Claim


@pytest.mark.parametrize(
    ("rating", "stance"),
    [
        ("False", "refutes"),
        ("Mostly False", "refutes"),
        ("Pants on Fire!", "refutes"),
        ("Incorrect", "refutes"),
        ("Misleading", "refutes"),
        ("Four Pinocchios", "refutes"),
        ("True", "supports"),
        ("Mostly true", "supports"),
        ("Correct Attribution", "supports"),
        ("Half True", "context"),
        ("Mixture", "context"),
        ("Partly false", "context"),
        ("Unproven", "context"),
        ("Satire", "context"),
        ("Who knows", "context"),
    ],
)
def test_a_published_rating_gives_the_stance_of_the_evidence(rating, stance):
    assert stance_for("factcheck", rating) == stance


def test_a_library_verdict_gives_its_stance():
    assert stance_for("claim", "disputed") == "refutes"
    assert stance_for("claim", "sourced") == "supports"
    assert stance_for("claim", "speculative") == "context"


def test_not_the_same_claim_is_a_command_undone_and_redone(store, tmp_path):
    import_file(store, factchecks(tmp_path, [MOON]))
    _, claim_id = article(store, MOON + ", a director said.")
    key = find_matches(store, claim_id).matches[0].key

    def apply(cmd: c.Command) -> c.Command:
        with store.transaction() as session:
            version = session.get(Claim, claim_id).version
            return c.apply(session, cmd, "ana", expected_version=version)

    undo = apply(c.RejectMatch(claim_id, key))
    assert find_matches(store, claim_id).matches == []
    assert undo == c.RejectMatch(claim_id, key, forget=True)
    assert undo.label == "Offer the match again"
    redo = apply(undo)
    assert [m.key for m in find_matches(store, claim_id).matches] == [key]
    assert redo == c.RejectMatch(claim_id, key)
    apply(redo)
    # Said twice (a second window): undoing the second leaves the first in place.
    assert apply(c.RejectMatch(claim_id, key)) == c.RejectMatch(claim_id, key)
    assert find_matches(store, claim_id).matches == []
