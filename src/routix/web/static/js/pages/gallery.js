// "My thumbnails": the user's newest videos (players, progress, downloads) above the user's
// generations, newest first, paginated (?page=N), with quality badges and a feed-size preview
// (1280x720, 360x202, 168x94 side by side). The search bar
// filters through GET /api/v1/history (full text, status, published, video, sort); boards
// narrow the list to one board; each card can be renamed, deleted, published and boarded.
import { api, requireSession } from "../lib/api.js";
import { $, ICONS, h, icon, timeAgo } from "../lib/dom.js";
import { manageActions } from "../lib/manage.js";
import { reportBadges } from "../lib/quality.js";
import { toast, toastError } from "../lib/toast.js";
import { initShell, loadConversations } from "../shell.js";
import { ALGORITHM_NAMES, downloadLinks, variantLinks } from "../chat/result.js";
import { PRESETS, player } from "../chat/animate.js";

const PAGE_SIZE = pageSize();
const VIDEOS_SHOWN = 12;
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

/** The newest videos (first page only): a player once completed, else their state. */
async function loadVideos() {
  const section = $("#video-section");
  let answer;
  try {
    answer = await api(`/api/v1/videos?limit=${VIDEOS_SHOWN}`);
  } catch (error) {
    toastError(error, "Could not load your videos");
    return;
  }
  const items = answer.items || [];
  section.hidden = !items.length;
  $("#videos").replaceChildren(...items.map(videoCard));
}

