"""``analyse_dna(image) -> StyleDNA``: the design DNA of one reference thumbnail, offline.

Pipeline (all on CPU; see the timings in ``analyse_dna``):

1. The image is flattened to RGB (alpha over white) and copies are made: <= 640 px long side
   for colour, edges, saliency, background and OCR
   (:data:`routix.vision.dna.regions.OCR_MAX_SIDE`); faces are found on the full image
   (routix.vision.detect_faces works on its own <= 1024 px copy).
2. Colour (:mod:`.colour`): CIELAB palette by k-means, temperature, brightness, saturation,
   RMS contrast. Edges: Canny (thresholds 60/150) on a grey 320 px copy blurred by 1 px.
3. Regions (:mod:`.regions`): faces, OCR lines grouped into blocks, a logo blob.
4. Layout (:mod:`.layout`): saliency focal points and layout type, slots, and the background
   kind, read around the people (MediaPipe person matte, only when a face was found).
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from routix.errors import InvalidImage, InvalidInput
from routix.vision.dna import colour, layout, regions
from routix.vision.dna.models import (
    Background,
    Composition,
    Contrast,
    ContrastLevel,
    FaceRegion,
    FocalPoint,
    PaletteColor,
    Slot,
    StyleDNA,
    TextRegion,
)
from routix.vision.faces import Face
from routix.vision.segment import person_matte

#: Images smaller than this on either side are refused (px).
MIN_SIDE = 64
#: Long side (px) of the copy colour, edges, saliency and background are measured on.
ANALYSIS_SIDE = 640
#: RMS contrast (std of L*/100) upper bounds of "low" and "medium"; above is "high".
#: On the starter templates rendered at 1280x720: beauty/podcast renders measure 0.16-0.23
#: (medium), gaming/reaction/fitness renders 0.26-0.33 (high); flat or pastel images without
#: dark text stay under 0.14 (low).
CONTRAST_LEVELS = (0.14, 0.24)
#: Feature values that count as "full" in the energy formula, and the features' weights
#: (see :func:`energy_level`).
ENERGY_FULL = {"contrast": 0.32, "saturation": 0.60, "edges": 0.16}
ENERGY_WEIGHTS = {"contrast": 0.25, "saturation": 0.30, "edges": 0.45}
#: Long side (px) of the grey copy edges are found on, and its blur (σ, px): at this scale
#: fine texture (fur, wood grain, sensor noise) is not an edge, speed lines and bursts are.
EDGE_SIDE = 320
EDGE_BLUR = 1.0


def energy_level(rms_contrast: float, saturation: float, edge_density: float) -> int:
    """Energy 1 (calm) .. 10 (explosive) from three measured features.

    ``e = round(1 + 9 * (0.25 * c + 0.30 * s + 0.45 * d))``, where each feature is divided by
    the value that counts as "full" and clipped to 0..1: ``c = rms_contrast / 0.32``,
    ``s = saturation / 0.60``, ``d = edge_density / 0.16`` (edge density as measured by
    :func:`analyse_dna`: Canny on a 320 px copy blurred by 1 px).

    Calibration: the 20 starter templates, filled with the sample subject and a title and
    rendered at 1280x720, were analysed (OCR off); a grid search over the "full" values and
    weights (every starter within 2 levels of its hand label) gives mean absolute error
    0.85-0.9 levels; among the near-best fits this one has balanced weights and Pearson r
    0.88 (a free linear regression on the same features: MAE 0.72, r 0.89).
    tests/test_vision_dna_render.py keeps every starter within 2 levels of its label. Edge
    density weighs most: busy art (fire bursts, speed lines, confetti) is what separates a
    level-9 gaming render from a level-4 podcast render. Measuring edges on a blurred
    320 px copy keeps photo texture out: the cat and the coffee cup photos score 4 and 6,
    studio portraits with a flag 6, two portraits side by side 7.
    """
    c = min(max(rms_contrast / ENERGY_FULL["contrast"], 0.0), 1.0)
    s = min(max(saturation / ENERGY_FULL["saturation"], 0.0), 1.0)
    d = min(max(edge_density / ENERGY_FULL["edges"], 0.0), 1.0)
    mix = ENERGY_WEIGHTS["contrast"] * c + ENERGY_WEIGHTS["saturation"] * s + ENERGY_WEIGHTS["edges"] * d
    return int(min(10, max(1, round(1 + 9 * mix))))

def _flatten(image: Image.Image) -> Image.Image:
    """Any Pillow mode -> RGB; transparency is composited over white."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")


def _shrunk(image: Image.Image, side: int) -> Image.Image:
    if max(image.size) <= side:
        return image
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return copy


def _person(small: Image.Image, faces: list[regions.FaceHit]) -> np.ndarray:
    """Person matte (H, W) 0..1 of the analysis copy, anchored on the found faces: the whole
    body is excluded from the background, not just the head-and-shoulders slot."""
    w, h = small.size
    anchors = [
        Face(box=(round(f.box[0] * w), round(f.box[1] * h), round((f.box[0] + f.box[2]) * w),
                  round((f.box[1] + f.box[3]) * h)), score=f.score)
        for f in faces
    ]
    return person_matte(small, anchors)


