// The studio shell shared by the chat, gallery and API-keys pages: the sidebar (conversation
// list, navigation, account, log out) and its off-canvas behaviour on phones.
import { api, logout, session } from "./lib/api.js";
import { $, $$, h, wireSkipLink } from "./lib/dom.js";

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
  return h("li", {}, h("a", {
    href: `/c/${id}`, title: conversation.title || "New chat", dataset: { conversationId: id },
    "aria-current": id === activeId ? "page" : null,
  }, conversation.title || "New chat"));
}

/** Mark `activeId` current in the sidebar without reloading it. */
export function markActive(activeId) {
  $$("#conversation-list a").forEach((a) => {
    if (a.dataset.conversationId === activeId) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
}