function videoCard(v) {
  const label = PRESETS.find(([value]) => value === v.preset)?.[1] || v.preset;
  const playable = v.status === "completed" && v.files?.mp4;
  const body = playable ? player(v)
    : h("div.status-tile", {}, v.status === "failed" ? `Failed: ${v.error?.message || "the video could not be made"}`
      : v.expired ? "Files expired" : `${v.status === "queued" ? "Queued" : "Rendering"} · ${v.progress}%`);
  return h("article.gallery-card.video-card.glass", { "aria-label": `${label} video` },
    body,
    h("div.gallery-info", {},
      h("h2.gallery-title", {}, `${label} · ${v.duration} s`),
      h("p.gallery-date", {}, `${timeAgo(v.created_at)} · ${v.size}${v.keep ? " · kept" : ""}`)));
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

/** What a card is called: the thumbnail's title, else the request without its `title "..."` part. */
export function cardTitle(item) {
  const title = item.request?.title || item.result?.brief?.title;
  if (title) return title;
  const prompt = (item.request?.prompt || "").replace(/[,;:]?\s*\b(?:with\s+(?:the\s+)?)?titled?\s*[:=]?\s*(["“'])(.*?)(["”'])/gi, "").trim();
  return prompt ? prompt.charAt(0).toUpperCase() + prompt.slice(1) : "Thumbnail";
}

/** One "Download" button opening a menu of every file (JPG, PNG, PSD, 3000×3000). */
function downloadMenu(links, id) {
  return h("details.download-menu", {},
    h("summary.btn.btn-ghost.btn-sm", {}, icon(...ICONS.download), "Download"),
    h("div.download-list.glass-strong", { role: "group", "aria-label": "Download files" },
      links.map(([label, url, suffix, title]) => h("a.btn.btn-ghost.btn-sm", {
        href: url, download: `routix-${id}${label === "3000×3000" ? "-cover" : ""}.${suffix}`, title,
        "aria-label": `Download ${label}: ${title}`,
      }, label))));
}

function card(item) {
  const heading = item.name || cardTitle(item);
  const result = item.result;
  const alt = `Thumbnail: ${heading}`;
  const id = item.id.slice(0, 8);
  const variants = result?.variants?.filter(Boolean) || [];
  const open = (start = 0) => preview(result, alt, heading, id, start);
  const image = result?.thumbnail_url
    ? h("button.result-image", { type: "button", "aria-label": `Preview "${heading}" at feed sizes`, on: { click: () => open() } },
      h("img", { src: result.thumbnail_url, alt, width: "1280", height: "720", loading: "lazy", decoding: "async" }))
    : h("div.status-tile", {}, item.status === "failed" ? "Failed" : `${labelFor(item.status)} · ${item.progress}%`);
  const chat = item.request?.conversation_id;
  const used = item.algorithm_used || item.algorithm;
  return h("article.gallery-card.glass", { "aria-label": heading, dataset: { id: item.id } },
    image,
    h("div.gallery-info", {},
      h("h2.gallery-title", { title: item.request?.prompt || heading }, heading),
      h("p.gallery-date", {}, `${timeAgo(item.created_at)} · ${ALGORITHM_NAMES[used] || used}`,
        chat ? [" · ", h("a.gallery-chat", { href: `/c/${chat}` }, "Open chat")] : null),
      result ? reportBadges(result.quality) : null,
      h("div.gallery-actions", {},
        result ? h("button.btn.btn-ghost.btn-sm.icon-only", {
          type: "button", "aria-label": "Preview", title: "Preview at feed sizes", on: { click: () => open() },
        }, icon(...ICONS.eye)) : null,
        variants.length ? h("button.btn.btn-ghost.btn-sm", { type: "button", dataset: { action: "variants" }, on: { click: () => open(1) } },
          icon(...ICONS.sparkle), `${variants.length} variant${variants.length === 1 ? "" : "s"}`) : null,
        result ? downloadMenu(downloadLinks({ ...result, png_url: result.thumbnail_png_url }), id) : null),
      h("div.gallery-manage", {}, manageActions(item, () => { loadBoards(); load(currentPage()); }, filters.boards))));
}

function labelFor(status) {
  return { pending: "Queued", analyzing: "Analyzing", searching: "Finding a layout", composing: "Composing", generating: "Generating" }[status] || status;
}

/**
 * The preview dialog: image `start` (0: the thumbnail, k: variant k) at 1280×720 scaled and at
 * the feed sizes, its downloads, and a strip to switch between the thumbnail and its variants.
 */
function preview(result, alt, heading, id, start = 0) {
  const images = [
    { label: "Thumbnail", url: result.thumbnail_url, links: downloadLinks({ ...result, png_url: result.thumbnail_png_url }) },
    ...(result.variants || []).map((url, i) => ({
      label: `Variant ${i + 1}`, url, links: variantLinks(i + 1, url, (result.variant_pngs || [])[i]),
    })).filter((v) => v.url),
  ];
  const show = (index) => {
    const current = images[index];
    const label = index ? `${alt}, variant ${index}` : alt;
    $("#preview-title").textContent = index ? `${heading} · variant ${index}` : heading;
    $("#preview-body").replaceChildren(
      h("div.feed-sizes", {},
        h("figure.feed-size.large", {}, h("img", { src: current.url, alt: label, width: "1280", height: "720" }), h("figcaption", {}, "Full size 1280×720 (scaled to fit)")),
        h("div.feed-smalls", {}, FEED_SIZES.map(([w, hgt, text]) =>
          h("figure.feed-size", {}, h("img", { src: current.url, alt: `${label} at ${w}×${hgt}`, width: String(w), height: String(hgt) }), h("figcaption", {}, text))))),
      h("div.downloads", { role: "group", "aria-label": "Downloads" }, h("span.downloads-label", {}, "Download"),
        current.links.map(([text, url, suffix, title]) => h("a.btn.btn-ghost.btn-sm", {
          href: url, download: `routix-${id}${index ? `-v${index}` : ""}${text === "3000×3000" ? "-cover" : ""}.${suffix}`,
          title, "aria-label": `Download ${text}: ${title}`,
        }, icon(...ICONS.download), text))),
      images.length > 1 ? h("ul.carousel.preview-strip", { "aria-label": "Thumbnail and variants" }, images.map((image, i) => h("li", {},
        h("button", { type: "button", "aria-pressed": String(i === index), "aria-label": `Show ${image.label.toLowerCase()}`, on: { click: () => show(i) } },
          h("img", { src: image.url, alt: "", width: "168", height: "94" }), h("span", {}, image.label))))) : null);
  };
  show(Math.min(start, images.length - 1));
  dialog.showModal();
}

if (requireSession()) {
  initShell("gallery");
  loadConversations();
  dialog.querySelector('[data-action="close-dialog"]').addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  window.addEventListener("popstate", () => load(currentPage()));
  loadVideos();
  let typing;
  $("#search-q").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => go(1), 250); });
  search.addEventListener("change", (event) => { if (event.target.type !== "search") go(1); });
  search.addEventListener("submit", (event) => { event.preventDefault(); go(1); });
  loadBoards().then(() => load(currentPage()));
}
