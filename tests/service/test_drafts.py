"""Guided request drafting over a small real index: UNTOC, the European Conventions on Extradition (ECE) and on
Mutual Assistance (ECMA), the report, and one bilateral treaty with an English text (the Netherlands–Hong Kong
MLA agreement, BWBV0006154). The API runs in process (TestClient) over the real store and models."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import replace

import pytest
from docx import Document
from fastapi.testclient import TestClient

from corpora.errors import DraftTemplateError
from service.app import create_app
from service.drafting import Drafter, DraftInputs
from service.drafting.render import render_docx
from service.state import ServiceState

HK_AGREEMENT = "BWBV0006154"
FACTS = ("Between March and June 2023 Mr Jan DE VRIES, a national of the Netherlands born on 4 May 1970, transferred "
         "EUR 2.3 million from accounts held in Rotterdam to an account at a bank in Hong Kong.\n\n"
         "The funds are believed to be the proceeds of cocaine trafficking by a group operating from Rotterdam.")
OFFENCE = "money laundering (article 420bis of the Criminal Code), punishable by up to four years' imprisonment"


@pytest.fixture(scope="module")
def state(drafting_index) -> ServiceState:
    """The service's components over the drafting index, opened once for the module."""
    return ServiceState.around(drafting_index["settings"], drafting_index["registry"], drafting_index["store"],
                               drafting_index["encoder"])


def _client(state: ServiceState, **overrides) -> TestClient:
    """The app over the same components with some settings changed (limits, keys, template)."""
    settings = state.settings.model_copy(update=overrides)
    return TestClient(create_app(settings, state.registry, replace(state, settings=settings)))


@pytest.fixture(scope="module")
def client(state):
    with _client(state) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def drafter(state) -> Drafter:
    return Drafter(state.retriever, state.registry, state.settings.draft_template)


def _body(**overrides) -> dict:
    body = {"requesting_state": "the Netherlands", "requested_state": "Hong Kong", "kind": "mutual_legal_assistance",
            "measures": ["bank_records", "freezing"], "offence": OFFENCE, "facts": FACTS,
            "requesting_authority": "Public Prosecution Service, Rotterdam"}
    return body | overrides


def _docx(payload: dict) -> Document:
    return Document(io.BytesIO(base64.b64decode(payload["document"]["base64"])))


