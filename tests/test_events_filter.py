"""The live-event filter keeps each generation moving forward, also across a retried attempt."""

from routix.events.live import ProgressFilter


def _progress(progress: int, attempt: int = 1) -> dict:
    return {"event": "generation:progress", "data": {"request_id": "r1", "progress": progress, "attempt": attempt}}


def test_stale_progress_is_dropped_and_final_is_last():
    f = ProgressFilter()
    assert f.admit(_progress(40)) and not f.admit(_progress(30)) and f.admit(_progress(40))
    assert f.admit({"event": "generation:completed", "data": {"request_id": "r1", "progress": 100}})
    assert not f.admit(_progress(90)) and not f.admit({"event": "generation:failed", "data": {"request_id": "r1"}})
    assert f.admit({"event": "chat:message", "data": {"conversation_id": "c"}})


def test_a_retry_starts_progress_again():
    f = ProgressFilter()
    assert f.admit(_progress(60, attempt=1))
    assert f.admit(_progress(5, attempt=2)), "a new attempt may start below the old progress"
    assert not f.admit(_progress(50, attempt=1)), "late events of the dead attempt are stale"


def test_videos_move_forward_on_their_own_ids():
    f = ProgressFilter()
    video = {"event": "video:progress", "data": {"video_id": "r1", "progress": 50, "attempt": 1}}
    assert f.admit(video) and f.admit(_progress(10)), "a generation and a video never share a rank"
    assert not f.admit({**video, "data": {**video["data"], "progress": 40}})
    assert f.admit({"event": "video:completed", "data": {"video_id": "r1"}})
    assert not f.admit(video) and not f.admit({"event": "video:failed", "data": {"video_id": "r1"}})
