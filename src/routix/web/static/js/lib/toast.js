// Toasts: short, readable notices in the page's live region (never raw JSON).
import { h } from "./dom.js";
import { problemText } from "./api.js";

const DURATION_MS = 5000;

/** Show `message` for a few seconds. `kind` "info" | "error". */
export function toast(message, kind = "info", title = "") {
  const box = document.getElementById("toasts");
  if (!box) return;
  const el = h(`div.toast.toast-${kind}`, {}, title ? h("strong", {}, title) : null, message);
  box.append(el);
  setTimeout(() => el.remove(), kind === "error" ? DURATION_MS * 1.6 : DURATION_MS);
}

/** Show an error (an ApiError's problem, a network failure, anything) as a readable toast. */
export function toastError(error, fallback = "Something went wrong") {
  toast(problemText(error, fallback), "error");
}
