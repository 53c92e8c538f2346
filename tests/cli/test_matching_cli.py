"""The fact-check and matching commands as real processes: output, exit codes, eval figures."""

from __future__ import annotations

import json
from pathlib import Path

from cli_library import Library, run_cli

from claimdesk.core.factchecks.evaluation import average_precision

FEED = [
    {
        "@type": "ClaimReview",
        "url": "https://checks.example/1",
        "claimReviewed": "The ministry said unemployment fell to 4.1% <script>x</script>",
        "reviewRating": {"alternateName": "Misleading \x1b[31m"},
        "author": {"name": "Checks\nforged line"},
        "datePublished": "2026-01-02",
    },
    {"@type": "ClaimReview", "url": "https://checks.example/2", "claimReviewed": "No rating"},
]


def _feed(tmp_path: Path) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(FEED), "utf-8")
    return path


def test_import_list_match_and_remove(library: Library, tmp_path: Path) -> None:
    done = run_cli("--db", library.db, "factchecks", "import", str(_feed(tmp_path)), text=True)
    assert done.returncode == 0, done.stderr
    assert "record 2: reviewRating.alternateName: is missing or empty; left out" in done.stdout
    assert "1 added, 0 updated" in done.stdout
    listed = run_cli("--db", library.db, "factchecks", "list", text=True)
    assert "\x1b" not in listed.stdout and "Misleading \\x1b[31m" in listed.stdout
    assert "Checks forged line" in listed.stdout  # white space in a field is one space
    rows = json.loads(run_cli("--db", library.db, "factchecks", "list", "--json").stdout)
    assert [r["url"] for r in rows] == ["https://checks.example/1"]

    matched = run_cli("--db", library.db, "match", library.claim_id, "--json")
    assert matched.returncode == 0, matched.stderr
    found = json.loads(matched.stdout)["matches"]
    assert found[0]["url"] == "https://checks.example/1"
    assert {"ministry", "unemployment"} <= set(found[0]["matched_words"])
    shown = run_cli("--db", library.db, "match", library.claim_id, text=True)
    assert "Misleading" in shown.stdout and "\x1b" not in shown.stdout

    key = found[0]["key"]
    again = run_cli("--db", library.db, "match", library.claim_id, "--not-same", key, "--json")
    assert key not in [m["key"] for m in json.loads(again.stdout)["matches"]]

    removed = run_cli("--db", library.db, "factchecks", "remove", "--all", text=True)
    assert removed.returncode == 0 and "1 fact-checks removed" in removed.stdout


def test_exit_codes(library: Library, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", "utf-8")
    done = run_cli("--db", library.db, "factchecks", "import", str(bad), str(_feed(tmp_path)))
    assert done.returncode == 1 and b"bad.json: is not JSON" in done.stderr
    assert b"1 added" in done.stdout  # the good file after it is still imported
    assert run_cli("--db", library.db, "match", "no-such-claim").returncode == 1
    assert run_cli("--db", library.db, "factchecks", "remove", "999").returncode == 1
    assert run_cli("--db", library.db, "factchecks", "remove").returncode == 2
    assert run_cli("--db", library.db, "factchecks", "remove", "x").returncode == 2
    assert run_cli("--db", library.db, "match", library.claim_id, "--limit", "0").returncode == 2
    assert run_cli("--db", library.db, "match-thresholds", "--suggest", "2").returncode == 2
    shown = run_cli("--db", library.db, "match-thresholds", "--auto-link", "0.9", text=True)
    assert shown.stdout.strip() == "suggest 0.18, checked before 0.3, auto-link 0.9"
    moved = run_cli("--db", library.db, "match-thresholds", "--checked-before", "0.4", text=True)
    assert moved.stdout.strip() == "suggest 0.18, checked before 0.4, auto-link 0.9"
    refused = run_cli("--db", library.db, "match-thresholds", "--checked-before", "0", text=True)
    assert refused.returncode == 2 and "--checked-before" in refused.stderr


def test_eval_matching_gives_the_figures_computed_by_hand(tmp_path: Path) -> None:
    (tmp_path / "fc.tsv").write_text(
        "\tvclaim\ttitle\n"
        "0\tWindmills cause cancer\tDo windmills cause cancer?\n"
        "1\tThe moon landing was faked in a studio\tMoon landing hoax\n"
        "2\tWindmill noise causes cancer in cows\tCows and windmills\n"
        "3\tHot water cures the flu\tFlu cure\n",
        "utf-8",
    )
    (tmp_path / "q.tsv").write_text(
        "\ttweet_content\n"
        "q1\tthe moon landing was faked in a studio!\n"
        "q2\twindmill noise gives cows cancer\n"
        "q3\twindmills cause cancer\n"
        "q4\tnothing relevant at all zzz\n",
        "utf-8",
    )
    # q1 finds its fact-check first (AP 1); q2's gold (0) comes second after 2 (AP 1/2);
    # q3 has two gold items, 0 first and 2 second (AP 1); q4 finds nothing (AP 0).
    (tmp_path / "q.qrels").write_text("q1 0 1 1\nq2 0 0 1\nq3 0 0 1\nq3 0 2 1\nq4 0 3 1\n", "utf-8")
    done = run_cli(
        "eval-matching",
        *(str(tmp_path / n) for n in ("q.tsv", "q.qrels", "fc.tsv")),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["queries"] == 4 and figures["factchecks"] == 4
    blended = figures["stages"]["bm25 + ngram cosine"]
    assert blended == {"map@5": (1 + 0.5 + 1 + 0) / 4, "mrr@5": 0.625, "precision@1": 0.5}
    assert average_precision(["a", "x", "b"], {"a", "b"}) == (1 + 2 / 3) / 2


def test_eval_matching_names_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "q.tsv").write_text("\ttweet\nq1\ttext\n", "utf-8")
    (tmp_path / "q.qrels").write_text("q1 0\n", "utf-8")
    (tmp_path / "fc.tsv").write_text("\tvclaim\ttitle\n0\tx\ty\n", "utf-8")
    done = run_cli("eval-matching", *(str(tmp_path / n) for n in ("q.tsv", "q.qrels", "fc.tsv")))
    assert done.returncode == 1 and b"q.qrels:1: expected" in done.stderr
