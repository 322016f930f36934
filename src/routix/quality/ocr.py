"""Offline OCR with RapidOCR (PP-OCRv6 detection + recognition ONNX models shipped in the
``rapidocr`` 3.x wheel, run by onnxruntime on the CPU).

The model files are passed by explicit path, so RapidOCR never reaches its download code;
the recogniser's character list is embedded in its ONNX file. The direction classifier is
off (thumbnail text is upright). Detection runs at the input's own size (``limit_type="max"``
with the side limit set to the largest input Routix sends) instead of RapidOCR's default of
upscaling the short side to 736 px, which made a 672x376 input take ~0.4 s instead of ~0.12 s.

The engine is built once per process (:func:`engine`) and calls are serialised by a lock:
RapidOCR keeps per-call settings on the instance, so one instance must not run two images at
once. A whole OCR call on a feed-size input takes ~60-130 ms on one core.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

#: The largest side (px) of an image sent to :func:`read_text`; larger inputs are shrunk.
MAX_SIDE = 1024

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def engine():  # -> rapidocr.RapidOCR (imported lazily: it pulls opencv and onnxruntime)
    """The process-wide RapidOCR instance (built on first use, ~20 ms; the ONNX models load on
    the first image, ~1 s). Raises FileNotFoundError when the rapidocr wheel lacks its models."""
    import rapidocr
    from rapidocr import RapidOCR

    models = Path(rapidocr.__file__).resolve().parent / "models"
    detector, recogniser = models / "PP-OCRv6_det_small.onnx", models / "PP-OCRv6_rec_small.onnx"
    for path in (detector, recogniser):
        if not path.is_file():
            raise FileNotFoundError(f"rapidocr model missing: {path} (reinstall rapidocr>=3)")
    params = {
        "Global.use_cls": False,
        "Global.log_level": "error",
        "Det.model_path": str(detector),
        "Rec.model_path": str(recogniser),
        "Det.limit_type": "max",
        "Det.limit_side_len": MAX_SIDE,
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    return RapidOCR(params=params)


@dataclass(frozen=True)
class OcrResult:
    """One OCR pass: per line its ``quad`` (4 corner points, px in the image that was read),
    ``text`` and recogniser ``score`` (0..1); ``size`` is that image's (w, h) px."""

    quads: list
    texts: tuple[str, ...]
    scores: tuple[float, ...]
    size: tuple[int, int]


def recognise(image: Image.Image, *, max_side: int = MAX_SIDE) -> OcrResult:
    """RapidOCR over ``image`` (any mode; converted to RGB and shrunk to at most ``max_side`` px
    on its long side). Thread-safe: one engine, built once, one image at a time."""
    rgb = image.convert("RGB")
    if max(rgb.size) > max_side:
        rgb.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    pixels = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])  # RapidOCR reads arrays as BGR
    with _LOCK:  # the engine keeps per-call settings on the instance
        result = engine()(pixels)
    quads = list(result.boxes) if result.boxes is not None else []
    return OcrResult(quads, tuple(str(t) for t in (result.txts or ())),
                     tuple(float(s) for s in (result.scores or ())), rgb.size)


def read_text(image: Image.Image) -> list[str]:
    """Text lines RapidOCR reads in ``image`` (any mode; converted to RGB), top to bottom as
    RapidOCR orders them; ``[]`` when it finds none. Thread-safe (calls are serialised)."""
    return [line for line in recognise(image).texts if line.strip()]
