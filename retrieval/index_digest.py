"""Digest of an index: every point id with a digest of its payload and of each named vector.

Two indexes with equal digests hold the same points, payloads and vectors. The chaos benchmark
compares a killed-and-resumed index with a clean build this way, and `palermo snapshot` records
the summary in a snapshot's manifest and checks it before and after a restore.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter
from dataclasses import dataclass, field

from retrieval.store import SparseVec, VectorStore


@dataclass(frozen=True)
class PointDigest:
    """One point: its sync fields and the sha256 of its payload and of each named vector."""

    id: str
    source_file: str
    source_version: str
    source_chunks: int
    payload: str
    vectors: dict[str, str]


@dataclass
class IndexDigest:
    """Every point of an index by id, and the ids a scroll returned more than once."""

    points: dict[str, PointDigest] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        """Point count and one sha256 each over the sorted ids, the payloads and each named vector."""
        ids = sorted(self.points)
        names = sorted({name for point in self.points.values() for name in point.vectors})
        return {
            "points": len(ids),
            "ids": _sha("\n".join(ids)),
            "payloads": _sha("\n".join(f"{i} {self.points[i].payload}" for i in ids)),
            "vectors": {
                name: _sha("\n".join(f"{i} {self.points[i].vectors.get(name, '-')}" for i in ids)) for name in names
            },
        }


def index_digest(store: VectorStore) -> IndexDigest:
    """Read every point of ``store`` (payload and vectors) and digest it."""
    digest = IndexDigest()
    for record in store.records():
        if record.id in digest.points:
            digest.duplicates.append(record.id)
        payload = record.payload
        digest.points[record.id] = PointDigest(
            id=record.id,
            source_file=str(payload.get("source_file", "")),
            source_version=str(payload.get("source_version", "")),
            source_chunks=int(payload.get("source_chunks", 0)),
            payload=_sha(json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))),
            vectors={name: _vector_sha(vector) for name, vector in record.vectors.items()},
        )
    return digest


def differences(expected: IndexDigest, actual: IndexDigest, limit: int = 20) -> list[str]:
    """Points missing, extra or different (payload or a named vector) in ``actual``; at most ``limit`` lines."""
    lines = [f"missing point {i}" for i in sorted(expected.points.keys() - actual.points.keys())]
    lines += [f"extra point {i} ({actual.points[i].source_file})"
              for i in sorted(actual.points.keys() - expected.points.keys())]
    for point_id in sorted(expected.points.keys() & actual.points.keys()):
        want, got = expected.points[point_id], actual.points[point_id]
        if want.payload != got.payload:
            lines.append(f"payload differs: {point_id} ({got.source_file})")
        for name in sorted(want.vectors.keys() | got.vectors.keys()):
            if want.vectors.get(name) != got.vectors.get(name):
                lines.append(f"vector '{name}' differs: {point_id} ({got.source_file})")
    lines += [f"duplicate point {i}" for i in actual.duplicates]
    return lines[:limit] + ([f"... and {len(lines) - limit} more"] if len(lines) > limit else [])


def summary_differences(expected: dict, actual: dict) -> list[str]:
    """The parts of two digest summaries that differ (point count, ids, payloads, a named vector)."""
    lines = [f"{key}: expected {expected.get(key)}, found {actual.get(key)}"
             for key in ("points", "ids", "payloads") if expected.get(key) != actual.get(key)]
    want, got = expected.get("vectors", {}), actual.get("vectors", {})
    lines += [f"vector '{name}' differs" for name in sorted(want.keys() | got.keys()) if want.get(name) != got.get(name)]
    return lines


def orphans_and_stale(digest: IndexDigest, corpus_keys: set[str]) -> list[str]:
    """Points of files not in the corpus, and files whose points mix versions or are not all there."""
    lines = sorted({f"orphan points of {p.source_file!r} (not in the corpus)"
                    for p in digest.points.values() if p.source_file not in corpus_keys})
    by_file: dict[str, list[PointDigest]] = {}
    for point in digest.points.values():
        by_file.setdefault(point.source_file, []).append(point)
    for key, points in sorted(by_file.items()):
        versions = Counter(point.source_version for point in points)
        expected = max(point.source_chunks for point in points)
        if len(versions) > 1:
            lines.append(f"{key}: points of {len(versions)} versions")
        elif len(points) != expected:
            lines.append(f"{key}: {len(points)} points, the file has {expected} chunks")
    return lines


def _vector_sha(vector: list[float] | SparseVec) -> str:
    if isinstance(vector, SparseVec):
        pairs = sorted(zip(vector.indices, vector.values))
        return _sha_bytes(array("I", [i for i, _ in pairs]).tobytes() + array("f", [v for _, v in pairs]).tobytes())
    return _sha_bytes(array("f", vector).tobytes())


def _sha(text: str) -> str:
    return _sha_bytes(text.encode("utf-8"))


def _sha_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
