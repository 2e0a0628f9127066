/* Links to a place in a page (#id: the page's table of contents, a reference, a search hit). screen.css lays a
   section out only near the screen (content-visibility), so until then the sections above the target take an
   estimated height and the browser's jump can land far from it. Here the page scrolls to the target again each
   frame until the target stays put (at most 60 frames), when the page opens at an #id and on every later jump.
   Loaded by _ext/korean_ui.py. */
(() => {
  const settle = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    // Each frame, after the browser has laid out what came near the screen: scroll again if the target
    // has moved; done once it has stayed put for 3 frames in a row.
    let frames = 0;
    let still = 0;
    const step = () => {
      const before = target.getBoundingClientRect().top;
      target.scrollIntoView();
      still = Math.abs(target.getBoundingClientRect().top - before) > 1 ? 0 : still + 1;
      if (still < 3 && ++frames < 60) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  };
  addEventListener("hashchange", settle);
  if (document.readyState === "complete") settle();
  else addEventListener("load", settle);
})();
