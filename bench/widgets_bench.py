"""Live figures (``utils.widgets``) in the built HTML: slider input → redrawn frame.

    .venv/bin/python -m bench.widgets_bench [--html _build/html] [--page chapters/04_softmax ...]
                                            [--moves 100]

* **redraw** — for every figure on each ``--page`` (default: every page with live figures in
  ``bookdev.figures.FIGURES``; opened from 127.0.0.1 in headless Chromium, closed dropdowns holding
  a figure opened first; the page must show the figures the table lists), ``--moves`` keyboard moves
  of its first slider (ArrowRight, turning back with ArrowLeft at the end). Per move: *handler* =
  keydown → the page's ``input`` handlers done (the SVG and the readout are redrawn synchronously
  there), *frame* = keydown → the next ``requestAnimationFrame`` callback (the frame that shows the
  redraw; includes waiting for the frame boundary, up to ~16.7 ms at 60 Hz). Median and worst of
  each are printed.
What a page costs on a slow phone (bytes, paint, first slider) is ``bench/phone.py``.

Prints figures, asserts nothing. Needs a built book (``make book``).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bookdev import ROOT
from bookdev.browser import headless_chromium, open_figure_dropdowns
from bookdev.figures import figures_on, pages_with_figures
from bookdev.serve import serve_directory

HTML = ROOT / "_build" / "html"

_ARM = """r => {
    const input = r.querySelector('input[type=range]');
    window.__move = new Promise(done => {
        document.addEventListener('keydown', () => {
            const t0 = performance.now();
            // registered after the figure's own listener, so it runs once the redraw is done
            input.addEventListener('input', () => {
                const t1 = performance.now();
                requestAnimationFrame(
                    () => done({ handler: t1 - t0, frame: performance.now() - t0 }));
            }, { once: true });
        }, { once: true, capture: true });
    });
}"""


def _wait_for_figures(page) -> int:
    page.wait_for_function(
        "() => document.querySelectorAll('.livefig').length > 0 && "
        "[...document.querySelectorAll('.livefig')]"
        ".every(r => r.querySelector('pre .livefig-line'))",
        timeout=20_000,
    )
    return page.locator(".livefig").count()


def redraw_times(browser, url: str, moves: int = 100) -> list[dict]:
    """Per figure on the page: name and the handler/frame times (ms) of ``moves`` keyboard slider
    moves."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(url)
        figures = _wait_for_figures(page)
        open_figure_dropdowns(page)  # a hidden slider ignores the keyboard
        results = []
        for i in range(figures):
            root = page.locator(".livefig").nth(i)
            slider = root.locator("input[type=range]").first
            slider.focus()
            key = "ArrowRight"
            handler, frame = [], []
            stuck = 0  # presses in a row that did not move the slider
            for _ in range(2 * moves + 4):  # at most one turn-around per move: never loops forever
                if len(frame) == moves:
                    break
                before = slider.input_value()
                root.evaluate(_ARM)
                page.keyboard.press(key)
                if slider.input_value() == before:
                    # at an end: turn around (that press fired no input event)
                    page.evaluate("() => { window.__move = null; }")
                    stuck += 1
                    if stuck == 2:
                        raise RuntimeError(f"{url}: figure {i}'s first slider moves neither way")
                    key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
                    continue
                stuck = 0
                t = page.evaluate("window.__move")
                handler.append(t["handler"])
                frame.append(t["frame"])
            results.append(
                {"figure": root.get_attribute("data-widget"), "handler": handler, "frame": frame}
            )
        return results
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    ap.add_argument("--html", type=Path, default=HTML)
    ap.add_argument(
        "--page",
        action="append",
        help="a page with live figures (docname; repeatable; default: every such page)",
    )
    ap.add_argument("--moves", type=int, default=100)
    args = ap.parse_args(argv)
    pages = args.page or pages_with_figures()
    with serve_directory(args.html) as base, headless_chromium(full=True) as browser:
        print(f"redraw, {args.moves} keyboard moves of the first slider per figure (ms):")
        for doc in pages:
            results = redraw_times(browser, f"{base}{doc}.html", args.moves)
            shown = [r["figure"] for r in results]
            listed = [figure.name for figure in figures_on(doc)]
            if shown != listed:
                raise RuntimeError(f"{doc}: the page shows {shown}, bookdev.figures lists {listed}")
            for r in results:
                handler, frame = r["handler"], r["frame"]
                print(
                    f"  {doc.rsplit('/', 1)[-1]:<24} {r['figure']:<24}"
                    f" handler median {statistics.median(handler):6.2f}  worst {max(handler):6.2f}"
                    f"   frame median {statistics.median(frame):6.2f}  worst {max(frame):6.2f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
