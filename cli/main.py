"""The `palermo` command line."""

from __future__ import annotations

import typer

from cli.ask_cmd import ask, chat
from cli.draft_cmd import draft
from cli.eval_cmd import eval_app
from cli.ingest_cmd import ingest
from cli.search_cmd import corpus_app, search, show
from cli.serve_cmd import serve
from cli.snapshot_cmd import snapshot_app
from cli.translate_cmd import translate_app
from cli.ui_cmd import ui

app = typer.Typer(
    help="palermo: offline legal assistant for international cooperation in criminal matters.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command()(ingest)
app.command()(search)
app.command()(show)
app.command()(ask)
app.command()(chat)
app.command()(draft)
app.command()(serve)
app.command()(ui)
app.add_typer(corpus_app, name="corpus")
app.add_typer(eval_app, name="eval")
app.add_typer(translate_app, name="translate")
app.add_typer(snapshot_app, name="snapshot")

if __name__ == "__main__":
    app()
