"""Termbases (glossaries): concepts with their term in each language, loaded and validated.

A termbase is a TOML file::

    [termbase]
    name = "treaty-headings-en-nl"
    languages = ["en", "nl"]
    description = "..."

    [[entries]]
    id = "extradition"
    concept = "Extradition"
    terms = { en = "extradition", nl = ["uitlevering"] }
    note = "Article heading in 9 bilingual instruments"

or a CSV file with a header ``id,concept,<lang>,<lang>...,note`` (several variants of one
term separated by ``|``), or a TBX file (ISO 30042, see ``corpora/tbx.py``). In ``terms``
the first variant of a language is the preferred term, the one put into a translation; the
others are also recognised in a source text.
The built-in termbases live in ``corpora/termbases/``; users add files or folders with
``PALERMO_TERMBASE_PATHS``.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from corpora.errors import TermbaseError

BUILTIN_DIR = Path(__file__).resolve().parent / "termbases"
TERMBASE_SUFFIXES = (".toml", ".csv", ".tbx")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_ID = re.compile(r"^[\w.:-]{1,120}$")


@dataclass(frozen=True)
class TermEntry:
    """One concept and its terms; ``terms[lang][0]`` is the preferred term."""

    id: str
    concept: str
    terms: dict[str, tuple[str, ...]]
    note: str = ""
    termbase: str = ""

    def preferred(self, language: str) -> str | None:
        """The term to use in ``language``, if the entry has one."""
        variants = self.terms.get(language)
        return variants[0] if variants else None


@dataclass
class Termbase:
    """A named list of entries."""

    name: str
    entries: list[TermEntry]
    languages: tuple[str, ...] = ()
    path: Path | None = None
    description: str = ""
    by_id: dict[str, TermEntry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {entry.id: entry for entry in self.entries}
        if not self.languages:
            self.languages = tuple(sorted({lang for entry in self.entries for lang in entry.terms}))


def _variants(value: object, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise TermbaseError(f"{where}: a term is a string or a non-empty list of strings")
    cleaned = tuple(" ".join(str(item).split()) for item in items)
    if not all(isinstance(item, str) and item.strip() for item in items) or not all(cleaned):
        raise TermbaseError(f"{where}: terms must be non-empty strings")
    return cleaned


def entry_from_mapping(raw: object, where: str, termbase: str) -> TermEntry:
    """Validate one entry given as a mapping (TOML table, JSON object, CSV row)."""
    if not isinstance(raw, dict):
        raise TermbaseError(f"{where}: an entry is a table with id, concept and terms")
    entry_id, terms = str(raw.get("id", "")).strip(), raw.get("terms")
    if not _ID.match(entry_id):
        raise TermbaseError(f"{where}: entry id {entry_id!r} is missing or has odd characters")
    if not isinstance(terms, dict) or len(terms) < 2:
        raise TermbaseError(f"{where} ({entry_id}): terms must name at least two languages")
    parsed: dict[str, tuple[str, ...]] = {}
    for language, value in terms.items():
        if not _LANGUAGE.match(str(language)):
            raise TermbaseError(f"{where} ({entry_id}): {language!r} is not a language code like 'en'")
        parsed[str(language)] = _variants(value, f"{where} ({entry_id}, {language})")
    concept = str(raw.get("concept") or next(iter(parsed.values()))[0])
    return TermEntry(entry_id, concept, parsed, str(raw.get("note", "") or ""), termbase)


def check_unique(entries: list[TermEntry], where: str) -> None:
    """Refuse a termbase whose entry ids repeat."""
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise TermbaseError(f"{where}: entry id {entry.id!r} appears twice")
        seen.add(entry.id)


def parse_toml_termbase(text: str, where: str, path: Path | None = None) -> Termbase:
    """A termbase from TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TermbaseError(f"{where}: not valid TOML: {exc}") from exc
    head = data.get("termbase", {})
    name = str(head.get("name") or (path.stem if path else "termbase"))
    raw_entries = data.get("entries", [])
    if not isinstance(raw_entries, list) or not raw_entries:
        raise TermbaseError(f"{where}: no [[entries]]")
    entries = [entry_from_mapping(raw, f"{where} entry {i + 1}", name) for i, raw in enumerate(raw_entries)]
    check_unique(entries, where)
    return Termbase(name, entries, tuple(head.get("languages", ())), path, str(head.get("description", "")))


def parse_csv_termbase(text: str, where: str, path: Path | None = None) -> Termbase:
    """A termbase from CSV text (header ``id,concept,<lang>...,note``)."""
    reader = csv.DictReader(io.StringIO(text))
    languages = [name for name in reader.fieldnames or [] if _LANGUAGE.match(name or "") and name not in ("id", "note")]
    name = path.stem if path else "termbase"
    entries = []
    for number, row in enumerate(reader, start=2):
        terms = {lang: [v for v in (row.get(lang) or "").split("|") if v.strip()] for lang in languages}
        raw = {"id": row.get("id"), "concept": row.get("concept"), "note": row.get("note"),
               "terms": {lang: values for lang, values in terms.items() if values}}
        entries.append(entry_from_mapping(raw, f"{where} line {number}", name))
    if not entries:
        raise TermbaseError(f"{where}: no entries")
    check_unique(entries, where)
    return Termbase(name, entries, tuple(languages), path)


def write_csv_termbase(termbase: Termbase) -> str:
    """The termbase as CSV (header ``id,concept,<lang>...,note``; variants joined by ``|``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "concept", *termbase.languages, "note"])
    for entry in termbase.entries:
        writer.writerow([entry.id, entry.concept, *("|".join(entry.terms.get(lang, ())) for lang in termbase.languages),
                         entry.note])
    return buffer.getvalue()


def load_termbase(path: Path) -> Termbase:
    """Load and validate one termbase file (.toml, .csv or .tbx)."""
    suffix = path.suffix.lower()
    if suffix not in TERMBASE_SUFFIXES:
        raise TermbaseError(f"termbase {path}: use a .toml, .csv or .tbx file")
    try:
        data = path.read_bytes()
        if suffix == ".tbx":
            from corpora.tbx import parse_tbx

            return parse_tbx(data, str(path), path).termbase
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TermbaseError(f"termbase {path} cannot be read: {exc}") from exc
    if suffix == ".csv":
        return parse_csv_termbase(text, str(path), path)
    return parse_toml_termbase(text, str(path), path)


def termbase_files(paths: list[Path]) -> list[Path]:
    """Termbase files among ``paths`` (files, or folders searched for .toml/.csv)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in TERMBASE_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise TermbaseError(f"termbase path {path} does not exist (PALERMO_TERMBASE_PATHS)")
    return files


def load_termbases(extra_paths: list[Path] | None = None, *, builtin: bool = True) -> list[Termbase]:
    """The built-in termbases plus the user's files or folders, in that order."""
    paths = ([BUILTIN_DIR] if builtin and BUILTIN_DIR.is_dir() else []) + list(extra_paths or [])
    return [load_termbase(path) for path in termbase_files(paths)]
