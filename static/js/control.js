// The moderator's control panel: agenda, step buttons, live results, attendance, comments.
// Every button sends one protocol event with an ack; what changes on screen comes back as `state`.
import { boot, t, tn, connect, emitWithAck, choiceLabel } from "./socket.js";
import { byTestId, h, setText, syncList } from "./dom.js";
import { renderBars } from "./bars.js";
import { loadSteps, startPages } from "./steps.js";
import { renderScreens } from "./screens-status.js";

const B = boot();
const stepModules = await loadSteps();
let state = null;
let socket = null;
let alertTimer = null;

function alertUser(text) {
  const el = byTestId("alert");
  setText(el, text);
  el.hidden = !text;
  clearTimeout(alertTimer);
  if (text) alertTimer = setTimeout(() => { el.hidden = true; }, 7000);
}

/** Sends one event; refusals show as a toast unless quiet. Resolves with the reply, or null. */
async function send(event, payload = {}, { quiet = false } = {}) {
  try {
    const reply = await emitWithAck(socket, event, payload, 5000);
    if (!reply.ok && !quiet) alertUser(reply.message || t("error.generic"));
    return reply;
  } catch {
    if (!quiet) alertUser(t(socket.connected ? "control.no_answer" : "control.offline"));
    return null;
  }
}

const current = () => (state?.step?.kind === "statement" ? state.step.statement : null);

// What each button and shortcut does, and when it makes sense.
const actions = {
  previous: { run: () => send("previous_step"), ok: () => (state?.step?.index ?? 0) > 0 },
  next: { run: () => send("next_step"), ok: () => (state?.step?.index ?? 0) < (state?.step?.count ?? 1) - 1 },
  open: {
    run: () => current() && send("open_statement", { statement_id: current().id }),
    ok: () => ["pending", "closed"].includes(current()?.status),
  },
  close: { run: () => current() && send("close_statement", { statement_id: current().id }), ok: () => current()?.status === "open" },
  reveal: {
    run: () => current() && send("reveal_statement", { statement_id: current().id }),
    ok: () => ["open", "closed"].includes(current()?.status),
  },
  lobby: { run: () => send("show_step", { step: "lobby" }), ok: () => state?.step?.kind !== "lobby" },
  end: { run: () => byTestId("end-dialog").showModal(), ok: () => state?.session?.status !== "ended" },
};

// After the end nothing may change any more; the server would refuse it anyway.
const allowed = (name) => state?.session?.status !== "ended" && actions[name].ok();

function statusBadge(el, status) {
  el.className = `badge badge-${status}`;
  setText(el, t(`status.${status}`));
}

/** A badge a kind describes ({className, text}), or hidden without one. */
function kindBadge(el, badge) {
  el.hidden = !badge;
  if (!badge) return;
  el.className = badge.className;
  setText(el, badge.text);
}

/** How the agenda shows a row: a statement by its number, text, status and votes; a kind that
 * draws its own row (agendaRow) as it says; any other by its title and its kind's name. */
function agendaRowView(item) {
  if (item.kind === "statement") return null;
  return kindParts.first("agendaRow", item)
    ?? { number: "", text: item.title ?? t(`agenda.${item.kind}`), badge: null, meta: item.title ? t(`kind.${item.kind}`) : "" };
}

/** What show_step needs to put an agenda row on screen. */
function stepOf(item) {
  if (item.kind === "statement") return String(item.statement.id);
  // Every other kind with an item on the agenda ({"slide": {"id": 3, ...}}) is shown as {kind: id}.
  if (item[item.kind]?.id) return `${item.kind}:${item[item.kind].id}`;
  return item.kind;
}

