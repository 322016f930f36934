// /admin/algorithms: the "Routix Versions". List, edit (display name, description, credit cost,
// active, default, config JSON) and create; the server's validation errors show in the form.
import { ApiError, api, problemText } from "../lib/api.js";
import { $, $$, h } from "../lib/dom.js";
import { toast, toastError } from "../lib/toast.js";
import { formError, initAdmin, num, statusPill, wireDialog } from "./common.js";

const list = $("#algo-list");
const panel = $("#algo-panel");
const form = $("#algo-form");
let editing = null; // the algorithm being edited, null when creating

async function load() {
  let answer;
  try {
    answer = await api("/api/v1/admin/algorithms");
  } catch (error) {
    toastError(error, "Could not load the algorithms");
    return;
  }
  const items = Array.isArray(answer) ? answer : answer.items || [];
  list.setAttribute("aria-busy", "false");
  list.replaceChildren(...(items.length ? items.map(card) : [h("p.empty", {}, "No algorithms yet.")]));
}

function card(algo) {
  return h("article.algo-admin.glass", { dataset: { algorithm: algo.name } },
    h("div.algo-admin-head", {},
      h("h2", {}, algo.display_name),
      h("div.badges", {}, algo.is_default ? statusPill("Default", "ok") : null,
        algo.is_active ? statusPill("Active", "ok") : statusPill("Inactive", "na"),
        algo.runs_as ? statusPill("Not configured", "warn") : null)),
    h("p.algo-admin-desc", {}, algo.description || ""),
    algo.runs_as ? h("p.algo-admin-warning", { role: "note" },
      `Its provider (${algo.ai_provider}) has no API key: requests run as ${algo.runs_as === "lightning" ? "Routix Lightning" : algo.runs_as} and are charged as it. `
      + "Add a key in its config (Edit) or in the server's environment.") : null,
    h("dl.facts", {},
      h("dt", {}, "Id"), h("dd", {}, h("code", {}, algo.name)),
      h("dt", {}, "Provider"), h("dd", {}, algo.ai_provider || "local"),
      h("dt", {}, "Credit cost"), h("dd", {}, num(algo.credit_cost)),
      algo.generations !== undefined ? [h("dt", {}, "Generations"), h("dd", {}, num(algo.generations))] : null),
    h("button.btn.btn-ghost.btn-sm", { type: "button", "aria-label": `Edit ${algo.display_name}`, on: { click: () => open(algo) } }, "Edit"));
}

function open(algo) {
  editing = algo;
  form.reset();
  formError(form, null);
  configError(null);
  $("#algo-panel-title").textContent = algo ? `Edit ${algo.display_name}` : "New algorithm";
  $$("[data-create-only]", form).forEach((el) => { el.hidden = Boolean(algo); });
  $$("[data-edit-only]", form).forEach((el) => { el.hidden = !algo; });
  const a = algo || { display_name: "", description: "", credit_cost: 1, is_active: true, is_default: false, config: {} };
  form.elements.display_name.value = a.display_name || "";
  form.elements.description.value = a.description || "";
  form.elements.credit_cost.value = a.credit_cost ?? 1;
  form.elements.is_active.checked = Boolean(a.is_active);
  form.elements.is_default.checked = Boolean(a.is_default);
  form.elements.config.value = JSON.stringify(a.config || {}, null, 2);
  panel.showModal();
}

function configError(message) {
  const el = $("#config-error");
  el.hidden = !message;
  el.textContent = message || "";
  if (message) form.elements.config.setAttribute("aria-invalid", "true");
  else form.elements.config.removeAttribute("aria-invalid");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  formError(form, null);
  configError(null);
  let config;
  try {
    config = JSON.parse(form.elements.config.value || "{}");
    if (!config || typeof config !== "object" || Array.isArray(config)) throw new Error("not an object");
  } catch {
    configError("Config must be a JSON object, e.g. {\"model\": \"...\"}.");
    return;
  }
  const body = {
    display_name: form.elements.display_name.value.trim(),
    description: form.elements.description.value.trim(),
    credit_cost: Number(form.elements.credit_cost.value),
    is_active: form.elements.is_active.checked,
    is_default: form.elements.is_default.checked,
    config,
  };
  if (!editing) {
    body.name = form.elements.name.value.trim();
    body.ai_provider = form.elements.ai_provider.value.trim() || "local";
  }
  try {
    await api(editing ? `/api/v1/admin/algorithms/${editing.id}` : "/api/v1/admin/algorithms",
      { method: editing ? "PATCH" : "POST", json: body });
    panel.close();
    toast(editing ? "Algorithm saved." : "Algorithm created.");
    load();
  } catch (error) {
    const loc = error instanceof ApiError ? error.problem.errors?.[0]?.loc || [] : [];
    if (loc.includes("config") || (error instanceof ApiError && error.code === "invalid_config")) configError(problemText(error));
    else formError(form, error);
  }
});

$('[data-action="delete-algorithm"]').addEventListener("click", async () => {
  if (!editing || !confirm(`Delete ${editing.display_name}?`)) return;
  try {
    await api(`/api/v1/admin/algorithms/${editing.id}`, { method: "DELETE" });
    panel.close();
    toast("Algorithm deleted.");
    load();
  } catch (error) {
    formError(form, error, "Could not delete it");
  }
});

if (initAdmin()) {
  wireDialog(panel);
  $('[data-action="new-algorithm"]').addEventListener("click", () => open(null));
  load();
}
