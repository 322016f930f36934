// /admin/system: health cards (database, storage, queue, events, Redis), jobs and workers from
// GET /api/v1/admin/system, refreshed every 10 s while the tab is visible.
import { api } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toastError } from "../lib/toast.js";
import { initAdmin, num, statusPill } from "./common.js";

const REFRESH_MS = 10_000;
const LABELS = { database: "Database", storage: "Storage", queue: "Queue", events: "Events", redis: "Redis" };
let timer = 0;
let failedOnce = false;

function healthCard(name, check) {
  const ok = check.status === "healthy";
  const facts = [];
  if (check.backend) facts.push(["Backend", check.backend]);
  if (check.depth !== undefined) facts.push(["Depth", num(check.depth)]);
  if (check.latency_ms !== undefined) facts.push(["Latency", `${num(check.latency_ms, 1)} ms`]);
  return h("article.health-card.glass", { dataset: { service: name }, "aria-label": `${LABELS[name] || name}: ${check.status}` },
    h("div.health-head", {}, h("h3", {}, LABELS[name] || name), statusPill(ok ? "Healthy" : "Unhealthy", ok ? "ok" : "bad")),
    h("dl.facts", {}, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))])),
    check.error ? h("p.health-error", {}, check.error) : null);
}

function stat(label, value, kind = "") {
  return h(`div.stat.glass${kind ? `.stat-${kind}` : ""}`, {}, h("span.stat-label", {}, label), h("span.stat-value", {}, num(value)));
}

function show(data) {
  const health = data.health || {};
  const services = health.services || {};
  const overall = $("#overall");
  overall.hidden = false;
  overall.className = `overall overall-${health.status === "healthy" ? "ok" : "bad"}`;
  overall.textContent = health.status === "healthy" ? `All services healthy · Routix ${health.version || ""}` : "Some services are unhealthy";
  const cards = Object.entries(services).map(([name, check]) => healthCard(name, check));
  const queue = data.queue || {};
  const jobs = data.jobs || {};
  $("#health-cards").replaceChildren(...cards);
  $("#health-cards").setAttribute("aria-busy", "false");
  $("#job-stats").replaceChildren(
    stat(`Queue depth (${queue.backend || "?"})`, queue.depth),
    stat("Pending", jobs.pending), stat("Running", jobs.running),
    stat("Completed, 24 h", jobs.completed_24h, "ok"), stat("Failed, 24 h", jobs.failed_24h, jobs.failed_24h ? "bad" : ""));
  const workers = data.workers || [];
  $("#workers").replaceChildren(...(workers.length
    ? workers.map((w) => h("li", {}, h("code", {}, w.id), h("span", {}, `${num(w.jobs_running)} running`)))
    : [h("li.empty", {}, "No worker holds a job right now.")]));
  const t = data.templates || {};
  $("#template-stats").replaceChildren(
    h("li", {}, h("span", {}, "Waiting for analysis"), h("strong", {}, num(t.pending_analysis))),
    h("li", {}, h("span", {}, "Failed analysis"), h("strong", {}, num(t.failed))));
  $("#updated").textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

async function refresh() {
  clearTimeout(timer);
  try {
    show(await api("/api/v1/admin/system"));
    failedOnce = false;
  } catch (error) {
    if (!failedOnce) toastError(error, "Could not load the system status");
    failedOnce = true;
    $("#updated").textContent = "Update failed; retrying";
  }
  timer = setTimeout(tick, REFRESH_MS);
}

function tick() {
  if (document.hidden) { timer = setTimeout(tick, REFRESH_MS); return; }
  refresh();
}

if (initAdmin()) {
  $('[data-action="refresh"]').addEventListener("click", refresh);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
  refresh();
}
