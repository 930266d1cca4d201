"""The LibreTranslate-compatible routes on a real uvicorn server on loopback, over the tiny real packages:
the published libretranslatepy client, then JSON, form-encoded, query-string and multipart bodies with httpx."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
import time
import urllib.error

import docx
import httpx
import pytest
import uvicorn
from libretranslatepy import LibreTranslateAPI

from service.app import create_app
from service.state import ServiceState

KEY = "k-" + "s3cret-for-tests"
LIMIT = 1024 * 1024
TIMEOUT = 120  # seconds; the machine is shared, the default 5 s is too short under load


@pytest.fixture(scope="module")
def lt_state(small_index, translation_settings) -> ServiceState:
    """One service state (translator, models loaded once) for every server of this module."""
    settings = small_index["settings"].model_copy(update={"argos_packages_dir": translation_settings.argos_dir,
                                                          "max_upload_bytes": LIMIT})
    return ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])


@contextlib.contextmanager
def running_server(state: ServiceState, **update):
    """palermo's app served by uvicorn in a thread on a free loopback port; yields its base URL."""
    settings = state.settings.model_copy(update=update)
    app = create_app(settings, state.registry, state)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def server(lt_state, socket_enabled):
    with running_server(lt_state) as url:
        yield url


def _http_error(call) -> tuple[int, dict]:
    with pytest.raises(urllib.error.HTTPError) as caught:
        call()
    return caught.value.code, json.loads(caught.value.read())


def test_libretranslatepy_client(server):
    lt = LibreTranslateAPI(server)
    assert lt.translate("De rechtbank weigert wederzijdse rechtshulp.", "nl", "en") == "The court refuses mutual legal assistance."
    assert lt.translate("De minister zendt het verzoek.", "auto", "fr") == "Le ministre envoie la demande."
    detected = lt.detect("Het verzoek om uitlevering wordt schriftelijk gedaan.")
    assert detected[0]["language"] == "nl" and 50 < detected[0]["confidence"] <= 100
    assert {d["language"] for d in detected} <= {"nl", "en", "fr"}
    assert lt.languages() == [{"code": "en", "name": "English", "targets": ["fr"]},
                              {"code": "fr", "name": "French", "targets": []},
                              {"code": "nl", "name": "Dutch", "targets": ["en", "fr"]}]
    status, body = _http_error(lambda: lt.translate("De rechtbank.", "nl", "de"))
    assert status == 400 and "no installed package translates nl to de" in body["error"]
    status, body = _http_error(lambda: lt.detect(""))
    assert (status, body) == (400, {"error": "Invalid request: missing q parameter"})


def test_json_form_and_query_bodies(server):
    with httpx.Client(base_url=server, timeout=TIMEOUT) as client:
        listed = client.post("/translate", json={"q": ["De minister zendt het verzoek.", "De rechtbank weigert uitlevering."],
                                                 "source": "auto", "target": "en", "alternatives": 2}).json()
        assert listed["translatedText"] == ["The Minister sends the request.", "The court refuses extradition."]
        assert [d["language"] for d in listed["detectedLanguage"]] == ["nl", "nl"] and listed["alternatives"] == [[], []]
        form = client.post("/translate", data={"q": "De minister zendt het verzoek.", "source": "nl", "target": "fr"}).json()
        assert form == {"translatedText": "Le ministre envoie la demande."}
        query = client.post("/translate?source=nl&target=en", data={"q": "De minister zendt het verzoek.", "format": "html"})
        assert query.json() == {"translatedText": "The Minister sends the request."}
        html = client.post("/translate", json={"q": "<p><b>De minister zendt het verzoek.</b></p>", "source": "nl",
                                               "target": "en", "format": "html"}).json()
        assert html["translatedText"] == "<p><b>The Minister sends the request.</b></p>"
        settings = client.get("/frontend/settings").json()
        assert settings["keyRequired"] is False and ".docx" in settings["supportedFilesFormat"]
        assert settings["language"] == {"source": {"code": "auto", "name": "Auto Detect"}, "target": {"code": "en", "name": "English"}}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"json": {"source": "nl", "target": "en"}}, "Invalid request: missing q parameter"),
    ({"data": {"q": "De rechtbank.", "target": "en"}}, "Invalid request: missing source parameter"),
    ({"json": {"q": "De rechtbank.", "source": "nl", "target": "en", "format": "xml"}}, "xml format is not supported"),
    ({"json": {"q": "De rechtbank.", "source": "nl", "target": "en", "alternatives": "many"}},
     "Invalid request: alternatives parameter is not a number"),
    ({"json": {"q": [1, 2], "source": "nl", "target": "en"}}, "Invalid request: q must be a text or a list of texts"),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, "Invalid JSON format"),
    ({"json": ["q", "source"]}, "Invalid JSON format"),
    ({"content": b"[" * 200_000, "headers": {"content-type": "application/json"}}, "Invalid JSON format"),
    ({"json": {"q": "De rechtbank.", "source": "nl", "target": "english"}}, "target language 'english' is not a language code"),
])
def test_bad_parameters_are_400_in_libretranslate_shape(server, kwargs, message):
    response = httpx.post(f"{server}/translate", timeout=TIMEOUT, **kwargs)
    assert response.status_code == 400 and response.headers["content-type"] == "application/json"
    assert message in response.json()["error"] and set(response.json()) == {"error"}


