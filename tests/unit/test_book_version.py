"""``_ext/book_version.py``: the extensions' version follows their source files, and only them."""

from __future__ import annotations

from ..extensions import load_extension

bv = load_extension("book_version")


def test_the_version_changes_with_any_extension_file(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not code\n", encoding="utf-8")
    first = bv.sources_version(tmp_path)
    assert first > 0 and bv.sources_version(tmp_path) == first  # same files, same number
    (tmp_path / "notes.txt").write_text("changed\n", encoding="utf-8")
    assert bv.sources_version(tmp_path) == first  # not a .py
    (tmp_path / "a.py").write_text("x = 2\n", encoding="utf-8")
    edited = bv.sources_version(tmp_path)
    assert edited != first
    (tmp_path / "b.py").write_text("", encoding="utf-8")
    assert bv.sources_version(tmp_path) not in (first, edited)


def test_the_extension_reports_it_to_sphinx():
    assert bv.setup(None)["env_version"] == bv.sources_version()
