"""Instrument registry: manifests of the corpus sets plus the project's aliases."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from corpora.errors import CorpusError, NotFoundError
from corpora.glossary import fold_accents
from corpora.records import Instrument

if TYPE_CHECKING:
    from corpora.settings import Settings

BUILTIN_ALIASES = Path(__file__).with_name("aliases.toml")


@dataclass(frozen=True)
class AliasMatch:
    """An instrument name found in a question."""

    instrument_ids: tuple[str, ...]
    alias: str
    start: int
    end: int


def _read_jsonl(path: Path) -> list[dict]:
    """Read a manifest, naming the file and line of any bad entry."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    return rows


def _load_aliases(paths: list[Path]) -> dict[str, dict]:
    """Merge alias files; later files override earlier ones per instrument."""
    merged: dict[str, dict] = {}
    for path in paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CorpusError(f"cannot read aliases file {path}: {exc}") from exc
        for instrument_id, entry in data.items():
            merged.setdefault(instrument_id, {}).update(entry)
    return merged


def _instrument_from_row(row: dict, corpus_set: str, alias_entry: dict) -> Instrument:
    """Build an Instrument from one manifest row."""
    title_en = row.get("title_en") or (row.get("title") if row.get("language") == "en" else None)
    return Instrument(
        id=row["id"],
        short_name=alias_entry.get("short", row["id"]),
        title_en=title_en,
        title_nl=row.get("title_nl"),
        title_fr=row.get("title_fr"),
        kind=row.get("kind") or ("report" if corpus_set == "reports" else "other"),
        topics=tuple(row.get("topics") or ()),
        counterpart=row.get("counterpart"),
        languages=tuple(row.get("languages") or ([row["language"]] if row.get("language") else ())),
        aliases=tuple(alias_entry.get("aliases", ())),
        file=row.get("file"),
        sha256=row.get("sha256"),
        n_articles_en=int(row.get("n_articles_en") or 0),
        corpus_set=corpus_set,
        core=bool(alias_entry.get("core", False)),
        refers_to=alias_entry.get("refers_to"),
    )


class Registry:
    """All instruments of the selected corpus sets, looked up by id or name."""

    def __init__(self, instruments: dict[str, Instrument], corpus_dir: Path) -> None:
        self.instruments = instruments
        self.corpus_dir = corpus_dir

    @classmethod
    def load(
        cls, corpus_dir: Path, corpus_sets: list[str], aliases_file: Path | None = None
    ) -> "Registry":
        """Read every manifest of ``corpus_sets`` under ``corpus_dir``."""
        alias_paths = [BUILTIN_ALIASES] + ([aliases_file] if aliases_file else [])
        aliases = _load_aliases(alias_paths)
        instruments: dict[str, Instrument] = {}
        for corpus_set in corpus_sets:
            manifest = corpus_dir / corpus_set / "manifest.jsonl"
            if not manifest.is_file():
                raise CorpusError(f"manifest {manifest} is missing (corpus set '{corpus_set}')")
            for row in _read_jsonl(manifest):
                if row["id"] in instruments:
                    continue  # the focused set wins over its copy in scale/
                instruments[row["id"]] = _instrument_from_row(row, corpus_set, aliases.get(row["id"], {}))
        return cls(instruments, corpus_dir)

    def add_documents(self, documents_dir: Path) -> None:
        """Register every file under ``documents_dir`` as a user document (id ``DOC-<NAME>``)."""
        if not documents_dir.is_dir():
            return
        for path in sorted(documents_dir.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                instrument_id = "DOC-" + re.sub(r"[^A-Z0-9]+", "-", path.stem.upper()).strip("-")
                if instrument_id in self.instruments:  # law.pdf beside law.docx: both are indexed
                    instrument_id += "-" + re.sub(r"[^A-Z0-9]+", "", path.suffix.upper())
                self.add(
                    Instrument(
                        id=instrument_id,
                        short_name=path.stem,
                        title_en=path.stem,
                        kind="user_document",
                        file=str(documents_dir.resolve() / path.name),  # a link stays a link: ingest skips it
                        corpus_set="documents",
                    )
                )

    def core_ids(self) -> tuple[str, ...]:
        """The core cooperation instruments, searched first when a question names none."""
        return tuple(i.id for i in self.instruments.values() if i.core)

    def get(self, instrument_id: str) -> Instrument:
        """The instrument with this id, or a NotFoundError."""
        try:
            return self.instruments[instrument_id]
        except KeyError:
            raise NotFoundError(f"unknown instrument '{instrument_id}'") from None

    def resolve(self, name: str) -> Instrument:
        """Find an instrument by id, short name or alias (case-insensitive)."""
        key = fold_accents(name.strip())
        if name.strip().upper() in self.instruments:
            return self.instruments[name.strip().upper()]
        for instrument_id in self._alias_index.get(key, ()):
            return self.instruments[instrument_id]
        partial = {i for alias, ids in self._alias_index.items() if re.search(rf"\b{re.escape(key)}\b", alias) for i in ids}
        core = {i for i in partial if self.instruments[i].core}
        for candidates in (partial, core):  # a unique match, else a unique core instrument
            if len(candidates) == 1:
                return self.instruments[next(iter(candidates))]
        hint = f" (it could be {', '.join(sorted(partial)[:5])})" if partial else ""
        raise NotFoundError(f"no instrument is called '{name}'{hint}; try `palermo corpus list`")

    def path_of(self, instrument: Instrument) -> Path:
        """Absolute path of the instrument's source file."""
        if not instrument.file:
            raise NotFoundError(f"instrument {instrument.id} has no source file")
        return self.corpus_dir / instrument.file

    def add(self, instrument: Instrument) -> None:
        """Register a user document as an instrument."""
        self.instruments[instrument.id] = instrument
        self.__dict__.pop("_alias_index", None)
        self.__dict__.pop("_alias_pattern", None)

    @cached_property
    def _alias_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for instrument in self.instruments.values():
            for name in {instrument.short_name, *instrument.aliases}:
                ids = index.setdefault(fold_accents(name), [])
                if instrument.id not in ids:
                    ids.append(instrument.id)
        return {name: tuple(ids) for name, ids in index.items()}

    @cached_property
    def _alias_pattern(self) -> re.Pattern[str]:
        names = sorted(self._alias_index, key=len, reverse=True)
        alternatives = "|".join(re.escape(name) for name in names)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    def find_mentions(self, text: str) -> list[AliasMatch]:
        """Instrument names mentioned in ``text`` (case and accents ignored), longest names
        first, no overlaps."""
        matches = []
        for found in self._alias_pattern.finditer(fold_accents(text)):
            ids = self._alias_index[found.group(0)]
            matches.append(AliasMatch(ids, text[found.start() : found.end()], found.start(), found.end()))
        return matches


def load_registry(settings: "Settings", corpus_sets: list[str] | None = None) -> Registry:
    """Registry of the configured corpus sets plus the user documents."""
    corpus_dir = settings.require_corpus_dir()
    registry = Registry.load(corpus_dir, corpus_sets or list(settings.corpus_sets), settings.aliases_file)
    registry.add_documents(settings.user_documents_dir)
    return registry
