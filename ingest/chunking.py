"""Provisions -> chunks: stable point ids, content hashes, sentence-aligned parts."""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache

import pysbd

from corpora.records import Chunk, Provision

#: Fixed namespace so point ids are stable across machines and runs.
POINT_NAMESPACE = uuid.UUID("5b0c3c55-6d1e-4d7e-9a55-70a1e4000000")
SEGMENTER_LANGUAGE = {"en": "en", "fr": "fr", "nl": "nl"}


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=SEGMENTER_LANGUAGE.get(language, "en"), clean=False)


def split_sentences(text: str, language: str) -> list[str]:
    """Sentences of ``text`` (sub-paragraph lines are kept as their own units)."""
    sentences: list[str] = []
    for line in text.splitlines():
        if line.strip():
            sentences.extend(part.strip() for part in _segmenter(language).segment(line) if part.strip())
    return sentences


def split_long_text(text: str, language: str, max_chars: int) -> list[str]:
    """Parts of at most ``max_chars`` (a single longer sentence stays whole), on sentence bounds."""
    if len(text) <= max_chars:
        return [text]
    parts: list[str] = []
    current = ""
    for sentence in split_sentences(text, language):
        if current and len(current) + 1 + len(sentence) > max_chars:
            parts.append(current)
            current = sentence
        else:
            current = f"{current}\n{sentence}" if current else sentence
    if current:
        parts.append(current)
    return parts


def provision_key(provision: Provision) -> str:
    """Natural key of a provision inside its instrument."""
    block = provision.extra.get("block", "")
    page = provision.extra.get("page", "")
    return "/".join(
        [
            provision.instrument_id,
            provision.language,
            provision.kind,
            provision.article or "",
            provision.paragraph or "",
            block,
            page,
        ]
    )


def context_prefix(provision: Provision) -> str:
    """Article heading (or chapter) given to the embedder as context."""
    heading = provision.article_heading or provision.chapter or ""
    return f"{heading}. " if heading else ""


def _content_hash(*fields: str) -> str:
    digest = hashlib.sha256()
    for value in fields:
        digest.update(value.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def chunk_provisions(provisions: list[Provision], source_file: str, max_chars: int) -> list[Chunk]:
    """Chunks of all provisions of one file; duplicate keys get a running suffix."""
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for provision in provisions:
        key = provision_key(provision)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}#{seen[key]}"
        parts = split_long_text(provision.text, provision.language, max_chars)
        for number, text in enumerate(parts):
            embed_text = context_prefix(provision) + text
            chunks.append(
                Chunk(
                    point_id=str(uuid.uuid5(POINT_NAMESPACE, f"{key}/{number}")),
                    content_hash=_content_hash(key, provision.label, provision.chapter or "", embed_text),
                    provision=provision,
                    part=number,
                    parts=len(parts),
                    text=text,
                    embed_text=embed_text,
                    source_file=source_file,
                )
            )
    return chunks

