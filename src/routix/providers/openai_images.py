"""OpenAI GPT image models through the official ``openai`` SDK.

Without reference images: ``POST https://api.openai.com/v1/images/generations`` (JSON body
``model, prompt, n, size, quality``). With reference images: ``POST /v1/images/edits``
(multipart, one ``image[]`` file per reference; GPT image models take up to 16). Both answer
``{"created": ..., "data": [{"b64_json": ...}], "usage": {"input_tokens", "input_tokens_details":
{"text_tokens", "image_tokens"}, "output_tokens", ...}}``. A safety refusal is HTTP 400 with
``error.code`` ``moderation_blocked`` (older models: ``content_policy_violation``).
"""

from __future__ import annotations

import base64
import binascii

import httpx
from PIL import Image

from routix.errors import InvalidImage
from routix.providers.calls import ImageAdapter, Reply
from routix.providers.errors import ContentBlocked, blocked_message
from routix.providers.imaging import decode_art
from routix.providers.resilience import (
    CallFailed,
    response_headers,
    retry_after_seconds,
    unusable,
)
from routix.providers.usage import Tokens

#: ``error.code`` values of OpenAI safety refusals.
BLOCK_CODES = frozenset({"moderation_blocked", "content_policy_violation", "content_filter"})


def translate(exc: BaseException) -> CallFailed | ContentBlocked:
    """SDK/httpx exception -> ContentBlocked for safety refusals, else CallFailed."""
    import openai

    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException)):
        return CallFailed("OpenAI timed out", timeout=True)
    if isinstance(exc, openai.APIStatusError):
        if exc.code in BLOCK_CODES:
            return ContentBlocked(blocked_message("openai", exc.code or ""))
        return CallFailed(f"OpenAI answered {exc.status_code}: {exc.message}", status=exc.status_code,
                          retry_after=retry_after_seconds(response_headers(exc)))
    return CallFailed(f"OpenAI call failed: {type(exc).__name__}: {exc}")


def image_tokens(usage) -> tuple[Tokens, bool]:
    """Token counts of an images response's ``usage`` (None -> not reported)."""
    if usage is None:
        return Tokens(), False
    details_in = usage.input_tokens_details
    details_out = usage.output_tokens_details
    text_in = details_in.text_tokens if details_in else usage.input_tokens
    image_in = details_in.image_tokens if details_in else 0
    if details_out is not None:
        return Tokens(text_in, image_in, details_out.text_tokens, details_out.image_tokens), True
    return Tokens(text_in, image_in, 0, usage.output_tokens), True


def read_image(response, aspect: str = "16:9") -> Reply[Image.Image]:
    """The first ``b64_json`` image of an ImagesResponse, cropped for ``aspect`` (see ``decode_art``)."""
    usage, reported = image_tokens(response.usage)
    data = response.data or []
    if not data or not data[0].b64_json:
        return Reply(None, usage, reported, failure=unusable("OpenAI returned no image"))
    try:
        art = decode_art(base64.b64decode(data[0].b64_json, validate=True), aspect)
    except (InvalidImage, binascii.Error, ValueError) as exc:
        return Reply(None, usage, reported, failure=unusable(f"OpenAI image unreadable: {exc}"))
    return Reply(art, usage, reported, images=1)


class OpenAIImages(ImageAdapter):
    """Image provider: prompt (+ reference PNGs -> edits endpoint) -> RGB art at the canvas size."""

    provider = "openai"

    def paint(self, prompt: str, references: list[bytes], *, aspect: str = "16:9") -> Image.Image:
        """Art at ``aspect``: "16:9" asks for the spec's ``size``, "1:1" for its ``square_size``.
        Raises ContentBlocked (safety), CallFailed (after retries) or ProviderUnavailable (breaker)."""
        size = self.spec.square_size if aspect == "1:1" else self.spec.size
        options = {"model": self.model, "prompt": prompt, "n": 1, "size": size}
        if self.spec.quality:
            options["quality"] = self.spec.quality
        read = lambda response: read_image(response, aspect)  # noqa: E731
        if references:
            files = [(f"reference-{i + 1}.png", png, "image/png") for i, png in enumerate(references)]
            return self._run(lambda: self._client.images.edit(image=files, **options), read, translate)
        return self._run(lambda: self._client.images.generate(**options), read, translate)
