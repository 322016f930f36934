"""Shared API schema bases. Each domain's ``schemas.py`` builds its request bodies on
:class:`RequestModel` and its answers on :class:`ResponseModel`; every route declares its
``response_model`` (or, for files and streams, its media type)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RequestModel(BaseModel):
    """Base of every request body: unknown fields are rejected with 422."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResponseModel(BaseModel):
    """Base of every answer: built from a view's dict or a row's attributes. Keys a view returns
    beyond the model's fields are dropped from the answer, so the model must list them all."""

    model_config = ConfigDict(from_attributes=True)
