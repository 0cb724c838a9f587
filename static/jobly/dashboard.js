// The dashboard's live parts: the activity card follows the background jobs app.js hears about
// (its jobly:job-progress and jobly:job-finished events; app.js owns the socket and the polling).

const list = document.querySelector("[data-live-jobs]");
const empty = document.querySelector("[data-live-empty]");

function row(job) {
  let item = list.querySelector(`[data-live-job="${job.job_id}"]`);
  if (!item) {
    item = document.createElement("li");
    item.dataset.liveJob = job.job_id;
    item.innerHTML = `<div class="row-between"><span><span class="badge" data-status></span> <span data-type></span></span>
      <span data-percent></span></div><progress max="100" value="0"></progress><div class="help" data-message></div>`;
    list.prepend(item);
  }
  return item;
}

function update(job) {
  if (!list || job.job_id === undefined) return;
  const item = row(job);
  const status = job.status || "running";
  const badge = item.querySelector("[data-status]");
  badge.textContent = status;
  badge.className = `badge status-${status}`;
  const type = item.querySelector("[data-type]");
  if (type && job.type) type.textContent = `${job.type} #${job.job_id}`;
  const bar = item.querySelector("progress");
  bar.value = Math.max(Number(bar.value), Number(job.progress || 0));
  bar.setAttribute("aria-label", `${job.type || "job"} #${job.job_id} progress`);
  item.querySelector("[data-percent]").textContent = `${bar.value}%`;
  item.querySelector("[data-message]").textContent = job.message || "";
  if (empty) empty.hidden = true;
}

function finish(job) {
  if (!list) return;
  const item = list.querySelector(`[data-live-job="${job.job_id}"]`);
  if (item) item.remove();
  if (empty) empty.hidden = list.children.length > 0;
}

document.addEventListener("jobly:job-progress", (event) => update(event.detail.job));
document.addEventListener("jobly:job-finished", (event) => finish(event.detail.job));
