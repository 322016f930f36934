// Live events over the WebSocket /ws?token=...: generation:progress|completed|failed and
// chat:message, each {event, data}. Reconnects with exponential backoff (0.5 s doubling to
// 15 s, with jitter) and at once when the tab comes back online or into view. On connect the
// server first sends the current state of active generations, so progress catches up by
// itself; `onReconnect` lets a page refetch what it may have missed (new chat messages).
import { accessToken, refreshTokens } from "./api.js";

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;
// close codes the server uses for a bad or expired token (policy violation / app-level 4401-4403)
const AUTH_CLOSE_CODES = new Set([1008, 4001, 4401, 4403]);

export class LiveEvents {
  /** `onEvent(name, data)`; `onReconnect()` after a reconnection (not the first connection). */
  constructor({ onEvent, onReconnect = () => {}, onState = () => {} }) {
    this.onEvent = onEvent;
    this.onReconnect = onReconnect;
    this.onState = onState;
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.stopped = false;
    this.connectedOnce = false;
    this.wake = () => { if (!this.socket && !this.stopped) this.connectNow(); };
    window.addEventListener("online", this.wake);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) this.wake(); });
  }

  start() { this.stopped = false; this.connectNow(); return this; }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(1000);
    this.socket = null;
  }

  connectNow() {
    clearTimeout(this.timer);
    this.timer = null;
    this.connect().catch(() => this.retry());
  }

  async connect() {
    const token = await accessToken();
    if (!token || this.stopped || this.socket) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.onState("open");
      if (this.connectedOnce) this.onReconnect();
      this.connectedOnce = true;
    });
    socket.addEventListener("message", (message) => {
      let event;
      try { event = JSON.parse(message.data); } catch { return; }
      if (event && typeof event.event === "string") this.onEvent(event.event, event.data || {});
    });
    socket.addEventListener("close", async (closed) => {
      if (this.socket === socket) this.socket = null;
      this.onState("closed");
      if (this.stopped) return;
      if (AUTH_CLOSE_CODES.has(closed.code)) {
        try { if (!(await refreshTokens())) return; } catch { /* offline: retry below */ }
      }
      this.retry();
    });
  }

  retry() {
    if (this.stopped || this.timer) return;
    const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => { this.timer = null; this.connectNow(); }, delay * (0.75 + Math.random() * 0.5));
  }
}
