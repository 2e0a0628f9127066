"""What a page costs a reader's phone on the first visit (issue 17): at most 300 KB on the wire, and
nothing from outside the book.

The built book is served gzip'd on 127.0.0.1 with a static host's headers
(:func:`bookdev.serve.serve_directory`, ``gzip=True``). Every page of ``_toc.yml`` is opened cold on
the profile's phone (:mod:`bookdev.phone`: 412×823, service workers blocked) and every response is
counted with its bytes on the wire (gzip'd body plus headers), until the network is idle: the page,
its scripts, styles, fonts and the images the browser fetched (content images are lazy). Bytes, not
times: the same build gives the same figures on any machine. The times under the slow profile are
measured by ``make bench`` (``bench/phone.py``).
"""

from __future__ import annotations

import pytest

from bookdev.build import toc_pages
from bookdev.phone import visit
from bookdev.serve import serve_directory

#: First visit, bytes on the wire, every page.
BUDGET = 300_000


@pytest.fixture(scope="module")
def gzip_url(book_html):
    with serve_directory(book_html, gzip=True) as url:
        yield url


@pytest.mark.parametrize("docname", toc_pages())
def test_a_first_visit_stays_in_the_budget_and_on_loopback(browser, gzip_url, docname):
    cold = visit(browser, gzip_url, docname)
    assert not cold.left_loopback, f"{docname} requested outside 127.0.0.1: {cold.left_loopback}"
    assert any(r.path.endswith(f"/{docname}.html") for r in cold.responses), "page not counted"
    assert all(not r.from_cache for r in cold.responses), "a first visit found a cache"
    largest = sorted(cold.responses, key=lambda r: -r.bytes)[:5]
    assert cold.wire_bytes <= BUDGET, (
        f"{docname}: {cold.wire_bytes:,} B on the wire > {BUDGET:,} B; largest: "
        + ", ".join(f"{r.path} {r.bytes:,}" for r in largest)
    )
