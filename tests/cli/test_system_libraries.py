"""`claimdesk` on a Linux without the system libraries Qt needs: one message, every package."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest
from cli_library import Library, run_cli

from claimdesk.reports.qt_libraries import (
    QT_LIBRARIES,
    XCB_LIBRARIES,
    install_message,
    missing,
    missing_libraries_message,
    uses_xcb,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux libraries")

ABSENT = {  # sonames no system has, so the real dynamic linker fails to load them
    "libclaimdesk-absent-one.so.7": "claimdesk-absent-one7",
    "libclaimdesk-absent-two.so.3": "claimdesk-absent-two3",
}
PRESENT = {"libc.so.6": "libc6"}  # Python itself runs on it
QT = Path(PySide6.__file__).parent / "Qt"
XCB_PLUGIN = QT / "plugins" / "platforms" / "libqxcb.so"


def test_every_missing_library_is_named_in_one_message() -> None:
    absent = missing({**PRESENT, **ABSENT})  # the real loader: ctypes.CDLL, i.e. dlopen
    assert absent == ABSENT
    message = install_message(absent)
    assert "\n" not in message
    assert message.endswith("sudo apt install claimdesk-absent-one7 claimdesk-absent-two3")
    assert "libclaimdesk-absent-one.so.7, libclaimdesk-absent-two.so.3" in message


@pytest.mark.parametrize(
    ("environ", "xcb"),
    [
        ({"DISPLAY": ":0"}, True),  # an X11 desktop
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, True),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, True),  # Wayland fails, xcb next
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb:nograb", "DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, False),
        ({}, False),  # no display at all: nothing to show a window on
    ],
)
def test_xcb_is_checked_only_when_qt_will_use_it(environ: dict[str, str], xcb: bool) -> None:
    assert uses_xcb(environ) is xcb


def test_silent_when_nothing_is_missing() -> None:
    """Qt's own libraries are all here: the UI tests load them in this environment."""
    assert missing_libraries_message({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}) is None
    assert missing_libraries_message({"DISPLAY": ":0"}, platform="darwin") is None


def test_the_check_agrees_with_the_dynamic_linker() -> None:
    """What `ldd` cannot find for Qt's xcb plugin, the check reports missing; anything more it
    reports is installed but unloadable, for want of a library `ldd` finds missing in turn.

    (The check tries each library on its own: one whose own dependency is absent fails too.
    `ldd` names only the absent dependency.)
    """
    not_found, found = _ldd(XCB_PLUGIN)
    reported = set(missing({**QT_LIBRARIES, **XCB_LIBRARIES}))
    assert not_found <= reported
    for soname in reported - not_found:
        assert soname in found, f"{soname}: reported missing, yet ldd does not list it"
        assert _ldd(found[soname])[0], f"{soname}: reported missing, yet ldd loads it all"


def _ldd(library: Path) -> tuple[set[str], dict[str, Path]]:
    """The sonames `ldd` cannot find for `library`, and where it finds the others."""
    out = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=True).stdout
    not_found = set(re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE))
    found = {name: Path(path) for name, path in re.findall(r"^\s*(\S+) => (/\S+)", out, re.M)}
    return not_found, found


@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf (binutils)")
def test_the_lists_cover_every_system_library_qt_links() -> None:
    """A PySide6 upgrade that links a new system library fails here until it is listed."""
    base = {"libc.so.6", "libm.so.6", "libgcc_s.so.1", "libdl.so.2", "libpthread.so.0"}
    needed: dict[str, set[str]] = {}
    for group, files in {
        "qt": [QT / "lib" / f"libQt6{m}.so.6" for m in ("Core", "Gui", "DBus", "Widgets")],
        "xcb": [XCB_PLUGIN, QT / "lib" / "libQt6XcbQpa.so.6"],
        "pdf": [QT / "plugins" / "platforms" / "libqoffscreen.so"],  # what a PDF adds to Qt
    }.items():
        for file in files:
            dynamic = subprocess.run(
                ["readelf", "-d", str(file)], capture_output=True, text=True, check=True
            ).stdout
            needed.setdefault(group, set()).update(re.findall(r"NEEDED.*\[(.+)\]", dynamic))
    system = {
        group: {
            soname
            for soname in sonames
            if soname not in base
            and not soname.startswith(("ld-linux", "libQt6", "libicu"))  # bundled in the wheel
        }
        for group, sonames in needed.items()
    }
    assert system["qt"] == set(QT_LIBRARIES)
    assert system["xcb"] - system["qt"] == set(XCB_LIBRARIES)
    assert system["pdf"] <= system["qt"]  # so the PDF report checks QT_LIBRARIES alone


def test_launch_names_every_missing_package_instead_of_aborting(tmp_path: Path) -> None:
    """On a machine missing some xcb libraries (as this one may be): one line, exit 1."""
    absent = missing(XCB_LIBRARIES)
    if not absent:
        pytest.skip("every xcb library is installed here; Qt would open a real window")
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"}
    result = run_cli("--db", str(tmp_path / "lib.sqlite3"), env=env, text=True)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.endswith("sudo apt install " + " ".join(dict.fromkeys(absent.values())))
    assert not (tmp_path / "lib.sqlite3").exists()  # refused before anything else ran


# A PDF export in a fresh process, Qt not yet loaded, on a Linux where Qt's system libraries
# lack ABSENT: the real check, the real loader, a library no system has.
PDF_WITHOUT_LIBRARIES = """
import sys
import claimdesk.reports.qt_libraries as libraries
libraries.QT_LIBRARIES = {**libraries.QT_LIBRARIES, **%r}
from claimdesk.cli import main
code = main(["--db", sys.argv[1], "export", "--format", "pdf", "--out", sys.argv[2]])
assert "PySide6.QtGui" not in sys.modules, "QtGui was imported"
sys.exit(code)
"""


def test_a_pdf_export_names_missing_qt_libraries_before_loading_qt(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    result = subprocess.run(
        [sys.executable, "-c", PDF_WITHOUT_LIBRARIES % ABSENT, library.db, str(out)],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
        timeout=120,  # a hang guard only
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "claimdesk: a PDF report needs system libraries that are not installed "
        "(libclaimdesk-absent-one.so.7, libclaimdesk-absent-two.so.3); on Debian or Ubuntu: "
        "sudo apt install claimdesk-absent-one7 claimdesk-absent-two3\n"
    )
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
