"""What the theme costs a reader (issue 17): no icon script, a subset icon font, the search files on
the search page only, lazy figures. Every page in Chromium, at 1280 and 390 px, light and dark.

* No page loads ``fontawesome.js`` or the theme's full Font Awesome fonts; every icon glyph a page
  shows (an element or its ``::before``/``::after`` with a "Font Awesome" ``font-family``) is in the
  committed subset ``static/book/fa-solid-subset.woff``, which is what ``scripts/make_icon_font.py``
  makes from the installed theme (else: run it and commit). The content's icons are the same at
  every width and in both modes: they are checked at 1280 px in light mode, the header, sidebars
  and footer in all four. A glyph missing from the subset would
  be drawn as a box; this test names it and its page.
* ``searchtools.js``, ``language_data.js`` and ``searchindex.js`` load on the search page only
  (tests/browser/test_html.py checks that search finds Korean terms).
* Content figures: ``decoding="async"``, ``loading="lazy"``, and width/height
  attributes, so a figure not yet loaded already takes its final height (no jump when it arrives).
* The PNG recompression of ``_ext/lean_pages.py`` is pixel-exact.

Screenshots of the header, sidebar and buttons (1280/390 px, light/dark) go to
``_build/screenshots/theme/`` for a person to look at. Service workers are blocked here, as in every
browser test but the offline one (``tests/browser/conftest.py``), so every request is the page's
own.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from bookdev import ROOT
from bookdev.browser import FONTS_READY, LOAD_ALL_IMAGES, RENDER_ALL_SECTIONS
from bookdev.build import toc_pages
from bookdev.figures import pages_with_figures

from ..extensions import load_extension
from .support import element_shot, shot_path

SUBSET = ROOT / "static" / "book" / "fa-solid-subset.woff"
PAGES = [*toc_pages(), "search", "genindex"]
SEARCH_FILES = ("/_static/searchtools.js", "/_static/language_data.js", "/searchindex.js")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
pytestmark = pytest.mark.browser_context_args(locale="ko-KR")


#: Every glyph drawn with a Font Awesome family: [family, weight, code points, where, in a widget]
#: (the elements of typeset math and of code text are skipped: they are drawn in other fonts);
#: ``chromeOnly``: outside the page's content (``article``) only.
ICON_GLYPHS = r"""(chromeOnly) => {
    const strings = c => [...c.matchAll(/"((?:[^"\\]|\\.)*)"/g)]
        .map(m => m[1].replace(/\\(.)/g, '$1'));
    const out = [];
    // not inside typeset math or code text (their fonts are KaTeX's and the monospace one; chapter
    // 09 has 10,000 such elements, three computed styles each)
    for (const el of document.querySelectorAll('*')) {
        if (el.closest('.katex-html, pre')) continue;
        if (chromeOnly && el.closest('article')) continue;
        for (const pseudo of [null, '::before', '::after']) {
            const cs = getComputedStyle(el, pseudo);
            if (!cs.fontFamily.includes('Font Awesome')) continue;
            const own = () => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data);
            const text = !pseudo ? own().join('').trim()
                : ['none', 'normal'].includes(cs.content) ? '' : strings(cs.content).join('');
            if (!text) continue;
            const where = [el.tagName.toLowerCase(), ...el.classList].join('.') + (pseudo ?? '');
            out.push([cs.fontFamily, cs.fontWeight, [...text].map(ch => ch.codePointAt(0)), where,
                      !!el.closest('.jupyter-widgets')]);
        }
    }
    return out;
}"""


def subset_codepoints() -> set[int]:
    return set(TTFont(SUBSET).getBestCmap())


def test_icon_font_is_what_the_script_makes():
    script = ROOT / "scripts" / "make_icon_font.py"
    check = [sys.executable, str(script), "--check"]
    result = subprocess.run(check, check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


#: The views each page is checked in, one page load for all four: the header, sidebars and footer
#: in each (their icons can differ with the width and the mode), the content's icons in the last
#: (the same in every width and mode). The content is laid out in the last view only, so the views
#: before it lay out what a reader sees first, not a whole long chapter.
ICON_VIEWS = [("phone", "dark"), ("phone", "light"), ("desktop", "dark"), ("desktop", "light")]


@pytest.mark.parametrize("docname", PAGES)
def test_every_icon_is_in_the_subset_and_no_icon_script_loads(book_url, new_context, docname):
    """The page, in each of :data:`ICON_VIEWS`: the icon glyphs it shows are in the subset, drawn
    with the subset's face; it loads neither fontawesome.js nor a full icon font, and the search
    files only on search.html."""
    size, mode = ICON_VIEWS[0]
    context = new_context(viewport=SIZES[size], color_scheme=mode)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    subset = subset_codepoints()
    missing: list[str] = []
    query = "?q=소프트맥스" if docname == "search" else ""
    page.goto(f"{book_url}{docname}.html{query}", wait_until="load")
    if docname == "search":
        page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    for size, mode in ICON_VIEWS:
        page.set_viewport_size(SIZES[size])
        page.emulate_media(color_scheme=mode)
        chrome_only = (size, mode) != ICON_VIEWS[-1]
        if not chrome_only:
            page.evaluate(RENDER_ALL_SECTIONS)  # every section drawn: its icons ask for their font
        page.evaluate("mode => document.documentElement.dataset.theme = mode", mode)
        page.evaluate(FONTS_READY)  # every font the page asked for has arrived (or failed)
        glyphs = page.evaluate(ICON_GLYPHS, chrome_only)
        for family, weight, codepoints, where, in_widget in glyphs:
            if in_widget and "Font Awesome 6" not in family:
                continue  # a widget renderer's own icon font (not the theme's)
            for cp in codepoints:
                if family != '"Font Awesome 6 Free"' or weight != "900" or cp not in subset:
                    missing.append(f"[{size}, {mode}] {where} U+{cp:X} in {family} {weight}")
    assert not [p for p in requests if p.endswith("/fontawesome.js")], requests
    assert not [p for p in requests if "/webfonts/fa-" in p], f"a full icon font: {requests}"
    fonts = [p for p in requests if re.search(r"fa-[\w-]+\.(woff2?|ttf)$", p)]
    assert fonts in ([], ["/_static/book/fa-solid-subset.woff"]), fonts
    search = [p for p in requests if p.endswith(SEARCH_FILES)]
    if docname == "search":
        assert sorted(search) == sorted(SEARCH_FILES), search
    else:
        assert search == [], f"loads the search files {search}"
    assert missing == [], (
        f"{docname}: icons not in static/book/fa-solid-subset.woff (run scripts/make_icon_font.py):"
        "\n" + "\n".join(missing)
    )
    context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_icons_are_drawn(book_url, new_context, size, mode):
    """Screenshots of the header buttons, the download menu, the sidebar, an admonition and the
    page links, for a person to look at; the subset's face has loaded, the theme's stayed unused,
    and every header icon is as wide as a glyph."""
    context = new_context(viewport=SIZES[size], color_scheme=mode, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{book_url}chapters/02_one_hot.html", wait_until="load")
    page.evaluate(RENDER_ALL_SECTIONS)  # for the screenshots (support.element_shot)
    page.evaluate("() => document.fonts.ready")
    loaded = page.evaluate(
        "() => [...document.fonts].filter(f => f.family.includes('Font Awesome'))"
        ".map(f => [f.family, f.weight, f.status])"
    )
    # The theme's faces stay unloaded; the one loaded is the subset's (declared last).
    assert [f for f in loaded if f[2] != "unloaded"] == [["Font Awesome 6 Free", "900", "loaded"]]
    # Each icon of the header is as wide as a glyph (a missing glyph falls back to a narrow box
    # or nothing; the theme's icons are 12-24 px wide at this size).
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.bd-header-article i, .bd-header-article span')]"
        ".filter(e => /\\bfa-/.test(e.className) && e.checkVisibility())"
        ".map(e => [e.className, e.getBoundingClientRect().width])"
    )
    assert widths and all(w >= 8 for _, w in widths), widths
    name = f"{size}-{mode}"
    page.screenshot(path=shot_path("theme", f"{name}-top"), clip={**SIZES[size], "x": 0, "y": 0,
                    "height": 260})  # fmt: skip
    element_shot(page.locator("div.admonition").first, "theme", f"{name}-admonition")
    element_shot(page.locator(".prev-next-footer"), "theme", f"{name}-prev-next")
    download = page.locator(".dropdown-download-buttons button").first
    if download.is_visible():
        download.click()
        menu = page.locator(".dropdown-download-buttons .dropdown-menu")
        element_shot(menu, "theme", f"{name}-download-menu")
        page.keyboard.press("Escape")
    if size == "desktop":  # on a phone the sidebar is hidden behind the menu button (in "top")
        page.locator("#pst-primary-sidebar").screenshot(path=shot_path("theme", f"{name}-sidebar"))
    context.close()


def test_figures_are_lazy_async_and_sized(book_html):
    """In the built HTML: every figure lazy, decoded asynchronously, and sized by width/height
    attributes equal to MyST-NB's style size."""
    img = re.compile(r"<img\b[^>]*>")
    for docname in toc_pages():
        tags = img.findall((book_html / f"{docname}.html").read_text(encoding="utf-8"))
        for i, tag in enumerate(tags):
            assert 'decoding="async"' in tag, (docname, tag)
            assert 'loading="lazy"' in tag, (docname, i, tag)
            size = re.search(r'style="width: (\d+)px; height: (\d+)px;"', tag)
            if size:
                assert f'width="{size[1]}" height="{size[2]}"' in tag, (docname, tag)


