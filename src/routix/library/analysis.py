"""Template analysis jobs (stub: filled in by issue 5)."""

from __future__ import annotations


def run_analysis(services, template_id: str, worker_id: str) -> str:
    return "skipped"
