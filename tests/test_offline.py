"""Nothing reaches the network: the suite blocks sockets, and the CLI runs with connect() forbidden."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_socket import SocketBlockedError

from retrieval.hybrid import Retriever

REPO = Path(__file__).resolve().parents[1]
GUARD = """
import socket, sys
def refuse(*args, **kwargs):
    raise SystemExit("NETWORK ATTEMPT: %r" % (args,))
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from cli.main import app
sys.argv = ["palermo"] + sys.argv[1:]
app()
"""


def test_sockets_are_blocked_in_the_suite():
    with pytest.warns(UserWarning, match="tried to use socket"), pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_ingest_and_search_ran_with_sockets_blocked(small_index):
    # small_index was built inside this socket-blocked session: parse, embed, index
    assert small_index["summary"].points_in_store > 500
    retriever = Retriever(small_index["store"], small_index["encoder"], small_index["registry"])
    assert retriever.search("UNTOC 18(15)", k=1).hits[0].label == "UNTOC art. 18(15)"
    # the runtime needs no Hugging Face library (ONNX models, tokenizers); one that got loaded has the hub off
    assert "huggingface_hub" not in sys.modules or os.environ.get("HF_HUB_OFFLINE") == "1"


def test_cli_ingest_and_search_never_connect(corpus_dir, tmp_path, small_index):
    from tests.small_corpus import build_small_corpus

    corpus = build_small_corpus(corpus_dir, tmp_path / "corpus", ("BWBV0001010",))
    env = {**os.environ, "PALERMO_CORPUS_DIR": str(corpus), "PALERMO_DATA_DIR": str(tmp_path / "data"),
           "PALERMO_EMBEDDING_CACHE": str(tmp_path / "fresh-cache.sqlite")}
    env.pop("HF_HUB_OFFLINE", None)  # the code itself must switch the hub off
    for args in (["ingest"], ["search", "What does article 23 of ETS 24 say about the language of the documents?", "-k", "3"]):
        done = subprocess.run([sys.executable, "-c", GUARD, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert "NETWORK ATTEMPT" not in done.stdout + done.stderr
        assert done.returncode == 0, done.stderr[-2000:]
    assert "ECE art. 23" in done.stdout
