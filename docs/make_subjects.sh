#!/usr/bin/env bash
# Regenerates the subjects/roles/presets contact sheet in docs/subjects/ (see docs/subjects.md).
# Every photo is a licensed test photo (tests/fixtures/photos/LICENSES.md); no --input role is
# given unless the line says so, so the roles are guessed.
set -euo pipefail
cd "$(dirname "$0")/.."
R=${ROUTIX:-.venv/bin/routix}
PY=${PYTHON:-.venv/bin/python}
F=tests/fixtures
P=$F/photos
LOGO=$P/skimage_logo.png
OUT=out/subjects
rm -rf "$OUT"
g() { local name=$1; shift; $R generate "$@" --no-ocr --json --out "$OUT/$name" > "$OUT-$name.json"; }
mkdir -p "$OUT"

g 01-hopper        "tech explainer about the first computer bug" -i src/routix/samples/grace_hopper.jpg
g 02-hopper-news   "the first computer bug, what really happened" -i src/routix/samples/grace_hopper.jpg --preset news
g 03-astronaut     "a day on the space station" -i $F/astronaut.jpg --preset cinematic --logo "$LOGO"
g 04-cat           "my cat reacts to cucumbers" -i $F/chelsea.jpg
g 05-cat-comic     "my cat reacts to cucumbers" -i $F/chelsea.jpg --preset comic
g 06-coffee        "the best espresso in town" -i $F/coffee.jpg
g 07-coffee-lux    "the best espresso in town" -i $F/coffee.jpg --preset luxury -i "$LOGO=logo"
g 08-rocket        "rocket launch explained" -i $P/rocket.jpg
g 09-rocket-doc    "rocket launch explained" -i $P/rocket.jpg --preset documentary
g 10-hubble        "the deepest picture of space ever taken" -i $P/hubble_deep_field.jpg
g 11-hubble-neon   "the deepest picture of space ever taken" -i $P/hubble_deep_field.jpg --preset neon
g 12-camera        "photography basics for beginners" -i $P/camera.jpg --preset tutorial
g 13-coins         "ancient coins worth a fortune" -i $P/coins.jpg --preset luxury
g 14-grass         "lawn care in five minutes" -i $P/grass.jpg --preset minimal-clean
g 15-retina        "how your eye really works" -i $P/retina.jpg --preset kids
g 16-duo           "podcast with my guest, space and code" -i $F/astronaut.jpg -i src/routix/samples/grace_hopper.jpg \
  --preset podcast-studio --logo "$LOGO"
g 17-cat-ref       "my cat reacts to cucumbers" -i $F/chelsea.jpg -i "$P/hubble_deep_field.jpg=reference"
g 18-coffee-ref    "the best espresso in town" -i $F/coffee.jpg -i "$F/astronaut.jpg=reference"

$PY - <<'PY'
from pathlib import Path
from PIL import Image, ImageDraw
out = Path("out/subjects")
runs = sorted(p for p in out.iterdir() if p.is_dir())
w, h, cols = 480, 270, 6
rows = (len(runs) + cols - 1) // cols
sheet = Image.new("RGB", (cols * w, rows * (h + 22)), "white")
draw = ImageDraw.Draw(sheet)
for i, run in enumerate(runs):
    x, y = (i % cols) * w, (i // cols) * (h + 22)
    sheet.paste(Image.open(run / "thumbnail.jpg").convert("RGB").resize((w, h), Image.LANCZOS), (x, y))
    draw.text((x + 6, y + h + 4), run.name, fill="black")
sheet.save("docs/subjects/contact-sheet.jpg", quality=85, optimize=True)
PY
