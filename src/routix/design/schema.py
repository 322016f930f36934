"""JSON Schema export of the design document."""

from __future__ import annotations

import json
from typing import Any

from routix.design.models import Design


def design_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :class:`Design`, by alias (``schema`` not ``schema_``)."""
    schema = Design.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://routix.dev/schema/design-1.json"
    return schema


def dump_schema() -> str:
    return json.dumps(design_json_schema(), indent=2, sort_keys=True)
