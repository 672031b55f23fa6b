"""Benchmark: facilitator against a bare Flask-SocketIO server, the same load, on this machine.

    .venv/bin/python scripts/bench.py                  # the targets of issue 4 (1,000 and 2,000 phones)
    .venv/bin/python scripts/bench.py --quick          # a smoke run (CI)
    .venv/bin/python scripts/bench.py --flood          # others' vote acks with one phone flooding comments

Starts each server as a user would (ours: `facilitator serve`, eventlet, SQLite in a fresh folder;
bare: scripts/bare_server.py, eventlet, votes counted in memory), drives both with the same
`facilitator loadtest` run, samples the server's memory, and prints every figure side by side
with the ratio ours/bare. Then measures a phone's page weight in headless Chromium. Traffic goes
to 127.0.0.1 only; every run is bounded in time and stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from facilitator.loadtest.run import Options, run  # noqa: E402
from tests.server import free_port  # noqa: E402

PYTHON = sys.executable


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


class MemorySampler:
    """The server's resident memory: once at rest, then its peak while the load runs."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.idle = self.process.memory_info().rss
        self.peak = self.idle
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

        self.joined = None

    def _sample(self):
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def all_joined(self) -> None:
        self.joined = self.process.memory_info().rss

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {"idle_mb": round(self.idle / 2**20, 1), "joined_mb": round((self.joined or 0) / 2**20, 1),
                "peak_mb": round(self.peak / 2**20, 1)}


def measure(kind: str, options: dict) -> dict:
    with server(kind) as (moderator_url, pid):
        time.sleep(1)
        sampler = MemorySampler(pid)
        figures = asyncio.run(run(Options(moderator_url, on_joined=sampler.all_joined, **options))).as_dict()
        memory = sampler.stop()
    phones = max(figures["joined"], 1)
    memory["kb_per_phone"] = round((memory["joined_mb"] - memory["idle_mb"]) * 1024 / phones, 1)
    memory["kb_per_phone_at_peak"] = round((memory["peak_mb"] - memory["idle_mb"]) * 1024 / phones, 1)
    return {**figures, "memory": memory}


def median_figures(runs: list[dict]):
    """The median of every number across runs; anything else (yes/no, lists) from the first run,
    except that a yes/no is only yes when every run said yes."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: median_figures([r[key] for r in runs]) for key in first}
    if isinstance(first, bool):
        return all(runs)
    if isinstance(first, (int, float)) and all(isinstance(r, (int, float)) for r in runs):
        return statistics.median(runs)
    return first


ROWS = [  # (label, path into the figures, better when lower)
    ("phones joined", ("joined",), False),
    ("votes acknowledged", ("votes_acknowledged",), False),
    ("votes per second", ("votes_per_second",), False),
    ("ack p50 (ms)", ("ack", "p50_ms"), True), ("ack p95 (ms)", ("ack", "p95_ms"), True),
    ("ack p99 (ms)", ("ack", "p99_ms"), True), ("ack max (ms)", ("ack", "max_ms"), True),
    ("projector lag p95 (ms)", ("projector_lag", "p95_ms"), True),
    ("final count after last ack (ms)", ("final_count_lag_ms",), True),
    ("join p95 (ms)", ("join", "p95_ms"), True),
    ("errors", ("errors",), True), ("disconnects", ("disconnects",), True),
    ("stored = acknowledged", ("stored_matches_acknowledged",), False),
    ("server memory at rest (MB)", ("memory", "idle_mb"), True),
    ("server memory, all joined (MB)", ("memory", "joined_mb"), True),
    ("server memory peak (MB)", ("memory", "peak_mb"), True),
    ("memory per connected phone (KB)", ("memory", "kb_per_phone"), True),
    ("memory per phone at peak (KB)", ("memory", "kb_per_phone_at_peak"), True),
]


def side_by_side(title: str, ours: dict, bare: dict) -> str:
    lines = [f"\n{title}", f"  {'':34} {'facilitator':>12} {'bare':>12} {'ours/bare':>10}"]
    for label, path, _lower in ROWS:
        a, b = _get(ours, path), _get(bare, path)
        ratio = f"{a / b:.2f}" if isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and b else ""
        lines.append(f"  {label:34} {_fmt(a):>12} {_fmt(b):>12} {ratio:>10}")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small smoke run (50 and 100 phones)")
    parser.add_argument("--burst", type=int, default=1000, help="phones voting within a second")
    parser.add_argument("--spread-phones", type=int, default=2000, help="phones voting over --spread seconds")
    parser.add_argument("--spread", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per server and scenario; medians are shown")
    parser.add_argument("--json", type=Path, help="write all figures here")
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
    burst, spread_phones = (50, 100) if args.quick else (args.burst, args.spread_phones)
    args.repeat = 1 if args.quick else args.repeat
    scenarios = {f"{burst} phones, votes in a burst": {"phones": burst, "spread": 0.0},
                 f"{spread_phones} phones, votes over {args.spread:g} s": {"phones": spread_phones,
                                                                          "spread": args.spread}}
    results = {}
    for title, options in scenarios.items():
        options = {**options, "timeout": 600.0}
        runs = {"facilitator": [], "bare": []}
        for _ in range(args.repeat):  # alternate, so a slow moment of the machine hits both alike
            for kind in runs:
                runs[kind].append(measure(kind, options))
        results[title] = {kind: {"median": median_figures(r), "runs": r} for kind, r in runs.items()}
        print(side_by_side(f"{title} (median of {args.repeat} runs)", results[title]["facilitator"]["median"],
                           results[title]["bare"]["median"]), flush=True)
    from page_weight import page_weight  # noqa: E402  (Chromium only once the load runs are done)

    results["page weight"] = page_weight()
    print(f"\nPhone page weight (bytes over the network, compressed)\n"
          f"  first load {results['page weight']['first_load']:,}   reload {results['page weight']['reload']:,}"
          f"   requests to other hosts {results['page weight']['other_hosts']}")
    print(f"\nMachine: {os.cpu_count()} cores, {round(psutil.virtual_memory().total / 2**30)} GiB, "
          f"Python {sys.version.split()[0]}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
