// The kinds of step that bring a browser module of their own (facilitator/steps/<kind>: Kind.script).
// The server lists them in the boot data; the phone, projector and panel load each the same way and
// hand it the step on screen, so no page names a kind it does not already draw itself.
import { boot } from "./socket.js";
import { h, showView } from "./dom.js";

/** {kind: module}: every module exports what it draws for a role: phone(section, step, state), projector(...). */
export async function loadSteps() {
  const modules = {};
  for (const [kind, url] of Object.entries(boot().steps || {})) modules[kind] = await import(url);
  return modules;
}

/**
 * Draws the step on screen with its kind's module, in a section of its own inside root; false when
 * no module draws this kind for this role (the page draws it itself).
 */
export function renderStep(root, modules, role, state, sectionClass) {
  const kind = state?.step?.kind;
  const module = modules[kind];
  if (!module || typeof module[role] !== "function" || !state.step[kind]) return false;
  let section = [...root.querySelectorAll(":scope > [data-view]")].find((el) => el.dataset.view === kind);
  if (!section) {
    section = h("section", { class: sectionClass, "data-view": kind, "data-testid": `view-${kind}`, hidden: true });
    root.append(section);
  }
  module[role](section, state.step[kind], state);
  showView(root, kind);
  return true;
}

/**
 * The parts of a page that a kind draws beside the shell's own: a module may export
 * `pages = {phone(context), projector(context), control(context)}`, each giving hooks the shell calls
 * at its moments (phone: update, render, connected; projector: view, render, fit; panel: render,
 * agendaRow, current). Every kind's hooks are called alike; a hook a kind leaves out is skipped.
 */
export function startPages(modules, role, context) {
  const parts = Object.values(modules)
    .filter((module) => typeof module.pages?.[role] === "function")
    .map((module) => module.pages[role](context));
  return {
    /** Calls the hook of every kind that has it. */
    each(hook, ...args) {
      for (const part of parts) part[hook]?.(...args);
    },
    /** The first answer a kind gives (not null or undefined), or null. */
    first(hook, ...args) {
      for (const part of parts) {
        const answer = part[hook]?.(...args);
        if (answer !== undefined && answer !== null) return answer;
      }
      return null;
    },
  };
}
