"""The PDF edition's link: a link when the PDF exists at build time, how to make it when not.

``{pdf-edition}`PDF판``` in a page (the intro) renders, in the HTML book,

* when the PDF edition exists (``make pdf`` writes ``_build/pdf/book.pdf``): a link "PDF판" to
  ``book.pdf`` beside the pages, followed by its size, and the PDF is copied into the HTML output
  as ``book.pdf`` (``pdf_edition_name``), so the link never leads to a missing file;
* when it does not: the text with how to make it, "PDF판(이 빌드에는 없습니다. 저장소에서
  ``make pdf``\\를 실행하면 만들어집니다)", and no link (an earlier copy leaves the output);
* in the one-page book (``singlehtml``, which ``make pdf`` prints) and other builders: the text
  alone — the reader is holding the PDF.

Where the PDF is (``pdf_edition_file``): by default ``pdf/book.pdf`` in the build folder, that is
``<book>/_build/pdf/book.pdf`` beside ``_build/html`` (with ``--path-output OUT``,
``OUT/_build/pdf/book.pdf``, where ``make pdf OUT=…`` writes it); a relative path is taken from the
book's folder.

The choice is made when a page is written (a post-transform), since ``html`` and ``singlehtml``
share the read pages. Sphinx writes only pages it re-read, so a page using the role is re-read
whenever the PDF appears, disappears or changes (``env-get-outdated``, keyed on its existence,
modification time and size).
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

logger = logging.getLogger(__name__)

#: What the text says when the PDF is missing: before and after the command.
MISSING = ("(이 빌드에는 없습니다. 저장소에서 ", "make pdf", "를 실행하면 만들어집니다)")
#: Builders that get the link (the per-page HTML books).
LINK_BUILDERS = frozenset({"html", "dirhtml"})


class pdf_edition(nodes.Inline, nodes.TextElement):
    """The role's text, until the post-transform makes it a link or a note."""


def pdf_file(app: Sphinx) -> Path:
    """Where the PDF edition is looked for (``pdf_edition_file``)."""
    if app.config.pdf_edition_file:
        return Path(app.confdir, app.config.pdf_edition_file)
    return Path(app.outdir).parent / "pdf" / "book.pdf"


def pdf_state(app: Sphinx) -> tuple[int, int] | None:
    """``(mtime_ns, size)`` of the PDF edition, ``None`` when it does not exist."""
    try:
        stat = pdf_file(app).stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def file_size(size: int) -> str:
    """``2_345_678`` → ``"2.3 MB"``, ``45_000`` → ``"45 KB"``."""
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1e3))} KB"


def pdf_edition_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    env.pdf_edition_docs[env.docname] = pdf_state(env.app)
    return [pdf_edition(rawtext, text)], []


class PdfEditionLinks(SphinxPostTransform):
    """Each ``pdf_edition`` node → a link (PDF present, HTML pages) or text."""

    default_priority = 400

    def run(self, **kwargs) -> None:
        state = pdf_state(self.app)
        name = self.app.config.pdf_edition_name
        for node in list(self.document.findall(pdf_edition)):
            text = node.astext()
            if self.app.builder.name not in LINK_BUILDERS:
                node.replace_self(nodes.Text(text))
            elif state is None:
                before, command, after = MISSING
                node.replace_self(
                    [nodes.Text(text + before), nodes.literal(command, command), nodes.Text(after)]
                )
            else:
                uri = relative_uri(self.app.builder.get_target_uri(self.env.docname), name)
                link = nodes.reference(text, text, refuri=uri, classes=["pdf-edition"])
                node.replace_self([link, nodes.Text(f"({file_size(state[1])})")])


def _init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "pdf_edition_docs"):
        app.env.pdf_edition_docs = {}  # docname → pdf_state() when it was read


def _outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    now = pdf_state(app)
    return sorted(doc for doc, seen in env.pdf_edition_docs.items() if seen != now)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.pdf_edition_docs.pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    env.pdf_edition_docs.update(
        (doc, seen) for doc, seen in other.pdf_edition_docs.items() if doc in docnames
    )


def _copy_pdf(app: Sphinx, exception) -> None:
    """Put the PDF beside the pages as ``pdf_edition_name`` when they link to it, and remove an
    earlier copy when the PDF is gone (the pages no longer link to it)."""
    if exception is not None or app.builder.name not in LINK_BUILDERS:
        return
    source, target = pdf_file(app), Path(app.outdir) / app.config.pdf_edition_name
    if pdf_state(app) is None or not app.env.pdf_edition_docs:
        if target.exists():
            logger.info("pdf_edition: %s removed (no PDF edition at %s)", target, source)
            target.unlink()
    elif not target.exists() or not filecmp.cmp(source, target, shallow=False):
        shutil.copyfile(source, target)


def setup(app: Sphinx) -> dict:
    app.add_config_value("pdf_edition_file", "", "env", [str])
    app.add_config_value("pdf_edition_name", "book.pdf", "env", [str])
    app.add_node(pdf_edition)
    app.add_role("pdf-edition", pdf_edition_role)
    app.add_post_transform(PdfEditionLinks)
    app.connect("builder-inited", _init_env)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _copy_pdf)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
