"""The translation API over the tiny real packages: LibreTranslate-shaped bodies, files, packages, errors."""

from __future__ import annotations

import io

import docx
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.state import ServiceState

LIMIT = 4 * 1024 * 1024


def _client(small_index, client_host: str = "127.0.0.1", **update) -> TestClient:
    settings = small_index["settings"].model_copy(update={"max_upload_bytes": LIMIT, **update})
    state = ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])
    return TestClient(create_app(settings, small_index["registry"], state), client=(client_host, 50000))


@pytest.fixture(scope="module")
def client(small_index, translation_settings):
    with _client(small_index, argos_packages_dir=translation_settings.argos_dir) as test_client:
        yield test_client


def test_translate_string_and_list(client):
    body = client.post("/v1/translate", json={"q": "De rechtbank weigert wederzijdse rechtshulp.", "source": "auto", "target": "en"}).json()
    assert body["translatedText"] == "The court refuses mutual legal assistance."
    assert body["detectedLanguage"]["language"] == "nl" and body["detectedLanguage"]["confidence"] > 50
    assert body["appliedGlossary"] == [{"id": "mutual-legal-assistance", "termbase": "treaty-headings-en-nl",
                                        "source": "wederzijdse rechtshulp", "target": "mutual legal assistance", "count": 1}]
    listed = client.post("/v1/translate", json={"q": ["De minister zendt het verzoek.", ""], "source": "nl", "target": "fr"}).json()
    assert listed["translatedText"] == ["Le ministre envoie la demande.", ""] and listed["route"][0] == ["nl", "en", "fr"]


def test_inline_glossary_and_html(client):
    glossary = [{"id": "surrender", "terms": {"nl": "uitlevering", "en": "surrender"}}]
    body = client.post("/v1/translate", json={"q": '<p class="x">De rechtbank weigert uitlevering.</p><h2><i>Uitlevering</i></h2>',
                                              "source": "nl", "target": "en", "format": "html", "glossary": glossary}).json()
    assert body["translatedText"] == '<p class="x">The court refuses surrender.</p><h2><i>Surrender</i></h2>'
    assert body["appliedGlossary"] == [{"id": "surrender", "termbase": "request", "source": "uitlevering",
                                        "target": "surrender", "count": 2}]


def test_detect_and_languages(client):
    detected = client.post("/v1/detect", json={"q": "Het verzoek om uitlevering wordt schriftelijk gedaan."}).json()
    assert detected[0]["language"] == "nl"
    languages = {item["code"]: item for item in client.get("/v1/languages").json()}
    assert languages["nl"]["targets"] == ["en", "fr"] and languages["nl"]["direct_targets"] == ["en"]
    assert [p["name"] for p in client.get("/v1/translate/packages").json()] == ["translate-en_fr-tiny", "translate-nl_en-tiny"]


def test_file_round_trip_docx(client):
    document = docx.Document()
    document.add_heading("Uitlevering", level=2)
    document.add_table(rows=1, cols=2).cell(0, 0).text = "De minister zendt de stukken."
    buffer = io.BytesIO()
    document.save(buffer)
    response = client.post("/v1/translate/file", data={"target": "en"}, files={"file": ("verzoek.docx", buffer.getvalue())})
    assert response.status_code == 200, response.text
    assert 'filename="verzoek.en.docx"' in response.headers["content-disposition"]
    assert response.headers["x-palermo-source-language"] == "nl"
    result = docx.Document(io.BytesIO(response.content))
    assert result.paragraphs[0].text == "Extradition" and result.tables[0].cell(0, 0).text == "The Minister sends the documents."


@pytest.mark.parametrize(("call", "status", "code", "needle"), [
    (lambda c: c.post("/v1/translate", json={"q": "De rechtbank.", "source": "nl", "target": "de"}), 422,
     "unsupported-language-pair", "installed pairs: en->fr, nl->en; through English it would need en->de"),
    (lambda c: c.post("/v1/translate", json={"q": "x", "source": "nl", "target": "en",
                                             "glossary": [{"id": "a", "terms": {"nl": "x"}}]}), 422, "bad-termbase", "two languages"),
    (lambda c: c.post("/v1/translate/file", data={"target": "en"}, files={"file": ("a.docx", b"PK\x03\x04junk")}), 422,
     "document-error", "a.docx"),
    (lambda c: c.post("/v1/translate/file", data={"target": "en"}, files={"file": ("a.txt", b"x" * (LIMIT + 10))}), 413,
     "payload-too-large", str(LIMIT)),
])
def test_bad_input_is_problem_json(client, call, status, code, needle):
    response = call(client)
    assert response.status_code == status and response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == f"urn:palermo:problem:{code}" and needle in response.json()["detail"]


def test_empty_text_is_not_an_error(client):
    assert client.post("/v1/translate", json={"q": "", "source": "auto", "target": "en"}).json()["translatedText"] == ""


def test_package_upload_is_admin_only_and_validated(small_index, tiny_packages, tmp_path):
    data = tiny_packages["nl-en"].read_bytes()
    with _client(small_index, "203.0.113.7", argos_packages_dir=tmp_path / "remote") as remote:
        response = remote.post("/v1/translate/packages", files={"file": ("p.argosmodel", data)})
        assert response.status_code == 403
    with _client(small_index, argos_packages_dir=tmp_path / "local") as local:
        refused = local.post("/v1/translate/packages", files={"file": ("p.argosmodel", b"no zip")})
        assert refused.status_code == 422 and refused.json()["type"] == "urn:palermo:problem:package-rejected"
        assert local.get("/v1/languages").json() == []
        done = local.post("/v1/translate/packages", files={"file": ("p.argosmodel", data)}).json()
        assert done["installed"]["from_code"] == "nl" and done["languages"][0]["targets"] == ["en"]
        translated = local.post("/v1/translate", json={"q": "De rechtbank weigert het verzoek.", "source": "nl", "target": "en"})
        assert translated.json()["translatedText"] == "The court refuses the request."
