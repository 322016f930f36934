// /admin/templates: the template library. A grid of cards (thumbnail, status, category, usage),
// filters, and a drag-and-drop zone (or file picker) that uploads each file as its own request
// with a progress bar, then polls each new template until its analysis is done or failed.
import { api } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toast, toastError } from "../lib/toast.js";
import { formValues, initAdmin, num, pager, query, wireFilters } from "./common.js";
import { templateImage, statusBadge } from "./template_view.js";
import { uploadWithProgress } from "./upload.js";

const LIMIT = 24;
const POLL_MS = 1500;
const ACCEPTED = /\.(png|jpe?g|webp|zip)$/i;
const DONE = new Set(["analyzed", "failed"]);
const filters = $("#filters");
const grid = $("#template-grid");
const zone = $("#dropzone");
let offset = 0;

async function load(at = offset) {
  offset = at;
  let answer;
  try {
    answer = await api(`/api/v1/admin/templates${query({ ...formValues(filters), limit: LIMIT, offset })}`);
  } catch (error) {
    toastError(error, "Could not load the templates");
    return;
  }
  const items = answer.items || [];
  grid.setAttribute("aria-busy", "false");
  grid.replaceChildren(...(items.length ? items.map(card) : [h("div.empty-state.card.glass", {},
    h("h2", {}, "No templates match"), h("p", {}, "Upload images above, or change the filters."))]));
  $("#template-count").textContent = `${num(answer.total || 0)} template${answer.total === 1 ? "" : "s"}`;
  pager(offset, LIMIT, answer.total || 0, load);
  items.filter((t) => !DONE.has(t.status)).forEach((t) => poll(t.id));
}

function card(t) {
  return h("article.template-card.glass", { dataset: { templateId: t.id, status: t.status }, "aria-label": t.name || t.slug },
    h("a.template-thumb", { href: `/admin/templates/${t.id}`, tabindex: "-1", "aria-hidden": "true" }, templateImage(t, { thumb: true })),
    h("div.template-info", {},
      h("div.template-title-row", {},
        h("h2.template-title", {}, h("a", { href: `/admin/templates/${t.id}` }, t.name || t.slug)),
        statusBadge(t.status)),
      h("p.template-meta", {}, [t.category, t.source === "starter" ? "starter" : null, t.is_active ? null : "inactive",
        t.is_featured ? "featured" : null].filter(Boolean).join(" · ")),
      h("p.template-meta", {}, `Used ${num(t.usage_count)}× · score ${num(t.performance_score, 2)} · ${num(t.likes)} up, ${num(t.dislikes)} down`),
      t.status === "failed" ? h("p.template-error", {}, t.analysis_error || "Analysis failed") : null,
      t.status === "failed" ? h("button.btn.btn-ghost.btn-sm", { type: "button", on: { click: () => retry(t.id) } }, "Retry analysis") : null));
}

function replaceCard(t) {
  const old = grid.querySelector(`[data-template-id="${t.id}"]`);
  if (old) old.replaceWith(card(t));
  const item = document.querySelector(`#uploads [data-template-id="${t.id}"] .upload-status`);
  if (item) { item.replaceChildren(statusBadge(t.status)); }
}

const polling = new Set();

/** Poll one template until its analysis is analyzed/failed, updating its card and upload row. */
async function poll(id) {
  if (polling.has(id)) return;
  polling.add(id);
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      let t;
      try { t = await api(`/api/v1/admin/templates/${id}`); } catch { continue; }
      replaceCard(t);
      if (DONE.has(t.status)) return;
    }
  } finally {
    polling.delete(id);
  }
}

async function retry(id) {
  try {
    await api(`/api/v1/admin/templates/${id}/analyze`, { method: "POST" });
    toast("Analysis queued again.");
    load();
    poll(id);
  } catch (error) {
    toastError(error, "Could not retry the analysis");
  }
}

