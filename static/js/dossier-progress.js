/* Follows the press dossier's rendering; without JavaScript the page refreshes itself. */
(function () {
  "use strict";
  var box = document.getElementById("etat-dossier");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (bar) { bar.value = state.progress; }
        if (state.status === "done" || state.status === "failed") { window.location.reload(); }
        else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
