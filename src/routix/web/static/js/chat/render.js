// One chat message -> one <li>, by type (routix.chat.messages): text, intent, algorithm_select,
// algorithm_selection, upload_request, file_upload, generation_progress, thumbnail_result,
// error. Unknown types fall back to their `content`, so a newer server never breaks the page.
import { api } from "../lib/api.js";
import { ICONS, $$, h, icon } from "../lib/dom.js";
import { progressCard } from "./progress.js";
import { resultCard } from "./result.js";

const MARK_URL = document.querySelector('link[rel="icon"]')?.href || "";
const KIND_LABEL = { face: "face photo", logo: "logo" };

/**
 * The <li> for a message view {id, role, type, content, metadata, timestamp}. `ctx`:
 * {actions, title} where actions = {selectAlgorithm(option), upload(kind), skipUpload(),
 * pickTitle(title), regenerate(), moreVariants()}.
 */
export function renderMessage(message, ctx) {
  const role = message.role === "user" ? "user" : "assistant";
  const body = h("div.msg-body", {}, bodyFor(message, ctx));
  return h(`li.msg.msg-${role}`, {
    dataset: { id: message.id, type: message.type, ts: message.timestamp || message.created_at || "", algorithm: message.metadata?.algorithm,
      title: role === "user" && message.type === "text" ? pickedTitle(message.content) : undefined,
      requestId: message.metadata?.request_id },
  },
    role === "assistant" ? h("img.msg-avatar", { src: MARK_URL, alt: "", width: "32", height: "32" }) : null,
    h("span.visually-hidden", {}, role === "user" ? "You said:" : "Routix said:"),
    body);
}

