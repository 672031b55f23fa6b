// The control panel's view of the projector screens: how many are drawing, and a warning the moment
// one falls silent. Each projector page says `screen_alive` every few seconds from its own timer, so
// a frozen tab (its script stuck) is exactly one that stops saying it.
import { t, tn } from "./socket.js";
import { byTestId, setText } from "./dom.js";

// A screen sends every 3 s (projector.js); three missed beats and a bit of slack mean it is stuck.
const SILENT_AFTER_S = 10;

let screens = [];
let receivedAt = 0;

function draw() {
  const elapsed = (performance.now() - receivedAt) / 1000;
  const silent = screens.filter((s) => s.seen_ago + elapsed > SILENT_AFTER_S).length;
  const drawing = screens.length - silent;
  setText(byTestId("projector-screens"), tn("control.screens", drawing));
  const warning = byTestId("screen-silent");
  warning.hidden = silent === 0;
  setText(warning, silent ? t("control.screen_silent") : "");
}

/** Takes the moderator state's `screens` (each {seen_ago} in seconds, as the server sent it). */
export function renderScreens(list) {
  screens = list || [];
  receivedAt = performance.now();
  draw();
}

// Between states the ages grow here, so silence is noticed without waiting for the server.
setInterval(draw, 1000);
