"""Before Qt starts on Linux: are the system libraries it needs installed?

PySide6's wheel brings Qt but not the system libraries Qt links. One missing makes
`import PySide6.QtWidgets` fail naming only that library; a missing X11 (xcb) library makes Qt
abort the process (exit 134) naming only xcb-cursor0. A user then installs them one launch at a
time. Loading each library first lets one message name every package to install.

Imports no Qt, so it can run before Qt's libraries are loaded: by the window before it opens,
and by the PDF report (the only report made with Qt) before it imports QtGui. It lives with the
reports because the layers below the window may not import it.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# Soname -> Debian/Ubuntu package. The system libraries (not libc, not bundled with the wheel)
# that `readelf -d` lists as needed by libQt6Core, libQt6Gui (and the libQt6DBus it links) and
# libQt6Widgets: needed on every platform.
QT_LIBRARIES = {
    "libdbus-1.so.3": "libdbus-1-3",
    "libstdc++.so.6": "libstdc++6",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
}
# What the xcb platform plugin (plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6) adds.
XCB_LIBRARIES = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will start on its X11 (xcb) platform.

    In a Wayland session Qt tries Wayland first and xcb only if that fails (no
    $WAYLAND_DISPLAY); refusing to start there for want of xcb libraries would stop a window
    that works.
    """
    requested = environ.get("QT_QPA_PLATFORM", "")
    if requested:  # "xcb", "wayland;xcb", "xcb:option=value"
        names = [name.split(":")[0].strip() for name in requested.split(";")]
    elif environ.get("DISPLAY"):
        names = ["wayland", "xcb"] if environ.get("XDG_SESSION_TYPE") == "wayland" else ["xcb"]
    else:
        return False
    viable = [n for n in names if not n.startswith("wayland") or environ.get("WAYLAND_DISPLAY")]
    return bool(viable) and viable[0] == "xcb"


def missing(
    libraries: Mapping[str, str], load: Callable[[str], object] = ctypes.CDLL
) -> dict[str, str]:
    """The libraries (soname -> package) the dynamic linker cannot load."""
    absent = {}
    for soname, package in libraries.items():
        try:
            load(soname)
        except OSError:
            absent[soname] = package
    return absent


def install_message(absent: Mapping[str, str], needed_by: str = "the window") -> str:
    """One line naming the missing libraries and the command that installs them all."""
    packages = " ".join(dict.fromkeys(absent.values()))
    return (
        f"{needed_by} needs system libraries that are not installed ({', '.join(absent)}); "
        f"on Debian or Ubuntu: sudo apt install {packages}"
    )


def missing_libraries_message(
    environ: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    needed_by: str = "the window",
) -> str | None:
    """What to tell the user before starting Qt, or None when nothing it needs is missing."""
    if not platform.startswith("linux"):
        return None
    wanted = {**QT_LIBRARIES, **(XCB_LIBRARIES if uses_xcb(environ) else {})}
    absent = missing(wanted)
    return install_message(absent, needed_by) if absent else None
