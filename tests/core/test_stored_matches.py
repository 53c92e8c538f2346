"""Stored matches (issue 16, the dashboard's "checked before"): the background scan stores
what the inspector shows, in batches that survive a cancel, and follows imports, removals,
threshold changes, edits and "not the same claim"; the dashboard filters on them in SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_matching import MOON, OTHERS, article, factchecks, tag

from claimdesk.core.errors import OperationCancelled
from claimdesk.core.factchecks.generation import current_generation
from claimdesk.core.factchecks.library import import_file, remove_factchecks
from claimdesk.core.factchecks.matching import (
    DEFAULT_CHECKED_BEFORE,
    DEFAULT_SUGGEST,
    find_matches,
    reject_match,
    set_thresholds,
    unreject_match,
)
from claimdesk.core.factchecks.scan_child import scan_in_child
from claimdesk.core.factchecks.stored import pending_count, scan, stored_keys
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.services.articles import import_draft
from claimdesk.core.services.claims import add_claim, set_note
from claimdesk.core.services.dashboard import (
    SORT_KEYS,
    ClaimFilter,
    ClaimOrder,
    claim_tally,
    claim_window,
    find_claims,
)

WINDMILLS = "A senator said windmills cause cancer in nearby residents"
UNRELATED = [
    "The city council approved a new budget for public libraries on Tuesday",
    "Our team won the regional chess tournament after a tense final round",
    "Rain is expected across the northern valleys during the weekend",
]


def current_generation_of(store) -> int:
    with store.reading() as session:
        return current_generation(session)


def pending(store) -> int:
    with store.reading() as session:
        return pending_count(session)


def keys(store, claim_id: str) -> list[str]:
    with store.reading() as session:
        return stored_keys(session, claim_id)


def shown(store, checked_before: bool) -> set[str]:
    with store.reading() as session:
        return {c.id for c in find_claims(session, ClaimFilter(checked_before=checked_before))}


def live(store, claim_id: str) -> list[str]:
    return [m.key for m in find_matches(store, claim_id).matches]


@pytest.fixture
def library(store, tmp_path: Path) -> tuple[object, str, str, list[str]]:
    """Fact-checks, a claim that matches one, and claims that match none; (store, the
    matching claim, a windmill claim with no fact-check yet, the unrelated claims)."""
    import_file(store, factchecks(tmp_path, [MOON, *OTHERS[:2]]))
    _, moon = article(store, "The 1969 moon landing was filmed in a Hollywood studio", "Moon")
    _, windmills = article(store, "Windmills cause cancer, a senator said", "Wind")
    others = [article(store, text, f"Other {n}")[1] for n, text in enumerate(UNRELATED)]
    return store, moon, windmills, others


def test_the_scan_stores_what_the_inspector_shows_and_the_filter_reads_it(library) -> None:
    store, moon, windmills, others = library
    assert pending(store) == 5 and shown(store, True) == set()
    summary = scan(store, batch=2)
    assert (summary.scanned, summary.checked_before, summary.left) == (5, 1, 0)
    assert pending(store) == 0
    assert keys(store, moon) == live(store, moon) and keys(store, moon)
    assert all(keys(store, c) == live(store, c) == [] for c in [windmills, *others])
    assert shown(store, True) == {moon}
    assert shown(store, False) == {windmills, *others}
    with store.reading() as session:  # counted as all less those checked before
        counted = {v: claim_tally(session, ClaimFilter(checked_before=v)) for v in (True, False)}
    assert counted[True].matching == 1 and counted[False].matching == 4
    assert counted[False].rollup.counts["unreviewed"] == 4
    with store.reading() as session:
        (listed,) = find_claims(session, ClaimFilter(checked_before=True))
    assert listed.earlier_key == keys(store, moon)[0] and 0 < (listed.earlier_score or 0) <= 1
    assert scan(store).scanned == 0  # nothing left to do: a re-run is free


def test_a_weak_match_is_suggested_but_marks_nothing(library, db_path) -> None:
    """Between the suggest and checked-before scores a match is stored and shown in the
    inspector, but the claim is not "checked before": at the suggest score 88% of claims
    with no fact-check were (README, "Checked before"). The library may move the mark."""
    store, moon, windmills, _ = library
    scan(store)
    (best,) = keys(store, moon)[:1]
    weak = (DEFAULT_CHECKED_BEFORE + DEFAULT_SUGGEST) / 2
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE claim_matches SET score = ? WHERE claim_id = ?", (weak, moon))
        db.execute(
            "INSERT INTO claim_matches (claim_id, match_key, score) VALUES (?, ?, ?)",
            (windmills, best, DEFAULT_CHECKED_BEFORE),
        )
    assert keys(store, moon) == [best]  # still stored, as the inspector suggests it
    assert shown(store, True) == {windmills}
    with store.reading() as session:
        (listed,) = find_claims(session, ClaimFilter(checked_before=True))
        assert claim_tally(session, ClaimFilter(checked_before=True)).matching == 1
        moon_row = next(c for c in find_claims(session, ClaimFilter()) if c.id == moon)
    assert (listed.earlier_key, listed.earlier_score) == (best, DEFAULT_CHECKED_BEFORE)
    assert moon_row.earlier_key is None  # no mark in the claims table either

    generation = current_generation_of(store)
    assert set_thresholds(store, checked_before=weak).checked_before == weak
    assert shown(store, True) == {moon, windmills}
    set_thresholds(store, checked_before=DEFAULT_CHECKED_BEFORE + 0.01)
    assert shown(store, True) == set()
    assert current_generation_of(store) == generation and pending(store) == 0  # no rescan


def test_a_cancelled_scan_keeps_its_batches_and_a_rerun_finishes(library, db_path) -> None:
    store, moon, *_ = library
    seen: list[int] = []

    def after_first_batch() -> bool:
        return len(seen) > 1  # progress(0) and the first batch's progress

    with pytest.raises(OperationCancelled):
        scan(store, batch=2, progress=lambda done, total: seen.append(done),
             is_cancelled=after_first_batch)  # fmt: skip
    assert seen == [0, 2] and pending(store) == 3
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM match_scans").fetchone() == (2,)
    assert scan(store, batch=2).scanned == 3
    assert pending(store) == 0 and shown(store, True) == {moon}


def test_importing_fact_checks_rescans_and_finds_the_new_match(library, tmp_path) -> None:
    store, moon, windmills, _ = library
    scan(store)
    import_file(store, factchecks(tmp_path, [WINDMILLS], "second.json"))
    assert pending(store) == 5  # every claim may match the new fact-check
    assert shown(store, True) == {moon}  # what was stored still counts meanwhile
    scan(store)
    assert shown(store, True) == {moon, windmills}
    assert keys(store, windmills) == live(store, windmills) != []


def test_not_the_same_claim_removes_the_stored_pair_at_once(library) -> None:
    store, moon, *_ = library
    scan(store)
    (first, *rest) = keys(store, moon)
    for key in [first, *rest]:
        reject_match(store, moon, key, "ana")
    assert keys(store, moon) == [] and shown(store, True) == set()
    assert pending(store) == 0  # nothing to rescan: the pair is gone, not recomputed
    assert unreject_match(store, moon, first)  # undone: matched again by the next scan
    assert pending(store) == 1
    scan(store)
    assert keys(store, moon) == [first] and shown(store, True) == {moon}


def test_removing_fact_checks_drops_their_matches_and_rescans(library) -> None:
    store, moon, *_ = library
    scan(store)
    remove_factchecks(store, None)
    assert keys(store, moon) == [] and shown(store, True) == set()
    assert pending(store) == 5
    scan(store)
    assert shown(store, True) == set()


def test_a_new_suggest_threshold_rescans_and_the_same_one_does_not(library) -> None:
    store, moon, *_ = library
    scan(store)
    set_thresholds(store, suggest=0.18)  # the default, unchanged
    assert pending(store) == 0
    set_thresholds(store, suggest=0.99)
    assert pending(store) == 5
    scan(store)
    assert shown(store, True) == set() and live(store, moon) == []


def test_an_edited_claim_is_scanned_again(library) -> None:
    store, moon, *_ = library
    scan(store)
    with store.transaction() as session:
        set_note(session, moon, "asked by a reader", actor="ana")
    assert pending(store) == 1
    assert scan(store).scanned == 1


def test_a_library_match_counts_only_while_its_claim_keeps_a_verdict(store) -> None:
    _, disputed = article(store, WINDMILLS, "First")
    tag(store, disputed, "disputed")
    _, later = article(store, "Windmills cause cancer in people living nearby, said a senator")
    scan(store)
    assert keys(store, later) == [f"claim:{disputed}"] and shown(store, True) == {later}
    tag(store, disputed, "unreviewed")  # its verdict withdrawn: not checked before after all
    assert shown(store, True) == set()


@pytest.mark.parametrize("key", [None, *SORT_KEYS])
@pytest.mark.parametrize("descending", [False, True])
def test_each_order_lists_the_claims_as_the_unfiltered_listing_does(
    library, tmp_path, key, descending
) -> None:
    """Each order takes its own way to the rows (walked by index, read from the stored
    matches, sorted then asked): the rows are the unfiltered listing's, in its order."""
    store, moon, windmills, others = library
    import_file(store, factchecks(tmp_path, [WINDMILLS], "second.json"))
    with store.transaction() as session:  # the orders by date and reviewer differ
        set_note(session, others[1], "a note", actor="ana")
        set_note(session, windmills, "a note", actor="ben")
    scan(store)
    assert shown(store, True) == {moon, windmills}
    order = ClaimOrder(key, descending)
    with store.reading() as session:
        every = claim_window(session, ClaimFilter(), order).rows
        for wanted in (True, False):
            picked = claim_window(session, ClaimFilter(checked_before=wanted), order)
            expected = [c.id for c in every if (c.earlier_key is not None) == wanted]
            assert [c.id for c in picked.rows] == expected
            offset = claim_window(session, ClaimFilter(checked_before=wanted), order, 1, 2)
            assert [c.id for c in offset.rows] == expected[1:3]


def test_the_scan_in_a_child_process_stores_the_same_and_cancel_ends_it(library, db_path) -> None:
    store, moon, *_ = library
    with store.transaction() as session:  # enough claims for several batches
        lines = [f"Line {n}: the weather in town {n} was mild today." for n in range(200)]
        text = "\n".join(lines)
        made = import_draft(session, ArticleDraft(title="Many", text=text, origin="many")).article
        at = 0
        for line in lines:
            add_claim(session, made.id, at, at + len(line), actor="t")
            at += len(line) + 1
    total = pending(store)
    seen: list[int] = []
    with pytest.raises(OperationCancelled):  # asked to stop once a batch is in: ended at once
        scan_in_child(str(db_path), progress=lambda done, _total: seen.append(done),
                      is_cancelled=lambda: bool(seen) and seen[-1] > 0)  # fmt: skip
    left = pending(store)
    assert 0 < left < total and seen[0] == 0
    done = scan_in_child(str(db_path), progress=lambda *_: None, is_cancelled=lambda: False)
    assert (done.scanned, done.left) == (left, 0)
    assert shown(store, True) == {moon} and keys(store, moon) == live(store, moon)
