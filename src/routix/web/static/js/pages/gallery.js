// "My thumbnails": the user's generations, newest first, paginated (?page=N), with quality
// badges and a feed-size preview (1280x720, 360x202, 168x94 side by side). The search bar
// filters through GET /api/v1/history (full text, status, published, video, sort); boards
// narrow the list to one board; each card can be renamed, deleted, published and boarded.
import { api, requireSession } from "../lib/api.js";
import { $, ICONS, h, icon, timeAgo } from "../lib/dom.js";
import { manageActions } from "../lib/manage.js";
import { reportBadges } from "../lib/quality.js";
import { toast, toastError } from "../lib/toast.js";
import { initShell, loadConversations } from "../shell.js";
import { downloadLinks } from "../chat/result.js";

const PAGE_SIZE = pageSize();
const FEED_SIZES = [[360, 202, "Search and suggested (360×202)"], [168, 94, "Sidebar / phone feed (168×94)"]];

const gallery = $("#gallery");
const dialog = $("#preview");

/** Thumbnails per page: ?per=N (1-48), default 12. */
function pageSize() {
  const per = Number(new URLSearchParams(location.search).get("per") || "12");
  return Number.isInteger(per) && per >= 1 && per <= 48 ? per : 12;
}

function currentPage() {
  const page = Number(new URLSearchParams(location.search).get("page") || "1");
  return Number.isInteger(page) && page > 0 ? page : 1;
}

const search = $("#search");
const filters = { board: null, boards: [] };

/** The list's address: the history with the search bar's filters, or the chosen board. */
function listUrl(page) {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (filters.board) return `/api/v1/boards/${filters.board}/items?${params}`;
  for (const [name, value] of new FormData(search)) if (String(value).trim()) params.set(name, String(value).trim());
  return `/api/v1/history?${params}`;
}

function searching() {
  return Boolean(filters.board) || [...new FormData(search)].some(([name, value]) => name !== "sort" && String(value).trim());
}

async function loadBoards() {
  try {
    filters.boards = (await api("/api/v1/boards?limit=100")).items;
  } catch { filters.boards = []; }
  const bar = $("#boards");
  const chip = (id, label) => h("button.btn.btn-ghost.btn-sm", { type: "button", "aria-pressed": String(filters.board === id),
    on: { click: () => { filters.board = id; loadBoards(); go(1); } } }, label);
  bar.replaceChildren(h("span.gallery-date", {}, "Boards:"), chip(null, "All"),
    ...filters.boards.map((b) => chip(b.id, `${b.name} (${b.item_count})`)),
    h("button.btn.btn-ghost.btn-sm", { type: "button", on: { click: newBoard } }, "+ New board"));
}

async function newBoard() {
  const name = window.prompt("Name of the new board");
  if (!name || !name.trim()) return;
  try {
    await api("/api/v1/boards", { method: "POST", json: { name: name.trim() } });
    toast(`Board "${name.trim()}" created: add thumbnails to it from their cards.`);
    loadBoards().then(() => load(currentPage()));
  } catch (error) { toastError(error, "Could not create the board"); }
}

async function load(page) {
  gallery.setAttribute("aria-busy", "true");
  gallery.replaceChildren(...Array.from({ length: 3 }, () => h("div.skeleton", { "aria-hidden": "true" })));
  let answer;
  try {
    answer = await api(listUrl(page));
  } catch (error) {
    gallery.replaceChildren();
    toastError(error, "Could not load your thumbnails");
    return;
  }
  gallery.setAttribute("aria-busy", "false");
  const items = answer.items || [];
  if (!items.length) {
    gallery.replaceChildren(searching() ? h("div.empty-state.card.glass", {},
      h("h2", {}, "Nothing matches"), h("p", {}, "Try other words or fewer filters.")) : h("div.empty-state.card.glass", {},
      h("h2", {}, page > 1 ? "No more thumbnails" : "No thumbnails yet"),
      h("p", {}, "Ask for one in a chat and it will show up here."),
      h("a.btn.btn-primary", { href: "/" }, "Start a chat")));
  } else {
    gallery.replaceChildren(...items.map(card));
  }
  pager(page, answer.total || 0);
}

