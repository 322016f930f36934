"""``/v1/images/edits`` without an image: the prompt applied to a Routix version as an edit
instruction, driven by the official ``openai`` SDK over real HTTP (a live server with workers)."""

from __future__ import annotations

import base64
import io
from importlib import resources

import openai
import pytest
from PIL import Image

from api.credits_support import balance
from api.live_server import serve

pytestmark = pytest.mark.slow


@pytest.fixture
def live(services, celery_worker):
    with serve(services, start_workers=True) as server:
        yield server


def _sdk(live) -> tuple[openai.OpenAI, dict]:
    account = live.register()
    with live.http() as http:
        response = http.post("/api/v1/auth/api-keys", json={"name": "sdk"},
                             headers={"Authorization": f"Bearer {account['access_token']}"})
    assert response.status_code == 201, response.text
    client = openai.OpenAI(base_url=f"{live.base_url}/v1", api_key=response.json()["key"], max_retries=0,
                           timeout=300)
    return client, account


def _decode(b64: str) -> Image.Image:
    image = Image.open(io.BytesIO(base64.b64decode(b64)))
    image.load()
    return image.convert("RGB")


def test_the_prompt_edits_a_version_free_and_answers_the_openai_shape(live, services):
    client, account = _sdk(live)
    made = client.images.generate(prompt="cozy cooking vlog", extra_body={"title": "Soup Day", "seed": 5})
    version = made.routix_version
    assert version
    spent = balance(services, account["user"]["id"])

    edited = client.images.edit(image=[], prompt="change the title to 'Stew Night'",
                                extra_body={"routix_version": version})
    assert edited.routix_version not in (None, version)
    after, before = _decode(edited.data[0].b64_json), _decode(made.data[0].b64_json)
    assert after.size == (1280, 720) and after.tobytes() != before.tobytes()
    assert balance(services, account["user"]["id"]) == spent  # the art is reused: 0 credits
    with live.http() as http:
        row = http.get(f"/api/v1/generation/{edited.routix_version}",
                       headers={"Authorization": f"Bearer {account['access_token']}"}).json()
    assert row["kind"] == "edit" and row["request"]["parent_id"] == version
    assert row["request"]["title"] == "Stew Night"

    square = client.images.edit(image=[], prompt="change the title to 'Stew Night'", size="1024x1024",
                                response_format="url", extra_body={"routix_version": version})
    assert square.routix_version == edited.routix_version  # the same edit of the same version: that version
    assert square.size == "1024x1024" and square.data[0].url.startswith("http")


def test_version_edit_errors_are_openai_errors_with_routix_messages(live):
    client, _ = _sdk(live)
    version = client.images.generate(prompt="gaming thumbnail with explosions").routix_version
    with pytest.raises(openai.BadRequestError) as unclear:
        client.images.edit(image=[], prompt="blorp", extra_body={"routix_version": version})
    assert "What should I change?" in unclear.value.body["message"] and unclear.value.code == "edit_unclear"

    with pytest.raises(openai.BadRequestError) as many:
        client.images.edit(image=[], prompt="title in yellow", n=2, extra_body={"routix_version": version})
    assert many.value.param == "n"

    photo = resources.files("routix.samples").joinpath("grace_hopper.jpg").read_bytes()
    with pytest.raises(openai.BadRequestError) as both:
        client.images.edit(image=("face.jpg", photo, "image/jpeg"), prompt="title in yellow",
                           extra_body={"routix_version": version})
    assert both.value.param == "routix_version"

    with pytest.raises(openai.BadRequestError) as neither:
        client.images.edit(image=[], prompt="title in yellow")
    assert neither.value.param == "image" and "routix_version" in neither.value.body["message"]

    with pytest.raises(openai.BadRequestError) as not_an_id:
        client.images.edit(image=[], prompt="title in yellow", extra_body={"routix_version": "v1"})
    assert not_an_id.value.param == "routix_version"

    other, _ = _sdk(live)
    with pytest.raises(openai.NotFoundError):  # another user's version
        other.images.edit(image=[], prompt="title in yellow", extra_body={"routix_version": version})


def test_a_version_edit_streams_its_completed_image(live):
    client, _ = _sdk(live)
    version = client.images.generate(prompt="unboxing a new laptop", extra_body={"title": "New Laptop"}).routix_version
    events = list(client.images.edit(image=[], prompt="title in yellow", stream=True,
                                     extra_body={"routix_version": version}))
    assert [e.type for e in events] == ["image_edit.completed"]
    assert _decode(events[0].b64_json).size == (1280, 720) and events[0].size == "1280x720"
