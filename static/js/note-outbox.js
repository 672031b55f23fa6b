// Notes and comments the phone has written but the server has not acknowledged yet. Each keeps the
// client id it was made with, so a resend after a timeout or a reconnect is stored once; they
// survive a reload.
import { emitWithAck } from "./socket.js";

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

  /**
   * Sends each waiting item as `event`, one at a time. An acknowledged item goes to saved(item, reply),
   * one refused for good to refused(item, reply); with no answer (or "not_saved") it stays, with the
   * same client id, and is tried again in 3 s or on the next flush (a reconnect).
   */
  async flush(socket, event, handlers) {
    const { ready = () => true, saved, refused, render } = handlers;
    for (const item of [...this.items]) {
      if (this.inFlight.has(item.client_id) || !socket.connected || !ready()) continue;
      this.inFlight.add(item.client_id);
      render();
      let reply = null;
      try {
        reply = await emitWithAck(socket, event, item, 8000);
      } catch { /* timed out or offline: stays */ }
      this.inFlight.delete(item.client_id);
      if (reply && (reply.ok || reply.error !== "not_saved")) {
        this.remove(item.client_id);
        (reply.ok ? saved : refused)(item, reply);
      } else if (socket.connected) {
        setTimeout(() => this.flush(socket, event, handlers), 3000);
      }
      render();
    }
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
