// The thumbnail result card (downloads, regenerate, variants carousel, share) and the image
// lightbox it opens. Links are signed and expire; the chat refreshes them when it reloads.
import { api, problemText } from "../lib/api.js";
import { animateControls } from "./animate.js";
import { versionControls } from "./versions.js";
import { openEditor } from "../editor/dialog.js";
import { ICONS, copyText, h, icon } from "../lib/dom.js";
import { summaryBadges } from "../lib/quality.js";
import { toast } from "../lib/toast.js";

/** Download buttons of a result: [label, url, file suffix] (missing files are left out). */
export function downloadLinks(payload) {
  return [
    ["JPG", payload.thumbnail_url, "jpg", "1280×720 JPEG"],
    ["PNG", payload.png_url || payload.thumbnail_png_url, "png", "1280×720 PNG"],
    ["PSD", payload.psd_url, "psd", "Layered Photoshop file"],
    ["3000×3000", payload.cover_url, "jpg", "Square 3000×3000 cover (podcast art)"],
  ].filter(([, url]) => Boolean(url));
}

function downloadButton([label, url, suffix, title], id) {
  return h("a.btn.btn-ghost.btn-sm", {
    href: url, download: `routix-${id}-${label === "3000×3000" ? "cover" : "thumbnail"}.${suffix}`,
    title, "aria-label": `Download ${label}: ${title}`,
  }, icon(...ICONS.download), label);
}

/** Display names of the built-in algorithms, for results stored before names were recorded. */
export const ALGORITHM_NAMES = { lightning: "Routix Lightning", v1: "Routix v1", pro: "Routix Pro" };

/** "Routix Lightning · 2.4 s": the algorithm that really made it and the measured time. */
export function madeWith(payload) {
  const used = payload.algorithm_used || "";
  const name = payload.algorithm_name || ALGORITHM_NAMES[used] || used || "Routix";
  const seconds = payload.processing_time != null ? ` · ${Number(payload.processing_time).toFixed(1)} s` : "";
  return `${name}${seconds}`;
}

/** The result's notes (fallbacks, soft crops...) as sentences; a fallback is always said. */
export function resultNotes(payload) {
  const notes = (payload.notes || []).map((n) => String(n).trim()).filter(Boolean);
  const requested = payload.algorithm_requested;
  if (requested && payload.algorithm_used && requested !== payload.algorithm_used
      && !notes.some((n) => /^made with /i.test(n))) {
    notes.unshift(`made with ${ALGORITHM_NAMES[payload.algorithm_used] || payload.algorithm_used} instead of ${ALGORITHM_NAMES[requested] || requested}`);
  }
  return notes.map((n) => {
    const text = n.charAt(0).toUpperCase() + n.slice(1);
    return /[.!?]$/.test(text) ? text : `${text}.`;
  });
}

function notesList(payload) {
  const notes = resultNotes(payload);
  if (!notes.length) return null;
  return h("ul.result-notes", { "aria-label": "Notes about this thumbnail" },
    notes.map((note) => h("li", {}, icon(...ICONS.info), note)));
}

/**
 * The card for a thumbnail_result payload. `actions`: {regenerate(), moreVariants()} (chat
 * follow-ups); `title`: what the thumbnail is about (for alt text); `origin`: the version the
 * chat posted this card for (set when the card shows a version kept in an A/B compare).
 */
export function resultCard(payload, { actions, title = "", origin = null }) {
  const id = String(payload.request_id || "").slice(0, 8);
  const alt = title ? `Generated thumbnail: ${title}` : "Generated thumbnail";
  const links = downloadLinks(payload);
  const imageButton = h("button.result-image", {
    type: "button", "aria-label": "Open the thumbnail full size",
    on: { click: () => openLightbox(payload.thumbnail_url, alt, links, id) },
  }, h("img", { src: payload.thumbnail_url, alt, width: "1280", height: "720", loading: "lazy", decoding: "async" }));
  const variants = payload.variant_urls || [];
  const animate = animateControls(payload.request_id);
  const options = { actions, title, origin: origin || payload.request_id };
  const keep = (versionId) => keepVersion(card, versionId, options);
  const card = h("div.result-card.glass-strong", { dataset: { requestId: payload.request_id, origin: options.origin } },
    payload.thumbnail_url ? imageButton : h("div.status-tile", {}, "Preparing your downloads…"),
    h("div.result-meta", {},
      h("p.msg-note.made-with", {}, madeWith(payload)),
      summaryBadges(payload.quality)),
    notesList(payload),
    h("div.downloads", { role: "group", "aria-label": "Downloads" },
      h("span.downloads-label", {}, "Download"), links.map((link) => downloadButton(link, id))),
    h("div.result-actions", {},
      h("button.btn.btn-primary.btn-sm", { type: "button", on: { click: () => actions.regenerate(payload.request_id) } }, icon(...ICONS.refresh), "Regenerate"),
      payload.design_url && payload.request_id ? h("button.btn.btn-ghost.btn-sm.edit-btn", {
        type: "button", title: "Move, resize and retype the layers; save as a new version",
        on: { click: () => openEditor(payload) } }, icon(...ICONS.pencil), "Edit") : null,
      h("button.btn.btn-ghost.btn-sm", { type: "button", on: { click: () => actions.moreVariants(payload.request_id) } }, icon(...ICONS.sparkle), variants.length ? "More variants" : "Variants"),
      h("button.btn.btn-ghost.btn-sm", {
        type: "button", title: "Copy a signed link to this thumbnail",
        on: { click: () => share(payload.thumbnail_url) },
      }, icon(...ICONS.share), "Share"),
      animate.button,
      feedbackButtons(payload.request_id)),
    animate.panel,
    versionControls(payload, actions, { onKeep: keep, onTree: (tree) => showKept(card, tree, options, Boolean(origin)) }),
    variants.length ? variantCarousel(variants, alt, id, payload.variant_png_urls || []) : null,
  );
  return card;
}

