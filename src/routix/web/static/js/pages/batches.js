// Batches: upload a sheet (+ zip of photos), map its columns, see each row's errors and the
// estimate, start, watch the grid fill in (batch:progress over /ws, with a slow poll as a
// safety net), pause/resume/cancel, retry failed rows, pick the A/B winner, export.
import { openEditor } from "../editor/dialog.js";
import { api, requireSession } from "../lib/api.js";
import { $, $$, ICONS, h, icon, timeAgo } from "../lib/dom.js";
import { LiveEvents } from "../lib/live.js";
import { toast, toastError } from "../lib/toast.js";
import { initShell, loadConversations, refreshAccount } from "../shell.js";

const FIELDS = [
  ["prompt", "What each thumbnail is about", true], ["title", "Title text", false], ["name", "Row name", false],
  ["face", "Face photo (file name or asset id)", false], ["logo", "Logo", false], ["variants", "Variants", false],
  ["algorithm", "Routix Version", false],
];
const ALGORITHMS = [["", "Default"], ["lightning", "Lightning"], ["v1", "Routix v1"], ["pro", "Routix Pro"]];
const POLL_MS = 3000;

const state = { sheet: null, images: null, preview: null, batch: null, rows: new Map(), filter: "", poll: null };

// ------------------------------------------------------------------------------ step 1: upload
async function readSheet(event) {
  event.preventDefault();
  const file = $("#sheet-file").files[0];
  if (!file) { toast("Choose a CSV or XLSX sheet first.", "error"); return; }
  state.sheet = file;
  state.images = $("#images-file").files[0] || null;
  const form = new FormData();
  form.append("sheet", file, file.name);
  try {
    state.preview = await api("/api/v1/batches/sheet", { method: "POST", form });
  } catch (error) { toastError(error, "Could not read the sheet"); return; }
  showMapping(state.preview, file.name);
}

function showMapping(preview, fileName) {
  const options = (field) => [h("option", { value: "" }, "— not used —"),
    ...preview.columns.map((c) => h("option", { value: c, selected: preview.mapping[field] === c }, c))];
  $("#map-grid").replaceChildren(...FIELDS.map(([field, label, required]) =>
    h("label.map-field", {}, h("span.field-label", {}, label, required ? h("span.req", { "aria-hidden": "true" }, " *") : null),
      h("select", { dataset: { field }, required }, options(field)))));
  $("#map-hint").textContent = `${preview.rows} row${preview.rows === 1 ? "" : "s"} in ${fileName}. We guessed the columns from the headers; change any that are wrong.`;
  $("#batch-name").value = fileName.replace(/\.(csv|xlsx)$/i, "");
  $("#algorithm").replaceChildren(...ALGORITHMS.map(([v, l]) => h("option", { value: v }, l)));
  const head = h("tr", {}, preview.columns.map((c) => h("th", { scope: "col" }, c)));
  const body = preview.sample.map((row) => h("tr", {}, preview.columns.map((c) => h("td", {}, row[c] || ""))));
  $("#sample").replaceChildren(h("caption", {}, "First rows of the sheet"), h("thead", {}, head), h("tbody", {}, body));
  $("#map-step").hidden = false;
  $("#map-step").scrollIntoView({ behavior: "smooth", block: "start" });
}

// ------------------------------------------------------------------------------ step 2: mapping
async function checkRows(event) {
  event.preventDefault();
  const mapping = {};
  $$("#map-grid select").forEach((select) => { if (select.value) mapping[select.dataset.field] = select.value; });
  const settings = { variants: Number($("#variants").value || 0) };
  if ($("#algorithm").value) settings.algorithm = $("#algorithm").value;
  const form = new FormData();
  form.append("sheet", state.sheet, state.sheet.name);
  if (state.images) form.append("images", state.images, state.images.name);
  form.append("mapping", JSON.stringify(mapping));
  form.append("settings", JSON.stringify(settings));
  form.append("name", $("#batch-name").value || state.sheet.name);
  if ($("#cost-cap").value) form.append("cost_cap", $("#cost-cap").value);
  let batch;
  try {
    batch = await api("/api/v1/batches/upload", { method: "POST", form });
  } catch (error) { toastError(error, "Could not check the rows"); return; }
  history.pushState(null, "", `/batches?id=${batch.id}`);
  $("#upload-step").hidden = true;
  $("#map-step").hidden = true;
  showBatch(batch);
  loadRecent();
}

