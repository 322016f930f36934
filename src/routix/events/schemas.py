"""The events' payloads, for the OpenAPI document (the data comes from ``generations.views``).

The SSE stream ``GET /api/v1/generation/{id}/events`` sends ``event: generation:progress``,
``generation:completed`` or ``generation:failed`` with one of these as its JSON ``data``; the
WebSocket ``/ws`` sends the same objects as ``{"event", "data", "published_at"}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from routix.api.schemas import ResponseModel


class GenerationProgressData(ResponseModel):
    request_id: str
    status: str
    stage: str
    progress: int = Field(ge=0, le=100)
    message: str
    attempt: int
    timestamp: str | None
    published_at: float | None = Field(default=None, description="UNIX seconds, set by the bus")


class GenerationCompletedData(ResponseModel):
    request_id: str
    status: str = "completed"
    progress: int = 100
    thumbnail_url: str | None = Field(description="signed link to thumbnail.jpg")
    processing_time: float | None = Field(description="seconds")
    algorithm_used: str
    template_ref: str | None = Field(description="opaque per-generation template reference")
    timestamp: str | None
    published_at: float | None = None


class GenerationFailedData(ResponseModel):
    request_id: str
    status: str = "failed"
    error: str | None
    code: str | None
    retry_possible: bool = Field(description="whether regenerating may succeed")
    timestamp: str | None
    published_at: float | None = None


def sse_responses() -> dict[int | str, dict[str, Any]]:
    """The 200 answer of the SSE route: ``text/event-stream`` whose events carry these payloads."""
    payloads = [model.model_json_schema() for model in (GenerationProgressData, GenerationCompletedData,
                                                        GenerationFailedData)]
    item = {
        "type": "object",
        "properties": {
            "event": {"type": "string", "enum": ["generation:progress", "generation:completed", "generation:failed"]},
            "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": {"oneOf": payloads}},
            "id": {"type": "string"},
            "retry": {"type": "integer", "minimum": 0},
        },
    }
    return {200: {"description": "server-sent events; the stream ends after the completed or failed event",
                  "content": {"text/event-stream": {"itemSchema": item}}}}


__all__ = ["GenerationCompletedData", "GenerationFailedData", "GenerationProgressData", "sse_responses"]
