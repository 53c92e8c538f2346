"""Sample articles loaded into a brand-new library (package data, read with importlib.resources)."""
