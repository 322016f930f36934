// /admin/users: search + plan/status/role filters, a paged table, and a side panel per user to
// change the plan, grant or deduct credits with a reason, and disable or enable the account.
import { api } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toast, toastError } from "../lib/toast.js";
import { dateTime, formError, formValues, initAdmin, num, pager, query, statusPill, wireDialog, wireFilters } from "./common.js";

const LIMIT = 25;
const filters = $("#filters");
const panel = $("#user-panel");
let offset = 0;
let current = null; // the user shown in the panel

async function load(at = 0) {
  offset = at;
  let answer;
  try {
    answer = await api(`/api/v1/admin/users${query({ ...formValues(filters), limit: LIMIT, offset })}`);
  } catch (error) {
    toastError(error, "Could not load the users");
    return;
  }
  const items = answer.items || [];
  $("#user-rows").replaceChildren(...items.map(row));
  $("#user-empty").hidden = items.length > 0;
  pager(offset, LIMIT, answer.total || 0, load);
}

function row(user) {
  return h("tr", { dataset: { userId: user.id } },
    h("th", { scope: "row" }, h("span.cell-main", {}, user.email),
      h("span.cell-sub", {}, [user.username, user.is_admin ? "admin" : null].filter(Boolean).join(" · "))),
    h("td", { dataset: { label: "Plan" } }, h("span.pill.pill-soft", {}, user.subscription_tier)),
    h("td.num", { dataset: { label: "Credits" } }, num(user.credits)),
    h("td.num", { dataset: { label: "Generations" } }, num(user.generations)),
    h("td", { dataset: { label: "Status" } }, user.is_active ? statusPill("Active", "ok") : statusPill("Disabled", "bad")),
    h("td.actions", {}, h("button.btn.btn-ghost.btn-sm", { type: "button", "aria-label": `Manage ${user.email}`, on: { click: () => open(user) } }, "Manage")));
}

function showUser(user) {
  current = user;
  $("#panel-title").textContent = user.email;
  $("#user-facts").replaceChildren(...[
    ["Name", user.username || "–"], ["Plan", user.subscription_tier], ["Credits", num(user.credits)],
    ["Generations", num(user.generations)], ["Role", user.is_admin ? "Administrator" : "User"],
    ["Joined", dateTime(user.created_at)], ["Last login", dateTime(user.last_login)],
    ["Status", user.is_active ? "Active" : "Disabled"],
  ].flatMap(([k, v]) => [h("dt", {}, k), h("dd", { dataset: { fact: k.toLowerCase() } }, String(v))]));
  $("#plan-form").elements.subscription_tier.value = user.subscription_tier;
  const toggle = $('[data-action="toggle-active"]');
  toggle.textContent = user.is_active ? "Disable account" : "Enable account";
  toggle.className = `btn ${user.is_active ? "btn-danger" : "btn-primary"}`;
  $('[data-action="toggle-admin"]').textContent = user.is_admin ? "Remove administrator" : "Make administrator";
}

function open(user) {
  formError($("#plan-form"), null);
  formError($("#credit-form"), null);
  $("#credit-form").reset();
  showUser(user);
  panel.showModal();
}

async function patch(body, form) {
  try {
    const user = await api(`/api/v1/admin/users/${current.id}`, { method: "PATCH", json: body });
    showUser({ ...current, ...user });
    load(offset);
    return true;
  } catch (error) {
    if (form) formError(form, error); else toastError(error, "Could not update the user");
    return false;
  }
}

$("#plan-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  formError(event.target, null);
  if (await patch({ subscription_tier: event.target.elements.subscription_tier.value }, event.target)) toast("Plan changed.");
});

$("#credit-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  formError(form, null);
  const amount = Number(form.elements.amount.value);
  const reason = form.elements.reason.value.trim();
  if (!Number.isInteger(amount) || amount === 0) { formError(form, new Error("Enter a whole number of credits other than 0.")); return; }
  if (!reason) { formError(form, new Error("Give a reason; it goes into the audit log.")); return; }
  try {
    const answer = await api(`/api/v1/admin/users/${current.id}/credits`, { method: "POST", json: { amount, reason } });
    showUser({ ...current, credits: answer.balance });
    form.reset();
    toast(`${amount > 0 ? "Granted" : "Deducted"} ${Math.abs(amount)} credits. Balance: ${num(answer.balance)}.`);
    load(offset);
  } catch (error) {
    formError(form, error, "Could not change the credits");
  }
});

$('[data-action="toggle-active"]').addEventListener("click", async () => {
  const enable = !current.is_active;
  if (!enable && !confirm(`Disable ${current.email}? They will be logged out and cannot log in.`)) return;
  if (await patch({ is_active: enable })) toast(enable ? "Account enabled." : "Account disabled.");
});

$('[data-action="toggle-admin"]').addEventListener("click", async () => {
  const grant = !current.is_admin;
  if (!confirm(grant ? `Make ${current.email} an administrator?` : `Remove ${current.email}'s administrator rights?`)) return;
  if (await patch({ is_admin: grant })) toast(grant ? "Now an administrator." : "Administrator rights removed.");
});

if (initAdmin()) {
  wireDialog(panel);
  wireFilters(filters, () => load(0));
  load(0);
}
