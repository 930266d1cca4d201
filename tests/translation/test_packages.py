"""Installing .argosmodel files: valid ones install, unsafe or broken ones are refused before writing."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest

from corpora.errors import PackageRejectedError
from service.translation.packages import install_package, list_installed

META = {"type": "translate", "from_code": "nl", "to_code": "en", "package_version": "1"}


def _zip(path: Path, entries: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


def _good(top: str = "pkg") -> dict[str, bytes]:
    return {f"{top}/metadata.json": json.dumps(META).encode(), f"{top}/model/model.bin": b"x",
            f"{top}/sentencepiece.model": b"x"}


def test_the_tiny_package_installs_and_lists(tmp_path, tiny_packages):
    installed = install_package(tiny_packages["nl-en"], tmp_path / "pk")
    assert (installed.from_code, installed.to_code, installed.path.name) == ("nl", "en", "translate-nl_en-tiny")
    assert [p.pair for p in list_installed(tmp_path / "pk")] == ["nl->en"]
    assert (installed.path / "spacy").is_dir()  # its own offline sentence splitter


@pytest.mark.parametrize(("entries", "symlink", "message"), [
    ({"../evil/metadata.json": b"{}"}, None, "outside"),
    ({"/abs/metadata.json": b"{}"}, None, "outside"),
    (_good(), "pkg/link", "symbolic link"),
    ({**_good(), **_good("other")}, None, "one top folder"),
    ({k: v for k, v in _good().items() if "metadata" not in k}, None, "metadata.json"),
    ({**_good(), "pkg/metadata.json": json.dumps({**META, "type": "sbd"}).encode()}, None, "translate"),
    ({k: v for k, v in _good().items() if "model.bin" not in k}, None, "model/"),
    ({k: v for k, v in _good().items() if "sentencepiece" not in k}, None, "sentencepiece"),
])
def test_unsafe_or_broken_packages_are_refused(tmp_path, entries, symlink, message):
    archive = _zip(tmp_path / "bad.argosmodel", entries, symlink)
    with pytest.raises(PackageRejectedError, match=message) as caught:
        install_package(archive, tmp_path / "pk")
    assert caught.value.status == 422
    assert not (tmp_path / "evil").exists() and list_installed(tmp_path / "pk") == []


def test_non_zip_is_refused(tmp_path):
    path = tmp_path / "x.argosmodel"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(PackageRejectedError, match="not a zip"):
        install_package(path, tmp_path / "pk")


def test_argostranslate_is_not_imported_by_the_service_modules():
    import subprocess
    import sys

    code = ("import sys; import service.app, service.translation, service.routers.translate, cli.main; "
            "print('argostranslate' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "False", done.stderr[-2000:]
