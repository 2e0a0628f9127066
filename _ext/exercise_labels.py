"""Korean labels for sphinx-exercise: "연습문제 1" and "풀이: 연습문제 1" (a tiny Sphinx extension, see ``_config.yml``).

sphinx-exercise 1.2.1 ships a Korean catalog ("연습", "해답"), picked up because the book sets ``language: ko``.
This book calls them 연습문제 (as in the chapter title "요약 및 연습문제") and 풀이 (as in its dropdowns), so the
extension puts a small catalog in front of the shipped one; any message it does not know falls through to it.
It must run after sphinx-exercise's ``setup`` (which registers the catalog) and before ``config-inited``
(where sphinx-exercise formats ``numfig_format["exercise"]``), hence ``setup_extension`` first.
"""

from __future__ import annotations

import gettext

from sphinx.locale import translators

CATALOG = "exercise"  # sphinx-exercise's MESSAGE_CATALOG_NAME
LABELS = {
    "ko": {
        "Exercise": "연습문제",
        "Solution": "풀이",
        "Solution to": "풀이:",
    },
}


class _Labels(gettext.NullTranslations):
    def __init__(self, labels: dict[str, str]):
        super().__init__()
        self._labels = labels

    def gettext(self, message: str) -> str:
        if message in self._labels:
            return self._labels[message]
        return super().gettext(message)  # the fallback: sphinx-exercise's own catalog


def setup(app):
    app.setup_extension("sphinx_exercise")
    labels = LABELS.get((app.config.language or "").split("_")[0])
    if labels:
        ours = _Labels(labels)
        shipped = translators.get(("general", CATALOG))
        if shipped is not None:
            ours.add_fallback(shipped)
        translators["general", CATALOG] = ours
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
