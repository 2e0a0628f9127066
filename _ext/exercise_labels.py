"""Korean labels for sphinx-exercise: "연습문제 1" and "풀이: 연습문제 1" (a tiny Sphinx extension,
see ``_config.yml``).

sphinx-exercise 1.2.1 ships a Korean catalog ("연습", "해답"), picked up because the book sets
``language: ko``. This book calls them 연습문제 (as in the chapter title "요약 및 연습문제") and
풀이 (as in its dropdowns), so the extension puts a small catalog in front of the shipped one; any
message it does not know falls through to it. It must run after sphinx-exercise's ``setup`` (which
registers the catalog) and before ``config-inited`` (where sphinx-exercise formats
``numfig_format["exercise"]``), hence ``setup_extension`` first.

It also makes the title row of a dropdown solution a plain toggle. sphinx-exercise wraps the part
"연습문제 1 (…)" of the title "풀이: 연습문제 1 (…)" in a link to the exercise; in a dropdown that
link covers most of the title, so tapping the title jumped up to the exercise instead of opening the
solution (and sphinx-togglebutton only toggles when the click lands on the title element itself, not
on a child). The post-transform below replaces that link by its text, after sphinx-exercise has
built the title.
"""

from __future__ import annotations

from catalogs import put_in_front
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx_exercise.nodes import solution_node

logger = logging.getLogger(__name__)

CATALOG = "exercise"  # sphinx-exercise's MESSAGE_CATALOG_NAME
LABELS = {
    "ko": {
        "Exercise": "연습문제",
        "Solution": "풀이",
        "Solution to": "풀이:",
    },
}


class UnlinkDropdownSolutionTitles(SphinxPostTransform):
    """Replace the link in a dropdown solution's title by its text, so the whole title toggles the
    dropdown."""

    # after sphinx-exercise's ResolveTitlesInSolutions (21) and link texts (22)
    default_priority = 23

    def run(self):
        for solution in self.document.findall(solution_node):
            if "dropdown" not in solution.get("classes", []):
                continue
            title = solution.children[0] if solution.children else None
            if not isinstance(title, nodes.title):
                continue
            for ref in list(title.findall(nodes.reference)):
                ref.replace_self(ref.children)
            # sphinx-togglebutton finds its button only when the click target is the title element
            # itself; an element inside the title (math, emphasis) would swallow the click, so
            # insist on plain text.
            if any(not isinstance(child, nodes.Text) for child in title.children):
                logger.warning(
                    "dropdown solution title %r has markup in it; tapping it will not open"
                    " the dropdown",
                    title.astext(),
                    location=solution,
                )


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.add_post_transform(UnlinkDropdownSolutionTitles)
    labels = LABELS.get((app.config.language or "").split("_")[0])
    if labels:
        put_in_front(CATALOG, labels)  # sphinx-exercise's own catalog behind it
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
