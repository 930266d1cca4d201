"""The `palermo` command line."""

from __future__ import annotations

import typer

from cli.ingest_cmd import ingest
from cli.search_cmd import corpus_app, search, show

app = typer.Typer(
    help="palermo: offline legal assistant for international cooperation in criminal matters.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command()(ingest)
app.command()(search)
app.command()(show)
app.add_typer(corpus_app, name="corpus")

if __name__ == "__main__":
    app()
