// The editor's stage: the current thumbnail with each layer as a selectable box over it.
// Moving or resizing a box previews at once: the box shows the layer's original pixels (a crop
// of the current image that travels with it) and a ghost marks where it was; a changed text,
// font or colour shows as CSS text. The server renders the real result on save.
import { h } from "../lib/dom.js";
import { constrain } from "./patch.js";

const loadedFonts = new Set();

/** The CSS family of bundled design font `id`, loaded once from /design-fonts/{id}.woff2. */
const label = (layer) => `${layer.name} layer${layer.movable ? ", drag to move, arrows to nudge" : ""}`;

/** Shrink `span`'s font size until its text fits inside `clip` (the layer's box). */
function fitText(span, clip) {
  let size = Math.max(10, clip.clientHeight * 0.9);
  for (let step = 0; step < 40 && size > 8; step += 1) {
    span.style.fontSize = `${size}px`;
    if (span.scrollHeight <= clip.clientHeight + 1 && span.scrollWidth <= clip.clientWidth + 1) return;
    size *= 0.9;
  }
}

function designFont(id) {
  const family = `routix-${id}`;
  if (!loadedFonts.has(id) && typeof FontFace === "function") {
    loadedFonts.add(id);
    const face = new FontFace(family, `url(/design-fonts/${encodeURIComponent(id)}.woff2)`);
    face.load().then(() => document.fonts.add(face)).catch(() => loadedFonts.delete(id));
  }
  return `"${family}", Impact, "Arial Black", sans-serif`;
}
/** Safe margin (fraction of each side) and the duration-badge corner (x >= 0.80, y >= 0.84). */
const SAFE = 0.04;
const BADGE = { x: 0.8, y: 0.84 };
const pct = (v) => `${(v * 100).toFixed(3)}%`;

/**
 * Build the stage for `imageUrl` and the working `layers` (mutated in place by drags).
 * `onChange()` runs after every change, `onSelect(id)` when a box is selected and
 * `onEditText(id)` when a text box is double-clicked. Returns {el, render(), select(id), selected(),
 * showGuides(on), focus(id), dispose()}.
 */
