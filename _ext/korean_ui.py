"""The reader-facing UI of the HTML book in Korean, and keyboard access to code that scrolls.

``language: ko`` translates what Sphinx's and the themes' Korean catalogs know; this extension does
the rest, all strings in one table (:data:`CATALOG_TEXTS`, :data:`STATIC_FILE_TEXTS`):

* **Catalog messages without a Korean entry** — Sphinx's permalink titles ("Link to this
  heading"), pydata-sphinx-theme's ("Skip to main content", "Back to top", "Color mode", …;
  it ships no Korean catalog) and a few of sphinx-book-theme's. A small catalog is put in front of
  the shipped one; any other message falls through to it (as ``_ext/exercise_labels.py`` does for
  sphinx-exercise). The template overrides in ``_templates/`` (``layout.html``,
  ``sbt-sidebar-nav.html``, ``toggle-*-sidebar.html``) turn the themes' hard-coded English
  (``aria-label="Main"``, ``title="Toggle primary sidebar"``) into catalog messages too.
* **The search field** — Jupyter Book sets the theme option ``search_bar_text`` to "Search this
  book..."; it becomes :data:`SEARCH_BAR_TEXT`.
* **Hidden code cells** — MyST-NB names the ``<summary>`` "Toggle hidden content", which hides
  its visible Korean text ("코드 보기"/"코드 숨기기", ``nb_code_prompt_*``) from screen readers;
  the label is dropped so the visible text is the name.
* **Scripts that write English into the page** — sphinx-copybutton (no Korean messages: "Copy",
  "Copied!") and sphinx-togglebutton ("Toggle hidden content"). Their copies in ``_static/`` get
  the Korean text after the build (a string the next version no longer has is a build warning).
* **Scrollable code in a dropdown** — pydata-sphinx-theme gives a code block or output a tab stop
  (``tabindex=0``) only if it scrolls when the page loads or resizes. Inside a closed solution
  nothing scrolls yet; opened, a long line scrolls, but the keyboard could not reach it.
  ``static/book/scroll-focus.js`` keeps the tab stop in step with the element's size.
* **Sidebar buttons** — both themes wire only the first menu (and page-contents) button of a page,
  the hidden one in the header, so the one a reader sees did nothing on a phone.
  ``static/book/sidebar-toggles.js`` hands its click to the first.
* **Links to a place in a page** — sections are laid out only near the screen, so a jump far down a
  page would miss; ``static/book/anchor-scroll.js`` lays out every section above the target first.
"""

from __future__ import annotations

from pathlib import Path

from catalogs import put_in_front
from sphinx.application import Sphinx
from sphinx.util import logging
from static_text import replace_in_file

logger = logging.getLogger(__name__)

#: Catalog → English message → Korean. Only messages the shipped catalogs leave in English (or
#: translate in a way this book does not use).
CATALOG_TEXTS: dict[str, dict[str, str]] = {
    # Sphinx itself and pydata-sphinx-theme's templates (which add their messages to Sphinx's
    # catalog), and the messages of our template overrides in _templates/.
    "sphinx": {
        "Link to this heading": "이 제목으로 가는 링크",
        "Link to this image": "이 그림으로 가는 링크",
        "Link to this term": "이 용어로 가는 링크",
        "Link to this equation": "이 수식으로 가는 링크",
        "Link to this table": "이 표로 가는 링크",
        "Link to this code": "이 코드로 가는 링크",
        "Link to this definition": "이 정의로 가는 링크",
        "Link to this toctree": "이 차례로 가는 링크",
        "© Copyright %(copyright)s.": "© %(copyright)s",
        "Skip to main content": "본문으로 건너뛰기",
        "Back to top": "맨 위로",
        "Site navigation": "책 차례",
        "On this page": "이 페이지의 목차",
        "Version warning": "버전 경고",
        "Announcement": "알림",
        "Color mode": "밝게/어둡게",
        "Light": "밝게",
        "Dark": "어둡게",
        "System Settings": "시스템 설정 따르기",
        "previous page": "이전 페이지",
        "next page": "다음 페이지",
        "Searching for multiple words only shows matches that contain all words.": (
            "여러 단어로 검색하면 모든 단어가 들어 있는 페이지만 보여 줍니다."
        ),
        # _templates/: the themes' hard-coded English, made messages
        "Main": "책 차례",
        "Page": "이 페이지의 목차",
        "Toggle primary sidebar": "책 차례 보이기/숨기기",
        "Toggle secondary sidebar": "이 페이지의 목차 보이기/숨기기",
    },
    # sphinx-book-theme's own catalog: its Korean entries, where this book words them differently
    # (the intro calls the download button 내려받기 버튼; "전체 화면으로보기" lacks a space).
    "booktheme": {
        "Contents": "목차",
        "Fullscreen mode": "전체 화면",
        "Download this page": "이 페이지 내려받기",
        "Download source file": "원본 파일 내려받기",
        "Download notebook file": "노트북 파일 내려받기",
    },
}

