"""The translator: argostranslate packages from a local folder, glossary masking, pivots.

Cheap to construct; argostranslate is imported and models are loaded on first use. The
pipeline for one text: detect the source language (``"auto"``), split into lines (blank
lines and indentation kept) and sentences (offline), mask protected spans and glossary
terms per sentence, translate all sentences in one batch with the installed package (or
two packages through English), put the masked values back. ``can_translate`` and ``translate_text`` are the Python API for other parts
of palermo (e.g. translating a question before retrieval). See ``engine.py`` for what is
argostranslate's and what is palermo's.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from corpora.errors import InvalidRequestError, UnsupportedLanguagePairError
from corpora.settings import Settings
from corpora.termbase import Termbase, TermEntry, load_termbases
from service.translation import documents
from service.translation.argos_runtime import argos
from service.translation.detection import Detection, LanguageDetector
from service.translation.engine import PackageEngine
from service.translation.masking import Glossary, Masked, applied_terms, mask, unmask
from service.translation.packages import InstalledPackage, install_package, install_packages, list_installed
from service.translation.results import DocumentTranslation, LanguageInfo, TranslationResult, merge_applied

PIVOT = "en"
_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_HAS_WORD = re.compile(r"[^\W\d_]{2,}")
_TOKEN = re.compile(r"\b(?:QX|QZ|XQ|ZQ)\d+Q\b")
NO_SPACE_LANGUAGES = {"zh", "ja", "th", "zt"}

class Translator:
    """Offline translation over the argostranslate packages installed in ``settings.argos_dir``."""

    def __init__(self, settings: Settings) -> None:
        self.packages_dir: Path = settings.argos_dir
        self.termbase_paths = list(settings.termbase_paths)
        self.imported_termbases_dir: Path = settings.imported_termbases_dir
        self.max_chars = settings.translation_max_chars
        self.beam_size = settings.translation_beam_size
        self.detector = LanguageDetector()
        self._lock = threading.RLock()
        self._packages: list[InstalledPackage] | None = None
        self._engines: dict[Path, PackageEngine] = {}
        self._termbases: list[Termbase] | None = None
        self._glossaries: dict[tuple[str, str], Glossary] = {}

    # packages and routes -------------------------------------------------------------
    def installed_packages(self) -> list[InstalledPackage]:
        """Installed translation packages (read once, refreshed after an install)."""
        with self._lock:
            if self._packages is None:
                self._packages = list_installed(self.packages_dir)
            return list(self._packages)

    def install_package(self, archive: Path) -> InstalledPackage:
        """Validate and install a local .argosmodel file."""
        installed = install_package(archive, self.packages_dir)
        with self._lock:
            self._packages = None
            self._engines.pop(installed.path, None)
        return installed

    def install_packages(self, path: Path) -> list[InstalledPackage]:
        """Install a local .argosmodel file or a folder of them (all checked before any is installed)."""
        installed = install_packages(path, self.packages_dir)
        with self._lock:
            self._packages = None
            for pkg in installed:
                self._engines.pop(pkg.path, None)
        return installed

    def _direct(self, source: str, target: str) -> InstalledPackage | None:
        return next((p for p in self.installed_packages() if p.from_code == source and p.to_code == target), None)

    def route(self, source: str, target: str) -> list[InstalledPackage]:
        """The packages that take ``source`` to ``target``: one, or two through English."""
        direct = self._direct(source, target)
        if direct:
            return [direct]
        first, second = self._direct(source, PIVOT), self._direct(PIVOT, target)
        if first and second and PIVOT not in (source, target):
            return [first, second]
        pairs = ", ".join(p.pair for p in self.installed_packages()) or "none"
        missing = [pair for pair, pkg in ((f"{source}->{PIVOT}", first), (f"{PIVOT}->{target}", second)) if not pkg]
        pivot_note = f"; through English it would need {' and '.join(missing)}" if PIVOT not in (source, target) else ""
        raise UnsupportedLanguagePairError(
            f"no installed package translates {source} to {target}; installed pairs: {pairs}{pivot_note}",
            installed_pairs=[p.pair for p in self.installed_packages()], missing=missing)

    def can_translate(self, source: str, target: str) -> bool:
        """True when ``source`` can be translated to ``target`` (directly or through English)."""
        if source == target:
            return True
        try:
            self.route(source, target)
        except UnsupportedLanguagePairError:
            return False
        return True

    def languages(self) -> list[LanguageInfo]:
        """Source languages with their targets (direct and through English)."""
        packages = self.installed_packages()
        names = {p.from_code: p.from_name for p in packages} | {p.to_code: p.to_name for p in packages}
        infos = []
        for code in sorted({p.from_code for p in packages}):
            direct = sorted({p.to_code for p in packages if p.from_code == code})
            reachable = sorted(t for t in names if t != code and self.can_translate(code, t))
            infos.append(LanguageInfo(code, names.get(code) or code, tuple(reachable), tuple(direct)))
        return infos

    # glossaries ---------------------------------------------------------------------
    def termbases(self) -> list[Termbase]:
        """The imported termbases (they win), then the built-in and configured ones, loaded once."""
        with self._lock:
            if self._termbases is None:
                imported = [self.imported_termbases_dir] if self.imported_termbases_dir.is_dir() else []
                self._termbases = load_termbases(imported, builtin=False) + load_termbases(self.termbase_paths)
            return list(self._termbases)

    def reload_termbases(self) -> None:
        """Read the termbases again on next use (after an import or removal)."""
        with self._lock:
            self._termbases = None
            self._glossaries = {}

    def glossary(self, source: str, target: str, extra: Termbase | None = None, use_termbases: bool = True) -> Glossary | None:
        """Entries for ``source``→``target``: the request's glossary first, then the termbases."""
        if extra is None:
            if not use_termbases:
                return None
            with self._lock:
                if (source, target) not in self._glossaries:
                    self._glossaries[(source, target)] = Glossary(self._entries(), source, target)
                return self._glossaries[(source, target)]
        return Glossary(list(extra.entries) + (self._entries() if use_termbases else []), source, target)

    def _entries(self) -> list[TermEntry]:
        return [entry for termbase in self.termbases() for entry in termbase.entries]

    # detection ----------------------------------------------------------------------
    def detect(self, text: str, candidates: list[str] | None = None) -> list[Detection]:
        """Most likely languages of ``text`` (offline), best first."""
        return self.detector.detect(text, candidates)

    def resolve_source(self, text: str, source: str, target: str) -> tuple[str, Detection | None]:
        """The source language: as given, or detected among the languages that reach ``target``."""
        check_code(target, "target")
        if source != "auto":
            check_code(source, "source")
            return source, None
        sources = sorted(code for code in {p.from_code for p in self.installed_packages()}
                         if code != target and self.can_translate(code, target))
        if not sources:
            pairs = ", ".join(p.pair for p in self.installed_packages()) or "none"
            raise UnsupportedLanguagePairError(f"no installed package translates into {target}; installed pairs: {pairs}")
        candidates = sources + [target]
        detection = self.detector.best(text, candidates)
        return detection.language, detection

    # translation --------------------------------------------------------------------
    def translate_text(self, text: str, source: str, target: str, *, glossary: Termbase | None = None,
                       use_termbases: bool = True) -> TranslationResult:
        """Translate one text; ``source`` may be ``"auto"``. Empty text gives an empty result."""
        return self.translate_texts([text], source, target, glossary=glossary, use_termbases=use_termbases)[0]

    def translate_texts(self, texts: list[str], source: str, target: str, *, glossary: Termbase | None = None,
                        use_termbases: bool = True) -> list[TranslationResult]:
        """Translate several texts in one model batch (with ``"auto"``, each text is detected on its own)."""
        check_code(target, "target")
        if sum(len(text) for text in texts) > self.max_chars:
            raise InvalidRequestError(f"the text is longer than the limit of {self.max_chars} characters")
        resolved = [self.resolve_source(text, source, target) if text.strip() else None for text in texts]
        results = [TranslationResult(text, source, target, []) for text in texts]
        for language in dict.fromkeys(r[0] for r in resolved if r):
            indices = [i for i, r in enumerate(resolved) if r and r[0] == language]
            group = self._translate_group([texts[i] for i in indices], language, target,
                                          self.glossary(language, target, glossary, use_termbases))
            for i, result in zip(indices, group):
                result.detected = resolved[i][1]
                results[i] = result
        return results

    def translate_html(self, html: str, source: str, target: str, *, glossary: Termbase | None = None,
                       use_termbases: bool = True) -> TranslationResult:
        """Translate the text nodes of an HTML fragment; markup is kept."""
        done = self.translate_document(html.encode("utf-8"), "fragment.html", source, target, glossary=glossary,
                                       use_termbases=use_termbases)
        detected = self.detector.best(documents.document_text(html.encode("utf-8"), "fragment.html")) \
            if source == "auto" and html.strip() else None
        return TranslationResult(done.content.decode("utf-8") if html.strip() else html, done.source, target,
                                 [done.source, target], detected, done.applied, 0, done.warnings)

    def translate_document(self, data: bytes, filename: str, source: str, target: str, *,
                           glossary: Termbase | None = None, use_termbases: bool = True) -> DocumentTranslation:
        """Translate a .txt, .md, .html or .docx file into the same format (``source`` may be ``"auto"``)."""
        suffix = documents.suffix_of(filename)
        check_code(target, "target")
        sample = documents.document_text(data, filename) if source == "auto" else ""
        resolved = target if source == "auto" and not sample.strip() else self.resolve_source(sample, source, target)[0]
        found: list[TranslationResult] = []

        def run(segments: list[str]) -> list[str]:
            results = self._translate_group(segments, resolved, target,
                                            self.glossary(resolved, target, glossary, use_termbases)) if segments else []
            found.extend(results)
            return [result.text for result in results]

        content = documents.translate_document(data, filename, run)
        name = f"{Path(filename).stem}.{target}{suffix}"
        return DocumentTranslation(content, name, documents.MEDIA_TYPES[suffix], resolved, target, len(found),
                                   merge_applied([r.applied for r in found]), [w for r in found for w in r.warnings])

    def _translate_group(self, texts: list[str], source: str, target: str, glossary: Glossary | None) -> list[TranslationResult]:
        if source == target:
            return [TranslationResult(text, source, target, [source]) for text in texts]
        engines = [self._engine(pkg) for pkg in self.route(source, target)]
        layouts = [_layout(text, engines[0], glossary) for text in texts]
        flat = [masked for layout in layouts for _, _, sentences in layout for masked in sentences]
        outputs = self._run(engines, [masked.text for masked in flat])
        route = [source] + [engine.installed.to_code for engine in engines]
        joiner = "" if target in NO_SPACE_LANGUAGES else " "
        results, position = [], 0
        for text, layout in zip(texts, layouts):
            lines, slots, lost = [], [], []
            for lead, trail, sentences in layout:
                restored = []
                for masked in sentences:
                    value, missing = unmask(outputs[position], masked)
                    restored.append(value)
                    slots.extend(masked.slots)
                    lost.extend(missing)
                    position += 1
                lines.append(lead + joiner.join(restored) + trail)
            warnings = [f"the model dropped the placeholder of {s.source_text!r}; it was appended to its sentence"
                        for s in lost]
            results.append(TranslationResult("\n".join(lines), source, target, route, None, applied_terms(slots, lost),
                                             sum(s.entry is None for s in slots), warnings))
        return results

    def _run(self, engines: list[PackageEngine], sentences: list[str]) -> list[str]:
        """Sentences through each package in turn; those without words (numbers, tokens) pass as they are."""
        todo = [i for i, sentence in enumerate(sentences) if _HAS_WORD.search(_TOKEN.sub("", sentence))]
        batch = [sentences[i] for i in todo]
        for engine in engines:
            batch = engine.translate_sentences(batch)
        outputs = list(sentences)
        for i, translated in zip(todo, batch):
            outputs[i] = translated
        return outputs

    def _engine(self, pkg: InstalledPackage) -> PackageEngine:
        with self._lock:
            engine = self._engines.get(pkg.path)
            if engine is None:
                engine = self._engines[pkg.path] = PackageEngine(argos(self.packages_dir), pkg, self.beam_size)
            return engine

def _layout(text: str, engine: PackageEngine, glossary: Glossary | None) -> list[tuple[str, str, list[Masked]]]:
    """Each line as (leading whitespace, trailing whitespace, its masked sentences)."""
    layout = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            layout.append((line, "", []))
            continue
        lead, trail = line[: len(line) - len(line.lstrip())], line[len(line.rstrip()):]
        layout.append((lead, trail, [mask(sentence, glossary) for sentence in engine.split(core)]))
    return layout

def check_code(code: str, what: str) -> None:
    """A language code looks like ``en``, ``nl``, ``pt-BR``."""
    if not _CODE.match(code or ""):
        raise InvalidRequestError(f"{what} language {code!r} is not a language code like 'en' or 'nl'")
