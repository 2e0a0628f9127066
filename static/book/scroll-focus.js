/* A code block or output that scrolls sideways gets a tab stop, so the keyboard can reach and scroll it
   (WCAG 2.1.1; axe: scrollable-region-focusable). pydata-sphinx-theme did this by reading every block's size
   when the page loaded, which lays out the whole page at once (slow on a phone, and it missed blocks inside a
   closed dropdown, which scroll only once opened); _ext/lean_assets.py switches that off. Here every candidate
   (the theme's list) is watched for size changes, so its tab stop follows whether it scrolls now, as each
   part of the page is laid out (screen.css: content-visibility). Loaded by _ext/korean_ui.py. */
(() => {
  const SCROLLERS =
    "pre, .cell_output > .output, .jp-RenderedHTMLCommon, .pst-scrollable-table-container";
  const scrolls = (el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
  const update = (el) => {
    el.tabIndex = scrolls(el) ? 0 : -1;
  };
  const start = () => {
    if (!("ResizeObserver" in window)) return;
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) update(entry.target);
    });
    for (const el of document.querySelectorAll(SCROLLERS)) observer.observe(el);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
