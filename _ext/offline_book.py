"""Offline after one visit: web app manifest and service worker of the web book (Sphinx extension).

* Every page links ``manifest.webmanifest`` (static/book/, copied to the site root by
  ``html_extra_path``: Korean name, standalone display, icons from scripts/make_app_icons.py), so
  a phone can add the book to its home screen, and loads ``_static/book/offline.js``, which
  registers the service worker after the page has loaded.
* After the build, ``sw.js`` is written at the site root (scope: the whole book) from the template
  ``static/book/sw.js`` with the precache list: every page, and every stylesheet, script, font and
  image the pages can load (:func:`precache_files`), plus a version — a hash of the names and bytes
  of all of them — so a build with any changed file gets a new cache and the old one is deleted.

Only for the ``html`` builder (``singlehtml`` is the PDF's source). ``file://`` reading needs none
of this and is unchanged: offline.js does nothing there.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

TEMPLATE = Path("static", "book", "sw.js")
MANIFEST = "manifest.webmanifest"
_PRECACHE_LINE = re.compile(r"^const PRECACHE = .*;.*$", re.MULTILINE)

#: Files under _static/ the pages can load (the rest are licenses, source maps, translations).
ASSET_SUFFIXES = {
    ".css", ".js", ".mjs", ".json", ".woff", ".woff2", ".ttf", ".otf",
    ".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico",
}  # fmt: skip
#: Never loaded by a page of this book, though present in _static/.
NOT_LOADED = (
    "_static/scripts/fontawesome.js",  # dropped by _templates/layout.html
    "_static/vendor/fontawesome/",  # the full icon fonts: static/book/icons.css uses a subset
    "_static/book/sw.js",  # the templates (html_static_path copies static/book/ whole);
    "_static/book/manifest.webmanifest",  # the real ones are at the site root
)


def _web_book(app) -> bool:
    return app.builder.name == "html"


def precache_files(outdir: Path) -> list[str]:
    """Paths (relative to the site root, sorted) of the files a reader needs offline: the pages
    (every .html outside _static/ and _sources/), the search index, the manifest and the favicon,
    _images/, and the stylesheets, scripts, fonts and images of _static/ except ``NOT_LOADED``."""
    files = []
    for path in outdir.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(outdir).as_posix()
        top = PurePosixPath(rel).parts[0]
        if top == "_static":
            keep = path.suffix in ASSET_SUFFIXES and not rel.startswith(NOT_LOADED)
        elif top == "_images":
            keep = True
        elif top == "_sources":
            keep = False  # the .ipynb downloads: not needed to read the book
        else:
            keep = path.suffix == ".html" or rel in ("searchindex.js", MANIFEST, "favicon.ico")
        if keep:
            files.append(rel)
    return sorted(files)


def precache_version(outdir: Path, files: list[str]) -> str:
    """A hash of the names and contents of ``files``: changes when any of them does."""
    digest = hashlib.sha256()
    for rel in files:
        content = hashlib.sha256((outdir / rel).read_bytes()).hexdigest()
        digest.update(f"{rel}\0{content}\n".encode())
    return digest.hexdigest()[:16]


def service_worker(template: str, version: str, files: list[str]) -> str:
    """The template with its ``const PRECACHE = …;`` line holding ``version`` and ``files``."""
    if len(_PRECACHE_LINE.findall(template)) != 1:
        raise ExtensionError(f"{TEMPLATE}: expected one line 'const PRECACHE = …;'")
    precache = json.dumps({"version": version, "files": [quote(f) for f in files]})
    return _PRECACHE_LINE.sub(lambda _: f"const PRECACHE = {precache};", template)


def read_precache(outdir: Path) -> dict:
    """The ``{"version", "files"}`` written into ``outdir/sw.js`` (for tests and benchmarks)."""
    text = (Path(outdir) / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^const PRECACHE = (\{.*\});$", text, re.MULTILINE)[1])


def _add_script(app) -> None:
    if _web_book(app):
        app.add_js_file("book/offline.js", defer="defer")


def _link_manifest(app, pagename, templatename, context, doctree) -> None:
    if not _web_book(app):
        return
    pathto = context["pathto"]
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="manifest" href="{pathto(MANIFEST, 1)}" />'
        f'\n<link rel="apple-touch-icon" href="{pathto("_static/book/icon-192.png", 1)}" />'
    )


def _write_service_worker(app, exception) -> None:
    if exception is not None or not _web_book(app):
        return
    outdir = Path(app.outdir)
    if not (outdir / MANIFEST).exists():
        raise ExtensionError(f"{MANIFEST} missing at the site root: add it to html_extra_path")
    files = precache_files(outdir)
    version = precache_version(outdir, files)
    template = (Path(app.confdir) / TEMPLATE).read_text(encoding="utf-8")
    (outdir / "sw.js").write_text(service_worker(template, version, files), encoding="utf-8")
    size = sum((outdir / f).stat().st_size for f in files)
    logger.info(f"[offline_book] sw.js: {len(files)} files, {size} bytes, version {version}")


def setup(app):
    app.connect("builder-inited", _add_script)
    app.connect("html-page-context", _link_manifest)
    # after every other build-finished step that writes into the output (lean_pages: 400)
    app.connect("build-finished", _write_service_worker, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
