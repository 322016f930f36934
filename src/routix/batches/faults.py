"""Injected provider failures for benchmarks and resilience tests (off unless configured).

``ROUTIX_BATCH_FAULTS`` (read by the process that runs the rows) makes a row's image call
fail before the pipeline runs, as a provider outage would:

* ``rate=0.05``: each attempt of each row fails with probability 0.05, decided by a hash of
  (row id, attempt), so a run is reproducible and a retry of the same row can succeed;
* ``row3=1``: the row at position 3 fails its first attempt; ``row4=99``: it always fails;
* ``retry_after=0.2``: the failure carries a Retry-After of 0.2 s.

Entries are comma-separated. ``@/path/to/file`` reads the entries from that file at every
row instead (a missing file injects nothing), so a test can change the faults of a worker
process that is already running. The failure is :class:`InjectedOutage`, an ordinary
exception, so the runner retries it per the kind's RetryPolicy.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ENV = "ROUTIX_BATCH_FAULTS"


class InjectedOutage(Exception):
    """A provider outage injected by ``ROUTIX_BATCH_FAULTS``; ``retry_after`` in seconds."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _spec() -> dict[str, float]:
    spec: dict[str, float] = {}
    text = os.environ.get(ENV, "")
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except OSError:
            return spec
    for part in text.split(","):
        key, _, value = part.partition("=")
        try:
            spec[key.strip()] = float(value)
        except ValueError:
            continue
    return spec


def maybe_fail(row_id: str, position: int, attempt: int) -> None:
    """Raise InjectedOutage when the configuration says this attempt of this row fails."""
    spec = _spec()
    if not spec:
        return
    fails = attempt <= spec.get(f"row{position}", 0)
    rate = spec.get("rate", 0.0)
    if not fails and rate > 0:
        digest = hashlib.sha256(f"{row_id}:{attempt}".encode()).digest()
        fails = int.from_bytes(digest[:4], "big") / 2**32 < rate
    if fails:
        raise InjectedOutage("the image provider was unavailable (injected)", spec.get("retry_after"))


__all__ = ["ENV", "InjectedOutage", "maybe_fail"]
