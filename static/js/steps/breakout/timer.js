// The breakout countdown, shared by phone, projector and control panel. The server sends
// `seconds_left` as of the snapshot; between snapshots the page counts down by itself while the
// clock runs, and every new snapshot sets it right again (so a sleeping laptop cannot drift).
import { t } from "../../socket.js";
import { h, setText } from "../../dom.js";

const pad = (n) => String(n).padStart(2, "0");

/** 734 → "12:14"; an hour or more → "1:02:03". */
export function formatClock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return hours ? `${hours}:${pad(minutes)}:${pad(s % 60)}` : `${minutes}:${pad(s % 60)}`;
}

/** Counts down locally from the last snapshot; calls onTick once per displayed second. */
export class Countdown {
  constructor(onTick) {
    this.onTick = onTick;
    this.base = 0;
    this.at = 0;
    this.running = false;
    this.interval = null;
    this.shown = null;
  }

  /** Resynchronises from a breakout as sent by the server (or null when no breakout is on screen). */
  update(breakout) {
    this.base = breakout ? Number(breakout.seconds_left) || 0 : 0;
    this.at = performance.now();
    this.running = Boolean(breakout && breakout.running && breakout.status === "running");
    if (this.running && !this.interval) {
      this.interval = setInterval(() => this.tick(), 250);
    } else if (!this.running && this.interval) {
      clearInterval(this.interval);
      this.interval = null;
    }
    this.shown = Math.ceil(this.seconds());
  }

  seconds() {
    if (!this.running) return this.base;
    return Math.max(0, this.base - (performance.now() - this.at) / 1000);
  }

  tick() {
    const now = Math.ceil(this.seconds());
    if (now !== this.shown) {
      this.shown = now;
      this.onTick?.();
    }
  }
}

/** What the clock says about a breakout: one of pending, running, warning, paused, over, ended. */
export function timerState(breakout, seconds) {
  if (!breakout) return "pending";
  if (breakout.status === "ended") return "ended";
  if (breakout.status === "pending" || breakout.status === "open") return "pending";
  if (seconds <= 0) return "over";
  if (breakout.status === "paused") return "paused";
  return seconds <= 60 ? "warning" : "running";
}

/**
 * Draws the clock into el: a large "12:14" plus a short label ("Paused", "Time's up").
 * el gets data-state so each screen styles it its own way.
 */
export function renderTimer(el, breakout, countdown) {
  if (!el.querySelector(".timer-clock")) {
    el.replaceChildren(h("span", { class: "timer-clock" }), h("span", { class: "timer-label" }));
  }
  const seconds = Math.ceil(countdown.seconds());
  const state = timerState(breakout, seconds);
  el.dataset.state = state;
  const clock = state === "over" ? t("timer.times_up") : state === "ended" ? t("timer.ended") : formatClock(seconds);
  setText(el.querySelector(".timer-clock"), clock);
  const labels = { pending: "timer.not_started", paused: "timer.paused", running: "timer.left", warning: "timer.left" };
  setText(el.querySelector(".timer-label"), labels[state] ? t(labels[state]) : "");
  el.setAttribute("aria-label", `${clock} ${labels[state] ? t(labels[state]) : ""}`.trim());
}
