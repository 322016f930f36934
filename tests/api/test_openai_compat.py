"""The OpenAI-compatible images API driven by the official ``openai`` SDK over real HTTP
(a live uvicorn server with real workers), exactly as users' scripts would call it."""

from __future__ import annotations

import base64
import io
import uuid
from importlib import resources

import httpx
import openai
import pytest
from PIL import Image
from sqlalchemy import update

from api.backends import BACKEND
from api.live_server import serve
from routix.services import Services
from routix.store.models import User

pytestmark = pytest.mark.slow


@pytest.fixture
def live(services, celery_worker):
    with serve(services, start_workers=True) as server:
        yield server


def _api_key(live) -> tuple[str, dict]:
    account = live.register()
    with live.http() as http:
        response = http.post("/api/v1/auth/api-keys", json={"name": "sdk"},
                             headers={"Authorization": f"Bearer {account['access_token']}"})
    assert response.status_code == 201, response.text
    return response.json()["key"], account


def _sdk(live, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live.base_url}/v1", api_key=key, max_retries=0, timeout=300)


def _decode(b64: str) -> Image.Image:
    image = Image.open(io.BytesIO(base64.b64decode(b64)))
    image.load()
    return image


def _download(url: str) -> Image.Image:
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200, response.text
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def test_generate_answers_b64_json_and_signed_urls(live):
    key, _ = _api_key(live)
    client = _sdk(live, key)
    result = client.images.generate(model="routix-lightning", prompt="gaming thumbnail with explosions",
                                    response_format="b64_json", extra_body={"title": "Boss Fight"})
    assert len(result.data) == 1 and result.size == "1280x720" and result.output_format == "png"
    image = _decode(result.data[0].b64_json)
    assert (image.format, image.size) == ("PNG", (1280, 720))

    linked = client.images.generate(prompt="cozy cooking vlog, pasta night", response_format="url",
                                    output_format="jpeg", output_compression=70)
    url = linked.data[0].url
    assert url.startswith(live.base_url + "/files/") and "sig=" in url
    image = _download(url)
    assert (image.format, image.size) == ("JPEG", (1280, 720))


@pytest.mark.parametrize(("size", "expected"), [
    ("1536x1024", (1280, 720)), ("1792x1024", (1280, 720)), ("1280x720", (1280, 720)),
    ("1024x1024", (1024, 1024)), ("3000x3000", (3000, 3000)), ("1024x1536", (1080, 1920)),
])
def test_each_size_maps_to_a_designed_output(live, size, expected):
    key, _ = _api_key(live)
    result = _sdk(live, key).images.generate(prompt="travel vlog in the mountains", size=size,
                                             output_format="webp")
    image = _decode(result.data[0].b64_json)
    assert (image.format, image.size) == ("WEBP", expected)
    assert result.size == f"{expected[0]}x{expected[1]}"


def test_an_unsupported_size_is_a_bad_request(live):
    key, _ = _api_key(live)
    with pytest.raises(openai.BadRequestError) as caught:
        _sdk(live, key).images.generate(prompt="a small one", size="512x512")
    assert caught.value.status_code == 400
    assert caught.value.param == "size" and "512x512" in caught.value.body["message"]


def test_1080x1920_is_the_designs_9_16_layout_rendered_once(live):
    key, _ = _api_key(live)
    client = _sdk(live, key)
    result = client.images.generate(prompt="tech review of a new phone", size="1080x1920", response_format="url",
                                    output_format="jpeg", extra_body={"title": "Phone Review", "seed": 3})
    assert result.size == "1080x1920"
    image = _download(result.data[0].url)
    assert (image.format, image.size) == ("JPEG", (1080, 1920))
    # the top of a 9:16 layout holds the title over the art, not a letterbox or a squeezed 16:9
    top = image.convert("L").crop((0, 0, 1080, 700))
    assert top.getextrema()[1] - top.getextrema()[0] > 100
    with pytest.raises(openai.BadRequestError) as caught:
        client.images.generate(prompt="tech review of a new phone", size="1080x1920", n=2)
    assert caught.value.param == "n"


def test_n_three_is_the_thumbnail_and_two_variants(live):
    key, _ = _api_key(live)
    result = _sdk(live, key).images.generate(prompt="tech review of a new phone", n=3, response_format="url")
    images = [_download(item.url) for item in result.data]
    assert [im.size for im in images] == [(1280, 720)] * 3
    assert len({item.url for item in result.data}) == 3


def test_edit_with_a_face_photo_stores_it_as_the_users_face_asset(live):
    key, account = _api_key(live)
    photo = resources.files("routix.samples").joinpath("grace_hopper.jpg").read_bytes()
    result = _sdk(live, key).images.edit(image=("grace_hopper.jpg", photo, "image/jpeg"),
                                         prompt="history documentary about computing pioneers")
    image = _decode(result.data[0].b64_json)
    assert image.size == (1280, 720)
    with live.http() as http:
        faces = http.get("/api/v1/assets", params={"asset_type": "face"},
                         headers={"Authorization": f"Bearer {account['access_token']}"}).json()
    items = faces["items"] if isinstance(faces, dict) else faces  # a page or a plain list
    assert len(items) == 1 and items[0]["asset_type"] == "face"


def test_an_edit_with_a_mask_is_refused(live):
    key, _ = _api_key(live)
    photo = resources.files("routix.samples").joinpath("grace_hopper.jpg").read_bytes()
    with pytest.raises(openai.BadRequestError) as caught:
        _sdk(live, key).images.edit(image=("face.jpg", photo, "image/jpeg"), mask=("mask.png", photo, "image/png"),
                                    prompt="a podcast cover")
    assert caught.value.param == "mask" and "mask" in caught.value.body["message"]


