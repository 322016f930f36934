"""Library search (stub: filled in by issue 5)."""

from __future__ import annotations


def library_index(services):
    """The template index the pipeline searches for ``services`` (starter + uploaded templates)."""
    from ..templates import starter_index

    return starter_index()
