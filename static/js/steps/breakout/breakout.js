// Group work's parts of the page shells, started by static/js/steps.js (startPages): the phone's group
// and board, the projector's groups and report-back, the control panel's controls, dialog and rows.
import { t } from "../../socket.js";
import { createBreakoutPhone } from "./phone.js";
import { renderBreakout, fitBreakout, breakoutView, stopBreakout } from "./projector.js";
import { initBreakoutControl, renderBreakoutControl } from "./control.js";
import { initBreakoutDialog, updateBreakoutDialog } from "./dialog.js";

const KIND = "breakout";
const onScreen = (state) => (state?.step?.kind === KIND ? state.step.breakout : null);

/** A breakout's status badge: its own colours (badge-bo-*) and words. */
const badge = (status) => ({ className: `badge badge-bo-${status}`, text: t(`breakout.status.${status}`) });

export const pages = {
  phone: (context) => createBreakoutPhone(context),
  projector: () => ({
    view: (state) => (onScreen(state) ? breakoutView(state) : null),
    render(state, view) {
      if (onScreen(state)) renderBreakout(state, view);
      else stopBreakout();
    },
    fit: (smallest) => fitBreakout(smallest),
  }),
  control: ({ send }) => {
    initBreakoutControl(send);
    initBreakoutDialog(send);
    return {
      render(state) {
        renderBreakoutControl(state);
        updateBreakoutDialog(state);
      },
      /** The agenda row of a breakout: ▦, its title, its status and the kind's name. */
      agendaRow: (item) => (item.kind === KIND
        ? { number: "▦", text: item.breakout.title, badge: badge(item.breakout.status), meta: t("agenda.breakout"), className: "agenda-item-breakout" }
        : null),
      /** "On screen now" while a breakout is. */
      current: (state) => {
        const breakout = onScreen(state);
        return breakout ? { position: t("agenda.breakout"), text: breakout.title, badge: badge(breakout.status) } : null;
      },
    };
  },
};
