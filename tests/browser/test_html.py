"""The static HTML book, page by page, in a real browser (Debian's Chromium driven by Playwright).

What a learner reading ``_build/html`` offline must get: every asset served by the book itself (no
request leaves 127.0.0.1), no console or page errors, math typeset (at build time: KaTeX HTML, no
math script), images loaded, widgets drawn
from their saved state, working previous/next links and ``.ipynb`` downloads, a Korean UI, exercise
solutions collapsed until clicked, and a search that finds Korean terms. Pages come from
``_toc.yml`` so the tests follow the book as chapters are written.

With ``make shots`` (``BOOK_SHOTS=1``) a full-page screenshot of every page is written to
``_build/screenshots/html/<page>.png`` for a person to look at. The book is ``_build/html``, which
``make test`` builds before pytest (the ``book_html`` and ``book_url`` fixtures of
``tests/browser/conftest.py`` build it if it is missing).
Browser, contexts and pages come from pytest-playwright.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bookdev import ROOT
from bookdev.browser import FONTS_READY, LOAD_ALL_IMAGES, RENDER_ALL_SECTIONS, local_only
from bookdev.build import toc_pages

from ..extensions import load_extension
from .support import full_page_shot, markdown_of, saved_widget_views, source_of

pytestmark = pytest.mark.browser_context_args(
    viewport={"width": 1280, "height": 900}, locale="ko-KR"
)

# Console errors that are expected, each with the reason. Keep this empty unless a message is
# understood and harmless.
ALLOWED_CONSOLE_ERRORS: dict[str, str] = {
    # pattern (regex searched in the message text): reason
}

# Search terms and the page each must find (terms that the page is about, so later prose edits keep
# them).
SEARCH_EXPECTATIONS = [
    ("소프트맥스", "chapters/04_softmax"),
    ("엔트로피", "chapters/08_information_theory"),
]


# --------------------------------------------------------------------------------------------------
# The book's pages and what their sources promise
# --------------------------------------------------------------------------------------------------


PAGES = toc_pages()


# a fenced code block, not a ```{directive}
_CODE_FENCE = re.compile(r"^(`{3,}|~{3,})(?!\s*\{)[^\n]*\n.*?^\1\s*$", re.DOTALL | re.MULTILINE)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_DISPLAY = re.compile(r"\$\$.+?\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?![\s$])[^$\n]+?(?<![\s\\])\$(?!\$)")
_MATH_DIRECTIVE = re.compile(r"^\s*(`{3,}|:{3,})\{math\}", re.MULTILINE)
_AMSMATH = re.compile(
    r"^\s*\\begin\{(equation|align|alignat|gather|multline|flalign|eqnarray)\*?\}", re.MULTILINE
)


def math_count(markdown: str) -> int:
    """How many math elements the markdown source holds ($$…$$, $…$, {math}, top-level amsmath
    environments)."""
    text = _CODE_FENCE.sub("", markdown)
    text = _INLINE_CODE.sub("", text)
    n_display = len(_DISPLAY.findall(text))
    text = _DISPLAY.sub(" ", text)
    return (
        n_display
        + len(_INLINE.findall(text))
        + len(_MATH_DIRECTIVE.findall(text))
        + len(_AMSMATH.findall(text))
    )


def widget_view_count(docname: str) -> int:
    path = source_of(docname)
    if path.suffix != ".ipynb":
        return 0
    return saved_widget_views(path)


def dropdown_count(markdown: str) -> int:
    """Admonitions and sphinx-exercise solutions with ``:class: dropdown``, plus sphinx-design
    ``{dropdown}`` s."""
    admonitions = len(
        re.findall(
            r"\{(?:admonition|solution|solution-start)\}[^\n]*\n(?:\s*:[^\n]*\n)*?\s*:class:[^\n]*\bdropdown\b",
            markdown,
        )
    )
    return admonitions + len(re.findall(r"\{dropdown\}", markdown))


def test_math_count_parses_the_book_conventions():
    md = (
        "글 $a$ 와 $b_i$, 값은 \\$5. `$x$` 는 코드.\n\n"
        "$$\\begin{aligned} y &= 1 \\end{aligned}$$\n\n"
        "```python\nprint('$z$')\n```\n\n```{admonition} 풀이\n:class: dropdown\n\n답 $c$\n```\n"
    )
    assert math_count(md) == 4
    assert dropdown_count(md) == 1


def test_toc_pages_exist():
    assert PAGES[0] == "intro" and len(PAGES) == len(set(PAGES))
    for docname in PAGES:
        assert source_of(docname)


# --------------------------------------------------------------------------------------------------
# One page load (the built book is served on 127.0.0.1 by the book_url fixture:
# tests/browser/conftest.py)
# --------------------------------------------------------------------------------------------------


class Visit:
    """One page load with every request, response (any 4xx/5xx is a failure), console message and
    page error."""

    def __init__(self, page, base: str, path: str, *, fonts: bool = True):
        self.base = base
        self.host = urlsplit(base).netloc
        self.urls: list[str] = []
        self.external: list[str] = []
        self.bad: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.page = page
        local_only(page, base, self.external)
        page.on("response", lambda r: r.status >= 400 and self.bad.append(f"{r.status} {r.url}"))
        page.on("request", lambda r: self.urls.append(r.url))
        page.on("requestfailed", self._failed)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.goto(urljoin(base, path), wait_until="load")
        # The math is already HTML; wait for its fonts (KaTeX's woff2, fetched once it is laid out).
        if fonts:
            page.evaluate(FONTS_READY)

    def _failed(self, request):
        if urlsplit(request.url).netloc == self.host:
            self.bad.append(f"failed {request.url}: {request.failure}")

    def unexpected_console_errors(self) -> list[str]:
        return [
            m
            for m in self.console_errors + self.page_errors
            if not any(re.search(p, m) for p in ALLOWED_CONSOLE_ERRORS)
        ]

    def assert_served_offline(self):
        """Nothing asked of another host, every request answered 2xx/3xx (the icon too), no console
        errors."""
        assert self.external == [], f"requests to other hosts: {self.external}"
        # The browser fetches the page icon itself, outside the page's response events: ask for it
        # directly.
        icons = self.page.evaluate(
            "() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)"
        )
        self.bad += [f"{status} {url}" for url in icons or [urljoin(self.base, "/favicon.ico")]
                     if (status := _http_status(url)) >= 400]  # fmt: skip
        assert self.bad == [], f"requests not answered 2xx/3xx: {self.bad}"
        assert self.unexpected_console_errors() == []


def _http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


# --------------------------------------------------------------------------------------------------
# Page by page
# --------------------------------------------------------------------------------------------------


# Widget views drawn from their saved state: ipywidgets' .jupyter-widgets, or the .livefig root a
# live figure (utils.widgets) drew, in a widget output area.
_DRAWN_VIEWS = """() => [...document.querySelectorAll('.widget-subarea')]
    .filter(e => e.querySelector(':is(.jupyter-widgets, .livefig)')).length"""


@pytest.mark.parametrize("docname", PAGES)
def test_page(book_url, page, docname):
    visit = Visit(page, book_url, f"{docname}.html")
    expected_widgets = widget_view_count(docname)
    if expected_widgets:
        try:
            page.wait_for_function(
                f"n => ({_DRAWN_VIEWS})() >= n", arg=expected_widgets, timeout=20_000
            )
        except PlaywrightTimeout:
            pass  # the widget assertion below reports the numbers
    # Every section laid out, as once the reader has scrolled through the page (screen.css lays
    # out only what is near the screen); images: load lazy ones now and wait until each is decoded
    # (the src of those that did not load).
    page.evaluate(RENDER_ALL_SECTIONS)
    broken_images = page.evaluate(LOAD_ALL_IMAGES)
    full_page_shot(page, "html", docname)

    # Offline, and every request served.
    visit.assert_served_offline()

    # Korean UI.
    assert page.evaluate("document.documentElement.lang") == "ko"

    # Math: at least one KaTeX formula per math span/block in the source (outputs may add more),
    # typeset at build time (check_math).
    expected_math = math_count(markdown_of(docname))
    rendered_math = page.locator(".katex").count()
    assert rendered_math >= expected_math, (
        f"{rendered_math} rendered math elements < {expected_math} in source"
    )
    check_math(page, visit.urls)

    # Images.
    assert broken_images == [], f"images not loaded: {broken_images}"

    # Widgets drawn from their saved state.
    rendered_widgets = page.evaluate(_DRAWN_VIEWS)
    assert rendered_widgets >= expected_widgets, (
        f"{rendered_widgets} widgets drawn < {expected_widgets} saved"
    )
    widget_errors = page.locator("text=Error displaying widget").count()
    assert widget_errors == 0, (
        "a widget view has no saved state (re-run make execute NB=chapters/<page>.ipynb)"
    )

    # Previous/next navigation follows the table of contents.
    index = PAGES.index(docname)
    links = page.evaluate(
        "() => ({prev: document.querySelector('a.left-prev')?.href ?? null,"
        "        next: document.querySelector('a.right-next')?.href ?? null})"
    )
    want_prev = urljoin(book_url, f"{PAGES[index - 1]}.html") if index > 0 else None
    want_next = urljoin(book_url, f"{PAGES[index + 1]}.html") if index + 1 < len(PAGES) else None
    assert links == {"prev": want_prev, "next": want_next}
    for url in filter(None, links.values()):
        assert _http_status(url) == 200, url

    # Download button for the source (.ipynb for notebook pages).
    source = source_of(docname)
    href = page.evaluate(
        "() => document.querySelector('a.btn-download-source-button')?.href ?? null"
    )
    assert href == urljoin(book_url, f"_sources/{docname}{source.suffix}"), href
    assert _http_status(href) == 200

    # Exercise solutions: collapsed until clicked.
    check_dropdowns(page, dropdown_count(markdown_of(docname)))

    # Every glyph of the math (the solutions' too, now open) drawn in a KaTeX font.
    check_math_glyphs(page, docname)

    # At 1280 px every table (the solutions' too) fits the column: none scrolls sideways.
    wide = page.evaluate(_WIDE_TABLES)
    assert wide == [], f"tables wider than the column at 1280 px: {wide}"


# Tables wider than the box they scroll in: [table width, box width, first words].
_WIDE_TABLES = """() => [...document.querySelectorAll('.bd-article table')].map(t => {
    const box = t.closest('.pst-scrollable-table-container') ?? t.parentElement;
    return [Math.round(t.getBoundingClientRect().width), box.clientWidth,
            t.textContent.trim().slice(0, 40)];
}).filter(([table, box]) => table > box + 1)"""


# TeX in the page's text outside code: $…$ spans, control words (\\frac), in hidden solutions too.
_RAW_TEX = r"""() => {
    const article = document.querySelector('article').cloneNode(true);
    article.querySelectorAll('pre, code, .katex, script, style').forEach(e => e.remove());
    return [...article.textContent.matchAll(/\$[^$\n]{1,80}\$|\\[a-zA-Z]{2,}/g)].map(m => m[0]);
}"""


def check_math(page, urls: list[str]) -> None:
    """The math is finished HTML: every ``.math`` holds KaTeX output, none is a KaTeX error, no TeX
    is left in the text, and the page loads no math JavaScript, only KaTeX's CSS and woff2 fonts."""
    raw = page.evaluate(
        "() => [...document.querySelectorAll('.math')].filter(e => !e.querySelector('.katex')"
        " || e.querySelector('.katex-error')).map(e => e.textContent.slice(0, 80))"
    )
    assert raw == [], f"math left as raw TeX (a KaTeX error?): {raw}"
    assert page.locator(".katex-error").count() == 0
    assert page.evaluate(_RAW_TEX) == [], "raw TeX in the page text"
    scripts = page.evaluate(
        "() => [...document.scripts].map(s => s.src).filter(s => /katex|mathjax/i.test(s))"
    )
    assert scripts == [], f"math JavaScript on the page: {scripts}"
    assert page.evaluate("() => [typeof window.MathJax, typeof window.katex]") == ["undefined"] * 2
    katex_files = [urlsplit(u).path for u in urls if "/_static/katex/" in u]
    assert all(path.endswith((".css", ".woff2")) for path in katex_files), katex_files
    if page.locator(".katex").count():
        # KaTeX's CSS (in the page's one stylesheet: _ext/lean_heads.py) sets its fonts
        family = page.evaluate(
            "() => getComputedStyle(document.querySelector('.katex')).fontFamily"
        )
        assert "KaTeX_Main" in family, f"KaTeX's CSS is not applied (.katex font: {family})"


