"""Which backend the service tests run on (``ROUTIX_TEST_BACKEND``), and shared test constants."""

from __future__ import annotations

import os

BACKEND = os.environ.get("ROUTIX_TEST_BACKEND", "embedded")
TEST_SECRET = "test-secret-" + "x" * 40
#: Short leases so tests of dead workers finish in seconds.
LEASE_SECONDS = 3.0
