// /admin, "Cost per provider": what the AI providers cost over the chosen range, from the usage
// the generations recorded (GET /api/v1/admin/costs): dollars, calls, failed calls and latency
// per provider, and dollars and calls per provider and algorithm.
import { api } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toastError } from "../lib/toast.js";
import { num, percent, seconds } from "./common.js";

/** US dollars: cents for sums of a dollar or more, four decimals below (a call costs cents). */
export function usd(value) {
  const amount = Number(value || 0);
  return `$${amount.toLocaleString(undefined, { minimumFractionDigits: amount >= 1 ? 2 : 4, maximumFractionDigits: amount >= 1 ? 2 : 4 })}`;
}

function empty(colspan, text) {
  return [h("tr", {}, h("td.empty", { colspan: String(colspan) }, text))];
}

export function showCosts(data) {
  $("#cost-total").textContent = usd(data.cost_usd);
  $("#cost-calls").textContent = num(data.calls);
  $("#cost-errors").textContent = data.calls ? percent(data.errors / data.calls) : "–";
  const none = `No provider calls in the last ${data.days} days: Lightning runs offline and costs nothing.`;
  $("#cost-summary").textContent = data.calls
    ? `${usd(data.cost_usd)} for ${num(data.calls)} provider calls in ${data.days} days.`
    : none;
  const providers = data.per_provider || [];
  $("#cost-provider-rows").replaceChildren(...(providers.length ? providers.map((p) => h("tr", {},
    h("th", { scope: "row" }, p.provider), h("td.num.nowrap", {}, usd(p.cost_usd)), h("td.num.nowrap", {}, num(p.calls)),
    h("td.num.nowrap", {}, percent(p.error_rate)), h("td.num.nowrap", {}, seconds(p.p50_latency_seconds)),
    h("td.num.nowrap", {}, seconds(p.p95_latency_seconds))))
    : empty(6, "No provider calls in this range.")));
  const algos = data.per_algorithm || [];
  $("#cost-algo-rows").replaceChildren(...(algos.length ? algos.map((a) => h("tr", {},
    h("th", { scope: "row" }, a.provider), h("td", {}, a.algorithm), h("td.num.nowrap", {}, usd(a.cost_usd)),
    h("td.num.nowrap", {}, num(a.calls)), h("td.num.nowrap", {}, percent(a.error_rate))))
    : empty(5, "No provider calls in this range.")));
}

export async function loadCosts(days) {
  try {
    showCosts(await api(`/api/v1/admin/costs?days=${days}`));
  } catch (error) {
    toastError(error, "Could not load the provider costs");
  }
}
