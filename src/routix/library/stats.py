"""Template statistics (stub: filled in by issue 5)."""

from __future__ import annotations


def record_generation(session, row) -> None:
    """Count a finished generation against the template it used."""
    return None