// ------------------------------------------------------------------------------------ upload
function uploadRow(file) {
  const bar = h("span", { class: "bar-fill" });
  const pct = h("span.upload-pct", {}, "0 %");
  const progress = h("div.bar", { role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0", "aria-label": `Upload of ${file.name}` }, bar);
  const status = h("span.upload-status", {}, "Uploading");
  const li = h("li.upload", { dataset: { fileName: file.name } },
    h("div.upload-head", {}, h("span.upload-name", { title: file.name }, file.name), pct, status), progress);
  const set = (value) => {
    bar.style.width = `${value}%`; // CSSOM, allowed by the CSP (no inline style attribute)
    progress.setAttribute("aria-valuenow", String(value));
    pct.textContent = `${value} %`;
  };
  return { li, set, status };
}

/** `{width, height}` of an image file, or null (a .zip, or a file the browser cannot decode). */
async function imageSize(file) {
  if (!file.type.startsWith("image/")) return null;
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return null;
  }
}

/** A sentence when an image is not 16:9 (within 2 %), else "". */
export function aspectWarning(size) {
  if (!size || !size.height) return "";
  const ratio = size.width / size.height;
  if (Math.abs(ratio / (16 / 9) - 1) <= 0.02) return "";
  return `${size.width}×${size.height} is not 16:9: the layout is read as it is, and its card shows the middle 16:9 crop.`;
}

function uploadOne(file) {
  const row = uploadRow(file);
  $("#uploads").prepend(row.li);
  imageSize(file).then((size) => {
    const warning = aspectWarning(size);
    if (warning && !row.li.classList.contains("is-failed")) row.li.append(h("p.upload-warning", { dataset: { warning: "aspect" } }, warning));
  });
  const makeForm = () => {
    const form = new FormData();
    form.append("files", file, file.name);
    form.append("category", $("#upload-category").value);
    form.append("tags", $("#upload-tags").value);
    form.append("description", $("#upload-description").value);
    return form;
  };
  return uploadWithProgress("/api/v1/admin/templates", makeForm, row.set).then((answer) => {
    const created = answer?.templates || [];
    const rejected = answer?.rejected || [];
    if (created.length === 1) row.li.dataset.templateId = created[0].id;
    if (!created.length) { row.li.classList.add("is-failed"); row.li.querySelector(".upload-warning")?.remove(); }
    row.status.replaceChildren(created.length ? statusBadge(created[0].status)
      : h("span.upload-error", {}, rejected[0]?.error || "Refused"));
    if (created.length > 1) row.status.append(` · ${created.length} templates`);
    if (rejected.length && created.length) row.li.append(h("p.upload-error", {}, rejected.map((r) => `${r.file_name}: ${r.error}`).join("; ")));
    created.forEach((t) => poll(t.id));
    return created.length;
  }).catch((error) => {
    row.li.classList.add("is-failed");
    row.status.replaceChildren(h("span.upload-error", {}, error.detail || error.title || "Upload failed"));
    return 0;
  });
}

async function uploadAll(files) {
  const list = [...files].filter((f) => ACCEPTED.test(f.name));
  if (list.length < files.length) toast("Only PNG, JPEG, WebP images and .zip files are uploaded.", "error");
  if (!list.length) return;
  // two at a time: quick for a handful of files, gentle on the server for a hundred
  const queue = [...list];
  let created = 0;
  const worker = async () => { while (queue.length) created += await uploadOne(queue.shift()); };
  await Promise.all([worker(), worker()]);
  if (created) load(0);
}

function wireDropzone() {
  const input = $("#file-input");
  input.addEventListener("change", () => { uploadAll(input.files); input.value = ""; });
  let depth = 0;
  zone.addEventListener("dragenter", (event) => { event.preventDefault(); depth += 1; zone.classList.add("is-dragging"); });
  zone.addEventListener("dragleave", () => { depth = Math.max(0, depth - 1); if (!depth) zone.classList.remove("is-dragging"); });
  zone.addEventListener("dragover", (event) => { event.preventDefault(); event.dataTransfer.dropEffect = "copy"; });
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove("is-dragging");
    if (event.dataTransfer?.files?.length) uploadAll(event.dataTransfer.files);
  });
}

if (initAdmin()) {
  wireDropzone();
  wireFilters(filters, () => load(0));
  load(0);
}
