// /admin/audit: the admin audit log, newest first, filtered by action (prefix), resource type,
// admin and date range; each row shows the fields that changed, before -> after.
import { api } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toastError } from "../lib/toast.js";
import { dateTime, formValues, initAdmin, pager, query, wireFilters } from "./common.js";

const LIMIT = 30;
const COLLAPSE_OVER = 4;
const filters = $("#filters");

function params() {
  const values = formValues(filters);
  // a date input gives a day: from its start to the end of the "to" day, in local time
  if (values.since) values.since = new Date(`${values.since}T00:00:00`).toISOString();
  if (values.until) values.until = new Date(`${values.until}T23:59:59.999`).toISOString();
  return values;
}

async function load(offset = 0) {
  let answer;
  try {
    answer = await api(`/api/v1/admin/audit${query({ ...params(), limit: LIMIT, offset })}`);
  } catch (error) {
    toastError(error, "Could not load the audit log");
    return;
  }
  const items = answer.items || [];
  $("#audit-rows").replaceChildren(...items.map(row));
  $("#audit-empty").hidden = items.length > 0;
  pager(offset, LIMIT, answer.total || 0, load);
}

function show(value) {
  if (value === undefined) return h("span.diff-none", {}, "—");
  if (value === null) return h("span.diff-none", {}, "null");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A before/after table of the changed fields. */
export function diffView(changes) {
  const before = changes?.before || {};
  const after = changes?.after || {};
  const keys = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])];
  const rows = keys.map((key) => h("tr", {},
    h("th", { scope: "row" }, key),
    h("td.diff-before", {}, show(before?.[key])),
    h("td.diff-after", {}, show(after?.[key]))));
  const table = keys.length ? h("table.diff-table", {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Before"), h("th", { scope: "col" }, "After"))),
    h("tbody", {}, rows)) : h("span.diff-none", {}, "No field changes");
  // a whole record created or deleted: fold its many fields away behind a summary
  const whole = (changes?.before === null || changes?.after === null) && keys.length > COLLAPSE_OVER;
  const label = changes?.before === null ? "Created" : "Deleted";
  return h("div.diff", {},
    whole ? h("details.diff-whole", {}, h("summary", {}, `${label} · ${keys.length} fields`), table) : table,
    changes?.note ? h("p.diff-note", {}, `Note: ${changes.note}`) : null);
}

function row(entry) {
  return h("tr", { dataset: { action: entry.action } },
    h("td.nowrap", {}, dateTime(entry.created_at)),
    h("td.stack-wide", {}, h("span.cell-main", {}, entry.admin_email || "system"), entry.ip_address ? h("span.cell-sub", {}, entry.ip_address) : null),
    h("td", { dataset: { label: "Action" } }, h("code", {}, entry.action)),
    h("td", { dataset: { label: "Resource" } }, h("span.cell-main", {}, entry.resource_type), entry.resource_id ? h("span.cell-sub.ellipsis", { title: entry.resource_id }, entry.resource_id) : null),
    h("td.stack-wide", {}, diffView(entry.changes)));
}

if (initAdmin()) {
  wireFilters(filters, () => load(0));
  load(0);
}
