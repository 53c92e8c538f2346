"""Pipelines shared by the extraction tests: each loaded once per session."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The trained pipeline with our components, as the app uses it."""
    from claimdesk.core.extraction.nlp import get_nlp

    return get_nlp(rule_only=False)


@pytest.fixture(scope="session")
def rule_nlp() -> Any:
    """The rule-only fallback pipeline (blank English + sentencizer + our components)."""
    from claimdesk.core.extraction.nlp import get_nlp

    return get_nlp(rule_only=True)
