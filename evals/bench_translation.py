"""Benchmark of issue 5: translation speed, pipeline overhead, glossary enforcement, docx structure.

    .venv/bin/python -m evals.bench_translation [--sentences 400] [--runs 3]

Uses the tiny real nl->en / en->fr packages of the test-suite (committed under
tests/fixtures/argos/): no real package can be downloaded here. Figures:
- sentences per second through palermo's pipeline (detection, masking, splitting,
  re-assembly) and through ``argostranslate.translate`` directly on the same package and
  text, and their ratio (target <= 1.1);
- glossary enforcement: share of glossary occurrences whose target term is in the output
  (built-in termbase, and a request glossary that contradicts the model);
- a .docx with headings, numbered paragraphs and tables: paragraph and table counts before
  and after.
Translation quality cannot be measured with tiny packages; with a real en-nl package
installed, score chrF on the aligned English and Dutch provisions of the corpus (see README).
Results are printed and written to bench-results/bench_translation.json.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
import time
from pathlib import Path

from corpora.settings import REPO_ROOT, load_settings
from corpora.termbase import Termbase, TermEntry
from service.translation import Translator
from service.translation.argos_runtime import argos
from service.translation.documents import structure_counts
from tests.translation import tiny_package as tiny

GLOSSARY_TERMS = {"wederzijdse rechtshulp": "mutual legal assistance", "uitlevering": "extradition",
                  "centrale autoriteit": "central authority", "het bewijs": "evidence"}


def paragraphs(count: int, seed: int, per_paragraph: int = 5) -> list[str]:
    """Dutch paragraphs of template sentences (the tiny packages' domain), with spans and terms."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(count):
        source, _ = tiny._sentence(rng, 0, 1)
        for n, value in enumerate(["18(15)", "2024/123-AB", "12.03.2024", "mlat@justitie.nl", "5 bis"]):
            source = source.replace(f"QX{n}Q", value)
        sentences.append(" ".join(w for w in source.split() if not w.startswith("QX")) if "QX" in source else source)
    return [" ".join(sentences[i:i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]


def time_pipeline(translator: Translator, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        translator.translate_text(text, "auto", "en")
    return time.perf_counter() - started


def time_argostranslate(runtime, texts: list[str]) -> float:
    """argostranslate.translate.translate on the same package; its own (packaged spaCy) splitter."""
    runtime.settings.chunk_type = runtime.settings.ChunkType.SPACY  # the package ships spacy/; no download
    runtime.translate.get_installed_languages.cache_clear()
    runtime.translate.installed_translates.clear()
    started = time.perf_counter()
    for text in texts:
        runtime.translate.translate(text, "nl", "en")
    return time.perf_counter() - started


def speed(translator: Translator, sentences: int, runs: int) -> dict:
    runtime = argos(translator.packages_dir)
    warm = paragraphs(20, seed=1)
    time_pipeline(translator, warm)
    time_argostranslate(runtime, warm)
    ours, theirs = [], []
    for run in range(runs):  # different texts each run: argostranslate caches the last text's paragraphs
        texts = paragraphs(sentences, seed=100 + run)
        theirs.append(time_argostranslate(runtime, texts))
        ours.append(time_pipeline(translator, texts))
    best_ours, best_theirs = min(ours), min(theirs)
    return {"sentences": sentences, "runs": runs, "pipeline_s": round(best_ours, 3), "argostranslate_s": round(best_theirs, 3),
            "pipeline_sentences_per_s": round(sentences / best_ours, 1),
            "argostranslate_sentences_per_s": round(sentences / best_theirs, 1),
            "overhead_ratio": round(best_ours / best_theirs, 3)}


def glossary_enforcement(translator: Translator, count: int = 200) -> dict:
    rng = random.Random(5)
    texts = [s for s, _ in (tiny._sentence(rng, 0, 1) for _ in range(count * 3))
             if any(t in s.lower() for t in GLOSSARY_TERMS) and "QX" not in s][:count]
    expected = applied = 0
    for result, text in zip(translator.translate_texts(texts, "nl", "en"), texts):
        for nl, en in GLOSSARY_TERMS.items():
            if nl in text.lower():
                expected += 1
                applied += en in result.text.lower()
    surrender = Termbase("bench", [TermEntry("surrender", "Surrender", {"nl": ("uitlevering",), "en": ("surrender",)})])
    with_term = [t for t in texts if "uitlevering" in t.lower()]
    forced = translator.translate_texts(with_term, "nl", "en", glossary=surrender)
    return {"sentences": len(texts), "occurrences": expected, "applied": applied,
            "applied_pct": round(100 * applied / max(expected, 1), 1),
            "contradicting_glossary_sentences": len(with_term),
            "contradicting_glossary_applied_pct": round(100 * sum("surrender" in r.text.lower() for r in forced) / max(len(with_term), 1), 1)}


def docx_structure(translator: Translator) -> dict:
    import docx

    document = docx.Document()
    for chapter in range(3):
        document.add_heading("Wederzijdse rechtshulp", level=1)
        for text in paragraphs(6, seed=chapter, per_paragraph=1):
            document.add_paragraph(text, style="List Number")
        table = document.add_table(rows=3, cols=3)
        for row in table.rows:
            for cell, text in zip(row.cells, paragraphs(3, seed=9 + chapter, per_paragraph=1)):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    started = time.perf_counter()
    done = translator.translate_document(buffer.getvalue(), "bench.docx", "auto", "en")
    elapsed = time.perf_counter() - started
    before, after = structure_counts(buffer.getvalue(), "b.docx"), structure_counts(done.content, "b.docx")
    return {"before": before, "after": after, "identical": before == after, "segments": done.segments,
            "seconds": round(elapsed, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description="Translation benchmark (issue 5)")
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        translator = Translator(load_settings(data_dir=Path(tmp)))
        for pair in ("nl-en", "en-fr"):
            translator.install_package(tiny.tiny_package(*pair.split("-")))
        report = {"speed": speed(translator, args.sentences, args.runs), "glossary": glossary_enforcement(translator),
                  "docx": docx_structure(translator),
                  "termbase_entries": sum(len(t.entries) for t in translator.termbases())}
    out = REPO_ROOT / "bench-results" / "bench_translation.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
