"""No local link of the HTML book leads to a missing file or a missing ``#id``.

In the HTML book (``make book``, what ``make serve`` and GitHub Pages serve: ``_build/html``), every
page's local ``href``, ``src`` and form ``action`` (links, images, scripts, styles, the search form,
the redirect of ``index.html``) must name a file of the build, and a ``#fragment`` that points into
a page of the book must name an ``id`` (or ``name``) on that page. Links to other hosts, ``mailto:``
and ``data:`` are not local. Pages are the HTML files Sphinx wrote; ``_static/`` holds the themes'
files (two of them Jinja macro files named ``*.html``), not pages. The one local link that depends
on the build — the intro's PDF edition, ``book.pdf`` — is rendered only when the file is there
(``_ext/pdf_edition.py``; with and without the PDF: ``tests/unit/test_pdf_edition.py``).
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bookdev.build import built_book

#: Attributes that load or lead to a URL.
URL_ATTRIBUTES = ("href", "src", "action")
_REFRESH = re.compile(r"url=(?P<url>\S+)", re.IGNORECASE)


class _Tags(HTMLParser):
    """Every start tag of a page as ``(name, attributes)``: all these checks need (no tree)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


@functools.cache
def tags_of(page: Path) -> tuple[tuple[str, dict[str, str]], ...]:
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return tuple(parser.tags)


def local_urls(tags) -> list[tuple[str, str]]:
    """``(tag, url)`` for every URL of the page that stays in the book."""
    urls = [
        (name, attrs[attr])
        for attr in URL_ATTRIBUTES
        for name, attrs in tags
        if attr in attrs and name != "base"
    ]
    for name, attrs in tags:
        refresh = name == "meta" and attrs.get("http-equiv", "").lower() == "refresh"
        if refresh and (match := _REFRESH.search(attrs.get("content", ""))):
            urls.append(("meta refresh", match["url"]))
    return [(tag, url) for tag, url in urls if is_local(url)]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc) and bool(url.strip())


def ids_of(page: Path) -> frozenset[str]:
    named = [attrs["id"] for _, attrs in tags_of(page) if "id" in attrs]
    named += [attrs["name"] for tag, attrs in tags_of(page) if tag == "a" and "name" in attrs]
    return frozenset(named)


def pages_of(root: Path) -> list[Path]:
    """The pages of a build: its HTML files outside ``_static/``."""
    return [p for p in root.rglob("*.html") if "_static" not in p.relative_to(root).parts]


def broken_links(root: Path) -> list[str]:
    """Every local URL of every page under ``root`` that names a missing file or ``#id``."""
    broken = []
    for page in sorted(pages_of(root)):
        for tag, url in local_urls(tags_of(page)):
            parts = urlsplit(url)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(root)}: <{tag}> {url}"
            if not target.is_file() or not target.is_relative_to(root.resolve()):
                broken.append(f"{where} → no file {target}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in ids_of(target)
            ):
                broken.append(f"{where} → no id {parts.fragment!r} in {target.name}")
    return broken


def test_broken_links_finds_missing_files_and_ids(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a><a href="b.html#gone">id</a><img src="c.png">'
        '<a href="book.pdf">pdf</a><a href="https://example.org/x">ext</a><a href="#top">top</a>'
        '<p id="top"></p><meta http-equiv="refresh" content="0; url=d.html">'
        '<form action="search.html"></form>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<h1 id="here">b</h1>', encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "macros.html").write_text('<link href="{{ pathto(x) }}">')
    broken = broken_links(tmp_path)
    assert len(broken) == 4, broken
    assert any("#gone" in b for b in broken) and any("book.pdf" in b for b in broken)
    assert any("d.html" in b for b in broken) and any("search.html" in b for b in broken)


def test_every_local_link_resolves():
    root = built_book("html")
    assert len(pages_of(root)) > 10
    broken = broken_links(root)
    assert broken == [], f"{len(broken)} broken local links in _build/html:\n" + "\n".join(broken)
