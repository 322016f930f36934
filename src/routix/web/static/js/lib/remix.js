// Remix: start a new generation with a public item's settings (prompt, title, algorithm;
// never its faces, logos or references), then follow it in the gallery.
import { api, session, goToLogin } from "./api.js";
import { toast, toastError } from "./toast.js";

/** Queue a generation from `settings` ({prompt, title, algorithm}); needs a session. */
export async function remix(settings) {
  if (!session.loggedIn) { goToLogin(); return null; }
  const body = { prompt: settings.prompt };
  if (settings.title) body.title = settings.title;
  if (settings.algorithm) body.algorithm = settings.algorithm;
  try {
    const created = await api("/api/v1/generation/create", { method: "POST", json: body });
    toast("Your remix is on its way: it will appear in My thumbnails.", "info", "Remix started");
    return created;
  } catch (error) {
    toastError(error, "Could not start the remix");
    return null;
  }
}

/** Like / unlike (toggle) the public item `slug`; resolves {liked, like_count} or null. */
export async function toggleLike(slug) {
  if (!session.loggedIn) { goToLogin(); return null; }
  try {
    return await api(`/api/v1/public/${encodeURIComponent(slug)}/like`, { method: "POST" });
  } catch (error) {
    toastError(error, "Could not save your like");
    return null;
  }
}
