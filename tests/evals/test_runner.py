"""The eval runner, report and compare on the small real index."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from cli.main import app
from corpora.errors import ServiceUnavailableError
from evals.backends import HttpBackend, InProcessBackend
from evals.compare import compare_results
from evals.dataset import load_questions
from evals.report import write_report
from evals.runner import RunConfig, run_questions, summarise_rows, write_results
from retrieval.hybrid import Retriever
from service.answering.answerer import Answerer

QUESTIONS = [
    {"id": "t1", "question": "What must a request for mutual legal assistance contain under UNTOC?", "lang": "en",
     "type": "requirement", "answerable": True, "gold": [{"instrument": "BWBV0001668", "article": "18", "paragraph": "15"}],
     "must_include": []},
    {"id": "t2", "question": "What does paragraph 21 of the 2024 report say?", "lang": "en", "type": "article_lookup",
     "answerable": True, "gold": [{"instrument": "CTOC-COP-2024-SECRETARIAT-IC", "paragraph": "21"}], "must_include": []},
    {"id": "t3", "question": "And under the European Convention on Extradition, in which language?", "lang": "en",
     "type": "follow_up", "answerable": True, "history": [{"role": "user", "content": "Which documents support an extradition request?"}],
     "gold": [{"instrument": "BWBV0001010", "article": "23", "paragraph": None}], "must_include": []},
    {"id": "t4", "question": "What is the phone number of the Dutch central authority?", "lang": "en",
     "type": "unanswerable", "answerable": False, "gold": [], "must_include": []},
]


@pytest.fixture
def question_set(tmp_path):
    path = tmp_path / "mini.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS))
    return path


class CountingBackend(InProcessBackend):
    calls = 0

    def search(self, *args, **kwargs):
        CountingBackend.calls += 1
        return super().search(*args, **kwargs)


@pytest.fixture
def backend(small_index):
    return CountingBackend(Retriever(small_index["store"], small_index["encoder"], small_index["registry"]))


def test_run_scores_and_reports(question_set, backend, tmp_path):
    config = RunConfig(str(question_set), "retrieval", "hybrid", "in-process")
    rows = run_questions(load_questions(question_set), backend, config, tmp_path / "out")
    by_id = {row["id"]: row for row in rows}
    assert by_id["t1"]["recall@1"] == 1.0 and by_id["t2"]["mrr"] == 1.0
    assert "recall@5" not in by_id["t4"]  # unanswerable questions are not scored for retrieval
    summary = summarise_rows(rows)
    assert summary["overall"]["n"] == 3 and summary["unanswerable_skipped"] == 1
    results_path = write_results(tmp_path / "out", rows, summary, {"config": config.__dict__, "git_commit": "x", "finished_at": "now"})
    files = write_report(json.loads(results_path.read_text()), tmp_path / "out")
    assert files["recall_by_type"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = files["html"].read_text()
    assert "data:image/png;base64," in page and "http://" not in page and "https://" not in page
    assert "| all answerable | 3 |" in files["markdown"].read_text()


def test_interrupted_run_resumes(question_set, backend, tmp_path):
    config = RunConfig(str(question_set), "retrieval", "hybrid", "in-process")
    questions = load_questions(question_set)

    def stop_after_two(question_id):
        if question_id == "t2":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_questions(questions, backend, config, tmp_path / "out", on_question=stop_after_two)
    assert len((tmp_path / "out" / "results.partial.jsonl").read_text().splitlines()) == 2
    CountingBackend.calls = 0
    rows = run_questions(questions, backend, config, tmp_path / "out")
    assert CountingBackend.calls == 2 and [row["id"] for row in rows] == ["t1", "t2", "t3", "t4"]


def test_compare_reports_deltas_and_changes(question_set, backend, tmp_path):
    config = RunConfig(str(question_set), "retrieval", "hybrid", "in-process")
    rows = run_questions(load_questions(question_set), backend, config, tmp_path / "a")
    before = {"meta": {}, "summary": summarise_rows(rows), "questions": rows}
    worse = [dict(row) for row in rows]
    worse[0].update({"recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0, "mrr": 0.0})
    after = {"meta": {}, "summary": summarise_rows(worse), "questions": worse}
    diff = compare_results(before, after)
    assert diff["overall"]["recall@5"] == pytest.approx(-1 / 3)
    assert diff["regressed"] == 1 and diff["changed"][0]["id"] == "t1"


def test_answer_mode_scores_buckets_citations_and_reports(question_set, small_index, tmp_path):
    retriever = Retriever(small_index["store"], small_index["encoder"], small_index["registry"])
    backend = InProcessBackend(retriever, Answerer(retriever, small_index["registry"]))
    config = RunConfig(str(question_set), "answer", "hybrid", "in-process")
    rows = run_questions(load_questions(question_set), backend, config, tmp_path)
    by_id = {row["id"]: row for row in rows}
    assert by_id["t1"]["citation_recall"] == 1.0 and "UNTOC art. 18(15)" in by_id["t1"]["cited"]
    assert by_id["t4"]["bucket"] == "correct_abstention" and by_id["t4"]["abstained"]
    summary = summarise_rows(rows, "answer")
    assert summary["correct_abstention_share"] == 1.0 and summary["hallucinated_share"] == 0.0
    assert sum(summary["overall"]["buckets"].values()) == len(QUESTIONS)
    results = json.loads(write_results(tmp_path, rows, summary, {"config": vars(config) | {"questions_path": str(question_set)},
                                                                 "git_commit": None, "finished_at": "now"}).read_text())
    paths = write_report(results, tmp_path)
    assert "correct_abstention" in paths["markdown"].read_text() and paths["buckets_by_type"].stat().st_size > 0


@pytest.mark.enable_socket
def test_service_down_is_a_clear_message():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ServiceUnavailableError, match=f"cannot reach the palermo service at http://127.0.0.1:{port}"):
        HttpBackend(f"http://127.0.0.1:{port}", timeout=2).search("question", [], 5, "hybrid")


def test_cli_errors_are_one_line(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(app, ["eval", "run", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "does not exist" in missing.output and "Traceback" not in missing.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    result = runner.invoke(app, ["eval", "run", str(bad)])
    assert result.exit_code == 2 and "bad.jsonl:1: missing field(s)" in " ".join(result.output.split())
