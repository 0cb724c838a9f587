// The dashboard's weekly progress chart: saved, applied and answered applications per week (Chart.js).
const canvas = document.querySelector("[data-weekly-chart]");
const source = document.getElementById("weekly-progress-data");

if (canvas && source && window.Chart) {
  const weeks = JSON.parse(source.textContent);
  const style = getComputedStyle(document.documentElement);
  const colour = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  const label = (iso) => new Date(`${iso}T00:00:00`).toLocaleDateString(undefined, { month: "short", day: "numeric" });
  window.Chart.defaults.color = colour("--muted", "#5b6678");
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: weeks.map((week) => label(week.week)),
      datasets: [
        { label: "Saved", data: weeks.map((week) => week.saved), backgroundColor: colour("--chart-1", "#8a94a6") },
        { label: "Applied", data: weeks.map((week) => week.applied), backgroundColor: colour("--chart-2", "#2f5bd3") },
        { label: "Answered", data: weeks.map((week) => week.responded), backgroundColor: colour("--chart-3", "#1f7a4d") },
      ],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
}
