// /admin: analytics. The chart is SVG drawn by the server (GET /admin/charts/generations.svg,
// admin cookie) and inlined, so its <title>s reach screen readers; the numbers come from
// GET /api/v1/admin/analytics and are printed as text next to it.
import { api } from "../lib/api.js";
import { $, $$, h } from "../lib/dom.js";
import { toastError } from "../lib/toast.js";
import { initAdmin, num, percent, seconds } from "./common.js";
import { loadCosts } from "./dashboard_costs.js";

const RANGES = [7, 30, 90];

function currentDays() {
  const days = Number(new URLSearchParams(location.search).get("days") || "30");
  return RANGES.includes(days) ? days : 30;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * The chart's y-axis numbers as their own narrow SVG laid over the left edge of the chart box
 * (outside it, so it stays put while a narrow screen scrolls the chart sideways); hidden by CSS
 * when the whole chart fits.
 */
function stickyAxis(chart) {
  const [, , width, height] = (chart.getAttribute("viewBox") || "0 0 760 280").split(/\s+/).map(Number);
  const labels = Array.from(chart.querySelectorAll(".chart-grid text"));
  const axisWidth = Math.max(...labels.map((t) => Number(t.getAttribute("x")) || 0), 0) + 8; // the plot's left margin
  const axis = document.createElementNS(SVG_NS, "svg");
  axis.setAttribute("viewBox", `0 0 ${axisWidth} ${height}`);
  axis.setAttribute("class", "chart-axis");
  axis.setAttribute("aria-hidden", "true");
  axis.setAttribute("font-family", chart.getAttribute("font-family") || "sans-serif");
  axis.setAttribute("font-size", chart.getAttribute("font-size") || "11");
  axis.style.setProperty("--axis-share", String(axisWidth / width)); // CSSOM: allowed by the CSP
  labels.forEach((t) => axis.append(t.cloneNode(true)));
  return axis;
}

async function loadChart(days) {
  const box = $("#chart");
  box.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(`/admin/charts/generations.svg?days=${days}`, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const doc = new DOMParser().parseFromString(await response.text(), "image/svg+xml");
    const svg = doc.documentElement;
    if (svg.nodeName !== "svg") throw new Error("not an SVG");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    const chart = document.importNode(svg, true);
    box.replaceChildren(chart);
    box.parentElement.querySelector(":scope > .chart-axis")?.remove();
    const axis = stickyAxis(chart);
    axis.style.setProperty("--axis-top", `${box.offsetTop}px`);
    axis.style.setProperty("--axis-left", `${box.offsetLeft}px`);
    box.before(axis);
    box.scrollLeft = box.scrollWidth; // narrow screens scroll the chart: start at the latest days
  } catch {
    box.replaceChildren(h("p.empty", {}, "The chart could not be drawn. Reload the page to try again."));
  }
  box.setAttribute("aria-busy", "false");
}

/** "2025-11-21" -> "21 Nov 2025" in the viewer's locale (the date is a calendar day, not an instant). */
function shortDate(iso) {
  const [y, m, d] = String(iso).split("-").map(Number);
  if (!y || !m || !d) return String(iso);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

function showNumbers(data) {
  const perDay = data.per_day || [];
  const total = perDay.reduce((sum, d) => sum + (d.total || 0), 0);
  $("#stat-total").textContent = num(total);
  $("#stat-success").textContent = percent(data.success_rate);
  $("#stat-p50").textContent = seconds(data.p50_seconds);
  $("#stat-p95").textContent = seconds(data.p95_seconds);
  $("#stat-credits").textContent = num(data.credits_spent);
  const completed = perDay.reduce((sum, d) => sum + (d.completed || 0), 0);
  const failed = perDay.reduce((sum, d) => sum + (d.failed || 0), 0);
  const busiest = perDay.reduce((best, d) => (d.total > (best?.total || 0) ? d : best), null);
  $("#chart-summary").textContent = total
    ? `${num(total)} generations in ${data.days} days: ${num(completed)} completed, ${num(failed)} failed. Busiest day ${shortDate(busiest.date)} with ${num(busiest.total)}.`
    : `No generations in the last ${data.days} days.`;
  $("#per-day-rows").replaceChildren(...[...perDay].reverse().map((d) => h("tr", {},
    h("td", {}, d.date), h("td.num", {}, num(d.total)), h("td.num", {}, num(d.completed)), h("td.num", {}, num(d.failed)))));
  const algos = data.per_algorithm || [];
  $("#algo-rows").replaceChildren(...(algos.length ? algos.map((a) => h("tr", {},
    h("th", { scope: "row" }, a.algorithm), h("td.num", {}, num(a.total)), h("td.num", {}, num(a.completed)),
    h("td.num", {}, num(a.failed)), h("td.num", {}, percent(a.success_rate)), h("td.num", {}, seconds(a.p50_seconds)),
    h("td.num", {}, seconds(a.p95_seconds)), h("td.num", {}, num(a.credits_spent))))
    : [h("tr", {}, h("td.empty", { colspan: "8" }, "No generations in this range."))]));
}

async function load(days) {
  $$("[data-days]").forEach((b) => b.setAttribute("aria-pressed", String(Number(b.dataset.days) === days)));
  loadChart(days);
  loadCosts(days);
  try {
    showNumbers(await api(`/api/v1/admin/analytics?days=${days}`));
  } catch (error) {
    toastError(error, "Could not load the analytics");
  }
}

if (initAdmin()) {
  $$("[data-days]").forEach((button) => button.addEventListener("click", () => {
    const days = Number(button.dataset.days);
    history.replaceState(null, "", days === 30 ? location.pathname : `?days=${days}`);
    load(days);
  }));
  load(currentDays());
}
