"""``_ext/lean_heads.py``: one stylesheet per page, and scripts that wait for the parser."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from ..extensions import load_extension


@pytest.fixture(scope="module")
def lh():
    return load_extension("lean_heads")


PAGE = """<html><head>
  <link rel="manifest" href="../manifest.webmanifest" />
  <link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />
    <link rel="stylesheet" type="text/css" href="../_static/katex/katex.css?v=2" />
    <link rel="stylesheet" type="text/css" href="../_static/print.css" media="print" />
    <script src="../_static/documentation_options.js?v=3"></script>
    <script src="../_static/doctools.js?v=4"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>
    <script async="async" src="../_static/book/livefig-loader.js"></script>
</head><body><p>본문</p></body></html>"""


@pytest.fixture
def site(tmp_path):
    static = tmp_path / "html" / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "katex" / "fonts").mkdir(parents=True)
    (static / "basic.css").write_text("p { margin: 0 }", encoding="utf-8")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";', encoding="utf-8")
    (static / "katex" / "katex.css").write_text(
        '@font-face { src: url(fonts/K.woff2) format("woff2") }\n'
        ".x { background: url('data:image/png;base64,AA') }",
        encoding="utf-8",
    )
    (static / "print.css").write_text("a { color: black }", encoding="utf-8")
    (tmp_path / "html" / "chapters").mkdir()
    page = tmp_path / "html" / "chapters" / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    (tmp_path / "doctrees").mkdir()
    app = SimpleNamespace(
        outdir=str(tmp_path / "html"),
        doctreedir=str(tmp_path / "doctrees"),
        builder=SimpleNamespace(name="html"),
    )
    return app, page, static


@pytest.fixture
def built(lh, site):
    """The site after one build: its app, page, _static folder and the page's new text."""
    app, page, static = site
    lh._lean_heads(app, None)
    return app, page, static, page.read_text(encoding="utf-8")


def test_a_page_gets_one_stylesheet_with_imports_inlined_and_urls_rebased(built):
    _, _, static, html = built
    links = [line for line in html.splitlines() if 'rel="stylesheet"' in line]
    assert len(links) == 1 and "../_static/bundle-" in links[0] and "?v=" in links[0]
    assert '<link rel="manifest"' in html  # other links stay
    (bundle,) = static.glob("bundle-*.css")
    css = bundle.read_text(encoding="utf-8")
    assert css.index("p { margin: 0 }") < css.index("@font-face") < css.index("@media print")
    assert "@import" not in css
    assert 'url("katex/fonts/K.woff2")' in css  # relative to the bundle, in _static/
    assert "url('data:image/png;base64,AA')" in css
    assert "@media print{a { color: black }}" in css


def test_scripts_wait_for_the_parser_but_the_options_and_async_ones(built):
    html = built[3]
    assert '<script src="../_static/doctools.js?v=4" defer="defer"></script>' in html
    assert '<script src="../_static/documentation_options.js?v=3"></script>' in html
    assert '<script async="async" src="../_static/book/livefig-loader.js"></script>' in html


def test_a_page_not_rewritten_by_an_incremental_build_keeps_a_fresh_bundle(lh, built):
    app, page, static, first = built
    (old,) = static.glob("bundle-*.css")
    # the next build: Sphinx leaves this page as it is, a stylesheet changed, a stale bundle lies
    (static / "basic.css").write_text("p { margin: 1px }", encoding="utf-8")
    (static / "bundle-000000000000.css").write_text("stale", encoding="utf-8")
    lh._lean_heads(app, None)
    second = page.read_text(encoding="utf-8")
    assert [p.name for p in static.glob("bundle-*.css")] == [old.name]  # the stale one went
    assert "p { margin: 1px }" in old.read_text(encoding="utf-8")
    assert second != first and second.count('rel="stylesheet"') == 1  # a new ?v=
    assert second.count('defer="defer"') == first.count('defer="defer"')
    manifest = json.loads((static.parent.parent / "doctrees" / lh.MANIFEST).read_text())
    assert manifest == {
        old.name[len("bundle-") : -len(".css")]: [
            ["styles/theme.css", "all"],
            ["katex/katex.css", "all"],
            ["print.css", "print"],
        ]
    }


def test_the_pdf_build_is_left_alone(lh, site):
    app, page, _ = site
    app.builder.name = "singlehtml"
    lh._lean_heads(app, None)
    assert page.read_text(encoding="utf-8") == PAGE