# For each toggle admonition: how many of its body elements are visible (sphinx-togglebutton hides
# them with visibility: hidden and height 0, then animates them open).
_VISIBLE_BODIES = """
() => [...document.querySelectorAll('.admonition.dropdown')].map(box =>
    [...box.children].filter(c => !c.classList.contains('admonition-title'))
                     .filter(c => getComputedStyle(c).visibility !== 'hidden'
                                  && c.getBoundingClientRect().height > 0)
                     .length)
"""


def check_dropdowns(page, expected: int) -> None:
    """Every dropdown (admonition ``:class: dropdown`` or sphinx-design ``{dropdown}``) is closed
    until clicked."""
    admonitions = page.locator(".admonition.dropdown")
    details = page.locator("details.sd-dropdown")
    n_adm, n_det = admonitions.count(), details.count()
    assert n_adm + n_det >= expected, (
        f"{n_adm + n_det} dropdowns on the page < {expected} in the source"
    )
    if n_adm:
        assert page.evaluate(_VISIBLE_BODIES) == [0] * n_adm, (
            "a solution is visible before clicking"
        )
        for i in range(n_adm):
            admonitions.nth(i).locator(":scope > .admonition-title").click()
        try:  # the opening transition lasts 0.3 s
            page.wait_for_function(f"() => ({_VISIBLE_BODIES})().every(n => n > 0)", timeout=5_000)
        except PlaywrightTimeout:
            raise AssertionError("a solution is still hidden after clicking its title") from None
    if n_det:
        assert (
            page.evaluate(
                "() => [...document.querySelectorAll('details.sd-dropdown')].some(d => d.open)"
            )
            is False
        )
        for i in range(n_det):
            details.nth(i).locator("summary").first.click()
        assert page.evaluate(
            "() => [...document.querySelectorAll('details.sd-dropdown')].every(d => d.open)"
        )


