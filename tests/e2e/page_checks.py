"""Checks a browser test runs inside a page: does it still answer, does it fit, can it be read."""
from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Every element whose box reaches past the viewport, the page's own scroll size, and a statement cut
# off in its box: a projector must never scroll, and a box past the edge is text nobody can read.
OVERFLOW_JS = """() => {
  const w = window.innerWidth, h = window.innerHeight, s = document.scrollingElement;
  const found = [];
  if (s.scrollWidth > w || s.scrollHeight > h) found.push(`page scrolls: ${s.scrollWidth}x${s.scrollHeight} in ${w}x${h}`);
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.left < -1 || r.top < -1 || r.right > w + 1 || r.bottom > h + 1) {
      const id = el.dataset.testid || el.className || el.tagName;
      found.push(`${id}: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)} in ${w}x${h}`);
    }
  }
  // A statement's box hides what does not fit: every word must still be in view.
  for (const box of document.querySelectorAll(".pj-statement-box")) {
    if (box.checkVisibility() && box.scrollHeight > box.clientHeight + 1) {
      found.push(`${box.firstElementChild?.dataset.testid}: text cut off, ${box.scrollHeight}px in ${box.clientHeight}px`);
    }
  }
  return found;
}"""

# Every visible piece of text: its computed size in px and its contrast against the colours behind
# it (composited up the ancestors, as a reader sees it), WCAG 2 relative luminance.
LEGIBILITY_JS = """([minPx, minContrast]) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, below) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat(1); };
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el) || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const contrast = (a + 0.05) / (b + 0.05);
    const what = `${el.dataset.testid || el.className || el.tagName} "${node.textContent.trim().slice(0, 30)}"`;
    if (size < minPx - 0.05) found.push(`${what}: ${size.toFixed(1)}px`);
    if (contrast < minContrast) found.push(`${what}: contrast ${contrast.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}))`);
  }
  return found;
}"""


# True on the third animation frame it sees: by then the page has handled a resize and drawn.
# Run by Playwright with a timeout, so a page stuck in a loop fails the wait instead of hanging the test.
THIRD_FRAME_JS = """() => {
  const seen = (window.__framesSeen ?? 0) + 1;
  window.__framesSeen = seen >= 3 ? 0 : seen;
  return seen >= 3;
}"""


def still_answers(page: Page, within_ms: int = 1000) -> bool:
    """False when the page draws no three frames within the time: its main thread is stuck (a frozen tab)."""
    try:
        page.wait_for_function(THIRD_FRAME_JS, timeout=within_ms, polling="raf")
    except PlaywrightTimeout:
        return False
    return True


def overflow(page: Page) -> list[str]:
    return page.evaluate(OVERFLOW_JS)


def legibility(page: Page, min_px: float = 24, min_contrast: float = 4.5) -> list[str]:
    return page.evaluate(LEGIBILITY_JS, [min_px, min_contrast])
