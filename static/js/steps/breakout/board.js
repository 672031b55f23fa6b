// The group board on the phone: notes by category, upvotes, your own notes to edit or delete, and
// for the group's reporter a star to mark up to three key points. This module only draws; clicks go
// to the handlers breakout-phone.js passes in, through one delegated listener per board.
import { t, tn, limits } from "../../socket.js";
import { h, setText, syncList } from "../../dom.js";

/** Key of a note in the list: its client id, so a pending note keeps its element once stored. */
const noteKey = (note) => note.client_id || `id:${note.id}`;

function createNote() {
  const categories = h("select", { class: "input note-edit-category", "aria-label": t("board.category") });
  return h(
    "li",
    { class: "note", "data-testid": "note" },
    h("p", { class: "note-text" }),
    h(
      "div",
      { class: "note-meta" },
      h("span", { class: "note-sector" }),
      h("span", { class: "note-you", text: t("board.you") }),
      h("span", { class: "note-key-badge", text: t("board.key_point") }),
      h("span", { class: "note-state", "data-testid": "note-state" }),
    ),
    h(
      "div",
      { class: "note-actions" },
      h("button", { type: "button", class: "note-upvote", "data-testid": "note-upvote", dataset: { act: "upvote" } },
        h("span", { class: "note-upvote-icon", "aria-hidden": "true" }, "▲"), h("span", { class: "note-upvote-count" })),
      h("span", { class: "note-votes" }),
      h("button", { type: "button", class: "note-star", "data-testid": "key-point-toggle", dataset: { act: "key" } },
        h("span", { class: "note-star-icon", "aria-hidden": "true" }), h("span", { class: "note-star-label" })),
      h("span", { class: "note-spacer" }),
      h("button", { type: "button", class: "link-button", "data-testid": "note-edit", dataset: { act: "edit" } }, t("board.edit")),
      h("button", { type: "button", class: "link-button link-danger", "data-testid": "note-delete", dataset: { act: "delete" } }),
    ),
    h(
      "form",
      { class: "note-edit", "data-testid": "note-edit-form", dataset: { act: "save" } },
      categories,
      h("textarea", { class: "input note-edit-text", rows: "3", maxlength: String(limits().note_max), "aria-label": t("board.note_text") }),
      h(
        "div",
        { class: "note-edit-buttons" },
        h("button", { type: "button", class: "button button-small", dataset: { act: "cancel" } }, t("board.cancel")),
        h("button", { type: "submit", class: "button button-small button-primary", "data-testid": "note-save" }, t("board.save")),
      ),
    ),
  );
}

function fillOptions(select, categories) {
  if (select.dataset.options === categories.join("\n")) return;
  select.replaceChildren(...categories.map((c) => h("option", { value: c, text: c })));
  select.dataset.options = categories.join("\n");
}

