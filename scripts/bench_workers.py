"""Benchmark: the same load through nginx against one worker and against two, on PostgreSQL and Redis.

    .venv/bin/python scripts/bench_workers.py            # 1,000 phones: burst, spread and room, 3 runs each
    .venv/bin/python scripts/bench_workers.py --quick    # a smoke run: 100 phones, once
    .venv/bin/python scripts/bench_workers.py --workers 1 2 3 --only room --room 3000

Each run starts afresh what a host would run (docs/deployment.md): N `facilitator serve` workers on
PostgreSQL and Redis, and nginx from Debian's package with deploy/nginx/facilitator.conf (its ports
and a self-signed certificate replaced, as in tests/scale/test_nginx.py), then drives it with the
phones of scripts/loadgen.mjs over TLS through nginx. At the generator's marks it reads the CPU time
of the workers (together), nginx, Redis and PostgreSQL, so that the table shows what a vote costs
each of them, next to throughput, acknowledgement times and memory per phone (the workers').

The PostgreSQL database (--postgres-url) is emptied before every run: give it one of its own. Redis
and PostgreSQL serve other users of the machine too; their CPU figures are only as quiet as it is.
Everything listens on 127.0.0.1 and every run stops by itself.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

import psutil
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import ROWS, SPREAD, _fmt, _get, _per_unit, drive, machine_line, median_figures  # noqa: E402
from tests.scale.nginx import Nginx  # noqa: E402
from tests.server import LiveServer  # noqa: E402

PYTHON = sys.executable
SHARED = ("nginx", "redis", "postgres")  # besides the workers: whose CPU a vote costs as well


def empty_database(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()


@contextmanager
def cluster(workers: int, postgres_url: str, redis_url: str):
    """N workers behind nginx; yields (moderator_url, nginx, the workers' processes), with a fresh
    session on the Dutch demo deck."""
    empty_database(postgres_url)
    env = {"DATABASE_URL": postgres_url, "FACILITATOR_MESSAGE_QUEUE": redis_url, "FACILITATOR_BEHIND_PROXY": "1",
           "FACILITATOR_ORGANISER_PASSWORD": "bench"}
    with TemporaryDirectory() as folder, ExitStack() as stack:
        servers = [LiveServer(Path(folder) / f"worker{n}", env=env) for n in range(workers)]
        for server in servers:
            stack.callback(server.stop)
            server.start()
        proxy = Nginx(Path(folder) / "nginx", [server.port for server in servers])
        stack.callback(proxy.stop)
        proxy.start()
        created = subprocess.run(
            [PYTHON, "-m", "facilitator", "session", "create", "--deck", "statements/polarisatie-nl.yaml",
             "--public-url", proxy.url], cwd=ROOT, env={**os.environ, **env}, capture_output=True, check=True)
        time.sleep(1)  # start-up done: the idle figures are idle
        yield (json.loads(created.stdout)["moderator_url"], proxy,
               [psutil.Process(server.process.pid) for server in servers])


def processes(proxy: Nginx, workers: list[psutil.Process]) -> dict[str, list[psutil.Process]]:
    """Who does the work, read again at every mark: PostgreSQL starts a backend per new connection."""
    named = {"redis": [], "postgres": []}
    for process in psutil.process_iter(["name"]):
        name = process.info["name"] or ""
        if name.startswith("redis-server"):
            named["redis"].append(process)
        elif name.startswith("postgres"):
            named["postgres"].append(process)
    nginx = psutil.Process(proxy.process.pid)
    return {"workers": workers, "nginx": [nginx, *nginx.children()], **named}


def counters(groups: dict[str, list[psutil.Process]]) -> dict[str, dict]:
    out = {}
    for group, members in groups.items():
        cpu = rss = 0.0
        for process in members:
            try:
                times = process.cpu_times()
                cpu += times.user + times.system
                rss += process.memory_info().rss
            except psutil.NoSuchProcess:  # a PostgreSQL backend that ended between listing and reading
                pass
        out[group] = {"cpu": cpu, "rss": rss}
    return out


def generate(moderator_url: str, proxy: Nginx, workers: list[psutil.Process], options: dict) -> dict:
    """scripts/loadgen.mjs through nginx; at each of its marks, every group's counters."""
    figures, marks = drive(moderator_url, options, lambda: counters(processes(proxy, workers)),
                           env={"NODE_EXTRA_CA_CERTS": str(proxy.cert)})
    result = {**figures, **_per_unit(figures, {mark: groups["workers"] for mark, groups in marks.items()})}
    start, end = ("room-start", "room-done") if "room-done" in marks else ("vote-start", "voted")
    votes = max(figures["votes_acknowledged"], 1)
    for group in SHARED:
        result[f"{group}_cpu_per_1000_votes_s"] = round(
            (marks[end][group]["cpu"] - marks[start][group]["cpu"]) * 1000 / votes, 2)
    return result


SHARED_ROWS = [(f"{group} CPU per 1,000 votes (s)", (f"{group}_cpu_per_1000_votes_s",)) for group in SHARED]


def table(title: str, by_workers: dict[int, dict]) -> str:
    counts = sorted(by_workers)
    lines = [f"\n{title}", f"  {'':34}" + "".join(f" {f'{n} worker' + ('s' if n > 1 else ''):>12}" for n in counts)]
    rows = [ROWS[0], *SHARED_ROWS, *ROWS[1:]]
    for label, path in rows:
        values = [_get(by_workers[n], path) for n in counts]
        if all(value is None for value in values):
            continue
        label = label.replace("server CPU", "workers' CPU").replace("server memory", "workers' memory")
        lines.append(f"  {label:34}" + "".join(f" {_fmt(value):>12}" for value in values))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small smoke run (100 phones, once)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to compare")
    parser.add_argument("--burst", type=int, default=1000, help="phones that vote the moment the statement opens")
    parser.add_argument("--room", type=int, default=1500, help="phones that arrive and vote like a room")
    parser.add_argument("--arrival", type=float, default=20.0, help="seconds over which the room arrives")
    parser.add_argument("--only", choices=["burst", "spread", "room"], help="run one scenario only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per worker count and scenario; medians shown")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "FACILITATOR_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench"),
        help="a database of the benchmark's own: emptied before every run")
    parser.add_argument("--redis-url", default=os.environ.get("FACILITATOR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    parser.add_argument("--json", type=Path, help="write all figures here")
    args = parser.parse_args()
    if args.quick:
        args.burst, args.room, args.arrival, args.repeat = 100, 100, 5.0, 1
    scenarios = {
        f"{args.burst} phones join, then all vote the moment the statement opens":
            ("burst", {"scenario": "burst", "phones": args.burst}),
        f"{args.burst} phones join, then all vote within {SPREAD:g} s of the statement opening":
            ("spread", {"scenario": "burst", "phones": args.burst, "spread": SPREAD}),
        f"{args.room} phones arrive over {args.arrival:g} s and vote like a room":
            ("room", {"scenario": "room", "phones": args.room, "arrival": args.arrival}),
    }
    results = {}
    for title, (name, options) in scenarios.items():
        if args.only and args.only != name:
            continue
        runs = {n: [] for n in args.workers}
        for _ in range(args.repeat):  # alternate, so a slow moment of the machine hits every count alike
            for n in runs:
                with cluster(n, args.postgres_url, args.redis_url) as (moderator_url, proxy, workers):
                    runs[n].append(generate(moderator_url, proxy, workers, options))
        results[title] = {n: {"median": median_figures(r), "runs": r} for n, r in runs.items()}
        print(table(f"{title}, through nginx (median of {args.repeat} runs)",
                    {n: results[title][n]["median"] for n in runs}), flush=True)
    print(machine_line())
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
