// /admin/templates/{id}: one template's design DNA. The image with the face and text boxes of
// style_dna drawn over it (an SVG overlay in the image's own pixel space, boxes normalised 0..1),
// palette swatches with hex and share, the energy meter, layout, background, temperature, and
// the edit form (PATCH), deactivate, analyse again and delete.
import { ApiError, api } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toast, toastError } from "../lib/toast.js";
import { dateTime, formError, initAdmin, num, percent } from "./common.js";
import { statusBadge, templateImage } from "./template_view.js";

const root = $("#template-detail");
const id = root.dataset.templateId;
const form = $("#edit-form");
const SVG_NS = "http://www.w3.org/2000/svg";
let template = null;

function svg(tag, attrs = {}, text = "") {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text) el.textContent = text;
  return el;
}

/**
 * The overlay: one rectangle per face / text region / logo, and a label tag for each. Tags sit
 * above their box (else just inside its top, else below it), on a dark backing, and never on
 * top of another tag; long texts are shortened (the full label is the box's tooltip).
 */
function overlay(t, dna) {
  const w = dna?.width || t.width || 1280;
  const hgt = dna?.height || t.height || 720;
  const layer = svg("svg", { class: "dna-overlay", viewBox: `0 0 ${w} ${hgt}`, preserveAspectRatio: "none", role: "img", "aria-label": "Detected faces and text" });
  const stroke = Math.max(2, Math.round(Math.min(w, hgt) / 200));
  const font = Math.max(12, Math.round(hgt / 32));
  const tagH = Math.round(font * 1.45);
  const placed = [];
  const tags = svg("g", { class: "dna-tags" });
  const overlaps = (a) => placed.some((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h);
  const tag = (kind, [x, y, bw, bh], text) => {
    const short = text.length > 28 ? `${text.slice(0, 27)}…` : text;
    const tw = Math.min(w, Math.round(short.length * font * 0.58 + font));
    const left = Math.max(0, Math.min(w - tw, x * w));
    const spots = [y * hgt - tagH - stroke, y * hgt + stroke, (y + bh) * hgt + stroke, 0, hgt - tagH];
    let spot = { x: left, y: spots[0], w: tw, h: tagH };
    for (const top of spots) {
      const candidate = { x: left, y: top, w: tw, h: tagH };
      if (top >= 0 && top + tagH <= hgt && !overlaps(candidate)) { spot = candidate; break; }
    }
    spot.y = Math.max(0, Math.min(hgt - tagH, spot.y));
    placed.push(spot);
    const g = svg("g", { class: `dna-tag dna-${kind}` });
    g.append(svg("rect", { x: spot.x, y: spot.y, width: spot.w, height: tagH, rx: 4, class: "dna-tag-bg" }));
    g.append(svg("text", { x: spot.x + font / 2, y: spot.y + tagH - font * 0.4, "font-size": font }, short));
    tags.append(g);
  };
  const box = (kind, area, label) => {
    const [x, y, bw, bh] = area;
    const g = svg("g", { class: `dna-box dna-${kind}` });
    g.append(svg("title", {}, label));
    g.append(svg("rect", { x: x * w, y: y * hgt, width: bw * w, height: bh * hgt, rx: stroke * 2, "stroke-width": stroke, fill: "none" }));
    layer.append(g);
    tag(kind, area, label);
  };
  (dna?.faces || []).forEach((f, i) => box("face", f.box, `Face ${i + 1} (${percent(f.size)} of the image)`));
  (dna?.text || []).forEach((r) => box("text", r.box, `Text “${r.text || ""}”`));
  if (dna?.logo_box) box("logo", dna.logo_box, "Logo");
  layer.append(tags);
  return layer;
}

function fact(label, value, extra = null) {
  return [h("dt", {}, label), h("dd", { dataset: { fact: label.toLowerCase() } }, value, extra)];
}

function energyMeter(energy) {
  const value = Math.max(1, Math.min(10, Math.round(Number(energy) || 0)));
  return h("div.energy", { role: "meter", "aria-valuemin": "1", "aria-valuemax": "10", "aria-valuenow": String(value), "aria-label": `Energy ${value} of 10` },
    h("div.energy-cells", { "aria-hidden": "true" }, Array.from({ length: 10 }, (_, i) => h(`span.energy-cell${i < value ? ".on" : ""}`))),
    h("span.energy-value", {}, `${value} / 10`));
}

function palette(colors) {
  if (!colors?.length) return h("p.empty", {}, "No palette (not analysed yet).");
  return h("ul.swatches", { "aria-label": "Palette" }, colors.map((c) => {
    const chip = h("span.swatch-chip", { "aria-hidden": "true" });
    chip.style.background = c.hex; // CSSOM, allowed by the CSP
    return h("li.swatch", {}, chip, h("span.swatch-hex", {}, c.hex), h("span.swatch-share", {}, percent(c.share)));
  }));
}

/** The background type: "gradient" (StyleDNA.background.kind; a plain string from older rows). */
function backgroundKind(background) {
  if (!background) return "–";
  return typeof background === "string" ? background : background.kind || "–";
}

function backgroundChips(background) {
  const colors = background && typeof background === "object" ? background.colors || [] : [];
  if (!colors.length) return null;
  return h("span.mini-chips", { "aria-label": `Background colours ${colors.join(", ")}` }, colors.map((hex) => {
    const chip = h("span.mini-chip", { title: hex });
    chip.style.background = hex;
    return chip;
  }));
}

function dnaPanel(t) {
  const dna = t.style_dna;
  const parts = [h("div.dna-status", {}, statusBadge(t.status),
    t.analyzed_at ? h("span.cell-sub", {}, `Analysed ${dateTime(t.analyzed_at)}`) : null)];
  if (t.status === "failed") parts.push(h("p.template-error", {}, t.analysis_error || "Analysis failed"));
  parts.push(h("h3.sub-title", {}, "Palette"), palette(dna?.palette));
  parts.push(h("h3.sub-title", {}, "Energy"), energyMeter(dna?.energy ?? t.energy_level));
  const words = (dna?.words || []).join(" ");
  parts.push(h("dl.facts.dna-facts", {},
    fact("Layout", dna?.composition?.layout || "–"),
    fact("Background", backgroundKind(dna?.background), backgroundChips(dna?.background)),
    fact("Temperature", dna?.temperature || "–", dna?.temperature_score !== undefined ? h("span.inline-sub", {}, ` (${num(dna.temperature_score, 2)})`) : null),
    fact("Brightness", dna ? percent(dna.brightness) : "–"),
    fact("Saturation", dna ? percent(dna.saturation) : "–"),
    fact("Contrast", dna?.contrast?.level || "–"),
    fact("Faces", num((dna?.faces || []).length)),
    // the reference's own facts (style_dna); the row's flat columns describe the built template
    fact("Text", words || ((dna ? dna.has_text : t.has_text) ? "yes" : "none")),
    fact("Logo", (dna ? dna.has_logo : t.has_logo) ? "yes" : "no"),
    fact("Size", t.width ? `${t.width}×${t.height}` : "–"),
    fact("Used", `${num(t.usage_count)}× · score ${num(t.performance_score, 2)}`),
    fact("Feedback", `${num(t.likes)} up, ${num(t.dislikes)} down`)));
  if (t.skeleton_slots?.length) {
    parts.push(h("h3.sub-title", {}, "Slots"), h("ul.slot-list", {}, t.skeleton_slots.map((s) =>
      h("li", {}, h("code", {}, s.slot), ` at ${s.box.map((v) => Number(v).toFixed(2)).join(", ")}`))));
  }
  return parts;
}

function show(t) {
  template = t;
  root.setAttribute("aria-busy", "false");
  $("#page-title").textContent = t.name || t.slug;
  document.title = `${t.name || t.slug} · Templates · Admin · Routix`;
  const figure = h("div.dna-frame", {}, templateImage(t), overlay(t, t.style_dna));
  $("#dna-figure").replaceChildren(figure);
  const faces = (t.style_dna?.faces || []).length;
  const texts = (t.style_dna?.text || []).length;
  $("#figure-note").textContent = t.style_dna ? `${faces} face${faces === 1 ? "" : "s"} and ${texts} text region${texts === 1 ? "" : "s"} found.` : "No design DNA yet.";
  $("#dna").replaceChildren(...dnaPanel(t));
  form.elements.name.value = t.name || "";
  form.elements.category.value = t.category;
  form.elements.priority.value = t.priority ?? 0;
  form.elements.tags.value = (t.tags || []).join(", ");
  form.elements.description.value = t.description || "";
  form.elements.is_featured.checked = Boolean(t.is_featured);
  $('[data-action="toggle-active"]').textContent = t.is_active ? "Deactivate" : "Activate";
}

async function load() {
  try {
    show(await api(`/api/v1/admin/templates/${id}`));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      root.replaceChildren(h("div.empty-state.card.glass", {}, h("h2", {}, "No such template"),
        h("p", {}, "It may have been deleted."), h("a.btn.btn-primary", { href: "/admin/templates" }, "All templates")));
      return;
    }
    toastError(error, "Could not load the template");
    return;
  }
  if (!["analyzed", "failed"].includes(template.status)) setTimeout(load, 1500);
}

