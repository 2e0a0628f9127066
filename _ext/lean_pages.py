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
* After the build, the PNGs in ``_images/`` are re-encoded losslessly with Pillow — an opaque RGBA
  image as RGB, an image of at most 256 colours with an exact palette, ``optimize=True`` — and
  kept only when smaller and pixel-identical (checked). About 15 % fewer bytes for this book's
  matplotlib figures. Same input and Pillow version, same bytes.

Only for the ``html`` builder (the web book); ``singlehtml`` (the PDF, ``make pdf``) is unchanged.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

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


def _lazy_images(app, pagename, templatename, context, doctree) -> None:
    if _web_book(app) and "body" in context:
        context["body"] = lazy_images(context["body"])


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
    app.connect("html-page-context", _lazy_images)
    # before the offline precache list (offline_book.py, priority 900) hashes the files
    app.connect("build-finished", _optimise_pngs, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
