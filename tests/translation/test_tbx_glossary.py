"""Network glossaries as TBX and CSV: export -> import round trips, TBX v2 and v3 read, hostile XML refused,
an imported glossary enforced in translation, and the /v1/termbases routes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cli.main import app
from corpora.errors import TermbaseError
from corpora.tbx import parse_tbx, write_tbx
from corpora.termbase import BUILTIN_DIR, load_termbase, load_termbases
from service.translation import Translator

runner = CliRunner()
BUILTIN = "treaty-headings-en-nl"

V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>Secretariat glossary</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c 1">
      <descrip type="definition">Handing over a person for trial</descrip>
      <langSec xml:lang="nl-NL">
        <termSec><term>overlevering</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        <termSec><term>uitlevering</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="en-GB"><termSec><term>surrender</term></termSec></langSec>
      <note>checked by the network</note>
    </conceptEntry>
    <conceptEntry id="mono"><langSec xml:lang="en"><termSec><term>only English</term></termSec></langSec></conceptEntry>
  </body></text>
</tbx>
"""
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<martif type="TBX"><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&c;</term></tig></langSet>
<langSet xml:lang="nl"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&secret;</term></tig></langSet>
<langSet xml:lang="nl"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>"""


def _entries(termbase) -> list[tuple]:
    return [(e.id, e.concept, e.terms, e.note) for e in termbase.entries]


def _out(result) -> str:
    return " ".join(result.output.split())


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_export_then_import_gives_the_same_entries(tmp_path, fmt):
    env = {"PALERMO_DATA_DIR": str(tmp_path / "data")}
    exported = tmp_path / f"network.{fmt}"
    done = runner.invoke(app, ["translate", "glossary", "export", BUILTIN, "--format", fmt, "--out", str(exported)], env=env)
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["translate", "glossary", "import", str(exported)], env=env)
    assert done.exit_code == 0 and "imported network: 435 entries in en, nl" in _out(done)
    imported = load_termbase(tmp_path / "data" / "termbases" / f"network.{fmt}")
    assert _entries(imported) == _entries(load_termbases()[0]) and len(imported.entries) == 435
    listed = _out(runner.invoke(app, ["translate", "glossary", "list"], env=env))
    assert f"network (imported, network.{fmt}) 435 entries en, nl" in listed and f"{BUILTIN} (built-in" in listed
    again = runner.invoke(app, ["translate", "glossary", "import", str(exported)], env=env)
    assert again.exit_code == 2 and "already imported" in _out(again) and "--replace" in _out(again)
    clash = runner.invoke(app, ["translate", "glossary", "import", str(exported), "--name", BUILTIN], env=env)
    assert clash.exit_code == 2 and "built-in or configured termbase is already called" in _out(clash)


def test_tbx_v3_with_statuses_regions_and_a_monolingual_entry():
    read = parse_tbx(V3.encode(), "secretariat.tbx")
    assert read.skipped == ["mono"]
    [entry] = read.termbase.entries
    assert entry.id == "c-1" and entry.concept == "Handing over a person for trial" and entry.note == "checked by the network"
    assert entry.terms == {"nl": ("uitlevering", "overlevering"), "en": ("surrender",)}
    assert read.termbase.description == "Secretariat glossary"
    assert _entries(parse_tbx(write_tbx(read.termbase), "again.tbx").termbase) == _entries(read.termbase)


@pytest.mark.parametrize(("document", "needle"), [
    (BILLION_LAUGHS, "declares XML entities"),
    (EXTERNAL_ENTITY, "declares XML entities"),
    ("<martif><text><body><termEntry>", "not well-formed XML"),
    ("<glossary/>", "not a TBX file"),
])
def test_hostile_or_broken_tbx_is_refused(tmp_path, document, needle):
    path = tmp_path / "hostile.tbx"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(TermbaseError, match=needle):
        load_termbase(path)
    result = runner.invoke(app, ["translate", "glossary", "import", str(path)], env={"PALERMO_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 2 and needle in _out(result) and "root:" not in result.output
    assert not (tmp_path / "data" / "termbases").exists()


def test_an_imported_glossary_is_enforced_in_translation(tmp_path, translation_settings):
    glossary = tmp_path / "secretariat.tbx"
    glossary.write_text(V3, encoding="utf-8")
    env = {"PALERMO_DATA_DIR": str(tmp_path / "data")}
    assert runner.invoke(app, ["translate", "glossary", "import", str(glossary)], env=env).exit_code == 0
    settings = translation_settings.model_copy(update={"data_dir": tmp_path / "data",
                                                       "argos_packages_dir": translation_settings.argos_dir})
    result = Translator(settings).translate_text("De rechtbank weigert uitlevering.", "nl", "en")
    assert result.text == "The court refuses surrender."  # the imported glossary wins over the built-in 'extradition'
    assert [(t.termbase, t.source_term, t.target_term) for t in result.applied] == [("secretariat", "uitlevering", "surrender")]
    removed = runner.invoke(app, ["translate", "glossary", "remove", "secretariat"], env=env)
    assert removed.exit_code == 0 and not list((tmp_path / "data" / "termbases").iterdir())


def test_termbase_routes(small_index, tmp_path):
    from service.app import create_app
    from service.state import ServiceState

    settings = small_index["settings"].model_copy(update={"data_dir": tmp_path / "data"})
    state = ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])
    with TestClient(create_app(settings, small_index["registry"], state), client=("127.0.0.1", 50000)) as client:
        exported = client.get(f"/v1/termbases/{BUILTIN}", params={"format": "csv"})
        assert exported.status_code == 200 and exported.text.startswith("id,concept,en,nl,note\n")
        imported = client.post("/v1/termbases", files={"file": ("network.csv", exported.content)}).json()
        assert imported == {"name": "network", "entries": 435, "languages": ["en", "nl"], "skipped": [], "replaced": False}
        names = {t["name"]: t["origin"] for t in client.get("/v1/termbases").json()}
        assert names == {BUILTIN: "built-in", "network": "imported"}
        hostile = client.post("/v1/termbases", files={"file": ("bad.tbx", BILLION_LAUGHS.encode())})
        assert hostile.status_code == 422 and hostile.json()["type"].endswith("bad-termbase")
        assert client.get("/v1/termbases/nope").status_code == 404
        assert client.delete("/v1/termbases/network").status_code == 204
        assert [t["name"] for t in client.get("/v1/termbases").json()] == [BUILTIN]
    assert BUILTIN_DIR.joinpath(f"{BUILTIN}.toml").is_file()
