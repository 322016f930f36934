// The composer's style preset and brand kit. "Style" and "Brand kit" open pickers (modal
// dialogs: GET /api/v1/presets as picture cards, GET /api/v1/brand-kits with their swatches);
// the choice shows as a removable pill and goes with every message the page posts (metadata
// `style_preset` / `brand_kit_id`; null = none), so the chat's next generation uses it. The
// user's default kit is preselected; a conversation's own last choice wins over it.
import { api } from "../lib/api.js";
import { ICONS, h, icon } from "../lib/dom.js";
import { toastError } from "../lib/toast.js";

const PRESETS_URL = "/api/v1/presets";
const KITS_URL = "/api/v1/brand-kits?limit=100";
const PALETTE_ICON = ["M12 3a9 9 0 1 0 0 18c1.1 0 1.6-.8 1.6-1.6 0-.9-.7-1.3-.7-2.2 0-1 .8-1.7 1.8-1.7H17a4 4 0 0 0 4-4c0-4.7-4-8.5-9-8.5z",
  "M7.5 11.5h.01M10 7.5h.01M14.5 7.5h.01"];

/**
 * Wire the options row: `tools` holds the two buttons, `pills` the chosen options. Returns
 * {choices(), restore(messages)}: `choices()` is the metadata every message carries;
 * `restore(messages)` takes a conversation's last choices from its history.
 */
