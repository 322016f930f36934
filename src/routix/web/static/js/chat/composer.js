// The input bar: a growing textarea (Enter sends, Shift+Enter breaks the line) and image
// attachments from the button, drag and drop anywhere on the chat, or paste. Each image is
// uploaded as soon as it is attached (POST /api/v1/assets); sending waits for the uploads.
// Each attachment has a role select (roles.js); the Style and Brand kit pickers are options.js.
import { api } from "../lib/api.js";
import { $, h } from "../lib/dom.js";
import { toast, toastError } from "../lib/toast.js";
import { initComposerOptions } from "./options.js";
import { roleSelect, uploadMetadata } from "./roles.js";

const ACCEPTED = ["image/jpeg", "image/png", "image/webp"];
const MAX_ATTACHMENTS = 4;

/** The longest message the API takes (characters); the page states it on the text box. */
export function promptLimit() {
  return Number($("#prompt")?.dataset.maxChars) || 1000;
}

/** A human sentence when `text` is over the limit, else "". */
export function tooLong(text) {
  const limit = promptLimit();
  if (text.length <= limit) return "";
  return `Your message is ${text.length} characters long; the limit is ${limit}. Shorten it by ${text.length - limit} and send again.`;
}

/** Upload `file` as a `kind` ("face" | "logo") asset; resolves to the AssetOut. */
export function uploadAsset(file, kind) {
  const form = new FormData();
  form.append("asset_type", kind);
  form.append("file", file, file.name || "image");
  return api("/api/v1/assets", { method: "POST", form });
}

/** Whether `file` looks like an image Routix takes (the server checks the bytes again). */
export function acceptable(file) {
  if (!ACCEPTED.includes(file.type)) {
    toast(`"${file.name || "That file"}" is not a JPEG, PNG or WebP image.`, "error");
    return false;
  }
  return true;
}

/**
 * Wire the composer. `onSend(text, uploads)` posts a message (uploads: the file_upload
 * metadata of each image, with its role) and resolves when done. Returns {pickFile(kind),
 * focus(), choices(), restore(messages)}: the style preset and brand kit every message
 * carries, and taking them from a conversation's history.
 */
export function initComposer({ onSend }) {
  const form = $("#composer");
  const prompt = $("#prompt");
  const input = $("#file-input");
  const list = $("#attachments");
  const main = $("#main");
  const attachments = [];
  const options = initComposerOptions({ tools: $("#composer-tools"), pills: $("#composer-pills") });
  let sending = false;

  const counter = $("#prompt-counter");
  const autosize = () => { prompt.style.height = "auto"; prompt.style.height = `${Math.min(prompt.scrollHeight, 180)}px`; };
  const count = () => {
    const length = prompt.value.length;
    const limit = promptLimit();
    counter.textContent = `${length} / ${limit}`;
    counter.classList.toggle("is-over", length > limit);
    counter.hidden = length < limit * 0.8;
    prompt.setAttribute("aria-invalid", String(length > limit));
  };
  prompt.addEventListener("input", () => { autosize(); count(); });
  count();
  prompt.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  function attach(file) {
    if (!acceptable(file)) return;
    if (attachments.length >= MAX_ATTACHMENTS) { toast(`At most ${MAX_ATTACHMENTS} images per message.`, "error"); return; }
    const item = { file, role: "", asset: null };
    const preview = URL.createObjectURL(file);
    const name = file.name || "image";
    const select = roleSelect(item.role, (value) => { item.role = value; });
    const remove = h("button.icon-btn", { type: "button", "aria-label": `Remove ${name}` }, "×");
    const chip = h("li.attachment.is-uploading", { title: name }, h("img", { src: preview, alt: "" }), select, remove);
    remove.addEventListener("click", () => {
      attachments.splice(attachments.indexOf(item), 1);
      chip.remove();
      URL.revokeObjectURL(preview);
    });
    item.upload = uploadAsset(file, "face").then(
      (asset) => { item.asset = asset; chip.classList.remove("is-uploading"); return asset; },
      (error) => { toastError(error, "The upload failed"); remove.click(); return null; },
    );
    attachments.push(item);
    list.append(chip);
  }

  input.addEventListener("change", () => {
    Array.from(input.files || []).forEach(attach);
    input.value = "";
  });
  prompt.addEventListener("paste", (event) => {
    const files = Array.from(event.clipboardData?.files || []).filter((f) => f.type.startsWith("image/"));
    if (files.length) { event.preventDefault(); files.forEach(attach); }
  });
  let depth = 0;
  const hasFiles = (event) => Array.from(event.dataTransfer?.types || []).includes("Files");
  main.addEventListener("dragenter", (event) => { if (hasFiles(event)) { depth += 1; main.classList.add("is-dragging"); } });
  main.addEventListener("dragleave", () => { depth = Math.max(0, depth - 1); if (!depth) main.classList.remove("is-dragging"); });
  main.addEventListener("dragover", (event) => { if (hasFiles(event)) event.preventDefault(); });
  main.addEventListener("drop", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    main.classList.remove("is-dragging");
    Array.from(event.dataTransfer.files).forEach(attach);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    const text = prompt.value.trim();
    if (!text && !attachments.length) { prompt.focus(); return; }
    const problem = tooLong(text);
    if (problem) { toast(problem, "error"); prompt.focus(); return; }
    sending = true;
    $("#send").disabled = true;
    try {
      const uploads = (await Promise.all(attachments.map((a) => a.upload)))
        .map((asset, i) => asset && uploadMetadata(asset.id, attachments[i].role)).filter(Boolean);
      if (!text && !uploads.length) return;
      await onSend(text, uploads);
      prompt.value = "";
      autosize();
      count();
      attachments.splice(0);
      list.replaceChildren();
    } catch (error) {
      toastError(error, "Your message was not sent");
    } finally {
      sending = false;
      $("#send").disabled = false;
      prompt.focus();
    }
  });

  /** Open the file picker for one image; resolves to the File or null when cancelled. */
  function pickFile() {
    return new Promise((resolve) => {
      const picker = h("input", { type: "file", accept: ACCEPTED.join(","), class: "visually-hidden" });
      picker.addEventListener("change", () => { resolve(picker.files?.[0] || null); picker.remove(); });
      picker.addEventListener("cancel", () => { resolve(null); picker.remove(); });
      document.body.append(picker);
      picker.click();
    });
  }

  return { pickFile, focus: () => prompt.focus(), choices: options.choices, restore: options.restore };
}
