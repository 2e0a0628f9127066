"""Offline after one visit: the book's service worker (static/book/sw.js, _ext/offline_book.py).

A reader opens one page of the book on a phone; after it has loaded, the worker saves the whole
book. Then, with the network gone, every other page of ``_toc.yml`` opens — pages this browser
never loaded before — with its text, typeset math, figures and live sliders, and the search page
finds Korean terms. A rebuilt book with changed content gets a new cache version, which replaces
the old cache in a browser that had the old one (the build writes its worker as
``offline_book`` computes it from the built files, so a new edition is made here by changing a page
of a copy and writing its worker with the same functions: no second build).

The book is served by :class:`BookServer` with ``Cache-Control: no-store``: nothing lands in the
browser's HTTP cache, so offline only the worker can answer (each page's response must say it came
from the service worker). "Offline" is both ``context.set_offline(True)`` and the server stopped.
Nothing here waits a fixed time: each step waits for a state (worker active, cache complete).
"""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from bookdev import ROOT
from bookdev.browser import FONTS_READY, LOAD_ALL_IMAGES
from bookdev.build import toc_pages

from ..extensions import load_extension
from .support import saved_widget_views, source_of

PAGES = toc_pages()
WORKER_TIMEOUT_MS = 180_000
# service workers: the other browser tests block them (tests/browser/conftest.py)
pytestmark = pytest.mark.browser_context_args(
    viewport={"width": 390, "height": 844},
    device_scale_factor=2,
    locale="ko-KR",
    service_workers="allow",
)


offline_book = load_extension("offline_book")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.root))

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


class BookServer:
    """A built book on 127.0.0.1 (``url``), never cached by the browser; ``root`` may be switched to
    another build between requests, and ``stop()`` ends it for good."""

    def __init__(self, root: Path):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.root = root
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, root: Path) -> None:
        self.httpd.root = root

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def book(book_html) -> Path:
    """The built book (``tests/browser/conftest.py``); its service worker must be there."""
    assert (book_html / "sw.js").exists(), "the HTML build wrote no sw.js (_ext/offline_book.py)"
    return book_html


@pytest.fixture
def server(book):
    srv = BookServer(book)
    yield srv
    srv.stop()


def cache_name(base: str, version: str) -> str:
    """The worker's cache for one build: ``book <scope> <version>`` (static/book/sw.js)."""
    return f"book {base} {version}"


#: page.evaluate: wait until a worker controls the page (it takes control after its install, i.e.
#: the precache, has finished), then return how many files the cache ``name`` holds (-1: none).
#: Gives up after ``ms`` milliseconds, so a worker that never activates fails the test.
CONTROLLED_CACHE_SIZE = """async ({name, ms}) => {
    const sw = navigator.serviceWorker;
    const controlled = sw.controller ? Promise.resolve()
        : new Promise(resolve => sw.addEventListener('controllerchange', resolve, {once: true}));
    const late = new Promise((_, reject) =>
        setTimeout(() => reject(new Error('no service worker took control')), ms));
    await Promise.race([controlled, late]);
    if (!(await caches.has(name))) return -1;
    return (await (await caches.open(name)).keys()).length;
}"""

#: page.evaluate: ask for an update of the worker and wait until the new version has replaced the
#: old one: its cache exists, the old cache is gone (activate deletes it) and the active worker
#: controls the page (clients.claim). Polls these states; gives up after ``ms`` milliseconds.
NEW_VERSION_ACTIVE = """async ({newName, oldName, ms}) => {
    const sw = navigator.serviceWorker;
    const reg = await sw.ready;
    reg.update();  // the reload may have started the update already
    const replaced = async () => (await caches.has(newName)) && !(await caches.has(oldName))
        && reg.active?.state === 'activated' && sw.controller === reg.active;
    for (const end = Date.now() + ms; Date.now() < end; ) {
        if (await replaced()) return true;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    return false;
}"""

#: Rendered math: every .math element holds rendered markup (MathJax's mjx-container or another
#: renderer's), not only its TeX source text.
RAW_MATH = """() => [...document.querySelectorAll('.math')].filter(e => !e.firstElementChild)
    .map(e => e.textContent.slice(0, 60))"""

#: The live figures' sliders (whatever draws them: a range input in a cell output or a .livefig).
SLIDERS = ":is(.livefig, .cell_output) input[type=range]"

