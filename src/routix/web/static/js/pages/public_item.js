// The public page of a published thumbnail (server-rendered; works without login). Likes,
// remix and report need a session (they go to /login and come back); copy link works for all.
import { api, session, goToLogin } from "../lib/api.js";
import { $ } from "../lib/dom.js";
import { remix, toggleLike } from "../lib/remix.js";
import { toast, toastError } from "../lib/toast.js";

const main = $("#main");
const slug = main.dataset.slug;
const likeButton = $("#like");

function showLike(answer) {
  likeButton.setAttribute("aria-pressed", String(Boolean(answer.liked)));
  $("#like-count").textContent = String(answer.like_count);
}

likeButton.addEventListener("click", async () => {
  const answer = await toggleLike(slug);
  if (answer) showLike(answer);
});

$("#remix").addEventListener("click", async (event) => {
  const created = await remix(JSON.parse(event.currentTarget.dataset.remix));
  if (created) location.assign("/gallery");
});

$("#copy-link").addEventListener("click", async (event) => {
  const url = event.currentTarget.dataset.url;
  try {
    await navigator.clipboard.writeText(url);
    toast("Anyone with this link can see this thumbnail.", "info", "Link copied");
  } catch {
    toast(url, "info", "Copy this link");
  }
});

$("#report").addEventListener("click", async () => {
  if (!session.loggedIn) { goToLogin(); return; }
  try {
    await api(`/api/v1/public/${encodeURIComponent(slug)}/report`, { method: "POST", json: { reason: "abuse" } });
    toast("Thanks: a moderator will look at it.");
  } catch (error) {
    toastError(error, "Could not send the report");
  }
});

// A signed-in visitor sees whether they like it already.
if (session.loggedIn) {
  api(`/api/v1/public/${encodeURIComponent(slug)}`).then((item) => showLike(item)).catch(() => {});
}
