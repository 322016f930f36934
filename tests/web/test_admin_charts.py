"""web.charts: the dashboard's server-side SVG (pure; no browser, no server)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from routix.web.charts import generations_chart, nice_ticks, short_date

NS = {"svg": "http://www.w3.org/2000/svg"}


def _data(rows):
    return {"days": len(rows), "per_day": [{"date": d, "total": t, "completed": c, "failed": f} for d, t, c, f in rows]}


@pytest.mark.parametrize(("maximum", "ticks"), [
    (0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (10, [0, 5, 10]), (130, [0, 50, 100, 150]),
])
def test_nice_ticks_cover_the_maximum_in_1_2_5_steps(maximum, ticks):
    assert nice_ticks(maximum) == ticks


def test_short_date():
    assert short_date("2025-11-03") == "3 Nov"
    assert short_date("not a date") == "not a date"


def test_bars_stack_completed_failed_and_other_in_proportion():
    svg = generations_chart(_data([("2025-11-01", 0, 0, 0), ("2025-11-02", 8, 5, 2), ("2025-11-03", 4, 4, 0)]))
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Generations per day, last 3 days"
    assert root.find("svg:desc", NS).text == "12 generations: 9 completed, 2 failed."
    bars = root.findall(".//svg:g[@class='bar']", NS)
    assert [b.get("data-total") for b in bars] == ["0", "8", "4"]
    assert bars[1].find("svg:title", NS).text == "2025-11-02: 8 generations, 5 completed, 2 failed"
    assert not bars[0].findall("svg:rect[@class]", NS), "an empty day draws no bar, only its hit area"
    heights = {r.get("class"): float(r.get("height")) for r in bars[1].findall("svg:rect[@class]", NS)}
    assert set(heights) == {"bar-completed", "bar-failed", "bar-other"}
    assert heights["bar-completed"] / heights["bar-failed"] == pytest.approx(5 / 2, rel=0.02)
    assert heights["bar-other"] / heights["bar-failed"] == pytest.approx(1 / 2, rel=0.02)
    full = float(bars[2].find("svg:rect[@class='bar-completed']", NS).get("height"))
    assert sum(heights.values()) / full == pytest.approx(8 / 4, rel=0.02)


def test_text_is_escaped_and_no_style_attributes_are_used():
    svg = generations_chart({"days": 1, "per_day": [{"date": "<script>", "total": 1, "completed": 1, "failed": 0}]})
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # well-formed
    assert not re.search(r"\sstyle=", svg)


def test_an_empty_range_is_still_a_chart():
    root = ET.fromstring(generations_chart({"days": 7, "per_day": []}))
    assert root.find("svg:desc", NS).text == "0 generations: 0 completed, 0 failed."
