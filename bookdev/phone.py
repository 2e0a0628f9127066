"""A reader's phone on a slow mobile link: the profile, and what one visit of a built page costs.

The profile is the issue's standard slow-mobile one: 150 ms round trip, 1.6 Mbit/s down,
750 kbit/s up, the CPU 4× slower, a 412×823 viewport (a phone, touch, 2 device pixels per CSS
pixel). The book is served gzip'd (:func:`bookdev.serve.serve_directory` with ``gzip=True``), as
any static host serves it. Service workers are blocked: the offline worker's precaching (after the
page has loaded, :mod:`_ext.offline_book`) is not what a page costs, and a second page must come
from the HTTP cache, not the worker's.

:func:`visit` opens one page in a new browser context, cold (a first visit) or after another page
of the book (a second visit: the HTTP cache holds what the first page loaded), throttled or not,
and returns a :class:`Visit`: every response with its bytes on the wire (CDP
``encodedDataLength``: the body as sent, gzip'd or not, plus headers), every request that left
127.0.0.1, and, when throttled, the page's times: largest contentful paint, first live slider on
screen, and the frame after that slider answered a key press (pressed as soon as it was on screen;
a figure inside a closed solution is opened first, as a reader would).

The budget test (``tests/browser/test_page_budget.py``) and the bench (``bench/phone.py``) both
measure with this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bookdev.browser import open_figure_dropdowns
from bookdev.figures import figures_on

VIEWPORT = {"width": 412, "height": 823}
#: CDP ``Network.emulateNetworkConditions``: bytes per second.
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
CPU_SLOWDOWN = 4
#: A page's own images (not shared with other pages).
OWN_IMAGES = "/_images/"

#: Installed before the page's scripts: records the largest contentful paint, when the first
#: slider of a live figure enters the DOM and the frame after it (on screen), and the frame after
#: the first ``input`` event of a slider (the figure's own handlers redraw it synchronously, so
#: that frame shows the redrawn figure).
_WATCH = """(() => {
    const t = (window.__phone = { lcp: null, slider: null, shown: null, answered: null });
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) t.lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new MutationObserver((_, observer) => {
        if (document.querySelector('.livefig input[type=range]')) {
            observer.disconnect();
            t.slider = performance.now();
            requestAnimationFrame(() => { t.shown = performance.now(); });
        }
    }).observe(document, { childList: true, subtree: true });
    addEventListener('input', e => {
        if (t.answered === null && e.target.closest?.('.livefig')) {
            t.answered = 0;
            requestAnimationFrame(() => { t.answered = performance.now(); });
        }
    }, true);
})();"""

#: The text of the first live figure (its SVG labels and readout): changes when it is redrawn.
_FIGURE_TEXT = "() => document.querySelector('.livefig')?.textContent ?? ''"


@dataclass
class Response:
    url: str
    path: str
    bytes: int  # on the wire: encoded body + headers
    from_cache: bool


@dataclass
class Visit:
    page: str
    responses: list[Response] = field(default_factory=list)
    left_loopback: list[str] = field(default_factory=list)
    lcp_ms: float | None = None
    slider_ms: float | None = None  # first slider on screen
    answered_ms: float | None = None  # the frame after it answered a key press
    redrawn: bool | None = None  # the figure's text changed after the key press

    @property
    def wire_bytes(self) -> int:
        return sum(r.bytes for r in self.responses)

    @property
    def own_image_bytes(self) -> int:
        return sum(r.bytes for r in self.responses if r.path.startswith(OWN_IMAGES))


def phone_context(browser, *, locale: str = "ko-KR"):
    """A new context that looks like the profile's phone (service workers blocked)."""
    return browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale=locale,
        service_workers="block",
    )


def visit(
    browser,
    base: str,
    docname: str,
    *,
    after: str | None = None,
    throttle: bool = False,
    timeout_ms: float = 60_000,
) -> Visit:
    """Open ``docname`` of the book served at ``base`` on a new phone context; see the module doc.

    ``after``: open this page first (unthrottled, until the network is idle), so ``docname`` is a
    second page. ``throttle``: apply the profile to ``docname`` and measure its times; the first
    live slider, if any, gets an ArrowRight as soon as it is on screen.
    """
    host = urlsplit(base).netloc
    result = Visit(docname)
    context = phone_context(browser)
    try:
        page = context.new_page()

        def on_request(request):
            parts = urlsplit(request.url)
            if parts.scheme not in ("data", "blob") and parts.netloc != host:
                result.left_loopback.append(request.url)

        context.on("request", on_request)
        page.add_init_script(_WATCH)
        if after:
            page.goto(f"{base}{after}.html", wait_until="load", timeout=timeout_ms)
            page.wait_for_load_state("networkidle", timeout=timeout_ms)
        cdp = context.new_cdp_session(page)
        seen: dict[str, tuple[str, bool]] = {}
        cached: set[str] = set()
        cdp.on(
            "Network.responseReceived",
            lambda e: seen.update(
                {e["requestId"]: (e["response"]["url"], e["response"].get("fromDiskCache", False))}
            ),
        )
        cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))

        def finished(e):
            if e["requestId"] in seen:
                url, disk = seen[e["requestId"]]
                result.responses.append(
                    Response(
                        url,
                        urlsplit(url).path,
                        int(e["encodedDataLength"]),
                        disk or e["requestId"] in cached,
                    )
                )

        cdp.on("Network.loadingFinished", finished)
        cdp.send("Network.enable")
        if throttle:
            cdp.send("Network.emulateNetworkConditions", NETWORK)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(f"{base}{docname}.html", wait_until="commit", timeout=timeout_ms)
        if throttle and figures_on(docname):
            page.wait_for_function("() => window.__phone.shown", timeout=timeout_ms)
            open_figure_dropdowns(page, timeout_ms)  # a figure in a closed solution: open it
            before = page.evaluate(_FIGURE_TEXT)
            page.locator(".livefig input[type=range]").first.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("() => window.__phone.answered > 0", timeout=timeout_ms)
            result.redrawn = page.evaluate(_FIGURE_TEXT) != before
        page.wait_for_load_state("load", timeout=timeout_ms)
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        if throttle:
            times = page.evaluate("() => window.__phone")
            result.lcp_ms = times["lcp"]
            result.slider_ms = times["shown"]
            result.answered_ms = times["answered"] or None
        return result
    finally:
        context.close()
