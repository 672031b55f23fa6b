// The phone during a breakout: choose or wait for a group, then the group card, the countdown,
// the moderator's message and the group board; during report-back, +1 on the key points on screen.
// participant.js hands every snapshot to update(); `board` events come straight here.
import { t, emitWithAck, limits } from "../../socket.js";
import { byTestId, h, setText, syncList } from "../../dom.js";
import { Countdown, renderTimer } from "./timer.js";
import { renderBoard, bindBoard } from "./board.js";
import { Outbox } from "../../note-outbox.js";
import { renderGroupChoices, renderPhoneReport } from "./phone-parts.js";

const { note_max: NOTE_MAX, key_points_max: KEY_POINTS_MAX } = limits();

export function createBreakoutPhone({ code, socket, applySnapshot, showMessage }) {
  let state = null;
  let me = {};
  let board = null;
  let supports = new Set();
  let lastGroupId; // undefined until the first snapshot after a (re)connect
  let syncing = false;
  let editing = null;
  let confirmDelete = null;
  let confirmTimer = null;
  const outbox = new Outbox(code);
  const countdown = new Countdown(() => renderClock());

  const breakout = () => (state?.step?.kind === "breakout" ? state.step.breakout : null);
  const group = () => me.group || null;
  const isReporter = () => (board ? board.reporter === me.number : Boolean(me.group?.reporter));
  const reporting = () => breakout()?.reporting != null && state?.report;
  const readOnly = () => !breakout() || breakout().status === "ended" || state?.session?.status === "ended" || breakout().reporting != null;

  async function send(event, payload, { quiet = false } = {}) {
    try {
      const reply = await emitWithAck(socket, event, payload, 5000);
      if (!reply.ok && !quiet) showMessage(reply.message || t("error.generic"));
      return reply;
    } catch {
      if (!quiet) showMessage(t(socket.connected ? "breakout.no_answer" : "breakout.offline"));
      return null;
    }
  }

  /** Asks for a full snapshot: the server also moves this connection into the group's room. */
  async function sync() {
    if (syncing) return;
    syncing = true;
    const reply = await send("sync", {}, { quiet: true });
    syncing = false;
    if (reply?.ok && reply.state) applySnapshot(reply.state, true);
    else if (socket.connected) setTimeout(sync, 2000);
  }

  function setBoard(next) {
    if (next && group() && next.group_id !== group().id) return; // an old group's board
    board = next ? { ...next, notes: (next.notes || []).map((n) => ({ ...n })) } : null;
    outbox.forgetStored(board);
  }

  /** Key points on screen that this phone may not +1: all of them if it reports them, else its own notes. */
  function ownKeyPoints(g) {
    const points = state.report?.key_points || [];
    if (g?.reporter && g.number === state.report?.group?.number) return new Set(points.map((k) => k.id));
    return new Set((board?.notes || []).filter((n) => n.author === me.number).map((n) => n.id));
  }

  // ---- notes ----
  function flushNotes() {
    return outbox.flush(socket, "add_note", {
      ready: () => Boolean(group()) && !readOnly(),
      saved(note, reply) {
        if (board && reply.note && !board.notes.some((n) => n.id === reply.note.id)) board.notes.push({ ...reply.note });
      },
      refused(note, reply) {
        // Refused for good (ended, too long ...): give the text back so nothing typed is lost.
        const input = byTestId("note-input");
        if (!input.value.trim()) input.value = note.text;
        showMessage(reply.message || t("error.generic"));
      },
      render,
    });
  }

  function addNote(event) {
    event.preventDefault();
    const input = byTestId("note-input");
    const text = input.value.trim();
    const category = byTestId("note-category").value;
    if (!text || [...text].length > NOTE_MAX || readOnly()) return;
    outbox.add({ category, text });
    input.value = "";
    flushNotes();
    render();
  }

  function findNote(id) {
    return board?.notes.find((n) => n.id === id);
  }

  async function upvote(id, on) {
    const note = findNote(id);
    if (!note) return;
    const before = { upvotes: note.upvotes, upvoters: note.upvoters };
    note.upvoters = on ? [...(note.upvoters || []), me.number] : (note.upvoters || []).filter((n) => n !== me.number);
    note.upvotes = Math.max(0, (note.upvotes || 0) + (on ? 1 : -1));
    render();
    const reply = await send("upvote_note", { note_id: id, on });
    if (!reply?.ok) Object.assign(note, before);
    render();
  }

  async function markKeyPoint(id, on) {
    const note = findNote(id);
    if (!note) return;
    note.key_point = on;
    render();
    const reply = await send("mark_key_point", { note_id: id, on });
    if (!reply?.ok) note.key_point = !on;
    render();
  }

  async function saveNote(id, category, text) {
    if (!text || [...text].length > NOTE_MAX) return;
    const reply = await send("edit_note", { note_id: id, category, text });
    if (reply?.ok) {
      editing = null;
      const note = findNote(id);
      if (note) Object.assign(note, reply.note || { category, text });
    }
    render();
  }

  async function removeNote(id) {
    clearTimeout(confirmTimer);
    if (confirmDelete !== id) {
      // A second tap deletes: one stray tap on a phone should not lose a note.
      confirmDelete = id;
      confirmTimer = setTimeout(() => { confirmDelete = null; render(); }, 4000);
      render();
      return;
    }
    confirmDelete = null;
    const reply = await send("delete_note", { note_id: id });
    if (reply?.ok && board) board.notes = board.notes.filter((n) => n.id !== id);
    render();
  }

  async function volunteer() {
    const reply = await send("volunteer_reporter", {});
    if (reply?.ok && board) board.reporter = me.number;
    render();
  }

  async function chooseGroup(groupId) {
    const reply = await send("choose_group", { group_id: groupId });
    if (reply?.ok) sync();
  }

  async function support(id, on) {
    if (on) supports.add(id); else supports.delete(id);
    render();
    const reply = await send("support_key_point", { note_id: id, on });
    if (!reply?.ok) {
      if (on) supports.delete(id); else supports.add(id);
      render();
    }
  }

  // ---- rendering ----
  function renderClock() {
    const el = byTestId("timer");
    el.hidden = !breakout();
    if (breakout()) renderTimer(el, breakout(), countdown);
  }

  function renderGroupCard(g, bo) {
    const numberLine = t("breakout.group_number", { number: g.number });
    setText(byTestId("my-group-number"), numberLine);
    byTestId("my-group-number").hidden = g.name === numberLine; // a group named just "Group 3"
    setText(byTestId("my-group-name"), g.name);
    const place = byTestId("my-group-place");
    setText(place, g.place || "");
    place.hidden = !g.place;
    const questions = g.questions || [];
    byTestId("my-group-questions").hidden = questions.length === 0;
    syncList(byTestId("my-group-question-list"), questions, (q) => q, () => h("li"), (li, q) => setText(li, q));
    const ended = byTestId("board-ended");
    ended.hidden = !readOnly();
    setText(ended, bo.status === "ended" || bo.reporting != null ? t("breakout.board_read_only") : t("breakout.session_ended"));
  }

  function renderReporter() {
    const mine = isReporter();
    const keyPoints = (board?.notes || []).filter((n) => n.key_point).length;
    const button = byTestId("volunteer-reporter");
    button.hidden = Boolean(board?.reporter) || mine || readOnly() || !board;
    const info = byTestId("reporter-state");
    info.hidden = !mine && !board?.reporter;
    info.classList.toggle("is-me", mine);
    setText(info, mine ? t("breakout.you_report") : t("breakout.someone_reports"));
    const counter = byTestId("key-point-count");
    counter.hidden = !mine;
    counter.classList.toggle("is-full", keyPoints >= KEY_POINTS_MAX);
    setText(counter, t("breakout.key_points_count", { count: keyPoints, max: KEY_POINTS_MAX }));
    return KEY_POINTS_MAX - keyPoints;
  }

  function renderForm(bo) {
    const form = byTestId("note-form");
    form.hidden = readOnly();
    const select = byTestId("note-category");
    const categories = bo.categories || [];
    if (select.dataset.options !== categories.join("\n")) {
      const keep = select.value;
      select.replaceChildren(...categories.map((c) => h("option", { value: c, text: c })));
      select.dataset.options = categories.join("\n");
      if (categories.includes(keep)) select.value = keep;
    }
    renderCounter();
  }

  function renderCounter() {
    const input = byTestId("note-input");
    const length = [...input.value].length;
    const counter = byTestId("note-counter");
    setText(counter, t("comment.counter", { count: length, max: NOTE_MAX }));
    counter.classList.toggle("is-over", length > NOTE_MAX);
    byTestId("note-submit").disabled = !input.value.trim() || length > NOTE_MAX || readOnly();
  }

  function render() {
    renderClock();
    const bo = breakout();
    if (!bo) return;
    setText(byTestId("breakout-title"), bo.title);
    const message = byTestId("breakout-message");
    setText(message, bo.message || "");
    message.hidden = !bo.message;
    const g = group();
    renderPhoneReport(reporting() ? state.report : null, supports, ownKeyPoints(g));
    byTestId("unplaced").hidden = Boolean(g);
    byTestId("placed").hidden = !g;
    if (!g) { renderGroupChoices(bo); return; }
    renderGroupCard(g, bo);
    const keyPointsLeft = renderReporter();
    renderForm(bo);
    const notes = [...(board?.notes || []).map((n) => ({ ...n, state: "saved" })), ...outbox.asNotes(me.number, me.sector)];
    byTestId("board-empty").hidden = notes.length > 0;
    renderBoard(byTestId("board"), {
      categories: bo.categories || [], notes, number: me.number, reporter: isReporter(), readOnly: readOnly(),
      keyPointsLeft, editing, confirmDelete,
    });
  }

  // ---- wiring ----
  byTestId("note-form").addEventListener("submit", addNote);
  byTestId("note-input").addEventListener("input", renderCounter);
  byTestId("volunteer-reporter").addEventListener("click", volunteer);
  byTestId("group-choices").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-group-id]");
    if (button && !button.disabled) chooseGroup(Number(button.dataset.groupId));
  });
  byTestId("phone-key-points").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-note-id]");
    if (button) support(Number(button.dataset.noteId), button.getAttribute("aria-pressed") !== "true");
  });
  bindBoard(byTestId("board"), {
    upvote, key: markKeyPoint, remove: removeNote, save: saveNote,
    edit(id) { editing = id; confirmDelete = null; render(); },
    cancel() { editing = null; render(); },
  });
  socket.on("board", (next) => {
    if (!group() || next?.group_id !== group().id) return;
    setBoard(next);
    render();
  });

  return {
    /** A new snapshot (fromSync: the reply to our own sync, which must not trigger another). */
    update(snapshot, nextMe, hasMe, fromSync) {
      state = snapshot;
      me = nextMe;
      if (hasMe && Array.isArray(nextMe.supports)) supports = new Set(nextMe.supports);
      if ("board" in snapshot) setBoard(snapshot.board);
      countdown.update(breakout());
      const groupId = breakout() ? group()?.id ?? null : null;
      if (groupId !== lastGroupId) {
        if (groupId !== (board?.group_id ?? null) && board) board = null;
        editing = null;
        if (groupId !== null && !fromSync) sync();
      }
      lastGroupId = groupId;
      if (groupId !== null) flushNotes();
    },
    render,
    connected() { lastGroupId = undefined; },
  };
}
