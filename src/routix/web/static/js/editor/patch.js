// The editor's model: the editable layers of a design document and the ONE typed patch
// (POST /api/v1/generation/{id}/edit `patch`) that turns the original into the edited state.
// Boxes are {x, y, w, h}, fractions 0..1 of the 16:9 canvas (top-left corner and size).

/** The bundled font families a text layer may use (the design schema's FontId). */
export const FONTS = [
  ["anton", "Anton"], ["bebas", "Bebas Neue"], ["oswald", "Oswald Bold"], ["montserrat", "Montserrat ExtraBold"],
  ["montserrat-black", "Montserrat Black"], ["montserrat-semibold", "Montserrat SemiBold"], ["bangers", "Bangers"],
];
/** Most operations one patch carries (the API's limit). */
export const MAX_OPS = 12;
const HEX = /^#[0-9a-fA-F]{6}$/;

/** A paint's main colour as #RRGGBB: a solid's colour, a gradient's first stop, else null. */
function paintColor(fill) {
  if (typeof fill === "string") return HEX.test(fill.slice(0, 7)) ? fill.slice(0, 7).toUpperCase() : null;
  if (!fill) return null;
  const color = fill.type === "solid" ? fill.color : fill.stops?.[0]?.color;
  return color && HEX.test(color.slice(0, 7)) ? color.slice(0, 7).toUpperCase() : null;
}

/**
 * The layers the editor shows (every layer but the background, top-most last), each as
 * {id, kind, name, slot, box, visible, text, font, color, uppercase, align, movable}.
 */
export function editableLayers(design) {
  return (design.layers || []).filter((layer) => layer.kind !== "background").map((layer) => ({
    id: layer.id, kind: layer.kind, name: layer.name || layer.slot || layer.id, slot: layer.slot || "",
    box: { ...layer.box }, visible: layer.visible !== false,
    text: layer.kind === "text" ? layer.text : null, font: layer.kind === "text" ? layer.font || "anton" : null,
    color: layer.kind === "text" || layer.kind === "shape" ? paintColor(layer.fill) : null,
    uppercase: layer.kind === "text" ? layer.uppercase !== false : false, align: layer.align || "left",
    movable: layer.kind === "text" || layer.kind === "image",
  }));
}

/** A deep copy of editable layers (the editor's working state). */
export function cloneLayers(layers) {
  return layers.map((layer) => ({ ...layer, box: { ...layer.box } }));
}

const round = (v) => Math.round(v * 10000) / 10000;
const sameBox = (a, b) => ["x", "y", "w", "h"].every((k) => Math.abs(a[k] - b[k]) < 0.0005);
const inside = (b) => b.x >= 0 && b.y >= 0 && b.x + b.w <= 1.000001 && b.y + b.h <= 1.000001;

/** Share of an image's box width that stays on the canvas when it moves sideways (the server's rule). */
const KEEP_VISIBLE = 0.75;
const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);

/**
 * Keep `box` placeable the way the server places it: text stays inside the canvas; an image
 * may bleed off an edge, with three quarters of its width on the canvas and its top-left
 * corner within -0.5..1.5. Returns a new box.
 */
export function constrain(box, kind) {
  if (kind === "text") {
    const w = clamp(box.w, 0.03, 1);
    const h = clamp(box.h, 0.03, 1);
    return { x: clamp(box.x, 0, 1 - w), y: clamp(box.y, 0, 1 - h), w, h };
  }
  const w = clamp(box.w, 0.03, 2);
  const h = clamp(box.h, 0.03, 2);
  const x = clamp(box.x, Math.max(-0.5, -(1 - KEEP_VISIBLE) * w), Math.min(1.5, 1 - KEEP_VISIBLE * w));
  return { x, y: clamp(box.y, Math.max(-0.5, -0.75 * h), Math.min(1.5, 1 - h / 4)), w, h };
}

/** Operations placing a layer at `box`: `move` when it lies on the canvas, else resize + shift. */
function placeOps(before, after) {
  const box = { x: round(after.box.x), y: round(after.box.y), w: round(after.box.w), h: round(after.box.h) };
  if (inside(box)) return [{ op: "move", layer: after.id, aspect: "16:9", box }];
  const ops = [];
  const factor = round(box.w / before.box.w);
  let start = before.box;
  if (Math.abs(factor - 1) > 0.005) {
    ops.push({ op: "resize", layer: after.id, factor: Math.min(3, Math.max(0.3, factor)) });
    const w = start.w * factor;
    const h = start.h * factor;
    // the server scales about the centre; a box standing on the bottom edge keeps standing on it
    const y = start.y + start.h >= 0.98 ? start.y + start.h - h : start.y + (start.h - h) / 2;
    start = { x: start.x + (start.w - w) / 2, y, w, h };
  }
  const dx = round(box.x - start.x);
  const dy = round(box.y - start.y);
  if (Math.abs(dx) > 0.0005 || Math.abs(dy) > 0.0005) ops.push({ op: "shift", layer: after.id, dx, dy });
  return ops;
}

/**
 * The patch from `original` to `edited` layers: {ops, note}, or null when nothing changed.
 * Throws Error when the changes need more than MAX_OPS operations.
 */
export function buildPatch(original, edited) {
  const before = new Map(original.map((layer) => [layer.id, layer]));
  const ops = [];
  const said = [];
  for (const layer of edited) {
    const was = before.get(layer.id);
    if (!was) continue;
    if (layer.text !== null && layer.text.trim() && layer.text.trim() !== was.text) {
      ops.push({ op: "set_text", layer: layer.id, text: layer.text.trim() });
      said.push(`${layer.name} text`);
    }
    if (layer.font && layer.font !== was.font) { ops.push({ op: "set_font", layer: layer.id, font: layer.font }); said.push(`${layer.name} font`); }
    if (layer.color && layer.color !== was.color) {
      ops.push({ op: "set_color", layer: layer.id, color: layer.color.toUpperCase() });
      said.push(`${layer.name} colour`);
    }
    if (!sameBox(layer.box, was.box)) { ops.push(...placeOps(was, layer)); said.push(`${layer.name} position`); }
    if (layer.visible !== was.visible) {
      ops.push({ op: "set_visible", layer: layer.id, visible: layer.visible });
      said.push(`${layer.name} ${layer.visible ? "shown" : "hidden"}`);
    }
  }
  if (!ops.length) return null;
  if (ops.length > MAX_OPS) throw new Error(`Too many changes at once (${ops.length}); save in two steps.`);
  return { ops, note: `Edited in the studio: ${said.join(", ")}`.slice(0, 300) };
}
