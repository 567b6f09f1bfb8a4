(function () {
  "use strict";
  var overlay = null;
  // serve puts the overlay's words in the contributor's language.
  var words = (document.currentScript && document.currentScript.dataset) || {};
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/_catalogue/live.css";
  document.head.appendChild(style);
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(text) {
    hide();
    overlay = document.createElement("div");
    overlay.className = "catalogue-overlay";
    overlay.setAttribute("role", "alert");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", words.close || "Close");
    close.onclick = hide;
    var title = document.createElement("strong");
    title.textContent = (words.failed || "Build failed — still serving the last good site") + "\n\n";
    overlay.appendChild(close);
    overlay.appendChild(title);
    overlay.appendChild(document.createTextNode(text));
    document.body.appendChild(overlay);
  }
  var es = new EventSource("/_catalogue/events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("build-error", function (e) { show(e.data); });
})();