function pager(page, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  $("#pager").hidden = pages <= 1;
  $("#pager-status").textContent = `Page ${page} of ${pages} · ${total} thumbnail${total === 1 ? "" : "s"}`;
  const prev = $('[data-page="prev"]');
  const next = $('[data-page="next"]');
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
  prev.onclick = () => go(page - 1);
  next.onclick = () => go(page + 1);
}

function go(page) {
  const query = new URLSearchParams(location.search);
  if (page > 1) query.set("page", String(page)); else query.delete("page");
  history.pushState(null, "", query.toString() ? `?${query}` : location.pathname);
  load(page);
  $(".page-scroll").scrollTop = 0;
}

function card(item) {
  const prompt = item.name || item.request?.prompt || "Thumbnail";
  const result = item.result;
  const alt = `Thumbnail: ${prompt}`;
  const image = result?.thumbnail_url
    ? h("button.result-image", { type: "button", "aria-label": `Preview "${prompt}" at feed sizes`, on: { click: () => preview(result.thumbnail_url, alt, prompt) } },
      h("img", { src: result.thumbnail_url, alt, width: "1280", height: "720", loading: "lazy", decoding: "async" }))
    : h("div.status-tile", {}, item.status === "failed" ? "Failed" : `${labelFor(item.status)} · ${item.progress}%`);
  const chat = item.request?.conversation_id;
  return h("article.gallery-card.glass", { "aria-label": prompt },
    image,
    h("div.gallery-info", {},
      h("h2.gallery-title", { title: prompt }, prompt),
      h("p.gallery-date", {}, `${timeAgo(item.created_at)} · ${item.algorithm}${result?.variants?.length ? ` · ${result.variants.length} variants` : ""}`),
      result ? reportBadges(result.quality) : null,
      h("div.gallery-actions", {},
        result ? h("button.btn.btn-ghost.btn-sm", { type: "button", on: { click: () => preview(result.thumbnail_url, alt, prompt) } }, icon(...ICONS.eye), "Preview") : null,
        result ? downloadLinks({ ...result, png_url: result.thumbnail_png_url }).slice(0, 3).map(([label, url, suffix]) =>
          h("a.btn.btn-ghost.btn-sm", { href: url, download: `routix-${item.id.slice(0, 8)}.${suffix}`, "aria-label": `Download ${label}` }, icon(...ICONS.download), label)) : null,
        chat ? h("a.btn.btn-ghost.btn-sm", { href: `/c/${chat}` }, "Open chat") : null,
        manageActions(item, () => { loadBoards(); load(currentPage()); }, filters.boards))));
}

function labelFor(status) {
  return { pending: "Queued", analyzing: "Analyzing", searching: "Finding a layout", composing: "Composing", generating: "Generating" }[status] || status;
}

function preview(url, alt, prompt) {
  $("#preview-title").textContent = prompt;
  $("#preview-body").replaceChildren(h("div.feed-sizes", {},
    h("figure.feed-size.large", {}, h("img", { src: url, alt, width: "1280", height: "720" }), h("figcaption", {}, "Full size 1280×720 (scaled to fit)")),
    h("div.feed-smalls", {}, FEED_SIZES.map(([w, hgt, label]) =>
      h("figure.feed-size", {}, h("img", { src: url, alt: `${alt} at ${w}×${hgt}`, width: String(w), height: String(hgt) }), h("figcaption", {}, label))))));
  dialog.showModal();
}

if (requireSession()) {
  initShell("gallery");
  loadConversations();
  dialog.querySelector('[data-action="close-dialog"]').addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  window.addEventListener("popstate", () => load(currentPage()));
  let typing;
  $("#search-q").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => go(1), 250); });
  search.addEventListener("change", (event) => { if (event.target.type !== "search") go(1); });
  search.addEventListener("submit", (event) => { event.preventDefault(); go(1); });
  loadBoards().then(() => load(currentPage()));
}
