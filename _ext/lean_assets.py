"""Lighter shared files for phones: the theme's CSS without unused rules, KaTeX fonts with only the
glyphs the book's math uses (a Sphinx extension, _config.yml).

Both run once the web book is written (``build-finished``), on the files in the output folder, so
the sources, the theme and ``vendor/`` stay as they are:

* **CSS.** pydata-sphinx-theme ships Bootstrap's whole stylesheet (397 KB, 65 KB gzip'd), most of
  it utility classes this book never uses. Every stylesheet under ``_static/`` (the vendored KaTeX
  and the book's own ``static/book/`` excepted) keeps only the selectors whose class and id names
  all occur as words in the built pages or in a script under ``_static/`` (a script that adds a
  class names it: Bootstrap's ``show``, the theme's ``bd-sidebar-primary`` …). Pseudo-classes and
  what is inside them, attribute selectors and element names never remove a selector, so hover,
  focus and dark-mode rules stay. A rule loses only the selectors of its list that cannot match;
  a rule, ``@media`` or ``@supports`` left empty goes. ``@font-face``, ``@keyframes`` and the rest
  stay as they are. The source map comment goes (the map would no longer fit).
* **Fonts.** The book's math uses a few dozen of the KaTeX fonts' glyphs. Each KaTeX woff2 is cut
  to the characters that font's family draws in any page's typeset math (``.katex-html``, over all
  pages, so no page misses one), with fontTools (woff2 needs ``brotli``). Which family draws a
  character is read from KaTeX's own CSS, as the browser reads it: the nearest element whose
  classes a ``font-family`` rule names (``.mathbb`` → KaTeX_AMS, ``.delimsizing.size1`` →
  KaTeX_Size1 …), else KaTeX_Main; every weight and style of a family keeps that family's
  characters. A character missing from its font would be drawn in another font;
  ``tests/browser/test_html.py`` asks Chromium which font drew every glyph of the math.

* **A theme scan that lays out the whole page.** pydata-sphinx-theme reads the size of every code
  block at load (and again 300 ms after any change to the page) to give the ones that scroll a tab
  stop; reading a size lays out the whole page at once, which costs 0.8 s on the bench's phone
  right when a live figure wants to answer (and undoes screen.css's ``content-visibility``).
  ``static/book/scroll-focus.js`` does the same job with a ResizeObserver as each block is laid
  out, so the theme's function is switched off in its copy in ``_static/`` (:data:`THEME_PATCHES`;
  a build warning if the pinned theme's text is not found).

Same pages and package versions, same bytes (no timestamps). After pydata-sphinx-theme has written
its light/dark ``pygments.css`` (also at ``build-finished``) and before the offline worker's
precache list is written (``offline_book.py``, priority 900), which hashes these files; the pages'
one stylesheet is made from the lean files after that (``lean_heads.py``). Only for the ``html``
builder (the web book); ``singlehtml`` (the PDF, ``make pdf``) keeps the full files.
"""

from __future__ import annotations

import io
import logging as std_logging
import re
from pathlib import Path

import tinycss2
from sphinx.util import logging
from static_text import replace_in_file

logger = logging.getLogger(__name__)

#: Stylesheets left whole: the vendored KaTeX (its classes are written by the typesetter), the
#: book's own small files, and the one stylesheet per page made of them all (_ext/lean_heads.py).
KEEP_WHOLE = ("katex/", "book/", "bundle-")
KATEX_FONTS = Path("_static", "katex", "dist", "fonts")

_WORD = re.compile(r"[A-Za-z_][\w-]*")
#: Pseudo-class arguments, ``:not(.x)``, ``:is(.a, .b)``: never required (removed before the test).
_PSEUDO_ARGS = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_NAMES = re.compile(r"[.#](-?[A-Za-z_][\w-]*)")


def words_of(texts) -> set[str]:
    """Every word (identifier-like run, hyphens included) in ``texts``."""
    words: set[str] = set()
    for text in texts:
        words.update(_WORD.findall(text))
    return words


def selector_can_match(selector: str, words: set[str]) -> bool:
    """True unless ``selector`` needs a class or id that is none of ``words``."""
    if "\\" in selector:  # escaped names: keep, rather than parse them
        return True
    bare = _ATTRIBUTE.sub("", _PSEUDO_ARGS.sub("", selector))
    return all(name in words for name in _NAMES.findall(bare))


def _split_selectors(prelude: str) -> list[str]:
    """The comma-separated selectors of a rule's prelude (commas inside parentheses stay)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    parts.append(prelude[start:].strip())
    return [p for p in parts if p]


def _purge_rules(rules, words: set[str]) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = tinycss2.serialize(rule.prelude).strip()
            kept = [s for s in _split_selectors(prelude) if selector_can_match(s, words)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule":
            keyword = rule.at_keyword.lower()
            head = "@" + rule.at_keyword + tinycss2.serialize(rule.prelude)
            if rule.content is None:
                out.append(head.strip() + ";")
            elif keyword in ("media", "supports", "container", "layer", "document"):
                inner_rules = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                inner = _purge_rules(inner_rules, words)
                if inner:
                    out.append(head.strip() + "{" + inner + "}")
            else:  # @font-face, @keyframes, @page …: as they are
                out.append(head.strip() + "{" + tinycss2.serialize(rule.content).strip() + "}")
    return "".join(out)


def purge_css(css: str, words: set[str]) -> str:
    """``css`` without the selectors that need a class or id not in ``words`` (see the module
    doc)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _purge_rules(rules, words)