// ------------------------------------------------------------------------------ step 3: run
function showBatch(batch) {
  state.batch = batch;
  state.rows = new Map(batch.rows.map((row) => [row.id, row]));
  $("#run-step").hidden = false;
  $("#run-name").textContent = batch.name;
  showEstimate(batch);
  showStatus(batch);
  renderGrid();
  schedulePoll();
}

function showEstimate(batch) {
  const e = batch.estimate;
  if (!e) { $("#estimate").replaceChildren(h("p.hint", {}, "Shared with you (read-only).")); return; }
  const invalid = batch.counts.invalid;
  if (batch.status !== "draft") {
    $("#estimate").replaceChildren(...[
      h("div.estimate-item", {}, h("strong", {}, String(batch.credits_spent)), h("span", {}, "credits spent")),
      e.rows ? h("div.estimate-item", {}, h("strong", {}, String(e.credits)), h("span", {}, `credits for the ${e.rows} row${e.rows === 1 ? "" : "s"} still to run`)) : null,
      h("div.estimate-item", { class: e.enough ? "" : "short" }, h("strong", {}, String(e.balance)), h("span", {}, "your balance")),
      invalid ? h("div.estimate-item.bad", {}, h("strong", {}, String(invalid)), h("span", {}, `row${invalid === 1 ? "" : "s"} with errors (skipped)`)) : null,
    ].filter(Boolean));
    return;
  }
  $("#estimate").replaceChildren(...[
    h("div.estimate-item", {}, h("strong", {}, String(e.rows)), h("span", {}, "rows to run")),
    h("div.estimate-item", {}, h("strong", {}, String(e.credits)), h("span", {}, "credits")),
    h("div.estimate-item", {}, h("strong", {}, `$${e.provider_usd.toFixed(2)}`), h("span", {}, "provider cost at most")),
    h("div.estimate-item", { class: e.enough ? "" : "short" }, h("strong", {}, String(e.balance)), h("span", {}, e.enough ? "your balance" : "your balance: not enough, the batch pauses when it runs out")),
    invalid ? h("div.estimate-item.bad", {}, h("strong", {}, String(invalid)), h("span", {}, `row${invalid === 1 ? "" : "s"} with errors (skipped)`)) : null,
  ].filter(Boolean));
}

function showStatus(status) {
  const b = state.batch;
  const ended = ["completed", "cancelled"].includes(status.status) && !["completed", "cancelled"].includes(b.status);
  Object.assign(b, { status: status.status, counts: status.counts, pause_reason: status.pause_reason, pause_message: status.pause_message, credits_spent: status.credits_spent, eta_seconds: status.eta_seconds });
  const c = b.counts;
  const runnable = Math.max(1, (status.total ?? b.total) - c.invalid);
  const done = c.completed + c.failed + c.cancelled;
  const pct = Math.round((100 * done) / runnable);
  $("#meter-fill").style.width = `${b.status === "draft" ? 0 : pct}%`;
  $(".meter").setAttribute("aria-valuenow", String(pct));
  const parts = [[c.completed, "done"], [c.running, "running"], [c.queued, "waiting"], [c.failed, "failed"], [c.cancelled, "cancelled"], [c.ready, "ready"], [c.invalid, "with errors"]]
    .filter(([n]) => n).map(([n, label]) => `${n} ${label}`);
  const eta = b.eta_seconds ? ` · about ${formatSeconds(b.eta_seconds)} left` : "";
  $("#counts").textContent = `${parts.join(" · ")}${b.status !== "draft" ? ` · ${b.credits_spent} credits spent` : ""}${eta}`;
  const label = { draft: "Not started", running: "Running", paused: "Paused", completed: "Finished", cancelled: "Cancelled" }[b.status] || b.status;
  $("#batch-status").textContent = label;
  $("#batch-status").dataset.status = b.status;
  $("#pause-reason").hidden = b.status !== "paused";
  $("#pause-reason").textContent = b.pause_message || "";
  const owner = b.owner !== false;
  const show = { start: b.status === "draft", pause: b.status === "running", resume: b.status === "paused",
    "retry-failed": c.failed > 0 && b.status !== "cancelled", cancel: ["draft", "running", "paused"].includes(b.status), export: b.status !== "draft" };
  $$(".run-actions [data-action]").forEach((btn) => { btn.hidden = !show[btn.dataset.action] || (!owner && btn.dataset.action !== "export"); });
  if (ended) { refreshAccount(); reload(); loadRecent(); }
}

