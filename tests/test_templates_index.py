"""NumpyTemplateIndex: ranking, filters, lookup and the on-disk embedding cache.

A small deterministic bag-of-words embedder stands in for MiniLM here so the ranking is
predictable; tests/test_templates_recall.py runs the real model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from routix.errors import InvalidInput, NotFound
from routix.templates import STARTER_TEMPLATES, NumpyTemplateIndex, TemplateFilter
from routix.templates.cache import cache_dir

DIM = 64


class WordHashEmbedder:
    """Each word adds a fixed pseudo-random unit vector; rows are L2-normalised."""

    dim = DIM
    model_id = "test/word-hash"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little")
                out[row] += np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
        return out / np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-12, None)


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROUTIX_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def index() -> NumpyTemplateIndex:
    return NumpyTemplateIndex(STARTER_TEMPLATES, WordHashEmbedder())


def test_len_all_get(index: NumpyTemplateIndex) -> None:
    assert len(index) == len(STARTER_TEMPLATES)
    assert [t.id for t in index.all()] == [t.id for t in STARTER_TEMPLATES]
    first = STARTER_TEMPLATES[3]
    assert index.get(first.id) is first
    with pytest.raises(NotFound) as err:
        index.get("no-such-template")
    assert err.value.code == "not_found"


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(InvalidInput, match="duplicate"):
        NumpyTemplateIndex([STARTER_TEMPLATES[0], STARTER_TEMPLATES[0]], WordHashEmbedder())


def test_scores_are_cosines_sorted_desc_then_id(index: NumpyTemplateIndex) -> None:
    hits = index.search("podcast interview", k=len(index))
    assert len(hits) == len(index)
    keys = [(-h.score, h.template.id) for h in hits]
    assert keys == sorted(keys)
    assert all(-1.0 - 1e-6 <= h.score <= 1.0 + 1e-6 for h in hits)
    assert hits[0].template.category == "podcast"
    # the score is the dot product of the two normalised vectors
    embedder = WordHashEmbedder()
    query = embedder.encode(["podcast interview"])[0]
    row = [t.id for t in index.all()].index(hits[0].template.id)
    assert hits[0].score == pytest.approx(float(index.vectors()[row] @ query), abs=1e-5)


def test_k_and_min_score(index: NumpyTemplateIndex) -> None:
    everything = index.search("fire explosion boss fight", k=len(index))
    assert [h.template.id for h in index.search("fire explosion boss fight", k=3)] == [
        h.template.id for h in everything[:3]
    ]
    threshold = everything[4].score
    kept = index.search("fire explosion boss fight", k=len(index), min_score=threshold)
    assert kept and all(h.score >= threshold for h in kept)
    assert len(kept) == sum(h.score >= threshold for h in everything)
    assert index.search("fire explosion boss fight", min_score=1.01) == []


@pytest.mark.parametrize(
    "flt",
    [
        TemplateFilter(category="gaming"),
        TemplateFilter(has_face=False),
        TemplateFilter(has_face=True, energy_min=7),
        TemplateFilter(energy_max=5, style="clean"),
        TemplateFilter(has_text=True, energy_min=4, energy_max=6),
    ],
)
def test_filters_are_respected(index: NumpyTemplateIndex, flt: TemplateFilter) -> None:
    hits = index.search("thumbnail", filters=flt, k=len(index))
    expected = {t.id for t in STARTER_TEMPLATES if flt.accepts(t)}
    assert expected, "filter should match some starter template"
    assert {h.template.id for h in hits} == expected
    for hit in hits:
        dna = hit.template.dna
        assert flt.category in (None, hit.template.category)
        assert flt.has_face in (None, dna.has_face)
        assert (flt.energy_min or 1) <= dna.energy <= (flt.energy_max or 10)
        assert flt.style in (None, dna.style)


def test_filter_matching_nothing_returns_empty(index: NumpyTemplateIndex) -> None:
    assert index.search("anything", filters=TemplateFilter(category="news", has_face=False)) == []


def test_bad_arguments(index: NumpyTemplateIndex) -> None:
    with pytest.raises(InvalidInput):
        index.search("   ")
    with pytest.raises(InvalidInput):
        index.search("gaming", k=0)
    with pytest.raises(ValidationError):
        TemplateFilter(category="cooking")
    with pytest.raises(ValidationError):
        TemplateFilter(energy_min=8, energy_max=3)
    with pytest.raises(ValidationError):
        TemplateFilter(style="baroque")


def test_cache_round_trip(_isolated_cache: Path) -> None:
    first = WordHashEmbedder()
    vectors = NumpyTemplateIndex(STARTER_TEMPLATES, first).vectors()
    assert vectors.shape == (len(STARTER_TEMPLATES), DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    files = list(cache_dir().glob("*.npy"))
    assert len(files) == 1 and cache_dir().parent == _isolated_cache
    assert not list(cache_dir().glob("*.tmp")), "no temporary file left behind"

    second = WordHashEmbedder()
    again = NumpyTemplateIndex(STARTER_TEMPLATES, second)
    assert np.array_equal(again.vectors(), vectors)
    assert second.calls == [], "template vectors came from the cache"
    again.search("gaming")
    assert second.calls == [1], "only the query was embedded"


def test_cache_key_changes_with_templates_and_model() -> None:
    NumpyTemplateIndex(STARTER_TEMPLATES, WordHashEmbedder()).vectors()
    NumpyTemplateIndex(STARTER_TEMPLATES[:-1], WordHashEmbedder()).vectors()
    other_model = WordHashEmbedder()
    other_model.model_id = "test/other"
    NumpyTemplateIndex(STARTER_TEMPLATES, other_model).vectors()
    assert other_model.calls, "a different model id must not reuse cached vectors"
    assert len(list(cache_dir().glob("*.npy"))) == 3


@pytest.mark.parametrize("garbage", [b"", b"not a numpy file", b"\x93NUMPY\x01\x00garbage"])
def test_corrupt_cache_is_recomputed(garbage: bytes) -> None:
    good = NumpyTemplateIndex(STARTER_TEMPLATES, WordHashEmbedder()).vectors()
    (path,) = cache_dir().glob("*.npy")
    path.write_bytes(garbage)
    embedder = WordHashEmbedder()
    assert np.allclose(NumpyTemplateIndex(STARTER_TEMPLATES, embedder).vectors(), good, atol=1e-6)
    assert embedder.calls, "corrupt cache must be recomputed"
    assert np.array_equal(np.load(path), NumpyTemplateIndex(STARTER_TEMPLATES, WordHashEmbedder()).vectors())


def test_wrong_shape_cache_is_recomputed() -> None:
    NumpyTemplateIndex(STARTER_TEMPLATES, WordHashEmbedder()).vectors()
    (path,) = cache_dir().glob("*.npy")
    np.save(path, np.ones((3, DIM), dtype=np.float32))
    embedder = WordHashEmbedder()
    assert NumpyTemplateIndex(STARTER_TEMPLATES, embedder).vectors().shape == (len(STARTER_TEMPLATES), DIM)
    assert embedder.calls


def test_unwritable_cache_dir_still_searches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("ROUTIX_CACHE_DIR", str(blocker))
    hits = NumpyTemplateIndex(STARTER_TEMPLATES, WordHashEmbedder()).search("gaming", k=2)
    assert len(hits) == 2


def test_equal_scores_are_ordered_by_id() -> None:
    original = next(t for t in STARTER_TEMPLATES if t.category == "news")
    twins = [original.model_copy(update={"id": name}) for name in ("zz-news", "aa-news", "mm-news")]
    hits = NumpyTemplateIndex(twins, WordHashEmbedder()).search("breaking news", k=3)
    assert hits[0].score == pytest.approx(hits[2].score)
    assert [h.template.id for h in hits] == ["aa-news", "mm-news", "zz-news"]
