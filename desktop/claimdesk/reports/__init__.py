"""Annotated report exporters."""
