// The benchmark's load generator: phones that join and vote as browsers do, driven from Node.js.
//
//   node scripts/loadgen.mjs '{"base": "http://127.0.0.1:5000", "code": "K7MX3Q", "key": "...",
//                              "scenario": "burst", "phones": 1000}'
//
// Written on the official JavaScript Socket.IO client (the one the phone page runs), in its own
// runtime, so that it can send a burst faster than a Python server on the same machine can answer
// it: scripts/bench.py shows that by driving the bare server with it. Each phone does what a
// browser does: GET the join page, POST the form with its CSRF token and the session cookie, GET
// the phone page and the files it links, then opens a WebSocket with its cookies, offering
// permessage-deflate as browsers do (engine.io-client's default on Node).
//
// Scenarios:
//   burst  every phone joins (the "join" phase), then the moderator opens a statement and every
//          phone votes the moment it sees it (the "vote" phase), or with "spread": S at a random
//          moment within S seconds of seeing it (a hall that votes within a second);
//   room   the statement is open; phones arrive over `arrival` seconds, vote after a lognormal
//          reaction time (most within 4 s), some change their vote, some drop and reconnect.
// "deflate": false makes the phones offer no WebSocket compression (browsers always offer it).
//
// With "handshake": true it prints {"mark": name} before and after each phase and waits for a
// line on stdin, so that the caller can read the server's CPU and memory at exactly those moments.
// Prints one JSON line of figures at the end. Bounded in count and time: it stops by itself.
import { io } from "socket.io-client";
import readline from "node:readline";

const o = {
  scenario: "burst", phones: 100, arrival: 20, concurrency: 50, timeout: 300, seed: 7, spread: 0,
  reactionMedian: 1.5, reactionSigma: 0.6, change: 0.15, reconnect: 0.1, handshake: false, deflate: true,
  ...JSON.parse(process.argv[2] || "{}"),
};
// https: through nginx on this machine (scripts/bench_workers.py), whose certificate the caller
// makes Node trust with NODE_EXTRA_CA_CERTS.
if (!/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(o.base)) {
  throw new Error("load goes to this machine only (http(s)://127.0.0.1:PORT)");
}
const CHOICES = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree", "pass"];
setTimeout(() => { console.error("loadgen: timed out"); process.exit(2); }, o.timeout * 1000).unref();

// A seeded generator, so that two servers get the same room.
let seed = o.seed >>> 0;
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const lognormal = (median, sigma) =>
  median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
