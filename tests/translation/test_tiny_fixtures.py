"""The tiny packages the translation tests use translate their whole domain on this machine.

The packages are committed fixtures built and verified once (see ``tiny_package``); this
repeats the decoding check here, at every compute type this CPU offers, so a machine whose
inference differed would be named by this test rather than by a puzzling exact-sentence
failure elsewhere.
"""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.translation.tiny_domain import domain_pairs
from tests.translation.tiny_package import PAIRS, tiny_package
from tests.translation.tiny_verify import check_decoding


@pytest.mark.parametrize("pair", PAIRS)
def test_package_translates_its_whole_domain_here(pair, tmp_path):
    import sentencepiece as spm

    with zipfile.ZipFile(tiny_package(*pair.split("-"))) as archive:
        archive.extractall(tmp_path)
    folder = next(tmp_path.iterdir())
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert f"{meta['from_code']}-{meta['to_code']}" == pair
    sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    verdict = check_decoding(folder / "model", sp, domain_pairs(*pair.split("-")))
    assert verdict.checked > 2000
    assert verdict.passed, "\n".join(verdict.failures[:10])
