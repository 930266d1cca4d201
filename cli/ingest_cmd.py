"""`palermo ingest`: build or update the index, with progress bars and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from cli.progress_lines import ProgressLines
from cli.runtime import clean_errors

if TYPE_CHECKING:
    from ingest.embedding import Embedders
    from ingest.pipeline import IngestSummary
    from ingest.sources import SourceFile

console = Console()
SET_CHOICES = ("instruments", "reports", "scale", "documents")


def _sets_for(requested: list[str] | None, default: list[str]) -> list[str]:
    sets = list(requested or default)
    unknown = [name for name in sets if name not in SET_CHOICES]
    if unknown:
        raise typer.BadParameter(f"unknown set {unknown[0]!r}; choose from {', '.join(SET_CHOICES)}")
    if "scale" in sets:  # scale holds the focused files too: index them once, under their focused key
        sets = list(dict.fromkeys(["instruments", "reports", *sets]))
    return list(dict.fromkeys([*sets, "documents"]))


def print_summary(summary: "IngestSummary") -> None:
    """The closing summary of an ingest run."""
    from rich.table import Table

    table = Table(title="ingest summary", show_header=False)
    rows = [
        ("files", summary.files),
        ("unchanged", summary.unchanged),
        ("parsed and written", summary.updated),
        ("removed files", summary.removed_files),
        ("provisions", summary.provisions),
        ("chunks written", summary.chunks),
        ("vectors computed (cache misses)", summary.embedded),
        ("stale points deleted", summary.deleted_points),
        ("points in the index", summary.points_in_store),
        ("skipped", len(summary.skipped)),
        ("seconds", f"{summary.seconds:.1f}"),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)
    for key, reason in summary.skipped:
        console.print(f"  [yellow]skipped[/] {key}: {reason.removeprefix(f'{key}: ')}", highlight=False, soft_wrap=True)


def ingest(
    corpus: Annotated[Path | None, typer.Option(help="Corpus folder (default: PALERMO_CORPUS_DIR).")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="instruments, reports, scale (repeatable).")] = None,
    rebuild: Annotated[bool, typer.Option(help="Drop the index and build it again (embeddings stay cached).")] = False,
    strict: Annotated[bool, typer.Option(help="Exit with status 1 when any file was skipped.")] = False,
) -> None:
    """Parse, chunk, embed and index the corpus; unchanged files cost nothing. Files that cannot be read
    or parsed are skipped with the reason (exit status 0, or 1 with --strict)."""
    from corpora.registry import load_registry
    from corpora.settings import load_settings
    from ingest.embedding import Embedders, EmbeddingCache
    from ingest.sources import list_sources
    from retrieval.dense import DenseEncoder
    from retrieval.multilingual import MultilingualEncoder
    from retrieval.setup import build_e5
    from retrieval.stores import open_store

    with clean_errors():
        settings = load_settings(corpus_dir=corpus)
        sets = _sets_for(set_, list(settings.corpus_sets))
        registry = load_registry(settings, [name for name in sets if name != "documents"])
        sources = list_sources(registry, sets)
        store = open_store(settings, recreate=rebuild)
        cache = EmbeddingCache(settings.cache_path)
        dense = DenseEncoder(settings.embedding_model, settings.embedding_batch_size)
        embedders = Embedders.over(cache, dense, MultilingualEncoder(threads=2), build_e5(settings))
        try:
            summary = _run_with_progress(store, embedders, sources, settings.chunk_max_chars)
        finally:
            store.close()
            cache.close()
        print_summary(summary)
        if strict and summary.skipped:
            console.print(f"[bold red]{len(summary.skipped)} file(s) skipped[/] (--strict)")
            raise typer.Exit(1)


def _run_with_progress(store, embedders: "Embedders", sources: "list[SourceFile]", max_chars: int) -> "IngestSummary":
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ingest.pipeline import run_ingest

    if not console.is_terminal:  # a log or CI: a line every few seconds instead of a bar
        lines = ProgressLines("ingest", len(sources))
        done = 0

        def log(source: "SourceFile", status: str) -> None:
            nonlocal done
            done += 1
            text = lines.line(done, embedders.computed, f"{source.key}: {status}")
            if text:
                console.print(text, highlight=False, markup=False, soft_wrap=True)

        return run_ingest(store, embedders, sources, max_chars=max_chars, on_file=log)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=len(sources), current="")

        def advance(source: "SourceFile", status: str) -> None:
            progress.update(task, advance=1, current=f"{source.key} ({status}, {embedders.computed} embedded)")

        return run_ingest(store, embedders, sources, max_chars=max_chars, on_file=advance)
