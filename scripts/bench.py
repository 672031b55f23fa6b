"""Benchmark: facilitator against a bare Flask-SocketIO server, the same load, on this machine.

    .venv/bin/python scripts/bench.py                  # issue 10's figures (1,000 and 1,500 phones)
    .venv/bin/python scripts/bench.py --quick          # a smoke run (CI), under two minutes
    .venv/bin/python scripts/bench.py --only spread    # one scenario (burst, spread: all vote within 1 s, room)
    .venv/bin/python scripts/bench.py --flood          # others' vote acks with one phone flooding comments

Starts each server as a user would (ours: `facilitator serve`, eventlet, SQLite in a fresh folder;
bare: scripts/bare_server.py, eventlet, votes counted in memory) and drives both, alternately, with
the same phones from scripts/loadgen.mjs: Node.js and the official Socket.IO client, which sends a
burst faster than either server answers it (see "send rate" beside the bare server's votes per
second). Between the generator's phases it reads the server's own counters (CPU time, resident
memory), so the steady figures, CPU per vote and per join and memory per phone, lead the table;
latencies move with whatever else the machine is doing. Then measures a phone's page weight in
headless Chromium. Traffic goes to 127.0.0.1 only; every run is bounded in time and stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import parse_qs, urlsplit

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from facilitator.loadtest.run import Options, run  # noqa: E402
from tests.server import free_port  # noqa: E402

PYTHON = sys.executable
NODE = os.environ.get("NODE", "node")


@contextmanager
def server(kind: str):
    """Start one server; yield (moderator_url, pid); stop it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with TemporaryDirectory() as data:
        env = {**os.environ, "FACILITATOR_ORGANISER_PASSWORD": "bench", "FACILITATOR_LOG_LEVEL": "WARNING"}
        if kind == "facilitator":
            command = [PYTHON, "-m", "facilitator", "serve", "--host", "127.0.0.1", "--port", str(port),
                       "--data-dir", data, "--public-url", base]
        else:
            command = [PYTHON, str(ROOT / "scripts" / "bare_server.py"), "--port", str(port)]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_until_up(base + ("/healthz" if kind == "facilitator" else "/j/BARE01"))
            if kind == "facilitator":
                created = subprocess.run(
                    [PYTHON, "-m", "facilitator", "session", "create", "--deck", "statements/polarisatie-nl.yaml",
                     "--data-dir", data, "--public-url", base], cwd=ROOT, env=env, capture_output=True, check=True)
                moderator_url = json.loads(created.stdout)["moderator_url"]
            else:
                moderator_url = f"{base}/m/BARE01?key=bare-key"
            yield moderator_url, process.pid
        finally:
            process.terminate()
            process.wait(10)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def generate(moderator_url: str, pid: int, options: dict, on_mark=None) -> dict:
    """Run scripts/loadgen.mjs against a server; at each of its marks read the server's counters."""
    server_process = psutil.Process(pid)
    figures, marks = drive(moderator_url, options, lambda: _counters(server_process), on_mark=on_mark)
    return {**figures, **_per_unit(figures, marks)}


def drive(moderator_url: str, options: dict, read_counters, *, env: dict | None = None,
          on_mark=None) -> tuple[dict, dict]:
    """scripts/loadgen.mjs against the server behind moderator_url: its figures, and what
    read_counters() returned before it began ("idle") and at each of its marks."""
    parts = urlsplit(moderator_url)
    options = {"base": f"{parts.scheme}://{parts.netloc}", "code": parts.path.rstrip("/").split("/")[-1],
               "key": parse_qs(parts.query)["key"][0], "handshake": True, **options}
    marks = {"idle": read_counters()}
    generator = subprocess.Popen([NODE, str(ROOT / "scripts" / "loadgen.mjs"), json.dumps(options)], cwd=ROOT,
                                 env={**os.environ, **(env or {})}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 text=True)
    figures = None
    try:
        for line in generator.stdout:
            message = json.loads(line)
            if "mark" in message:
                marks[message["mark"]] = read_counters()
                if on_mark:
                    on_mark(message["mark"])
                generator.stdin.write("\n")
                generator.stdin.flush()
            else:
                figures = message
    finally:
        if generator.wait(options.get("timeout", 300) + 30) != 0 or figures is None:
            raise RuntimeError(f"the load generator failed (exit {generator.returncode})")
    return figures, marks


