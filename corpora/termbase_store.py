"""Imported termbases (a network's glossaries) in palermo's data folder: import, export, remove.

``import_termbase`` validates a TBX or CSV file (as a translation would load it) and stores
it unchanged as ``<folder>/<name>.tbx|.csv``; the translator enforces every termbase in that
folder beside the built-in and configured ones. A name already used by a built-in or
configured termbase is refused; an imported one is replaced only when asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from corpora.errors import NotFoundError, TermbaseError
from corpora.tbx import parse_tbx, write_tbx
from corpora.termbase import Termbase, load_termbase, parse_csv_termbase, write_csv_termbase

IMPORT_SUFFIXES = (".tbx", ".csv")
EXPORT_FORMATS = {"tbx": ("application/x-tbx+xml", ".tbx"), "csv": ("text/csv; charset=utf-8", ".csv")}
_NAME = re.compile(r"[^\w.-]+")


@dataclass
class Imported:
    """What an import stored."""

    termbase: Termbase
    path: Path
    skipped: list[str] = field(default_factory=list)
    replaced: bool = False


def clean_name(name: str) -> str:
    """A termbase name usable as a file name."""
    cleaned = _NAME.sub("-", name).strip("-.")[:80]
    if not cleaned:
        raise TermbaseError(f"{name!r} is not usable as a termbase name")
    return cleaned


def read_glossary(data: bytes, filename: str) -> tuple[Termbase, list[str]]:
    """A TBX or CSV glossary from its bytes, validated; the ids of skipped TBX entries."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".tbx":
        read = parse_tbx(data, filename, Path(filename))
        return read.termbase, read.skipped
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TermbaseError(f"{filename}: a CSV glossary must be UTF-8 ({exc})") from None
        return parse_csv_termbase(text, filename, Path(filename)), []
    raise TermbaseError(f"{filename}: import a .tbx (TermBase eXchange) or .csv glossary")


def import_termbase(data: bytes, filename: str, folder: Path, *, name: str | None = None, replace: bool = False,
                    taken: set[str] = frozenset()) -> Imported:
    """Validate a TBX or CSV glossary and store it in ``folder`` as ``<name><suffix>``."""
    termbase, skipped = read_glossary(data, filename)
    final = clean_name(name or termbase.name)
    if final in taken:
        raise TermbaseError(f"a built-in or configured termbase is already called {final!r}; import under another --name")
    existing = [p for p in folder.glob(f"{final}.*") if p.suffix.lower() in IMPORT_SUFFIXES] if folder.is_dir() else []
    if existing and not replace:
        raise TermbaseError(f"a termbase called {final!r} is already imported ({existing[0].name}); use --replace")
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(filename).suffix.lower()
    target, partial = folder / f"{final}{suffix}", folder / f".{final}{suffix}.partial"
    partial.write_bytes(data)
    partial.replace(target)  # validated above; one rename puts it in place
    for old in existing:
        if old != target:
            old.unlink()
    return Imported(load_termbase(target), target, skipped, bool(existing))


def export_termbase(termbase: Termbase, fmt: str) -> bytes:
    """The termbase as TBX-Basic or CSV bytes."""
    if fmt == "tbx":
        return write_tbx(termbase)
    if fmt == "csv":
        return write_csv_termbase(termbase).encode("utf-8")
    raise TermbaseError(f"export format {fmt!r}: use tbx or csv")


def find_termbase(termbases: list[Termbase], name: str) -> Termbase:
    """The termbase called ``name``, or an error naming those there are."""
    for termbase in termbases:
        if termbase.name == name:
            return termbase
    names = ", ".join(sorted(t.name for t in termbases)) or "none"
    raise NotFoundError(f"no termbase called {name!r}; there are: {names}")


def remove_termbase(folder: Path, name: str) -> Path:
    """Delete an imported termbase; built-in and configured ones are not in ``folder`` and stay."""
    found = [p for p in folder.glob(f"{clean_name(name)}.*") if p.suffix.lower() in IMPORT_SUFFIXES] if folder.is_dir() else []
    if not found:
        raise NotFoundError(f"no imported termbase called {name!r} in {folder}")
    for path in found:
        path.unlink()
    return found[0]