#: For every slider: open the closed dropdown (an exercise's solution) it sits in.
OPEN_SLIDER_DROPDOWNS = """sel => document.querySelectorAll(sel).forEach(s => {
    if (!s.checkVisibility({visibilityProperty: true, opacityProperty: true}))
        s.closest('.dropdown')?.querySelector('button.toggle-button')?.click();
})"""

#: Is the figure of slider ``i`` drawn: an svg or canvas with an area in its figure.
FIGURE_DRAWN = """([sel, i]) => {
    const root = document.querySelectorAll(sel)[i].closest('.livefig, .cell_output');
    return [...root.querySelectorAll('svg, canvas')].some(g => {
        const r = g.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
}"""


def open_first_page(context, server: BookServer, root: Path, docname: str):
    """Open ``docname`` in ``context`` and wait until the worker controls it with the whole book
    cached; return (page, precache, page-made requests)."""
    page = context.new_page()
    by_page: list[str] = []  # URLs the pages (not the worker) asked for
    context.on("request", lambda r: r.service_worker is None and by_page.append(r.url))
    page.goto(urljoin(server.url, f"{docname}.html"), wait_until="load")
    precache = offline_book.read_precache(root)
    name = cache_name(server.url, precache["version"])
    cached = page.evaluate(CONTROLLED_CACHE_SIZE, {"name": name, "ms": WORKER_TIMEOUT_MS})
    assert cached == len(precache["files"]), f"{cached} files in {name!r}"
    return page, precache, by_page


def check_sliders(page, docname: str) -> None:
    """At least one live slider on a page that saved widget views; each figure drawn, and each
    slider's value changes with the keyboard."""
    any_slider = f"() => document.querySelectorAll('{SLIDERS}').length > 0"
    page.wait_for_function(any_slider, timeout=30_000)
    page.evaluate(OPEN_SLIDER_DROPDOWNS, SLIDERS)
    sliders = page.locator(SLIDERS)
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        slider.scroll_into_view_if_needed()
        assert page.evaluate(FIGURE_DRAWN, [SLIDERS, i]), f"{docname}: figure {i} not drawn"
        before = slider.input_value()
        slider.focus()
        at_max = slider.evaluate("s => Number(s.value) >= Number(s.max)")
        slider.press("ArrowLeft" if at_max else "ArrowRight")
        assert slider.input_value() != before, f"{docname}: slider {i} did not move ({before})"


def test_every_page_opens_offline_after_one_visit(new_context, server, book):
    context = new_context()
    first = PAGES[0]
    page, precache, by_page = open_first_page(context, server, book, first)

    # What the worker saved: every page of the book, the manifest, the icons.
    files = set(precache["files"])
    assert {f"{p}.html" for p in PAGES} <= files
    assert {"search.html", "searchindex.js", "manifest.webmanifest"} <= files
    assert {"_static/book/icon-192.png", "_static/book/icon-512.png"} <= files
    # The pages themselves never asked for another page of the book: only the worker did.
    documents = {urlsplit(u).path for u in by_page if u.endswith(".html")}
    assert documents == {f"/{first}.html"}, documents

    # Network off: the browser is offline and the server is gone.
    context.set_offline(True)
    server.stop()
    failed: list[str] = []
    # A page's request that the worker could not answer fails; the worker's own network attempts
    # (pages are network first) fail by design and do not count.
    context.on(
        "requestfailed",
        lambda r: r.service_worker is None and failed.append(f"{r.url}: {r.failure}"),
    )
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    for docname in PAGES[1:]:
        response = page.goto(urljoin(server.url, f"{docname}.html"), wait_until="load")
        assert response is not None and response.ok and response.from_service_worker, docname
        page.evaluate(FONTS_READY)
        text = page.evaluate("() => document.querySelector('article')?.innerText.trim() ?? ''")
        assert len(text) > 200 and page.locator("article h1").count() == 1, docname
        assert page.evaluate(RAW_MATH) == [], f"{docname}: math left as TeX"
        assert page.evaluate(LOAD_ALL_IMAGES) == [], f"{docname}: images not loaded offline"
        source = source_of(docname)
        if source.suffix == ".ipynb" and saved_widget_views(source):
            check_sliders(page, docname)
        assert failed == [] and errors == [], (docname, failed, errors)

    # Search works offline too (its scripts and index come from the cache).
    page.goto(urljoin(server.url, "search.html?q=소프트맥스"), wait_until="load")
    page.wait_for_function(
        "() => document.querySelectorAll('#search-results ul.search li a').length > 0",
        timeout=30_000,
    )
    assert failed == [] and errors == [], (failed, errors)
    context.close()


