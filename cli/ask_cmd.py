"""`palermo ask` (one question) and `palermo chat` (a conversation that keeps its history)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from cli.runtime import KeyOption, clean_errors
from corpora.errors import PalermoError

if TYPE_CHECKING:
    from service.answering.records import Turn

console = Console()
AskFunction = Callable[[str, "list[Turn]"], dict]
ApiOption = Annotated[str | None, typer.Option(help="Ask a running palermo service (e.g. http://127.0.0.1:8000) "
                                                    "instead of opening the index in this process.")]
ModeOption = Annotated[str, typer.Option(help="extractive (default) or generative (needs an LLM).")]
InstrumentOption = Annotated[list[str] | None, typer.Option(help="Restrict to instruments (id or name).")]


@contextlib.contextmanager
def answering(api: str | None, api_key: str | None, mode: str, instruments: list[str] | None) -> Iterator[AskFunction]:
    """A function question+history -> answer payload, in process or over HTTP (heavy imports here:
    ``palermo --help`` stays quick)."""
    from cli.runtime import components_or_service
    from corpora.settings import load_settings
    from evals.backends import HttpBackend
    from retrieval.setup import build_retriever
    from service.answering.factory import build_answerer
    from service.answering.payload import answer_payload
    from service.answering.records import AnswerFilters, AnswerRequest
    from service.translation import Translator

    if mode not in ("extractive", "generative"):
        raise typer.BadParameter("choose extractive or generative", param_hint="--mode")
    filters = AnswerFilters(instruments=tuple(instruments or ()))
    with contextlib.ExitStack() as stack:
        settings = load_settings()
        opened = api or stack.enter_context(components_or_service(settings))
        if isinstance(opened, str):  # --api, or the running service that holds the index
            service = HttpBackend(opened, api_key, timeout=300)
            yield lambda question, history: service.request_json("/v1/ask", {
                "question": question, "mode": mode, "filters": {"instruments": list(filters.instruments)},
                "history": [{"role": t.role, "content": t.content} for t in history]})
            return
        retriever = build_retriever(settings, opened.store, opened.encoder, opened.registry)
        answerer = build_answerer(settings, retriever, opened.registry, Translator(settings))
        yield lambda question, history: answer_payload(
            answerer.ask(AnswerRequest(question, tuple(history), filters, mode)))  # type: ignore[arg-type]


def print_answer(payload: dict) -> None:
    """The answer as rendered Markdown, with the abstention made visible."""
    from rich.markdown import Markdown

    if payload["abstained"]:
        console.print("[bold yellow]The sources in the corpus do not address this.[/]")
    console.print(Markdown(payload["answer"]))
    verifier = payload.get("verifier") or {}
    if verifier:
        console.print(f"[dim]verifier: {verifier}[/]")


def ask(
    question: Annotated[str, typer.Argument(help="The question, in any language.")],
    mode: ModeOption = "extractive", instrument: InstrumentOption = None, api: ApiOption = None,
    api_key: KeyOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole answer as JSON.")] = False,
) -> None:
    """Answer one question with pinpoint citations (or say the sources do not address it)."""
    with clean_errors(), answering(api, api_key, mode, instrument) as answer:
        payload = answer(question, [])
        if as_json:
            typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            print_answer(payload)


def chat(
    mode: ModeOption = "extractive", instrument: InstrumentOption = None, api: ApiOption = None,
    api_key: KeyOption = None,
) -> None:
    """An interactive conversation: follow-up questions use the earlier turns. Empty line or Ctrl-D ends it."""
    from service.answering.records import Turn

    history: list[Turn] = []
    with clean_errors(), answering(api, api_key, mode, instrument) as answer:
        console.print("[dim]palermo chat: ask a question; follow-ups use the conversation. Empty line or Ctrl-D quits.[/]")
        while True:
            try:
                question = console.input("[bold green]you>[/] ").strip()
            except EOFError:
                break
            if not question:
                break
            try:
                payload = answer(question, history)
            except PalermoError as exc:  # a bad question must not end the conversation
                console.print(f"[bold red]error:[/] {exc.detail}")
                continue
            print_answer(payload)
            history += [Turn("user", question), Turn("assistant", _plain(payload))]


def _plain(payload: dict) -> str:
    """What the assistant said, as history for the next turn (sentences without the quotes)."""
    return " ".join(sentence["text"] for sentence in payload["sentences"])[:4000]
