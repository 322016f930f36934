// The "Animate" panel of a result card: pick a preset (each shown by a small looping preview made
// once from the sample thumbnail, docs/animate/preset_previews.py), a length and a format, start a
// video job (POST /api/v1/generation/{id}/video), follow its progress (GET /api/v1/videos/{id})
// and play it.
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
/** Output sizes: each one is the design's own layout for that aspect, never a crop. */
export const SIZES = [
  ["1280x720", "16:9 · YouTube"],
  ["1080x1080", "1:1 · Square post"],
  ["1080x1920", "9:16 · Shorts / Reels"],
];
const PREVIEWS = "/static/img/presets";
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

/** The preset picker: one radio tile per preset with its looping preview (its poster when the
 * user prefers reduced motion). */
export function presetPicker(name = "preset") {
  const tiles = PRESETS.map(([value, label], i) => h("label.preset-tile", {},
    h("input", { type: "radio", name, value, checked: i === 0 }),
    h("picture", {},
      h("source", { media: "(prefers-reduced-motion: reduce)", srcset: `${PREVIEWS}/${value}-poster.webp` }),
      h("img", { src: `${PREVIEWS}/${value}.webp`, alt: "", width: "240", height: "135", loading: "lazy",
        decoding: "async" })),
    h("span", {}, label)));
  return h("fieldset.preset-picker", {}, h("legend", {}, "Animation preset"), ...tiles);
}

function form(requestId, panel) {
  const name = `preset-${requestId}`;
  const picker = presetPicker(name);
  const duration = h("select", { "aria-label": "Video length", name: "duration" },
    DURATIONS.map((s) => h("option", { value: String(s), selected: s === 4 }, `${s} s`)));
  const size = h("select", { "aria-label": "Video format", name: "size" },
    SIZES.map(([value, label]) => h("option", { value }, label)));
  const start = h("button.btn.btn-primary.btn-sm", { type: "button" }, "Create video");
  const status = h("div.animate-status", { "aria-live": "polite" });
  start.addEventListener("click", async () => {
    start.disabled = true;
    const preset = picker.querySelector("input:checked")?.value || PRESETS[0][0];
    try {
      const video = await api(`/api/v1/generation/${requestId}/video`, {
        method: "POST",
        json: { preset, duration: Number(duration.value), size: size.value, formats: ["mp4", "poster"] },
      });
      follow(video, status, () => { start.disabled = false; });
    } catch (error) {
      status.replaceChildren(h("p.msg-note", { role: "alert" }, problemText(error, "Could not start the video")));
      start.disabled = false;
    }
  });
  panel.dataset.requestId = requestId;
  return [picker, h("div.animate-form", {}, duration, size, start), status];
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

/** A finished video: the player (poster first, MP4 on play) and its download link. */
export function player(v) {
  const mp4 = v.files.mp4;
  const poster = v.files.poster?.url;
  const [w, h_] = v.size.split("x");
  return h("div.animate-player", {},
    h("video", { src: mp4.url, poster, controls: true, playsinline: true, muted: true, loop: true, width: w, height: h_,
      "aria-label": `${v.preset} video` }),
    h("a.btn.btn-ghost.btn-sm", { href: mp4.url, download: mp4.name, "aria-label": "Download the MP4" },
      icon(...ICONS.download), `MP4 · ${(mp4.bytes / 1e6).toFixed(1)} MB`));
}
