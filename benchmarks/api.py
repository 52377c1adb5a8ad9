"""REST API throughput and latency for story and search requests, through the real server.

    python -m benchmarks.api [--db STORE] [--seconds 20] [--clients 16] [--token T] [--kinds story,search]

Without --db, the repository's samples/news is ingested (stories and extraction on) into a
temporary store first. The server is `wirewatch serve` on 127.0.0.1 and a free port, in its own
process; the load is --clients concurrent httpx clients (asyncio, one process) cycling through
story listings, single stories, and searches for words of the sample news. Prints, per request
kind and in all, requests/s and p50/p95 latency, plus the CPU the server and the load generator
used: on a small machine both compete for the same cores, so the figure is a floor.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "news"
SEARCH_WORDS = ["tanker", "missile", "sanctions", "earthquake", "drills", "port", "Jeju", "\"ballistic missiles\"",
                "fuel OR diesel", "rescue*", "border", "strike"]


def build_store(path: Path) -> None:
    """Ingest the sample news into ``path`` with stories and extraction."""
    from wirewatch.pipeline import ingest
    from wirewatch.store.db import connect

    conn = connect(path)
    started = time.perf_counter()
    summary = ingest(conn, [str(SAMPLES)], stories=True, extract=True)
    conn.close()
    print(f"store: {summary.ingested} articles ingested from {SAMPLES} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, token: str | None) -> subprocess.Popen:
    """`wirewatch serve` in a child process; returns once /api/health answers."""
    env = {key: value for key, value in os.environ.items() if key != "WIREWATCH_TOKEN"}
    if token:
        env["WIREWATCH_TOKEN"] = token  # not on the command line, where other users could read it
    command = [sys.executable, "-m", "wirewatch.cli", "--db", str(db), "serve", "--port", str(port),
               "--log-level", "warning", "--no-access-log"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited with status {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("the server did not answer within 60 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (0.0 where /proc is absent)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def request_plan(client: httpx.Client, kinds: set[str]) -> list[tuple[str, str, dict]]:
    """(kind, path, params) for every request the clients cycle through, of the given kinds."""
    listing = client.get("/api/stories", params={"limit": 500}).json()["items"]
    if not listing:
        sys.exit("the store has no stories: ingest with stories on, or run `wirewatch reprocess --stage stories`")
    plan = [("stories", "/api/stories", {"limit": 20, "offset": offset}) for offset in (0, 0, 20)]
    plan += [("story", f"/api/stories/{story['id']}", {}) for story in listing[:50]]
    plan += [("search", "/api/search", {"q": word, "limit": 20}) for word in SEARCH_WORDS]
    return [item for item in plan if item[0] in kinds]


async def drive(base: str, plan: list, clients: int, seconds: float, headers: dict) -> dict[str, list[float]]:
    """Run ``clients`` loops for ``seconds``; latency (s) of each successful request per kind."""
    latencies: dict[str, list[float]] = {"stories": [], "story": [], "search": [], "errors": []}
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(seed: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < stop:
            kind, path, params = rng.choice(plan)
            started = time.perf_counter()
            response = await client.get(path, params=params)
            elapsed = time.perf_counter() - started
            latencies[kind if response.status_code == 200 else "errors"].append(elapsed)

    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as client:
        await asyncio.gather(*(client_loop(i, client) for i in range(clients)))
    return latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="An existing store (default: build one from samples/news).")
    parser.add_argument("--seconds", type=float, default=20.0, help="Length of the measured run.")
    parser.add_argument("--warmup", type=float, default=2.0, help="Unmeasured run first.")
    parser.add_argument("--clients", type=int, default=16, help="Concurrent clients.")
    parser.add_argument("--token", help="Serve with this token (measures the check too).")
    parser.add_argument("--kinds", default="stories,story,search",
                        help="Request kinds to send, comma-separated: stories (listing), story (one), search.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            build_store(db)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
        server = start_server(db, port, args.token)
        try:
            with httpx.Client(base_url=base, headers=headers) as client:
                plan = request_plan(client, set(args.kinds.split(",")))
            if not plan:
                sys.exit(f"no request of the kinds {args.kinds!r}: choose among stories, story, search")
            asyncio.run(drive(base, plan, args.clients, args.warmup, headers))
            server_cpu, own_cpu = cpu_seconds(server.pid), time.process_time()
            started = time.perf_counter()
            latencies = asyncio.run(drive(base, plan, args.clients, args.seconds, headers))
            wall = time.perf_counter() - started
            server_cpu, own_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - own_cpu
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"{args.clients} clients, {wall:.1f} s, {os.cpu_count()} cores shared by server and load generator")
    print(f"{'requests':<10} {'count':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    every = [t for kind in ("stories", "story", "search") for t in latencies[kind]]
    for kind, values in [("stories", latencies["stories"]), ("story", latencies["story"]),
                         ("search", latencies["search"]), ("all", every)]:
        if values:
            print(f"{kind:<10} {len(values):>7} {len(values) / wall:>8.1f} {percentile(values, 50) * 1000:>8.1f}"
                  f" {percentile(values, 95) * 1000:>8.1f}")
    print(f"errors: {len(latencies['errors'])}")
    print(f"CPU: server {server_cpu / wall:.0%} of a core, load generator {own_cpu / wall:.0%} of a core")


if __name__ == "__main__":
    main()
