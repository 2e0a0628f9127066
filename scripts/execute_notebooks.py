"""Re-execute the book's notebooks in place and store their outputs (author tool: ``make execute``).

The book is built from stored outputs; ``pytest --nbval`` re-runs every notebook and fails when a stored
output is stale. Run this after editing a notebook, then commit the notebook with its outputs.

Usage: python scripts/execute_notebooks.py [chapters/NN_name.ipynb ...]   (default: every chapter)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"


def execute(path: Path) -> float:
    """Execute one notebook top to bottom (cwd = its folder), store outputs and widget state; return seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        extra_arguments=["--log-level=ERROR"],  # ipykernel 7 warns about TCP transport at every start
        timeout=600,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,  # no timestamps in the committed file
        store_widget_state=True,  # the static HTML draws widgets from this saved state
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    nb.metadata.pop("papermill", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(CHAPTERS.glob("*.ipynb"))
    for path in paths:
        seconds = execute(path)
        print(f"{path.relative_to(ROOT)}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
