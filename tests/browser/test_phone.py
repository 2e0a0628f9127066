"""The static book on a phone: every page at 390 px wide (2x pixels), in the dark theme.

Figures are stored at twice their display size and carry that size in ``width``/``height``
attributes; the theme limits their width to the column. A figure must keep its shape when it
shrinks (``static/book/screen.css``), never be squashed sideways. With ``make shots`` a screenshot
of each page is written to ``_build/screenshots/phone/<page>.png`` (at CSS pixels).

The menu button a reader sees opens the book's table of contents as a dialog, and the page-contents
button the page's; Escape closes it and gives the focus back to the button
(``static/book/sidebar-toggles.js``).

The page itself never scrolls sideways. An inline formula stays on one line with the word after it
(a particle: ``_ext/katex_math.py``), so does a closing bracket (``_ext/korean_breaks.py``), and a
table keeps each Korean word of a cell whole (a wide table scrolls in its own box). A display
equation wider than the column scrolls inside its own box, from its first symbol to its last
(``static/book/screen.css``: without it the theme's flexbox pushed the beginning of a wide KaTeX
formula out of reach, to the left).
"""

from __future__ import annotations

import pytest

from bookdev.browser import FONTS_READY, LOAD_ALL_IMAGES, RENDER_ALL_SECTIONS
from bookdev.build import toc_pages

from .support import full_page_shot

pytestmark = pytest.mark.browser_context_args(
    viewport={"width": 390, "height": 844},
    device_scale_factor=2,
    locale="ko-KR",
    color_scheme="dark",
)

# For every figure in a cell output: the drawn picture's width/height (content box: the dark theme
# pads images on a white card) against the PNG's own width/height.
_FIGURE_SHAPES = """
() => [...document.querySelectorAll('.cell_output img')].map(img => {
    const r = img.getBoundingClientRect(), cs = getComputedStyle(img);
    const w = r.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const h = r.height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
    return {src: img.getAttribute('src'), shown: w / h,
            natural: img.naturalWidth / img.naturalHeight, width: r.width};
})
"""

PAGES = toc_pages()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]

# Every display equation (solutions opened): its box's left/right, and the left of its first symbol
# with the box scrolled to the start, the right of its last symbol scrolled to the end.
_DISPLAY_MATH = """() => {
    document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
    return [...document.querySelectorAll('div.math')].map(d => {
        const box = d.getBoundingClientRect(), html = d.querySelector('.katex-html');
        const parts = () => [...html.children].map(c => c.getBoundingClientRect());
        html.scrollLeft = 0;
        const start = Math.min(...parts().map(r => r.left));
        html.scrollLeft = html.scrollWidth;
        const end = Math.max(...parts().map(r => r.right));
        html.scrollLeft = 0;
        const tex = d.querySelector('annotation')?.textContent.trim().slice(0, 50);
        return {tex, left: box.left, right: box.right, start, end};
    });
}"""


# Every inline formula glued to the word after it (_ext/katex_math.py): [TeX, lines it takes, its
# width, its block's width].
_GLUED = """() => [...document.querySelectorAll('.math-glue')].map(g => [
    g.querySelector('annotation')?.textContent.trim().slice(0, 50),
    new Set([...g.getClientRects()].map(r => Math.round(r.bottom))).size,
    g.getBoundingClientRect().width,
    g.closest('p, li, td, th, dd, dt, div').clientWidth,
])"""

# Every Hangul word in a table cell that the line broke inside (클/래/스): [word, cell].
_BROKEN_CELL_WORDS = r"""() => {
    const out = [];
    for (const cell of document.querySelectorAll('.bd-article :is(td, th)')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n; (n = walker.nextNode());) {
            for (const m of n.data.matchAll(/[가-힣]+/g)) {
                const r = document.createRange();
                r.setStart(n, m.index);
                r.setEnd(n, m.index + m[0].length);
                const lines = new Set([...r.getClientRects()].map(x => Math.round(x.bottom)));
                if (lines.size > 1) out.push([m[0], cell.textContent.trim().slice(0, 40)]);
            }
        }
    }
    return out;
}"""


# Every closing bracket in the prose that ends a line with the Hangul word right after it on the
# next ("(argmax)" / "를"; _ext/korean_breaks.py glues them): the text around it.
_PARTICLE_AFTER_BRACKET = r"""() => {
    const out = [], r = document.createRange();
    const bottom = (n, i) => {
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const rect = r.getClientRects()[0];
        return rect ? Math.round(rect.bottom) : null;
    };
    const article = document.querySelector('article');
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
        if (n.parentElement.closest('pre, code, .katex')) continue;
        for (const m of n.data.matchAll(/[)\]}」』〉》](?=[가-힣])/g)) {
            const a = bottom(n, m.index), b = bottom(n, m.index + 1);
            if (a !== null && b !== null && b > a + 2) {
                out.push(n.data.slice(Math.max(0, m.index - 20), m.index + 6));
            }
        }
    }
    return out;
}"""