def _text(document: Document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def hk_draft(client) -> dict:
    response = client.post("/v1/drafts", json=_body())
    assert response.status_code == 200, response.text
    return response.json()


def test_legal_basis_names_the_bilateral_agreement_and_untoc_with_the_warning(hk_draft):
    basis = hk_draft["legal_basis"]
    assert hk_draft["requesting_state"] == "Netherlands" and hk_draft["requested_state"] == "Hong Kong"
    bilateral = [e for e in basis["entries"] if e["kind"] == "bilateral"]
    assert [e["instrument_id"] for e in bilateral] == [HK_AGREEMENT] and bilateral[0]["chosen"]
    assert bilateral[0]["label"].startswith(HK_AGREEMENT + " art. ")
    multilateral = {e["label"] for e in basis["entries"] if e["kind"] == "multilateral"}
    assert "UNTOC art. 18(7)" in multilateral
    assert basis["no_bilateral"] is None
    assert "parties" in basis["warning"] and "ratifications" in basis["warning"]
    assert basis["warning"] in hk_draft["warnings"]


def test_checklist_cites_each_lettered_item_of_both_instruments(hk_draft):
    labels = [item["label"] for item in hk_draft["checklist"]]
    assert [f"UNTOC art. 18(15)({letter})" for letter in "abcdef"] == [l for l in labels if l.startswith("UNTOC art. 18(15)")]
    assert f"{HK_AGREEMENT} art. 5(2)(a)" in labels  # the bilateral treaty's own article on requests
    conditions = {item["text"].split(":")[0]: item for item in hk_draft["checklist"] if item["group"] == "condition"}
    assert {"Dual criminality", "Speciality and limits on use", "Confidentiality", "Channels of transmission"} <= set(conditions)
    assert conditions["Speciality and limits on use"]["label"] in {"UNTOC art. 18(19)", f"{HK_AGREEMENT} art. 8(1)"}
    for item in hk_draft["checklist"]:
        assert item["quote"] and item["status"] in ("filled", "missing")


def test_items_are_marked_from_the_facts_given(hk_draft):
    status = {item["label"]: item for item in hk_draft["checklist"]}
    assert status["UNTOC art. 18(15)(a)"]["status"] == "filled"  # the authority was given
    assert status["UNTOC art. 18(15)(c)"]["status"] == "filled"  # a summary of the facts
    assert status["UNTOC art. 18(15)(e)"]["status"] == "filled" and status["UNTOC art. 18(15)(e)"]["optional"]
    assert status[f"{HK_AGREEMENT} art. 5(2)(f)"]["status"] == "missing"  # no time limit, not urgent
    assert "a time limit or the urgency" in status[f"{HK_AGREEMENT} art. 5(2)(f)"]["missing"]
    assert hk_draft["missing"] == sum(item["status"] == "missing" for item in hk_draft["checklist"])


def test_marks_change_when_facts_are_supplied(drafter):
    bare = drafter.draft(DraftInputs("Netherlands", "Hong Kong", "mutual_legal_assistance", measures=("bank_records",)))
    full = drafter.draft(DraftInputs("Netherlands", "Hong Kong", "mutual_legal_assistance", offence=OFFENCE, facts=FACTS,
                                     measures=("bank_records",), urgent=True, urgency_reason="the funds may be moved"))
    before = {item.label: item.status for item in bare.checklist}
    after = {item.label: item.status for item in full.checklist}
    changed = {label for label in before if before[label] == "missing" and after.get(label) == "filled"}
    assert {"UNTOC art. 18(15)(c)", "UNTOC art. 18(15)(e)", f"{HK_AGREEMENT} art. 5(2)(f)"} <= changed
    assert len(full.missing) < len(bare.missing)
    marks = [row.cells[0].text for row in Document(io.BytesIO(bare.content)).tables[0].rows[1:]]
    assert marks.count("MISSING") + marks.count("MISSING (optional)") == len(bare.missing)


def test_docx_opens_with_disclaimer_headings_numbered_paragraphs_and_citations(hk_draft):
    document = _docx(hk_draft)
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "start of a lawyer's work" in header
    assert document.paragraphs[0].text == "Request for mutual legal assistance in criminal matters"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Introduction", "Legal basis", "Offence and applicable law"]
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert any("Mr Jan DE VRIES" in p for p in numbered)
    text = _text(document)
    assert "UNTOC art. 18(15)" in text and "UNTOC art. 18(15)(a)" in text and f"{HK_AGREEMENT} art. 5(2)" in text
    assert "no ratification" not in text and "ratifications" in text
    table = document.tables[0]
    assert len(table.rows) == 1 + len(hk_draft["checklist"])
    cited = [p.text for p in document.paragraphs if p.text.startswith("[1] ")]
    assert cited and "{{" not in text and "{%" not in text


def test_docx_by_accept_header(client):
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = client.post("/v1/drafts", json=_body(), headers={"Accept": media_type})
    assert response.status_code == 200 and response.headers["content-type"] == media_type
    assert response.headers["content-disposition"].endswith('.docx"')
    assert "UNTOC art. 18(15)" in _text(Document(io.BytesIO(response.content)))


def test_pair_without_bilateral_treaty_shows_multilateral_options(client):
    response = client.post("/v1/drafts", json=_body(requesting_state="Canada", requested_state="Mexico"))
    assert response.status_code == 200, response.text
    basis = response.json()["legal_basis"]
    assert basis["no_bilateral"] == "The corpus holds no bilateral treaty between Canada and Mexico."
    assert [e["kind"] for e in basis["entries"]] and {e["kind"] for e in basis["entries"]} == {"multilateral"}
    assert any(w.startswith(basis["no_bilateral"]) for w in response.json()["warnings"])
    assert "no bilateral treaty between Canada and Mexico" in _text(_docx(response.json()))


def test_extradition_without_a_contents_list_follows_a_guide(client):
    response = client.post("/v1/drafts", json={"requesting_state": "Netherlands", "requested_state": "Canada",
                                               "kind": "extradition", "extradition_purpose": "enforcement"})
    assert response.status_code == 200, response.text
    body = response.json()
    guide = [item for item in body["checklist"] if item["guide"]]
    assert guide and {item["label"] for item in guide} >= {"ECE art. 12(2)(a)", "ECE art. 12(2)(b)"}
    assert any("as a guide" in w for w in body["warnings"])
    assert _docx(body).paragraphs[0].text == "Request for extradition (enforcement of a sentence)"


def test_unknown_state_is_a_422_naming_the_nearest(client):
    response = client.post("/v1/drafts", json=_body(requesting_state="Nederland"))
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["type"].endswith("unknown-state") and "'Nederland'" in problem["detail"]
    assert "'Netherlands'" in problem["detail"]
    response = client.post("/v1/drafts", json=_body(requested_state="Hong Kongg"))
    assert response.status_code == 422 and "'Hong Kong'" in response.json()["detail"]


def test_bad_inputs_are_422(client):
    assert client.post("/v1/drafts", json=_body(kind="rogatory")).status_code == 422
    assert client.post("/v1/drafts", json=_body(measures=["telepathy"])).status_code == 422
    response = client.post("/v1/drafts", json=_body(kind="extradition"))  # measures belong to MLA
    assert response.status_code == 422 and "measures" in response.json()["detail"]
    assert client.post("/v1/drafts", json=_body(requested_state="Netherlands")).status_code == 422


def test_empty_facts_give_a_draft_with_items_missing(client):
    response = client.post("/v1/drafts", json=_body(facts="", offence=""))
    assert response.status_code == 200
    body = response.json()
    status = {item["label"]: item for item in body["checklist"]}
    assert status["UNTOC art. 18(15)(c)"]["status"] == "missing"
    assert "a summary of the facts" in status["UNTOC art. 18(15)(c)"]["missing"]
    assert "[Summary of the facts to be supplied" in _text(_docx(body))


def test_a_hundred_pages_of_facts_fit_the_limit_or_get_a_413(state, client):
    page = ("On 12 March 2023 the suspect met his contact in Rotterdam and handed over a bag of cash. " * 30).strip()
    facts = "\n\n".join([page] * 110)  # ~300 KB
    assert 280_000 < len(facts.encode()) < 1_000_000
    response = client.post("/v1/drafts", json=_body(facts=facts))
    assert response.status_code == 200, response.text
    assert _text(_docx(response.json())).count("handed over a bag of cash") == 30 * 110
    with _client(state, max_request_bytes=100_000) as small:
        response = small.post("/v1/drafts", json=_body(facts=facts))
    assert response.status_code == 413 and response.json()["type"].endswith("payload-too-large")


def _template(path, *lines: str):
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def test_broken_templates_name_the_template_and_the_field(state, tmp_path):
    syntax = _template(tmp_path / "syntax.docx", "{{ title }}", "Dear {{ requested_state }", "{{ date }}")
    with _client(state, draft_template=syntax) as broken:
        response = broken.post("/v1/drafts", json=_body())
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith("bad-draft-template")
    assert "syntax.docx" in response.json()["detail"] and "{{ requested_state }" in response.json()["detail"]
    unknown = _template(tmp_path / "unknown.docx", "{{ title }}", "Case number: {{ case_number }}")
    with _client(state, draft_template=unknown) as broken:
        response = broken.post("/v1/drafts", json=_body())
    assert response.status_code == 422 and "unknown.docx" in response.json()["detail"]
    assert "case_number" in response.json()["detail"]
    attribute = _template(tmp_path / "attribute.docx", "{% for item in checklist %}{{ item.colour }}{% endfor %}")
    with pytest.raises(DraftTemplateError, match="attribute.docx.*colour"):
        render_docx(attribute, {"checklist": [{"mark": "filled"}]})
    called = _template(tmp_path / "called.docx", "{{ title() }}")
    with pytest.raises(DraftTemplateError, match="called.docx.*not callable"):
        render_docx(called, {"title": "Request"})
    (tmp_path / "not-a.docx").write_text("plain text")
    with pytest.raises(DraftTemplateError, match="not a readable .docx"):
        render_docx(tmp_path / "not-a.docx", {})


def test_the_draft_needs_the_api_key_when_keys_are_set(state):
    with _client(state, api_keys=["s3cret"]) as keyed:
        assert keyed.post("/v1/drafts", json=_body()).status_code == 401
        assert keyed.post("/v1/drafts", json=_body(), headers={"X-API-Key": "s3cret"}).status_code == 200


def test_translated_draft_enforces_the_glossary_and_lists_the_terms_fixed(state, tmp_path):
    from service.translation import Translator
    from tests.translation.tiny_package import tiny_package

    glossary = tmp_path / "network-terms.csv"
    glossary.write_text("id,concept,en,fr,note\nmla,mutual legal assistance,mutual legal assistance,"
                        "entraide judiciaire,\ndc,dual criminality,dual criminality,double incrimination,\n",
                        encoding="utf-8")
    # a secretariat's own template: boilerplate of its own (in the tiny model's domain) and one field
    template = _template(tmp_path / "short.docx", "The requested State grants mutual legal assistance.",
                         "{{ checklist[0].label }}")
    settings = state.settings.model_copy(update={"argos_packages_dir": tmp_path / "argos", "termbase_paths": [glossary],
                                                 "draft_template": template})
    translator = Translator(settings)
    translator.install_package(tiny_package("en", "fr"))
    drafter = Drafter(state.retriever, state.registry, settings.draft_template, translator)
    draft = drafter.draft(DraftInputs("Netherlands", "Hong Kong", "mutual_legal_assistance", offence=OFFENCE,
                                      facts=FACTS, measures=("bank_records",), target_language="fr"))
    assert draft.translation is not None and draft.translation.language == "fr"
    fixed = {(term.source_term.casefold(), term.target_term) for term in draft.translation.glossary_fixed}
    assert ("mutual legal assistance", "entraide judiciaire") in fixed
    translated = _text(Document(io.BytesIO(draft.translation.content)))
    pinpoint = re.search(r"\d+\(\d+\)", draft.checklist[0].label).group()
    assert "entraide judiciaire" in translated.casefold() and pinpoint in translated  # designators are kept
    assert draft.translation.filename.endswith(".fr.docx")
    missing = drafter.draft(DraftInputs("Netherlands", "Hong Kong", "mutual_legal_assistance", target_language="de"))
    assert missing.translation is None and any("not translated into de" in w for w in missing.warnings)
