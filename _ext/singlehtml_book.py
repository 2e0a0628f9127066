"""The whole book as one HTML page (``--builder singlehtml``), which ``make pdf`` prints (a tiny
Sphinx extension).

Two things MyST-NB 1.4 only does for the per-page ``html`` builder, done here for ``singlehtml`` as
well:

* hidden code cells (``hide-input``/``hide-cell`` tags) become a ``HideCodeCellNode`` whose HTML
  visitors are registered for the ``html`` builder only; ``singlehtml`` stops with "unknown node
  type". The same visitors are registered for ``singlehtml``.
* each notebook's saved widget state (and the widget scripts) is attached to *its own* page; the
  single page is the root document's, so no widget would be drawn. On the single page, every
  document's scripts are added, each notebook's state in its own ``<script
  type="application/vnd.jupyter.widget-state+json">`` (the live-figure loader,
  ``static/book/livefig-loader.js``, reads every state block on the page).

The per-page ``html`` build is not affected.
"""

from __future__ import annotations

from myst_nb.sphinx_ import (
    HideCodeCellNode,
    NbMetadataCollector,
    depart_HideCellInput,
    visit_HideCellInput,
)


def _all_documents_scripts(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "singlehtml" or pagename != app.config.root_doc:
        return
    states, shared = [], {}
    for docname in sorted(app.env.found_docs):
        if docname == pagename:
            continue  # MyST-NB adds the root document's own scripts
        for key, (path, kwargs) in NbMetadataCollector.get_js_files(app.env, docname).items():
            if key == "ipywidgets_state":
                states.append((path, kwargs))
            else:
                shared.setdefault(
                    path, kwargs
                )  # the widget scripts, once, in their configured order
    own = NbMetadataCollector.get_js_files(app.env, pagename)
    for path, kwargs in states:
        app.add_js_file(path, **kwargs)
    if states and not own:
        for path, kwargs in shared.items():
            app.add_js_file(path, **kwargs)


def setup(app):
    app.add_node(
        HideCodeCellNode,
        override=True,
        html=(visit_HideCellInput, depart_HideCellInput),
        singlehtml=(visit_HideCellInput, depart_HideCellInput),
    )
    app.connect(
        "html-page-context", _all_documents_scripts, priority=400
    )  # before the page's own (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
