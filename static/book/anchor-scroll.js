/* Links to a place in a page (#id: the page's table of contents, a reference, a search hit). screen.css lays a
   section out only near the screen (content-visibility), so the sections above a target far down the page have
   only an estimated height and the browser's jump would miss it by up to thousands of pixels. Before each jump
   (a click on a link into this page, opening the page at an #id, a hash changed by script or history), every
   lazy block above the target and the one holding it is laid out for good; then the target's position is exact.
   Blocks below the target stay lazy: they cannot move it. Loaded by _ext/korean_ui.py. */
(() => {
  // screen.css: the sections and, inside them, the paragraphs and display equations
  const lazy = ".bd-article section section, .bd-article section section > :is(p, .math)";
  const targetOf = (hash) => {
    const id = decodeURIComponent(hash.slice(1));
    return id ? document.getElementById(id) : null;
  };
  // Lay out every lazy block that starts before the target ends (above it or around it).
  const layOutAbove = (target) => {
    for (const block of document.querySelectorAll(lazy)) {
      const pos = target.compareDocumentPosition(block);
      const inside = pos & Node.DOCUMENT_POSITION_CONTAINED_BY;
      if (pos & Node.DOCUMENT_POSITION_FOLLOWING && !inside) break;
      block.style.contentVisibility = "visible";
    }
  };
  const land = () => {
    const target = targetOf(location.hash);
    if (!target) return;
    layOutAbove(target);
    target.scrollIntoView();
  };
  // A click on a link into this page: lay out before the browser's own jump, so that jump is right.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest?.("a[href*='#']");
      if (!link || link.origin + link.pathname !== location.origin + location.pathname) return;
      const target = targetOf(link.hash);
      if (target) layOutAbove(target);
    },
    true,
  );
  addEventListener("hashchange", land);
  if (location.hash) {
    if (document.readyState === "loading") addEventListener("DOMContentLoaded", land);
    else land();
  }
})();
