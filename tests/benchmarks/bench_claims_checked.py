"""Benchmark: `claimdesk claims --json --checked-before` and `--not-checked-before` against the
unfiltered listing of the same library, in one run (issue 16: the filter is one more column
of the streamed listing, applied after the highlights are decided).

Run by hand:
    python tests/benchmarks/bench_claims_checked.py [LIB.sqlite3] [RUNS]
Without a library it makes one of 1,000 articles with tools/make_library.py. The library is
copied and every 10th claim given a stored earlier check by SQL (what `match --scan` stores,
without matching 10,000 claims first), every claim marked scanned. CPU time of the child
(os.wait4), median of RUNS (default 3) taken in turns; the load average is printed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from cli_runs import print_in_turns

ROOT = Path(__file__).resolve().parents[2]
FILTERS = ([], ["--checked-before"], ["--not-checked-before"])


def _checked_copy(source: str, copy: Path) -> int:
    shutil.copy(source, copy)
    with sqlite3.connect(copy) as db:
        db.execute("DELETE FROM claim_matches")
        db.execute(
            "INSERT INTO claim_matches SELECT id, 'factcheck:' || (rowid % 97), 0.9 FROM claims"
            " WHERE rowid % 10 = 0"
        )
        db.execute("DELETE FROM match_scans")
        generation = db.execute(
            "SELECT coalesce(max(value), 0) FROM claimdesk_meta WHERE key = 'matching.generation'"
        ).fetchone()[0]
        db.execute(
            "INSERT INTO match_scans SELECT id, ?, '2999-01-01 00:00:00.000000' FROM claims",
            (int(generation),),
        )
        (claims,) = db.execute("SELECT count(*) FROM claims").fetchone()
    return int(claims)


def main() -> int:
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "CLAIMDESK_CONFIG_DIR": scratch}  # never the user's own settings
        source = sys.argv[1] if len(sys.argv) > 1 else str(Path(scratch) / "made.sqlite3")
        if len(sys.argv) == 1:
            tool = [sys.executable, str(ROOT / "tools" / "make_library.py"), source]
            subprocess.run([*tool, "--articles", "1000"], check=True, stdout=subprocess.DEVNULL)
        db = Path(scratch) / "checked.sqlite3"
        claims = _checked_copy(source, db)
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; {claims:,} claims,"
              f" every 10th checked before; median of {runs}")  # fmt: skip
        cases = {}
        for extra in FILTERS:
            argv = [sys.executable, "-m", "claimdesk", "--db", str(db), "claims", "--json", *extra]
            listed = subprocess.run(argv, capture_output=True, check=True, env=env).stdout
            name = " ".join(["claims --json", *extra])
            cases[f"{name} ({len(json.loads(listed)):,} claims)"] = argv
        print_in_turns(cases, runs, env)
        print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