#: The theme's search field (placeholder and accessible name).
SEARCH_BAR_TEXT = "이 책에서 검색…"

#: Files extensions copy into ``_static/``: extension → file → (English, Korean) replacements.
STATIC_FILE_TEXTS: dict[str, dict[str, list[tuple[str, str]]]] = {
    # sphinx-copybutton 0.5.2 picks its messages by <html lang>, and has none for "ko".
    "sphinx_copybutton": {
        "copybutton.js": [
            (
                "const messages = {\n",
                (
                    "const messages = {\n"
                    "  'ko': {\n"
                    "    'copy': '복사',\n"
                    "    'copy_to_clipboard': '클립보드에 복사',\n"
                    "    'copy_success': '복사했습니다',\n"
                    "    'copy_failure': '복사하지 못했습니다',\n"
                    "  },\n"
                ),
            )
        ]
    },
    # sphinx-togglebutton 0.4.5: the button in a dropdown's title. Its state is aria-expanded.
    "sphinx_togglebutton": {
        "togglebutton.js": [('aria-label="Toggle hidden content"', 'aria-label="내용 펼치기/접기"')]
    },
}

#: MyST-NB's label of a hidden code cell's <summary>, which hides the summary's visible text.
HIDDEN_CELL_LABEL = ' aria-label="Toggle hidden content"'

#: Registered on every page (html_static_path's static/book/ is copied to _static/book/):
#: keyboard access to code that scrolls, sidebar buttons that work at every width, jumps to an #id
#: that land on it.
SCROLL_FOCUS_JS = "book/scroll-focus.js"
SIDEBAR_TOGGLES_JS = "book/sidebar-toggles.js"
ANCHOR_SCROLL_JS = "book/anchor-scroll.js"


def _install_catalogs(app: Sphinx, config) -> None:
    """After every extension's setup (their catalogs are registered), before the builder starts."""
    for catalog, texts in CATALOG_TEXTS.items():
        ours = put_in_front(catalog, texts)
        if catalog == "sphinx":
            # The HTML templates translate with app.translator (installed in Jinja when the
            # builder starts, after every extension's setup).
            app.translator = ours


def _search_bar_text(app: Sphinx, config) -> None:
    config.html_theme_options = {**(config.html_theme_options or {})}
    config.html_theme_options["search_bar_text"] = SEARCH_BAR_TEXT


def _page_texts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body and HIDDEN_CELL_LABEL in body:
        context["body"] = body.replace(HIDDEN_CELL_LABEL, "")


def _static_files(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.builder.outdir) / "_static"
    for extension, files in STATIC_FILE_TEXTS.items():
        if extension not in app.extensions:
            continue  # not in this build: nothing of it to translate
        for name, replacements in files.items():
            replace_in_file(static / name, replacements, "korean_ui")


def setup(app: Sphinx) -> dict:
    if (app.config.language or "").split("_")[0] == "ko":
        app.connect("config-inited", _install_catalogs)
        app.connect("config-inited", _search_bar_text)
        app.connect("html-page-context", _page_texts)
        app.connect("build-finished", _static_files)
    app.add_js_file(SCROLL_FOCUS_JS, loading_method="defer")
    app.add_js_file(SIDEBAR_TOGGLES_JS, loading_method="defer")
    app.add_js_file(ANCHOR_SCROLL_JS, loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
