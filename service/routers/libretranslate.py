"""LibreTranslate's API at the root path, so tools built for it work against palermo unchanged.

``POST /translate``, ``/detect``, ``/translate_file``, ``GET /languages``,
``/frontend/settings``, ``/download_file/{name}`` and ``/health`` read their parameters
where LibreTranslate reads them (JSON, url-encoded or multipart bodies, the query string;
see ``service/libretranslate/params.py``) and answer in its shapes, errors included
(``{"error": ...}``, 400/403/429). The work is palermo's translator: the configured
termbases are enforced, routes through English are used. ``/languages``,
``/frontend/settings`` and ``/health`` are open, as in LibreTranslate; the others take an
API key when keys are configured (``service/libretranslate/access.py``). palermo's own
API stays under ``/v1``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from corpora.errors import PalermoError
from service.deps import get_state
from service.libretranslate import files
from service.libretranslate.access import check_key
from service.libretranslate.languages import frontend_settings, language_list
from service.libretranslate.params import LibreTranslateError, Params, error_response, missing, read_params
from service.routers.translate import read_upload
from service.translation import TranslationResult, Translator
from service.translation.documents import MEDIA_TYPES

router = APIRouter(tags=["LibreTranslate-compatible"])
BODY_PATHS = frozenset({"/translate", "/detect", "/translate_file"})  # a body over the limit is a 413 {"error": ...} here
NO_DETECTION = {"confidence": 0.0, "language": "en"}  # what LibreTranslate answers for text it cannot place
_TEXT = {"type": "string"}
_FORM_FIELDS = {
    "q": {"description": "Text to translate (JSON: a string or a list of strings)."},
    "source": {"type": "string", "description": "Source language code, or auto.", "example": "auto"},
    "target": {"type": "string", "description": "Target language code.", "example": "en"},
    "format": {"type": "string", "enum": ["text", "html"], "default": "text"},
    "alternatives": {"type": "integer", "default": 0, "description": "Alternatives wanted (palermo returns none)."},
    "api_key": {"type": "string", "description": "API key (or the X-API-Key header)."},
}


def _body(required: list[str], fields: dict[str, dict]) -> dict:
    schema = {"type": "object", "required": required, "properties": fields}
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema}, "application/x-www-form-urlencoded": {"schema": schema}}}}


def _translator(request: Request) -> Translator:
    return get_state(request).translator


async def _answer(request: Request, work: Callable[[Params], Awaitable[Response | object]], keyed: bool = True) -> Response:
    """Read the parameters, check the key and the limit, run ``work``; every error in LibreTranslate's shape."""
    try:
        params = await read_params(request)
        if keyed:
            settings = request.app.state.settings
            key = check_key(request, params, settings)
            request.app.state.libretranslate_limiter.hit(key or (request.client.host if request.client else "?"))
        result = await work(params)
    except (LibreTranslateError, PalermoError) as exc:
        return error_response(exc)
    return result if isinstance(result, Response) else JSONResponse(result)


def _required_text(params: Params, name: str) -> str:
    value = params.text(name)
    if not value:
        raise missing(name)
    return value


def _alternatives(raw: object) -> int:
    try:
        return max(0, int(raw or 0))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise LibreTranslateError(400, "Invalid request: alternatives parameter is not a number") from None


def _detected(result: TranslationResult) -> dict[str, object]:
    return result.detected.as_dict() if result.detected else dict(NO_DETECTION)


def _translate(translator: Translator, params: Params) -> dict[str, object]:
    q = params.get("q")
    if not q:
        raise missing("q")
    source, target = _required_text(params, "source"), _required_text(params, "target")
    alternatives = _alternatives(params.get("alternatives"))
    if isinstance(q, str) and not params.is_json:
        q = "\n".join(q.splitlines())
    batch = isinstance(q, list)
    texts = q if isinstance(q, list) else [q]
    if not all(isinstance(text, str) for text in texts):
        raise LibreTranslateError(400, "Invalid request: q must be a text or a list of texts")
    text_format = params.text("format") or "text"
    if text_format not in ("text", "html"):
        raise LibreTranslateError(400, f"{text_format} format is not supported")
    if text_format == "html":
        results = [translator.translate_html(text, source, target) for text in texts]
    else:
        results = translator.translate_texts(texts, source, target)
    body: dict[str, object] = {"translatedText": [r.text for r in results] if batch else results[0].text}
    if source == "auto":
        detected = [_detected(r) for r in results]
        body["detectedLanguage"] = detected if batch else detected[0]
    if alternatives:
        body["alternatives"] = [[] for _ in results] if batch else []
    return body


