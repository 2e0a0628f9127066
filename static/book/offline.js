/* Offline reading: once the page has loaded and the browser is idle, register the book's service
   worker (sw.js at the site root, see static/book/sw.js), which then saves the whole book so that
   every page opens without a network. Added to every page of the web book by _ext/offline_book.py.
   Nothing happens over file:// or where service workers are missing (old or private browsers),
   nor for a reader whose browser asks to save data (Save-Data): the whole book is a few MB. */
(() => {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  if (navigator.connection?.saveData) return;
  // This file is <root>/_static/book/offline.js; the worker is <root>/sw.js.
  const worker = new URL("../../sw.js", document.currentScript.src);
  const register = () => {
    navigator.serviceWorker.register(worker).catch((error) => {
      console.warn("오프라인 읽기를 준비하지 못했습니다:", error);
    });
  };
  window.addEventListener("load", () => {
    if ("requestIdleCallback" in window) requestIdleCallback(register, { timeout: 10000 });
    else setTimeout(register, 1000);
  });
})();
