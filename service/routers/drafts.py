"""POST /v1/drafts: a drafted request (legal basis, cited checklist, .docx), as JSON or as the .docx itself."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from service.deps import DrafterDep
from service.drafting import DOCX_MEDIA_TYPE
from service.drafting.payload import draft_payload
from service.drafting.schemas import DraftRequest, DraftResponse

router = APIRouter(prefix="/v1", tags=["drafts"])


@router.post("/drafts", response_model=DraftResponse, responses={
    200: {"content": {DOCX_MEDIA_TYPE: {}}, "description": "JSON (default), or the .docx itself when the request "
                                                            f"sends `Accept: {DOCX_MEDIA_TYPE}`"},
    413: {"description": "Body larger than PALERMO_MAX_REQUEST_BYTES"},
    422: {"description": "Unknown State (the nearest names suggested), invalid input, or a broken draft template"}})
def create_draft(body: DraftRequest, request: Request, drafter: DrafterDep) -> Response:
    """Draft a request for mutual legal assistance or extradition: the legal basis between the two States, the
    checklist of what the request must contain (each item cited, filled or missing), the .docx draft and, with
    `target_language`, its translation with the glossary enforced."""
    draft = drafter.draft(body.to_inputs())
    if DOCX_MEDIA_TYPE in request.headers.get("accept", ""):
        return Response(draft.content, media_type=DOCX_MEDIA_TYPE, headers={
            "Content-Disposition": f'attachment; filename="{draft.filename}"',
            "X-Palermo-Draft-Id": draft.id, "X-Palermo-Missing-Items": str(len(draft.missing))})
    return JSONResponse(DraftResponse.model_validate(draft_payload(draft)).model_dump(mode="json"))
