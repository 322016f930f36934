// The live progress card of a generation: stage steps, a percent bar and the job's message.
// Cards carry data-request-id; `updateProgress` applies a generation:* event to every card
// of that request on the page (the WebSocket drives it; a reload shows the row's state).
import { $$, h } from "../lib/dom.js";

/** Pipeline statuses in order (routix.store.models.GENERATION_STATUSES) with their labels. */
export const STAGES = [
  ["pending", "Queued"],
  ["analyzing", "Analyzing"],
  ["searching", "Finding a layout"],
  ["composing", "Composing"],
  ["generating", "Generating"],
  ["completed", "Complete"],
];
const LABEL = Object.fromEntries(STAGES);

/** A card for a generation_progress payload ({request_id, status, stage, progress, message}). */
export function progressCard(payload) {
  const card = h("div.progress-card.glass-strong", {
    dataset: { requestId: payload.request_id }, role: "group", "aria-label": "Generation progress",
  },
    h("div.progress-head", {},
      h("span.progress-stage", {}, ""),
      h("span.progress-pct", {}, "")),
    h("div.bar", {
      role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-label": "Generation progress",
    }, h("span")),
    h("ol.stages", { "aria-hidden": "true" }, STAGES.slice(1).map(([key, label]) => h("li", { dataset: { stage: key } }, label))),
    h("p.progress-msg", {}, ""),
  );
  paint(card, payload);
  return card;
}

/** Apply an event's data ({request_id, status, progress, message, error}) to its cards. */
export function updateProgress(data) {
  const cards = $$(`.progress-card[data-request-id="${CSS.escape(String(data.request_id))}"]`);
  cards.forEach((card) => paint(card, data));
  return cards.length > 0;
}

/** The thumbnail link per request id, once its first phase announced it (generation:thumbnail). */
const thumbnails = new Map();

/** The furthest state painted per request id: a card re-created from a stored message (which
 *  can be older than the live events already shown) starts from there, never from behind. */
const furthest = new Map();

function paint(card, incoming) {
  const key = String(card.dataset.requestId);
  const known = furthest.get(key);
  const final = (d) => d.status === "completed" || d.status === "failed";
  const rank = (d) => (final(d) ? 101 : Number(d.progress ?? 0));
  const data = known && (final(known) || rank(incoming) < rank(known)) && !final(incoming) ? known : incoming;
  furthest.set(key, data);
  const status = data.status || "pending";
  const failed = status === "failed";
  let percent = Math.max(0, Math.min(100, Math.round(Number(data.progress ?? 0))));
  if (status === "completed") percent = 100;
  const previous = Number(card.dataset.progress || 0);
  if (!failed && status !== "completed" && percent < previous) percent = previous; // never jump back
  card.dataset.progress = String(percent);
  card.dataset.status = status;
  card.classList.toggle("is-failed", failed);
  card.querySelector(".progress-stage").textContent = failed ? "Failed" : status === "completed" ? "Complete!" : `${LABEL[status] || status}…`;
  card.querySelector(".progress-pct").textContent = `${percent}%`;
  const bar = card.querySelector(".bar");
  bar.setAttribute("aria-valuenow", String(percent));
  bar.setAttribute("aria-valuetext", `${percent}% · ${LABEL[status] || status}`);
  bar.firstElementChild.style.width = `${percent}%`;
  const index = STAGES.findIndex(([key]) => key === status);
  card.querySelectorAll(".stages li").forEach((li) => {
    const at = STAGES.findIndex(([key]) => key === li.dataset.stage);
    li.classList.toggle("done", index >= 0 && (at < index || status === "completed"));
    li.classList.toggle("current", at === index && status !== "completed");
  });
  const text = failed ? (data.error || data.message || "The generation failed.") : (data.message || "");
  card.querySelector(".progress-msg").textContent = text;
  if (incoming.thumbnail_url && !final(incoming)) thumbnails.set(key, incoming.thumbnail_url);
  showThumbnail(card, failed ? null : thumbnails.get(key));
}

/** The thumbnail, as soon as it is made, above the bar while the cover, PSD and variants follow. */
function showThumbnail(card, url) {
  let img = card.querySelector(".progress-thumb");
  if (!url) { if (img) img.remove(); return; }
  if (!img) {
    img = h("img.progress-thumb", { alt: "Your thumbnail (the cover, PSD and variants are on their way)", width: "1280", height: "720", decoding: "async" });
    card.prepend(img);
  }
  if (img.getAttribute("src") !== url) img.setAttribute("src", url);
}
