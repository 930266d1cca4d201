"""Registry, aliases and settings against the shared manifests."""

from __future__ import annotations

import pytest

from corpora.errors import ConfigurationError, CorpusError, NotFoundError
from corpora.registry import Registry
from corpora.settings import load_settings


@pytest.fixture(scope="module")
def registry(corpus_dir):
    return Registry.load(corpus_dir, ["instruments", "reports"])


def test_registry_holds_the_focused_corpus(registry):
    assert len(registry.instruments) == 193
    untoc = registry.get("BWBV0001668")
    assert untoc.short_name == "UNTOC" and untoc.kind == "multilateral_un"
    assert untoc.n_articles_en == 41
    report = registry.get("CTOC-COP-2024-SECRETARIAT-IC")
    assert report.kind == "report" and report.corpus_set == "reports"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Palermo Convention", "BWBV0001668"),
        ("organized crime convention", "BWBV0001668"),
        ("ETS 24", "BWBV0001010"),
        ("ECMA", "BWBV0001009"),
        ("Budapest Convention", "BWBV0001839"),
        ("1988 Convention", "BWBV0001103"),
        ("2024 Secretariat report", "CTOC-COP-2024-SECRETARIAT-IC"),
        ("bwbv0001830", "BWBV0001830"),
    ],
)
def test_resolve_names(registry, name, expected):
    assert registry.resolve(name).id == expected


def test_a_unique_part_of_a_name_resolves(registry):
    assert registry.resolve("Budapest").id == "BWBV0001839"
    assert registry.resolve("Lanzarote").id == "BWBV0004127"


def test_an_ambiguous_part_lists_the_candidates(registry):
    with pytest.raises(NotFoundError, match=r"no instrument is called 'Protocol' \(it could be"):
        registry.resolve("Protocol")


def test_unknown_name_is_a_clear_error(registry):
    with pytest.raises(NotFoundError, match="no instrument is called 'Treaty of Nowhere'"):
        registry.resolve("Treaty of Nowhere")


def test_mentions_prefer_the_longest_name(registry):
    text = "Under the Second Additional Protocol to the European Convention on Mutual Assistance in Criminal Matters"
    mentions = registry.find_mentions(text)
    assert [m.instrument_ids for m in mentions] == [("BWBV0003125",)]


def test_mentions_of_a_group_name_map_to_several_instruments(registry):
    (mention,) = registry.find_mentions("the Palermo Protocols")
    assert set(mention.instrument_ids) == {"BWBV0001749", "BWBV0001750", "BWBV0001710"}


def test_user_aliases_file_overrides(corpus_dir, tmp_path):
    extra = tmp_path / "aliases.toml"
    extra.write_text('[BWBV0001006]\nshort = "Benelux 1962"\naliases = ["Benelux Treaty"]\n', encoding="utf-8")
    registry = Registry.load(corpus_dir, ["instruments"], extra)
    assert registry.resolve("Benelux Treaty").short_name == "Benelux 1962"


def test_bad_manifest_line_names_file_and_line(tmp_path):
    folder = tmp_path / "instruments"
    folder.mkdir()
    (folder / "manifest.jsonl").write_text('{"id": "X1"}\n{broken\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest.jsonl:2: not valid JSON"):
        Registry.load(tmp_path, ["instruments"])


def test_missing_corpus_dir_names_the_setting(tmp_path):
    settings = load_settings(corpus_dir=tmp_path / "nowhere")
    with pytest.raises(ConfigurationError, match="PALERMO_CORPUS_DIR"):
        settings.require_corpus_dir()


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PALERMO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PALERMO_QDRANT_MODE", "local")
    settings = load_settings()
    assert settings.data_dir == tmp_path and settings.store_dir == tmp_path / "qdrant-local"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selon la Convention europeenne d’extradition, ...", "BWBV0001010"),
        ("¿Qué exige la convencion de viena de 1988?", "BWBV0001103"),
        ("Volgens het Verdrag van Palermo", "BWBV0001668"),
        ("Según la Convención de las Naciones Unidas contra la Corrupción", "BWBV0001830"),
        ("Le Protocole relatif à la traite des personnes", "BWBV0001749"),
    ],
)
def test_mentions_in_other_languages_ignore_case_and_accents(registry, text, expected):
    mentions = registry.find_mentions(text)
    assert [m.instrument_ids for m in mentions] == [(expected,)]
    assert text[mentions[0].start : mentions[0].end] == mentions[0].alias