function formatSeconds(s) {
  return s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
}

function renderGrid() {
  const rows = [...state.rows.values()].sort((a, b) => a.position - b.position)
    .filter((row) => !state.filter || row.status === state.filter);
  $("#batch-grid").replaceChildren(...(rows.length ? rows.map(rowCard) : [h("p.hint", {}, "No rows to show.")]));
}

function rowCard(row) {
  const title = row.title || row.prompt || row.name;
  const image = row.thumbnail_url
    ? h("a.row-image", { href: winnerUrl(row), target: "_blank", rel: "noopener", "aria-label": `Open row ${row.position} full size` },
      h("img", { src: winnerUrl(row), alt: `Row ${row.position}: ${title}`, width: "1280", height: "720", loading: "lazy" }))
    : h("div.row-tile", { dataset: { status: row.status } }, tileText(row));
  const variants = row.variant_urls.length
    ? h("div.variants", { role: "group", "aria-label": `Variants of row ${row.position}` },
      [row.thumbnail_url, ...row.variant_urls].map((url, i) => h("button.variant", {
        type: "button", "aria-pressed": String((row.winner || 0) === i), title: i ? `Variant ${i}` : "Main image",
        on: { click: () => pickWinner(row, i) } }, h("img", { src: url, alt: i ? `Variant ${i}` : "Main image", width: "160", height: "90" }))))
    : null;
  return h("article.row-card.glass", { dataset: { row: row.id, status: row.status }, "aria-label": `Row ${row.position}: ${row.name}` },
    image,
    h("div.row-info", {},
      h("div.row-line", {}, h("span.row-no", {}, `#${row.position}`), h("h3.row-name", { title: row.name }, row.name),
        h("span.row-badge", { dataset: { status: row.status } }, row.status)),
      h("p.row-prompt", { title: row.prompt }, row.prompt || "(no prompt)"),
      row.errors.length ? h("ul.row-errors", {}, row.errors.map((e) => h("li", {}, e))) : null,
      row.error_message && row.status !== "completed" ? h("p.row-error", {}, row.error_message) : null,
      variants,
      row.status === "completed" && row.generation_id && row.thumbnail_url ? h("button.btn.btn-ghost.btn-sm.edit-btn", {
        type: "button", title: "Move, resize and retype the layers; save as a new version",
        "aria-label": `Edit row ${row.position}`, on: { click: () => editRow(row) },
      }, icon(...ICONS.pencil), "Edit") : null));
}

/**
 * The row's picked thumbnail in the editor: the main image, or the winning variant made a
 * version of its own first (POST .../variant, free; the same variant again is the same
 * version). A saved edit is a new version of it (in My thumbnails).
 */
async function editRow(row) {
  let target = { request_id: row.generation_id, thumbnail_url: row.thumbnail_url };
  if (row.winner) {
    try {
      toast(`Opening variant ${row.winner} in the editor…`, "info");
      const made = await api(`/api/v1/generation/${row.generation_id}/variant`, { method: "POST", json: { number: row.winner } });
      const view = await finished(made.id);
      target = { request_id: view.id, thumbnail_url: view.result.thumbnail_url };
    } catch (error) { toastError(error, "Could not open that variant"); return; }
  }
  openEditor(target, {
    onSaved: () => toast("Saved as a new version of this row's thumbnail: it appears in My thumbnails when rendered.", "info"),
  });
}

/** GET /api/v1/generation/{id} once it is completed (polled every 0.5 s, at most 2 minutes). */
async function finished(id) {
  for (let i = 0; i < 240; i += 1) {
    const view = await api(`/api/v1/generation/${id}`);
    if (view.status === "completed" && view.result) return view;
    if (view.status === "failed" || view.status === "cancelled") throw new Error(view.error_message || "the variant failed");
    await new Promise((resolve) => { setTimeout(resolve, 500); });
  }
  throw new Error("the variant is taking too long; try again in a minute");
}

