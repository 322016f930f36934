// "My thumbnails": the user's newest videos (players, progress, downloads) above the user's
// generations, newest first, paginated (?page=N), with quality badges and a feed-size preview
// (1280x720, 360x202, 168x94 side by side).
import { api, requireSession } from "../lib/api.js";
import { $, ICONS, h, icon, timeAgo } from "../lib/dom.js";
import { reportBadges } from "../lib/quality.js";
import { toastError } from "../lib/toast.js";
import { initShell, loadConversations } from "../shell.js";
import { downloadLinks } from "../chat/result.js";
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

async function load(page) {
  gallery.setAttribute("aria-busy", "true");
  gallery.replaceChildren(...Array.from({ length: 3 }, () => h("div.skeleton", { "aria-hidden": "true" })));
  let answer;
  try {
    answer = await api(`/api/v1/generation?limit=${PAGE_SIZE}&offset=${(page - 1) * PAGE_SIZE}`);
  } catch (error) {
    gallery.replaceChildren();
    toastError(error, "Could not load your thumbnails");
    return;
  }
  gallery.setAttribute("aria-busy", "false");
  const items = answer.items || [];
  if (!items.length) {
    gallery.replaceChildren(h("div.empty-state.card.glass", {},
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

function card(item) {
  const prompt = item.request?.prompt || "Thumbnail";
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
        chat ? h("a.btn.btn-ghost.btn-sm", { href: `/c/${chat}` }, "Open chat") : null)));
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
  loadVideos();
  load(currentPage());
}
