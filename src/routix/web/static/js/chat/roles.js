// The role an attached image plays in the next generation (routix.generations.params.InputRef):
// person, object, logo, scene or reference (style only, or style and layout). "Auto" leaves
// the role to the server, which guesses it from the image (routix.vision.guess_role).
import { h } from "../lib/dom.js";

/** The choices of the role select: value -> label, and what goes into the file_upload. */
export const ROLE_CHOICES = [
  { value: "", label: "Auto (guessed)" },
  { value: "person", label: "Person", role: "person" },
  { value: "object", label: "Object/product", role: "object" },
  { value: "logo", label: "Logo", role: "logo" },
  { value: "scene", label: "Scene/background", role: "scene" },
  { value: "style", label: "Style reference", role: "reference", mode: "style_only" },
  { value: "layout", label: "Layout reference", role: "reference", mode: "style_and_composition" },
];

/** The file_upload metadata for an asset used with the role select's `value`. */
export function uploadMetadata(assetId, value) {
  const choice = ROLE_CHOICES.find((c) => c.value === value) || ROLE_CHOICES[0];
  const meta = { asset_id: assetId, kind: choice.role === "logo" ? "logo" : "face" };
  if (choice.role) meta.role = choice.role;
  if (choice.mode) meta.mode = choice.mode;
  return meta;
}

/** The role select's value for a stored file_upload payload ("" when the role was guessed). */
export function roleValue(meta) {
  if (!meta?.role) return "";
  if (meta.role === "reference") return meta.mode === "style_and_composition" ? "layout" : "style";
  return meta.role;
}

/** The label of a stored file_upload payload's role ("Auto (guessed)" without one). */
export function roleLabel(meta) {
  const value = roleValue(meta);
  return (ROLE_CHOICES.find((c) => c.value === value) || ROLE_CHOICES[0]).label;
}

/** A labelled <select> of the roles, set to `value`; `onChange(value)` on a change. */
export function roleSelect(value, onChange, label = "Use this image as") {
  const select = h("select.role-select", { "aria-label": label, on: { change: (e) => onChange(e.target.value) } },
    ROLE_CHOICES.map((c) => h("option", { value: c.value }, c.label)));
  select.value = value;
  return select;
}

/**
 * A select on a sent image: choosing a role posts the image again with it (`repost(metadata)`),
 * for the chat's next generation (the server keeps an image's latest role).
 */
export function reuseSelect(meta, repost) {
  const select = h("select.role-select.reuse-select", { "aria-label": "Use this image in the next thumbnail as" },
    h("option", { value: "-" }, "Use again as…"), ROLE_CHOICES.map((c) => h("option", { value: c.value }, c.label)));
  select.value = "-";
  select.addEventListener("change", () => {
    if (select.value === "-") return;
    const value = select.value;
    select.value = "-";
    repost(uploadMetadata(meta.asset_id, value));
  });
  return select;
}
