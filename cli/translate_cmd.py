"""`palermo translate TEXT|FILE --to LANG` and `palermo translate packages install|list`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from typer.core import TyperGroup

from cli.runtime import clean_errors, err_console

console = Console()


class _TextOrSubcommand(TyperGroup):
    """`palermo translate "text" --to en` runs the hidden `run` command; `packages ...` stays a subcommand."""

    def parse_args(self, ctx, args):  # type: ignore[no-untyped-def]
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


translate_app = typer.Typer(cls=_TextOrSubcommand, no_args_is_help=True,
                            help="Translate text or a document offline (argostranslate, legal termbases enforced).\n\n"
                            "palermo translate TEXT|FILE --to LANG [--from auto] [--glossary FILE] [--out FILE] "
                            "[--no-termbase] [--json]\n\n"
                            "palermo translate packages install FILE.argosmodel | list")
packages_app = typer.Typer(help="Translation packages installed from local .argosmodel files.", no_args_is_help=True)
translate_app.add_typer(packages_app, name="packages")


@translate_app.command("run", hidden=True)
def translate(
    text_or_file: Annotated[str, typer.Argument(metavar="TEXT|FILE", help="Text, or a .txt/.md/.html/.docx file.")],
    to: Annotated[str, typer.Option("--to", "-t", help="Target language code, e.g. en.")],
    source: Annotated[str, typer.Option("--from", "-f", help="Source language code, or auto.")] = "auto",
    glossary: Annotated[Path | None, typer.Option(help="Extra termbase (.toml or .csv) for this run.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the result here.")] = None,
    no_termbase: Annotated[bool, typer.Option("--no-termbase", help="Do not enforce the configured termbases.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Text mode: print the result as JSON.")] = False,
) -> None:
    """Translate TEXT (or the FILE it names) into the --to language."""
    from corpora.termbase import load_termbase
    from service.translation.documents import MEDIA_TYPES

    with clean_errors():
        translator = _translator()
        extra = load_termbase(glossary) if glossary else None
        path = Path(text_or_file)
        if path.suffix.lower() in MEDIA_TYPES and path.is_file():
            done = translator.translate_document(path.read_bytes(), path.name, source, to, glossary=extra,
                                                 use_termbases=not no_termbase)
            target = out or path.with_name(done.filename)
            target.write_bytes(done.content)
            err_console.print(f"{path.name} ({done.source}) -> {target} ({to}): {done.segments} segments, "
                              f"{sum(t.count for t in done.applied)} glossary terms applied", highlight=False)
            for warning in done.warnings:
                err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
            return
        result = translator.translate_text(text_or_file, source, to, glossary=extra, use_termbases=not no_termbase)
        if as_json:
            body = {"translatedText": result.text, "source": result.source, "route": result.route,
                    "applied": [t.as_dict() for t in result.applied], "warnings": result.warnings}
            typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        elif out:
            out.write_text(result.text, encoding="utf-8")
        else:
            typer.echo(result.text)
        if not as_json and result.applied:
            terms = ", ".join(f"{t.source_term} -> {t.target_term}" for t in result.applied)
            err_console.print(f"[dim]glossary: {terms}[/]", highlight=False)


@packages_app.command("install")
def install(archive: Annotated[Path, typer.Argument(help="A local .argosmodel file.", exists=True, dir_okay=False)]) -> None:
    """Install a translation package from a local .argosmodel file (never from the network)."""
    with clean_errors():
        installed = _translator().install_package(archive)
        console.print(f"installed {installed.pair} ({installed.from_name} -> {installed.to_name}) "
                      f"version {installed.version or '?'} into {installed.path}", highlight=False)


@packages_app.command("list")
def list_packages() -> None:
    """Installed packages and the language pairs they make possible (through English too)."""
    with clean_errors():
        translator = _translator()
        packages = translator.installed_packages()
        if not packages:
            console.print(f"no translation package installed in {translator.packages_dir}; "
                          "install one with `palermo translate packages install FILE.argosmodel`", highlight=False)
            return
        for pkg in packages:
            console.print(f"{pkg.pair}  {pkg.from_name} -> {pkg.to_name}  version {pkg.version or '?'}  ({pkg.path.name})",
                          highlight=False)
        for info in translator.languages():
            pivots = sorted(set(info.targets) - set(info.direct_targets))
            extra = f" (through English: {', '.join(pivots)})" if pivots else ""
            console.print(f"{info.code} -> {', '.join(info.direct_targets)}{extra}", highlight=False)


def _translator():  # noqa: ANN202 - the type lives in a module imported only here
    """The configured translator (imported on use: ``palermo --help`` stays quick)."""
    from corpora.settings import load_settings
    from service.translation import Translator

    return Translator(load_settings())
