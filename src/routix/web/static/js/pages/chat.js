// The chat page: the welcome screen (/) and a conversation (/c/{id}).
//
// Messages come from GET .../messages; posting answers with the user's message and the
// assistant's replies; later replies (the finished thumbnail) and progress arrive over the
// WebSocket. Messages are keyed by id, so a reply seen both in a POST answer and as a
// chat:message event is shown once, and they are kept in timestamp order.
import { api, requireSession, session } from "../lib/api.js";
import { $, $$ } from "../lib/dom.js";
import { LiveEvents } from "../lib/live.js";
import { toastError } from "../lib/toast.js";
import { displayName, initShell, loadConversations, refreshAccount } from "../shell.js";
import { initComposer, acceptable, uploadAsset } from "../chat/composer.js";
import { updateProgress } from "../chat/progress.js";
import { renderMessage, settleChoices } from "../chat/render.js";
import { reuseSelect, roleLabel } from "../chat/roles.js";

const CHAT = "/api/v1/chat/conversations";
const HISTORY_PAGE = 100;  // messages per request: the API's largest page
const HISTORY_PAGES = 10;  // requests at most: the first 1000 messages
const RESULT_GRACE_MS = 2500;

const app = $(".app");
const list = $("#messages");
const thread = $("#thread");
const typing = $("#typing");
let conversationId = app.dataset.conversationId || "";
let conversationTitle = "";
let composer;

const actions = {
  selectAlgorithm: (option, button) => {
    button.closest(".algo-grid")?.querySelectorAll(".algo-card").forEach((card) => { card.disabled = true; });
    button.setAttribute("aria-pressed", "true");
    return post({ type: "algorithm_selection", content: "", metadata: { algorithm: option.name } }).catch(() => settleChoices(list));
  },
  upload: async (kind) => {
    const file = await composer.pickFile(kind);
    if (!file || !acceptable(file)) return;
    setTyping(true);
    try {
      const asset = await uploadAsset(file, kind);
      await post({ type: "file_upload", content: "", metadata: { asset_id: asset.id, kind } });
    } catch (error) {
      setTyping(false);
      toastError(error, "The upload failed");
    }
  },
  skipUpload: () => post({ type: "text", content: "skip", metadata: {} }).catch(toastError),
  pickTitle: (title) => post({ type: "text", content: `Title: ${title}`, metadata: {} }).catch(toastError),
  // result-card actions act on the card they are clicked on (its version id)
  regenerate: (versionId) => post({ type: "text", content: "again", metadata: about(versionId) }).catch(toastError),
  moreVariants: (versionId) => post({ type: "text", content: "more variants", metadata: about(versionId) }).catch(toastError),
  edit: (versionId, text) => post({ type: "text", content: text, metadata: about(versionId) }).catch(toastError),
  undo: (versionId) => post({ type: "text", content: "undo", metadata: about(versionId) }).catch(toastError),
};

/** The metadata of a follow-up about one version (a result card), or none. */
function about(versionId) {
  return typeof versionId === "string" && versionId ? { version_id: versionId } : {};
}

// ------------------------------------------------------------------------------ rendering
function show(view) {
  $("#welcome").hidden = view !== "welcome";
  thread.hidden = view !== "thread";
}

function setTitle(title) {
  conversationTitle = title || "New chat";
  $("#page-title").textContent = conversationTitle;
  document.title = `${conversationTitle} · Routix`;
}

/** Insert or replace `message` (a message view), keeping timestamp order. */
function upsert(message) {
  const li = renderMessage(message, { actions, title: conversationTitle });
  if (message.type === "file_upload" && message.role === "user") {
    const meta = message.metadata || {};
    if (meta.role) li.querySelector("img.attachment-thumb")?.setAttribute("alt", `Your image, used as: ${roleLabel(meta)}`);
    li.querySelector(".msg-body")?.append(reuseSelect(meta, (metadata) =>
      post({ type: "file_upload", content: "", metadata }).catch(toastError)));
  }
  const existing = list.querySelector(`li[data-id="${CSS.escape(message.id)}"]`);
  if (existing) existing.replaceWith(li);
  else {
    const ts = Date.parse(message.timestamp || message.created_at || "") || Infinity;
    const after = Array.from(list.children).find((x) => (Date.parse(x.dataset.ts) || 0) > ts);
    list.insertBefore(li, after || null);
  }
  return li;
}

function addMessages(messages, { scroll = true } = {}) {
  messages.forEach(upsert);
  settleChoices(list);
  if (scroll) scrollToEnd();
}

function scrollToEnd() {
  requestAnimationFrame(() => { thread.scrollTop = thread.scrollHeight; });
}

function setTyping(on) {
  typing.hidden = !on;
  if (on) { thread.append(typing); scrollToEnd(); }
}

