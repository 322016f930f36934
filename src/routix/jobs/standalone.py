"""``python -m routix.jobs.standalone``: in-process workers and the reaper without the API.

Runs the embedded queue (``InlineQueue``) against the configured database and blob store until
SIGTERM/SIGINT: on start the reaper dispatches every unfinished job, so this is also a way to
finish jobs after a crash without serving HTTP. Used by the crash test.
"""

from __future__ import annotations

import logging
import signal
import threading

from routix.config import get_settings
from routix.kit.logs import configure
from routix.kit.memory import limit_malloc_arenas
from routix.services import Services


def main() -> None:
    """Run the workers until SIGTERM/SIGINT (see the module docstring)."""
    limit_malloc_arenas()
    settings = get_settings()
    configure(settings.log_format, logging.INFO)
    services = Services(settings)
    if services.settings.is_embedded_db:
        services.migrate()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    from routix.jobs.inline import InlineQueue  # heavy (every job kind's modules): after the malloc tuning

    queue = InlineQueue(services)
    services.__dict__["queue"] = queue  # dispatches wake these workers
    queue.start()
    print("routix standalone workers ready", flush=True)
    stop.wait()
    services.close()


if __name__ == "__main__":
    main()
