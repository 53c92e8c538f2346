"""Benchmark: `claimdesk articles --json` and `claims --json` on libraries of 1,000 and 10,000
articles (about 10 claims each) vs a bare sqlite3 SELECT of the same columns with json.dumps
per row, both in child processes in the same run (issue 15 item 3).

Run by hand: python tests/benchmarks/bench_cli_scale.py [LIB_1000 LIB_10000]
Without arguments it builds the libraries with tools/make_library.py (about a minute).
Targets: `claims --json` on 100,000 claims under 200 MB and at least 20,000 claims a second.
Peak memory is the child's own (os.wait4), not this process's. On a shared machine the wall
clock follows the load (printed before and after): items per CPU second are the steadier.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZES = (1000, 10_000)

BASELINE = {  # the same columns the command prints, one json.dumps per row
    "articles": """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
counts = {}
for a, s, r, n in db.execute(
        "SELECT article_id, status, review_state, count(*) FROM claims GROUP BY 1, 2, 3"):
    counts.setdefault(a, {})[s] = n
for row in db.execute("SELECT id, title, origin, imported_at FROM articles ORDER BY imported_at"):
    sys.stdout.write(json.dumps([*row, counts.get(row[0], {})], ensure_ascii=True) + "\\n")
""",
    "claims": """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
evidence = db.cursor()
query = 'SELECT * FROM claims ORDER BY article_id, start, "end", id'
cursor = db.execute(query)
names = [d[0] for d in cursor.description]
for row in cursor:
    item = dict(zip(names, row))
    item["reasons"] = json.loads(item["reasons"] or "[]")
    item["evidence"] = evidence.execute(
        "SELECT * FROM evidence WHERE claim_id = ? ORDER BY position", (row[0],)).fetchall()
    sys.stdout.write(json.dumps(item, ensure_ascii=True) + "\\n")
""",
}


def _child(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident memory (MB) of one child writing to
    /dev/null; on a shared machine the CPU figures are the steadier."""
    with open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=sink, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(argv)}: exit {child.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        (n,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(n)


def _libraries(scratch: Path) -> list[Path]:
    if len(sys.argv) == 1 + len(SIZES):
        return [Path(p) for p in sys.argv[1:]]
    made = []
    for size in SIZES:
        out = scratch / f"library-{size}.sqlite3"
        tool = [sys.executable, str(ROOT / "tools" / "make_library.py"), str(out)]
        subprocess.run([*tool, "--articles", str(size)], check=True, stdout=subprocess.DEVNULL)
        made.append(out)
    return made


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "CLAIMDESK_CONFIG_DIR": scratch}  # never the user's own settings
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print(
            f"{'library':>9} {'command':16} {'items':>7} {'time':>7} {'CPU':>6} {'MB':>5}"
            f" {'items/s':>8} {'/CPU s':>8} | {'bare':>6} {'CPU':>5} {'MB':>4} {'ratio':>6}"
            f" {'CPU':>5}"
        )
        worst_memory, slowest_rate = 0, float("inf")
        for db in _libraries(Path(scratch)):
            articles = _count(db, "articles")
            for command, table, extra in (
                ("articles", "articles", []),
                ("claims", "claims", ["--candidates"]),  # every claim, as the baseline
            ):
                argv = [sys.executable, "-m", "claimdesk", "--db", str(db), command, "--json"]
                seconds, cpu, memory = _child([*argv, *extra], env)
                bare_argv = [sys.executable, "-c", BASELINE[command], str(db)]
                bare, bare_cpu, bare_memory = _child(bare_argv, env)
                items = _count(db, table)
                print(
                    f"{articles:>9,} {command + ' --json':16} {items:>7,} {seconds:6.2f}s"
                    f" {cpu:5.2f}s {memory:>5} {items / seconds:>8,.0f} {items / cpu:>8,.0f}"
                    f" | {bare:5.2f}s"
                    f" {bare_cpu:4.2f}s {bare_memory:>4} {seconds / bare:5.1f}x"
                    f" {cpu / bare_cpu:4.1f}x"
                )
                if command == "claims":
                    worst_memory = max(worst_memory, memory)
                    slowest_rate = min(slowest_rate, items / seconds)
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(
        f"claims --json: at most {worst_memory} MB (target < 200), "
        f"at least {slowest_rate:,.0f} claims/s (target >= 20,000)"
    )
    return 0 if worst_memory < 200 and slowest_rate >= 20_000 else 1


if __name__ == "__main__":
    sys.exit(main())
