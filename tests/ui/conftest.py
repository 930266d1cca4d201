"""The real API on loopback over the small index (no fakes), for the UI tests; eval results files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpora.settings import Settings
from evals.runner import summarise_rows
from service.app import create_app
from service.state import ServiceState
from tests.live_server import LiveServer, free_port  # noqa: F401  (free_port: used by the UI tests)


class RunningApi(LiveServer):
    """A uvicorn server in a thread serving create_app over already opened components."""

    def __init__(self, index: dict, settings: Settings, port: int | None = None) -> None:
        state = ServiceState.around(settings, index["registry"], index["store"], index["encoder"])
        super().__init__(create_app(settings, index["registry"], state), port=port)

    def start(self) -> "RunningApi":
        return self.__enter__()

    def stop(self) -> None:
        self.__exit__()


def api_settings(index: dict, argos_dir: Path) -> Settings:
    """The small index's settings with their own translation packages folder."""
    return index["settings"].model_copy(update={"argos_packages_dir": argos_dir})


@pytest.fixture(scope="session")
def ui_api(small_index, tmp_path_factory) -> Iterator[RunningApi]:
    """The real API over the small index, no translation package installed."""
    api = RunningApi(small_index, api_settings(small_index, tmp_path_factory.mktemp("argos-empty"))).start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def nl_en_package() -> Path:
    """The tiny real nl->en package the translation tests use (a committed fixture)."""
    from tests.translation.tiny_package import tiny_package

    return tiny_package("nl", "en")


@pytest.fixture(scope="session")
def translating_api(small_index, nl_en_package, tmp_path_factory) -> Iterator[RunningApi]:
    """The real API with the tiny nl->en package installed."""
    settings = api_settings(small_index, tmp_path_factory.mktemp("argos-nl-en"))
    api = RunningApi(small_index, settings)
    from service.translation import Translator
    Translator(settings).install_package(nl_en_package)
    api.start()
    yield api
    api.stop()


def _retrieval_row(qid: str, kind: str, recall5: float) -> dict:
    return {"id": qid, "type": kind, "lang": "en", "answerable": True,
            "gold": [{"instrument": "BWBV0001668", "article": "18", "paragraph": "8"}],
            "retrieved": ["UNTOC art. 18(8)", "UNTOC art. 18(15)"], "retrieved_ids": [], "latency_ms": 12.0,
            "recall@1": recall5, "recall@5": recall5, "recall@10": recall5, "mrr": recall5}


def _answer_row(qid: str, bucket: str) -> dict:
    return {"id": qid, "type": "paraphrase", "lang": "en", "answerable": bucket != "correct_abstention",
            "gold": [{"instrument": "BWBV0001668", "article": "18", "paragraph": "8"}],
            "cited": ["UNTOC art. 18(8)"], "cited_ids": [],
            "answer": f"Answer of {qid}: States Parties shall not decline [1]\n\n**Provisions**\n[1] **UNTOC art. 18(8)**",
            "abstained": bucket == "correct_abstention", "premise_corrected": False,
            "citation_recall": 1.0 if bucket == "correct" else 0.0, "citation_precision": 0.5,
            "fact_coverage": 1.0 if bucket == "correct" else 0.0, "latency_ms": 20.0, "bucket": bucket}


def write_run(folder: Path, mode: str, rows: list[dict]) -> Path:
    """A results.json in the format `palermo eval run` writes (summary computed by the runner's code)."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"config": {"questions_path": "dev.jsonl", "mode": mode, "retriever": "hybrid", "backend": "in-process",
                       "k": 10}, "settings": {}, "git_commit": "0123456789abcdef", "versions": {},
            "python": "3.11", "finished_at": "2026-11-28T00:00:00+00:00"}
    path = folder / "results.json"
    path.write_text(json.dumps({"meta": meta, "summary": summarise_rows(rows, mode), "questions": rows}))
    return path


@pytest.fixture
def eval_runs(tmp_path) -> Path:
    """eval-runs/ with two retrieval runs and two answer runs (one PNG plot beside one of them)."""
    return make_eval_runs(tmp_path / "eval-runs")


def make_eval_runs(root: Path) -> Path:
    """Write the runs of :func:`eval_runs` under ``root``."""
    write_run(root / "dev-retrieval-bm25", "retrieval", [_retrieval_row("q1", "paraphrase", 0.0),
                                                          _retrieval_row("q2", "numeric_fact", 1.0)])
    write_run(root / "dev-retrieval-hybrid", "retrieval", [_retrieval_row("q1", "paraphrase", 1.0),
                                                            _retrieval_row("q2", "numeric_fact", 1.0)])
    write_run(root / "dev-answer-old", "answer", [_answer_row("a1", "incomplete"), _answer_row("a2", "correct_abstention")])
    answer = write_run(root / "dev-answer-new", "answer", [_answer_row("a1", "correct"),
                                                           _answer_row("a2", "correct_abstention")])
    from evals.answer_report import plot_buckets_by_type

    plot_buckets_by_type(json.loads(answer.read_text())["summary"], answer.parent / "buckets_by_type.png")  # the real plot
    return root
