#!/usr/bin/env bash
# Regenerates docs/no-photo/: 24 text-only requests through `routix generate` (no photo), each
# thumbnail at full size (1280x720, JPEG quality 80) and two contact sheets of all 24 at the
# sizes YouTube shows them: 360x202 (home feed) and 168x94 (sidebar, search on phones).
set -euo pipefail
cd "$(dirname "$0")/../.."
R=.venv/bin/routix
OUT=out/no-photo
rm -rf "$OUT"
mkdir -p "$OUT"

PROMPTS=(
  "easy vegan pasta recipe"
  "meditation for sleep"
  "bitcoin price prediction"
  "bitcoin crash explained"
  "scary horror story at night"
  "space exploration documentary"
  "the creepiest haunted house in america"
  "gaming thumbnail with explosions"
  "full body workout at the gym, no excuses"
  "how to fix a leaking tap"
  "lofi beats to study and relax to"
  "day 100 of learning piano"
  "my 90 day body transformation"
  "how I made \$10,000 in one month"
  "iphone vs android, which is better"
  "coffee vs tea: which is healthier"
  "pizza, burger and sushi taste test"
  "why is the sky blue?"
  "the fall of the roman empire"
  "breaking news: huge announcement today"
  "my skincare routine for glowing skin"
  "backpacking through japan on a budget"
  "what the james webb telescope just found"
  "true crime: the case that was never solved"
)
i=0
for prompt in "${PROMPTS[@]}"; do
  i=$((i + 1))
  $R generate "$prompt" --no-ocr --json --out "$OUT/$(printf %02d "$i")" > "$OUT/$(printf %02d "$i").json"
done

.venv/bin/python - "${PROMPTS[@]}" <<'PY'
import sys
from PIL import Image, ImageDraw

prompts = sys.argv[1:]
out, docs = "out/no-photo", "docs/no-photo"
thumbs = [Image.open(f"{out}/{i:02d}/thumbnail.jpg").convert("RGB") for i in range(1, len(prompts) + 1)]
for i, im in enumerate(thumbs, start=1):
    im.save(f"{docs}/{i:02d}.jpg", quality=80, optimize=True)
for w, h in ((360, 202), (168, 94)):
    cols, pad, label = 4, 8, 14 if w > 200 else 0
    rows = -(-len(thumbs) // cols)
    sheet = Image.new("RGB", (cols * (w + pad) + pad, rows * (h + pad + label) + pad), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    for k, im in enumerate(thumbs):
        x, y = pad + (k % cols) * (w + pad), pad + (k // cols) * (h + pad + label)
        sheet.paste(im.resize((w, h), Image.LANCZOS), (x, y))
        if label:
            draw.text((x, y + h + 1), f"{k + 1:02d} {prompts[k]}"[:58], fill=(200, 200, 200))
    sheet.save(f"{docs}/sheet-{w}x{h}.png", optimize=True)
PY
echo "wrote docs/no-photo/"
