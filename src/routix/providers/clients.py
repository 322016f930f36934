"""The official SDK clients, built on an ``httpx.Client`` Routix owns.

Both SDKs accept an injected httpx client (``google-genai``: ``HttpOptions(httpx_client=...)``;
``openai``: ``OpenAI(http_client=...)``). Routix passes its own so that the per-call timeout is
one number (``provider_timeout`` seconds), the SDKs' own retries are off (Routix retries, see
resilience.py, and counts every attempt) and tests can mock the HTTP layer with respx. Without
an injected client both SDKs would default to ``httpx2``.

Clients are cached per (key, timeout), at most 8, so generations share connection pools
(``httpx.Client`` and both SDK clients are safe to use from several threads).
"""

from __future__ import annotations

from functools import lru_cache

import httpx

from routix.config import get_settings
from routix.providers.settings import ProviderSettings


def timeout_of(settings: ProviderSettings) -> float:
    """Seconds per provider call: ``ROUTIX_PROVIDERS_TIMEOUT`` else ``ROUTIX_PROVIDER_TIMEOUT``."""
    return settings.timeout or get_settings().provider_timeout


def http_client(timeout: float) -> httpx.Client:
    """An httpx client with ``timeout`` seconds for reading and writing, at most 10 s to connect."""
    return httpx.Client(timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)), follow_redirects=True)


@lru_cache(maxsize=8)
def gemini_client(api_key: str, timeout: float):
    """A ``google.genai.Client`` for the Gemini Developer API with no SDK retries."""
    from google import genai
    from google.genai import types

    options = types.HttpOptions(
        httpx_client=http_client(timeout),
        timeout=int(timeout * 1000),  # milliseconds; without it the SDK sends timeout=None
        retry_options=types.HttpRetryOptions(attempts=1),
    )
    return genai.Client(api_key=api_key, http_options=options)


@lru_cache(maxsize=8)
def openai_client(api_key: str, timeout: float):
    """An ``openai.OpenAI`` client with no SDK retries."""
    import openai

    # openai annotates http_client as httpx2.Client only; at run time it also takes an httpx.Client
    client = http_client(timeout)
    return openai.OpenAI(api_key=api_key, http_client=client, max_retries=0, timeout=timeout)  # type: ignore[arg-type]
