"""MiniLMEmbedder: shapes, normalisation, semantics, determinism, batching, cache, bad input."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from routix.embed import DIM, Embedder, MiniLMEmbedder, get_embedder


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return get_embedder()


def test_satisfies_port(embedder: MiniLMEmbedder) -> None:
    port: Embedder = embedder
    assert port.dim == DIM == 384


def test_shape_dtype_and_unit_rows(embedder: MiniLMEmbedder) -> None:
    vecs = embedder.encode(["a red sports car", "", "Podcast episode 12 with a guest"])
    assert vecs.shape == (3, DIM)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert np.isfinite(vecs).all()


def test_empty_sequence_gives_empty_matrix(embedder: MiniLMEmbedder) -> None:
    assert embedder.encode([]).shape == (0, DIM)


def test_semantic_sanity(embedder: MiniLMEmbedder) -> None:
    a, b, c = embedder.encode(["gaming video with explosions", "video game action", "baking a chocolate cake"])
    assert float(a @ b) > float(a @ c) + 0.2
    assert float(b @ c) < 0.3


def test_paraphrase_closer_than_unrelated(embedder: MiniLMEmbedder) -> None:
    q, para, other = embedder.encode(
        ["how to invest in index funds", "beginner guide to investing in the stock market",
         "my morning skincare routine"]
    )
    assert float(q @ para) > float(q @ other)


def test_deterministic(embedder: MiniLMEmbedder) -> None:
    texts = ["neon cyberpunk city at night", "calm lo-fi study music"]
    fresh = MiniLMEmbedder(cache_size=0)
    np.testing.assert_array_equal(embedder.encode(texts), embedder.encode(texts))
    np.testing.assert_allclose(fresh.encode(texts), embedder.encode(texts), atol=1e-6)


def test_batch_equals_single(embedder: MiniLMEmbedder) -> None:
    # Very different lengths so the batch is padded heavily.
    texts = ["hi", "travel vlog in Japan, temples and street food " * 12, "unboxing the new phone"]
    batch = embedder.encode(texts)
    singles = np.vstack([embedder.encode([t]) for t in texts])
    np.testing.assert_allclose(batch, singles, atol=1e-4)


def test_long_text_is_truncated_not_rejected(embedder: MiniLMEmbedder) -> None:
    long = "fortnite victory royale " * 300  # far over 256 tokens
    short = "fortnite victory royale " * 80  # ~ 256 tokens
    a, b = embedder.encode([long, short])
    assert float(a @ b) > 0.99


def test_cache_returns_independent_copies(embedder: MiniLMEmbedder) -> None:
    first = embedder.encode(["cache me"])
    first[:] = 0.0
    second = embedder.encode(["cache me"])
    np.testing.assert_allclose(np.linalg.norm(second), 1.0, atol=1e-5)


def test_thread_safe_singleton() -> None:
    seen: list[MiniLMEmbedder] = []
    threads = [threading.Thread(target=lambda: seen.append(get_embedder())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(e) for e in seen}) == 1


@pytest.mark.parametrize("bad", ["a bare string", [b"bytes"], ["ok", None]])
def test_rejects_non_string_input(embedder: MiniLMEmbedder, bad: object) -> None:
    with pytest.raises(TypeError):
        embedder.encode(bad)  # type: ignore[arg-type]


def test_mixed_lengths_and_repeats_embed_like_one_at_a_time() -> None:
    fresh = MiniLMEmbedder(cache_size=0)
    cached = MiniLMEmbedder(cache_size=16)
    texts = ["how to invest your first thousand dollars in index funds without stress", "money", "gaming",
             "money", "a calm podcast about space", "fire"]
    alone = np.stack([fresh.encode([t])[0] for t in texts])
    assert np.allclose(fresh.encode(texts), alone, atol=1e-5)
    first = cached.encode(texts)
    assert np.allclose(first, alone, atol=1e-5)
    assert np.array_equal(cached.encode(list(reversed(texts))), first[::-1])  # all from the cache now
    first[0] = 0  # the caller's copy, not the cache's
    assert np.allclose(cached.encode(texts[:2])[0], alone[0], atol=1e-5)


def test_length_batches_keep_short_texts_out_of_long_ones() -> None:
    from routix.embed.minilm import _length_batches

    texts = ["a" * 40, "b" * 30, "c" * 19, "d" * 5, "e" * 4, "f" * 3]
    assert list(_length_batches(texts, 32)) == [["a" * 40, "b" * 30], ["c" * 19], ["d" * 5, "e" * 4, "f" * 3]]
    assert list(_length_batches(["x"] * 5, 2)) == [["x", "x"], ["x", "x"], ["x"]]
