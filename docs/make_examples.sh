#!/usr/bin/env bash
# Regenerates the example outputs shown in docs/examples.md (small PNG previews in docs/examples/).
set -euo pipefail
cd "$(dirname "$0")/.."
R=.venv/bin/routix
PHOTO=src/routix/samples/grace_hopper.jpg
OUT=out/examples
rm -rf "$OUT"

$R generate "gaming thumbnail with explosions" --face "$PHOTO" --title "I Survived The Final Boss" --out "$OUT/gaming"
$R generate "podcast cover, calm, blue" --face "$PHOTO" --title "Debugging Life" --out "$OUT/podcast"
$R generate "podcast episode with my guest, tech talk" --face "$PHOTO" --face tests/fixtures/astronaut.jpg \
  --title "Space & Code" --variants 2 --out "$OUT/duo"
$R generate "reaction video, my cat judges my cooking" --face tests/fixtures/chelsea.jpg --title "She Hated It" \
  --out "$OUT/cat"

.venv/bin/python - <<'PY'
from PIL import Image
out = "out/examples"
previews = {
    "gaming.png": f"{out}/gaming/thumbnail.jpg",
    "podcast-cover.png": f"{out}/podcast/cover.jpg",
    "duo.png": f"{out}/duo/thumbnail.jpg",
    "duo-variant-1.png": f"{out}/duo/variant-1.jpg",
    "cat.png": f"{out}/cat/thumbnail.jpg",
}
for name, src in previews.items():
    im = Image.open(src).convert("RGB")
    im.thumbnail((640, 640), Image.LANCZOS)
    im.save(f"docs/examples/{name}", optimize=True)
    print("docs/examples/" + name, im.size)
PY
