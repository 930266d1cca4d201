"""`palermo snapshot create|list|restore`: verified backups of the index and the embedding cache."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from cli.runtime import clean_errors

console = Console()
snapshot_app = typer.Typer(
    help="Back up and restore the embedded index and the embedding cache (stop `palermo serve` first).",
    no_args_is_help=True,
)


@snapshot_app.command("create")
def create(
    name: Annotated[str | None, typer.Argument(help="Snapshot name (default: the UTC time).")] = None,
) -> None:
    """Copy the index and the embedding cache, with a manifest of digests, under the ingest's lock."""
    from corpora.settings import load_settings
    from ingest.snapshots import create_snapshot

    with clean_errors():
        settings = load_settings()
        info = create_snapshot(settings, name)
        console.print(f"snapshot [bold]{info.name}[/]: {info.points} points, {_size(info.size_bytes)}, "
                      f"in {settings.snapshot_root / info.name}", highlight=False)


@snapshot_app.command("list")
def list_() -> None:
    """The snapshots: name, time, points, size."""
    from rich.table import Table

    from corpora.settings import load_settings
    from ingest.snapshots import list_snapshots

    with clean_errors():
        settings = load_settings()
        snapshots = list_snapshots(settings)
        if not snapshots:
            console.print(f"no snapshots in {settings.snapshot_root}", highlight=False)
            return
        table = Table("name", "created (UTC)", "points", "size", "problem")
        for info in snapshots:
            table.add_row(info.name, info.created, str(info.points), _size(info.size_bytes), info.problem)
        console.print(table)


@snapshot_app.command("restore")
def restore(name: Annotated[str, typer.Argument(help="The snapshot to restore (see `palermo snapshot list`).")]) -> None:
    """Verify a snapshot, then make it the live index and cache; a damaged snapshot changes nothing."""
    from corpora.settings import load_settings
    from ingest.snapshots import restore_snapshot

    with clean_errors():
        report = restore_snapshot(load_settings(), name)
        console.print(f"restored [bold]{report.name}[/]: {report.points} points, digest verified", highlight=False)
        if report.corpus_problem:
            console.print(f"[yellow]the corpus could not be compared with the snapshot's:[/] {report.corpus_problem}",
                          highlight=False)
        if report.corpus_changed:
            console.print(f"{len(report.corpus_changed)} corpus file(s) changed since the snapshot "
                          f"(e.g. {report.corpus_changed[0]}); `palermo ingest` brings the index up to date",
                          highlight=False)


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MiB"