def _counters(process: psutil.Process) -> dict:
    cpu = process.cpu_times()
    return {"cpu": cpu.user + cpu.system, "rss": process.memory_info().rss}


def _per_unit(figures: dict, marks: dict) -> dict:
    """Server CPU seconds per 1,000 joins and votes, and memory per phone, from the marks."""
    def cpu(start: str, end: str, count: int):
        return round((marks[end]["cpu"] - marks[start]["cpu"]) * 1000 / count, 2) if count else None

    out = {"memory": {"idle_mb": round(marks["idle"]["rss"] / 2**20, 1)}}
    if "joined" in marks:
        joined = max(figures["joined"], 1)
        out["cpu_per_1000_joins_s"] = cpu("join-start", "joined", figures["joined"])
        out["cpu_per_1000_votes_s"] = cpu("vote-start", "voted", figures["votes_acknowledged"])
        out["memory"].update(joined_mb=round(marks["joined"]["rss"] / 2**20, 1),
                             kb_per_phone=round((marks["joined"]["rss"] - marks["idle"]["rss"]) / 1024 / joined, 1))
    if "room-done" in marks:  # joins, votes, changes and reconnects interleave: one figure for all
        out["cpu_per_1000_votes_s"] = cpu("room-start", "room-done", figures["votes_acknowledged"])
        out["cpu_per_1000_phones_s"] = cpu("room-start", "room-done", figures["joined"])
    return out


def measure(kind: str, options: dict, profile: Path | None = None) -> dict:
    with server(kind) as (moderator_url, pid):
        time.sleep(1)  # start-up done: the idle figures are idle
        return generate(moderator_url, pid, options, PhaseProfiler(profile, kind, pid) if profile else None)


