"""Shared set-up for CLI commands: settings, registry, store, encoder; clean error exits."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import typer
from rich.console import Console

from corpora.errors import PalermoError
from corpora.registry import Registry
from corpora.settings import Settings
from retrieval.dense import DenseEncoder
from retrieval.store import VectorStore, open_store

err_console = Console(stderr=True)


@contextlib.contextmanager
def clean_errors() -> Iterator[None]:
    """Turn domain errors into one red line and exit code 2; Ctrl-C into exit 130."""
    try:
        yield
    except PalermoError as exc:
        err_console.print(f"[bold red]error:[/] {exc.detail}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/]; run the same command again to resume")
        raise typer.Exit(130) from None


def load_registry(settings: Settings, corpus_sets: list[str] | None = None) -> Registry:
    """Registry of the configured corpus sets plus the user documents."""
    corpus_dir = settings.require_corpus_dir()
    registry = Registry.load(corpus_dir, corpus_sets or list(settings.corpus_sets), settings.aliases_file)
    registry.add_documents(settings.user_documents_dir)
    return registry


@dataclass
class Components:
    """What search-like commands need, opened once."""

    settings: Settings
    registry: Registry
    store: VectorStore
    encoder: DenseEncoder


@contextlib.contextmanager
def open_components(settings: Settings) -> Iterator[Components]:
    """Open registry, store and encoder; always close the store."""
    registry = load_registry(settings)
    store = open_store(settings)
    try:
        encoder = DenseEncoder(settings.embedding_model, settings.embedding_batch_size)
        yield Components(settings, registry, store, encoder)
    finally:
        store.close()


def stdout_is_terminal() -> bool:
    """True when progress bars make sense."""
    return sys.stdout.isatty()
