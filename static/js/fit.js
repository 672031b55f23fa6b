// Text that must fit its box on the projector: statements and key points vary from five words to
// hundreds of characters, and the projector must never scroll.

// A fixed number of halvings, never "until the interval is small": sizes come from vh and are not
// whole pixels, and a loop that waited for an integer midpoint to move once froze the projector for
// good (lo=45, hi=46.8). Eight halvings of a 3-10 vh range end within a fraction of a pixel.
const STEPS = 8;

const fits = (el, box) => box.scrollHeight <= box.clientHeight && el.scrollWidth <= box.clientWidth;

/** Sets el's font size to the largest (px, between minPx and maxPx) at which box does not overflow;
 * returns false when even minPx overflows. */
export function fitText(el, box, maxPx, minPx) {
  if (!el.textContent || box.clientHeight === 0) return true;
  let lo = Math.floor(minPx);
  let hi = Math.max(lo, Math.floor(maxPx));
  el.style.fontSize = `${hi}px`;
  if (fits(el, box)) return true;
  for (let step = 0; step < STEPS && hi - lo > 1; step += 1) {
    const mid = Math.floor((lo + hi) / 2);
    el.style.fontSize = `${mid}px`;
    if (fits(el, box)) lo = mid;
    else hi = mid;
  }
  el.style.fontSize = `${lo}px`;
  return fits(el, box);
}
