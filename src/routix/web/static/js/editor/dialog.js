// The editor dialog of a result card: the stage (layers as boxes over the thumbnail), the
// layer list (select, show/hide), the selected layer's text, font and colour, the guides
// toggle and "Save as new version", which sends ONE typed patch to
// POST /api/v1/generation/{id}/edit. The new version's card arrives in the chat when rendered.
import { api, problemText } from "../lib/api.js";
import { ICONS, h, icon } from "../lib/dom.js";
import { toast } from "../lib/toast.js";
import { FONTS, buildPatch, cloneLayers, editableLayers } from "./patch.js";
import { createStage } from "./stage.js";

let dialog = null;

/** Open the editor on a thumbnail_result `payload` (needs `request_id`, `thumbnail_url`, `design_url`). */
export async function openEditor(payload, { onSaved = () => {} } = {}) {
  const design = await loadDesign(payload);
  if (!design) {
    toast("Could not load this thumbnail's design; reload the page and try again.", "error");
    return;
  }
  if (!dialog) {
    dialog = h("dialog.editor-dialog.glass-strong", { "aria-label": "Edit thumbnail" });
    document.body.append(dialog);
  }
  const original = editableLayers(design);
  const layers = cloneLayers(original);
  const status = h("p.editor-status", { role: "status" }, "Drag a box to move it; the corner handle resizes; double-click the title to type.");
  const panel = h("div.editor-panel");
  const list = h("ul.layer-list", { "aria-label": "Layers" });
  const save = h("button.btn.btn-primary", { type: "button" }, "Save as new version");
  const stage = createStage(payload.thumbnail_url, original, layers, {
    onChange: changed, onSelect: () => { fillPanel(); fillList(); }, onEditText: editText,
  });
  const guidesToggle = h("input", { type: "checkbox", checked: true, on: { change: (e) => stage.showGuides(e.target.checked) } });

  function changed() {
    let patch = null;
    try { patch = buildPatch(original, layers); } catch (error) { status.textContent = error.message; return; }
    save.disabled = !patch;
    status.textContent = patch ? `${patch.ops.length} change${patch.ops.length > 1 ? "s" : ""} to save.` : "No changes yet.";
  }

  const layerOf = (id) => layers.find((layer) => layer.id === id);

  function fillList() {
    list.replaceChildren(...[...layers].reverse().map((layer) => h("li", { dataset: { layer: layer.id } },
      h("label.layer-visible", { title: layer.visible ? "Hide" : "Show" },
        h("input", { type: "checkbox", checked: layer.visible, "aria-label": `Show the ${layer.name} layer`,
          on: { change: (e) => { layer.visible = e.target.checked; stage.render(); changed(); } } })),
      h("button.layer-pick", { type: "button", "aria-pressed": String(stage.selected() === layer.id),
        on: { click: () => { stage.select(layer.id); stage.focus(layer.id); } } },
        h("span.layer-kind", {}, layer.kind), layer.name))));
  }

  function fillPanel() {
    const layer = layerOf(stage.selected());
    if (!layer) { panel.replaceChildren(h("p.msg-note", {}, "Select a layer to change it.")); return; }
    const rows = [h("h3", {}, layer.name)];
    if (layer.kind === "text") {
      rows.push(h("label.field", {}, h("span", {}, "Text"), h("input.input", {
        type: "text", value: layer.text, maxlength: "200", "aria-label": "Title text",
        on: { input: (e) => { layer.text = e.target.value; stage.render(); changed(); } } })));
      const font = h("select.input", { "aria-label": "Font", on: { change: (e) => { layer.font = e.target.value; stage.render(); changed(); } } },
        FONTS.map(([id, name]) => h("option", { value: id, selected: id === layer.font }, name)));
      rows.push(h("label.field", {}, h("span", {}, "Font"), font));
    }
    if (layer.color) {
      rows.push(h("label.field", {}, h("span", {}, "Colour"), h("input.color-input", {
        type: "color", value: layer.color.toLowerCase(), "aria-label": "Colour",
        on: { input: (e) => { layer.color = e.target.value.toUpperCase(); stage.render(); changed(); } } })));
    }
    const palette = [...new Set((design.palette || []).map((c) => String(c).slice(0, 7).toUpperCase()))];
    if (palette.length && layer.color) {
      rows.push(h("div.swatches", { role: "group", "aria-label": "Colours of this design" }, palette.map((color) => {
        const swatch = h("button.swatch", { type: "button", title: color, "aria-label": `Use ${color}`,
          on: { click: () => { layer.color = color; fillPanel(); stage.render(); changed(); } } });
        swatch.style.background = color;  // CSSOM, not a style attribute (the page's CSP)
        return swatch;
      })));
    }
    if (layer.movable) rows.push(h("p.msg-note", {}, "Arrows nudge it (Shift: more), Alt + arrows resize."));
    panel.replaceChildren(...rows);
  }

  function editText(id) {
    const layer = layerOf(id);
    const box = stage.el.querySelector(`.layer-box[data-layer="${CSS.escape(id)}"]`);
    if (!layer || !box) return;
    const input = h("input.inline-text", { type: "text", value: layer.text, maxlength: "200", "aria-label": "Edit the title in place" });
    let finished = false;
    const done = (keep) => {
      if (finished) return;  // removing the input blurs it: finish once
      finished = true;
      if (keep && input.value.trim()) layer.text = input.value;
      input.remove();
      stage.render();
      fillPanel();
      changed();
      box.focus();
    };
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") { e.preventDefault(); done(true); } else if (e.key === "Escape") { e.preventDefault(); done(false); }
    });
    input.addEventListener("pointerdown", (e) => e.stopPropagation());
    input.addEventListener("blur", () => done(true));
    box.append(input);
    input.focus();
    input.select();
  }

  save.addEventListener("click", async () => {
    let patch;
    try { patch = buildPatch(original, layers); } catch (error) { toast(error.message, "error"); return; }
    if (!patch) return;
    save.disabled = true;
    status.textContent = "Saving…";
    try {
      const version = await api(`/api/v1/generation/${payload.request_id}/edit`, { method: "POST", json: { patch } });
      dialog.close();
      toast(`Saving as a new version: ${version.edit_summary || "your changes"}. It appears in the chat when rendered.`, "info");
      onSaved(version);
    } catch (error) {
      save.disabled = false;
      status.textContent = problemText(error, "Could not save this version");
    }
  });

  dialog.replaceChildren(
    h("div.dialog-head", {}, h("h2", {}, "Edit thumbnail"),
      h("button.icon-btn", { type: "button", "aria-label": "Close the editor", on: { click: () => dialog.close() } }, icon(...ICONS.close))),
    h("div.editor-body", {},
      h("div.editor-main", {}, stage.el,
        h("div.editor-bar", {}, h("label.guides-toggle", {}, guidesToggle, "Safe zone and duration-badge guides"), status)),
      h("aside.editor-side", {}, panel, h("h3.layers-title", {}, "Layers"), list,
        h("div.editor-actions", {}, save, h("button.btn.btn-ghost", { type: "button", on: { click: () => dialog.close() } }, "Cancel")))),
  );
  const title = layers.find((layer) => layer.id === "title" || layer.slot === "title");
  stage.render();
  stage.select(title?.id || layers.find((layer) => layer.movable)?.id || null);
  changed();
  dialog.addEventListener("close", () => stage.dispose(), { once: true });
  dialog.showModal();
}

/** The version's design document: its signed `design_url`, or a freshly signed one when that expired. */
async function loadDesign(payload) {
  const get = async (url) => {
    const response = await fetch(url);
    return response.ok ? response.json() : null;
  };
  try {
    return (payload.design_url && await get(payload.design_url))
      || await get((await api(`/api/v1/generation/${payload.request_id}`)).result.design_url);
  } catch {
    return null;
  }
}
