"""Prometheus metrics: the series (``registry``), the HTTP middleware (``middleware``), the
recording functions the job runner, the providers and the credits ledger call (``recording``)
and the ``/metrics`` route (``router``). See docs/observability.md for the series and for
multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``) with Celery workers."""

from __future__ import annotations
