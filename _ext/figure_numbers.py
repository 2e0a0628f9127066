"""Figure numbers by chapter: the second figure of ``chapters/04_softmax`` is "그림 4.2".

Sphinx numbers captioned figures (``numfig``) with the section numbers of a numbered toctree, or
with one counter for the whole book when, as here, the toctree is not numbered (the chapter titles
carry no numbers). This extension renumbers the figures per page after Sphinx has counted them: a
page whose file name starts with a number (``04_softmax``) gets ``(4, 1), (4, 2), …`` in page
order, so ``{numref}`` and the captions read "그림 4.1", "그림 4.2". Other pages, and other numbered
things (exercises), keep Sphinx's numbers. The PDF edition (singlehtml) uses the same numbers.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_CHAPTER = re.compile(r"^(\d+)_")


def chapter_number(docname: str) -> int | None:
    """``chapters/04_softmax`` → 4; ``None`` when the page's file name does not start with one."""
    match = _CHAPTER.match(PurePosixPath(docname).name)
    return int(match.group(1)) if match else None


def renumber(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Number each chapter page's figures (chapter, 1), (chapter, 2), … in their order."""
    changed = []
    for docname, by_type in env.toc_fignumbers.items():
        chapter = chapter_number(docname)
        if chapter is None:
            continue
        numbers = by_type.get("figure", {})  # figures only: exercises keep their own numbers
        in_order = sorted(numbers, key=numbers.__getitem__)
        renumbered = {figure_id: (chapter, k) for k, figure_id in enumerate(in_order, start=1)}
        if renumbered != numbers:
            by_type["figure"] = renumbered
            changed.append(docname)
    return sorted(set(changed))


def setup(app: Sphinx) -> dict:
    # After Sphinx's own numbering (the toctree collector's env-get-updated handler, priority 500).
    app.connect("env-get-updated", renumber, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
