// Where the studio may send the browser after login: paths on this site, nothing else.

/**
 * `target` when it is a path on this site, as the browser resolves it; else "/".
 *
 * The target is parsed the way `location.assign` would parse it (`new URL(target, origin)`), so
 * every trick the URL parser plays is played here first: tabs and newlines are dropped
 * ("/\t/evil.example" is "//evil.example", another host), "\" counts as "/", "." and ".."
 * segments go ("/.//evil.example" has the path "//evil.example"). The answer is the parsed
 * URL's path, query and fragment, and only when that URL is on `origin` and its path cannot
 * itself be read as a host ("//..."); `javascript:`, `data:` and other sites give "/".
 */
export function safeRedirect(target, origin = location.origin) {
  if (typeof target !== "string" || !target) return "/";
  let url;
  try {
    url = new URL(target, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin || url.pathname.startsWith("//")) return "/";
  const path = url.pathname + url.search + url.hash;
  // the same answer once more, as the caller's location.assign(path) will read it
  try {
    return new URL(path, origin).origin === origin ? path : "/";
  } catch {
    return "/";
  }
}

/** The `next` query parameter of this page as a safe redirect target ("/" when absent). */
export function nextParam(search = location.search) {
  return safeRedirect(new URLSearchParams(search).get("next") || "/");
}
