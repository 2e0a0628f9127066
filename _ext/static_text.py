"""Text replaced in a theme's or an extension's file copied to ``_static/`` (shared by
``korean_ui.py``, which translates English UI strings, and ``lean_assets.py``, which switches off
a theme function). Not an extension itself: Sphinx puts ``_ext/`` on the import path for the
local extensions, so they import it by name.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)


def replace_in_file(path: Path, replacements: list[tuple[str, str]], owner: str) -> None:
    """Replace each ``(old, new)`` in the file at ``path``. A pair already done is skipped (Sphinx
    copies a file only when it changed, so an earlier build's edit may still be there); a missing
    file or ``old`` text is a build warning in ``owner``'s name (a pinned package changed)."""
    if not path.exists():
        logger.warning("%s: %s is not in _static/; left as it is", owner, path.name)
        return
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        if new in text:
            continue
        if old not in text:
            logger.warning("%s: %r not found in _static/%s", owner, old, path.name)
            continue
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
