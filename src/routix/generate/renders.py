"""Rendering helpers of the pipeline's last stages: the cover, the PSD and variants, and the
faces' boxes on the canvas."""

from __future__ import annotations

from collections.abc import Sequence

from routix.design.models import SIZES, Design, ImageLayer
from routix.generate.ports import AssetStore


def render_cover(design: Design, assets: AssetStore) -> tuple[bytes, str]:
    """cover.jpg: the design at 3000x3000."""
    from routix.render import render, to_jpeg

    return to_jpeg(render(design, SIZES["cover"], assets.get).image), "image/jpeg"


def render_small_files(design: Design, variants: list[Design], assets: AssetStore) -> dict[str, tuple[bytes, str]]:
    """design.psd (1280x720), design-1x1.psd (1080x1080), variant-k.jpg and variant-k.png
    (1280x720) and variant-k.json (its design)."""
    from routix.render import render, to_jpeg, to_png, to_psd

    size = SIZES["youtube"]
    files = {"design.psd": (to_psd(design, size, assets.get), "image/vnd.adobe.photoshop"),
             "design-1x1.psd": (to_psd(design, SIZES["square_psd"], assets.get), "image/vnd.adobe.photoshop")}
    for k, variant_design in enumerate(variants, start=1):
        image = render(variant_design, size, assets.get).image
        files[f"variant-{k}.jpg"] = (to_jpeg(image), "image/jpeg")
        files[f"variant-{k}.png"] = (to_png(image), "image/png")
        files[f"variant-{k}.json"] = (variant_design.to_json().encode(), "application/json")
    return files


def face_boxes(design: Design, boxes: dict, subjects: Sequence, assets: AssetStore) -> list:
    """Face boxes in canvas px: each subject's face box mapped through where its cutout was drawn.

    The renderer reports the placed cutout's opaque bbox; cutouts are trimmed to their alpha,
    so that bbox is the cutout's rectangle scaled by the fit.
    """
    faces = {id(s.image): s for s in subjects if s.face_box is not None}
    out = []
    for layer in design.layers:
        if not isinstance(layer, ImageLayer) or layer.slot != "subject" or layer.id not in boxes:
            continue
        subject = faces.get(id(assets.get(layer.asset)))
        if subject is None:
            continue
        left, top, right, bottom = boxes[layer.id]
        sx = (right - left) / subject.image.width
        sy = (bottom - top) / subject.image.height
        fl, ft, fr, fb = subject.face_box
        out.append((round(left + fl * sx), round(top + ft * sy), round(left + fr * sx), round(top + fb * sy)))
    return out
