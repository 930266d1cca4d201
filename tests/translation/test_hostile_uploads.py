"""Hostile uploads to /v1/translate/file, its glossary file and /v1/translate/packages: each is refused
with a problem+json 4xx, nothing is written outside its folder, memory stays bounded; a mixed-encoding
.txt is translated; a 200 MB upload is cut off at the limit over real HTTP."""

from __future__ import annotations

import socket
import tracemalloc

import httpx
import pytest
from fastapi.testclient import TestClient

from corpora.errors import UnsafeFileError
from corpora.file_safety import check_upload_name
from service.app import create_app
from service.state import ServiceState
from tests import hostile_files as hostile
from tests.live_server import LiveServer

LIMIT = 4 * 1024 * 1024
MEMORY_BOUND = 32 * 1024 * 1024


def _app(small_index, **update):
    settings = small_index["settings"].model_copy(update={"max_upload_bytes": LIMIT, **update})
    state = ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])
    return create_app(settings, small_index["registry"], state)


@pytest.fixture(scope="module")
def client(small_index, translation_settings):
    with TestClient(_app(small_index, argos_packages_dir=translation_settings.argos_dir),
                    client=("127.0.0.1", 50000)) as test_client:
        yield test_client


def _problem(response: httpx.Response, status: int, code: str, needle: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == f"urn:palermo:problem:{code}" and needle in body["detail"], body


@pytest.mark.parametrize(("name", "build", "code", "needle"), [
    ("empty.txt", lambda: b"", "document-error", "empty"),
    ("noise.txt", hostile.noise, "document-error", "binary content"),
    ("noise.docx", hostile.noise, "document-error", "not a readable Word document"),
    ("bomb.docx", hostile.bomb_docx, "unsafe-file", "zip bomb"),
    ("entity.docx", hostile.xxe_docx, "unsafe-file", "DOCTYPE or entity"),
    ("laughs.docx", hostile.billion_laughs_docx, "unsafe-file", "DOCTYPE or entity"),
    ("request.pdf", hostile.text_pdf, "document-error", "translate .txt, .md, .html or .docx"),
])
def test_hostile_document_upload_is_refused(client, name, build, code, needle):
    data = build()
    tracemalloc.start()
    response = client.post("/v1/translate/file", data={"target": "en", "source": "nl"}, files={"file": (name, data)})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    _problem(response, 422, code, needle)
    assert peak < MEMORY_BOUND + 2 * len(data)  # the upload itself, spooled once, and no inflated part


def _raw_multipart(file_name: str, field: str = "file") -> tuple[bytes, dict[str, str]]:
    """A multipart body written by hand: the file name's bytes reach the server as they are (httpx would escape them)."""
    parts = [b'--b\r\nContent-Disposition: form-data; name="target"\r\n\r\nen\r\n',
             b'--b\r\nContent-Disposition: form-data; name="source"\r\n\r\nnl\r\n']
    if field == "glossary":
        parts.append(b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
                     b'De minister zendt het verzoek.\r\n')
    parts.append(b'--b\r\nContent-Disposition: form-data; name="' + field.encode() + b'"; filename="'
                 + file_name.encode() + b'"\r\n\r\nDe minister zendt het verzoek.\r\n--b--\r\n')
    return b"".join(parts), {"content-type": "multipart/form-data; boundary=b"}


@pytest.mark.parametrize("name", ["../../x.txt", "/etc/x.txt", "..\\..\\x.txt", "a\x00.txt", "a\x01b.txt", ".."])
@pytest.mark.parametrize("field", ["file", "glossary"])
def test_path_like_upload_names_are_refused(client, name, field):
    body, headers = _raw_multipart(name, field)
    _problem(client.post("/v1/translate/file", content=body, headers=headers), 422, "unsafe-file", "file name")


def test_upload_names_must_be_bare_names():
    assert check_upload_name("verzoek – één.docx", "d.txt") == "verzoek – één.docx" and check_upload_name(None, "d.txt") == "d.txt"
    for name in ("C:\\x.txt", "C:x.txt", "a/b.txt", "\\\\server\\share\\x.txt", "x\x7f.txt", "x" * 300):
        with pytest.raises(UnsafeFileError):
            check_upload_name(name, "d.txt")


def test_mixed_encodings_are_translated_and_named_safely(client):
    text = "De minister zendt het verzoek.\n".encode("utf-8") + "De rechtbank weigert het verzoek.\n".encode("utf-16")[2:]
    _problem(client.post("/v1/translate/file", data={"target": "en", "source": "nl"}, files={"file": ("a.txt", text)}),
             422, "document-error", "binary")  # UTF-16 without its BOM holds NULs: refused, not garbled
    mixed = "De minister zendt het verzoek.\n".encode("utf-8") + "De rechtbank weigert het verzoek. – ”\n".encode("cp1252")
    response = client.post("/v1/translate/file", data={"target": "en", "source": "nl"},
                           files={"file": ("verzoek – één.txt", mixed)})
    assert response.status_code == 200, response.text
    assert response.text.splitlines()[0] == "The Minister sends the request."
    assert "filename*=UTF-8''verzoek%20%E2%80%93%20%C3%A9%C3%A9n.en.txt" in response.headers["content-disposition"]


def test_hostile_glossary_uploads_are_refused(client):
    for name, data in (("terms.csv", hostile.noise()), ("terms.toml", b"[[entries]\nid = "), ("terms.csv", b"")):
        response = client.post("/v1/translate/file", data={"target": "en", "source": "nl"},
                               files={"file": ("a.txt", b"De minister zendt het verzoek."), "glossary": (name, data)})
        assert 400 <= response.status_code < 500 and response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(("name", "data", "status"), [
    ("laughs.tbx", hostile.hostile_tbx("laughs"), 422), ("entity.tbx", hostile.hostile_tbx("xxe"), 422),
    ("noise.tbx", hostile.noise(), 422), ("noise.csv", hostile.noise(), 422), ("empty.tbx", b"", 422),
    ("../../x.tbx", hostile.hostile_tbx("xxe"), 422),
])
def test_hostile_termbase_imports_are_refused(small_index, tmp_path, name, data, status):
    with TestClient(_app(small_index, data_dir=tmp_path / "data"), client=("127.0.0.1", 50000)) as local:
        response = local.post("/v1/termbases", files={"file": (name, data)})
        assert response.status_code == status and response.headers["content-type"].startswith("application/problem+json")
        assert "root:" not in response.text  # no file's content quoted back
    written = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
    assert not [path for path in written if "termbase" in path or path.endswith((".tbx", ".csv"))], written


def test_libretranslate_file_routes_refuse_hostile_files(client):
    for name, data in (("bomb.docx", hostile.bomb_docx()), ("laughs.docx", hostile.billion_laughs_docx()),
                       ("noise.txt", hostile.noise())):
        response = client.post("/translate_file", data={"source": "nl", "target": "en"}, files={"file": (name, data)})
        assert 400 <= response.status_code < 500 and set(response.json()) == {"error"}, response.text
    body, headers = _raw_multipart("../../x.txt")
    response = client.post("/translate_file", content=body, headers=headers)
    assert 400 <= response.status_code < 500 and "file name" in response.json()["error"]
    for name in ("..%2F..%2Fetc%2Fpasswd", "..", "%2Fetc%2Fpasswd"):
        assert 400 <= client.get(f"/download_file/{name}").status_code < 500


@pytest.mark.parametrize(("archive", "needle"), [
    (lambda: hostile.argos_archive(member="translate-xx_yy/../../../x"), "outside the package folder"),
    (lambda: hostile.argos_archive(member="/tmp/palermo-x"), "outside the package folder"),
    (lambda: hostile.argos_archive(symlink=True), "symbolic link"),
    (lambda: hostile.with_nul_in_name(hostile.argos_archive(member="translate-xx_yy/aX/../../x"),
                                      "translate-xx_yy/aX/../../x"), "NUL"),
    (lambda: hostile.argos_archive(bomb_mb=64), "zip bomb"),
])
def test_hostile_packages_are_refused_and_nothing_is_extracted(small_index, tmp_path, archive, needle):
    packages = tmp_path / "deep" / "packages"
    with TestClient(_app(small_index, argos_packages_dir=packages), client=("127.0.0.1", 50000)) as local:
        response = local.post("/v1/translate/packages", files={"file": ("p.argosmodel", archive())})
        _problem(response, 422, "package-rejected", needle)
        assert local.get("/v1/translate/packages").json() == []
    written = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
    assert written == [], written


def _declared_only(port: int, length: int, content_type: str, first: bytes) -> bytes:
    """Send only the head of a request declaring ``length`` bytes, and read the answer (the rest is never sent)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        raw.sendall(f"POST /v1/translate/file HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                    f"Content-Length: {length}\r\n\r\n".encode() + first)
        return raw.recv(65536)


@pytest.mark.enable_socket
def test_a_200_mb_upload_is_cut_off_at_the_limit(small_index):
    chunk = b"Article 1. De minister zendt het verzoek.\n" * 25_000  # about 1 MB

    def body():
        for _ in range(200):
            yield chunk

    boundary = "hostile"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="target"\r\n\r\nen\r\n--{boundary}\r\n'
            'Content-Disposition: form-data; name="file"; filename="huge.txt"\r\n\r\n').encode()

    def multipart():
        yield head
        yield from body()
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    with LiveServer(_app(small_index)) as server, httpx.Client(timeout=60) as http:
        tracemalloc.start()
        declared = _declared_only(server.port, 200 * len(chunk) + len(head), headers["content-type"], head)
        streamed = http.post(server.url + "/v1/translate/file", headers=headers, content=multipart())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert declared.startswith(b"HTTP/1.1 413") and b"application/problem+json" in declared, declared[:300]
    _problem(streamed, 413, "payload-too-large", str(LIMIT))
    assert peak < MEMORY_BOUND, peak
