"""`claimdesk claims` lists highlighted claims; `--candidates` adds the faint ones, marked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimdesk.cli import main
from claimdesk.core.highlights import budget

pytestmark = pytest.mark.slow  # imports run spaCy and the sentence model

# A wire report of 40 sentences, every one with a figure: far more claim-like sentences
# than an article of its length may highlight.
WIRE = "\n\n".join(
    f"Shipments from plant {i} rose {i + 3} percent in {2000 + i} to {i + 2} million tonnes, "
    f"the ministry said on Tuesday."
    for i in range(40)
)


def test_candidates_are_listed_on_request_and_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "cli.sqlite3")
    path = tmp_path / "wire.txt"
    path.write_text(WIRE, encoding="utf-8")
    assert main(["--db", db, "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "articles", "--json"]) == 0
    (article,) = [a for a in json.loads(capsys.readouterr().out) if a["origin"] == "wire.txt"]
    wire = str(article["id"])[:8]

    def listed(*more: str) -> list[dict[str, object]]:
        assert main(["--db", db, "claims", "--article", wire, "--json", *more]) == 0
        return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]

    shown, everything = listed(), listed("--candidates")
    assert all(c["highlighted"] is True for c in shown)
    assert 0 < len(shown) <= budget(len(WIRE.split())) < len(everything)
    faint = [c for c in everything if c["highlighted"] is False]
    assert len(faint) == len(everything) - len(shown)
    # `articles` counts them apart: the claims `claims` lists, then the candidates.
    assert (article["claims"], article["candidates"]) == (len(everything), len(faint))
    assert main(["--db", db, "articles"]) == 0
    (row,) = [line.split()[:4] for line in capsys.readouterr().out.splitlines() if wire in line]
    assert row == [wire, str(len(shown)), str(len(faint)), f"0/{len(shown)}"]
    assert {c["id"] for c in shown} == {c["id"] for c in everything if c["highlighted"]}

    assert main(["--db", db, "tag", str(faint[0]["id"]), "dismissed"]) == 0
    capsys.readouterr()
    assert faint[0]["id"] in {c["id"] for c in listed()}  # reviewed work is always shown

    assert main(["--db", db, "claims", "--article", wire, "--candidates"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == len(everything) + 1  # the header, then one line per claim
