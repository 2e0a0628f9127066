"""The book's sources, its pages in reading order, and the one command that builds it.

    .venv/bin/python -m bookdev.build [--book DIR] [--builder html] [--builder singlehtml]
                                      [--path-output DIR]

:func:`build_book` is the only place where the jupyter-book command is written: the Makefile's
``build`` target (``make book``, ``make test``), ``scripts/make_pdf.py`` (``make pdf``), the tests
and the benchmarks all call it. Warnings are errors (``-W -n --keep-going``); the notebooks are not
executed (``execute_notebooks: off``: the stored outputs are used).

Builders given together run one after the other on the same doctrees, so the second reads no source
again. The tests read the book through :func:`built_book`, which builds again only what is missing
or older than a file the build reads (:func:`build_inputs`): ``make test`` starts the ``html`` build
as pytest starts (:class:`BuildMeanwhile`), and the PDF test's worker builds ``singlehtml`` (the
whole book on one page, which it prints) from the same doctrees after it. :func:`copy_sources`
copies the book for a scratch build.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

from bookdev import ROOT

#: Warnings are errors, and unresolved references are warnings; report them all before failing.
OPTIONS = ("-W", "-n", "--keep-going")


def jupyter_book() -> str:
    """The ``jupyter-book`` of the running Python's environment (the venv's)."""
    beside = Path(sys.executable).with_name("jupyter-book")
    found = str(beside) if beside.exists() else shutil.which("jupyter-book")
    if not found:
        raise RuntimeError("jupyter-book not found: run 'make setup' (requirements.txt)")
    return found


def build_book(
    book: Path = ROOT,
    builder: str = "html",
    path_output: Path | None = None,
    *,
    quiet: bool = False,
) -> Path:
    """Build the book in ``book`` with jupyter-book's ``builder``; return the output folder.

    The output goes to ``<path_output>/_build/<builder>/`` (default: ``<book>/_build/<builder>/``).
    ``quiet`` drops Sphinx's progress lines (warnings and errors still reach stderr). A failed build
    raises :class:`subprocess.CalledProcessError`.
    """
    cmd = [jupyter_book(), "build", str(book), *OPTIONS, "--builder", builder]
    if path_output is not None:
        cmd += ["--path-output", str(path_output)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL if quiet else None)
    output = Path(path_output or book) / "_build" / builder
    stamp(output).touch()  # Sphinx leaves its own files alone when nothing changed
    return output


def stamp(output: Path) -> Path:
    """Touched after each successful build into ``output``, beside it: when it was last built."""
    return output.parent / f".{output.name}.built"


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """One build at a time in ``folder`` (pytest-xdist workers may ask for the same book)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class BuildMeanwhile:
    """Build this repository's ``_build/<builder>/`` in a thread while the caller goes on
    (``make test``: the pytest-xdist controller, whose workers meanwhile run the tests that do not
    read the book).

    The build lock is taken at once, before any worker starts, so a worker's :func:`built_book`
    waits for this build instead of starting its own; the thread releases it when the book is built
    (or the build failed: then a worker that needs the book builds it and reports the error).
    :meth:`wait` returns the failure, if any.
    """

    def __init__(self, builder: str = "html"):
        self.builder, self.error = builder, None
        folder = ROOT / "_build"
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = open(folder / ".build.lock", "w")  # noqa: SIM115 - released by the thread
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self._thread = threading.Thread(target=self._build, name=f"build-{builder}", daemon=True)
        self._thread.start()

    def _build(self) -> None:
        try:
            if not _fresh(ROOT / "_build" / self.builder):
                build_book(ROOT, self.builder, quiet=True)
        except (subprocess.CalledProcessError, RuntimeError, OSError) as failed:
            # reported by wait(), and again by the worker that builds the book after this
            self.error = failed
        finally:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()

    def wait(self) -> BaseException | None:
        """Wait for the build; return what made it fail (``None``: built)."""
        self._thread.join()
        return self.error


def _fresh(output: Path) -> bool:
    """``output`` was built after the last change to a file the build reads."""
    built = stamp(output)
    newest = max(path.stat().st_mtime for path in build_inputs())
    return built.exists() and built.stat().st_mtime >= newest


def built_book(builder: str = "html") -> Path:
    """This repository's ``_build/<builder>/``, built first if it is missing or older than one of
    the files the build reads (:func:`build_inputs`).

    ``make test`` builds ``html`` as pytest starts (:class:`BuildMeanwhile`), so a test run reuses
    that one build; ``singlehtml`` (the PDF's) is built by the PDF test's worker while the other
    workers test the HTML book. A fresh book is returned without waiting for the build lock, so
    that build never holds up the workers that only read ``_build/html``. A test started on its own
    (``pytest tests/browser/test_pdf.py``) never reads a missing or stale book.
    """
    output = ROOT / "_build" / builder
    if _fresh(output):
        return output
    with _build_lock(ROOT / "_build"):  # builds share _build/.doctrees: one at a time
        if not _fresh(output):
            build_book(ROOT, builder, quiet=True)
    return output


def build_inputs(book: Path = ROOT) -> list[Path]:
    """The files the book build reads, as ``_config.yml`` and ``_toc.yml`` name them.

    The two files themselves, every page's source, and the static files, templates and local
    Sphinx extensions of the configuration (every file in the folders it names).
    """
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.get("sphinx") or {}
    options = sphinx.get("config") or {}
    named = ["_config.yml", "_toc.yml", (config.get("html") or {}).get("favicon")]
    for key in ("html_static_path", "html_extra_path", "templates_path"):
        named += options.get(key) or []
    named += (sphinx.get("local_extensions") or {}).values()
    pages = [
        path
        for docname in toc_pages(book)
        for path in (book / f"{docname}.md", book / f"{docname}.ipynb")
        if path.exists()
    ]
    files = set(pages)
    for name in filter(None, named):
        path = book / name
        if path.is_dir():
            files.update(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.exists():
            files.add(path)
    return sorted(files)


def toc_pages(book: Path = ROOT) -> list[str]:
    """Docnames in reading order: the root, then every chapter and appendix of ``_toc.yml``."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return pages


def source_files(book: Path = ROOT) -> list[str]:
    """The book's source files as the working tree has them, relative to ``book``.

    What git tracks or would add (``git ls-files --cached --others --exclude-standard``): every
    committed file, new files not yet added, nothing ignored (``_build/``, ``.venv/``, caches).
    Files deleted from the working tree are left out.
    """
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=book,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted({name for name in listing.split("\0") if name and (book / name).is_file()})


def copy_sources(dest: Path, book: Path = ROOT) -> Path:
    """Copy the book's :func:`source_files` into ``dest`` (a scratch copy to build or run)."""
    for name in source_files(book):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(book / name, target)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=ROOT, help="the book's folder (default: here)")
    parser.add_argument(
        "--builder",
        action="append",
        help="jupyter-book's builder; repeat for several, built in order (default: html)",
    )
    parser.add_argument(
        "--path-output",
        type=Path,
        default=None,
        help="write PATH/_build/<builder>/ (default: BOOK/_build/<builder>/)",
    )
    args = parser.parse_args(argv)
    for builder in args.builder or ["html"]:
        try:
            build_book(args.book, builder, args.path_output)
        except subprocess.CalledProcessError as failed:
            return failed.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
