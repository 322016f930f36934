"""CanvasMemo: several small canvases' results kept, only the last big one's."""

from __future__ import annotations

from routix.render.memo import SMALL_CANVAS_PIXELS, CanvasMemo


def test_small_canvases_keep_several_results_big_ones_only_the_last():
    calls = []

    def paint(tag: str, size: tuple[int, int]) -> list:
        calls.append((tag, size))
        return [tag, size]

    memo = CanvasMemo(paint, small=2, size_arg=1)
    small, big = (1280, 720), (3000, 3000)
    assert big[0] * big[1] > SMALL_CANVAS_PIXELS >= small[0] * small[1]
    first = memo("a", small)
    assert memo("a", small) is first and memo("b", small) == ["b", small]
    assert memo("a", small) is first and len(calls) == 2  # two small results kept
    memo("a", big)
    memo("b", big)
    memo("a", big)
    assert calls.count(("a", big)) == 2  # one big result kept: "b" pushed "a" out
    assert memo("b", small) and len(calls) == 5  # the big ones did not push the small ones out
    memo.cache_clear()
    memo("a", small)
    assert len(calls) == 6 and memo.__name__ == "paint"
