"""Draw the book's app icons (home screen, install dialog) from static/book/favicon.svg.

    .venv/bin/python scripts/make_app_icons.py  # static/book/icon-{192,512,maskable-512}.png

The web app manifest (static/book/manifest.webmanifest) names PNG icons of 192 and 512 px, which
Chromium requires to offer "install"/"add to home screen". Chromium
(``bookdev.browser.headless_chromium``, Debian's, the one the tests use) draws the SVG at each size:

* ``icon-192.png``, ``icon-512.png`` — the SVG as it is (rounded corners transparent);
* ``icon-maskable-512.png`` — for Android's adaptive icons, which cut the icon to a circle or a
  squircle: the SVG at 80 % on a full square of its background colour, so the bars stay inside the
  safe zone (the centred circle of 40 % radius).

The PNGs are committed; run this again after changing favicon.svg.
"""

from __future__ import annotations

import base64
import re
import sys

from bookdev import ROOT
from bookdev.browser import headless_chromium

BOOK = ROOT / "static" / "book"
SVG = BOOK / "favicon.svg"

PAGE = """<!doctype html><html><body style="margin:0;background:{background}">
<img src="data:image/svg+xml;base64,{svg}" width="{inner}" height="{inner}"
     style="display:block;margin:{margin}px"></body></html>"""


def main() -> int:
    svg = SVG.read_text(encoding="utf-8")
    # the background colour: the first full-size rect of the SVG
    background = re.search(r'<rect width="64" height="64"[^>]*fill="(#[0-9a-fA-F]{6})"', svg)[1]
    data = base64.b64encode(svg.encode()).decode()
    icons = [  # file, size, background, share of the size the SVG takes
        ("icon-192.png", 192, "transparent", 1.0),
        ("icon-512.png", 512, "transparent", 1.0),
        ("icon-maskable-512.png", 512, background, 0.8),
    ]
    with headless_chromium() as browser:
        for name, size, fill, share in icons:
            page = browser.new_page(viewport={"width": size, "height": size})
            inner = round(size * share)
            html = PAGE.format(background=fill, svg=data, inner=inner, margin=(size - inner) // 2)
            page.set_content(html)
            page.evaluate("() => document.images[0].decode()")
            page.screenshot(path=str(BOOK / name), omit_background=fill == "transparent")
            page.close()
            print(f"static/book/{name}: {(BOOK / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