def test_a_wrong_key_is_an_authentication_error(live):
    with pytest.raises(openai.AuthenticationError) as caught:
        _sdk(live, "rtx_not_a_real_key").images.generate(prompt="anything")
    assert caught.value.status_code == 401
    assert set(caught.value.body) == {"message", "type", "param", "code"}


def test_insufficient_credits_carry_routix_message(live, services):
    key, account = _api_key(live)
    with services.db.session() as session:
        session.execute(update(User).where(User.id == uuid.UUID(account["user"]["id"])).values(credits=0))
    with pytest.raises(openai.RateLimitError) as caught:
        _sdk(live, key).images.generate(prompt="finance news of the week")
    error = caught.value
    assert error.status_code == 429 and error.code == "insufficient_quota"
    assert "your balance is 0" in error.body["message"] and "your balance is 0" in str(error)
    assert error.response.headers["x-should-retry"] == "false"


def test_models_lists_the_active_algorithms(live):
    key, _ = _api_key(live)
    models = _sdk(live, key).models.list()
    ids = [m.id for m in models.data]
    assert "routix-lightning" in ids and all(i.startswith("routix-") for i in ids)
    with pytest.raises(openai.BadRequestError) as caught:
        _sdk(live, key).images.generate(model="dall-e-3", prompt="anything")
    assert caught.value.code == "model_not_found"


def _pixels_apart(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two same-sized images, 0-255."""
    from PIL import ImageChops, ImageStat

    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def test_stream_sends_the_stages_as_partial_images_then_the_completed_image(live, tmp_path):
    key, account = _api_key(live)
    stream = _sdk(live, key).images.generate(prompt="unboxing a new laptop", stream=True, partial_images=2,
                                             output_format="jpeg")
    events = list(stream)
    assert [e.type for e in events] == ["image_generation.partial_image"] * 2 + ["image_generation.completed"]
    assert [e.partial_image_index for e in events[:2]] == [0, 1]
    backdrop, composed, final = (_decode(e.b64_json) for e in events)
    for image, event in zip((backdrop, composed, final), events, strict=True):
        assert (image.format, image.size) == ("JPEG", (1280, 720))
        assert event.size == "1280x720" and event.output_format == "jpeg" and event.background == "opaque"
    for name, image in (("backdrop", backdrop), ("composed", composed), ("final", final)):
        image.save(tmp_path / f"{name}.png")
    # real stages, not copies of the final: the art alone, then the art with the hero, then the title
    assert _pixels_apart(backdrop, composed) > 2 and _pixels_apart(composed, final) > 2
    # ... and they are the pipeline's own stage images of this generation
    with live.services.db.session() as session:
        from routix.store.models import GenerationRequest

        row = session.query(GenerationRequest).filter_by(user_id=uuid.UUID(account["user"]["id"])).one()
        stored = {name: Image.open(io.BytesIO(live.services.blobs.get(row.outputs[name])))
                  for name in ("stage-backdrop.jpg", "stage-composed.jpg")}
    assert _pixels_apart(stored["stage-backdrop.jpg"], backdrop) < 2
    assert _pixels_apart(stored["stage-composed.jpg"], composed) < 2


def test_stream_sends_as_many_partial_images_as_asked_and_none_for_a_square_size(live):
    key, _ = _api_key(live)
    one = list(_sdk(live, key).images.generate(prompt="cooking pasta at home", stream=True, partial_images=1))
    assert [e.type for e in one] == ["image_generation.partial_image", "image_generation.completed"]
    assert one[0].partial_image_index == 0 and _decode(one[0].b64_json).format == "PNG"
    none = list(_sdk(live, key).images.generate(prompt="cooking pasta at home", stream=True))
    assert [e.type for e in none] == ["image_generation.completed"]
    square = list(_sdk(live, key).images.generate(prompt="cooking pasta at home", stream=True, partial_images=2,
                                                  size="1024x1024"))
    assert [e.type for e in square] == ["image_generation.completed"]
    assert _decode(square[0].b64_json).size == (1024, 1024)


@pytest.fixture
def live_without_workers(settings):
    """A live server whose process starts no workers (and no other worker runs)."""
    if BACKEND != "embedded":
        pytest.skip("the scaled backend always has a Celery worker")
    services = Services(settings.model_copy(update={"openai_wait_seconds": 60.0}))
    services.migrate()
    with serve(services, start_workers=False) as server:  # the app's lifespan closes the services
        yield server


def test_without_any_worker_the_request_runs_the_job_itself(live_without_workers):
    key, _ = _api_key(live_without_workers)
    result = _sdk(live_without_workers, key).images.generate(prompt="morning routine vlog")
    assert _decode(result.data[0].b64_json).size == (1280, 720)


def test_a_generation_that_outlasts_the_wait_is_named_in_the_error(settings):
    if BACKEND != "embedded":
        pytest.skip("the scaled backend always has a Celery worker")
    services = Services(settings.model_copy(update={"openai_wait_seconds": 0.3}))
    services.migrate()
    with serve(services, start_workers=False) as server:
        key, _ = _api_key(server)
        with pytest.raises(openai.InternalServerError) as caught:
            _sdk(server, key).images.generate(prompt="morning routine vlog")
    assert caught.value.status_code == 504 and caught.value.code == "generation_timeout"
    assert "/api/v1/generation/" in caught.value.body["message"]
