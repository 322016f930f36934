"""The OpenAPI document: every operation's problem+json answers, derived from its dependencies.

:func:`install` wraps ``app.openapi`` so that, per operation, the error statuses it can answer
are listed with the :class:`routix.api.problems.Problem` schema under
``application/problem+json``:

* a credential (``current_user``, or a route reading the ``bearer``/``apiKey`` schemes) -> 401
* ``admin_user`` -> 403
* a path parameter (the resource may not exist, or belong to someone else) -> 404 and 422
* query, header or body parameters -> 422; a body (JSON or a declared multipart body) -> 400
  (it cannot be parsed) and 413; a declared multipart body -> 415 (not ``multipart/form-data``)
* a rate-limit dependency (:mod:`routix.api.limits`) -> 429
* every error status the route declares itself (``responses=problems.responses({409: ...})``)

FastAPI's own 422 ``HTTPValidationError`` schema is replaced by the problem (our handler answers
problems, see :mod:`routix.api.problems`). The security schemes come from the security objects
in :mod:`routix.api.deps`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic.json_schema import models_json_schema

from routix.api import limits
from routix.api.deps import admin_user, api_key_scheme, bearer_scheme, current_user
from routix.api.problems import MEDIA_TYPE, STATUS_DESCRIPTIONS, Problem

REF = "#/components/schemas/{model}"
PROBLEM_REF = {"$ref": REF.format(model="Problem")}
RATE_LIMITS = (limits.generation_limit, limits.chat_generation_limit, limits.upload_limit, limits.auth_limit)
#: FastAPI's default validation-error schemas, replaced by the problem.
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def problem_statuses(dependant: Dependant, *, declares_body: bool = False) -> set[int]:
    """The error statuses an operation with ``dependant`` can answer (see the module docstring);
    ``declares_body``: the route documents a request body itself (multipart uploads)."""
    every = list(_dependants(dependant))
    calls: set[Callable[..., Any] | None] = {d.call for d in every}
    statuses: set[int] = set()
    if calls & {current_user, bearer_scheme, api_key_scheme}:
        statuses.add(401)
    if admin_user in calls:
        statuses.add(403)
    if calls & set(RATE_LIMITS):
        statuses.add(429)
    if any(d.path_params for d in every):
        statuses |= {404, 422}
    if any(d.query_params or d.header_params or d.cookie_params for d in every):
        statuses.add(422)
    if declares_body or any(d.body_params for d in every):
        statuses |= {400, 413, 422}
    if declares_body:
        statuses.add(415)
    return statuses


def _problem_content(entry: dict[str, Any]) -> None:
    """Make a response entry a problem: its content, and a description for FastAPI's default 422."""
    schema = (entry.get("content") or {}).get("application/json", {}).get("schema", {})
    if not entry.get("content") or schema.get("$ref", "").rsplit("/", 1)[-1] in FASTAPI_VALIDATION:
        entry["content"] = {MEDIA_TYPE: {"schema": dict(PROBLEM_REF)}}
    if entry.get("description") == "Validation Error":
        entry["description"] = STATUS_DESCRIPTIONS[422]


def _referenced(document: Any, name: str) -> bool:
    target = REF.format(model=name)
    if isinstance(document, dict):
        return any(v == target if k == "$ref" else _referenced(v, name) for k, v in document.items())
    if isinstance(document, list):
        return any(_referenced(v, name) for v in document)
    return False


def document_problems(app: FastAPI, schema: dict[str, Any]) -> None:
    """Add the problem responses to every operation of ``schema`` (``app``'s OpenAPI document,
    changed in place; running it twice changes nothing)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    _, definitions = models_json_schema([(Problem, "serialization")], ref_template=REF)
    components.update(definitions.get("$defs", {}))
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute) or not context.include_in_schema:
            continue
        path_item = schema.get("paths", {}).get(context.path_format, {})
        extra = context.openapi_extra or {}
        statuses = problem_statuses(context.dependant, declares_body="requestBody" in extra)
        for method in sorted(context.methods or ()):
            operation = path_item.get(method.lower())
            if operation is None:
                continue
            answers = operation.setdefault("responses", {})
            declared = {int(code) for code in answers if code[:1] in "45" and code.isdigit()}
            for status in sorted(statuses | declared):
                entry = answers.setdefault(str(status), {"description": STATUS_DESCRIPTIONS.get(status, "Error")})
                _problem_content(entry)
    rest = {"paths": schema.get("paths", {}),
            "schemas": {k: v for k, v in components.items() if k not in FASTAPI_VALIDATION}}
    for name in FASTAPI_VALIDATION:
        if name in components and not _referenced(rest, name):
            del components[name]


def install(app: FastAPI) -> None:
    """Serve ``app``'s OpenAPI document with the problem responses of :func:`document_problems`."""
    build = app.openapi
    done: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        schema = build()
        if not done or done[0] is not schema:
            document_problems(app, schema)
            done[:] = [schema]
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


__all__ = ["document_problems", "install", "problem_statuses"]
