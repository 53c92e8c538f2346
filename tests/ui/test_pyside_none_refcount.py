"""Regression test: PySide6 6.12.0 leaked a reference to None on every void call."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_do_not_leak_none(qapp):
    label = QLabel()
    label.setText("warm up")
    before = sys.getrefcount(None)
    for n in range(10_000):
        label.setText("x" if n % 2 else "y")
    assert abs(sys.getrefcount(None) - before) < 50