@router.post("/translate", openapi_extra=_body(["q", "source", "target"], _FORM_FIELDS))
async def translate(request: Request) -> Response:
    """Translate text or HTML (a string, or a list of strings), the configured termbases enforced."""
    translator = _translator(request)
    return await _answer(request, lambda params: run_in_threadpool(_translate, translator, params))


def _detect(translator: Translator, params: Params) -> list[dict[str, object]]:
    q = params.get("q")
    if not q:
        raise missing("q")
    if isinstance(q, list) and all(isinstance(text, str) for text in q):
        q = "\n".join(q)
    if not isinstance(q, str):
        raise LibreTranslateError(400, "Invalid request: q must be a text or a list of texts")
    candidates = [str(item["code"]) for item in language_list(translator)] or None
    return [detection.as_dict() for detection in translator.detect(q, candidates)]


@router.post("/detect", openapi_extra=_body(["q"], {"q": _TEXT, "api_key": _FORM_FIELDS["api_key"]}))
async def detect(request: Request) -> Response:
    """The most likely languages of the text, among the installed ones: ``[{"confidence", "language"}]``."""
    translator = _translator(request)
    return await _answer(request, lambda params: run_in_threadpool(_detect, translator, params))


def _translate_file(request: Request, translator: Translator, params: Params) -> dict[str, str]:
    upload = params.files.get("file")
    if upload is None:
        raise missing("file")
    source, target = _required_text(params, "source"), _required_text(params, "target")
    if not upload.filename:
        raise LibreTranslateError(400, "Invalid request: empty file")
    if Path(upload.filename).suffix.lower() not in MEDIA_TYPES:
        raise LibreTranslateError(400, "Invalid request: file format not supported")
    done = translator.translate_document(read_upload(upload, request), upload.filename, source, target)
    name = files.store(request.app.state.settings.translated_files_dir, done.filename, done.content)
    return {"translatedFileUrl": str(request.url_for("libretranslate_download_file", filename=name))}


_FILE_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "source", "target"],
    "properties": {"file": {"type": "string", "format": "binary"}, "source": _FORM_FIELDS["source"],
                   "target": _FORM_FIELDS["target"], "api_key": _FORM_FIELDS["api_key"]}}}}}}


@router.post("/translate_file", openapi_extra=_FILE_BODY)
async def translate_file(request: Request) -> Response:
    """Translate a .txt, .md, .html or .docx file; the answer is the URL to download it from (kept 30 minutes)."""
    translator = _translator(request)
    return await _answer(request, lambda params: run_in_threadpool(_translate_file, request, translator, params))


@router.get("/download_file/{filename}", name="libretranslate_download_file")
async def download_file(request: Request, filename: str) -> Response:
    """A file translated by ``/translate_file`` (its name is the unguessable part of the URL)."""
    folder = request.app.state.settings.translated_files_dir

    async def work(_: Params) -> Response:
        content, download_name = await run_in_threadpool(files.load, folder, filename)
        media_type = MEDIA_TYPES.get(Path(download_name).suffix.lower(), "application/octet-stream")
        return Response(content, media_type=media_type,
                        headers={"Content-Disposition": f'attachment; filename="{download_name}"'})

    return await _answer(request, work, keyed=False)


@router.get("/languages")
async def languages(request: Request) -> Response:
    """Installed languages: ``[{"code", "name", "targets"}]`` (targets through English included)."""
    translator = _translator(request)

    async def work(_: Params) -> list[dict[str, object]]:
        return await run_in_threadpool(language_list, translator)

    return await _answer(request, work, keyed=False)


@router.get("/frontend/settings")
async def frontend(request: Request) -> Response:
    """What LibreTranslate's web client reads at start (limits, key policy, file formats, languages)."""
    translator, settings = _translator(request), request.app.state.settings

    async def work(_: Params) -> dict[str, object]:
        return await run_in_threadpool(frontend_settings, translator, settings)

    return await _answer(request, work, keyed=False)


@router.get("/health")
def health() -> dict[str, str]:
    """LibreTranslate's liveness probe."""
    return {"status": "ok"}