def test_file_urls_need_no_worker(page, book):
    """Read from disk (file://): the page works and registers nothing."""
    page.goto((book / f"{PAGES[1]}.html").as_uri(), wait_until="load")
    assert page.evaluate("() => document.querySelector('article h1')?.textContent.length > 0")
    assert page.evaluate("() => navigator.serviceWorker?.controller ?? null") is None


def test_the_build_writes_the_worker_of_its_files(book):
    """sw.js as the extension computes it from the built files: every file a page can load, and
    a version that is the hash of their names and bytes."""
    files = offline_book.precache_files(book)
    template = (ROOT / offline_book.TEMPLATE).read_text(encoding="utf-8")
    expected = offline_book.service_worker(
        template, offline_book.precache_version(book, files), files
    )
    assert (book / "sw.js").read_text(encoding="utf-8") == expected
    assert {f"{p}.html" for p in PAGES} <= set(files)


def publish_new_edition(book: Path, folder: Path) -> Path:
    """A copy of the built ``book`` whose first page says something new, with its worker written
    again as the build writes it (:func:`test_the_build_writes_the_worker_of_its_files`): what a
    reader's browser finds after the site is rebuilt with one changed page."""
    shutil.copytree(book, folder)
    page = folder / f"{PAGES[0]}.html"
    html = page.read_text(encoding="utf-8")
    start = html.index("<p>", html.index("<article"))  # the first paragraph of the content
    html = html[:start] + "<p>새 판: 캐시 시험 문장.</p>\n" + html[start:]
    page.write_text(html, encoding="utf-8")
    files = offline_book.precache_files(folder)
    template = (ROOT / offline_book.TEMPLATE).read_text(encoding="utf-8")
    version = offline_book.precache_version(folder, files)
    worker = offline_book.service_worker(template, version, files)
    (folder / "sw.js").write_text(worker, encoding="utf-8")
    return folder


def test_a_rebuilt_book_replaces_the_old_cache(tmp_path, new_context, server, book):
    rebuilt = publish_new_edition(book, tmp_path / "html")
    old, new = offline_book.read_precache(book), offline_book.read_precache(rebuilt)
    assert new["version"] != old["version"] and new["files"] == old["files"]

    # A reader of the old build has it cached …
    context = new_context()
    page, _, _ = open_first_page(context, server, book, PAGES[1])
    # … the site is updated; the next visit brings the new worker, which replaces the old cache.
    server.serve(rebuilt)
    page.reload(wait_until="load")
    names = {"newName": cache_name(server.url, new["version"])}
    names["oldName"] = cache_name(server.url, old["version"])
    assert page.evaluate(NEW_VERSION_ACTIVE, {**names, "ms": WORKER_TIMEOUT_MS})
    cached = page.evaluate(
        "async n => (await (await caches.open(n)).keys()).length", names["newName"]
    )
    assert cached == len(new["files"])
    assert page.evaluate("async () => await caches.keys()") == [names["newName"]]
    # Pages come from the network first, so the changed page is the new one at once.
    page.goto(urljoin(server.url, f"{PAGES[0]}.html"), wait_until="load")
    assert "캐시 시험 문장" in page.locator("article").inner_text()
    context.close()


def test_the_book_is_installable(browser_type, browser_type_launch_args, tmp_path, server):
    """Chromium's own checks: the manifest parses without errors, and the page may be installed
    (added to the home screen). A persistent profile: Chromium never installs from incognito."""
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", **browser_type_launch_args
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(urljoin(server.url, f"{PAGES[1]}.html"), wait_until="load")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == urljoin(server.url, "manifest.webmanifest")
        assert manifest["errors"] == []
        data = json.loads(manifest["data"])
        assert data["name"] == "소프트맥스 회귀" and data["lang"] == "ko"
        assert data["display"] == "standalone" and data["short_name"]
        assert manifest["manifest"]["startUrl"] == urljoin(server.url, f"{PAGES[0]}.html")
        sizes = {icon["sizes"] for icon in data["icons"] if icon["type"] == "image/png"}
        assert {"192x192", "512x512"} <= sizes
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()
