// The "Animate" panel of a result card: pick a preset, start a video job
// (POST /api/v1/generation/{id}/video), follow its progress (GET /api/v1/videos/{id}) and play it.
import { api, problemText } from "../lib/api.js";
import { ICONS, h, icon } from "../lib/dom.js";

/** The animate package's presets with the words the studio shows for them. */
export const PRESETS = [
  ["parallax", "Parallax"],
  ["zoom", "Slow zoom"],
  ["pan", "Pan"],
  ["fade_in", "Fade in"],
  ["title_reveal", "Title reveal"],
  ["subject_pop", "Subject pop"],
];
const DURATIONS = [2, 4, 6, 10];
const POLL_MS = 1000;

/** The Animate button and its (initially hidden) panel for generation `requestId`. */
export function animateControls(requestId) {
  if (!requestId) return { button: null, panel: null };
  const panel = h("div.animate-panel", { hidden: true, role: "group", "aria-label": "Animate this thumbnail" });
  const button = h("button.btn.btn-ghost.btn-sm", {
    type: "button", "aria-expanded": "false", title: "Turn this thumbnail into a short video",
    on: {
      click: () => {
        const open = panel.hidden;
        panel.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
        if (open && !panel.childElementCount) panel.append(...form(requestId, panel));
      },
    },
  }, icon(...ICONS.sparkle), "Animate");
  return { button, panel };
}

function form(requestId, panel) {
  const preset = h("select", { "aria-label": "Animation preset", name: "preset" },
    PRESETS.map(([value, label]) => h("option", { value }, label)));
  const duration = h("select", { "aria-label": "Video length", name: "duration" },
    DURATIONS.map((s) => h("option", { value: String(s), selected: s === 4 }, `${s} s`)));
  const start = h("button.btn.btn-primary.btn-sm", { type: "button" }, "Create video");
  const status = h("div.animate-status", { "aria-live": "polite" });
  start.addEventListener("click", async () => {
    start.disabled = true;
    try {
      const video = await api(`/api/v1/generation/${requestId}/video`, {
        method: "POST", json: { preset: preset.value, duration: Number(duration.value), formats: ["mp4", "poster"] },
      });
      follow(video, status, () => { start.disabled = false; });
    } catch (error) {
      status.replaceChildren(h("p.msg-note", { role: "alert" }, problemText(error, "Could not start the video")));
      start.disabled = false;
    }
  });
  panel.dataset.requestId = requestId;
  return [h("div.animate-form", {}, preset, duration, start), status];
}

/** Poll the video until it is final, painting the bar; then show the player or the error. */
function follow(video, status, done) {
  const fill = h("span");
  const bar = h("div.bar", {
    role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-label": "Video progress",
  }, fill);
  const note = h("p.progress-msg", {}, "");
  status.replaceChildren(bar, note);
  const paint = (v) => {
    fill.style.width = `${v.progress}%`;
    bar.setAttribute("aria-valuenow", String(v.progress));
    const eta = v.eta_seconds ? ` · about ${Math.max(1, Math.round(v.eta_seconds))} s left` : "";
    note.textContent = `${v.message}${eta}`;
  };
  const tick = async () => {
    let current = video;
    try {
      current = await api(`/api/v1/videos/${video.id}`);
    } catch (error) {
      note.textContent = problemText(error, "Lost track of the video; reload to see it");
      done();
      return;
    }
    paint(current);
    if (current.status === "completed") { status.replaceChildren(player(current)); done(); return; }
    if (current.status === "failed") {
      status.replaceChildren(h("p.msg-note", { role: "alert" }, current.error?.message || "The video failed"));
      done();
      return;
    }
    setTimeout(tick, POLL_MS);
  };
  paint(video);
  setTimeout(tick, POLL_MS);
}

function player(v) {
  const mp4 = v.files.mp4;
  const poster = v.files.poster?.url;
  const [w, h_] = v.size.split("x");
  return h("div.animate-player", {},
    h("video", { src: mp4.url, poster, controls: true, playsinline: true, muted: true, loop: true, width: w, height: h_,
      "aria-label": `${v.preset} video` }),
    h("a.btn.btn-ghost.btn-sm", { href: mp4.url, download: mp4.name, "aria-label": "Download the MP4" },
      icon(...ICONS.download), `MP4 · ${(mp4.bytes / 1e6).toFixed(1)} MB`));
}
