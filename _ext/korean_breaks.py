"""A Korean particle never starts a line after a closing bracket: "(argmax)를", not "(argmax)"/"를".

Chromium may break a line between a closing bracket and the Hangul right after it, even with
``word-break: keep-all`` (static/book/screen.css), which only keeps Hangul letters together: the
particle of an English term in parentheses ("소프트맥스(softmax)는") or of a count ("7개)가") then
starts the next line alone. (After a closing quote ”, Unicode's line-breaking rules already forbid
the break.) :class:`GlueClosingBrackets` puts the closing bracket(s)
and the Hangul word after them in one ``<span class="particle-glue">`` (``white-space: nowrap``),
so the line breaks before the term instead; the text is unchanged. A word joiner (U+2060) would do
the same but would travel into copied text, the search index and the PDF's text.

It runs after ``_ext/katex_math.py``'s GlueParticles (which glues a short formula and the word after
it, brackets included) and leaves what that one glued alone. Code, math and raw HTML are not
prose and are left as they are.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: One or more closing brackets, then the Hangul word that follows without a space.
CLOSING_THEN_HANGUL = re.compile(r"[)\]}」』〉》]+[가-힣]+")

#: Not prose: their text is left as it is.
_NOT_PROSE = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.comment)


def glued(text: str) -> list[nodes.Node]:
    """``text`` as Text nodes and glued spans (an empty list: nothing to glue)."""
    out: list[nodes.Node] = []
    at = 0
    for match in CLOSING_THEN_HANGUL.finditer(text):
        if match.start() > at:
            out.append(nodes.Text(text[at : match.start()]))
        out.append(nodes.inline(match.group(), match.group(), classes=["particle-glue"]))
        at = match.end()
    if not out:
        return []
    if at < len(text):
        out.append(nodes.Text(text[at:]))
    return out


def _in_prose(text: nodes.Text) -> bool:
    parent = text.parent
    while parent is not None:
        if isinstance(parent, _NOT_PROSE) or "math-glue" in parent.get("classes", []):
            return False
        parent = parent.parent
    return True


class GlueClosingBrackets(SphinxPostTransform):
    """A closing bracket and the Hangul word right after it, in one unbreakable ``inline`` (HTML
    builders)."""

    default_priority = 910  # after katex_math.GlueParticles (900)
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if text.parent is None or not _in_prose(text):
                continue
            new = glued(text.astext())
            if new:
                # by identity: Text nodes are strings, and index() would find the first EQUAL one
                parent = text.parent
                at = next(i for i, child in enumerate(parent.children) if child is text)
                parent[at : at + 1] = new


def setup(app):
    app.add_post_transform(GlueClosingBrackets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
