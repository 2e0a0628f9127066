/* The sidebar buttons. pydata-sphinx-theme and sphinx-book-theme each wire only the FIRST .primary-toggle
   (and .secondary-toggle) of the page, the one in the header, which sphinx-book-theme hides; the buttons a
   reader sees are in the article's header, so on a phone the menu button opened no table of contents (and on
   a desktop it did not fold the sidebar). Here every other button of each kind hands its click to the first,
   so the themes' own code runs: the sidebar as a dialog on a narrow screen (focus comes back to the button
   when it closes), folded or unfolded on a wide one. Loaded by _ext/korean_ui.py. */
(() => {
  const start = () => {
    for (const kind of [".primary-toggle", ".secondary-toggle"]) {
      const [first, ...others] = document.querySelectorAll(kind);
      for (const button of others) {
        button.addEventListener("click", (event) => {
          event.preventDefault();
          first.click();
        });
      }
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