def test_search_page_finds_korean_terms(book_url, new_context):
    for term, expected in SEARCH_EXPECTATIONS:
        context = new_context()
        visit = Visit(context.new_page(), book_url, f"search.html?q={term}")
        page = visit.page
        try:
            page.wait_for_function(
                # the summary is written once every hit is listed
                "() => (document.querySelector('#search-results .search-summary')?.textContent"
                " ?? '').trim()",
                timeout=15_000,
            )
            hits = page.evaluate(
                "() => [...document.querySelectorAll('#search-results ul.search li a')]"
                ".map(a => a.href)"
            )
            name = term if term.isascii() else expected
            full_page_shot(page, "html", f"search-{name}")
            visit.assert_served_offline()
            hit_pages = {urlsplit(h).path.lstrip("/").removesuffix(".html") for h in hits}
            assert expected in hit_pages, (
                f"search {term!r} → {sorted(hit_pages)}, expected {expected}"
            )
        finally:
            context.close()


def test_search_index_has_bare_korean_terms():
    """Terms followed by particles ("소프트맥스는") are also indexed bare
    (see _ext/korean_search.py)."""
    words = (
        load_extension("korean_search")
        .SearchKorean({})
        .split("소프트맥스는 회귀가 KL발산을 softmax를 엔트로피")
    )
    for bare in ("소프트맥스", "회귀", "발산", "softmax", "엔트로피"):
        assert bare in words
    assert "를" not in words


