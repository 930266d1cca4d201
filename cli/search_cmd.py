"""`palermo search`, `palermo show` and `palermo corpus list`."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console

from cli.runtime import clean_errors

console = Console()
corpus_app = typer.Typer(help="Inspect the instrument registry.", no_args_is_help=True)


def search(
    question: Annotated[str, typer.Argument(help="The question, in any words.")],
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="Number of provisions.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    retriever: Annotated[str, typer.Option(help="hybrid, dense, multi or bm25.")] = "hybrid",
    instrument: Annotated[list[str] | None, typer.Option(help="Restrict to instruments (id or name).")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Restrict to languages (en, fr, nl).")] = None,
) -> None:
    """Find the provisions that answer a question, with pinpoint citations."""
    from cli.runtime import open_components
    from corpora.settings import load_settings
    from retrieval.results import group_by_article
    from retrieval.setup import build_retriever
    from retrieval.store import SearchFilter

    if retriever not in ("hybrid", "dense", "multi", "bm25"):
        raise typer.BadParameter("choose hybrid, dense, multi or bm25", param_hint="--retriever")
    with clean_errors(), open_components(load_settings()) as parts:
        ids = tuple(parts.registry.resolve(name).id for name in instrument or [])
        flt = SearchFilter(instrument_ids=ids, languages=tuple(language or ()))
        engine = build_retriever(parts.settings, parts.store, parts.encoder, parts.registry)
        result = engine.search(question, k=k, mode=retriever, filters=flt)
        if as_json:
            typer.echo(json.dumps({"hits": [asdict(hit) for hit in result.hits], "timings_ms": result.timings_ms}, indent=2))
            return
        if not result.hits:
            console.print("no provision found")
        for group in group_by_article(result.hits):
            heading = f" — {group.heading}" if group.heading else ""
            console.print(f"[bold]{group.label}[/]{heading}", highlight=False)
            for hit in group.hits:
                console.print(f"  [cyan]{hit.label}[/] [dim]({hit.language}, {hit.match})[/] {_snippet(hit.text)}", highlight=False)


def _snippet(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def show(
    instrument: Annotated[str, typer.Argument(help="Id, short name or alias, e.g. UNTOC.")],
    article: Annotated[str | None, typer.Argument(help="Article, e.g. 18 or 5bis (or a report paragraph).")] = None,
    paragraph: Annotated[str | None, typer.Argument(help="Paragraph number.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (en, fr, nl).")] = None,
) -> None:
    """Print a provision as indexed: `palermo show UNTOC 18 15`."""
    from cli.runtime import open_components
    from corpora.errors import NotFoundError
    from corpora.settings import load_settings
    from retrieval.citations import normalise_article
    from retrieval.store import SearchFilter

    with clean_errors(), open_components(load_settings()) as parts:
        found = parts.registry.resolve(instrument)
        flt = SearchFilter(instrument_ids=(found.id,), languages=(language,) if language else ())
        if article and found.kind == "report":
            flt = SearchFilter(instrument_ids=(found.id,), paragraphs=(article,))
        elif article:
            flt = SearchFilter(instrument_ids=(found.id,), articles=(normalise_article(article),),
                               paragraphs=(paragraph,) if paragraph else (), languages=flt.languages)
        hits = sorted(parts.store.lookup(flt, limit=2000), key=lambda h: (h.payload["language"], h.payload["order"], h.payload["part"]))
        if not hits:
            raise NotFoundError(f"{found.short_name} {article or ''} {paragraph or ''}: not in the index".strip())
        for hit in hits if article else hits[:40]:
            payload = hit.payload
            console.print(f"[bold cyan]{payload['label']}[/] [dim]({payload['language']})[/] {payload.get('article_heading') or ''}", highlight=False)
            console.print(payload["text"], highlight=False, markup=False)
            console.print()


@corpus_app.command("list")
def corpus_list(
    kind: Annotated[str | None, typer.Option(help="Only this kind (bilateral, eu, multilateral_un, ...).")] = None,
) -> None:
    """List the instruments of the corpus with their short names."""
    from rich.table import Table

    from corpora.registry import load_registry
    from corpora.settings import load_settings

    with clean_errors():
        registry = load_registry(load_settings())
        table = Table("id", "short name", "kind", "languages", "title")
        for item in sorted(registry.instruments.values(), key=lambda i: i.id):
            if kind and item.kind != kind:
                continue
            table.add_row(item.id, item.short_name if item.short_name != item.id else "", item.kind,
                          ",".join(item.languages), (item.title or "")[:70])
        console.print(table)
