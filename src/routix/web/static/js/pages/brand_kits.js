// Brand kits: create (name, colours, bundled or uploaded font, logo, default), list, make
// default, delete. The kit's logo is uploaded as an asset first; an uploaded font is checked
// by the server (a refused file shows the server's reason and changes nothing).
import { api, problemText, requireSession } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toast, toastError } from "../lib/toast.js";
import { initShell, loadConversations } from "../shell.js";

const KITS_URL = "/api/v1/brand-kits";

if (requireSession()) {
  initShell("brand-kits");
  loadConversations();
  loadFonts();
  loadKits();
  $("#kit-form").addEventListener("submit", saveKit);
  for (const id of ["#kit-primary", "#kit-secondary", "#kit-accent", "#kit-uppercase", "#kit-name"]) {
    $(id).addEventListener("input", preview);
  }
  preview();
}

function preview() {
  const box = $("#kit-preview");
  box.style.background = `linear-gradient(120deg, ${$("#kit-primary").value} 0 62%, ${$("#kit-accent").value} 62%)`;
  const text = box.querySelector("span");
  text.style.color = $("#kit-secondary").value;
  text.style.textTransform = $("#kit-uppercase").checked ? "uppercase" : "none";
  text.textContent = $("#kit-name").value.trim() || "Your Title Here";
}

async function loadFonts() {
  try {
    const { fonts } = await api(`${KITS_URL}/fonts`);
    $("#kit-font").append(...fonts.map((f) => h("option", { value: f }, f)));
  } catch (error) { toastError(error, "Could not load the fonts"); }
}

async function loadKits() {
  let page;
  try { page = await api(`${KITS_URL}?limit=100`); } catch (error) { toastError(error, "Could not load your kits"); return; }
  const cards = await Promise.all(page.items.map(kitCard));
  $("#kit-list").replaceChildren(...cards);
  $("#kit-empty").hidden = page.items.length > 0;
}

async function logoUrl(kit) {
  if (!kit.logo_asset_ids.length) return null;
  try { return (await api(`/api/v1/assets/${kit.logo_asset_ids[0]}`)).url; } catch { return null; }
}

async function kitCard(kit) {
  const url = await logoUrl(kit);
  const font = kit.font ? (kit.font.source === "uploaded" ? `${kit.font.name} (uploaded)` : kit.font.name) : "Template's font";
  const swatch = (color, label) => {
    const el = h("span.kit-swatch", { title: `${label} ${color}` }, label);
    el.style.background = color; // CSSOM, not a style attribute: the page's CSP allows no inline styles
    return el;
  };
  const makeDefault = h("button.btn.btn-ghost.btn-sm", { type: "button", on: { click: () => setDefault(kit) } },
    "Make default");
  const remove = h("button.btn.btn-danger.btn-sm", { type: "button", "aria-label": `Delete kit ${kit.name}`,
    on: { click: () => deleteKit(kit) } }, "Delete");
  return h("li.card.glass.kit-card", { dataset: { kit: kit.id } },
    h("div.kit-head", {},
      url ? h("img.kit-logo", { src: url, alt: `${kit.name} logo` }) : null,
      h("h3", {}, kit.name),
      kit.is_default ? h("span.pill.pill-soft", {}, "Default") : null),
    h("div.kit-swatches", {}, swatch(kit.primary_color, "Primary"), swatch(kit.secondary_color, "Secondary"),
      swatch(kit.accent_color, "Accent")),
    h("p.kit-meta", {}, `Title font: ${font}`),
    h("div.kit-actions", {}, kit.is_default ? null : makeDefault, remove));
}

async function saveKit(event) {
  event.preventDefault();
  const name = $("#kit-name").value.trim();
  if (!name) { $("#kit-name").focus(); toast("Give the kit a name.", "error"); return; }
  const button = $("#kit-save");
  button.disabled = true;
  try {
    const logos = [];
    const logoFile = $("#kit-logo").files[0];
    if (logoFile) {
      const form = new FormData();
      form.append("file", logoFile, logoFile.name);
      form.append("asset_type", "logo");
      logos.push((await api("/api/v1/assets", { method: "POST", form })).id);
    }
    const kit = await api(KITS_URL, { method: "POST", json: {
      name, primary_color: $("#kit-primary").value, secondary_color: $("#kit-secondary").value,
      accent_color: $("#kit-accent").value, font_name: $("#kit-font").value || null, logo_asset_ids: logos,
      is_default: $("#kit-default").checked, title_style: { uppercase: $("#kit-uppercase").checked },
    } });
    const fontFile = $("#kit-font-file").files[0];
    if (fontFile) {
      const form = new FormData();
      form.append("file", fontFile, fontFile.name);
      try {
        await api(`${KITS_URL}/${kit.id}/font`, { method: "PUT", form });
      } catch (error) {
        toast(`Kit saved without the font, which was refused. ${problemText(error)}.`, "error");
      }
    }
    $("#kit-form").reset();
    preview();
    toast(`Brand kit "${kit.name}" saved.`);
    await loadKits();
  } catch (error) {
    toastError(error, "Could not save the kit");
  } finally {
    button.disabled = false;
  }
}

async function setDefault(kit) {
  try {
    await api(`${KITS_URL}/${kit.id}`, { method: "PATCH", json: { is_default: true } });
    await loadKits();
  } catch (error) { toastError(error, "Could not change the default kit"); }
}

async function deleteKit(kit) {
  if (!confirm(`Delete the brand kit "${kit.name}"? Thumbnails made with it stay as they are.`)) return;
  try {
    await api(`${KITS_URL}/${kit.id}`, { method: "DELETE" });
    toast(`Brand kit "${kit.name}" deleted.`);
    await loadKits();
  } catch (error) { toastError(error, "Could not delete the kit"); }
}
