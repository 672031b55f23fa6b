// The control panel during a breakout: timer and message, one panel per group (members, reporter,
// notes to hide, activity), people not yet placed, and the report-back buttons.
// Every control sends one protocol event; what changes comes back as `state`.
import { t, tn, limits } from "../../socket.js";
import { groupLabel } from "./labels.js";
import { byTestId, h, setText, syncList } from "../../dom.js";
import { Countdown, renderTimer } from "./timer.js";

const LATEST_NOTES = 5;

let send = null;
let state = null;
const expanded = new Set(); // group ids whose panel lists all notes, not just the latest
const countdown = new Countdown(() => {
  const bo = breakout();
  if (bo) renderTimer(byTestId("timer"), bo, countdown);
});

const breakout = () => (state?.step?.kind === "breakout" ? state.step.breakout : null);
const groups = () => state?.groups || [];
const who = (p) => [`#${p.number}`, p.name, p.sector].filter(Boolean).join(" · ");

/** A <select> with a first, empty "placeholder" option; options are rebuilt only when they change. */
function setOptions(select, placeholder, options) {
  const signature = JSON.stringify([placeholder, options]);
  if (select.dataset.signature === signature) return;
  select.replaceChildren(h("option", { value: "", text: placeholder }), ...options.map(([value, label]) => h("option", { value, text: label })));
  select.dataset.signature = signature;
}

function moveOptions(exceptGroupId) {
  return groups().filter((g) => g.id !== exceptGroupId).map((g) => [String(g.id), groupLabel(g.number, g.name)]);
}

function createMember() {
  return h("li", { class: "bo-member", "data-testid": "group-member" },
    h("span", { class: "bo-member-name" }),
    h("select", { class: "bo-select", "data-testid": "move-select", "aria-label": t("breakout.move_to") }));
}

function updateMember(li, p, groupId) {
  li.dataset.id = p.id;
  setText(li.querySelector(".bo-member-name"), who(p));
  const select = li.querySelector("select");
  select.dataset.participantId = p.id;
  setOptions(select, groupId ? t("breakout.move_to") : t("breakout.place_in"), moveOptions(groupId));
  select.value = "";
}

function createPanel() {
  return h("section", { class: "bo-panel card", "data-testid": "group-panel" },
    h("header", { class: "bo-panel-head" },
      h("h3", { class: "bo-panel-name" }),
      h("span", { class: "badge bo-panel-count" })),
    h("p", { class: "bo-panel-place help" }),
    h("ul", { class: "bo-chips bo-panel-sectors", "aria-label": t("breakout.sector_mix") }),
    h("p", { class: "bo-panel-activity", "data-testid": "group-activity" }),
    h("ul", { class: "bo-chips bo-panel-categories" }),
    h("label", { class: "bo-panel-reporter" },
      h("span", { text: t("breakout.reporter") }),
      h("select", { class: "bo-select", "data-testid": "reporter-select" })),
    h("details", { class: "bo-panel-members" },
      h("summary", {}, h("span", { class: "bo-members-summary" })),
      h("ul", { class: "bo-member-list" })),
    h("div", { class: "bo-panel-notes-head" },
      h("h4", { text: t("breakout.latest_notes") }),
      h("button", { type: "button", class: "link-button", "data-testid": "toggle-all-notes", dataset: { act: "all-notes" } })),
    h("ol", { class: "bo-panel-notes" }),
    h("p", { class: "help bo-panel-empty", text: t("breakout.no_notes_yet") }));
}

function updateNote(li, note) {
  li.dataset.id = note.id;
  li.classList.toggle("is-hidden", Boolean(note.hidden));
  setText(li.querySelector(".bo-note-text"), note.text);
  const bits = [note.category, `#${note.author}`, note.sector, note.upvotes ? `▲ ${note.upvotes}` : "", note.key_point ? `★ ${t("board.key_point")}` : ""];
  setText(li.querySelector(".bo-note-meta"), bits.filter(Boolean).join(" · "));
  const button = li.querySelector("button");
  button.dataset.noteId = note.id;
  button.dataset.hidden = note.hidden ? "true" : "false";
  setText(button, t(note.hidden ? "breakout.show_note" : "breakout.hide_note"));
}

