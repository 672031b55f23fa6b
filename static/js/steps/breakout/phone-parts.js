// Two parts of the phone's breakout view that need none of its state: the list of groups to
// choose from (self-select), and the key points on screen during report-back with their +1.
import { t, tn } from "../../socket.js";
import { groupLabel } from "./labels.js";
import { byTestId, h, setText, syncList } from "../../dom.js";

/** Self-select: every group with a button to join it; otherwise "you'll be placed shortly". */
export function renderGroupChoices(bo) {
  const selfSelect = bo.assignment === "self_select" && ["open", "running", "paused"].includes(bo.status);
  byTestId("choose-group").hidden = !selfSelect;
  byTestId("wait-group").hidden = selfSelect;
  if (!selfSelect) return;
  syncList(byTestId("group-choices"), bo.groups || [], (g) => g.id,
    () => h("li", { class: "bo-choice", "data-testid": "group-choice" },
      h("div", { class: "bo-choice-text" }, h("strong", { class: "bo-choice-name" }), h("span", { class: "bo-choice-place" }), h("span", { class: "bo-choice-members" })),
      h("button", { type: "button", class: "button button-primary", "data-testid": "choose-group-button" })),
    (li, g) => {
      li.dataset.id = g.id;
      setText(li.querySelector(".bo-choice-name"), groupLabel(g.number, g.name));
      setText(li.querySelector(".bo-choice-place"), g.place || "");
      setText(li.querySelector(".bo-choice-members"), bo.cap ? t("breakout.members_of_cap", { count: g.members, cap: bo.cap }) : tn("breakout.members_count", g.members));
      const button = li.querySelector("button");
      button.dataset.groupId = g.id;
      button.disabled = Boolean(g.full);
      setText(button, g.full ? t("breakout.full") : t("breakout.join_group"));
    });
}

/** Report-back: the group on screen and its key points; supports is the set of ids I gave +1,
 *  mine the ids I may not +1 (I wrote them, or I am the one reporting them). */
export function renderPhoneReport(report, supports, mine = new Set()) {
  byTestId("phone-report").hidden = !report;
  if (!report) return;
  setText(byTestId("phone-report-group"), groupLabel(report.group.number, report.group.name));
  const points = report.key_points || [];
  byTestId("phone-report-empty").hidden = points.length > 0;
  syncList(byTestId("phone-key-points"), points, (k) => k.id,
    () => h("li", { class: "bo-keypoint", "data-testid": "phone-key-point" },
      h("p", { class: "bo-keypoint-text" }), h("span", { class: "bo-keypoint-category" }),
      h("button", { type: "button", class: "bo-support", "data-testid": "support-key-point" })),
    (li, k) => {
      li.dataset.id = k.id;
      setText(li.querySelector(".bo-keypoint-text"), k.text);
      setText(li.querySelector(".bo-keypoint-category"), k.category || "");
      const button = li.querySelector("button");
      const on = supports.has(k.id);
      button.dataset.noteId = k.id;
      button.hidden = mine.has(k.id);
      button.setAttribute("aria-pressed", String(on));
      // No count here: phones are not told each new +1, and a stale number would mislead; the
      // projector shows the live count.
      setText(button, t(on ? "breakout.supported" : "breakout.support"));
      button.setAttribute("aria-label", t("breakout.support_label"));
    });
}

