/* Admin: drag a submission to place, or a placed talk to move, onto a session of the
   programme's grid. An enhancement only: it fills the plain form below and sends it. */
(function () {
  "use strict";
  var form = document.getElementById("placer-form");
  if (!form) { return; }
  document.querySelectorAll("[data-submission]").forEach(function (item) {
    item.setAttribute("draggable", "true");
    item.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", item.getAttribute("data-submission"));
    });
  });
  document.querySelectorAll("[data-session]").forEach(function (target) {
    target.addEventListener("dragover", function (event) { event.preventDefault(); });
    target.addEventListener("drop", function (event) {
      event.preventDefault();
      var submission = event.dataTransfer.getData("text/plain");
      if (!submission) { return; }
      form.elements.submission.value = submission;
      form.elements.session.value = target.getAttribute("data-session");
      form.elements.start_time.value = "";
      form.submit();
    });
  });
})();
