"""Load the vendored vision models once per process and run them thread-safely.

Models live in ``routix/vision/models`` (see the README there). MediaPipe 1.2.2 Tasks API:
``FaceDetector`` and ``ImageSegmenter`` created with ``BaseOptions(model_asset_path=...)``;
the salient-object model (U^2-Net small, ``u2netp.onnx``) runs on onnxruntime's CPU provider.

Each model is created once, on first use, under a lock, and every call to it holds that
model's lock (a Tasks object in IMAGE mode is not documented as re-entrant). The native
runtime prints banners and warnings to file descriptor 2 while a model loads; those lines are
captured and only replayed if loading fails, so the CLI keeps its one clean error line.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from routix.errors import RoutixError
from routix.kit.cpu import library_threads

MODELS_DIR = Path(__file__).with_name("models")

FaceModel = Literal["short_range", "full_range"]
SegmentModel = Literal["square", "landscape"]

_FILES: dict[str, str] = {
    "short_range": "face_detection_short_range.tflite",
    "full_range": "face_detection_full_range_sparse.tflite",
    "square": "selfie_segmentation.tflite",
    "landscape": "selfie_segmentation_landscape.tflite",
    "salient": "u2netp.onnx",
}

#: Side (px) of the square input of the salient-object model, and its ImageNet normalisation.
SALIENT_SIDE = 320
_SALIENT_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
_SALIENT_STD = np.array([0.229, 0.224, 0.225], np.float32)

#: Minimum detector score (0..1) kept by the face models.
MIN_FACE_SCORE = 0.5


class ModelUnavailable(RoutixError):
    """A vendored model file is missing or the native runtime cannot load it."""

    code = "model_unavailable"


@dataclass
class _Loaded:
    task: Any
    lock: threading.Lock


# MediaPipe's glog prints a warning on the first inference; it reads this when the native
# library loads (mediapipe is imported lazily, after this line). Callers may override it.
os.environ.setdefault("GLOG_minloglevel", "2")

_cache: dict[str, _Loaded] = {}
_cache_lock = threading.Lock()


def run_face_model(model: FaceModel, rgb: np.ndarray) -> list[Any]:
    """Run a face detector on an HxWx3 uint8 RGB array; return MediaPipe ``Detection`` objects.

    Boxes and keypoints in the result are in px / normalised 0..1 of ``rgb`` respectively.
    Raises ModelUnavailable if the model cannot be loaded.
    """
    loaded = _get(model)
    image = _mp_image(rgb)
    with loaded.lock:
        return list(loaded.task.detect(image).detections)


def run_segment_model(model: SegmentModel, rgb: np.ndarray) -> np.ndarray:
    """Run selfie segmentation on an HxWx3 uint8 RGB array.

    Returns the person confidence as an HxW float32 array in 0..1 at the size of ``rgb``
    (MediaPipe resizes its 256x256 / 256x144 model output back to the input size).
    Raises ModelUnavailable if the model cannot be loaded.
    """
    loaded = _get(model)
    image = _mp_image(rgb)
    with loaded.lock:
        result = loaded.task.segment(image)
        mask = np.array(result.confidence_masks[-1].numpy_view(), dtype=np.float32, copy=True)
    return mask.reshape(rgb.shape[:2])


def run_salient_model(rgb: np.ndarray) -> np.ndarray:
    """Salient-object probability of an HxWx3 uint8 RGB array (U^2-Net small).

    The photo is resized to 320x320 (aspect not kept, as the model was trained), normalised
    with the ImageNet mean/std, and the model's first (fused) output is resized back. Returns
    an HxW float32 array in 0..1 at the size of ``rgb``; it is *not* stretched to 0..1 per
    photo, so a photo without a salient object stays near 0 everywhere.
    Raises ModelUnavailable if the model cannot be loaded.
    """
    import cv2

    height, width = rgb.shape[:2]
    small = cv2.resize(rgb, (SALIENT_SIDE, SALIENT_SIDE), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    tensor = ((small - _SALIENT_MEAN) / _SALIENT_STD).transpose(2, 0, 1)[None]
    loaded = _get("salient")
    with loaded.lock:
        outputs = loaded.task.run(None, {loaded.task.get_inputs()[0].name: np.ascontiguousarray(tensor)})
    prob = np.clip(np.asarray(outputs[0], np.float32)[0, 0], 0.0, 1.0)
    return cv2.resize(prob, (width, height), interpolation=cv2.INTER_LINEAR)


def _mp_image(rgb: np.ndarray) -> Any:
    import mediapipe as mp

    return mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb, dtype=np.uint8))


def _get(name: str) -> _Loaded:
    loaded = _cache.get(name)
    if loaded is not None:
        return loaded
    with _cache_lock:
        if name not in _cache:
            _cache[name] = _Loaded(task=_create(name), lock=threading.Lock())
        return _cache[name]


def _create(name: str) -> Any:
    path = MODELS_DIR / _FILES[name]
    if not path.is_file():
        raise ModelUnavailable(f"Vision model file {path.name} is missing from {MODELS_DIR}.")
    if name == "salient":
        return _create_onnx(path)
    from mediapipe.tasks.python import BaseOptions, vision

    base = BaseOptions(model_asset_path=str(path))
    factory: Callable[[], Any]
    if name in ("short_range", "full_range"):
        options = vision.FaceDetectorOptions(base_options=base, min_detection_confidence=MIN_FACE_SCORE)
        factory = lambda: vision.FaceDetector.create_from_options(options)  # noqa: E731
        warm = "detect"
    else:
        options = vision.ImageSegmenterOptions(
            base_options=base, output_confidence_masks=True, output_category_mask=False
        )
        factory = lambda: vision.ImageSegmenter.create_from_options(options)  # noqa: E731
        warm = "segment"
    try:
        with _quiet_native_stderr():
            task = factory()
            getattr(task, warm)(_mp_image(np.zeros((64, 64, 3), np.uint8)))
    except (RuntimeError, ValueError, OSError) as exc:
        raise ModelUnavailable(f"Vision model {path.name} could not be loaded ({exc}).") from exc
    return task


def _create_onnx(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = library_threads()
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception classes
        raise ModelUnavailable(f"Vision model {path.name} could not be loaded ({exc}).") from exc


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Capture fd 2 (native log lines) for the block; replay it to stderr if the block raises."""
    fd = 2  # native code writes to the process's fd 2 whatever sys.stderr is
    sys.stderr.flush()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), fd)
        try:
            yield
        except BaseException:
            os.dup2(saved, fd)
            sink.seek(0)
            sys.stderr.write(sink.read().decode("utf-8", "replace"))
            raise
        finally:
            os.dup2(saved, fd)
            os.close(saved)


def _close_all() -> None:
    with _cache_lock:
        for loaded in _cache.values():
            with loaded.lock:
                close = getattr(loaded.task, "close", None)  # onnxruntime sessions have none
                if close is not None:
                    close()
        _cache.clear()


# Close explicitly before interpreter teardown: mediapipe 1.2.2 prints a TypeError when
# a task is only closed by its __del__.
atexit.register(_close_all)
