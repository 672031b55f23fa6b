// The phone: shows the step on screen, sends votes and explanations.
// A vote or explanation the server has not acknowledged stays pending (in memory and localStorage)
// and is sent again on reconnect, so a phone that drops off the venue's Wi-Fi mid-tap loses nothing.
import { boot, t, connect, emitWithAck, choiceLabel, limits } from "./socket.js";
import { byTestId, setText, showView } from "./dom.js";
import { Outbox } from "./note-outbox.js";
import { renderBars } from "./bars.js";
import { loadSteps, renderStep, startPages } from "./steps.js";

const B = boot();
const code = B.code;
const commentMax = limits().comment_max;
const main = document.getElementById("main");
const stepModules = await loadSteps();

let state = null;
let me = { votes: {}, comments: {} };
const inFlight = new Set(); // statement ids whose vote is on its way
let messageTimer = null;
// Explanations on their way, one per statement at most; each keeps its client id across resends.
const commentOutbox = new Outbox(code, "comments");
const commentErrors = {}; // statement id → why the server refused the last explanation

// ---- pending votes, kept across reloads ----
const pendingPrefix = `facilitator:${code}:vote:`;
const pendingMemory = new Map();

function getPending(sid) {
  try {
    return localStorage.getItem(pendingPrefix + sid) ?? pendingMemory.get(String(sid)) ?? null;
  } catch {
    return pendingMemory.get(String(sid)) ?? null;
  }
}
function setPending(sid, choice) {
  pendingMemory.set(String(sid), choice);
  try { localStorage.setItem(pendingPrefix + sid, choice); } catch { /* private mode: memory only */ }
}
function clearPending(sid) {
  pendingMemory.delete(String(sid));
  try { localStorage.removeItem(pendingPrefix + sid); } catch { /* memory only */ }
}
function pendingIds() {
  const ids = new Set(pendingMemory.keys());
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && k.startsWith(pendingPrefix)) ids.add(k.slice(pendingPrefix.length));
    }
  } catch { /* memory only */ }
  return [...ids];
}

// ---- messages ----
function showMessage(text) {
  const el = byTestId("phone-message");
  setText(el, text);
  el.hidden = !text;
  clearTimeout(messageTimer);
  if (text) messageTimer = setTimeout(() => { el.hidden = true; }, 8000);
}

// ---- sending ----
async function flushVote(sid) {
  const choice = getPending(sid);
  if (!choice || inFlight.has(sid) || !socket.connected) { render(); return; }
  inFlight.add(sid);
  render();
  let retry = false;
  try {
    const reply = await emitWithAck(socket, "vote", { statement_id: Number(sid), choice }, 5000);
    if (getPending(sid) === choice) clearPending(sid);
    if (reply.ok) {
      me.votes[sid] = reply.choice || choice;
    } else {
      showMessage(reply.message || t("error.generic"));
    }
  } catch {
    retry = true; // timed out or offline: keep it pending
  } finally {
    inFlight.delete(sid);
  }
  // The voter may have tapped something else while this one was on its way.
  if (getPending(sid) && getPending(sid) !== choice) flushVote(sid);
  else if (retry && socket.connected) setTimeout(() => flushVote(sid), 3000);
  render();
}

function vote(choice) {
  const statement = currentStatement();
  if (!statement || statement.status !== "open") return;
  const sid = String(statement.id);
  setPending(sid, choice);
  showMessage("");
  // The "why?" field sits below the answers; on a phone it is below the fold. Bring it up once the
  // vote's line below the answers has its final text, so the next thing to do is in sight.
  flushVote(sid).then(() => byTestId("comment-form").scrollIntoView({ block: "nearest", behavior: "smooth" }));
}

function flushComments() {
  return commentOutbox.flush(socket, "comment", {
    saved(item, reply) {
      me.comments[String(item.statement_id)] = { text: reply.text ?? item.text, status: reply.status || "pending" };
    },
    refused(item, reply) {
      // Refused for good (voting closed, too long ...): say so beside the field, give the text back.
      commentErrors[String(item.statement_id)] = reply.message || t("error.generic");
      const input = byTestId("comment-input");
      if (currentStatement()?.id === item.statement_id && !input.value.trim()) input.value = item.text;
    },
    render,
  });
}

function sendComment(event) {
  event.preventDefault();
  const statement = currentStatement();
  const input = byTestId("comment-input");
  const text = input.value.trim();
  if (!statement || !text || [...text].length > commentMax) return;
  // A newer explanation replaces one still waiting for the same statement.
  for (const old of commentOutbox.items.filter((c) => c.statement_id === statement.id)) commentOutbox.remove(old.client_id);
  commentOutbox.add({ statement_id: statement.id, text });
  delete commentErrors[String(statement.id)];
  input.value = "";
  flushComments();
  render();
  byTestId("comment-status").scrollIntoView({ block: "nearest", behavior: "smooth" });
}

// ---- rendering: everything from `state` + `me` + pending votes ----
function currentStatement() {
  return state && state.step && state.step.kind === "statement" ? state.step.statement : null;
}

