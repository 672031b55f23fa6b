// Shared by every screen: page data, translated strings, the Socket.IO connection and acks.
// Screens render only from `state` snapshots, so a reconnect needs nothing but the next snapshot.

let bootData = null;

/** The page data the server rendered into <script type="application/json" id="boot">. */
export function boot() {
  if (!bootData) {
    const el = document.getElementById("boot");
    bootData = el ? JSON.parse(el.textContent) : {};
    bootData.strings = bootData.strings || {};
  }
  return bootData;
}

/** The server's limits and defaults (facilitator/domain/limits.py): no script keeps a copy of its own. */
export function limits() {
  return boot().limits || {};
}

/** A translated string by key, with {name} placeholders filled in; the key itself if missing. */
export function t(key, params = {}) {
  const template = boot().strings[key];
  const text = typeof template === "string" ? template : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Singular/plural pick: `${key}.one` when count is 1, else `${key}.other`; {count} is filled in. */
export function tn(key, count, params = {}) {
  return t(`${key}.${count === 1 ? "one" : "other"}`, { count, ...params });
}

/** Shows the state of the connection in every [data-testid="connection"] element. */
export function setConnection(state) {
  for (const el of document.querySelectorAll('[data-testid="connection"]')) {
    el.dataset.state = state;
    const label = el.querySelector(".connection-label");
    if (label) label.textContent = t(`connection.${state}`);
  }
}

/**
 * Connects as `role` to session `code`. handlers: state(snapshot), connect(socket),
 * disconnect(reason), refused({error, message}) for a connection the server will not accept.
 */
export function connect(role, code, handlers = {}) {
  setConnection("connecting");
  const socket = window.io({
    auth: { role, code },
    transports: ["websocket", "polling"],
    reconnection: true,
    reconnectionDelayMax: 5000,
  });
  socket.on("connect", () => {
    setConnection("connected");
    handlers.connect?.(socket);
  });
  socket.on("disconnect", (reason) => {
    setConnection("reconnecting");
    handlers.disconnect?.(reason);
    // A disconnect the server made on purpose is not retried by the client library: retry anyway,
    // because the server may have restarted and the snapshot on reconnect will tell us what is up.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 3000);
  });
  socket.on("connect_error", (err) => {
    // A refusal by our server carries data {error, message}; anything else is the network, and the
    // client library keeps retrying by itself.
    if (err && err.data && err.data.error) {
      setConnection("refused");
      handlers.refused?.(err.data);
    } else {
      setConnection("reconnecting");
    }
  });
  socket.on("state", (snapshot) => handlers.state?.(snapshot));
  // The session was deleted: connect again, and the server's refusal says so in the page's language.
  socket.on("session_deleted", () => {
    socket.disconnect();
    socket.connect();
  });
  return socket;
}

/** Emits with an acknowledgement; resolves with the reply, rejects on timeout or when offline. */
export function emitWithAck(socket, event, payload = {}, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    // Socket.IO would buffer an emit while offline and send it late; we keep our own retry instead.
    if (!socket.connected) {
      reject(new Error("disconnected"));
      return;
    }
    socket.timeout(timeoutMs).emit(event, payload, (err, reply) => {
      if (err) reject(err);
      else resolve(reply || { ok: false, error: "no_reply", message: t("error.generic") });
    });
  });
}

/** A choice's human label, e.g. "agree" → "Agree". */
export function choiceLabel(choice) {
  return t(`choice.${choice}`);
}
