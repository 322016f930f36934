// Pieces shared by the template grid and the template page: the image (a signed URL from the
// API, or the rendered skeleton preview for starter templates) and the status badge.
import { accessToken } from "../lib/api.js";
import { h } from "../lib/dom.js";

const STATUS = {
  pending_analysis: ["Pending", "na"], analyzing: ["Analyzing", "warn"], analyzed: ["Analyzed", "ok"], failed: ["Failed", "bad"],
};

/** A status pill for a template's analysis status. */
export function statusBadge(status) {
  const [label, kind] = STATUS[status] || [status, "na"];
  return h(`span.status-pill.status-${kind}`, { dataset: { status } }, label);
}

/**
 * <img> of a template: `thumbnail_url` (thumb) or `image_url` (signed, admin-only URLs). Starter
 * templates have no image: their skeleton preview (`preview_url`, signed) stands in; without one
 * it is fetched from GET .../preview.png with the bearer token and shown from a blob: URL.
 */
export function templateImage(t, { thumb = false } = {}) {
  const alt = `Template ${t.name || t.slug}`;
  const url = (thumb ? t.thumbnail_url || t.image_url : t.image_url || t.thumbnail_url) || t.preview_url;
  const img = h("img", { alt, loading: thumb ? "lazy" : null, decoding: "async", width: t.width || 1280, height: t.height || 720 });
  if (url) img.src = url;
  else previewInto(img, t.id);
  return img;
}

async function previewInto(img, id) {
  try {
    const token = await accessToken();
    const response = await fetch(`/api/v1/admin/templates/${id}/preview.png`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(String(response.status));
    img.src = URL.createObjectURL(await response.blob());
  } catch {
    img.replaceWith(h("div.status-tile", {}, "No preview"));
  }
}
