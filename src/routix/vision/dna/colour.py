"""Colour facts of an image: CIELAB conversion, dominant palette, temperature, tone statistics.

CIELAB (D65, L* 0..100) comes from OpenCV's float conversion of sRGB 0..1, which implements
the CIE formulas (https://docs.opencv.org/4.x/de/d25/imgproc_color_conversions.html). Colour
differences are CIE76: ΔE76 = Euclidean distance in L*a*b*; ~2.3 is a just-noticeable
difference, < 8 reads as "the same colour" in a thumbnail palette.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass

import cv2
import numpy as np

from routix.quality.color import parse_hex, to_hex
from routix.vision.dna.models import Temperature

#: Pixels (at most) the palette's k-means sees; the image is sampled on a regular grid.
PALETTE_SAMPLES = 12_000
#: k-means clusters before merging; merged clusters closer than MERGE_DELTA_E (ΔE76).
PALETTE_K = 8
MERGE_DELTA_E = 8.0
#: Clusters with a smaller pixel share are folded into their nearest neighbour.
MIN_SHARE = 0.02
MAX_COLOURS = 6
#: |temperature_score| below this is "neutral".
NEUTRAL_BAND = 0.12


def rgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 sRGB -> (..., 3) float32 CIELAB (L* 0..100, a*, b* about -128..127)."""
    arr = np.ascontiguousarray(rgb, dtype=np.float32).reshape(-1, 1, 3) / 255.0
    return cv2.cvtColor(arr, cv2.COLOR_RGB2Lab).reshape(np.shape(rgb))


def lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    """(..., 3) CIELAB -> (..., 3) uint8 sRGB (out-of-gamut colours clipped)."""
    arr = np.ascontiguousarray(lab, dtype=np.float32).reshape(-1, 1, 3)
    rgb = cv2.cvtColor(arr, cv2.COLOR_Lab2RGB).reshape(np.shape(lab))
    return np.clip(np.round(rgb * 255.0), 0, 255).astype(np.uint8)


def lab_hex(lab: np.ndarray) -> str:
    """One CIELAB colour -> ``"#RRGGBB"``."""
    return to_hex(lab_to_rgb(np.asarray(lab, dtype=np.float32)).tolist())


def hex_lab(hex_color: str) -> np.ndarray:
    """``"#RRGGBB"`` (alpha ignored) -> CIELAB (3,) float32."""
    return rgb_to_lab(np.array([parse_hex(hex_color)[:3]], dtype=np.uint8))[0]


def delta_e(hex_a: str, hex_b: str) -> float:
    """CIE76 colour difference ΔE76 of two ``"#RRGGBB"`` colours."""
    return float(np.linalg.norm(hex_lab(hex_a) - hex_lab(hex_b)))


@dataclass(frozen=True)
class Cluster:
    """A palette colour: CIELAB centre and pixel share 0..1."""

    lab: np.ndarray
    share: float