function render() {
  if (!state) return;
  setText(byTestId("session-title"), state.session?.title || "");
  const kind = state.step?.kind || "lobby";
  if (!renderStep(main, stepModules, "phone", state, "phone-view")) {
    // A step whose item is missing from the state (deleted meanwhile) shows the lobby.
    showView(main, kind !== "lobby" && kind !== "end" && !state.step[kind] ? "lobby" : kind);
  }
  setText(byTestId("my-sector"), me.sector || "");
  const statement = currentStatement();
  if (statement) renderStatement(statement);
  kindParts.each("render");
}

function renderStatement(statement) {
  const sid = String(statement.id);
  const open = statement.status === "open" && state.session?.status !== "ended";
  setText(byTestId("statement-position"), t("statement.position", { n: statement.position, total: state.step.statements }));
  setText(byTestId("statement-text"), statement.text);

  const pending = getPending(sid);
  const confirmed = me.votes[sid] || null;
  const shown = pending || confirmed;
  for (const button of main.querySelectorAll("[data-choice]")) {
    const selected = button.dataset.choice === shown;
    button.setAttribute("aria-pressed", String(selected));
    button.classList.toggle("is-pending", selected && Boolean(pending));
    button.disabled = !open;
  }

  let voteText = "";
  if (pending && inFlight.has(sid)) voteText = t("vote.sending");
  else if (pending) voteText = t("vote.pending");
  else if (confirmed) voteText = t(open ? "vote.saved_open" : "vote.saved_closed", { choice: choiceLabel(confirmed) });
  else if (open) voteText = t("vote.prompt");
  else if (statement.status !== "pending") voteText = t("vote.none");
  const voteState = byTestId("vote-state");
  setText(voteState, voteText);
  voteState.dataset.state = pending ? (inFlight.has(sid) ? "sending" : "pending") : confirmed ? "saved" : "none";

  // After the reveal: a pointer to the screen, and the figures too when the session allows it.
  const revealed = statement.status === "revealed";
  byTestId("phone-result").hidden = !revealed;
  const bars = byTestId("result");
  bars.hidden = !(revealed && state.result);
  if (revealed && state.result) renderBars(bars, state.result, { minLabel: 0.2 });

  const closedNote = byTestId("voting-closed");
  closedNote.hidden = open;
  setText(closedNote, statement.status === "pending" ? t("vote.not_open_yet") : t("vote.closed"));

  byTestId("comment-form").hidden = !open;
  renderCounter();
  renderCommentState(statement);
}

/** Beside the field: waiting, sending, refused (and why), or what the moderator made of it. */
function renderCommentState(statement) {
  const sid = String(statement.id);
  const waiting = commentOutbox.items.find((c) => c.statement_id === statement.id);
  const comment = me.comments[sid];
  let status = comment?.status || "";
  let text = comment ? t(`comment.status.${comment.status}`, { text: comment.text }) : "";
  if (waiting) {
    status = commentOutbox.inFlight.has(waiting.client_id) ? "sending" : "waiting";
    text = t(`comment.status.${status}`);
  } else if (commentErrors[sid]) {
    status = "refused";
    text = commentErrors[sid];
  }
  const el = byTestId("comment-status");
  el.hidden = !status;
  setText(el, text);
  el.dataset.status = status;
}

function renderCounter() {
  const input = byTestId("comment-input");
  const length = [...input.value].length;
  const counter = byTestId("comment-counter");
  setText(counter, t("comment.counter", { count: length, max: commentMax }));
  counter.classList.toggle("is-over", length > commentMax);
  byTestId("comment-submit").disabled = !input.value.trim() || length > commentMax;
}

// ---- wiring ----
for (const button of main.querySelectorAll("[data-choice]")) {
  button.addEventListener("click", () => vote(button.dataset.choice));
}
byTestId("comment-form").addEventListener("submit", sendComment);
byTestId("comment-input").addEventListener("input", renderCounter);

function applyState(snapshot, fromSync = false) {
  if (snapshot.me) me = { ...snapshot.me, votes: { ...(snapshot.me.votes || {}) }, comments: { ...(snapshot.me.comments || {}) } };
  const before = stepKey(state);
  state = snapshot;
  if (stepKey(state) !== before) {
    // A new step: start at its top, and a half-typed explanation belonged to the last one.
    window.scrollTo(0, 0);
    if (before !== undefined) byTestId("comment-input").value = "";
  }
  kindParts.each("update", snapshot, me, Boolean(snapshot.me), fromSync);
  render();
}

/** What identifies the step on screen: its kind and its item's id. */
function stepKey(s) {
  if (!s) return undefined;
  const kind = s.step?.kind;
  return `${kind}:${s.step?.[kind]?.id ?? ""}`;
}

const socket = connect("participant", code, {
  state(snapshot) {
    applyState(snapshot);
  },
  connect() {
    showMessage("");
    kindParts.each("connected");
    for (const sid of pendingIds()) flushVote(sid);
    flushComments();
  },
  disconnect() {
    render();
  },
  refused(data) {
    if (data.error === "not_joined") {
      window.location.href = `/j/${encodeURIComponent(code)}`;
      return;
    }
    const el = byTestId("phone-message");
    setText(el, data.error === "unknown_session" ? t("error.unknown_session") : data.message || t("error.generic"));
    el.hidden = false;
    clearTimeout(messageTimer);
  },
});

// What kinds draw beside this page's own parts (a group's card and board ...): static/js/steps.js.
const kindParts = startPages(stepModules, "phone", { code, socket, applySnapshot: applyState, showMessage });
