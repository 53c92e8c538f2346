"""Stylesheet, icons, report templates and extraction patterns, shipped inside the wheel."""
