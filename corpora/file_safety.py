"""Checks run on untrusted files before any library parses them: sizes, zip archives, XML, names.

- A zip archive (``.docx``, ``.argosmodel``) is judged by its central directory before
  anything is inflated: member count, the sum of the declared sizes, and the compression ratio
  of each member and of the whole (over 1 MiB, inflating more than ``max_ratio`` times is a
  zip bomb). Reads that follow are bounded by the declared size (Python's zipfile stops there and
  checks the CRC; :func:`read_member` also takes a smaller bound).
- Every XML part of an archive is parsed by ``defusedxml`` (expat) up to its root element:
  a DOCTYPE, an entity declaration (billion laughs, external entities) or a prolog longer
  than 1 MiB refuses the file. OOXML forbids DTDs, so no honest ``.docx`` carries one.
- Uploaded file names must be bare names: no directory part, no ``..``, no NUL or control
  characters.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO, TYPE_CHECKING

from corpora.errors import DocumentError, UnsafeFileError

if TYPE_CHECKING:
    from corpora.settings import Settings

RATIO_FLOOR_BYTES = 1024 * 1024  # smaller members may compress well without being a threat
MAX_MEMBERS = 10_000
XML_PROLOG_MAX_BYTES = 1024 * 1024
_CHUNK = 64 * 1024
_XML_STARTS = (b"<", b"\xef\xbb\xbf<", b"\xff\xfe", b"\xfe\xff", b"\x00<")


@dataclass(frozen=True)
class FileLimits:
    """How much an untrusted file may hold (defaults are the settings' defaults)."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 2_000
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100

    @classmethod
    def from_settings(cls, settings: "Settings", max_bytes: int | None = None) -> "FileLimits":
        """The limits configured in ``Settings`` (``max_bytes`` defaults to ``max_document_bytes``)."""
        return cls(max_bytes=max_bytes or settings.max_document_bytes, max_pages=settings.max_document_pages,
                   max_unpacked_bytes=settings.max_unpacked_bytes, max_ratio=settings.max_compression_ratio)


def check_zip(archive: zipfile.ZipFile, label: str, limits: FileLimits) -> list[zipfile.ZipInfo]:
    """The archive's members, after checking their number, declared sizes and compression ratios."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnsafeFileError(f"{label}: the archive holds {len(members)} entries (limit {MAX_MEMBERS})",
                              reason="too many entries")
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise UnsafeFileError(
                f"{label}: entry {info.filename!r} would inflate {ratio:.0f} times ({info.file_size} bytes; "
                f"limit {limits.max_ratio}): refused as a zip bomb", reason="zip bomb")
    packed = sum(info.compress_size for info in members)
    if total > RATIO_FLOOR_BYTES and total / max(packed, 1) > limits.max_ratio:  # many small members
        raise UnsafeFileError(f"{label}: the archive would inflate {total / max(packed, 1):.0f} times ({total} bytes; "
                              f"limit {limits.max_ratio}): refused as a zip bomb", reason="zip bomb")
    if total > limits.max_unpacked_bytes:
        raise UnsafeFileError(f"{label}: the archive unpacks to {total} bytes (limit {limits.max_unpacked_bytes}, "
                              "PALERMO_MAX_UNPACKED_BYTES)", reason="zip bomb")
    return members


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, limit: int | None = None) -> bytes:
    """A member's bytes, never more than its declared size (or ``limit``)."""
    bound = info.file_size if limit is None else min(limit, info.file_size)
    with archive.open(info) as stream:
        data = stream.read(bound + 1)
    if len(data) > bound:
        raise UnsafeFileError(f"{label}: entry {info.filename!r} holds more than {bound} bytes", reason="too large")
    return data


def check_xml_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], label: str) -> None:
    """Refuse the archive when any XML part declares a DOCTYPE or an entity (read up to its root element)."""
    for info in members:
        if info.is_dir() or info.file_size == 0:
            continue
        with archive.open(info) as stream:
            _check_xml_prolog(stream, f"{label}: {info.filename}")


class _RootReached(Exception):
    pass


class _StopAtRoot:
    """An ElementTree parser target that stops at the first element: the prolog is all that is checked."""

    def start(self, tag: str, attrib: dict) -> None:
        raise _RootReached

    def close(self) -> None:
        return None


def _check_xml_prolog(stream: IO[bytes], label: str) -> None:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    first = stream.read(_CHUNK)
    if not first.lstrip(b" \t\r\n").startswith(_XML_STARTS):
        return  # not XML (an image, a model file)
    parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    seen, chunk = 0, first
    try:
        while chunk:
            parser.feed(chunk)
            seen += len(chunk)
            if seen > XML_PROLOG_MAX_BYTES:
                raise UnsafeFileError(f"{label}: no XML root element in the first {XML_PROLOG_MAX_BYTES} bytes",
                                      reason="unsafe XML")
            chunk = stream.read(_CHUNK)
    except _RootReached:
        return
    except DefusedXmlException as exc:
        raise UnsafeFileError(f"{label}: XML with a DOCTYPE or entity declaration ({type(exc).__name__}) is "
                              "refused", reason="unsafe XML") from None
    except ParseError as exc:
        raise UnsafeFileError(f"{label}: malformed XML ({exc})", reason="malformed XML") from None


def check_docx(source: str | IO[bytes], label: str, limits: FileLimits) -> None:
    """Refuse a .docx that is not a zip, is a zip bomb, or carries a DTD/entity in any XML part."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = check_zip(archive, label, limits)
            check_xml_parts(archive, members, label)
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"{label}: not a readable Word document (BadZipFile: {exc})", reason="corrupt") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise DocumentError(f"{label}: not a readable Word document ({type(exc).__name__})", reason="corrupt") from None


def check_upload_name(name: str | None, default: str) -> str:
    """A bare file name for an upload: ``default`` when none; refused when it is a path or holds control characters."""
    if not name:
        return default
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise UnsafeFileError("the upload's file name holds NUL or control characters", reason="bad file name")
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if (len(posix.parts) != 1 or len(windows.parts) != 1 or posix.is_absolute() or windows.is_absolute()
            or name in (".", "..") or len(name) > 255):
        raise UnsafeFileError(f"the upload's file name must be a bare name, not a path: {name[:80]!r}",
                              reason="bad file name")
    return name
