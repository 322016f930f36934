// Quality badges: the quality report (or the chat's summary of it) as three readable badges:
// title contrast (WCAG 2.x ratio, pass >= the check's threshold), safe margins, small-size
// legibility (OCR at 168x94; "not checked" when OCR was off).
import { h } from "./dom.js";

function badge(state, label, title) {
  return h(`span.badge.badge-${state}`, { title: title || label }, label);
}

function find(report, name) {
  return (report.checks || []).find((check) => check.name === name) || null;
}

/** Badges for a full QualityReport ({passed, checks: [...], contrast_ratio, legible_at_small}). */
export function reportBadges(report) {
  if (!report) return h("div.badges", {}, badge("na", "No quality report"));
  const contrast = find(report, "title_contrast");
  const margins = find(report, "safe_margins");
  const legible = find(report, "legibility_small");
  const ratio = report.contrast_ratio ?? contrast?.value;
  return h("div.badges", { "aria-label": "Quality checks" },
    contrast && !contrast.skipped
      ? badge(contrast.passed ? "ok" : "bad", `Contrast ${Number(ratio).toFixed(1)}:1`, contrast.message)
      : badge("na", "Contrast: no title", contrast?.message),
    margins && !margins.skipped
      ? badge(margins.passed ? "ok" : "bad", margins.passed ? "Safe margins" : "Outside safe margins", margins.message)
      : badge("na", "Margins not checked", margins?.message),
    legibleBadge(legible && !legible.skipped ? legible.passed : null, legible?.message),
  );
}

/** Badges for the chat's QualitySummary ({passed, contrast_ratio, legible_at_small, failures}). */
export function summaryBadges(summary) {
  if (!summary) return null;
  const margins = !(summary.failures || []).some((text) => /margin/i.test(text));
  return h("div.badges", { "aria-label": "Quality checks" },
    summary.contrast_ratio != null
      ? badge(summary.contrast_ratio >= 4.5 ? "ok" : "bad", `Contrast ${Number(summary.contrast_ratio).toFixed(1)}:1`)
      : badge("na", "Contrast: no title"),
    badge(margins ? "ok" : "bad", margins ? "Safe margins" : "Outside safe margins"),
    legibleBadge(summary.legible_at_small),
  );
}

function legibleBadge(value, message) {
  if (value === null || value === undefined) return badge("na", "Small size: not checked", message || "OCR is off on this server");
  return badge(value ? "ok" : "bad", value ? "Legible at 168×94" : "Hard to read small", message);
}