function updatePanel(el, g) {
  el.dataset.number = g.number;
  el.dataset.groupId = g.id;
  const isReporting = breakout()?.reporting === g.number;
  el.classList.toggle("is-reporting", isReporting);
  setText(el.querySelector(".bo-panel-name"), groupLabel(g.number, g.name));
  setText(el.querySelector(".bo-panel-count"), tn("breakout.members_count", g.members.length));
  const place = el.querySelector(".bo-panel-place");
  setText(place, g.place || "");
  place.hidden = !g.place;
  syncList(el.querySelector(".bo-panel-sectors"), (g.by_sector || []).filter((s) => s.count), (s) => s.sector,
    () => h("li", { class: "bo-chip" }), (li, s) => setText(li, `${s.sector} ${s.count}`));
  const activity = g.activity || { notes: (g.notes || []).length, last_5_minutes: 0 };
  setText(el.querySelector(".bo-panel-activity"), t("breakout.activity", {
    notes: tn("breakout.notes_count", activity.notes), recent: activity.last_5_minutes,
  }));
  const categories = [...(breakout()?.categories || [])];
  for (const c of Object.keys(g.by_category || {})) if (!categories.includes(c)) categories.push(c);
  syncList(el.querySelector(".bo-panel-categories"), categories, (c) => c,
    () => h("li", { class: "bo-chip bo-chip-quiet" }), (li, c) => setText(li, `${c} ${(g.by_category || {})[c] || 0}`));

  const reporter = el.querySelector('[data-testid="reporter-select"]');
  reporter.dataset.groupId = g.id;
  setOptions(reporter, t("breakout.no_reporter"), g.members.map((p) => [String(p.id), who(p)]));
  const current = g.members.find((p) => p.number === g.reporter);
  reporter.value = current ? String(current.id) : "";

  setText(el.querySelector(".bo-members-summary"), t("breakout.members_move", { count: g.members.length }));
  syncList(el.querySelector(".bo-member-list"), g.members, (p) => p.id, createMember, (li, p) => updateMember(li, p, g.id));

  const notes = [...(g.notes || [])].sort((a, b) => b.id - a.id);
  const all = expanded.has(g.id);
  const toggle = el.querySelector('[data-act="all-notes"]');
  toggle.hidden = notes.length <= LATEST_NOTES;
  toggle.dataset.groupId = g.id;
  setText(toggle, all ? t("breakout.fewer_notes") : t("breakout.all_notes", { count: notes.length }));
  el.querySelector(".bo-panel-empty").hidden = notes.length > 0;
  syncList(el.querySelector(".bo-panel-notes"), all ? notes : notes.slice(0, LATEST_NOTES), (n) => n.id,
    () => h("li", { class: "bo-note", "data-testid": "control-note" },
      h("p", { class: "bo-note-text" }), h("p", { class: "bo-note-meta" }),
      h("button", { type: "button", class: "button button-small", "data-testid": "note-hide" })),
    updateNote);
}

function renderButtons(bo) {
  const status = bo.status;
  const live = ["open", "running", "paused"].includes(status);
  const ended = state.session?.status === "ended";
  const enable = (id, on) => { byTestId(id).disabled = ended || !on; };
  enable("btn-open-breakout", status === "pending");
  enable("btn-start-timer", status === "open" || status === "paused");
  setText(byTestId("btn-start-timer"), t(status === "paused" ? "breakout.resume_timer" : "breakout.start_timer"));
  enable("btn-pause-timer", status === "running");
  enable("btn-extend-timer", status !== "ended");
  enable("btn-end-breakout", live);
  enable("btn-send-message", true);

  const numbers = groups().map((g) => g.number).sort((a, b) => a - b);
  const at = numbers.indexOf(bo.reporting);
  enable("btn-report-start", bo.reporting == null && numbers.length > 0 && status !== "pending");
  enable("btn-report-previous", at > 0);
  enable("btn-report-next", at >= 0 && at < numbers.length - 1);
  enable("btn-report-end", bo.reporting != null);
  setText(byTestId("report-status"), bo.reporting == null ? t("breakout.report_off")
    : t("breakout.report_on", { number: bo.reporting, total: numbers.length }));
}