export function initComposerOptions({ tools, pills }) {
  const chosen = { preset: null, kit: null };
  let kitDecided = false;  // the user or the conversation chose (the default kit no longer applies)
  let presets = [];
  let kits = null;  // null until loaded

  const styleButton = h("button.btn.btn-ghost.btn-sm.option-btn", {
    type: "button", "aria-haspopup": "dialog", on: { click: () => openStyles() },
  }, icon(...ICONS.sparkle), "Style");
  const kitButton = h("button.btn.btn-ghost.btn-sm.option-btn", {
    type: "button", "aria-haspopup": "dialog", on: { click: () => openKits() },
  }, icon(...PALETTE_ICON), "Brand kit");
  tools.prepend(styleButton, kitButton);

  const presetsLoaded = api(PRESETS_URL).then((answer) => { presets = answer.items || []; showPills(); })
    .catch(() => { /* the picker says so when it is opened */ });
  loadKits().then(showPills);

  async function loadKits() {
    try {
      kits = (await api(KITS_URL)).items || [];
    } catch {
      return;  // kept as it was; the picker retries
    }
    const fallback = kits.find((k) => k.is_default);
    if (!kitDecided && fallback) chosen.kit = fallback.id;
  }

  function showPills() {
    if (kits && chosen.kit && !kits.some((k) => k.id === chosen.kit)) chosen.kit = null;  // deleted since
    const preset = presets.find((p) => p.name === chosen.preset);
    const kit = kits?.find((k) => k.id === chosen.kit);
    pills.replaceChildren(...[
      chosen.preset ? pill("Style", preset?.label || chosen.preset, () => { chosen.preset = null; showPills(); styleButton.focus(); }) : null,
      chosen.kit ? pill("Brand kit", kit?.name || "…", () => { chosen.kit = null; kitDecided = true; showPills(); kitButton.focus(); }) : null,
    ].filter(Boolean));
  }

  // ------------------------------------------------------------------------ style picker
  let styleDialog = null;
  async function openStyles() {
    styleDialog = styleDialog || pickerDialog("Choose a style", "Style presets", styleButton);
    const grid = h("ul.preset-grid", { "aria-label": "Style presets" });
    styleDialog.body.replaceChildren(h("p.picker-hint", {}, "The look of your next thumbnail in this chat: layout family, colours, title and art."), grid);
    styleDialog.dialog.showModal();
    await presetsLoaded;
    if (!presets.length) {
      try { presets = (await api(PRESETS_URL)).items || []; } catch (error) { toastError(error, "Could not load the styles"); }
    }
    const pick = (name) => { chosen.preset = name; showPills(); styleDialog.dialog.close(); };
    grid.replaceChildren(
      h("li", {}, h("button.preset-card.preset-none", {
        type: "button", "aria-pressed": String(!chosen.preset), on: { click: () => pick(null) },
      }, h("span.preset-none-art", { "aria-hidden": "true" }, "Aa"), h("span.preset-name", {}, "No style"),
      h("span.preset-desc", {}, "Routix picks a look from your request."))),
      ...presets.map((p) => h("li", {}, h("button.preset-card", {
        type: "button", "aria-pressed": String(chosen.preset === p.name), dataset: { preset: p.name },
        on: { click: () => pick(p.name) },
      }, h("img", { src: p.card_url || p.preview_url, alt: "", width: "320", height: "180", loading: "lazy", decoding: "async" }),
      h("span.preset-name", {}, p.label), h("span.preset-desc", {}, p.description)))),
    );
    grid.querySelector('[aria-pressed="true"]')?.focus();
  }

  // ------------------------------------------------------------------------ brand kit picker
  let kitDialog = null;
  async function openKits() {
    kitDialog = kitDialog || pickerDialog("Choose a brand kit", "Brand kits", kitButton);
    const list = h("ul.kit-choices", { "aria-label": "Brand kits", "aria-busy": "true" });
    kitDialog.body.replaceChildren(h("p.picker-hint", {}, "Your channel's colours, title font and logo on the next thumbnail in this chat."), list);
    kitDialog.dialog.showModal();
    await loadKits();
    showPills();
    const pick = (id) => { chosen.kit = id; kitDecided = true; showPills(); kitDialog.dialog.close(); };
    list.replaceChildren(
      h("li", {}, h("button.kit-choice", { type: "button", "aria-pressed": String(!chosen.kit), on: { click: () => pick(null) } },
        h("span.kit-choice-swatches.is-empty", { "aria-hidden": "true" }), h("span.kit-choice-name", {}, "No kit"))),
      ...(kits || []).map((kit) => h("li", {}, h("button.kit-choice", {
        type: "button", "aria-pressed": String(chosen.kit === kit.id), dataset: { kit: kit.id }, on: { click: () => pick(kit.id) },
      }, swatches(kit), h("span.kit-choice-name", {}, kit.name),
      kit.is_default ? h("span.pill.pill-soft", {}, "Default") : null,
      kit.font ? h("span.kit-choice-font", {}, kit.font.name) : null))),
    );
    list.setAttribute("aria-busy", "false");
    if (!kits?.length) {
      kitDialog.body.append(h("p.picker-empty", {}, "You have no brand kits yet. ", h("a", { href: "/brand-kits" }, "Create one")));
    }
    list.querySelector('[aria-pressed="true"]')?.focus();
  }

  return {
    choices: () => ({ style_preset: chosen.preset, brand_kit_id: chosen.kit }),
    restore(messages) {
      const said = (key) => [...messages].reverse().find((m) => m.role === "user" && m.metadata && key in m.metadata);
      const preset = said("style_preset");
      const kit = said("brand_kit_id");
      if (preset) chosen.preset = preset.metadata.style_preset || null;
      if (kit) {
        chosen.kit = kit.metadata.brand_kit_id || null;
        kitDecided = true;
      }
      showPills();
    },
  };
}

/** A removable pill: "Style: Neon ×". */
function pill(kind, name, onRemove) {
  return h("span.option-pill", {},
    h("span.option-pill-kind", {}, `${kind}:`), h("span.option-pill-name", {}, name),
    h("button.option-pill-remove", { type: "button", "aria-label": `Remove the ${kind.toLowerCase()} ${name}`, on: { click: onRemove } },
      icon(...ICONS.close)));
}

function swatches(kit) {
  const box = h("span.kit-choice-swatches", { "aria-hidden": "true" });
  for (const colour of [kit.primary_color, kit.secondary_color, kit.accent_color]) {
    const dot = h("span.kit-choice-swatch");
    dot.style.background = colour;
    box.append(dot);
  }
  return box;
}

/** A modal picker: {dialog, body}; closes with Escape, its button or a click on the backdrop. */
function pickerDialog(label, title, opener) {
  const body = h("div.picker-body");
  const dialog = h("dialog.picker-dialog.glass-strong", { "aria-label": label },
    h("div.dialog-head", {}, h("h2", {}, title),
      h("button.icon-btn", { type: "button", "aria-label": "Close", on: { click: () => dialog.close() } }, icon(...ICONS.close))),
    body);
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", () => opener.focus());
  document.body.append(dialog);
  return { dialog, body };
}
