"""The result card's Animate button in Chromium: pick a preset, watch the video's progress bar,
then play the MP4 in the card (its signed link downloads a real H.264 file)."""

from __future__ import annotations

import io

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
    panel.get_by_label("Animation preset").select_option("zoom")
    panel.get_by_label("Video length").select_option("2")
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
    assert not page.console_errors
