// Discover: the community's published thumbnails, newest / most liked / trending, with
// filters and infinite scroll (cursor pages of GET /api/v1/discover). Like and remix per card.
import { api, requireSession } from "../lib/api.js";
import { $, $$, h, timeAgo } from "../lib/dom.js";
import { remix, toggleLike } from "../lib/remix.js";
import { toastError } from "../lib/toast.js";
import { initShell, loadConversations } from "../shell.js";

const PAGE = pageSize();
const grid = $("#discover-grid");
const end = $("#discover-end");
const form = $("#discover-filters");
const state = { sort: "recent", cursor: null, done: false, loading: false, epoch: 0 };

/** Items per page: ?per=N (1-48), default 24. */
function pageSize() {
  const per = Number(new URLSearchParams(location.search).get("per") || "24");
  return Number.isInteger(per) && per >= 1 && per <= 48 ? per : 24;
}

function query() {
  const params = new URLSearchParams({ sort: state.sort, limit: String(PAGE) });
  for (const [name, value] of new FormData(form)) if (value) params.set(name, String(value));
  if (state.cursor) params.set("cursor", state.cursor);
  return params;
}

async function more() {
  if (state.loading || state.done) return;
  state.loading = true;
  const epoch = state.epoch;
  grid.setAttribute("aria-busy", "true");
  try {
    const answer = await api(`/api/v1/discover?${query()}`);
    if (epoch !== state.epoch) return;
    grid.append(...answer.items.map(card));
    state.cursor = answer.next_cursor;
    state.done = !answer.next_cursor;
    if (!grid.children.length) {
      grid.append(h("div.empty-state.card.glass", {}, h("h2", {}, "Nothing here yet"),
        h("p", {}, "No published thumbnail matches these filters.")));
    }
    end.hidden = !state.done || !answer.items.length;
  } catch (error) {
    toastError(error, "Could not load discover");
  } finally {
    if (epoch === state.epoch) { state.loading = false; grid.setAttribute("aria-busy", "false"); }
  }
  if (!state.done && sentinelVisible()) more();
}

function sentinelVisible() {
  const box = $("#discover-sentinel").getBoundingClientRect();
  return box.top < window.innerHeight + 400;
}

function restart() {
  state.epoch += 1;
  Object.assign(state, { cursor: null, done: false, loading: false });
  grid.replaceChildren();
  end.hidden = true;
  more();
}

function card(item) {
  const likeCount = h("span", {}, String(item.like_count));
  const like = h("button.btn.btn-ghost.btn-sm.like-btn", {
    type: "button", "aria-pressed": String(Boolean(item.liked)), "aria-label": `Like "${item.title}"`,
    on: { click: async () => {
      const answer = await toggleLike(item.slug);
      if (!answer) return;
      like.setAttribute("aria-pressed", String(answer.liked));
      likeCount.textContent = String(answer.like_count);
    } },
  }, h("span", { "aria-hidden": "true" }, "♥ "), likeCount);
  const meta = [item.display_name, item.category, item.algorithm, timeAgo(item.published_at)].filter(Boolean).join(" · ");
  return h("article.discover-card.gallery-card.glass", { "aria-label": item.title, dataset: { slug: item.slug } },
    h("a", { href: `/p/${item.slug}` },
      h("img", { src: item.images.medium, alt: item.title, width: "640", height: "360", loading: "lazy", decoding: "async" })),
    h("div.discover-info", {},
      h("h2.discover-title", {}, h("a", { href: `/p/${item.slug}` }, item.title)),
      h("p.discover-meta", {}, meta, item.video_url ? " " : null, item.video_url ? h("span.video-flag", {}, "VIDEO") : null),
      h("p.discover-meta", {}, `${item.view_count} view${item.view_count === 1 ? "" : "s"}`),
      h("div.discover-actions", {}, like,
        h("button.btn.btn-primary.btn-sm", { type: "button", on: { click: async () => {
          if (await remix(item.remix)) location.assign("/gallery");
        } } }, "Remix"))));
}

if (requireSession()) {
  initShell("discover");
  loadConversations();
  $$("[data-sort]").forEach((button) => button.addEventListener("click", () => {
    state.sort = button.dataset.sort;
    $$("[data-sort]").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    restart();
  }));
  form.addEventListener("change", restart);
  form.addEventListener("submit", (event) => event.preventDefault());
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) more();
  }, { root: $("#discover-scroll"), rootMargin: "400px" }).observe($("#discover-sentinel"));
  more();
}