def test_pages_without_live_figures_prefetch_the_loader_the_others_load(book_html):
    """The live figures' loader: a ``<script async>`` on the pages with figures, a prefetch link
    to the same URL (same ``?v=``) on every other page, so the browser's cache serves it to the
    first page with a figure the reader opens (``_ext/lean_heads.py``)."""
    tag = re.compile(r'<(script async="async" src|link rel="prefetch" as="script" href)="([^"]+)"')
    with_figures = set(pages_with_figures())
    loaded = {}
    for docname in [*toc_pages(), "search", "genindex"]:
        page = book_html / f"{docname}.html"
        found = [
            ("<" + kind.split()[0], (page.parent / url).resolve().relative_to(book_html).as_posix())
            for kind, url in tag.findall(page.read_text(encoding="utf-8"))
            if "livefig-loader.js" in url
        ]
        want = "<script" if docname in with_figures else "<link"
        assert [kind for kind, _ in found] == [want], (docname, found)
        loaded[docname] = found[0][1]
    assert len(set(loaded.values())) == 1, loaded
    assert re.fullmatch(r"_static/book/livefig-loader\.js\?v=[0-9a-f]{8}", loaded["intro"])


@pytest.mark.parametrize("docname", ["chapters/09_prediction_evaluation"])
def test_lazy_figures_keep_their_box_on_a_phone(book_url, new_context, docname):
    """At 390 px: figures far below are not fetched with the page, and a figure not yet loaded
    already has the height it has once loaded, so the text does not move."""
    context = new_context(viewport=SIZES["phone"])
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: "/_images/" in r.url and fetched.append(r.url))
    page.goto(f"{book_url}{docname}.html", wait_until="load")
    boxes = "() => [...document.querySelectorAll('article img')].map(i => i.offsetHeight)"
    before = page.evaluate(boxes)
    assert len(set(fetched)) < len(before), f"{len(set(fetched))} of {len(before)} fetched"
    assert page.evaluate(LOAD_ALL_IMAGES) == []
    after = page.evaluate(boxes)
    assert before == pytest.approx(after, abs=1), (before, after)
    context.close()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def test_png_recompression_is_pixel_exact():
    lean = load_extension("lean_pages")
    opaque = Image.new("RGBA", (120, 80), (255, 255, 255, 255))
    for x in range(120):  # a gradient: more than 256 colours, stays RGB
        for y in range(80):
            opaque.putpixel((x, y), (x * 2, y * 3, (x * y) % 256, 255))
    few = Image.new("RGBA", (120, 80), (255, 255, 255, 255))
    few.paste((30, 79, 140, 255), (10, 10, 60, 40))  # three colours: becomes a palette
    clear = opaque.copy()  # transparency must survive
    clear.putalpha(Image.linear_gradient("L").resize(clear.size))
    for original, mode in ((opaque, "RGB"), (few, "P"), (clear, "RGBA")):
        data = _png(original)
        smaller = lean.smaller_png(data)
        assert smaller is not None and len(smaller) < len(data)
        with Image.open(io.BytesIO(smaller)) as result:
            assert result.mode == mode
            assert result.convert("RGBA").tobytes() == original.tobytes()
