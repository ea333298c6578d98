/* The dashboard's charts (templates/reports/dashboard.html). The figures come from the
   page's json_script block "dashboard-data"; every chart has its table on the page, so
   without this script nothing is lost. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var words = data.words;
  var colours = { met: "#198754", near: "#ffc107", far: "#dc3545", none: "#adb5bd" };

  function canvas(name) { return document.querySelector('canvas[data-chart="' + name + '"]'); }

  function base() {
    return { responsive: true, maintainAspectRatio: false, animation: false };
  }

  function againstTarget(name, rows, label) {
    var el = canvas(name);
    if (!el) { return; }
    new Chart(el, {
      type: "bar",
      data: {
        labels: data.kecamatan,
        datasets: [
          {
            label: label,
            data: rows.map(function (r) { return r.actual; }),
            backgroundColor: rows.map(function (r) { return colours[r.state || "none"]; })
          },
          {
            type: "line",
            label: words.target,
            data: rows.map(function (r) { return r.target; }),
            borderColor: "#212529",
            borderDash: [6, 4],
            pointRadius: 0,
            fill: false
          }
        ]
      },
      // Room above the target line, so that it shows even when every bar is below it.
      options: Object.assign(base(), {
        scales: { y: { beginAtZero: true, suggestedMax: Math.max.apply(null, rows.map(function (r) { return r.target; })) * 1.15 } }
      })
    });
  }

  againstTarget("conversion", data.conversion, words.conversion);
  againstTarget("population", data.population, words.population);

  var trend = canvas("trend");
  if (trend) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.trend.labels,
        datasets: [
          { label: words.completed, data: data.trend.completed, borderColor: "#0d6efd", fill: false },
          { label: words.real, data: data.trend.real, borderColor: "#198754", fill: false }
        ]
      },
      options: Object.assign(base(), { scales: { y: { beginAtZero: true } } })
    });
  }

  var funnel = canvas("funnel");
  if (funnel && data.funnel) {
    new Chart(funnel, {
      type: "bar",
      data: {
        labels: data.funnel.labels,
        datasets: [{ label: words.referrals, data: data.funnel.counts, backgroundColor: "#6f42c1" }]
      },
      options: Object.assign(base(), { indexAxis: "y", scales: { x: { beginAtZero: true } } })
    });
  }
})();
