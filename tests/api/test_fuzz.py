"""The API fuzzer: schemathesis over the whole OpenAPI document of the in-process app.

Every operation is called with generated requests and every answer must

* not be a server error (5xx, or an exception out of the app),
* have a status code the operation documents,
* have a documented content type and a body valid against the documented schema.

Two kinds of requests:

* ``test_generated_requests_are_answered_as_documented[user|admin]``: random valid
  (``positive``) and invalid (``negative``) requests from hypothesis, as a normal user and as an
  administrator;
* ``test_boundary_values_are_answered_as_documented``: schemathesis' coverage cases, every
  parameter and body field at and past its documented limits, missing, null or of the wrong
  type (deterministic by construction), as an administrator, who may call every operation.

A run never stops at the first failure: all findings are collected, deduplicated by (operation,
check, status) and listed in one failure message, each with an example request (curl).

How requests are made
    The app runs in-process (schemathesis' ASGI transport) on the embedded backend with its
    workers off: a generation stays pending, so the fuzzer tests the API, not the pipeline, and
    costs little CPU. Every other example of an operation with path parameters gets real ids
    instead of random ones: a throwaway account of the role under test owns a fresh asset,
    conversation, generation or API key (the admin's user, algorithm and template operations get
    a fresh user, algorithm or template), so the fuzzer reaches past the 404s; login, refresh,
    logout, password change and account deletion likewise get the throwaway account's own
    credentials. ``DELETE /api/v1/account``, logout and password change (they end the caller's
    sessions) always run as a throwaway account and admin user deletes and edits only ever reach
    throwaway users, so the fuzzer's own sessions survive the run.

Bounds and seeds
    CI: ``ROUTIX_FUZZ_EXAMPLES`` examples (default 5) per operation, generation mode and role,
    derandomized (the same requests on every run), no shrinking; about 2.5 minutes for the three
    tests on two shared cores. ``make fuzz`` runs longer with a random seed
    (``ROUTIX_FUZZ_EXAMPLES=200 ROUTIX_FUZZ_SEED=random``); the seed is part of the failure
    message, and ``ROUTIX_FUZZ_SEED=<seed>`` replays it.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Ok
from schemathesis.python.asgi import get_client, shutdown_lifespans

from api.backends import BACKEND, TEST_SECRET

pytestmark = [
    pytest.mark.slow,
    pytest.mark.fuzz,
    pytest.mark.skipif(BACKEND != "embedded", reason="the fuzzer runs once, on the embedded backend"),
]

#: Examples per operation, generation mode and role.
EXAMPLES = int(os.environ.get("ROUTIX_FUZZ_EXAMPLES", "5"))
#: "" (default): derandomized; an integer: that seed; "random": a new seed, printed in the report.
SEED_SETTING = os.environ.get("ROUTIX_FUZZ_SEED", "").strip()
PASSWORD = "correct horse battery"
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass
class Account:
    id: str
    email: str
    token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


#: Operations that end the caller's own account or session: always called as a throwaway account.
SELF_DESTRUCTIVE = {"DELETE /api/v1/account", "POST /api/v1/auth/logout", "POST /api/v1/auth/password"}
#: Operations never given real ids: with the workers off, a real generation's event stream never ends.
RANDOM_IDS_ONLY = {"GET /api/v1/generation/{request_id}/events"}
#: Body fields a throwaway caller fills with its own credentials on every other example, so the
#: fuzzer gets past "wrong password" / "unknown token" to the operation itself.
CREDENTIALS: dict[str, dict[str, Callable[[Account], str]]] = {
    "DELETE /api/v1/account": {"password": lambda account: PASSWORD},
    "POST /api/v1/auth/login": {"email": lambda account: account.email, "password": lambda account: PASSWORD},
    "POST /api/v1/auth/refresh": {"refresh_token": lambda account: account.refresh_token},
    "POST /api/v1/auth/logout": {"refresh_token": lambda account: account.refresh_token},
    "POST /api/v1/auth/password": {"current_password": lambda account: PASSWORD},
}


#: Operations whose documented 504 (the generation did not finish within ``openai_wait_seconds``,
#: 1 s here) is the expected answer with the workers off: not counted as a server error, still
#: checked against the documented statuses and schemas.
WAITS_FOR_A_GENERATION = {"POST /v1/images/generations", "POST /v1/images/edits"}


def _checks(label: str = "") -> list[Callable]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    conformance = [status_code_conformance, content_type_conformance, response_schema_conformance]
    return conformance if label in WAITS_FOR_A_GENERATION else [not_a_server_error, *conformance]


def _seed() -> int | None:
    if not SEED_SETTING:
        return None
    if SEED_SETTING == "random":
        return random.SystemRandom().randrange(2**32)
    return int(SEED_SETTING)


# the app and its accounts ----------------------------------------------------------------------

@dataclass
class FuzzApp:
    """The in-process app, a client sharing its lifespan, and helpers that make real resources."""

    app: Any
    services: Any
    client: Any
    schema: Any
    admin: Account = field(init=False)
    user: Account = field(init=False)
    password_hash: str = field(init=False)

    def account(self, *, admin: bool = False) -> Account:
        """A fresh account and its access token, written through the accounts service (the register
        route is fuzzed on its own; hashing a password per throwaway account would dominate the run)."""
        from routix.accounts import service as accounts

        email = f"fuzz-{uuid.uuid4().hex[:12]}@example.com"
        with self.services.db.session() as session, \
                mock.patch.object(accounts, "hash_password", lambda _password: self.password_hash):
            user = accounts.register(session, email, PASSWORD, is_admin=admin)
            pair = accounts.issue_pair(session, self.services.settings, user)
            session.commit()
            return Account(str(user.id), email, pair.access_token, pair.refresh_token)

    def _created(self, response, key: str = "id") -> str | None:
        return str(response.json()[key]) if response.status_code in (200, 201) else None

    def resource(self, name: str, owner: Account) -> str | None:
        """A fresh resource for the path parameter ``name``, owned by ``owner`` (None: none made)."""
        post = self.client.post
        if name == "asset_id":
            files = {"file": ("logo.png", _png(), "image/png")}
            return self._created(post("/api/v1/assets", files=files, data={"asset_type": "logo"},
                                      headers=owner.headers))
        if name == "conversation_id":
            return self._created(post("/api/v1/chat/conversations", json={}, headers=owner.headers))
        if name in ("request_id", "generation_id"):
            return self._created(post("/api/v1/generation/create", json={"prompt": "gaming thumbnail"},
                                      headers=owner.headers))
        if name == "key_id":
            return self._created(post("/api/v1/auth/api-keys", json={"name": "fuzz"}, headers=owner.headers))
        if name == "user_id":  # admin user operations only ever reach a throwaway user
            return self.account().id
        if name == "algorithm_id":
            body = {"name": f"fuzz-{uuid.uuid4().hex[:10]}", "display_name": "Fuzz"}
            return self._created(post("/api/v1/admin/algorithms", json=body, headers=self.admin.headers))
        if name == "template_id":  # uploaded by the admin; stays pending_analysis (no workers)
            files = [("files", ("template.png", _png((640, 360)), "image/png"))]
            response = post("/api/v1/admin/templates", files=files, data={"category": "gaming"},
                            headers=self.admin.headers)
            templates = response.json().get("templates") if response.status_code == 202 else None
            return str(templates[0]["id"]) if templates else None
        return None


def _png(size: tuple[int, int] = (64, 64)) -> bytes:
    """A PNG of random pixels (a new image every call: the library refuses duplicates)."""
    import numpy as np
    from PIL import Image

    pixels = np.random.default_rng(uuid.uuid4().int).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from routix.accounts.tokens import hash_password
    from routix.api.app import create_app
    from routix.config import Settings
    from routix.services import Services

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("fuzz-data"), secret_key=TEST_SECRET, ocr=False, rate_limits=False,
        workers=1, access_token_ttl=24 * 3600,  # `make fuzz` may run for a long time on one token
        # /v1/images answers its documented 504 before it would run the generation in-process (after
        # a 3 s grace with no worker): the fuzzer tests the API, not the pipeline
        openai_wait_seconds=1.0,
    )
    services = Services(settings)
    services.migrate()
    app = create_app(services, start_workers=False, migrate=False)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    with get_client(app) as client:
        fuzz = FuzzApp(app, services, client, schema)
        fuzz.password_hash = hash_password(PASSWORD)
        fuzz.admin = fuzz.account(admin=True)
        fuzz.user = fuzz.account()
        yield fuzz
    shutdown_lifespans()  # the app's lifespan closes the services


# the run ---------------------------------------------------------------------------------------

@dataclass
class Findings:
    """Failures by (operation, check title, status): how often, and the first example."""

    seen: dict[tuple[str, str, str], list] = field(default_factory=dict)
    calls: int = 0
    #: operation -> status codes answered (how far the fuzzer got: 2xx means past validation)
    statuses: dict[str, Counter] = field(default_factory=dict)

    def add(self, operation: str, title: str, status: str, detail: str) -> None:
        entry = self.seen.setdefault((operation, title, status), [0, detail])
        entry[0] += 1

    def report(self, header: str) -> str:
        lines = [header]
        for (operation, title, status), (count, detail) in sorted(self.seen.items()):
            lines.append(f"- {operation} -> {status}: {title} (x{count})")
            lines.extend("    " + line for line in detail.strip().splitlines()[:12])
        return "\n".join(lines)


def _label(operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


def _failure_detail(failure: Failure, case, response) -> str:
    message = (failure.message or "").strip()
    if len(message) > 600:
        message = message[:600] + " ..."
    request = response.request if response is not None else None
    try:
        curl = case.as_curl_command(headers=dict(request.headers) if request is not None else None)
    except Exception:  # noqa: BLE001 - the report still has the message without a curl line
        curl = ""
    return f"{message}\n{curl[:400]}"


def _run_case(fuzz: FuzzApp, role: str, label: str, case, index: int, findings: Findings) -> None:
    admin = role == "admin"
    path_names = [] if label in RANDOM_IDS_ONLY else list(case.path_parameters or {})
    real = index % 2 == 0 and bool(path_names or label in CREDENTIALS)
    if label in SELF_DESTRUCTIVE or real:
        caller = fuzz.account(admin=admin)  # a throwaway account of the role under test
    else:
        caller = fuzz.admin if admin else fuzz.user
    if real:
        for name in path_names:
            value = fuzz.resource(name, caller)
            if value is not None:
                case.path_parameters[name] = value
        if isinstance(case.body, dict):
            for name, value_of in CREDENTIALS.get(label, {}).items():
                if name in case.body:
                    case.body[name] = value_of(caller)
    findings.calls += 1
    response = None
    try:
        response = case.call(headers=caller.headers)
        findings.statuses.setdefault(label, Counter())[response.status_code] += 1
        case.validate_response(response, checks=_checks(label), headers=caller.headers)
    except (FailureGroup, Failure) as error:
        status = str(response.status_code) if response is not None else "-"
        for failure in error.exceptions if isinstance(error, FailureGroup) else (error,):
            findings.add(label, failure.title, status, _failure_detail(failure, case, response))
    except Exception as exc:  # noqa: BLE001 - an exception out of the app is a finding, not the end of the run
        # the app answered 500 and the in-process transport re-raised its exception
        try:
            curl = case.as_curl_command(headers={**case.headers, **caller.headers} if case.headers else caller.headers)
        except Exception:  # noqa: BLE001 - the report still has the exception without a curl line
            curl = ""
        findings.add(label, f"server error: {type(exc).__name__}", "500", f"{exc}"[:600] + "\n" + curl[:400])


def _fuzz_operation(fuzz: FuzzApp, role: str, operation, mode: GenerationMode, seed: int | None,
                    findings: Findings) -> None:
    label = _label(operation)
    try:
        strategy = operation.as_strategy(generation_mode=mode)
    except Exception as exc:  # noqa: BLE001 - an operation schemathesis cannot generate for is a finding
        findings.add(label, f"cannot generate {mode.value} cases: {type(exc).__name__}", "-", str(exc)[:600])
        return
    counter = iter(range(10**9))

    @hsettings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=seed is None,
               phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case) -> None:
        _run_case(fuzz, role, label, case, next(counter), findings)

    if seed is not None:
        run = hypothesis.seed(seed)(run)
    with contextlib.suppress(hypothesis.errors.Unsatisfiable):  # e.g. no negative cases without parameters
        run()


def _operations(fuzz: FuzzApp, findings: Findings) -> list:
    operations = []
    for result in fuzz.schema.get_all_operations():
        if isinstance(result, Ok):
            operations.append(result.ok())
        else:
            findings.add("(schema)", "invalid operation schema", "-", str(result.err())[:600])
    return operations


def _conclude(findings: Findings, operations: list, summary: str) -> None:
    """Print what the run reached; fail with every finding."""
    unreached = sorted(label for label, seen in findings.statuses.items() if not any(200 <= c < 300 for c in seen))
    summary += f"; {len(operations) - len(unreached)} of {len(operations)} operations answered 2xx"
    print(summary)
    print("no 2xx answer:", ", ".join(f"{label} {dict(findings.statuses[label])}" for label in unreached))
    if findings.seen:
        pytest.fail(findings.report(summary + f"; {len(findings.seen)} findings:"), pytrace=False)


@pytest.mark.parametrize("role", ["user", "admin"])
def test_generated_requests_are_answered_as_documented(fuzz_app, role):
    """Random valid and invalid requests (hypothesis), as a normal user and as an administrator."""
    seed = _seed()
    findings = Findings()
    started = time.monotonic()
    operations = _operations(fuzz_app, findings)
    for operation in operations:
        for mode in MODES:
            _fuzz_operation(fuzz_app, role, operation, mode, seed, findings)
    _conclude(findings, operations,
              f"fuzzed {len(operations)} operations as {role}: {findings.calls} requests in "
              f"{time.monotonic() - started:.0f} s, {EXAMPLES} examples per operation and mode, seed "
              f"{'derandomized' if seed is None else seed}")


def test_boundary_values_are_answered_as_documented(fuzz_app):
    """Schemathesis' coverage cases (deterministic): each parameter and body field at and just past
    its documented limits, missing, null, of the wrong type; as an administrator, who may call
    every operation. Requests with a method the operation does not have are left out (405)."""
    findings = Findings()
    started = time.monotonic()
    operations = _operations(fuzz_app, findings)
    schema = fuzz_app.schema
    for operation in operations:
        label = _label(operation)
        config = schema.config.generation_for(operation=operation)
        cases = schema.iter_coverage_cases(operation, generation_modes=list(MODES), generation_config=config)
        same_method = (case for case in cases if case.method.upper() == operation.method.upper())
        for index, case in enumerate(same_method):
            _run_case(fuzz_app, "admin", label, case, index, findings)
    _conclude(findings, operations,
              f"boundary values of {len(operations)} operations as admin: {findings.calls} requests in "
              f"{time.monotonic() - started:.0f} s")
