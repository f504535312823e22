// tsunagu console: small progressive enhancements; every page works without it.
(function () {
  "use strict";
  // Ask before a form that changes a case in a way that is hard to undo.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      e.preventDefault();
    }
  });
  // The inbox filters apply as soon as a choice changes.
  var filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { filters.submit(); });
    });
    // Keep the inbox fresh while it is open and nobody is typing.
    if (document.getElementById("cases") || document.getElementById("no-cases")) {
      window.setInterval(function () {
        var a = document.activeElement;
        if (document.visibilityState === "visible" && !(a && (a.tagName === "INPUT" || a.tagName === "SELECT"))) {
          window.location.reload();
        }
      }, 60000);
    }
  }
})();
