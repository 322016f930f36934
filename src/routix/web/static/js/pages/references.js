// Reference packs: upload several images at once (a progress bar per file and overall), set
// each image's mode, reorder by drag and drop or the arrow buttons, crop, save; share a pack by
// e-mail and delete it. Packs shared with you are listed read-only ("Shared by NAME").
import { ApiError, accessToken, api, refreshTokens, requireSession } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toast, toastError } from "../lib/toast.js";
import { initShell, loadConversations } from "../shell.js";

const PACKS_URL = "/api/v1/reference-packs";
const MAX_ITEMS = 6;
const MODES = { style_only: "Style only", style_and_composition: "Style + layout" };
let draft = [];

if (requireSession()) {
  initShell("references");
  loadConversations();
  loadPacks();
  $("#ref-files").addEventListener("change", addFiles);
  $("#ref-form").addEventListener("submit", savePack);
  initCropDialog();
}

// ------------------------------------------------------------------------------ uploads
function uploadWithProgress(file, onProgress, retried = false) {
  return new Promise((resolve, reject) => {
    accessToken().then((token) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/v1/assets");
      xhr.setRequestHeader("Accept", "application/json");
      if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
      xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
      xhr.addEventListener("load", async () => {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
        if (xhr.status === 401 && !retried && await refreshTokens()) {
          uploadWithProgress(file, onProgress, true).then(resolve, reject);
        } else if (xhr.status >= 200 && xhr.status < 300) { onProgress(1); resolve(body); }
        else reject(new ApiError(xhr.status, body));
      });
      xhr.addEventListener("error", () => reject(new ApiError(0)));
      const form = new FormData();
      form.append("asset_type", "image");
      form.append("file", file, file.name || "image");
      xhr.send(form);
    }, reject);
  });
}

function addFiles() {
  const input = $("#ref-files");
  const files = Array.from(input.files || []);
  input.value = "";
  const room = MAX_ITEMS - draft.length;
  if (files.length > room) toast(`A pack holds at most ${MAX_ITEMS} images; the extra ones were left out.`, "error");
  for (const file of files.slice(0, Math.max(0, room))) {
    const item = { asset_id: null, mode: "style_only", crop: null, url: URL.createObjectURL(file), name: file.name,
      progress: 0 };
    item.upload = uploadWithProgress(file, (share) => { item.progress = share; showProgress(item); }).then(
      (asset) => { item.asset_id = asset.id; showProgress(item); return asset; },
      (error) => { toastError(error, `"${file.name}" could not be uploaded`); draft = draft.filter((i) => i !== item);
        renderDraft(); return null; });
    draft.push(item);
  }
  renderDraft();
}

function showProgress(item) {
  if (item.bar) { item.bar.value = Math.round(item.progress * 100); item.bar.hidden = item.asset_id !== null; }
  const uploading = draft.filter((i) => i.asset_id === null);
  const total = draft.length ? draft.reduce((sum, i) => sum + (i.asset_id ? 1 : i.progress), 0) / draft.length : 1;
  $("#ref-overall").hidden = uploading.length === 0;
  $("#ref-overall-bar").value = Math.round(total * 100);
  $("#ref-overall-label").textContent = `Uploading ${uploading.length} of ${draft.length} images`;
}

function renderDraft() {
  renderItems($("#ref-draft"), draft, { editable: true, label: "new pack", onChange: renderDraft, removable: true });
  draft.forEach(showProgress);
  if (!draft.length) $("#ref-overall").hidden = true;
}

async function savePack(event) {
  event.preventDefault();
  const name = $("#ref-name").value.trim();
  if (!name) { $("#ref-name").focus(); toast("Give the pack a name.", "error"); return; }
  if (!draft.length) { $("#ref-files").focus(); toast("Add at least one reference image.", "error"); return; }
  const button = $("#ref-save");
  button.disabled = true;
  try {
    await Promise.all(draft.map((i) => i.upload));
    const items = draft.filter((i) => i.asset_id).map(({ asset_id, mode, crop }) => ({ asset_id, mode, crop }));
    const pack = await api(PACKS_URL, { method: "POST", json: { name, items } });
    draft.forEach((i) => URL.revokeObjectURL(i.url));
    draft = [];
    $("#ref-form").reset();
    renderDraft();
    toast(`Reference pack "${pack.name}" saved.`);
    await loadPacks();
  } catch (error) {
    toastError(error, "Could not save the pack");
  } finally {
    button.disabled = false;
  }
}

// ------------------------------------------------------------------------------ item lists
function move(items, from, to) {
  if (to < 0 || to >= items.length || from === to) return false;
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item);
  return true;
}

