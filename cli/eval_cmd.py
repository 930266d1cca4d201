"""`palermo eval run` and `palermo eval compare`."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from cli.runtime import clean_errors

if TYPE_CHECKING:
    from evals.backends import EvalBackend

console = Console()
eval_app = typer.Typer(help="Run benchmark question sets and compare runs.", no_args_is_help=True)


@contextlib.contextmanager
def _backend(api: str | None, api_key: str | None, answer_mode: str) -> Iterator[tuple["EvalBackend", dict]]:
    from cli.runtime import open_components
    from corpora.settings import load_settings
    from evals.backends import HttpBackend, InProcessBackend
    from retrieval.setup import build_retriever
    from service.answering.factory import build_answerer
    from service.translation import Translator

    if api:
        yield HttpBackend(api, api_key, mode=answer_mode), {"api": api, "answer_mode": answer_mode}
        return
    settings = load_settings()
    with open_components(settings) as parts:
        retriever = build_retriever(settings, parts.store, parts.encoder, parts.registry)
        view = {"qdrant_mode": settings.qdrant_mode, "embedding_model": settings.embedding_model,
                "prefetch_limit": settings.prefetch_limit, "rrf_k": settings.rrf_k,
                "chunk_max_chars": settings.chunk_max_chars, "corpus_sets": list(settings.corpus_sets)}
        parts.encoder.embed_query("warm-up")  # load the models before the first timed question
        retriever.multi_encoder.embed_query("warm-up")
        view["answer_mode"] = answer_mode
        yield InProcessBackend(retriever, build_answerer(settings, retriever, parts.registry, Translator(settings)), answer_mode), view


@eval_app.command("run")
def run(
    question_set: Annotated[Path, typer.Argument(help="JSONL question set, e.g. ../shared/evals/dev.jsonl.")],
    mode: Annotated[str, typer.Option(help="retrieval or answer.")] = "retrieval",
    retriever: Annotated[str, typer.Option(help="hybrid, dense, multi or bm25.")] = "hybrid",
    api: Annotated[str | None, typer.Option(help="Base URL of a running palermo service.")] = None,
    api_key: Annotated[str | None, typer.Option(envvar="PALERMO_API_KEY", help="API key for --api.")] = None,
    out: Annotated[Path | None, typer.Option(help="Output folder (default eval-runs/<set>-<mode>-<retriever>).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N questions.")] = None,
    resume: Annotated[bool, typer.Option(help="Keep questions already scored in the output folder.")] = True,
    answer_mode: Annotated[str, typer.Option(help="In answer mode: extractive (default) or generative.")] = "extractive",
) -> None:
    """Score a question set; results are written as they come, so an interrupted run resumes."""
    from corpora.settings import REPO_ROOT
    from evals.dataset import load_questions
    from evals.report import write_report
    from evals.runner import RunConfig, run_metadata, run_questions, summarise_rows, write_results

    if mode not in ("retrieval", "answer") or retriever not in ("hybrid", "dense", "multi", "bm25"):
        raise typer.BadParameter("--mode is retrieval|answer and --retriever hybrid|dense|multi|bm25")
    if answer_mode not in ("extractive", "generative"):
        raise typer.BadParameter("--answer-mode is extractive or generative")
    with clean_errors():
        questions = load_questions(question_set)[:limit]
        out_dir = out or REPO_ROOT / "eval-runs" / f"{question_set.stem}-{mode}-{retriever}"
        config = RunConfig(str(question_set), mode, retriever, "api" if api else "in-process")
        with _backend(api, api_key, answer_mode) as (backend, settings_view), _progress(len(questions)) as advance:
            rows = run_questions(questions, backend, config, out_dir, resume=resume, on_question=advance)
        summary = summarise_rows(rows, mode)
        results_path = write_results(out_dir, rows, summary, run_metadata(config, settings_view))
        report = write_report(json.loads(results_path.read_text(encoding="utf-8")), out_dir)
        (_print_answer_summary if mode == "answer" else _print_summary)(summary)
        console.print(f"results: {results_path}\nreport:  {report['markdown']} and {report['html']}", highlight=False)


@contextlib.contextmanager
def _progress(total: int) -> Iterator:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("eval"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.fields[current]}"))
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("eval", total=total, current="")
        yield lambda question_id: progress.update(task, advance=1, current=question_id)


def _print_summary(summary: dict) -> None:
    from rich.table import Table

    from evals.compare import COMPARED

    table = Table("group", "n", *COMPARED, title="retrieval")
    for name, block in {"all answerable": summary["overall"], **summary["by_type"], **summary["by_lang"]}.items():
        table.add_row(name, str(block["n"]), *(f"{block[m]:.3f}" for m in COMPARED))
    console.print(table)
    latency = summary["latency_ms"]
    console.print(f"latency p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms")


def _print_answer_summary(summary: dict) -> None:
    from rich.table import Table

    from evals.answer_scoring import BUCKETS

    table = Table("group", "n", *BUCKETS, "cit. recall", "cit. prec.", "key facts", title="answers")
    for name, block in {"all": summary["overall"], **summary["by_type"], **summary["by_lang"]}.items():
        table.add_row(name, str(block["n"]), *(str(block["buckets"][b]) for b in BUCKETS),
                      f"{block['citation_recall']:.3f}", f"{block['citation_precision']:.3f}", f"{block['fact_coverage']:.3f}")
    console.print(table)
    console.print(f"hallucinated {summary['hallucinated_share']:.1%} (target <= 5%), correct abstention "
                  f"{summary['correct_abstention_share']:.1%} (target >= 80%), citation recall "
                  f"{summary['overall']['citation_recall']:.3f} (target >= 0.8), refused {summary['refused_share']:.1%}")
    latency = summary["latency_ms"]
    console.print(f"latency p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms")


@eval_app.command("compare")
def compare(
    before: Annotated[Path, typer.Argument(help="results.json of the baseline run.")],
    after: Annotated[Path, typer.Argument(help="results.json of the new run.")],
) -> None:
    """Metric deltas between two runs and the questions whose outcome changed."""
    from rich.table import Table

    from evals.compare import compare_results, load_results

    with clean_errors():
        diff = compare_results(load_results(before), load_results(after))
        table = Table("metric", "delta")
        for metric, delta in diff["overall"].items():
            table.add_row(metric, f"{delta:+.3f}")
        console.print(table)
        console.print(f"{diff['improved']} question(s) improved, {diff['regressed']} regressed at recall@5")
        for change in diff["changed"]:
            console.print(f"  {change['id']} ({change['type']}): {change['recall@5'][0]:.2f} -> {change['recall@5'][1]:.2f}  "
                          f"{change['top5'][1][:3]}", highlight=False)
