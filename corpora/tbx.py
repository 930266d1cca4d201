"""TBX (ISO 30042 TermBase eXchange) termbases: read TBX v2 and v3, write TBX-Basic v2.

Read (namespaced or not): TBX v2 ``martif > text > body > termEntry > langSet[xml:lang] >
tig|ntig/termGrp > term`` and TBX v3 ``tbx > text > body > conceptEntry > langSec[xml:lang]
> termSec > term``. The XML is parsed with defusedxml: entity declarations (billion laughs,
external entities) and external references are refused, a DOCTYPE naming the TBX DTD is fine.

Mapping to a palermo entry:
- ``id``: the entry's ``id`` attribute (odd characters become ``-``; ``tbx-<n>`` without one);
- ``terms``: per language (the primary subtag of ``xml:lang``, lower-case: ``en-GB`` -> ``en``),
  the preferred term first (``termNote type="administrativeStatus"`` ``preferredTerm-admn-sts``),
  deprecated and superseded terms last (they are still recognised in a source text);
- ``concept``: the entry-level ``descrip type="definition"``, else the first term;
- ``note``: the entry-level ``note`` elements, joined.
Entries with terms in fewer than two languages cannot guide a translation and are skipped
(their ids are reported). Written files are TBX-Basic v2 (``martif type="TBX-Basic"``), the
form CAT tools import, with the same mapping, so export then import gives the same entries.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from corpora.errors import TermbaseError
from corpora.termbase import Termbase, TermEntry, check_unique, entry_from_mapping

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"
_LAST = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts")
_BAD_ID = re.compile(r"[^\w.:-]+")


@dataclass
class TbxRead:
    """A termbase read from TBX, and the ids of the entries skipped (fewer than two languages)."""

    termbase: Termbase
    skipped: list[str]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) in names]


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _status(term_holder: ET.Element) -> str:
    for note in term_holder.iter():
        if _local(note.tag) == "termNote" and note.get("type") == "administrativeStatus":
            return _text(note)
    return ""


def _language_terms(lang_set: ET.Element) -> list[str]:
    """Terms of one language, preferred first and deprecated last (document order otherwise)."""
    found = []
    for position, holder in enumerate(_children(lang_set, "tig", "ntig", "termSec")):
        term = next((el for el in holder.iter() if _local(el.tag) == "term"), None)
        if term is None or not _text(term):
            continue
        status = _status(holder)
        rank = 0 if status == PREFERRED else (2 if status in _LAST else 1)
        found.append((rank, position, _text(term)))
    return list(dict.fromkeys(text for _, _, text in sorted(found)))


def _entry(element: ET.Element, number: int, where: str, name: str) -> tuple[TermEntry | None, str]:
    entry_id = _BAD_ID.sub("-", element.get("id") or "").strip("-")[:120] or f"tbx-{number}"
    terms: dict[str, list[str]] = {}
    for lang_set in _children(element, "langSet", "langSec"):
        language = (lang_set.get(XML_LANG) or lang_set.get("lang") or "").split("-")[0].split("_")[0].lower()
        if not language:
            raise TermbaseError(f"{where}: entry {entry_id} has a language section without xml:lang")
        terms.setdefault(language, [])
        terms[language].extend(t for t in _language_terms(lang_set) if t not in terms[language])
    terms = {language: values for language, values in terms.items() if values}
    if len(terms) < 2:
        return None, entry_id
    definition = next((_text(d) for d in _children(element, "descrip") if d.get("type") == "definition"), "")
    note = " ".join(_text(n) for n in _children(element, "note") if _text(n))
    raw = {"id": entry_id, "concept": definition or None, "terms": terms, "note": note}
    return entry_from_mapping(raw, f"{where} entry {entry_id}", name), entry_id


def parse_tbx(data: bytes, where: str, path: Path | None = None) -> TbxRead:
    """A termbase from TBX bytes; TermbaseError for hostile XML, broken XML or no usable entry."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise TermbaseError(f"{where}: refused: the file declares XML entities or external references "
                            f"({type(exc).__name__}); TBX needs neither, remove the DOCTYPE's internal subset") from None
    except ET.ParseError as exc:
        raise TermbaseError(f"{where}: not well-formed XML ({exc})") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise TermbaseError(f"{where}: not a TBX file (the root element is <{_local(root.tag)}>, not <martif> or <tbx>)")
    name = path.stem if path else "termbase"
    entries, skipped = [], []
    elements = [el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")]
    for number, element in enumerate(elements, start=1):
        entry, entry_id = _entry(element, number, where, name)
        if entry is None:
            skipped.append(entry_id)
        else:
            entries.append(entry)
    if not entries:
        raise TermbaseError(f"{where}: no entry with terms in two languages (termEntry/conceptEntry > langSet/langSec > term)")
    check_unique(entries, where)
    description = next((_text(p) for p in root.iter() if _local(p.tag) == "sourceDesc"), "") or \
        next((_text(t) for t in root.iter() if _local(t.tag) == "title"), "")
    return TbxRead(Termbase(name, entries, (), path, description), skipped)


def write_tbx(termbase: Termbase) -> bytes:
    """The termbase as a TBX-Basic v2 document (UTF-8)."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    file_desc = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "titleStmt"), "title").text = termbase.name
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = termbase.description or f"palermo termbase {termbase.name}"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for entry in termbase.entries:
        element = ET.SubElement(body, "termEntry", {"id": entry.id})
        ET.SubElement(element, "descrip", {"type": "definition"}).text = entry.concept
        if entry.note:
            ET.SubElement(element, "note").text = entry.note
        for language, variants in entry.terms.items():
            lang_set = ET.SubElement(element, "langSet", {XML_LANG: language})
            for position, variant in enumerate(variants):
                tig = ET.SubElement(lang_set, "tig")
                ET.SubElement(tig, "term").text = variant
                ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = PREFERRED if position == 0 else ADMITTED
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")
