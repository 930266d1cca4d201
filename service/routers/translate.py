"""Translation endpoints (LibreTranslate-compatible in shape), offline with argostranslate."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from corpora.errors import PayloadTooLargeError
from corpora.termbase import Termbase, load_termbase
from service.deps import TranslatorDep
from service.security import AdminOnly
from service.translation.results import TranslationResult
from service.translation.schemas import (
    DetectionOut, DetectRequest, LanguageOut, PackageInstalledOut, PackageOut, TranslateRequest, TranslateResponse,
)

router = APIRouter(prefix="/v1", tags=["translate"])


def read_upload(upload: UploadFile, request: Request) -> bytes:
    """The uploaded bytes, or 413 with the limit."""
    limit = request.app.state.settings.max_upload_bytes
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLargeError(f"{upload.filename or 'the upload'} is larger than the limit of {limit} bytes "
                                   "(PALERMO_MAX_UPLOAD_BYTES)", limit_bytes=limit)
    return data


def _response(results: list[TranslationResult], single: bool) -> TranslateResponse:
    detected = [DetectionOut(**r.detected.as_dict()) if r.detected else None for r in results]
    applied = [term.as_dict() for r in results for term in r.applied]
    return TranslateResponse(
        translatedText=results[0].text if single else [r.text for r in results],
        detectedLanguage=detected[0] if single else (detected if any(detected) else None),
        appliedGlossary=applied, route=results[0].route if single else [r.route for r in results],
        warnings=[w for r in results for w in r.warnings],
    )


@router.post("/translate", response_model=TranslateResponse, response_model_exclude_none=True)
def translate(body: TranslateRequest, translator: TranslatorDep) -> TranslateResponse:
    """Translate text (or HTML) with the installed packages, the termbases enforced."""
    texts = [body.q] if isinstance(body.q, str) else list(body.q)
    options = {"glossary": body.glossary_termbase(), "use_termbases": body.use_termbases}
    if body.format == "html":
        results = [translator.translate_html(text, body.source, body.target, **options) for text in texts]
    else:
        results = translator.translate_texts(texts, body.source, body.target, **options)
    return _response(results, isinstance(body.q, str))


@router.post("/detect", response_model=list[DetectionOut])
def detect(body: DetectRequest, translator: TranslatorDep) -> list[DetectionOut]:
    """Most likely languages of the text (offline), best first."""
    return [DetectionOut(**d.as_dict()) for d in translator.detect(body.q)]


@router.get("/languages", response_model=list[LanguageOut])
def languages(translator: TranslatorDep) -> list[LanguageOut]:
    """Installed source languages and their targets (direct and through English)."""
    return [LanguageOut(**info.as_dict()) for info in translator.languages()]


@router.post("/translate/file")
def translate_file(
    request: Request, translator: TranslatorDep,
    file: Annotated[UploadFile, File(description=".txt, .md, .html or .docx")],
    target: Annotated[str, Form(description="Target language code.")],
    source: Annotated[str, Form(description="Source language code or 'auto'.")] = "auto",
    use_termbases: Annotated[bool, Form()] = True,
    glossary: Annotated[UploadFile | None, File(description="Extra termbase (.toml, .csv or .tbx).")] = None,
) -> Response:
    """Translate a document into the same format; structure (paragraphs, numbering, tables) kept."""
    data = read_upload(file, request)
    extra = _uploaded_termbase(glossary, request) if glossary is not None else None
    done = translator.translate_document(data, file.filename or "document.txt", source, target,
                                         glossary=extra, use_termbases=use_termbases)
    headers = {"Content-Disposition": f'attachment; filename="{done.filename}"',
               "X-Palermo-Source-Language": done.source,
               "X-Palermo-Applied-Glossary": ",".join(sorted({t.entry_id for t in done.applied}))[:2000]}
    return Response(done.content, media_type=done.media_type, headers=headers)


def _uploaded_termbase(upload: UploadFile, request: Request) -> Termbase:
    suffix = Path(upload.filename or "glossary.toml").suffix.lower() or ".toml"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"request-glossary{suffix}"
        path.write_bytes(read_upload(upload, request))
        return load_termbase(path)


@router.get("/translate/packages", response_model=list[PackageOut])
def list_packages(translator: TranslatorDep) -> list[PackageOut]:
    """Installed translation packages."""
    return [PackageOut(**pkg.as_dict()) for pkg in translator.installed_packages()]


@router.post("/translate/packages", response_model=PackageInstalledOut, dependencies=[AdminOnly])
def install_package(request: Request, translator: TranslatorDep,
                    file: Annotated[UploadFile, File(description="An .argosmodel package")]) -> PackageInstalledOut:
    """Install an uploaded .argosmodel (admin only); validated before anything is written."""
    data = read_upload(file, request)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "upload.argosmodel"
        archive.write_bytes(data)
        installed = translator.install_package(archive)
    return PackageInstalledOut(installed=PackageOut(**installed.as_dict()),
                               languages=[LanguageOut(**info.as_dict()) for info in translator.languages()])
