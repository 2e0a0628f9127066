"""Readable page descriptions: math written as plain letters (a tiny Sphinx extension, see
``_config.yml``).

sphinxext-opengraph (0.13.0) fills ``<meta name="description">`` and ``og:description`` from each
page's first paragraphs, copying math as its TeX source, so search results and link previews would
read ``\\hat{\\imath}(\\mathbf{o}) = \\operatornam...``. This extension recomputes the same
description with the same parser, but drops display math and writes inline math without TeX commands
(``$\\mathbf{o}$`` → ``o``), and puts it in place of the two tags. Nothing else changes; pages whose
description has no math are left as they are.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinxext.opengraph._description_parser import DescriptionParser

_TEX_COMMAND = re.compile(r"\\(?:operatorname\*?|[a-zA-Z]+|.)")
_TAG = re.compile(r'(<meta (?:property="og:description"|name="description") content=")[^"]*(" />)')


def plain_math(tex: str) -> str:
    """``\\mathbf{x}_i^\\top`` → ``x_i^``: TeX commands and braces removed, spaces collapsed."""
    text = _TEX_COMMAND.sub("", tex).replace("{", "").replace("}", "")
    return " ".join(text.split())


class _PlainMathParser(DescriptionParser):
    def dispatch_visit(self, node):
        if not self.stop and isinstance(node, nodes.math_block):
            raise nodes.SkipNode
        if not self.stop and isinstance(node, nodes.math):
            super().dispatch_visit(nodes.Text(plain_math(node.astext())))
            raise nodes.SkipNode
        super().dispatch_visit(node)


def _describe(app, pagename, templatename, context, doctree) -> None:
    metatags = context.get("metatags", "")
    if doctree is None or not _TAG.search(metatags) or not any(doctree.findall(nodes.math)):
        return
    parser = _PlainMathParser(
        doctree, desc_len=app.config.ogp_description_length, known_titles={context.get("title", "")}
    )
    doctree.walkabout(parser)
    description = parser.description
    context["metatags"] = _TAG.sub(lambda m: m.group(1) + description + m.group(2), metatags)


def setup(app):
    app.setup_extension("sphinxext.opengraph")
    app.connect(
        "html-page-context", _describe, priority=600
    )  # after sphinxext-opengraph's handler (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
