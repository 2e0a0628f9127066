"""Keep the HTML book self-contained and free of third-party script URLs (a tiny Sphinx extension,
see ``_config.yml``).

* Jupyter Book always loads ``sphinx_thebe``. With ``launch_buttons.thebe: false`` its only effect
  on a page is an inline script naming a CDN URL (``unpkg.com/thebe``) plus ``sphinx-thebe.js`` —
  and on this Sphinx version the inline script is emitted twice, so every page throws "Identifier
  'THEBE_JS_URL' has already been declared". When thebe is off, both are dropped from the pages.
  (Turn thebe on in ``_config.yml`` and they come back untouched.)
"""

from __future__ import annotations


def _thebe_on(app) -> bool:
    return bool((app.config.html_theme_options or {}).get("launch_buttons", {}).get("thebe"))


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    if _thebe_on(app) or "script_files" not in context:
        return

    def is_thebe(js) -> bool:
        filename = getattr(js, "filename", None) or ""
        body = (getattr(js, "attributes", None) or {}).get("body", "")
        return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body

    context["script_files"] = [js for js in context["script_files"] if not is_thebe(js)]


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
