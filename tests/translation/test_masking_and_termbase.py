"""Protected spans, masking round trips and termbase loading (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora.errors import TermbaseError
from corpora.termbase import Termbase, TermEntry, load_termbase, load_termbases
from service.translation.masking import Glossary, mask, unmask
from service.translation.protected_spans import find_protected_spans


def test_protected_span_kinds():
    text = ("Under article 18(15) and articles 5 bis, 6(2)(b), file 2024/123-AB of 12.03.2024 and 3 March 2024, "
            "ECLI:NL:HR:2020:123, mail a.b@just.nl, see https://example.org/x?a=1.")
    found = {(s.kind, s.text) for s in find_protected_spans(text)}
    assert found == {("reference", "18(15)"), ("reference", "5 bis, 6(2)(b)"), ("case_number", "2024/123-AB"),
                     ("date", "12.03.2024"), ("date", "3 March 2024"), ("case_number", "ECLI:NL:HR:2020:123"),
                     ("email", "a.b@just.nl"), ("url", "https://example.org/x?a=1")}


def test_mask_and_unmask_with_case_and_lost_tokens():
    entry = TermEntry("mla", "MLA", {"nl": ("wederzijdse rechtshulp",), "en": ("mutual legal assistance",)}, termbase="t")
    masked = mask("Wederzijdse  rechtshulp op grond van artikel 5, dossier 2024/77.", Glossary([entry], "nl", "en"))
    assert masked.text == "QX0Q op grond van artikel QX1Q, dossier QX2Q."
    restored, lost = unmask("QX0Q under article QX 1Q, file QX9Q.", masked)
    assert restored == "Mutual legal assistance under article 5, file . 2024/77"
    assert [slot.source_text for slot in lost] == ["2024/77"]


def test_mask_avoids_tokens_already_in_the_text():
    masked = mask("Code QX1Q in dossier 2024/12.", None)
    assert masked.prefix != "QX" and masked.prefix in masked.text


def test_builtin_termbase_loads_with_key_entries():
    (termbase,) = load_termbases()
    assert termbase.name == "treaty-headings-en-nl" and len(termbase.entries) > 300
    pairs = {(e.preferred("en"), e.preferred("nl")) for e in termbase.entries}
    assert {("mutual legal assistance", "wederzijdse rechtshulp"), ("extradition", "uitlevering"),
            ("central authority", "centrale autoriteit"), ("rule of speciality", "specialiteitsbeginsel")} <= pairs


def test_user_termbases_csv_and_folder(tmp_path: Path):
    folder = tmp_path / "tb"
    folder.mkdir()
    (folder / "mine.csv").write_text("id,concept,nl,fr,note\nsurrender,Surrender,overlevering,remise|remise,x\n", encoding="utf-8")
    termbases = load_termbases([folder])
    assert [t.name for t in termbases] == ["treaty-headings-en-nl", "mine"]
    assert termbases[1].entries[0].terms == {"nl": ("overlevering",), "fr": ("remise", "remise")}


@pytest.mark.parametrize("text", [
    '[[entries]]\nid = "x"\nterms = { en = "a" }\n',                     # one language only
    '[[entries]]\nid = "x"\nterms = { en = "a", NL = "b" }\n',           # bad code
    '[[entries]]\nid = "x"\nterms = { en = "a", nl = "" }\n',            # empty term
    '[[entries]]\nid = "x"\nterms = { en = "a", nl = "b" }\n[[entries]]\nid = "x"\nterms = { en = "c", nl = "d" }\n',
    'not toml ===',
])
def test_bad_termbases_are_refused(tmp_path: Path, text: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TermbaseError):
        load_termbase(path)


def test_glossary_prefers_longest_match():
    entries = [TermEntry("a", "A", {"en": ("assistance",), "nl": ("bijstand",)}),
               TermEntry("b", "B", {"en": ("mutual legal assistance",), "nl": ("wederzijdse rechtshulp",)})]
    found = Glossary(entries, "en", "nl").find("Mutual legal assistance and assistance.")
    assert [entry.id for _, _, entry in found] == ["b", "a"]
    assert Termbase("x", entries).languages == ("en", "nl")
