"""What a page costs a reader's phone on the first visit (issue 17): at most 300 KB on the wire, and
nothing from outside the book.

The built book is served gzip'd on 127.0.0.1 with a static host's headers
(:func:`bookdev.serve.serve_directory`, ``gzip=True``). Every page of ``_toc.yml`` is opened cold on
the profile's phone (:mod:`bookdev.phone`: 412×823, service workers blocked) and every response is
counted with its bytes on the wire (gzip'd body plus headers), until the network is idle: the page,
its scripts, styles, fonts and the images the browser fetched (content images are lazy). Bytes, not
times: the same build gives the same figures on any machine. The times under the slow profile are
measured by ``make bench`` (``bench/phone.py``).

The tab's icon (``<link rel="icon">``) is counted too: a browser with tabs fetches it with the page,
but the headless shell the tests drive has no tab and never asks for it, so when the visit did not
fetch it, it is fetched here the same way (gzip accepted) and its bytes on the wire are added.
"""

from __future__ import annotations

import http.client
import re
from urllib.parse import urljoin, urlsplit

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


_ICON = re.compile(r'<link rel="icon" href="([^"]+)"')


def icon_wire_bytes(url: str) -> int:
    """Bytes on the wire of a GET of ``url`` as a browser sends it (gzip accepted): the status line
    and headers, then the body as sent."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, (url, response.status)
        head = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in response.getheaders()
        )
        return len(head) + 2 + len(body)
    finally:
        conn.close()


@pytest.mark.parametrize("docname", toc_pages())
def test_a_first_visit_stays_in_the_budget_and_on_loopback(browser, book_html, gzip_url, docname):
    cold = visit(browser, gzip_url, docname)
    page_url = urljoin(gzip_url, f"{docname}.html")
    icons = [
        urljoin(page_url, h)
        for h in _ICON.findall((book_html / f"{docname}.html").read_text("utf-8"))
    ]
    assert icons, f"{docname} names no tab icon"
    fetched = {r.url for r in cold.responses}
    icon_bytes = sum(icon_wire_bytes(u) for u in icons if u not in fetched)
    assert not cold.left_loopback, f"{docname} requested outside 127.0.0.1: {cold.left_loopback}"
    assert any(r.path.endswith(f"/{docname}.html") for r in cold.responses), "page not counted"
    assert all(not r.from_cache for r in cold.responses), "a first visit found a cache"
    largest = sorted(cold.responses, key=lambda r: -r.bytes)[:5]
    assert cold.wire_bytes + icon_bytes <= BUDGET, (
        f"{docname}: {cold.wire_bytes + icon_bytes:,} B on the wire > {BUDGET:,} B; largest: "
        + ", ".join(f"{r.path} {r.bytes:,}" for r in largest)
    )