def kmeans(points: np.ndarray, k: int, iterations: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic k-means (k-means++ seeding with a fixed seed) -> (centres (k, 3), labels)."""
    rng = np.random.default_rng(0)
    centres = [points[rng.integers(len(points))]]
    dist = np.full(len(points), np.inf, dtype=np.float32)
    for _ in range(1, k):
        dist = np.minimum(dist, ((points - centres[-1]) ** 2).sum(1))
        total = float(dist.sum())
        if total <= 1e-9:  # fewer distinct colours than k
            break
        centres.append(points[rng.choice(len(points), p=dist / total)])
    c = np.array(centres, dtype=np.float32)
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(iterations):
        d2 = ((points[:, None, :] - c[None, :, :]) ** 2).sum(2)
        labels = d2.argmin(1)
        moved = np.array([points[labels == i].mean(0) if np.any(labels == i) else c[i] for i in range(len(c))])
        if np.allclose(moved, c, atol=0.05):
            c = moved.astype(np.float32)
            break
        c = moved.astype(np.float32)
    return c, labels


def _merge(clusters: list[Cluster], *, max_delta: float) -> list[Cluster]:
    """Repeatedly merge the closest pair closer than ``max_delta`` (ΔE76), share-weighted."""
    clusters = list(clusters)
    while len(clusters) > 1:
        best = None
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                d = float(np.linalg.norm(clusters[i].lab - clusters[j].lab))
                if d < max_delta and (best is None or d < best[0]):
                    best = (d, i, j)
        if best is None:
            break
        _, i, j = best
        a, b = clusters[i], clusters[j]
        share = a.share + b.share
        merged = Cluster((a.lab * a.share + b.lab * b.share) / share, share)
        clusters = [c for n, c in enumerate(clusters) if n not in (i, j)] + [merged]
    return clusters


def _fold_small(clusters: list[Cluster], *, min_share: float, max_count: int) -> list[Cluster]:
    """Fold clusters below ``min_share`` (and beyond ``max_count``) into their nearest neighbour."""
    clusters = sorted(clusters, key=lambda c: -c.share)
    while len(clusters) > 1 and (clusters[-1].share < min_share or len(clusters) > max_count):
        small = clusters.pop()
        near = min(range(len(clusters)), key=lambda i: float(np.linalg.norm(clusters[i].lab - small.lab)))
        big = clusters[near]
        share = big.share + small.share
        clusters[near] = Cluster(big.lab, share)  # keep the bigger colour's centre: it stays a real colour
        clusters.sort(key=lambda c: -c.share)
    return clusters


def palette(lab: np.ndarray) -> list[Cluster]:
    """Dominant colours of an (H, W, 3) CIELAB image, dominant first, shares summing to 1.

    k-means (k = :data:`PALETTE_K`) on up to :data:`PALETTE_SAMPLES` grid-sampled pixels;
    clusters closer than :data:`MERGE_DELTA_E` are merged, clusters under :data:`MIN_SHARE`
    folded into their nearest neighbour, at most :data:`MAX_COLOURS` kept.
    """
    points = lab.reshape(-1, 3)
    step = max(1, int(math.ceil(len(points) / PALETTE_SAMPLES)))
    points = np.ascontiguousarray(points[::step], dtype=np.float32)
    centres, labels = kmeans(points, min(PALETTE_K, len(points)))
    counts = np.bincount(labels, minlength=len(centres)).astype(np.float64)
    clusters = [Cluster(centres[i], counts[i] / len(points)) for i in range(len(centres)) if counts[i] > 0]
    clusters = _merge(clusters, max_delta=MERGE_DELTA_E)
    return _fold_small(clusters, min_share=MIN_SHARE, max_count=MAX_COLOURS)


def warmth(lab: np.ndarray) -> float:
    """Warmth of one colour, -1 (cool) .. 1 (warm).

    ``cos(hue - 30°)`` on the HSV colour wheel (orange 30° = 1, azure 210° = -1, green 120°
    and magenta 300° = 0), scaled by ``min(chroma / 40, 1)`` (CIELAB chroma C*ab) so greys
    count as neutral.
    """
    r, g, b = (v / 255.0 for v in lab_to_rgb(np.asarray(lab, dtype=np.float32)).tolist())
    hue, _, _ = colorsys.rgb_to_hsv(r, g, b)
    chroma = math.hypot(float(lab[1]), float(lab[2]))
    return math.cos(math.radians(hue * 360.0 - 30.0)) * min(chroma / 40.0, 1.0)


def temperature(clusters: list[Cluster]) -> tuple[Temperature, float]:
    """``(warm|cool|neutral, score)``: score = Σ share_i · warmth(colour_i) over the palette
    (-1..1, see :func:`warmth`); |score| < :data:`NEUTRAL_BAND` is neutral."""
    score = float(sum(c.share * warmth(c.lab) for c in clusters))
    score = max(-1.0, min(1.0, score))
    label: Temperature = "neutral" if abs(score) < NEUTRAL_BAND else ("warm" if score > 0 else "cool")
    return label, score


def tone(lab: np.ndarray) -> tuple[float, float, float]:
    """``(brightness, saturation, rms_contrast)`` of an (H, W, 3) CIELAB image, each 0..1:
    mean L*/100, mean chroma C*ab / 100 (clipped), standard deviation of L*/100."""
    lum = lab[..., 0] / 100.0
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    return (
        float(np.clip(lum.mean(), 0, 1)),
        float(np.clip(chroma.mean() / 100.0, 0, 1)),
        float(np.clip(lum.std(), 0, 1)),
    )
