"""Render docs/brand-kits/with-and-without.jpg: the same request with and without a brand kit.

Run from the repository root: ``python docs/brand-kits/make_example.py`` (offline, Lightning).
The kit: colours #0B6E4F / #F4F1EA / #E4572E, matplotlib's DejaVu Serif Bold as its uploaded
font, mixed-case title filled #F4F1EA with a #0B6E4F outline, and the scikit-image logo.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from PIL import Image

from routix.assembly import run_generate
from routix.generate import GenerationRequest
from routix.generate.brand import Brand, BrandTitle
from routix.render.fonts import register_font
from routix.vision import load_image

ROOT = Path(__file__).resolve().parents[2]


class Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


def main() -> None:
    font_id = "brand-example"
    register_font(font_id, (Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif-Bold.ttf").read_bytes())
    logo = load_image((ROOT / "tests" / "fixtures" / "photos" / "skimage_logo.png").read_bytes())
    kit = Brand("Pasta Lab", ("#0B6E4F", "#F4F1EA", "#E4572E"), font=font_id,
                title=BrandTitle(uppercase=False, fill="#F4F1EA", stroke="#0B6E4F", stroke_width=0.06))
    sheet = Image.new("RGB", (1280, 1440))
    for row, brand in enumerate((kit, None)):
        sink = Sink()
        run_generate(GenerationRequest(prompt="cooking pasta at home", title="Pasta Night", brand=brand, logo=logo,
                                       seed=3), sink=sink, ocr=False)
        sheet.paste(Image.open(io.BytesIO(sink.files["thumbnail.jpg"])), (0, 720 * row))
    sheet.resize((960, 1080)).save(ROOT / "docs" / "brand-kits" / "with-and-without.jpg", quality=85)


if __name__ == "__main__":
    main()
