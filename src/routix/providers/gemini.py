"""Google Gemini through the official ``google-genai`` SDK: image art and structured text.

Endpoint: ``POST https://generativelanguage.googleapis.com/{v1|v1beta}/models/{model}:generateContent``
(header ``x-goog-api-key``). The request carries the prompt as a text part and each reference
image as an ``inlineData`` PNG part; ``generationConfig`` asks for ``responseModalities: [IMAGE]``
and an ``imageConfig`` (``aspectRatio`` "16:9", or "1:1" for podcast covers; ``imageSize``
"1K"/"2K"/"4K").

The answer's image is the first ``inlineData`` part of ``candidates[0].content.parts``. A safety
refusal arrives as HTTP 200 with ``promptFeedback.blockReason`` (prompt refused) or a candidate
``finishReason`` such as ``SAFETY``/``IMAGE_SAFETY``/``PROHIBITED_CONTENT`` (output refused).
Usage is ``usageMetadata``: ``promptTokensDetails``/``candidatesTokensDetails`` per modality and
``thoughtsTokenCount`` (billed as text output).
"""

from __future__ import annotations

from typing import Any

import httpx
from PIL import Image

from routix.errors import InvalidImage
from routix.providers.calls import ImageAdapter, Reply
from routix.providers.errors import ContentBlocked
from routix.providers.imaging import decode_art
from routix.providers.resilience import (
    CallFailed,
    response_headers,
    retry_after_seconds,
    unusable,
)
from routix.providers.usage import Tokens

#: Block and finish reasons that are safety refusals (google.genai.types BlockedReason/FinishReason).
SAFETY_REASONS = frozenset({
    "SAFETY", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT",
    "JAILBREAK", "MODEL_ARMOR",
})


def translate(exc: BaseException) -> CallFailed | ContentBlocked:
    """SDK/httpx exception -> CallFailed (status, timeout) for the resilience layer."""
    from google.genai import errors

    if isinstance(exc, httpx.TimeoutException):
        return CallFailed("Gemini timed out", timeout=True)
    if isinstance(exc, errors.APIError):
        return CallFailed(
            f"Gemini answered {exc.code} {exc.status or ''}: {exc.message or ''}".strip(),
            status=exc.code,
            retry_after=retry_after_seconds(response_headers(exc)),
        )
    return CallFailed(f"Gemini call failed: {type(exc).__name__}: {exc}")


def _name(value: Any) -> str:
    """Enum or string -> its upper-case name ("FinishReason.SAFETY" -> "SAFETY")."""
    text = getattr(value, "value", value)
    return str(text or "").upper()


def tokens_of(response) -> tuple[Tokens, bool]:
    """Token counts by modality from ``usageMetadata`` and whether the response had one."""
    usage = response.usage_metadata
    if usage is None:
        return Tokens(), False
    prompt = {(_name(d.modality)): d.token_count or 0 for d in usage.prompt_tokens_details or []}
    output = {(_name(d.modality)): d.token_count or 0 for d in usage.candidates_tokens_details or []}
    image_in = prompt.get("IMAGE", 0)
    image_out = output.get("IMAGE", 0)
    text_in = (usage.prompt_token_count or 0) - image_in
    text_out = (usage.candidates_token_count or 0) - image_out + (usage.thoughts_token_count or 0)
    tokens = Tokens(
        text_input=max(text_in, 0), image_input=image_in, text_output=max(text_out, 0), image_output=image_out
    )
    return tokens, True


def refusal(response) -> str | None:
    """The safety reason if the prompt or the first candidate was refused, else None."""
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason is not None:
        reason = _name(feedback.block_reason)
        detail = f" ({feedback.block_reason_message})" if feedback.block_reason_message else ""
        return f"prompt blocked: {reason}{detail}"
    for candidate in response.candidates or []:
        if _name(candidate.finish_reason) in SAFETY_REASONS:
            return f"output blocked: {_name(candidate.finish_reason)}"
    return None


def read_image(response, aspect: str = "16:9") -> Reply[Image.Image]:
    """The first inline image of the answer, cropped for ``aspect`` (see ``decode_art``); or why there is none."""
    usage, reported = tokens_of(response)
    blocked = refusal(response)
    if blocked:
        return Reply(None, usage, reported, blocked=blocked)
    for candidate in response.candidates or []:
        for part in (candidate.content.parts if candidate.content else None) or []:
            if part.inline_data is not None and part.inline_data.data:
                try:
                    return Reply(decode_art(part.inline_data.data, aspect), usage, reported, images=1)
                except InvalidImage as exc:
                    return Reply(None, usage, reported, failure=unusable(f"Gemini image unreadable: {exc}"))
    reasons = ", ".join(_name(c.finish_reason) for c in response.candidates or []) or "no candidates"
    return Reply(None, usage, reported, failure=unusable(f"Gemini returned no image ({reasons})"))


class GeminiImages(ImageAdapter):
    """Image provider: prompt + reference PNGs -> RGB art at the canvas size."""

    provider = "gemini"

    def paint(self, prompt: str, references: list[bytes], *, aspect: str = "16:9") -> Image.Image:
        """Art at ``aspect``: "16:9" asks for the spec's ``aspect_ratio``, "1:1" for ``aspectRatio``
        "1:1" at the same ``imageSize``. Raises ContentBlocked (safety), CallFailed (after
        retries) or ProviderUnavailable (breaker)."""
        from google.genai import types

        parts = [types.Part.from_text(text=prompt)]
        parts += [types.Part.from_bytes(data=png, mime_type="image/png") for png in references]
        ratio = "1:1" if aspect == "1:1" else self.spec.aspect_ratio
        config = types.GenerateContentConfig(
            response_modalities=["IMAGE"],
            image_config=types.ImageConfig(aspect_ratio=ratio, image_size=self.spec.size),
        )
        return self._run(
            lambda: self._client.models.generate_content(model=self.model, contents=parts, config=config),
            lambda response: read_image(response, aspect), translate,
        )