function renderItems(list, items, { editable, label, onChange, removable = false }) {
  let dragged = null;
  const rows = items.map((item, index) => {
    const name = `image ${index + 1} of ${label}`;
    const thumb = h("div.ref-thumb", {}, h("img", { src: item.url || item.thumbnail_url || "", alt: `Reference ${index + 1}` }),
      item.crop ? cropMark(item.crop) : null, item.crop ? h("span.ref-cropped", {}, "Cropped") : null);
    const bar = h("progress.ref-progress", { max: "100", value: "0", "aria-label": `Upload of ${name}` });
    bar.hidden = true;
    item.bar = bar;
    const row = h("li.ref-item", { draggable: editable ? "true" : null, dataset: { index: String(index) } }, thumb, bar);
    if (editable) {
      const mode = h("button.btn.btn-ghost.btn-sm.ref-mode", { type: "button", "aria-pressed": String(item.mode !== "style_only"),
        "aria-label": `Mode of ${name}: ${MODES[item.mode]}`, on: { click: () => {
          item.mode = item.mode === "style_only" ? "style_and_composition" : "style_only"; onChange(); } } }, MODES[item.mode]);
      const step = (delta, text, sign) => h("button.btn.btn-ghost.btn-sm", { type: "button", "aria-label": `Move ${name} ${text}`,
        disabled: index + delta < 0 || index + delta >= items.length,
        on: { click: () => { if (move(items, index, index + delta)) { onChange(); focusMoved(list, index + delta, text); } } } }, sign);
      const crop = h("button.btn.btn-ghost.btn-sm", { type: "button", "aria-label": `Crop ${name}`,
        on: { click: () => openCrop(item, onChange) } }, "Crop");
      const remove = removable ? h("button.btn.btn-danger.btn-sm", { type: "button", "aria-label": `Remove ${name}`,
        on: { click: () => { items.splice(index, 1); onChange(); } } }, "×") : null;
      row.append(mode, h("div.ref-item-actions", {}, step(-1, "up", "↑"), step(1, "down", "↓"), crop, remove));
      row.addEventListener("dragstart", (e) => { dragged = index; row.classList.add("is-dragging");
        e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", String(index)); });
      row.addEventListener("dragend", () => row.classList.remove("is-dragging"));
      row.addEventListener("dragover", (e) => { if (dragged !== null) { e.preventDefault(); row.classList.add("is-over"); } });
      row.addEventListener("dragleave", () => row.classList.remove("is-over"));
      row.addEventListener("drop", (e) => { e.preventDefault(); row.classList.remove("is-over");
        if (dragged !== null && move(items, dragged, index)) onChange(); dragged = null; });
    } else {
      row.append(h("span.pill.pill-soft", {}, MODES[item.mode] || item.mode));
    }
    return row;
  });
  list.replaceChildren(...rows);
}

function cropMark(crop) {
  const mark = h("span.ref-crop-mark", { "aria-hidden": "true" });
  mark.style.left = `${crop.x * 100}%`; // CSSOM, not a style attribute: the page's CSP allows no inline styles
  mark.style.top = `${crop.y * 100}%`;
  mark.style.width = `${crop.w * 100}%`;
  mark.style.height = `${crop.h * 100}%`;
  return mark;
}

function focusMoved(list, index, direction) {
  const button = list.querySelectorAll(".ref-item")[index]?.querySelector(`[aria-label^="Move"][aria-label$="${direction}"]`);
  if (button && !button.disabled) button.focus();
}

// ------------------------------------------------------------------------------ packs
async function loadPacks() {
  let page;
  try { page = await api(`${PACKS_URL}?limit=100`); } catch (error) { toastError(error, "Could not load your packs"); return; }
  $("#ref-list").replaceChildren(...page.items.map(packCard));
  $("#ref-empty").hidden = page.items.length > 0;
}

function packCard(pack) {
  const items = pack.items.map((i) => ({ ...i }));
  const list = h("ol.ref-items", { "aria-label": `Images of ${pack.name}` });
  const head = h("div.ref-head", {}, h("h3", {}, pack.name),
    pack.shared ? h("span.pill.pill-soft", {}, `Shared by ${pack.owner_name || "someone"}`) : null,
    h("span.ref-count", {}, `${items.length} image${items.length === 1 ? "" : "s"}`));
  const card = h("li.card.glass.ref-card", { dataset: { pack: pack.id } }, head, list);
  if (pack.shared) {
    renderItems(list, items, { editable: false, label: pack.name });
    card.append(h("p.ref-hint", {}, "Read-only: you can use this pack when you generate, not change it."));
    return card;
  }
  const save = h("button.btn.btn-primary.btn-sm", { type: "button", hidden: true, on: { click: () => saveItems(pack, items, save) } },
    "Save changes");
  const render = () => { renderItems(list, items, { editable: true, label: pack.name, onChange: () => { save.hidden = false; render(); } }); };
  render();
  const email = h("input.input.ref-email", { type: "email", placeholder: "name@example.com", "aria-label": `E-mail to share ${pack.name} with` });
  const share = h("form.ref-share", { on: { submit: (e) => { e.preventDefault(); sharePack(pack, email); } } }, email,
    h("button.btn.btn-ghost.btn-sm", { type: "submit" }, "Share"));
  const remove = h("button.btn.btn-danger.btn-sm", { type: "button", "aria-label": `Delete pack ${pack.name}`,
    on: { click: () => deletePack(pack) } }, "Delete");
  card.append(h("div.ref-actions", {}, save, share, remove));
  return card;
}

async function saveItems(pack, items, button) {
  button.disabled = true;
  try {
    await api(`${PACKS_URL}/${pack.id}`, { method: "PATCH", json: {
      items: items.map(({ asset_id, mode, crop }) => ({ asset_id, mode, crop })) } });
    toast(`Changes to "${pack.name}" saved.`);
    await loadPacks();
  } catch (error) { toastError(error, "Could not save the pack"); button.disabled = false; }
}

async function sharePack(pack, input) {
  const email = input.value.trim();
  if (!email) { input.focus(); return; }
  try {
    const answer = await api(`${PACKS_URL}/${pack.id}/share`, { method: "POST", json: { email } });
    input.value = "";
    toast(answer.message);
  } catch (error) { toastError(error, "Could not share the pack"); }
}

async function deletePack(pack) {
  if (!confirm(`Delete the reference pack "${pack.name}"? Thumbnails made with it stay as they are.`)) return;
  try {
    await api(`${PACKS_URL}/${pack.id}`, { method: "DELETE" });
    toast(`Reference pack "${pack.name}" deleted.`);
    await loadPacks();
  } catch (error) { toastError(error, "Could not delete the pack"); }
}

// ------------------------------------------------------------------------------ crop
let cropping = null;

function initCropDialog() {
  const fields = ["x", "y", "w", "h"].map((k) => $(`#crop-${k}`));
  fields.forEach((input) => input.addEventListener("input", () => {
    if (!cropping) return;
    const [x, y, w, hgt] = fields.map((f) => Math.max(0, Number(f.value) || 0) / 100);
    cropping.box = clampBox({ x, y, w: w || 0.01, h: hgt || 0.01 });
    drawBox(false);
  }));
  const box = $("#crop-box");
  box.append(h("span.crop-handle"));
  box.addEventListener("pointerdown", (e) => {
    if (!cropping) return;
    e.preventDefault();
    box.setPointerCapture(e.pointerId);
    const rect = $("#crop-stage").getBoundingClientRect();
    const start = { px: e.clientX, py: e.clientY, ...cropping.box };
    const resize = e.target.classList.contains("crop-handle");
    const moveTo = (ev) => {
      const dx = (ev.clientX - start.px) / rect.width;
      const dy = (ev.clientY - start.py) / rect.height;
      cropping.box = clampBox(resize ? { ...start, w: start.w + dx, h: start.h + dy } : { ...start, x: start.x + dx, y: start.y + dy });
      drawBox(true);
    };
    const stop = () => { box.removeEventListener("pointermove", moveTo); box.removeEventListener("pointerup", stop); };
    box.addEventListener("pointermove", moveTo);
    box.addEventListener("pointerup", stop);
  });
  $("#crop-dialog").addEventListener("close", () => {
    const dialog = $("#crop-dialog");
    if (!cropping) return;
    if (dialog.returnValue === "apply") cropping.item.crop = roundBox(cropping.box);
    if (dialog.returnValue === "clear") cropping.item.crop = null;
    const done = cropping.onChange;
    const changed = dialog.returnValue === "apply" || dialog.returnValue === "clear";
    cropping = null;
    if (changed) done();
  });
}

function clampBox({ x, y, w, h: hgt }) {
  w = Math.min(1, Math.max(0.05, w));
  hgt = Math.min(1, Math.max(0.05, hgt));
  return { x: Math.min(1 - w, Math.max(0, x)), y: Math.min(1 - hgt, Math.max(0, y)), w, h: hgt };
}

function roundBox(box) {
  const r = (v) => Math.round(v * 1000) / 1000;
  const w = r(box.w); const hgt = r(box.h);
  return { x: Math.min(r(box.x), r(1 - w)), y: Math.min(r(box.y), r(1 - hgt)), w, h: hgt };
}

function drawBox(syncFields) {
  const { x, y, w, h: hgt } = cropping.box;
  const box = $("#crop-box");
  box.style.left = `${x * 100}%`; // CSSOM, not a style attribute: the page's CSP allows no inline styles
  box.style.top = `${y * 100}%`;
  box.style.width = `${w * 100}%`;
  box.style.height = `${hgt * 100}%`;
  if (syncFields) {
    for (const [key, value] of Object.entries({ x, y, w, h: hgt })) $(`#crop-${key}`).value = String(Math.round(value * 100));
  }
}

function openCrop(item, onChange) {
  cropping = { item, onChange, box: clampBox(item.crop || { x: 0.1, y: 0.1, w: 0.8, h: 0.8 }) };
  $("#crop-image").src = item.url || item.thumbnail_url || "";
  drawBox(true);
  $("#crop-dialog").showModal();
}