def test_translate_file_and_download(server):
    document = docx.Document()
    document.add_heading("Uitlevering", level=2)
    document.add_paragraph("De minister zendt de stukken.")
    buffer = io.BytesIO()
    document.save(buffer)
    with httpx.Client(base_url=server, timeout=TIMEOUT) as client:
        response = client.post("/translate_file", data={"source": "auto", "target": "en"},
                               files={"file": ("verzoek.docx", buffer.getvalue())})
        assert response.status_code == 200, response.text
        url = response.json()["translatedFileUrl"]
        assert url.startswith(f"{server}/download_file/") and url.endswith(".verzoek.en.docx")
        download = client.get(url)
        assert 'filename="verzoek.en.docx"' in download.headers["content-disposition"]
        assert [p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs] == ["Extradition", "The Minister sends the documents."]
        assert client.get("/download_file/..%2F..%2Fsecret").status_code in (400, 404)
        missing = client.get(f"/download_file/{'0' * 32}.gone.txt")
        assert missing.status_code == 404 and "expired" in missing.json()["error"]
        bad = client.post("/translate_file", data={"source": "nl", "target": "en"}, files={"file": ("a.exe", b"MZ")})
        assert bad.json() == {"error": "Invalid request: file format not supported"} and bad.status_code == 400
        too_big = client.post("/translate_file", data={"source": "nl", "target": "en"},
                              files={"file": ("big.txt", b"x" * (LIMIT + 100_000))})
        assert too_big.status_code == 413 and set(too_big.json()) == {"error"} and "exceeds the limit" in too_big.json()["error"]
        nofile = client.post("/translate_file", data={"source": "nl", "target": "en"})
        assert nofile.status_code == 400 and nofile.json() == {"error": "Invalid request: missing file parameter"}


def test_api_key_and_request_limit(lt_state, socket_enabled):
    with running_server(lt_state, api_keys=[KEY], libretranslate_req_limit=2) as url:
        assert LibreTranslateAPI(url, api_key=KEY).translate("De minister zendt het verzoek.", "nl", "en") == \
            "The Minister sends the request."
        status, body = _http_error(lambda: LibreTranslateAPI(url, api_key="wrong").translate("De rechtbank.", "nl", "en"))
        assert (status, body) == (403, {"error": "Invalid API key"})
        status, body = _http_error(lambda: LibreTranslateAPI(url).detect("De rechtbank weigert uitlevering."))
        assert status == 400 and "API key" in body["error"]
        assert LibreTranslateAPI(url).languages()[0]["code"] == "en"  # open, as in LibreTranslate
        with httpx.Client(base_url=url, headers={"X-API-Key": KEY}, timeout=TIMEOUT) as client:
            assert client.post("/detect", data={"q": "De rechtbank weigert uitlevering."}).status_code == 200
            assert client.get("/frontend/settings").json()["keyRequired"] is True
            limited = client.post("/detect", data={"q": "De rechtbank weigert uitlevering."})  # the 3rd keyed request in a minute
            assert limited.status_code == 429 and limited.json() == {"error": "Slowdown: 2 per 1 minute"}


def test_cors_for_browser_clients(lt_state, socket_enabled):
    """Off by default; with PALERMO_CORS_ORIGINS, preflights and answers carry the headers a browser needs."""
    origin = "http://translator.intranet"
    preflight = {"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    with running_server(lt_state) as url:
        assert "access-control-allow-origin" not in httpx.get(f"{url}/languages", headers={"Origin": origin}).headers
    with running_server(lt_state, cors_origins=[origin]) as url, httpx.Client(base_url=url, timeout=TIMEOUT) as client:
        answer = client.options("/translate", headers=preflight)
        assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == origin
        done = client.post("/translate", headers={"Origin": origin},
                           json={"q": "De minister zendt het verzoek.", "source": "nl", "target": "en"})
        assert done.headers["access-control-allow-origin"] == origin and done.json()["translatedText"] == "The Minister sends the request."
        assert client.options("/translate", headers={**preflight, "Origin": "http://elsewhere"}).status_code == 400