function updateNote(li, note, view) {
  const own = note.author === view.number || note.state !== "saved";
  const saved = note.state === "saved";
  li.dataset.id = note.id ?? "";
  li.dataset.state = note.state;
  li.classList.toggle("is-own", own);
  li.classList.toggle("is-key", Boolean(note.key_point));
  setText(li.querySelector(".note-text"), note.text);
  setText(li.querySelector(".note-sector"), note.sector || "");
  li.querySelector(".note-you").hidden = !own;
  li.querySelector(".note-key-badge").hidden = !note.key_point || view.reporter;
  const stateEl = li.querySelector(".note-state");
  stateEl.hidden = saved;
  setText(stateEl, note.state === "sending" ? t("board.sending") : note.state === "waiting" ? t("board.waiting") : "");

  const upvotes = note.upvotes || 0;
  const mine = (note.upvoters || []).includes(view.number);
  const upvote = li.querySelector(".note-upvote");
  upvote.hidden = own;
  upvote.disabled = view.readOnly;
  upvote.setAttribute("aria-pressed", String(mine));
  upvote.setAttribute("aria-label", tn("board.upvote_label", upvotes));
  setText(upvote.querySelector(".note-upvote-count"), upvotes);
  const votes = li.querySelector(".note-votes");
  votes.hidden = !own || !saved;
  setText(votes, tn("board.upvotes", upvotes));

  const star = li.querySelector(".note-star");
  star.hidden = !view.reporter || !saved;
  star.setAttribute("aria-pressed", String(Boolean(note.key_point)));
  star.disabled = !note.key_point && view.keyPointsLeft <= 0;
  setText(star.querySelector(".note-star-icon"), note.key_point ? "★" : "☆");
  setText(star.querySelector(".note-star-label"), t(note.key_point ? "board.key_point" : "board.mark_key_point"));

  const editable = own && saved && !view.readOnly;
  li.querySelector('[data-act="edit"]').hidden = !editable;
  const del = li.querySelector('[data-act="delete"]');
  del.hidden = !editable;
  const confirming = view.confirmDelete === note.id;
  del.classList.toggle("is-confirming", confirming);
  setText(del, t(confirming ? "board.delete_confirm" : "board.delete"));

  const form = li.querySelector(".note-edit");
  const editing = editable && view.editing === note.id;
  if (editing && !li.classList.contains("is-editing")) {
    const select = form.querySelector("select");
    fillOptions(select, view.categories.includes(note.category) ? view.categories : [...view.categories, note.category]);
    select.value = note.category;
    form.querySelector("textarea").value = note.text;
  }
  li.classList.toggle("is-editing", editing);
  form.hidden = !editing;
}

function createSection() {
  return h(
    "section",
    { class: "board-section", "data-testid": "board-section" },
    h("h3", { class: "board-heading" }, h("span", { class: "board-heading-name" }), h("span", { class: "count-chip" })),
    h("p", { class: "board-empty help", text: t("board.empty_category") }),
    h("ol", { class: "note-list" }),
  );
}

/**
 * Draws the board into container. view: {categories, notes, number (mine), reporter (am I),
 * readOnly, keyPointsLeft, editing (note id), confirmDelete (note id)}.
 * notes carry state "saved", "sending" (on its way) or "waiting" (will be sent when back online).
 */
export function renderBoard(container, view) {
  const known = new Set(view.categories);
  const sections = view.categories.map((category) => ({ category, notes: [] }));
  const other = { category: "", notes: [] };
  for (const note of view.notes) {
    const section = known.has(note.category) ? sections[view.categories.indexOf(note.category)] : other;
    section.notes.push(note);
  }
  if (other.notes.length) sections.push(other);
  syncList(container, sections, (s) => s.category || "__other", createSection, (el, s) => {
    el.dataset.category = s.category;
    setText(el.querySelector(".board-heading-name"), s.category || t("board.other"));
    setText(el.querySelector(".count-chip"), s.notes.length);
    el.querySelector(".board-empty").hidden = s.notes.length > 0;
    syncList(el.querySelector(".note-list"), s.notes, noteKey, createNote, (li, note) => updateNote(li, note, view));
  });
}

/** One listener for all the board's buttons and edit forms: on.upvote(id), on.key(id), on.edit(id) ... */
export function bindBoard(container, on) {
  container.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-act]");
    const li = button?.closest(".note");
    if (!button || !li || button.disabled || button.type === "submit") return;
    const id = Number(li.dataset.id);
    if (!id) return;
    const act = button.dataset.act;
    if (act === "upvote") on.upvote(id, button.getAttribute("aria-pressed") !== "true");
    else if (act === "key") on.key(id, button.getAttribute("aria-pressed") !== "true");
    else if (act === "edit") on.edit(id);
    else if (act === "delete") on.remove(id);
    else if (act === "cancel") on.cancel();
  });
  container.addEventListener("submit", (event) => {
    event.preventDefault();
    const li = event.target.closest(".note");
    const form = event.target;
    on.save(Number(li.dataset.id), form.querySelector("select").value, form.querySelector("textarea").value.trim());
  });
}
