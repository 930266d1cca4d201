"""The source view: instruments of the corpus, their articles and the text of an article in every
language the corpus has (for citations opened one click from an answer)."""

from __future__ import annotations

from dataclasses import asdict

from corpora.errors import NotFoundError
from corpora.records import Instrument
from corpora.registry import Registry
from retrieval.citations import normalise_article
from retrieval.store import SearchFilter, VectorStore

MAX_POINTS_PER_INSTRUMENT = 20_000


def instrument_payload(instrument: Instrument) -> dict:
    """An instrument as JSON data."""
    data = asdict(instrument)
    return {
        "id": instrument.id, "short_name": instrument.short_name, "title": instrument.title,
        "title_en": instrument.title_en, "title_nl": instrument.title_nl, "title_fr": instrument.title_fr,
        "kind": instrument.kind, "topics": list(data["topics"]), "counterpart": instrument.counterpart,
        "languages": list(data["languages"]), "aliases": list(data["aliases"]), "core": instrument.core,
    }


def list_instruments(
    registry: Registry, *, query: str | None = None, kind: str | None = None, topic: str | None = None,
    counterpart: str | None = None,
) -> list[dict]:
    """Instruments matching a name/alias search and filters, core ones first, then by name."""
    needle = (query or "").strip().casefold()
    found = []
    for instrument in registry.instruments.values():
        names = [instrument.id, instrument.short_name, instrument.title, *instrument.aliases,
                 instrument.title_nl or "", instrument.title_fr or "", instrument.counterpart or ""]
        if needle and not any(needle in name.casefold() for name in names):
            continue
        if kind and instrument.kind != kind:
            continue
        if topic and topic not in instrument.topics:
            continue
        if counterpart and counterpart.casefold() not in (instrument.counterpart or "").casefold():
            continue
        found.append(instrument)
    found.sort(key=lambda i: (not i.core, i.kind == "bilateral", i.short_name.casefold()))
    return [instrument_payload(i) for i in found]


def _points(store: VectorStore, flt: SearchFilter) -> list[dict]:
    hits = store.lookup(flt, limit=MAX_POINTS_PER_INSTRUMENT)
    return sorted((hit.payload for hit in hits), key=lambda p: (int(p.get("order", 0)), int(p.get("part", 0))))


def instrument_detail(registry: Registry, store: VectorStore, instrument_name: str) -> dict:
    """An instrument with its articles (number, heading, languages) in reading order."""
    instrument = registry.resolve(instrument_name)
    articles: dict[str, dict] = {}
    for payload in _points(store, SearchFilter(instrument_ids=(instrument.id,))):
        number = payload.get("article")
        key = number or payload.get("label", "")
        label = f"{instrument.short_name} art. {number}" if number else payload.get("label", "")
        entry = articles.setdefault(key, {"article": number, "label": label, "heading": None, "languages": []})
        entry["heading"] = entry["heading"] or payload.get("article_heading")
        if payload.get("language") not in entry["languages"]:
            entry["languages"].append(payload.get("language"))
    return {**instrument_payload(instrument), "articles": list(articles.values())}


def article_view(registry: Registry, store: VectorStore, instrument_name: str, article: str) -> dict:
    """Every paragraph of one article, grouped by language (English first)."""
    instrument = registry.resolve(instrument_name)
    number = normalise_article(article)
    points = _points(store, SearchFilter(instrument_ids=(instrument.id,), articles=(number,)))
    if not points:
        raise NotFoundError(f"{instrument.short_name} has no article {article} in the index")
    versions: dict[str, dict] = {}
    for payload in points:
        language = payload.get("language", "other")
        version = versions.setdefault(language, {"language": language, "heading": payload.get("article_heading"),
                                                 "chapter": payload.get("chapter"), "provisions": []})
        version["provisions"].append({"label": payload.get("label", ""), "paragraph": payload.get("paragraph"),
                                      "text": payload.get("text", ""), "part": int(payload.get("part", 0)),
                                      "parts": int(payload.get("parts", 1))})
    ordered = sorted(versions.values(), key=lambda v: (v["language"] != "en", v["language"]))
    return {"instrument_id": instrument.id, "instrument_short": instrument.short_name, "article": number,
            "versions": ordered}
