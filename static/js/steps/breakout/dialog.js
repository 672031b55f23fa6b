// "Add breakout" in the control panel: a dialog whose form becomes one add_breakout event.
import { boot, t, limits } from "../../socket.js";
import { byTestId, h, setText } from "../../dom.js";

let send = null;
let state = null;

const lines = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);
const field = (name) => byTestId(`breakout-${name}`);

/** "Name | place" per line → groups; the questions (one per line) go to every group. */
function parseGroups(text, questions) {
  return lines(text).map((line) => {
    const [name, ...rest] = line.split("|");
    return { name: name.trim(), place: rest.join("|").trim(), questions };
  });
}

/** Options for "after which statement": the agenda's statements in order, plus start and end. */
function fillAfter() {
  const select = field("after");
  const statements = (state?.agenda || []).filter((item) => item.kind === "statement").map((item) => item.statement);
  const onScreen = state?.step?.kind === "statement" ? state.step.statement?.position : null;
  select.replaceChildren(
    h("option", { value: "end", text: t("breakout.after_end") }),
    h("option", { value: "0", text: t("breakout.after_start") }),
    ...statements.map((s) => h("option", { value: String(s.position), text: t("breakout.after_statement", { n: s.position, text: s.text.length > 70 ? `${s.text.slice(0, 69)}…` : s.text }) })),
  );
  select.value = onScreen ? String(onScreen) : "end";
}

function showCap() {
  field("cap-field").hidden = field("assignment").value !== "self_select";
}

function open() {
  const form = byTestId("add-breakout-form");
  form.reset();
  fillAfter();
  const language = state?.session?.language || boot().locale || "nl";
  const categories = limits().default_categories;
  field("categories").value = (categories[language] || categories.en).join("\n");
  field("error").hidden = true;
  showCap();
  byTestId("add-breakout-dialog").showModal();
  field("title").focus();
}

function payload() {
  const minutes = Number(field("minutes").value);
  const assignment = field("assignment").value;
  const questions = lines(field("questions").value);
  const categories = lines(field("categories").value);
  const after = field("after").value;
  const data = { title: field("title").value.trim(), minutes, assignment, categories };
  if (after !== "end") data.after = Number(after);
  data.cap = assignment === "self_select" && field("cap").value ? Number(field("cap").value) : null;
  const named = parseGroups(field("names").value, questions);
  const count = Number(field("count").value) || limits().default_group_count;
  if (named.length) data.groups = named;
  // Questions need groups to hang on: name the counted groups "Group 1", "Group 2" ...
  else if (questions.length) data.groups = Array.from({ length: count }, (_, i) => ({ name: t("breakout.default_group_name", { number: i + 1 }), place: "", questions }));
  else data.count = count;
  return data;
}

async function submit(event) {
  event.preventDefault();
  const error = field("error");
  const data = payload();
  if (!data.title) {
    setText(error, t("breakout.title_required"));
    error.hidden = false;
    field("title").focus();
    return;
  }
  const submitButton = field("submit");
  submitButton.disabled = true;
  const reply = await send("add_breakout", data, { quiet: true });
  submitButton.disabled = false;
  if (reply?.ok) {
    byTestId("add-breakout-dialog").close();
  } else {
    setText(error, reply?.message || t("control.no_answer"));
    error.hidden = false;
  }
}

export function updateBreakoutDialog(snapshot) {
  state = snapshot;
  byTestId("btn-add-breakout").disabled = snapshot?.session?.status === "ended";
}

/** sendEvent(event, payload, {quiet}) resolves with the reply (or null when none came). */
export function initBreakoutDialog(sendEvent) {
  send = sendEvent;
  byTestId("btn-add-breakout").addEventListener("click", open);
  byTestId("add-breakout-form").addEventListener("submit", submit);
  field("cancel").addEventListener("click", () => byTestId("add-breakout-dialog").close());
  field("assignment").addEventListener("change", showCap);
}
