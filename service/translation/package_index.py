"""An internal argostranslate package index: what it offers, and a verified download of one package.

The index is argos's own format (the ``index.json`` that ``argospm`` reads): a JSON list of
package entries with ``type``, ``from_code``, ``from_name``, ``to_code``, ``to_name``,
``package_version``, ``argos_version`` and ``links`` (URLs of the ``.argosmodel``).
palermo also reads one field argos does not have: ``sha256``, the hex SHA-256 of the
``.argosmodel`` file (``checksum`` with the same value, optionally as ``"sha256:<hex>"``,
is accepted too). Entries without it are listed but never installed.

Network rule: the only host palermo talks to is the index's own (scheme, host and port of
``PALERMO_ARGOS_INDEX_URL``), and only when a command asks (install, list). Links may be
relative to the index URL; links (and redirects) to another host are refused. Proxy
variables are ignored. A download goes to a temporary file, is hashed while it streams,
and is handed on only when its SHA-256 matches; otherwise it is deleted.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from corpora.errors import PackageIndexError, PackageRejectedError
from service.translation.packages import MAX_UNPACKED_BYTES, InstalledPackage

_SHA256 = re.compile(r"^(?:sha256:)?([0-9a-fA-F]{64})$")
_PAIR = re.compile(r"^(?:translate-)?([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)[-_>]+([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")
CHUNK = 1 << 16


@dataclass(frozen=True)
class IndexEntry:
    """One translation package the index offers."""

    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    links: tuple[str, ...]
    sha256: str | None

    @property
    def pair(self) -> str:
        return f"{self.from_code}->{self.to_code}"

    @property
    def name(self) -> str:
        """argospm's name of the package (``translate-nl_en``)."""
        return f"translate-{self.from_code}_{self.to_code}"


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.\-]", version))


def parse_pair(text: str) -> tuple[str, str] | None:
    """``nl-en``, ``nl_en``, ``nl->en`` or ``translate-nl_en`` as (from, to); None otherwise."""
    match = _PAIR.match(text.strip())
    return (match.group(1), match.group(2)) if match else None


def parse_entries(data: object, index_url: str) -> list[IndexEntry]:
    """The translation packages of an index document (other entry types, e.g. ``sbd``, are skipped)."""
    if not isinstance(data, list):
        raise PackageIndexError(f"the package index at {index_url} is not a JSON list of packages (argos's index format)")
    entries = []
    for raw in data:
        if not isinstance(raw, dict) or raw.get("type", "translate") != "translate":
            continue
        from_code, to_code, links = raw.get("from_code"), raw.get("to_code"), raw.get("links")
        if not (isinstance(from_code, str) and isinstance(to_code, str) and isinstance(links, list) and links):
            continue
        checksum = raw.get("sha256") or raw.get("checksum")
        match = _SHA256.match(checksum) if isinstance(checksum, str) else None
        entries.append(IndexEntry(from_code, to_code, str(raw.get("from_name", "")), str(raw.get("to_name", "")),
                                  str(raw.get("package_version", "")), tuple(urljoin(index_url, str(link)) for link in links),
                                  match.group(1).lower() if match else None))
    return entries


class PackageIndex:
    """The configured index; every request goes to its own scheme, host and port."""

    def __init__(self, url: str, timeout: float) -> None:
        if _origin(url)[0] not in ("http", "https") or not _origin(url)[1]:
            raise PackageIndexError(f"PALERMO_ARGOS_INDEX_URL must be an http(s) URL; got {url!r}")
        self.url = url
        self.timeout = timeout

    def _check_origin(self, request: httpx.Request) -> None:
        if _origin(str(request.url)) != _origin(self.url):
            raise PackageIndexError(f"{request.url} is not on the package index's host ({urlsplit(self.url).netloc}); "
                                    "palermo connects to the configured index only")

    def _client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout, trust_env=False, follow_redirects=True,
                            event_hooks={"request": [self._check_origin]})

    def entries(self) -> list[IndexEntry]:
        """The translation packages the index offers."""
        try:
            with self._client() as client:
                response = client.get(self.url)
                response.raise_for_status()
                data = response.json()
        except httpx.HTTPStatusError as exc:
            raise PackageIndexError(f"the package index at {self.url} answered {exc.response.status_code}") from None
        except httpx.HTTPError as exc:
            raise PackageIndexError(f"cannot reach the package index at {self.url}: {exc or type(exc).__name__}") from None
        except ValueError:
            raise PackageIndexError(f"the package index at {self.url} is not JSON") from None
        return parse_entries(data, self.url)

    def find(self, from_code: str, to_code: str) -> IndexEntry:
        """The newest entry for the pair, or an error naming the pairs the index has."""
        entries = self.entries()
        matching = [e for e in entries if (e.from_code, e.to_code) == (from_code, to_code)]
        if not matching:
            offered = ", ".join(sorted({e.pair for e in entries})) or "none"
            raise PackageRejectedError(f"the package index has no {from_code}->{to_code} package; it offers: {offered}")
        return max(matching, key=lambda e: _version_key(e.version))

    def download(self, entry: IndexEntry, folder: Path) -> Path:
        """Download ``entry`` into ``folder`` and check its SHA-256; the verified file, or an error and no file."""
        if not entry.sha256:
            raise PackageRejectedError(f"the index entry of {entry.name} has no sha256; add the hex SHA-256 of the "
                                       ".argosmodel as \"sha256\" to install it")
        usable = [link for link in entry.links if _origin(link) == _origin(self.url)]
        if not usable:
            raise PackageRejectedError(f"no link of {entry.name} is on the package index's host ({urlsplit(self.url).netloc})")
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{entry.name}-", suffix=".argosmodel.partial")
        path = Path(name)
        try:
            with open(handle, "wb") as out:
                digest = self._fetch(usable[0], out)
            if digest != entry.sha256:
                raise PackageRejectedError(f"checksum mismatch for {entry.name}: the index says sha256 {entry.sha256}, "
                                           f"the download has {digest}; nothing was installed")
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path

    def _fetch(self, link: str, out) -> str:  # noqa: ANN001 - a binary file object
        digest, size = hashlib.sha256(), 0
        try:
            with self._client() as client, client.stream("GET", link) as response:
                response.raise_for_status()
                for chunk in response.iter_bytes(CHUNK):
                    size += len(chunk)
                    if size > MAX_UNPACKED_BYTES:
                        raise PackageRejectedError(f"{link} is larger than {MAX_UNPACKED_BYTES} bytes")
                    digest.update(chunk)
                    out.write(chunk)
        except httpx.HTTPStatusError as exc:
            raise PackageIndexError(f"{link} answered {exc.response.status_code}") from None
        except httpx.HTTPError as exc:
            raise PackageIndexError(f"cannot download {link}: {exc or type(exc).__name__}") from None
        return digest.hexdigest()


def install_from_index(index: PackageIndex, from_code: str, to_code: str, work_dir: Path,
                       install: Callable[[Path], InstalledPackage]) -> InstalledPackage:
    """Find the pair in the index, download and verify it in a temporary folder, then ``install`` it.

    ``install`` validates the archive and moves the unpacked package into place in one rename,
    so a failure at any step leaves the installed packages as they were.
    """
    entry = index.find(from_code, to_code)
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_dir, prefix=".argos-download-") as tmp:
        return install(index.download(entry, Path(tmp)))
