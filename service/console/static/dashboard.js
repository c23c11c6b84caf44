/* provguard console dashboard: fetch this team's numbers and draw them with the vendored Chart.js. */
(function () {
  "use strict";
  var COLORS = { allow: "#2e8b57", warn: "#d9a400", review: "#e07b00", block: "#b3261e" };
  var PALETTE = ["#0b5cad", "#7b4fd1", "#0f8b8d", "#c2185b", "#5d7a00", "#b35c00", "#37474f", "#8e24aa"];

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof Chart === "undefined") { return; }
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options || {});
    new Chart(canvas, config);
    canvas.setAttribute("data-rendered", "1");
  }

  function stacked(extra) {
    return Object.assign({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }, extra || {});
  }

  function render(d) {
    draw("c-actions", {
      type: "bar",
      data: { labels: d.labels, datasets: Object.keys(d.by_action).map(function (a) {
        return { label: a, data: d.by_action[a], backgroundColor: COLORS[a] || "#777" };
      }) },
      options: stacked()
    });
    draw("c-categories", {
      type: "line",
      data: { labels: d.labels, datasets: Object.keys(d.by_category).map(function (c, i) {
        return { label: c, data: d.by_category[c], borderColor: PALETTE[i % PALETTE.length],
                 backgroundColor: PALETTE[i % PALETTE.length], tension: 0.2, pointRadius: 2 };
      }) },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    draw("c-rules", {
      type: "bar",
      data: { labels: d.top_rules.map(function (r) { return r[0]; }),
              datasets: [{ label: "decisions", data: d.top_rules.map(function (r) { return r[1]; }), backgroundColor: "#0b5cad" }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    draw("c-people", {
      type: "bar",
      data: { labels: d.top_people.map(function (p) { return p.name + " (" + p.id + ")"; }),
              datasets: [{ label: "decisions", data: d.top_people.map(function (p) { return p.count; }), backgroundColor: "#7b4fd1" }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    draw("c-backlog", {
      type: "bar",
      data: { labels: d.backlog.bins, datasets: [{ label: "held requests", data: d.backlog.counts, backgroundColor: "#e07b00" }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    document.getElementById("dashboard").setAttribute("data-ready", "1");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("dashboard");
    if (!root) { return; }
    fetch(root.getAttribute("data-src"), { credentials: "same-origin", headers: { "accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status)); })
      .then(render)
      .catch(function (e) { root.setAttribute("data-error", String(e)); });
  });
}());
