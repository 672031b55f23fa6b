// Notes and comments the phone has written but the server has not acknowledged yet. Each keeps the
// client id it was made with, so a resend after a timeout or a reconnect is stored once; they
// survive a reload.

/** A client id for add_note and comment. crypto.randomUUID exists only on https or localhost, and the venue's
 *  server is usually plain http on a LAN address, so fall back to getRandomValues (always there). */
export function newClientId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function" && window.isSecureContext) {
    return window.crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class Outbox {
  constructor(code, kind = "notes") {
    this.key = `facilitator:${code}:${kind}`;
    this.items = [];
    try {
      const saved = JSON.parse(localStorage.getItem(this.key) || "[]");
      if (Array.isArray(saved)) this.items = saved.filter((n) => n && n.client_id && n.text);
    } catch { /* private mode or damaged: start empty */ }
    this.inFlight = new Set();
  }

  save() {
    try { localStorage.setItem(this.key, JSON.stringify(this.items)); } catch { /* memory only */ }
  }

  /** Keeps `fields` (with a `text`) under a new client id until it is acknowledged. */
  add(fields) {
    const item = { client_id: newClientId(), ...fields };
    this.items.push(item);
    this.save();
    return item;
  }

  remove(clientId) {
    this.items = this.items.filter((n) => n.client_id !== clientId);
    this.inFlight.delete(clientId);
    this.save();
  }

  /** Drops the notes the board already holds (stored, but the ack got lost on the way). */
  forgetStored(board) {
    const stored = new Set((board?.notes || []).map((n) => n.client_id));
    if (this.items.some((n) => stored.has(n.client_id))) {
      this.items = this.items.filter((n) => !stored.has(n.client_id));
      this.save();
    }
  }

  /** The pending notes as board notes, marked "sending" or "waiting". */
  asNotes(number, sector) {
    return this.items.map((n) => ({
      ...n, id: null, author: number, sector, upvotes: 0, upvoters: [], key_point: false,
      state: this.inFlight.has(n.client_id) ? "sending" : "waiting",
    }));
  }
}
