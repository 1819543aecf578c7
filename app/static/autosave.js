/* Each answer saved as it is given (progressive enhancement: without this script the page's buttons
   save, and the page says so).

   A question's inputs are posted, form-encoded with the page's CSRF token, to the page's autosave
   address (app/survey/autosave.py) as soon as it changes. Before it is sent it is written to
   localStorage under the assessment, and removed only once the server has saved it, so an answer
   given without a connection survives a closed tab: it is sent when the connection returns, and
   offered back (restore or discard) when a page of this assessment is opened again. */
(function () {
  "use strict";

  var form = document.getElementById("survey-form");
  if (!form || !form.getAttribute("data-autosave") || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("survey-check", "1");
    storage.removeItem("survey-check");
  } catch (error) {
    storage = null;
  }

  var pageUrl = form.getAttribute("data-autosave");
  var storeKey = "survey-unsaved:" + form.getAttribute("data-assessment");
  var token = form.querySelector("input[name=csrf_token]").value;
  var status = form.querySelector(".save-status");
  var restoreBox = document.getElementById("restore-answers");
  var MAX_AGE = 30 * 24 * 3600 * 1000;
  var memory = {};  // used when the browser keeps nothing (private mode)
  var offered = {};  // url -> question id -> "at" of entries from an earlier visit, not yet accepted
  var sending = false;
  var stopped = false;
  var timer = null;
  var delay = 2000;

  function load() {
    if (!storage) { return memory; }
    try { return JSON.parse(storage.getItem(storeKey)) || {}; } catch (error) { return {}; }
  }

  function store(all) {
    Object.keys(all).forEach(function (url) {
      if (!Object.keys(all[url]).length) { delete all[url]; }
    });
    if (!storage) { memory = all; return; }
    try {
      if (Object.keys(all).length) { storage.setItem(storeKey, JSON.stringify(all)); }
      else { storage.removeItem(storeKey); }
    } catch (error) {
      memory = all;
    }
  }

  function say(name, problem, text) {
    status.textContent = text || status.getAttribute("data-" + name) || "";
    status.classList.toggle("is-problem", Boolean(problem));
  }

  function questionBox(id) {
    return form.querySelector('[data-question="' + id + '"]');
  }

  function fieldsOf(box) {
    var fields = [];
    box.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (!input.name || input.disabled) { return; }
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      fields.push([input.name, input.value]);
    });
    return fields;
  }

  function sameFields(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function isOffered(url, id, entry) {
    return offered[url] && offered[url][id] === entry.at;
  }

  function record(box) {
    var all = load();
    var page = all[pageUrl] || (all[pageUrl] = {});
    page[box.getAttribute("data-question")] = {fields: fieldsOf(box), at: Date.now()};
    store(all);
    schedule(0);
  }

  function schedule(wait) {
    if (stopped) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(send, wait);
  }

  function nextBatch() {
    var all = load();
    var urls = Object.keys(all).sort(function (a, b) { return (b === pageUrl) - (a === pageUrl); });
    for (var i = 0; i < urls.length; i += 1) {
      var url = urls[i];
      var ids = Object.keys(all[url]).filter(function (id) { return !isOffered(url, id, all[url][id]); });
      if (ids.length) {
        var sent = {};
        ids.forEach(function (id) { sent[id] = all[url][id]; });
        return {url: url, entries: sent};
      }
    }
    return null;
  }

  function showError(id, message) {
    var box = questionBox(id);
    if (!box) { return; }
    var note = box.querySelector("[data-autosave-error]");
    if (!message) {
      if (note) { note.remove(); }
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "field-error";
      note.setAttribute("data-autosave-error", "");
      var legend = box.querySelector("legend, label");
      box.insertBefore(note, legend ? legend.nextSibling : box.firstChild);
    }
    note.textContent = message;
  }

  function forget(url, entries, keepChanged) {
    var all = load();
    Object.keys(entries).forEach(function (id) {
      var stored = all[url] && all[url][id];
      if (stored && (!keepChanged || stored.at === entries[id].at)) { delete all[url][id]; }
    });
    store(all);
  }

  function showProgress(progress) {
    if (!progress) { return; }
    var percent = document.querySelector("[data-progress-percent]");
    var bar = document.querySelector("[data-progress-bar]");
    if (percent) { percent.textContent = progress.percent; }
    if (bar) { bar.value = Math.round(progress.share * 100); }
  }

  function answered(batch, reply) {
    var data = reply.data || {};
    if (reply.status === 200 || reply.status === 422) {
      forget(batch.url, batch.entries, true);
      var errors = data.errors || {};
      if (batch.url === pageUrl) {
        Object.keys(batch.entries).forEach(function (id) { showError(id, errors[id]); });
        showProgress(data.progress);
      }
      delay = 2000;
      if (reply.status === 422) { say("failed", true, data.message); }
      else if (!nextBatch()) { say("saved", false); }
      schedule(0);
      return;
    }
    if (reply.status === 409 || reply.status === 400 || reply.status === 404) {
      stopped = true;
      if (reply.status === 409 && data.location && data.location.indexOf("/results/") === 0) {
        store({});  // submitted: these answers can never be saved
      }
      say("failed", true, data.message);
      return;
    }
    retry();
  }

  function retry() {
    say(navigator.onLine === false ? "offline" : "retrying", true);
    schedule(delay);
    delay = Math.min(delay * 2, 30000);
  }

  function send() {
    if (sending || stopped) { return; }
    var batch = nextBatch();
    if (!batch) { return; }
    var body = new URLSearchParams();
    body.append("csrf_token", token);
    Object.keys(batch.entries).forEach(function (id) {
      body.append("question", id);
      batch.entries[id].fields.forEach(function (field) { body.append(field[0], field[1]); });
    });
    sending = true;
    say("saving", false);
    fetch(batch.url, {method: "POST", body: body, credentials: "same-origin",
                      headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) {
          return {status: response.status, data: data};
        }, function () {
          return {status: response.status, data: null};
        });
      })
      .then(function (reply) { sending = false; answered(batch, reply); },
            function () { sending = false; retry(); });
  }

  // What an earlier visit left unsent: drop what is old or already on this page as saved, offer
  // the rest back.
  function offerEarlierAnswers() {
    var all = load();
    var now = Date.now();
    Object.keys(all).forEach(function (url) {
      Object.keys(all[url]).forEach(function (id) {
        var entry = all[url][id];
        var box = url === pageUrl ? questionBox(id) : null;
        if (!entry || !entry.fields || now - entry.at > MAX_AGE ||
            (box && sameFields(fieldsOf(box), entry.fields))) {
          delete all[url][id];
        } else {
          (offered[url] = offered[url] || {})[id] = entry.at;
        }
      });
    });
    store(all);
    if (!Object.keys(offered).length || !restoreBox) { return; }
    restoreBox.hidden = false;
    restoreBox.querySelector("[data-restore]").addEventListener("click", function () {
      var page = load()[pageUrl] || {};
      Object.keys(page).forEach(function (id) {
        if (isOffered(pageUrl, id, page[id])) { apply(id, page[id].fields); }
      });
      offered = {};
      restoreBox.hidden = true;
      schedule(0);
    });
    restoreBox.querySelector("[data-discard]").addEventListener("click", function () {
      var all = load();
      Object.keys(offered).forEach(function (url) {
        Object.keys(offered[url]).forEach(function (id) {
          if (all[url] && all[url][id] && all[url][id].at === offered[url][id]) { delete all[url][id]; }
        });
      });
      store(all);
      offered = {};
      restoreBox.hidden = true;
    });
  }

  function apply(id, fields) {
    var box = questionBox(id);
    if (!box) { return; }
    var given = fields.map(function (field) { return field[0] + "\u0000" + field[1]; });
    box.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        input.checked = given.indexOf(input.name + "\u0000" + input.value) >= 0;
      } else {
        var found = fields.filter(function (field) { return field[0] === input.name; })[0];
        input.value = found ? found[1] : "";
      }
    });
  }

  form.querySelectorAll('[data-save-note="buttons"]').forEach(function (note) { note.hidden = true; });
  form.querySelectorAll('[data-save-note="auto"]').forEach(function (note) { note.hidden = false; });

  var typing = null;
  form.addEventListener("change", function (event) {
    var box = event.target.closest("[data-question]");
    if (box) { window.clearTimeout(typing); record(box); }
  });
  form.addEventListener("input", function (event) {
    var box = event.target.closest("[data-question]");
    if (box && event.target.type === "text") {
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { record(box); }, 800);
    }
  });
  form.addEventListener("submit", function (event) {
    if (navigator.onLine === false) {
      event.preventDefault();
      say("offline", true);
      return;
    }
    // The form carries every answer of this page; what is still queued for it goes with it.
    var page = load()[pageUrl] || {};
    var mine = {};
    Object.keys(page).forEach(function (id) { if (!isOffered(pageUrl, id, page[id])) { mine[id] = page[id]; } });
    forget(pageUrl, mine, false);
    stopped = true;
  });
  window.addEventListener("online", function () { delay = 2000; schedule(0); });
  window.addEventListener("offline", function () { if (nextBatch()) { say("offline", true); } });

  offerEarlierAnswers();
  schedule(0);
}());
