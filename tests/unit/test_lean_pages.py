"""``_ext/lean_pages.py``: highlighted code loses only the ``<span>`` s that change nothing."""

from __future__ import annotations

from ..extensions import load_extension

lean = load_extension("lean_pages")
THEME_STYLES = ["a11y-high-contrast-light", "a11y-high-contrast-dark"]


def test_plain_classes_are_drawn_like_plain_text_in_both_styles():
    plain = lean.plain_token_classes(THEME_STYLES)
    assert {"n", "p", "w"} <= plain
    # keywords, numbers, strings and comments have colours of their own
    assert not plain & {"k", "mi", "mf", "s2", "c1", "o", "nb"}


def test_a_class_coloured_in_one_style_is_kept():
    # "lovelace" draws punctuation grey, "one-dark" names red: then their spans stay
    assert "p" not in lean.plain_token_classes([*THEME_STYLES, "lovelace"])
    assert "n" not in lean.plain_token_classes([*THEME_STYLES, "one-dark"])
    assert lean.plain_token_classes([]) == frozenset()


def test_only_plain_spans_inside_code_are_unwrapped():
    code = (
        '<div class="highlight"><pre><span></span><span class="n">x</span>'
        '<span class="w"> </span><span class="o">=</span><span class="w"> </span>'
        '<span class="mi">1</span><span class="p">(</span></pre></div>'
    )
    prose = '<p><span class="n">not code</span></p>'
    out = lean.unwrap_plain_tokens(prose + code, frozenset({"n", "p", "w"}))
    assert out == (
        '<p><span class="n">not code</span></p><div class="highlight"><pre><span></span>x '
        '<span class="o">=</span> <span class="mi">1</span>(</pre></div>'
    )
    assert lean.unwrap_plain_tokens(code, frozenset()) == code
