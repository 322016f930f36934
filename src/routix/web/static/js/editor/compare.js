// A/B compare: two versions of a thumbnail side by side, each side picked from the version
// strip's versions; "Keep this one" makes that version the card's current one.
import { ICONS, h, icon } from "../lib/dom.js";

const KIND_LABEL = { generate: "Original", regenerate: "Another take", edit: "Edit", undo: "Undo", variant: "Variant" };
let dialog = null;

/** "3. Edit: Title 25 % larger" for version `index` (0-based) of a tree's `versions`. */
export function versionLabel(version, index) {
  return `${index + 1}. ${KIND_LABEL[version.kind] || version.kind}${version.edit_summary ? `: ${version.edit_summary}` : ""}`;
}

/**
 * Open the compare dialog over `versions` (GET .../tree `versions`, finished ones with a
 * `thumbnail_url`), showing `a` and `b` (version ids) first. `onKeep(id)` runs for the pick.
 */
export function openCompare(versions, a, b, { onKeep }) {
  const ready = versions.filter((version) => version.thumbnail_url);
  if (ready.length < 2) return;
  if (!dialog) {
    dialog = h("dialog.compare-dialog.glass-strong", { "aria-label": "Compare two versions" });
    document.body.append(dialog);
  }
  const picked = { A: ready.some((v) => v.id === a) ? a : ready[0].id, B: ready.some((v) => v.id === b) ? b : ready.at(-1).id };
  const side = (name) => {
    const figure = h("figure.compare-side", { dataset: { side: name } });
    const fill = () => {
      const index = versions.findIndex((v) => v.id === picked[name]);
      const version = versions[index];
      const label = versionLabel(version, index);
      figure.replaceChildren(
        h("img.compare-img", { src: version.thumbnail_url, alt: `Version ${label}`, width: "1280", height: "720" }),
        h("figcaption", {}, h("strong", {}, name), " ", label),
        h("div.compare-picks", { role: "radiogroup", "aria-label": `Version shown as ${name}` }, ready.map((v) => {
          const i = versions.indexOf(v);
          return h("button.version-chip", {
            type: "button", role: "radio", "aria-checked": String(v.id === picked[name]), title: versionLabel(v, i),
            "aria-label": `${name}: ${versionLabel(v, i)}`,
            on: { click: () => { picked[name] = v.id; fill(); } },
          }, h("img", { src: v.thumbnail_url, alt: "", width: "64", height: "36" }));
        })),
        h("button.btn.btn-primary.btn-sm", { type: "button", on: { click: () => { dialog.close(); onKeep(picked[name]); } } },
          "Keep this one"));
    };
    fill();
    return figure;
  };
  dialog.replaceChildren(
    h("div.dialog-head", {}, h("h2", {}, "Compare versions"),
      h("button.icon-btn", { type: "button", "aria-label": "Close", on: { click: () => dialog.close() } }, icon(...ICONS.close))),
    h("div.compare-body", {}, side("A"), side("B")));
  dialog.showModal();
}
