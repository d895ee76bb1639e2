/* Saves the draft as the speaker types; the "Enregistrer le brouillon" button works without it.
   On a new proposal (data-create), the first keystroke creates the draft: the form then posts
   to the draft's own page, and goes on saving to its autosave address. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave], form[data-create]");
  if (!form) { return; }
  var status = document.getElementById("etat-brouillon");
  var timer = null;
  var creating = false;
  var pending = false;
  var submitter = null;  /* a button pressed while the draft was being created */
  var leaving = false;  /* the form is being sent: no draft saved after it */
  var inflight = null;  /* the autosave under way, aborted when the form is sent */
  function post(url) {
    var data = new FormData(form);
    data.delete("attachment");
    inflight = new AbortController();
    return fetch(url, {
      method: "POST",
      body: data,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
      signal: inflight.signal,
    }).then(function (response) { return response.json(); });
  }
  function show(answer) { if (status) { status.textContent = answer.message; } }
  function create() {
    creating = true;
    post(form.dataset.create)
      .then(function (answer) {
        show(answer);
        if (answer.saved) {
          form.action = answer.edit;
          form.dataset.autosave = answer.autosave;
          delete form.dataset.create;
          window.history.replaceState(null, "", answer.edit);
          if (pending) { pending = false; save(); }
        }
      })
      .catch(function () { /* the button still saves */ })
      .then(function () {
        creating = false;
        if (submitter) {  /* now posts to the draft's own page: one proposal, not two */
          var button = submitter;
          submitter = null;
          form.requestSubmit(button instanceof HTMLButtonElement ? button : undefined);
        }
      });
  }
  function save() {
    if (leaving) { return; }
    if (form.dataset.autosave) {
      post(form.dataset.autosave).then(show).catch(function () { /* the button still saves */ });
    } else if (creating) {
      pending = true;
    } else {
      create();
    }
  }
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (!creating) {
      /* The form carries everything: a draft saved now would race it (and be refused). */
      leaving = true;
      if (inflight) { inflight.abort(); }
      return;
    }
    event.preventDefault();
    submitter = event.submitter || true;
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { leaving = false; }  /* back from the history: the page is live again */
  });
  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    window.clearTimeout(timer);
    if (form.dataset.create && !creating) { create(); return; }
    timer = window.setTimeout(save, 1500);
  });
})();
