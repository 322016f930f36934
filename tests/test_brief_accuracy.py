"""Offline planner accuracy on a labelled set of creator prompts.

The prompts are phrased the way creators write requests, not copied from the label
descriptions in ``routix.brief.labels``. The test prints the accuracy and every confusion and
writes them to ``/tmp/routix_brief_accuracy.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routix.brief import CATEGORIES, OfflinePlanner, get_planner

REPORT = Path("/tmp/routix_brief_accuracy.json")
MIN_ACCURACY = 0.85

CATEGORY_CASES: list[tuple[str, str]] = [
    # gaming
    ("gaming thumbnail with explosions", "gaming"),
    ("I survived 100 days in hardcore minecraft, make it epic", "gaming"),
    ("fortnite win with my squad, victory royale energy", "gaming"),
    ("ranking every elden ring boss from easiest to hardest", "gaming"),
    ("new GTA 6 trailer breakdown with all the hidden details, loud and red", "gaming"),
    # tech
    ("iPhone 17 Pro review after one month, clean look", "tech"),
    ("I built a $500 PC that beats a PS5", "tech"),
    ("the best noise cancelling earbuds under 100 dollars", "tech"),
    ("this AI tool writes code for you", "tech"),
    # vlog
    ("a day in my life as a nurse working night shifts", "vlog"),
    ("we moved to a new apartment! apartment tour and storytime", "vlog"),
    ("spending 24 hours with my little brother, funny", "vlog"),
    ("my honest weekly vlog, cozy autumn vibes", "vlog"),
    # tutorial
    ("how to edit videos in DaVinci Resolve for beginners", "tutorial"),
    ("fix a leaking kitchen tap in 5 minutes, step by step", "tutorial"),
    ("excel formulas everyone should know", "tutorial"),
    ("learn to draw anime eyes, easy guide", "tutorial"),
    # reaction
    ("reacting to my old cringe videos", "reaction"),
    ("first time hearing Bohemian Rhapsody, my face when the opera part starts", "reaction"),
    ("me watching the craziest tiktoks of the week with a shocked face", "reaction"),
    # podcast
    ("podcast cover, calm, blue", "podcast"),
    ("episode 42 with a special guest, the founder of a startup", "podcast"),
    ("long interview with a former navy seal, two mics on a table", "podcast"),
    ("our weekly talk show about movies, square cover art", "podcast"),
    # finance
    ("how I paid off 50k of debt in two years", "finance"),
    ("is bitcoin going to crash? crypto market update", "finance"),
    ("5 index funds I would buy with my first paycheck", "finance"),
    ("side hustles that make $100 a day from home", "finance"),
    # fitness
    ("my 90 day body transformation, before and after", "fitness"),
    ("30 minute home workout, no equipment", "fitness"),
    ("the only leg day you need, heavy squats", "fitness"),
    ("I ran a marathon without training", "fitness"),
    # travel
    ("two weeks backpacking through Vietnam on a budget", "travel"),
    ("the most beautiful beaches in Greece", "travel"),
    ("first time in Tokyo, exploring hidden streets", "travel"),
    ("living in a van across Norway's fjords", "travel"),
    # food
    ("making the perfect neapolitan pizza at home", "food"),
    ("trying every item on the Taco Bell menu", "food"),
    ("grandma's chocolate chip cookie recipe, warm and cozy", "food"),
    ("ranking street food in Bangkok, spicy noodles", "food"),
    # education
    ("why is the sky blue? explained simply", "education"),
    ("the fall of the Roman Empire in 10 minutes", "education"),
    ("what life was like in medieval london", "education"),
    ("learn spanish grammar in one lesson", "education"),
    # news
    ("breaking: major earthquake hits the coast, latest updates", "news"),
    ("election results tonight, who is winning", "news"),
    ("the company just announced huge layoffs, what it means", "news"),
    # music
    ("new single out now, moody purple album art", "music"),
    ("lofi beats to study and relax to", "music"),
    ("I learned guitar in 30 days", "music"),
    ("making a hip hop beat from scratch in FL Studio", "music"),
    # beauty
    ("my everyday natural makeup look", "beauty"),
    ("10 step korean skincare routine, soft pastel pink", "beauty"),
    ("trying viral drugstore lipsticks, honest review", "beauty"),
    ("fall outfit ideas, thrift haul", "beauty"),
    # horror
    ("scary horror story at night", "horror"),
    ("the creepiest haunted house in america", "horror"),
    ("true crime: the murder case that was never solved", "horror"),
    ("zombie apocalypse survival story", "horror"),
    # science
    ("space exploration documentary", "science"),
    ("how black holes bend time", "science"),
    ("every chemical element explained, periodic table", "science"),
    ("dinosaurs that really existed", "science"),
    # wellness
    ("meditation for sleep", "wellness"),
    ("guided breathing for anxiety", "wellness"),
    ("my self care sunday, journaling and gratitude", "wellness"),
    ("10 healthy habits that changed my mental health", "wellness"),
]

@pytest.fixture(scope="module")
def planner() -> OfflinePlanner:
    return get_planner()


def test_cases_are_valid_and_cover_every_category() -> None:
    assert len(CATEGORY_CASES) >= 40
    assert {want for _, want in CATEGORY_CASES} == set(CATEGORIES)
    assert len({p for p, _ in CATEGORY_CASES}) == len(CATEGORY_CASES)


def test_category_accuracy(planner: OfflinePlanner) -> None:
    confusions = []
    for prompt, want in CATEGORY_CASES:
        got = planner.analyze(prompt).category
        if got != want:
            confusions.append({"prompt": prompt, "expected": want, "got": got})
    accuracy = 1 - len(confusions) / len(CATEGORY_CASES)
    report = {"cases": len(CATEGORY_CASES), "accuracy": round(accuracy, 4), "confusions": confusions}
    REPORT.write_text(json.dumps(report, indent=2))
    print(f"\noffline planner category accuracy {accuracy:.3f} on {len(CATEGORY_CASES)} prompts; report {REPORT}")
    for c in confusions:
        print(f"  confused: {c['prompt']!r} expected {c['expected']} got {c['got']}")
    assert accuracy >= MIN_ACCURACY, confusions


def test_gaming_with_explosions(planner: OfflinePlanner) -> None:
    brief = planner.analyze("gaming thumbnail with explosions")
    assert brief.category == "gaming"
    assert "explosions" in brief.visual_elements
    assert brief.energy >= 7
    assert brief.format == "youtube"


def test_calm_blue_podcast_cover(planner: OfflinePlanner) -> None:
    brief = planner.analyze("podcast cover, calm, blue")
    assert brief.category == "podcast"
    assert brief.mood == "calm"
    assert brief.energy <= 4
    assert brief.format == "podcast"
    assert len(brief.color_hints) == 1
    r, g, b = (int(brief.color_hints[0][i : i + 2], 16) for i in (1, 3, 5))
    assert b > max(r, g) + 80  # a blue
