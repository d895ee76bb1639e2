/* Saves the draft as the speaker types; the "Enregistrer le brouillon" button works without it. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = document.getElementById("etat-brouillon");
  var timer = null;
  function save() {
    var data = new FormData(form);
    data.delete("attachment");
    fetch(form.dataset.autosave, {
      method: "POST",
      body: data,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) { if (status) { status.textContent = answer.message; } })
      .catch(function () { /* the button still saves */ });
  }
  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  });
})();
