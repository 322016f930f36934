"""The credits ledger (stub: filled in by issue 6)."""

from __future__ import annotations


def settle(session, row) -> None:
    """Commit (completed) or release (failed) the credits reserved for generation ``row``."""
    return None
