"""Every hostile-input case against ingest (the documents folder) and the upload endpoints; prints a
table case -> result, time and peak traced memory (Python allocations, tracemalloc).

    PALERMO_DATA_DIR=/tmp/fuzz/data python -m evals.bench_hostile

The data dir's index backs the app (any index will do); the upload cases run through the real app
(in process), the 200 MB upload over real HTTP on loopback.
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx

from corpora.errors import DocumentError
from corpora.file_safety import FileLimits
from ingest.documents import parse_document
from tests import hostile_files as hostile

HUGE_BYTES = 200 * 1024 * 1024
INGEST_CASES: list[tuple[str, Callable[[], bytes]]] = [
    ("empty.txt", lambda: b""), ("noise.txt", hostile.noise), ("noise.pdf", hostile.noise),
    ("noise.docx", hostile.noise), ("truncated.pdf", hostile.truncated_pdf), ("encrypted.pdf", hostile.encrypted_pdf),
    ("10000-pages.pdf", hostile.many_pages_pdf), ("bomb-400MB.docx", lambda: hostile.bomb_docx(400)),
    ("external-entity.docx", hostile.xxe_docx), ("billion-laughs.docx", hostile.billion_laughs_docx),
    ("mixed-encodings.txt", hostile.mixed_encoding_text), ("utf16-bom.txt", hostile.utf16_text),
]


def measured(call: Callable[[], str]) -> tuple[str, float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, (time.perf_counter() - started) * 1000, peak / 1e6


def ingest_case(folder: Path, name: str, data: bytes | None) -> str:
    path = folder / name
    if data is None:
        with path.open("wb") as huge:
            huge.truncate(HUGE_BYTES)
    else:
        path.write_bytes(data)
    return outcome(path)


def outcome(path: Path) -> str:
    """What ingest does with the file: parsed (how many provisions) or skipped (the reason)."""
    try:
        provisions = parse_document(path, "DOC-X", "X", FileLimits())
        return f"parsed: {len(provisions)} provision(s)"
    except DocumentError as exc:
        return f"skipped: {exc.detail.split(': ', 1)[-1]}"


def upload_cases() -> list[tuple[str, str, dict]]:
    """(case, path, multipart files) for the in-process upload checks."""
    text = b"De minister zendt het verzoek."
    cases = [(name, "/v1/translate/file", {"file": (name, build())}) for name, build in INGEST_CASES
             if name.endswith((".docx", ".txt")) and "utf16" not in name]
    cases += [(f"name {name!r}", "/v1/translate/file", {"file": (name, text)}) for name in ("../../x.txt", "/etc/x.txt")]
    cases += [("glossary noise.csv", "/v1/translate/file", {"file": ("a.txt", text), "glossary": ("g.csv", hostile.noise())})]
    packages = [("traversal member", hostile.argos_archive(member="translate-xx_yy/../../x")),
                ("absolute member", hostile.argos_archive(member="/tmp/x")),
                ("symlink member", hostile.argos_archive(symlink=True)),
                ("NUL in member name", hostile.with_nul_in_name(hostile.argos_archive(member="translate-xx_yy/aX"),
                                                                "translate-xx_yy/aX")),
                ("zip bomb 400 MB", hostile.argos_archive(bomb_mb=400))]
    cases += [(f".argosmodel {name}", "/v1/translate/packages", {"file": ("p.argosmodel", data)}) for name, data in packages]
    return cases


def describe(response: httpx.Response) -> str:
    if response.status_code >= 400:
        body = response.json()
        return f"{response.status_code} {body['type'].rsplit(':', 1)[-1]}: {body['detail'][:90]}"
    return f"{response.status_code} translated ({len(response.content)} bytes)"


def main() -> None:
    from fastapi.testclient import TestClient

    from corpora.registry import load_registry
    from corpora.settings import load_settings
    from service.app import create_app
    from service.state import ServiceState
    from tests.live_server import LiveServer

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, build in (("warm.pdf", hostile.text_pdf), ("warm.docx", hostile.small_docx)):  # imports, not measured
            ingest_case(folder, name, build())
        for name, build in [*INGEST_CASES, ("200MB.txt", None)]:
            data = build() if build else None
            rows.append((name, "ingest", *measured(lambda: ingest_case(folder, name, data))))
        link = folder / "link.txt"
        os.symlink("/etc/hostname", link)
        rows.append(("symlink.txt", "ingest", *measured(lambda: outcome(link))))
    settings = load_settings()
    registry = load_registry(settings)
    state = ServiceState.open(settings, registry)
    state.owns_store = False  # two servers in turn (in process, then HTTP) share it; closed below
    app = create_app(settings, registry, state)
    try:
        with TestClient(app, client=("127.0.0.1", 50000)) as client:
            client.post("/v1/translate/file", data={"target": "en", "source": "nl"},  # loads the model, not measured
                        files={"file": ("warm.txt", b"De minister zendt het verzoek.")})
            for case, path, files in upload_cases():
                form = {"target": "en", "source": "nl"} if path.endswith("file") else {}
                rows.append((case, "upload", *measured(lambda: describe(client.post(path, data=form, files=files)))))
        with LiveServer(app) as server, httpx.Client(timeout=120) as http:
            rows.append(("200MB.txt streamed", "upload", *measured(lambda: describe(http.post(
                server.url + "/v1/translate/file", data={"target": "en"},
                files={"file": ("huge.txt", _Huge(HUGE_BYTES))})))))
    finally:
        state.store.close()
    print("| case | where | result | ms | peak MB |\n|---|---|---|---|---|")
    for case, where, result, ms, peak in rows:
        print(f"| {case} | {where} | {result} | {ms:.0f} | {peak:.1f} |")


class _Huge:
    """A file-like object of ``size`` bytes of text, read in chunks (never held whole)."""

    def __init__(self, size: int) -> None:
        self.left = size

    def read(self, size: int = -1) -> bytes:
        size = min(self.left, 1024 * 1024 if size < 0 else size)
        self.left -= size
        return b"x" * size


if __name__ == "__main__":
    main()
