"""Shared set-up for CLI commands: settings, registry, store, encoder; clean error exits."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from corpora.errors import PalermoError

if TYPE_CHECKING:  # imported when a command opens them: `palermo --help` stays quick
    from corpora.registry import Registry
    from corpora.settings import Settings
    from retrieval.dense import DenseEncoder
    from retrieval.store import VectorStore

err_console = Console(stderr=True)
KeyOption = Annotated[str | None, typer.Option(
    envvar="PALERMO_API_KEY", help="API key of the palermo service used (--api, or the service holding the index).")]


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
    from corpora.registry import load_registry
    from retrieval.dense import DenseEncoder
    from retrieval.stores import open_store

    registry = load_registry(settings)
    store = open_store(settings)
    try:
        encoder = DenseEncoder(settings.embedding_model, settings.embedding_batch_size)
        yield Components(settings, registry, store, encoder)
    finally:
        store.close()


@contextlib.contextmanager
def components_or_service(settings: Settings) -> Iterator[Components | str]:
    """Open the index in this process; when a running palermo service holds it, yield that service's
    URL instead (announced on stderr; see cli/service_link.py)."""
    from corpora.errors import StoreLockedError

    with contextlib.ExitStack() as stack:
        try:
            opened: Components | str = stack.enter_context(open_components(settings))
        except StoreLockedError as exc:
            from cli.service_link import service_for_locked_index

            opened = service_for_locked_index(settings, exc)
        yield opened


def stdout_is_terminal() -> bool:
    """True when progress bars make sense."""
    return sys.stdout.isatty()
