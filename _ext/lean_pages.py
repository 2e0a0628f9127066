"""Lighter pages for phones: lazy content images and smaller PNGs (a Sphinx extension, _config.yml).

* Every ``<img>`` of a page's content gets ``loading="lazy"`` and ``decoding="async"``: a figure
  further down is fetched when the reader scrolls near it, not with the page (chapter 09 holds
  455 KB of figures). No page opens with a figure (a phone's first screen is the title and text),
  and the browser fetches a lazy image already when it is near the screen (Chromium: within
  1250–2500 px, more on a slow link), so one close to the top still comes with the page. An image
  whose size MyST-NB wrote as ``style="width: Wpx; height: Hpx"`` also gets ``width``/``height``
  attributes: with them the browser reserves the figure's box (its aspect ratio) before the image
  arrives, so the text does not jump when it loads (screen.css sets ``height: auto``, which alone
  would leave a not-yet-loaded image 0 px high).
* Highlighted code without the ``<span>`` s that change nothing: Pygments wraps every token, and
  names, punctuation and spaces (``n``, ``p``, ``w``, …) are drawn exactly like plain code text in
  both the light and the dark style the theme uses (read from the styles:
  :func:`plain_token_classes`). Their text stays, unwrapped: on chapter 09 4.7 KB less on the wire
  (gzip), no pixel different.
* After the build, the PNGs in ``_images/`` are re-encoded losslessly with Pillow — an opaque RGBA
  image as RGB, an image of at most 256 colours with an exact palette, ``optimize=True`` — and
  kept only when smaller and pixel-identical (checked). About 15 % fewer bytes for this book's
  matplotlib figures. Same input and Pillow version, same bytes.

Only for the ``html`` builder (the web book); ``singlehtml`` (the PDF, ``make pdf``) is unchanged.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable
from pathlib import Path

from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Token
from sphinx.util import logging

logger = logging.getLogger(__name__)

_IMG = re.compile(r"<img\b[^>]*>")
_STYLE_SIZE = re.compile(r'\bstyle="width:\s*(\d+(?:\.\d+)?)px;\s*height:\s*(\d+(?:\.\d+)?)px;?"')


def _web_book(app) -> bool:
    return app.builder.name == "html"


def lazy_images(body: str) -> str:
    """``body`` with each ``<img>`` lazy, decoded asynchronously, and sized."""

    def rewrite(m: re.Match) -> str:
        tag = m[0]
        end = "/>" if tag.endswith("/>") else ">"
        extra = []
        if " loading=" not in tag:
            extra.append('loading="lazy"')
        if " decoding=" not in tag:
            extra.append('decoding="async"')
        size = _STYLE_SIZE.search(tag)
        if size and " width=" not in tag and " height=" not in tag:
            extra.append(f'width="{round(float(size[1]))}" height="{round(float(size[2]))}"')
        if not extra:
            return tag
        return tag[: -len(end)].rstrip() + " " + " ".join(extra) + " " + end

    return _IMG.sub(rewrite, body)


def plain_token_classes(styles: Iterable[str]) -> frozenset[str]:
    """Pygments' short token classes (``n``, ``p``, …) that every one of ``styles`` draws exactly
    like plain code text (``Token.Text``, the colour of ``.highlight`` itself)."""
    return _plain_token_classes(tuple(styles))


@functools.cache  # the same two styles on every page: read once per build
def _plain_token_classes(styles: tuple[str, ...]) -> frozenset[str]:
    common: set[str] | None = None
    for name in styles:
        style = get_style_by_name(name)
        text = style.style_for_token(Token.Text)
        same = {c for t, c in STANDARD_TYPES.items() if c and style.style_for_token(t) == text}
        common = same if common is None else common & same
    return frozenset(common or ())


_CODE = re.compile(r'(<div class="highlight"><pre>)(.*?)(</pre>)', re.DOTALL)


@functools.cache
def _token_pattern(classes: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, sorted(classes)))
    return re.compile(rf'<span class="(?:{alternatives})">([^<]*)</span>')


def unwrap_plain_tokens(body: str, classes: frozenset[str]) -> str:
    """``body`` with every ``<span class="C">text</span>`` of highlighted code replaced by its
    text, for C in ``classes``."""
    if not classes:
        return body
    token = _token_pattern(classes)
    return _CODE.sub(lambda m: m[1] + token.sub(r"\1", m[2]) + m[3], body)


def _lighter_body(app, pagename, templatename, context, doctree) -> None:
    if not _web_book(app) or "body" not in context:
        return
    # pydata-sphinx-theme's two code styles (its pygments.css holds both)
    styles = (context.get("theme_pygments_light_style"), context.get("theme_pygments_dark_style"))
    if not all(styles):
        styles = (app.config.pygments_style or "sphinx",)
    body = unwrap_plain_tokens(context["body"], plain_token_classes(styles))
    context["body"] = lazy_images(body)


def smaller_png(data: bytes) -> bytes | None:
    """``data`` (a PNG) re-encoded losslessly, or None when that is not smaller."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as original:
        original.load()
        pixels = original.convert("RGBA").tobytes()
        image = original
        if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
            image = image.convert("RGB")  # opaque: the alpha channel carries nothing
        if image.mode in ("RGB", "RGBA") and image.getcolors(256) is not None:
            # At most 256 colours: a palette holds them exactly (ADAPTIVE keeps them all).
            paletted = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=256)
            if paletted.convert("RGBA").tobytes() == pixels:
                image = paletted
        out = io.BytesIO()
        options = {"dpi": original.info["dpi"]} if "dpi" in original.info else {}
        image.save(out, "PNG", optimize=True, **options)
    result = out.getvalue()
    with Image.open(io.BytesIO(result)) as check:  # never keep a file that draws differently
        if check.convert("RGBA").tobytes() != pixels:
            return None
    return result if len(result) < len(data) else None


def _optimise_pngs(app, exception) -> None:
    if exception is not None or not _web_book(app):
        return
    before = after = 0
    for path in sorted(Path(app.outdir, "_images").glob("*.png")):
        data = path.read_bytes()
        smaller = smaller_png(data)
        before += len(data)
        if smaller is not None:
            path.write_bytes(smaller)
        after += len(smaller if smaller is not None else data)
    if before:
        logger.info(f"[lean_pages] _images/*.png: {before} → {after} bytes ({after / before:.0%})")


def setup(app):
    app.connect("html-page-context", _lighter_body)
    # before the offline precache list (offline_book.py, priority 900) hashes the files
    app.connect("build-finished", _optimise_pngs, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