/** The title a user message picks ("Title: Boss Fight"), as the assistant reads it. */
function pickedTitle(text) {
  const found = /^\s*title\s*[:=]\s*(\S[\s\S]*?)\s*$/i.exec(text || "");
  return found ? found[1].replace(/^["'\u201c\u201d ]+|["'\u201c\u201d ]+$/g, "") || undefined : undefined;
}

function bubble(text) {
  return text ? h("div.bubble", {}, text) : null;
}

function bodyFor(message, ctx) {
  const meta = message.metadata || {};
  switch (message.type) {
    case "intent": return [bubble(message.content), intentTags(meta), titleChoices(meta.title_suggestions || [], ctx.actions)];
    case "algorithm_select": return [bubble(message.content), algorithmCards(meta.options || [], ctx.actions)];
    case "upload_request": return [bubble(message.content), uploadButtons(meta, ctx.actions)];
    case "file_upload": return uploadedImage(message);
    case "generation_progress": return [bubble(message.content), progressCard(meta)];
    case "thumbnail_result": return [bubble(message.content), resultCard(meta, ctx)];
    case "error": return errorCard(message, meta, ctx.actions);
    default: return bubble(message.content);
  }
}

function intentTags(meta) {
  const tags = [["Category", meta.category], ["Mood", meta.mood], ["Style", meta.style],
    ["Energy", meta.energy ? `${meta.energy}/10` : null], ["Title", meta.title]];
  return h("div.intent", { "aria-label": "What I understood" },
    tags.filter(([, v]) => v).map(([k, v]) => h("span.tag", {}, `${k} `, h("b", {}, String(v)))),
    (meta.elements || []).slice(0, 4).map((e) => h("span.tag", {}, e)));
}

/** Titles offered for a request without one: a click answers "Title: <it>". */
function titleChoices(titles, actions) {
  if (!titles.length) return null;
  return h("div.title-choices", { role: "group", "aria-label": "Suggested titles" },
    titles.map((title) => h("button.chip.title-choice", {
      type: "button", "aria-pressed": "false", dataset: { title },
      on: { click: () => actions.pickTitle(title) },
    }, title)));
}

/** "2.0–3.9 s" from measured [min, max] seconds, else "~3 s" (a typical time before any run). */
export function timeLabel(option) {
  const range = option.measured_seconds;
  if (Array.isArray(range) && range.length === 2) {
    const [low, high] = range.map((x) => Number(x).toFixed(1));
    return low === high ? `${low} s` : `${low}–${high} s`;
  }
  return `~${Math.round(option.estimated_seconds)} s`;
}

function algorithmCards(options, actions) {
  return h("div.algo-grid", { role: "group", "aria-label": "Choose a Routix version" }, options.map((option) => {
    const runsAs = option.runs_as;
    const credits = runsAs ? runsAs.credit_cost : option.credit_cost;
    return h("button.algo-card", {
      type: "button", "aria-pressed": "false", dataset: { algorithm: option.name, runsAs: runsAs?.name || "" },
      class: runsAs ? "is-fallback" : "",
      on: { click: (event) => actions.selectAlgorithm(option, event.currentTarget) },
    },
      h("span.algo-name", {}, option.display_name || option.name),
      h("span.algo-desc", {}, option.description || ""),
      runsAs ? h("span.algo-warning", {},
        `Not set up here: runs as ${runsAs.display_name}, charged as ${runsAs.display_name}.`) : null,
      h("span.algo-meta", {},
        h("span.pill.pill-credit", {}, `${credits} credit${credits === 1 ? "" : "s"}`),
        h("span.pill.pill-soft", { title: option.measured_seconds ? "Measured on recent generations" : "Typical time" },
          timeLabel(option)),
        option.estimated_cost_usd > 0 ? h("span.pill.pill-soft", {}, `≤ $${option.estimated_cost_usd.toFixed(2)}`) : null,
        option.is_default ? h("span.pill.pill-soft", {}, "Default") : null));
  }));
}

function uploadButtons(meta, actions) {
  const kinds = meta.kinds || ["face", "logo"];
  return h("div.action-row", { role: "group", "aria-label": "Add an image" },
    kinds.map((kind) => h("button.btn.btn-primary.btn-sm", {
      type: "button", dataset: { upload: kind }, on: { click: () => actions.upload(kind) },
    }, icon(...ICONS.upload), `Upload ${KIND_LABEL[kind] || kind}`)),
    meta.optional !== false
      ? h("button.btn.btn-ghost.btn-sm", { type: "button", dataset: { skip: "" }, on: { click: actions.skipUpload } }, "Skip, generate without")
      : null);
}

function uploadedImage(message) {
  const meta = message.metadata || {};
  const img = h("img.attachment-thumb", { alt: `Your ${KIND_LABEL[meta.kind] || "image"}`, width: "120", height: "120" });
  api(`/api/v1/assets/${encodeURIComponent(meta.asset_id)}`)
    .then((asset) => { img.src = asset.url; })
    .catch(() => img.replaceWith(bubble(message.content)));
  return [img, h("span.msg-note", {}, message.content)];
}

function errorCard(message, meta, actions) {
  return h("div.error-card", { role: "alert" },
    h("p", {}, message.content || "Something went wrong."),
    meta.retry_possible ? h("button.btn.btn-ghost.btn-sm", { type: "button", on: { click: actions.regenerate } }, icon(...ICONS.refresh), "Try again") : null);
}

/**
 * Enable only the choices that still matter: an algorithm selector until the user picked one
 * (the pick is shown pressed), upload buttons until a generation starts or a new request is made.
 */
export function settleChoices(list) {
  const items = $$("li.msg", list);
  items.forEach((li, i) => {
    const later = items.slice(i + 1).map((x) => x.dataset.type);
    if (li.dataset.type === "algorithm_select") {
      const chosenLi = items.slice(i + 1).find((x) => x.dataset.type === "algorithm_selection");
      const chosen = chosenLi?.dataset.algorithm;
      const closed = Boolean(chosenLi) || later.includes("intent") || later.includes("generation_progress");
      $$(".algo-card", li).forEach((card) => {
        card.disabled = closed;
        card.setAttribute("aria-pressed", String(card.dataset.algorithm === chosen));
      });
    } else if (li.dataset.type === "intent") {
      const closed = later.includes("generation_progress") || later.includes("intent");
      const picked = items.slice(i + 1).map((x) => x.dataset.title).filter(Boolean).pop();
      $$(".title-choice", li).forEach((chip) => {
        chip.disabled = closed;
        chip.setAttribute("aria-pressed", String(chip.dataset.title === picked));
      });
    } else if (li.dataset.type === "upload_request") {
      const closed = later.includes("generation_progress") || later.includes("intent");
      $$("button", li).forEach((button) => { button.disabled = closed; });
    }
  });
}
