// Conditional questions: shown only when the answer they depend on is given. Without this
// script every question is shown with its « Si vous avez répondu … » hint, and the server
// ignores the answers of a hidden branch.
(function () {
  "use strict";
  var form = document.querySelector("form.submission-form");
  if (!form) return;
  var blocks = form.querySelectorAll("[data-condition]");
  function given(name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }
  function update() {
    blocks.forEach(function (block) {
      var wanted = block.getAttribute("data-condition-values").split(",").map(function (v) {
        return v.trim();
      });
      var shown = given(block.getAttribute("data-condition")).some(function (v) {
        return wanted.indexOf(v) !== -1;
      });
      block.hidden = !shown;
      var hint = block.querySelector(".condition-hint");
      if (hint) hint.hidden = true;
    });
  }
  form.addEventListener("change", update);
  update();
})();
