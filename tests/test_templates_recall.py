"""Search quality of the starter library with the real offline MiniLM embedder.

Each query is phrased the way a creator asks for a thumbnail; recall@3 counts a query as
found when its expected category is among the categories of the top-3 templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from routix.embed import get_embedder
from routix.templates import (
    STARTER_TEMPLATES,
    NumpyTemplateIndex,
    TemplateFilter,
    starter_index,
)

LABELLED: list[tuple[str, str]] = [
    ("minecraft let's play, crazy moment", "gaming"),
    ("fortnite victory royale with explosions", "gaming"),
    ("I beat the hardest boss in elden ring", "gaming"),
    ("valorant ranked montage, neon vibes", "gaming"),
    ("I survived 100 days in hardcore minecraft", "gaming"),
    ("iphone 17 pro unboxing and honest review", "tech"),
    ("is this $200 laptop worth it?", "tech"),
    ("chatgpt secret features nobody talks about", "tech"),
    ("a day in my life in new york", "vlog"),
    ("storytime: I moved to a new city alone", "vlog"),
    ("how to edit videos in premiere pro for beginners", "tutorial"),
    ("excel tips and tricks you need to know", "tutorial"),
    ("reacting to my old cringe videos", "reaction"),
    ("my girlfriend and I react to tiktok memes", "reaction"),
    ("first time hearing this song, shocked", "reaction"),
    ("podcast episode with a special guest, interview", "podcast"),
    ("cover art for my weekly talk show on spotify", "podcast"),
    ("how to invest your first $1000", "finance"),
    ("bitcoin is going to the moon", "finance"),
    ("how I made $10,000 in one month", "finance"),
    ("30 day ab workout transformation", "fitness"),
    ("full body home workout, no equipment", "fitness"),
    ("backpacking through japan on a budget", "travel"),
    ("hidden beaches of bali travel guide", "travel"),
    ("easy 15 minute pasta recipe", "food"),
    ("trying every dessert at a street food market", "food"),
    ("why is the sky blue? science explained", "education"),
    ("the history of the roman empire in 10 minutes", "education"),
    ("breaking news: huge announcement today", "news"),
    ("what really happened with the election scandal", "news"),
    ("my new single out now, music video", "music"),
    ("live acoustic guitar cover at a concert", "music"),
    ("my morning skincare routine", "beauty"),
    ("get ready with me: soft glam makeup look", "beauty"),
    ("gym motivation: no excuses", "fitness"),
    ("cooking dinner for my family, cozy kitchen", "food"),
    ("scary horror story from a haunted house", "horror"),
    ("true crime: the unsolved case that still haunts this town", "horror"),
    ("space exploration documentary about mars", "science"),
    ("what the james webb telescope just found", "science"),
    ("guided meditation for deep sleep", "wellness"),
    ("my self care routine for anxiety relief", "wellness"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NumpyTemplateIndex]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ROUTIX_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield NumpyTemplateIndex(STARTER_TEMPLATES, get_embedder())


def test_labelled_set_covers_every_category() -> None:
    assert len(LABELLED) >= 30
    assert {category for _, category in LABELLED} == {t.category for t in STARTER_TEMPLATES}


def test_recall_at_3(index: NumpyTemplateIndex) -> None:
    found = 0
    for query, expected in LABELLED:
        hits = index.search(query, k=3)
        categories = [h.template.category for h in hits]
        found += expected in categories
        if expected not in categories:
            print(f"miss: {query!r} -> expected {expected}, got {[(h.template.id, round(h.score, 3)) for h in hits]}")
    recall = found / len(LABELLED)
    print(f"recall@3 = {recall:.3f} ({found}/{len(LABELLED)})")
    assert recall >= 0.9


def test_filters_with_real_model(index: NumpyTemplateIndex) -> None:
    hits = index.search("how I made $10,000 in one month", filters=TemplateFilter(has_face=False), k=3)
    assert hits and all(not h.template.dna.has_face for h in hits)
    assert hits[0].template.category == "finance"
    calm = index.search("gaming", filters=TemplateFilter(energy_max=4), k=20)
    assert all(h.template.dna.energy <= 4 for h in calm)


def test_starter_index_is_shared(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ROUTIX_CACHE_DIR", str(tmp_path))
    first = starter_index()
    assert first is starter_index()
    assert len(first) == len(STARTER_TEMPLATES)
    assert first.search("my morning skincare routine", k=1)[0].template.category == "beauty"
