// API keys: create (the key is shown once), list, revoke.
import { api, requireSession } from "../lib/api.js";
import { $, copyText, h, timeAgo } from "../lib/dom.js";
import { toast, toastError } from "../lib/toast.js";
import { initShell, loadConversations } from "../shell.js";

const KEYS_URL = "/api/v1/auth/api-keys";

if (requireSession()) {
  initShell("api-keys");
  loadConversations();
  loadKeys();
  $("#key-form").addEventListener("submit", createKey);
  $('[data-action="copy-key"]').addEventListener("click", async () => {
    const ok = await copyText($("#new-key-value").textContent);
    toast(ok ? "Key copied to the clipboard." : "Copy failed; select the key and copy it by hand.", ok ? "info" : "error");
  });
}

async function loadKeys() {
  let keys;
  try { keys = await api(KEYS_URL); } catch (error) { toastError(error, "Could not load your keys"); return; }
  $("#key-rows").replaceChildren(...keys.map(keyRow));
  $("#key-empty").hidden = keys.length > 0;
  $("#key-table").hidden = keys.length === 0;
}

function keyRow(key) {
  const revoked = Boolean(key.revoked_at);
  const revoke = h("button.btn.btn-danger.btn-sm", {
    type: "button", "aria-label": `Revoke key ${key.name}`,
    on: { click: () => revokeKey(key, revoke) },
  }, "Revoke");
  return h("tr", { class: revoked ? "revoked" : "" },
    h("td", {}, h("strong", {}, key.name)),
    h("td", {}, h("code", {}, `${key.prefix}…`)),
    h("td", {}, `Created ${timeAgo(key.created_at)}`),
    h("td", {}, key.last_used_at ? `Used ${timeAgo(key.last_used_at)}` : "Never used"),
    h("td", {}, revoked ? h("span.pill.pill-soft", {}, "Revoked") : revoke),
  );
}

async function createKey(event) {
  event.preventDefault();
  const input = $("#key-name");
  const name = input.value.trim();
  if (!name) { input.focus(); toast("Give the key a name.", "error"); return; }
  try {
    const created = await api(KEYS_URL, { method: "POST", json: { name } });
    $("#new-key-value").textContent = created.key;
    $("#new-key").hidden = false;
    input.value = "";
    await loadKeys();
    $('[data-action="copy-key"]').focus();
  } catch (error) {
    toastError(error, "Could not create the key");
  }
}

async function revokeKey(key, button) {
  if (!confirm(`Revoke "${key.name}"? Scripts using it stop working at once.`)) return;
  button.disabled = true;
  try {
    await api(`${KEYS_URL}/${key.id}`, { method: "DELETE" });
    toast(`Key "${key.name}" revoked.`);
    await loadKeys();
  } catch (error) {
    button.disabled = false;
    toastError(error, "Could not revoke the key");
  }
}