function winnerUrl(row) {
  return row.winner ? row.variant_urls[row.winner - 1] || row.thumbnail_url : row.thumbnail_url;
}

function tileText(row) {
  return { invalid: "Needs a fix", ready: "Ready", queued: "Waiting", running: "Making…", failed: "Failed", cancelled: "Cancelled" }[row.status] || row.status;
}

async function pickWinner(row, index) {
  try {
    const updated = await api(`/api/v1/batches/${state.batch.id}/rows/${row.id}`, { method: "PATCH", json: { winner: index } });
    state.rows.set(row.id, updated);
    renderGrid();
  } catch (error) { toastError(error, "Could not pick the winner"); }
}

async function act(action) {
  const id = state.batch.id;
  if (action === "export") { await exportLinks(id); return; }
  try {
    await api(`/api/v1/batches/${id}/${action}`, { method: "POST", json: action === "start" ? {} : undefined });
  } catch (error) { toastError(error, "That did not work"); return; }
  await reload();
  refreshAccount();
}

async function exportLinks(id) {
  let links;
  try { links = await api(`/api/v1/batches/${id}/export`, { method: "POST" }); } catch (error) { toastError(error, "Could not export"); return; }
  $("#export-links").replaceChildren(...[["CSV", links.csv_url, "csv"], ["JSON", links.json_url, "json"], ["Images (.zip)", links.zip_url, "zip"]]
    .map(([label, url, ext]) => h("a.btn.btn-ghost.btn-sm", { href: url, download: `batch-${id.slice(0, 8)}.${ext}`, "aria-label": `Download ${label}` }, icon(...ICONS.download), label)));
}

async function reload() {
  if (!state.batch) return;
  try {
    const batch = await api(`/api/v1/batches/${state.batch.id}`);
    state.batch = batch;
    state.rows = new Map(batch.rows.map((row) => [row.id, row]));
    showEstimate(batch);
    showStatus(batch);
    renderGrid();
  } catch (error) { toastError(error, "Could not load the batch"); }
}

function schedulePoll() {
  clearInterval(state.poll);
  state.poll = setInterval(() => { if (state.batch && ["running", "paused"].includes(state.batch.status)) reload(); }, POLL_MS);
}

function onEvent(name, data) {
  if (name !== "batch:progress" || !state.batch || data.batch_id !== state.batch.id) return;
  showStatus(data);
  if (data.row) { state.rows.set(data.row.id, data.row); renderGrid(); }
}

async function loadRecent() {
  let answer;
  try { answer = await api("/api/v1/batches?limit=8"); } catch { return; }
  const items = answer.items || [];
  $("#recent").hidden = !items.length;
  $("#batch-list").replaceChildren(...items.map((b) => h("li", {}, h("a.batch-link", { href: `/batches?id=${b.id}` },
    h("span.batch-link-name", {}, b.name), h("span.batch-link-meta", {}, `${b.counts.completed}/${b.total - b.counts.invalid} · ${b.status} · ${timeAgo(b.started_at || new Date().toISOString())}`)))));
}

async function openFromQuery() {
  const id = new URLSearchParams(location.search).get("id");
  if (!id) return;
  try {
    const batch = await api(`/api/v1/batches/${encodeURIComponent(id)}`);
    $("#upload-step").hidden = true;
    showBatch(batch);
  } catch (error) { toastError(error, "Could not open that batch"); }
}

if (requireSession()) {
  initShell("batches");
  loadConversations();
  $("#upload-step").addEventListener("submit", readSheet);
  $("#map-step").addEventListener("submit", checkRows);
  $$(".run-actions [data-action]").forEach((btn) => btn.addEventListener("click", () => act(btn.dataset.action)));
  $$(".row-filter [data-filter]").forEach((chip) => chip.addEventListener("click", () => {
    state.filter = chip.dataset.filter;
    $$(".row-filter [data-filter]").forEach((c) => c.setAttribute("aria-pressed", String(c === chip)));
    renderGrid();
  }));
  new LiveEvents({ onEvent, onReconnect: reload }).start();
  loadRecent();
  openFromQuery();
}
