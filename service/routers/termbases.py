"""The termbases (glossaries) enforced in translation: list, export as TBX or CSV, import, remove (admin)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from corpora.termbase_store import EXPORT_FORMATS
from service.deps import TranslatorDep
from service.routers.translate import read_upload
from service.security import AdminOnly
from service.translation.glossaries import export_glossary, import_glossary, list_termbases, remove_glossary

router = APIRouter(prefix="/v1/termbases", tags=["termbases"])


class TermbaseOut(BaseModel):
    name: str
    origin: Literal["built-in", "configured", "imported"]
    languages: list[str]
    entries: int
    file: str


class TermbaseImportedOut(BaseModel):
    name: str
    entries: int
    languages: list[str]
    skipped: list[str]
    replaced: bool


@router.get("", response_model=list[TermbaseOut])
def termbases(translator: TranslatorDep) -> list[TermbaseOut]:
    """Every termbase enforced in translation (built-in, configured, imported)."""
    return [TermbaseOut(**info.as_dict()) for info in list_termbases(translator)]


@router.get("/{name}", response_class=Response, responses={200: {"content": {"application/x-tbx+xml": {}, "text/csv": {}}}})
def export(name: str, translator: TranslatorDep,
           format: Annotated[Literal["tbx", "csv"], Query(description="tbx (TBX-Basic) or csv")] = "tbx") -> Response:  # noqa: A002
    """A termbase as a TBX-Basic or CSV file."""
    media_type, suffix = EXPORT_FORMATS[format]
    return Response(export_glossary(translator, name, format), media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}{suffix}"'})


@router.post("", response_model=TermbaseImportedOut, dependencies=[AdminOnly])
def import_(request: Request, translator: TranslatorDep,
            file: Annotated[UploadFile, File(description="A .tbx or .csv glossary")],
            name: Annotated[str | None, Form(description="Name to store it under (default: the file name)")] = None,
            replace: Annotated[bool, Form(description="Replace an imported termbase of that name")] = False,
            ) -> TermbaseImportedOut:
    """Import a TBX or CSV glossary (admin only); enforced in translation from the next request on."""
    done = import_glossary(translator, read_upload(file, request), file.filename or "glossary.tbx", name=name,
                           replace=replace)
    return TermbaseImportedOut(name=done.termbase.name, entries=len(done.termbase.entries),
                               languages=list(done.termbase.languages), skipped=done.skipped, replaced=done.replaced)


@router.delete("/{name}", status_code=204, dependencies=[AdminOnly])
def remove(name: str, translator: TranslatorDep) -> Response:
    """Remove an imported termbase (admin only)."""
    remove_glossary(translator, name)
    return Response(status_code=204)