async function patch(body, message) {
  formError(form, null);
  try {
    show({ ...template, ...(await api(`/api/v1/admin/templates/${id}`, { method: "PATCH", json: body })) });
    toast(message);
  } catch (error) {
    formError(form, error);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  patch({
    name: form.elements.name.value.trim(),
    category: form.elements.category.value,
    priority: Number(form.elements.priority.value || 0),
    tags: form.elements.tags.value.split(",").map((s) => s.trim()).filter(Boolean),
    description: form.elements.description.value.trim(),
    is_featured: form.elements.is_featured.checked,
  }, "Template saved.");
});

$('[data-action="toggle-active"]').addEventListener("click", () =>
  patch({ is_active: !template.is_active }, template.is_active ? "Template deactivated." : "Template activated."));

$('[data-action="reanalyze"]').addEventListener("click", async () => {
  try {
    await api(`/api/v1/admin/templates/${id}/analyze`, { method: "POST" });
    toast("Analysis queued.");
    load();
  } catch (error) {
    formError(form, error);
  }
});

$('[data-action="delete"]').addEventListener("click", async () => {
  if (!confirm(`Delete the template "${template.name || template.slug}"? This cannot be undone.`)) return;
  try {
    await api(`/api/v1/admin/templates/${id}`, { method: "DELETE" });
    location.assign("/admin/templates");
  } catch (error) {
    formError(form, error, "Could not delete it");
  }
});

if (initAdmin()) load();
