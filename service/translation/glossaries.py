"""The translator's termbases as a network manages them: list, import (TBX, CSV), export, remove."""

from __future__ import annotations

from dataclasses import dataclass

from corpora.termbase import Termbase
from corpora.termbase_store import Imported, export_termbase, find_termbase, import_termbase, remove_termbase
from service.translation.translator import Translator


@dataclass(frozen=True)
class TermbaseInfo:
    """A termbase the translator enforces, and where it comes from."""

    name: str
    origin: str  # built-in, configured or imported
    languages: tuple[str, ...]
    entries: int
    file: str

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "origin": self.origin, "languages": list(self.languages), "entries": self.entries,
                "file": self.file}


def _origin(translator: Translator, termbase: Termbase) -> str:
    from corpora.termbase import BUILTIN_DIR

    folder = termbase.path.parent if termbase.path else None
    if folder == translator.imported_termbases_dir:
        return "imported"
    return "built-in" if folder == BUILTIN_DIR else "configured"


def list_termbases(translator: Translator) -> list[TermbaseInfo]:
    """Every termbase enforced in translation."""
    return [TermbaseInfo(t.name, _origin(translator, t), tuple(t.languages), len(t.entries),
                         t.path.name if t.path else "") for t in translator.termbases()]


def import_glossary(translator: Translator, data: bytes, filename: str, *, name: str | None = None,
                    replace: bool = False) -> Imported:
    """Validate and store a TBX or CSV glossary; the translator enforces it from the next request on."""
    taken = {t.name for t in translator.termbases() if _origin(translator, t) != "imported"}
    imported = import_termbase(data, filename, translator.imported_termbases_dir, name=name, replace=replace, taken=taken)
    translator.reload_termbases()
    return imported


def export_glossary(translator: Translator, name: str, fmt: str) -> bytes:
    """A termbase (any origin) as TBX-Basic or CSV."""
    return export_termbase(find_termbase(translator.termbases(), name), fmt)


def remove_glossary(translator: Translator, name: str) -> None:
    """Delete an imported termbase."""
    remove_termbase(translator.imported_termbases_dir, name)
    translator.reload_termbases()
