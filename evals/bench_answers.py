"""Benchmark of issue 4: extractive ask latency in process and over HTTP, and a load run.

    .venv/bin/python -m evals.bench_answers [--clients 20] [--seconds 60] [--questions ../shared/evals/dev.jsonl]

Opens the configured index (stop `palermo serve` first: the embedded store is single-process),
asks every question of the set in process, then over HTTP against a uvicorn server on loopback
that shares the same opened state, then runs ``--clients`` concurrent clients for ``--seconds``.
Results are printed and written to bench-results/bench_answers.json.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import threading
import time
import urllib.request
from pathlib import Path

import uvicorn

from corpora.registry import load_registry
from corpora.settings import REPO_ROOT, load_settings
from evals.dataset import load_questions
from evals.metrics import percentile
from service.answering.records import AnswerRequest, Turn
from service.app import create_app
from service.state import ServiceState


def _latencies(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(percentile(values, 0.5), 1), "p95_ms": round(percentile(values, 0.95), 1),
            "max_ms": round(max(values, default=0.0), 1)}


def in_process(state: ServiceState, questions: list) -> dict:
    """Every question through the answerer, after one warm-up pass."""
    timings = []
    for repeat in range(2):
        for question in questions:
            started = time.perf_counter()
            state.answerer.ask(AnswerRequest(question.question, tuple(Turn(t["role"], t["content"]) for t in question.history)))
            if repeat:
                timings.append((time.perf_counter() - started) * 1000)
    return _latencies(timings)


def _post(url: str, body: dict) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _serve(state: ServiceState) -> tuple[str, uvicorn.Server]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(state.settings, state.registry, state), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}/v1/ask", server


def over_http(url: str, questions: list) -> dict:
    """Every question over HTTP, one at a time."""
    timings, errors = [], 0
    for question in questions:
        started = time.perf_counter()
        status = _post(url, {"question": question.question, "history": list(question.history)})
        timings.append((time.perf_counter() - started) * 1000)
        errors += status != 200
    return {**_latencies(timings), "errors": errors}


def load_run(url: str, questions: list, clients: int, seconds: float) -> dict:
    """``clients`` threads asking random questions for ``seconds``; errors are non-200 answers."""
    deadline = time.monotonic() + seconds
    timings: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            question = rng.choice(questions)
            started = time.perf_counter()
            status = _post(url, {"question": question.question, "history": list(question.history)})
            with lock:
                timings.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = sum(count for status, count in statuses.items() if status != 200)
    return {**_latencies(timings), "clients": clients, "seconds": seconds, "statuses": statuses, "errors": errors,
            "answers_per_second": round(len(timings) / seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO_ROOT.parent / "shared" / "evals" / "dev.jsonl")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    settings = load_settings()
    state = ServiceState.open(settings, load_registry(settings))
    questions = load_questions(args.questions)
    try:
        results = {"in_process": in_process(state, questions)}
        print("in process:", results["in_process"], flush=True)
        url, server = _serve(state)
        results["http"] = over_http(url, questions)
        print("over HTTP:", results["http"], flush=True)
        results["load"] = load_run(url, questions, args.clients, args.seconds)
        print("load:", results["load"], flush=True)
        server.should_exit = True
    finally:
        state.close()
    out = REPO_ROOT / "bench-results" / "bench_answers.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
