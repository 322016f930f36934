// Log in / register. On success the tokens go to localStorage and the browser goes to `next`
// (a same-site path only, see lib/redirect.js) or the studio.
import { ApiError, api, problemText, refreshTokens, session, syncSessionCookie } from "../lib/api.js";
import { $, $$, wireSkipLink } from "../lib/dom.js";
import { nextParam } from "../lib/redirect.js";

const form = $("#auth-form");
const errorBox = $("#form-error");
const mode = form.dataset.mode;

/** The `next` query parameter when it is a path on this site, else "/". */
function nextPath() {
  return nextParam(location.search);
}

function showError(message, field) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  $$(".input", form).forEach((input) => input.removeAttribute("aria-invalid"));
  const input = field && form.elements[field];
  if (input) { input.setAttribute("aria-invalid", "true"); input.focus(); }
}

/** The form field a 422 problem points at ({errors: [{loc: ["body", "email"]}]}). */
function problemField(error) {
  const loc = error instanceof ApiError && error.problem.errors?.[0]?.loc;
  return Array.isArray(loc) ? loc[loc.length - 1] : null;
}

function clientCheck(data) {
  if (!data.email || !form.elements.email.checkValidity()) return ["Enter a valid email address.", "email"];
  if (mode === "register" && data.password.length < 12) return ["Use at least 12 characters for the password.", "password"];
  if (!data.password) return ["Enter your password.", "password"];
  return null;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = Object.fromEntries(new FormData(form).entries());
  data.email = (data.email || "").trim();
  if (data.username !== undefined) data.username = data.username.trim() || undefined;
  const problem = clientCheck(data);
  if (problem) { showError(...problem); return; }
  const button = $("button[type=submit]", form);
  button.disabled = true;
  try {
    const auth = await api(`/api/v1/auth/${mode}`, { method: "POST", json: data, auth: false });
    session.save(auth);
    await syncSessionCookie();
    location.assign(nextPath());
  } catch (error) {
    const message = error instanceof ApiError && error.status === 401 && mode === "login"
      ? "That email and password don't match an account."
      : problemText(error);
    showError(message, problemField(error));
    button.disabled = false;
  }
});

wireSkipLink();
// carry ?next= across the "Log in" / "Create an account" switch
$$("[data-keep-next]").forEach((a) => { a.search = location.search; });

const RESUME_KEY = "routix.resume";
/** The form's first field (Name when registering, else Email). */
const focusFirst = () => form.querySelector("input")?.focus();
if (session.loggedIn && mode === "login" && !new URLSearchParams(location.search).has("next")) {
  location.replace("/");
} else if (session.loggedIn && mode === "login" && sessionStorage.getItem(RESUME_KEY) !== nextPath()) {
  // sent here by a server-checked page (admin) whose cookie had expired: renew it and go back,
  // once per target (a cookie that cannot be set must not cause a redirect loop)
  sessionStorage.setItem(RESUME_KEY, nextPath());
  refreshTokens().then((ok) => (ok ? location.replace(nextPath()) : focusFirst()))
    .catch(focusFirst);
} else {
  sessionStorage.removeItem(RESUME_KEY);
  focusFirst();
}
