"""Pages that start drawing sooner on a slow link: one stylesheet, and no script that stops the
parser (a Sphinx extension, _config.yml).

A page linked 16 stylesheets, one of which imports another (a second round trip), and ran 8
scripts in ``<head>`` that each stop the HTML parser until they have arrived and run: on a phone's
link with a 150 ms round trip the text and the live figures waited for all of them. After the build
(``build-finished``), every page of the web book is rewritten:

* **One stylesheet.** The stylesheets of ``_static/`` a page links, in order, become one file,
  ``_static/bundle-<id>.css``: ``@import`` s inlined, every ``url()`` made relative to the bundle,
  a ``media`` attribute kept as ``@media``. ``<id>`` names the list of files, so every page that
  links the same list (all of this book's) shares one file, which the browser caches once; the
  link carries ``?v=<hash of the content>``, so a changed stylesheet is fetched again.
* **Scripts after parsing.** The theme's and extensions' scripts of :data:`DEFERRED_SCRIPTS` get
  ``defer``: they run after the parser is done, in the same order, before ``DOMContentLoaded`` —
  when they start their work anyway. ``documentation_options.js`` stays as it is (inline scripts
  use it at once).

* **The live-figure loader in the cache before it is needed.** A page without live figures asks for
  ``book/livefig-loader.js`` (4 KB gzip'd) with ``<link rel="prefetch">``: the browser fetches it
  when the page is done and idle, so the first page with a figure the reader opens next finds it in
  the HTTP cache. Its URL is the one the figure pages load (``?v=`` Sphinx's checksum of the file),
  or the cache would not serve it.

Incremental builds: Sphinx rewrites only the pages that changed, so a page may already have its
bundle from an earlier build. The list of files behind each ``<id>`` is kept in the doctree folder
(``lean_heads.json``), every bundle in use is made again from the current files each build, and a
bundle no page uses is deleted. Runs after ``lean_assets.py`` has made the stylesheets lean
(priority 800) and before the offline worker's precache list (``offline_book.py``, 900). Only for
the ``html`` builder; ``singlehtml`` (the PDF) keeps its links.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import zlib
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Scripts that only start their work at DOMContentLoaded (or later): deferred, in their order.
DEFERRED_SCRIPTS = (
    "doctools.js",
    "sphinx_highlight.js",
    "clipboard.min.js",
    "copybutton.js",
    "scripts/sphinx-book-theme.js",
    "togglebutton.js",
    "translations.js",
    "design-tabs.js",
    # the search page's (searchtools.js calls doctools.js's _ready at once: after it, in order)
    "searchtools.js",
    "language_data.js",
    "searchindex.js",
)
MANIFEST = "lean_heads.json"
#: The live figures' loader (``_config.yml``'s ``nb_ipywidgets_js``), in ``html_static_path``'s
#: ``static/``: loaded by the pages with figures, prefetched by the others.
LOADER = "book/livefig-loader.js"

_LINK = re.compile(r"[ \t]*<link\b[^>]*>[ \t]*\n?")
_ATTR = re.compile(r'\b([\w-]+)="([^"]*)"')
_BUNDLE = re.compile(r"bundle-([0-9a-f]{12})\.css")
_SCRIPT = re.compile(r'<script\b([^>]*)\bsrc="([^"]+)"([^>]*)></script>')
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s]+)["']?\s*\)?\s*;""")
_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


def _local(href: str) -> str:
    """``href`` without its query and fragment."""
    return href.split("?", 1)[0].split("#", 1)[0]


def inline_css(path: Path, bundle_dir: Path, seen: frozenset[Path] = frozenset()) -> str:
    """The stylesheet at ``path`` with its ``@import`` s inlined and its ``url()`` s relative to
    ``bundle_dir``."""
    css = path.read_text(encoding="utf-8")

    def imported(m: re.Match) -> str:
        target = (path.parent / _local(m[1])).resolve()
        if target in seen or not target.is_file():
            return m[0]
        return inline_css(target, bundle_dir, seen | {path.resolve()})

    def rebased(m: re.Match) -> str:
        url = m[2].strip()
        if url.startswith(("data:", "http:", "https:", "/", "#")):
            return m[0]
        rest = url[len(_local(url)) :]
        target = os.path.normpath(path.parent / _local(url))
        return f'url("{Path(os.path.relpath(target, bundle_dir)).as_posix()}{rest}")'

    return _URL.sub(rebased, _IMPORT.sub(imported, css))


def bundle_id(sheets: list[list[str]]) -> str:
    """The id of a list of ``[path under _static/, media]``."""
    return hashlib.sha256(json.dumps(sheets).encode()).hexdigest()[:12]


def bundle_css(static: Path, sheets: list[list[str]]) -> str:
    """The stylesheets ``sheets`` (``[path under static, media]``) as one, placed in ``static``."""
    parts = []
    for rel, media in sheets:
        css = inline_css(static / rel, static)
        parts.append(css if media == "all" else f"@media {media}{{{css}}}")
    return "\n".join(parts)


