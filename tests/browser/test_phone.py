"""The static book on a phone: every chapter page at 390 px wide (2x pixels), in the dark theme.

Figures are stored at twice their display size and carry that size in ``width``/``height``
attributes; the theme limits their width to the column. A figure must keep its shape when it shrinks
(``static/book/screen.css``), never be squashed sideways. A screenshot of each page is written to
``_build/screenshots/phone/<page>.png`` (at CSS pixels).
"""

from __future__ import annotations

import pytest

from bookdev.browser import LOAD_ALL_IMAGES
from bookdev.build import toc_pages

from .support import shot_path

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

CHAPTERS = [p for p in toc_pages() if p.startswith("chapters/")]


@pytest.mark.parametrize("docname", CHAPTERS)
def test_figures_keep_their_shape_on_a_phone(book_url, page, docname):
    page.goto(f"{book_url}{docname}.html", wait_until="load")
    page.evaluate(LOAD_ALL_IMAGES)
    figures = page.evaluate(_FIGURE_SHAPES)
    assert figures, f"{docname}: no figures found"
    column = page.evaluate("() => document.querySelector('article').getBoundingClientRect().width")
    for fig in figures:
        assert fig["width"] <= column + 1, (
            f"{fig['src']} is wider ({fig['width']:.0f} px) than the column"
        )
        assert fig["shown"] == pytest.approx(fig["natural"], rel=0.02), (
            f"{fig['src']} is squashed on a phone"
        )
    # at CSS pixels: the page is laid out and checked at 2x, the picture for a person needs no more
    # (a long chapter at 2x is a PNG of ~90,000 px height that takes seconds to encode)
    page.screenshot(path=shot_path("phone", docname), full_page=True, scale="css")
