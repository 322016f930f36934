"""Shared API schema bases. Each domain's ``schemas.py`` builds its request bodies on
:class:`RequestModel` and its answers on :class:`ResponseModel`; every route declares its
``response_model`` (or, for files and streams, its media type)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


def contains_nul(value: Any) -> bool:
    """True when a string anywhere in ``value`` (JSON data: dicts, lists, strings; keys too)
    holds a NUL character. Iterative, so a deeply nested body cannot exhaust the stack."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


class RequestModel(BaseModel):
    """Base of every request body: unknown fields are rejected with 422, and so is a NUL
    character in any string, nested ones included (PostgreSQL cannot store it in text or JSONB:
    it would fail the request with a 500 there while SQLite stores it)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if contains_nul(data):
            raise ValueError("text may not contain NUL (\\u0000) characters")
        return data


class ResponseModel(BaseModel):
    """Base of every answer: built from a view's dict or a row's attributes. Keys a view returns
    beyond the model's fields are dropped from the answer, so the model must list them all."""

    model_config = ConfigDict(from_attributes=True)
