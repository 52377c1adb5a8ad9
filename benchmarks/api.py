"""REST API throughput and latency for story and search requests, through the real server.

    python -m benchmarks.api [--db STORE] [--seconds 20] [--clients 16] [--token T] [--kinds story,search]
                             [--follow [--follow-copies 4]]

Without --db, the repository's samples/news is ingested (stories and extraction on) into a
temporary store first. The server is `wirewatch serve` on 127.0.0.1 and a free port, in its own
process; the load is --clients concurrent httpx clients (asyncio, one process) cycling through
story listings, single stories, and searches for words of the sample news. Prints, per request
kind and in all, requests/s and p50/p95 latency, plus the CPU the server and the load generator
used: on a small machine both compete for the same cores, so the figure is a floor.

With --follow, a second run of the same length follows the idle one while `wirewatch follow`
(stories and extraction on) ingests a local feed site on 127.0.0.1 into the same store
(``benchmarks.feed_site``: real article pages); it prints both runs, the articles the follower
stored during the second, and the ratio of the two throughputs.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks import feed_site

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


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one keep-alive GET and read its whole answer; returns the status code."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), None)
    if length is None:
        raise RuntimeError(f"answer without Content-Length: {lines[0]}")
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def drive(base: str, plan: list, clients: int, seconds: float, headers: dict) -> dict[str, list[float]]:
    """Run ``clients`` loops for ``seconds``; latency (s) of each successful request per kind.

    Each client is one keep-alive HTTP/1.1 connection driven with bare asyncio streams: a full
    client library costs the load generator several times the server's own CPU per request, and on
    two cores every cycle it spends is taken from the server.
    """
    latencies: dict[str, list[float]] = {"stories": [], "story": [], "search": [], "errors": []}
    url = httpx.URL(base)
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    requests = [(kind, (f"GET {httpx.URL(path, params=params)} HTTP/1.1\r\nHost: {url.host}:{url.port}\r\n"
                        f"{extra}\r\n").encode()) for kind, path, params in plan]
    stop = time.perf_counter() + seconds

    async def client_loop(seed: int) -> None:
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection(url.host, url.port)
        try:
            while time.perf_counter() < stop:
                kind, request = rng.choice(requests)
                started = time.perf_counter()
                status = await _get(reader, writer, request)
                latencies[kind if status == 200 else "errors"].append(time.perf_counter() - started)
        finally:
            writer.close()

    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    return latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(title: str, latencies: dict[str, list[float]], wall: float) -> float:
    """Print one run's table; returns its requests/s over all kinds."""
    print(title)
    print(f"{'requests':<10} {'count':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    every = [t for kind in ("stories", "story", "search") for t in latencies[kind]]
    for kind, values in [("stories", latencies["stories"]), ("story", latencies["story"]),
                         ("search", latencies["search"]), ("all", every)]:
        if values:
            print(f"{kind:<10} {len(values):>7} {len(values) / wall:>8.1f} {percentile(values, 50) * 1000:>8.1f}"
                  f" {percentile(values, 95) * 1000:>8.1f}")
    print(f"errors: {len(latencies['errors'])}")
    return len(every) / wall


def article_count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def start_follow(db: Path, scratch: Path, copies: int) -> tuple[subprocess.Popen, subprocess.Popen]:
    """A local feed site and `wirewatch follow` on it, writing to ``db``; returns once the follower
    has stored its first article (it loads its models first)."""
    port = feed_site.free_port()
    site = scratch / "site"
    feeds = feed_site.write_site(site, copies, f"http://127.0.0.1:{port}")
    config = feed_site.follow_config(scratch / "follow.toml", feeds)
    web = feed_site.serve(site, port)
    before = article_count(db)
    follower = subprocess.Popen([sys.executable, "-m", "wirewatch.cli", "--db", str(db), "follow", "--config",
                                 str(config), "--quiet"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while article_count(db) == before:
        if follower.poll() is not None or time.monotonic() > deadline:
            web.terminate()
            sys.exit(f"the follower stored nothing (status {follower.poll()})")
        time.sleep(0.5)
    return web, follower


def measure(base: str, plan: list, args, headers: dict, server: subprocess.Popen) -> tuple[dict, float, float, float]:
    """One measured run: latencies, wall seconds, server and load-generator CPU seconds."""
    server_cpu, own_cpu = cpu_seconds(server.pid), time.process_time()
    started = time.perf_counter()
    latencies = asyncio.run(drive(base, plan, args.clients, args.seconds, headers))
    wall = time.perf_counter() - started
    return latencies, wall, cpu_seconds(server.pid) - server_cpu, time.process_time() - own_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="An existing store (default: build one from samples/news).")
    parser.add_argument("--seconds", type=float, default=20.0, help="Length of each measured run.")
    parser.add_argument("--warmup", type=float, default=2.0, help="Unmeasured run first.")
    parser.add_argument("--clients", type=int, default=16, help="Concurrent clients.")
    parser.add_argument("--token", help="Serve with this token (measures the check too).")
    parser.add_argument("--kinds", default="stories,story,search",
                        help="Request kinds to send, comma-separated: stories (listing), story (one), search.")
    parser.add_argument("--follow", action="store_true",
                        help="After the idle run, measure again while `wirewatch follow` ingests a local feed site.")
    parser.add_argument("--follow-copies", type=int, default=4, help="Feeds of the local site (91 pages each).")
    args = parser.parse_args()

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            build_store(db)
        port = feed_site.free_port()
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
        server = start_server(db, port, args.token)
        web = follower = None
        try:
            with httpx.Client(base_url=base, headers=headers) as client:
                plan = request_plan(client, set(args.kinds.split(",")))
            if not plan:
                sys.exit(f"no request of the kinds {args.kinds!r}: choose among stories, story, search")
            asyncio.run(drive(base, plan, args.clients, args.warmup, headers))
            runs.append(("idle store", *measure(base, plan, args, headers, server), None))
            if args.follow:
                web, follower = start_follow(db, Path(tmp), args.follow_copies)
                before = article_count(db)
                run = measure(base, plan, args, headers, server)
                runs.append(("while follow ingests", *run, article_count(db) - before))
        finally:
            for process in (follower, server, web):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=60)

    print(f"{args.clients} clients, {args.seconds:.0f} s per run, {os.cpu_count()} cores shared by the server,"
          " the load generator and the follower")
    rates = []
    for title, latencies, wall, server_cpu, own_cpu, stored in runs:
        rates.append(report(f"\n{title}:", latencies, wall))
        print(f"CPU: server {server_cpu / wall:.0%} of a core, load generator {own_cpu / wall:.0%} of a core")
        if stored is not None:
            print(f"follow stored {stored} articles during the run ({stored / wall:.1f}/s)")
    if len(rates) == 2:
        print(f"\nthroughput while following / idle: {rates[1] / rates[0]:.2f}")


if __name__ == "__main__":
    main()
