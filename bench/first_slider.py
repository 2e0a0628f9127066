"""A slow phone's first visit of a page with live figures: gzip'd bytes, time to the first slider.

    .venv/bin/python -m bench.first_slider [--html _build/html] [--page chapters/04_softmax]
                                           [--runs 3]

The book is served from 127.0.0.1 by a threaded HTTP server that gzips text responses (HTML, JS,
CSS, JSON, SVG; level 9) when the browser sends ``Accept-Encoding: gzip``, as a static host would;
fonts and images go as they are. Each visit is cold (a new browser context, HTTP cache disabled).

* **bytes** — one unthrottled visit, until the network is idle and the figures are drawn: every
  response with its bytes on the wire (CDP ``encodedDataLength``: gzip'd body plus headers), the
  sums by kind (html, js, css, font, image, other) and the total without images.
* **first slider** — ``--runs`` visits under CDP throttling: CPU 4× slower
  (``Emulation.setCPUThrottlingRate``) and a slow mobile network
  (``Network.emulateNetworkConditions``: 150 ms latency, 1.6 Mbit/s = 200 000 B/s down, 750 kbit/s
  up). Milliseconds from navigation start to the first ``.livefig input[type=range]`` in the DOM
  (an init script's MutationObserver) and to the animation frame after it (on screen), with
  DOMContentLoaded and load for comparison: the median and each run.

Prints figures, asserts nothing. Needs a built book (``make book``). Not part of ``make bench``.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bookdev import ROOT
from bookdev.browser import headless_chromium
from bookdev.serve import serve_directory

HTML = ROOT / "_build" / "html"
SLOW_PHONE = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 200_000,
    "uploadThroughput": 750_000 / 8,
}

# Records when the first slider of a live figure enters the DOM and the frame after it.
_WATCH = """(() => {
    const t = (window.__firstSlider = {});
    new MutationObserver((_, observer) => {
        if (document.querySelector('.livefig input[type=range]')) {
            observer.disconnect();
            t.dom = performance.now();
            requestAnimationFrame(() => { t.shown = performance.now(); });
        }
    }).observe(document, { childList: true, subtree: true });
})();"""


def _kind(url: str, mime: str) -> str:
    path = url.split("?", 1)[0]
    if "html" in mime:
        return "html"
    if "javascript" in mime or path.endswith(".js"):
        return "js"
    if "css" in mime:
        return "css"
    if "font" in mime or path.endswith((".woff", ".woff2", ".ttf")):
        return "font"
    if mime.startswith("image/"):
        return "image"
    return "other"


def _cold_page(browser, *, throttle: bool):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_PHONE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return context, page, cdp


def wire_bytes(browser, url: str) -> list[dict]:
    """Each response of a cold, unthrottled visit of ``url``: {url, kind, bytes, encoding}."""
    context, page, cdp = _cold_page(browser, throttle=False)
    try:
        responses, sizes = {}, {}

        def received(e):
            headers = {k.lower(): v for k, v in e["response"]["headers"].items()}
            encoding = headers.get("content-encoding", "")
            responses[e["requestId"]] = (e["response"]["url"], e["response"]["mimeType"], encoding)

        cdp.on("Network.responseReceived", received)
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.update({e["requestId"]: e["encodedDataLength"]}),
        )
        page.add_init_script(_WATCH)
        page.goto(url, wait_until="load", timeout=120_000)
        page.wait_for_function("() => window.__firstSlider.shown", timeout=60_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        rows = []
        for rid, size in sizes.items():
            if rid in responses:
                u, mime, enc = responses[rid]
                rows.append({"url": u, "kind": _kind(u, mime), "bytes": int(size), "encoding": enc})
        return rows
    finally:
        context.close()


def first_slider_ms(browser, url: str) -> dict:
    """One throttled cold visit: ms from navigation start to the first slider, DCL and load."""
    context, page, _ = _cold_page(browser, throttle=True)
    try:
        page.add_init_script(_WATCH)
        page.goto(url, wait_until="commit", timeout=180_000)
        page.wait_for_function(
            "() => window.__firstSlider && window.__firstSlider.shown", timeout=180_000
        )
        page.wait_for_load_state("load", timeout=180_000)
        return page.evaluate(
            """() => { const n = performance.getEntriesByType('navigation')[0];
                return { dom: __firstSlider.dom, shown: __firstSlider.shown,
                         dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd }; }"""
        )
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--html", type=Path, default=HTML)
    ap.add_argument(
        "--page", default="chapters/04_softmax", help="a page with live figures (docname)"
    )
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    with serve_directory(args.html, gzip=True) as base, headless_chromium() as browser:
        url = f"{base}{args.page}.html"
        rows = wire_bytes(browser, url)
        by_kind: dict[str, int] = {}
        for r in rows:
            by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + r["bytes"]
        print(f"{args.page}: cold visit, bytes on the wire (gzip'd text), {len(rows)} responses")
        for r in sorted(rows, key=lambda r: -r["bytes"]):
            where = r["url"].removeprefix(base)
            print(f"  {r['bytes']:>9,}  {r['kind']:<5} {r['encoding'] or '-':<5} {where}")
        print("  by kind: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_kind.items())))
        total = sum(by_kind.values())
        print(f"  total {total:,} B; without images {total - by_kind.get('image', 0):,} B")
        runs = [first_slider_ms(browser, url) for _ in range(args.runs)]
        print(f"first slider, CPU 4x + 150 ms / 1.6 Mbit/s ({args.runs} cold runs, ms from start):")
        names = {"dom": "slider in DOM", "shown": "slider on screen", "dcl": "DOMContentLoaded"}
        for key, name in {**names, "load": "load"}.items():
            values = [r[key] for r in runs]
            print(
                f"  {name:<18} median {statistics.median(values):8.0f}   runs "
                + " ".join(f"{v:.0f}" for v in values)
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