def test_vendored_assets_match_their_checksums():
    """``cd vendor/static && sha256sum -c ../SHA256SUMS``, and no unlisted file (``make vendor``
    writes the list)."""
    static = ROOT / "vendor" / "static"
    listed = dict(
        line.split(None, 1)[::-1]
        for line in (ROOT / "vendor" / "SHA256SUMS").read_text().splitlines()
    )
    present = {p.relative_to(static).as_posix(): p for p in static.rglob("*") if p.is_file()}
    assert sorted(present) == sorted(listed), (
        "vendor/static/ and vendor/SHA256SUMS list different files"
    )
    changed = [
        name
        for name, p in present.items()
        if hashlib.sha256(p.read_bytes()).hexdigest() != listed[name]
    ]
    assert changed == [], (
        f"vendored files differ from vendor/SHA256SUMS (re-run make vendor): {changed}"
    )


#: A script tag's attributes and src; the widget scripts the loader replaced (vendor/VENDOR.md).
_SCRIPT_SRC = re.compile(r"""<script\b([^>]*)\bsrc=["']([^"']+)["']""")
_OLD_WIDGET_SCRIPTS = re.compile(r"require(js)?[./]|html-manager|embed-amd|anywidget/|widgets-conf")


def test_widget_pages_load_only_the_livefig_loader(book_html):
    """A page with saved widget state loads the book's loader (async) and no other widget script.

    The live figures are drawn by ``static/book/livefig-loader.js``; require.js, the ipywidgets
    HTML manager and anywidget's AMD build are gone from the book. Pages without widget state load
    no widget script, which holds only while the source has no ``_static/`` folder (Jupyter Book 1
    would then add every .js under html_static_path to every page, see vendor/VENDOR.md).
    """
    assert not (ROOT / "_static").exists(), "no _static/ in the book source (see vendor/VENDOR.md)"
    for docname in PAGES:
        html = (book_html / f"{docname}.html").read_text(encoding="utf-8")
        scripts = _SCRIPT_SRC.findall(html)
        loaders = [a for a, src in scripts if src.split("?")[0].endswith("book/livefig-loader.js")]
        if "application/vnd.jupyter.widget-state+json" in html:
            assert len(loaders) == 1 and re.search(r"\basync\b", loaders[0]), (docname, loaders)
        else:
            assert loaders == [], f"{docname}: no saved widget state, yet it loads the loader"
        old = [src for _, src in scripts if _OLD_WIDGET_SCRIPTS.search(src)]
        assert old == [], f"{docname}: loads {old}"


