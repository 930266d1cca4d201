"""`palermo translate TEXT|FILE --to LANG`, `palermo translate install PATH|PAIR`, `palermo translate packages`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from typer.core import TyperGroup

from cli.glossary_cmd import glossary_app
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
                            "palermo translate install FILE|FOLDER|PAIR  ·  palermo translate packages  ·  "
                            "palermo translate glossary import|export|list")
packages_app = typer.Typer(help="Translation packages: installed, and available from the package index.")
translate_app.add_typer(packages_app, name="packages")
translate_app.add_typer(glossary_app, name="glossary")


@translate_app.command("run", hidden=True)
def translate(
    text_or_file: Annotated[str, typer.Argument(metavar="TEXT|FILE", help="Text, or a .txt/.md/.html/.docx file.")],
    to: Annotated[str, typer.Option("--to", "-t", help="Target language code, e.g. en.")],
    source: Annotated[str, typer.Option("--from", "-f", help="Source language code, or auto.")] = "auto",
    glossary: Annotated[Path | None, typer.Option(help="Extra termbase (.toml, .csv or .tbx) for this run.")] = None,
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


def _install(target: str) -> None:
    """Install from a local file or folder, or a pair from the configured index."""
    from corpora.errors import PackageRejectedError
    from corpora.settings import load_settings
    from service.translation import Translator

    settings = load_settings()
    translator = Translator(settings)
    path = Path(target)
    if path.exists():
        installed = translator.install_packages(path)
    else:
        from service.translation.package_index import install_from_index, parse_pair

        pair = parse_pair(target)
        if pair is None:
            raise PackageRejectedError(f"{target} is not a file or folder, nor a language pair like nl-en")
        if not settings.argos_index_url:
            raise PackageRejectedError(f"{target} is not a local file or folder; to install the pair {pair[0]}->{pair[1]} "
                                       "from a package index, set PALERMO_ARGOS_INDEX_URL")
        installed = [install_from_index(_index(settings), *pair, work_dir=settings.data_dir,
                                        install=translator.install_package)]
    for pkg in installed:
        console.print(f"installed {pkg.pair} ({pkg.from_name} -> {pkg.to_name}) version {pkg.version or '?'} "
                      f"into {pkg.path}", highlight=False)


def _index(settings):  # noqa: ANN001, ANN202 - imported on use
    from service.translation.package_index import PackageIndex

    return PackageIndex(settings.argos_index_url, settings.argos_index_timeout)


@translate_app.command("install")
def install(target: Annotated[str, typer.Argument(metavar="PATH|PAIR", help="An .argosmodel file, a folder of them, "
                                                 "or a pair such as nl-en from PALERMO_ARGOS_INDEX_URL.")]) -> None:
    """Install translation packages from a FILE, a FOLDER or the package index (PAIR).

    A local .argosmodel FILE, a FOLDER of them (all checked before any is installed), or a PAIR
    such as nl-en from PALERMO_ARGOS_INDEX_URL, its sha256 checked before anything is installed."""
    with clean_errors():
        _install(target)


@packages_app.command("install", hidden=True)
def install_package(target: Annotated[str, typer.Argument(metavar="PATH|PAIR")]) -> None:
    """Same as `palermo translate install`."""
    with clean_errors():
        _install(target)


def _list_packages(use_index: bool) -> None:
    from corpora.settings import load_settings
    from service.translation import Translator

    settings = load_settings()
    translator = Translator(settings)
    packages = translator.installed_packages()
    if not packages:
        console.print(f"no translation package installed in {translator.packages_dir}; "
                      "install one with `palermo translate install FILE|FOLDER|PAIR`", highlight=False)
    for pkg in packages:
        console.print(f"{pkg.pair}  {pkg.from_name} -> {pkg.to_name}  version {pkg.version or '?'}  ({pkg.path.name})",
                      highlight=False)
    for info in translator.languages():
        pivots = sorted(set(info.targets) - set(info.direct_targets))
        extra = f" (through English: {', '.join(pivots)})" if pivots else ""
        console.print(f"{info.code} -> {', '.join(info.direct_targets)}{extra}", highlight=False)
    if not use_index or not settings.argos_index_url:
        return
    installed = {(pkg.from_code, pkg.to_code): pkg.version for pkg in packages}
    entries = _index(settings).entries()
    console.print(f"available from {settings.argos_index_url}: {len(entries)} packages", highlight=False)
    for entry in entries:
        have = installed.get((entry.from_code, entry.to_code))
        status = f"installed {have}" if have is not None else "not installed"
        check = "" if entry.sha256 else "  (no sha256: cannot be installed)"
        console.print(f"  {entry.pair}  {entry.from_name} -> {entry.to_name}  version {entry.version or '?'}  "
                      f"({status}){check}", highlight=False, markup=False)


@packages_app.callback(invoke_without_command=True)
def packages(ctx: typer.Context,
             no_index: Annotated[bool, typer.Option("--no-index", help="Do not contact the package index.")] = False) -> None:
    """Installed packages, the language pairs they make possible, and what the package index offers
    (when PALERMO_ARGOS_INDEX_URL is set; the only network call palermo makes, on this command and install)."""
    if ctx.invoked_subcommand is None:
        with clean_errors():
            _list_packages(not no_index)


@packages_app.command("list", hidden=True)
def list_packages(no_index: Annotated[bool, typer.Option("--no-index")] = False) -> None:
    """Same as `palermo translate packages`."""
    with clean_errors():
        _list_packages(not no_index)


def _translator():  # noqa: ANN202 - the type lives in a module imported only here
    """The configured translator (imported on use: ``palermo --help`` stays quick)."""
    from corpora.settings import load_settings
    from service.translation import Translator

    return Translator(load_settings())
