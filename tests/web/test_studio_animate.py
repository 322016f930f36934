"""The result card's Animate button in Chromium: pick a preset by its looping preview, watch the
video's progress bar, then play the MP4 in the card (its signed link downloads a real H.264
file); the gallery shows the video."""

from __future__ import annotations

import io
import re

import av
import httpx
from playwright.sync_api import expect

from web.conftest import GENERATION_TIMEOUT_MS, register


def test_animate_a_result_and_play_the_video(page, live_server):
    register(page)
    page.get_by_label("Message").fill("Tech review thumbnail: tiny drone")
    page.get_by_label("Message").press("Enter")
    page.locator('.algo-card[data-algorithm="lightning"]').click()
    skip = page.get_by_role("button", name="Skip, generate without")
    expect(skip).to_be_enabled()
    skip.click()
    card = page.locator("li[data-type=thumbnail_result] .result-card")
    expect(card.locator(".result-image img")).to_have_count(1, timeout=GENERATION_TIMEOUT_MS)

    animate = card.get_by_role("button", name="Animate")
    expect(animate).to_have_attribute("aria-expanded", "false")
    animate.click()
    expect(animate).to_have_attribute("aria-expanded", "true")
    panel = card.get_by_role("group", name="Animate this thumbnail")
    picker = panel.get_by_role("group", name="Animation preset")
    expect(picker.get_by_role("radio")).to_have_count(6)
    previews = picker.locator("img")
    expect(previews).to_have_count(6)
    for i in range(6):  # every preview is a served, decodable animated image
        src = previews.nth(i).get_attribute("src")
        answer = httpx.get(live_server.url + src)
        assert answer.status_code == 200 and answer.headers["content-type"] == "image/webp", src
    expect(picker.get_by_role("radio", name="Parallax")).to_be_checked()
    picker.get_by_text("Slow zoom").click()
    expect(picker.get_by_role("radio", name="Slow zoom")).to_be_checked()
    panel.get_by_label("Video length").select_option("2")
    expect(panel.get_by_label("Video format")).to_have_value("1280x720")
    panel.get_by_role("button", name="Create video").click()
    expect(panel.get_by_role("progressbar", name="Video progress")).to_be_visible()

    video = panel.locator("video")
    expect(video).to_have_count(1, timeout=GENERATION_TIMEOUT_MS)
    src = video.get_attribute("src")
    assert src and "/files/videos/" in src and video.get_attribute("poster")
    expect(panel.get_by_role("link", name="Download the MP4")).to_contain_text("MP4")
    data = httpx.get(src if src.startswith("http") else live_server.url + src).content
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.codec_context.width, stream.codec_context.height) == (1280, 720)

    page.goto("/gallery")
    videos = page.get_by_role("region", name="Videos")
    expect(videos).to_be_visible()
    card = videos.locator("article.video-card")
    expect(card).to_have_count(1)
    expect(card.locator(".gallery-title")).to_have_text("Slow zoom · 2 s")
    expect(card.locator("video")).to_have_attribute("src", re.compile("^" + re.escape(src.split("?")[0]) + r"\?"))
    expect(card.get_by_role("link", name="Download the MP4")).to_be_visible()
    assert not page.console_errors