def deferred_scripts(head: str) -> str:
    """``head`` with ``defer`` on the scripts of :data:`DEFERRED_SCRIPTS`."""

    def deferred(m: re.Match) -> str:
        src = _local(m[2])
        if "defer" in m[0] or "async" in m[0] or not src.endswith(DEFERRED_SCRIPTS):
            return m[0]
        return f'<script{m[1]}src="{m[2]}"{m[3]} defer="defer"></script>'

    return _SCRIPT.sub(deferred, head)


def _one_stylesheet(page: Path, static: Path, known: dict[str, list]) -> tuple[str, str] | None:
    """Replace the _static stylesheets of ``page``'s head with one link to their bundle (its
    ``?v=`` left empty); return the page's new text and the bundle's id."""
    html = page.read_text(encoding="utf-8")
    head_end = html.find("</head>")
    if head_end < 0:
        return None
    head = html[:head_end]
    links = []
    for m in _LINK.finditer(head):
        attrs = dict(_ATTR.findall(m[0]))
        if attrs.get("rel") != "stylesheet" or "href" not in attrs:
            continue
        target = (page.parent / _local(attrs["href"])).resolve()
        if target.is_file() and target.is_relative_to(static):
            links.append((m, target.relative_to(static).as_posix(), attrs.get("media", "all")))
    if len(links) == 1 and (done := _BUNDLE.fullmatch(links[0][1])):
        if done[1] not in known:
            raise ExtensionError(f"{page}: bundle {done[1]} unknown; rebuild from scratch")
        ident = done[1]
    elif links:
        sheets = [[rel, media] for _, rel, media in links]
        ident = bundle_id(sheets)
        known[ident] = sheets
    else:
        return None
    href = Path(os.path.relpath(static / f"bundle-{ident}.css", page.parent)).as_posix()
    new_head = head[: links[0][0].start()] + f'<link rel="stylesheet" href="{href}?v=" />\n'
    cursor = links[0][0].end()
    for m, _, _ in links[1:]:
        new_head += head[cursor : m.start()]
        cursor = m.end()
    new_head += head[cursor:]
    return deferred_scripts(new_head) + html[head_end:], ident


def _lean_heads(app, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir).resolve()
    static = outdir / "_static"
    manifest = Path(app.doctreedir) / MANIFEST
    known = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    pages = {}
    for page in sorted(outdir.rglob("*.html")):
        if "_static" not in page.relative_to(outdir).parts:
            result = _one_stylesheet(page, static, known)
            if result:
                pages[page] = result
    versions = {}
    for ident in sorted({ident for _, ident in pages.values()}):
        css = bundle_css(static, known[ident])
        (static / f"bundle-{ident}.css").write_text(css, encoding="utf-8")
        versions[ident] = hashlib.sha256(css.encode()).hexdigest()[:8]
    for page, (html, ident) in pages.items():
        html = re.sub(
            rf'(bundle-{ident}\.css)\?v=[0-9a-f]*"', rf'\1?v={versions[ident]}"', html, count=1
        )
        page.write_text(html, encoding="utf-8")
    for stale in static.glob("bundle-*.css"):
        name = _BUNDLE.fullmatch(stale.name)
        if not name or name[1] not in versions:
            stale.unlink()
    manifest.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")
    sizes = ", ".join(
        f"bundle-{i}.css {(static / f'bundle-{i}.css').stat().st_size} B" for i in versions
    )
    logger.info(f"[lean_heads] {len(pages)} pages: one stylesheet ({sizes}), scripts deferred")


def _prefetch_loader(app, pagename, templatename, context, doctree) -> None:
    """On a page that does not load :data:`LOADER` (MyST-NB adds it to the pages with widget
    state, at the default priority), a prefetch link to it, with Sphinx's ``?v=`` (the CRC-32 of
    the file, as Sphinx computes it for the script tag)."""
    if app.builder.name != "html":
        return
    if any(str(getattr(js, "filename", js)).endswith(LOADER) for js in context["script_files"]):
        return
    href = context["pathto"](f"_static/{LOADER}", 1)
    version = _checksum(Path(app.confdir) / "static" / LOADER)
    context["metatags"] += f'\n<link rel="prefetch" as="script" href="{href}?v={version}" />'


@functools.lru_cache(maxsize=1)
def _checksum(path: Path) -> str:
    """Sphinx's ``?v=`` for a static file: its CRC-32 (read once per build, not once per page)."""
    return f"{zlib.crc32(path.read_bytes()):08x}"


def setup(app):
    # after MyST-NB (500) has added the loader to the pages with live figures
    app.connect("html-page-context", _prefetch_loader, priority=600)
    # after lean_assets.py (800) made the stylesheets lean, before offline_book.py (900)
    app.connect("build-finished", _lean_heads, priority=850)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
