// Managing a generation from the gallery: rename, delete, publish / unpublish (copy the public
// link), and put it on a board. Each action calls the API and then `changed()` to reload.
import { api } from "./api.js";
import { h } from "./dom.js";
import { toast, toastError } from "./toast.js";

/** The gallery card's management buttons for generation `item` (a history item). */
export function manageActions(item, changed, boards = []) {
  const name = item.name || item.request?.prompt || "Thumbnail";
  const buttons = [
    h("button.btn.btn-ghost.btn-sm", { type: "button", "aria-label": `Rename "${name}"`, dataset: { action: "rename" },
      on: { click: () => rename(item, name, changed) } }, "Rename"),
    h("button.btn.btn-danger.btn-sm", { type: "button", "aria-label": `Delete "${name}"`, dataset: { action: "delete" },
      on: { click: () => remove(item, name, changed) } }, "Delete"),
  ];
  if (item.status === "completed") {
    buttons.unshift(h("button.btn.btn-ghost.btn-sm", {
      type: "button", dataset: { action: "publish" }, "aria-pressed": String(Boolean(item.published)),
      on: { click: () => publish(item, changed) },
    }, item.published ? "Unpublish" : "Publish"));
    if (boards.length) buttons.push(boardPicker(item, boards, changed));
  }
  return buttons;
}

async function rename(item, current, changed) {
  const next = window.prompt("New name for this thumbnail", current);
  if (next === null || !next.trim() || next.trim() === current) return;
  try {
    await api(`/api/v1/generation/${item.id}`, { method: "PATCH", json: { name: next.trim() } });
    toast(`Renamed to "${next.trim()}".`);
    changed();
  } catch (error) { toastError(error, "Could not rename it"); }
}

async function remove(item, name, changed) {
  if (!window.confirm(`Delete "${name}"? Its files go too; this cannot be undone.`)) return;
  try {
    await api(`/api/v1/generation/${item.id}`, { method: "DELETE" });
    toast(`Deleted "${name}".`);
    changed();
  } catch (error) { toastError(error, "Could not delete it"); }
}

async function publish(item, changed) {
  try {
    if (item.published) {
      await api(`/api/v1/generation/${item.id}/publish`, { method: "DELETE" });
      toast("It is private again: its public page is gone.");
    } else {
      const answer = await api(`/api/v1/generation/${item.id}/publish`, { method: "POST" });
      try { await navigator.clipboard.writeText(answer.url); } catch { /* clipboard refused: the toast shows it */ }
      toast(`Anyone with the link can see it, and it shows in Discover: ${answer.url}`, "info", "Published");
    }
    changed();
  } catch (error) { toastError(error, "Could not change its publication"); }
}

function boardPicker(item, boards, changed) {
  const select = h("select.btn-sm", { "aria-label": "Add to a board", on: { change: async () => {
    const id = select.value;
    select.value = "";
    if (!id) return;
    try {
      await api(`/api/v1/boards/${id}/items/${item.id}`, { method: "PUT" });
      toast(`Added to "${boards.find((b) => b.id === id)?.name}".`);
      changed();
    } catch (error) { toastError(error, "Could not add it to the board"); }
  } } }, h("option", { value: "" }, "Add to board…"), boards.map((b) => h("option", { value: b.id }, b.name)));
  return select;
}