#: Headings whose "#" link (hidden until hovered) makes them taller: it took a line of its own.
_HEADING_LINK_LINES = """() => [...document.querySelectorAll('article :is(h1, h2, h3, h4)')]
    .filter(h => {
        const link = h.querySelector(':scope > a.headerlink');
        if (!link) return false;
        const height = h.getBoundingClientRect().height;
        link.style.display = 'none';
        const without = h.getBoundingClientRect().height;
        link.style.display = '';
        return height > without + 1;
    })
    .map(h => h.textContent.trim())"""


@pytest.mark.parametrize("docname", PAGES)
def test_a_page_fits_a_phone(book_url, page, docname):
    """Figures keep their shape and stay in the column; display equations scroll in their own box;
    an inline formula keeps the particle after it on its line and still fits, so does a closing
    bracket; a table keeps the
    Korean words of its cells whole; no heading gets an empty line from its hidden # link; the
    page never scrolls sideways."""
    page.goto(f"{book_url}{docname}.html", wait_until="load")
    page.evaluate(RENDER_ALL_SECTIONS)  # as once the reader has scrolled through it
    page.evaluate(LOAD_ALL_IMAGES)
    page.evaluate(FONTS_READY)
    figures = page.evaluate(_FIGURE_SHAPES)
    if docname in CHAPTERS:
        assert figures, f"{docname}: no figures found"
    column = page.evaluate("() => document.querySelector('article').getBoundingClientRect().width")
    for fig in figures:
        assert fig["width"] <= column + 1, (
            f"{fig['src']} is wider ({fig['width']:.0f} px) than the column"
        )
        assert fig["shown"] == pytest.approx(fig["natural"], rel=0.02), (
            f"{fig['src']} is squashed on a phone"
        )
    for eq in page.evaluate(_DISPLAY_MATH):
        assert eq["start"] >= eq["left"] - 1, f"{eq['tex']!r} begins out of reach, left of its box"
        assert eq["end"] <= eq["right"] + 1, f"{eq['tex']!r} cannot be scrolled to its end"
    for tex, lines, width, block in page.evaluate(_GLUED):
        assert lines == 1, f"{tex!r} and the word after it are split over {lines} lines"
        assert width <= block + 1, f"{tex!r} with its word is {width:.0f} px, its line {block} px"
    stranded = page.evaluate(_PARTICLE_AFTER_BRACKET)
    assert not stranded, f"{docname}: a particle starts a line after a bracket: {stranded[:5]}"
    broken = page.evaluate(_BROKEN_CELL_WORDS)
    assert not broken, f"{docname}: table words broken across lines: {broken[:5]}"
    lonely = page.evaluate(_HEADING_LINK_LINES)
    assert not lonely, f"{docname}: a heading's # link takes a line of its own: {lonely}"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide: it scrolls sideways"
    # at CSS pixels: the page is laid out and checked at 2x, the picture for a person needs no more
    # (a long chapter at 2x is a PNG of ~90,000 px height that takes seconds to encode)
    full_page_shot(page, "phone", docname, scale="css")


SIDEBARS = {
    ".primary-toggle": ("#pst-primary-sidebar-modal", "nav.bd-docs-nav a[href$='06_loss.html']"),
    ".secondary-toggle": ("#pst-secondary-sidebar-modal", "#pst-page-toc-nav a"),
}


@pytest.mark.parametrize("button", SIDEBARS)
def test_the_menu_buttons_open_their_sidebar(book_url, page, button):
    dialog, link = SIDEBARS[button]
    page.goto(f"{book_url}chapters/04_softmax.html", wait_until="load")
    shown = page.locator(f"button{button}:visible")
    assert shown.count() == 1, f"{shown.count()} visible {button} buttons"
    shown.click()
    page.wait_for_function("d => document.querySelector(d).open", arg=dialog)
    assert page.locator(f"{dialog} {link}").first.is_visible(), f"{dialog} shows no {link}"
    page.keyboard.press("Escape")
    page.wait_for_function("d => !document.querySelector(d).open", arg=dialog)
    assert page.evaluate(
        "b => document.activeElement === [...document.querySelectorAll(b)]"
        ".find(e => e.checkVisibility())",
        button,
    ), "the focus did not come back to the button"