def _stylesheets(outdir: Path) -> list[Path]:
    static = outdir / "_static"
    return sorted(
        path
        for path in static.rglob("*.css")
        if not path.relative_to(static).as_posix().startswith(KEEP_WHOLE)
    )


def _purge_stylesheets(outdir: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(outdir.rglob("*.html"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((outdir / "_static").rglob("*.js"))]
    words = words_of(texts)
    before = after = 0
    for path in _stylesheets(outdir):
        css = path.read_text(encoding="utf-8")
        lean = purge_css(css, words)
        before, after = before + len(css), after + len(lean)
        path.write_text(lean, encoding="utf-8")
    logger.info(f"[lean_assets] stylesheets: {before} → {after} bytes ({after / before:.0%})")


_FAMILY_RULE = re.compile(r"([^{}]+)\{[^{}]*font-family:\s*(KaTeX_\w+)")
_CLASS = re.compile(r"\.([\w-]+)")


def family_classes(katex_css: str) -> list[tuple[frozenset[str], bool, str]]:
    """KaTeX's rules that choose a math font, from its CSS: ``(classes, child, family)`` — an
    element with all of ``classes`` (or, with ``child``, a ``<span>`` whose parent has them) is
    drawn in ``family``. ``.katex`` itself (KaTeX_Main) is the default."""
    rules = []
    for selectors, family in _FAMILY_RULE.findall(katex_css):
        if "@font-face" in selectors:
            continue
        for selector in selectors.split(","):
            compounds = selector.replace(">", " > ").split()
            child = compounds[-1] == "span" and len(compounds) > 2 and compounds[-2] == ">"
            last = compounds[-3] if child else compounds[-1]
            classes = frozenset(_CLASS.findall(last))
            if classes and classes != {"katex"}:
                rules.append((classes, child, family))
    return rules


def _family_of(node, rules) -> str:
    """The KaTeX font family that draws the text ``node`` (the nearest element a rule picks)."""
    element = node.parent
    while element is not None and "katex-html" not in (element.get("class") or []):
        own = set(element.get("class") or [])
        parent = set(element.parent.get("class") or []) if element.parent else set()
        for classes, child, family in rules:
            if classes <= (parent if child else own) and (not child or element.name == "span"):
                return family
        element = element.parent
    return "KaTeX_Main"


def math_characters(html_pages, rules=()) -> dict[str, set[str]]:
    """The characters drawn in the typeset math of ``html_pages`` (texts of built pages), by the
    KaTeX font family that draws them (:func:`family_classes`; none: all under KaTeX_Main)."""
    import html

    from bs4 import BeautifulSoup

    chars: dict[str, set[str]] = {}
    for page in html_pages:
        if "katex-html" not in page:
            continue
        for math in BeautifulSoup(page, "html.parser").select(".katex-html"):
            for text in math.find_all(string=True):
                drawn = set(html.unescape(str(text))) - {"\n"}
                if drawn:
                    chars.setdefault(_family_of(text, rules), set()).update(drawn)
    return chars


def subset_font(data: bytes, characters: set[str]) -> bytes:
    """``data`` (a woff2 font) with only the glyphs of ``characters`` (woff2 again)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # fontTools logs every table it prunes at INFO, which the build shows: 600 lines in each build
    std_logging.getLogger("fontTools").setLevel(std_logging.WARNING)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # same input, same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in characters})
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def _subset_katex_fonts(outdir: Path) -> None:
    fonts = sorted((outdir / KATEX_FONTS).glob("*.woff2"))
    if not fonts:
        return
    css = (outdir / KATEX_FONTS.parent / "katex.min.css").read_text(encoding="utf-8")
    pages = [p.read_text(encoding="utf-8") for p in sorted(outdir.rglob("*.html"))]
    by_family = math_characters(pages, family_classes(css))
    before = after = 0
    for path in fonts:
        family = path.name.split("-", 1)[0]  # KaTeX_Main-Bold.woff2 → KaTeX_Main
        data = path.read_bytes()
        lean = subset_font(data, by_family.get(family, set()))
        before, after = before + len(data), after + len(lean)
        path.write_bytes(lean)
    counts = ", ".join(f"{family[6:]} {len(c)}" for family, c in sorted(by_family.items()))
    logger.info(
        f"[lean_assets] KaTeX fonts (characters by family: {counts}): {before} → {after} bytes"
        f" ({after / before:.0%})"
    )


#: Text replaced in the theme's scripts: file under _static/ → [(old, new)].
THEME_PATCHES = {
    "scripts/pydata-sphinx-theme.js": [
        (
            'function I(){const e=()=>{document.querySelectorAll(["pre",',
            'function I(){return;const e=()=>{document.querySelectorAll(["pre",',
        )
    ],
}


def _lean_assets(app, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    _purge_stylesheets(outdir)
    _subset_katex_fonts(outdir)
    for rel, replacements in THEME_PATCHES.items():
        replace_in_file(outdir / "_static" / rel, replacements, "lean_assets")


def setup(app):
    # after pydata-sphinx-theme writes the final pygments.css (build-finished, priority 500),
    # before the offline precache list (offline_book.py, priority 900) hashes the files
    app.connect("build-finished", _lean_assets, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
