"""The shipped hero icons: files, index, embeddings in step with the model, matching, tones."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from routix.embed import get_embedder
from routix.errors import NotFound
from routix.icons import TONES, get_icon_index, tone_image
from routix.icons.index import DATA, load_index


def test_index_files_and_licence() -> None:
    index = get_icon_index()
    meta = json.loads((DATA / "index.json").read_text())
    assert len(index) == len(meta["icons"]) >= 300
    assert len({icon.name for icon in index.icons}) == len(index)
    for icon in index.icons:
        assert (DATA / icon.file).is_file(), icon.file
        assert icon.label and (icon.topics or icon.keywords)
    assert index.vectors.shape == (len(index), 384) and index.vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(index.vectors, axis=1), 1.0, atol=1e-3)
    licence = (DATA / "LICENSE").read_text()
    assert "MIT License" in licence and "Microsoft" in licence
    readme = (DATA / "README.md").read_text()
    assert "fluentui-emoji" in readme and "1.3.0" in readme and "MIT" in readme
    assert not any(p.suffix == ".svg" for p in DATA.iterdir()), "icons ship pre-rasterised"


def test_vectors_are_the_models_embeddings_of_the_icon_texts() -> None:
    """The shipped .npy must match what the current model makes of each icon's text
    (``scripts/build_icons.py --index-only`` rebuilds it after a change of words or model)."""
    index = get_icon_index()
    rows = [0, len(index) // 3, len(index) // 2, len(index) - 1]
    texts = [f"{index.icons[i].label}: {', '.join(index.icons[i].topics + index.icons[i].keywords)}" for i in rows]
    fresh = get_embedder().encode(texts)
    assert (np.sum(fresh * index.vectors[rows], axis=1) > 0.99).all()


@pytest.mark.parametrize("name", ["spaghetti", "ghost", "crescent-moon", "chart-decreasing", "money-bag"])
def test_images_are_sharp_rgba_at_hero_size(name: str) -> None:
    image = get_icon_index().image(name)
    assert image.mode == "RGBA" and 740 <= max(image.size) <= 800
    alpha = np.asarray(image.getchannel("A"))
    assert alpha.max() == 255 and (alpha > 0).mean() > 0.3  # trimmed to the drawing
    assert get_icon_index().image(name) is image  # cached


@pytest.mark.parametrize(("text", "expected"), [
    ("easy vegan pasta recipe", {"spaghetti"}),
    ("sleep", {"crescent-moon", "sleeping-face", "zzz", "bed"}),
    ("bitcoin", {"coin"}),
    ("stock market crash", {"chart-decreasing"}),
    ("scary horror", {"skull", "ghost", "face-screaming-in-fear"}),
    ("gym workout", {"person-lifting-weights", "flexed-biceps"}),
    ("rocket launch to mars", {"rocket"}),
])
def test_matching_finds_the_obvious_icon(text: str, expected: set[str]) -> None:
    assert get_icon_index().match(text, 1)[0].name in expected


def test_match_excludes_and_unknown_names_raise() -> None:
    index = get_icon_index()
    first = index.match("pizza", 1)[0].name
    assert index.match("pizza", 1, exclude=[first])[0].name != first
    with pytest.raises(NotFound):
        index.get("no-such-icon")
    with pytest.raises(NotFound):
        index.image("no-such-icon")


def test_load_index_refuses_mismatched_vectors(tmp_path) -> None:
    meta = json.loads((DATA / "index.json").read_text())
    meta["icons"] = meta["icons"][:3]
    (tmp_path / "index.json").write_text(json.dumps(meta))
    np.save(tmp_path / "vectors.npy", np.zeros((2, 384), np.float32))
    with pytest.raises(ValueError, match="3 icons but 2 vectors"):
        load_index(tmp_path)


def _stats(image: Image.Image) -> tuple[float, float]:
    arr = np.asarray(image.convert("RGBA"), dtype=np.float32)
    opaque = arr[..., 3] > 128
    rgb = arr[..., :3][opaque]
    return float(rgb.mean()), float((rgb.max(axis=1) - rgb.min(axis=1)).mean())


def test_tones_change_light_and_colour_and_keep_alpha() -> None:
    icon = get_icon_index().image("red-heart")
    plain_light, plain_colour = _stats(icon)
    dark_light, dark_colour = _stats(tone_image(icon, "dark"))
    calm_light, calm_colour = _stats(tone_image(icon, "calm"))
    vivid_light, vivid_colour = _stats(tone_image(icon, "vivid"))
    assert dark_light < 0.75 * plain_light and dark_colour < 0.4 * plain_colour
    assert calm_colour < 0.8 * plain_colour
    assert vivid_colour > plain_colour
    for tone in TONES:
        toned = tone_image(icon, tone)
        assert toned.size == icon.size and toned.mode == "RGBA"
        assert toned.getchannel("A").tobytes() == icon.getchannel("A").tobytes()
    with pytest.raises(ValueError):
        tone_image(icon, "sepia")
