"""Static checks of the committed notebooks: the book is built from their stored outputs, so those
must be clean.

nbval (run on ``chapters/`` by the same pytest call) proves the outputs are current; these tests
prove they carry no errors, no stderr, no machine-specific text, that every chapter listed in
``_toc.yml`` exists, and that the live figures each notebook shows are the rows of
``bookdev.figures.FIGURES`` for its page.
"""

from __future__ import annotations

import importlib
import re

import nbformat
import pytest

from bookdev import ROOT
from bookdev.build import toc_pages
from bookdev.figures import figures_on

from ..browser.support import markdown_of

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))

# Text that would differ from one machine or day to the next.
MACHINE_SPECIFIC = {
    "absolute path": re.compile(r"(/work/|/root/|/home/|/tmp/|/Users/|[A-Z]:\\\\)"),
    "virtualenv path": re.compile(r"(\.venv|site-packages)"),
    "memory address": re.compile(r"\b0x[0-9a-fA-F]{6,}\b"),
    "date": re.compile(r"\b20\d\d-\d\d-\d\d\b"),
}


def _outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append(out["text"])
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def test_toc_lists_every_chapter_notebook():
    listed = toc_pages()
    chapter_files = [f"chapters/{p.stem}" for p in NOTEBOOKS]
    assert [f for f in listed if f.startswith("chapters/")] == chapter_files
    for entry in listed:
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".ipynb", ".md")), entry


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_and_fully_executed(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"run top to bottom once before committing: {counts}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_outputs_are_clean(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i}: error output"
            assert out.get("name") != "stderr", (
                f"cell {i}: stderr output: {out.get('text', '')[:200]}"
            )
        text = _outputs_text(cell)
        for what, pattern in MACHINE_SPECIFIC.items():
            match = pattern.search(text)
            assert match is None, f"cell {i}: {what} in output: {match.group(0)!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_live_figures_carry_the_current_code(path):
    """The static page runs the figure code stored in the notebook: today's ``utils.widgets`` code.

    After editing a widget's ``.js``/``.css``, re-run ``make execute`` on every page that shows that
    widget.
    """
    nb = nbformat.read(path, as_version=4)
    state = (
        nb.metadata.get("widgets", {})
        .get("application/vnd.jupyter.widget-state+json", {})
        .get("state", {})
    )
    for model_id, model in state.items():
        if model["model_name"] != "AnyModel":
            continue
        saved = model["state"]
        module, _, name = saved["_anywidget_id"].rpartition(".")
        assert module.startswith("utils.widgets."), (
            f"{model_id}: not one of the book's figures: {module}"
        )
        cls = getattr(importlib.import_module(module), name)
        stale = [key for key in ("_esm", "_css") if saved[key] != getattr(cls, key)]
        assert not stale, (
            f"{path.name}: saved {name} has old {stale}; run make execute NB=chapters/{path.name}"
        )


def saved_state(nb) -> dict:
    """The notebook's saved widget state: model id → model."""
    widgets = nb.metadata.get("widgets", {})
    return widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_live_figures_are_the_rows_of_the_figure_table(path):
    """The live figures the notebook shows (its saved widget views, in order) are the rows of
    ``bookdev.figures.FIGURES`` for its page: the same classes, each shown by a cell that ends with
    the row's variable (``softmax_widget``)."""
    nb = nbformat.read(path, as_version=4)
    state = saved_state(nb)
    shown = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            view = out.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            model = state.get(view["model_id"], {}) if view else {}
            if model.get("model_name") == "AnyModel":
                name = model["state"]["_anywidget_id"].rpartition(".")[2]
                shown.append((name, cell.source.strip().splitlines()[-1].strip()))
    listed = [(figure.name, figure.variable) for figure in figures_on(f"chapters/{path.stem}")]
    assert shown == listed, f"{path.name}: shown (class, last line of the cell) vs bookdev.figures"


#: A link to a chapter shows the chapter's title, a noun phrase: in a sentence it is read as
#: "{doc}`04_softmax` 페이지에서", in parentheses as "({doc}`04_softmax` 페이지)", never as a bare
#: title with a particle or a closing parenthesis after it, nor after the word 페이지. (Lists of
#: chapters, "{doc}`04_softmax`, …" and "- {doc}`04_softmax`: …", and the errata and glossary,
#: whose titles read as nouns, are not page references.)
BARE_PAGE_LINK = re.compile(r"\{doc\}`(?!\.\./)[^`]+`(?=[가-힣)])|페이지 \{doc\}`[^`]+`")


def test_page_links_say_page():
    found = []
    for page in toc_pages():
        prose = markdown_of(page)
        found += [
            f"{page}: …{m.group(0)}{prose[m.end() : m.end() + 6]}…"
            for m in BARE_PAGE_LINK.finditer(prose)
        ]
    assert not found, "write '{doc}`…` 페이지에서' / '({doc}`…` 페이지)':\n" + "\n".join(found)


@pytest.mark.parametrize(
    "text",
    [
        "({doc}`04_softmax`)",
        "다음 페이지 {doc}`08_information_theory`에서",
        "{doc}`06_loss`에서 본",
    ],
)
def test_bare_page_links_are_found(text):
    assert BARE_PAGE_LINK.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "({doc}`04_softmax` 페이지)",
        "{doc}`04_softmax` 페이지에서",
        "- {doc}`04_softmax`: 지수",
        "{doc}`04_softmax`, {doc}`08_information_theory`",
        "{doc}`../errata`에 모아",
    ],
)
def test_page_links_that_say_page_pass(text):
    assert not BARE_PAGE_LINK.search(text)
