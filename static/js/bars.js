// Diverging bars for a statement's distribution, used by the projector and the control panel.
// Disagree grows left of the centre line, agree right, neutral straddles it half and half: the
// centre stays put from row to row, so sectors can be compared at a glance.
import { t, tn, choiceLabel } from "./socket.js";
import { h, setText, syncList } from "./dom.js";

const SCALE = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"];

/** Shares of the opinions (passes left out), computed from counts when the server sent none. */
function sharesOf(dist) {
  const counts = dist.counts || {};
  const opinions = dist.opinions ?? SCALE.reduce((sum, c) => sum + (counts[c] || 0), 0);
  const shares = {};
  for (const c of SCALE) {
    const given = dist.shares && typeof dist.shares[c] === "number" ? dist.shares[c] : null;
    shares[c] = given ?? (opinions ? (counts[c] || 0) / opinions : 0);
  }
  return { shares, opinions };
}

const pct = (share) => `${Math.round(share * 100)}%`;

/** Left offset and width (percent of the track) of each segment; each half of the track is 100%. */
function layout(shares) {
  const half = (shares.neutral * 50) / 2;
  const boxes = { neutral: { left: 50 - half, width: half * 2 } };
  let edge = 50 - half;
  for (const c of ["disagree", "strongly_disagree"]) {
    const width = shares[c] * 50;
    edge -= width;
    boxes[c] = { left: edge, width };
  }
  edge = 50 + half;
  for (const c of ["agree", "strongly_agree"]) {
    const width = shares[c] * 50;
    boxes[c] = { left: edge, width };
    edge += width;
  }
  return boxes;
}

function createRow() {
  const track = h("div", { class: "bar-track" }, h("div", { class: "bar-centre", "aria-hidden": "true" }));
  for (const c of SCALE) {
    track.append(h("div", { class: `seg seg-${c}`, dataset: { choice: c } }, h("span", { class: "seg-label" })));
  }
  track.append(h("div", { class: "bar-empty" }));
  return h(
    "div",
    { class: "bar-row", role: "img", "data-testid": "result-row" },
    h("div", { class: "bar-name" }, h("span", { class: "bar-name-text" }), h("span", { class: "bar-n" })),
    h("div", { class: "bar-sum bar-sum-left", "aria-hidden": "true" }),
    track,
    h("div", { class: "bar-sum bar-sum-right", "aria-hidden": "true" }),
    h("div", { class: "bar-pass", "data-testid": "result-pass" }),
  );
}

function updateRow(row, { name, dist }, minLabel) {
  const { shares, opinions } = sharesOf(dist);
  const passes = (dist.counts && dist.counts.pass) || 0;
  const disagree = dist.disagree ?? shares.strongly_disagree + shares.disagree;
  const agree = dist.agree ?? shares.agree + shares.strongly_agree;
  setText(row.querySelector(".bar-name-text"), name);
  setText(row.querySelector(".bar-n"), tn("bars.opinions", opinions));
  const empty = opinions === 0;
  row.classList.toggle("is-empty", empty);
  // A sector whose members all passed has votes, just no opinion: say that, not "no votes yet".
  setText(row.querySelector(".bar-empty"), empty && !passes ? t("bars.no_votes") : "");
  setText(row.querySelector(".bar-sum-left"), empty ? "" : pct(disagree));
  setText(row.querySelector(".bar-sum-right"), empty ? "" : pct(agree));
  setText(row.querySelector(".bar-pass"), passes ? tn("bars.passed", passes) : "");
  const boxes = layout(shares);
  for (const seg of row.querySelectorAll(".seg")) {
    const c = seg.dataset.choice;
    seg.style.left = `${boxes[c].left}%`;
    seg.style.width = `${boxes[c].width}%`;
    seg.dataset.width = boxes[c].width;
    seg.title = `${choiceLabel(c)}: ${pct(shares[c])}`;
    setText(seg.firstChild, shares[c] >= minLabel ? pct(shares[c]) : "");
  }
  row.setAttribute(
    "aria-label",
    t("bars.row_summary", {
      name,
      disagree: pct(disagree),
      neutral: pct(shares.neutral),
      agree: pct(agree),
      passed: passes,
    }),
  );
}

function legend() {
  return h(
    "ul",
    { class: "bars-legend", "data-testid": "result-legend" },
    ...SCALE.map((c) =>
      h("li", { class: `legend-item legend-${c}` }, h("span", { class: `legend-swatch seg-${c}`, "aria-hidden": "true" }), choiceLabel(c)),
    ),
  );
}

/**
 * Renders result ({overall, by_sector}) into container, updating in place on later calls.
 * options.minLabel: the smallest share that gets a percentage printed on its segment.
 * options.hideEmpty: leave out sectors without any vote (the projector has no room to spare).
 */
export function renderBars(container, result, options = {}) {
  const minLabel = options.minLabel ?? 0.06;
  if (!container.querySelector(".bars")) {
    container.replaceChildren(h("div", { class: "bars" }, legend(), h("div", { class: "bars-rows" })));
  }
  const rows = [{ key: "__overall", name: t("bars.everyone"), dist: result.overall, overall: true }];
  for (const sector of result.by_sector || []) {
    if (options.hideEmpty && !sector.opinions && !sector.counts?.pass) continue;
    rows.push({ key: `sector:${sector.sector}`, name: sector.sector, dist: sector });
  }
  syncList(
    container.querySelector(".bars-rows"),
    rows,
    (row) => row.key,
    (row) => {
      const el = createRow();
      if (row.overall) el.classList.add("bar-row-overall");
      return el;
    },
    (el, row) => updateRow(el, row, minLabel),
  );
  fitLabels(container);
}

/** A percentage wider than its segment would run into the next one: leave it to the title and the
 *  row's summary. Measured once the rows are in the page, against the width each segment is
 *  growing to (it may still be animating); a hidden container has no width and keeps them all. */
function fitLabels(container) {
  for (const track of container.querySelectorAll(".bar-track")) {
    const width = track.clientWidth;
    if (!width) continue;
    for (const seg of track.querySelectorAll(".seg")) {
      const label = seg.firstChild;
      if (label.textContent && label.offsetWidth + 6 > (width * Number(seg.dataset.width)) / 100) setText(label, "");
    }
  }
}