function renderAgenda() {
  syncList(
    byTestId("agenda"),
    state.agenda || [],
    (item) => item.index,
    () =>
      h(
        "li",
        { class: "agenda-item" },
        h(
          "button",
          { type: "button", class: "agenda-button", "data-testid": "agenda-item" },
          h("span", { class: "agenda-number" }),
          h("span", { class: "agenda-text" }),
          h("span", { class: "agenda-meta" }, h("span", { class: "badge" }), h("span", { class: "agenda-votes" })),
        ),
      ),
    (li, item) => {
      const button = li.firstChild;
      const isCurrent = item.index === state.step?.index;
      button.dataset.index = item.index;
      button.dataset.step = stepOf(item);
      const view = agendaRowView(item);
      li.className = ["agenda-item", view?.className].filter(Boolean).join(" ");
      if (isCurrent) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
      li.classList.toggle("is-current", isCurrent);
      setText(button.querySelector(".agenda-number"), view ? view.number : item.statement.position);
      setText(button.querySelector(".agenda-text"), view ? view.text : item.statement.text);
      const badge = button.querySelector(".badge");
      if (view) kindBadge(badge, view.badge);
      else {
        badge.hidden = false;
        statusBadge(badge, item.statement.status);
      }
      setText(button.querySelector(".agenda-votes"), view ? view.meta : tn("votes", item.votes ?? 0));
    },
  );
}

function renderCurrent() {
  const statement = current();
  const kind = state.step?.kind || "lobby";
  const ended = state.session?.status === "ended";
  const position = statement ? t("statement.position", { n: statement.position, total: state.step.statements }) : "";
  // A kind that says how it is shown here (current), else by its title and its kind's name.
  const drawn = statement ? null : kindParts.first("current", state);
  const other = !statement && !drawn ? state.step?.[kind] : null;
  setText(byTestId("current-position"), ended ? t("control.ended") : drawn ? drawn.position : other ? t(`kind.${kind}`) : position);
  setText(byTestId("current-text"), statement ? statement.text : drawn ? drawn.text : other?.title ?? t(`agenda.${kind}`));
  const note = statement ? state.agenda?.[state.step.index]?.statement?.note : "";
  byTestId("current-note").hidden = !note;
  setText(byTestId("current-note-text"), note || "");
  const badge = byTestId("current-status");
  if (statement) {
    badge.hidden = false;
    statusBadge(badge, statement.status);
  } else kindBadge(badge, drawn?.badge);
  // "43 of 57 have voted": who is missing matters more to a moderator than the bare count.
  setText(byTestId("current-votes"), statement ? tn("control.voted", state.attendance?.total ?? 0, { voted: state.votes?.count ?? 0 }) : "");
  for (const button of document.querySelectorAll("[data-action]")) {
    button.disabled = !allowed(button.dataset.action);
  }
  const bars = byTestId("result");
  if (statement && state.result) renderBars(bars, state.result, { minLabel: 0.15 });
  else bars.replaceChildren(h("p", { class: "help", text: t("control.no_result") }));
}

function renderSide() {
  const attendance = state.attendance || { total: 0, by_sector: [] };
  setText(byTestId("attendance-total"), attendance.total);
  setText(byTestId("attendance-label"), tn("control.joined_word", attendance.total));
  syncList(byTestId("attendance"), attendance.by_sector || [], (r) => r.sector,
    () => h("li", {}, h("span", { class: "att-sector" }), h("strong", { class: "att-count" })),
    (li, r) => { setText(li.firstChild, r.sector); setText(li.lastChild, r.count); });

  const links = state.links || {};
  const join = byTestId("link-join");
  if (links.join_url) { join.href = links.join_url; setText(join, links.join_url); }
  if (links.projector_url) byTestId("link-projector").href = links.projector_url;

  renderScreens(state.screens);
  const problems = state.problems || [];
  const banner = byTestId("problems");
  banner.hidden = problems.length === 0;
  syncList(banner.querySelector(".problem-list"), problems, (p) => p, (p) => h("li"), (li, p) => setText(li, p));
}

