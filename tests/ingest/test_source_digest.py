"""A source file's digest follows links (a corpus folder may be made of them) and sees their target change."""

from __future__ import annotations

from ingest.sources import _file_digest


def test_a_linked_file_is_digested_by_its_content(tmp_path):
    target = tmp_path / "treaty.md"
    target.write_text("Article 1\n\nThe Parties agree.\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert _file_digest(link).hexdigest() == _file_digest(target).hexdigest()
    before = _file_digest(link).hexdigest()
    target.write_text("Article 1\n\nThe Parties agree to cooperate.\n", encoding="utf-8")
    assert _file_digest(link).hexdigest() != before


def test_a_dangling_link_or_a_folder_gets_a_marker(tmp_path):
    dangling = tmp_path / "gone.md"
    dangling.symlink_to(tmp_path / "missing.md")
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert _file_digest(dangling).hexdigest() == _file_digest(folder).hexdigest()