export function createStage(imageUrl, original, layers, { onChange, onSelect, onEditText }) {
  const before = new Map(original.map((layer) => [layer.id, layer]));
  const boxes = new Map();
  let current = null;
  const guides = h("div.editor-guides", { "aria-hidden": "true" },
    h("div.guide-safe", { title: "Safe zone" }),
    h("div.guide-badge", { title: "YouTube's duration badge covers this corner" }, h("span", {}, "12:34")));
  const ghosts = h("div.editor-ghosts", { "aria-hidden": "true" });
  const overlay = h("div.editor-overlay");
  const el = h("div.editor-stage", {},
    h("img.editor-image", { src: imageUrl, alt: "The current version", draggable: "false" }), ghosts, guides, overlay);
  guides.querySelector(".guide-safe").style.inset = `${pct(SAFE)} ${pct(SAFE)}`;
  Object.assign(guides.querySelector(".guide-badge").style, { left: pct(BADGE.x), top: pct(BADGE.y) });

  const refit = () => render();  // a design font finished loading: fit the preview text again
  document.fonts?.addEventListener?.("loadingdone", refit);
  for (const layer of [...layers].reverse()) {  // top-most layer first in tab order and on top
    const box = h("div.layer-box", {
      role: "button", tabindex: "0", "aria-label": label(layer),
      dataset: { layer: layer.id, kind: layer.kind },
    }, h("span.layer-clip", { "aria-hidden": "true" }));
    if (layer.movable) box.append(h("span.resize-handle", { "aria-hidden": "true" }));
    overlay.prepend(box);  // later layers paint above earlier ones
    boxes.set(layer.id, box);
    wire(box, layer);
  }

  function wire(box, layer) {
    box.addEventListener("pointerdown", (event) => {
      select(layer.id);
      if (!layer.movable || event.button !== 0) return;
      event.preventDefault();
      box.focus({ preventScroll: true });
      const resizing = event.target.classList.contains("resize-handle");
      const rect = el.getBoundingClientRect();
      const start = { ...layer.box };
      const [x0, y0] = [event.clientX, event.clientY];
      box.setPointerCapture(event.pointerId);
      const move = (e) => {
        const dx = (e.clientX - x0) / rect.width;
        const dy = (e.clientY - y0) / rect.height;
        if (resizing) {
          const w = Math.max(0.03, start.w + dx);
          const h = layer.kind === "image" ? start.h * (w / start.w) : Math.max(0.03, start.h + dy);
          layer.box = constrain({ x: start.x, y: start.y, w, h }, layer.kind);
        } else {
          layer.box = constrain({ ...start, x: start.x + dx, y: start.y + dy }, layer.kind);
        }
        render();
        onChange();
      };
      const up = () => { box.removeEventListener("pointermove", move); box.removeEventListener("pointerup", up); };
      box.addEventListener("pointermove", move);
      box.addEventListener("pointerup", up);
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && layer.kind === "text") { event.preventDefault(); onEditText(layer.id); return; }
      const step = event.shiftKey ? 0.05 : 0.01;
      const delta = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[event.key];
      if (!delta || !layer.movable) return;
      event.preventDefault();
      const b = layer.box;
      layer.box = event.altKey
        ? constrain({ ...b, w: b.w * (1 + delta[0] * 5 - delta[1] * 5), h: b.h * (1 + delta[0] * 5 - delta[1] * 5) }, layer.kind)
        : constrain({ ...b, x: b.x + delta[0], y: b.y + delta[1] }, layer.kind);
      render();
      onChange();
    });
    box.addEventListener("focus", () => select(layer.id));
    box.addEventListener("dblclick", () => { if (layer.kind === "text") onEditText(layer.id); });
  }

  function preview(box, layer, was) {
    const moved = ["x", "y", "w", "h"].some((k) => Math.abs(layer.box[k] - was.box[k]) > 0.0005);
    const restyled = layer.kind === "text" && (layer.text !== was.text || layer.font !== was.font || layer.color !== was.color);
    const clip = box.querySelector(".layer-clip");
    box.setAttribute("aria-label", label(layer));
    clip.replaceChildren();
    if (restyled) {
      const text = layer.uppercase ? layer.text.toUpperCase() : layer.text;
      const span = h("span.layer-preview.text-preview", { dataset: { align: layer.align || "left" } }, text);
      box.setAttribute("aria-label", `${text}: ${layer.name} layer, drag to move, arrows to nudge, Enter to type`);
      Object.assign(span.style, { fontFamily: designFont(layer.font || "anton"), color: layer.color || "#FFFFFF" });
      clip.append(span);
      fitText(span, clip);
    } else if (moved) {
      const img = h("img.layer-preview", { src: imageUrl, alt: "", draggable: "false" });
      Object.assign(img.style, { width: pct(1 / was.box.w), height: pct(1 / was.box.h),
        left: pct(-was.box.x / was.box.w), top: pct(-was.box.y / was.box.h) });
      clip.append(img);
    }
    return moved || restyled;
  }

  function render() {
    const ghostNodes = [];
    for (const layer of layers) {
      const box = boxes.get(layer.id);
      const was = before.get(layer.id);
      Object.assign(box.style, { left: pct(layer.box.x), top: pct(layer.box.y), width: pct(layer.box.w), height: pct(layer.box.h) });
      box.classList.toggle("is-hidden", !layer.visible);
      box.classList.toggle("is-selected", layer.id === current);
      box.setAttribute("aria-pressed", String(layer.id === current));
      if (preview(box, layer, was)) {
        const ghost = h("div.layer-ghost");
        Object.assign(ghost.style, { left: pct(was.box.x), top: pct(was.box.y), width: pct(was.box.w), height: pct(was.box.h) });
        ghostNodes.push(ghost);
      }
    }
    ghosts.replaceChildren(...ghostNodes);
  }

  function select(id) {
    if (current === id) return;
    current = id;
    render();
    onSelect(id);
  }

  return {
    el, render, select, selected: () => current,
    showGuides: (on) => { guides.hidden = !on; },
    focus: (id) => boxes.get(id)?.focus(),
    dispose: () => document.fonts?.removeEventListener?.("loadingdone", refit),
  };
}
