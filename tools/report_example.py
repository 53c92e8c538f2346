"""Write docs/report-example.html from a sample library and screenshot it with headless Chromium.

Run: python tools/report_example.py   (needs Debian's chromium for the PNG).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from screenshots_editor import populate

from claimdesk.core.store import open_store
from claimdesk.reports import export

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "report-example.html"
PNG = ROOT / "docs" / "screenshots" / "report.png"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "example.sqlite3")
        populate(store)
        export(store, "html", HTML, organisation="Example Fact Desk")
        store.close()
        chromium = shutil.which("chromium")
        if chromium is None:
            print(f"{HTML} written; install chromium for the screenshot", file=sys.stderr)
            return 0
        subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
             f"--screenshot={PNG}", "--window-size=1200,1500", HTML.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    print(HTML)
    print(PNG)
    return 0


if __name__ == "__main__":
    sys.exit(main())