/**
 * A posted card of a tree's first version shows the version kept in an A/B compare (the
 * tree's `kept_id`, kept on the server), so the pick survives a reload and other devices.
 */
function showKept(card, tree, options, replaced) {
  if (replaced || !tree.kept_id || tree.root_id !== options.origin || tree.kept_id === card.dataset.requestId) return;
  if (card.isConnected) keepVersion(card, tree.kept_id, options, { quiet: true });
}

/**
 * "Keep this one" of the A/B compare: the pick is kept on the server (POST
 * /api/v1/generation/{id}/keep, for every device) and `card` becomes the card of `versionId`
 * (GET /api/v1/generation/{id}), so its downloads, edits and versions act on the kept version.
 * `quiet` shows a choice already kept, without saving it again or a toast.
 */
async function keepVersion(card, versionId, options, { quiet = false } = {}) {
  if (versionId === card.dataset.requestId) { toast("This version is already the current one.", "info"); return; }
  try {
    if (!quiet) await api(`/api/v1/generation/${versionId}/keep`, { method: "POST" });
    const view = await api(`/api/v1/generation/${versionId}`);
    const result = view.result || {};
    const report = result.quality;
    const payload = {
      ...result, request_id: view.id, algorithm_used: view.algorithm_used, processing_time: view.processing_time,
      variant_urls: result.variants || [], variant_png_urls: result.variant_pngs || [], notes: result.notes || [],
      quality: report ? { passed: report.passed, contrast_ratio: report.contrast_ratio, legible_at_small: report.legible_at_small,
        failures: (report.checks || []).filter((c) => !c.passed && !c.skipped).map((c) => c.message || c.name) } : null,
    };
    const next = resultCard(payload, options);
    next.classList.toggle("is-kept", view.id !== options.origin);
    card.replaceWith(next);
    if (!quiet) toast(`Kept version ${view.edit_summary ? `"${view.edit_summary}"` : String(view.id).slice(0, 8)}.`, "info");
  } catch (error) {
    if (!quiet) toast(problemText(error, "Could not keep that version"), "error");
  }
}

/** Thumbs up / down on a result (POST /api/v1/generation/{id}/feedback); a new vote replaces the old. */
function feedbackButtons(requestId) {
  if (!requestId) return null;
  const group = h("div.feedback", { role: "group", "aria-label": "Rate this thumbnail" });
  const vote = async (rating, button) => {
    try {
      await api(`/api/v1/generation/${requestId}/feedback`, { method: "POST", json: { rating } });
      for (const other of group.querySelectorAll("button")) other.setAttribute("aria-pressed", String(other === button));
      toast(rating === "up" ? "Thanks! We'll favour layouts like this." : "Thanks, noted. Try Regenerate for another take.", "info");
    } catch (error) {
      toast(problemText(error, "Could not save your rating"), "error");
    }
  };
  for (const [rating, label, paths] of [["up", "I like it", ICONS.thumbUp], ["down", "Not for me", ICONS.thumbDown]]) {
    const button = h("button.btn.btn-ghost.btn-sm.icon-only", {
      type: "button", title: label, "aria-label": label, "aria-pressed": "false", dataset: { rating },
    }, icon(...paths));
    button.addEventListener("click", () => vote(rating, button));
    group.append(button);
  }
  return group;
}

/** Download buttons of variant `i` (1-based): its JPEG and, when made, its PNG. */
export function variantLinks(i, jpg, png) {
  return [["JPG", jpg, "jpg", `Variant ${i} 1280×720 JPEG`], ["PNG", png, "png", `Variant ${i} 1280×720 PNG`]]
    .filter(([, url]) => Boolean(url));
}

function variantCarousel(urls, alt, id, pngs) {
  return h("div.variants", {},
    h("h3.variants-title", {}, `Variants (${urls.length})`),
    h("ul.carousel", { "aria-label": "Variants" }, urls.map((url, i) => h("li", {},
      h("button", {
        type: "button", "aria-label": `Open variant ${i + 1}`, dataset: { variant: String(i + 1) },
        on: { click: () => openLightbox(url, `${alt}, variant ${i + 1}`, variantLinks(i + 1, url, pngs[i]), `${id}-v${i + 1}`) },
      }, h("img", { src: url, alt: `${alt}, variant ${i + 1}`, width: "168", height: "94", loading: "lazy" })),
    ))),
  );
}

async function share(url) {
  if (!url) return;
  const ok = await copyText(url);
  toast(ok ? "Link copied. Anyone with it can view the image until it expires." : "Copy failed; right-click the image to copy it.", ok ? "info" : "error");
}

let lightbox = null;

/** Show `url` large in a modal dialog with its download buttons. */
export function openLightbox(url, alt, links, id) {
  if (!lightbox) {
    lightbox = h("dialog.lightbox.glass-strong", { "aria-label": "Image preview" });
    lightbox.addEventListener("click", (event) => { if (event.target === lightbox) lightbox.close(); });
    document.body.append(lightbox);
  }
  lightbox.replaceChildren(
    h("div.dialog-head", {}, h("h2", {}, alt),
      h("button.icon-btn", { type: "button", "aria-label": "Close", on: { click: () => lightbox.close() } }, icon(...ICONS.close))),
    h("div.preview-body", {},
      h("img.lightbox-img", { src: url, alt, width: "1280", height: "720" }),
      h("div.lightbox-actions", {}, links.map((link) => downloadButton(link, id)))),
  );
  lightbox.showModal();
}
