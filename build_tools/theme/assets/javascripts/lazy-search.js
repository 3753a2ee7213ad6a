/* lazy-search.js: start Material's search only when the reader opens it.
 *
 * Material 9.8 starts its search worker and downloads the search index on
 * every page load (27 KB gzipped here). This wraps the two calls it makes for
 * search, `new Worker(".../workers/search.*.js")` and an XMLHttpRequest for
 * search/search_index.json, and holds both back until the reader opens
 * search: focus in the search box (also the s, f and / keys and ?q= links)
 * or the search button. Any other worker or request goes through at once.
 *
 * It must run before Material's bundle creates the worker, so it is not a
 * file of its own in the page: build_tools/theme/main.html inlines it with a Jinja
 * include (so no Jinja delimiters in this file: two braces, brace-percent,
 * brace-hash) and the build (build_tools/publish/assets.py) swaps in the
 * minified text. No "</script" or "<!--" either. The property
 * name xpLazy is what tests/test_weight.py looks for to know that a page
 * defers search. tests/browser/test_privacy.py checks a first load (no index,
 * no worker) and a search.
 */
(function () {
  var open = false,   /* search opened: everything goes through */
    held = [],          /* what waits for that */
    NativeWorker = window.Worker,
    xhr = XMLHttpRequest.prototype,
    xhrOpen = xhr.open,
    xhrSend = xhr.send;

  function openSearch() {
    if (open) return;
    open = true;
    held.splice(0).forEach(function (run) { run(); });
  }

  function whenOpen(run) {
    if (open) run();
    else held.push(run);
  }

  /* The index request: sent only once search is open. */
  xhr.open = function (method, url) {
    this.xpLazy = /\/search\/search_index\.json$/.test(String(url));
    return xhrOpen.apply(this, arguments);
  };
  xhr.send = function () {
    var request = this, args = arguments;
    if (!request.xpLazy) return xhrSend.apply(request, args);
    whenOpen(function () { xhrSend.apply(request, args); });
  };

  /* The search worker: a stand-in that Material talks to; the real worker
   * starts once search is open, gets the messages posted so far, and its
   * replies are passed on as the stand-in's "message" events. */
  window.Worker = function (url, options) {
    if (!/\/workers\/search\.[^\/]*\.js$/.test(String(url))) return new NativeWorker(url, options);
    var proxy = new EventTarget(), worker = null, posted = [];
    whenOpen(function () {
      worker = new NativeWorker(url, options);
      worker.onmessage = function (e) {
        proxy.dispatchEvent(new MessageEvent("message", { data: e.data }));
      };
      posted.splice(0).forEach(function (data) { worker.postMessage(data); });
    });
    proxy.postMessage = function (data) {
      if (worker) worker.postMessage(data);
      else posted.push(data);
    };
    proxy.terminate = function () {
      if (worker) worker.terminate();
    };
    return proxy;
  };
  window.Worker.prototype = NativeWorker.prototype;

  /* What opens search. */
  document.addEventListener("focusin", function (e) {
    if (e.target.closest && e.target.closest(".md-search")) openSearch();
  });
  document.addEventListener("change", function (e) {
    if (e.target.id === "__search" && e.target.checked) openSearch();
  });
  if (/[?&]q=/.test(location.search)) openSearch();
})();
