"""Structured output: ask an LLM for JSON that matches a pydantic model, validate it strictly,
retry once with the validation errors fed back (the design rule: "validate before processing").

Two transports behind :class:`JsonModel`:

* Gemini ``generateContent`` with ``responseMimeType: application/json`` and
  ``responseJsonSchema`` (answer text in ``candidates[0].content.parts[].text``);
* OpenAI Responses API ``POST /v1/responses`` with ``text.format = {"type": "json_schema",
  "strict": true, ...}`` (answer in the ``output_text`` items; a ``refusal`` item or
  ``incomplete_details.reason == "content_filter"`` is a safety refusal).

The schema is the model's pydantic JSON Schema made strict (every property required,
``additionalProperties: false``) and trimmed to keywords both providers accept; what the schema
cannot say (hex patterns, lengths) pydantic still checks, and a failure is fed back once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from routix.errors import InvalidInput
from routix.providers.calls import Adapter, Reply
from routix.providers.gemini import refusal, tokens_of
from routix.providers.gemini import translate as gemini_translate
from routix.providers.openai_images import translate as openai_translate
from routix.providers.resilience import unusable
from routix.providers.usage import Tokens

M = TypeVar("M", bound=BaseModel)

#: JSON Schema keywords kept in the schema sent to providers.
KEPT = frozenset({
    "type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "description",
    "minimum", "maximum", "maxItems", "minItems", "$defs", "$ref",
})


class InvalidAnswer(Exception):
    """The LLM's answer did not validate, even after the retry. ``errors`` is the last list."""

    def __init__(self, errors: str) -> None:
        super().__init__(f"invalid answer: {errors}")
        self.errors = errors
        self.reason = "gave an invalid answer twice"


