"""Decode a text file whose encoding nobody declared: UTF-8 or UTF-16 (by BOM), else line by line.

A file that is not valid UTF-8 as a whole is decoded line by line: each line as UTF-8 when it
is valid UTF-8, else as Windows-1252, else as Latin-1 (which decodes any byte). A file that
mixes encodings (a UTF-8 letter pasted into a Windows-1252 file) thus keeps every line
readable, and the result says which encodings were used. Text with NUL bytes (and no UTF-16
BOM), or whose fallback decoding is more than 5% control characters, is binary and refused.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from corpora.errors import DocumentError

SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.05
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class DecodedText:
    """The text and the encodings that decoded it (``"utf-8"``, or e.g. ``"utf-8+cp1252"`` for a mixed file)."""

    text: str
    encoding: str

    @property
    def mixed(self) -> bool:
        return "+" in self.encoding


def decode_text(data: bytes, label: str) -> DecodedText:
    """Decode ``data``; DocumentError for binary content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"{label}: declares {encoding} by its byte-order mark but is not "
                                    f"({exc.reason} at byte {exc.start})", reason="encoding") from None
    if b"\x00" in data[:SNIFF_BYTES]:
        raise DocumentError(f"{label}: binary content, not a text file", reason="binary")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lines, used = [], []
    for line in data.splitlines(keepends=True):
        text, encoding = _decode_line(line)
        lines.append(text)
        if encoding not in used:
            used.append(encoding)
    decoded = DecodedText("".join(lines), "+".join(used))
    if _control_share(decoded.text[:SNIFF_BYTES]) > MAX_CONTROL_SHARE:
        raise DocumentError(f"{label}: binary content, not a text file", reason="binary")
    return decoded


def _control_share(sample: str) -> float:
    """Share of control characters (C0 but tab and line ends, C1) in a sample: text has almost none."""
    controls = sum(1 for char in sample if (ord(char) < 32 and char not in "\t\n\r\f") or 0x7F <= ord(char) < 0xA0)
    return controls / max(len(sample), 1)


def _decode_line(line: bytes) -> tuple[str, str]:
    for encoding in ("utf-8", "cp1252"):
        try:
            return line.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1"), "latin-1"