class PhaseProfiler:
    """py-spy (pip install py-spy) on the server during each phase of the generator: from a mark
    ending in "-start" to the next mark, one file of collapsed stacks per phase."""

    def __init__(self, folder: Path, kind: str, pid: int):
        self.folder, self.kind, self.pid, self.spy = folder, kind, pid, None

    def __call__(self, mark: str) -> None:
        if self.spy:
            self.spy.send_signal(signal.SIGINT)
            self.spy.wait(30)
            self.spy = None
        if mark.endswith("-start"):
            out = self.folder / f"{self.kind}-{mark.removesuffix('-start')}-{time.strftime('%H%M%S')}.txt"
            self.spy = subprocess.Popen(["py-spy", "record", "--format", "raw", "--rate", "250", "--nonblocking",
                                         "--output", str(out), "--pid", str(self.pid)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)  # py-spy attaches before the phase begins


def median_figures(runs: list[dict]):
    """The median of every number across runs; anything else (yes/no, lists) from the first run,
    except that a yes/no is only yes when every run said yes."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: median_figures([r.get(key) for r in runs]) for key in first}
    if isinstance(first, bool):
        return all(runs)
    if isinstance(first, (int, float)) and all(isinstance(r, (int, float)) for r in runs):
        return statistics.median(runs)
    return first


ROWS = [  # (label, path into the figures); steady figures first
    ("server CPU per 1,000 votes (s)", ("cpu_per_1000_votes_s",)),
    ("server CPU per 1,000 joins (s)", ("cpu_per_1000_joins_s",)),
    ("server CPU per 1,000 phones (s)", ("cpu_per_1000_phones_s",)),
    ("memory per connected phone (KB)", ("memory", "kb_per_phone")),
    ("votes per second", ("votes_per_second",)),
    ("  generator's send rate (votes/s)", ("send_rate",)),
    ("ack p50 (ms)", ("ack", "p50_ms")), ("ack p95 (ms)", ("ack", "p95_ms")),
    ("ack p99 (ms)", ("ack", "p99_ms")),
    ("join p50 (ms)", ("join", "p50_ms")), ("join p95 (ms)", ("join", "p95_ms")),
    ("statement on phones p95 (ms)", ("statement_delivery", "p95_ms")),
    ("reconnect p95 (ms)", ("reconnect", "p95_ms")),
    ("phones joined", ("joined",)), ("votes acknowledged", ("votes_acknowledged",)),
    ("errors", ("errors",)), ("disconnects", ("disconnects",)),
    ("stored = acknowledged", ("stored_matches_acknowledged",)),
    ("server memory at rest (MB)", ("memory", "idle_mb")),
    ("server memory, all joined (MB)", ("memory", "joined_mb")),
]


def side_by_side(title: str, ours: dict, bare: dict) -> str:
    lines = [f"\n{title}", f"  {'':34} {'ours/bare':>10} {'facilitator':>12} {'bare':>12}"]
    for label, path in ROWS:
        a, b = _get(ours, path), _get(bare, path)
        if a is None and b is None:
            continue
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
        ratio = f"{a / b:.2f}" if numbers and b else ""
        lines.append(f"  {label:34} {ratio:>10} {_fmt(a):>12} {_fmt(b):>12}")
    return "\n".join(lines)


def _get(figures: dict, path: tuple):
    for key in path:
        figures = figures.get(key) if isinstance(figures, dict) else None
    return figures


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


FLOOD_BURST = 60  # comments one phone fires at once, again and again (the audit's flood)
FLOOD_TARGET = 1.2  # others' ack p95 with the flood, at most this times the figure without (quiet machine)


def flood_scenario(phones: int, repeat: int) -> dict:
    """Others' vote acknowledgements with and without one phone flooding comments (issue 9, point 8).

    Each run starts a fresh server; the flooding phone joins like any other and fires FLOOD_BURST
    comments at once, waits for their answers (most are `rate_limited`) and fires again, for as long
    as the others vote. Runs alternate so a slow moment of the machine hits both alike.
    """
    p95 = {"quiet": [], "flooded": []}
    for _ in range(repeat):
        for kind in p95:
            with server("facilitator") as (moderator_url, _pid):
                stop = threading.Event()
                flooder = threading.Thread(target=_flood, args=(moderator_url, stop), daemon=True)
                if kind == "flooded":
                    flooder.start()
                try:
                    figures = asyncio.run(run(Options(moderator_url, phones=phones, spread=5.0, timeout=600.0)))
                finally:
                    stop.set()
                    if flooder.is_alive():
                        flooder.join(30)
                p95[kind].append(figures.as_dict()["ack"]["p95_ms"])
    quiet, flooded = statistics.median(p95["quiet"]), statistics.median(p95["flooded"])
    return {"phones": phones, "runs": p95, "quiet_p95_ms": quiet, "flooded_p95_ms": flooded,
            "ratio": round(flooded / quiet, 2) if quiet else None, "target": FLOOD_TARGET}


def _flood(moderator_url: str, stop: threading.Event) -> None:
    import socketio

    from facilitator.loadtest.run import parse_moderator_url
    from tests.forms import submit

    base, code, _key = parse_moderator_url(moderator_url)
    http = requests.Session()
    submit(http, f"{base}/j/{code}", {"sector": "Anders", "name": ""}, timeout=10)
    client = socketio.Client(reconnection=True)
    open_statement: list[int] = []
    client.on("state", lambda s: open_statement.__setitem__(slice(None), [
        s["step"]["statement"]["id"]] if s["step"].get("statement", {}).get("status") == "open" else []))
    client.connect(base, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in http.cookies.get_dict().items())},
                   auth={"role": "participant", "code": code}, transports=["websocket"], wait_timeout=10)
    try:
        while not stop.is_set():
            if not open_statement:
                stop.wait(0.05)
                continue
            answered = threading.Semaphore(0)
            for i in range(FLOOD_BURST):
                client.emit("comment", {"statement_id": open_statement[0], "text": f"spam {i}"},
                            callback=lambda *_: answered.release())
            for _ in range(FLOOD_BURST):
                if not answered.acquire(timeout=10) or stop.is_set():
                    break
    finally:
        client.disconnect()


# Issue 10's outside generator measured its acknowledgement times with every phone voting within
# one second: a hall that votes quickly but not all in the same millisecond.
SPREAD = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small smoke run (100 phones each)")
    parser.add_argument("--burst", type=int, default=1000, help="phones that vote the moment the statement opens")
    parser.add_argument("--room", type=int, default=1500, help="phones that arrive and vote like a room")
    parser.add_argument("--arrival", type=float, default=20.0, help="seconds over which the room arrives")
    parser.add_argument("--only", choices=["burst", "spread", "room"], help="run one scenario only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per server and scenario; medians are shown")
    parser.add_argument("--no-deflate", action="store_true",
                        help="phones offer no WebSocket compression (browsers do): what it costs the bare server")
    parser.add_argument("--no-page-weight", action="store_true", help="skip the Chromium page-weight run")
    parser.add_argument("--json", type=Path, help="write all figures here")
    parser.add_argument("--profile", type=Path, help="record each server with py-spy into this folder")
    parser.add_argument("--flood", action="store_true",
                        help="only the flood scenario: others' ack p95 with one phone flooding comments")
    args = parser.parse_args()
    if args.flood:
        phones, repeat = (50, 1) if args.quick else (500, args.repeat)
        figures = flood_scenario(phones, repeat)
        print(f"\n{phones} phones voting over 5 s, one more flooding comments ({FLOOD_BURST} at once, again and "
              f"again)\n  others' ack p95 without the flood {figures['quiet_p95_ms']:,.1f} ms, with it "
              f"{figures['flooded_p95_ms']:,.1f} ms: {figures['ratio']}x "
              f"(target at most {FLOOD_TARGET}x on a quiet machine)")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))
        return
    if args.quick:
        args.burst, args.room, args.arrival, args.repeat = 100, 100, 5.0, 1
    scenarios = {
        f"{args.burst} phones join, then all vote the moment the statement opens":
            {"scenario": "burst", "phones": args.burst},
        f"{args.burst} phones join, then all vote within {SPREAD:g} s of the statement opening":
            {"scenario": "burst", "phones": args.burst, "spread": SPREAD},
        f"{args.room} phones arrive over {args.arrival:g} s and vote like a room":
            {"scenario": "room", "phones": args.room, "arrival": args.arrival},
    }
    results = {}
    for title, options in scenarios.items():
        if args.only and args.only != ("spread" if options.get("spread") else options["scenario"]):
            continue
        options["deflate"] = not args.no_deflate
        runs = {"facilitator": [], "bare": []}
        for _ in range(args.repeat):  # alternate, so a slow moment of the machine hits both alike
            for kind in runs:
                runs[kind].append(measure(kind, options, args.profile))
        results[title] = {kind: {"median": median_figures(r), "runs": r} for kind, r in runs.items()}
        print(side_by_side(f"{title} (median of {args.repeat} runs)", results[title]["facilitator"]["median"],
                           results[title]["bare"]["median"]), flush=True)
    if not args.no_page_weight:
        from page_weight import page_weight  # noqa: E402  (Chromium only once the load runs are done)

        results["page weight"] = page_weight()
        print(f"\nPhone page weight (bytes over the network, compressed)\n"
              f"  first load {results['page weight']['first_load']:,}   reload {results['page weight']['reload']:,}"
              f"   requests to other hosts {results['page weight']['other_hosts']}\n"
              f"  socket: extensions agreed {results['page weight']['socket_extensions'] or 'none'}, "
              f"{results['page weight']['socket_messages']} messages, "
              f"largest {results['page weight']['largest_socket_message']:,} bytes")
    print(machine_line())
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def machine_line() -> str:
    return (f"\nMachine: {os.cpu_count()} cores, {round(psutil.virtual_memory().total / 2**30)} GiB, "
            f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