function renderUnassigned() {
  const people = state.unassigned || [];
  byTestId("unassigned-box").hidden = people.length === 0;
  setText(byTestId("unassigned-count"), people.length);
  syncList(byTestId("unassigned"), people, (p) => p.id, createMember, (li, p) => updateMember(li, p, null));
}

/** Draws the breakout controls, or hides them when the step on screen is not a breakout. */
export function renderBreakoutControl(snapshot) {
  state = snapshot;
  const bo = breakout();
  byTestId("breakout-controls").hidden = !bo;
  countdown.update(bo);
  if (!bo) return;
  renderTimer(byTestId("timer"), bo, countdown);
  const message = byTestId("message-input");
  if (document.activeElement !== message && !message.dataset.dirty) message.value = bo.message || "";
  setText(byTestId("current-message"), bo.message ? t("breakout.message_shown", { text: bo.message }) : "");
  renderButtons(bo);
  renderUnassigned();
  syncList(byTestId("group-panels"), groups(), (g) => g.id, createPanel, updatePanel);
}

function reportStep(offset) {
  const bo = breakout();
  const numbers = groups().map((g) => g.number).sort((a, b) => a - b);
  const at = numbers.indexOf(bo.reporting);
  const next = numbers[at + offset];
  if (next !== undefined) send("show_report_group", { breakout_id: bo.id, number: next });
}

/** Wires the buttons once; sendEvent(event, payload) is control.js's send with its error toast. */
export function initBreakoutControl(sendEvent) {
  send = sendEvent;
  const id = () => breakout()?.id;
  const on = (testId, run) => byTestId(testId).addEventListener("click", () => { if (breakout()) run(); });
  on("btn-open-breakout", () => send("open_breakout", { breakout_id: id() }));
  on("btn-start-timer", () => send("start_timer", { breakout_id: id() }));
  on("btn-pause-timer", () => send("pause_timer", { breakout_id: id() }));
  on("btn-extend-timer", () => send("extend_timer", { breakout_id: id(), minutes: limits().extend_minutes }));
  on("btn-end-breakout", () => send("end_breakout", { breakout_id: id() }));
  on("btn-report-start", () => send("show_report_group", { breakout_id: id(), number: Math.min(...groups().map((g) => g.number)) }));
  on("btn-report-previous", () => reportStep(-1));
  on("btn-report-next", () => reportStep(1));
  on("btn-report-end", () => send("show_report_group", { breakout_id: id(), number: null }));
  const input = byTestId("message-input");
  input.addEventListener("input", () => { input.dataset.dirty = "1"; });
  byTestId("message-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!breakout()) return;
    await send("send_message", { breakout_id: id(), text: input.value.trim() });
    delete input.dataset.dirty;
  });
  on("btn-clear-message", async () => {
    input.value = "";
    await send("send_message", { breakout_id: id(), text: "" });
    delete input.dataset.dirty;
  });

  const area = byTestId("breakout-controls");
  area.addEventListener("change", (event) => {
    const select = event.target.closest("select");
    if (!select || !breakout()) return;
    if (select.dataset.testid === "reporter-select") {
      send("set_reporter", { group_id: Number(select.dataset.groupId), participant_id: select.value ? Number(select.value) : null });
    } else if (select.dataset.testid === "move-select" && select.value) {
      send("move_participant", { breakout_id: id(), participant_id: Number(select.dataset.participantId), group_id: Number(select.value) });
      select.value = "";
    }
  });
  area.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !breakout()) return;
    if (button.dataset.noteId) send("hide_note", { note_id: Number(button.dataset.noteId), hidden: button.dataset.hidden !== "true" });
    else if (button.dataset.act === "all-notes") {
      const groupId = Number(button.dataset.groupId);
      if (expanded.has(groupId)) expanded.delete(groupId); else expanded.add(groupId);
      renderBreakoutControl(state);
    }
  });
}
