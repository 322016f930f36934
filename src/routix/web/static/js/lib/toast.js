// Toasts: short, readable notices in the page's live region (never raw JSON).
//
// They sit at the top right, under the top bar (top centre on a phone): away from the input
// bar and the result actions at the bottom of the view. While a modal dialog is open they go
// inside it, in the flow just under its header (a toast under a dialog's backdrop could not be
// read, and one floating over the dialog would hide its own buttons).
import { h } from "./dom.js";
import { problemText } from "./api.js";

const DURATION_MS = 5000;

/** Show `message` for a few seconds. `kind` "info" | "error". */
export function toast(message, kind = "info", title = "") {
  const box = container();
  if (!box) return;
  const el = h(`div.toast.toast-${kind}`, {}, title ? h("strong", {}, title) : null, message);
  box.append(el);
  setTimeout(() => el.remove(), kind === "error" ? DURATION_MS * 1.6 : DURATION_MS);
}

/** The live region to use: the open modal dialog's own one (made on demand), else the page's. */
function container() {
  const dialog = Array.from(document.querySelectorAll("dialog[open]")).pop();
  if (!dialog) return document.getElementById("toasts");
  let box = dialog.querySelector(":scope > .toasts");
  if (!box) {
    box = h("div.toasts.toasts-dialog", { role: "status", "aria-live": "polite" });
    dialog.firstElementChild ? dialog.firstElementChild.after(box) : dialog.append(box);
  }
  return box;
}

/** Show an error (an ApiError's problem, a network failure, anything) as a readable toast. */
export function toastError(error, fallback = "Something went wrong") {
  toast(problemText(error, fallback), "error");
}
