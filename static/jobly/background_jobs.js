// The background-jobs page keeps its rows current from the activity panel's live events:
// progress, status, message, and a new row for a job started while the page is open.

const table = document.querySelector("[data-jobs-table]");

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

function rowFor(job, create) {
  let row = document.querySelector(`[data-job-row="${job.job_id}"]`);
  if (row || !create || !table) return row;
  // Only on the unfiltered first page, where a new job belongs at the top.
  const params = new URLSearchParams(location.search);
  if (params.get("status") || params.get("type") || (params.get("page") || "1") !== "1") return null;
  row = document.createElement("tr");
  row.dataset.jobRow = job.job_id;
  row.append(cell(String(job.job_id)), cell(job.type || ""));
  const status = document.createElement("td");
  status.innerHTML = '<span class="badge" data-job-status></span>';
  const progress = document.createElement("td");
  progress.innerHTML = '<progress max="100" value="0" data-job-progress></progress>';
  const message = cell("");
  message.dataset.jobMessage = "";
  row.append(status, progress, cell("—"), cell("—"), cell(""), message, cell(""));
  table.querySelector("tbody").prepend(row);
  document.querySelector("[data-jobs-empty]")?.remove();
  table.closest("[data-jobs-wrap]")?.removeAttribute("hidden");
  return row;
}

function update(job, final) {
  const row = rowFor(job, !final);
  if (!row) return;
  const badge = row.querySelector("[data-job-status]");
  if (badge && job.status) {
    badge.textContent = job.status;
    badge.className = `badge status-${job.status}`;
  }
  const bar = row.querySelector("[data-job-progress]");
  if (bar && job.progress !== undefined) bar.value = Math.max(Number(bar.value), Number(job.progress));
  const message = row.querySelector("[data-job-message]");
  if (message) message.textContent = job.error ? `${job.error.code}: ${job.error.message}` : (job.message || "");
  if (final) row.querySelector("[data-job-cancel]")?.remove();
}

document.addEventListener("jobly:job-progress", (event) => update(event.detail.job, false));
document.addEventListener("jobly:job-finished", (event) => update(event.detail.job, true));
