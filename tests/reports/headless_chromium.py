"""Debian's Chromium run headless, as the ClaimReview embedding test and
tools/report_example.py run it: no sandbox, GPU, network chatter or first-run set-up, and a
profile of the caller's, so nothing of the user's own browser is read or written."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def chromium_command(profile: Path, *options: str) -> list[str]:
    """The command line for one headless run with `options` (the page's address among them)."""
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *options,
    ]
