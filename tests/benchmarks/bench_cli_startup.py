"""Benchmark: what a `claimdesk` command costs before it does its work, against the floor of
every library command: a bare interpreter importing the store and the models (SQLAlchemy).

Run by hand:
    python tests/benchmarks/bench_cli_startup.py [LIB.sqlite3] [RUNS]
Without a library it makes one of 100 articles with tools/make_library.py.

Each command is a fresh `python -m claimdesk` writing to /dev/null; CPU time (the child's
own, os.wait4) is the steadier figure on a shared machine, the median of RUNS (default 7)
runs taken in turns. Before commands imported only their own modules, the reports (Jinja)
and the extractor (numpy) came with every run: ~0.2 s CPU more.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cli_runs import print_in_turns

ROOT = Path(__file__).resolve().parents[2]
FLOOR = "import claimdesk.core.store, claimdesk.core.models"
COMMANDS = (["articles", "--limit", "1"], ["claims", "--limit", "1"], ["--help"])


def main() -> int:
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "CLAIMDESK_CONFIG_DIR": scratch}  # never the user's own settings
        if len(sys.argv) > 1:
            db = sys.argv[1]
        else:
            db = str(Path(scratch) / "library.sqlite3")
            tool = [sys.executable, str(ROOT / "tools" / "make_library.py"), db]
            subprocess.run([*tool, "--articles", "100"], check=True, stdout=subprocess.DEVNULL)
        cases = {"floor: " + FLOOR: [sys.executable, "-c", FLOOR]}
        for command in COMMANDS:
            argv = [sys.executable, "-m", "claimdesk", "--db", db, *command]
            cases["claimdesk " + " ".join(command)] = argv
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs, {runs} runs")
        print_in_turns(cases, runs, env)
        print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
