"""``_ext/pdf_edition.py``: the intro's PDF edition is a link exactly when the PDF is there.

A two-page Sphinx project in a temporary folder uses the role (``:pdf-edition:`PDF판```, as
``{pdf-edition}`PDF판``` in MyST) and is built again and again as the PDF appears, changes and
goes away: an incremental build must re-read the page each time (``env-get-outdated``), link to
``book.pdf`` only while it exists, and keep the copy in the HTML output equal to the PDF.
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from bookdev import ROOT

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
extensions = ["pdf_edition"]
language = "ko"
"""
INDEX = """
첫 페이지
=========

책 전체를 묶은 :pdf-edition:`PDF판`\\ 도 있습니다.

.. toctree::

   other
"""
OTHER = """
다른 페이지
===========

본문.
"""
LINK = re.compile(r'<a class="pdf-edition reference external" href="book\.pdf">PDF판</a>')
#: The note when the PDF is missing: "PDF판(이 빌드에는 없습니다. 저장소에서 `make pdf`를 …)".
HOW_TO = re.compile(
    r"PDF판\(이 빌드에는 없습니다\. 저장소에서 <code[^>]*><span class=\"pre\">make</span> "
    r"<span class=\"pre\">pdf</span></code>를 실행하면 만들어집니다\)도 있습니다"
)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "index.rst").write_text(INDEX, encoding="utf-8")
    (tmp_path / "other.rst").write_text(OTHER, encoding="utf-8")
    return tmp_path


def build(book: Path, builder: str = "html", *options: str) -> str:
    """Build ``book`` into ``_build/<builder>`` (warnings are errors); the index page's HTML."""
    out = book / "_build" / builder
    args = ["-b", builder, "-W", "-q", "-d", str(book / "_build" / ".doctrees"), *options]
    log = io.StringIO()
    with redirect_stdout(log), redirect_stderr(log):
        status = build_main([*args, str(book), str(out)])
    assert status == 0, log.getvalue()
    return (out / "index.html").read_text(encoding="utf-8")


def write_pdf(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n" + bytes(size))


def test_link_follows_the_pdf_edition(book):
    pdf = book / "_build" / "pdf" / "book.pdf"
    copy = book / "_build" / "html" / "book.pdf"

    html = build(book)  # no PDF: how to make it, no link, no copy
    assert not LINK.search(html) and 'href="book.pdf"' not in html
    assert HOW_TO.search(html)
    assert not copy.exists()

    write_pdf(pdf, 250_000)  # make pdf: the page is read again, links, the PDF is copied
    html = build(book)
    assert LINK.search(html) and "PDF판</a>(0.3 MB)" in html
    assert copy.read_bytes() == pdf.read_bytes()

    write_pdf(pdf, 50_000)  # a new PDF: new size, new copy
    html = build(book)
    assert "PDF판</a>(50 KB)" in html
    assert copy.read_bytes() == pdf.read_bytes()

    pdf.unlink()  # gone: no link again, and no stale copy beside the pages
    html = build(book)
    assert not LINK.search(html) and HOW_TO.search(html)
    assert not copy.exists()


def test_one_page_book_names_the_edition_without_a_link(book):
    write_pdf(book / "_build" / "pdf" / "book.pdf", 1000)
    html = build(book, "singlehtml")
    assert "책 전체를 묶은 PDF판도 있습니다" in html
    assert 'href="book.pdf"' not in html and "이 빌드에는 없습니다" not in html


def test_pdf_file_is_configurable(book):
    write_pdf(book / "edition" / "soft.pdf", 2000)
    html = build(book, "html", "-D", "pdf_edition_file=edition/soft.pdf")
    assert LINK.search(html) and "(2 KB)" in html
    assert (book / "_build" / "html" / "book.pdf").exists()