#: Keywords whose value maps names to schemas (every entry is walked, none is dropped).
NAMED = frozenset({"properties", "$defs"})


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON Schema, strict and trimmed (see module docstring).

    Discriminated unions come out of pydantic as ``oneOf`` with ``const`` tags; OpenAI's strict
    mode takes neither, so ``oneOf`` becomes ``anyOf`` and ``const: x`` becomes ``enum: [x]``
    (pydantic still checks that exactly one member matches).
    """

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = dict(node)
        if "oneOf" in node:
            node.setdefault("anyOf", node.pop("oneOf"))
        if "const" in node:
            node.setdefault("enum", [node.pop("const")])
        out = {k: walk(v) if k not in NAMED else {p: walk(s) for p, s in v.items()}
               for k, v in node.items() if k in KEPT}
        if out.get("type") == "object" and "properties" in out:
            out["required"] = list(out["properties"])
            out["additionalProperties"] = False
        return out

    return walk(model.model_json_schema())


def error_lines(exc: ValidationError) -> str:
    """Pydantic errors as short lines: ``energy: Input should be less than or equal to 10``."""
    return "\n".join(
        f"{'.'.join(str(p) for p in e['loc']) or '(answer)'}: {e['msg']}" for e in exc.errors(include_url=False)
    )


class JsonModel(Protocol):
    """A text model that answers JSON under a schema. ``turns`` are (role, text), role
    "user" or "assistant", oldest first. Raises ContentBlocked, CallFailed, ProviderUnavailable."""

    provider: str
    model: str

    def answer(self, system: str, turns: list[tuple[str, str]], schema: dict, name: str) -> str: ...


def ask(llm: JsonModel, system: str, request: str, model: type[M], *, name: str,
        check: Callable[[M], object] | None = None) -> M:
    """Ask ``llm`` for a ``model`` instance; one retry with the errors fed back.

    ``check`` (optional) is a further test of a valid answer, e.g. "the patch applies to this
    design": an InvalidInput or ValueError it raises counts as a validation error (fed back,
    then InvalidAnswer). Raises InvalidAnswer when the second answer fails validation too
    (plus whatever ``llm.answer`` raises).
    """
    schema = strict_schema(model)
    turns = [("user", request)]
    for attempt in (1, 2):
        raw = llm.answer(system, turns, schema, name)
        try:
            answer = model.model_validate_json(raw)
            if check is not None:
                check(answer)
            return answer
        except (ValidationError, InvalidInput, ValueError) as exc:
            errors = error_lines(exc) if isinstance(exc, ValidationError) else getattr(exc, "message", str(exc))
            if attempt == 2:
                raise InvalidAnswer(errors) from exc
            turns += [
                ("assistant", raw),
                (
                    "user",
                    f"Your answer did not validate:\n{errors}\nAnswer again with only JSON that matches the schema.",
                ),
            ]
    raise AssertionError("unreachable")


class LLMPort:
    """What the LLM-backed ports (planner, designer) share: the ``llm``, ``name`` (its provider),
    the ``recorder``, the ``budget`` checked with ``estimate_usd`` (US dollars) before the first
    call, and the ``user_id`` charged."""

    def __init__(self, llm: JsonModel, *, recorder, budget, user_id: str | None, estimate_usd: float) -> None:
        self.llm = llm
        self.name = llm.provider
        self.recorder = recorder
        self.budget = budget
        self.user_id = user_id
        self.estimate_usd = estimate_usd


def _gemini_text(response) -> Reply[str]:
    usage, reported = tokens_of(response)
    blocked = refusal(response)
    if blocked:
        return Reply(None, usage, reported, blocked=blocked)
    text = response.text
    if not text:
        return Reply(None, usage, reported, failure=unusable("Gemini returned no text"))
    return Reply(text, usage, reported)


def _openai_text(response) -> Reply[str]:
    usage = response.usage
    tokens = Tokens(text_input=usage.input_tokens, text_output=usage.output_tokens) if usage else Tokens()
    details = response.incomplete_details
    if details is not None and details.reason == "content_filter":
        return Reply(None, tokens, usage is not None, blocked="content_filter")
    for item in response.output or []:
        for content in getattr(item, "content", None) or []:
            if content.type == "refusal":
                return Reply(None, tokens, usage is not None, blocked=f"refusal: {content.refusal}")
    text = response.output_text
    if not text:
        return Reply(None, tokens, usage is not None, failure=unusable(f"OpenAI returned no text ({response.status})"))
    return Reply(text, tokens, usage is not None)


class GeminiJson(Adapter):
    """:class:`JsonModel` over Gemini ``generateContent``. ``max_tokens`` caps the answer."""

    provider = "gemini"

    def __init__(self, model: str, *, max_tokens: int = 2048, **adapter) -> None:
        super().__init__(model, **adapter)
        self._max_tokens = max_tokens

    def answer(self, system: str, turns: list[tuple[str, str]], schema: dict, name: str) -> str:
        from google.genai import types

        contents = [
            types.Content(role="model" if role == "assistant" else "user", parts=[types.Part.from_text(text=text)])
            for role, text in turns
        ]
        config = types.GenerateContentConfig(
            system_instruction=system, response_mime_type="application/json", response_json_schema=schema,
            max_output_tokens=self._max_tokens,
        )
        return self._run(
            lambda: self._client.models.generate_content(model=self.model, contents=contents, config=config),
            _gemini_text, gemini_translate,
        )


class OpenAIJson(Adapter):
    """:class:`JsonModel` over the OpenAI Responses API. ``max_tokens`` caps the answer
    (reasoning tokens included)."""

    provider = "openai"

    def __init__(self, model: str, *, max_tokens: int = 2048, **adapter) -> None:
        super().__init__(model, **adapter)
        self._max_tokens = max_tokens

    def answer(self, system: str, turns: list[tuple[str, str]], schema: dict, name: str) -> str:
        text_format = {"format": {"type": "json_schema", "name": name, "schema": schema, "strict": True}}
        return self._run(
            lambda: self._client.responses.create(
                model=self.model, instructions=system, input=[{"role": r, "content": t} for r, t in turns],
                text=text_format, max_output_tokens=self._max_tokens,
            ),
            _openai_text, openai_translate,
        )
