// The projector: lobby with QR code, the statement with a live vote count, then the revealed
// distribution and approved explanations. It never shows the distribution before the reveal,
// so the room does not follow the herd.
import { boot, t, tn, connect } from "./socket.js";
import { byTestId, h, setText, showView, syncList } from "./dom.js";
import { renderBars } from "./bars.js";
import { fitText } from "./fit.js";
import { newClientId } from "./note-outbox.js";
import { loadSteps, renderStep, startPages } from "./steps.js";

const B = boot();
const main = document.getElementById("main");
const stepModules = await loadSteps();
// What kinds draw beside this page's own views (groups, their report-back ...): static/js/steps.js.
const kindParts = startPages(stepModules, "projector", {});
const COMMENTS_AT_ONCE = 3;
const ROTATE_MS = 12000;

let state = null;
let commentOffset = 0;
let rotateTimer = null;

/** A URL without its scheme reads better from the back of the hall. */
const bareUrl = (url) => (url || "").replace(/^https?:\/\//, "").replace(/\/$/, "");

function fitAll() {
  const vh = window.innerHeight / 100;
  // The smallest text on the projector (--pj-small in app.css): 24 px at 1280x720.
  const smallest = parseFloat(getComputedStyle(document.body).fontSize);
  const statementEl = byTestId("statement-text");
  if (!statementEl.closest("[data-view]").hidden) fitText(statementEl, statementEl.parentElement, 9.5 * vh, smallest);
  const revealedEl = byTestId("revealed-statement");
  const revealed = revealedEl.closest("[data-view]");
  if (!revealed.hidden) {
    revealed.dataset.crowded = "no";
    // Every word of a long statement stays readable: the approved comments make room for it (the
    // control panel and the report still have them).
    if (!fitText(revealedEl, revealedEl.parentElement, 5.5 * vh, smallest)) {
      revealed.dataset.crowded = "yes";
      fitText(revealedEl, revealedEl.parentElement, 5.5 * vh, smallest);
    }
  }
  kindParts.each("fit", smallest);
}

function renderLobby() {
  const links = state.links || {};
  const qr = byTestId("qr");
  if (links.qr_svg_url && qr.getAttribute("src") !== links.qr_svg_url) qr.src = links.qr_svg_url;
  setText(byTestId("join-url"), bareUrl(links.join_url).replace(/\/j\/[^/]*$/, ""));
  setText(byTestId("join-code"), state.session?.code || B.code);
  const attendance = state.attendance || { total: 0, by_sector: [] };
  setText(byTestId("joined-count"), attendance.total);
  setText(byTestId("joined-label"), tn("projector.joined_word", attendance.total));
  syncList(
    byTestId("joined-by-sector"),
    attendance.by_sector || [],
    (row) => row.sector,
    () => h("li", { class: "pj-sector", "data-testid": "joined-sector" }, h("span", { class: "pj-sector-count" }), h("span", { class: "pj-sector-name" })),
    (li, row) => {
      setText(li.firstChild, row.count);
      setText(li.lastChild, row.sector);
    },
  );
}

function renderStatement(statement) {
  setText(byTestId("statement-position"), t("statement.position", { n: statement.position, total: state.step.statements }));
  setText(byTestId("statement-text"), statement.text);
  const count = state.votes?.count ?? 0;
  setText(byTestId("vote-count"), count);
  // "7 of 8 have voted": the room sees how far it is, never how it votes.
  setText(byTestId("vote-label"), tn("projector.voted_of", state.attendance?.total ?? 0));
  const voting = byTestId("voting-state");
  voting.dataset.status = statement.status;
  setText(voting, t(`projector.voting.${statement.status}`));
}

function renderComments(comments) {
  const container = byTestId("comments");
  container.hidden = comments.length === 0;
  if (commentOffset >= comments.length) commentOffset = 0;
  const visible = comments.slice(commentOffset, commentOffset + COMMENTS_AT_ONCE);
  container.dataset.count = String(visible.length);
  container.replaceChildren(
    ...visible.map((c) =>
      h(
        "figure",
        { class: `pj-comment pj-comment-${c.choice || "none"}`, "data-testid": "comment" },
        h("blockquote", { class: "pj-comment-text", text: c.text }),
        h("figcaption", { class: "pj-comment-meta" }, c.sector || "", c.choice ? ` · ${t(`choice.${c.choice}`)}` : ""),
      ),
    ),
  );
  // Rotate only when there are more than fit; the timer re-renders from the latest state.
  const needRotation = comments.length > COMMENTS_AT_ONCE;
  if (needRotation && !rotateTimer) {
    rotateTimer = setInterval(() => {
      commentOffset += COMMENTS_AT_ONCE;
      render();
    }, ROTATE_MS);
  } else if (!needRotation && rotateTimer) {
    clearInterval(rotateTimer);
    rotateTimer = null;
  }
}

function renderRevealed(statement) {
  setText(byTestId("revealed-statement"), statement.text);
  // A percentage needs about a quarter of a half-bar at 24 px; smaller segments stay unlabelled.
  renderBars(byTestId("result"), state.result, { minLabel: 0.25, hideEmpty: true });
  renderComments(state.result.comments || []);
}

function render() {
  if (!state) return;
  setText(byTestId("session-title"), state.session?.title || "");
  const kind = state.step?.kind || "lobby";
  const statement = kind === "statement" ? state.step.statement : null;
  const revealed = statement && statement.status === "revealed" && state.result;
  const drawn = renderStep(main, stepModules, "projector", state, "pj-view pj-statement");
  const view = drawn ? kind : statement ? (revealed ? "revealed" : "statement") : kindParts.first("view", state) ?? (kind === "end" ? "end" : "lobby");
  if (!drawn) showView(main, view);
  document.body.dataset.view = view;

  const reminder = byTestId("join-reminder");
  reminder.hidden = view === "lobby" || view === "end";
  setText(byTestId("reminder-url"), bareUrl(state.links?.join_url).replace(/\/j\/[^/]*$/, ""));
  setText(byTestId("reminder-code"), state.session?.code || B.code);

  if (view === "lobby") renderLobby();
  else if (view === "statement") renderStatement(statement);
  else if (view === "revealed") renderRevealed(statement);
  kindParts.each("render", state, view);
  if (view !== "revealed" && rotateTimer) {
    clearInterval(rotateTimer);
    rotateTimer = null;
  }
  fitAll();
}

window.addEventListener("resize", fitAll);

// Every few seconds, from this page's own timer and its next animation frame: "still drawing". A tab
// whose script is stuck, or that is not on screen, cannot send it, and the control panel warns about
// the silence (screens-status.js). The id stays with the tab across reloads.
const ALIVE_MS = 3000;
const screenId = sessionStorage.getItem("facilitator-screen") || `pj-${newClientId()}`;
sessionStorage.setItem("facilitator-screen", screenId);

const socket = connect("projector", B.code, {
  connect(s) {
    s.emit("screen_alive", { screen_id: screenId });
  },
  state(snapshot) {
    const before = state?.step?.statement?.id;
    state = snapshot;
    if (snapshot.step?.statement?.id !== before) commentOffset = 0;
    render();
  },
  refused(data) {
    const el = byTestId("projector-message");
    setText(el, data.error === "unknown_session" ? t("error.unknown_session") : data.message || t("error.generic"));
    el.hidden = false;
  },
});

setInterval(() => requestAnimationFrame(() => {
  if (socket.connected) socket.emit("screen_alive", { screen_id: screenId });
}), ALIVE_MS);
