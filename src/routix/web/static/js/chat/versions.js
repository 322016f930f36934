// A result card's version controls: a one-line editor ("make the title bigger" sent as an edit
// of THIS card's version), Undo, and the version-tree strip (every version of the thumbnail,
// this one marked; clicking one opens its image). Edits and undo go through the chat, so the
// assistant's answer ("Editing: Title 25 % larger...") and the new card appear in the thread.
// "Compare" opens two versions side by side (A/B); "Keep this one" hands the pick to `onKeep`.
// The strip marks the version kept in an A/B compare (the tree's `kept_id`).
import { api } from "../lib/api.js";
import { h } from "../lib/dom.js";
import { openCompare, versionLabel } from "../editor/compare.js";

/**
 * The controls for a thumbnail_result `payload`. `actions.edit(versionId, text)` posts a
 * follow-up about that version; `actions.undo(versionId)` asks for its undo; `onKeep(id)`
 * makes the version picked in the A/B compare the card's current one; `onTree(tree)` gets the
 * version tree (GET .../tree) once it is loaded.
 */
export function versionControls(payload, actions, { onKeep = () => {}, onTree = () => {} } = {}) {
  const versionId = payload.request_id;
  if (!versionId || !actions.edit) return null;
  const input = h("input.input.edit-input", {
    type: "text", maxlength: "500", placeholder: "Change this one: \"make the title bigger\"",
    "aria-label": "Describe a change to this thumbnail",
  });
  const send = () => {
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    actions.edit(versionId, text);
  };
  input.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); send(); } });
  const strip = h("div.version-strip", { role: "list", "aria-label": "Versions of this thumbnail" });
  const compare = h("button.btn.btn-ghost.btn-sm.compare-btn", {
    type: "button", hidden: true, title: "Two versions side by side; keep the better one",
  }, "Compare");
  const box = h("div.version-controls", {},
    h("div.edit-row", { role: "group", "aria-label": "Edit this thumbnail" },
      input,
      h("button.btn.btn-primary.btn-sm", { type: "button", on: { click: send } }, "Apply"),
      h("button.btn.btn-ghost.btn-sm", { type: "button", title: "A new version equal to the one before",
        on: { click: () => actions.undo(versionId) } }, "Undo"),
      compare),
    strip);
  loadTree(versionId, strip).then((tree) => {
    if (tree) onTree(tree);
    const versions = tree && tree.versions;
    if (!versions || versions.filter((v) => v.thumbnail_url).length < 2) return;
    compare.hidden = false;
    compare.addEventListener("click", () => {
      const index = versions.findIndex((v) => v.id === versionId);
      const other = versions[index > 0 ? index - 1 : versions.length - 1];
      openCompare(versions, other.id, versionId, { onKeep });
    });
  });
  return box;
}

/** Fill `strip` with the tree of `versionId` (GET /api/v1/generation/{id}/tree); returns the tree. */
async function loadTree(versionId, strip) {
  let tree;
  try {
    tree = await api(`/api/v1/generation/${versionId}/tree`);
  } catch {
    return null;  // the strip is a convenience: the card works without it
  }
  if (!tree.versions || tree.versions.length < 2) { strip.hidden = true; return tree; }
  strip.replaceChildren(...tree.versions.map((version, index) => {
    const kept = tree.kept_id === version.id && tree.kept_id !== tree.root_id;
    const label = `${versionLabel(version, index)}${kept ? " (kept)" : ""}`;
    const current = version.id === versionId;
    return h(`a.version-chip${kept ? ".is-kept" : ""}`, {
      role: "listitem", href: version.thumbnail_url || "#", target: "_blank", rel: "noopener",
      title: label, "aria-label": label, "aria-current": current ? "true" : null,
      dataset: { versionId: version.id, kind: version.kind },
    }, version.thumbnail_url ? h("img", { src: version.thumbnail_url, alt: "", width: "64", height: "36" })
      : h("span", {}, "…"));
  }));
  return tree;
}
