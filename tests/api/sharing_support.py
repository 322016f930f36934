"""Helpers of the sharing, discover, history and boards tests: completed generation rows with a
real thumbnail blob, written directly (no job), and publishing them."""

from __future__ import annotations

import io
import uuid
from datetime import datetime

from PIL import Image

from routix.generations.views import output_key
from routix.store.models import GenerationRequest, utcnow


def thumbnail_bytes(colour: tuple[int, int, int] = (200, 60, 90)) -> bytes:
    """A 1280x720 JPEG of one colour."""
    out = io.BytesIO()
    Image.new("RGB", (1280, 720), colour).save(out, "JPEG", quality=80)
    return out.getvalue()


_THUMB = thumbnail_bytes()


def stored_generation(services, account, *, prompt: str = "a cooking show about pasta", title: str | None = None,
                      category: str = "food", algorithm: str = "lightning", status: str = "completed",
                      created_at: datetime | None = None, style: str | None = None) -> str:
    """A generation row of ``account`` in ``status``; completed ones get a thumbnail blob."""
    gid = uuid.uuid4()
    outputs = {}
    if status == "completed":
        key = output_key(gid, "thumbnail.jpg")
        services.blobs.put(key, _THUMB, "image/jpeg")
        outputs = {"thumbnail.jpg": key}
    with services.db.session() as session:
        row = GenerationRequest(id=gid, user_id=uuid.UUID(account.user["id"]), prompt=prompt, custom_text=title,
                                algorithm=algorithm, status=status, stage=status, outputs=outputs,
                                style_preference=style, brief={"category": category, "title": title},
                                design={"layers": []} if status == "completed" else None,
                                created_at=created_at or utcnow())
        session.add(row)
    return str(gid)


def publish(client, account, generation_id: str, **body) -> dict:
    """Publish ``generation_id``; returns the publication answer."""
    answer = client.post(f"/api/v1/generation/{generation_id}/publish", json=body or None, headers=account.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()
