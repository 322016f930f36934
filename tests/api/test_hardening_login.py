"""Login throttling an attacker cannot step around: ``X-Forwarded-For`` is believed only from
``ROUTIX_TRUSTED_PROXIES`` (``routix serve`` gives uvicorn the same list), and failed sign-ins
are also counted per account, from every address together (429 with Retry-After)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from api.live_server import serve
from routix.api.limits import TrustedProxies, forwarded_client
from routix.cli.service import uvicorn_options
from routix.config import Settings

PASSWORD = "correct horse battery"


@pytest.fixture
def proxies() -> list[str]:
    """``ROUTIX_TRUSTED_PROXIES`` of the test (none; ``behind_proxy`` tests: 127.0.0.1)."""
    return []


@pytest.fixture
def settings(settings: Settings, proxies: list[str]) -> Settings:
    """Limits on, low, in a namespace of this test (Redis is shared)."""
    return settings.model_copy(update={
        "rate_limits": True, "rate_limit_auth": "3/minute", "rate_limit_auth_ip": "5/minute",
        "rate_limit_auth_account": "4/minute", "rate_limit_prefix": f"test-{uuid.uuid4().hex[:12]}",
        "trusted_proxies": proxies,
    })


#: the test server sits behind a reverse proxy at 127.0.0.1 that forwards each client's address
behind_proxy = pytest.mark.parametrize("proxies", [["127.0.0.1"]], ids=["behind_proxy"])


def _register(http: httpx.Client, headers: dict[str, str] | None = None) -> str:
    email = f"user-{uuid.uuid4().hex[:8]}@example.com"
    answer = http.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD}, headers=headers)
    assert answer.status_code == 201, answer.text
    return email


def _assert_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response.headers["retry-after"]) <= 60


def test_a_new_forwarded_for_per_try_does_not_reset_the_limit(services):
    """``routix serve`` without trusted proxies: X-Forwarded-For from 127.0.0.1 is ignored, so
    every try counts against this one address."""
    with serve(services, **uvicorn_options(services.settings)) as live, live.http() as http:
        email = _register(http, {"X-Forwarded-For": "198.51.100.1"})  # 1 hit for IP+email
        codes = [http.post("/api/v1/auth/login", json={"email": email, "password": "wrong password!"},
                           headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(2)]
        assert codes == [401, 401]
        _assert_limited(http.post("/api/v1/auth/login", json={"email": email, "password": "wrong password!"},
                                  headers={"X-Forwarded-For": "203.0.113.99"}))


@behind_proxy
def test_failed_sign_ins_are_limited_per_account_from_every_address(services):
    """Behind a trusted proxy every try comes from another client address (the per-address
    limits never fill): the account's own limit refuses the 5th try, even with the right
    password, and leaves other accounts alone."""
    with serve(services, **uvicorn_options(services.settings)) as live, live.http() as http:
        victim = _register(http, {"X-Forwarded-For": "198.51.100.1"})
        bystander = _register(http, {"X-Forwarded-For": "198.51.100.2"})

        def login(email: str, password: str, n: int) -> httpx.Response:
            return http.post("/api/v1/auth/login", json={"email": email, "password": password},
                             headers={"X-Forwarded-For": f"203.0.113.{n}"})

        assert [login(victim, f"guess number {n}", n).status_code for n in range(4)] == [401] * 4
        _assert_limited(login(victim, "guess number 5", 5))
        _assert_limited(login(victim, PASSWORD, 6))  # the right password waits too
        assert login(bystander, PASSWORD, 7).status_code == 200
        # successful sign-ins do not count: the bystander can sign in again and again
        assert [login(bystander, PASSWORD, 8 + n).status_code for n in range(4)] == [200] * 4


@behind_proxy
def test_unknown_accounts_are_throttled_alike(services):
    """A guess at an address nobody registered is counted the same way (no enumeration by 429)."""
    with serve(services, **uvicorn_options(services.settings)) as live, live.http() as http:
        codes = [http.post("/api/v1/auth/login", json={"email": "nobody@example.com", "password": "guess"},
                           headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(5)]
    assert codes[:4] == [401] * 4 and codes[4] == 429


def test_the_client_address_is_believed_only_from_trusted_proxies():
    none = TrustedProxies([])
    proxies = TrustedProxies(["10.0.0.0/8", "::1"])
    assert forwarded_client("127.0.0.1", ["203.0.113.9"], none) == "127.0.0.1"
    assert forwarded_client("198.51.100.7", ["203.0.113.9"], proxies) == "198.51.100.7"  # not a proxy
    # the proxy appends what it saw; what the client wrote to the left is never believed
    assert forwarded_client("10.0.0.1", ["6.6.6.6, 203.0.113.9"], proxies) == "203.0.113.9"
    assert forwarded_client("10.0.0.1", ["6.6.6.6", "203.0.113.9, 10.0.0.2"], proxies) == "203.0.113.9"
    assert forwarded_client("::1", ["[2001:db8::5]:443"], proxies) == "2001:db8::5"
    assert forwarded_client("10.0.0.1", [], proxies) == "10.0.0.1"
    assert forwarded_client(None, ["203.0.113.9"], proxies) == "unknown"


def test_routix_serve_trusts_forwarded_headers_only_from_the_configured_proxies():
    default = uvicorn_options(Settings(_env_file=None))
    assert default["proxy_headers"] is False and default["server_header"] is False
    configured = uvicorn_options(Settings(_env_file=None, trusted_proxies="10.0.0.5, 10.1.0.0/16"))
    assert configured == {"proxy_headers": True, "forwarded_allow_ips": ["10.0.0.5", "10.1.0.0/16"],
                          "server_header": False}
    with pytest.raises(ValueError):
        Settings(_env_file=None, trusted_proxies="proxy.internal")
