"""Accessibility of the HTML book: nothing axe-core finds, a Korean UI, figures that speak.

Every page of ``_toc.yml`` and the search page (with a query), in a real browser (Debian's
Chromium through pytest-playwright), with every dropdown open (exercise solutions, hidden code
cells) so what it hides is checked too:

* **axe-core** (the copy bundled with ``axe-playwright-python``) finds no violation of WCAG 2.1
  A/AA (tags ``wcag2a``, ``wcag2aa``, ``wcag21a``, ``wcag21aa``), at 1280 px and at 390 px, in the
  light and in the dark theme (there only the rules a theme can change: colours and text
  alternatives). A failure lists each violation: rule, impact, what it asks, and every element
  (CSS selector) with axe's summary of what is wrong. axe reads the whole page but two parts
  that are most of a chapter's elements and most of axe's time (on chapter 09, 19 s → 4 s), where
  the one thing axe would check is the contrast of text, which is checked here instead:

  - KaTeX's drawing of the math (``.katex-html``), which is ``aria-hidden`` (a screen reader reads
    the MathML beside it, which axe does check): every glyph of the math must have the colour of
    the text around the formula (:data:`MATH_OFF_COLOUR`), the colour axe checks in the paragraph;
  - the highlighted code (``.highlight``: a ``<span>`` per token, 7,700 on chapter 09): every
    pair of token colour and the background it is drawn on must have a contrast of at least
    4.5:1, WCAG's ratio computed as axe computes it (:data:`CODE_CONTRAST`, checked on a made-up
    low-contrast token in :func:`test_the_code_contrast_check_finds_a_faint_token`).
* **Korean UI**: no English string a reader sees or hears from the UI — visible text outside the
  page's content, the UI parts inside it (buttons, summaries, labels, titles of boxes, caption
  numbers), and ``title``/``aria-label``/``placeholder``/``alt``/tooltip attributes, SVG
  ``<title>`` s and CSS-generated text everywhere. The book's content (prose with English terms,
  code, math, outputs, search hits) is not UI. The copy button's message after a click is checked
  too.
* **Live figures** (``bookdev.figures``): each ``.livefig`` is a ``group`` named in Korean, its
  drawing an ``img`` with a name; every slider has a Korean label and an ``aria-valuetext`` that
  says the label and the value shown beside it (with its unit, if the figure shows one), also after
  the keyboard has moved it.
* **Figures in the pages** (the built HTML files): every ``<img>`` has a Korean ``alt`` that is not
  a file name; every figure of a chapter has a caption numbered "그림 N.k" (N the chapter, k = 1, 2,
  … in page order); every image output in a chapter notebook carries its ``mystnb.image.alt`` and
  ``mystnb.figure.caption``.

Local links (every ``href``/``src`` leads to a file, every ``#id`` exists) are checked in
``tests/browser/test_links.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import axe_playwright_python
import nbformat
import pytest
from bs4 import BeautifulSoup

from bookdev.browser import FONTS_READY, RENDER_ALL_SECTIONS
from bookdev.build import toc_pages
from bookdev.figures import figures_on

from .support import WIDGET_VIEW_MIME, chapter_of, shot_path, source_of

pytestmark = pytest.mark.browser_context_args(locale="ko-KR")

#: axe-core as axe-playwright-python 0.1.8 bundles it (axe v4.12.1: see the file's header).
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": 1280, "phone": 390}

PAGES = toc_pages()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]
#: The search page shows its results (and their UI text) for this query.
SEARCH = "search"
SEARCH_QUERY = "소프트맥스"

HANGUL = re.compile(r"[가-힣]")
#: Latin words allowed in a UI string with no Hangul: the key name on the search shortcut
#: ("Ctrl + K") and the file types of the download menu (".ipynb", ".md", ".pdf").
ALLOWED_WORDS = {"Ctrl", "ipynb", "md", "pdf", "PDF"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


# --------------------------------------------------------------------------------------------------
# Opening a page the way a reader ends up seeing all of it
# --------------------------------------------------------------------------------------------------

#: Open every closed dropdown: sphinx-togglebutton admonitions (exercise solutions) by their
#: button, <details> (MyST-NB's hidden code cells, sphinx-design) by their ``open``.
_OPEN_DROPDOWNS = """() => {
    document.querySelectorAll('.admonition.toggle-hidden > .admonition-title > .toggle-button')
        .forEach(b => b.click());
    document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; });
}"""

#: Every dropdown open.
_ALL_OPEN = "() => document.querySelectorAll('.toggle-hidden, details:not([open])').length === 0"

#: Two animation frames: layout, ResizeObservers and style changes have run.
_SETTLED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

#: No CSS transition running: opened dropdowns fade in (0.3 s), the theme's colours change
#: smoothly. axe would measure the colours half-way.
_NO_TRANSITIONS = """() => document.getAnimations()
    .every(a => !(a instanceof CSSTransition) || a.playState !== 'running')"""


def settle(page) -> None:
    """Wait until style changes have started and every transition has ended."""
    page.evaluate(_SETTLED)
    page.wait_for_function(_NO_TRANSITIONS, timeout=5_000)
    page.evaluate(_SETTLED)


def page_url(book_url: str, docname: str) -> str:
    if docname == SEARCH:
        return f"{book_url}search.html?q={SEARCH_QUERY}"
    return f"{book_url}{docname}.html"


#: No CSS transitions or animations: the theme fades its colours when the mode changes (0.3 s),
#: opened dropdowns fade in. The checks read the colours a reader ends up with; without the fades
#: a change of view is drawn once instead of frame by frame until it ends.
_NO_FADES = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def open_everything(page, book_url: str, docname: str) -> None:
    """Load ``docname`` and wait until it is complete as a reader first sees it: math typeset, live
    figures drawn, search results listed, every dropdown open and the page settled
    (:data:`_NO_FADES`). Only the sections near the screen are laid out (``screen.css``); the test
    lays out the rest when it needs them (``RENDER_ALL_SECTIONS``)."""
    page.goto(page_url(book_url, docname), wait_until="load")
    page.add_style_tag(content=_NO_FADES)
    page.evaluate(FONTS_READY)
    n_figures = len(figures_on(docname))
    if n_figures:  # drawn from the saved state after load
        page.wait_for_function(
            """n => [...document.querySelectorAll('.livefig')]
                .filter(r => r.querySelector('input[type=range]')).length >= n""",
            arg=n_figures,
            timeout=20_000,
        )
    if docname == SEARCH:  # the summary is written once every hit is listed
        page.wait_for_function(
            "() => (document.querySelector('#search-results .search-summary')?.textContent"
            " ?? '').trim()",
            timeout=15_000,
        )
    page.evaluate(_OPEN_DROPDOWNS)
    page.wait_for_function(_ALL_OPEN, timeout=5_000)
    settle(page)


# --------------------------------------------------------------------------------------------------
# axe-core: WCAG 2.1 A/AA
# --------------------------------------------------------------------------------------------------


#: The WCAG 2.1 A/AA rules whose outcome the colour theme can change: colours (contrast, links
#: told apart by colour) and text alternatives (a theme may show its own images).
THEME_CATEGORIES = ("cat.color", "cat.text-alternatives")


def run_axe(page, *, only_theme_rules: bool = False) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now (KaTeX's aria-hidden drawing
    of the math and the highlighted code left out: see the module doc); ``only_theme_rules``:
    those of :data:`THEME_CATEGORIES` only."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """([tags, categories]) => {
            // as runOnly by tags: axe leaves its experimental rules out
            const rules = axe.getRules(tags)
                .filter(r => !r.tags.includes('experimental'))
                .filter(r => !categories.length || r.tags.some(t => categories.includes(t)))
                .map(r => r.ruleId);
            return axe.run({exclude: [['.katex-html'], ['.highlight']]},
                           {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})
                .then(r => r.violations);
        }""",
        [WCAG_TAGS, list(THEME_CATEGORIES) if only_theme_rules else []],
    )


#: Every distinct (token colour, background) of the highlighted code whose contrast is below 4.5:1:
#: [text of a token, colour, background, ratio]. The background is the nearest one that is not
#: transparent, semi-transparent ones laid over those below them, the page's last.
CODE_CONTRAST = r"""() => {
    const rgba = c => (c.match(/[\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
    const over = (top, below) => top.slice(0, 3).map((v, i) => v * top[3] + below[i] * (1 - top[3]))
        .concat([1]);
    const background = el => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) layers.push(c);
            if (c[3] >= 1) break;
        }
        return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
    };
    const lum = c => c.slice(0, 3).map(v => v / 255)
        .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const seen = new Map();
    for (const el of document.querySelectorAll('.highlight pre, .highlight pre *')) {
        if (![...el.childNodes].some(n => n.nodeType === 3 && n.data.trim())) continue;
        const bg = background(el), fg = over(rgba(getComputedStyle(el).color), bg);
        const key = fg.join() + '|' + bg.join();
        if (seen.has(key)) continue;
        const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        seen.set(key, [el.textContent.trim().slice(0, 30), fg.join(), bg.join(),
                       Math.round((a + 0.05) / (b + 0.05) * 100) / 100]);
    }
    return [...seen.values()].filter(r => r[3] < 4.5);
}"""

#: The formulas (their TeX) with a glyph whose colour or background differs from the text around
#: the formula (the element that holds the ``.katex``).
MATH_OFF_COLOUR = """() => [...document.querySelectorAll('.katex-html')].filter(html => {
    const around = html.closest('.katex').parentElement, want = getComputedStyle(around).color;
    return [...html.querySelectorAll('*')].some(e => {
        const cs = getComputedStyle(e);
        return e.childElementCount === 0 && e.textContent.trim() && (cs.color !== want
            || !['rgba(0, 0, 0, 0)', 'transparent'].includes(cs.backgroundColor));
    });
}).map(html => html.closest('.katex').querySelector('annotation')?.textContent.trim())"""


def describe(violations: list[dict]) -> str:
    """One block per violation: rule id, impact, what it asks; then each element and why."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]")
        lines.append(f"    {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"  - {target}\n      {summary}")
    return "\n".join(lines)


def set_theme(page, theme: str) -> None:
    """The light or dark theme, as for a reader whose system is so (the book follows it: mode
    auto)."""
    page.emulate_media(color_scheme=theme)
    page.evaluate(
        "t => { document.documentElement.dataset.theme = t;"
        " document.documentElement.dataset.mode = t; }",
        theme,
    )
    settle(page)


def set_width(page, width: str) -> None:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    settle(page)


#: After the checks of their own (:data:`MATH_OFF_COLOUR`, :data:`CODE_CONTRAST`): KaTeX's
#: aria-hidden drawing of the math emptied and each code block's token ``<span>`` s merged into its
#: text. axe leaves both out anyway (see the module doc), but it still walks every element of the
#: page first: on chapter 07 that is 22,000 elements before, 7,400 after, and axe runs 3-4 times
#: faster. The code keeps its text and box, so axe checks the block's own colours instead.
_DRAWINGS_EMPTIED = """() => {
    document.querySelectorAll('.katex-html').forEach(e => e.replaceChildren());
    document.querySelectorAll('.highlight pre').forEach(p => { p.textContent = p.textContent; });
}"""

#: After axe's first run: KaTeX's MathML emptied too. It is the same in every view (the same
#: elements and attributes, visually hidden at every width and in both themes: KaTeX clips it to one
#: pixel), so axe's answer on it cannot change from one view to the next; it is half of what is left
#: of a chapter's elements (07: 4,900 of 8,400) and a quarter of each later run's time.
_MATHML_EMPTIED = (
    "() => document.querySelectorAll('.katex-mathml').forEach(e => e.replaceChildren())"
)

#: Each (width, theme) the page is checked in, in an order that changes one of them at a time.
VIEWS = [("desktop", "light"), ("desktop", "dark"), ("phone", "dark"), ("phone", "light")]


@pytest.mark.parametrize("docname", [*PAGES, SEARCH])
def test_axe_finds_no_wcag_violation_and_the_ui_is_korean(new_context, book_url, docname):
    """One page load for every check of a page: in each of :data:`VIEWS` the colours of its math
    and code and a screenshot of the first screen (computed styles: the sections away from the
    screen are not laid out yet, so a change of view lays out only what is near the screen), then,
    every section laid out, axe in each view (in the dark theme only the rules a theme can change:
    the others gave their answer in the light one; the MathML in the first run only:
    :data:`_MATHML_EMPTIED`), then its UI strings (Korean) and, on a page with live figures,
    :func:`check_figure_names`. Every problem found is reported, not only the first."""
    context = new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    page = context.new_page()
    open_everything(page, book_url, docname)
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    problems = []
    for width, theme in VIEWS:
        set_width(page, width)
        set_theme(page, theme)
        if off := page.evaluate(MATH_OFF_COLOUR):
            problems.append(f"[{width}, {theme}] math not in the colour of its text: {off[:5]}")
        if faint := page.evaluate(CODE_CONTRAST):
            problems.append(f"[{width}, {theme}] code tokens below 4.5:1: {faint[:5]}")
        # the first screen, for a person to look at (full pages: tests/browser/test_phone.py)
        page.screenshot(path=shot_path("a11y", f"{docname}-{width}-{theme}"))
    page.evaluate(_DRAWINGS_EMPTIED)
    page.evaluate(RENDER_ALL_SECTIONS)  # axe reads the whole page, as once it has been scrolled
    for k, (width, theme) in enumerate(reversed(VIEWS)):
        set_width(page, width)
        set_theme(page, theme)
        # the dark theme changes colours only: the other rules gave their answer in the light one
        if found := run_axe(page, only_theme_rules=theme == "dark"):
            problems.append(f"axe-core, WCAG 2.1 A/AA [{width}, {theme}]:\n{describe(found)}")
        if k == 0:  # all rules have run on the MathML (at 390 px, light)
            page.evaluate(_MATHML_EMPTIED)
    # last (at 1280 px, light): a click on a copy button scrolls the page
    if english := english_ui(page):
        problems.append(f"English UI strings:\n{english}")
    assert not problems, f"{docname}:\n" + "\n\n".join(problems)
    if figures_on(docname):  # moves the sliders: after every other check
        check_figure_names(page, docname)


def test_describe_lists_rule_impact_targets_and_summary():
    violation = {
        "id": "color-contrast",
        "impact": "serious",
        "help": "Elements must meet minimum color contrast ratio thresholds",
        "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/color-contrast",
        "nodes": [{"target": ["a > .xref"], "failureSummary": "Fix any of the following:\n  4.29"}],
    }
    text = describe([violation])
    assert "color-contrast (serious)" in text and "a > .xref" in text
    assert "Fix any of the following: 4.29" in text


# --------------------------------------------------------------------------------------------------
# Korean UI strings
# --------------------------------------------------------------------------------------------------

#: Every UI string of the page: ``[where, kind, text]``. Attributes and CSS-generated text
#: everywhere (but math); text outside the content, and inside it only in UI parts.
_UI_STRINGS = r"""() => {
    const out = [];
    const where = el => {
        const path = [];
        for (let e = el; e && e !== document.body && path.length < 3; e = e.parentElement) {
            const cls = typeof e.className === 'string' && e.className.trim()
                ? '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
            path.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls);
        }
        return path.join(' > ');
    };
    const ATTRS = ['title', 'aria-label', 'aria-description', 'aria-roledescription',
                   'aria-valuetext', 'placeholder', 'alt', 'data-tooltip', 'data-toggle-hint',
                   'data-bs-title', 'data-bs-original-title'];
    const MATH = 'mjx-container, .MathJax, .katex';
    // The book's content: prose, code, outputs, search hits. UI parts inside it are kept.
    const CONTENT = 'article.bd-article, #search-results ul.search';
    const UI_IN_CONTENT = 'button, summary, label, output, [role=button], .admonition-title,'
        + ' .caption-number, .headerlink, .toggle-details__summary-text';
    const CODE = 'pre, code, script, style';
    out.push(['document', 'title', document.title]);
    for (const el of document.querySelectorAll('*')) {
        if (el.closest(MATH)) continue;
        for (const a of ATTRS) {
            const v = el.getAttribute(a);
            if (v && v.trim()) out.push([where(el), a, v.trim()]);
        }
        for (const pseudo of ['::before', '::after']) {
            const c = getComputedStyle(el, pseudo).content;
            if (c && c !== 'none' && c !== 'normal' && /[A-Za-z가-힣]/.test(c)) {
                out.push([where(el), 'css' + pseudo, c]);
            }
        }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
        const text = n.textContent.trim(), el = n.parentElement;
        if (!text || el.closest(CODE) || el.closest(MATH)) continue;
        if (el.closest(CONTENT) && !el.closest(UI_IN_CONTENT)) continue;
        out.push([where(el), 'text', text]);
    }
    return out;
}"""


def english(text: str) -> bool:
    """A UI string in English: Latin words (other than :data:`ALLOWED_WORDS`) and no Hangul."""
    if HANGUL.search(text):
        return False
    return any(word not in ALLOWED_WORDS for word in LATIN_WORD.findall(text))


def test_english_tells_ui_english_from_korean():
    assert english("Search this book...") and english("Toggle hidden content")
    assert english('"Copy"') and english("© Copyright 2026.")
    assert not english("이 책에서 검색…") and not english("PDF로 인쇄")
    assert not english("Ctrl") and not english(".ipynb") and not english("© 2026")
    assert not english("온도 T = 1.00") and not english("K")


def copy_button_messages(page) -> list[str]:
    """The first copy button's tooltip after a click (copied, or could not copy)."""
    button = page.locator("button.copybtn").first
    if not button.count():
        return []
    before = button.get_attribute("data-tooltip")
    button.click()
    page.wait_for_function(
        "([b, t]) => b.getAttribute('data-tooltip') !== t",
        arg=[button.element_handle(), before],
        timeout=5_000,
    )
    return [button.get_attribute("data-tooltip")]


def english_ui(page) -> str:
    """The page's UI strings in English (:func:`english`), one line each with where it is; ``""``
    when there are none. The copy button's message after a click counts too."""
    assert page.evaluate("document.documentElement.lang") == "ko"
    strings = page.evaluate(_UI_STRINGS)
    strings += [["button.copybtn (clicked)", "data-tooltip", t] for t in copy_button_messages(page)]
    assert strings, "no UI strings collected"
    found = sorted({(kind, text): where for where, kind, text in strings if english(text)}.items())
    return "\n".join(f"  {kind}={text!r}  at {where}" for (kind, text), where in found)


# --------------------------------------------------------------------------------------------------
# Live figures: names and slider values
# --------------------------------------------------------------------------------------------------

#: For each live figure: its role and name, its drawing's role and name, and each slider's
#: label, aria-valuetext and the value shown beside it.
_FIGURE_NAMES = """() => [...document.querySelectorAll('.livefig')].map(fig => ({
    role: fig.getAttribute('role'),
    name: fig.getAttribute('aria-label')
        ?? document.getElementById(fig.getAttribute('aria-labelledby') ?? '')?.textContent,
    drawings: [...fig.querySelectorAll('svg')].map(s => [s.getAttribute('role'),
                                                        s.getAttribute('aria-label')]),
    sliders: [...fig.querySelectorAll('input[type=range]')].map(i => ({
        key: i.dataset.key,
        label: [...i.labels].map(l => l.textContent.trim()).join(' ')
            || i.getAttribute('aria-label') || '',
        valuetext: i.getAttribute('aria-valuetext') ?? '',
        shown: i.parentElement.querySelector('output.livefig-value')?.textContent.trim() ?? '',
    })),
}))"""


def check_sliders(sliders: list[dict], where: str) -> None:
    for s in sliders:
        assert HANGUL.search(s["label"]), f"{where}: slider {s['key']} has no Korean label: {s}"
        assert s["shown"], f"{where}: slider {s['key']} shows no value beside it: {s}"
        # "온도 T = 1.00": the label, then the value as shown (unit included when it has one).
        assert s["valuetext"] == f"{s['label']} = {s['shown']}", (
            f"{where}: slider {s['key']}: aria-valuetext {s['valuetext']!r} does not say its "
            f"label and the shown value {s['shown']!r}"
        )


def check_figure_names(page, docname: str) -> None:
    """The page's live figures: each a ``group`` with a Korean name, its drawings ``img`` s with a
    Korean name, its sliders labelled in Korean with a value text that says the label and the
    value shown (:func:`check_sliders`), also after the keyboard has moved every slider."""
    figures = page.evaluate(_FIGURE_NAMES)
    assert len(figures) == len(figures_on(docname)), figures
    for k, fig in enumerate(figures):
        where = f"{docname} live figure {k}"
        assert fig["role"] == "group", f"{where}: role={fig['role']!r}, not group"
        assert fig["name"] and HANGUL.search(fig["name"]), f"{where}: no Korean name: {fig}"
        assert fig["drawings"] and all(
            role == "img" and name and HANGUL.search(name) for role, name in fig["drawings"]
        ), f"{where}: a drawing is not an img with a Korean name: {fig['drawings']}"
        assert fig["sliders"], f"{where}: no sliders"
        check_sliders(fig["sliders"], where)
    # The value text follows the slider when the keyboard moves it.
    for slider in page.locator(".livefig input[type=range]").all():
        slider.focus()
        page.keyboard.press("End")
        page.keyboard.press("ArrowLeft")
    settle(page)
    for k, fig in enumerate(page.evaluate(_FIGURE_NAMES)):
        check_sliders(fig["sliders"], f"{docname} live figure {k} (moved)")


# --------------------------------------------------------------------------------------------------
# Figures in the built pages, and the notebooks' image outputs
# --------------------------------------------------------------------------------------------------

_FILE_NAME = re.compile(r"[\w.-]+\.(png|jpe?g|gif|svg|webp)", re.IGNORECASE)
_CAPTION_NUMBER = re.compile(r"그림 (\d+)\.(\d+)")


@pytest.mark.parametrize("docname", [*PAGES, SEARCH])
def test_images_have_korean_alt_text(book_html, docname):
    soup = BeautifulSoup((book_html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    bad = []
    for img in soup.find_all("img"):
        alt = (img.get("alt") or "").strip()
        src = img.get("src", "")
        if not alt or not HANGUL.search(alt) or _FILE_NAME.fullmatch(alt) or alt in src:
            bad.append(f"{src}: alt={alt!r}")
    assert bad == [], f"{docname}: images without a Korean alt text:\n" + "\n".join(bad)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_figures_have_numbered_captions(book_html, docname):
    soup = BeautifulSoup((book_html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    outside = [img.get("src") for img in article.find_all("img") if not img.find_parent("figure")]
    assert outside == [], f"{docname}: images outside a captioned figure: {outside}"
    numbers = []
    for figure in article.find_all("figure"):
        caption = figure.find("figcaption")
        number = caption and caption.select_one(".caption-number")
        text = caption.get_text(" ", strip=True) if caption else ""
        match = number and _CAPTION_NUMBER.fullmatch(number.get_text(strip=True))
        assert match, f"{docname}: a figure without a caption numbered 그림 N.k: {text!r}"
        assert len(text) > len(number.get_text(strip=True)) + 2, (
            f"{docname}: empty caption {text!r}"
        )
        numbers.append((int(match[1]), int(match[2])))
    assert numbers, f"{docname}: no figures"
    chapter = chapter_of(docname)
    assert numbers == [(chapter, k) for k in range(1, len(numbers) + 1)], numbers


def test_chapter_image_outputs_carry_alt_and_caption():
    """Every PNG output of a chapter notebook has ``mystnb.image.alt`` (Korean) and
    ``mystnb.figure.caption``; live figures (widget views) have a caption too."""
    missing = []
    for docname in CHAPTERS:
        nb = nbformat.read(source_of(docname), as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            kinds = {kind for out in cell.get("outputs", []) for kind in out.get("data", {})}
            if not kinds & {"image/png", WIDGET_VIEW_MIME}:
                continue
            meta = cell.metadata.get("mystnb", {})
            alt = meta.get("image", {}).get("alt", "")
            caption = meta.get("figure", {}).get("caption", "")
            if "image/png" in kinds and not HANGUL.search(alt):
                missing.append(f"{docname} cell {i}: no Korean mystnb.image.alt")
            if not caption:
                missing.append(f"{docname} cell {i}: no mystnb.figure.caption")
    assert missing == [], "\n".join(missing)


def test_the_code_contrast_check_finds_a_faint_token(page):
    page.set_content(
        '<div style="background: rgb(250, 250, 250)"><div class="highlight"><pre>'
        '<span style="color: rgb(0, 0, 0)">dark</span> '
        '<span style="color: rgb(170, 170, 170)">faint</span></pre></div></div>'
    )
    assert [r[0] for r in page.evaluate(CODE_CONTRAST)] == ["faint"]
