"""Adapting the claim detector to one library from its reviewers' own decisions."""
