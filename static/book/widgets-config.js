// Point RequireJS at the vendored @jupyter-widgets/html-manager (see vendor/VENDOR.md).
// MyST-NB loads this between require.js and embed-amd.js, only on pages that carry widget state.
// Without it, RequireJS resolves the widget modules relative to the page, so the webpack public path
// of the bundle (where it fetches the FontAwesome fonts) would point at "<page dir>/@jupyter-widgets/...".
(function () {
  "use strict";
  var dist = new URL("../html-manager/dist/", document.currentScript.src).href;
  window.require.config({
    baseUrl: dist,
    paths: {
      "@jupyter-widgets/html-manager/dist/libembed-amd": dist + "libembed-amd",
      "@jupyter-widgets/html-manager": dist + "html-manager",
      "@jupyter-widgets/base": dist + "base",
      "@jupyter-widgets/base7": dist + "base7",
      "@jupyter-widgets/controls": dist + "controls",
      "@jupyter-widgets/controls7": dist + "controls7",
      "@jupyter-widgets/output": dist + "output",
      // The book's live figures (utils/widgets) are anywidget widgets; the html-manager asks RequireJS for the
      // module "anywidget" (their _model_module/_view_module), the npm package's AMD build vendored here.
      anywidget: new URL("../anywidget/dist/index", document.currentScript.src).href,
    },
  });

  // ipywidgets typesets widget labels with the MathJax 2 API (MathJax.Hub.Queue); the book uses MathJax 3.
  // Give MathJax 3 a minimal Hub.Queue before the widgets render (both happen on "load"; this listener is first).
  window.addEventListener("load", function () {
    var mj = window.MathJax;
    if (mj && !mj.Hub) {
      mj.Hub = {
        Queue: function (cmd) {
          var el = cmd && cmd[2];
          if (mj.typesetPromise) {
            mj.typesetPromise(el ? [el] : undefined).catch(function (err) {
              console.warn(err);
            });
          }
        },
      };
    }
  });
})();
