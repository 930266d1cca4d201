"""`palermo search`, `palermo show` and `palermo corpus list`."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console

from cli.runtime import KeyOption, clean_errors

console = Console()
corpus_app = typer.Typer(help="Inspect the instrument registry.", no_args_is_help=True)


def search(
    question: Annotated[str, typer.Argument(help="The question, in any words.")],
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="Number of provisions.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    retriever: Annotated[str, typer.Option(help="hybrid, dense, multi or bm25.")] = "hybrid",
    instrument: Annotated[list[str] | None, typer.Option(help="Restrict to instruments (id or name).")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Restrict to languages (en, fr, nl).")] = None,
    api_key: KeyOption = None,
) -> None:
    """Find the provisions that answer a question, with pinpoint citations."""
    from cli.runtime import components_or_service
    from corpora.settings import load_settings
    from retrieval.results import SearchHit, group_by_article
    from retrieval.setup import build_retriever
    from retrieval.store import SearchFilter

    if retriever not in ("hybrid", "dense", "multi", "bm25"):
        raise typer.BadParameter("choose hybrid, dense, multi or bm25", param_hint="--retriever")
    with clean_errors(), components_or_service(load_settings()) as opened:
        if isinstance(opened, str):  # the running service holds the index
            query = [("q", question), ("k", k), ("retriever", retriever)]
            query += [("instrument", name) for name in instrument or []] + [("language", code) for code in language or []]
            payload = _service(opened, api_key).request_json(f"/v1/search?{urllib.parse.urlencode(query)}")
            hits, timings = [SearchHit(**hit) for hit in payload["hits"]], payload.get("timings_ms", {})
        else:
            ids = tuple(opened.registry.resolve(name).id for name in instrument or [])
            flt = SearchFilter(instrument_ids=ids, languages=tuple(language or ()))
            engine = build_retriever(opened.settings, opened.store, opened.encoder, opened.registry)
            result = engine.search(question, k=k, mode=retriever, filters=flt)
            hits, timings = result.hits, result.timings_ms
        if as_json:
            typer.echo(json.dumps({"hits": [asdict(hit) for hit in hits], "timings_ms": timings}, indent=2))
            return
        if not hits:
            console.print("no provision found")
        for group in group_by_article(hits):
            heading = f" — {group.heading}" if group.heading else ""
            console.print(f"[bold]{group.label}[/]{heading}", highlight=False)
            for hit in group.hits:
                console.print(f"  [cyan]{hit.label}[/] [dim]({hit.language}, {hit.match})[/] {_snippet(hit.text)}", highlight=False)


def _service(url: str, api_key: str | None):  # noqa: ANN202 - HttpBackend is imported only here
    from evals.backends import HttpBackend

    return HttpBackend(url, api_key, timeout=120)


def _snippet(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def show(
    instrument: Annotated[str, typer.Argument(help="Id, short name or alias, e.g. UNTOC.")],
    article: Annotated[str | None, typer.Argument(help="Article, e.g. 18 or 5bis (or a report paragraph).")] = None,
    paragraph: Annotated[str | None, typer.Argument(help="Paragraph number.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (en, fr, nl).")] = None,
    api_key: KeyOption = None,
) -> None:
    """Print a provision as indexed: `palermo show UNTOC 18 15`."""
    from cli.runtime import components_or_service
    from corpora.errors import NotFoundError
    from corpora.settings import load_settings
    from retrieval.citations import normalise_article
    from retrieval.store import SearchFilter

    with clean_errors(), components_or_service(load_settings()) as opened:
        if isinstance(opened, str):  # the running service holds the index
            _show_through_service(_service(opened, api_key), instrument, article, paragraph, language)
            return
        found = opened.registry.resolve(instrument)
        flt = SearchFilter(instrument_ids=(found.id,), languages=(language,) if language else ())
        if article and found.kind == "report":
            flt = SearchFilter(instrument_ids=(found.id,), paragraphs=(article,))
        elif article:
            flt = SearchFilter(instrument_ids=(found.id,), articles=(normalise_article(article),),
                               paragraphs=(paragraph,) if paragraph else (), languages=flt.languages)
        hits = sorted(opened.store.lookup(flt, limit=2000), key=lambda h: (h.payload["language"], h.payload["order"], h.payload["part"]))
        if not hits:
            raise NotFoundError(f"{found.short_name} {article or ''} {paragraph or ''}: not in the index".strip())
        for hit in hits if article else hits[:40]:
            payload = hit.payload
            _print_provision(payload["label"], payload["language"], payload.get("article_heading"), payload["text"])


def _show_through_service(service, instrument: str, article: str | None, paragraph: str | None,  # noqa: ANN001
                          language: str | None) -> None:
    """`show` over the API: an article in its languages, or the instrument's list of articles."""
    from corpora.errors import NotFoundError

    name = urllib.parse.quote(instrument, safe="")
    if article is None:
        detail = service.request_json(f"/v1/instruments/{name}")
        for entry in detail["articles"]:
            console.print(f"[bold cyan]{entry['label']}[/] {entry.get('heading') or ''} "
                          f"[dim]({', '.join(entry['languages'])})[/]", highlight=False)
        return
    view = service.request_json(f"/v1/instruments/{name}/articles/{urllib.parse.quote(article, safe='')}")
    shown = 0
    for version in view["versions"]:
        if language and version["language"] != language:
            continue
        for provision in version["provisions"]:
            if paragraph and provision["paragraph"] != paragraph:
                continue
            _print_provision(provision["label"], version["language"], version.get("heading"), provision["text"])
            shown += 1
    if not shown:
        raise NotFoundError(f"{view['instrument_short']} {article} {paragraph or ''}: not in the index".strip())


def _print_provision(label: str, language: str, heading: str | None, text: str) -> None:
    console.print(f"[bold cyan]{label}[/] [dim]({language})[/] {heading or ''}", highlight=False)
    console.print(text, highlight=False, markup=False)
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
