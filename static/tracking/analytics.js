// The analytics page: every number comes from /api/analytics/* and is redrawn (Chart.js) when an
// application changes status, here or in another tab.

const root = document.querySelector("[data-analytics]");
const charts = {};
const STATUS_COLOURS = ["#8a94a6", "#3b82f6", "#06b6d4", "#8b5cf6", "#f59e0b", "#10b981", "#ef4444", "#6b7280", "#a3a3a3"];

async function get(path) {
  const response = await fetch(`/api/analytics/${path}`, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function percent(value) {
  return value === null || value === undefined ? "—" : `${Math.round(value * 100)} %`;
}

function setStat(name, value) {
  const node = root.querySelector(`[data-stat="${name}"]`);
  if (node) node.textContent = value;
}

function draw(name, config) {
  if (!window.Chart) return;
  if (charts[name]) {
    charts[name].data = config.data;
    charts[name].update();
    return;
  }
  charts[name] = new window.Chart(root.querySelector(`[data-chart="${name}"]`), { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options } });
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

function rows(tbody, items) {
  tbody.replaceChildren(...items.map((values) => {
    const tr = document.createElement("tr");
    tr.append(...values.map(cell));
    return tr;
  }));
}

async function loadMetrics() {
  const by = root.querySelector("[data-metrics-by]").value;
  const metrics = await get(`metrics?by=${encodeURIComponent(by)}`);
  rows(root.querySelector("[data-metrics] tbody"), metrics.groups.map((group) => [
    group.group, String(group.applied), percent(group.response_rate), percent(group.interview_rate),
    percent(group.offer_rate), group.median_days_to_first_response ?? "—",
  ]));
}

async function load() {
  const [overview, pipeline, trends, activity, health, anomalies] = await Promise.all([
    get("overview"), get("pipeline"), get("trends"), get("timeline"), get("health"), get("anomalies"),
  ]);
  setStat("applications", String(overview.totals.applications));
  setStat("applied", String(overview.totals.applied));
  setStat("response_rate", percent(overview.rates.response));
  setStat("interview_rate", percent(overview.rates.interview));
  setStat("offer_rate", percent(overview.rates.offer));
  setStat("median_days", overview.median_days_to_first_response ?? "—");
  root.querySelector("[data-health-score]").textContent = health.score ?? "—";
  root.querySelector("[data-health-explanation]").textContent = health.explanation;
  const flags = root.querySelector("[data-anomalies]");
  flags.replaceChildren(...anomalies.flags.map((flag) => {
    const item = document.createElement("li");
    item.className = `flag ${flag.severity}`;
    item.dataset.flag = flag.code;
    item.textContent = flag.message;
    return item;
  }));
  const statuses = Object.keys(pipeline.counts);
  root.dataset.pipeline = JSON.stringify(pipeline.counts);
  draw("pipeline", {
    type: "bar",
    data: { labels: statuses, datasets: [{ label: "Applications", data: statuses.map((s) => pipeline.counts[s]), backgroundColor: STATUS_COLOURS }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  rows(root.querySelector("[data-funnel] tbody"), pipeline.funnel.map((stage) => [
    stage.label, String(stage.count), percent(stage.rate_from_previous), percent(stage.rate_from_applied),
  ]));
  draw("trends", {
    type: "line",
    data: {
      labels: trends.weeks.map((week) => week.week),
      datasets: ["saved", "applied", "responded", "interviewed"].map((key, index) => ({
        label: key, data: trends.weeks.map((week) => week[key]), borderColor: STATUS_COLOURS[index], tension: 0.2,
      })),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  draw("activity", {
    type: "bar",
    data: {
      labels: activity.days,
      datasets: Object.entries(activity.series).map(([kind, counts], index) => ({
        label: kind, data: counts, backgroundColor: STATUS_COLOURS[index % STATUS_COLOURS.length], stack: "kinds",
      })),
    },
    options: { scales: { x: { stacked: true, ticks: { maxTicksLimit: 10 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
  await loadMetrics();
  root.dataset.loaded = String(Number(root.dataset.loaded || 0) + 1);
}

let pending = null;
function reloadSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => load().catch(() => {}), 250);
}

root.querySelector("[data-metrics-by]").addEventListener("change", () => loadMetrics().catch(() => {}));
document.addEventListener("jobly:event", (custom) => {
  if (custom.detail && String(custom.detail.type || "").startsWith("application.")) reloadSoon();
});
if (window.Chart) load().catch(() => {}); else window.addEventListener("load", () => load().catch(() => {}));
