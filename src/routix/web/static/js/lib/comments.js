// The comment thread of a shared version (GET / POST /api/v1/shared/{id}/comments): comments
// oldest first ("Show more comments" follows the cursor), each with its author's display name,
// and a form to add one (1-2000 characters). Text is set with textContent, never as HTML.
import { api } from "./api.js";
import { h, timeAgo } from "./dom.js";
import { toast, toastError } from "./toast.js";

/** The longest comment the server takes, in characters. */
export const MAX_COMMENT = 2000;
const PAGE = 20;

function commentItem(comment) {
  return h(`li.comment${comment.mine ? ".is-mine" : ""}`, { dataset: { id: comment.id } },
    h("div.comment-head", {},
      h("span.comment-author", {}, comment.mine ? `${comment.author} (you)` : comment.author),
      comment.by_owner ? h("span.pill.pill-soft", {}, "Owner") : null,
      h("time.comment-time", { datetime: comment.created_at, title: new Date(comment.created_at).toLocaleString() },
        timeAgo(comment.created_at))),
    h("p.comment-body", {}, comment.body));
}

/**
 * The thread of version `generationId` starting from `firstPage` (a comment list answer:
 * {items, total, next_cursor}). Returns the <section> to put in the page.
 */
export function commentThread(generationId, firstPage) {
  const url = `/api/v1/shared/${generationId}/comments`;
  const state = { cursor: firstPage.next_cursor, total: firstPage.total };
  const title = h("h3.comments-title", { id: "comments-title" });
  const empty = h("p.comments-empty", {}, "No comments yet. Be the first to say what you think.");
  const list = h("ol.comment-list", { "aria-labelledby": "comments-title", tabindex: "0" },
    firstPage.items.map(commentItem));
  const more = h("button.btn.btn-ghost.btn-sm", { type: "button", on: { click: () => loadMore() } },
    "Show more comments");
  const field = h("textarea.input", {
    id: "comment-body", name: "body", rows: "3", maxlength: String(MAX_COMMENT), required: true,
    placeholder: "Write a comment…", "aria-describedby": "comment-count",
  });
  const count = h("span.comment-count", { id: "comment-count" });
  const submit = h("button.btn.btn-primary.btn-sm", { type: "submit" }, "Post comment");
  const form = h("form.comment-form", {},
    h("label.field-label", { for: "comment-body" }, "Add a comment"), field,
    h("div.comment-form-row", {}, count, submit));

  const render = () => {
    title.textContent = `Comments (${state.total})`;
    empty.hidden = list.children.length > 0;
    list.hidden = list.children.length === 0;
    more.hidden = !state.cursor;
    count.textContent = `${field.value.length} / ${MAX_COMMENT}`;
  };

  /** Append the next page; resolves false when there is none or it could not be loaded. */
  async function loadMore() {
    if (!state.cursor) return false;
    more.disabled = true;
    try {
      const page = await api(`${url}?${new URLSearchParams({ limit: String(PAGE), cursor: state.cursor })}`);
      list.append(...page.items.map(commentItem));
      Object.assign(state, { cursor: page.next_cursor, total: page.total });
      return true;
    } catch (error) {
      toastError(error, "Could not load more comments");
      return false;
    } finally {
      more.disabled = false;
      render();
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = field.value.trim();
    if (!body) { toast("Write a comment first.", "error"); field.focus(); return; }
    submit.disabled = true;
    try {
      const made = await api(url, { method: "POST", json: { body } });
      state.total += 1;
      if (!state.cursor) list.append(commentItem(made));
      else while (await loadMore()); // unseen pages first: the new comment is on the last one
      field.value = "";
      render();
      list.lastElementChild?.scrollIntoView({ block: "nearest" });
      toast("Comment posted.");
    } catch (error) {
      toastError(error, "Could not post the comment");
    } finally {
      submit.disabled = false;
      field.focus();
    }
  });
  field.addEventListener("input", render);
  render();
  return h("section.comments", { "aria-labelledby": "comments-title" }, title, empty, list, more, form);
}
