"""`palermo translate glossary import|export|list|remove`: the network's glossaries as TBX or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.runtime import clean_errors, err_console

console = Console()
glossary_app = typer.Typer(help="Glossaries (termbases) enforced in translation: import and export TBX or CSV.",
                           no_args_is_help=True)


def _translator():  # noqa: ANN202 - imported on use: `palermo --help` stays quick
    from corpora.settings import load_settings
    from service.translation import Translator

    return Translator(load_settings())


@glossary_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .tbx (TermBase eXchange) or .csv glossary.", exists=True, dir_okay=False)],
    name: Annotated[str | None, typer.Option(help="Name to store it under (default: the file name).")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an imported termbase of that name.")] = False,
) -> None:
    """Validate a glossary and enforce it in every translation from now on."""
    from service.translation.glossaries import import_glossary

    with clean_errors():
        done = import_glossary(_translator(), file.read_bytes(), file.name, name=name, replace=replace)
        verb = "replaced" if done.replaced else "imported"
        console.print(f"{verb} {done.termbase.name}: {len(done.termbase.entries)} entries in "
                      f"{', '.join(done.termbase.languages)} -> {done.path}", highlight=False)
        if done.skipped:
            err_console.print(f"[yellow]skipped {len(done.skipped)} entries with terms in fewer than two languages:[/] "
                              f"{', '.join(done.skipped[:20])}{' ...' if len(done.skipped) > 20 else ''}", highlight=False)


@glossary_app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="Termbase name (see `palermo translate glossary list`).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="tbx (TBX-Basic) or csv.")] = "tbx",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here (default: standard output).")] = None,
) -> None:
    """Write a termbase (built-in, configured or imported) as TBX or CSV."""
    from service.translation.glossaries import export_glossary

    with clean_errors():
        data = export_glossary(_translator(), name, fmt.lower())
        if out is None:
            typer.echo(data.decode("utf-8"), nl=False)
        else:
            out.write_bytes(data)
            err_console.print(f"wrote {name} as {fmt.lower()} to {out}", highlight=False)


@glossary_app.command("list")
def list_() -> None:
    """The termbases enforced in translation."""
    from service.translation.glossaries import list_termbases

    with clean_errors():
        for info in list_termbases(_translator()):
            console.print(f"{info.name}  ({info.origin}, {info.file})  {info.entries} entries  {', '.join(info.languages)}",
                          highlight=False, markup=False)


@glossary_app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="An imported termbase.")]) -> None:
    """Stop enforcing an imported termbase (delete its file)."""
    from service.translation.glossaries import remove_glossary

    with clean_errors():
        remove_glossary(_translator(), name)
        console.print(f"removed {name}", highlight=False)
