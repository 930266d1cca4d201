"""Installed translation packages: validate and install local .argosmodel files, list them.

A package is a zip archive whose entries all sit under one top folder holding
``metadata.json`` (``from_code``, ``to_code``, ``type``), ``model/`` (a CTranslate2
model) and a tokenizer (``sentencepiece.model`` or ``bpe.model``). Archives that are not
zips, escape their folder (absolute paths, ``..``, symlinks), unpack to more than
:data:`MAX_UNPACKED_BYTES`, or miss those parts are refused before anything is written.
Nothing here talks to a package index.
"""

from __future__ import annotations

import json
import shutil
import stat
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from corpora.errors import PackageRejectedError

MAX_UNPACKED_BYTES = 4 * 1024 * 1024 * 1024
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
_install_lock = threading.Lock()


@dataclass(frozen=True)
class InstalledPackage:
    """One installed translation package."""

    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    path: Path

    @property
    def pair(self) -> str:
        return f"{self.from_code}->{self.to_code}"

    def as_dict(self) -> dict[str, str]:
        return {"from_code": self.from_code, "to_code": self.to_code, "from_name": self.from_name,
                "to_name": self.to_name, "version": self.version, "name": self.path.name}


def _read_metadata(folder: Path) -> dict | None:
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def list_installed(packages_dir: Path) -> list[InstalledPackage]:
    """Translation packages installed in ``packages_dir`` (folders with a usable metadata.json)."""
    found = []
    for folder in sorted(packages_dir.iterdir()) if packages_dir.is_dir() else []:
        meta = _read_metadata(folder) if folder.is_dir() else None
        if not meta or meta.get("type", "translate") != "translate" or not meta.get("from_code") or not meta.get("to_code"):
            continue
        found.append(InstalledPackage(str(meta["from_code"]), str(meta["to_code"]), str(meta.get("from_name", "")),
                                      str(meta.get("to_name", "")), str(meta.get("package_version", "")), folder))
    return found


def _safe_member_path(info: zipfile.ZipInfo) -> PurePosixPath:
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or ":" in path.parts[0]:
        raise PackageRejectedError(f"package entry {info.filename!r} points outside the package folder")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise PackageRejectedError(f"package entry {info.filename!r} is a symbolic link")
    return path


def inspect_archive(archive: zipfile.ZipFile) -> tuple[str, dict]:
    """Check an opened package archive; return its top folder name and its metadata."""
    members = archive.infolist()
    tops = {_safe_member_path(info).parts[0] for info in members}
    if len(tops) != 1:
        raise PackageRejectedError(f"a package holds exactly one top folder; found {len(tops)}")
    top = tops.pop()
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise PackageRejectedError(f"the package unpacks to more than {MAX_UNPACKED_BYTES} bytes")
    names = {info.filename.rstrip("/") for info in members}
    try:
        meta = json.loads(archive.read(f"{top}/metadata.json"))
    except (KeyError, ValueError) as exc:
        raise PackageRejectedError(f"{top}/metadata.json is missing or not JSON") from exc
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        raise PackageRejectedError("metadata.json must describe a package of type 'translate'")
    if not all(isinstance(meta.get(key), str) and meta[key] for key in ("from_code", "to_code")):
        raise PackageRejectedError("metadata.json needs from_code and to_code")
    if not any(name.startswith(f"{top}/model/") for name in names):
        raise PackageRejectedError(f"{top}/model/ (the CTranslate2 model) is missing")
    if not any(f"{top}/{tokenizer}" in names for tokenizer in TOKENIZER_FILES):
        raise PackageRejectedError("the package has no sentencepiece.model or bpe.model")
    return top, meta


def package_archives(path: Path) -> list[Path]:
    """The .argosmodel files a path names: the file itself, or those in a folder (not recursive)."""
    if path.is_dir():
        archives = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".argosmodel")
        if not archives:
            raise PackageRejectedError(f"{path} holds no .argosmodel file")
        return archives
    if path.is_file():
        return [path]
    raise PackageRejectedError(f"{path} is neither an .argosmodel file nor a folder of them")


def check_archive(archive_path: Path) -> None:
    """Refuse an archive that is not a valid, safe package (nothing is written)."""
    if not zipfile.is_zipfile(archive_path):
        raise PackageRejectedError(f"{archive_path.name} is not an .argosmodel package (not a zip archive)")
    try:
        with zipfile.ZipFile(archive_path) as archive:
            inspect_archive(archive)
    except zipfile.BadZipFile as exc:
        raise PackageRejectedError(f"{archive_path.name} is a corrupt zip archive: {exc}") from exc


def install_packages(path: Path, packages_dir: Path) -> list[InstalledPackage]:
    """Install one .argosmodel file or every one in a folder; all are checked before any is installed."""
    archives = package_archives(path)
    problems = []
    for archive in archives:
        try:
            check_archive(archive)
        except PackageRejectedError as exc:
            problems.append(exc.detail)
    if problems:
        raise PackageRejectedError(f"nothing installed from {path}: " + "; ".join(problems))
    return [install_package(archive, packages_dir) for archive in archives]


def install_package(archive_path: Path, packages_dir: Path) -> InstalledPackage:
    """Validate and install one .argosmodel file; an existing package of the same folder is replaced."""
    if not zipfile.is_zipfile(archive_path):
        raise PackageRejectedError(f"{archive_path.name} is not an .argosmodel package (not a zip archive)")
    packages_dir.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            top, _ = inspect_archive(archive)
            with _install_lock, tempfile.TemporaryDirectory(dir=packages_dir, prefix=".installing-") as tmp:
                archive.extractall(tmp)
                target = packages_dir / top
                if target.exists():
                    shutil.rmtree(target)
                Path(tmp, top).replace(target)
    except zipfile.BadZipFile as exc:
        raise PackageRejectedError(f"{archive_path.name} is a corrupt zip archive: {exc}") from exc
    installed = [pkg for pkg in list_installed(packages_dir) if pkg.path == target]
    if not installed:
        raise PackageRejectedError(f"{archive_path.name} installed no usable translation package")
    return installed[0]
