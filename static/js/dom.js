// Tiny DOM helpers. User text only ever goes in through textContent, never as markup.

/** Creates an element: h("li", {class: "x", dataset: {id: 3}}, "text", child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name === "text") el.textContent = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Sets textContent only when it changed, so screen readers and selections are not disturbed. */
export function setText(el, text) {
  const value = text === null || text === undefined ? "" : String(text);
  if (el && el.textContent !== value) el.textContent = value;
}

/** Shows exactly one of the [data-view] sections inside root. */
export function showView(root, name) {
  for (const section of root.querySelectorAll("[data-view]")) {
    section.hidden = section.dataset.view !== name;
  }
}

/**
 * Keeps container's children in step with items, reusing elements by key so that a button under
 * the pointer survives the many snapshots of a vote storm. create(item) → element; update(el, item).
 */
export function syncList(container, items, key, create, update) {
  const existing = new Map();
  for (const el of container.children) existing.set(el.dataset.key, el);
  let previous = null;
  for (const item of items) {
    const k = String(key(item));
    let el = existing.get(k);
    if (el) existing.delete(k);
    else {
      el = create(item);
      el.dataset.key = k;
    }
    update(el, item);
    const wanted = previous ? previous.nextSibling : container.firstChild;
    if (wanted !== el) container.insertBefore(el, wanted);
    previous = el;
  }
  for (const el of existing.values()) el.remove();
}

/** Query helper scoped to data-testid. */
export function byTestId(id, root = document) {
  return root.querySelector(`[data-testid="${id}"]`);
}
