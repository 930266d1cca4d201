"""`palermo draft`: a request for mutual legal assistance or extradition, its legal basis and cited checklist."""

from __future__ import annotations

import base64
import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.runtime import clean_errors

console = Console()


class KindChoice(str, Enum):
    mla = "mla"
    extradition = "extradition"


class MeasureChoice(str, Enum):  # the keys of service.drafting.inputs.MEASURES (not imported: --help stays quick)
    bank_records = "bank_records"
    witness_hearing = "witness_hearing"
    search_seizure = "search_seizure"
    electronic_evidence = "electronic_evidence"
    freezing = "freezing"
    service_of_documents = "service_of_documents"


class PurposeChoice(str, Enum):
    prosecution = "prosecution"
    enforcement = "enforcement"


def _body(requesting: str, requested: str, kind: KindChoice, measures: list[MeasureChoice] | None,
          purpose: PurposeChoice, offence: str, facts: str, urgent: bool, urgency_reason: str, authority: str,
          language: str | None, basis: list[str] | None) -> dict:
    """The inputs as the API's JSON body (one shape for in process and --api)."""
    return {"requesting_state": requesting, "requested_state": requested,
            "kind": "mutual_legal_assistance" if kind is KindChoice.mla else "extradition",
            "measures": [m.value for m in measures or ()], "extradition_purpose": purpose.value, "offence": offence,
            "facts": facts, "urgent": urgent, "urgency_reason": urgency_reason, "requesting_authority": authority,
            "target_language": language, "basis": list(basis or ())}


def _draft(body: dict, api: str | None, api_key: str | None) -> dict:
    """Draft in this process over the local index, or through --api (or the running service that holds the
    index). Heavy imports here: ``palermo --help`` stays quick."""
    from pydantic import ValidationError

    from cli.runtime import components_or_service
    from corpora.errors import InvalidRequestError
    from corpora.registry import load_registry
    from corpora.settings import load_settings
    from evals.backends import HttpBackend
    from retrieval.setup import build_retriever
    from service.drafting import Drafter
    from service.drafting.drafter import resolve_states
    from service.drafting.payload import draft_payload
    from service.drafting.render import check_template
    from service.drafting.schemas import DraftRequest
    from service.translation import Translator

    if api:
        return HttpBackend(api, api_key, timeout=300).request_json("/v1/drafts", body)
    settings = load_settings()
    try:
        inputs = DraftRequest.model_validate(body).to_inputs()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidRequestError(problems) from None
    resolve_states(inputs, load_registry(settings))  # the States and the template first: no index opened for a typo
    check_template(settings.draft_template)
    with components_or_service(settings) as opened:
        if isinstance(opened, str):  # the running service that holds the index
            return HttpBackend(opened, api_key, timeout=300).request_json("/v1/drafts", body)
        retriever = build_retriever(settings, opened.store, opened.encoder, opened.registry)
        drafter = Drafter(retriever, opened.registry, settings.draft_template, Translator(settings))
        return draft_payload(drafter.draft(inputs))


def print_draft(payload: dict) -> None:
    """Legal basis, then the checklist with its filled / missing marks, then the warnings."""
    from rich.markup import escape

    basis = payload["legal_basis"]
    console.print(f"[bold]Legal basis: {payload['requesting_state']} -> {payload['requested_state']}[/]")
    if basis["no_bilateral"]:
        console.print(f"  {escape(basis['no_bilateral'])}")
    for entry in basis["entries"]:
        chosen = "*" if entry["chosen"] else " "
        console.print(f" {chosen} {entry['kind']}: {escape(entry['title'])} ({escape(entry['label'])})", highlight=False)
    console.print(f"  [yellow]{escape(basis['warning'])}[/]")
    console.print("  (* = drawn on for the checklist)")
    console.print(f"\n[bold]Checklist[/] ({payload['missing']} missing)")
    for item in payload["checklist"]:
        mark = "[green]\\[x] filled [/]" if item["status"] == "filled" else "[red]\\[ ] MISSING[/]"
        note = f" [dim]missing: {escape('; '.join(item['missing']))}[/]" if item["missing"] else ""
        optional = " [dim](optional)[/]" if item["optional"] else ""
        console.print(f" {mark} {escape(item['text'])} ({escape(item['label'])}){optional}{note}", highlight=False)
    for warning in payload["warnings"]:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
    translation = payload.get("translation")
    if translation and translation["glossary_fixed"]:
        fixed = ", ".join(f"{t['source']} -> {t['target']}" for t in translation["glossary_fixed"])
        console.print(f"glossary terms fixed in the {translation['language']} translation: {escape(fixed)}", highlight=False)


def _write(document: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(document["base64"]))
    return path


def draft(
    requesting: Annotated[str, typer.Option("--from", help="Requesting State, e.g. Netherlands.")],
    requested: Annotated[str, typer.Option("--to", help="Requested State, e.g. 'Hong Kong'.")],
    kind: Annotated[KindChoice, typer.Option(help="mla (mutual legal assistance) or extradition.")] = KindChoice.mla,
    measure: Annotated[list[MeasureChoice] | None, typer.Option(help="MLA measure sought (repeat the option).")] = None,
    purpose: Annotated[PurposeChoice, typer.Option(help="Extradition for prosecution or for enforcement of a sentence.")]
    = PurposeChoice.prosecution,
    offence: Annotated[str, typer.Option(help="The offence, its legal provision and penalty.")] = "",
    facts: Annotated[str, typer.Option(help="The facts (or --facts-file).")] = "",
    facts_file: Annotated[Path | None, typer.Option(exists=True, dir_okay=False, help="A text file with the facts.")] = None,
    urgent: Annotated[bool, typer.Option("--urgent", help="Mark the request urgent.")] = False,
    urgency_reason: Annotated[str, typer.Option(help="Why it is urgent, by when.")] = "",
    authority: Annotated[str, typer.Option(help="The requesting authority.")] = "",
    language: Annotated[str | None, typer.Option(help="Also translate the draft into this language (e.g. nl).")] = None,
    basis: Annotated[list[str] | None, typer.Option(help="Instrument to draw the checklist from (repeat; default: found).")]
    = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the .docx draft.")] = Path("draft-request.docx"),
    api: Annotated[str | None, typer.Option(help="Draft with a running palermo service instead of the local index.")] = None,
    api_key: Annotated[str | None, typer.Option(envvar="PALERMO_API_KEY", help="API key for --api.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the legal basis and checklist as JSON.")] = False,
) -> None:
    """Draft a request: legal basis between the two States, the checklist (each item cited, filled or missing
    from the facts given) and a .docx draft from the template (PALERMO_DRAFT_TEMPLATE)."""
    with clean_errors():
        if facts_file is not None:
            facts = facts_file.read_text(encoding="utf-8", errors="replace")
        body = _body(requesting, requested, kind, measure, purpose, offence, facts, urgent, urgency_reason, authority,
                     language, basis)
        payload = _draft(body, api, api_key)
        written = [_write(payload["document"], out)]
        if payload.get("translation"):
            translated = payload["translation"]
            written.append(_write(translated["document"], out.with_name(f"{out.stem}.{translated['language']}.docx")))
        if as_json:
            for document in [payload["document"]] + ([payload["translation"]["document"]] if payload.get("translation") else []):
                document["base64"] = ""
                document["path"] = str(written.pop(0))
            typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        print_draft(payload)
        for path in written:
            console.print(f"wrote {path}", highlight=False)