def _check(image: object) -> Image.Image:
    if not isinstance(image, Image.Image):
        raise InvalidInput(f"analyse_dna needs a PIL image, got {type(image).__name__}")
    w, h = image.size
    if w < MIN_SIDE or h < MIN_SIDE:
        raise InvalidImage(f"The image is {w}x{h} px; design DNA needs at least {MIN_SIDE} px on each side.")
    try:
        return _flatten(image)
    except (OSError, ValueError) as exc:
        raise InvalidImage(f"The image's pixel format {image.mode!r} cannot be analysed ({exc}).") from exc


def analyse_dna(image: Image.Image, *, ocr: bool = True) -> StyleDNA:
    """Analyse a reference thumbnail into :class:`StyleDNA` (see the module docstring).

    ``image``: any Pillow mode (P, L, LA, RGBA ... are converted; alpha over white), at least
    64x64 px. ``ocr=False`` skips text recognition (``text``/``words`` empty, ``has_text``
    False; the title slot then goes to the calmest area). Deterministic for the same pixels.

    Cost (1280x720, measured on this project's shared 2-core box): ~0.47 s CPU with OCR
    (median 0.48 s wall, max 0.61 s over 8 rendered thumbnails at load average 3.4; up to
    ~1.9 s wall at load 13), ~0.15 s CPU without OCR; the first call also loads the OCR and
    face/segmentation models (~1-2 s).

    Raises InvalidImage for an image under 64 px on a side or an unconvertible mode,
    InvalidInput for a non-image, routix.vision.ModelUnavailable when the face model cannot
    load (OCR models: FileNotFoundError from routix.quality.ocr.engine).
    """
    rgb = _check(image)
    width, height = rgb.size
    small = _shrunk(rgb, ANALYSIS_SIDE)
    pixels = np.asarray(small)
    lab = colour.rgb_to_lab(pixels)

    clusters = colour.palette(lab)
    temperature, temperature_score = colour.temperature(clusters)
    brightness, saturation, rms = colour.tone(lab)
    grey = cv2.cvtColor(np.asarray(_shrunk(small, EDGE_SIDE)), cv2.COLOR_RGB2GRAY)
    edges = cv2.Canny(cv2.GaussianBlur(grey, (0, 0), EDGE_BLUR), 60, 150, L2gradient=True) > 0
    edge_density = float(edges.mean())

    faces = regions.find_faces(rgb)  # detect_faces downscales to its own 1024 px copy
    face_boxes = [f.box for f in faces]
    ocr_source = small if ANALYSIS_SIDE >= regions.OCR_MAX_SIDE else rgb  # read_lines shrinks further
    lines = regions.read_lines(ocr_source) if ocr else []
    blocks = regions.text_blocks(lines)
    logo = regions.find_logo(lab, [*face_boxes, *(t.box for t in lines)])

    bgr = np.ascontiguousarray(pixels[:, :, ::-1])
    sal = layout.saliency_map(bgr, face_boxes)
    points = layout.focal_points(sal, face_boxes)
    slots = layout.skeleton(face_boxes, blocks, logo, sal, edges.astype(np.float32))
    covered = [box for name, box in slots if name in ("subject", "logo")] + [t.box for t in lines]
    person = _person(small, faces) if faces else None
    kind, bg_colours, angle, smooth_fit, periodicity = layout.background(lab, covered, person)

    level: ContrastLevel = "low" if rms < CONTRAST_LEVELS[0] else "medium" if rms < CONTRAST_LEVELS[1] else "high"
    return StyleDNA(
        width=width,
        height=height,
        palette=[
            PaletteColor(hex=colour.lab_hex(c.lab), share=round(c.share, 4), lab=[round(float(v), 2) for v in c.lab])
            for c in clusters
        ],
        temperature=temperature,
        temperature_score=round(temperature_score, 4),
        brightness=round(brightness, 4),
        saturation=round(saturation, 4),
        contrast=Contrast(rms=round(rms, 4), level=level),
        edge_density=round(edge_density, 4),
        energy=energy_level(rms, saturation, edge_density),
        composition=Composition(
            layout=layout.layout_type(sal, points, face_boxes),
            focal_points=[FocalPoint(x=x, y=y, weight=w) for x, y, w in points],
        ),
        faces=[FaceRegion(box=list(f.box), size=round(f.box[2] * f.box[3], 4), score=round(f.score, 4)) for f in faces],
        text=[
            TextRegion(box=list(t.box), text=t.text, confidence=t.confidence, color=fill, backdrop=backdrop)
            for t in lines
            for fill, backdrop in [regions.text_colours(lab, t.box)]
        ],
        words=regions.words_of(lines),
        background=Background(
            kind=kind, colors=bg_colours, angle=angle, smooth_fit=smooth_fit, periodicity=periodicity
        ),
        has_face=bool(faces),
        has_text=bool(lines),
        has_logo=logo is not None,
        logo_box=list(logo) if logo else None,
        slots=[Slot(slot=name, box=list(box)) for name, box in slots],
        ocr=ocr,
    )
