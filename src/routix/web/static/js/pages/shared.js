// "Shared with you": the versions other users shared with this account, newest share first
// (GET /api/v1/shared, cursor pages behind "Show more"). A card opens the detail dialog
// (GET /api/v1/shared/{id}): the image large, its variants, its downloads and the comment
// thread. `?id=<generation>` opens one directly (its owner may open it too).
import { api, requireSession } from "../lib/api.js";
import { commentThread } from "../lib/comments.js";
import { $, ICONS, h, icon, timeAgo } from "../lib/dom.js";
import { toastError } from "../lib/toast.js";
import { initShell, loadConversations } from "../shell.js";

const PAGE = 24;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** [label, file key of the answer, suffix, description] of each download. */
const FILES = [
  ["JPG", "thumbnail_url", "jpg", "1280×720 JPEG"],
  ["PNG", "thumbnail_png_url", "png", "1280×720 PNG"],
  ["PSD", "psd_url", "psd", "Layered Photoshop file"],
  ["PSD 1:1", "psd_square_url", "psd", "Layered Photoshop file, square"],
  ["3000×3000", "cover_url", "jpg", "Square 3000×3000 cover"],
];
const KINDS = { generate: "First version", edit: "Edited version", variant: "Variant", regenerate: "New take", undo: "Undone edit" };

const grid = $("#shared");
const moreButton = $("#shared-more");
const dialog = $("#shared-detail");
const list = { cursor: null };

async function load(more = false) {
  grid.setAttribute("aria-busy", "true");
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (more && list.cursor) params.set("cursor", list.cursor);
  let answer;
  try {
    answer = await api(`/api/v1/shared?${params}`);
  } catch (error) {
    toastError(error, "Could not load what was shared with you");
    return;
  } finally {
    grid.setAttribute("aria-busy", "false");
  }
  const cards = answer.items.map(card);
  if (more) grid.append(...cards); else grid.replaceChildren(...cards);
  if (!grid.children.length) {
    grid.append(h("div.empty-state.card.glass", {}, h("h2", {}, "Nothing shared with you yet"),
      h("p", {}, "When someone shares a thumbnail with your e-mail address, it shows up here.")));
  }
  list.cursor = answer.next_cursor;
  moreButton.hidden = !list.cursor;
}

function card(item) {
  const open = () => openDetail(item.generation_id);
  return h("article.gallery-card.glass.shared-card", { "aria-label": item.title, dataset: { id: item.generation_id } },
    item.thumbnail_url
      ? h("button.result-image", { type: "button", "aria-label": `Open "${item.title}"`, on: { click: open } },
        h("img", { src: item.thumbnail_url, alt: `Thumbnail: ${item.title}`, width: "1280", height: "720",
          loading: "lazy", decoding: "async" }))
      : h("div.status-tile", {}, "Not ready yet"),
    h("div.gallery-info", {},
      h("h2.gallery-title", {}, item.title),
      h("p.shared-by", {}, `Shared by ${item.owner_name} · ${timeAgo(item.shared_at)}`),
      h("div.gallery-actions", {},
        h("button.btn.btn-ghost.btn-sm", { type: "button", on: { click: open } }, icon(...ICONS.eye), "Open and comment"))));
}

function downloadLink([label, url, suffix, title], name) {
  return h("a.btn.btn-ghost.btn-sm", { href: url, download: `${name}.${suffix}`, title, "aria-label": `Download ${label}: ${title}` },
    icon(...ICONS.download), label);
}

/** The image views of a detail: the thumbnail with every file, then each variant with its JPEG. */
function imagesOf(detail) {
  const short = `routix-${detail.generation_id.slice(0, 8)}`;
  const files = detail.files;
  return [
    { label: "Thumbnail", url: files.thumbnail_url, name: short,
      links: FILES.filter(([, key]) => files[key]).map(([label, key, suffix, title]) => [label, files[key], suffix, title]) },
    ...files.variants.map((url, i) => ({ label: `Variant ${i + 1}`, url, name: `${short}-v${i + 1}`,
      links: [["JPG", url, "jpg", `Variant ${i + 1} 1280×720 JPEG`]] })),
  ].filter((image) => image.url);
}

/** "Shared by NAME · when" (or "Your thumbnail · first shared when"), the kind of version and
 * what an edit changed. */
function aboutLines(detail) {
  const when = detail.shared_at ? timeAgo(detail.shared_at) : "";
  const who = detail.yours
    ? [h("strong", {}, "Your thumbnail"), when ? ` · first shared ${when}` : " · not shared yet"]
    : ["Shared by ", h("strong", {}, detail.owner_name), when ? ` · ${when}` : ""];
  return [
    h("p.shared-meta", {}, who, " ", h("span.pill.pill-soft", {}, KINDS[detail.kind] || detail.kind)),
    detail.description ? h("p.shared-note", {}, detail.description) : null,
  ];
}

function imageView(detail) {
  const view = h("div.shared-view");
  const images = imagesOf(detail);
  const show = (index) => {
    const current = images[index];
    const alt = index ? `${detail.title}, variant ${index}` : `Thumbnail: ${detail.title}`;
    const strip = images.length > 1 ? h("ul.carousel.shared-strip", { "aria-label": "Thumbnail and variants" },
      images.map((image, i) => h("li", {}, h("button", {
        type: "button", "aria-pressed": String(i === index), "aria-label": `Show ${image.label.toLowerCase()}`,
        on: { click: () => show(i) },
      }, h("img", { src: image.url, alt: "", width: "120", height: "68" }), h("span", {}, image.label))))) : null;
    view.replaceChildren(...[
      h("figure.shared-figure", {}, h("img", { src: current.url, alt, width: "1280", height: "720" })),
      ...aboutLines(detail),
      h("div.downloads", { role: "group", "aria-label": "Downloads" }, h("span.downloads-label", {}, "Download"),
        current.links.map((link) => downloadLink(link, current.name))),
      strip,
    ].filter(Boolean));
  };
  if (images.length) show(0);
  else {
    const state = detail.status === "failed" ? "This version failed" : "Still being made…";
    view.replaceChildren(...[h("div.status-tile", {}, state), ...aboutLines(detail)].filter(Boolean));
  }
  return view;
}

async function openDetail(id) {
  let detail;
  try {
    detail = await api(`/api/v1/shared/${id}`);
  } catch (error) {
    toastError(error, "Could not open this thumbnail");
    return;
  }
  $("#shared-detail-title").textContent = detail.title;
  $("#shared-detail-body").replaceChildren(imageView(detail), commentThread(detail.generation_id, detail.comments));
  history.replaceState(null, "", `?id=${detail.generation_id}`);
  if (!dialog.open) dialog.showModal();
}

if (requireSession()) {
  initShell("shared");
  loadConversations();
  dialog.querySelector('[data-action="close-dialog"]').addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", () => history.replaceState(null, "", location.pathname));
  moreButton.addEventListener("click", () => load(true));
  load();
  const wanted = new URLSearchParams(location.search).get("id");
  if (wanted && UUID.test(wanted)) openDetail(wanted);
}
