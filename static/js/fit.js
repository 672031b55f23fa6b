// Text that must fit its box on the projector: statements and key points vary from five words to
// hundreds of characters, and the projector must never scroll.

/** Sets el's font size to the largest (px, between minPx and maxPx) at which box does not overflow. */
export function fitText(el, box, maxPx, minPx) {
  if (!el.textContent || box.clientHeight === 0) return;
  let lo = minPx;
  let hi = maxPx;
  el.style.fontSize = `${hi}px`;
  if (box.scrollHeight <= box.clientHeight) return;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    el.style.fontSize = `${mid}px`;
    if (box.scrollHeight <= box.clientHeight && el.scrollWidth <= box.clientWidth) lo = mid;
    else hi = mid;
  }
  el.style.fontSize = `${lo}px`;
}
