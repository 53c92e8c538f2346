"""Claim extraction with spaCy: segmentation, scoring, suggestions."""
