"""The whole ingest -> search -> ask path against a real Qdrant server or cluster (deploy/README.md).

Runs when PALERMO_QDRANT_URL names one (a collection of its own is created and dropped), and skips with
that reason otherwise: no Qdrant server can be installed from the package registries this project
installs from."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.small_corpus import build_small_corpus

QDRANT_URL = os.environ.get("PALERMO_QDRANT_URL")
pytestmark = [
    pytest.mark.skipif(not QDRANT_URL, reason="PALERMO_QDRANT_URL is not set: no Qdrant server to test against "
                                              "(start one as in deploy/README.md and set it)"),
    pytest.mark.enable_socket,
]
runner = CliRunner()


@pytest.fixture
def server_env(corpus_dir, tmp_path, session_embedding_cache):
    from qdrant_client import QdrantClient

    collection = f"palermo-test-{uuid.uuid4().hex[:8]}"
    env = {
        "PALERMO_QDRANT_MODE": "server", "PALERMO_QDRANT_URL": QDRANT_URL, "PALERMO_COLLECTION": collection,
        "PALERMO_CORPUS_DIR": str(build_small_corpus(corpus_dir, tmp_path / "corpus", ("BWBV0001668",))),
        "PALERMO_DATA_DIR": str(tmp_path / "data"), "PALERMO_EMBEDDING_CACHE": str(session_embedding_cache),
        "PALERMO_QDRANT_SHARD_NUMBER": os.environ.get("PALERMO_QDRANT_SHARD_NUMBER", "2"),
    }
    yield env
    client = QdrantClient(url=QDRANT_URL, api_key=os.environ.get("PALERMO_QDRANT_API_KEY"))
    if client.collection_exists(collection):
        client.delete_collection(collection)


def test_ingest_search_and_ask_through_a_qdrant_server(server_env):
    ingested = runner.invoke(app, ["ingest"], env=server_env)
    assert ingested.exit_code == 0, ingested.output
    again = runner.invoke(app, ["ingest"], env=server_env)  # incremental: nothing new to embed or write
    assert again.exit_code == 0, again.output

    found = runner.invoke(app, ["search", "what a request for mutual legal assistance shall contain", "--json"],
                          env=server_env)
    assert found.exit_code == 0, found.output
    labels = [hit["label"] for hit in json.loads(found.stdout)["hits"][:5]]
    assert "UNTOC art. 18(15)" in labels

    asked = runner.invoke(app, ["ask", "What must a request for mutual legal assistance contain?", "--json"],
                          env=server_env)
    assert asked.exit_code == 0, asked.output
    assert any(c["label"].startswith("UNTOC art. 18") for c in json.loads(asked.stdout)["citations"])
