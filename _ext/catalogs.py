"""A few translated messages put in front of a catalog Sphinx or an extension ships (shared by
``korean_ui.py`` and ``exercise_labels.py``). Not an extension itself: Sphinx puts ``_ext/`` on the
import path for the local extensions, so they import it by name.
"""

from __future__ import annotations

import gettext

from sphinx.locale import translators


class Texts(gettext.NullTranslations):
    """A catalog of a few messages in front of the shipped one (its fallback)."""

    def __init__(self, texts: dict[str, str]):
        super().__init__()
        self._texts = texts

    def gettext(self, message: str) -> str:
        if message in self._texts:
            return self._texts[message]
        return super().gettext(message)


def put_in_front(catalog: str, texts: dict[str, str]) -> Texts:
    """Install ``texts`` as Sphinx's ``general`` translator of ``catalog``, the shipped one (if
    any) behind it; return the new catalog."""
    ours = Texts(texts)
    shipped = translators.get(("general", catalog))
    if shipped is not None:
        ours.add_fallback(shipped)
    translators["general", catalog] = ours
    return ours
