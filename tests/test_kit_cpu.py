"""Library threads follow the cores and the jobs a process runs at once."""

from __future__ import annotations

import pytest

from routix.kit import cpu


@pytest.fixture(autouse=True)
def _restore():
    yield
    cpu.set_concurrency(1)


def test_threads_per_job_divide_the_cores_and_never_drop_below_one(monkeypatch):
    monkeypatch.setattr(cpu, "available_cores", lambda: 8)
    assert cpu.set_concurrency(1) == 8 and cpu.library_threads() == 8
    assert cpu.set_concurrency(2) == 4
    assert cpu.set_concurrency(3) == 2  # 8 // 3: never more threads than cores in all
    assert cpu.set_concurrency(16) == 1
    with pytest.raises(ValueError):
        cpu.set_concurrency(0)


def test_opencv_follows_when_it_is_loaded(monkeypatch):
    import cv2

    monkeypatch.setattr(cpu, "available_cores", lambda: 4)
    before = cv2.getNumThreads()
    try:
        cpu.set_concurrency(4)
        assert cv2.getNumThreads() == 1
        cpu.set_concurrency(2)
        assert cv2.getNumThreads() == 2
    finally:
        cv2.setNumThreads(before)

