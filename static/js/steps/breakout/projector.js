// The projector during a breakout: the groups as cards with their sector mix and a big countdown;
// "find your group" while the groups open; then report-back, one group's key points at a time.
import { t, tn } from "../../socket.js";
import { byTestId, h, setText, syncList } from "../../dom.js";
import { Countdown, renderTimer } from "./timer.js";
import { fitText } from "../../fit.js";

const TURN_MS = 10000;

let current = null; // the breakout last drawn, for the ticking clock
// One guiding question per card at a time, all cards turning together: a whole question at full
// size reads from the back of the hall; a list cut with "..." and faded did not. Key points that do
// not fit together at the smallest size take turns in the same way.
let turn = 0;
let turnTimer = null;
const countdown = new Countdown(() => {
  if (current) renderTimer(byTestId("timer"), current, countdown);
});

/** Sector → colour slot, by the session's order of sectors, so colours match across cards. */
function sectorSlot(sectors, sector) {
  const i = sectors.indexOf(sector);
  return i < 0 ? 7 : i % 8;
}

function createGroup() {
  return h(
    "li",
    { class: "pj-group", "data-testid": "breakout-group" },
    h("div", { class: "pj-group-number", "aria-hidden": "true" }),
    h(
      "div",
      { class: "pj-group-body" },
      h("h2", { class: "pj-group-name" }),
      h("p", { class: "pj-group-place" }),
      h("p", { class: "pj-group-questions", "data-testid": "group-question" }),
      h("div", { class: "pj-group-mix", "data-testid": "group-sector-mix" }),
      h("p", { class: "pj-group-stats" }, h("span", { class: "pj-group-members" }), h("span", { class: "pj-group-notes" })),
    ),
  );
}

function updateGroup(li, g, sectors) {
  li.dataset.number = g.number;
  setText(li.querySelector(".pj-group-number"), g.number);
  setText(li.querySelector(".pj-group-name"), g.name);
  const place = li.querySelector(".pj-group-place");
  setText(place, g.place || "");
  place.hidden = !g.place;
  const questions = g.questions || [];
  const question = li.querySelector(".pj-group-questions");
  setText(question, questions.length ? questions[turn % questions.length] : "");
  question.hidden = questions.length === 0;
  const members = typeof g.members === "number" ? g.members : (g.members || []).length;
  setText(li.querySelector(".pj-group-members"), tn("breakout.members_count", members));
  setText(li.querySelector(".pj-group-notes"), typeof g.notes === "number" ? tn("breakout.notes_count", g.notes) : "");
  // The mix: one bar segment per sector, widths by members; the legend below the cards names the colours.
  const mix = (g.by_sector || []).filter((s) => s.count > 0);
  syncList(li.querySelector(".pj-group-mix"), mix, (s) => s.sector,
    () => h("span", { class: "pj-mix-seg" }, h("span", { class: "pj-mix-count" })),
    (seg, s) => {
      seg.className = `pj-mix-seg sector-${sectorSlot(sectors, s.sector)}`;
      seg.style.flexGrow = String(s.count);
      seg.title = `${s.sector}: ${s.count}`;
      setText(seg.firstChild, s.count);
    });
}

function renderGroups(state, bo) {
  const sectors = state.session?.sectors || [];
  // The projector's groups carry counts; the breakout's carry the questions: show both.
  const questions = new Map((bo.groups || []).map((g) => [g.id, g.questions || []]));
  const groups = (state.groups || bo.groups || []).map((g) => ({ ...g, questions: g.questions || questions.get(g.id) || [] }));
  const list = byTestId("breakout-groups");
  layoutGroups(list, groups.length);
  syncList(list, groups, (g) => g.id ?? g.number, createGroup, (li, g) => updateGroup(li, g, sectors));
  byTestId("breakout-empty").hidden = groups.length > 0;
  const used = new Set(groups.flatMap((g) => (g.by_sector || []).filter((s) => s.count > 0).map((s) => s.sector)));
  syncList(byTestId("sector-legend"), sectors.filter((s) => used.has(s)), (s) => s,
    () => h("li", { class: "pj-legend-item" }, h("span", { class: "pj-legend-swatch", "aria-hidden": "true" }), h("span")),
    (li, s) => {
      li.firstChild.className = `pj-legend-swatch sector-${sectorSlot(sectors, s)}`;
      setText(li.lastChild, s);
    });
}

