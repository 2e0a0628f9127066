"""Make the book's icon font: the few Font Awesome icons the pages use, cut from the theme's font.

    .venv/bin/python scripts/make_icon_font.py          # writes static/book/fa-solid-subset.woff
                                                        # and static/book/icons.css
    .venv/bin/python scripts/make_icon_font.py --check  # exit 1 if the committed files are stale

pydata-sphinx-theme draws its icons (menu, contents, search, light/dark, download, admonition
marks) with Font Awesome 6 Free Solid: 153 KB (woff2) for ~1400 icons, of which a page shows about
15. This script cuts the theme's ``fa-solid-900.ttf`` down to the icons in ``ICONS`` plus every
``--pst-icon-*`` glyph of the theme CSS (admonitions of any type, version notes, external links):

* ``static/book/fa-solid-subset.woff`` — WOFF (zlib). fontTools writes WOFF2 only with the Brotli
  module, which is not a dependency of this book; for 25 glyphs that is a few hundred bytes.
* ``static/book/icons.css`` — an ``@font-face`` with the theme's family, weight and style, loaded
  after the theme's CSS, so the browser takes this face instead of the full font; and the
  ``::before`` rule of each icon in ``ICONS``.

The output depends only on the installed theme and fontTools (no time stamps): the same versions
give the same bytes, and ``--check`` (run by tests/browser/test_theme_weight.py) says whether the
committed files are current. After a theme update or a new icon in a template, run the script and
commit both files; the browser test names any glyph a page shows that the subset lacks.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import textwrap
from pathlib import Path

import pydata_sphinx_theme
from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "book"
FONT_NAME = "fa-solid-subset.woff"
THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
THEME_CSS = THEME / "styles" / "pydata-sphinx-theme.css"
THEME_FONT = THEME / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.ttf"

#: Icons that the templates of both themes write as <i class="fa-solid fa-NAME">.
ICONS = [
    "bars",  # primary sidebar toggle (header)
    "list",  # secondary sidebar (contents) toggle, "contents" heading
    "outdent",  # sidebar collapse button
    "magnifying-glass",  # search button and search field
    "circle-half-stroke",  # theme switcher: auto
    "sun",  # theme switcher: light
    "moon",  # theme switcher: dark
    "arrow-up",  # "back to top"
    "angle-left",  # previous page
    "angle-right",  # next page
    "expand",  # full screen button
    "download",  # download menu
    "file",  # download the source (.ipynb / .md)
    "file-pdf",  # download as PDF (print)
]

#: Icons the theme CSS draws from variables (--pst-icon-NAME: "<glyph>"); brands are another font.
_PST_ICON = re.compile(r"--pst-icon-([a-z-]+):\s*\"([^\"\\]|\\[0-9a-fA-F]+\s?)\"")
BRANDS = {"github", "gitlab"}


def _char(value: str) -> str:
    """A CSS string's one character: itself or a hex escape (``\\f0c9``)."""
    return chr(int(value[1:], 16)) if value.startswith("\\") else value


def icon_codepoints(css: str) -> dict[str, int]:
    """Name → code point: ``ICONS`` (from ``.fa-NAME:before{content:"…"}``), then the variables."""
    found: dict[str, int] = {}
    for name in ICONS:
        m = re.search(r"\.fa-" + re.escape(name) + r":before[^{]*\{content:\"([^\"]+)\"", css)
        if not m:
            raise SystemExit(f"icon fa-{name} not found in {THEME_CSS}")
        found[name] = ord(_char(m[1]))
    for name, value in _PST_ICON.findall(css):
        if name not in BRANDS:
            found.setdefault(f"pst-{name}", ord(_char(value.strip())))
    return found


def subset_font(codepoints: list[int]) -> bytes:
    """The theme's solid font cut to ``codepoints``, as WOFF, with its names (license) kept."""
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []  # icons are looked up by code point only
    options.name_IDs = ["*"]  # keep the copyright and license names (SIL OFL 1.1)
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(THEME_FONT, recalcTimestamp=False)  # keep head.modified: same input, same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf, reorderTables=True)
    return buf.getvalue()


def icons_css(font: bytes, icons: dict[str, int]) -> str:
    """The stylesheet: the subset's @font-face (versioned by its hash) and the ICONS rules, one
    line each (a generated file: Biome leaves it alone). The rule that keeps ``.fas`` on this face
    inside the page is hand-written, in static/book/screen.css."""
    version = hashlib.sha256(font).hexdigest()[:12]
    rules = " ".join(
        f'.fa-{name}::before {{ content: "\\{cp:x}"; }}'
        for name, cp in icons.items()
        if not name.startswith("pst-")
    )
    glyphs = ", ".join(f"{name} U+{cp:X}" for name, cp in icons.items())
    glyphs = textwrap.fill(
        f"Glyphs: {glyphs}.",
        width=100,
        initial_indent="   ",
        subsequent_indent="   ",
        break_on_hyphens=False,
    )
    theme = f"pydata-sphinx-theme {pydata_sphinx_theme.__version__}"
    face = (
        '@font-face { font-family: "Font Awesome 6 Free"; font-style: normal; font-weight: 900;'
        f' font-display: block; src: url("{FONT_NAME}?v={version}") format("woff"); }}'
    )
    return f"""/* Generated by scripts/make_icon_font.py from {theme}: do not edit.

   The theme's icon font (Font Awesome 6 Free Solid), cut to the icons the book uses. Loaded after
   the theme's CSS with the same family, weight and style: the browser uses this face instead of
   the full font. Then the icons the templates use (the theme CSS defines them too).
{glyphs} */
{face}
{rules}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args()

    css = THEME_CSS.read_text(encoding="utf-8")
    icons = icon_codepoints(css)
    font = subset_font(sorted(set(icons.values())))
    files = {OUT / FONT_NAME: font, OUT / "icons.css": icons_css(font, icons).encode()}
    if args.check:
        stale = [p.name for p, data in files.items() if not p.exists() or p.read_bytes() != data]
        if stale:
            print(f"out of date: {stale} (run scripts/make_icon_font.py)", file=sys.stderr)
            return 1
        print("icon font is current")
        return 0
    for path, data in files.items():
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(data)} bytes")
    print(f"{len(set(icons.values()))} glyphs, from {THEME_FONT.stat().st_size} bytes (ttf)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
