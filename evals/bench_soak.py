"""Sustained load: `palermo serve` in a subprocess on loopback, N concurrent clients mixing ask, search and
translate for a while; requests/s, p50/p95/p99 per kind, errors, server RSS at the start and the end.

    PALERMO_DATA_DIR=/tmp/soak/data python -m evals.bench_soak --clients 50 --seconds 300

The data dir holds the index (copy data/qdrant-edge there) and, for translate, installed packages
(`palermo translate packages install tests/fixtures/argos/*.argosmodel`); without any, translate is
left out with the reason printed. asyncio + httpx rather than Locust: one small file, no extra
dependency, the same client library as the web interface, and exact per-request timings.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = [  # written for this bench (not from the evaluation sets)
    "What may a requesting State ask for under mutual legal assistance?",
    "Is a political offence a ground to refuse extradition?",
    "How are the proceeds of crime confiscated under the convention?",
    "What is a controlled delivery?",
    "Which authority receives requests for assistance?",
    "Can a person be transferred to testify in another State?",
    "Does dual criminality apply to assistance requests?",
    "Which documents support a request for extradition?",
]
TEXTS = ["De minister zendt het verzoek.", "De rechtbank weigert het verzoek.", "De minister zendt de stukken."]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def start_server(port: int) -> subprocess.Popen:
    """`palermo serve` on loopback, stdout and stderr to a log file under the data dir."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PALERMO_TRANSLATION_BEAM_SIZE": "1"}
    log = Path(os.environ.get("PALERMO_DATA_DIR", REPO / "data")) / "soak-server.log"
    return subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port)], cwd=REPO, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)


async def wait_ready(http: httpx.AsyncClient, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if (await http.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(1)
    raise SystemExit("the server did not become ready")


async def one_request(http: httpx.AsyncClient, kind: str, rng: random.Random) -> httpx.Response:
    match kind:
        case "ask":
            return await http.post("/v1/ask", json={"question": rng.choice(QUESTIONS)})
        case "search":
            return await http.get("/v1/search", params={"q": rng.choice(QUESTIONS), "k": 10})
        case _:
            return await http.post("/v1/translate", json={"q": rng.choice(TEXTS), "source": "nl", "target": "en"})


async def client(http: httpx.AsyncClient, kinds: list[str], until: float, seed: int, results: dict, errors: Counter) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        kind = rng.choice(kinds)
        started = time.perf_counter()
        try:
            response = await one_request(http, kind, rng)
            if response.status_code != 200:
                errors[f"{kind} {response.status_code}"] += 1
        except httpx.HTTPError as exc:
            errors[f"{kind} {type(exc).__name__}"] += 1
        results[kind].append(time.perf_counter() - started)


async def soak(url: str, clients: int, seconds: float, pid: int) -> None:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        await wait_ready(http)
        kinds = ["ask", "search"]
        if (await http.get("/v1/languages")).json():
            kinds.append("translate")
        else:
            print("translate left out: no translation package is installed in the data dir", flush=True)
        for kind in kinds:  # warm every path once (first translate loads its model)
            await one_request(http, kind, random.Random(0))
        rss_start = _rss_mb(pid)
        results: dict[str, list[float]] = defaultdict(list)
        errors: Counter = Counter()
        started = time.monotonic()
        await asyncio.gather(*(client(http, kinds, started + seconds, seed, results, errors) for seed in range(clients)))
        elapsed = time.monotonic() - started
        report(results, errors, elapsed, clients, rss_start, _rss_mb(pid))


def report(results: dict[str, list[float]], errors: Counter, elapsed: float, clients: int,
           rss_start: float, rss_end: float) -> None:
    every = [value for values in results.values() for value in values]
    print(f"\n{clients} clients for {elapsed:.0f} s: {len(every)} requests, {len(every) / elapsed:.1f} requests/s, "
          f"errors {sum(errors.values())} {dict(errors)}")
    print("| kind | requests | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|")
    for kind, values in sorted(results.items()) + [("all", every)]:
        print(f"| {kind} | {len(values)} | {_percentile(values, .5) * 1000:.0f} | {_percentile(values, .95) * 1000:.0f} "
              f"| {_percentile(values, .99) * 1000:.0f} | {max(values) * 1000:.0f} |")
    change = (rss_end - rss_start) / rss_start * 100 if rss_start else 0.0
    print(f"server RSS: {rss_start:.0f} MB at the start, {rss_end:.0f} MB at the end ({change:+.1f}%; target within 10%)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = start_server(args.port)
    try:
        asyncio.run(soak(f"http://127.0.0.1:{args.port}", args.clients, args.seconds, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
