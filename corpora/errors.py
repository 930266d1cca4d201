"""The one exception tree of palermo.

Every domain error derives from :class:`PalermoError` and carries an HTTP-like
``status`` and a stable machine ``code``. The CLI turns them into one clean
line and a non-zero exit; the HTTP layer renders them as RFC 9457
problem+json. Nothing else should be raised across package boundaries.
"""

from __future__ import annotations


class PalermoError(Exception):
    """Root of all palermo errors."""

    status: int = 500
    code: str = "palermo-error"
    title: str = "palermo error"

    def __init__(self, detail: str, **context: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context = context


class ConfigurationError(PalermoError):
    """A setting is missing or points at something that does not exist."""

    status = 500
    code = "configuration-error"
    title = "Configuration error"


class CorpusError(PalermoError):
    """The corpus or one of its manifests cannot be read."""

    status = 500
    code = "corpus-error"
    title = "Corpus error"


class DocumentError(PalermoError):
    """A source document is empty, corrupt or of an unsupported format."""

    status = 422
    code = "document-error"
    title = "Unreadable document"


class UnsafeFileError(DocumentError):
    """A file is refused unread: a zip bomb, an XML DTD or entity, a path-like name, over a size or page limit."""

    code = "unsafe-file"
    title = "File refused"


class NotFoundError(PalermoError):
    """An instrument, article or paragraph is not in the corpus or the index."""

    status = 404
    code = "not-found"
    title = "Not found"


class InvalidRequestError(PalermoError):
    """The caller's input is malformed (empty question, unknown filter, ...)."""

    status = 422
    code = "invalid-request"
    title = "Invalid request"


class StoreError(PalermoError):
    """The vector store cannot be opened or queried."""

    status = 503
    code = "store-unavailable"
    title = "Vector store unavailable"


class StoreLockedError(StoreError):
    """The embedded store is held by another process."""

    code = "store-locked"
    title = "Vector store in use by another process"


class SnapshotError(PalermoError):
    """A snapshot is missing, damaged or does not match its manifest; the live index is left as it was."""

    status = 422
    code = "bad-snapshot"
    title = "Snapshot refused"


class ModelError(PalermoError):
    """A local model (embedding, LLM, translation) is missing or failed to load."""

    status = 503
    code = "model-unavailable"
    title = "Model unavailable"


class DatasetError(InvalidRequestError):
    """A question set is missing, empty or has a bad line."""

    code = "bad-dataset"
    title = "Bad question set"


class AnswerModeUnavailableError(InvalidRequestError):
    """Answer mode needs the answering service, which this build does not have yet."""

    status = 501
    code = "answer-mode-unavailable"
    title = "Answer mode not available"


class ServiceUnavailableError(PalermoError):
    """A palermo service given by URL cannot be reached or answered badly."""

    status = 503
    code = "service-unavailable"
    title = "palermo service unavailable"


class AuthenticationError(PalermoError):
    """The API key is missing or wrong."""

    status = 401
    code = "unauthorized"
    title = "API key required"


class ForbiddenError(PalermoError):
    """The caller is known but may not use this endpoint."""

    status = 403
    code = "forbidden"
    title = "Forbidden"


class PayloadTooLargeError(InvalidRequestError):
    """A request body or upload exceeds its limit."""

    status = 413
    code = "payload-too-large"
    title = "Payload too large"


class RateLimitedError(PalermoError):
    """Too many requests from one API key (or client address) within the configured window."""

    status = 429
    code = "rate-limited"
    title = "Too many requests"


class UnsupportedLanguagePairError(InvalidRequestError):
    """No installed translation package (direct or through English) covers the language pair."""

    code = "unsupported-language-pair"
    title = "Language pair not installed"


class PackageRejectedError(InvalidRequestError):
    """An uploaded .argosmodel is not a valid, safe translation package."""

    code = "package-rejected"
    title = "Translation package rejected"


class PackageIndexError(PalermoError):
    """The configured argostranslate package index cannot be reached or answers badly."""

    status = 502
    code = "package-index-unavailable"
    title = "Package index unavailable"


class TermbaseError(InvalidRequestError):
    """A termbase (glossary) file or inline glossary is malformed."""

    code = "bad-termbase"
    title = "Bad termbase"


class UnknownStateError(InvalidRequestError):
    """A State name neither the corpus nor ISO 3166 knows (the message names the nearest ones)."""

    code = "unknown-state"
    title = "Unknown State"


class DraftTemplateError(InvalidRequestError):
    """The .docx template of drafted requests is missing, not a .docx, or has broken fields."""

    code = "bad-draft-template"
    title = "Broken draft template"