function renderReport(state, bo) {
  const report = state.report;
  setText(byTestId("report-group-number"), t("breakout.group_number", { number: report.group.number }));
  setText(byTestId("report-group-name"), report.group.name);
  const points = report.key_points || [];
  byTestId("report-empty").hidden = points.length > 0;
  byTestId("key-points").hidden = points.length === 0;
  byTestId("report-hint").hidden = points.length === 0;
  syncList(byTestId("key-points"), points, (k) => k.id,
    () => h("li", { class: "pj-keypoint", "data-testid": "key-point" },
      h("span", { class: "pj-keypoint-text" }),
      h("span", { class: "pj-keypoint-supports", "data-testid": "key-point-supports" })),
    (li, k) => {
      li.dataset.id = k.id;
      setText(li.querySelector(".pj-keypoint-text"), k.text);
      const supports = li.querySelector(".pj-keypoint-supports");
      setText(supports, `+${k.supports || 0}`);
      supports.setAttribute("aria-label", tn("breakout.supports", k.supports || 0));
      supports.classList.toggle("is-zero", !k.supports);
    });
  syncList(byTestId("report-groups"), bo.groups || [], (g) => g.id ?? g.number,
    () => h("li", { class: "pj-report-chip", "data-testid": "report-group-chip" }, h("strong"), h("span")),
    (li, g) => {
      li.dataset.number = g.number;
      const isCurrent = g.number === report.group.number;
      li.classList.toggle("is-current", isCurrent);
      if (isCurrent) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      setText(li.firstChild, g.number);
      setText(li.lastChild, g.name);
    });
}

/** Which view a breakout step needs: "report" during report-back, else "breakout". */
export function breakoutView(state) {
  const bo = state.step?.breakout;
  return bo && bo.reporting != null && state.report ? "report" : "breakout";
}

let lastDrawn = null; // the arguments of the last renderBreakout, for the turns
let lastSmallest = 24; // the smallest text size fitBreakout was last given

export function renderBreakout(state, view) {
  lastDrawn = [state, view];
  if (!turnTimer) {
    turnTimer = setInterval(() => {
      turn += 1;
      if (lastDrawn) renderBreakout(...lastDrawn);
      fitBreakout(lastSmallest);
    }, TURN_MS);
  }
  const bo = state.step.breakout;
  current = bo;
  countdown.update(bo);
  document.body.dataset.breakoutStatus = bo.status;
  if (view === "report") {
    renderReport(state, bo);
    return;
  }
  const finding = bo.status === "open";
  byTestId("view-breakout").classList.toggle("is-finding", finding);
  const statusKey = bo.status === "pending" ? "breakout.projector.pending" : finding ? "breakout.projector.find"
    : bo.status === "ended" ? "breakout.projector.ended" : "breakout.projector.working";
  setText(byTestId("breakout-status"), t(statusKey));
  setText(byTestId("breakout-title"), bo.title);
  const message = byTestId("breakout-message");
  setText(message, bo.message || "");
  message.hidden = !bo.message;
  renderTimer(byTestId("timer"), bo, countdown);
  renderGroups(state, bo);
}

// A card narrower than this cannot hold a group's name or "12 deelnemers" at 24 px: four groups on a
// 1024-pixel projector go in two rows of two rather than one row of slivers.
const NARROWEST_CARD_PX = 300;

/** Columns and rows so that the cards fill the screen: as few rows as the screen's width allows, and
 * never more than three (many groups then get narrower cards, with less on each). */
function layoutGroups(list, count) {
  const widest = Math.max(1, Math.floor(window.innerWidth / NARROWEST_CARD_PX));
  const rows = Math.min(3, Math.max(1, Math.ceil(count / widest)));
  const columns = Math.max(1, Math.ceil(count / rows));
  list.style.setProperty("--columns", String(columns));
  list.dataset.rows = String(rows);
}

/** Shrinks long key points and group names until they fit; called after render and on resize. */
export function fitBreakout(smallest) {
  lastSmallest = smallest;
  const list = byTestId("breakout-groups");
  layoutGroups(list, list.children.length);
  const vh = window.innerHeight / 100;
  const points = byTestId("key-points");
  if (!points.closest("[data-view]").hidden && points.children.length) {
    const items = [...points.children];
    for (const li of items) li.hidden = false;
    fitText(points, points, 6.5 * vh, smallest);
    if (points.scrollHeight > points.clientHeight + 1 && items.length > 1) {
      items.forEach((li, i) => { li.hidden = i !== turn % items.length; });
      fitText(points, points, 6.5 * vh, smallest);
    }
  }
  const name = byTestId("report-group-name");
  if (!name.closest("[data-view]").hidden) fitText(name, name.parentElement, 11 * vh, smallest);
  // A question too long for its card even at the smallest size is left out, not cut off.
  for (const question of byTestId("breakout-groups").querySelectorAll(".pj-group-questions")) {
    question.dataset.fits = question.scrollHeight <= question.clientHeight + 1 ? "yes" : "no";
  }
}

export function stopBreakout() {
  current = null;
  lastDrawn = null;
  clearInterval(turnTimer);
  turnTimer = null;
  countdown.update(null);
  delete document.body.dataset.breakoutStatus;
}
