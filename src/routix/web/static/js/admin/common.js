// Shared by the admin pages: the studio shell, formatting, query strings, form errors, pagers.
// The server already checked the admin cookie before sending the page; the JSON API checks the
// bearer token again on every call (a 403 here means the admin flag was removed meanwhile).
import { ApiError, problemText, requireSession } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { initShell, loadConversations } from "../shell.js";

/** Wire the shell for an admin page; false when there is no browser session (-> login). */
export function initAdmin() {
  if (!requireSession()) return false;
  sessionStorage.removeItem("routix.resume"); // the login page may resume here again next time
  initShell("admin");
  loadConversations();
  // phones: the tab strip scrolls sideways; bring the current tab into view
  const tab = $(".admin-tab[aria-current]");
  const strip = $(".admin-tabs");
  if (tab && strip && strip.scrollWidth > strip.clientWidth) strip.scrollLeft = tab.offsetLeft - strip.clientWidth / 2 + tab.clientWidth / 2;
  return true;
}

/** "1,234" (locale digits); "–" for null/undefined. */
export function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
  return Number(value).toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** 0.934 -> "93.4 %"; "–" for null. */
export function percent(ratio) {
  if (ratio === null || ratio === undefined) return "–";
  return `${(Number(ratio) * 100).toFixed(1)} %`;
}

/** Seconds as "0.84 s" / "12.3 s" / "2 min 5 s"; "–" for null. */
export function seconds(value) {
  if (value === null || value === undefined) return "–";
  const s = Number(value);
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A short local date and time from an ISO timestamp. */
export function dateTime(iso) {
  if (!iso) return "–";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso)
    : d.toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** `?a=1&b=x` from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") q.set(key, String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** A status pill: ok/bad/warn/na by value. */
export function statusPill(text, kind = "na") {
  return h(`span.status-pill.status-${kind}`, {}, text);
}

/** Show an error in a form's `.form-error` box (and mark the field a 422 problem points at). */
export function formError(form, error, fallback = "Could not save") {
  const box = $(".form-error", form);
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  if (!error) { if (box) box.hidden = true; return; }
  const message = error instanceof ApiError ? problemText(error, fallback) : String(error.message || error);
  if (box) { box.textContent = message; box.hidden = false; }
  const loc = error instanceof ApiError ? error.problem.errors?.[0]?.loc : null;
  const field = Array.isArray(loc) ? loc[loc.length - 1] : null;
  const input = field && form.elements[field];
  if (input) input.setAttribute("aria-invalid", "true");
}

/** Wire a pager nav (#pager) for offset pagination; `go(offset)` loads a page. */
export function pager(offset, limit, total, go) {
  const nav = $("#pager");
  if (!nav) return;
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  nav.hidden = pages <= 1;
  $("#pager-status").textContent = `Page ${page} of ${pages} · ${num(total)} in all`;
  const prev = $('[data-page="prev"]', nav);
  const next = $('[data-page="next"]', nav);
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
  prev.onclick = () => go(Math.max(0, offset - limit));
  next.onclick = () => go(offset + limit);
}

/** Call `fn` after `ms` of quiet (search boxes). */
export function debounce(fn, ms = 300) {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** The values of a filter form as an object (empty fields left out). */
export function formValues(form) {
  return Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v !== ""));
}

/** Reload `load()` whenever a filter form changes (typing is debounced). */
export function wireFilters(form, load) {
  const later = debounce(load, 300);
  form.addEventListener("input", (event) => { if (event.target.tagName === "INPUT") later(); });
  form.addEventListener("change", (event) => { if (event.target.tagName === "SELECT") load(); });
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
}

/** Close a <dialog> with its close button and a click on the backdrop. */
export function wireDialog(dialog) {
  dialog.querySelector('[data-action="close-dialog"]').addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
}