def test_built_html_names_no_third_party_script(book_html):
    """No page of the built book refers to a script, stylesheet, image or frame on another host."""
    remote = re.compile(
        r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE
    )
    offenders = [
        str(p.relative_to(book_html))
        for p in book_html.rglob("*.html")
        if remote.search(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []


def test_index_redirects_to_the_first_page(book_url, page):
    visit = Visit(page, book_url, "index.html", fonts=False)
    visit.page.wait_for_url(urljoin(book_url, "intro.html"), timeout=10_000)
    visit.page.wait_for_load_state("load")
    visit.assert_served_offline()


def test_search_index_holds_every_glossary_term(book_html):
    """Every term of the glossary is an index entry of the search index, so a search for a term
    lists its glossary entry, after an incremental build too (_ext/korean_search.py)."""
    index = (book_html / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    targets = {target for entries in data["indexentries"].values() for _, target, _ in entries}
    glossary = (book_html / "glossary.html").read_text(encoding="utf-8")
    terms = set(re.findall(r'<dt id="(term-[^"]+)"', glossary))
    assert terms, "no glossary terms found"
    assert terms <= targets, f"not in the search index: {sorted(terms - targets)[:10]}"


#: Mark the elements of the typeset math that draw glyphs (a leaf with text: not only spaces or
#: zero-width spaces, not Korean, which the page's font draws), one per text and font (family,
#: weight, style: the same text in the same font is drawn by the same fonts); return their texts in
#: order.
_MARK_MATH_GLYPHS = r"""() => {
    const texts = [], seen = new Set();
    for (const el of document.querySelectorAll('.katex-html *')) {
        const text = el.textContent;
        if (el.childElementCount || /^[\s\u200b]*$/.test(text) || /[가-힣]/.test(text)) continue;
        const cs = getComputedStyle(el);
        const key = [text, cs.fontFamily, cs.fontWeight, cs.fontStyle].join('|');
        if (seen.has(key)) continue;
        seen.add(key);
        el.dataset.glyphCheck = texts.length;
        texts.push(text);
    }
    return texts;
}"""


def check_math_glyphs(page, docname: str) -> None:
    """Chromium's own answer (CDP ``CSS.getPlatformFontsForNode``) for every glyph of the math (with
    the solutions open): a KaTeX font drew it, so the subset fonts (_ext/lean_assets.py) hold every
    character the math uses in the font that draws it."""
    page.evaluate(FONTS_READY)
    texts = page.evaluate(_MARK_MATH_GLYPHS)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-glyph-check]"})
    assert len(nodes["nodeIds"]) == len(texts)
    wrong = {}
    for text, node in zip(texts, nodes["nodeIds"], strict=True):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        others = sorted(f["familyName"] for f in fonts if not f["familyName"].startswith("KaTeX_"))
        if others:
            wrong.setdefault(text, others)
    cdp.detach()
    assert not wrong, (
        f"{docname}: math drawn outside the KaTeX fonts: {dict(list(wrong.items())[:10])}"
    )


@pytest.mark.parametrize(
    "docname", ["chapters/07_softmax_derivative", "chapters/09_prediction_evaluation"]
)
def test_a_link_to_a_section_lands_on_it(book_url, page, docname):
    """Sections are laid out only near the screen (screen.css), so a jump to an #id far down a page
    would miss it; static/book/anchor-scroll.js lays out what lies above the target first. Each way
    of jumping: opening the page at an #id, a click in the page's contents, a hash set by script;
    the sections below the target stay lazy."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{book_url}{docname}.html", wait_until="load")
    ids = page.evaluate(
        "() => [...document.querySelectorAll('.bd-article section[id]')].map(s => s.id)"
    )
    # at the top of the screen, or on screen with the page at its end (a short last section)
    lands = """id => { const t = document.getElementById(id).getBoundingClientRect().top;
        const end = scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
        return t >= 0 && (t < 150 || (end && t < innerHeight)); }"""
    # still there 10 frames later, after the sections near the screen were laid out
    frames = (
        "() => new Promise(r => { let n = 0; const f = () => ++n < 10 ? requestAnimationFrame(f)"
    )
    frames += " : r(); requestAnimationFrame(f); })"

    def landed(target: str, how: str) -> None:
        page.evaluate(frames)
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
        assert page.evaluate(lands, target), f"{how}: #{target} is at {top:.0f} px, not at the top"

    last, middle = ids[-1], ids[len(ids) // 2]
    page.goto(f"{book_url}{docname}.html#{last}", wait_until="load")
    landed(last, "opened at the #id")
    page.goto(f"{book_url}{docname}.html", wait_until="load")
    page.locator(f"#pst-page-toc-nav a[href='#{middle}']").click()
    landed(middle, "a click in the page's contents")
    forced = page.evaluate(
        """() => [...document.querySelectorAll('.bd-article section section')]
            .filter(s => s.style.contentVisibility === 'visible').map(s => s.id)"""
    )
    assert middle in forced and last not in forced, f"laid out for #{middle}: {forced}"
    page.evaluate("id => { location.hash = id; }", last)
    landed(last, "a hash set by script")
