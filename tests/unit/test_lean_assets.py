"""``_ext/lean_assets.py``: stylesheets keep the rules a page can use, KaTeX fonts the glyphs the
math draws."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from bookdev import ROOT

from ..extensions import load_extension

FONTS = ROOT / "vendor" / "static" / "katex" / "dist" / "fonts"


@pytest.fixture(scope="module")
def la():
    return load_extension("lean_assets")


@pytest.mark.parametrize(
    ("selector", "kept"),
    [
        (".used", True),
        (".unused", False),
        ("div.used > p", True),
        ("div.used .unused", False),
        ("#used-id", True),
        ("#other-id", False),
        (".used:hover", True),
        (".used:not(.unused)", True),  # what :not() names is never required
        (".used:is(.unused, .also-unused)", True),
        ("html[data-theme=dark] .used", True),  # attributes never remove a selector
        ('a[href^="http"]', True),
        ("table", True),  # nor element names
        (".used::before", True),
        (".sm\\:unused", True),  # escaped names are kept rather than parsed
    ],
)
def test_a_selector_goes_only_when_a_class_or_id_is_used_nowhere(la, selector, kept):
    words = la.words_of(['<div class="used" id="used-id">'])
    assert la.selector_can_match(selector, words) is kept


def test_a_rule_keeps_the_selectors_that_can_match(la):
    css = """
    .used, .unused { color: red }
    .unused { color: blue }
    @media (min-width: 10px) { .unused { margin: 0 } }
    @media print { .used { margin: 1px } }
    @font-face { font-family: X; src: url(x.woff2) }
    @keyframes spin { from { opacity: 0 } to { opacity: 1 } }
    /*# sourceMappingURL=theme.css.map */
    """
    lean = la.purge_css(css, la.words_of(["used"]))
    assert ".used{color: red}" in lean
    assert "unused" not in lean and "blue" not in lean
    assert "min-width" not in lean  # a media query left empty goes
    assert "@media print{.used{margin: 1px}}" in lean
    assert "@font-face" in lean and "@keyframes spin" in lean
    assert "sourceMappingURL" not in lean


def test_words_come_from_pages_and_scripts(la):
    words = la.words_of(['<p class="bd-sidebar-primary show">', 'el.classList.add("collapsing")'])
    assert {"bd-sidebar-primary", "show", "collapsing", "classList"} <= words


def test_math_characters_are_those_of_the_typeset_math(la):
    page = (
        '<p>본문 z</p><span class="katex"><span class="katex-mathml"><math>'
        "<annotation>\\hat{y}</annotation></math></span>"
        '<span class="katex-html"><span class="mord">ŷ</span><span>=</span>'
        '<span class="mord">2&lt;3</span></span></span>'
    )
    assert la.math_characters([page]) == {"KaTeX_Main": set("ŷ=2<3")}


def test_each_character_goes_to_the_font_katex_css_draws_it_with(la):
    rules = la.family_classes((FONTS.parent / "katex.min.css").read_text(encoding="utf-8"))
    page = (
        '<span class="katex"><span class="katex-html" aria-hidden="true">'
        '<span class="mord mathbb"><span class="mord">R</span></span>'
        '<span class="mord mathnormal">x</span><span class="mord">=</span>'
        '<span class="mord mathbf">W</span><span class="mop op-symbol large-op">∑</span>'
        '<span class="delimsizing size1">(</span>'
        '<span class="delimsizing mult"><span class="delim-size4"><span>⎛</span></span></span>'
        '<span class="mord mathcal">L</span><span class="mord boldsymbol">θ</span>'
        "</span></span>"
    )
    assert la.math_characters([page], rules) == {
        "KaTeX_AMS": {"R"},
        "KaTeX_Math": {"x", "θ"},
        "KaTeX_Main": {"=", "W"},
        "KaTeX_Size2": {"∑"},
        "KaTeX_Size1": {"("},
        "KaTeX_Size4": {"⎛"},
        "KaTeX_Caligraphic": {"L"},
    }


def test_a_subset_font_has_exactly_the_characters_asked_for(la):
    data = (FONTS / "KaTeX_Main-Regular.woff2").read_bytes()
    lean = la.subset_font(data, set("xy=+∑"))
    assert len(lean) < len(data) / 4
    cmap = set(TTFont(io.BytesIO(lean)).getBestCmap())
    assert {ord(c) for c in "xy=+∑"} & set(TTFont(io.BytesIO(data)).getBestCmap()) <= cmap
    assert ord("q") not in cmap
    assert la.subset_font(data, set("xy=+∑")) == lean  # same input, same bytes
