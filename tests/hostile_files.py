"""Hostile files built on the fly (never stored): noise, broken and huge PDFs, zip bombs, XML entities,
mixed encodings, archives that escape their folder. Shared by the hostile tests and evals/bench_hostile.py."""

from __future__ import annotations

import io
import random
import stat
import zipfile

NL_LINE = "De minister zendt het verzoek."


def noise(size: int = 64 * 1024, seed: int = 16) -> bytes:
    """Random bytes."""
    return random.Random(seed).randbytes(size)


def text_pdf(text: str = "Article 1. Scope. This law applies to requests.") -> bytes:
    """A one-page PDF with real text (reportlab)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def truncated_pdf() -> bytes:
    """A text PDF cut in half."""
    data = text_pdf()
    return data[: len(data) // 2]


def encrypted_pdf() -> bytes:
    """A PDF that needs a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt("a-password", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def many_pages_pdf(pages: int = 10_000) -> bytes:
    """A valid PDF of ``pages`` blank pages, written by hand (milliseconds, about 0.6 MB)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, b" ".join(b"%d 0 R" % (3 + i) for i in range(pages)))]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def small_docx(text: str = NL_LINE) -> bytes:
    """A real one-paragraph .docx (python-docx)."""
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rewrite_docx(replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
                  big_zero_member: tuple[str, int] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, (replace or {}).get(info.filename, source.read(info)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
        if big_zero_member:
            name, size = big_zero_member
            with out.open(name, "w", force_zip64=True) as stream:
                chunk = bytes(1024 * 1024)
                for _ in range(size // len(chunk)):
                    stream.write(chunk)
    return buffer.getvalue()


def many_parts_bomb_docx(parts: int = 64) -> bytes:
    """A valid .docx plus ``parts`` parts of 1 MiB of zeros each: no part alone is over the ratio floor."""
    return _rewrite_docx(add={f"word/media/image{n}.bin": bytes(1024 * 1024) for n in range(parts)})


def bomb_docx(inflated_mb: int = 64) -> bytes:
    """A valid .docx plus a part of zeros that inflates about 1,000 times (``inflated_mb`` MiB)."""
    return _rewrite_docx(big_zero_member=("word/media/image1.bin", inflated_mb * 1024 * 1024))


_BODY = b'<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
_ROOT = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'


def xxe_docx() -> bytes:
    """A .docx whose document.xml declares an external entity (a local file)."""
    xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _ROOT + _BODY)
    return _rewrite_docx(replace={"word/document.xml": xml})


def billion_laughs_docx() -> bytes:
    """A .docx whose document.xml carries the billion-laughs entity (10 levels of 10)."""
    entities = b'<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (level, b"".join(b"&l%d;" % (level - 1) for _ in range(10))) for level in range(1, 10))
    xml = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [' + entities + b'<!ENTITY x "&l9;">]>'
           + _ROOT + _BODY)
    return _rewrite_docx(replace={"word/document.xml": xml})


def mixed_encoding_text() -> bytes:
    """Lines in UTF-8, Windows-1252 and bytes only Latin-1 decodes."""
    return ("Première ligne en UTF-8: Curaçao.\n".encode("utf-8")
            + "Deuxième ligne en Windows-1252: “Genève”.\n".encode("cp1252")
            + b"Octet \x81 sans sens en Windows-1252.\n")


def utf16_text() -> bytes:
    """UTF-16 with a byte-order mark (Windows Notepad's 'Unicode')."""
    return ("Article 1. Uitlevering van personen.\n" * 3).encode("utf-16")


def argos_archive(*, member: str | None = None, symlink: bool = False, bomb_mb: int = 0) -> bytes:
    """An .argosmodel-shaped zip (metadata, model/, sentencepiece.model) with one hostile twist."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("translate-xx_yy/metadata.json",
                         '{"type": "translate", "from_code": "xx", "to_code": "yy", "package_version": "1"}')
        archive.writestr("translate-xx_yy/model/model.bin", b"model")
        archive.writestr("translate-xx_yy/sentencepiece.model", b"spm")
        if member:
            archive.writestr(member, b"written outside its folder")
        if symlink:
            link = zipfile.ZipInfo("translate-xx_yy/model/link")
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(link, "../../../../etc/passwd")
        if bomb_mb:
            with archive.open("translate-xx_yy/model/weights.bin", "w", force_zip64=True) as stream:
                for _ in range(bomb_mb):
                    stream.write(bytes(1024 * 1024))
    return buffer.getvalue()


def with_nul_in_name(archive: bytes, name: str) -> bytes:
    """``archive`` with a NUL written into one entry's stored name (zipfile truncates NUL names on write)."""
    assert "X" in name and name.encode() in archive
    return archive.replace(name.encode(), name.replace("X", "\x00").encode())


def hostile_tbx(kind: str) -> bytes:
    """A TBX glossary carrying an external entity (``xxe``) or the billion laughs (``laughs``)."""
    if kind == "xxe":
        doctype = b'<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    else:
        doctype = b"<!DOCTYPE tbx [" + b'<!ENTITY l0 "lol">' + b"".join(
            b'<!ENTITY l%d "%s">' % (level, b"&l%d;" % (level - 1) * 10) for level in range(1, 10)) + b'<!ENTITY x "&l9;">]>'
    return (b'<?xml version="1.0"?>' + doctype + b'<tbx type="TBX-Basic"><text><body><conceptEntry id="c1">'
            b'<langSec xml:lang="en"><termSec><term>&x;</term></termSec></langSec>'
            b'<langSec xml:lang="nl"><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>')