// ------------------------------------------------------------------------------ data
/** The conversation's messages, oldest first: pages of HISTORY_PAGE along `next_cursor`. */
async function loadHistory() {
  const messages = [];
  let cursor = "";
  for (let request = 0; request < HISTORY_PAGES; request += 1) {
    const query = new URLSearchParams({ limit: String(HISTORY_PAGE) });
    if (cursor) query.set("cursor", cursor);
    const page = await api(`${CHAT}/${conversationId}/messages?${query}`);
    messages.push(...page.messages);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return messages;
}

async function loadConversation() {
  show("thread");
  try {
    const [conversation, messages] = await Promise.all([
      api(`${CHAT}/${conversationId}`),
      loadHistory(),
    ]);
    setTitle(conversation.title);
    list.replaceChildren();
    addMessages(messages, { scroll: false });
    composer.restore(messages);
    thread.scrollTop = thread.scrollHeight;
  } catch (error) {
    if (error.status === 404) { notFound(); return; }
    toastError(error, "Could not load this chat");
  }
}

function notFound() {
  show("welcome");
  $("#welcome-title").textContent = "This chat does not exist, or it is not yours.";
  conversationId = "";
  history.replaceState(null, "", "/");
}

/**
 * Post a user message in the current conversation, with the composer's style preset and brand
 * kit in its metadata (they hold for the chat's next generation). With none yet, the conversation is created
 * for this message and deleted again when the message is refused (no empty "New chat" left
 * behind; the welcome screen comes back).
 */
async function post(body) {
  body = { ...body, metadata: { ...body.metadata, ...composer.choices() } };
  let created = null;
  if (!conversationId) {
    created = await api(CHAT, { method: "POST", json: {} });
    conversationId = created.id;
    app.dataset.conversationId = conversationId;
    history.pushState(null, "", `/c/${conversationId}`);
    setTitle(created.title);
    list.replaceChildren();
    show("thread");
  }
  const pending = body.type === "text" ? upsert({
    id: `pending-${Date.now()}`, role: "user", type: "text", content: body.content, metadata: {},
    timestamp: new Date().toISOString(),
  }) : null;
  pending?.classList.add("is-pending");
  scrollToEnd();
  setTyping(true);
  try {
    const answer = await api(`${CHAT}/${conversationId}/messages`, { method: "POST", json: body });
    pending?.remove();
    addMessages([answer.message, ...answer.replies]);
    if (body.type === "text") refreshTitle();
    return answer;
  } catch (error) {
    pending?.remove();
    settleChoices(list);
    if (created) await discardNewChat(created.id);
    throw error;
  } finally {
    setTyping(false);
  }
}

/** Undo a conversation made for a first message that was refused. */
async function discardNewChat(id) {
  try { await api(`${CHAT}/${id}`, { method: "DELETE" }); } catch { /* best effort: the list shows what is left */ }
  if (conversationId !== id) return;
  conversationId = "";
  delete app.dataset.conversationId;
  history.replaceState(null, "", "/");
  list.replaceChildren();
  setTitle("New chat");
  show("welcome");
  loadConversations("");
}

async function refreshTitle() {
  const id = conversationId;
  await loadConversations(id);
  const link = $(`#conversation-list a[data-conversation-id="${CSS.escape(id)}"]`);
  if (link && id === conversationId) setTitle(link.textContent);
}

/** Send the composer's text, then each image with its role (`uploads`: file_upload metadata). */
async function send(text, uploads) {
  if (text) await post({ type: "text", content: text, metadata: {} });
  for (const metadata of uploads) {
    await post({ type: "file_upload", content: "", metadata });
  }
}

// ------------------------------------------------------------------------------ live events
const awaitingResult = new Map();

function onEvent(name, data) {
  if (name === "chat:message") {
    if (data.conversation_id === conversationId && data.message) {
      const message = data.message;
      if (message.role === "user") dropPendingCopy(message);
      addMessages([message]);
      if (message.type === "thumbnail_result" || message.type === "error") {
        clearTimeout(awaitingResult.get(message.metadata?.request_id));
        refreshAccount();
        // a result event without signed links: read the message again, links are added on read
        if (message.type === "thumbnail_result" && !message.metadata?.thumbnail_url) setTimeout(catchUp, 200);
      }
    } else {
      loadConversations(conversationId);
    }
    return;
  }
  if (name.startsWith("generation:")) {
    const here = updateProgress(data);
    if (here && (name === "generation:completed" || name === "generation:failed") && !hasResult(data.request_id)) {
      // the result message normally follows at once; if it does not, read the chat again
      clearTimeout(awaitingResult.get(data.request_id));
      awaitingResult.set(data.request_id, setTimeout(catchUp, RESULT_GRACE_MS));
    }
  }
}

/** This tab's pending copy of `message` (sent from here, its event came first) is replaced by it. */
function dropPendingCopy(message) {
  const copy = Array.from(list.querySelectorAll("li.is-pending")).find((li) => li.textContent.endsWith(message.content));
  copy?.remove();
}

function hasResult(requestId) {
  const id = CSS.escape(String(requestId));
  return Boolean(list.querySelector(`li[data-type="thumbnail_result"][data-request-id="${id}"], li[data-type="error"][data-request-id="${id}"]`));
}

async function catchUp() {
  if (!conversationId) return;
  try {
    addMessages(await loadHistory());
  } catch { /* the next event or reconnect tries again */ }
}

// ------------------------------------------------------------------------------ start
if (requireSession()) {
  const greet = (user) => $$("[data-username]").forEach((el) => { el.textContent = displayName(user); });
  greet(session.user);
  initShell("chat").then((user) => user && greet(user));
  composer = initComposer({ onSend: send });
  $$(".chip").forEach((chip) => chip.addEventListener("click", () => {
    chip.disabled = true;
    post({ type: "text", content: chip.dataset.prompt, metadata: {} })
      .catch(toastError).finally(() => { chip.disabled = false; });
  }));
  if (conversationId) loadConversation();
  else { setTitle("New chat"); composer.focus(); }
  loadConversations(conversationId);
  new LiveEvents({ onEvent, onReconnect: () => { catchUp(); loadConversations(conversationId); } }).start();
  window.addEventListener("popstate", () => location.reload());
}
