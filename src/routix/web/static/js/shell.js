// The studio shell shared by the chat, gallery and API-keys pages: the sidebar (conversation
// list, navigation, account, log out) and its off-canvas behaviour on phones.
import { api, logout, session } from "./lib/api.js";
import { $, $$, h, icon, wireSkipLink } from "./lib/dom.js";
import { toastError } from "./lib/toast.js";

const CONVERSATIONS_SHOWN = 50;

/** Wire the shell once per page. `current`: "chat" | "gallery" | "api-keys". Resolves to
 * the fresh user (or null). */
export function initShell(current) {
  wireSkipLink();
  const app = $(".app");
  const menuButton = $(".menu-btn");
  const setOpen = (open) => {
    app.classList.toggle("sidebar-open", open);
    $(".scrim").hidden = !open;
    if (menuButton) menuButton.setAttribute("aria-expanded", String(open));
    if (open) $("#sidebar a, #sidebar button")?.focus();
  };
  $$('[data-action="open-sidebar"]').forEach((el) => el.addEventListener("click", () => setOpen(true)));
  $$('[data-action="close-sidebar"]').forEach((el) => el.addEventListener("click", () => setOpen(false)));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && app.classList.contains("sidebar-open")) { setOpen(false); menuButton?.focus(); }
  });
  $('[data-action="logout"]').addEventListener("click", () => logout());
  const nav = $(`[data-nav="${current}"]`);
  if (nav) nav.setAttribute("aria-current", "page");
  showAccount(session.user);
  return refreshAccount();
}

/** Reload the account (name, credits) from /api/v1/auth/me into the sidebar; resolves to it. */
export function refreshAccount() {
  return api("/api/v1/auth/me").then((user) => { session.setUser(user); showAccount(user); return user; }).catch(() => null);
}

/** The user's display name: username, else the part of the email before "@". */
export function displayName(user) {
  if (!user) return "there";
  return user.username || (user.email || "").split("@")[0] || "there";
}

function showAccount(user) {
  if (!user) return;
  const adminLink = $('[data-nav="admin"]');
  if (adminLink) adminLink.hidden = !user.is_admin;
  const name = displayName(user);
  $("#account-name").textContent = name;
  $("#account-avatar").textContent = name.charAt(0).toUpperCase();
  const credits = Number(user.credits ?? 0);
  $("#account-credits").textContent = `${credits} credit${credits === 1 ? "" : "s"} · ${user.subscription_tier || "free"}`;
}

/** The conversations of an API answer ({conversations: [...]}, {items: [...]} or a list). */
export function conversationsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return answer?.conversations || answer?.items || [];
}

/** (Re)load the sidebar's conversation list, marking `activeId`. */
export async function loadConversations(activeId = "") {
  const list = $("#conversation-list");
  let conversations;
  try {
    conversations = conversationsOf(await api(`/api/v1/chat/conversations?limit=${CONVERSATIONS_SHOWN}`));
  } catch {
    list.replaceChildren(h("li.empty", {}, "Could not load your chats."));
    return;
  }
  if (!conversations.length) {
    list.replaceChildren(h("li.empty", {}, "No chats yet. Start one!"));
    return;
  }
  list.replaceChildren(...conversations.map((c) => conversationItem(c, activeId)));
}

function conversationItem(conversation, activeId) {
  const id = String(conversation.id);
  const title = conversation.title || "New chat";
  return h("li.conversation-item", {}, h("a", {
    href: `/c/${id}`, title, dataset: { conversationId: id },
    "aria-current": id === activeId ? "page" : null,
  }, title),
  h("span.conversation-tools", {},
    h("button.icon-btn.icon-btn-sm", { type: "button", title: "Rename", "aria-label": `Rename chat "${title}"`,
      dataset: { action: "rename-chat" }, on: { click: () => renameConversation(id, title, activeId) } },
    icon("M4 20h4L19 9l-4-4L4 16z", "M14 6l4 4")),
    h("button.icon-btn.icon-btn-sm", { type: "button", title: "Delete", "aria-label": `Delete chat "${title}"`,
      dataset: { action: "delete-chat" }, on: { click: () => deleteConversation(id, title, activeId) } },
    icon("M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13"))));
}

async function renameConversation(id, current, activeId) {
  const next = window.prompt("New name for this chat", current);
  if (next === null || !next.trim() || next.trim() === current) return;
  try {
    await api(`/api/v1/chat/conversations/${id}`, { method: "PATCH", json: { title: next.trim() } });
    if (id === activeId) { const heading = $("#page-title"); if (heading) heading.textContent = next.trim(); }
    loadConversations(activeId);
  } catch (error) { toastError(error, "Could not rename the chat"); }
}

async function deleteConversation(id, title, activeId) {
  if (!window.confirm(`Delete the chat "${title}"? Its thumbnails stay in My thumbnails.`)) return;
  try {
    await api(`/api/v1/chat/conversations/${id}`, { method: "DELETE" });
    if (id === activeId) location.assign("/");
    else loadConversations(activeId);
  } catch (error) { toastError(error, "Could not delete the chat"); }
}

/** Mark `activeId` current in the sidebar without reloading it. */
export function markActive(activeId) {
  $$("#conversation-list a").forEach((a) => {
    if (a.dataset.conversationId === activeId) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
}