function renderComments() {
  const comments = state.comments || [];
  setText(byTestId("comment-count"), comments.length);
  byTestId("comments-empty").hidden = comments.length > 0;
  syncList(byTestId("comment-list"), comments, (c) => c.id,
    (c) => h("li", { class: "comment", "data-testid": "comment" },
      h("div", { class: "comment-head" }, h("p", { class: "comment-meta" }), h("span", { class: "badge", "data-testid": "comment-state" })),
      h("p", { class: "comment-text" }),
      h("div", { class: "comment-actions" },
        h("button", { type: "button", class: "button button-small", "data-testid": "comment-approve", dataset: { status: "approved" } }, t("comment.approve")),
        h("button", { type: "button", class: "button button-small", "data-testid": "comment-hide", dataset: { status: "hidden" } }, t("comment.hide")))),
    (li, c) => {
      li.dataset.id = c.id;
      li.dataset.status = c.status;
      const who = [`#${c.number}`, c.sector, c.name].filter(Boolean).join(" · ");
      setText(li.querySelector(".comment-meta"), c.choice ? `${who} · ${choiceLabel(c.choice)}` : who);
      setText(li.querySelector(".comment-text"), c.text);
      statusBadge(li.querySelector(".badge"), `comment_${c.status}`);
      for (const b of li.querySelectorAll("button")) {
        b.dataset.commentId = c.id;
        b.setAttribute("aria-pressed", String(b.dataset.status === c.status));
      }
    });
}

function render() {
  if (!state) return;
  // Before anything is drawn: the live bars measure their segments, which a hidden result has not.
  document.body.dataset.kind = state.step?.kind || "lobby";
  // The statement's buttons, result and explanations make sense only at a statement (and in the
  // lobby and at the end); app.css hides them while a step of another kind is on screen.
  document.body.dataset.statementControls = ["statement", "lobby", "end"].includes(state.step?.kind || "lobby") ? "on" : "off";
  setText(byTestId("session-title"), state.session?.title || "");
  setText(byTestId("session-code"), state.session?.code || B.code);
  renderAgenda();
  renderCurrent();
  renderSide();
  renderComments();
  kindParts.each("render", state);
}

// ---- wiring ----
for (const button of document.querySelectorAll("[data-action]")) {
  button.addEventListener("click", () => actions[button.dataset.action].run());
}
byTestId("agenda").addEventListener("click", (event) => {
  const button = event.target.closest(".agenda-button");
  if (!button) return;
  const step = button.dataset.step;
  const item = /^([a-z_]+):(\d+)$/.exec(step);
  // A step of any other kind is shown as {kind: id}; a statement by its id; lobby and end by name.
  send("show_step", { step: item ? { [item[1]]: Number(item[2]) } : /^\d+$/.test(step) ? Number(step) : step });
});
byTestId("comment-list").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-comment-id]");
  if (!button) return;
  // Pressing the active state again puts the comment back to pending: an easy undo.
  const status = button.getAttribute("aria-pressed") === "true" ? "pending" : button.dataset.status;
  send("moderate_comment", { comment_id: Number(button.dataset.commentId), status });
});
byTestId("end-dialog").addEventListener("close", (event) => {
  if (event.target.returnValue === "confirm") send("end_session");
});

const shortcuts = { ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "previous", PageUp: "previous", o: "open", c: "close", r: "reveal", l: "lobby" };
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  const target = event.target;
  if (target.closest("input, textarea, select, [contenteditable], dialog")) return;
  // Space on a focused button should press that button, not skip a step.
  if (event.key === " " && target.closest("button, a")) return;
  const name = shortcuts[event.key.length === 1 ? event.key.toLowerCase() : event.key];
  if (!name || !allowed(name)) return;
  event.preventDefault();
  actions[name].run();
});

// What kinds draw beside this page's own parts (their controls, dialogs and agenda rows): static/js/steps.js.
const kindParts = startPages(stepModules, "control", { send });

socket = connect("moderator", B.code, {
  state(snapshot) { state = snapshot; byTestId("fatal").hidden = true; render(); },
  refused(data) {
    const el = byTestId("fatal");
    const key = data.error === "forbidden" ? "control.forbidden" : data.error === "unknown_session" ? "error.unknown_session" : null;
    setText(el, key ? t(key) : data.message || t("error.generic"));
    el.hidden = false;
  },
});