const choice = () => CHOICES[Math.floor(random() * CHOICES.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

const input = o.handshake ? readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]() : null;
async function mark(name) {
  process.stdout.write(JSON.stringify({ mark: name }) + "\n");
  if (input) await input.next();
}

const f = {
  scenario: o.scenario, phones: o.phones, joined: 0, join_ms: [], reconnect_ms: [], ack_ms: [],
  votes_sent: 0, votes_acked: 0, first_sent: null, last_sent: null, last_ack: null, opened: null,
  delivery_ms: [], join_steps: {}, errors: [], disconnects: 0, stored: null, acked_phones: 0,
};
const fail = (what, err) => { f.errors.push(`${what}: ${err && err.message ? err.message : err}`); };

function screen(role, extra = {}) {
  const socket = io(o.base, { transports: ["websocket"], forceNew: true, reconnection: false,
                              auth: { role, code: o.code, ...extra } });
  const watcher = { socket, state: null, waiters: [] };
  socket.on("state", (state) => {
    watcher.state = state;
    watcher.waiters = watcher.waiters.filter(([test, resolve]) => !(test(state) && (resolve(state), true)));
  });
  watcher.until = (test, seconds = 30) => new Promise((resolve, reject) => {
    if (watcher.state && test(watcher.state)) return resolve(watcher.state);
    watcher.waiters.push([test, resolve]);
    setTimeout(() => reject(new Error(`${role}: no matching state`)), seconds * 1000).unref();
  });
  return watcher;
}

const row = (state, id) => state.agenda.find((r) => r.statement && r.statement.id === id);
const isOpen = (id) => (s) => s.step && s.step.statement && s.step.statement.id === id
  && s.step.statement.status === "open";

class Phone {
  constructor(i) { this.i = i; this.cookies = new Map(); this.sectorIndex = i; }

  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "); }

  keep(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  async get(path, redirect = "follow") {
    const response = await fetch(o.base + path, { headers: { cookie: this.cookieHeader() }, redirect });
    this.keep(response);
    return [response, await response.text()];
  }

  /** Join page, form, phone page with its files, socket: until the phone shows its first state. */
  async join(sectors, onState) {
    const started = now();
    const step = (name, since) => { (f.join_steps[name] ??= []).push(now() - since); return now(); };
    let at = started;
    const [page, html] = await this.get(`/j/${o.code}`);
    at = step("join_page", at);
    if (page.status !== 200) throw new Error(`join page: HTTP ${page.status}`);
    const form = new URLSearchParams({ sector: sectors[this.i % sectors.length], name: "" });
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(html);
    if (csrf) form.set("csrf_token", csrf[1]);
    const answer = await fetch(o.base + `/j/${o.code}`, { method: "POST", body: form, redirect: "manual",
                                                           headers: { cookie: this.cookieHeader() } });
    this.keep(answer);
    await answer.arrayBuffer();
    if (answer.status !== 302) throw new Error(`join refused: HTTP ${answer.status}`);
    at = step("form", at);
    const [phonePage, phoneHtml] = await this.get(new URL(answer.headers.get("location"), o.base).pathname);
    if (phonePage.status !== 200) throw new Error(`phone page: HTTP ${phonePage.status}`);
    // The files the page links; a fresh browser has none of them cached.
    const files = [...phoneHtml.matchAll(/<(?:script[^>]+src|link[^>]+href)="(\/[^"]+)"/g)].map((m) => m[1]);
    at = step("phone_page", at);
    await Promise.all(files.map((path) => this.get(path)));
    at = step("files", at);
    await this.connect(onState);
    step("socket", at);
    return now() - started;
  }

  connect(onState) {
    return new Promise((resolve, reject) => {
      if (!this.socket) {
        this.socket = io(o.base, { transports: ["websocket"], forceNew: true, reconnection: false,
                                   auth: { role: "participant", code: o.code },
                                   perMessageDeflate: o.deflate ? { threshold: 1024 } : false,
                                   extraHeaders: { cookie: this.cookieHeader() } });
        this.socket.on("disconnect", (reason) => { if (!this.leaving) f.disconnects += 1; });
      } else {
        this.socket.connect();
      }
      this.me = null;
      const timer = setTimeout(() => reject(new Error("no state after connecting")), 30000);
      this.socket.off("state");
      this.socket.on("connect_error", (err) => { clearTimeout(timer); reject(err); });
      this.socket.on("state", (state) => {
        if (state.me && !this.me) { this.me = state.me; clearTimeout(timer); resolve(); }
        onState(state);
      });
    });
  }

  async vote(statementId) {
    const sent = now();
    f.votes_sent += 1;
    f.first_sent ??= sent;
    f.last_sent = sent;
    const reply = await this.socket.timeout(30000).emitWithAck("vote", { statement_id: statementId, choice: choice() });
    const done = now();
    if (!reply || !reply.ok) throw new Error(`vote refused: ${JSON.stringify(reply)}`);
    f.votes_acked += 1;
    f.ack_ms.push(done - sent);
    f.last_ack = done;
    if (!this.acked) { this.acked = true; f.acked_phones += 1; }
  }

  async reconnect(onState) {
    const started = now();
    this.leaving = true;
    this.socket.disconnect();
    this.leaving = false;
    await this.connect(onState);
    f.reconnect_ms.push(now() - started);
  }

  close() { this.leaving = true; if (this.socket) this.socket.disconnect(); }
}

async function bounded(items, limit, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

async function burst(phones, statementId, sectors) {
  await mark("join-start");
  await bounded(phones, o.concurrency, async (phone) => {
    try { f.join_ms.push(await phone.join(sectors, () => {})); f.joined += 1; } catch (err) { fail("join", err); }
  });
  await sleep(1000); // let the server settle before its memory is read
  await mark("joined");
  await mark("vote-start");
  const joined = phones.filter((p) => p.me);
  const voted = joined.map((phone) => new Promise((resolve) => {
    phone.socket.off("state");
    phone.socket.on("state", (state) => {
      if (phone.seen || !isOpen(statementId)(state)) return;
      phone.seen = true;
      f.delivery_ms.push(now() - f.opened);
      // spread: each phone votes at a random moment within that many seconds of seeing the statement.
      sleep(o.spread ? random() * o.spread * 1000 : 0).then(() => phone.vote(statementId))
        .catch((err) => fail("vote", err)).finally(resolve);
    });
  }));
  f.opened = now();
  await moderator.socket.timeout(30000).emitWithAck("open_statement", { statement_id: statementId });
  await Promise.all(voted);
  await settle();
  await mark("voted");
}

async function room(phones, statementId, sectors) {
  await mark("room-start");
  f.opened = now();
  await moderator.socket.timeout(30000).emitWithAck("open_statement", { statement_id: statementId });
  await Promise.all(phones.map(async (phone) => {
    await sleep(random() * o.arrival * 1000);
    const reaction = lognormal(o.reactionMedian, o.reactionSigma);
    const changes = random() < o.change;
    const drops = random() < o.reconnect;
    let seen;
    const sees = new Promise((resolve) => { seen = resolve; });
    const onState = (state) => { if (isOpen(statementId)(state)) seen(); };
    try {
      f.join_ms.push(await phone.join(sectors, onState));
      f.joined += 1;
      await sees;
      await sleep(reaction * 1000);
      await phone.vote(statementId);
      if (drops) { await sleep(lognormal(2, 0.5) * 1000); await phone.reconnect(onState); }
      if (changes) { await sleep(lognormal(3, 0.5) * 1000); await phone.vote(statementId); }
    } catch (err) { fail("phone", err); }
  }));
  await settle();
  await mark("room-done");
}

async function settle() {
  // Every acknowledged vote reaches the projector (its count is of phones, not of votes).
  try { await projector.until((s) => s.votes.count >= f.acked_phones, 10); } catch (err) { fail("projector", err); }
}

const pct = (values, p) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
};
const summary = (values) => ({ p50_ms: pct(values, 50), p95_ms: pct(values, 95), p99_ms: pct(values, 99),
                               max_ms: pct(values, 100) });

const moderator = screen("moderator", { key: o.key });
const state = await moderator.until((s) => s.agenda);
// The projector opens with its own key, from the link the control panel hands out (the bare server
// has no such link and takes any projector).
const projectorLink = state.links && state.links.projector_url;
const projector = screen("projector", projectorLink ? { key: new URL(projectorLink, "http://x").searchParams.get("key") } : {});
await projector.until(() => true);
const statement = state.agenda.map((r) => r.statement)
  .find((s) => s && (s.status === "pending" || s.status === "closed"));
if (!statement) throw new Error("no statement left to open; use a fresh session");
const before = row(state, statement.id).votes;
const phones = Array.from({ length: o.phones }, (_, i) => new Phone(i));
await (o.scenario === "room" ? room : burst)(phones, statement.id, state.session.sectors);
await moderator.socket.timeout(30000).emitWithAck("close_statement", { statement_id: statement.id });
const closed = await moderator.until((s) => row(s, statement.id).statement.status === "closed");
f.stored = row(closed, statement.id).votes - before;
phones.forEach((p) => p.close());
moderator.socket.disconnect();
projector.socket.disconnect();

const seconds = (a, b) => (a !== null && b !== null ? (b - a) / 1000 : null);
const sendWindow = seconds(f.first_sent, f.last_sent);
const voteWindow = seconds(f.first_sent, f.last_ack);
process.stdout.write(JSON.stringify({
  scenario: f.scenario, phones: f.phones, joined: f.joined, join: summary(f.join_ms),
  reconnect: summary(f.reconnect_ms),
  join_steps_p50_ms: Object.fromEntries(Object.entries(f.join_steps).map(([k, v]) => [k, pct(v, 50)])), statement_delivery: summary(f.delivery_ms),
  votes_sent: f.votes_sent, votes_acknowledged: f.votes_acked,
  send_window_s: sendWindow, vote_window_s: voteWindow,
  send_rate: sendWindow ? Math.round(f.votes_sent / sendWindow) : null,
  votes_per_second: voteWindow ? Math.round(f.votes_acked / voteWindow) : null,
  ack: summary(f.ack_ms), errors: f.errors.length, error_samples: f.errors.slice(0, 5),
  disconnects: f.disconnects, stored: f.stored, acknowledged_phones: f.acked_phones,
  stored_matches_acknowledged: f.stored === f.acked_phones,
}) + "\n");
process.exit(0);
