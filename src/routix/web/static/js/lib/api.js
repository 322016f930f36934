// The JSON API client: the session (tokens in localStorage), silent refresh, RFC 7807 problems.
//
// Every call carries `Authorization: Bearer <access token>`. On a 401 the client rotates the
// refresh token once (POST /api/v1/auth/refresh) and retries; when that fails too the session
// is cleared and the browser goes to /login?next=<this page>. Refreshes are single-flight per
// tab and serialised across tabs with the Web Locks API, because a refresh token is single-use
// (reusing a rotated one revokes the whole family on the server).

const KEYS = { access: "routix.access", refresh: "routix.refresh", user: "routix.user" };
const REFRESH_LOCK = "routix-refresh";

/** An API answer that is not 2xx: `status`, `code`, `title`, `detail` from the problem. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = problem.code || (status === 0 ? "network_error" : "http_error");
    this.title = problem.title || "";
    this.detail = problem.detail || "";
    this.problem = problem;
  }
}

/** Readable text for any error: the problem's detail, a network hint, or `fallback`. */
export function problemText(error, fallback = "Something went wrong") {
  if (error instanceof ApiError) {
    if (error.status === 0) return "Can't reach Routix. Check your connection and try again.";
    if (error.status === 429) return "Too many requests; wait a moment and try again.";
    if (error.status >= 500 && !error.detail) return "Routix had a problem on its side. Please try again.";
    const text = error.detail || error.title || fallback;
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  return fallback;
}

// ------------------------------------------------------------------------------------ session
export const session = {
  get access() { return localStorage.getItem(KEYS.access); },
  get refresh() { return localStorage.getItem(KEYS.refresh); },
  get user() {
    try { return JSON.parse(localStorage.getItem(KEYS.user) || "null"); } catch { return null; }
  },
  get loggedIn() { return Boolean(localStorage.getItem(KEYS.refresh)); },
  /** Store an AuthOut answer ({access_token, refresh_token, user}). */
  save(auth) {
    localStorage.setItem(KEYS.access, auth.access_token);
    localStorage.setItem(KEYS.refresh, auth.refresh_token);
    if (auth.user) localStorage.setItem(KEYS.user, JSON.stringify(auth.user));
  },
  setUser(user) { localStorage.setItem(KEYS.user, JSON.stringify(user)); },
  clear() { Object.values(KEYS).forEach((k) => localStorage.removeItem(k)); },
};

/** Go to the login page, coming back to this page afterwards. */
export function goToLogin() {
  const here = location.pathname + location.search;
  location.assign(here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`);
}

/** Redirect to /login unless there is a session; true when there is one. */
export function requireSession() {
  if (session.loggedIn) return true;
  goToLogin();
  return false;
}

let refreshing = null;

/** Rotate the refresh token; resolves true on success, false when the session is over. */
export function refreshTokens() {
  if (!refreshing) {
    const used = session.refresh;
    const run = () => rotate(used);
    refreshing = (navigator.locks ? navigator.locks.request(REFRESH_LOCK, run) : run())
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function rotate(used) {
  const current = session.refresh;
  if (!current) return false;
  if (used && current !== used) return true; // another tab rotated it meanwhile
  let response;
  try {
    response = await fetch("/api/v1/auth/refresh", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: current }),
    });
  } catch {
    throw new ApiError(0);
  }
  if (!response.ok) {
    if (session.refresh === current) session.clear();
    return false;
  }
  session.save(await response.json());
  await syncSessionCookie();
  return true;
}

/**
 * Give the server the HttpOnly `routix_session` cookie for the current access token (POST
 * /api/v1/auth/session), so it can tell who opens an admin page. The JSON API never reads that
 * cookie. Best effort: resolves true when the cookie was set.
 */
export async function syncSessionCookie() {
  const token = session.access;
  if (!token) return false;
  try {
    const response = await fetch("/api/v1/auth/session", { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    return response.ok;
  } catch {
    return false;
  }
}

/** A valid-looking access token (refreshing first when there is none), or null. */
export async function accessToken() {
  if (!session.access && session.refresh) await refreshTokens();
  return session.access;
}

// ------------------------------------------------------------------------------------ calls
/**
 * Call the API. `json` sends a JSON body, `form` a FormData (multipart). Resolves to the
 * parsed JSON (null for 204). Rejects with ApiError (status 0 for network errors).
 * `auth: false` sends no token (register, login).
 */
export async function api(path, { method = "GET", json, form, auth = true, headers = {}, signal } = {}) {
  const send = async () => {
    const h = { Accept: "application/json", ...headers };
    let body;
    if (json !== undefined) { h["Content-Type"] = "application/json"; body = JSON.stringify(json); }
    else if (form) body = form;
    if (auth && session.access) h.Authorization = `Bearer ${session.access}`;
    try {
      return await fetch(path, { method, headers: h, body, signal });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError(0);
    }
  };
  let response = await send();
  if (response.status === 401 && auth) {
    if (await refreshTokens()) response = await send();
    if (response.status === 401) {
      session.clear();
      goToLogin();
      throw new ApiError(401, await readProblem(response));
    }
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.text();
}

async function readProblem(response) {
  try {
    const body = await response.json();
    return body && typeof body === "object" ? body : {};
  } catch {
    return { title: response.statusText };
  }
}

/** Log out: revoke the refresh token on the server (best effort) and forget the session. */
export async function logout() {
  const token = session.refresh;
  session.clear();
  try { await fetch("/api/v1/auth/session", { method: "DELETE" }); } catch { /* best effort */ }
  if (token) {
    try {
      await fetch("/api/v1/auth/logout", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: token }),
      });
    } catch { /* the local session is gone either way */ }
  }
  location.assign("/login");
}
