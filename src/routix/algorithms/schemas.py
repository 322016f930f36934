"""Request and response models of ``/api/v1/admin/algorithms`` (the "Routix Versions")."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from routix.api.schemas import RequestModel, ResponseModel

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,49}$"


class AlgorithmPatch(RequestModel):
    """Fields to change; omitted fields stay. ``config`` replaces the whole config (an omitted
    ``config.api_key`` keeps the stored key; ``null`` or ``""`` removes it)."""

    name: str | None = Field(default=None, pattern=NAME_PATTERN, description="what requests send, e.g. 'pro'")
    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=2000)
    ai_provider: str | None = Field(default=None, min_length=1, max_length=50, description="local | gemini | openai")
    config: dict[str, Any] | None = None
    cost_per_generation: float | None = Field(default=None, ge=0, le=1000, description="US dollars, for reports")
    credit_cost: int | None = Field(default=None, ge=0, le=1000)
    is_active: bool | None = None
    is_default: bool | None = None


class AlgorithmCreate(AlgorithmPatch):
    name: str = Field(pattern=NAME_PATTERN)
    display_name: str = Field(min_length=1, max_length=100)
    ai_provider: str = Field(default="local", min_length=1, max_length=50)


class AlgorithmOut(ResponseModel):
    """An algorithm; ``config`` never holds an API key (``api_key_set``/``api_key_hint`` instead)."""

    id: str
    name: str
    display_name: str
    description: str
    ai_provider: str
    cost_per_generation: float = Field(description="US dollars, for reports")
    credit_cost: int
    is_active: bool
    is_default: bool
    performance_metrics: dict[str, Any]
    created_at: str | None = Field(description="ISO 8601, UTC")
    updated_at: str | None = Field(description="ISO 8601, UTC")
    config: dict[str, Any]
    generations: int = Field(description="how many generations used it")
    runs_as: str | None = Field(
        default=None,
        description="'lightning' when its provider has no API key, so it runs (and is charged) as Lightning")


class AlgorithmListOut(ResponseModel):
    items: list[AlgorithmOut] = Field(description="all, active or not, the default first")


__all__ = ["NAME_PATTERN", "AlgorithmCreate", "AlgorithmListOut", "AlgorithmOut", "AlgorithmPatch"]
