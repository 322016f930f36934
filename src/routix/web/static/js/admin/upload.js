// Uploads with progress: one XMLHttpRequest per file (fetch() cannot report upload progress),
// with the bearer token, refreshing it once on a 401 like lib/api.js does.
import { ApiError, refreshTokens, session } from "../lib/api.js";

function send(url, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    if (session.access) xhr.setRequestHeader("Authorization", `Bearer ${session.access}`);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(Math.min(99, Math.round((event.loaded / event.total) * 100)));
    });
    xhr.upload.addEventListener("load", () => onProgress(100));
    xhr.addEventListener("load", () => {
      let body = null;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { body = null; }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener("error", () => reject(new ApiError(0)));
    xhr.addEventListener("abort", () => reject(new ApiError(0, { detail: "upload cancelled" })));
    xhr.send(form);
  });
}

/**
 * POST `makeForm()` (a fresh FormData per attempt) to `url`; `onProgress(percent 0..100)`
 * follows the upload. Resolves to the JSON answer; rejects with ApiError.
 */
export async function uploadWithProgress(url, makeForm, onProgress) {
  let answer = await send(url, makeForm(), onProgress);
  if (answer.status === 401 && (await refreshTokens())) {
    onProgress(0);
    answer = await send(url, makeForm(), onProgress);
  }
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, answer.body || {});
  onProgress(100);
  return answer.body;
}
