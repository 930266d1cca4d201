"""One installed package at work: its argostranslate package object, splitter and model.

The package, its tokenizer (sentencepiece or BPE), its settings and the CTranslate2 call
are argostranslate's (the same parameters as ``argostranslate.translate``, except the beam
size, which is palermo's ``translation_beam_size`` setting); what differs is that sentences
are kept apart on the way out (so masked spans are restored per sentence) and that all
sentences of a request, across lines and texts, go to the model in one batch.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

from service.translation.packages import InstalledPackage
from service.translation.sentences import sentencizer_for


class PackageEngine:
    """Sentence splitting and batched translation with one package; the model loads on first use."""

    def __init__(self, runtime: SimpleNamespace, installed: InstalledPackage, beam_size: int) -> None:
        self.installed = installed
        self.settings = runtime.settings
        self.beam_size = beam_size
        self.package = runtime.package.Package(installed.path)
        self.sentencizer = sentencizer_for(runtime, self.package, installed.path, installed.from_code)
        self._model = None
        self._lock = threading.Lock()

    def split(self, text: str) -> list[str]:
        """Sentences of one paragraph, with the package's own splitter (or palermo's offline one)."""
        sentences = [s.strip() for s in self.sentencizer.split_sentences(text)]
        return [s for s in sentences if s] or [text]

    def _load(self):
        with self._lock:
            if self._model is None:
                import ctranslate2

                self._model = ctranslate2.Translator(
                    str(self.installed.path / "model"), device=self.settings.device,
                    inter_threads=self.settings.inter_threads, intra_threads=self.settings.intra_threads,
                    compute_type=self.settings.compute_type,
                )
            return self._model

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        """Translate sentences in one batch; one output per input, in order."""
        if not sentences:
            return []
        tokenizer, prefix = self.package.tokenizer, self.package.target_prefix
        tokens = [tokenizer.encode(sentence) for sentence in sentences]
        results = self._load().translate_batch(
            tokens, target_prefix=[[prefix]] * len(tokens) if prefix else None, replace_unknowns=True,
            max_batch_size=self.settings.batch_size, batch_type="tokens", beam_size=self.beam_size,
            num_hypotheses=1, length_penalty=0.2,
        )
        outputs = []
        for result in results:
            value = tokenizer.decode(result.hypotheses[0])
            if prefix and value.startswith(prefix):
                value = value[len(prefix):]
            outputs.append(value.strip())
        return outputs
