"""Write docs/report-example.html, a publication report of a sample library (approved
verdicts and public notes only), and screenshot it with headless Chromium.

Run: python tools/report_example.py   (needs Debian's chromium for the PNG).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1] / "tests" / "reports"))

from headless_chromium import CHROMIUM, chromium_command
from screenshots_editor import populate

from claimdesk.core.store import open_store
from claimdesk.reports import export

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "report-example.html"
PNG = ROOT / "docs" / "screenshots" / "report.png"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "example.sqlite3")
        populate(store)
        export(store, "html", HTML, kind="publication", organisation="Example Fact Desk")
        store.close()
        if not Path(CHROMIUM).exists():
            print(f"{HTML} written; install chromium for the screenshot", file=sys.stderr)
            return 0
        command = chromium_command(
            Path(tmp) / "profile",
            "--hide-scrollbars",
            f"--screenshot={PNG}",
            "--window-size=1200,1500",
            HTML.as_uri(),
        )
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    print(HTML)
    print(PNG)
    return 0


if __name__ == "__main__":
    sys.exit(main())
