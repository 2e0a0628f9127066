"""Rebuild every page when the book's own Sphinx extensions change (a Sphinx extension,
_config.yml).

Sphinx re-reads a page when its source changes, not when the code that turns it into HTML does:
after an edit in ``_ext/`` (a new transform, a fixed translator) an incremental build left the
pages it did not re-read as the old code wrote them. Sphinx does re-read everything when an
extension's ``env_version`` differs from the one its saved environment holds; this one's is a
number made from the contents of every ``_ext/*.py``, so any change there makes the next build a
full one, and no change keeps it incremental.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def sources_version(folder: Path = HERE) -> int:
    """A positive number that changes whenever a ``*.py`` in ``folder`` is added, removed or
    edited."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return int(digest.hexdigest()[:12], 16) or 1


def setup(app):
    return {
        "version": "1.0",
        "env_version": sources_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
