/* provguard console: queue polling and drag-and-drop. No innerHTML: every string is set with textContent. */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function age(s) {
    if (s === null || s === undefined) { return ""; }
    s = Math.max(0, Math.floor(s));
    if (s < 60) { return s + "s"; }
    if (s < 3600) { return Math.floor(s / 60) + "m " + String(s % 60).padStart(2, "0") + "s"; }
    if (s < 86400) { return Math.floor(s / 3600) + "h " + String(Math.floor((s % 3600) / 60)).padStart(2, "0") + "m"; }
    return Math.floor(s / 86400) + "d " + Math.floor((s % 86400) / 3600) + "h";
  }

  /* ---- review queue: poll a small JSON endpoint and rebuild the rows ---- */
  function startQueue(table) {
    var url = table.getAttribute("data-poll");
    var body = document.getElementById("queue-body");
    var count = document.getElementById("queue-count");
    var updated = document.getElementById("queue-updated");
    var known = {};
    Array.prototype.forEach.call(body.querySelectorAll("tr[data-review]"), function (tr) {
      known[tr.getAttribute("data-review")] = true;
    });

    function render(items) {
      var focused = document.activeElement;
      var focusedId = focused && focused.closest ? (focused.closest("tr[data-review]") || {}).dataset : null;
      var keepId = focusedId ? focusedId.review : null;
      var rows = document.createDocumentFragment();
      var next = {};
      items.forEach(function (it) {
        var tr = el("tr");
        tr.setAttribute("data-review", it.review_id);
        if (!known[it.review_id]) { tr.className = "fresh"; }
        next[it.review_id] = true;
        var a = el("a", it.review_id);
        a.href = it.url;
        var td = el("td"); td.appendChild(a); tr.appendChild(td);
        tr.appendChild(el("td", age(it.age_seconds)));
        var req = el("td"); req.appendChild(el("code", it.requester)); tr.appendChild(req);
        tr.appendChild(el("td", it.kind));
        tr.appendChild(el("td", (it.categories || []).join(", ")));
        tr.appendChild(el("td", (it.people || []).join(", ")));
        var rules = el("td"); rules.appendChild(el("code", (it.rules || []).join(", "))); tr.appendChild(rules);
        rows.appendChild(tr);
      });
      if (!items.length) {
        var empty = el("tr", null, "empty");
        var cell = el("td", "Nothing is waiting for review.");
        cell.colSpan = 7;
        empty.appendChild(cell);
        rows.appendChild(empty);
      }
      body.replaceChildren(rows);
      known = next;
      count.textContent = String(items.length);
      updated.textContent = "· updated " + new Date().toLocaleTimeString();
      if (keepId) {
        var again = body.querySelector('tr[data-review="' + CSS.escape(keepId) + '"] a');
        if (again) { again.focus(); }
      }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "accept": "application/json" } })
        .then(function (r) {
          if (r.status === 401) { window.location.assign(table.getAttribute("data-login") || "/console/login"); return null; }
          return r.ok ? r.json() : null;
        })
        .then(function (data) { if (data) { render(data.pending || []); } })
        .catch(function () { updated.textContent = "· offline, retrying"; })
        .finally(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 3000);
  }

  /* ---- inspect: drag-and-drop onto the file input ---- */
  function startDrop(zone) {
    var input = document.getElementById("files");
    var list = document.getElementById("chosen");
    function show() {
      list.replaceChildren();
      Array.prototype.forEach.call(input.files || [], function (f) {
        list.appendChild(el("li", f.name + " (" + Math.ceil(f.size / 1024) + " KiB)"));
      });
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("queue");
    if (table) { startQueue(table); }
    var zone = document.getElementById("dropzone");
    if (zone) { startDrop(zone); }
  });
}());
